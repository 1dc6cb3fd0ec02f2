import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { MAX_SHARD_BYTES } from "../core/model";
import { MAX_OBJECT_IDS_BYTES, OBJECT_IDS_FILE, parseObjectIdMap } from "../core/object-ids";
import { parseIndex, parseShard } from "../core/shard";
import { shardPath } from "../core/shard-name";

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

/** How many shard files are read at once: enough to keep the disk busy, few enough to stay fair to requests. */
const READ_CONCURRENCY = 32;

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
    const index = parseIndex((await readLimited(path.join(dir, "index.json"), MAX_SHARD_BYTES)).toString("utf8"));
    if (!index.ok) return { ok: false, problem: `index.json is not a directory index (${index.problem.code})` };
    const mapFile = path.join(dir, OBJECT_IDS_FILE);
    if (!fs.existsSync(mapFile))
      return {
        ok: false,
        problem: `${OBJECT_IDS_FILE} is missing: build the directory with this version of send-from-admin build`,
      };
    const map = parseObjectIdMap((await readLimited(mapFile, MAX_OBJECT_IDS_BYTES)).toString("utf8"));
    if (!map.ok) return { ok: false, problem: `${OBJECT_IDS_FILE}: ${map.detail}` };
    const generatedAt = index.value.generatedAt;
    if (map.value.generatedAt !== generatedAt)
      return { ok: false, problem: `${OBJECT_IDS_FILE} and index.json are from two builds` };

    const entries = Object.entries(map.value.users);
    const byObjectId = new Map<string, ServedShard>();
    let next = 0;
    let problem: string | null = null;
    const worker = async () => {
      while (problem === null && next < entries.length) {
        const [oid, user] = entries[next++];
        const file = shardPath(user);
        const body = await readLimited(path.join(dir, file), MAX_SHARD_BYTES);
        const shard = parseShard(body.toString("utf8"), user);
        if (!shard.ok) problem = `${file} (shard of ${user}) is not usable (${shard.problem.code})`;
        else if (shard.value.generatedAt !== generatedAt)
          problem = `${file} is from another build (generatedAt ${shard.value.generatedAt}, index.json ${generatedAt})`;
        else
          byObjectId.set(oid, {
            body,
            etag: `"${createHash("sha256").update(body).digest("base64url")}"`,
          });
      }
    };
    await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
    if (problem !== null) return { ok: false, problem };
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
      this.log("info", "the directory changed while it was read; reading it again at the next check");
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
    return true;
  }

  private failed(stamp: string | null, problem: string): void {
    this.retryDelay = stamp === this.failedStamp ? Math.min(this.retryDelay * 2 || this.pollMs, MAX_RETRY_MS) : this.pollMs;
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
