// The header block of a draft's MIME (GET …/messages/{id}/$value), read as untrusted input.
//
// Why from the MIME: Graph does not return internetMessageHeaders for a message that was not
// received, drafts and Sent Items copies alike ("the field is not even set":
// microsoft-graph-docs#3066, #2716; msgraph-sdk-dotnet#3025), and the custom headers an add-in sets
// with Office.js item.internetHeaders.setAsync are kept on the draft as named properties
// (PS_INTERNET_HEADERS) that Graph shows only in the item's MIME (office-js-docs-pr#5057,
// office-js#2791, microsoft-graph-docs#18761: "They are present when I query with /$value").
// The sensitivity label travels there too, as the msip_labels header
// (learn.microsoft.com/purview/sensitivity-labels-office-apps).

import { GraphError, type Http } from "./http";

/**
 * Most bytes read for the header block. Exchange Online caps a message's custom headers at 256 KB
 * (learn.microsoft.com/javascript/api/outlook/office.internetheaders, "Recommended practices");
 * the rest (addresses of up to 500 recipients, subject, ids, the label) fits in as much again.
 */
export const HEADER_BLOCK_MAX_BYTES = 512 * 1024;

/** Most header fields taken from one block (a draft has a few dozen). */
export const HEADER_FIELDS_MAX = 2000;

/**
 * Longest wait for the header block once the answer started (ms). The HTTP layer's own timeout
 * ends when the response headers arrive; a body that stalls after that would hold the send.
 */
export const HEADER_BLOCK_TIMEOUT_MS = 60_000;

/** One header field, unfolded (RFC 5322 2.2.3); `value` without the leading white space. */
export interface HeaderField {
  name: string;
  value: string;
}

/** Why a header block could not be taken whole; nothing of it is used then. */
export class HeaderBlockError extends Error {
  constructor(
    readonly reason: "tooLarge" | "tooManyFields" | "noBody" | "stalled",
    message: string
  ) {
    super(message);
    this.name = "HeaderBlockError";
  }
}

/** Index just past the blank line that ends the header block ("\r\n\r\n" or "\n\n"), or -1. */
function endOfHeaders(bytes: Uint8Array, from: number): number {
  // A message that starts with the blank line has no header fields.
  if (from <= 0 && bytes[0] === 10) return 1;
  if (from <= 0 && bytes[0] === 13 && bytes[1] === 10) return 2;
  for (let i = Math.max(0, from); i < bytes.length; i++) {
    if (bytes[i] !== 10) continue;
    if (bytes[i + 1] === 10) return i + 2;
    if (bytes[i + 1] === 13 && bytes[i + 2] === 10) return i + 3;
  }
  return -1;
}

/**
 * Reads `body` only until the blank line that ends the header block, then cancels the reader, so
 * a draft with 150 MB of attachments costs a few KB. Returns the header block's bytes (the blank
 * line excluded); a message that ends without a blank line is all headers (RFC 5322 3.5: the body
 * is optional). Rejects with HeaderBlockError "tooLarge" past `maxBytes`, "stalled" when the
 * block has not come within `timeoutMs`, and with whatever the stream rejects with (a dropped
 * connection).
 */
export async function readHeaderBlock(
  body: ReadableStream<Uint8Array>,
  maxBytes = HEADER_BLOCK_MAX_BYTES,
  timeoutMs = HEADER_BLOCK_TIMEOUT_MS
): Promise<Uint8Array> {
  const reader = body.getReader();
  let buffer = new Uint8Array(0);
  let stalled = false;
  // Cancelling ends a pending read as if the stream had ended: the flag tells the two apart.
  const timer = setTimeout(() => {
    stalled = true;
    void reader.cancel().catch(() => undefined);
  }, timeoutMs);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (stalled)
        throw new HeaderBlockError(
          "stalled",
          `The draft's header block did not arrive within ${Math.round(timeoutMs / 1000)} s.`
        );
      if (done) return buffer;
      const scanFrom = buffer.length - 2;
      const next = new Uint8Array(buffer.length + value.length);
      next.set(buffer);
      next.set(value, buffer.length);
      buffer = next;
      const end = endOfHeaders(buffer, scanFrom);
      if (end >= 0 && end <= maxBytes + 3) {
        // Without the blank line: the last header's line break stays.
        const blank = buffer[end - 2] === 13 ? 2 : 1;
        return buffer.subarray(0, end - blank);
      }
      if (buffer.length > maxBytes)
        throw new HeaderBlockError(
          "tooLarge",
          `The draft's header block is larger than ${maxBytes} bytes.`
        );
    }
  } finally {
    clearTimeout(timer);
    // Stops the download: the body (and its attachments) is never read.
    await reader.cancel().catch(() => undefined);
  }
}

