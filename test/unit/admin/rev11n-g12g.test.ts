// Issue 11, fourteenth review (rev11n): the BLOCKER findings 1, 2, 3, 9, 11 and 14, and LOW 12
// and 15. Each test rebuilds the reviewer's case as a small fictional export (Jürgen Weiß, Chloé
// Martin, 山田 太郎, Büro München) and asserts what an admin would notice: the exit code, the
// rights that come out, and the message naming the file, line and a true reason.
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../../src/admin/cli";

/** A file whose write fails as on a full disk (the report after the swap); null: none. */
const failWrite: { file: string | null } = { file: null };
jest.mock("node:fs", () => {
  const real = jest.requireActual<typeof import("node:fs")>("node:fs");
  return {
    ...real,
    writeFileSync: (file: unknown, ...rest: unknown[]) => {
      if (failWrite.file !== null && file === failWrite.file)
        throw new Error("ENOSPC: no space left on device");
      return (real.writeFileSync as (...a: unknown[]) => void)(file, ...rest);
    },
  };
});
import { loadDirectory } from "../../../src/service/store";
import { rightsOf } from "../../fixtures/admin/tenant";
import { buildExports } from "../../fixtures/admin/cli";
import { at, sidOf, sidTenant, writeWithSids } from "../../fixtures/admin/sid-tenant";

type SidTenant = ReturnType<typeof sidTenant>;

/** A recipients.csv row without PrimarySmtpAddress (skipped by the build), with a SID. */
function skippedRow(t: SidTenant, name: string, type: string, sid: string): number {
  t.rows["recipients.csv"].push({
    Identity: name,
    Name: name,
    Alias: name,
    DisplayName: name,
    PrimarySmtpAddress: "",
    ExternalDirectoryObjectId: "00000000-0000-4000-8000-00000000f001",
    RecipientTypeDetails: type,
    UserPrincipalName: "",
    EmailAddresses: "",
    SamAccountName: name,
    Sid: sid,
  });
  // recipients.csv line: header + rows.
  return t.rows["recipients.csv"].length + 1;
}

describe("finding 1: a SID of a recipients.csv row that was skipped is a live account, never orphaned", () => {
  it.each([
    ["a user without a mailbox (Hans Groß)", "hans.gross", "User", "S-1-5-21-7-8-9-1401"],
    [
      "a security group without mail (SG-Vertrieb-Süd)",
      "SG-Vertrieb-Süd",
      "UniversalSecurityGroup",
      "S-1-5-21-7-8-9-1601",
    ],
  ])(
    "Full Access granted to %s by its SID: lost right, exit 1, never 'remove it'",
    async (_, name, type, sid) => {
      const t = sidTenant();
      const line = skippedRow(t, name, type, sid);
      t.fullAccess(at("buero"), sid, { UserSid: sid });
      t.fullAccess(at("buero"), at("chloe"), { UserSid: sidOf(t, "chloe") });
      const dir = writeWithSids(t);
      for (const extra of [[], ["--strict"]]) {
        const r = await buildExports(dir, ...extra);
        expect(r.code).toBe(1);
        expect(r.written).toBe(false);
        expect(r.stderr).toContain("mailbox-permissions.csv, line 2, column User");
        expect(r.stderr).toContain(
          `names the recipient at recipients.csv line ${line}, whose row was skipped`
        );
        expect(r.stderr).not.toContain("orphaned");
        expect(r.stderr).not.toContain("Remove-MailboxPermission");
      }
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(rightsOf(allowed.shard(at("chloe")))).toEqual({ [at("buero")]: ["FullAccess"] });
      expect(allowed.report.lost.length).toBe(1);
    }
  );

  it("Send As to a name no one has, with the skipped row's SID: lost right naming that row", async () => {
    const t = sidTenant();
    const line = skippedRow(t, "hans.gross", "User", "S-1-5-21-7-8-9-1401");
    t.sendAs(at("buero"), "CONTOSO\\Groß, Hans", { TrusteeSidString: "S-1-5-21-7-8-9-1401" });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`recipients.csv line ${line}, whose row was skipped`);
    expect(r.stderr).not.toContain("orphaned");
  });

  it("a SID no row has, every recipient with a Sid, is still an orphaned SID (exit 0)", async () => {
    const t = sidTenant();
    skippedRow(t, "hans.gross", "User", "S-1-5-21-7-8-9-1401");
    t.fullAccess(at("buero"), "S-1-5-21-7-8-9-1999", { UserSid: "S-1-5-21-7-8-9-1999" });
    t.fullAccess(at("buero"), at("chloe"), { UserSid: sidOf(t, "chloe") });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });
});

