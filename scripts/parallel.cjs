#!/usr/bin/env node
// Runs npm scripts side by side and fails if any of them fails: `npm test` on CI's 2-core machine
// used one core for steps that are each single-threaded (tsc, ESLint, webpack), so independent
// steps run together. Usage: node scripts/parallel.cjs <group> [<group> ...], where a group is one
// script name or several joined by "+" (run one after the other, stopping at the first failure).
// Each group's output is held and printed whole when it ends, so logs never interleave.
// Exit code: 0 when every group passed, else 1.
const { spawn } = require("child_process");

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Runs one npm script; resolves to { code, output } (stdout and stderr together, in order). */
function runScript(name) {
  return new Promise((resolve) => {
    const chunks = [];
    const child = spawn(npm, ["run", name], { stdio: ["ignore", "pipe", "pipe"], shell: false });
    child.stdout.on("data", (c) => chunks.push(c));
    child.stderr.on("data", (c) => chunks.push(c));
    child.on("error", (err) => resolve({ code: 1, output: `${err.message}\n` }));
    child.on("close", (code, signal) =>
      resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString("utf8") })
    );
  });
}

async function runGroup(group) {
  const started = Date.now();
  let output = "";
  for (const name of group.split("+")) {
    const r = await runScript(name);
    output += r.output;
    if (r.code !== 0) return { group, ok: false, failed: name, output, started };
  }
  return { group, ok: true, output, started };
}

async function main(groups) {
  if (!groups.length) {
    console.error("usage: node scripts/parallel.cjs <script>[+<script>...] ...");
    return 2;
  }
  const results = await Promise.all(
    groups.map((g) =>
      runGroup(g).then((r) => {
        const seconds = ((Date.now() - r.started) / 1000).toFixed(1);
        process.stdout.write(
          `\n== ${r.group} (${r.ok ? "passed" : `FAILED in ${r.failed}`}, ${seconds} s)\n`
        );
        process.stdout.write(r.output);
        return r;
      })
    )
  );
  const failed = results.filter((r) => !r.ok);
  if (failed.length) console.error(`\nFailed: ${failed.map((r) => r.failed).join(", ")}`);
  return failed.length ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
