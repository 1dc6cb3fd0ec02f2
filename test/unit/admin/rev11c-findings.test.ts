// Issue 11, review rev11c: findings fixed on this branch, each asserting what an admin sees.
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
  t.shared("Büro München", "buero");
  return t;
}

describe("finding 1: a Deny the build cannot place is never a harmless drop", () => {
  it.each([
    ["a space-like character", "Chloé\u00a0Martin"],
    ['"?" for letters', "Chlo? Martin"],
    ["UTF-8 read as Windows-1252", "ChloÃ© Martin"],
  ])(
    "a Deny for a damaged name (%s) fails the build, and with --allow-unresolved withholds the right from the recipient it repairs to",
    async (_what, value) => {
      const t = tenant();
      t.fullAccess(at("buero"), at("chloe"), { UserSid: "" });
      t.fullAccess(at("buero"), at("juergen"), { UserSid: "" });
      t.fullAccess(at("buero"), value, { Deny: "True", UserSid: "" });
      const dir = writeExports(t);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain("mailbox-permissions.csv, line 4, column User: FullAccess on");
      expect(r.stderr).toContain("a Deny that the build cannot place");
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(rightsOf(allowed.shard(at("chloe")))).toEqual({});
      expect(rightsOf(allowed.shard(at("juergen")))).toEqual({ [at("buero")]: ["FullAccess"] });
    }
  );

  it("a Deny for a name the exports do not have fails the build while someone holds the right", async () => {
    const t = tenant();
    t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: "" });
    t.sendAs(at("buero"), "Vertrieb Team", { AccessControlType: "Deny", TrusteeSidString: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"Vertrieb Team" names no recipient in the exports');
    expect(r.stderr).toContain(`${at("chloe")} holds the right it denies`);
  });

  it("a Deny for a group whose members are not listed fails the build while someone holds the right", async () => {
    const t = tenant();
    t.rows["recipients.csv"].push({
      Identity: "Helpdesk",
      Name: "Helpdesk",
      Alias: "helpdesk",
      DisplayName: "Helpdesk",
      PrimarySmtpAddress: at("helpdesk"),
      ExternalDirectoryObjectId: "a0000000-0000-4000-8000-000000000077",
      RecipientTypeDetails: "MailUniversalSecurityGroup",
      UserPrincipalName: "",
      EmailAddresses: `SMTP:${at("helpdesk")}`,
      SamAccountName: "helpdesk",
    });
    t.fullAccess(at("buero"), at("chloe"), { UserSid: "" });
    t.fullAccess(at("buero"), "Helpdesk", { Deny: "True", UserSid: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"Helpdesk" is a group whose members the exports do not list');
    expect(r.stderr).toContain("group-members.csv");
  });

  it("a Deny for no one known, while no one holds the right, changes nothing", async () => {
    const t = tenant();
    t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: "" });
    t.fullAccess(at("buero"), "Vertrieb Team", { Deny: "True", UserSid: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendAs"] });
  });
});

describe("finding 6: Excel for Mac's plain CSV (Mac Roman) is never published garbled", () => {
  it("mailboxes.csv in Mac Roman: refused, naming Mac Roman and the real name", async () => {
    const t = tenant();
    const dir = writeExports(t);
    const text = toCsv([...COLUMNS["mailboxes.csv"]], t.rows["mailboxes.csv"], {
      bom: false,
      quote: "needed",
    });
    fs.writeFileSync(path.join(dir, "mailboxes.csv"), iconv.encode(text, "macintosh"));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Mac Roman");
    expect(r.stderr).toContain('"Jürgen Weiß"');
    expect(r.stderr).toMatch(/CSV UTF-8/);
  });
});

describe("finding 2: a trustee name and its SID naming two recipients", () => {
  it("is a lost right naming both, never a grant to either", async () => {
    const t = tenant();
    for (const [i, r] of t.rows["recipients.csv"].entries()) r.Sid = `S-1-5-21-1-2-3-${1001 + i}`;
    const chloeSid = t.rows["recipients.csv"].find(
      (r) => r.PrimarySmtpAddress === at("chloe")
    )!.Sid;
    t.sendAs(at("buero"), "Jürgen Weiß", { TrusteeSidString: chloeSid });
    const dir = writeExports(t);
    const columns = [...COLUMNS["recipients.csv"], "Sid"];
    fs.writeFileSync(
      path.join(dir, "recipients.csv"),
      toCsv(columns, t.rows["recipients.csv"], { columns })
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `"Jürgen Weiß" names ${at("juergen")}, but the row's SID ${chloeSid} is ${at("chloe")}'s`
    );
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard(at("juergen")))).toEqual({});
    expect(rightsOf(allowed.shard(at("chloe")))).toEqual({});
  });
});

describe("finding 8: a file all in Shift_JIS is not called a file that mixes encodings", () => {
  it("is refused for its code page, once, with no 'mixes encodings'", async () => {
    const t = new Tenant();
    t.user("鈴木 一郎", "suzuki");
    t.user("佐藤 花子", "sato");
    t.shared("営業部 共有", "eigyo");
    t.sendAs("eigyo", "NT AUTHORITY\\SELF", { TrusteeSidString: "S-1-5-10" });
    t.sendAs("eigyo", "佐藤 花子", { TrusteeSidString: "" });
    const dir = writeExports(t);
    for (const file of ["recipients.csv", "mailboxes.csv", "recipient-permissions.csv"] as const) {
      const text = toCsv([...COLUMNS[file]], t.rows[file], { bom: false });
      fs.writeFileSync(path.join(dir, file), iconv.encode(text, "cp932"));
    }
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("mixes encodings");
    expect(r.stderr).toContain("Shift_JIS (code page 932, Japanese)");
  });
});
