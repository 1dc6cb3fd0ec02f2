// Issue 11, fifth review (rev11e): Export-RecipientPermissions results that the build misread.
// Each test states the rows it is about and asserts the rights that come out or the exact problem.
import * as fs from "node:fs";
import * as path from "node:path";
import { build, rightsOf, tempDir } from "../../fixtures/admin/tenant";
import { buildExports } from "../../fixtures/admin/cli";

const FILE = "Export-RecipientPermissions_Result.csv";
const HEADER =
  '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
const row = (...v: string[]) => v.map((x) => `"${x}"`).join(";");
const SUPPORT = ["support@contoso.example", "Support", "UserMailbox/SharedMailbox", "Cloud", ""];
const BUERO = ["buero@contoso.example", "Büro München", "UserMailbox/SharedMailbox", "Cloud", ""];
const USERS: [string, string][] = [
  ["Jürgen Weiß", "juergen.weiss@contoso.example"],
  ["Chloé Martin", "chloe.martin@contoso.example"],
  ["山田 太郎", "taro.yamada@contoso.example"],
];
/** Each user's own Full Access on Büro München, so every user is a known recipient. */
const BASE = USERS.map(([name, smtp]) =>
  row(
    ...BUERO,
    "FullAccess",
    "Allow",
    "False",
    "All",
    name,
    smtp,
    name,
    "UserMailbox/UserMailbox",
    "Cloud"
  )
);
/** Send As on Support for a trustee group, then a member row per user with `mark`. */
function groupRows(identity: string, smtp: string, mark = "[MemberRecurse]"): string[] {
  const type = smtp ? "MailUniversalSecurityGroup/MailUniversalSecurityGroup" : "";
  return [
    row(
      ...SUPPORT,
      "SendAs",
      "Allow",
      "False",
      "All",
      identity,
      smtp,
      smtp ? identity : "",
      type,
      "Cloud"
    ),
    ...USERS.map(([name, address]) =>
      row(
        ...SUPPORT,
        "SendAs",
        "Allow",
        "False",
        "All",
        `${identity}     ${mark} ${name}`,
        address,
        name,
        "UserMailbox/UserMailbox",
        "Cloud"
      )
    ),
  ];
}

function folder(rows: string[]): string {
  const dir = path.join(tempDir(), "exports");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, FILE), `\ufeff${[HEADER, ...rows].join("\r\n")}\r\n`);
  return dir;
}

const everyUserHasSendAs = (b: Awaited<ReturnType<typeof build>>) => {
  for (const [, address] of USERS)
    expect(rightsOf(b.shard(address))).toEqual({
      "buero@contoso.example": ["FullAccess"],
      "support@contoso.example": ["SendAs"],
    });
};

const books = (b: Awaited<ReturnType<typeof build>>) => {
  const s = b.result.summary;
  const dropped = Object.values(s.dropped).reduce((a, n) => a + n, 0);
  return s.accounting.considered - s.accounting.granted - dropped;
};

describe("Export-RecipientPermissions with ExpandGroups (rev11e)", () => {
  it("a security group without mail: its right reaches each member through the member rows, nothing lost", async () => {
    const dir = folder([...BASE, ...groupRows("CONTOSO\\SG-Büro-Vollzugriff", "")]);
    const b = await build(dir, { generatedAt: "2026-12-01T06:00:00Z" });
    expect(b.problems).toEqual([]);
    expect(b.result.summary.lost).toEqual([]);
    everyUserHasSendAs(b);
    expect(books(b)).toBe(0);
    // The strict CLI build passes too, and never tells the admin to remove the permission.
    const cli = await buildExports(dir);
    expect(cli.code).toBe(0);
    expect(cli.stderr).not.toContain("remove");
    expect(cli.report.lost).toEqual([]);
  });

  it("[MemberDirect] rows are member rows like [MemberRecurse]: no 'run it with -ExpandGroups'", async () => {
    const dir = folder([
      ...BASE,
      ...groupRows("Team Süd", "team.sued@contoso.example", "[MemberDirect]"),
    ]);
    const b = await build(dir, { generatedAt: "2026-12-01T06:00:00Z" });
    expect(b.problems).toEqual([]);
    expect(b.result.summary.dropped.groupMembersUnknown).toBe(0);
    everyUserHasSendAs(b);
    expect(books(b)).toBe(0);
  });

  it("a group without member rows in a file whose other group has them is empty: dropped with a warning", async () => {
    const empty = row(
      ...BUERO,
      "SendAs",
      "Allow",
      "False",
      "All",
      "Leere Gruppe",
      "leer@contoso.example",
      "Leere Gruppe",
      "MailUniversalSecurityGroup/MailUniversalSecurityGroup",
      "Cloud"
    );
    const dir = folder([...BASE, ...groupRows("Team Süd", "team.sued@contoso.example"), empty]);
    const cli = await buildExports(dir);
    expect(cli.code).toBe(0);
    expect(cli.stderr).not.toContain("-ExpandGroups $true");
    expect(cli.stderr).toContain(
      `warning: ${FILE}, line 9, column Trustee Primary SMTP: SendAs on buero@contoso.example is granted to the group leer@contoso.example, which has no member row in ${FILE} while other groups have (Export-RecipientPermissions ran with ExpandGroups, which lists every trustee group's members): it gives the right to no one (an empty group).`
    );
    expect(cli.report.dropped).toMatchObject({ emptyGroup: 1, groupMembersUnknown: 0 });
    expect(rightsOf(cli.shard("chloe.martin@contoso.example"))).toEqual({
      "buero@contoso.example": ["FullAccess"],
      "support@contoso.example": ["SendAs"],
    });
  });

  it("without any member row (ExpandGroups off) a group's right is still lost with the -ExpandGroups fix", async () => {
    const dir = folder([...BASE, groupRows("Team Süd", "team.sued@contoso.example")[0]]);
    const cli = await buildExports(dir);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(
      `${FILE}, line 5, column Trustee Primary SMTP: SendAs on support@contoso.example is lost: granted to the group team.sued@contoso.example, whose members ${FILE} does not list`
    );
    expect(cli.stderr).toContain("run it with -ExpandGroups $true");
  });
});

