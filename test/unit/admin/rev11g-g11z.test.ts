// Issue 11, seventh review (rev11g): faults a fresh reviewer found in the admin build. Each test
// rebuilds the reviewer's case as a small fictional export and asserts the rights that come out,
// or the exit code and the message (file, line, true reason, fix).
import * as fs from "node:fs";
import * as path from "node:path";
import { rightsOf, tempDir } from "../../fixtures/admin/tenant";
import { buildExports } from "../../fixtures/admin/cli";

const ERP = "Export-RecipientPermissions_Result.csv";
const ERP_HEADER =
  '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
const erpRow = (...v: string[]) => v.map((x) => `"${x}"`).join(";");
const SUPPORT = ["support@contoso.example", "Support", "UserMailbox/SharedMailbox", "Cloud", ""];
const BUERO = ["buero@contoso.example", "Büro München", "UserMailbox/SharedMailbox", "Cloud", ""];
const USERS: [string, string][] = [
  ["Jürgen Weiß", "juergen.weiss@contoso.example"],
  ["Chloé Martin", "chloe.martin@contoso.example"],
  ["山田 太郎", "taro.yamada@contoso.example"],
];
const USER_TYPE = "UserMailbox/UserMailbox";
/** Each user's own Full Access on Büro München and Send on Behalf on Support. */
const ERP_BASE = USERS.flatMap(([name, smtp]) => [
  erpRow(...BUERO, "FullAccess", "Allow", "False", "All", name, smtp, name, USER_TYPE, "Cloud"),
  erpRow(...SUPPORT, "SendOnBehalf", "Allow", "False", "All", name, smtp, name, USER_TYPE, "Cloud"),
]);
/** A row of a trustee (or, with `member`, of a member row under it) without mail. */
function sgRow(
  mailbox: string[],
  right: string,
  allow: string,
  inherited: string,
  member?: [string, string]
): string {
  const group = "CONTOSO\\SG-Support";
  return member
    ? erpRow(
        ...mailbox,
        right,
        allow,
        inherited,
        "All",
        `${group}     [MemberRecurse] ${member[0]}`,
        member[1],
        member[1] ? member[0] : "",
        member[1] ? USER_TYPE : "",
        "Cloud"
      )
    : erpRow(...mailbox, right, allow, inherited, "All", group, "", "", "", "Cloud");
}

function erpFolder(rows: string[]): string {
  const dir = path.join(tempDir(), "exports");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, ERP), `\ufeff${[ERP_HEADER, ...rows].join("\r\n")}\r\n`);
  return dir;
}

const CHLOE: [string, string] = ["Chloé Martin", "chloe.martin@contoso.example"];

describe("B1: a group's own grant and an inherited grant on the same mailbox (Export-RecipientPermissions)", () => {
  for (const order of ["own first", "inherited first"] as const) {
    it(`the own grant reaches the members listed under the inherited one (${order})`, async () => {
      const own = sgRow(SUPPORT, "FullAccess", "Allow", "False");
      const inherited = sgRow(SUPPORT, "FullAccess", "Allow", "True");
      const inheritedMember = sgRow(SUPPORT, "FullAccess", "Allow", "True", CHLOE);
      const rows =
        order === "own first"
          ? [own, inherited, inheritedMember]
          : [inherited, inheritedMember, own];
      const cli = await buildExports(erpFolder([...ERP_BASE, ...rows]));
      expect(cli.code).toBe(0);
      expect(cli.report.lost).toEqual([]);
      expect(rightsOf(cli.shard("chloe.martin@contoso.example"))).toEqual({
        "buero@contoso.example": ["FullAccess"],
        "support@contoso.example": ["SendOnBehalf", "FullAccess"],
      });
      // The others are not members: the group's right does not reach them.
      expect(rightsOf(cli.shard("juergen.weiss@contoso.example"))).toEqual({
        "buero@contoso.example": ["FullAccess"],
        "support@contoso.example": ["SendOnBehalf"],
      });
    });
  }

  it("an inherited grant whose members are listed under the own one stays dropped as inherited", async () => {
    const cli = await buildExports(
      erpFolder([
        ...ERP_BASE,
        sgRow(BUERO, "SendAs", "Allow", "True"),
        sgRow(SUPPORT, "SendAs", "Allow", "False"),
        sgRow(SUPPORT, "SendAs", "Allow", "False", CHLOE),
      ])
    );
    expect(cli.code).toBe(0);
    // Büro's Send As is only inherited (inherited rows are dropped, as in the native files): only
    // Support's own grant reaches Chloé, through its member row.
    expect(rightsOf(cli.shard("chloe.martin@contoso.example"))).toEqual({
      "buero@contoso.example": ["FullAccess"],
      "support@contoso.example": ["SendAs", "SendOnBehalf"],
    });
    expect(cli.report.dropped.inherited).toBe(1);
  });
});

