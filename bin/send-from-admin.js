#!/usr/bin/env node
// The admin CLI is written in TypeScript under src/admin and compiled to lib/ by `npm run build:admin`
// (run automatically by `npm ci` / `npm install` through the prepare script).
const path = require("path");
const fs = require("fs");
const entry = path.join(__dirname, "..", "lib", "admin", "cli.js");
if (!fs.existsSync(entry)) {
  console.error(
    "send-from-admin is not built yet. Run `npm run build:admin` in the send-from folder, then try again."
  );
  process.exit(2);
}
require(entry)
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (err) => {
      console.error(err && err.stack ? err.stack : String(err));
      process.exit(2);
    }
  );
