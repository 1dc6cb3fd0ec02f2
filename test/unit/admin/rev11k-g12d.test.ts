// Issue 11, eleventh review (rev11k), findings 3 and 7-11: what lies in --in besides the files
// the build reads, and the Export-RecipientPermissions result's own values. Each test rebuilds the
// reviewer's case as a small fictional export and asserts the exit code, the message and the
// rights that come out.
import * as fs from "node:fs";
import * as path from "node:path";
import { toSmtpAddress } from "../../../src/core/address";
import { MAX_SHARD_BYTES } from "../../../src/core/model";
import { shardPath } from "../../../src/core/shard-name";
import { validateDirectory } from "../../../src/admin/validate";
import { rightsOf, tempDir } from "../../fixtures/admin/tenant";
import { buildExports } from "../../fixtures/admin/cli";
import { at, sidOf, sidTenant, writeWithSids } from "../../fixtures/admin/sid-tenant";

const ERP_FILE = "Export-RecipientPermissions_Result.csv";
const ERP_HEADER =
  '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
const USER = "UserMailbox/UserMailbox";
/** One result row: Büro München grants `permission` to `local` (Allow, not inherited). */
const erpRow = (permission: string, local: string, display: string, grantor = "Büro München") =>
  [
    at("buero"),
    grantor,
    "UserMailbox/SharedMailbox",
    "Cloud",
    "",
    permission,
    "Allow",
    "False",
    "All",
    at(local),
    at(local),
    display,
    USER,
    "Cloud",
  ]
    .map((x) => `"${x}"`)
    .join(";");
const erpText = (rows: string[]) => `\ufeff${[ERP_HEADER, ...rows].join("\r\n")}\r\n`;

/** A folder holding only the result, named `name`: 山田 has Full Access on Büro München. */
function erpFolder(name = ERP_FILE, rows = [erpRow("FullAccess", "yamada", "山田 太郎")]): string {
  const dir = path.join(tempDir(), "exports");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, name), erpText(rows));
  return dir;
}

/** The script's export: Chloé has Full Access on Büro München, 山田 Send As on it. */
function scriptFolder(): string {
  const t = sidTenant();
  t.fullAccess(at("buero"), at("chloe"), { UserSid: sidOf(t, "chloe") });
  t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
  return writeWithSids(t);
}

