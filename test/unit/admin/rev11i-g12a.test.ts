// Issue 11, ninth review (rev11i), findings 5, 6, 11 and the rest: a trustee name beside a
// well-known SID that is someone else's, files in the export folder the build does not read, and
// Deny entries for domain groups. Each test rebuilds the reviewer's case as a small fictional
// export and asserts the exit code, the message (file, line, true reason) and the rights published.
import * as fs from "node:fs";
import * as path from "node:path";
import { COLUMNS, rightsOf, tempDir, toCsv, Tenant } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";
import { at, sidOf, sidTenant, writeWithSids } from "../../fixtures/admin/sid-tenant";

/** The shared tenant, with SELF's own Send As and Full Access rows on Büro München. */
function tenant(): Tenant {
  const t = sidTenant();
  t.sendAs(at("buero"), "NT AUTHORITY\\SELF", { TrusteeSidString: "S-1-5-10" });
  t.fullAccess(at("buero"), "NT AUTHORITY\\SELF", { UserSid: "S-1-5-10" });
  return t;
}
const write = writeWithSids;

describe("finding 5: a trustee name and a well-known SID in one row that disagree", () => {
  it.each([
    ["SELF", "S-1-5-10"],
    ["Everyone", "S-1-1-0"],
    ["Authenticated Users", "S-1-5-11"],
    ["SYSTEM", "S-1-5-18"],
    ["BUILTIN\\Administrators", "S-1-5-32-544"],
    ["the domain's Domain Admins (RID 512)", "S-1-5-21-7-8-9-512"],
    ["the domain's Domain Users (RID 513)", "S-1-5-21-7-8-9-513"],
  ])(
    "山田's name with the SID of %s: a lost right naming both, never dropped as SELF or given",
    async (owner, wellKnown) => {
      const t = tenant();
      t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: wellKnown });
      t.fullAccess(at("buero"), "CONTOSO\\yamada", { UserSid: wellKnown });
      const dir = write(t);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(
        `recipient-permissions.csv, line 3, column Trustee: SendAs on ${at("buero")} is lost: "${at("yamada")}" names ${at("yamada")}, but the row's SID ${wellKnown} is the well-known SID of ${owner}`
      );
      expect(r.stderr).toContain(
        `mailbox-permissions.csv, line 3, column User: FullAccess on ${at("buero")} is lost: "CONTOSO\\yamada" names ${at("yamada")}`
      );
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(allowed.report.lost).toHaveLength(2);
      // Counted as lost, never as SELF (the two SELF rows of the tenant stay SELF).
      expect(allowed.report.dropped.self).toBe(2);
      expect(allowed.shard(at("yamada"))).toBeUndefined();
    }
  );

  it.each([
    ["NT AUTHORITY\\SELF"],
    ["NT AUTHORITY\\SYSTEM"],
    ["Everyone"],
    ["CONTOSO\\Domain Users"],
  ])("%s with Chloé's SID: a lost right, Chloé never gets it", async (name) => {
    const t = tenant();
    t.fullAccess(at("buero"), name, { UserSid: sidOf(t, "chloe") });
    const r = await buildExports(write(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `mailbox-permissions.csv, line 3, column User: FullAccess on ${at("buero")} is lost: "${name}" is a built-in account's name, but the row's SID ${sidOf(t, "chloe")} is ${at("chloe")}'s in the exports`
    );
    const allowed = await buildExports(write(t), "--allow-unresolved");
    expect(allowed.shard(at("chloe"))).toBeUndefined();
  });

  it("a Deny for Chloé with the Everyone SID is no Everyone Deny: a lost right naming the holders", async () => {
    const t = tenant();
    t.sendAs(at("buero"), at("juergen"), { TrusteeSidString: sidOf(t, "juergen") });
    t.sendAs(at("buero"), at("chloe"), {
      AccessControlType: "Deny",
      TrusteeSidString: "S-1-1-0",
    });
    const dir = write(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `recipient-permissions.csv, line 4, column Trustee: SendAs on ${at("buero")} is lost: a Deny: "${at("chloe")}" names ${at("chloe")}, but the row's SID S-1-1-0 is the well-known SID of Everyone`
    );
    expect(r.stderr).toContain(`${at("juergen")} holds the right`);
    expect(r.stderr).not.toContain("(everyone): Exchange refuses");
    // Published anyway, nothing Exchange may refuse is offered.
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(allowed.shard(at("juergen"))).toBeUndefined();
  });

  it("a SELF Deny row for 山田 (SID S-1-5-10) withholds 山田's right and fails", async () => {
    const t = tenant();
    t.fullAccess(at("buero"), at("yamada"), { UserSid: sidOf(t, "yamada") });
    t.fullAccess(at("buero"), at("yamada"), { Deny: "True", UserSid: "S-1-5-10" });
    const r = await buildExports(write(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is the well-known SID of SELF");
    expect(r.stderr).toContain(`${at("yamada")} holds the right`);
  });

  it("names and SIDs that agree change nothing: SELF (localised too), SYSTEM, Everyone, a user", async () => {
    const t = tenant();
    t.sendAs(at("buero"), "NT-AUTORITÄT\\SELBST", { TrusteeSidString: "S-1-5-10" });
    t.sendAs(at("buero"), "NT AUTHORITY\\SYSTEM", { TrusteeSidString: "S-1-5-18" });
    t.fullAccess(at("buero"), "CONTOSO\\Domain Admins", {
      UserSid: "S-1-5-21-7-8-9-512",
    });
    t.fullAccess(at("buero"), "Jeder", { UserSid: "S-1-1-0" });
    t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: sidOf(t, "chloe") });
    t.fullAccess(at("buero"), "CONTOSO\\juergen", { UserSid: sidOf(t, "juergen") });
    const r = await buildExports(write(t));
    expect(r.code).toBe(0);
    expect(r.report.dropped.self).toBe(3);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendAs"] });
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });
});

