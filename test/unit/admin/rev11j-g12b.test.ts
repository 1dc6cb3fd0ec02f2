// Issue 11, tenth review (rev11j): faults a fresh reviewer found in the admin build. Each test
// rebuilds the reviewer's case as a small fictional export and asserts the rights that come out,
// or the exit code and the message (file, line, true reason).
import * as fs from "node:fs";
import * as path from "node:path";
import { DOMAIN, rightsOf, tempDir, Tenant } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";
import { at, sidOf, sidTenant, writeWithSids } from "../../fixtures/admin/sid-tenant";

const tenant = sidTenant;
const write = writeWithSids;

describe("finding 1: a Trustee or User cell naming several recipients, with one SID", () => {
  const joins: [string, string][] = [
    ["; (yamada first)", `${at("yamada")};${at("chloe")}`],
    ["; (chloe first)", `${at("chloe")};${at("yamada")}`],
    [", ", `${at("yamada")}, Chloé Martin`],
    ["CRLF", `${at("yamada")}\r\n${at("chloe")}`],
    ["a space", `${at("yamada")} Chloé Martin`],
    ["|", `yamada|${at("chloe")}`],
    ["; before DOMAIN\\name", `${at("chloe")};CONTOSO\\yamada`],
  ];

  it.each(joins)("Send As joined with %s: a lost right, never the SID's owner's", async (_, v) => {
    const t = tenant();
    t.sendAs(at("buero"), v, { TrusteeSidString: sidOf(t, "yamada") });
    const dir = write(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    // (A value holding a line break spans lines: the line is where the row ends.)
    expect(r.stderr).toMatch(/recipient-permissions\.csv, line \d, column Trustee/);
    expect(r.stderr).toContain("looks like trustees joined");
    expect(r.stderr).toContain(`the row's SID ${sidOf(t, "yamada")} is ${at("yamada")}'s alone`);
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard(at("yamada")))).toEqual({});
    expect(rightsOf(allowed.shard(at("chloe")))).toEqual({});
    expect(allowed.report.lost).toHaveLength(1);
  });

  it("Full Access with a User list joined with ', ' and one UserSid: a lost right", async () => {
    const t = tenant();
    t.fullAccess(at("buero"), `CONTOSO\\juergen, ${at("chloe")}`, {
      UserSid: sidOf(t, "juergen"),
    });
    const r = await buildExports(write(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("mailbox-permissions.csv, line 2, column User");
    expect(r.stderr).toContain(`cut at ",", "CONTOSO\\juergen" (${at("juergen")})`);
  });

  it("a Deny joined with ';' and one SID withholds the right from each one it names", async () => {
    const t = tenant();
    t.sendAs(at("buero"), at("juergen"), { TrusteeSidString: sidOf(t, "juergen") });
    t.sendAs(at("buero"), `${at("chloe")};${at("juergen")}`, {
      AccessControlType: "Deny",
      TrusteeSidString: sidOf(t, "chloe"),
    });
    const dir = write(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("recipient-permissions.csv, line 3, column Trustee");
    expect(r.stderr).toContain("a Deny that the build cannot place");
    expect(r.stderr).toContain(`withheld from ${at("juergen")}, whom the cell names`);
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard(at("juergen")))).toEqual({});
  });

  it("a renamed name whose pieces name only the SID's owner is still the SID's owner", async () => {
    const t = tenant();
    t.sendAs(at("buero"), "Chloé Martin (alt)", { TrusteeSidString: sidOf(t, "chloe") });
    const r = await buildExports(write(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendAs"] });
  });
});

// Export-RecipientPermissions: a fictional result, one row per array (the tool's columns).
const ERP_FILE = "Export-RecipientPermissions_Result.csv";
const ERP_HEADER =
  '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
const SHARED = "UserMailbox/SharedMailbox";
const USER = "UserMailbox/UserMailbox";
const GROUP = "MailUniversalSecurityGroup/MailUniversalSecurityGroup";
const M365 = "MailUniversalDistributionGroup/GroupMailbox";
/** One row: grantor (local part, display, type), permission, Allow/Deny, trustee identity, address, type. */
const erpRow = (
  grantor: [string, string, string],
  permission: string,
  allowDeny: string,
  identity: string,
  trustee: string,
  type: string
) =>
  [
    at(grantor[0]),
    grantor[1],
    grantor[2],
    "Cloud",
    "",
    permission,
    allowDeny,
    "False",
    "All",
    identity,
    trustee ? at(trustee) : "",
    identity.replace(/ +\[Member\w+\] .*/, ""),
    type,
    "Cloud",
  ]
    .map((x) => `"${x}"`)
    .join(";");
const INFO: [string, string, string] = ["info", "Info Zürich", SHARED];
const BUERO: [string, string, string] = ["buero", "Büro München", SHARED];
const member = (group: string, local: string, g: [string, string, string], right = "SendAs") =>
  erpRow(g, right, "Allow", `${group}     [MemberRecurse] ${at(local)}`, local, USER);

function erpFolder(rows: string[]): string {
  const dir = path.join(tempDir(), "exports");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, ERP_FILE), `\ufeff${[ERP_HEADER, ...rows].join("\r\n")}\r\n`);
  return dir;
}