describe("Export-RecipientPermissions without ExpandGroups (rev11e)", () => {
  it("a trustee it left without address: the fix looks for a group without mail before any removal", async () => {
    const dir = folder([...BASE, groupRows("CONTOSO\\SG-Büro-Vollzugriff", "")[0]]);
    const b = await build(dir);
    const p = b.result.ok ? undefined : b.result.problems.list.find((x) => x.line === 5);
    expect(p?.message).toContain('"CONTOSO\\SG-Büro-Vollzugriff" names no recipient');
    expect(p?.fix).toContain(
      'if Get-Recipient does not find it, look for a group without mail (Get-Group "CONTOSO\\SG-Büro-Vollzugriff" in Exchange Online, Get-ADGroup on premises): if it is one, run Export-RecipientPermissions with -ExpandGroups $true, which lists the members of every group, mail-enabled or not, so each member\'s row carries the right; only if neither finds it, remove the stale permission in Exchange'
    );
  });
});

describe("an older Export-RecipientPermissions result (rev11e 4)", () => {
  const OLD_HEADER =
    '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Original Identity";"Trustee Recipient Type";"Trustee Environment";"Permission";"Folder"';
  const OLD_ROW = row(
    ...BUERO.slice(0, 4),
    "juergen.weiss@contoso.example",
    "Jürgen Weiß",
    "Jürgen Weiß",
    "UserMailbox/UserMailbox",
    "Cloud",
    "FullAccess",
    ""
  );

  it.each([FILE, "rechte-alt.csv"])(
    "alone in its folder as %s: names the missing columns, with an update-and-run-again fix",
    async (name) => {
      const dir = path.join(tempDir(), "exports");
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, name), `\ufeff${OLD_HEADER}\r\n${OLD_ROW}\r\n`);
      const cli = await buildExports(dir);
      expect(cli.code).toBe(1);
      expect(cli.written).toBe(false);
      expect(cli.stderr).toContain(
        `${name}, line 1: this Export-RecipientPermissions result has no columns Allow/Deny and Inherited, which the current Export-RecipientPermissions writes`
      );
      expect(cli.stderr).toContain(
        "fix: update Export-RecipientPermissions to its current release (github.com/GruberMarkus/Export-RecipientPermissions) and run it again"
      );
      expect(cli.stderr).not.toContain("alone in a folder");
      expect(cli.report.problems).toHaveLength(1);
    }
  );
});

describe("a group among [MemberDirect] member rows (rev11e 2)", () => {
  it("is a group, never a delegate: without member rows of its own the right through it is lost", async () => {
    const inner = row(
      ...SUPPORT,
      "SendAs",
      "Allow",
      "False",
      "All",
      "Team Süd     [MemberDirect] Innen-Team",
      "innen@contoso.example",
      "Innen-Team",
      "MailUniversalSecurityGroup/MailUniversalSecurityGroup",
      "Cloud"
    );
    const dir = folder([
      ...BASE,
      ...groupRows("Team Süd", "team.sued@contoso.example", "[MemberDirect]"),
      inner,
    ]);
    const b = await build(dir, { allowUnresolved: true });
    expect(b.problems).toEqual([]);
    expect(b.shard("innen@contoso.example")).toBeUndefined();
    everyUserHasSendAs(b);
    expect(b.result.summary.lost).toEqual([
      expect.objectContaining({
        line: 9,
        value: "innen@contoso.example",
        reason: "groupMembersUnknown",
        message:
          "granted to Team Süd, whose member rows ([MemberDirect]) name the group innen@contoso.example, whose own members Export-RecipientPermissions_Result.csv does not list",
      }),
    ]);
    expect(b.result.summary.lost[0].fix).toContain(
      "Get-DistributionGroupMember -Identity innen@contoso.example shows who is in innen@contoso.example"
    );
  });
});
