import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  PermissionBatch,
  PermissionFileKind,
  PermissionFileResult,
  readPermissionFile,
} from "./permissions";
import { workerScript } from "./threads";

/** A permission file being read, in a worker thread or (without one) on demand in this thread. */
export interface PermissionSource {
  kind: PermissionFileKind;
  /** Hands every batch to onBatch in file order; resolves with the file's counts and problems. */
  consume(onBatch: (batch: PermissionBatch) => void): Promise<PermissionFileResult>;
}

/**
 * How many permission files are parsed at once, each in its own worker thread, on a machine with
 * `cores` logical processors (os.availableParallelism). The main thread indexes recipients.csv
 * and mailboxes.csv meanwhile, and that is the build's longest path: with two cores, two readers
 * beside it shared its core and made the 1 M-row bench 10% slower than one reader at a time
 * (issue 11's 1.2x budget), so there only one file is parsed at a time.
 */
export function readerThreads(cores: number = availableParallelism()): number {
  return cores >= 3 ? 2 : 1;
}

/**
 * Starts worker threads at most `limit` at a time, in the order asked: each start function
 * creates its thread and returns a promise that settles when the thread is done: its result or
 * error posted, or the thread exited (it must not reject); the next waiting one starts then.
 */
export type ThreadLane = (start: () => Promise<void>) => void;

export function threadLane(limit: number): ThreadLane {
  let running = 0;
  const waiting: (() => Promise<void>)[] = [];
  const next = () => {
    while (running < limit && waiting.length > 0) {
      const start = waiting.shift()!;
      running++;
      void start().then(() => {
        running--;
        next();
      });
    }
  };
  return (start) => {
    waiting.push(start);
    next();
  };
}

export function permissionSource(
  path: string,
  kind: PermissionFileKind,
  threads: boolean,
  /** The folder holds export-info.csv (hasScriptMarker). */
  scriptProven = false,
  /** Where the worker waits for its turn (threadLane); without one it starts at once. */
  lane: ThreadLane = (start) => void start()
): PermissionSource {
  const script = threads ? workerScript("permission-worker") : null;
  if (!script)
    return { kind, consume: (onBatch) => readPermissionFile(path, kind, onBatch, scriptProven) };

  // The worker starts when the lane lets it; its batches wait here until the main thread has
  // the lookups ready.
  const queue: PermissionBatch[] = [];
  let result: PermissionFileResult | null = null;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  lane(
    () =>
      new Promise<void>((exited) => {
        let worker: Worker;
        try {
          worker = new Worker(script, { workerData: { path, kind, scriptProven } });
        } catch (e) {
          failure = e instanceof Error ? e : new Error(String(e));
          notify();
          exited();
          return;
        }
        worker.on(
          "message",
          (m: { batch?: PermissionBatch; result?: PermissionFileResult; error?: string }) => {
            if (m.batch) queue.push(m.batch);
            else if (m.result) result = m.result;
            else failure = new Error(m.error ?? "the permission reader failed");
            notify();
            // The file is read (or failed): the next may start, even if this thread lingers
            // (rev11zb ZB3: waiting for its exit alone would hang on a handle left open).
            if (!m.batch) exited();
          }
        );
        worker.on("error", (e) => {
          failure = e;
          notify();
          exited();
        });
        worker.on("exit", (code) => {
          if (!result && !failure)
            failure = new Error(`the permission reader stopped (exit code ${code})`);
          notify();
          exited();
        });
      })
  );
  return {
    kind,
    async consume(onBatch) {
      let next = 0;
      for (;;) {
        while (next < queue.length) {
          const batch = queue[next];
          // Free each batch once used: the queue may hold a whole file.
          queue[next++] = undefined as unknown as PermissionBatch;
          onBatch(batch);
        }
        if (result) return result;
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
