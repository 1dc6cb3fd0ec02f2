import {
  DIRECTORY_VERSION,
  Mailbox,
  MAILBOX_KINDS,
  Right,
  SHARD_FORMAT,
  UserShard,
} from "../core/model";
import type { SmtpAddress } from "../core/address";
import { recordFailure } from "../core/diagnostics";
import { parsePiece, Pause, splitArrayField } from "../core/json-slices";
import type { DirectoryProblem, ShardNote } from "../core/shard";
import { DirectoryStorage } from "./storage";

export type DirectoryFailure =
  /** Network error, timeout, or an HTTP status that says nothing about the user (5xx; 401/403 of a public host). */
  | {
      kind: "unreachable";
      detail: string;
      /**
       * The HTTP status when the directory did answer, with an error (5xx such as 503 Service
       * Unavailable; 401/403 of a public host): reached, but it did not serve the list.
       */
      status?: number;
    }
  /**
   * Protected mode: the directory service refused the token (401), or no token could be had
   * for its API (the user must sign in, or sign-in is not possible here).
   */
  | { kind: "signInNeeded"; detail: string }
  /**
   * Protected mode: the sign-in gave a token for another account than Outlook's user and refused
   * it (graph/auth AuthError kind wrongAccount), so the list was not read with it. `account`:
   * the account offered, where the sign-in named it; `unconfirmed`: not shown to be another
   * person's, only not confirmed as Outlook's user (AuthError code "accountUnconfirmed").
   */
  | { kind: "wrongAccount"; detail: string; account?: string; unconfirmed?: boolean }
  /** Protected mode: the service says this account may not read the directory (403: other tenant, no scope). */
  | { kind: "notAllowed"; detail: string }
  /** The directory's own index is missing: the directory URL is probably wrong. */
  | { kind: "missing"; url: string }
  /** A file arrived but cannot be used. */
  | { kind: "malformed"; problem: DirectoryProblem };

export type DirectoryState =
  /** Confirmed by the server just now (200, or 304 for the cached copy). */
  | { status: "ready"; shard: UserShard; notes: ShardNote[]; fetchedAt: string }
  /** The last good copy, not yet checked against the server. */
  | { status: "cached"; shard: UserShard; notes: ShardNote[]; fetchedAt: string }
  /** The last good copy, served because the server could not give a usable one. */
  | {
      status: "stale";
      shard: UserShard;
      notes: ShardNote[];
      fetchedAt: string;
      failure: DirectoryFailure;
    }
  /**
   * The directory has no shard for this user: they may send only as themselves. `fetchedAt`:
   * when the server last said so (absent only for answers built before this was cached).
   */
  | { status: "notPublished"; fetchedAt?: string }
  /** Nothing usable and nothing cached. */
  | { status: "failed"; failure: DirectoryFailure };

/**
 * How long a cached "nothing published" (404) answer is used without asking again: users
 * without delegations are most users, and they must not cost the host a request on every send.
 */
export const NOT_PUBLISHED_REVALIDATE_MS = 5 * 60 * 1000;

/**
 * The task pane's limit for a whole load, body included: long enough for a 50,000-mailbox
 * shard (about 10 MB) on a slow link, short enough that a stalled host does not leave the
 * pane "checking" for ever. The event handlers pass their own, shorter limit.
 */
export const DEFAULT_LOAD_TIMEOUT_MS = 30_000;

