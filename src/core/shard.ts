import { SmtpAddress, toSmtpAddress } from "./address";
import * as generated from "./generated/validators";
import { cut } from "./shown";
import { parsePiece, Pause, splitArrayField } from "./json-slices";
import {
  DIRECTORY_FORMAT,
  DIRECTORY_VERSION,
  DirectoryIndex,
  Mailbox,
  MAX_SHARD_BYTES,
  SHARD_FORMAT,
  UserShard,
  utf8Length,
} from "./model";

type Validator = ((data: unknown) => boolean) & {
  errors?: { instancePath?: string; message?: string }[] | null;
};
const validateUserShard = generated.validateUserShard as Validator;
const validateIndex = generated.validateIndex as Validator;

/** Why a published file cannot be used. Each code has a message in the catalogue. */
export type DirectoryProblem =
  | { code: "tooLarge"; bytes: number; limit: number }
  | { code: "notJson"; detail: string }
  | { code: "wrongFormat"; found: string }
  | { code: "unsupportedVersion"; found: string; supported: number }
  | { code: "invalid"; at: string; detail: string }
  | { code: "wrongUser"; expected: string; found: string };

/**
 * Something odd in a usable shard, worth telling the user and the admin. For
 * "suspiciousAddress" the entry (a mailbox or an alias) was left out, and `address` is shown
 * with every character outside printable ASCII written as <U+XXXX>, so the note itself cannot
 * be drawn as something else.
 */
export type ShardNote =
  | { code: "duplicateMailbox"; address: string }
  | {
      code: "suspiciousAddress";
      address: string;
      reason: SuspiciousReason;
      /** The address as the shard has it (untrusted): for a renderer that escapes it itself. */
      raw: string;
    };

/**
 * Why an address is not used: it could be drawn as another one. "invisible": zero-width,
 * control or other characters that show as nothing; "bidi": marks that reorder the text
 * around them; "mixedScript": a part of the address (the local part or one domain label)
 * mixing letters of Latin, Greek, Cyrillic, Armenian or Cherokee (the scripts with Latin
 * look-alikes, as in "nоrthwind" with a Cyrillic "о"), or letters from the fullwidth,
 * mathematical, enclosed or letterlike blocks (the Kelvin sign "K"). Source: Unicode
 * Technical Standard #39 (Security Mechanisms), mixed-script detection, simplified to ranges
 * because the JavaScript-only runtime of classic Outlook predates Unicode property escapes.
 */
export type SuspiciousReason = "invisible" | "bidi" | "mixedScript";

const inRange = (c: number, ranges: readonly (readonly [number, number])[]) =>
  ranges.some(([lo, hi]) => c >= lo && c <= hi);

const BIDI_RANGES = [
  [0x061c, 0x061c],
  [0x200e, 0x200f],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
] as const;
const INVISIBLE_RANGES = [
  [0x0000, 0x0020],
  [0x007f, 0x00a0],
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x115f, 0x1160],
  [0x1680, 0x1680],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x2000, 0x200d],
  [0x2028, 0x202f],
  [0x205f, 0x2065],
  [0x206a, 0x206f],
  [0x3000, 0x3000],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff0, 0xfffb],
  [0x1d173, 0x1d17a],
  [0xe0000, 0xe0fff],
] as const;
/** Blocks whose letters imitate ASCII letters outright. */
const LOOK_ALIKE_RANGES = [
  [0x2100, 0x214f], // letterlike symbols (K Kelvin sign, Å Angstrom sign)
  [0x2460, 0x24ff], // enclosed alphanumerics
  [0xff00, 0xffef], // fullwidth and halfwidth forms
  [0x1d400, 0x1d7ff], // mathematical alphanumerics
] as const;
const SCRIPTS: readonly [string, readonly (readonly [number, number])[]][] = [
  [
    "Latin",
    [
      [0x41, 0x5a],
      [0x61, 0x7a],
      [0xc0, 0x24f],
      [0x250, 0x2af],
      [0x1e00, 0x1eff],
      [0x2c60, 0x2c7f],
      [0xa720, 0xa7ff],
      [0xab30, 0xab6f],
    ],
  ],
  [
    "Greek",
    [
      [0x370, 0x3ff],
      [0x1f00, 0x1fff],
    ],
  ],
  [
    "Cyrillic",
    [
      [0x400, 0x52f],
      [0x1c80, 0x1c8f],
      [0x2de0, 0x2dff],
      [0xa640, 0xa69f],
    ],
  ],
  ["Armenian", [[0x531, 0x58f]]],
  [
    "Cherokee",
    [
      [0x13a0, 0x13ff],
      [0xab70, 0xabbf],
    ],
  ],
];