describe("finding 9: a Deny for a skipped row's SID (a live group) is a Deny the build cannot place", () => {
  it.each([
    ["its SID", "S-1-5-21-7-8-9-1601"],
    ["DOMAIN\\name", "CONTOSO\\SG-Vertrieb-Süd"],
  ])(
    "Deny of Full Access naming the group by %s: Jürgen's Full Access fails the build",
    async (_, user) => {
      const t = sidTenant();
      const line = skippedRow(
        t,
        "SG-Vertrieb-Süd",
        "UniversalSecurityGroup",
        "S-1-5-21-7-8-9-1601"
      );
      t.fullAccess(at("buero"), at("juergen"), { UserSid: sidOf(t, "juergen") });
      t.fullAccess(at("buero"), user, { Deny: "True", UserSid: "S-1-5-21-7-8-9-1601" });
      const dir = writeWithSids(t);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain("mailbox-permissions.csv, line 3, column User");
      expect(r.stderr).toContain("a Deny that the build cannot place");
      expect(r.stderr).toContain(`recipients.csv line ${line}, whose row was skipped`);
      expect(r.stderr).toContain(`${at("juergen")} holds the right`);
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(allowed.report.unplacedDenies.map((l: { mailbox: string }) => l.mailbox)).toEqual([
        at("buero"),
      ]);
    }
  );
});

/** Runs the CLI in-process: exit code and stderr. */
async function run(...argv: string[]) {
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: () => undefined },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
  });
  return { code, stderr };
}

/** An export folder (a lost Send on Behalf: `{Jürgen Weiß, Chloé Martin}`) and a fresh --out. */
function lostRightExports() {
  const t = sidTenant();
  t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "Jürgen Weiß;Clöé Unbekannt");
  t.fullAccess(at("buero"), at("chloe"), { UserSid: sidOf(t, "chloe") });
  const dir = writeWithSids(t);
  return { dir, out: `${dir}-site` };
}

