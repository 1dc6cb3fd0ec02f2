// Issue 11, eighth review (rev11h): faults a fresh reviewer found in the admin build. Each test
// rebuilds the reviewer's case as a small fictional export and asserts the rights that come out,
// or the exit code and the message (file, line, true reason, fix).
import * as fs from "node:fs";
import * as path from "node:path";
import { rightsOf, tempDir } from "../../fixtures/admin/tenant";
import { buildExports } from "../../fixtures/admin/cli";
import { at, sidOf, sidTenant, writeWithSids } from "../../fixtures/admin/sid-tenant";

const tenant = sidTenant;
const write = writeWithSids;

describe("finding 2: a damaged trustee name with another recipient's SID", () => {
  it.each([
    ["UTF-8 read as Windows-1252", "JÃ¼rgen WeiÃŸ"],
    ["a zero-width space", "Jürgen\u200b Weiß"],
    ["a no-break space", "Jürgen\u00a0Weiß"],
    ['"?" for letters', "J?rgen Wei?"],
  ])("(%s) is a lost right naming both, never a grant to the SID's owner", async (_, name) => {
    const t = tenant();
    t.fullAccess(at("buero"), name, { UserSid: sidOf(t, "chloe") });
    t.fullAccess(at("buero"), at("yamada"), { UserSid: sidOf(t, "yamada") });
    const dir = write(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("mailbox-permissions.csv, line 2, column User");
    expect(r.stderr).toContain(
      `repaired, it names ${at("juergen")}, but the row's SID ${sidOf(t, "chloe")} is ${at("chloe")}'s`
    );
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard(at("chloe")))).toEqual({});
    expect(rightsOf(allowed.shard(at("juergen")))).toEqual({});
    expect(rightsOf(allowed.shard(at("yamada")))).toEqual({ [at("buero")]: ["FullAccess"] });
    expect(allowed.report.lost).toHaveLength(1);
  });

  it("a damaged name with its own owner's SID is still read by the SID", async () => {
    const t = tenant();
    t.fullAccess(at("buero"), "Jürgen\u00a0Weiß", { UserSid: sidOf(t, "juergen") });
    const r = await buildExports(write(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });
});

describe("finding 3: a Deny whose name is one recipient and whose SID another's", () => {
  it.each([
    ["a clean name", "Jürgen Weiß"],
    ['a "?" name', "Chlo? Martin"],
  ])("(%s) withholding a holder's right fails as the same Allow does", async (_, name) => {
    const t = tenant();
    t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
    t.sendAs(at("buero"), name, {
      AccessControlType: "Deny",
      TrusteeSidString: sidOf(t, "yamada"),
    });
    const dir = write(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("recipient-permissions.csv, line 3, column Trustee");
    expect(r.stderr).toContain(`a Deny: `);
    expect(r.stderr).toContain(`is ${at("yamada")}'s in the exports`);
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    // Exchange applies the Deny to one of them: the directory offers the right to neither.
    expect(rightsOf(allowed.shard(at("yamada")))).toEqual({});
    expect(allowed.report.unplacedDenies).toHaveLength(1);
  });

  it("takes nothing from anyone when neither holds the right (no failure)", async () => {
    const t = tenant();
    t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: sidOf(t, "chloe") });
    t.sendAs(at("buero"), "Jürgen Weiß", {
      AccessControlType: "Deny",
      TrusteeSidString: sidOf(t, "yamada"),
    });
    const r = await buildExports(write(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendAs"] });
  });
});

const ERP = "Export-RecipientPermissions_Result.csv";
const ERP_HEADER =
  '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
const erpRow = (...v: string[]) => v.map((x) => `"${x}"`).join(";");
const USER_TYPE = "UserMailbox/UserMailbox";

function erpFolder(rows: string[]): string {
  const dir = path.join(tempDir(), "exports");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, ERP), `\ufeff${[ERP_HEADER, ...rows].join("\r\n")}\r\n`);
  return dir;
}