describe("finding 6: files in the export folder the build does not read", () => {
  /** Chloé's Full Access on Büro München, only in the file under test. */
  function withChloeRow(t: Tenant): { dir: string; row: string } {
    const dir = write(t);
    const row = toCsv(
      [...COLUMNS["mailbox-permissions.csv"]],
      [
        {
          Identity: at("buero"),
          User: at("chloe"),
          AccessRights: "FullAccess",
          IsInherited: "False",
          Deny: "False",
          InheritanceType: "All",
          UserSid: sidOf(t, "chloe"),
        },
      ]
    );
    return { dir, row };
  }

  it('a second download "mailbox-permissions (2).csv": an error naming it and where its rows go', async () => {
    const { dir, row } = withChloeRow(tenant());
    fs.writeFileSync(path.join(dir, "mailbox-permissions (2).csv"), row);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain(
      "mailbox-permissions (2).csv: is in the export folder, but the build does not read it"
    );
    expect(r.stderr).toContain("its header has mailbox-permissions.csv's columns");
    expect(r.stderr).toContain(
      "append its rows, without its header line, to mailbox-permissions.csv"
    );
    // A lost file is not a lost right the admin may accept.
    expect((await buildExports(dir, "--allow-unresolved")).code).toBe(1);
  });

  it("any other .csv is an error too, even without an export file's header", async () => {
    const dir = write(tenant());
    fs.writeFileSync(path.join(dir, "Vertretungen Jürgen.csv"), "Wer,Für wen\r\n山田,Chloé\r\n");
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "Vertretungen Jürgen.csv: is in the export folder, but the build does not read it"
    );
    expect(r.stderr).toContain("whatever it holds would be lost");
  });

  it.each([["Mailbox-Permissions.csv"], ["mailbox-permissions.CSV"]])(
    "%s instead of mailbox-permissions.csv: the missing file names the one that is there",
    async (name) => {
      const { dir, row } = withChloeRow(tenant());
      fs.rmSync(path.join(dir, "mailbox-permissions.csv"));
      fs.writeFileSync(path.join(dir, name), row);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `mailbox-permissions.csv: missing from ${dir} (found ${name}: its name differs in letter case only`
      );
      expect(r.stderr).toContain(`fix: rename "${name}" to mailbox-permissions.csv`);
    }
  );

  it("a workbook named like a missing file: save it as CSV; beside the CSV: a warning", async () => {
    const t = tenant();
    const dir = write(t);
    fs.renameSync(
      path.join(dir, "mailbox-permissions.csv"),
      path.join(dir, "mailbox-permissions.xlsx")
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "(found mailbox-permissions.xlsx: a workbook, which the build does not read)"
    );
    expect(r.stderr).toContain("save it as CSV UTF-8 named mailbox-permissions.csv");

    const beside = write(t);
    fs.writeFileSync(path.join(beside, "mailboxes.xlsx"), "PK");
    fs.writeFileSync(path.join(beside, "README.txt"), "Export vom 1. November, 山田\r\n");
    fs.writeFileSync(path.join(beside, "~$mailboxes.csv"), "lock");
    const ok = await buildExports(beside);
    expect(ok.code).toBe(0);
    expect(ok.report.warnings).toContainEqual(expect.stringContaining('"mailboxes.xlsx" in'));
    expect(ok.report.warnings).toContainEqual(
      expect.stringContaining('not read (not export files): "README.txt" in')
    );
    // Excel's lock file is no export file: not named.
    expect(JSON.stringify(ok.report.warnings)).not.toContain("~$");
  });
});

