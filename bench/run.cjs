#!/usr/bin/env node
// `npm run bench`: every benchmark, in turn. Each prints numbers; none fails on them.
// `npm run bench -- bundle search` runs only those.
const path = require("path");
const { spawnSync } = require("child_process");
const fs = require("fs");

const all = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith(".cjs") && f !== "run.cjs")
  .map((f) => f.replace(/\.cjs$/, ""));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const chosen = wanted.length ? all.filter((b) => wanted.includes(b)) : all;

// A bench that hangs must not hold up CI (a stalled simulated host once kept handlers.cjs
// alive for ever and CI ran out of time): each gets BENCH_TIMEOUT_S seconds, 600 by default.
const timeoutMs = Number(process.env.BENCH_TIMEOUT_S || 600) * 1000;

let failed = false;
for (const name of chosen) {
  console.log(`\n== ${name}`);
  const r = spawnSync(process.execPath, ["--expose-gc", path.join(__dirname, `${name}.cjs`)], {
    stdio: "inherit",
    timeout: timeoutMs,
    killSignal: "SIGKILL",
  });
  if (r.error && r.error.code === "ETIMEDOUT") {
    console.error(`${name}: stopped after ${timeoutMs / 1000} s without finishing.`);
    failed = true;
  } else if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
