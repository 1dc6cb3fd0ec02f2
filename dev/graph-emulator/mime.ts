// A message as Graph gives its MIME (GET …/messages/{id}/$value: learn.microsoft.com/graph/api/
// message-get, "Get MIME content"), rendered lazily in chunks so a draft with large attachments
// streams as Exchange's does and a client that stops after the header block is seen to stop
// (RequestLogEntry.bytesOut, .cancelled).
//
// What the field shows and the emulator models: the headers an add-in set with Office.js
// item.internetHeaders.setAsync and the sensitivity label's msip_labels header are kept on the
// draft (PS_INTERNET_HEADERS named properties) and appear in its MIME, while Graph's
// internetMessageHeaders property leaves them out for anything not received
// (office-js-docs-pr#5057, microsoft-graph-docs#3066 and #18761; store.ts messageJson).
import { randomBytes } from "node:crypto";
import { MAPI, type MessageRecord } from "./store";
import type { Recipient } from "./types";

const CRLF = "\r\n";

/** Most UTF-8 bytes in one encoded-word: 45 bytes are 60 base64 characters, and with
 * "=?utf-8?B?" and "?=" the word stays within RFC 2047's 75 characters (RFC 2047 2). */
const WORD_BYTES = 45;

/**
 * RFC 2047 B-encoding for a header value that is not plain printable ASCII (or that holds "=?",
 * which a reader would take for an encoded-word). A long value becomes several encoded-words
 * separated by spaces, each at most 75 characters and holding whole characters (RFC 2047 2 and
 * 5), so foldHeader folds between them as Exchange folds a long non-ASCII subject or header
 * across lines; a reader drops the white space between adjacent words (RFC 2047 6.2).
 */
export function encodeWord(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value) && !value.includes("=?")) return value;
  const words: string[] = [];
  let chunk = "";
  for (const ch of value) {
    if (Buffer.byteLength(chunk + ch, "utf8") > WORD_BYTES) {
      words.push(chunk);
      chunk = "";
    }
    chunk += ch;
  }
  words.push(chunk);
  return words.map((w) => `=?utf-8?B?${Buffer.from(w, "utf8").toString("base64")}?=`).join(" ");
}

/** Folds a header line at spaces so no line passes 78 characters where it can (RFC 5322 2.2.3). */
export function foldHeader(name: string, value: string): string {
  const words = value.split(" ");
  const lines: string[] = [];
  let line = `${name}:`;
  for (const word of words) {
    if (line.length + 1 + word.length > 78 && line.trim().length > name.length + 1) {
      lines.push(line);
      line = "";
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines.join(CRLF) + CRLF;
}

const address = (r: Recipient) =>
  r.emailAddress.name
    ? `${encodeWord(`"${r.emailAddress.name.replace(/["\\]/g, "")}"`)} <${r.emailAddress.address}>`
    : `<${r.emailAddress.address}>`;

const SENSITIVITY = ["", "Personal", "Private", "Company-Confidential"];

