// End to end: the compiled CLI as an admin runs it (child processes, exit codes) on the
// Northwind sample, then the task pane's own directory client loads the result over HTTP.
import { toSmtpAddress } from "../../../src/core/address";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import * as path from "node:path";
import { buildDirectory } from "../../../src/admin/build";
import { publishDirectory } from "../../../src/admin/publish";
import { Mailbox, UserShard } from "../../../src/core/model";
import { loadUserShard } from "../../../src/directory/client";
import { memoryStorage } from "../../../src/directory/storage";
import { ensureCompiled } from "../../fixtures/admin/compiled";
import { tempDir } from "../../fixtures/admin/tenant";

jest.setTimeout(180_000);

const root = path.join(__dirname, "../../..");
const exportsDir = path.join(root, "samples/northwind/exports");
const ALEX = toSmtpAddress("alex.wilber@northwind.example");

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, "bin/send-from-admin.js"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function files(dir: string): [string, string][] {
  const users = fs.readdirSync(path.join(dir, "users")).sort();
  return ["index.json", ...users.map((f) => `users/${f}`)].map((f) => [
    f,
    fs.readFileSync(path.join(dir, f), "utf8"),
  ]);
}

const shared = (
  address: string,
  displayName: string,
  rights: Mailbox["rights"],
  extra: Partial<Mailbox> = {}
): Mailbox => ({
  address: toSmtpAddress(address),
  displayName,
  kind: "shared",
  rights,
  sentItemsCopy: { sendAs: false, sendOnBehalf: false },
  ...extra,
});

const ALEX_SHARD: UserShard = {
  format: "send-from-directory/user",
  version: 1,
  generatedAt: "2026-11-01T06:00:00Z",
  user: ALEX,
  aliases: [toSmtpAddress("a.wilber@northwind.example"), toSmtpAddress("alex@northwind.example")],
  mailboxes: [
    shared("all-staff@northwind.example", "All Staff", ["SendAs"], { kind: "distributionList" }),
    shared("billing@northwind.example", "Billing", ["SendAs", "SendOnBehalf"]),
    shared("boardroom@northwind.example", "Boardroom", ["SendOnBehalf"], { kind: "room" }),
    shared("diego.siciliani@northwind.example", "Diego Siciliani", ["SendOnBehalf"], {
      kind: "user",
      sentItemsCopy: { sendAs: false, sendOnBehalf: true },
    }),
    shared("falcon@northwind.example", "Project Falcon", ["SendOnBehalf"], {
      kind: "microsoft365Group",
    }),
    shared("hr@northwind.example", "Human Resources", ["FullAccess"]),
    shared("legal@northwind.example", "Legal", ["SendAs", "FullAccess"], {
      hiddenFromAddressLists: true,
    }),
    shared("noreply@northwind.example", "No Reply", ["SendAs"], { noReply: true }),
    shared("press@northwind.example", "Press Office", ["SendAs"]),
    shared("sales.eu@northwind.example", "Sales Europe", ["SendOnBehalf", "FullAccess"]),
    shared("support@northwind.example", "Customer Support", ["SendAs", "FullAccess"], {
      sentItemsCopy: { sendAs: true, sendOnBehalf: false },
    }),
  ],
};

describe("send-from-admin on the Northwind sample, as an admin runs it", () => {
  const work = tempDir();
  const site = path.join(work, "site");
  const directory = path.join(site, "directory");
  let server: http.Server;
  let baseUrl: string;
  let served: string[] = [];

  beforeAll(async () => {
    ensureCompiled();
    const build = cli(
      "build",
      "--in",
      exportsDir,
      "--out",
      directory,
      "--report",
      path.join(work, "report.json"),
      // The sample's stale trustees (an orphaned SID, deleted accounts) are lost rights, accepted.
      "--allow-unresolved"
    );
    expect([build.code, build.stderr]).toEqual([0, expect.stringContaining("wrote 2 shard(s)")]);

    // A static host as the docs describe it: ETag on every file, 304 on a matching If-None-Match.
    server = http.createServer((req, res) => {
      served.push(`${req.method} ${req.url} ${req.headers["if-none-match"] ?? ""}`.trim());
      const file = path.join(site, decodeURIComponent((req.url ?? "/").split("?")[0]));
      if (!file.startsWith(site) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404).end();
        return;
      }
      const body = fs.readFileSync(file);
      const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`;
      const headers = {
        ETag: etag,
        "Cache-Control": "no-cache",
        "Content-Type": "application/json",
      };
      if (req.headers["if-none-match"] === etag) res.writeHead(304, headers).end();
      else res.writeHead(200, headers).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/directory/`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("validates the built directory (exit 0)", () => {
    const r = cli("validate", "--directory", directory);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("is valid (2 shard(s))");
  });

  it("publishes Alex's mailboxes exactly as the playground expects them (lookup, exit 0)", () => {
    const r = cli("lookup", "--directory", directory, "--user", "Alex.Wilber@northwind.example");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(ALEX_SHARD);
  });

  it("gives Megan Finance and Press Office, and nothing to Lee Gu (exit 3)", () => {
    const megan = JSON.parse(
      cli("lookup", "--directory", directory, "--user", "megan.bowen@northwind.example").stdout
    ) as UserShard;
    expect(megan.mailboxes.map((m) => [m.address, m.rights])).toEqual([
      ["finance@northwind.example", ["SendAs", "FullAccess"]],
      ["press@northwind.example", ["SendAs"]],
    ]);
    const lee = cli("lookup", "--directory", directory, "--user", "lee.gu@northwind.example");
    expect(lee.code).toBe(3);
    expect(lee.stderr).toContain("nothing is published for lee.gu@northwind.example");
  });

  it("exits 2 on a usage error and 1 on a broken export", () => {
    expect(cli("lookup", "--directory", directory).code).toBe(2);
    const broken = path.join(work, "broken");
    fs.cpSync(exportsDir, broken, { recursive: true });
    fs.rmSync(path.join(broken, "recipients.csv"));
    const r = cli("build", "--in", broken, "--out", path.join(work, "never"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("recipients.csv: missing from");
    expect(fs.existsSync(path.join(work, "never"))).toBe(false);
  });

  it("writes the same bytes with worker threads (compiled CLI) as in one thread", async () => {
    const result = await buildDirectory({
      inDir: exportsDir,
      threads: false,
      allowUnresolved: true,
    });
    expect(result.ok).toBe(true);
    const single = path.join(work, "single");
    if (result.ok) await publishDirectory(single, result.directory, false);
    expect(files(directory)).toEqual(files(single));
  });

  it("loads through the task pane's directory client, equal to lookup's output, and revalidates with the ETag", async () => {
    const lookup = JSON.parse(cli("lookup", "--directory", directory, "--user", ALEX).stdout);
    const storage = memoryStorage();
    served = [];
    const first = await loadUserShard({ baseUrl, user: ALEX, storage });
    expect(first.status).toBe("ready");
    expect(first.status === "ready" && first.shard).toEqual(lookup);

    const again = await loadUserShard({ baseUrl, user: ALEX, storage });
    expect(again.status).toBe("ready");
    expect(again.status === "ready" && again.shard).toEqual(lookup);
    expect(served[1]).toMatch(/^GET \/directory\/users\/[0-9a-f]{64}\.json "[0-9a-f]{16}"$/);

    const lee = await loadUserShard({
      baseUrl,
      user: toSmtpAddress("lee.gu@northwind.example"),
      storage,
    });
    expect(lee.status).toBe("notPublished");
  });
});
