import type { SmtpAddress } from "../core/address";
import type { Delegate } from "../core/identity";

/**
 * Where the send pipeline finds the user's draft (graph/send.ts ComposeWindow.draftOwner), from
 * what Office says after the save (office/mailbox.ts readItemOwner) and the delegate as now known:
 * - null: the user's own Drafts (/me): an item of their own, or one whose owner is the person;
 * - an address: the mailbox Office names as the item's owner (a message written inside a shared
 *   mailbox or folder is saved there; office-js #1116, #6701);
 * - the mailbox opened, when Office names no owner and userProfile is a mailbox other than the
 *   person's (Delegate.openedMailbox): a new message in "Open another mailbox" (office-js #6877),
 *   and any item of a shared mailbox added to new Outlook as an account of its own, which lives
 *   in that mailbox although Office offers no getSharedPropertiesAsync (office-js #5682);
 * - undefined: a shared mailbox's item whose owner Office would not name, where nobody knows the
 *   mailbox (getSharedPropertiesAsync failed, or the delegate is `uncertain`: userProfile may be
 *   a shared mailbox added as an account); the pipeline looks in the chosen mailbox, then in /me
 *   (a failed call may also mean "not shared": Microsoft's office.sharedproperties sample).
 */
export function draftOwnerOf(
  read: { owner: SmtpAddress | null; unknown: boolean },
  delegate: Delegate
): SmtpAddress | null | undefined {
  if (read.owner) return read.owner !== delegate.user.address ? read.owner : null;
  if (delegate.openedMailbox) return delegate.openedMailbox;
  if (delegate.uncertain) return undefined;
  return read.unknown ? undefined : null;
}