/** RFC 5322 3.6.8 field-name: printable US-ASCII except colon. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/**
 * Splits a header block into unfolded fields (RFC 5322 2.2.3: a line starting with a space or tab
 * continues the field above). Bytes are read as UTF-8 (RFC 6532), anything undecodable becoming
 * U+FFFD. Lines that are not fields (no colon, an invalid name, a continuation before any field)
 * are skipped. Throws HeaderBlockError "tooManyFields" past `maxFields`.
 */
export function parseHeaderBlock(
  block: Uint8Array | string,
  maxFields = HEADER_FIELDS_MAX
): HeaderField[] {
  const text = typeof block === "string" ? block : new TextDecoder("utf-8").decode(block);
  const fields: HeaderField[] = [];
  let current: { name: string; raw: string } | null = null;
  const flush = () => {
    if (!current) return;
    if (fields.length >= maxFields)
      throw new HeaderBlockError("tooManyFields", `More than ${maxFields} header fields.`);
    fields.push({ name: current.name, value: current.raw.replace(/^[ \t]+|[ \t]+$/g, "") });
    current = null;
  };
  for (const line of text.split(/\r\n|\n/)) {
    if (/^[ \t]/.test(line)) {
      // Unfolding removes only the line break; the white space stays.
      if (current) (current as { raw: string }).raw += line;
      continue;
    }
    flush();
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon);
    if (!FIELD_NAME.test(name)) continue;
    current = { name, raw: line.slice(colon + 1) };
  }
  flush();
  return fields;
}

/** An RFC 2047 encoded-word: =?charset[*language]?B|Q?text?= (RFC 2047 2, RFC 2231 5). */
const ENCODED_WORD = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([BbQq])\?([^?\s]*)\?=/g;

/** The bytes of an encoded-word's text, or null when it is not valid B or Q. */
function wordBytes(encoding: string, text: string): Uint8Array | null {
  if (encoding === "B" || encoding === "b") {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return null;
    try {
      const binary = atob(text.replace(/=+$/, "").padEnd(Math.ceil(text.length / 4) * 4, "="));
      return Uint8Array.from(binary, (c) => c.charCodeAt(0));
    } catch {
      return null;
    }
  }
  // Q (RFC 2047 4.2): "_" is a space, =XX a byte, anything else printable ASCII as itself.
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "_") out.push(0x20);
    else if (c === "=") {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
      out.push(parseInt(hex, 16));
      i += 2;
    } else out.push(c.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(out);
}

/** A decoder for `charset` (WHATWG Encoding labels: utf-8, iso-8859-1, windows-1252…), or null. */
function decoderFor(charset: string): TextDecoder | null {
  try {
    return new TextDecoder(charset.toLowerCase());
  } catch {
    // RangeError: a charset the runtime does not know.
    return null;
  }
}

/**
 * A header value with its RFC 2047 encoded-words decoded to plain text, as Graph's
 * internetMessageHeaders takes it (the recreated message's header is written by Exchange, which
 * encodes it again as needed). Rules (RFC 2047 5, 6.2): B (base64) and Q encodings; the white
 * space between two adjacent encoded-words is dropped, and adjacent words of one charset are
 * decoded as one run of bytes, so a character split across two words (which encoders do, though
 * RFC 2047 asks them not to) comes back whole; a word with an unknown charset or an invalid
 * encoding is kept exactly as written, and so is everything that is not an encoded-word. Charsets
 * are the runtime's TextDecoder's; undecodable bytes become U+FFFD.
 */
