import { BuildProgress } from "./build";
import { ValidateProgress } from "./validate";

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const BAR = 24;
const EVERY_MS = 100;
/** Off a terminal, only steps that took this long get a line: small runs stay quiet. */
const PLAIN_LINE_AFTER_MS = 1000;

const count = (n: number) => n.toLocaleString("en-US");

/**
 * Progress on stderr. On a terminal: one live line with a bar, redrawn at most ten times a
 * second. Otherwise (CI logs, pipes): one plain line per file or phase that took a second or
 * more, and no redraws.
 */
export function stderrProgress(stream: ProgressStream): BuildProgress & ValidateProgress {
  const live = !!stream.isTTY;
  let label = "";
  let total = 0;
  let done = 0;
  let rows = 0;
  let unit: "bytes" | "items" = "items";
  let lastDraw = 0;
  let drawn = false;
  let startedAt = 0;

  const draw = (force: boolean) => {
    if (!live) return;
    const now = Date.now();
    if (!force && now - lastDraw < EVERY_MS) return;
    lastDraw = now;
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(fraction * BAR);
    const bar =
      total > 0
        ? `[${"#".repeat(filled)}${".".repeat(BAR - filled)}] ${Math.floor(fraction * 100)}% `
        : "";
    const tail =
      unit === "bytes" ? `${count(rows)} rows` : total > 0 ? `${count(done)}/${count(total)}` : "";
    stream.write(`\r\x1b[K${label} ${bar}${tail}`);
    drawn = true;
  };

  return {
    file(name, bytes) {
      label = `reading ${name}`;
      startedAt = Date.now();
      unit = "bytes";
      total = bytes;
      done = 0;
      rows = 0;
      draw(true);
    },
    advance(bytes, n) {
      done = bytes;
      rows = n;
      draw(false);
    },
    phase(text, items) {
      label = text;
      startedAt = Date.now();
      unit = "items";
      total = items ?? 0;
      done = 0;
      rows = 0;
      draw(true);
    },
    step(n) {
      done = n;
      draw(false);
    },
    done() {
      if (live) {
        if (drawn) stream.write("\r\x1b[K");
        drawn = false;
        return;
      }
      const seconds = (Date.now() - startedAt) / 1000;
      if (seconds * 1000 < PLAIN_LINE_AFTER_MS) return;
      const what = unit === "bytes" ? `${count(rows)} rows` : total > 0 ? count(done) : "done";
      stream.write(`send-from-admin: ${label}: ${what} (${seconds.toFixed(1)} s)\n`);
    },
  };
}

/** For --quiet and tests. */
export const silentProgress: BuildProgress & ValidateProgress = {
  file: () => undefined,
  advance: () => undefined,
  phase: () => undefined,
  step: () => undefined,
  done: () => undefined,
};
