import type { Address, SmtpAddress } from "../core/address";
import { Delegate, delegateOf, effectiveFrom, OfficeIdentity } from "../core/identity";

/**
 * Who the pane is for, learnt in two steps. At start only Office speaks (userProfile, its auth
 * context, the item's owner), and in Outlook on the web's "Open another mailbox" with a UPN that
 * is not the mail address (office-js #3837; learn.microsoft.com/entra/identity/hybrid/connect/
 * plan-connect-userprincipalname) that leaves the person's mail address unknown: Office's UPN
 * stands in for it (core/identity.ts Delegate.addressUnknown). Once the directory answers with
 * the person's shard (protected mode: chosen by the checked token's oid), its user and aliases
 * are the person's own addresses, and the delegate is decided again with them (delegateOf's
 * `personAddresses`), so the pane names the person by their mail address and judges From, the
 * advice and Graph's errors against them, while the mailbox opened stays the mailbox.
 */
export interface PanePerson {
  /** The delegate as now known. */
  delegate(): Delegate;
  /**
   * Decides the delegate again with the person's own addresses (the shard's `user`, then its
   * `aliases`) and returns the person as the pane shows them. Later `from` answers use it.
   */
  identify(person: { user: SmtpAddress; aliases?: readonly SmtpAddress[] }): Address;
  /** Outlook's From (from.getAsync's address, null when unknown) as the current delegate reads it. */
  from(address: SmtpAddress | null): SmtpAddress | null;
}

export function panePerson(identity: OfficeIdentity): PanePerson {
  let delegate = delegateOf(identity);
  return {
    delegate: () => delegate,
    identify: (person) => {
      delegate = delegateOf({
        ...identity,
        personAddresses: [person.user, ...(person.aliases ?? [])],
      });
      return delegate.user;
    },
    from: (address) => effectiveFrom(address, delegate, identity.owner),
  };
}

/**
 * True when the pane would take userProfile as the person on no evidence while Office's account
 * is another UPN: no item owner, no "Open another mailbox", no known addresses. A shared mailbox
 * added to new Outlook as an account (office-js #5682) reads so, as does a person whose UPN is
 * not their mail address; taskpane/person-behind-account.ts looks for evidence (index.tsx).
 */
export function accountNotProfile(identity: OfficeIdentity): boolean {
  const delegate = delegateOf(identity);
  return (
    !!delegate.account &&
    delegate.account.upn !== identity.profile.address &&
    delegate.user.address === identity.profile.address &&
    !delegate.openedMailbox &&
    !identity.owner &&
    !identity.personAddresses?.length
  );
}
