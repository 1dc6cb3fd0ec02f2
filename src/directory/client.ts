import type { SmtpAddress } from "../core/address";
import { DIRECTORY_VERSION, MAX_SHARD_BYTES, SHARD_FORMAT, UserShard } from "../core/model";
import { recordFailure } from "../core/diagnostics";
import { DirectoryProblem, parseIndex, parseShard, ShardNote } from "../core/shard";
import { shardPath } from "../core/shard-name";
import { DirectoryStorage } from "./storage";

export type DirectoryFailure =
  /** Network error, timeout, or an HTTP status that says nothing about the user (5xx, 401, 403…). */
  | { kind: "unreachable"; detail: string }
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
  /** The directory has no shard for this user: they may send only as themselves. */
  | { status: "notPublished" }
  /** Nothing usable and nothing cached. */
  | { status: "failed"; failure: DirectoryFailure };

export interface DirectoryOptions {
  /** Base URL B of the directory, ending in "/". */
  baseUrl: string;
  /** The signed-in user's primary SMTP address. */
  user: SmtpAddress;
  storage: DirectoryStorage;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Give up on the network after this long (default 10 s). */
  timeoutMs?: number;
}

/**
 * The last good shard, stored already validated and normalised: the event handlers read it on
 * every send and must decide in milliseconds, so a read only checks its shape, not the schema.
 */
interface CacheEntry {
  v: 2;
  shard: UserShard;
  notes: ShardNote[];
  etag: string | null;
  fetchedAt: string;
}

export function cacheKey(baseUrl: string, user: SmtpAddress): string {
  return `send-from:shard:${baseUrl}:${user}`;
}

/** The stored form of a cache entry (exported for tests and benchmarks that seed a cache). */
export function cacheValue(
  shard: UserShard,
  fetchedAt: string,
  etag: string | null = null,
  notes: ShardNote[] = []
): string {
  const entry: CacheEntry = { v: 2, shard, notes, etag, fetchedAt };
  return JSON.stringify(entry);
}

function isCacheEntry(value: unknown, user: SmtpAddress): value is CacheEntry {
  const e = value as Partial<CacheEntry> | null;
  return (
    !!e &&
    e.v === 2 &&
    typeof e.fetchedAt === "string" &&
    Array.isArray(e.notes) &&
    !!e.shard &&
    e.shard.format === SHARD_FORMAT &&
    e.shard.version === DIRECTORY_VERSION &&
    e.shard.user === user &&
    Array.isArray(e.shard.mailboxes)
  );
}

async function readCache(opts: DirectoryOptions): Promise<CacheEntry | null> {
  try {
    const raw = await opts.storage.get(cacheKey(opts.baseUrl, opts.user));
    if (!raw) return null;
    const entry: unknown = JSON.parse(raw);
    return isCacheEntry(entry, opts.user) ? entry : null;
  } catch (e) {
    recordFailure("directory", "cacheRead", e);
    return null;
  }
}

async function writeCache(opts: DirectoryOptions, entry: CacheEntry | null): Promise<void> {
  const key = cacheKey(opts.baseUrl, opts.user);
  try {
    if (entry)
      await opts.storage.set(
        key,
        cacheValue(entry.shard, entry.fetchedAt, entry.etag, entry.notes)
      );
    else await opts.storage.remove(key);
  } catch (e) {
    // Best effort: quota or private mode must not stop the pane from showing what it fetched.
    recordFailure("directory", "cacheWrite", e);
  }
}

/** The last good copy, if any, without touching the network (for a fast first paint and the event handlers). */
export async function readCachedShard(opts: DirectoryOptions): Promise<DirectoryState | null> {
  const cached = await readCache(opts);
  return (
    cached && {
      status: "cached",
      shard: cached.shard,
      notes: cached.notes,
      fetchedAt: cached.fetchedAt,
    }
  );
}