const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

/** Why `address` could be drawn as another address, or null when it can't. */
export function suspiciousAddress(address: string): SuspiciousReason | null {
  // Nearly every address is printable ASCII: nothing there can hide or imitate.
  if (PRINTABLE_ASCII.test(address)) return null;
  const codePoints = Array.from(address, (ch) => ch.codePointAt(0)!);
  if (codePoints.some((c) => inRange(c, BIDI_RANGES))) return "bidi";
  if (codePoints.some((c) => inRange(c, INVISIBLE_RANGES))) return "invisible";
  if (codePoints.some((c) => inRange(c, LOOK_ALIKE_RANGES))) return "mixedScript";
  for (const part of address.split(/[@.]/)) {
    const scripts = new Set<string>();
    for (const ch of Array.from(part)) {
      const c = ch.codePointAt(0)!;
      const script = SCRIPTS.find(([, ranges]) => inRange(c, ranges));
      if (script) scripts.add(script[0]);
    }
    if (scripts.size > 1) return "mixedScript";
  }
  return null;
}

/** `address` with every character outside printable ASCII written as <U+XXXX>. */
export function visibleAddress(address: string): string {
  return Array.from(address, (ch) => {
    const c = ch.codePointAt(0)!;
    return c > 0x20 && c < 0x7f ? ch : `<U+${c.toString(16).toUpperCase().padStart(4, "0")}>`;
  }).join("");
}

/**
 * Whether the pane leaves `address` out (suspiciousAddress: it could be drawn as another one);
 * if so, notes it in `notes` with its visible form and the raw text.
 */
function leftOut(notes: ShardNote[], address: unknown): boolean {
  if (typeof address !== "string") return false;
  const reason = suspiciousAddress(address);
  if (reason)
    notes.push({
      code: "suspiciousAddress",
      address: visibleAddress(address),
      reason,
      raw: address,
    });
  return reason !== null;
}

export type Parsed<T> =
  { ok: true; value: T; notes: ShardNote[] } | { ok: false; problem: DirectoryProblem };

/** Longest display name shown; longer names are cut with an ellipsis. */
export const MAX_DISPLAY_NAME = 256;

// Bidirectional marks, embeddings, overrides and isolates: a name must not be able to reorder
// the text around it (e.g. make "evil@x" read as "x@live"). Control characters become spaces.
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

export function sanitizeDisplayName(name: string, fallback: string): string {
  // Runs of white space become one space, but the ideographic space U+3000 stays: Japanese and
  // Chinese names are written with it (山田\u3000太郎), and it is as visible as any letter there
  // (rev11p finding 3: published as an ASCII space).
  const cleaned = name
    .replace(BIDI_CONTROLS, "")
    .replace(CONTROLS, " ")
    .replace(/(?:(?!\u3000)\s)+/g, " ")
    .trim();
  if (!cleaned) return fallback;
  return cut(cleaned, MAX_DISPLAY_NAME);
}

/**
 * A value a directory file holds where another was expected, for a problem's `found`: as JSON,
 * cut visibly with "…" (cut, the admin tool's rule too) so a cut value is never taken for the
 * whole one; "nothing" when absent.
 */
function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(cut(value));
  if (value === undefined) return "nothing";
  return cut(JSON.stringify(value) ?? String(value));
}

function schemaProblem(errors: Validator["errors"]): DirectoryProblem {
  const first = errors?.[0];
  return {
    code: "invalid",
    at: first?.instancePath || "/",
    detail: first?.message ?? "does not match the schema",
  };
}