describe("finding 11: a Deny for a domain's built-in group of people, by SID", () => {
  it.each([
    ["CONTOSO\\Domain Users", "S-1-5-21-7-8-9-513", "the domain's Domain Users (RID 513)"],
    ["CONTOSO\\Domänen-Benutzer", "S-1-5-21-7-8-9-513", "the domain's Domain Users (RID 513)"],
    ["BUILTIN\\Users", "S-1-5-32-545", "BUILTIN\\Users"],
    ["S-1-5-21-7-8-9-512", "", "the domain's Domain Admins (RID 512)"],
  ])(
    "%s: a Deny the build cannot place when anyone holds the right",
    async (name, groupSid, what) => {
      const t = tenant();
      t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
      t.sendAs(at("buero"), name, { AccessControlType: "Deny", TrusteeSidString: groupSid });
      const dir = write(t);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `recipient-permissions.csv, line 4, column Trustee: SendAs on ${at("buero")} is lost: a Deny that the build cannot place: "${name}" is ${what}, a built-in group whose members no export lists`
      );
      expect(r.stderr).toContain(`${at("yamada")} holds the right it denies`);
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(allowed.report.unplacedDenies).toEqual([
        expect.objectContaining({ value: name, reason: "groupMembersUnknown" }),
      ]);
    }
  );

  it("takes nothing away, and says nothing, when no one holds the right it denies", async () => {
    const t = tenant();
    t.fullAccess(at("buero"), at("chloe"), { UserSid: sidOf(t, "chloe") });
    t.sendAs(at("buero"), "CONTOSO\\Domain Users", {
      AccessControlType: "Deny",
      TrusteeSidString: "S-1-5-21-7-8-9-513",
    });
    const r = await buildExports(write(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });
});

describe("rev11i e18: Export-RecipientPermissions member rows under a user trustee", () => {
  const ERP_HEADER =
    '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
  const erpRow = (...v: string[]) => v.map((x) => `"${x}"`).join(";");
  const BUERO = ["buero@contoso.example", "Büro München", "UserMailbox/SharedMailbox", "Cloud", ""];
  const USER = "UserMailbox/UserMailbox";

  function erpDir(rows: string[]): string {
    const dir = path.join(tempDir(), "in");
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, "Export-RecipientPermissions_Result.csv"),
      `\ufeff${[ERP_HEADER, ...rows].join("\r\n")}\r\n`
    );
    return dir;
  }

  it.each([["[MemberRecurse]"], ["[MemberDirect]"]])(
    "a %s row under Jürgen (a user) is refused with its line; Chloé gets nothing",
    async (mark) => {
      const rows = [
        erpRow(
          ...BUERO,
          "FullAccess",
          "Allow",
          "False",
          "All",
          "Jürgen Weiß",
          at("juergen"),
          "Jürgen Weiß",
          USER,
          "Cloud"
        ),
        erpRow(
          ...BUERO,
          "SendAs",
          "Allow",
          "False",
          "All",
          "山田 太郎",
          at("yamada"),
          "山田 太郎",
          USER,
          "Cloud"
        ),
        erpRow(
          ...BUERO,
          "FullAccess",
          "Allow",
          "False",
          "All",
          `Jürgen Weiß     ${mark} Chloé Martin`,
          at("chloe"),
          "Chloé Martin",
          USER,
          "Cloud"
        ),
      ];
      const dir = erpDir(rows);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `Export-RecipientPermissions_Result.csv, line 4, column Trustee Original Identity: "Jürgen Weiß     ${mark} Chloé Martin" lists a member (${mark}) of "Jürgen Weiß", which this file's own row for it types as UserMailbox, not a group`
      );
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(1);
      expect(allowed.written).toBe(false);
    }
  );

  it("a second result file beside the one read is an error; the tool's other files a warning", async () => {
    const rows = [
      erpRow(
        ...BUERO,
        "FullAccess",
        "Allow",
        "False",
        "All",
        "Jürgen Weiß",
        at("juergen"),
        "Jürgen Weiß",
        USER,
        "Cloud"
      ),
    ];
    const dir = erpDir(rows);
    fs.copyFileSync(
      path.join(dir, "Export-RecipientPermissions_Result.csv"),
      path.join(dir, "Export-RecipientPermissions_Result (2).csv")
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "Export-RecipientPermissions_Result (2).csv: is a second Export-RecipientPermissions result"
    );
    fs.rmSync(path.join(dir, "Export-RecipientPermissions_Result (2).csv"));
    fs.writeFileSync(path.join(dir, "Export-RecipientPermissions_Debug.txt"), "山田\r\n");
    const ok = await buildExports(dir);
    expect(ok.code).toBe(0);
    expect(ok.report.warnings).toContainEqual(
      expect.stringContaining('"Export-RecipientPermissions_Debug.txt"')
    );
  });

  it("member rows under a group trustee still grant", async () => {
    const GROUP = "MailUniversalSecurityGroup/MailUniversalSecurityGroup";
    const rows = [
      erpRow(
        ...BUERO,
        "FullAccess",
        "Allow",
        "False",
        "All",
        "Team Süd",
        at("team-sued"),
        "Team Süd",
        GROUP,
        "Cloud"
      ),
      erpRow(
        ...BUERO,
        "FullAccess",
        "Allow",
        "False",
        "All",
        "Team Süd     [MemberRecurse] Chloé Martin",
        at("chloe"),
        "Chloé Martin",
        USER,
        "Cloud"
      ),
    ];
    const r = await buildExports(erpDir(rows));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });
});

