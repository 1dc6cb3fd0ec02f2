// Issue 11, sixth review (f11c): Export-RecipientPermissions results and native files that the
// build misread. Each test states the rows it is about and asserts the rights that come out or the
// exact problem.
import * as fs from "node:fs";
import * as path from "node:path";
import * as iconv from "iconv-lite";
import { doubleEncoded } from "../../../src/admin/decode";
import { build, rightsOf, tempDir, Tenant } from "../../fixtures/admin/tenant";
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

  // Among [MemberRecurse] rows the nested group's members are the outer group's own rows, so
  // nothing is lost there (rev11g S4, rev11g-g11z.test.ts).
  it.each(["[MemberDirect]"])(
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

describe("UTF-8 read as Windows-1252 through the bytes it leaves undefined (f11c item 4)", () => {
  // Windows and .NET read 0x81, 0x8D, 0x8F, 0x90, 0x9D as U+0081 ... U+009D; ISO-8859-1 reads
  // every byte 0x80-0x9F so.
  const UNDEFINED = [0x81, 0x8d, 0x8f, 0x90, 0x9d];
  const asDotNet = (text: string) =>
    [...Buffer.from(text, "utf8")]
      .map((b) =>
        UNDEFINED.includes(b)
          ? String.fromCharCode(b)
          : iconv.decode(Buffer.from([b]), "windows-1252")
      )
      .join("");
  const asLatin1 = (text: string) => Buffer.from(text, "utf8").toString("latin1");

  it.each(["Ángel Ríos", "Íñigo Ýñez", "Ðorđe Ïlić", "さくら 桜子"])(
    "%s is told back from its damaged form",
    (name) => {
      expect(asDotNet(name)).toMatch(/[\u0081\u008d\u008f\u0090\u009d]/);
      expect(doubleEncoded(asDotNet(name))?.text).toBe(name);
      expect(doubleEncoded(asLatin1(name))?.text).toBe(name);
    }
  );

  function tenant(): Tenant {
    const t = new Tenant();
    t.shared("Büro München", "buero");
    t.user("Ángel Ríos", "angel.rios");
    t.user("Chloé Martin", "chloe.martin");
    return t;
  }

  it('a Full Access trustee "Ã\u0081ngel RÃ­os" is reported as mis-decoded, not as a hidden character', async () => {
    const t = tenant();
    t.fullAccess("buero@contoso.example", "Ã\u0081ngel RÃ\u00ados");
    const b = await build(t.write(path.join(tempDir(), "exports")));
    expect(b.problems).toEqual([
      'mailbox-permissions.csv:2 User: FullAccess on buero@contoso.example is lost: "Ã\u0081ngel RÃ\u00ados" is "Ángel Ríos" mis-decoded (its UTF-8 bytes were read as Windows-1252), so it names no recipient: mailbox-permissions.csv was written in two encodings, or saved again after it was read in the wrong one',
    ]);
  });

  it('a display name "Ã\u0081ngel BÃ¼ro" is refused as garbled, never published', async () => {
    const t = new Tenant();
    t.shared("Ã\u0081ngel BÃ¼ro", "angel.buero");
    t.user("Chloé Martin", "chloe.martin");
    t.fullAccess("angel.buero@contoso.example", "chloe.martin@contoso.example");
    const b = await build(t.write(path.join(tempDir(), "exports")));
    expect(b.result.ok).toBe(false);
    expect(b.problems).toContainEqual(
      expect.stringContaining(
        'recipients.csv:2 DisplayName: "Ã\u0081ngel BÃ¼ro" is garbled text, probably "Ángel Büro"'
      )
    );
  });
});

describe("an address ending in a dot in a native permission file (f11c item 5)", () => {
  function tenant(): Tenant {
    const t = new Tenant();
    t.shared("Büro München", "buero");
    t.user("Chloé Martin", "chloe.martin");
    t.user("Jürgen Weiß", "juergen.weiss");
    return t;
  }
  const dotted = (file: string, line: number, column: string, address: string) =>
    `${file}, line ${line}, column ${column}: "${address}." ends with a dot, which Exchange does not write in an address; it is read and published as ${address} (the same domain in DNS): check that the file was not edited`;

  it.each([
    ["mailbox-permissions.csv", "User", "FullAccess"],
    ["recipient-permissions.csv", "Trustee", "SendAs"],
    ["mailbox-permissions.csv", "Identity", "FullAccess"],
    ["mailboxes.csv", "GrantSendOnBehalfTo", "SendOnBehalf"],
  ])("%s %s: read without the dot, with a warning naming the line", async (file, column, right) => {
    const t = tenant();
    const buero = "buero@contoso.example";
    const chloe = "chloe.martin@contoso.example";
    if (column === "User") t.fullAccess(buero, `${chloe}.`);
    if (column === "Trustee") t.sendAs(buero, `${chloe}.`);
    if (column === "Identity") t.fullAccess(`${buero}.`, chloe);
    if (column === "GrantSendOnBehalfTo")
      t.set(
        "mailboxes.csv",
        buero,
        "GrantSendOnBehalfTo",
        `juergen.weiss@contoso.example;${chloe}.`
      );
    const b = await build(t.write(path.join(tempDir(), "exports")));
    expect(b.problems).toEqual([]);
    expect(rightsOf(b.shard(chloe))).toEqual({ [buero]: [right] });
    expect(b.result.summary.warnings).toContain(
      dotted(file, 2, column, column === "Identity" ? buero : chloe)
    );
  });
});

describe("a mailboxes.csv row refused for one over-long field (f11c item 6)", () => {
  it("the rights on its mailbox name that row, not 'mailboxes.csv does not list it'", async () => {
    const t = new Tenant();
    t.shared("Büro München", "buero");
    t.user("Chloé Martin", "chloe.martin");
    t.fullAccess("buero@contoso.example", "chloe.martin@contoso.example");
    // 5,040,000 characters of names, about 5.3 MB in UTF-8: more than a row may hold.
    t.set(
      "mailboxes.csv",
      "buero@contoso.example",
      "GrantSendOnBehalfTo",
      "Grüße aus München, ".repeat(265_263)
    );
    const b = await build(t.write(path.join(tempDir(), "exports")));
    expect(b.result.ok).toBe(false);
    expect(b.problems[0]).toMatch(
      /^mailboxes\.csv:2 : a quoted field holds [\d,]+ characters, more than the 4,194,304 characters a row may hold/
    );
    expect(b.problems).toContainEqual(
      expect.stringMatching(
        /^mailbox-permissions\.csv:2 Identity: FullAccess on buero@contoso\.example is lost: Identity "buero@contoso\.example" is buero@contoso\.example, a SharedMailbox \(recipients\.csv line 2\), whose row in mailboxes\.csv \(line 2\) was refused \(a field holds [\d,]+ characters, more than a row may hold\)/
      )
    );
    expect(b.problems.join("\n")).not.toContain("does not list it");
  });
});

describe("an empty IsInherited or Deny on a row granting no listed right (f11c item 7)", () => {
  function tenant(): Tenant {
    const t = new Tenant();
    t.shared("Büro München", "buero");
    t.user("Chloé Martin", "chloe.martin");
    t.fullAccess("buero@contoso.example", "chloe.martin@contoso.example");
    return t;
  }

  it.each([
    ["mailbox-permissions.csv", "IsInherited"],
    ["mailbox-permissions.csv", "Deny"],
    ["recipient-permissions.csv", "IsInherited"],
  ])(
    "%s %s empty on a ReadPermission row: an other right, as the ERP reader reads it",
    async (file, column) => {
      const t = tenant();
      if (file === "mailbox-permissions.csv")
        t.fullAccess("buero@contoso.example", "chloe.martin@contoso.example", {
          AccessRights: "ReadPermission",
          [column]: "",
        });
      else
        t.sendAs("buero@contoso.example", "chloe.martin@contoso.example", {
          AccessRights: "ReadPermission",
          [column]: "",
        });
      const b = await build(t.write(path.join(tempDir(), "exports")));
      expect(b.problems).toEqual([]);
      expect(b.result.summary.dropped.otherRights).toBe(1);
      expect(rightsOf(b.shard("chloe.martin@contoso.example"))).toEqual({
        "buero@contoso.example": ["FullAccess"],
      });
      expect(books(b)).toBe(0);
    }
  );

  it("an empty Deny on a Full Access row is still refused with the cell", async () => {
    const t = tenant();
    t.rows["mailbox-permissions.csv"][0].Deny = "";
    const b = await build(t.write(path.join(tempDir(), "exports")));
    expect(b.problems).toEqual([
      "mailbox-permissions.csv:2 Deny: Deny is empty, so whether this row grants or denies the right is not known",
    ]);
  });
});

describe("a name mis-decoded twice (f11c item 8)", () => {
  it('"ChloÃƒÂ© Martin" is told as "Chloé Martin" mis-decoded twice, not "names no recipient either way"', async () => {
    const t = new Tenant();
    t.shared("Büro München", "buero");
    t.user("Chloé Martin", "chloe.martin");
    const twice = iconv.decode(
      Buffer.from(iconv.decode(Buffer.from("Chloé Martin"), "windows-1252")),
      "windows-1252"
    );
    expect(twice).toBe("ChloÃƒÂ© Martin");
    t.fullAccess("buero@contoso.example", twice);
    const b = await build(t.write(path.join(tempDir(), "exports")));
    expect(b.problems).toEqual([
      'mailbox-permissions.csv:2 User: FullAccess on buero@contoso.example is lost: "ChloÃƒÂ© Martin" is "Chloé Martin" mis-decoded twice: mailbox-permissions.csv was written as UTF-8 and read as Windows-1252 twice (opened as ANSI in Excel or an editor and saved again, each time), so it names no recipient',
    ]);
  });
});
