// Issue 11, task f11 (second round): gaps left where a right or a problem could pass unsaid,
// each asserting the rights that come out or the exact problem an admin reads.
import * as fs from "node:fs";
import * as path from "node:path";
import * as iconv from "iconv-lite";
import { validateDirectory } from "../../../src/admin/validate";
import { toSmtpAddress } from "../../../src/core/address";
import { OBJECT_IDS_FILE } from "../../../src/core/object-ids";
import { shardPath } from "../../../src/core/shard-name";
import { COLUMNS, DOMAIN, rightsOf, tempDir, Tenant, toCsv } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe");
  t.user("山田 太郎", "yamada");
  t.shared("Büro München", "buero");
  return t;
}

/** The 1-based line of a mailbox's row in mailboxes.csv as the tenant writes it. */
const mailboxLine = (t: Tenant, address: string) =>
  t.rows["mailboxes.csv"].findIndex((r) => r.PrimarySmtpAddress === address) + 2;

describe("gap 1: a list joined with ';' loses no piece silently", () => {
  it("GrantSendOnBehalfTo: each piece that names someone is granted, the other is a lost right of its own", async () => {
    const t = tenant();
    t.set(
      "mailboxes.csv",
      at("buero"),
      "GrantSendOnBehalfTo",
      "Jürgen Weiß;Gespenst Müller;山田 太郎"
    );
    const line = mailboxLine(t, at("buero"));
    const dir = writeExports(t);
    const strict = await buildExports(dir);
    expect(strict.code).toBe(1);
    expect(strict.written).toBe(false);
    expect(strict.stderr).toContain(
      `mailboxes.csv, line ${line}, column GrantSendOnBehalfTo: SendOnBehalf on ${at("buero")} is lost: "Gespenst Müller" names no recipient in the exports`
    );
    const r = await buildExports(dir, "--allow-unresolved");
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
    expect(rightsOf(r.shard(at("yamada")))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
    expect(r.report.lost).toEqual([
      expect.objectContaining({
        file: "mailboxes.csv",
        line,
        column: "GrantSendOnBehalfTo",
        value: "Gespenst Müller",
        reason: "unresolvedTrustee",
      }),
    ]);
  });

  it("in a column of one trustee per row, the value is one lost right naming each piece, never 'names no recipient'", async () => {
    const t = tenant();
    t.fullAccess(at("buero"), "Jürgen Weiß;Chloé Martin");
    t.sendAs(at("buero"), `${at("yamada")};Gespenst Müller`);
    const dir = writeExports(t);
    const strict = await buildExports(dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(
      `mailbox-permissions.csv, line 2, column User: FullAccess on ${at("buero")} is lost: "Jürgen Weiß;Chloé Martin" names no recipient as a whole and looks like trustees joined: cut at ";", "Jürgen Weiß" (${at("juergen")}), "Chloé Martin" (${at("chloe")}) each name a recipient, but User holds one trustee per row (Exchange writes a row for each), so the build does not split it and grants none of them`
    );
    expect(strict.stderr).toContain(
      `recipient-permissions.csv, line 2, column Trustee: SendAs on ${at("buero")} is lost: "${at("yamada")};Gespenst Müller" names no recipient as a whole and looks like trustees joined: cut at ";", "${at("yamada")}" (${at("yamada")}) names a recipient and "Gespenst Müller" names no one`
    );
    expect(strict.stderr).toContain(
      "fix: write one row per trustee, with the trustee alone in User, as Exchange returns them (do not group rows or join trustees)"
    );
    expect(strict.stderr).not.toContain("names no recipient in the exports");
    const r = await buildExports(dir, "--allow-unresolved");
    expect(r.code).toBe(0);
    expect(r.shard(at("juergen"))).toBeUndefined();
    expect(r.shard(at("yamada"))).toBeUndefined();
    expect(r.report.lost.map((l: { value: string }) => l.value).sort()).toEqual([
      "Jürgen Weiß;Chloé Martin",
      `${at("yamada")};Gespenst Müller`,
    ]);
  });
});

describe("gap 1 in group-members.csv: members joined into one row", () => {
  it("the row names each piece and whom it names; the other members keep the right", async () => {
    const t = tenant();
    const team = t.group("Team Süd", "team", "MailUniversalSecurityGroup", {}, [
      at("chloe"),
      `${at("juergen")};${at("yamada")}`,
    ]);
    t.sendAs(at("buero"), team);
    const dir = writeExports(t);
    const r = await buildExports(dir, "--allow-unresolved");
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendAs"] });
    expect(r.shard(at("juergen"))).toBeUndefined();
    expect(r.report.lost).toEqual([
      expect.objectContaining({
        file: "group-members.csv",
        line: 3,
        column: "MemberPrimarySmtpAddress",
        reason: "unresolvedTrustee",
        message: `"${at("juergen")};${at("yamada")}", listed as one member of ${team}, names no recipient as a whole and looks like members joined: cut at ";", "${at("juergen")}" (${at("juergen")}), "${at("yamada")}" (${at("yamada")}) each name a recipient, but MemberPrimarySmtpAddress holds one member per row, so the build does not split it and the right ${team} holds (recipient-permissions.csv) reaches none of them`,
        fix: expect.stringContaining(
          "write one row per member, with the member alone in MemberPrimarySmtpAddress"
        ),
      }),
    ]);
  });
});

describe("gap 2: an empty IsInherited or Deny is never read as False", () => {
  it.each([
    ["IsInherited", "is inherited or the mailbox's own"],
    ["Deny", "grants or denies the right"],
  ])("an empty %s is refused with its cell, even with --allow-unresolved", async (column, what) => {
    const t = tenant();
    t.fullAccess(at("buero"), at("juergen"));
    t.fullAccess(at("buero"), at("chloe"), { [column]: "" });
    const r = await buildExports(writeExports(t), "--allow-unresolved");
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain(
      `mailbox-permissions.csv, line 3, column ${column}: ${column} is empty, so whether this row ${what} is not known`
    );
    expect(r.stderr).toContain(`export ${column} as Exchange returns it (True/False)`);
  });
});

describe("gap 3: an address ending in a dot", () => {
  it("is published without the dot, and the summary says where", async () => {
    const t = tenant();
    for (const file of ["recipients.csv", "mailboxes.csv"] as const)
      t.set(file as "mailboxes.csv", at("chloe"), "PrimarySmtpAddress", `${at("chloe")}.`);
    t.fullAccess(at("buero"), at("chloe"));
    const line = mailboxLine(t, `${at("chloe")}.`);
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["FullAccess"] });
    expect(r.report.warnings).toContain(
      `mailboxes.csv, line ${line}, column PrimarySmtpAddress: "${at("chloe")}." ends with a dot, which Exchange does not write in an address; it is read and published as ${at("chloe")} (the same domain in DNS): check that the file was not edited`
    );
    const published = fs.readFileSync(
      path.join(r.out, shardPath(toSmtpAddress(at("chloe")))),
      "utf8"
    );
    expect(published).not.toContain(`${at("chloe")}.`);
  });

  it("as another recipient's alias, is a conflict naming both", async () => {
    const t = new Tenant();
    t.user("Jürgen Weiß", "juergen");
    t.user("Chloé Martin", "chloe", { proxies: [`${at("juergen")}.`] });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `recipients.csv, line 3, column EmailAddresses: ${at("juergen")} is an address of ${at("juergen")} and also listed for ${at("chloe")}`
    );
    expect(r.stderr).toMatch(
      new RegExp(`${at("juergen")}[^\\n]*${at("chloe")}|${at("chloe")}[^\\n]*${at("juergen")}`)
    );
  });
});

