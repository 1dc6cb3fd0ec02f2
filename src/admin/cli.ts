import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { toSmtpAddress } from "../core/address";
import { parseIndex, parseShard } from "../core/shard";
import { shardPath } from "../core/shard-name";
import { buildDirectory, isTimestamp, NoReplyRule } from "./build";
import { ObjectIdOutcome } from "./object-ids";
import { formatProblem, printable, printableJson } from "./problems";
import { silentProgress, stderrProgress } from "./progress";
import { checkOutFolder, publishDirectory } from "./publish";
import { buildReport, lostLines, summaryText } from "./report";
import {
  describeDirectoryProblem,
  describeShardNote,
  readPublishedFile,
  validateDirectory,
} from "./validate";
import { isSmtpAddress } from "./values";
import { SERVE_USAGE, serveCommand } from "../service/serve-command";

/** Exit codes (docs/admin-pipeline.md lists them too). */
export const EXIT = { ok: 0, failed: 1, usage: 2, notPublished: 3 } as const;

export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

const USAGE = {
  main: `Usage: send-from-admin <command> [options]

Commands:
  build     Build the published directory from Exchange Online exports
  validate  Check a built directory against the schema and itself
  lookup    Print the shard published for one user
  serve     Run the directory service: each user reads only their own shard

Run send-from-admin <command> --help for its options.
`,
  build: `Usage: send-from-admin build --in <folder> --out <folder> [options]

  --in <folder>             CSV files written by admin/Export-SendFromData.ps1
  --out <folder>            the directory to publish; replaced as a whole at the end
  --tenant <domain>         tenant name for index.json (default: export-info, else the most
                            common domain of the mailboxes)
  --generated-at <ISO>      timestamp for every file (default: export-info, else the newest
                            modification time of the input CSV files)
  --no-reply-attribute CustomAttributeN[=value]
                            mark mailboxes no-reply whose attribute equals value (any
                            non-empty value when "=value" is left out); adds to a NoReply column
  --allow-unresolved        publish even though some rights are lost (trustees or mailboxes
                            that name no one or several recipients, damaged names: "?" for
                            letters, mis-decoded or with a hidden character); each lost
                            right is listed in the summary and --report. Without it such a
                            build fails and writes nothing. A shard over the pane's size
                            limit always fails the build.
  --strict                  also fail on trustees the exports prove gone (orphaned SIDs),
                            instead of counting them
  --report <file>           also write the summary (or the problems) as JSON
  --quiet                   no progress and no summary (problems and lost rights are still
                            printed)
  -h, --help                this text

Exit codes: 0 built (no right lost, or --allow-unresolved and each lost right listed),
1 failed (problems listed, nothing written), 2 usage error.
`,
  validate: `Usage: send-from-admin validate --directory <folder> [--report <file>] [--quiet]

Checks index.json and every users/<sha256>.json against the JSON Schema and each other.
Exit codes: 0 valid, 1 problems found (listed on stderr), 2 usage error.
`,
  lookup: `Usage: send-from-admin lookup --directory <folder> --user <smtp>

Prints the user's shard as the task pane reads it.
Exit codes: 0 printed, 1 directory or shard unusable, 2 usage error, 3 nothing published for the user.
`,
  serve: SERVE_USAGE,
} as const;

class UsageError extends Error {}

function usage(io: CliIO, text: string, message?: string): number {
  if (message) io.stderr.write(`send-from-admin: ${message}\n\n`);
  io.stderr.write(text);
  return EXIT.usage;
}

type Spec = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

function parse(argv: string[], options: Spec): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }).values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || v.trim() === "") throw new UsageError(`--${name} is required`);
  return v;
}

