// The published directory, format version 1 (see schema/*.schema.json and docs/directory-format.md).
import type { SmtpAddress } from "./address";

export const DIRECTORY_FORMAT = "send-from-directory";
export const SHARD_FORMAT = "send-from-directory/user";
export const DIRECTORY_VERSION = 1;

/** Shards larger than this are refused before parsing: no real delegate needs it, and a runaway file must not freeze the pane. */
export const MAX_SHARD_BYTES = 5 * 1024 * 1024;

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
