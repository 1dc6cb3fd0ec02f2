import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The compiled worker script next to this module, or null when running from TypeScript
 * source (ts-jest): then the same code runs in the main thread, only without the parallelism.
 */
export function workerScript(name: "permission-worker" | "writer-worker"): string | null {
  if (!__filename.endsWith(".js")) return null;
  const file = path.join(__dirname, `${name}.js`);
  return fs.existsSync(file) ? file : null;
}
