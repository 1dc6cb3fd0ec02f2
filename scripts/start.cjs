#!/usr/bin/env node
// `npm start`: builds the admin CLI, publishes the sample tenant's directory with it, and serves
// the add-in and the playground on https://localhost:3000 (webpack dev server).
const path = require("path");
const { spawnSync, spawn } = require("child_process");
const { SAMPLE_DIRECTORY } = require("./dev-server.cjs");

const root = path.resolve(__dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function run(command, args, what) {
  const r = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`\n${what} failed (exit ${r.status}).`);
    process.exit(r.status || 1);
  }
}

run(bin("tsc"), ["-p", "tsconfig.admin.json"], "Building the admin CLI");
run(bin("tsc"), ["-p", "tsconfig.tools.json"], "Building the Graph emulator");
run(
  process.execPath,
  [
    path.join(root, "bin", "send-from-admin.js"),
    "build",
    "--in",
    path.join(root, "samples", "northwind", "exports"),
    "--out",
    SAMPLE_DIRECTORY,
    // The sample keeps stale trustees (an orphaned SID, deleted accounts) as real exports do.
    "--allow-unresolved",
  ],
  "Publishing the sample directory"
);
console.log(
  `\nSample directory (Northwind Traders, fictional) published to ${path.relative(root, SAMPLE_DIRECTORY)}.`
);
console.log(
  "Starting the add-in on https://localhost:3000 ; the playground is https://localhost:3000/playground.html\n"
);

const server = spawn(bin("webpack"), ["serve", "--mode", "development"], {
  cwd: root,
  stdio: "inherit",
});
server.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
