import { parentPort, workerData } from "node:worker_threads";
import { PermissionFileKind, readPermissionFile } from "./permissions";

// Worker thread: parses one permission file and posts batches, then the result.
const port = parentPort;
if (port) {
  const { path, kind, scriptProven } = workerData as {
    path: string;
    kind: PermissionFileKind;
    scriptProven: boolean;
  };
  readPermissionFile(path, kind, (batch) => port.postMessage({ batch }), scriptProven).then(
    (result) => port.postMessage({ result }),
    (e: unknown) => port.postMessage({ error: e instanceof Error ? e.message : String(e) })
  );
}