describe("gap 3 in an Export-RecipientPermissions result", () => {
  it("a grantor and a trustee ending in a dot keep their rights, published without the dot", async () => {
    const dir = erpFolder([
      erpRow(
        "info@contoso.example.",
        "Info",
        "UserMailbox/SharedMailbox",
        "Cloud",
        "",
        "FullAccess",
        "Allow",
        "False",
        "All",
        "Jürgen Weiß",
        "juergen@contoso.example.",
        "Jürgen Weiß",
        "UserMailbox/UserMailbox",
        "Cloud"
      ),
    ]);
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard("juergen@contoso.example"))).toEqual({
      "info@contoso.example": ["FullAccess"],
    });
    expect(r.report.warnings).toContain(
      'Export-RecipientPermissions_Result.csv, line 2, column Grantor Primary SMTP: "info@contoso.example." ends with a dot, which Exchange does not write in an address; it is read and published as info@contoso.example (the same domain in DNS): check that the file was not edited'
    );
  });
});

describe("gap 4: every double-encoded name in a file is reported", () => {
  it("each with its own line", async () => {
    const t = tenant();
    const dir = writeExports(t);
    for (const file of ["recipients.csv", "mailboxes.csv"] as const) {
      const text = toCsv([...COLUMNS[file]], t.rows[file], { bom: false });
      fs.writeFileSync(
        path.join(dir, file),
        Buffer.from(iconv.decode(Buffer.from(text, "utf8"), "windows-1252"), "utf8")
      );
    }
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    for (const [user, garbled, real] of [
      ["juergen", "JÃ¼rgen WeiÃŸ", "Jürgen Weiß"],
      ["chloe", "ChloÃ© Martin", "Chloé Martin"],
      ["buero", "BÃ¼ro MÃ¼nchen", "Büro München"],
    ])
      expect(r.stderr).toContain(
        `mailboxes.csv, line ${mailboxLine(t, at(user))}, column DisplayName: "${garbled}" is garbled text, probably "${real}"`
      );
  });
});

