#!/usr/bin/env node
// Assembles the directory service as an Azure Functions app folder, ready to deploy unchanged:
//   node scripts/package-functions.cjs <out folder> [--directory <built directory>]
// <out>/host.json, package.json (main: lib/service/functions.js; the dependency versions of this
// package), lib/core and lib/service (compiled by `npm run build:admin`), and with --directory a
// copy of the built directory as <out>/directory (the default SEND_FROM_DIRECTORY). Then:
//   cd <out> && npm install --omit=dev && func azure functionapp publish <app name>
// README "Run the directory service" has the whole procedure.
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const args = process.argv.slice(2);
const out = args[0];
const dirFlag = args.indexOf("--directory");
const directory = dirFlag > 0 ? args[dirFlag + 1] : undefined;
if (!out || out.startsWith("-") || (dirFlag > 0 && !directory)) {
  console.error(
    "Usage: node scripts/package-functions.cjs <out folder> [--directory <built directory>]"
  );
  process.exit(2);
}
const lib = path.join(root, "lib");
if (!fs.existsSync(path.join(lib, "service", "functions.js"))) {
  console.error("lib/service is not built: run `npm run build:admin` first.");
  process.exit(1);
}
if (directory && !fs.existsSync(path.join(directory, "object-ids.json"))) {
  console.error(`${directory} has no object-ids.json: build it with send-from-admin build first.`);
  process.exit(1);
}
const template = path.join(root, "src", "service", "azure-functions");
fs.mkdirSync(out, { recursive: true });
fs.copyFileSync(path.join(template, "host.json"), path.join(out, "host.json"));
fs.copyFileSync(path.join(template, ".funcignore"), path.join(out, ".funcignore"));
const own = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const app = JSON.parse(fs.readFileSync(path.join(template, "package.json"), "utf8"));
for (const name of Object.keys(app.dependencies)) app.dependencies[name] = own.dependencies[name];
fs.writeFileSync(path.join(out, "package.json"), `${JSON.stringify(app, null, 2)}\n`);
for (const part of ["core", "service"]) {
  fs.rmSync(path.join(out, "lib", part), { recursive: true, force: true });
  fs.cpSync(path.join(lib, part), path.join(out, "lib", part), { recursive: true });
}
if (directory) {
  fs.rmSync(path.join(out, "directory"), { recursive: true, force: true });
  fs.cpSync(directory, path.join(out, "directory"), { recursive: true });
}
console.log(
  `Azure Functions app in ${out}${directory ? ` (directory copied from ${directory})` : ""}.`
);
console.log(
  `Next: cd ${out} && npm install --omit=dev && func azure functionapp publish <app name>`
);
