// The directory's network side: loading the user's shard (public index + users/<hash>.json, or
// protected mode's B/me), validating it and caching the answer. Its own chunk in the task pane,
// fetched while the cached list paints (src/taskpane/index.tsx): the first frame needs only the
// cache (./cache.ts), and the first load stays within the bundle budget (bench/bundle.cjs).
// Everything in ./cache.ts is re-exported, so callers that need both import from here.
import type { SmtpAddress } from "../core/address";
import { recordFailure } from "../core/diagnostics";
import { Mailbox, MAILBOX_KINDS, MAX_SHARD_BYTES, UserShard, utf8Length } from "../core/model";
import type { ShardNote } from "../core/shard";
import {
  CACHE_CHUNK,
  cacheChunkKey,
  CacheEntry,
  Cached,
  CHUNKED_HEAD,
  Chunks,
  cacheKey,
  LeanMailbox,
  DEFAULT_LOAD_TIMEOUT_MS,
  DirectoryFailure,
  DirectoryOptions,
  DirectoryState,
  NOT_PUBLISHED_REVALIDATE_MS,
  readCache,
  staleOrFailed,
} from "./cache";

export * from "./cache";

// Writing the cache: what a load stores (format 4), and earlier formats for tests that seed one.

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

/** What writeCache stores: a shard (with the chunks it was read from, if any) or "nothing published". */
export type ToStore =
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
export async function writeCache(opts: DirectoryOptions, value: ToStore): Promise<void> {
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
    return fail(
      refusedAccount(e) ?? {
        kind: opts.protected ? "signInNeeded" : "unreachable",
        detail: describeError(e),
      }
    );
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
      return fail(refusedAccount(e) ?? { kind: "signInNeeded", detail: describeError(e) });
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
      return fail({
        kind: "unreachable",
        detail: `HTTP ${response.status}`,
        status: response.status,
      });
    const fetchedAt = now();
    await writeCache(opts, { notPublished: true, fetchedAt, etag: response.headers.get("etag") });
    return { status: "notPublished", fetchedAt };
  }
  if (!response.ok)
    return fail({
      kind: "unreachable",
      detail: `HTTP ${response.status}`,
      status: response.status,
    });

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

/**
 * The wrongAccount failure for a token provider's refusal of another account (graph/auth's
 * AuthError, kind "wrongAccount": the sign-in gave a token for someone other than Outlook's user,
 * MSAL #7356, or one it could not confirm, code "accountUnconfirmed"), else null. Read by its
 * fields: this layer does not import graph/, whose sign-in the pane passes in as `headers`.
 */
function refusedAccount(e: unknown): DirectoryFailure | null {
  const error = (e ?? {}) as { kind?: unknown; code?: unknown; account?: unknown };
  if (error.kind !== "wrongAccount") return null;
  return {
    kind: "wrongAccount",
    detail: describeError(e),
    ...(typeof error.account === "string" && error.account && { account: error.account }),
    ...(error.code === "accountUnconfirmed" && { unconfirmed: true }),
  };
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
  const fail = (failure: DirectoryFailure): DirectoryState => staleOrFailed(cached, failure);

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