/** Team Vertrieb (vertrieb@) holds Send As on Info, with Jürgen and Chloé as members; 山田 has Full Access on Büro. */
const ERP_BASE = [
  erpRow(BUERO, "FullAccess", "Allow", at("yamada"), "yamada", USER),
  erpRow(INFO, "SendAs", "Allow", "Team Vertrieb", "vertrieb", GROUP),
  member("Team Vertrieb", "chloe", INFO),
  member("Team Vertrieb", "juergen", INFO),
];

describe("finding 2: two Export-RecipientPermissions groups with one Trustee Original Identity", () => {
  it("a same-named group's Deny without member rows takes nothing from the other's members", async () => {
    const r = await buildExports(
      erpFolder([
        ...ERP_BASE,
        erpRow(BUERO, "FullAccess", "Deny", "Team Vertrieb", "vertrieb.m365", M365),
      ])
    );
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("yamada")))).toEqual({ [at("buero")]: ["FullAccess"] });
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("info")]: ["SendAs"] });
    // Neither group is a delegate.
    expect(r.shard(at("vertrieb"))).toBeUndefined();
    expect(r.shard(at("vertrieb.m365"))).toBeUndefined();
  });

  it("a same-named group's Allow without member rows gives the other's members nothing", async () => {
    const r = await buildExports(
      erpFolder([
        ...ERP_BASE,
        erpRow(BUERO, "FullAccess", "Allow", "Team Vertrieb", "vertrieb.m365", M365),
      ])
    );
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("info")]: ["SendAs"] });
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("info")]: ["SendAs"] });
    expect(r.stderr).toContain("an empty group");
    expect(r.shard(at("vertrieb"))).toBeUndefined();
  });

  it("member rows of a same-named group's Deny reach only its own members", async () => {
    const r = await buildExports(
      erpFolder([
        ...ERP_BASE,
        erpRow(INFO, "SendAs", "Deny", "Team Vertrieb", "vertrieb.m365", M365),
        erpRow(
          INFO,
          "SendAs",
          "Deny",
          `Team Vertrieb     [MemberRecurse] ${at("chloe")}`,
          "chloe",
          USER
        ),
      ])
    );
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({});
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("info")]: ["SendAs"] });
  });

  it("both groups holding the same right with member rows: an error, never one group's members for both", async () => {
    const r = await buildExports(
      erpFolder([
        ...ERP_BASE,
        erpRow(INFO, "SendAs", "Allow", "Team Vertrieb", "vertrieb.m365", M365),
        member("Team Vertrieb", "yamada", INFO),
      ])
    );
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toMatch(
      /Export-RecipientPermissions_Result\.csv, line \d, column Trustee Original Identity/
    );
    expect(r.stderr).toContain(
      `${at("vertrieb")} and ${at("vertrieb.m365")} are groups with that Trustee Original Identity`
    );
  });
});