async function fetchWithTimeout(
  opts: DirectoryOptions,
  url: string,
  headers: Record<string, string>
): Promise<Response> {
  const doFetch = opts.fetch ?? fetch;
  // The event handlers' JavaScript-only runtime may lack AbortController: then the timeout
  // still answers in time, and the request is simply left to finish on its own.
  const controller = typeof AbortController === "function" ? new AbortController() : null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller?.abort();
      reject(Object.assign(new Error("timed out"), { name: "AbortError" }));
    }, opts.timeoutMs ?? 10_000);
  });
  try {
    // no-store: revalidation is ours (ETag/If-None-Match), so the browser cache must not answer for the server.
    const request = doFetch(url, {
      headers,
      cache: "no-store",
      credentials: "omit",
      signal: controller?.signal,
    });
    request.catch(() => undefined); // a late failure after the timeout is nobody's business
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describeError(e: unknown): string {
  if (e instanceof Error && e.name === "AbortError") return "timed out";
  return e instanceof Error ? e.message : String(e);
}

/**
 * Reads the body, refusing more than MAX_SHARD_BYTES even when Content-Length is absent or wrong:
 * counting while streaming means a runaway file is cut off, not downloaded.
 */
async function readLimited(response: Response): Promise<{ text: string } | { tooLarge: number }> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > MAX_SHARD_BYTES) return { tooLarge: declared };
  if (!response.body || typeof TextDecoder !== "function") {
    const text = await response.text();
    return text.length > MAX_SHARD_BYTES ? { tooLarge: text.length } : { text };
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
      await reader.cancel();
      return { tooLarge: bytes };
    }
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode() };
}

/** Tells "nothing published for you" from "the directory is not at this URL" after a 404. */
async function indexExists(opts: DirectoryOptions): Promise<boolean | "unknown"> {
  try {
    const response = await fetchWithTimeout(opts, `${opts.baseUrl}index.json`, {});
    if (response.status === 404 || response.status === 410) return false;
    if (!response.ok) return "unknown";
    return parseIndex(await response.text()).ok;
  } catch (e) {
    recordFailure("directory", "indexCheck", e);
    return "unknown";
  }
}

/**
 * Loads the user's shard: revalidates the cached copy with If-None-Match, keeps the last good copy
 * when the server fails or sends something unusable, and forgets it when the server says the
 * user has nothing published (the admin removed their rights).
 */
export async function loadUserShard(opts: DirectoryOptions): Promise<DirectoryState> {
  const now = () => (opts.now ?? (() => new Date()))().toISOString();
  const cached = await readCache(opts);
  const fail = (failure: DirectoryFailure): DirectoryState =>
    cached
      ? {
          status: "stale",
          shard: cached.shard,
          notes: cached.notes,
          fetchedAt: cached.fetchedAt,
          failure,
        }
      : { status: "failed", failure };

  const url = `${opts.baseUrl}${shardPath(opts.user)}`;
  let response: Response;
  try {
    response = await fetchWithTimeout(
      opts,
      url,
      cached?.etag ? { "If-None-Match": cached.etag } : {}
    );
  } catch (e) {
    recordFailure("directory", "fetch", e);
    return fail({ kind: "unreachable", detail: describeError(e) });
  }

  if (response.status === 304 && cached) {
    const fetchedAt = now();
    await writeCache(opts, { ...cached, fetchedAt });
    return { status: "ready", shard: cached.shard, notes: cached.notes, fetchedAt };
  }
  if (response.status === 404 || response.status === 410) {
    const index = await indexExists(opts);
    if (index === false) return fail({ kind: "missing", url: opts.baseUrl });
    if (index === "unknown")
      return fail({ kind: "unreachable", detail: `HTTP ${response.status}` });
    await writeCache(opts, null);
    return { status: "notPublished" };
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
  const text = body.text;
  const parsed = parseShard(text, opts.user);
  if (!parsed.ok) return fail({ kind: "malformed", problem: parsed.problem });

  const fetchedAt = now();
  await writeCache(opts, {
    v: 2,
    shard: parsed.value,
    notes: parsed.notes,
    etag: response.headers.get("etag"),
    fetchedAt,
  });
  return { status: "ready", shard: parsed.value, notes: parsed.notes, fetchedAt };
}