function parseNoReply(value: string): NoReplyRule {
  const m = /^(CustomAttribute(?:1[0-5]|[1-9]))(?:=(.*))?$/i.exec(value.trim());
  if (!m)
    throw new UsageError(
      `--no-reply-attribute must be CustomAttribute1..15, optionally =value (got "${value}")`
    );
  const attribute = `CustomAttribute${m[1].slice("CustomAttribute".length)}`;
  return m[2] === undefined ? { attribute } : { attribute, value: m[2] };
}

/**
 * Checked before any work, so a typo in --report does not waste a build, and a report that cannot
 * be written never fails a command after it published (rev11n finding 2: a folder given as
 * --report made build swap the directory in, then exit 1 on EISDIR with no summary).
 */
function reportPath(values: Record<string, unknown>): string | undefined {
  const file = values.report;
  if (typeof file !== "string") return undefined;
  if (file.trim() === "") throw new UsageError("--report needs a file name, e.g. report.json");
  const resolved = path.resolve(file);
  const dir = path.dirname(resolved);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UsageError(`--report: the folder ${dir} does not exist`);
  }
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(resolved);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory())
    throw new UsageError(
      `--report ${file} is a folder: name the JSON file to write, e.g. ${path.join(file, "report.json")} (outside --out and --in)`
    );
  if (stat && !stat.isFile())
    throw new UsageError(
      `--report ${file} is not a regular file (a named pipe, device or socket): name a JSON file to write, e.g. report.json`
    );
  try {
    fs.accessSync(stat ? resolved : dir, fs.constants.W_OK);
  } catch {
    throw new UsageError(
      `--report ${file} cannot be written (${stat ? "the file" : `the folder ${dir}`} is not writable): name a file in a folder you may write to`
    );
  }
  return file;
}

