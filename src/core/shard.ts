import * as generated from "./generated/validators";
import {
  DIRECTORY_FORMAT,
  DIRECTORY_VERSION,
  DirectoryIndex,
  Mailbox,
  MAX_SHARD_BYTES,
  normalizeAddress,
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

/** Something odd in a usable shard, worth telling the user and the admin. */
export interface ShardNote {
  code: "duplicateMailbox";
  address: string;
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
  const cleaned = name
    .replace(BIDI_CONTROLS, "")
    .replace(CONTROLS, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!cleaned) return fallback;
  const chars = Array.from(cleaned);
  return chars.length > MAX_DISPLAY_NAME
    ? `${chars.slice(0, MAX_DISPLAY_NAME - 1).join("")}…`
    : cleaned;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.slice(0, 60));
  if (value === undefined) return "nothing";
  return JSON.stringify(value)?.slice(0, 60) ?? String(value);
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
  const bytes = utf8Length(text);
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
 * names made safe to show, duplicate addresses reduced to their first entry (and noted).
 */
export function parseShard(text: string, expectedUser: string): Parsed<UserShard> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const header = headerProblem(json.data, SHARD_FORMAT);
  if (header) return { ok: false, problem: header };
  if (!validateUserShard(json.data))
    return { ok: false, problem: schemaProblem(validateUserShard.errors) };

  const raw = json.data as UserShard;
  const user = normalizeAddress(raw.user);
  if (user !== normalizeAddress(expectedUser)) {
    return {
      ok: false,
      problem: { code: "wrongUser", expected: normalizeAddress(expectedUser), found: user },
    };
  }
  const notes: ShardNote[] = [];
  const seen = new Set<string>();
  const mailboxes: Mailbox[] = [];
  for (const m of raw.mailboxes) {
    const address = normalizeAddress(m.address);
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
    mailboxes.push(mailbox);
  }
  const shard: UserShard = {
    format: SHARD_FORMAT,
    version: DIRECTORY_VERSION,
    generatedAt: raw.generatedAt,
    user,
    mailboxes,
  };
  if (raw.aliases) shard.aliases = [...new Set(raw.aliases.map(normalizeAddress))];
  return { ok: true, value: shard, notes };
}

export function parseIndex(text: string): Parsed<DirectoryIndex> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const header = headerProblem(json.data, DIRECTORY_FORMAT);
  if (header) return { ok: false, problem: header };
  if (!validateIndex(json.data)) return { ok: false, problem: schemaProblem(validateIndex.errors) };
  return { ok: true, value: json.data as DirectoryIndex, notes: [] };
}
