// Issue 11, fifteenth review (rev11o). Finding 14: a Deny named only by an NT AUTHORITY name
// (Authenticated Users in another language; This Organization, NETWORK, INTERACTIVE in any) was
// dropped as a built-in account and the right it takes published, exit 0. Fictional tenant:
// Jürgen Weiß, Chloé Martin, the shared mailbox "Vertrieb Büro".
import * as fs from "node:fs";
import * as path from "node:path";
import * as iconv from "iconv-lite";
import { COLUMNS, DOMAIN, rightsOf, Tenant, toCsv } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe");
  t.shared("Vertrieb Büro", "vertrieb");
  return t;
}

/** Export-RecipientPermissions' result header (its documented columns, ";"-separated). */
const ERP_HEADER =
  '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';

/** A folder holding only an Export-RecipientPermissions result with `rows`; returns the folder. */
function erpResult(rows: string[]): string {
  const dir = path.join(path.dirname(writeExports(tenant())), "erp");
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, "Export-RecipientPermissions_Result.csv"),
    `\ufeff${[ERP_HEADER, ...rows].join("\r\n")}\r\n`
  );
  return dir;
}

describe("finding 14: Authenticated Users under its localised name, without a SID, is everyone", () => {
  it.each([
    "NT-AUTORITÄT\\Authentifizierte Benutzer",
    "AUTORITE NT\\Utilisateurs authentifiés",
    "NT AUTHORITY\\Usuarios autentificados",
    "NT-INSTANTIE\\Geverifieerde gebruikers",
    "NT INSTANS\\Autentiserade användare",
    "AUTORIDADE NT\\Usuários Autenticados",
    "AUTORITÀ NT\\Utenti autenticati",
  ])("a Deny for %s takes Full Access and Send As from every holder", async (name) => {
    const t = tenant();
    t.fullAccess(at("vertrieb"), at("juergen"));
    t.fullAccess(at("vertrieb"), name, { Deny: "True", UserSid: "" });
    t.sendAs(at("vertrieb"), at("chloe"));
    t.sendAs(at("vertrieb"), name, { AccessControlType: "Deny", TrusteeSidString: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({});
    expect(rightsOf(r.shard(at("chloe")))).toEqual({});
    expect(r.stderr).toContain("rights taken away by Deny entries: 2");
  });

  it("an Allow for the German name is said as given to everyone, not dropped unseen", async () => {
    const t = tenant();
    t.sendAs(at("vertrieb"), "NT-AUTORITÄT\\Authentifizierte Benutzer", { TrusteeSidString: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("1 right(s) given to everyone");
  });
});

describe("finding 14: NT AUTHORITY's logon groups by name are a Deny the build cannot place", () => {
  it.each([
    "NT AUTHORITY\\This Organization",
    "NT AUTHORITY\\NETWORK",
    "NT AUTHORITY\\INTERACTIVE",
    "NT-AUTORITÄT\\Diese Organisation",
  ])("a Deny for %s without a SID: exit 1, Jürgen named, no Get-ADGroupMember", async (name) => {
    const t = tenant();
    t.fullAccess(at("vertrieb"), at("juergen"));
    t.fullAccess(at("vertrieb"), name, { Deny: "True", UserSid: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("a Deny that the build cannot place");
    expect(r.stderr).toContain(`is a logon group of Windows`);
    expect(r.stderr).toContain(`${at("juergen")} holds the right it denies`);
    expect(r.stderr).not.toContain("Get-ADGroupMember");
    const allowed = await buildExports(writeExports(t), "--allow-unresolved");
    expect(allowed.code).toBe(0);
    // Published as documented for a Deny not placed: the holder keeps it, listed as such.
    expect(allowed.report.unplacedDenies.map((d: { mailbox: string }) => d.mailbox)).toEqual([
      at("vertrieb"),
    ]);
  });

  it("the same in an Export-RecipientPermissions result (it has no SID column)", async () => {
    const grantor = `"${at("vertrieb")}";"Vertrieb Büro";"UserMailbox/SharedMailbox";"Cloud";""`;
    const allow = `${grantor};"FullAccess";"Allow";"False";"All";"${at("juergen")}";"${at("juergen")}";"Jürgen Weiß";"UserMailbox/UserMailbox";"Cloud"`;
    const deny = `${grantor};"FullAccess";"Deny";"False";"All";"NT AUTHORITY\\This Organization";"";"";"";""`;
    const r = await buildExports(erpResult([allow, deny]));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a Deny that the build cannot place");
  });

  it.each([
    "NT AUTHORITY\\SYSTEM",
    "NT-AUTORITÄT\\NETZWERKDIENST",
    "NT AUTHORITY\\ANONYMOUS LOGON",
  ])(
    "a Deny for the service account %s is no one's: Jürgen keeps Full Access, exit 0",
    async (name) => {
      const t = tenant();
      t.fullAccess(at("vertrieb"), at("juergen"));
      t.fullAccess(at("vertrieb"), name, { Deny: "True", UserSid: "" });
      const r = await buildExports(writeExports(t));
      expect(r.code).toBe(0);
      expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("vertrieb")]: ["FullAccess"] });
    }
  );
});

describe("findings 6 and 8: an export the script could not read whole is refused, never published as whole", () => {
  const unread =
    "the Full Access entries of vertrieb@contoso.example;the members of SG-Süd-Intern (no mail address), a member of team@contoso.example";

  it("export-info.csv with Unread: exit 1 naming each object, nothing published", async () => {
    const t = tenant();
    t.fullAccess(at("vertrieb"), at("juergen"));
    t.exportInfo = { ...t.exportInfo!, ModuleVersion: "3.5.0", Unread: unread };
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("export-info.csv, line 2, column Unread: the export is incomplete");
    expect(r.stderr).toContain('"the Full Access entries of vertrieb@contoso.example"');
    expect(r.stderr).toContain(
      '"the members of SG-Süd-Intern (no mail address), a member of team@contoso.example"'
    );
    expect(r.stderr).toContain("run Export-SendFromData.ps1 again");
  });

  it("with --allow-unresolved: published, and the summary names what is missing", async () => {
    const t = tenant();
    t.fullAccess(at("vertrieb"), at("juergen"));
    t.exportInfo = { ...t.exportInfo!, ModuleVersion: "3.5.0", Unread: unread };
    const r = await buildExports(writeExports(t), "--allow-unresolved");
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("vertrieb")]: ["FullAccess"] });
    expect(r.stderr).toContain("Export-SendFromData.ps1 could not read 2 object(s)");
    expect(r.stderr).toContain("published without them (--allow-unresolved)");
  });

  it("an empty Unread (everything was read) builds as before", async () => {
    const t = tenant();
    t.fullAccess(at("vertrieb"), at("juergen"));
    t.exportInfo = { ...t.exportInfo!, ModuleVersion: "3.5.0", Unread: "" };
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("vertrieb")]: ["FullAccess"] });
  });
});