describe("finding 3: the Export-RecipientPermissions result beside the script's files", () => {
  it("with recipients.csv absent, neither export is read: one error names both", async () => {
    const dir = scriptFolder();
    fs.rmSync(path.join(dir, "recipients.csv"));
    fs.writeFileSync(
      path.join(dir, ERP_FILE),
      erpText([erpRow("FullAccess", "yamada", "山田 太郎")])
    );
    const r = await buildExports(dir, "--allow-unresolved");
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain(
      `${ERP_FILE}: is the Export-RecipientPermissions result (its header has Grantor Primary SMTP), beside Export-SendFromData.ps1's files (export-info.csv, group-members.csv, groups.csv, mailbox-permissions.csv, mailboxes.csv, recipient-permissions.csv)`
    );
    expect(r.stderr).toContain(`keep one export in ${dir}`);
    expect(r.stderr).toContain(`recipients.csv: missing from ${dir}`);
  });

  it("with Recipients.csv: the same error, and the missing file names the one that is there", async () => {
    const dir = scriptFolder();
    fs.renameSync(path.join(dir, "recipients.csv"), path.join(dir, "Recipients.csv"));
    fs.writeFileSync(
      path.join(dir, ERP_FILE),
      erpText([erpRow("FullAccess", "yamada", "山田 太郎")])
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("beside Export-SendFromData.ps1's files (Recipients.csv, ");
    expect(r.stderr).toContain(
      `recipients.csv: missing from ${dir} (found Recipients.csv: its name differs in letter case only`
    );
  });

  it("beside the result alone, a part with a script file's header is an error too", async () => {
    const dir = erpFolder();
    fs.copyFileSync(
      path.join(scriptFolder(), "mailbox-permissions.csv"),
      path.join(dir, "Vollzugriff Büro.csv")
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "Vollzugriff Büro.csv: has the columns of mailbox-permissions.csv, a file of Export-SendFromData.ps1, beside the Export-RecipientPermissions result"
    );
  });
});

describe("finding 7: subfolders and links in --in", () => {
  it("a subfolder holding a part is an error naming it; the part's right is not quietly lost", async () => {
    const dir = scriptFolder();
    fs.mkdirSync(path.join(dir, "Teil 2"));
    fs.copyFileSync(
      path.join(dir, "mailbox-permissions.csv"),
      path.join(dir, "Teil 2", "mailbox-permissions.csv")
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `Teil 2/: is a folder in ${dir} holding "Teil 2/mailbox-permissions.csv", which looks like part of an export: the build reads only the files directly in --in`
    );
  });

  it("a whole export in a dated subfolder two levels down, and beside the result, too", async () => {
    const src = scriptFolder();
    for (const dir of [scriptFolder(), erpFolder()]) {
      const deep = path.join(dir, "2026-11", "21. November");
      fs.mkdirSync(deep, { recursive: true });
      fs.copyFileSync(path.join(src, "recipients.csv"), path.join(deep, "recipients.txt"));
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('holding "2026-11/21. November/recipients.txt"');
    }
  });

  it("a subfolder of notes is named in the warning; the build goes on", async () => {
    const dir = scriptFolder();
    fs.mkdirSync(path.join(dir, "Notizen"));
    fs.writeFileSync(path.join(dir, "Notizen", "Lies mich.txt"), "Export für 山田\r\n");
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(r.report.warnings).toContainEqual(
      expect.stringContaining('not read (not export files): "Notizen/" in')
    );
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });

  it("a link to a part is reported like the part; a link to an export file is read", async () => {
    const dir = scriptFolder();
    const elsewhere = path.join(tempDir(), "mailbox-permissions.csv");
    fs.renameSync(path.join(dir, "mailbox-permissions.csv"), elsewhere);
    fs.symlinkSync(elsewhere, path.join(dir, "mailbox-permissions.csv"));
    const ok = await buildExports(dir);
    expect(ok.code).toBe(0);
    expect(rightsOf(ok.shard(at("chloe")))).toEqual({ [at("buero")]: ["FullAccess"] });

    fs.symlinkSync(elsewhere, path.join(dir, "mailbox-permissions (2).csv"));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "mailbox-permissions (2).csv: is in the export folder, but the build does not read it"
    );
  });

  it("a link that points at nothing is an error naming it", async () => {
    const dir = scriptFolder();
    fs.symlinkSync(path.join(tempDir(), "weg.csv"), path.join(dir, "Vollzugriff Jürgen.csv"));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Vollzugriff Jürgen.csv: is a link to ");
    expect(r.stderr).toContain("which does not exist");
  });
});

describe("finding 8: an unread part's header found as the reader finds it", () => {
  const mailboxPermissions = () =>
    fs
      .readFileSync(path.join(scriptFolder(), "mailbox-permissions.csv"), "utf8")
      .replace(/^\ufeff/, "");
  it.each([
    ["mailbox-permissions (2).txt", (text: string) => `sep=,\r\n${text}`],
    ["mailbox-permissions (3).txt", (text: string) => `\r\n\r\n${text}`],
    ["mailbox-permissions-2", (text: string) => text],
    ["Teil 2 (Büro)", (text: string) => `#TYPE Deserialized.Microsoft.Exchange\r\n${text}`],
  ])("%s is a part whose rights would be lost", async (name, shape) => {
    const dir = scriptFolder();
    fs.writeFileSync(path.join(dir, name), shape(mailboxPermissions()));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${name}: is in the export folder, but the build does not read it`);
    expect(r.stderr).toContain("its header has mailbox-permissions.csv's columns");
  });

  it.each([
    [
      "Export-RecipientPermissions_Result_2.csv",
      (text: string) => `sep=;\r\n${text.replace(/^\ufeff/, "")}`,
    ],
    ["Export-RecipientPermissions_Result_2", (text: string) => text],
  ])("beside the result, %s is a second result", async (name, shape) => {
    const dir = erpFolder();
    fs.writeFileSync(
      path.join(dir, name),
      shape(erpText([erpRow("SendAs", "chloe", "Chloé Martin")]))
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${name}: is a second Export-RecipientPermissions result`);
  });

  it("a leftover *.partial of a failed run stays a warning", async () => {
    const dir = scriptFolder();
    fs.writeFileSync(path.join(dir, "mailbox-permissions.csv.partial"), mailboxPermissions());
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(r.report.warnings).toContainEqual(
      expect.stringContaining('"mailbox-permissions.csv.partial"')
    );
  });
});

