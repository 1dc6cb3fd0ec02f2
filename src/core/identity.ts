import { Address, SmtpAddress } from "./address";

/**
 * What Office says about who is who, each possibly wrong in the field:
 * - `profile`: Office.context.mailbox.userProfile. In Outlook on the web's "Open another
 *   mailbox" it is the other mailbox, by design (office-js #3837, #5271, #1348).
 * - `signedIn`: the account Office itself signed in with (Office.auth.getAuthContext(),
 *   NestedAppAuth 1.1: userPrincipalName), null where the host does not offer it. It is the
 *   person even when userProfile is not (office-js #4798 matches the account through it).
 * - `owner`: the mailbox the item lives in, from item.getSharedPropertiesAsync (Mailbox 1.8
 *   shared folders, 1.13 shared mailboxes), null when the item is the user's own.
 */
export interface OfficeIdentity {
  profile: Address;
  signedIn: SmtpAddress | null;
  owner: SmtpAddress | null;
}

/** Who is sending (the delegate) and, in "Open another mailbox", the mailbox opened. */
export interface Delegate {
  /** The signed-in person: the directory's key, the token's account, the login hint. */
  user: Address;
  /** The mailbox Outlook on the web opened as "another mailbox", else null. */
  openedMailbox: SmtpAddress | null;
}

/**
 * The delegate is always the signed-in person. When Office's own account differs from
 * userProfile, userProfile is the mailbox opened with "Open another mailbox": its address
 * becomes `openedMailbox`, and the person's display name is not known (userProfile's belongs to
 * the mailbox), so the address stands for it.
 */
export function delegateOf(identity: OfficeIdentity): Delegate {
  const { profile, signedIn } = identity;
  if (!signedIn || signedIn === profile.address) return { user: profile, openedMailbox: null };
  return {
    user: { address: signedIn, displayName: signedIn },
    openedMailbox: profile.address,
  };
}

/**
 * The mailbox in Outlook's From. In classic Outlook a reply inside a shared mailbox can make
 * from.getAsync return the user's own address while From shows the mailbox (office-js #1832,
 * #6934 on Mac); the item's owner (getSharedPropertiesAsync) tells. In "Open another mailbox"
 * a From that reads as the user's own is likewise the opened mailbox's when the item lives there.
 * Any other From (chosen by the user) is taken as read.
 */
export function effectiveFrom(
  from: SmtpAddress | null,
  delegate: Delegate,
  owner: SmtpAddress | null
): SmtpAddress | null {
  const mine = from === null || from === delegate.user.address;
  if (mine && owner && owner !== delegate.user.address) return owner;
  if (from === null && delegate.openedMailbox) return delegate.openedMailbox;
  return from;
}