describe("finding 1: a right on a mail user or mail contact", () => {
  it.each([
    ["MailUser", "an on-premises mailbox of a hybrid tenant"],
    ["GuestMailUser", "an on-premises mailbox of a hybrid tenant"],
    ["MailContact", "Send From cannot send as a mail contact"],
  ])(
    "(%s, native files) is a lost right with its type, never 'not a mailbox'",
    async (type, fix) => {
      const t = tenant();
      t.rows["recipients.csv"].push({
        ...t.rows["recipients.csv"][0],
        Identity: "zoë",
        Name: "zoë",
        Alias: "zoe",
        DisplayName: "Zoë Brandt",
        PrimarySmtpAddress: at("zoe"),
        ExternalDirectoryObjectId: "00000000-0000-4000-8000-00000000f00d",
        RecipientTypeDetails: type,
        UserPrincipalName: "",
        EmailAddresses: `SMTP:${at("zoe")}`,
        SamAccountName: "zoe",
        Sid: "S-1-5-21-7-8-9-2999",
      });
      t.sendAs("zoë", at("chloe"), { TrusteeSidString: sidOf(t, "chloe") });
      t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: sidOf(t, "chloe") });
      const dir = write(t);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(
        `recipient-permissions.csv, line 2, column Identity: SendAs on ${at("zoe")} is lost: "zoë" is ${at("zoe")}, a ${type} (recipients.csv line 6)`
      );
      expect(r.stderr).toContain("Send From sends only from Exchange Online mailboxes");
      expect(r.stderr).toContain(fix);
      expect(r.stderr).not.toContain("not a mailbox");
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(rightsOf(allowed.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendAs"] });
      expect(allowed.report.lost).toEqual([
        expect.objectContaining({
          mailbox: at("zoe"),
          right: "SendAs",
          reason: "unresolvedMailbox",
        }),
      ]);
    }
  );

  it("(Export-RecipientPermissions) fails as well, and a system mailbox stays an accepted drop", async () => {
    const chloe = [
      "chloe@contoso.example",
      "chloe@contoso.example",
      "Chloé Martin",
      USER_TYPE,
      "Cloud",
    ];
    const rows = [
      erpRow(
        "buero@contoso.example",
        "Büro München",
        "UserMailbox/SharedMailbox",
        "Cloud",
        "",
        "SendAs",
        "Allow",
        "False",
        "All",
        ...chloe
      ),
      erpRow(
        "zoe@contoso.example",
        "Zoë Brandt",
        "MailUser/MailUser",
        "Cloud",
        "",
        "SendAs",
        "Allow",
        "False",
        "All",
        ...chloe
      ),
      erpRow(
        "kontakt@contoso.example",
        "Kontakt Müller",
        "MailContact/MailContact",
        "Cloud",
        "",
        "SendAs",
        "Allow",
        "False",
        "All",
        ...chloe
      ),
      erpRow(
        "discovery@contoso.example",
        "Discovery",
        "UserMailbox/DiscoveryMailbox",
        "Cloud",
        "",
        "FullAccess",
        "Allow",
        "False",
        "All",
        ...chloe
      ),
    ];
    const dir = erpFolder(rows);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `line 3, column Grantor Primary SMTP: SendAs on zoe@contoso.example is lost: zoe@contoso.example, a MailUser`
    );
    expect(r.stderr).toContain(
      `line 4, column Grantor Primary SMTP: SendAs on kontakt@contoso.example is lost: kontakt@contoso.example, a MailContact`
    );
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard("chloe@contoso.example"))).toEqual({
      "buero@contoso.example": ["SendAs"],
    });
    expect(allowed.report.lost.map((l: { mailbox: string }) => l.mailbox)).toEqual([
      "zoe@contoso.example",
      "kontakt@contoso.example",
    ]);
    expect(allowed.stderr).toContain("unsupported recipient type 1");
  });
});

