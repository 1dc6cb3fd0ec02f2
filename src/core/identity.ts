import { Address, SmtpAddress, toSmtpAddress } from "./address";

/**
 * Office's own account: Office.auth.getAuthContext() (NestedAppAuth 1.1; learn.microsoft.com/
 * javascript/api/office/office.authcontext). `upn` is its userPrincipalName: the Entra sign-in
 * name, which is a separate attribute from the mailbox's primary SMTP address (Entra's `mail`)
 * and often differs from it (j.weiss@contoso.onmicrosoft.com or jweiss@corp.contoso.com for
 * juergen.weiss@contoso.com; learn.microsoft.com/entra/identity/hybrid/connect/plan-connect-userprincipalname;
 * michev.info: Get-MailboxPermission's User is the UPN, often not the primary SMTP address).
 * `objectId` is its userObjectId, the token's `oid`, lower case; null when Office gives none.
 */
export interface OfficeAccount {
  upn: SmtpAddress;
  objectId: string | null;
  /** getAuthContext's tenantId (the account's home tenant), lower case; absent where not given. */
  tenantId?: string | null;
}

/**
 * What Office says about who is who, each possibly wrong in the field:
 * - `profile`: Office.context.mailbox.userProfile. In Outlook on the web's "Open another
 *   mailbox" it is the other mailbox, by design (office-js #3837, #5271, #1348).
 * - `signedIn`: the account Office itself signed in with (Office.auth.getAuthContext()), null
 *   where the host does not offer it. It is the person even when userProfile is not (office-js
 *   #4798 matches the account through it); but its UPN need not be any of the person's addresses.
 * - `owner`: the mailbox the item lives in, from item.getSharedPropertiesAsync (Mailbox 1.8
 *   shared folders, 1.13 shared mailboxes), null when the item is the user's own.
 * - `ownerUnknown`: Office offers getSharedPropertiesAsync (so the item is a shared folder's or
 *   mailbox's) but the call failed: in Outlook on the web and new Outlook it fails on a new
 *   message written in a shared mailbox, "Open another mailbox" included, and works only on a
 *   draft saved and opened again (office-js #6877; delegate-access.md, Limitations: in Message
 *   Compose only for drafts opened from a shared folder or mailbox). `owner` is then null, and
 *   userProfile may or may not be the person.
 * - `personAddresses`: addresses known to be the signed-in person's (their primary SMTP address
 *   first, then aliases), e.g. from the directory shard the service chose by the token's `oid`;
 *   absent when nothing is known beyond Office.
 */
export interface OfficeIdentity {
  profile: Address;
  signedIn: OfficeAccount | null;
  owner: SmtpAddress | null;
  ownerUnknown?: boolean;
  personAddresses?: readonly SmtpAddress[];
  /**
   * True when Office's account (`signedIn`) is not userProfile (its UPN differs) and nothing
   * known says userProfile is that person's own mailbox: a shared mailbox added to new Outlook
   * as an account of its own gives no other sign (userProfile is the mailbox, no
   * getSharedPropertiesAsync; office-js #5682), and a person whose UPN is not their mail address
   * reads exactly the same. The delegate is then `uncertain`, as with `ownerUnknown`. Set by the
   * event handlers after this device's stored copies named nobody (events/person-cache.ts).
   */
  profileUnproven?: boolean;
  /**
   * True when Office should have named its account and did not: getAuthContext (NestedAppAuth
   * 1.1) failed, timed out or named no UPN in Outlook on the web or new Outlook
   * (office/mailbox.ts officeAccountMissing), the hosts where userProfile may be a mailbox other
   * than the person's. A shared mailbox added to new Outlook as an account of its own (office-js
   * #5682) then reads exactly like the person's own mailbox: userProfile is the mailbox, no
   * getSharedPropertiesAsync, and no account to tell (rev12e #3). With `signedIn` null, userProfile
   * is then not taken as the person without evidence (delegateOf: personUnknown, and the pane asks
   * "Is this you?", taskpane/confirm-account.ts); ignored once `signedIn` names the account.
   */
  accountMissing?: boolean;
}