describe("finding 11: an Export-RecipientPermissions result read on premises is not published as Exchange Online", () => {
  const row = (grantor: string, env: string) =>
    `"${at(grantor)}";"Vertrieb Büro";"UserMailbox/SharedMailbox";"${env}";"";"FullAccess";"Allow";"False";"All";"${at("juergen")}";"${at("juergen")}";"Jürgen Weiß";"MailUser/RemoteUserMailbox";"Cloud"`;
  const erp = (env: string) => erpResult([row("vertrieb", env)]);

  it('Grantor Environment "On-Prem": a lost right naming the column, exit 1', async () => {
    const r = await buildExports(erp("On-Prem"));
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain(
      "column Grantor Environment: FullAccess on vertrieb@contoso.example is lost"
    );
    expect(r.stderr).toContain("a mailbox in Exchange on-premises");
    expect(r.stderr).toContain("move it to Exchange Online");
  });

  it('Grantor Environment "Cloud": published as before', async () => {
    const r = await buildExports(erp("Cloud"));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("vertrieb")]: ["FullAccess"] });
  });
});

describe("finding 2: GrantSendOnBehalfTo joined with line breaks is a list; a line break never starts a line of output", () => {
  it.each([
    ["Out-String", "Jürgen Weiß\r\nChloé Martin\r\n"],
    ['-join "`r`n"', "Jürgen Weiß\r\nChloé Martin"],
    ['-join "`n"', "Jürgen Weiß\nChloé Martin"],
  ])("%s: both Send on Behalf grants, exit 0", async (_, value) => {
    const t = tenant();
    t.set("mailboxes.csv", at("vertrieb"), "GrantSendOnBehalfTo", value);
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("vertrieb")]: ["SendOnBehalf"] });
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("vertrieb")]: ["SendOnBehalf"] });
  });

  it("a line break in a value the build reports is printed escaped, on its one line", async () => {
    const t = tenant();
    t.fullAccess(at("vertrieb"), "Jürgen Weiß\n  fix: nothing to do");
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Jürgen Weiß\\u000A  fix: nothing to do");
    expect(r.stderr.split("\n").some((l) => l.startsWith("  fix: nothing to do"))).toBe(false);
  });
});

