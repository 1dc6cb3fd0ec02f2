import type { SmtpAddress } from "./address";
import type { Mailbox, MailboxKind, Right } from "./model";

export type SendRight = "SendAs" | "SendOnBehalf";

const KINDS_WITH_SENT_ITEMS: ReadonlySet<MailboxKind> = new Set([
  "user",
  "shared",
  "room",
  "equipment",
]);

/** Distribution lists, security groups and Microsoft 365 groups: addresses without Sent Items of their own. */
export function isGroup(kind: MailboxKind): boolean {
  return !KINDS_WITH_SENT_ITEMS.has(kind);
}

export function hasOwnSentItems(kind: MailboxKind): boolean {
  return KINDS_WITH_SENT_ITEMS.has(kind);
}

export function hasRight(mailbox: Pick<Mailbox, "rights">, right: Right): boolean {
  return mailbox.rights.includes(right);
}

/** The right Exchange uses when the user sends from this mailbox: Send As wins over Send on Behalf. */
export function sendRight(mailbox: Pick<Mailbox, "rights">): SendRight | null {
  if (hasRight(mailbox, "SendAs")) return "SendAs";
  if (hasRight(mailbox, "SendOnBehalf")) return "SendOnBehalf";
  return null;
}

/** True when the mailbox itself keeps a copy of what the user sends from it (MessageCopyFor… flags). */
export function mailboxKeepsCopy(mailbox: Mailbox): boolean {
  const right = sendRight(mailbox);
  if (!right || !hasOwnSentItems(mailbox.kind)) return false;
  return right === "SendAs" ? mailbox.sentItemsCopy.sendAs : mailbox.sentItemsCopy.sendOnBehalf;
}

/** Sending through /users/{mailbox} (copy in the mailbox's Sent Items) needs Full Access plus a send right. */
export function canSendAsMailboxItself(mailbox: Mailbox): boolean {
  return (
    sendRight(mailbox) !== null && hasOwnSentItems(mailbox.kind) && hasRight(mailbox, "FullAccess")
  );
}

/** The user's own primary address or one of their aliases: sending from these needs no right. */
/** Whether `address` is the user's own, or one of their aliases (all normalised SmtpAddress). */
export function isOwnAddress(
  address: SmtpAddress,
  user: SmtpAddress,
  aliases: readonly SmtpAddress[] = []
): boolean {
  return address === user || aliases.includes(address);
}

export type FromStatus =
  /** The user's own address or alias: no right needed. */
  | { status: "own" }
  /** A mailbox the directory says the user may send from. */
  | { status: "permitted"; mailbox: Mailbox; right: SendRight }
  /** In the directory, but with no send right (Full Access only). */
  | { status: "notPermitted"; mailbox: Mailbox }
  /** Not in the user's directory at all. */
  | { status: "unknown" };

/** What the directory says about sending from `address`. Shared by the task pane and the event handlers. */
export function classifyFrom(
  address: SmtpAddress,
  user: SmtpAddress,
  shard: {
    user?: SmtpAddress;
    aliases?: readonly SmtpAddress[];
    mailboxes: readonly Mailbox[];
  } | null
): FromStatus {
  // The shard's own user is the person too: in protected mode the service chose it by the token,
  // and `user` may be Office's UPN where the mail address was unknown (directory/client.ts).
  if (isOwnAddress(address, user, shard?.aliases) || (shard?.user && address === shard.user))
    return { status: "own" };
  const mailbox = shard?.mailboxes.find((m) => m.address === address);
  if (!mailbox) return { status: "unknown" };
  const right = sendRight(mailbox);
  return right ? { status: "permitted", mailbox, right } : { status: "notPermitted", mailbox };
}