describe("finding 7: a primary address in group-members.csv that is also another's UPN", () => {
  it("the primary match wins: 山田 keeps the right through the group", async () => {
    const t = new Tenant();
    t.user("Chloé Martin", "chloe", { upn: at("yamada") });
    t.user("山田 太郎", "yamada", { upn: "taro@contoso.onmicrosoft.example" });
    t.shared("Büro München", "buero");
    t.group("Team Süd", "team-sued", "MailUniversalSecurityGroup", {}, [at("yamada")]);
    t.sendAs(at("buero"), at("team-sued"), { TrusteeSidString: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("yamada")))).toEqual({ [at("buero")]: ["SendAs"] });
    expect(r.shard(at("chloe"))).toBeUndefined();
  });
});

describe("finding 8: a mis-decoded Deny trustee gets the encoding diagnosis", () => {
  it('"JÃ¼rgen WeiÃŸ" naming no one either way: the encoding first, like the Allow twin', async () => {
    const t = tenant();
    t.fullAccess(at("buero"), at("chloe"), { UserSid: sidOf(t, "chloe") });
    t.fullAccess(at("buero"), "JÃ¼rgen WeiÃŸ-Krause", { Deny: "True", UserSid: "" });
    const r = await buildExports(write(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'a Deny that the build cannot place: "JÃ¼rgen WeiÃŸ-Krause" is "Jürgen Weiß-Krause" mis-decoded (its UTF-8 bytes were read as Windows-1252), and names no recipient either way'
    );
    expect(r.stderr).toContain("in one encoding (UTF-8)");
    expect(r.stderr).not.toContain('check who "JÃ¼rgen');
  });
});

describe("finding 10 and the empty Identity: a lost right on an unclear mailbox says whose it is", () => {
  it("an Identity two recipients share: the lost entry names the trustee", async () => {
    const t = tenant();
    // "buero" is the shared mailbox's alias and Chloé's Name.
    t.rows["recipients.csv"].find((r) => r.PrimarySmtpAddress === at("chloe"))!.Name = "buero";
    t.sendAs("buero", at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
    const dir = write(t);
    const r = await buildExports(dir, "--allow-unresolved");
    expect(r.code).toBe(0);
    expect(r.report.lost).toEqual([
      expect.objectContaining({
        column: "Identity",
        value: "buero",
        message: expect.stringContaining(
          `the build does not guess which mailbox the right is on; granted to "${at("yamada")}"`
        ),
      }),
    ]);
  });

  it('an empty Identity: no "on  is lost", the trustee named', async () => {
    const t = tenant();
    t.fullAccess("", "CONTOSO\\yamada", { UserSid: sidOf(t, "yamada") });
    const r = await buildExports(write(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'FullAccess on a mailbox the row does not name (empty Identity) is lost: Identity "" names no mailbox'
    );
    expect(r.stderr).toContain('granted to "CONTOSO\\yamada"');
    expect(r.stderr).not.toContain("on  is lost");
  });
});

describe('finding 9: a distinguished name in a ";" GrantSendOnBehalfTo list', () => {
  it('"CN=juergen,OU=…;chloe" grants Jürgen (by the DN\'s CN) and Chloé', async () => {
    const t = tenant();
    t.set(
      "mailboxes.csv",
      at("buero"),
      "GrantSendOnBehalfTo",
      "CN=juergen,OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=EURPR01A001,DC=prod,DC=outlook,DC=com;chloe"
    );
    const r = await buildExports(write(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
  });
});
