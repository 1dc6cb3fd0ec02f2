// Issue 11, seventh review (rev11g): faults a fresh reviewer found in the admin build. Each test
// rebuilds the reviewer's case as a small fictional export and asserts the rights that come out,
// or the exit code and the message (file, line, true reason, fix).
import * as fs from "node:fs";
import * as path from "node:path";
import * as iconv from "iconv-lite";
import { build, rightsOf, tempDir, Tenant } from "../../fixtures/admin/tenant";
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

/** `text` written as UTF-8 and read as Windows-1252 `times` times, as .NET reads it (0x9D is U+009D). */
function misDecoded(text: string, times: number): string {
  let out = text;
  for (let n = 0; n < times; n++)
    out = [...Buffer.from(out, "utf8")]
      .map((b) =>
        [0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b)
          ? String.fromCharCode(b)
          : iconv.decode(Buffer.from([b]), "windows-1252")
      )
      .join("");
  return out;
}

/** Names whose UTF-8 holds the bytes Windows-1252 leaves undefined: Ý (C3 9D), Ð (C3 90), Í (C3 8D), Ï (C3 8F). */
const YRR = "Ýrr Ðórsdóttir";
const IRIS = "Íris Ïsa";

function nativeTenant(): Tenant {
  const t = new Tenant();
  t.shared("Büro München", "buero");
  t.shared("Support", "support");
  t.user(YRR, "yrr.thor");
  t.user(IRIS, "iris.isa");
  t.user("Chloé Martin", "chloe.martin");
  return t;
}

describe("S1: names mis-decoded several times are told as such, not as hidden characters", () => {
  for (const times of [2, 3]) {
    it(`a trustee and a Send on Behalf list read as Windows-1252 ${times} times`, async () => {
      const t = nativeTenant();
      t.sendAs("buero@contoso.example", misDecoded(YRR, times));
      t.set(
        "mailboxes.csv",
        "support@contoso.example",
        "GrantSendOnBehalfTo",
        [misDecoded(IRIS, times), misDecoded(YRR, times)].join(";")
      );
      const cli = await buildExports(t.write(path.join(tempDir(), "exports")));
      expect(cli.code).toBe(1);
      const word = times === 2 ? "twice" : "three times";
      expect(cli.stderr).toContain(
        `recipient-permissions.csv, line 2, column Trustee: SendAs on buero@contoso.example is lost: ${JSON.stringify(misDecoded(YRR, times)).replace(/[\u0080-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`)} is "${YRR}" mis-decoded ${word}: recipient-permissions.csv was written as UTF-8 and read as Windows-1252 ${word}`
      );
      // The ";" list is cut into its two names, each diagnosed alone.
      for (const name of [IRIS, YRR])
        expect(cli.stderr).toMatch(
          new RegExp(
            `mailboxes\\.csv, line \\d+, column GrantSendOnBehalfTo: SendOnBehalf on support@contoso\\.example is lost: "[^"]+" is "${name}" mis-decoded ${word}: mailboxes\\.csv was written as UTF-8`
          )
        );
      expect(cli.stderr).not.toContain("invisible");
      expect(cli.stderr).not.toContain("Set-User");
      // The fix is for the file's source: write it again in one encoding.
      expect(cli.stderr).toContain("write the whole of recipient-permissions.csv again");
    });
  }

  it("a clean trustee against display names mis-decoded in the recipients' files", async () => {
    const t = nativeTenant();
    t.fullAccess("support@contoso.example", YRR);
    for (const file of ["recipients.csv", "mailboxes.csv"] as const) {
      const row = t.rows[file].find((r) => r.PrimarySmtpAddress === "yrr.thor@contoso.example");
      if (row) row.DisplayName = misDecoded(YRR, 1);
    }
    const cli = await buildExports(t.write(path.join(tempDir(), "exports")));
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(
      `mailbox-permissions.csv, line 2, column User: FullAccess on support@contoso.example is lost: "${YRR}" matches only "Ã\\u009Drr Ã\\u0090Ã³rsdÃ³ttir" in the recipients, which is this name mis-decoded`
    );
    expect(cli.stderr).toContain(
      `mailboxes.csv, line 4, column DisplayName: "Ã\\u009Drr Ã\\u0090Ã³rsdÃ³ttir" is garbled text, probably "${YRR}"`
    );
    expect(cli.stderr).not.toContain("invisible");
  });
});

