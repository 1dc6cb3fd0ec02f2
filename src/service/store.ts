import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { DIRECTORY_VERSION, MAX_SHARD_BYTES, SHARD_FORMAT } from "../core/model";
import { MAX_OBJECT_IDS_BYTES, OBJECT_IDS_FILE, parseObjectIdMap } from "../core/object-ids";
import { parseIndex } from "../core/shard";
import { utf8 } from "../core/shard-name";

// The built directory in memory, as the service serves it: object id -> the bytes of that user's
// shard (unchanged, as the build wrote them) and their ETag. A new build replaces the whole map at
// once, and only after every file of it was read and checked (docs/directory-format.md).

/** One user's shard as served. */
export interface ServedShard {
  /** The file's bytes, unchanged. */
  body: Buffer;
  /** Strong ETag: the quoted base64url SHA-256 of the bytes (so two users' ETags never match). */
  etag: string;
}

export interface DirectorySnapshot {
  generatedAt: string;
  /** Lower-case Entra object id -> shard. A Map: no prototype keys to trip over. */
  byObjectId: ReadonlyMap<string, ServedShard>;
}

export type LoadResult = { ok: true; snapshot: DirectorySnapshot } | { ok: false; problem: string };

/** Shards read (synchronously: many small async reads cost far more) between two yields to requests. */
const READ_BATCH = 200;

/** users/<sha256>.json of a user, as src/core/shard-name.ts names it, hashed by Node's crypto (faster). */
function shardFile(user: string): string {
  return `users/${createHash("sha256").update(utf8(user)).digest("hex")}.json`;
}

/**
 * A published file's text as the pane decodes it (TextDecoder, UTF-8, a leading UTF-8 BOM
 * dropped), so the service reads every file `send-from-admin validate` accepts: a BOM written by
 * Windows PowerShell 5.1's Set-Content/Out-File -Encoding UTF8 or an old Notepad made the service
 * refuse the whole directory that validate called valid (rev11n finding 11). The bytes served stay
 * as they are: the pane drops the BOM itself.
 */
const decoder = new TextDecoder("utf-8");
const textOf = (bytes: Buffer): string => decoder.decode(bytes);

function readShard(file: string): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const { size } = fs.fstatSync(fd);
    if (size > MAX_SHARD_BYTES)
      throw new Error(`${path.basename(file)} is ${size} bytes, over ${MAX_SHARD_BYTES}`);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Why a shard cannot be served for `user`, or null. Checked here: JSON, format and version, the
 * user it is for, the build it belongs to. The pane validates the rest against the schema when it
 * reads it, as it does for a static file (and `send-from-admin validate` checks every field).
 */
function shardProblem(body: Buffer, user: string, generatedAt: string): string | null {
  let data: {
    format?: unknown;
    version?: unknown;
    user?: unknown;
    generatedAt?: unknown;
    mailboxes?: unknown;
  };
  try {
    data = JSON.parse(textOf(body)) as typeof data;
  } catch {
    return "is not JSON";
  }
  if (typeof data !== "object" || data === null) return "is not a JSON object";
  if (
    data.format !== SHARD_FORMAT ||
    data.version !== DIRECTORY_VERSION ||
    !Array.isArray(data.mailboxes)
  )
    return `is not a shard of format version ${DIRECTORY_VERSION}`;
  if (typeof data.user !== "string" || data.user.trim().toLowerCase() !== user)
    return `is the shard of ${String(data.user).slice(0, 80)}, not of ${user}`;
  if (data.generatedAt !== generatedAt)
    return `is from another build (generatedAt ${String(data.generatedAt).slice(0, 40)}, index.json ${generatedAt})`;
  return null;
}