describe("finding 2: --report that is a folder, or --out itself, is refused before anything is written", () => {
  it.each<[string, (dir: string, out: string) => string, string]>([
    [
      "an existing folder",
      (dir) => fs.mkdirSync(`${dir}-reports`) ?? `${dir}-reports`,
      "is a folder",
    ],
    ["--out itself", (_, out) => out, "--out"],
    ["a file inside --out", (_, out) => path.join(out, "report.json"), "inside --out"],
  ])(
    "build --report %s: usage error (exit 2), no directory published",
    async (_, reportOf, says) => {
      const { dir, out } = lostRightExports();
      const report = reportOf(dir, out);
      const r = await run(
        "build",
        "--in",
        dir,
        "--out",
        out,
        "--report",
        report,
        "--allow-unresolved"
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--report ${report}`);
      expect(r.stderr).toContain(says);
      expect(fs.existsSync(path.join(out, "index.json"))).toBe(false);
    }
  );

  it("a file inside an --out that exists: refused, the published directory stays valid and rebuildable", async () => {
    const { dir, out } = lostRightExports();
    expect(
      (await run("build", "--in", dir, "--out", out, "--allow-unresolved", "--quiet")).code
    ).toBe(0);
    const report = path.join(out, "report.json");
    const r = await run(
      "build",
      "--in",
      dir,
      "--out",
      out,
      "--report",
      report,
      "--allow-unresolved"
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("inside --out");
    expect(fs.existsSync(report)).toBe(false);
    expect((await run("validate", "--directory", out)).code).toBe(0);
  });

  it("with --allow-unresolved and a writable --report the lost Send on Behalf is listed in both", async () => {
    const { dir, out } = lostRightExports();
    const report = `${dir}-report.json`;
    const r = await run(
      "build",
      "--in",
      dir,
      "--out",
      out,
      "--report",
      report,
      "--allow-unresolved"
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Clöé Unbekannt");
    const json = JSON.parse(fs.readFileSync(report, "utf8"));
    expect(json.lost.map((l: { value: string }) => l.value)).toContain("Clöé Unbekannt");
  });
});

describe("finding 2, the rest: a report that cannot be written after the swap never hides what was published", () => {
  afterEach(() => (failWrite.file = null));

  it("disk full on --report: the summary lists the lost right and says the directory WAS published", async () => {
    const { dir, out } = lostRightExports();
    const report = `${dir}-report.json`;
    failWrite.file = report;
    const r = await run(
      "build",
      "--in",
      dir,
      "--out",
      out,
      "--report",
      report,
      "--allow-unresolved",
      "--quiet"
    );
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(out, "index.json"))).toBe(true);
    expect(r.stderr).toContain(`could not write --report ${report} (ENOSPC`);
    expect(r.stderr).toContain(`the directory WAS published to ${out}`);
    expect(r.stderr).toContain("Clöé Unbekannt");
  });
});

describe("finding 3: validate --report inside the directory it checks is refused, nothing overwritten", () => {
  it.each<[string, (out: string) => string]>([
    ["index.json", (out) => path.join(out, "index.json")],
    [
      "a user's shard",
      (out) => path.join(out, "users", fs.readdirSync(path.join(out, "users"))[0]),
    ],
    ["the directory itself", (out) => out],
  ])(
    "validate --report %s: usage error (exit 2), the directory is still valid",
    async (_, reportOf) => {
      const { dir, out } = lostRightExports();
      expect(
        (await run("build", "--in", dir, "--out", out, "--allow-unresolved", "--quiet")).code
      ).toBe(0);
      const report = reportOf(out);
      const before = fs.statSync(report).isFile() ? fs.readFileSync(report, "utf8") : null;
      const r = await run("validate", "--directory", out, "--report", report);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--report ${report}`);
      if (before !== null) expect(fs.readFileSync(report, "utf8")).toBe(before);
      expect((await run("validate", "--directory", out)).code).toBe(0);
    }
  );
});

describe("finding 11: a UTF-8 BOM that validate accepts is read by the directory service too", () => {
  it.each<[string, (out: string) => string]>([
    [
      "a user's shard",
      (out) => path.join(out, "users", fs.readdirSync(path.join(out, "users"))[0]),
    ],
    ["index.json", (out) => path.join(out, "index.json")],
    ["object-ids.json", (out) => path.join(out, "object-ids.json")],
  ])("a BOM on %s: validate exit 0, and the service serves every user", async (_, fileOf) => {
    const t = sidTenant();
    t.fullAccess(at("buero"), at("juergen"), { UserSid: sidOf(t, "juergen") });
    t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
    const dir = writeWithSids(t);
    const out = `${dir}-site`;
    expect((await run("build", "--in", dir, "--out", out, "--quiet")).code).toBe(0);
    const file = fileOf(out);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));
    expect((await run("validate", "--directory", out)).code).toBe(0);
    const loaded = await loadDirectory(out);
    if (!loaded.ok) throw new Error(loaded.problem);
    const users = [...loaded.snapshot.byObjectId.values()].map(
      (s) => (JSON.parse(new TextDecoder().decode(s.body)) as { user: string }).user
    );
    expect(users.sort()).toEqual([at("juergen"), at("yamada")]);
  });
});