describe("S2: Export-RecipientPermissions display names mis-decoded are refused, not published", () => {
  for (const times of [1, 2]) {
    it(`Grantor and Trustee Display Name read as Windows-1252 ${times === 1 ? "once" : "twice"}`, async () => {
      const garbled = misDecoded(YRR, times);
      const yrr = "yrr.thor@contoso.example";
      const cli = await buildExports(
        erpFolder([
          ...ERP_BASE,
          erpRow(
            ...BUERO,
            "SendAs",
            "Allow",
            "False",
            "All",
            garbled,
            yrr,
            garbled,
            USER_TYPE,
            "Cloud"
          ),
          erpRow(
            yrr,
            garbled,
            USER_TYPE,
            "Cloud",
            "",
            "FullAccess",
            "Allow",
            "False",
            "All",
            ...CHLOE,
            "Chloé Martin",
            USER_TYPE,
            "Cloud"
          ),
        ])
      );
      expect(cli.code).toBe(1);
      expect(cli.written).toBe(false);
      expect(cli.stderr).toContain(`${ERP}, line 8, column Trustee Display Name: `);
      expect(cli.stderr).toContain(`${ERP}, line 9, column Grantor Display Name: `);
      expect(cli.stderr).toContain(`is garbled text, probably "${YRR}"`);
      if (times === 2)
        expect(cli.stderr).toContain(`${ERP} was written as UTF-8 and read as Windows-1252 twice`);
    });
  }
});

describe("S3: a row refused for an over-long field, and the rows after it", () => {
  /** 5 MB of name: more than the 4,194,304 characters a row may hold. */
  const LONG = "Grüße aus München, ".repeat(276_000);

  it("a long field before the address column, and a mailbox on a row after it: each told its true reason", async () => {
    const t = new Tenant();
    const buero = t.shared("Büro München", "buero");
    const support = t.shared("Support", "support");
    t.user("Chloé Martin", "chloe.martin");
    t.sendAs(buero, "chloe.martin@contoso.example");
    t.sendAs(support, "chloe.martin@contoso.example");
    // DisplayName is the first column: the row's address comes after the long field.
    t.set("mailboxes.csv", buero, "DisplayName", LONG);
    const cli = await buildExports(t.write(path.join(tempDir(), "exports")));
    expect(cli.code).toBe(1);
    const chars = `${LONG.length.toLocaleString("en-US")} characters`;
    expect(cli.stderr).toContain(
      `recipient-permissions.csv, line 2, column Identity: SendAs on ${buero} is lost: Identity "${buero}" is ${buero}, a SharedMailbox (recipients.csv line 2), whose row in mailboxes.csv (line 2) was refused (a field holds ${chars}, more than a row may hold)`
    );
    expect(cli.stderr).toContain(
      `recipient-permissions.csv, line 3, column Identity: SendAs on ${support} is lost: Identity "${support}" is ${support}, a SharedMailbox (recipients.csv line 3), but mailboxes.csv was read only up to line 2, where a row was refused (a field holds ${chars}, more than a row may hold): the rows after it were not read`
    );
    expect(cli.stderr).toContain("fix: correct mailboxes.csv line 2 first");
    expect(cli.stderr).not.toContain("does not list it");
  });
});