/** Who is sending (the delegate) and, in "Open another mailbox", the mailbox opened. */
export interface Delegate {
  /** The signed-in person: the directory's key (their primary SMTP address), their own From. */
  user: Address;
  /** The mailbox Outlook on the web opened as "another mailbox", else null. */
  openedMailbox: SmtpAddress | null;
  /** Office's own account (login hint, token check), null where Office does not say. */
  account: OfficeAccount | null;
  /**
   * True when the person's mail address is unknown and `user.address` is Office's UPN standing
   * in for it ("Open another mailbox" with only the item's owner as evidence): the directory is
   * then keyed by the UPN, and in protected mode the shard the service chose by the token is the
   * person's (DirectoryOptions.keyIsSignInName); its user and aliases are the person's addresses.
   */
  addressUnknown?: true;
  /**
   * True when userProfile is a mailbox opened with "Open another mailbox" and nothing says who
   * the person is: Office gave no account (no getAuthContext, NestedAppAuth 1.1; or it failed or
   * timed out) and no addresses of theirs are known; likewise where Office should have named its
   * account and did not (OfficeIdentity.accountMissing: userProfile may be a shared mailbox added
   * as an account, office-js #5682; `openedMailbox` is then null). `user` is then empty (never the
   * opened mailbox): the caller learns the person from a token (core/person-from-token.ts) and decides again
   * before anything is keyed or checked by `user`.
   */
  personUnknown?: true;
  /**
   * True when nothing tells whether userProfile is the person: the item is a shared mailbox's
   * whose owner Office would not name (OfficeIdentity.ownerUnknown, office-js #6877) or userProfile
   * may be a shared mailbox added as an account (OfficeIdentity.profileUnproven, office-js #5682),
   * Office's UPN
   * differs from userProfile (which proves nothing: UPN and mail address are separate
   * attributes) and none of the person's addresses is known yet. `user` is then Office's UPN
   * standing in (`addressUnknown`: in protected mode the shard the service chose by the token is
   * the person's), never userProfile, and `openedMailbox` null. Callers decide again once the
   * person's addresses are known (a cached or loaded shard), and until then say they cannot tell
   * rather than take userProfile's From as the person's own (events/handlers.ts).
   */
  uncertain?: true;
}

/**
 * The delegate is always the signed-in person. userProfile is taken as that person unless there
 * is evidence it is not: a UPN that differs from userProfile's address is no evidence by itself
 * (UPN and primary SMTP address are separate attributes). Evidence that userProfile is a mailbox
 * opened with "Open another mailbox" is (a) the item lives in userProfile's mailbox as a shared
 * one (getSharedPropertiesAsync, which Office offers only on shared items, names it as owner), or
 * (b) the person's known addresses do not include it. Where the item is a shared mailbox's whose
 * owner Office would not name (ownerUnknown, office-js #6877), or where Office's account is another UPN
 * and nothing stored proves userProfile is theirs (profileUnproven, office-js #5682), userProfile
 * is no longer taken as the person by default: with Office's UPN the delegate is `uncertain` (the UPN stands in until
 * the person's addresses are known), without it personUnknown. Both rules hold whether or not Office named its
 * account: without getAuthContext (no NestedAppAuth 1.1, or it failed or timed out) the evidence
 * still says userProfile is not the person (rev12b #3). Where Office should have named its account
 * and did not (accountMissing: Outlook on the web or new Outlook, where userProfile may be a shared
 * mailbox added as an account, office-js #5682), userProfile is not taken as the person either
 * unless known addresses include it (rev12e #3). Then the person's primary SMTP address is
 * the first known address, else Office's UPN (addressUnknown), else nobody is known yet
 * (personUnknown: the token will say); their display name stands as that address (userProfile's
 * belongs to the mailbox).
 */
export function delegateOf(identity: OfficeIdentity): Delegate {
  const { profile, signedIn, owner } = identity;
  const known = identity.personAddresses ?? [];
  const own = { user: profile, openedMailbox: null, account: signedIn };
  if (signedIn?.upn === profile.address || known.includes(profile.address)) return own;
  const otherMailbox = owner === profile.address || known.length > 0;
  // A shared item whose owner Office would not name (office-js #6877): userProfile is the
  // person only if something says so, and nothing did above.
  // Office should have named its account and did not (office-js #5682 reads as the person's own
  // mailbox then): nobody is known until a confirmed sign-in names them.
  if (
    !otherMailbox &&
    !identity.ownerUnknown &&
    !(identity.profileUnproven && signedIn) &&
    !(identity.accountMissing && !signedIn)
  )
    return own;
  const person = known[0] ?? signedIn?.upn;
  if (!person)
    return {
      user: { address: toSmtpAddress(""), displayName: "" },
      openedMailbox: otherMailbox ? profile.address : null,
      account: null,
      personUnknown: true,
    };
  if (!otherMailbox)
    return {
      user: { address: person, displayName: person },
      openedMailbox: null,
      account: signedIn,
      addressUnknown: true,
      uncertain: true,
    };
  return {
    user: { address: person, displayName: person },
    openedMailbox: profile.address,
    account: signedIn,
    ...(known.length === 0 && { addressUnknown: true as const }),
  };
}