describe("B2: a Deny for a member or trustee Export-RecipientPermissions could not resolve", () => {
  const chloeSendAs = erpRow(
    ...SUPPORT,
    "SendAs",
    "Allow",
    "False",
    "All",
    ...CHLOE,
    "Chloé Martin",
    USER_TYPE,
    "Cloud"
  );

  it("a group's Deny whose member has no Trustee Primary SMTP is not matched by name: build fails naming the line", async () => {
    const dir = erpFolder([
      ...ERP_BASE,
      chloeSendAs,
      sgRow(BUERO, "SendAs", "Deny", "False"),
      sgRow(BUERO, "SendAs", "Deny", "False", ["Chloé Martin", ""]),
      sgRow(SUPPORT, "SendAs", "Deny", "False"),
    ]);
    const cli = await buildExports(dir);
    expect(cli.code).toBe(1);
    expect(cli.written).toBe(false);
    // Line 11: the group's Deny on Support; the member's name is not proof that it is Chloé.
    expect(cli.stderr).toContain(
      `${ERP}, line 11, column Trustee Original Identity: SendAs on support@contoso.example is lost: a Deny that the build cannot place: Export-RecipientPermissions wrote no Trustee Primary SMTP for "Chloé Martin" (it resolved it to no recipient); chloe.martin@contoso.example has that name, but a name does not prove the account, so the build does not guess`
    );
    expect(cli.stderr).toContain(`check who "Chloé Martin" is with Get-Recipient`);
    // Nobody holds Send As on Büro: the Deny there takes nothing from anyone, so no problem for it.
    expect(cli.stderr).not.toContain("line 10,");
    expect(cli.stderr).not.toContain("line 9,");

    // With --allow-unresolved Chloé keeps her own Send As, and the report lists the Deny.
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard("chloe.martin@contoso.example"))).toEqual({
      "buero@contoso.example": ["FullAccess"],
      "support@contoso.example": ["SendAs", "SendOnBehalf"],
    });
    expect(allowed.report.unplacedDenies).toEqual([
      expect.objectContaining({
        line: 11,
        value: "Chloé Martin",
        mailbox: "support@contoso.example",
      }),
    ]);
  });

  it("a trustee row's Deny without Trustee Primary SMTP is not matched by display name", async () => {
    const cli = await buildExports(
      erpFolder([
        ...ERP_BASE,
        chloeSendAs,
        erpRow(...SUPPORT, "SendAs", "Deny", "False", "All", "Chloé Martin", "", "", "", "Cloud"),
      ])
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(
      `${ERP}, line 9, column Trustee Original Identity: SendAs on support@contoso.example is lost: a Deny that the build cannot place: Export-RecipientPermissions wrote no Trustee Primary SMTP for "Chloé Martin"`
    );
  });

  it("a Deny for a member listed with its address still takes the right away from that member", async () => {
    const cli = await buildExports(
      erpFolder([
        ...ERP_BASE,
        chloeSendAs,
        sgRow(SUPPORT, "SendAs", "Deny", "False"),
        sgRow(SUPPORT, "SendAs", "Deny", "False", CHLOE),
      ])
    );
    expect(cli.code).toBe(0);
    expect(rightsOf(cli.shard("chloe.martin@contoso.example"))).toEqual({
      "buero@contoso.example": ["FullAccess"],
      "support@contoso.example": ["SendOnBehalf"],
    });
  });
});