describe("S4, S5: nested groups among member rows get the fix the file's own mark calls for", () => {
  const TEAM_TYPE = "MailUniversalSecurityGroup/MailUniversalSecurityGroup";
  const teamSued = erpRow(
    ...SUPPORT,
    "SendAs",
    "Allow",
    "False",
    "All",
    "Team Süd",
    "team.sued@contoso.example",
    "Team Süd",
    TEAM_TYPE,
    "Cloud"
  );
  const member = (mark: string, name: string, smtp: string, type: string) =>
    erpRow(
      ...SUPPORT,
      "SendAs",
      "Allow",
      "False",
      "All",
      `Team Süd     ${mark} ${name}`,
      smtp,
      smtp ? name : "",
      type,
      "Cloud"
    );

  it("[MemberRecurse] rows naming a nested group: its members are the outer group's rows, nothing lost, no 'run with -ExportGroupMembersRecurse'", async () => {
    const rows = [
      ...ERP_BASE,
      teamSued,
      member("[MemberRecurse]", "Team Nord", "team.nord@contoso.example", TEAM_TYPE),
      member("[MemberRecurse]", ...CHLOE, USER_TYPE),
    ];
    const dir = erpFolder(rows);
    const cli = await buildExports(dir);
    expect(cli.code).toBe(0);
    expect(cli.stderr).not.toContain("ExportGroupMembersRecurse");
    expect(cli.report.lost).toEqual([]);
    expect(rightsOf(cli.shard("chloe.martin@contoso.example"))).toEqual({
      "buero@contoso.example": ["FullAccess"],
      "support@contoso.example": ["SendAs", "SendOnBehalf"],
    });
    // Every row is accounted for: granted, or replaced by the member rows.
    const b = await build(dir);
    const s = b.result.summary;
    const dropped = Object.values(s.dropped).reduce((a, n) => a + n, 0);
    expect(s.accounting.considered - s.accounting.granted - dropped).toBe(0);
  });

  it("[MemberDirect] rows naming a nested group without rows of its own: lost, with the recurse fix", async () => {
    const cli = await buildExports(
      erpFolder([
        ...ERP_BASE,
        teamSued,
        member("[MemberDirect]", "Team Nord", "team.nord@contoso.example", TEAM_TYPE),
        member("[MemberDirect]", ...CHLOE, USER_TYPE),
      ])
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain("-ExpandGroups $true -ExportGroupMembersRecurse $true");
  });

  it("a [MemberDirect] member without mail may be a nested group: said so, the fix checks Get-Group first, never 'remove it'", async () => {
    const cli = await buildExports(
      erpFolder([
        ...ERP_BASE,
        teamSued,
        member("[MemberDirect]", ...CHLOE, USER_TYPE),
        member("[MemberDirect]", "CONTOSO\\SG-Innendienst", "", ""),
      ])
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(
      `${ERP}, line 10, column Trustee Original Identity: SendAs on support@contoso.example is lost: member "CONTOSO\\SG-Innendienst" of team.sued@contoso.example names no recipient (Export-RecipientPermissions wrote no Trustee Primary SMTP for it): a [MemberDirect] row (direct members only), so it may be a group without mail nested in team.sued@contoso.example, whose own members the file does not list`
    );
    expect(cli.stderr).toContain(
      'fix: check the member with Get-Group "CONTOSO\\SG-Innendienst" and Get-Recipient "CONTOSO\\SG-Innendienst": if it is a group, '
    );
    expect(cli.stderr).toContain("-ExportGroupMembersRecurse $true");
    expect(cli.stderr).not.toContain("removing it from");
  });
});

describe("S6: Send on Behalf lists whose pieces hold dots", () => {
  function sobTenant(value: string, names: [string, string][]): Tenant {
    const t = new Tenant();
    const support = t.shared("Support", "support");
    for (const [display, local] of names)
      t.user(display, local, {
        proxies: [`${local.replace(/^(\w)\w*\./, "$1.")}@contoso.example`],
      });
    t.set("mailboxes.csv", support, "GrantSendOnBehalfTo", value);
    return t;
  }
  const PEOPLE: [string, string][] = [
    ["Jürgen Weiß", "juergen.weiss"],
    ["Chloé Martin", "chloe.martin"],
    ["山田 太郎", "taro.yamada"],
  ];
  const everyoneHasSendOnBehalf = (cli: Awaited<ReturnType<typeof buildExports>>) => {
    for (const [, local] of PEOPLE)
      expect(rightsOf(cli.shard(`${local}@contoso.example`))).toEqual({
        "support@contoso.example": ["SendOnBehalf"],
      });
  };

  for (const [label, value] of [
    [",", "juergen.weiss@contoso.example.,c.martin@contoso.example.,taro.yamada"],
    ["; with spaces", "juergen.weiss@contoso.example. ; c.martin@contoso.example.;taro.yamada"],
    [", ", "juergen.weiss@contoso.example., c.martin@contoso.example., taro.yamada"],
  ])
    it(`addresses ending in their domain's dot, joined with "${label}": each piece granted, each dot warned`, async () => {
      const cli = await buildExports(t(value));
      expect(cli.code).toBe(0);
      expect(cli.report.lost).toEqual([]);
      everyoneHasSendOnBehalf(cli);
      expect(cli.stderr).toContain(
        `"c.martin@contoso.example." ends with a dot, which Exchange does not write in an address; it is read and published as c.martin@contoso.example`
      );
    });
  function t(value: string): string {
    return sobTenant(value, PEOPLE).write(path.join(tempDir(), "exports"));
  }

  it('display names holding dots and commas: "Weiß, J.,Martin, Chloé" is two people', async () => {
    const people: [string, string][] = [
      ["Weiß, J.", "juergen.weiss"],
      ["Martin, Chloé", "chloe.martin"],
    ];
    const cli = await buildExports(
      sobTenant("Weiß, J.,Martin, Chloé", people).write(path.join(tempDir(), "exports"))
    );
    expect(cli.code).toBe(0);
    for (const [, local] of people)
      expect(rightsOf(cli.shard(`${local}@contoso.example`))).toEqual({
        "support@contoso.example": ["SendOnBehalf"],
      });
  });

  it("an address ending in two dots is no domain: not read as the address, the right is lost with the line", async () => {
    const tenant = new Tenant();
    const buero = tenant.shared("Büro München", "buero");
    tenant.user("山田 太郎", "taro.yamada");
    // No SID: only the name could tell who it is.
    tenant.sendAs(buero, "taro.yamada@contoso.example..", { TrusteeSidString: "" });
    const cli = await buildExports(tenant.write(path.join(tempDir(), "exports")));
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(
      `recipient-permissions.csv, line 2, column Trustee: SendAs on ${buero} is lost: "taro.yamada@contoso.example.." names no recipient`
    );
    expect(cli.stderr).not.toContain("the same domain in DNS");
  });
});