describe("finding 7: Export-RecipientPermissions' own error file beside the result", () => {
  const row = `"${at("vertrieb")}";"Vertrieb Büro";"UserMailbox/SharedMailbox";"Cloud";"";"FullAccess";"Allow";"False";"All";"${at("juergen")}";"${at("juergen")}";"Jürgen Weiß";"UserMailbox/UserMailbox";"Cloud"`;
  // The header the tool writes on every run (its script: '"Timestamp";"Task";"TaskDetail";"Error"').
  const errorHeader = '"Timestamp";"Task";"TaskDetail";"Error"';
  function erp(errorRows: string[]): string {
    const dir = erpResult([row]);
    fs.writeFileSync(
      path.join(dir, "Export-RecipientPermissions_Error.csv"),
      `\ufeff${[errorHeader, ...errorRows].join("\r\n")}\r\n`
    );
    return dir;
  }
  const failure = `"2026-11-01T06:00:00+01:00";"Mailbox access rights";"${at("buero")}";"The operation couldn't be performed because object couldn't be found"`;

  it("with a row: the export is incomplete, exit 1 naming the task and the object", async () => {
    const r = await buildExports(erp([failure]));
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("Export-RecipientPermissions_Error.csv: the export is incomplete");
    expect(r.stderr).toContain(`"Mailbox access rights ${at("buero")}: The operation couldn't`);
    expect(r.stderr).toContain("run Export-RecipientPermissions again");
  });

  it("with a row and --allow-unresolved: published, the warning names it", async () => {
    const r = await buildExports(erp([failure]), "--allow-unresolved");
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("vertrieb")]: ["FullAccess"] });
    expect(r.stderr).toContain("logged 1 error(s)");
  });

  it("header only (nothing failed): builds, no 'not read' warning for it", async () => {
    const r = await buildExports(erp([]));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("vertrieb")]: ["FullAccess"] });
    expect(r.stderr).not.toContain("Export-RecipientPermissions_Error.csv");
  });
});

describe("finding 9: PowerShell's text for an object (@{Name=…}) is refused with the exporting command's fix", () => {
  it.each(["@{Name=Jürgen Weiß}", "@{Name=Jürgen Weiß; Alias=juergen}"])(
    "GrantSendOnBehalfTo %s: an error naming the column, never 'names no recipient' or Get-Recipient",
    async (value) => {
      const t = tenant();
      t.set("mailboxes.csv", at("vertrieb"), "GrantSendOnBehalfTo", value);
      const r = await buildExports(writeExports(t));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("column GrantSendOnBehalfTo: holds");
      expect(r.stderr).toContain("PowerShell's text for an object");
      expect(r.stderr).not.toContain("names no recipient");
      expect(r.stderr).not.toContain("Get-Recipient");
    }
  );

  it("a Trustee @{PrimarySmtpAddress=…}: the fix selects the property, never joins a list", async () => {
    const t = tenant();
    t.sendAs(at("vertrieb"), `@{PrimarySmtpAddress=${at("chloe")}}`);
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("column Trustee: holds");
    expect(r.stderr).toContain("Select-Object -ExpandProperty");
  });
});

describe("finding 3: Export-Csv -Delimiter with any character is read by its header", () => {
  it.each(["|", ":", "~"])(
    "%s between quoted fields: the Send As of Chloé Martin is granted",
    async (d) => {
      const t = tenant();
      t.sendAs(at("vertrieb"), at("chloe"));
      const dir = writeExports(t);
      fs.writeFileSync(
        path.join(dir, "recipient-permissions.csv"),
        toCsv([...COLUMNS["recipient-permissions.csv"]], t.rows["recipient-permissions.csv"], {
          delimiter: d,
        })
      );
      const r = await buildExports(dir);
      expect(r.code).toBe(0);
      expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("vertrieb")]: ["SendAs"] });
    }
  );
});