describe("finding 14: Exchange role groups hold people; DOMAIN\\Administrator without SamAccountName may be a recipient", () => {
  it.each([
    "CONTOSO\\Organization Management",
    "CONTOSO\\Recipient Management",
    "CONTOSO\\Delegated Setup",
    "CONTOSO\\Public Folder Management",
    "CONTOSO\\Exchange Organization Administrators",
    "NAMPR01A001\\Organization Management",
  ])("Deny of Full Access for %s: Jürgen's Full Access fails the build, exit 1", async (group) => {
    const t = sidTenant();
    t.fullAccess(at("buero"), at("juergen"), { UserSid: sidOf(t, "juergen") });
    t.fullAccess(at("buero"), group, { Deny: "True", UserSid: "" });
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("mailbox-permissions.csv, line 3, column User");
    expect(r.stderr).toContain("a Deny that the build cannot place");
    expect(r.stderr).toContain("Exchange role group");
    expect(r.stderr).toContain(`${at("juergen")} holds the right`);
  });

  it.each(["CONTOSO\\Exchange Servers", "CONTOSO\\Exchange Trusted Subsystem"])(
    "a Deny for the machine group %s changes nothing: Jürgen keeps Full Access, exit 0",
    async (group) => {
      const t = sidTenant();
      t.fullAccess(at("buero"), at("juergen"), { UserSid: sidOf(t, "juergen") });
      t.fullAccess(at("buero"), group, { Deny: "True", UserSid: "" });
      const r = await buildExports(writeWithSids(t));
      expect(r.code).toBe(0);
      expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("buero")]: ["FullAccess"] });
    }
  );

  it("an Allow for Organization Management is said in a warning (its members hold it), never silent", async () => {
    const t = sidTenant();
    t.fullAccess(at("buero"), "CONTOSO\\Organization Management", { UserSid: "" });
    t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: sidOf(t, "chloe") });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("given to a built-in group of people");
    expect(r.stderr).toContain(
      'mailbox-permissions.csv, line 2, "CONTOSO\\Organization Management"'
    );
  });

  /** Jürgen Weiß is the domain's Administrator (Name "Administrator"); recipients.csv without SamAccountName. */
  function adminTenant() {
    const t = sidTenant();
    const row = t.rows["recipients.csv"].find((r) => r.PrimarySmtpAddress === at("juergen"))!;
    for (const r of [
      row,
      t.rows["mailboxes.csv"].find((m) => m.PrimarySmtpAddress === at("juergen"))!,
    ]) {
      r.Identity = "Administrator";
      r.Name = "Administrator";
    }
    for (const r of t.rows["recipients.csv"]) delete r.SamAccountName;
    return t;
  }
  /** Writes the tenant with recipients.csv lacking its SamAccountName column. */
  function writeWithoutSam(t: SidTenant): string {
    const dir = writeWithSids(t);
    const file = path.join(dir, "recipients.csv");
    const [header, ...rows] = fs.readFileSync(file, "utf8").split("\r\n");
    const cols = header.split(",");
    const drop = cols.indexOf('"SamAccountName"');
    expect(drop).toBeGreaterThan(0);
    const cut = (line: string) =>
      line === ""
        ? line
        : line
            .split('","')
            .filter((_, i) => i !== drop)
            .join('","');
    fs.writeFileSync(file, [cut(header), ...rows.map(cut)].join("\r\n"));
    return dir;
  }

  it("a Deny for CONTOSO\\Administrator without SamAccountName: the Administrator mailbox's Full Access fails the build", async () => {
    const t = adminTenant();
    t.fullAccess(at("buero"), at("juergen"), { UserSid: "" });
    t.fullAccess(at("buero"), "CONTOSO\\Administrator", { Deny: "True", UserSid: "" });
    const r = await buildExports(writeWithoutSam(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a Deny that the build cannot place");
    expect(r.stderr).toContain("the SamAccountName column is missing from recipients.csv");
    expect(r.stderr).toContain(`${at("juergen")} holds the right`);
  });

  it("an Allow for CONTOSO\\Administrator without SamAccountName is a lost right saying the column is missing", async () => {
    const t = adminTenant();
    t.fullAccess(at("buero"), "CONTOSO\\Administrator", { UserSid: "" });
    const dir = writeWithoutSam(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("mailbox-permissions.csv, line 2, column User");
    expect(r.stderr).toContain("the SamAccountName column is missing from recipients.csv");
  });
});

describe("finding 14, Export-RecipientPermissions form: a Deny for NAMPR01A001\\Organization Management", () => {
  it("without Trustee Primary SMTP: Jürgen's Full Access fails the build, exit 1", async () => {
    const header =
      '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
    const grantor = `"${at("buero")}";"Büro München";"UserMailbox/SharedMailbox";"Cloud";""`;
    const allow = `${grantor};"FullAccess";"Allow";"False";"All";"${at("juergen")}";"${at("juergen")}";"Jürgen Weiß";"UserMailbox/UserMailbox";"Cloud"`;
    const deny = `${grantor};"FullAccess";"Deny";"False";"All";"NAMPR01A001\\Organization Management";"";"";"";""`;
    const dir = path.join(path.dirname(writeWithSids(sidTenant())), "erp");
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, "Export-RecipientPermissions_Result.csv"),
      `\ufeff${header}\r\n${allow}\r\n${deny}\r\n`
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a Deny that the build cannot place");
    expect(r.stderr).toContain(`${at("juergen")} holds the right`);
  });
});