describe("finding 4: an Export-RecipientPermissions Permission written otherwise", () => {
  it.each([
    ["Send As", "Allow"],
    ["Full Access", "Allow"],
    ["Send on Behalf", "Allow"],
    ["Vollzugriff", "Allow"],
    ["", "Allow"],
    ["Full Access", "Deny"],
  ])("%j (%s) is refused with the line, never dropped as another right", async (permission, ad) => {
    const r = await buildExports(
      erpFolder([...ERP_BASE, erpRow(BUERO, permission, ad, at("chloe"), "chloe", USER)])
    );
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain(`${ERP_FILE}, line 6, column Permission`);
  });

  it("the tool's own names, with a trailing space, are read", async () => {
    const r = await buildExports(
      erpFolder([
        ...ERP_BASE,
        erpRow(BUERO, "SendAs ", "Allow", at("chloe"), "chloe", USER),
        erpRow(BUERO, "ReadPermission", "Allow", at("juergen"), "juergen", USER),
      ])
    );
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({
      [at("buero")]: ["SendAs"],
      [at("info")]: ["SendAs"],
    });
  });
});

describe("finding 3: a proxy address that is another recipient's user principal name", () => {
  it("proxy listed after the UPN: an error naming both, the alias never published", async () => {
    const t = new Tenant();
    t.user("Chloé Martin", "chloe", { upn: "c.martin@contoso.onmicrosoft.com" });
    t.user("山田 太郎", "yamada", { proxies: ["c.martin@contoso.onmicrosoft.com"] });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("recipients.csv, line 3, column EmailAddresses");
    expect(r.stderr).toContain(
      `c.martin@contoso.onmicrosoft.com is the user principal name of ${at("chloe")}, who signs in with it, and also a proxy address of ${at("yamada")}`
    );
  });

  it("UPN listed after the proxy: the same error, on the UPN's row", async () => {
    const t = new Tenant();
    t.user("Jürgen Weiß", "juergen", { proxies: [at("weiss")] });
    t.shared("Büro München", "buero", {}, { upn: at("weiss") });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("recipients.csv, line 3, column UserPrincipalName");
    expect(r.stderr).toContain(
      `${at("weiss")} is the user principal name of ${at("buero")}, who signs in with it, and also a proxy address of ${at("juergen")}`
    );
  });

  it("a UPN that is the user's own proxy address is no conflict", async () => {
    const t = new Tenant();
    t.user("Chloé Martin", "chloe", { upn: at("c.martin"), proxies: [at("c.martin")] });
    t.shared("Büro München", "buero");
    t.fullAccess(at("buero"), at("chloe"));
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(r.shard(at("chloe"))?.aliases).toEqual([at("c.martin")]);
  });
});

describe("findings 6 and 7: U+FFFD and characters that draw nothing are never published", () => {
  it("a display name holding U+FFFD is refused with its line", async () => {
    const t = new Tenant();
    t.user("Chloé Martin", "chloe");
    t.shared("B\ufffdro M\ufffdnchen", "buero");
    t.fullAccess(at("buero"), at("chloe"));
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("recipients.csv, line 3, column DisplayName");
    expect(r.stderr).toContain("holds U+FFFD");
  });

  it.each([
    ["U+2800", "\u2800"],
    ["U+FFFC", "\ufffc"],
    ["U+FFFD", "\ufffd"],
    ["U+1D159", "\u{1d159}"],
  ])("a proxy address holding %s is refused with its line", async (code, ch) => {
    const t = new Tenant();
    t.user("山田 太郎", "yamada", { proxies: [`yamada${ch}2@${DOMAIN}`] });
    t.shared("Büro München", "buero");
    t.fullAccess(at("buero"), at("yamada"));
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("recipients.csv, line 2, column EmailAddresses");
    expect(r.stderr).toContain(code);
  });
});
