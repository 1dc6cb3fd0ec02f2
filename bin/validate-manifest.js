#!/usr/bin/env node
// `npm run validate` (src/manifest/cli.ts).
require("./run-compiled")("manifest/cli.js", "The manifest checks");