describe("LOW 12: --generated-at that is no real time is a usage error, as validate would call it 'not a date'", () => {
  it.each([
    "2026-02-30T00:00:00Z",
    "2026-11-01T24:00:00Z",
    "2026-04-31T06:00:00+01:00",
    "2026-11-01T06:60:00Z",
  ])("build --generated-at %s: exit 2, nothing published", async (when) => {
    const t = sidTenant();
    t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: sidOf(t, "chloe") });
    const dir = writeWithSids(t);
    const r = await run("build", "--in", dir, "--out", `${dir}-site`, "--generated-at", when);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--generated-at must be an ISO-8601 date and time`);
    expect(r.stderr).toContain(when);
    expect(fs.existsSync(path.join(`${dir}-site`, "index.json"))).toBe(false);
  });

  it("a real time (29 February of a leap year, Jürgen's Send As) builds and validates", async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), at("juergen"), { TrusteeSidString: sidOf(t, "juergen") });
    const dir = writeWithSids(t);
    const out = `${dir}-site`;
    const r = await run(
      "build",
      "--in",
      dir,
      "--out",
      out,
      "--generated-at",
      "2028-02-29T23:59:59Z"
    );
    expect(r.code).toBe(0);
    expect((await run("validate", "--directory", out)).code).toBe(0);
  });
});

describe("LOW 15: NT AUTHORITY's localised names (Spanish, Italian, Dutch, Portuguese, Polish) are built-ins", () => {
  it.each([
    "AUTORIDAD NT\\SELF",
    "AUTORITÀ NT\\SELF",
    "NT-INSTANTIE\\SELF",
    "AUTORIDADE NT\\SELF",
    "ZARZĄDZANIE NT\\SELF",
  ])("%s without a SID is dropped as SELF: Chloé keeps her Full Access, exit 0", async (self) => {
    const t = sidTenant();
    t.fullAccess(at("buero"), at("chloe"), { UserSid: sidOf(t, "chloe") });
    t.fullAccess(at("buero"), self, { UserSid: "" });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(r.report.dropped.self).toBe(1);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });

  it.each(["AUTORIDAD NT\\SYSTEM", "AUTORITÀ NT\\SYSTEM", "ZARZĄDZANIE NT\\SYSTEM"])(
    "%s without a SID is a built-in account, exit 0",
    async (system) => {
      const t = sidTenant();
      t.fullAccess(at("buero"), at("chloe"), { UserSid: sidOf(t, "chloe") });
      t.fullAccess(at("buero"), system, { UserSid: "" });
      const r = await buildExports(writeWithSids(t));
      expect(r.code).toBe(0);
      expect(r.report.dropped.systemAccount).toBe(1);
      expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["FullAccess"] });
    }
  );
});
