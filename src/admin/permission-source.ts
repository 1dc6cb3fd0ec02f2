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

export function permissionSource(
  path: string,
  kind: PermissionFileKind,
  threads: boolean,
  /** The folder holds export-info.csv (hasScriptMarker). */
  scriptProven = false
): PermissionSource {
  const script = threads ? workerScript("permission-worker") : null;
  if (!script)
    return { kind, consume: (onBatch) => readPermissionFile(path, kind, onBatch, scriptProven) };

  // The worker starts at once; its batches wait here until the main thread has the lookups ready.
  const worker = new Worker(script, { workerData: { path, kind, scriptProven } });
  const queue: PermissionBatch[] = [];
  let result: PermissionFileResult | null = null;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on(
    "message",
    (m: { batch?: PermissionBatch; result?: PermissionFileResult; error?: string }) => {
      if (m.batch) queue.push(m.batch);
      else if (m.result) result = m.result;
      else failure = new Error(m.error ?? "the permission reader failed");
      notify();
    }
  );
  worker.on("error", (e) => {
    failure = e;
    notify();
  });
  worker.on("exit", (code) => {
    if (!result && !failure)
      failure = new Error(`the permission reader stopped (exit code ${code})`);
    notify();
  });
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
