import {
  DIRECTORY_FORMAT,
  DIRECTORY_VERSION,
  DirectoryIndex,
  MailboxKind,
  SHARD_FORMAT,
} from "../core/model";
import { rightsFromBits } from "./values";

// The published files are written as text with a fixed key order (the order of the model's
// interfaces), compact, with one trailing newline: the same input gives the same bytes, and a
// diff between two builds shows only what changed.

export interface MailboxFacts {
  address: string;
  displayName: string;
  kind: MailboxKind;
  sentItemsCopy: { sendAs: boolean; sendOnBehalf: boolean };
  noReply: boolean;
  hiddenFromAddressLists: boolean;
}

/** The JSON of one mailbox entry, split around its rights, which differ per delegate. */
export interface MailboxTemplate {
  head: string;
  tail: string;
}

export function mailboxTemplate(m: MailboxFacts): MailboxTemplate {
  const head =
    `{"address":${JSON.stringify(m.address)},"displayName":${JSON.stringify(m.displayName)},` +
    `"kind":${JSON.stringify(m.kind)},"rights":`;
  const tail =
    `,"sentItemsCopy":{"sendAs":${m.sentItemsCopy.sendAs},"sendOnBehalf":${m.sentItemsCopy.sendOnBehalf}}` +
    (m.noReply ? `,"noReply":true` : "") +
    (m.hiddenFromAddressLists ? `,"hiddenFromAddressLists":true` : "") +
    "}";
  return { head, tail };
}

export const RIGHTS_JSON = Array.from({ length: 8 }, (_, bits) =>
  JSON.stringify(rightsFromBits(bits))
);

export function mailboxJson(template: MailboxTemplate, bits: number): string {
  return template.head + RIGHTS_JSON[bits & 7] + template.tail;
}

export function shardText(
  generatedAt: string,
  user: string,
  aliases: readonly string[],
  mailboxesJson: readonly string[]
): string {
  return (
    `{"format":${JSON.stringify(SHARD_FORMAT)},"version":${DIRECTORY_VERSION},` +
    `"generatedAt":${JSON.stringify(generatedAt)},"user":${JSON.stringify(user)},` +
    (aliases.length > 0 ? `"aliases":${JSON.stringify(aliases)},` : "") +
    `"mailboxes":[${mailboxesJson.join(",")}]}\n`
  );
}

export function indexText(generatedAt: string, tenant: string): string {
  const index: DirectoryIndex = {
    format: DIRECTORY_FORMAT,
    version: DIRECTORY_VERSION,
    generatedAt,
    tenant,
  };
  return `${JSON.stringify(index)}\n`;
}
