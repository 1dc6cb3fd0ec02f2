#!/usr/bin/env node
// The admin CLI (src/admin/cli.ts).
require("./run-compiled")("admin/cli.js", "send-from-admin");