export interface DirectoryOptions {
  /** Base URL B of the directory, ending in "/". */
  baseUrl: string;
  /** The signed-in user's primary SMTP address. */
  user: SmtpAddress;
  storage: DirectoryStorage;
  fetch?: typeof fetch;
  now?: () => Date;
  /**
   * One limit for the whole load, in ms (default DEFAULT_LOAD_TIMEOUT_MS): request headers (a token included),
   * response headers, body and the index check together. A host that stalls or drips the body
   * cannot hold the caller longer than this.
   */
  timeoutMs?: number;
  /** Where the user's shard is read (default: B + users/<hash>.json; a directory service may serve B/me). */
  shardUrl?: string;
  /**
   * Extra request headers, e.g. `Authorization` from a token provider. Its time counts against
   * timeoutMs; if it fails, the directory counts as unreachable (protected: "signInNeeded").
   * Protected mode asks once more with `{ fresh: true }` after a 401 (a cached token that
   * expired or was revoked): the provider should then skip its token cache.
   */
  headers?: (options?: { fresh?: boolean }) => Promise<Record<string, string>>;
  /**
   * Protected mode (README "Configuration", SEND_FROM_DIRECTORY_ACCESS=protected): the shard
   * comes from the directory service's `B/me` (shardUrl) with a token (headers). There is no
   * public index.json to ask: a 404 is "nothing published" only with the service's
   * `{"error":{"code":"NotPublished"}}` body, any other 404 means the URL is wrong ("missing").
   * 401 and a token that cannot be had are "signInNeeded", 403 "notAllowed".
   */
  protected?: boolean;
  /**
   * Protected mode only: `user` is Office's UPN standing in for a mail address that is unknown
   * (core/identity.ts Delegate.addressUnknown). B/me's shard is then taken as the person's
   * whatever its user (the service chose it by the token's oid, and the sign-in checked the
   * token's account against Office's), instead of being refused as not the key's. Otherwise the
   * shard must be the key's: a stale token for someone else never fills this person's list.
   */
  keyIsSignInName?: boolean;
  /** Use a cached "nothing published" for this long before asking again (default NOT_PUBLISHED_REVALIDATE_MS; 0 always asks). */
  notPublishedMaxAgeMs?: number;
  /**
   * Given, a shard and its cache copy are parsed, validated, written and read a slice at a time,
   * with this awaited between slices (the task pane passes one that yields to input and
   * painting: a 50,000-mailbox shard read in one go froze the pane for half a second, issue 14).
   * The answers are the same as without it, problems included. Absent (the event handlers,
   * which have no page to keep responsive), each step is done in one go.
   */
  pause?: Pause;
}

/**
 * The last good answer, stored already validated and normalised, and lean: the event handlers
 * read it on every send and must decide in milliseconds, and 50,000 mailboxes must fit
 * localStorage (about 5 M characters per origin) and OfficeRuntime.storage (10 MB per add-in).
 * A mailbox is [address, displayName or "" when it is the address, kind index, flags].
 * Flags: "A" Send As, "B" Send on Behalf, "F" Full Access, "c"/"o" Sent Items copy for Send
 * As/on Behalf, "n" no-reply, "h" hidden from address lists.
 */
export type LeanMailbox = [SmtpAddress, string, number, string];
export type CacheEntry =
  | {
      v: 3;
      /** The cache key's user (DirectoryOptions.user). */
      user: SmtpAddress;
      /** The shard's own user where it differs from the key (protected mode: the service chose
       * the shard by the token; the key may be Office's UPN, not the person's mail address). */
      person?: SmtpAddress;
      generatedAt: string;
      aliases?: SmtpAddress[];
      m: LeanMailbox[];
      notes: ShardNote[];
      etag: string | null;
      fetchedAt: string;
    }
  | { v: 3; user: SmtpAddress; notPublished: true; etag: string | null; fetchedAt: string };

export function cacheKey(baseUrl: string, user: SmtpAddress): string {
  return `send-from:shard:${baseUrl}:${user}`;
}

function fullMailbox([address, displayName, kind, f]: LeanMailbox): Mailbox {
  const rights: Right[] = [];
  if (f.includes("A")) rights.push("SendAs");
  if (f.includes("B")) rights.push("SendOnBehalf");
  if (f.includes("F")) rights.push("FullAccess");
  const m: Mailbox = {
    address,
    displayName: displayName || address,
    kind: MAILBOX_KINDS[kind] ?? "shared",
    rights,
    sentItemsCopy: { sendAs: f.includes("c"), sendOnBehalf: f.includes("o") },
  };
  if (f.includes("n")) m.noReply = true;
  if (f.includes("h")) m.hiddenFromAddressLists = true;
  return m;
}