/** `child` is `parent` or inside it, after following symlinks of the folders that exist. */
function isInside(child: string, parent: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const rel = path.relative(
    real(parent),
    path.join(real(path.dirname(child)), path.basename(child))
  );
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * --report must not overwrite the export it reports on (rev11d finding 14: the export was replaced
 * by JSON and the next build failed on "{"), as --out may not replace a foreign folder.
 */
function checkReportNotInInput(reportFile: string | undefined, inDir: string): void {
  if (reportFile !== undefined && isInside(reportFile, inDir))
    throw new UsageError(
      `--report ${reportFile} is inside --in ${inDir}: the report would overwrite or join the exports; write it outside the export folder`
    );
}

/**
 * --report must not land in what a command writes or checks: inside --out it is published with
 * the directory (every lost right on a public host), and validate and the next build refuse the
 * stray file (rev11n finding 4); inside validate's --directory it overwrites index.json or a shard
 * and calls the result valid (rev11n finding 3).
 */
function checkReportNotIn(
  reportFile: string | undefined,
  folder: string,
  option: string,
  why: string
): void {
  if (reportFile !== undefined && isInside(reportFile, folder))
    throw new UsageError(
      `--report ${reportFile} is ${path.resolve(reportFile) === path.resolve(folder) ? "" : "inside "}${option} ${folder}: ${why}; write it outside that folder, e.g. next to it`
    );
}

function writeJson(file: string, data: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

async function build(argv: string[], io: CliIO): Promise<number> {
  const v = parse(argv, {
    in: { type: "string" },
    out: { type: "string" },
    tenant: { type: "string" },
    "generated-at": { type: "string" },
    "no-reply-attribute": { type: "string" },
    strict: { type: "boolean" },
    "allow-unresolved": { type: "boolean" },
    report: { type: "string" },
    quiet: { type: "boolean" },
  });
  if (v.help) {
    io.stdout.write(USAGE.build);
    return EXIT.ok;
  }
  const inDir = required(v, "in");
  const out = required(v, "out");
  // Where it is first, then whether it can be written: inside a new --out it is said so, not
  // "the folder does not exist" (the next run would accept it there).
  const reportArg = typeof v.report === "string" && v.report.trim() ? v.report : undefined;
  checkReportNotInInput(reportArg, inDir);
  checkReportNotIn(
    reportArg,
    out,
    "--out",
    "the report (every lost right, unresolved values) would be published with the directory, and validate and the next build would refuse it as a stray file"
  );
  const reportFile = reportPath(v);
  const generatedAt = v["generated-at"] as string | undefined;
  if (generatedAt !== undefined && !isTimestamp(generatedAt)) {
    throw new UsageError(
      `--generated-at must be an ISO-8601 date and time with a zone, e.g. 2026-11-01T06:00:00Z (got "${generatedAt}")`
    );
  }
  const tenant = v.tenant as string | undefined;
  if (tenant !== undefined && (tenant.trim() === "" || tenant.length > 255)) {
    throw new UsageError("--tenant must be a domain name of at most 255 characters");
  }
  const noReply =
    typeof v["no-reply-attribute"] === "string" ? parseNoReply(v["no-reply-attribute"]) : undefined;
  const quiet = !!v.quiet;
  const progress = quiet ? silentProgress : stderrProgress(io.stderr);

  // Refuse a foreign --out before spending minutes on the export.
  const refusal = checkOutFolder(out);
  if (refusal) {
    io.stderr.write(`send-from-admin build: ${formatProblem(refusal)}\n`);
    return EXIT.failed;
  }
  const result = await buildDirectory({
    inDir,
    tenant: tenant?.trim().toLowerCase(),
    generatedAt,
    allowUnresolved: !!v["allow-unresolved"],
    strict: !!v.strict,
    noReply,
    progress,
  });
  let shardsWritten = 0;
  let objectIds: ObjectIdOutcome | undefined;
  let problems = result.ok ? [] : result.problems.list;
  const overflow = result.ok ? 0 : result.problems.overflow;
  if (result.ok) {
    try {
      ({ shards: shardsWritten, objectIds } = await publishDirectory(out, result.directory));
    } catch (e) {
      problems = [
        {
          file: out,
          message: `could not write the directory (${e instanceof Error ? e.message : String(e)}); the previous one is unchanged`,
          fix: "check the folder's permissions and free space",
        },
      ];
    }
  }
  const ok = problems.length === 0;
  const report = buildReport(result.summary, {
    in: inDir,
    out,
    ok,
    shardsWritten,
    problems,
    overflow,
    objectIds,
  });
  // The path was checked up front; should writing still fail (disk full...), the summary is
  // printed all the same and says what was published: never an exit 1 after a swap.
  let reportError: string | null = null;
  if (reportFile) {
    try {
      writeJson(reportFile, report);
    } catch (e) {
      reportError = e instanceof Error ? e.message : String(e);
    }
  }
  const reportFailed = () =>
    reportError === null
      ? ""
      : `send-from-admin build: could not write --report ${reportFile} (${reportError}); ${ok ? `the directory WAS published to ${out}, and the summary above is all the report would have held` : "nothing was written either"}\n`;
  if (!ok) {
    const text = summaryText(report);
    io.stderr.write(quiet ? text.split("\n  read before stopping: ")[0] + "\n" : text);
    io.stderr.write(reportFailed());
    return EXIT.failed;
  }
  if (!quiet || reportError !== null) io.stderr.write(summaryText(report));
  else {
    // Quiet hides progress and counts, never a right the published directory lacks.
    const lost = lostLines(report);
    if (lost.length > 0)
      io.stderr.write(`send-from-admin build: wrote ${report.out}\n${lost.join("\n")}\n`);
  }
  io.stderr.write(reportFailed());
  return EXIT.ok;
}

function validate(argv: string[], io: CliIO): number {
  const v = parse(argv, {
    directory: { type: "string" },
    report: { type: "string" },
    quiet: { type: "boolean" },
  });
  if (v.help) {
    io.stdout.write(USAGE.validate);
    return EXIT.ok;
  }
  const dir = required(v, "directory");
  const reportFile = reportPath(v);
  checkReportNotIn(
    reportFile,
    dir,
    "--directory",
    "the report would overwrite or join the directory it checks (index.json, a shard), which the pane would then refuse"
  );
  const check = validateDirectory(dir, v.quiet ? silentProgress : stderrProgress(io.stderr));
  const ok = check.problems.length === 0;
  if (reportFile) {
    writeJson(reportFile, {
      command: "validate",
      ok,
      directory: dir,
      shards: check.shards,
      problems: check.problems,
      notes: check.notes,
    });
  }
  for (const note of check.notes)
    io.stderr.write(printable(`send-from-admin validate: note: ${dir} ${note}\n`));
  if (!ok) {
    io.stderr.write(
      printable(`send-from-admin validate: ${dir} has ${check.problems.length} problem(s):\n`)
    );
    for (const p of check.problems) io.stderr.write(`  ${formatProblem(p)}\n`);
    return EXIT.failed;
  }
  if (!v.quiet)
    io.stderr.write(
      printable(`send-from-admin validate: ${dir} is valid (${check.shards} shard(s))\n`)
    );
  return EXIT.ok;
}

function lookup(argv: string[], io: CliIO): number {
  // Every message carries values from the command line and the shards: escaped, so none can
  // hide a character or rewrite the terminal's line (rev11t LOW 7).
  const err = (text: string) => io.stderr.write(printable(text));
  const v = parse(argv, { directory: { type: "string" }, user: { type: "string" } });
  if (v.help) {
    io.stdout.write(USAGE.lookup);
    return EXIT.ok;
  }
  const dir = required(v, "directory");
  const user = toSmtpAddress(required(v, "user"));
  if (!isSmtpAddress(user)) throw new UsageError(`--user must be an SMTP address (got "${user}")`);
  if (!fs.existsSync(path.join(dir, "index.json"))) {
    err(
      `send-from-admin lookup: ${dir} is not a directory (no index.json). Build one with send-from-admin build.\n`
    );
    return EXIT.failed;
  }
  // The pane refuses a directory whose index.json it cannot read (as validate does): so does lookup.
  try {
    const read = readPublishedFile(path.join(dir, "index.json"));
    const index = read.ok ? parseIndex(read.text) : read;
    if (!index.ok) {
      err(
        `send-from-admin lookup: ${path.join(dir, "index.json")} ${describeDirectoryProblem(index.problem)}: the task pane cannot use this directory. Run send-from-admin validate.\n`
      );
      return EXIT.failed;
    }
  } catch (e) {
    err(
      `send-from-admin lookup: ${path.join(dir, "index.json")} could not be read (${e instanceof Error ? e.message : String(e)}): the task pane cannot use this directory. Run send-from-admin validate.\n`
    );
    return EXIT.failed;
  }
  let file = path.join(dir, shardPath(user));
  // lstat, not exists: a dangling symlink (or anything in the shard's place) is a shard that is
  // there but unusable (exit 1, as validate says), not a user with nothing published.
  let present = true;
  try {
    fs.lstatSync(file);
  } catch {
    present = false;
  }
  let owner: string | null = null;
  if (!present) owner = aliasOwner(dir, user);
  if (!present && owner === null) {
    err(
      `send-from-admin lookup: nothing is published for ${user} (no ${shardPath(user)}, and no shard lists it as an alias). ` +
        // A hidden character (copied with the address) is shown escaped: say what it is.
        (printable(user) !== user
          ? "--user holds an invisible, space-like or direction-changing character (shown escaped): no published address has one (the build refuses them), so copy the address again, from Exchange. "
          : "") +
        "Shards are found by the user's primary SMTP address only: a UPN, or an address the exports did not list, is not a key. " +
        `If ${user} is not the user's primary SMTP address, look that up (Get-Recipient ${JSON.stringify(user)} | Select-Object PrimarySmtpAddress) and pass it; if it is, nothing is published for them: they may send only as themselves.\n`
    );
    return EXIT.notPublished;
  }
  if (owner !== null) {
    // An alias: the pane finds the shard by the primary address Outlook reports (rev11d 18).
    err(
      `send-from-admin lookup: ${user} is an alias of ${owner}, whose shard lists it; the task pane reads that shard (by the primary SMTP address). Showing it.\n`
    );
    file = path.join(dir, shardPath(toSmtpAddress(owner)));
  }
  // The shard read, named by its own user: an alias's problem is in its owner's file (rev11p 5).
  const shardUser = owner !== null ? toSmtpAddress(owner) : user;
  let parsed:
    ReturnType<typeof parseShard> | Extract<ReturnType<typeof readPublishedFile>, { ok: false }>;
  try {
    // The pane's limit in bytes and its parser: lookup shows what the pane would show.
    const read = readPublishedFile(file);
    parsed = read.ok ? parseShard(read.text, shardUser) : read;
  } catch (e) {
    err(
      `send-from-admin lookup: the shard of ${shardUser} is unusable: ${shardPath(shardUser)} could not be read (${e instanceof Error ? e.message : String(e)}); the task pane cannot read it either. Run send-from-admin validate.\n`
    );
    return EXIT.failed;
  }
  if (!parsed.ok) {
    err(
      `send-from-admin lookup: the shard of ${shardUser} is unusable: ${shardPath(shardUser)} ${describeDirectoryProblem(parsed.problem)}; the task pane cannot read it either. Run send-from-admin validate.\n`
    );
    return EXIT.failed;
  }
  for (const note of parsed.notes) {
    err(
      note.code === "duplicateMailbox"
        ? `send-from-admin lookup: warning: ${note.address} is listed more than once; the pane shows the first.\n`
        : `send-from-admin lookup: warning: the shard ${describeShardNote(note)}.\n`
    );
  }
  io.stdout.write(`${printableJson(JSON.stringify(parsed.value, null, 2))}\n`);
  return EXIT.ok;
}

/**
 * The user whose shard lists `address` among its aliases, or null: read only when no shard has
 * that address as its key. Plain files up to the pane's limit only (readPublishedFile); a shard
 * that cannot be read or parsed is skipped here (validate reports it).
 */
function aliasOwner(dir: string, address: string): string | null {
  const users = path.join(dir, "users");
  let names: string[];
  try {
    names = fs.readdirSync(users);
  } catch {
    return null;
  }
  for (const name of names) {
    if (!name.endsWith(".json")) continue;
    const file = path.join(users, name);
    try {
      if (!fs.lstatSync(file).isFile()) continue;
      const read = readPublishedFile(file);
      if (!read.ok) continue;
      const data = JSON.parse(read.text) as { user?: unknown; aliases?: unknown };
      if (
        typeof data.user === "string" &&
        Array.isArray(data.aliases) &&
        data.aliases.some((a) => typeof a === "string" && toSmtpAddress(a) === address)
      )
        return data.user;
    } catch {
      continue;
    }
  }
  return null;
}

/** Entry point of bin/send-from-admin.js; returns the exit code. */
export async function main(
  argv: string[],
  io: CliIO = { stdout: process.stdout, stderr: process.stderr }
): Promise<number> {
  const [command, ...rest] = argv;
  const commands = { build, validate, lookup, serve: serveCommand } as const;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    (command === undefined ? io.stderr : io.stdout).write(USAGE.main);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (!(command in commands)) return usage(io, USAGE.main, `unknown command "${command}"`);
  const name = command as keyof typeof commands;
  try {
    return await commands[name](rest, io);
  } catch (e) {
    if (e instanceof UsageError) return usage(io, USAGE[name], e.message);
    // I/O errors (unreadable folder, report path not writable): a message, not a stack trace.
    io.stderr.write(`send-from-admin ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.failed;
  }
}
