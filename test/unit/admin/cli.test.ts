import { toSmtpAddress } from "../../../src/core/address";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../../src/admin/cli";
import { parseShard } from "../../../src/core/shard";
import { shardPath } from "../../../src/core/shard-name";
import { tempDir } from "../../fixtures/admin/tenant";

const fixture = path.join(__dirname, "../../fixtures/admin/small");

async function run(argv: string[], tty = false) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: tty },
  });
  return { code, stdout, stderr };
}

function exportsCopy(): string {
  const dir = path.join(tempDir(), "exports");
  fs.cpSync(path.join(fixture, "exports"), dir, { recursive: true });
  return dir;
}

describe("send-from-admin: usage", () => {
  it.each([
    [[], "Usage: send-from-admin <command>"],
    [["publish"], 'unknown command "publish"'],
    [["build"], "--in is required"],
    [["build", "--in", "x"], "--out is required"],
    [["build", "--in", "x", "--out", "y", "--force"], "Unknown option '--force'"],
    [["build", "--in", "x", "--out", "y", "extra"], "positional"],
    [
      ["build", "--in", "x", "--out", "y", "--generated-at", "yesterday"],
      "--generated-at must be an ISO-8601",
    ],
    [
      ["build", "--in", "x", "--out", "y", "--no-reply-attribute", "CustomAttribute16"],
      "--no-reply-attribute must be CustomAttribute1..15",
    ],
    [["lookup", "--directory", "d", "--user", "alex"], "--user must be an SMTP address"],
    [["validate"], "--directory is required"],
    [
      ["validate", "--directory", "d", "--report", "/no/such/folder/r.json"],
      "--report: the folder",
    ],
  ])("%j exits 2 with a short usage text", async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("Usage: send-from-admin");
    expect(r.stdout).toBe("");
  });

  it.each([["build"], ["validate"], ["lookup"]])(
    "%s --help prints its options and exits 0",
    async (command) => {
      const r = await run([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: send-from-admin ${command}`);
      expect(r.stdout).toContain("Exit codes");
    }
  );
});

describe("send-from-admin build", () => {
  it("builds, prints a summary on stderr and writes the report", async () => {
    const work = tempDir();
    const out = path.join(work, "site", "directory");
    const report = path.join(work, "report.json");
    const r = await run([
      "build",
      "--in",
      exportsCopy(),
      "--out",
      out,
      "--report",
      report,
      "--allow-unresolved",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("wrote 3 shard(s)");
    expect(r.stderr).toContain(
      "delegates 3; grants 12 (Send As 7, Send on Behalf 3, Full Access 2)"
    );
    expect(r.stderr).toContain(
      "dropped: inherited 1, SELF 2, Deny 1, other rights 1, LOST unresolved trustee 2"
    );
    // The two stale trustees (a domain SID and a DOMAIN\\name no export lists) are listed as lost.
    expect(r.stderr).toContain("LOST (published without them, --allow-unresolved): 2 right(s):");
    expect(r.stderr).toContain("warning: Groups nested in a cycle");
    const json = JSON.parse(fs.readFileSync(report, "utf8"));
    expect(json).toMatchObject({
      command: "build",
      ok: true,
      out,
      tenant: "tailspin.example",
      tenantFrom: "export-info",
      generatedAt: "2026-11-20T05:30:00Z",
      generatedAtFrom: "export-info",
      counts: { delegates: 3, shardsWritten: 3, mailboxes: 9, groups: 4, recipients: 13 },
      grants: { total: 12 },
      dropped: { self: 2, systemAccount: 0, unresolvedTrustee: 2 },
      written: true,
      revokedByDeny: 1,
      problems: [],
    });
    expect(json.unresolved).toEqual([
      expect.objectContaining({ file: "recipient-permissions.csv", line: 7, kind: "unmatched" }),
      expect.objectContaining({ file: "mailbox-permissions.csv", line: 6, kind: "unmatched" }),
    ]);
    expect(json.lost.map((l: { file: string; line: number }) => [l.file, l.line])).toEqual([
      ["recipient-permissions.csv", 7],
      ["mailbox-permissions.csv", 6],
    ]);
    expect(fs.readdirSync(path.join(out, "users"))).toHaveLength(3);
  });

  it("fails with problems (file, line, fix) and exit 1, writing nothing but the report", async () => {
    const dir = exportsCopy();
    fs.writeFileSync(
      path.join(dir, "recipient-permissions.csv"),
      '"Identity","Trustee","AccessControlType","AccessRights","IsInherited","InheritanceType","TrusteeSidString"\r\n' +
        '"desk","ana","Allow","System.Collections.Generic.List`1[System.String]","False","None","S-1"\r\n'
    );
    const work = tempDir();
    const report = path.join(work, "report.json");
    const r = await run([
      "build",
      "--in",
      dir,
      "--out",
      path.join(work, "out"),
      "--report",
      report,
      "--quiet",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `problem(s). Nothing was written: ${path.join(work, "out")} is as it was`
    );
    expect(r.stderr).not.toMatch(/grants 0|delegates 0/);
    expect(r.stderr).toContain(
      "recipient-permissions.csv, line 2, column AccessRights: holds the .NET type name"
    );
    expect(r.stderr).toContain("fix: join the values before Export-Csv");
    expect(fs.existsSync(path.join(work, "out"))).toBe(false);
    expect(JSON.parse(fs.readFileSync(report, "utf8"))).toMatchObject({
      ok: false,
      written: false,
      // Not counted, rather than zero: a failed build computes no shards.
      grants: null,
      counts: { delegates: null, shardsWritten: 0 },
      problems: expect.arrayContaining([
        expect.objectContaining({
          file: "recipient-permissions.csv",
          line: 2,
          column: "AccessRights",
        }),
      ]),
    });
  });

  it("refuses to replace a folder it did not write, and says so", async () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, "index.html"), "<h1>my site</h1>");
    const r = await run(["build", "--in", exportsCopy(), "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("refusing to replace this folder: it contains index.html");
    expect(fs.readFileSync(path.join(out, "index.html"), "utf8")).toBe("<h1>my site</h1>");
  });

  it("shows a live progress bar on a terminal and no progress lines in a log for a short run", async () => {
    const tty = await run(
      ["build", "--in", exportsCopy(), "--out", path.join(tempDir(), "d"), "--allow-unresolved"],
      true
    );
    // The live line: carriage return, "erase line", then the bar.
    expect(tty.stderr).toContain("\r\u001b[Kreading recipients.csv [");
    expect(tty.stderr).toMatch(/reading recipients\.csv \[[#.]{24}\] \d+% /);
    const log = await run([
      "build",
      "--in",
      exportsCopy(),
      "--out",
      path.join(tempDir(), "d"),
      "--allow-unresolved",
    ]);
    expect(log.stderr).not.toContain("\r");
    expect(log.stderr).not.toContain("reading ");
    const quiet = await run(
      [
        "build",
        "--in",
        exportsCopy(),
        "--out",
        path.join(tempDir(), "d"),
        "--quiet",
        "--allow-unresolved",
      ],
      true
    );
    // No progress and no counts; the rights the published directory lacks are still listed
    // (rev11d finding 1), and only they.
    expect(quiet.stderr).not.toContain("\r");
    expect(quiet.stderr).not.toContain("reading ");
    expect(quiet.stderr).not.toContain("dropped:");
    for (const line of quiet.stderr
      .split("\n")
      .slice(1)
      .filter((l) => l !== ""))
      expect(line).toMatch(/^ {2}LOST |^ {4}\S+\.csv, line \d+/);
  });

  it("uses --tenant and --generated-at over export-info", async () => {
    const out = path.join(tempDir(), "d");
    const r = await run([
      "build",
      "--in",
      exportsCopy(),
      "--out",
      out,
      "--tenant",
      "Tailspin.COM",
      "--generated-at",
      "2027-02-03T04:05:06Z",
      "--allow-unresolved",
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(out, "index.json"), "utf8"))).toEqual({
      format: "send-from-directory",
      version: 1,
      generatedAt: "2027-02-03T04:05:06Z",
      tenant: "tailspin.com",
    });
  });
});

describe("send-from-admin lookup and validate", () => {
  let directory: string;
  beforeAll(async () => {
    directory = path.join(tempDir(), "directory");
    expect(
      (
        await run([
          "build",
          "--in",
          exportsCopy(),
          "--out",
          directory,
          "--quiet",
          "--allow-unresolved",
        ])
      ).code
    ).toBe(0);
  });

  it("prints the user's shard as the task pane reads it, whatever the case of the address", async () => {
    const r = await run(["lookup", "--directory", directory, "--user", "Ana@Tailspin.Example"]);
    expect(r.code).toBe(0);
    const text = fs.readFileSync(
      path.join(directory, shardPath(toSmtpAddress("ana@tailspin.example"))),
      "utf8"
    );
    const parsed = parseShard(text, toSmtpAddress("ana@tailspin.example"));
    expect(parsed.ok && JSON.parse(r.stdout)).toEqual(parsed.ok && parsed.value);
    expect(r.stdout).toContain('\n  "user": "ana@tailspin.example"');
  });

  it("exits 3 with a clear message when nothing is published for the user", async () => {
    const r = await run(["lookup", "--directory", directory, "--user", "dan@tailspin.example"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("nothing is published for dan@tailspin.example");
  });

  it("shows a hidden character in --user escaped, and says what it is (rev11t LOW 7)", async () => {
    const r = await run([
      "lookup",
      "--directory",
      directory,
      "--user",
      "ana\u202e@tailspin.example",
    ]);
    expect(r.code).toBe(3);
    // No raw override: it would draw the rest of the line reversed.
    expect(r.stderr).not.toMatch(/\u202e/);
    expect(r.stderr).toContain("nothing is published for ana\\u202E@tailspin.example");
    expect(r.stderr).toContain(
      "--user holds an invisible, space-like or direction-changing character"
    );
  });

  it("prints a shard's hidden characters escaped in valid JSON, and validate's note in build's notation", async () => {
    const tampered = path.join(tempDir(), "directory");
    fs.cpSync(directory, tampered, { recursive: true });
    const file = path.join(tampered, shardPath(toSmtpAddress("ana@tailspin.example")));
    const shard = JSON.parse(fs.readFileSync(file, "utf8"));
    shard.mailboxes[0].displayName = "Alerts\u200b";
    shard.aliases.push("ana\u200b@tailspin.example");
    fs.writeFileSync(file, JSON.stringify(shard));
    const r = await run(["lookup", "--directory", tampered, "--user", "ana@tailspin.example"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\u200b/);
    expect(r.stdout).toContain('"displayName": "Alerts\\u200B"');
    expect(JSON.parse(r.stdout).mailboxes[0].displayName).toBe("Alerts\u200b");
    expect(r.stderr).toContain("ana\\u200B@tailspin.example, which the pane leaves out");
    const v = await run(["validate", "--directory", tampered]);
    expect(v.stderr).toContain("ana\\u200B@tailspin.example, which the pane leaves out");
    expect(v.stderr + r.stderr).not.toContain("<U+");
  });

  it("exits 1 when the folder is no directory or the shard is unusable", async () => {
    expect(
      (await run(["lookup", "--directory", tempDir(), "--user", "ana@tailspin.example"])).code
    ).toBe(1);
    const broken = path.join(tempDir(), "directory");
    fs.cpSync(directory, broken, { recursive: true });
    fs.writeFileSync(
      path.join(broken, shardPath(toSmtpAddress("ana@tailspin.example"))),
      "{ not json"
    );
    const r = await run(["lookup", "--directory", broken, "--user", "ana@tailspin.example"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not JSON");
  });

  it.each([
    [
      "a dangling symlink",
      (file: string) => fs.symlinkSync(path.join(tempDir(), "gone.json"), file),
    ],
    ["a folder", (file: string) => fs.mkdirSync(file)],
  ])(
    "lookup exits 1 naming the shard unusable when %s is in its place, as validate does",
    async (_what, put) => {
      const broken = path.join(tempDir(), "directory");
      fs.cpSync(directory, broken, { recursive: true });
      const file = shardPath(toSmtpAddress("ana@tailspin.example"));
      fs.rmSync(path.join(broken, file));
      put(path.join(broken, file));
      const looked = await run(["lookup", "--directory", broken, "--user", "ana@tailspin.example"]);
      expect(looked.code).toBe(1);
      expect(looked.stderr).toContain("unusable");
      expect(looked.stderr).toContain(file);
      expect(looked.stderr).not.toContain("nothing is published");
      expect((await run(["validate", "--directory", broken])).code).toBe(1);
    }
  );

  it.each([["{"], ["[]"], ['{"format":"other"}']])(
    "lookup refuses a directory whose index.json is invalid (%s) like validate, exit 1 naming the file",
    async (text) => {
      const broken = path.join(tempDir(), "directory");
      fs.cpSync(directory, broken, { recursive: true });
      fs.writeFileSync(path.join(broken, "index.json"), text);
      const looked = await run(["lookup", "--directory", broken, "--user", "ana@tailspin.example"]);
      expect(looked.code).toBe(1);
      expect(looked.stdout).toBe("");
      expect(looked.stderr).toContain("index.json");
      expect((await run(["validate", "--directory", broken])).code).toBe(1);
    }
  );

  it("validate says a folder that does not exist does not exist", async () => {
    const missing = path.join(tempDir(), "no-such-folder");
    const r = await run(["validate", "--directory", missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("does not exist");
    expect(r.stderr).not.toContain("is not a folder");
  });

  it("lookup and validate name the shard and exit 1 on a value nested 100,000 levels deep, never abort", async () => {
    const broken = path.join(tempDir(), "directory");
    fs.cpSync(directory, broken, { recursive: true });
    const file = shardPath(toSmtpAddress("ana@tailspin.example"));
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    fs.writeFileSync(
      path.join(broken, file),
      `{"format":${deep},"version":1,"generatedAt":"2026-11-20T05:30:00Z","user":"ana@tailspin.example","mailboxes":[]}`
    );
    const looked = await run(["lookup", "--directory", broken, "--user", "ana@tailspin.example"]);
    expect(looked.code).toBe(1);
    expect(looked.stderr).toContain(file);
    const checked = await run(["validate", "--directory", broken]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(file);
  });

  it("validate exits 0 on a built directory and 1 with file, problem and fix otherwise", async () => {
    const ok = await run(["validate", "--directory", directory]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain("is valid (3 shard(s))");
    const broken = path.join(tempDir(), "directory");
    fs.cpSync(directory, broken, { recursive: true });
    fs.writeFileSync(path.join(broken, "users", "notes.txt"), "");
    const report = path.join(tempDir(), "validate.json");
    const bad = await run(["validate", "--directory", broken, "--report", report]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("users/notes.txt: is a stray file");
    expect(bad.stderr).toContain("fix: remove it");
    expect(JSON.parse(fs.readFileSync(report, "utf8"))).toMatchObject({
      command: "validate",
      ok: false,
      shards: 3,
      problems: [{ file: "users/notes.txt" }],
    });
  });
});