/** Characters of a format-3 cache copy per piece when it is read in slices (about 1,000 mailboxes). */
const CACHE_PIECE_CHARS = 64 * 1024;

/** Where a chunked cache copy's mailboxes are kept (format 4): which write, how many, in how many keys. */
export interface Chunks {
  /** The write's generation: every chunk carries it, so a chunk of another write is refused. */
  g: string;
  /** Mailboxes in all. */
  n: number;
  /** Chunks, at chunkKey(…, 0 … c - 1). */
  c: number;
}

export type Cached =
  | {
      kind: "shard";
      shard: UserShard;
      notes: ShardNote[];
      etag: string | null;
      fetchedAt: string;
      /** Read from a chunked copy: a 304 rewrites only its head. */
      chunks?: Chunks;
    }
  | { kind: "notPublished"; etag: string | null; fetchedAt: string };

// The address rule of the shard's schema (schema/user-shard.schema.json "smtp"), in normal form.
const CACHED_ADDRESS = /^[^\s@<>"A-Z]+@[^\s@<>"A-Z]+$/;
const CACHED_FLAGS = /^A?B?F?c?o?n?h?$/;

/**
 * One stored mailbox, checked as untrusted as the network copy is: storage is shared with
 * other code of the origin and can be edited by hand, so a wrong shape is refused, never
 * guessed at.
 */
function isLeanMailbox(x: unknown): x is LeanMailbox {
  if (!Array.isArray(x) || x.length !== 4) return false;
  const [address, displayName, kind, flags] = x as unknown[];
  return (
    typeof address === "string" &&
    address.length >= 3 &&
    address.length <= 320 &&
    CACHED_ADDRESS.test(address) &&
    typeof displayName === "string" &&
    typeof kind === "number" &&
    Number.isInteger(kind) &&
    kind >= 0 &&
    kind < MAILBOX_KINDS.length &&
    typeof flags === "string" &&
    CACHED_FLAGS.test(flags)
  );
}

/** The mailboxes of a stored list, or null when any of them is not one. */
function fullMailboxes(list: unknown[]): Mailbox[] | null {
  const out: Mailbox[] = new Array<Mailbox>(list.length);
  for (let i = 0; i < list.length; i++) {
    const lean = list[i];
    if (!isLeanMailbox(lean)) return null;
    out[i] = fullMailbox(lean);
  }
  return out;
}

/** What cache formats 3 and 4 share: `user`'s copy in format `v`, its time and etag. */
interface EntryStart {
  e: Record<string, unknown>;
  etag: string | null;
  fetchedAt: string;
}

function entryStart(value: unknown, v: 3 | 4, user: SmtpAddress): EntryStart | null {
  const e = value as Record<string, unknown> | null;
  if (!e || e.v !== v || e.user !== user || typeof e.fetchedAt !== "string") return null;
  return { e, etag: typeof e.etag === "string" ? e.etag : null, fetchedAt: e.fetchedAt };
}

/** The cached shard from an entry whose notes and generatedAt were checked, with `mailboxes`. */
function cachedShard(
  { e, etag, fetchedAt }: EntryStart,
  user: SmtpAddress,
  mailboxes: Mailbox[]
): Cached & { kind: "shard" } {
  const shard: UserShard = {
    format: SHARD_FORMAT,
    version: DIRECTORY_VERSION,
    generatedAt: e.generatedAt as string,
    user: typeof e.person === "string" ? (e.person as SmtpAddress) : user,
    mailboxes,
  };
  if (Array.isArray(e.aliases)) shard.aliases = e.aliases as SmtpAddress[];
  return { kind: "shard", shard, notes: e.notes as ShardNote[], etag, fetchedAt };
}

function fromEntry(value: unknown, user: SmtpAddress): Cached | null {
  const start = entryStart(value, 3, user);
  if (!start) return null;
  const { e, etag, fetchedAt } = start;
  if (e.notPublished === true) return { kind: "notPublished", etag, fetchedAt };
  if (!Array.isArray(e.m) || !Array.isArray(e.notes) || typeof e.generatedAt !== "string")
    return null;
  const mailboxes = fullMailboxes(e.m);
  return mailboxes && cachedShard(start, user, mailboxes);
}