describe("finding 7: a Deny for everyone", () => {
  it.each([
    ["Everyone", "S-1-1-0"],
    ["NT AUTHORITY\\Authenticated Users", "S-1-5-11"],
  ])(
    "(%s) withholds the right from every holder on that mailbox, and says so",
    async (name, everyoneSid) => {
      const t = tenant();
      t.group("Team Süd", "team-sued", "MailUniversalSecurityGroup", {}, [at("juergen")]);
      t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
      t.sendAs(at("buero"), at("team-sued"), { TrusteeSidString: "" });
      t.fullAccess(at("buero"), at("chloe"), { UserSid: sidOf(t, "chloe") });
      t.sendAs(at("buero"), name, { AccessControlType: "Deny", TrusteeSidString: everyoneSid });
      const r = await buildExports(write(t));
      expect(r.code).toBe(0);
      expect(rightsOf(r.shard(at("yamada")))).toEqual({});
      expect(rightsOf(r.shard(at("juergen")))).toEqual({});
      // Only the right it denies: Chloé's Full Access stays.
      expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["FullAccess"] });
      expect(r.stderr).toContain(
        `recipient-permissions.csv, line 4: a Deny of SendAs on ${at("buero")} for`
      );
      expect(r.stderr).toMatch(/withheld from 2 delegate\(s\): (juergen|yamada)@/);
    }
  );

  it("in Export-RecipientPermissions' file as well", async () => {
    const buero = [
      "buero@contoso.example",
      "Büro München",
      "UserMailbox/SharedMailbox",
      "Cloud",
      "",
    ];
    const rows = [
      erpRow(
        ...buero,
        "SendAs",
        "Allow",
        "False",
        "All",
        "chloe@contoso.example",
        "chloe@contoso.example",
        "Chloé Martin",
        USER_TYPE,
        "Cloud"
      ),
      erpRow(...buero, "SendAs", "Deny", "False", "All", "Everyone", "", "", "", ""),
    ];
    const r = await buildExports(erpFolder(rows));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard("chloe@contoso.example"))).toEqual({});
    expect(r.stderr).toContain("withheld from 1 delegate(s): chloe@contoso.example");
  });
});

describe("finding 4: Export-RecipientPermissions' management role group rows", () => {
  it("are other rights, counted in the summary, never 'not an SMTP address'", async () => {
    const chloe = [
      "chloé@contoso.example",
      "chloé@contoso.example",
      "Chloé Martin",
      USER_TYPE,
      "Cloud",
    ];
    const role = (member: string[]) =>
      erpRow(
        "Management Role Group",
        "",
        "ManagementRoleGroup",
        "Cloud",
        "Organization Management",
        "MemberRecurse",
        "Allow",
        "False",
        "None",
        ...member
      );
    const rows = [
      erpRow(
        "buero@contoso.example",
        "Büro München",
        "UserMailbox/SharedMailbox",
        "Cloud",
        "",
        "SendAs",
        "Allow",
        "False",
        "All",
        ...chloe
      ),
      role(["TenantAdmins_1a2b", "", "", "", "Cloud"]),
      role(chloe),
    ];
    const r = await buildExports(erpFolder(rows));
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("not an SMTP address");
    expect(rightsOf(r.shard("chloé@contoso.example"))).toEqual({
      "buero@contoso.example": ["SendAs"],
    });
    expect(r.report.dropped.otherRights).toBe(2);
    expect(r.stderr).toContain("2 row(s) list management role group members");
  });
});

describe("finding 5: Export-RecipientPermissions' -ExportDistributionGroupMembers rows", () => {
  it.each(["MemberRecurse", "MemberDirect"])(
    "(%s) are the group's membership: its members hold the group's right",
    async (mark) => {
      const group = [
        "team@contoso.example",
        "Team Süd",
        "MailUniversalSecurityGroup/MailUniversalSecurityGroup",
        "Cloud",
        "",
      ];
      const member = (smtp: string, name: string) =>
        erpRow(...group, mark, "Allow", "False", "All", smtp, smtp, name, USER_TYPE, "Cloud");
      const rows = [
        erpRow(
          "buero@contoso.example",
          "Büro München",
          "UserMailbox/SharedMailbox",
          "Cloud",
          "",
          "SendAs",
          "Allow",
          "False",
          "All",
          "Team Süd",
          "team@contoso.example",
          "Team Süd",
          "MailUniversalSecurityGroup/MailUniversalSecurityGroup",
          "Cloud"
        ),
        member("chloe@contoso.example", "Chloé Martin"),
        member("yamada@contoso.example", "山田 太郎"),
      ];
      const r = await buildExports(erpFolder(rows));
      expect(r.code).toBe(0);
      expect(r.report.lost).toEqual([]);
      expect(rightsOf(r.shard("chloe@contoso.example"))).toEqual({
        "buero@contoso.example": ["SendAs"],
      });
      expect(rightsOf(r.shard("yamada@contoso.example"))).toEqual({
        "buero@contoso.example": ["SendAs"],
      });
      expect(r.stderr).not.toContain("-ExpandGroups");
    }
  );
});
