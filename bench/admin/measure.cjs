// Child process of bench/admin-build.cjs: runs one measured task in a fresh process so that
// peak memory (maxRSS) belongs to that task alone, then prints one JSON line on stdout.
//   node measure.cjs build <in> <out>    the compiled CLI, in-process (lib/admin/cli.js)
//   node measure.cjs build1 <in> <out>   the same, without worker threads (for comparison)
//   node measure.cjs parse <in>          only csv-parse over the same files, records discarded
const fs = require("fs");
const path = require("path");

const FILES = [
  "recipients.csv",
  "mailboxes.csv",
  "groups.csv",
  "group-members.csv",
  "recipient-permissions.csv",
  "mailbox-permissions.csv",
];

async function parseOnly(dir) {
  const { parse } = require("csv-parse");
  let records = 0;
  for (const file of FILES) {
    await new Promise((resolve, reject) => {
      // The same options the build uses.
      const parser = parse({
        bom: true,
        delimiter: ",",
        from_line: 1,
        skip_empty_lines: true,
        max_record_size: 4 * 1024 * 1024,
      });
      parser.on("data", () => records++);
      parser.on("end", resolve);
      parser.on("error", reject);
      fs.createReadStream(path.join(dir, file), { highWaterMark: 1024 * 1024 }).pipe(parser);
    });
  }
  return { records };
}

async function main() {
  const [mode, input, out] = process.argv.slice(2);
  const started = process.hrtime.bigint();
  let extra;
  if (mode === "build") {
    const { main: cli } = require(path.join(__dirname, "..", "..", "lib", "admin", "cli.js"));
    const stderr = [];
    // The synthetic tenant holds stale trustees (orphaned SIDs) as real ones do: lost rights,
    // accepted, as an admin who checked them would.
    const code = await cli(
      ["build", "--in", input, "--out", out, "--quiet", "--allow-unresolved"],
      {
        stdout: process.stdout,
        stderr: { write: (t) => stderr.push(t), isTTY: false },
      }
    );
    if (code !== 0) throw new Error(`build exited ${code}: ${stderr.join("")}`);
    extra = { shards: fs.readdirSync(path.join(out, "users")).length };
  } else if (mode === "build1") {
    const lib = path.join(__dirname, "..", "..", "lib", "admin");
    const result = await require(path.join(lib, "build.js")).buildDirectory({
      inDir: input,
      threads: false,
      allowUnresolved: true,
    });
    if (!result.ok) throw new Error("build failed");
    extra = await require(path.join(lib, "publish.js")).publishDirectory(
      out,
      result.directory,
      false
    );
  } else {
    extra = await parseOnly(input);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ mode, ms, maxRssMB, ...extra })}\n`);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