/**
 * fromEntry(JSON.parse(raw), user), a piece of the mailboxes at a time with `pause()` between
 * pieces. Anything unexpected (not an entry, "m" not where it belongs) is read in one go, so the
 * answer, or the error thrown, is the one-go answer.
 */
async function decodeInSlices(
  raw: string,
  user: SmtpAddress,
  pause: Pause
): Promise<Cached | null> {
  const whole = () => fromEntry(JSON.parse(raw), user);
  const split = await splitArrayField(raw, "m", CACHE_PIECE_CHARS, pause);
  if (!split) return whole();
  let header: Cached | null;
  try {
    header = fromEntry(JSON.parse(split.rest), user);
  } catch {
    return whole();
  }
  if (header?.kind !== "shard") return whole();
  const mailboxes: Mailbox[] = [];
  for (let p = 0; p < split.pieces.length; p++) {
    await pause();
    const lean = parsePiece(raw, split, p);
    if (!lean) return whole();
    const piece = fullMailboxes(lean);
    if (!piece) return null;
    for (const m of piece) mailboxes.push(m);
  }
  header.shard.mailboxes = mailboxes;
  return header;
}

/**
 * Mailboxes per chunk of a cache copy (format 4): about 150,000 characters, read and checked
 * in a few ms. The copy used to be one key of up to 5 M characters: localStorage reads a key in
 * one synchronous call, and reopening the pane at 50,000 mailboxes blocked the page for 40-110 ms
 * on that read alone (issue 14, bench/list.cjs).
 */
export const CACHE_CHUNK = 2_000;

/** The key of chunk `k` (0-based) of the cache copy kept at cacheKey(baseUrl, user). */
export function cacheChunkKey(baseUrl: string, user: SmtpAddress, k: number): string {
  return `${cacheKey(baseUrl, user)}#${k}`;
}

/** How a chunked copy's head starts (JSON.stringify writes "v" first). */
export const CHUNKED_HEAD = '{"v":4,';

/** A chunk's text starts so when it belongs to write `g` at place `k`. */
const chunkStart = (g: string, k: number) => `{"g":${JSON.stringify(g)},"k":${k},`;

/** How a chunk's text ends (its mailbox list closes, then the object): a chunk cut short does not. */
const CHUNK_END = "]}";

/** A chunked copy's head, its mailboxes not yet read; null when it is not one of `user`'s. */
function headOf(value: unknown, user: SmtpAddress): Cached | null {
  const start = entryStart(value, 4, user);
  if (!start) return null;
  const { e, etag, fetchedAt } = start;
  if (e.notPublished === true) return { kind: "notPublished", etag, fetchedAt };
  const { g, n, c } = e;
  if (
    !Array.isArray(e.notes) ||
    typeof e.generatedAt !== "string" ||
    typeof g !== "string" ||
    typeof n !== "number" ||
    !Number.isInteger(n) ||
    n < 0 ||
    c !== Math.ceil(n / CACHE_CHUNK)
  )
    return null;
  return { ...cachedShard(start, user, []), chunks: { g, n, c } };
}

/** Why a cache copy was refused (diagnostics; the copy is then fetched again). */
class CacheRefused extends Error {
  override name = "CacheRefused";
}

/**
 * A chunked copy read chunk by chunk, `pause()` before each: every chunk must be there, be of
 * the head's write (generation and place), hold exactly its share of the mailboxes, and each
 * mailbox must pass isLeanMailbox. Anything else throws CacheRefused: a copy half written (quota,
 * two writers at once) or damaged is no copy, and the shard is fetched whole again.
 */