/**
 * The login hint for the sign-in: Office's UPN, which is what Entra's login_hint expects
 * (learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow: "login_hint … the
 * username"; MSAL's loginHint), else the person's address where Office gives no account. None
 * while the person is unknown ("Open another mailbox" without Office's account): the opened
 * mailbox is never the hint, and with no hint no token is refused as "not Outlook's user".
 */
export function loginHintOf(delegate: Delegate): SmtpAddress | undefined {
  if (delegate.personUnknown) return undefined;
  return delegate.account?.upn ?? delegate.user.address;
}

/**
 * What the sign-in expects of a token (AccountManagerDeps, src/graph/auth/account-manager.ts):
 * the login hint (loginHintOf); `hintIsAddress` when Office gave no account and there is a hint,
 * so the hint is the mail address and a token's UPN that differs from it is no proof of another
 * person (UPN and mail are separate Entra attributes, see OfficeAccount; the sign-in then asks
 * for the OpenID `email` scope to confirm it); Office's object id and tenant where given (a token
 * is then compared by its `oid`; office-js #4798 for the tenant). Every sign-in of a pane goes
 * through this, the one that learns the person from a token included (personUnknown: no hint,
 * so no `email` scope, as for the sign-ins after it, which name the token's account): one scope
 * set per pane, so MSAL's cache is not split between two.
 */
export function expectedAccountOf(delegate: Delegate): {
  loginHint?: SmtpAddress;
  hintIsAddress: boolean;
  objectId?: string;
  tenantId?: string;
} {
  return {
    loginHint: loginHintOf(delegate),
    hintIsAddress: !delegate.account && !delegate.personUnknown,
    objectId: delegate.account?.objectId ?? undefined,
    tenantId: delegate.account?.tenantId ?? undefined,
  };
}

/**
 * Outlook's From as read, and whether it was inferred rather than read: `inferred` when
 * from.getAsync's answer (the user's own address, or none) was replaced by the item's owner or
 * the opened mailbox. An inference may be wrong: in classic Outlook a person with Full Access
 * but no Send As who replies inside the shared mailbox and deliberately sets From to their own
 * address reads exactly like the quirk (office-js #1832), and Exchange will send that message.
 * So an inferred From may be warned about, never blocked (events/handlers.ts onMessageSend).
 */
export interface FromReading {
  address: SmtpAddress | null;
  inferred: boolean;
  /**
   * Set when the delegate is `uncertain` (Delegate.uncertain), saying why: "owner" when Office
   * would not name the shared item's owner (office-js #6877), "account" when Office's account is
   * not userProfile and nothing stored says userProfile is theirs (OfficeIdentity.profileUnproven,
   * office-js #5682), "person" when Office should have named its account and did not, nothing
   * named the person (Delegate.personUnknown, OfficeIdentity.accountMissing: no single sign-on
   * token in public mode) and userProfile is no mailbox known to be opened (rev12e #3). A From is
   * then judged only against the person's own shard ("person": nobody's shard can be theirs);
   * without it the handlers say they cannot tell (events/handlers.ts) rather than take userProfile
   * for the person.
   */
  uncertain?: "owner" | "account" | "person";
}

/**
 * The mailbox in Outlook's From. In classic Outlook a reply inside a shared mailbox can make
 * from.getAsync return the user's own address while From shows the mailbox (office-js #1832,
 * #6934 on Mac); the item's owner (getSharedPropertiesAsync) tells. In "Open another mailbox"
 * a From that reads as the user's own is likewise the opened mailbox's when the item lives there.
 * Any other From (chosen by the user) is taken as read. See FromReading for why the inference is
 * only a likelihood.
 */
export function readFromAs(
  from: SmtpAddress | null,
  delegate: Delegate,
  owner: SmtpAddress | null
): FromReading {
  const mine = from === null || from === delegate.user.address;
  if (mine && owner && owner !== delegate.user.address) return { address: owner, inferred: true };
  if (from === null && delegate.openedMailbox)
    return { address: delegate.openedMailbox, inferred: true };
  return { address: from, inferred: false };
}

/** readFromAs's address alone (the pane, which only preselects and advises). */
export function effectiveFrom(
  from: SmtpAddress | null,
  delegate: Delegate,
  owner: SmtpAddress | null
): SmtpAddress | null {
  return readFromAs(from, delegate, owner).address;
}
