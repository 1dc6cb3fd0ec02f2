// The published directory, format version 1 (see schema/*.schema.json and docs/directory-format.md).
import type { SmtpAddress } from "./address";

export const DIRECTORY_FORMAT = "send-from-directory";
export const SHARD_FORMAT = "send-from-directory/user";
export const DIRECTORY_VERSION = 1;

/**
 * Largest shard, in UTF-8 bytes, that the task pane, the event handlers and `send-from-admin
 * validate` accept (one constant, so they agree). A user with 50,000 mailboxes must be served:
 * a minimal valid entry is about 140 bytes and a typical one (longer names, two rights, flags)
 * about 250, so 50,000 of them come to 7 to 13 MB; 16 MiB leaves room and still refuses a
 * runaway file before it freezes the pane. Larger shards are refused before parsing, and the
 * handlers say so (they never read "too large" as "no rights to check").
 */
export const MAX_SHARD_BYTES = 16 * 1024 * 1024;

/** Length of text in UTF-8 bytes (TextEncoder where there is one; classic Outlook's JavaScript-only runtime has none, so counted by hand there). */
export function utf8Length(text: string): number {
  if (typeof TextEncoder === "function") return new TextEncoder().encode(text).byteLength;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

export const MAILBOX_KINDS = [
  "user",
  "shared",
  "room",
  "equipment",
  "distributionList",
  "securityGroup",
  "microsoft365Group",
] as const;
export type MailboxKind = (typeof MAILBOX_KINDS)[number];

export const RIGHTS = ["SendAs", "SendOnBehalf", "FullAccess"] as const;
export type Right = (typeof RIGHTS)[number];

export interface SentItemsCopy {
  /** MessageCopyForSentAsEnabled on the mailbox. */
  sendAs: boolean;
  /** MessageCopyForSendOnBehalfEnabled on the mailbox. */
  sendOnBehalf: boolean;
}

/**
 * Whose Sent Items keep the copy of a message sent from a mailbox. As a send mode, "mine": the
 * saved draft, with from = the mailbox, is sent through the signed-in user's mailbox (copy in
 * the user's Sent Items); "mailbox": the message is recreated in the mailbox and sent through
 * /users/{mailbox} (copy in the mailbox's Sent Items; needs Full Access). After a send, the list
 * of SendMode values says whose Sent Items hold a copy.
 */
export type SendMode = "mine" | "mailbox";

export interface Mailbox {
  address: SmtpAddress;
  displayName: string;
  kind: MailboxKind;
  rights: Right[];
  sentItemsCopy: SentItemsCopy;
  noReply?: boolean;
  hiddenFromAddressLists?: boolean;
}

export interface UserShard {
  format: typeof SHARD_FORMAT;
  version: typeof DIRECTORY_VERSION;
  generatedAt: string;
  user: SmtpAddress;
  aliases?: SmtpAddress[];
  mailboxes: Mailbox[];
}

export interface DirectoryIndex {
  format: typeof DIRECTORY_FORMAT;
  version: typeof DIRECTORY_VERSION;
  generatedAt: string;
  tenant: string;
}