describe("finding 9: the result alone, saved as .txt", () => {
  it("is refused for its extension, with the rename as the fix", async () => {
    const dir = erpFolder("Export-RecipientPermissions_Result.txt");
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "Export-RecipientPermissions_Result.txt: is the Export-RecipientPermissions result (its header has Grantor Primary SMTP), but its name does not end in .csv"
    );
    expect(r.stderr).toContain(
      'fix: rename "Export-RecipientPermissions_Result.txt" to "Export-RecipientPermissions_Result.csv"'
    );
    expect(r.stderr).not.toContain("recipients.csv");
    fs.renameSync(
      path.join(dir, "Export-RecipientPermissions_Result.txt"),
      path.join(dir, "Export-RecipientPermissions_Result.csv")
    );
    const ok = await buildExports(dir);
    expect(ok.code).toBe(0);
    expect(rightsOf(ok.shard(at("yamada")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });
});

describe("finding 10: U+FFFD in the result's Grantor Display Name", () => {
  it("is refused with its line, as in mailboxes.csv; never published", async () => {
    const dir = erpFolder(ERP_FILE, [
      erpRow("FullAccess", "yamada", "山田 太郎", "B\ufffdro M\ufffdnchen"),
      erpRow("SendAs", "chloe", "Chloé Martin", "B\ufffdro M\ufffdnchen"),
    ]);
    const r = await buildExports(dir, "--allow-unresolved");
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain(
      `${ERP_FILE}, line 2, column Grantor Display Name: "B\ufffdro M\ufffdnchen" holds U+FFFD`
    );
  });
});

describe("a joined cell beside a built-in account's SID (g12d item 6)", () => {
  it.each([
    ["Send As", "NT AUTHORITY\\SELF;chloe", "S-1-5-10", '";"'],
    ["Send As", "NT AUTHORITY\\SELF,chloe", "S-1-5-10", '","'],
    ["Full Access", "chloe;NT AUTHORITY\\SELF", "S-1-5-10", '";"'],
    ["Send As", "BUILTIN\\Administrators,chloe", "S-1-5-32-544", '","'],
  ])(
    "%s for %s (SID %s): a lost right naming Chloé, never dropped",
    async (right, value, sid, sep) => {
      const t = sidTenant();
      if (right === "Send As") t.sendAs(at("buero"), value, { TrusteeSidString: sid });
      else t.fullAccess(at("buero"), value, { UserSid: sid });
      const r = await buildExports(writeWithSids(t));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `"${value}" names no recipient as a whole and looks like trustees joined: cut at ${sep}, "chloe" (${at("chloe")}) names a recipient`
      );
      expect(r.report.dropped.self).toBe(0);
    }
  );

  it("a Deny so joined, while Chloé holds the right, is a Deny the build cannot place", async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: sidOf(t, "chloe") });
    t.sendAs(at("buero"), "NT AUTHORITY\\SELF;chloe", {
      AccessControlType: "Deny",
      TrusteeSidString: "S-1-5-10",
    });
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("recipient-permissions.csv, line 3, column Trustee");
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard(at("chloe")))).toEqual({});
  });
});