async function readChunks(
  opts: DirectoryOptions,
  head: Cached & { kind: "shard" },
  pause: Pause | undefined
): Promise<Cached> {
  const { g, n, c } = head.chunks!;
  const mailboxes: Mailbox[] = new Array<Mailbox>(n);
  for (let k = 0; k < c; k++) {
    if (pause) await pause();
    const raw = await opts.storage.get(cacheChunkKey(opts.baseUrl, opts.user, k));
    if (!raw?.startsWith(chunkStart(g, k)))
      throw new CacheRefused(`chunk ${k} of ${c} is missing or of another write`);
    const chunk = JSON.parse(raw) as { g?: unknown; k?: unknown; m?: unknown };
    const share = Math.min(CACHE_CHUNK, n - k * CACHE_CHUNK);
    if (chunk.g !== g || chunk.k !== k || !Array.isArray(chunk.m) || chunk.m.length !== share)
      throw new CacheRefused(`chunk ${k} of ${c} does not hold its ${share} mailboxes`);
    const part = fullMailboxes(chunk.m);
    if (!part) throw new CacheRefused(`chunk ${k} of ${c} holds a malformed mailbox`);
    for (let i = 0; i < share; i++) mailboxes[k * CACHE_CHUNK + i] = part[i];
  }
  head.shard.mailboxes = mailboxes;
  return head;
}

/** The cache copy whose head (or format-3 whole text) is `raw`, read and checked. */
async function decodeCache(
  opts: DirectoryOptions,
  raw: string,
  pause: Pause | undefined
): Promise<Cached | null> {
  if (raw.startsWith(CHUNKED_HEAD)) {
    const head = headOf(JSON.parse(raw), opts.user);
    return head?.kind === "shard" ? readChunks(opts, head, pause) : head;
  }
  // Format 3, one key (written before chunks): still read, and replaced by the next write.
  return pause ? decodeInSlices(raw, opts.user, pause) : fromEntry(JSON.parse(raw), opts.user);
}

/**
 * The last cache copy decoded in slices, by its head's text: the pane reads the cache for its
 * first paint and again for the request's If-None-Match at the same moment, and 50,000
 * mailboxes should be decoded once. Sharing the shard also means a 304 hands back the very
 * shard on screen, so the pane has nothing to rebuild.
 */
let lastDecoded: {
  raw: string;
  key: string;
  user: SmtpAddress;
  storage: DirectoryStorage;
  cached: Promise<Cached | null>;
} | null = null;

export async function readCache(opts: DirectoryOptions): Promise<Cached | null> {
  const key = cacheKey(opts.baseUrl, opts.user);
  try {
    const raw = await opts.storage.get(key);
    if (!raw) return null;
    if (!opts.pause) return await decodeCache(opts, raw, undefined);
    if (
      lastDecoded?.raw !== raw ||
      lastDecoded.key !== key ||
      lastDecoded.user !== opts.user ||
      lastDecoded.storage !== opts.storage
    )
      lastDecoded = {
        raw,
        key,
        user: opts.user,
        storage: opts.storage,
        cached: decodeCache(opts, raw, opts.pause),
      };
    return await lastDecoded.cached;
  } catch (e) {
    recordFailure("directory", "cacheRead", e);
    return null;
  }
}

export function stateOf(cached: Cached | null): DirectoryState | null {
  if (!cached) return null;
  return cached.kind === "notPublished"
    ? { status: "notPublished", fetchedAt: cached.fetchedAt }
    : { status: "cached", shard: cached.shard, notes: cached.notes, fetchedAt: cached.fetchedAt };
}

/**
 * The last good answer, if any, without touching the network (for a fast first paint and the
 * event handlers): a shard ("cached") or the server's last "nothing published".
 */
export async function readCachedShard(opts: DirectoryOptions): Promise<DirectoryState | null> {
  return stateOf(await readCache(opts));
}

/**
 * What a load answers when the network cannot be reached at all (loadUserShard's own answer for
 * a network error, directory/client.ts): the cached shard as "stale" with `failure`
 * ("unreachable", `detail`), else "failed". The task pane uses it when the directory client's
 * chunk itself cannot be fetched (offline), so the pane shows the same state either way.
 */
export async function unreachableState(
  opts: DirectoryOptions,
  detail: string
): Promise<DirectoryState> {
  return staleOrFailed(await readCache(opts), { kind: "unreachable", detail });
}