async function readLimited(file: string, limit: number): Promise<Buffer> {
  const handle = await fs.promises.open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size > limit) throw new Error(`${path.basename(file)} is ${size} bytes, over ${limit}`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * What identifies one published build on disk: the directory's and its two top files' inodes and
 * times. send-from-admin build publishes by renaming a complete new folder in place, so a new
 * build always changes it; null when the directory is absent (between the two renames).
 */
export async function buildStamp(dir: string): Promise<string | null> {
  try {
    const [d, m, i] = await Promise.all(
      [dir, path.join(dir, OBJECT_IDS_FILE), path.join(dir, "index.json")].map((f) =>
        fs.promises.stat(f, { bigint: true })
      )
    );
    return [d.ino, m.ino, m.size, m.mtimeNs, i.ino, i.size, i.mtimeNs].join(":");
  } catch {
    return null;
  }
}

/**
 * Reads and checks a whole built directory: index.json, object-ids.json and the shard of every
 * user it maps. Refused (nothing of it used) when any file is missing, unreadable, over its size
 * limit, not valid, for another user than the map says, or from another build (generatedAt differs:
 * a directory copied file by file and caught half-way).
 */
export async function loadDirectory(dir: string): Promise<LoadResult> {
  try {
    const index = parseIndex(
      textOf(await readLimited(path.join(dir, "index.json"), MAX_SHARD_BYTES))
    );
    if (!index.ok)
      return { ok: false, problem: `index.json is not a directory index (${index.problem.code})` };
    const mapFile = path.join(dir, OBJECT_IDS_FILE);
    if (!fs.existsSync(mapFile))
      return {
        ok: false,
        problem: `${OBJECT_IDS_FILE} is missing: build the directory with this version of send-from-admin build`,
      };
    const map = parseObjectIdMap(textOf(await readLimited(mapFile, MAX_OBJECT_IDS_BYTES)));
    if (!map.ok) return { ok: false, problem: `${OBJECT_IDS_FILE}: ${map.detail}` };
    const generatedAt = index.value.generatedAt;
    if (map.value.generatedAt !== generatedAt)
      return { ok: false, problem: `${OBJECT_IDS_FILE} and index.json are from two builds` };

    const entries = Object.entries(map.value.users);
    const byObjectId = new Map<string, ServedShard>();
    for (let i = 0; i < entries.length; i++) {
      // Let requests in between batches: a reload must not stall the build being served.
      if (i % READ_BATCH === READ_BATCH - 1) await new Promise((r) => setImmediate(r));
      const [oid, user] = entries[i];
      const file = shardFile(user);
      const body = readShard(path.join(dir, file));
      const problem = shardProblem(body, user, generatedAt);
      if (problem !== null) return { ok: false, problem: `${file} (shard of ${user}) ${problem}` };
      byObjectId.set(oid, {
        body,
        etag: `"${createHash("sha256").update(body).digest("base64url")}"`,
      });
    }
    return { ok: true, snapshot: { generatedAt, byObjectId } };
  } catch (e) {
    return { ok: false, problem: e instanceof Error ? e.message : String(e) };
  }
}

/** Log lines of the store (never tokens or shard contents). */
export type StoreLog = (level: "info" | "error", message: string) => void;

export interface StoreOptions {
  /** How often the directory is checked for a new build, in milliseconds (default 5 s). */
  pollMs?: number;
  log?: StoreLog;
}

export const DEFAULT_POLL_MS = 5000;
/** After a refused build, checks back off to at most this (a changed stamp is read at once). */
const MAX_RETRY_MS = 5 * 60 * 1000;

/**
 * The built directory the service answers from. `load()` reads it once (at start); `start()`
 * then checks every pollMs whether a new build was published and, when one is read and checked
 * completely, swaps it in whole. A refused build is logged and the previous one stays served. A
 * build whose stamp changed while it was being read is read again at the next check, so files of
 * two builds are never mixed.
 */
export class DirectoryStore {
  private snapshot: DirectorySnapshot | null = null;
  private stamp: string | null = null;
  private failedStamp: string | null = null;
  private retryAt = 0;
  private retryDelay = 0;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<boolean> | null = null;
  private readonly pollMs: number;
  private readonly log: StoreLog;

  constructor(
    readonly dir: string,
    options: StoreOptions = {}
  ) {
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.log = options.log ?? (() => undefined);
  }

  /** The build being served; null until one was loaded. */
  current(): DirectorySnapshot | null {
    return this.snapshot;
  }

  /**
   * Reads the directory if its build changed since the last load (or a refused one is due for
   * a retry). Resolves true when a new build was swapped in. Concurrent calls share one read.
   */
  check(): Promise<boolean> {
    this.checking ??= this.checkOnce().finally(() => (this.checking = null));
    return this.checking;
  }

  private async checkOnce(): Promise<boolean> {
    const before = await buildStamp(this.dir);
    if (before === null) {
      // Before the first load, say exactly what is missing; later, this is publish's rename gap.
      if (this.snapshot === null) {
        const result = await loadDirectory(this.dir);
        this.failed(null, result.ok ? `${this.dir} changed while it was read` : result.problem);
      }
      return false;
    }
    if (before === this.stamp) return false;
    if (before === this.failedStamp && Date.now() < this.retryAt) return false;
    const result = await loadDirectory(this.dir);
    const after = await buildStamp(this.dir);
    if (after !== before) {
      this.log(
        "info",
        "the directory changed while it was read; reading it again at the next check"
      );
      return false;
    }
    if (!result.ok) {
      this.failed(before, result.problem);
      return false;
    }
    const first = this.snapshot === null;
    this.snapshot = result.snapshot;
    this.stamp = before;
    this.failedStamp = null;
    this.retryDelay = 0;
    this.log(
      "info",
      `${first ? "loaded" : "reloaded"} the directory of ${result.snapshot.generatedAt}: ${result.snapshot.byObjectId.size} user(s)`
    );
    if (result.snapshot.byObjectId.size === 0)
      this.log(
        "error",
        `${OBJECT_IDS_FILE} maps no user to an object id, so every user gets 404: build with recipients.csv carrying ExternalDirectoryObjectId (Export-SendFromData.ps1 writes it)`
      );
    return true;
  }

  private failed(stamp: string | null, problem: string): void {
    this.retryDelay =
      stamp === this.failedStamp
        ? Math.min(this.retryDelay * 2 || this.pollMs, MAX_RETRY_MS)
        : this.pollMs;
    this.failedStamp = stamp;
    this.retryAt = Date.now() + this.retryDelay;
    this.log(
      "error",
      `${this.snapshot ? "kept the previous directory: " : "no directory to serve: "}${problem}`
    );
  }

  /** Starts checking for new builds every pollMs (the timer does not keep the process alive). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