describe("finding 11: what the summary says beside an error or a Deny", () => {
  it("a Deny for Everyone's SID with an empty trustee is shown by its SID", async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
    t.sendAs(at("buero"), "", { AccessControlType: "Deny", TrusteeSidString: "S-1-1-0" });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("yamada")))).toEqual({});
    expect(r.report.warnings).toContainEqual(
      expect.stringContaining(`a Deny of SendAs on ${at("buero")} for "S-1-1-0" (everyone)`)
    );
  });

  it("two groups sharing an identity: the error alone, no untrue empty group", async () => {
    const GROUP = "MailUniversalSecurityGroup/MailUniversalSecurityGroup";
    const row = (identity: string, local: string, display: string, type: string) =>
      [at("buero"), "Büro München", "UserMailbox/SharedMailbox", "Cloud", "", "SendAs", "Allow"]
        .concat(["False", "All", identity, at(local), display, type, "Cloud"])
        .map((x) => `"${x}"`)
        .join(";");
    const dir = erpFolder(ERP_FILE, [
      row("Team Vertrieb", "vertrieb", "Team Vertrieb", GROUP),
      row(`Team Vertrieb     [MemberRecurse] ${at("yamada")}`, "yamada", "山田 太郎", USER),
      row("Team Vertrieb", "vertrieb2", "Team Vertrieb", GROUP),
      row(`Team Vertrieb     [MemberRecurse] ${at("chloe")}`, "chloe", "Chloé Martin", USER),
    ]);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${ERP_FILE}, line 3, column Trustee Original Identity: this member row lists a member of "team vertrieb"`
    );
    expect(r.stderr).not.toContain("empty group");
    expect(r.report.dropped.emptyGroup).toBe(0);
  });
});

describe("rev11j findings 8-10 and line numbers", () => {
  it.each([
    ["recipient-permissions.csv", "Trustee"],
    ["mailbox-permissions.csv", "User"],
  ])(
    "System.Object[] in %s's %s: the fix writes a row per trustee, never -join",
    async (file, column) => {
      const t = sidTenant();
      if (column === "Trustee") t.sendAs(at("buero"), "System.Object[]");
      else t.fullAccess(at("buero"), "System.Object[]");
      const r = await buildExports(writeWithSids(t));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${file}, line 2, column ${column}: holds the .NET type name`);
      expect(r.stderr).toContain(`write one row per trustee, with the trustee alone in ${column}`);
      expect(r.stderr).not.toContain("-join");
    }
  );

  const golden = path.join(__dirname, "../../fixtures/admin/small/directory");
  const copy = () => {
    const dir = path.join(tempDir(), "directory");
    fs.cpSync(golden, dir, { recursive: true });
    return dir;
  };
  const anaFile = shardPath(toSmtpAddress("ana@tailspin.example"));

  it("validate: a generatedAt that is no date is 'not a date', in index.json and each shard", () => {
    const dir = copy();
    for (const file of ["index.json", anaFile]) {
      const data = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
      data.generatedAt = "2026-13-45T99:30:00Z";
      fs.writeFileSync(path.join(dir, file), JSON.stringify(data));
    }
    const check = validateDirectory(dir);
    const messages = check.problems.map((p) => `${p.file}: ${p.message}`);
    expect(messages).toContainEqual(
      expect.stringContaining('index.json: generatedAt "2026-13-45T99:30:00Z" is not a date')
    );
    expect(messages).toContainEqual(
      expect.stringContaining(`${anaFile}: generatedAt "2026-13-45T99:30:00Z" is not a date`)
    );
    expect(messages.join("\n")).not.toContain("two builds");
  });

  it("validate: 30 February is not a date either", () => {
    const dir = copy();
    const data = JSON.parse(fs.readFileSync(path.join(dir, anaFile), "utf8"));
    data.generatedAt = "2026-02-30T06:00:00Z";
    fs.writeFileSync(path.join(dir, anaFile), JSON.stringify(data));
    expect(validateDirectory(dir).problems.map((p) => p.message)).toContainEqual(
      expect.stringContaining('generatedAt "2026-02-30T06:00:00Z" is not a date')
    );
  });

  it("validate: a damaged shard over the size limit is told to be rebuilt, not to lose rights", () => {
    const dir = copy();
    fs.writeFileSync(path.join(dir, anaFile), Buffer.alloc(MAX_SHARD_BYTES + 10));
    const [problem] = validateDirectory(dir).problems.filter((p) => p.file === anaFile);
    expect(problem.message).toContain("it holds a NUL byte at byte 0");
    expect(problem.fix).toContain("rebuild the directory");
    expect(problem.fix).not.toContain("Remove-");
    fs.writeFileSync(path.join(dir, anaFile), "x".repeat(MAX_SHARD_BYTES + 10));
    const [text] = validateDirectory(dir).problems.filter((p) => p.file === anaFile);
    expect(text.message).toContain('not JSON (it starts with "xxxx');
  });

  it("a row whose quoted value holds a line break is named by the line it starts on", async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), "Geist\r\nNiemand");
    t.sendAs(at("buero"), "Gespenst Ünbekannt");
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("recipient-permissions.csv, line 2, column Trustee: SendAs on");
    expect(r.stderr).toContain(
      'recipient-permissions.csv, line 4, column Trustee: SendAs on buero@contoso.example is lost: "Gespenst Ünbekannt"'
    );
  });
});