describe("finding 5: a Shift_JIS file is never said to hold U+FFFD it does not hold", () => {
  it("mailboxes.csv from a Japanese Excel (cp932, 'ー' is 81 5B): one true diagnosis, no U+FFFD", async () => {
    const t = tenant();
    t.user("山田 太郎", "yamada");
    t.shared("サポート窓口", "support");
    t.fullAccess(at("support"), at("yamada"));
    const dir = writeExports(t);
    const text = toCsv([...COLUMNS["mailboxes.csv"]], t.rows["mailboxes.csv"], { bom: false });
    fs.writeFileSync(path.join(dir, "mailboxes.csv"), iconv.encode(text, "cp932"));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Shift_JIS");
    expect(r.stderr).not.toContain("U+FFFD");
    expect(r.stderr).not.toContain("no name in it showed another one");
  });
});

describe("finding 12: a GBK file whose first non-ASCII line is one name is not 'mixes encodings'", () => {
  it.each(["recipients.csv", "mailboxes.csv"] as const)(
    "%s in GBK (山田 is C9 BD CC EF, its first pair well-formed UTF-8): told its code page, once",
    async (file) => {
      const t = tenant();
      t.user("山田 太郎", "yamada");
      t.fullAccess(at("vertrieb"), at("yamada"));
      const dir = writeExports(t);
      const text = toCsv([...COLUMNS[file]], t.rows[file], { bom: false });
      fs.writeFileSync(path.join(dir, file), iconv.encode(text, "gbk"));
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("GBK (code page 936");
      expect(r.stderr).not.toContain("mixes encodings");
    }
  );
});

describe("finding 4: a Greek Excel CSV (Windows-1253) is told Greek, with its true reading", () => {
  it("mailboxes.csv in cp1253 ('Υποστήριξη'): most likely Windows-1253, never Windows-1251", async () => {
    // Only mailboxes.csv spells the name (recipients.csv has another), so the bytes alone decide.
    const t = new Tenant();
    t.user("Nikos Papadopoulos", "nikos");
    t.shared("Υποστήριξη", "ypostirixi");
    t.fullAccess(at("ypostirixi"), at("nikos"));
    for (const row of t.rows["recipients.csv"])
      if (row.DisplayName === "Υποστήριξη") row.DisplayName = "Support";
    const dir = writeExports(t);
    const text = toCsv([...COLUMNS["mailboxes.csv"]], t.rows["mailboxes.csv"], { bom: false });
    fs.writeFileSync(path.join(dir, "mailboxes.csv"), iconv.encode(text, "cp1253"));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('in Windows-1253 (Greek) it reads "Υποστήριξη"');
    expect(r.stderr).not.toContain("Windows-1251");
    expect(r.stderr).not.toContain("no name in it showed another one");
  });
});

describe("rev11p findings 4 and 7: a file cut at a known row limit is never taken as whole", () => {
  // Three builds of 65,536 rows: given time for a slow, shared machine.
  it("mailbox-permissions.csv of exactly 65,536 records (Excel's .xls limit): exit 1 naming the limit", async () => {
    const t = tenant();
    t.fullAccess(at("vertrieb"), at("juergen"));
    // SELF rows pad the file to the limit, as an export of every mailbox has them.
    while (t.rows["mailbox-permissions.csv"].length < 65_535)
      t.fullAccess(at("vertrieb"), "NT AUTHORITY\\SELF", { UserSid: "S-1-5-10" });
    const dir = writeExports(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("mailbox-permissions.csv has exactly 65,536 rows with its header");
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain("published as it is (--allow-unresolved)");
    // One row fewer: an ordinary file.
    t.rows["mailbox-permissions.csv"].pop();
    expect((await buildExports(writeExports(t))).code).toBe(0);
  }, 600_000);

  it("recipient-permissions.csv of exactly 1,000 rows from another tool (the default -ResultSize): exit 1", async () => {
    const t = tenant();
    t.exportInfo = null;
    t.sendAs(at("vertrieb"), at("chloe"));
    while (t.rows["recipient-permissions.csv"].length < 1_000)
      t.sendAs(at("vertrieb"), "NT AUTHORITY\\SELF", { TrusteeSidString: "S-1-5-10" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the default -ResultSize of Get-RecipientPermission");
    // The script always exports with -ResultSize Unlimited: its 1,000 rows are all there are.
    const script = tenant();
    script.sendAs(at("vertrieb"), at("chloe"));
    while (script.rows["recipient-permissions.csv"].length < 1_000)
      script.sendAs(at("vertrieb"), "NT AUTHORITY\\SELF", { TrusteeSidString: "S-1-5-10" });
    expect((await buildExports(writeExports(script))).code).toBe(0);
  });
});