const ERP_HEADER =
  '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
const erpRow = (...v: string[]) => v.map((x) => `"${x}"`).join(";");
const INFO = ["info@contoso.example", "Info", "UserMailbox/SharedMailbox", "Cloud", ""];
const TEAM_ROW = erpRow(
  ...INFO,
  "SendAs",
  "Allow",
  "False",
  "None",
  "Team Süd",
  "team@contoso.example",
  "Team Süd",
  "MailUniversalSecurityGroup/MailUniversalSecurityGroup",
  "Cloud"
);
const member = (original: string, smtp = "", display = "", type = "") =>
  erpRow(
    ...INFO,
    "SendAs",
    "Allow",
    "False",
    "None",
    `Team Süd     [MemberRecurse] ${original}`,
    smtp,
    display,
    type,
    smtp ? "Cloud" : ""
  );

function erpFolder(rows: string[]): string {
  const dir = path.join(tempDir(), "exports");
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, "Export-RecipientPermissions_Result.csv"),
    `\ufeff${[ERP_HEADER, ...rows].join("\r\n")}\r\n`
  );
  return dir;
}

describe("gap 5: Export-RecipientPermissions group members that name no one", () => {
  it("every member unresolvable: a lost right per member row, never 'members not listed'", async () => {
    const dir = erpFolder([
      TEAM_ROW,
      member("Gespenst Müller"),
      member("S-1-5-21-1180699209-877415012-3182924384-4711"),
    ]);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'Export-RecipientPermissions_Result.csv, line 3, column Trustee Original Identity: SendAs on info@contoso.example is lost: member "Gespenst Müller" of team@contoso.example names no recipient (Export-RecipientPermissions wrote no Trustee Primary SMTP for it), and no member of team@contoso.example does: the right the group holds reaches no one the file names, so it is lost, not an empty group'
    );
    expect(r.stderr).not.toContain("does not list");
    expect(r.stderr).not.toContain("ExpandGroups");
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(allowed.report.dropped).toMatchObject({
      groupMembersUnknown: 0,
      emptyGroup: 0,
      unresolvedTrustee: 2,
    });
    expect(allowed.report.lost).toEqual([
      expect.objectContaining({ line: 3, value: "Gespenst Müller", reason: "unresolvedTrustee" }),
      expect.objectContaining({
        line: 4,
        value: "S-1-5-21-1180699209-877415012-3182924384-4711",
        reason: "unresolvedTrustee",
      }),
    ]);
  });

  it("one member resolved, one not: the first gets the right, the other is a lost right", async () => {
    const dir = erpFolder([
      TEAM_ROW,
      member("Jürgen Weiß", "juergen@contoso.example", "Jürgen Weiß", "UserMailbox/UserMailbox"),
      member("Gespenst Müller"),
    ]);
    const r = await buildExports(dir, "--allow-unresolved");
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard("juergen@contoso.example"))).toEqual({
      "info@contoso.example": ["SendAs"],
    });
    expect(r.report.lost).toEqual([
      expect.objectContaining({
        line: 4,
        value: "Gespenst Müller",
        message:
          'member "Gespenst Müller" of team@contoso.example names no recipient (Export-RecipientPermissions wrote no Trustee Primary SMTP for it), so the right the group holds would not reach them',
      }),
    ]);
  });

  it("members that are only mail contacts: an empty group, said so, not 'members not listed'", async () => {
    const dir = erpFolder([
      TEAM_ROW,
      member("Chloé Extern", "chloe@fabrikam.example", "Chloé Extern", "MailContact/MailContact"),
    ]);
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(r.report.dropped.groupMembersUnknown).toBe(0);
    expect(r.report.warnings.join("\n")).toContain(
      "is granted to the group team@contoso.example, whose members in Export-RecipientPermissions_Result.csv are only recipients that cannot sign in (mail contacts): it gives the right to no one (an empty group)."
    );
  });

  it("an empty Inherited is refused with its cell", async () => {
    const dir = erpFolder([
      erpRow(
        ...INFO,
        "FullAccess",
        "Allow",
        "",
        "All",
        "Jürgen Weiß",
        "juergen@contoso.example",
        "Jürgen Weiß",
        "UserMailbox/UserMailbox",
        "Cloud"
      ),
    ]);
    const r = await buildExports(dir, "--allow-unresolved");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "Export-RecipientPermissions_Result.csv, line 2, column Inherited: Inherited is empty, so whether this row is inherited or the mailbox's own is not known"
    );
  });
});

