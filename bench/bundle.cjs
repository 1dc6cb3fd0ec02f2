#!/usr/bin/env node
// Prints what dist/taskpane.html loads before first paint (gzip -9 and brotli), and the chunks
// loaded later on demand. Budget: 100 KB gzip of initial JavaScript. Run `npm run build` first.
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const dist = path.resolve(__dirname, "..", "dist");
const BUDGET_KB = 100;

function sizes(file) {
  const body = fs.readFileSync(file);
  return {
    raw: body.length,
    gzip: zlib.gzipSync(body, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } })
      .length,
  };
}
const kb = (n) => (n / 1024).toFixed(1).padStart(7);

function main() {
  const htmlPath = path.join(dist, "taskpane.html");
  if (!fs.existsSync(htmlPath)) {
    console.error("dist/taskpane.html is missing: run `npm run build` first.");
    process.exit(1);
  }
  const html = fs.readFileSync(htmlPath, "utf8");
  const initial = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)]
    .map((m) => m[1])
    .filter((src) => !/^https?:/.test(src));
  const css = [...html.matchAll(/<link[^>]*href="([^"]+\.css)"/g)].map((m) => m[1]);
  const all = fs.readdirSync(dist).filter((f) => f.endsWith(".js"));
  const lazy = all.filter((f) => !initial.includes(f) && f !== "launchevent.js");

  console.log("taskpane.html, first paint            raw KB   gzip KB  brotli KB");
  let total = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of initial) {
    const s = sizes(path.join(dist, f));
    total = { raw: total.raw + s.raw, gzip: total.gzip + s.gzip, brotli: total.brotli + s.brotli };
    console.log(`  ${f.padEnd(34)} ${kb(s.raw)}  ${kb(s.gzip)}  ${kb(s.brotli)}`);
  }
  console.log(
    `  ${"initial JavaScript, total".padEnd(34)} ${kb(total.raw)}  ${kb(total.gzip)}  ${kb(total.brotli)}   (budget ${BUDGET_KB} KB gzip: ${total.gzip / 1024 <= BUDGET_KB ? "within" : "OVER"})`
  );
  for (const f of css) {
    const s = sizes(path.join(dist, f));
    console.log(`  ${(f + " (CSS)").padEnd(34)} ${kb(s.raw)}  ${kb(s.gzip)}  ${kb(s.brotli)}`);
  }
  if (lazy.length) {
    console.log("loaded on demand");
    for (const f of lazy) {
      const s = sizes(path.join(dist, f));
      console.log(`  ${f.padEnd(34)} ${kb(s.raw)}  ${kb(s.gzip)}  ${kb(s.brotli)}`);
    }
  }
  return total.gzip;
}

module.exports = { main };
if (require.main === module) main();