/** Parses JSON text of at most MAX_SHARD_BYTES, telling "not JSON" and "too large" apart. */
function parseJson(
  text: string
): { ok: true; data: unknown } | { ok: false; problem: DirectoryProblem } {
  // UTF-16 length is a lower bound of the UTF-8 size, so this refuses early without encoding.
  if (text.length > MAX_SHARD_BYTES) {
    return { ok: false, problem: { code: "tooLarge", bytes: text.length, limit: MAX_SHARD_BYTES } };
  }
  // The limit is in UTF-8 bytes, as the admin CLI and the streamed download count it.
  // At most 3 bytes per UTF-16 unit: only a text that could be over the limit is counted.
  const bytes = text.length * 3 <= MAX_SHARD_BYTES ? text.length : utf8Length(text);
  if (bytes > MAX_SHARD_BYTES) {
    return { ok: false, problem: { code: "tooLarge", bytes, limit: MAX_SHARD_BYTES } };
  }
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch (e) {
    return {
      ok: false,
      problem: { code: "notJson", detail: e instanceof Error ? e.message : String(e) },
    };
  }
}

/** Checks format and major version before the schema, so an old add-in says "update me" rather than "invalid". */
function headerProblem(data: unknown, format: string): DirectoryProblem | null {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { code: "invalid", at: "/", detail: "must be a JSON object" };
  }
  const record = data as Record<string, unknown>;
  if (record.format !== format) return { code: "wrongFormat", found: describe(record.format) };
  if (typeof record.version === "number" && record.version !== DIRECTORY_VERSION) {
    return {
      code: "unsupportedVersion",
      found: describe(record.version),
      supported: DIRECTORY_VERSION,
    };
  }
  return null;
}

/**
 * Validates one user's shard and returns it in normal form: addresses lower-cased, display
 * names made safe to show, duplicate addresses reduced to their first entry (and noted), and
 * addresses that could be drawn as another one (suspiciousAddress) left out (and noted). Both
 * the task pane and the event handlers read the directory through here. `expectedUser`: the
 * shard must be this user's (else "wrongUser"); null takes the shard's own user, for a shard a
 * directory service chose by the caller's token (protected mode's B/me, directory/client.ts).
 */
export function parseShard(text: string, expectedUser: SmtpAddress | null): Parsed<UserShard> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const header = headerProblem(json.data, SHARD_FORMAT);
  if (header) return { ok: false, problem: header };
  const notes: ShardNote[] = [];
  const suspicious = (address: unknown) => leftOut(notes, address);
  // Left out before the schema, so one address with a hidden space refuses that entry, not
  // the whole shard.
  const record = json.data as Record<string, unknown>;
  const data: Record<string, unknown> = { ...record };
  if (Array.isArray(record.mailboxes))
    data.mailboxes = record.mailboxes.filter(
      (m: unknown) => !suspicious((m as { address?: unknown } | null)?.address)
    );
  if (Array.isArray(record.aliases))
    data.aliases = record.aliases.filter((a: unknown) => !suspicious(a));
  if (!validateUserShard(data))
    return { ok: false, problem: schemaProblem(validateUserShard.errors) };

  const raw = data as unknown as UserShard;
  const user = toSmtpAddress(raw.user);
  if (expectedUser !== null && user !== expectedUser) {
    return {
      ok: false,
      problem: { code: "wrongUser", expected: expectedUser, found: user },
    };
  }
  const mailboxes: Mailbox[] = [];
  normalise(raw.mailboxes, new Set(), mailboxes, notes);
  return { ok: true, value: shardOf(raw, user, mailboxes), notes };
}

/** Validated mailboxes in normal form, appended to `out`; a repeated address is noted and left out. */
function normalise(
  valid: readonly Mailbox[],
  seen: Set<string>,
  out: Mailbox[],
  notes: ShardNote[]
): void {
  for (const m of valid) {
    const address = toSmtpAddress(m.address);
    if (seen.has(address)) {
      notes.push({ code: "duplicateMailbox", address });
      continue;
    }
    seen.add(address);
    const mailbox: Mailbox = {
      address,
      displayName: sanitizeDisplayName(m.displayName, address),
      kind: m.kind,
      rights: [...m.rights],
      sentItemsCopy: { sendAs: m.sentItemsCopy.sendAs, sendOnBehalf: m.sentItemsCopy.sendOnBehalf },
    };
    if (m.noReply) mailbox.noReply = true;
    if (m.hiddenFromAddressLists) mailbox.hiddenFromAddressLists = true;
    out.push(mailbox);
  }
}

