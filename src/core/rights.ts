import { Mailbox, MailboxKind, normalizeAddress, Right } from "./model";

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
export function isOwnAddress(
  address: string,
  user: string,
  aliases: readonly string[] = []
): boolean {
  const a = normalizeAddress(address);
  return a === normalizeAddress(user) || aliases.some((alias) => normalizeAddress(alias) === a);
}