/** The header block of `m` as Exchange renders it, without the blank line. */
export function headerBlock(
  m: MessageRecord,
  /** What Exchange stamps for the item's label (graph.ts labelHeaders). */
  label: { name: string; value: string }[],
  boundary: string
): string {
  let out = "";
  const add = (name: string, value: string) => (out += foldHeader(name, value));
  if (m.from) add("From", address(m.from));
  if (m.toRecipients.length) add("To", m.toRecipients.map(address).join(", "));
  if (m.ccRecipients.length) add("CC", m.ccRecipients.map(address).join(", "));
  // A draft's MIME keeps its Bcc (it has not been sent yet).
  if (m.isDraft && m.bccRecipients.length) add("BCC", m.bccRecipients.map(address).join(", "));
  add("Subject", encodeWord(m.subject));
  add("Date", new Date(m.sentDateTime ?? m.lastModifiedDateTime).toUTCString());
  add("Message-ID", m.internetMessageId);
  if (m.extended[MAPI.inReplyTo]) add("In-Reply-To", m.extended[MAPI.inReplyTo]);
  if (m.extended[MAPI.references]) add("References", m.extended[MAPI.references]);
  // MS-OXCMAIL 2.2.3.2.7 and 2.2.3.2.8: PidTagConversationTopic and PidTagConversationIndex.
  if (m.conversationTopic) add("Thread-Topic", encodeWord(m.conversationTopic));
  if (m.conversationIndex) add("Thread-Index", m.conversationIndex);
  if (m.importance !== "normal") add("Importance", m.importance);
  const sensitivity = SENSITIVITY[Number(m.extended[MAPI.sensitivity] ?? 0)];
  if (sensitivity) add("Sensitivity", sensitivity);
  for (const h of label) add(h.name, h.value);
  // Exchange writes these on every message it renders (any exported .eml shows them).
  add("X-MS-Has-Attach", m.attachments.some((a) => !a.isInline) ? "yes" : "");
  add("X-MS-TNEF-Correlator", "");
  for (const h of m.internetMessageHeaders) add(h.name, encodeWord(h.value));
  add("MIME-Version", "1.0");
  add("Content-Type", `multipart/mixed; boundary="${boundary}"`);
  return out;
}

/** Base64 in 76-character lines, for `bytes` read in slices (never the whole at once). */
function* base64Lines(bytes: Buffer): Generator<Buffer> {
  const slice = 57 * 1024; // a multiple of 57 bytes: 76 characters a line
  for (let i = 0; i < bytes.length; i += slice) {
    const b64 = bytes.subarray(i, i + slice).toString("base64");
    yield Buffer.from(b64.replace(/.{1,76}/g, (l) => l + CRLF));
  }
}

/**
 * The whole MIME of `m`, in chunks: the header block and the blank line first, then the body
 * and each attachment as a part. Reference attachments appear as their link; an attached message
 * as a message/rfc822 part with its subject and body.
 */
export function* messageMime(
  m: MessageRecord,
  label: { name: string; value: string }[]
): Generator<Buffer> {
  const boundary = `_emulator_${randomBytes(8).toString("hex")}_`;
  yield Buffer.from(headerBlock(m, label, boundary) + CRLF);
  yield Buffer.from(
    `--${boundary}${CRLF}Content-Type: text/${m.body.contentType === "html" ? "html" : "plain"}; charset="utf-8"${CRLF}` +
      `Content-Transfer-Encoding: base64${CRLF}${CRLF}`
  );
  yield* base64Lines(Buffer.from(m.body.content, "utf8"));
  for (const a of m.attachments) {
    let head = `--${boundary}${CRLF}`;
    if (a.kind === "file") {
      head +=
        `Content-Type: ${a.contentType}; name="${a.name.replace(/"/g, "")}"${CRLF}` +
        `Content-Disposition: ${a.isInline ? "inline" : "attachment"}; filename="${a.name.replace(/"/g, "")}"${CRLF}` +
        (a.contentId ? `Content-ID: <${a.contentId}>${CRLF}` : "") +
        `Content-Transfer-Encoding: base64${CRLF}${CRLF}`;
      yield Buffer.from(head);
      yield* base64Lines(a.bytes ?? Buffer.alloc(0));
    } else if (a.kind === "reference") {
      yield Buffer.from(
        head + `Content-Type: text/plain; charset="utf-8"${CRLF}${CRLF}${a.sourceUrl ?? ""}${CRLF}`
      );
    } else {
      const item = a.item ?? {};
      const text = (item.body as { content?: string } | undefined)?.content ?? "";
      yield Buffer.from(
        head +
          `Content-Type: message/rfc822${CRLF}${CRLF}Subject: ${encodeWord(String(item.subject ?? ""))}${CRLF}` +
          `Content-Type: text/plain; charset="utf-8"${CRLF}${CRLF}${text}${CRLF}`
      );
    }
  }
  yield Buffer.from(`--${boundary}--${CRLF}`);
}
