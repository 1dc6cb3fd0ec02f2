import {
  DIRECTORY_VERSION,
  Mailbox,
  MAILBOX_KINDS,
  MAX_SHARD_BYTES,
  Right,
  SHARD_FORMAT,
  UserShard,
  utf8Length,
} from "../core/model";
import type { SmtpAddress } from "../core/address";
import { recordFailure } from "../core/diagnostics";
import { parsePiece, Pause, splitArrayField } from "../core/json-slices";
import type { DirectoryProblem, ShardNote } from "../core/shard";
import { DirectoryStorage } from "./storage";

export type DirectoryFailure =
  /** Network error, timeout, or an HTTP status that says nothing about the user (5xx; 401/403 of a public host). */
  | { kind: "unreachable"; detail: string }
  /**
   * Protected mode: the directory service refused the token (401), or no token could be had
   * for its API (the user must sign in, or sign-in is not possible here).
   */
  | { kind: "signInNeeded"; detail: string }
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
type LeanMailbox = [SmtpAddress, string, number, string];
type CacheEntry =
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

function leanMailbox(m: Mailbox): LeanMailbox {
  let f = "";
  if (m.rights.includes("SendAs")) f += "A";
  if (m.rights.includes("SendOnBehalf")) f += "B";
  if (m.rights.includes("FullAccess")) f += "F";
  if (m.sentItemsCopy.sendAs) f += "c";
  if (m.sentItemsCopy.sendOnBehalf) f += "o";
  if (m.noReply) f += "n";
  if (m.hiddenFromAddressLists) f += "h";
  return [
    m.address,
    m.displayName === m.address ? "" : m.displayName,
    MAILBOX_KINDS.indexOf(m.kind),
    f,
  ];
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

/**
 * A cache copy in format 3, one key holding every mailbox: what the client wrote before chunks
 * (cacheEntries). Still read, so a pane updated with a copy cached keeps it; the next write
 * replaces it. Exported for tests and benchmarks that seed such a copy.
 */
export function cacheValue(
  shard: UserShard,
  fetchedAt: string,
  etag: string | null = null,
  notes: ShardNote[] = [],
  key: SmtpAddress = shard.user
): string {
  // The mailboxes come last: readCachedFor() reads the fields before them without parsing them.
  const entry: CacheEntry = {
    v: 3,
    user: key,
    ...(shard.user !== key ? { person: shard.user } : {}),
    generatedAt: shard.generatedAt,
    ...(shard.aliases ? { aliases: shard.aliases } : {}),
    notes,
    etag,
    fetchedAt,
    m: shard.mailboxes.map(leanMailbox),
  };
  return JSON.stringify(entry);
}

/** Characters of a format-3 cache copy per piece when it is read in slices (about 1,000 mailboxes). */
const CACHE_PIECE_CHARS = 64 * 1024;

/** "Nothing published for this user" in format 3 (see cacheValue; exported for tests). */
export function notPublishedCacheValue(
  user: SmtpAddress,
  fetchedAt: string,
  etag: string | null = null
): string {
  const entry: CacheEntry = {
    v: 3,
    user: user,
    notPublished: true,
    etag,
    fetchedAt,
  };
  return JSON.stringify(entry);
}

/** Where a chunked cache copy's mailboxes are kept (format 4): which write, how many, in how many keys. */
interface Chunks {
  /** The write's generation: every chunk carries it, so a chunk of another write is refused. */
  g: string;
  /** Mailboxes in all. */
  n: number;
  /** Chunks, at chunkKey(…, 0 … c - 1). */
  c: number;
}

type Cached =
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
const CHUNKED_HEAD = '{"v":4,';

function headValue(
  key: SmtpAddress,
  shard: UserShard,
  fetchedAt: string,
  etag: string | null,
  notes: ShardNote[],
  chunks: Chunks
): string {
  return JSON.stringify({
    v: 4,
    user: key,
    ...(shard.user !== key ? { person: shard.user } : {}),
    generatedAt: shard.generatedAt,
    ...(shard.aliases ? { aliases: shard.aliases } : {}),
    notes,
    etag,
    fetchedAt,
    g: chunks.g,
    n: chunks.n,
    c: chunks.c,
  });
}

function notPublishedHead(key: SmtpAddress, fetchedAt: string, etag: string | null): string {
  return JSON.stringify({ v: 4, user: key, notPublished: true, etag, fetchedAt });
}

function chunkValue(g: string, k: number, mailboxes: readonly Mailbox[]): string {
  return JSON.stringify({ g, k, m: mailboxes.map(leanMailbox) });
}

/** A chunk's text starts so when it belongs to write `g` at place `k`. */
const chunkStart = (g: string, k: number) => `{"g":${JSON.stringify(g)},"k":${k},`;

/** How a chunk's text ends (its mailbox list closes, then the object): a chunk cut short does not. */
const CHUNK_END = "]}";

/** A new write's generation: time and randomness, so two writers (pane, handlers) never share one. */
function newGeneration(): string {
  return `${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Every key and value of a shard's cache copy as the client writes it (format 4: a head at
 * cacheKey and CACHE_CHUNK mailboxes per chunk key): for tests and benchmarks that seed a cache.
 */
export function cacheEntries(
  baseUrl: string,
  shard: UserShard,
  fetchedAt: string,
  etag: string | null = null,
  notes: ShardNote[] = [],
  key: SmtpAddress = shard.user
): Record<string, string> {
  const n = shard.mailboxes.length;
  const chunks: Chunks = { g: newGeneration(), n, c: Math.ceil(n / CACHE_CHUNK) };
  const out: Record<string, string> = {
    [cacheKey(baseUrl, key)]: headValue(key, shard, fetchedAt, etag, notes, chunks),
  };
  for (let k = 0; k < chunks.c; k++)
    out[cacheChunkKey(baseUrl, key, k)] = chunkValue(
      chunks.g,
      k,
      shard.mailboxes.slice(k * CACHE_CHUNK, (k + 1) * CACHE_CHUNK)
    );
  return out;
}

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

async function readCache(opts: DirectoryOptions): Promise<Cached | null> {
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

/** What writeCache stores: a shard (with the chunks it was read from, if any) or "nothing published". */
type ToStore =
  | {
      shard: UserShard;
      notes: ShardNote[];
      fetchedAt: string;
      etag: string | null;
      /** The copy this shard was read from, when a 304 confirmed it: only its head is rewritten. */
      chunks?: Chunks;
    }
  | { notPublished: true; fetchedAt: string; etag: string | null };

/**
 * Stores the last good answer in format 4: chunks first, each after `pause()`, then the head
 * naming their generation, then chunks of the replaced copy beyond the new count are removed.
 * A 304 for a chunked copy rewrites only its head (the mailboxes did not change), unless another
 * writer replaced the copy meanwhile. Best effort: a failure (quota, private mode) is recorded
 * and what was written is removed, so storage holds a whole copy or none; it never stops the
 * pane from showing what it fetched.
 */
async function writeCache(opts: DirectoryOptions, value: ToStore): Promise<void> {
  const { storage } = opts;
  const key = cacheKey(opts.baseUrl, opts.user);
  const chunkKey = (k: number) => cacheChunkKey(opts.baseUrl, opts.user, k);
  // From chunk k on, up to the first key that is not there: whatever a head says (damaged, huge,
  // or written by another pane or handler meanwhile), no chunk is left behind to fill the
  // origin's storage, and no loop runs past what is stored (rev14 findings 1 and 2).
  const removeChunksFrom = async (k: number) => {
    for (; (await storage.get(chunkKey(k))) != null; k++) await storage.remove(chunkKey(k));
  };
  try {
    const old = await storage.get(key);
    let oldGeneration: unknown = null;
    if (old?.startsWith(CHUNKED_HEAD)) {
      try {
        oldGeneration = (JSON.parse(old) as { g?: unknown }).g;
      } catch {
        // A damaged head: its chunks are unknown and overwritten below or left unread.
      }
    } else if (old) {
      // Format 3 holds all mailboxes in this one key (up to 5 M characters of localStorage's
      // 5 M per origin): removed first, so the chunks have room.
      await storage.remove(key);
    }
    if ("notPublished" in value) {
      await storage.set(key, notPublishedHead(opts.user, value.fetchedAt, value.etag));
    } else if (value.chunks && value.chunks.g === oldGeneration) {
      await storage.set(
        key,
        headValue(opts.user, value.shard, value.fetchedAt, value.etag, value.notes, value.chunks)
      );
      return;
    } else {
      const { mailboxes } = value.shard;
      const chunks: Chunks = {
        g: newGeneration(),
        n: mailboxes.length,
        c: Math.ceil(mailboxes.length / CACHE_CHUNK),
      };
      for (let k = 0; k < chunks.c; k++) {
        if (opts.pause) await opts.pause();
        const part = mailboxes.slice(k * CACHE_CHUNK, (k + 1) * CACHE_CHUNK);
        await storage.set(chunkKey(k), chunkValue(chunks.g, k, part));
      }
      await storage.set(
        key,
        headValue(opts.user, value.shard, value.fetchedAt, value.etag, value.notes, chunks)
      );
      await removeChunksFrom(chunks.c);
      return;
    }
    await removeChunksFrom(0);
  } catch (e) {
    recordFailure("directory", "cacheWrite", e);
    try {
      await storage.remove(key);
      await removeChunksFrom(0);
    } catch {
      // Nothing more to do: a copy without its head is never read.
    }
  }
}

function stateOf(cached: Cached | null): DirectoryState | null {
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

const TIMED_OUT = "timed out";

function describeError(e: unknown): string {
  if (e instanceof Error && e.name === "AbortError") return TIMED_OUT;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Reads the body, refusing more than MAX_SHARD_BYTES (UTF-8 bytes) even when Content-Length is
 * absent or wrong: counting while streaming means a runaway file is cut off, not downloaded.
 */
async function readLimited(response: Response): Promise<{ text: string } | { tooLarge: number }> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > MAX_SHARD_BYTES) return { tooLarge: declared };
  if (!response.body || typeof TextDecoder !== "function") {
    // The JavaScript-only runtime: no streams to count, so count what arrived.
    const text = await response.text();
    // UTF-8 bytes are at least the UTF-16 units and at most three times as many: count only
    // when the answer is not already clear.
    if (text.length > MAX_SHARD_BYTES) return { tooLarge: text.length };
    const bytes = text.length * 3 <= MAX_SHARD_BYTES ? text.length : utf8Length(text);
    return bytes > MAX_SHARD_BYTES ? { tooLarge: bytes } : { text };
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_SHARD_BYTES) {
      await reader.cancel().catch(() => undefined);
      return { tooLarge: bytes };
    }
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode() };
}

/** The directory service's "nothing published for you": 404 with {"error":{"code":"NotPublished"}}. */
async function saysNotPublished(response: Response): Promise<boolean> {
  try {
    const body = await readLimited(response);
    if (!("text" in body)) return false;
    const parsed = JSON.parse(body.text) as { error?: { code?: unknown } } | null;
    return parsed?.error?.code === "NotPublished";
  } catch {
    return false;
  }
}

/**
 * users/<sha256>.json, public mode only. Loaded on demand: protected mode (the default) asks
 * B/me and never needs the hash, so SHA-256 stays out of the pane's first paint (bench/bundle.cjs).
 * The event handlers' one-file bundle inlines it (webpack.config.js: one chunk).
 */
async function publicShardPath(user: SmtpAddress): Promise<string> {
  const { shardPath } = await import(/* webpackChunkName: "shard-name" */ "../core/shard-name");
  return shardPath(user);
}

function sameHeaders(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** One load, under one deadline; `signal` is absent where the runtime lacks AbortController. */
let shardParserChunk: Promise<typeof import("../core/shard")> | null = null;

/**
 * The shard parser with its compiled JSON Schema validators (about 9 KB gzip), in its own chunk:
 * the pane's first frame (the cached list) does not need it, so it loads while the shard is on
 * the wire (issue 14, bench/bundle.cjs). Rejects with webpack's ChunkLoadError when the chunk
 * cannot be fetched (offline); the next load tries again. The event handlers' one-file bundle
 * inlines it.
 */
function shardParser(): Promise<typeof import("../core/shard")> {
  shardParserChunk ??= import(/* webpackChunkName: "shard-parser" */ "../core/shard").catch(
    (e: unknown) => {
      shardParserChunk = null;
      throw e;
    }
  );
  return shardParserChunk;
}

async function load(
  opts: DirectoryOptions,
  cached: Cached | null,
  fail: (failure: DirectoryFailure) => DirectoryState,
  signal: AbortSignal | undefined
): Promise<DirectoryState> {
  const now = () => (opts.now ?? (() => new Date()))().toISOString();
  // Fetched alongside the shard; a failure to load it surfaces (as unreachable) where it is used.
  const parser = shardParser();
  parser.catch(() => undefined);
  const doFetch = opts.fetch ?? fetch;
  const get = async (url: string, headers: Record<string, string>) => {
    const request = doFetch(url, {
      headers,
      // no-store: revalidation is ours (ETag/If-None-Match), so the browser cache must not answer for the server.
      cache: "no-store",
      credentials: "omit",
      signal,
    });
    request.catch(() => undefined); // a late failure after the deadline is nobody's business
    return request;
  };

  let extra: Record<string, string>;
  try {
    extra = opts.headers ? await opts.headers() : {};
  } catch (e) {
    recordFailure("directory", "token", e);
    return fail({
      kind: opts.protected ? "signInNeeded" : "unreachable",
      detail: describeError(e),
    });
  }
  const shardUrl = opts.shardUrl ?? `${opts.baseUrl}${await publicShardPath(opts.user)}`;
  const conditional = (h: Record<string, string>) =>
    cached?.etag ? { ...h, "If-None-Match": cached.etag } : h;
  let response: Response;
  try {
    response = await get(shardUrl, conditional(extra));
  } catch (e) {
    recordFailure("directory", "fetch", e);
    return fail({ kind: "unreachable", detail: describeError(e) });
  }
  if (opts.protected && response.status === 401 && opts.headers) {
    // The token was refused: a cached one that expired or was revoked since. One fresh token and
    // one more request, never a loop; a provider that hands out the same token again is not
    // asked twice for nothing (the service would refuse it again).
    void response.body?.cancel().catch(() => undefined);
    let fresh: Record<string, string>;
    try {
      fresh = await opts.headers({ fresh: true });
    } catch (e) {
      recordFailure("directory", "token", e);
      return fail({ kind: "signInNeeded", detail: describeError(e) });
    }
    if (sameHeaders(fresh, extra)) return fail({ kind: "signInNeeded", detail: "HTTP 401" });
    try {
      response = await get(shardUrl, conditional(fresh));
    } catch (e) {
      recordFailure("directory", "fetch", e);
      return fail({ kind: "unreachable", detail: describeError(e) });
    }
  }

  if (response.status === 304 && cached) {
    const fetchedAt = now();
    if (cached.kind === "notPublished") {
      await writeCache(opts, { notPublished: true, fetchedAt, etag: cached.etag });
      return { status: "notPublished", fetchedAt };
    }
    await writeCache(opts, {
      shard: cached.shard,
      notes: cached.notes,
      fetchedAt,
      etag: cached.etag,
      chunks: cached.chunks,
    });
    return { status: "ready", shard: cached.shard, notes: cached.notes, fetchedAt };
  }
  if (opts.protected && response.status === 404) {
    if (!(await saysNotPublished(response))) return fail({ kind: "missing", url: opts.baseUrl });
    const fetchedAt = now();
    await writeCache(opts, { notPublished: true, fetchedAt, etag: null });
    return { status: "notPublished", fetchedAt };
  }
  if (opts.protected && response.status === 401)
    return fail({ kind: "signInNeeded", detail: "HTTP 401" });
  if (opts.protected && response.status === 403)
    return fail({ kind: "notAllowed", detail: "HTTP 403" });
  if (response.status === 404 || response.status === 410) {
    // Tells "nothing published for you" from "the directory is not at this URL".
    let index: boolean | "unknown";
    try {
      const r = await get(`${opts.baseUrl}index.json`, {});
      if (r.status === 404 || r.status === 410) index = false;
      else index = r.ok ? (await parser).parseIndex(await r.text()).ok : "unknown";
    } catch (e) {
      recordFailure("directory", "indexCheck", e);
      index = "unknown";
    }
    if (index === false) return fail({ kind: "missing", url: opts.baseUrl });
    if (index === "unknown")
      return fail({ kind: "unreachable", detail: `HTTP ${response.status}` });
    const fetchedAt = now();
    await writeCache(opts, { notPublished: true, fetchedAt, etag: response.headers.get("etag") });
    return { status: "notPublished", fetchedAt };
  }
  if (!response.ok) return fail({ kind: "unreachable", detail: `HTTP ${response.status}` });

  let body: { text: string } | { tooLarge: number };
  try {
    body = await readLimited(response);
  } catch (e) {
    recordFailure("directory", "read", e);
    return fail({ kind: "unreachable", detail: describeError(e) });
  }
  if ("tooLarge" in body) {
    return fail({
      kind: "malformed",
      problem: { code: "tooLarge", bytes: body.tooLarge, limit: MAX_SHARD_BYTES },
    });
  }
  const { parseShard, parseShardInSlices } = await parser;
  // Keyed by Office's UPN because the mail address is unknown ("Open another mailbox" with only
  // the item's owner as evidence; core/identity.ts): B/me is the shard the service chose by the
  // token's oid, and the token was checked to be Office's account (graph/auth), so its user is
  // the person; comparing it with the UPN would refuse the right shard. Otherwise the shard must
  // be the key's (public mode: picked by the key's hash; protected: a stale token's is refused).
  const expected = opts.protected && opts.keyIsSignInName ? null : opts.user;
  const parsed = opts.pause
    ? await parseShardInSlices(body.text, expected, opts.pause)
    : parseShard(body.text, expected);
  if (!parsed.ok) return fail({ kind: "malformed", problem: parsed.problem });

  const fetchedAt = now();
  await writeCache(opts, {
    shard: parsed.value,
    notes: parsed.notes,
    fetchedAt,
    etag: response.headers.get("etag"),
  });
  return { status: "ready", shard: parsed.value, notes: parsed.notes, fetchedAt };
}

/** Loads in progress, by cache key and shard URL: handlers that fire together share one request. */
const inFlight = new Map<string, Promise<DirectoryState>>();

/**
 * Loads the user's shard: revalidates the cached copy with If-None-Match, keeps the last good
 * copy when the server fails or sends something unusable, and remembers a 404 as "nothing
 * published" (the admin removed their rights, or never gave any) for notPublishedMaxAgeMs.
 * Settles within timeoutMs whatever the host does (a stalled or dripping body, a reset, a
 * token that does not come): then the last good copy ("stale") or "failed", reason "timed out".
 * Never rejects. Concurrent calls for the same user and URL share one request.
 */
export function loadUserShard(opts: DirectoryOptions): Promise<DirectoryState> {
  const key = `${cacheKey(opts.baseUrl, opts.user)} ${opts.shardUrl ?? ""}`;
  const running = inFlight.get(key);
  if (running) return running;
  const started = loadOnce(opts).finally(() => inFlight.delete(key));
  inFlight.set(key, started);
  return started;
}

async function loadOnce(opts: DirectoryOptions): Promise<DirectoryState> {
  const cached = await readCache(opts);
  const fail = (failure: DirectoryFailure): DirectoryState =>
    cached?.kind === "shard"
      ? {
          status: "stale",
          shard: cached.shard,
          notes: cached.notes,
          fetchedAt: cached.fetchedAt,
          failure,
        }
      : { status: "failed", failure };

  if (cached?.kind === "notPublished") {
    const age = (opts.now ?? (() => new Date()))().getTime() - new Date(cached.fetchedAt).getTime();
    const maxAge = opts.notPublishedMaxAgeMs ?? NOT_PUBLISHED_REVALIDATE_MS;
    if (age >= 0 && age < maxAge) return { status: "notPublished", fetchedAt: cached.fetchedAt };
  }

  // The event handlers' JavaScript-only runtime may lack AbortController: then the deadline
  // still answers in time, and the request is simply left to finish on its own.
  const controller = typeof AbortController === "function" ? new AbortController() : null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<DirectoryState>((resolve) => {
    timer = setTimeout(() => {
      controller?.abort();
      resolve(fail({ kind: "unreachable", detail: TIMED_OUT }));
    }, opts.timeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS);
  });
  const work = load(opts, cached, fail, controller?.signal).catch((e: unknown) =>
    fail({ kind: "unreachable", detail: describeError(e) })
  );
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
