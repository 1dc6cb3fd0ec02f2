#!/usr/bin/env node
// `npm run validate` (see src/manifest/cli.ts). Compiled to lib/ by `npm run build:admin`.
const path = require("path");
const fs = require("fs");
const entry = path.join(__dirname, "..", "lib", "manifest", "cli.js");
if (!fs.existsSync(entry)) {
  console.error(
    "The manifest checks are not built yet. Run `npm run build:admin`, then try again."
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