export function decodeEncodedWords(value: string): string {
  if (!value.includes("=?")) return value;
  let out = "";
  let last = 0;
  /** The run of adjacent decodable words: their charset and bytes so far. */
  let run: { charset: string; decoder: TextDecoder; bytes: Uint8Array[] } | null = null;
  const flush = () => {
    // Decoded as one stream, so a character split between two words comes back whole.
    if (run)
      for (const [i, b] of run.bytes.entries())
        out += run.decoder.decode(b, { stream: i < run.bytes.length - 1 });
    run = null;
  };
  for (const m of value.matchAll(ENCODED_WORD)) {
    const [word, charset, encoding, text] = m;
    const start = m.index;
    const between = value.slice(last, start);
    const bytes = wordBytes(encoding, text);
    const decoder = bytes && decoderFor(charset);
    // Only white space between this word and a decoded one before it: dropped (RFC 2047 6.2).
    const adjacent = run !== null && /^[ \t]*$/.test(between);
    if (!bytes || !decoder) {
      flush();
      out += between + word;
    } else if (adjacent && run!.charset === charset.toLowerCase()) {
      run!.bytes.push(bytes);
    } else {
      flush();
      if (!adjacent) out += between;
      run = { charset: charset.toLowerCase(), decoder, bytes: [bytes] };
    }
    last = start + word.length;
  }
  flush();
  return out + value.slice(last);
}

/**
 * Headers Exchange writes on every message it renders as MIME: they describe that rendering, not
 * the user's message, and Exchange writes them again on the recreated one.
 */
const RENDERING = new Set(["x-ms-has-attach", "x-ms-tnef-correlator"]);

/**
 * The custom headers a recreated message can carry: Graph takes only names starting with x- or
 * X- in internetMessageHeaders (learn.microsoft.com/graph/api/resources/message: "Add custom
 * headers only when creating a message, and name them starting with x-"). Values are decoded
 * first (RFC 2047 encoded-words, decodeEncodedWords): internetMessageHeaders takes plain text.
 * Kept: valid field names (RFC 5322) and values without CR, LF or other control characters but
 * tab, also once decoded, so nothing read from the draft can add a header line of its own.
 */
export function customHeaders(fields: readonly HeaderField[]): HeaderField[] {
  return fields
    .map(({ name, value }) => ({ name, value: decodeEncodedWords(value) }))
    .filter(
      (f) =>
        /^x-/i.test(f.name) &&
        FIELD_NAME.test(f.name) &&
        !RENDERING.has(f.name.toLowerCase()) &&
        // eslint-disable-next-line no-control-regex
        !/[\x00-\x08\x0a-\x1f\x7f]/.test(f.value)
    )
    .map(({ name, value }) => ({ name, value }));
}

/** Whether the fields carry a sensitivity label: a non-empty msip_labels header (Purview). */
export function carriesLabel(fields: readonly HeaderField[]): boolean {
  return fields.some((f) => f.name.toLowerCase() === "msip_labels" && f.value.trim() !== "");
}

/** What a draft's header block says for recreating it: its custom headers and its label. */
export interface DraftHeaders {
  custom: HeaderField[];
  labelled: boolean;
}

/**
 * Reads the header block of the message at `messagePath` ("/me/messages/{id}", URL-encoded) from
 * its MIME (GET …/$value; Mail.ReadWrite, which the add-in already has), without its body.
 * Rejects with the GraphError of the request (a 404 for a draft Graph cannot see yet), or with
 * HeaderBlockError when the block is too large, has too many fields, stalls, or no body came; with a
 * GraphError "network" when the connection dropped while reading it.
 */
export async function readDraftHeaders(http: Http, messagePath: string): Promise<DraftHeaders> {
  const response = await http({ method: "GET", path: `${messagePath}/$value`, idempotent: true });
  if (!response.body) throw new HeaderBlockError("noBody", "The draft's MIME came without a body.");
  let block: Uint8Array;
  try {
    block = await readHeaderBlock(response.body);
  } catch (e) {
    if (e instanceof HeaderBlockError) throw e;
    throw new GraphError(0, "network", e instanceof Error ? e.message : String(e));
  }
  const fields = parseHeaderBlock(block);
  return { custom: customHeaders(fields), labelled: carriesLabel(fields) };
}