/** A failed load's state: the cached shard as "stale" with `failure`, else "failed". */
export function staleOrFailed(cached: Cached | null, failure: DirectoryFailure): DirectoryState {
  return cached?.kind === "shard"
    ? {
        status: "stale",
        shard: cached.shard,
        notes: cached.notes,
        fetchedAt: cached.fetchedAt,
        failure,
      }
    : { status: "failed", failure };
}

const MAILBOXES_KEY = ',"m":[';

/** Index just past the JSON array that opens at `start` (strings and escapes skipped), or -1. */
function arrayEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * readCachedFor on a chunked copy: its chunks are searched in turn for the entry and only the
 * entry is parsed. Every chunk the head names is still looked at, also after the entry is found:
 * one missing, of another write or place (generation and `k`), or cut short (not ending as
 * chunkValue ends) makes the whole copy absent, as it does for the pane (readChunks), so the
 * handlers never decide from a copy the pane would refuse (two writers at once, a write cut off
 * by the quota or by the pane closing). Null then, and the handlers ask the directory. These
 * checks are string tests, no parse: a decision still parses one entry.
 */
async function readChunkedFor(
  opts: DirectoryOptions,
  raw: string,
  address: SmtpAddress
): Promise<DirectoryState | null> {
  try {
    const head = headOf(JSON.parse(raw), opts.user);
    if (head?.kind !== "shard") return stateOf(head);
    const { g, c } = head.chunks!;
    const needle = `[${JSON.stringify(address)},`;
    let entry: LeanMailbox | null = null;
    for (let k = 0; k < c; k++) {
      const text = await opts.storage.get(cacheChunkKey(opts.baseUrl, opts.user, k));
      if (!text?.startsWith(chunkStart(g, k)) || !text.endsWith(CHUNK_END))
        throw new CacheRefused(`chunk ${k} of ${c} is missing, cut short or of another write`);
      if (entry) continue;
      const found = text.indexOf(needle);
      if (found < 0) continue;
      const end = arrayEnd(text, found);
      const parsed = end < 0 ? null : (JSON.parse(text.slice(found, end)) as unknown);
      if (!isLeanMailbox(parsed)) throw new CacheRefused(`chunk ${k} of ${c}: a malformed mailbox`);
      entry = parsed;
    }
    if (entry) head.shard.mailboxes = [fullMailbox(entry)];
    return stateOf(head);
  } catch (e) {
    recordFailure("directory", "cacheRead", e);
    return null;
  }
}

/**
 * The last good answer narrowed to one address, for the event handlers: the cached shard's
 * header (user, aliases, time) and only the mailbox `address`, if listed. Finds the entry in the
 * stored text instead of parsing every mailbox, so a decision from 50,000 cached mailboxes
 * costs about as much as from 50. A JSON-encoded address with its quotes cannot occur inside a
 * JSON string (quotes are escaped there), so the search finds only the entry itself.
 */
export async function readCachedFor(
  opts: DirectoryOptions,
  address: SmtpAddress
): Promise<DirectoryState | null> {
  let raw: string | null;
  try {
    raw = await opts.storage.get(cacheKey(opts.baseUrl, opts.user));
  } catch (e) {
    recordFailure("directory", "cacheRead", e);
    return null;
  }
  if (!raw) return null;
  if (raw.startsWith(CHUNKED_HEAD)) return readChunkedFor(opts, raw, address);
  const at = raw.indexOf(MAILBOXES_KEY);
  if (at < 0) return readCachedShard(opts);
  try {
    const header = JSON.parse(`${raw.slice(0, at)},"m":[]}`) as unknown;
    const needle = `[${JSON.stringify(address)},`;
    const found = raw.indexOf(needle, at);
    const end = found < 0 ? -1 : arrayEnd(raw, found);
    (header as { m: unknown[] }).m = end < 0 ? [] : [JSON.parse(raw.slice(found, end))];
    const entry = fromEntry(header, opts.user);
    // Fields written after the mailboxes (another writer's key order): read it all.
    return entry ? stateOf(entry) : readCachedShard(opts);
  } catch (e) {
    recordFailure("directory", "cacheRead", e);
    return null;
  }
}
