import * as fs from "node:fs";
import * as path from "node:path";
import { parentPort } from "node:worker_threads";

// Worker thread: writes batches of shard files (file creation is the slow part of publishing)
// while the main thread generates the next ones. Acknowledges each batch, or reports the error.
const port = parentPort;
if (port) {
  port.on("message", (message: { dir: string; files: [string, string][] }) => {
    try {
      for (const [name, text] of message.files)
        fs.writeFileSync(path.join(message.dir, name), text);
      port.postMessage({ written: message.files.length });
    } catch (e) {
      port.postMessage({ error: e instanceof Error ? e.message : String(e) });
    }
  });
}
