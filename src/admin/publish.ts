import * as fs from "node:fs";
import * as path from "node:path";
import { DIRECTORY_FORMAT } from "../core/model";
import { Worker } from "node:worker_threads";
import { OBJECT_IDS_FILE } from "../core/object-ids";
import { BuiltDirectory } from "./build";
import { ObjectIdMapBuilder, ObjectIdOutcome } from "./object-ids";
import { Problem } from "./problems";
import { workerScript } from "./threads";

const SHARD_NAME = /^[0-9a-f]{64}\.json$/;

/**
 * Whether `out` may be replaced: it must not exist, be empty, or hold only what a build writes
 * (index.json of this format, object-ids.json and users/<sha256>.json). Anything else may be the admin's own
 * files, and a build must never delete those.
 */
export function checkOutFolder(out: string): Problem | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(out);
  } catch {
    return null;
  }
  const refuse = (what: string): Problem => ({
    file: out,
    message: `refusing to replace this folder: ${what}, so it is not a directory send-from-admin wrote`,
    fix: "choose a new or empty --out folder, or move those files away",
  });
  if (!stat.isDirectory()) return refuse("it is a file");
  const foreign: string[] = [];
  for (const entry of fs.readdirSync(out, { withFileTypes: true })) {
    if (entry.name === "index.json" && entry.isFile()) {
      if (!isOurIndex(path.join(out, entry.name)))
        return refuse("its index.json is not a Send From directory index");
    } else if (entry.name === OBJECT_IDS_FILE && entry.isFile()) {
      continue;
    } else if (entry.name === "users" && entry.isDirectory()) {
      for (const shard of fs.readdirSync(path.join(out, "users"), { withFileTypes: true })) {
        if (!shard.isFile() || !SHARD_NAME.test(shard.name)) foreign.push(`users/${shard.name}`);
      }
    } else {
      foreign.push(entry.name);
    }
    if (foreign.length >= 3) break;
  }
  return foreign.length > 0 ? refuse(`it contains ${foreign.join(", ")}`) : null;
}

function isOurIndex(file: string): boolean {
  try {
    const data = JSON.parse(fs.readFileSync(file, "utf8")) as { format?: unknown };
    return data.format === DIRECTORY_FORMAT;
  } catch {
    return false;
  }
}

export interface PublishOutcome {
  shards: number;
  /** object-ids.json: who the directory service can serve, who is left out and why. */
  objectIds: ObjectIdOutcome;
}

/** Writes shard files: through the writer worker when compiled, else directly. */
interface ShardWriter {
  write(name: string, text: string): Promise<void>;
  finish(): Promise<void>;
}

const WRITE_BATCH = 256;
/** Batches sent and not yet written; bounds the memory held by texts in flight. */
const MAX_IN_FLIGHT = 16;

function shardWriter(dir: string, threads: boolean): ShardWriter {
  const script = threads ? workerScript("writer-worker") : null;
  if (!script) {
    return {
      // Synchronous writes: faster than many small async writes through the thread pool.
      write: async (name, text) => fs.writeFileSync(path.join(dir, name), text),
      finish: async () => undefined,
    };
  }
  // One writer thread: creating files is kernel time the main thread need not wait for. (Two
  // writers were slower: creations in one folder contend for its lock.)
  const worker = new Worker(script);
  let batch: [string, string][] = [];
  let inFlight = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on("message", (m: { written?: number; error?: string }) => {
    inFlight--;
    if (m.error) failure = new Error(m.error);
    notify();
  });
  worker.on("error", (e) => {
    failure = e;
    notify();
  });
  const waitBelow = async (limit: number) => {
    while (inFlight > limit && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  };
  const send = async () => {
    if (batch.length === 0) return;
    await waitBelow(MAX_IN_FLIGHT - 1);
    inFlight++;
    worker.postMessage({ dir, files: batch });
    batch = [];
  };
  return {
    async write(name, text) {
      batch.push([name, text]);
      if (batch.length >= WRITE_BATCH) await send();
    },
    async finish() {
      try {
        await send();
        await waitBelow(0);
      } finally {
        await worker.terminate();
      }
    },
  };
}

/**
 * Writes the directory into a temporary sibling folder and swaps it in at the end: a failed
 * build leaves the previous directory untouched, and shards of users who lost every right
 * disappear with the old folder. Between the two renames `out` is briefly absent.
 */
export async function publishDirectory(
  out: string,
  built: BuiltDirectory,
  threads = true
): Promise<PublishOutcome> {
  // Web roots are often symlinks: replace the folder they point to, keep the link.
  let target = path.resolve(out);
  try {
    if (fs.lstatSync(target).isSymbolicLink()) target = fs.realpathSync(target);
  } catch {
    // Does not exist yet.
  }
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const temp = path.join(parent, `.${path.basename(target)}.building-${stamp}`);
  let swapped = false;
  try {
    fs.mkdirSync(path.join(temp, "users"), { recursive: true });
    const writer = shardWriter(path.join(temp, "users"), threads);
    let shards = 0;
    const objectIds = new ObjectIdMapBuilder();
    try {
      for (const shard of built.shards()) {
        await writer.write(shard.fileName, shard.text);
        objectIds.add(shard.user, shard.objectId);
        shards++;
      }
    } finally {
      await writer.finish();
    }
    const generatedAt = (JSON.parse(built.indexText) as { generatedAt: string }).generatedAt;
    const map = objectIds.finish(generatedAt);
    fs.writeFileSync(path.join(temp, OBJECT_IDS_FILE), map.text);
    fs.writeFileSync(path.join(temp, "index.json"), built.indexText);
    if (fs.existsSync(target)) {
      const old = path.join(parent, `.${path.basename(target)}.replaced-${stamp}`);
      fs.renameSync(target, old);
      try {
        fs.renameSync(temp, target);
      } catch (e) {
        fs.renameSync(old, target);
        throw e;
      }
      swapped = true;
      fs.rmSync(old, { recursive: true, force: true });
    } else {
      fs.renameSync(temp, target);
      swapped = true;
    }
    return { shards, objectIds: map.outcome };
  } finally {
    if (!swapped) fs.rmSync(temp, { recursive: true, force: true });
  }
}
