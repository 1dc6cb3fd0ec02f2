// Issue 11, sixth review (f11c): Export-RecipientPermissions results and native files that the
// build misread. Each test states the rows it is about and asserts the rights that come out or the
// exact problem.
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
const USER = "UserMailbox/UserMailbox";
const CHLOE = ["Chloé Martin", "chloe.martin@contoso.example", "Chloé Martin", USER, "Cloud"];
const YAMADA = ["山田 太郎", "taro.yamada@contoso.example", "山田 太郎", USER, "Cloud"];
const SG = "CONTOSO\\SG-Support";
/** A grant to the security group without mail (no Trustee Primary SMTP). */
const sgRow = (grantor: string[], right: string, allow = "Allow") =>
  row(...grantor, right, allow, "False", "All", SG, "", "", "", "Cloud");
/** The group's member row for a user under one of its grants. */
const memberRow = (grantor: string[], right: string, user: string[], allow = "Allow") =>
  row(
    ...grantor,
    right,
    allow,
    "False",
    "All",
    `${SG}     [MemberRecurse] ${user[0]}`,
    ...user.slice(1)
  );
/** Full Access on Büro München for each user, so every user is a known recipient. */
const BASE = [CHLOE, YAMADA].map((u) => row(...BUERO, "FullAccess", "Allow", "False", "All", ...u));

function folder(rows: string[]): string {
  const dir = path.join(tempDir(), "exports");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, FILE), `\ufeff${[HEADER, ...rows].join("\r\n")}\r\n`);
  return dir;
}

const books = (b: Awaited<ReturnType<typeof build>>) => {
  const s = b.result.summary;
  const dropped = Object.values(s.dropped).reduce((a, n) => a + n, 0);
  return s.accounting.considered - s.accounting.granted - dropped;
};

describe("a group's members listed under only one of its grants (f11c item 1)", () => {
  it("the group's Send As on Büro München reaches the members listed under its grant on Support", async () => {
    const dir = folder([
      ...BASE,
      sgRow(SUPPORT, "SendAs"),
      memberRow(SUPPORT, "SendAs", CHLOE),
      memberRow(SUPPORT, "SendAs", YAMADA),
      // Listed first in one fixture, last in the other: the order must not matter.
      sgRow(BUERO, "SendAs"),
    ]);
    const b = await build(dir, { generatedAt: "2026-12-01T06:00:00Z" });
    expect(b.problems).toEqual([]);
    for (const user of [CHLOE, YAMADA])
      expect(rightsOf(b.shard(user[1]))).toEqual({
        "buero@contoso.example": ["SendAs", "FullAccess"],
        "support@contoso.example": ["SendAs"],
      });
    expect(books(b)).toBe(0);
    expect(b.result.summary.accounting.granted).toBe(6);
  });

  it("a second right of the group without member rows reaches them too, with the books balanced", async () => {
    const dir = folder([
      ...BASE,
      sgRow(BUERO, "SendOnBehalf"),
      sgRow(SUPPORT, "SendAs"),
      memberRow(SUPPORT, "SendAs", CHLOE),
      sgRow(SUPPORT, "FullAccess"),
    ]);
    const cli = await buildExports(dir);
    expect(cli.code).toBe(0);
    expect(rightsOf(cli.shard(CHLOE[1]))).toEqual({
      "buero@contoso.example": ["SendOnBehalf", "FullAccess"],
      "support@contoso.example": ["SendAs", "FullAccess"],
    });
    expect(books(await build(dir, { generatedAt: "2026-12-01T06:00:00Z" }))).toBe(0);
  });

  it("the group's Deny on Büro München takes a member's own Allow there (f11c item 2)", async () => {
    const dir = folder([
      ...BASE,
      row(...BUERO, "SendAs", "Allow", "False", "All", ...CHLOE),
      sgRow(BUERO, "SendAs", "Deny"),
      sgRow(SUPPORT, "SendAs"),
      memberRow(SUPPORT, "SendAs", CHLOE),
    ]);
    const b = await build(dir, { generatedAt: "2026-12-01T06:00:00Z" });
    expect(b.problems).toEqual([]);
    expect(rightsOf(b.shard(CHLOE[1]))).toEqual({
      "buero@contoso.example": ["FullAccess"],
      "support@contoso.example": ["SendAs"],
    });
    expect(books(b)).toBe(0);
  });
});

describe("a nested group among a trustee group's member rows (f11c item 3)", () => {
  const TEAM = [
    "Team Süd",
    "team.sued@contoso.example",
    "Team Süd",
    "MailUniversalSecurityGroup/MailUniversalSecurityGroup",
    "Cloud",
  ];
  const NORD = [
    "Team Nord",
    "team.nord@contoso.example",
    "Team Nord",
    "MailUniversalSecurityGroup/MailUniversalSecurityGroup",
    "Cloud",
  ];
  const rows = (mark: string) => [
    ...BASE,
    row(...SUPPORT, "SendAs", "Allow", "False", "All", ...TEAM),
    row(
      ...SUPPORT,
      "SendAs",
      "Allow",
      "False",
      "All",
      `Team Süd     ${mark} Team Nord`,
      ...NORD.slice(1)
    ),
    row(
      ...SUPPORT,
      "SendAs",
      "Allow",
      "False",
      "All",
      `Team Süd     ${mark} Chloé Martin`,
      ...CHLOE.slice(1)
    ),
  ];

  it.each(["[MemberDirect]", "[MemberRecurse]"])(
    "names the rows' own mark (%s) and the switch that lists members inside: -ExportGroupMembersRecurse",
    async (mark) => {
      const cli = await buildExports(folder(rows(mark)));
      expect(cli.code).toBe(1);
      expect(cli.report.problems).toEqual([
        expect.objectContaining({
          file: FILE,
          line: 5,
          message: `SendAs on support@contoso.example is lost: granted to Team Süd, whose member rows (${mark}) name the group team.nord@contoso.example, whose own members ${FILE} does not list`,
        }),
      ]);
      expect(cli.report.problems[0].fix).toContain(
        "run it with -ExpandGroups $true -ExportGroupMembersRecurse $true, which lists the members of groups inside a trustee group too ([MemberRecurse] rows)"
      );
    }
  );
});