function shardOf(raw: UserShard, user: SmtpAddress, mailboxes: Mailbox[]): UserShard {
  const shard: UserShard = {
    format: SHARD_FORMAT,
    version: DIRECTORY_VERSION,
    generatedAt: raw.generatedAt,
    user,
    mailboxes,
  };
  if (raw.aliases) shard.aliases = [...new Set(raw.aliases.map(toSmtpAddress))];
  return shard;
}

/** The schema's maxItems for mailboxes (schema/user-shard.schema.json). */
export const MAX_MAILBOXES = 200_000;

/** Characters of shard text per piece of parseShardInSlices: about 300 typical mailboxes. */
const PIECE_CHARS = 64 * 1024;

/**
 * parseShard's answer, worked out a piece at a time with `pause()` awaited between pieces so that
 * a 50,000-mailbox shard does not freeze the page (issue 14): the mailboxes array is cut into
 * pieces (json-slices), each parsed, checked for look-alike addresses, validated against the
 * schema and normalised on its own. Only a usable shard is read this way: whenever anything is
 * wrong (the text, the header, one mailbox, the size), the whole text goes through parseShard,
 * so every problem is reported exactly as parseShard reports it. Resolves to a value deep-equal
 * to parseShard(text, expectedUser), notes in the same order.
 */
export async function parseShardInSlices(
  text: string,
  expectedUser: SmtpAddress | null,
  pause: Pause
): Promise<Parsed<UserShard>> {
  const whole = () => parseShard(text, expectedUser);
  if (text.length > MAX_SHARD_BYTES) return whole();
  const split = await splitArrayField(text, "mailboxes", PIECE_CHARS, pause);
  if (!split) return whole();
  let header: unknown;
  try {
    header = JSON.parse(split.rest);
  } catch {
    return whole();
  }
  if (headerProblem(header, SHARD_FORMAT)) return whole();

  const record = header as Record<string, unknown>;
  const mailboxNotes: ShardNote[] = [];
  const aliasNotes: ShardNote[] = [];
  const suspicious = (notes: ShardNote[]) => (address: unknown) => leftOut(notes, address);
  const data: Record<string, unknown> = { ...record };
  if (Array.isArray(record.aliases))
    data.aliases = record.aliases.filter((a: unknown) => !suspicious(aliasNotes)(a));
  // The header with no mailboxes, then each piece of mailboxes under the header's required
  // fields only: the schema has no rule across mailboxes but the count, checked at the end.
  if (!validateUserShard(data)) return whole();
  const raw = data as unknown as UserShard;
  const user = toSmtpAddress(raw.user);
  if (expectedUser !== null && user !== expectedUser) return whole();
  const base = {
    format: raw.format,
    version: raw.version,
    generatedAt: raw.generatedAt,
    user: raw.user,
  };

  // UTF-8 bytes, counted piece by piece only when the text could be over the limit (as parseJson).
  const count = text.length * 3 > MAX_SHARD_BYTES;
  let bytes = count ? utf8Length(split.rest) + split.pieces.length - 1 : 0;
  let kept = 0;
  const seen = new Set<string>();
  const mailboxes: Mailbox[] = [];
  const duplicateNotes: ShardNote[] = [];
  for (let p = 0; p < split.pieces.length; p++) {
    await pause();
    const elements = parsePiece(text, split, p);
    if (!elements) return whole();
    if (count) bytes += utf8Length(text.slice(split.pieces[p][0], split.pieces[p][1]));
    const piece = elements.filter(
      (m: unknown) => !suspicious(mailboxNotes)((m as { address?: unknown } | null)?.address)
    );
    kept += piece.length;
    if (!validateUserShard({ ...base, mailboxes: piece })) return whole();
    normalise(piece as Mailbox[], seen, mailboxes, duplicateNotes);
  }
  // The schema's maxItems, and the byte limit, apply to the whole.
  if (kept > MAX_MAILBOXES || bytes > MAX_SHARD_BYTES) return whole();
  const notes = mailboxNotes.concat(aliasNotes, duplicateNotes);
  return { ok: true, value: shardOf(raw, user, mailboxes), notes };
}

export function parseIndex(text: string): Parsed<DirectoryIndex> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const header = headerProblem(json.data, DIRECTORY_FORMAT);
  if (header) return { ok: false, problem: header };
  if (!validateIndex(json.data)) return { ok: false, problem: schemaProblem(validateIndex.errors) };
  return { ok: true, value: json.data as DirectoryIndex, notes: [] };
}