describe("gap 6: validate's follow-on for object-ids.json says the fix that fits", () => {
  async function built() {
    const t = tenant();
    t.fullAccess(at("buero"), at("juergen"));
    t.sendAs(at("buero"), at("chloe"));
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(r.out, OBJECT_IDS_FILE))).toBe(true);
    return r.out;
  }

  it("a shard that is unusable: fix that shard, nothing to rebuild", async () => {
    const out = await built();
    const shard = shardPath(toSmtpAddress(at("juergen")));
    fs.writeFileSync(path.join(out, shard), "{");
    const follow = validateDirectory(out).problems.find((p) => p.file === OBJECT_IDS_FILE);
    expect(follow?.message).toContain("exists but is unusable");
    expect(follow?.fix).toBe(
      `nothing to change in object-ids.json: fix ${shard} as its own problem says; this follows from it`
    );
  });

  it("a shard removed: publish one build's folder whole", async () => {
    const out = await built();
    fs.rmSync(path.join(out, shardPath(toSmtpAddress(at("chloe")))));
    const follow = validateDirectory(out).problems.find((p) => p.file === OBJECT_IDS_FILE);
    expect(follow?.message).toBe(`names ${at("chloe")}, who has no shard`);
    expect(follow?.fix).toContain(
      "publish index.json, object-ids.json and users/ of one build together"
    );
    expect(follow?.fix).not.toContain("rebuild");
  });
});

describe("gap 7: a refused mailboxes.csv is the message, without a follow-on per right", () => {
  it("binary mailboxes.csv: its own problem only", async () => {
    const t = tenant();
    t.fullAccess(at("buero"), at("juergen"));
    t.sendAs(at("buero"), at("chloe"));
    const dir = writeExports(t);
    fs.writeFileSync(
      path.join(dir, "mailboxes.csv"),
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01])
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("mailboxes.csv, line 1: not a text file (CSV)");
    expect(r.stderr).not.toContain("does not list it");
    expect(r.stderr).toContain("FAILED with 1 problem(s)");
  });
});
