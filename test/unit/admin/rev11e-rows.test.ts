// Issue 11, fifth review (rev11e 5): a mailboxes.csv row refused for a problem of its own (a
// hidden character in its PrimarySmtpAddress, a part in another encoding): the rights on the
// mailbox are lost because of that row, and each follow-on says so, never "does not list it".
import * as fs from "node:fs";
import * as path from "node:path";
import { COLUMNS, DOMAIN, Tenant, toCsv } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe");
  t.shared("Büro München", "buero");
  t.shared("Support Süd", "support");
  t.sendAs("buero", at("juergen"));
  t.fullAccess("support", at("chloe"));
  return t;
}

/** The 1-based line of a mailbox's row in mailboxes.csv as the tenant writes it. */
const mailboxLine = (t: Tenant, address: string) =>
  t.rows["mailboxes.csv"].findIndex((r) => r.PrimarySmtpAddress === address) + 2;

describe("a mailboxes.csv row refused for its PrimarySmtpAddress", () => {
  it("the right on it is lost because of that row, and the fix replaces the primary address before removing it", async () => {
    const t = tenant();
    const hidden = `bue\u200bro@${DOMAIN}`;
    const line = mailboxLine(t, at("buero"));
    t.set("mailboxes.csv", at("buero"), "PrimarySmtpAddress", hidden);
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    const own = r.report.problems.find(
      (p: { file: string; line: number }) => p.file === "mailboxes.csv" && p.line === line
    );
    expect(own.column).toBe("PrimarySmtpAddress");
    expect(own.fix).toBe(
      `make the address without the character the primary one first (Set-Mailbox <mailbox> -WindowsEmailAddress "${at("buero")}" in Exchange Online, or -PrimarySmtpAddress on premises; Set-DistributionGroup for a group), as Exchange does not remove a primary address, then remove the old one (Set-Mailbox <mailbox> -EmailAddresses @{remove="${hidden}"}), then re-run the "Mailboxes" step of admin/Export-SendFromData.ps1, which writes mailboxes.csv again`
    );
    const follow = r.report.problems.find(
      (p: { file: string }) => p.file === "recipient-permissions.csv"
    );
    expect(follow).toMatchObject({ line: 2, column: "Identity" });
    expect(follow.message).toBe(
      `SendAs on ${at("buero")} is lost: Identity "buero" is ${at("buero")}, a SharedMailbox (recipients.csv line ${line}), whose row in mailboxes.csv (line ${line}) was refused (its PrimarySmtpAddress holds the invisible character U+200B), so the right on it cannot be published`
    );
    expect(follow.fix).toMatch(
      new RegExp(`^correct mailboxes\\.csv line ${line} first \\(see the problem reported for it`)
    );
    expect(r.stderr).not.toContain("does not list it");
    // Support's row is fine: its Full Access is no follow-on.
    expect(r.report.problems).toHaveLength(2);
  });

  it("refused in recipients.csv and mailboxes.csv alike: the Identity names the refused row, not 'no mailbox'", async () => {
    const t = tenant();
    const hidden = `${at("buero")}\u200b`;
    t.set("mailboxes.csv", at("buero"), "PrimarySmtpAddress", hidden);
    t.rows["recipients.csv"].find((r) => r.Alias === "buero")!.PrimarySmtpAddress = hidden;
    const line = t.rows["recipients.csv"].findIndex((r) => r.Alias === "buero") + 2;
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `recipient-permissions.csv, line 2, column Identity: SendAs on buero is lost: Identity "buero" names the recipient at recipients.csv line ${line}, whose row was refused (its PrimarySmtpAddress holds the invisible character U+200B), so the right on it cannot be published`
    );
    expect(r.stderr).not.toContain("names no mailbox");
  });
});

describe("mailboxes.csv whose second part is in another encoding", () => {
  it("a mailbox whose row is in that part: misread, with the one-encoding fix, never 'does not list it'", async () => {
    const t = tenant();
    const line = mailboxLine(t, at("buero"));
    const dir = writeExports(t);
    const text = toCsv([...COLUMNS["mailboxes.csv"]], t.rows["mailboxes.csv"]);
    const lines = text.split("\r\n");
    const first = lines.slice(0, line - 1).join("\r\n") + "\r\n";
    const rest = lines.slice(line - 1).join("\r\n");
    fs.writeFileSync(
      path.join(dir, "mailboxes.csv"),
      Buffer.concat([
        Buffer.from(first, "utf8"),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(rest, "utf16le"),
      ])
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `mailboxes.csv, line ${line}: the file mixes encodings: UTF-8 before line ${line}, UTF-16 LE (Unicode) from there on`
    );
    const follow = r.report.problems.find(
      (p: { file: string }) => p.file === "recipient-permissions.csv"
    );
    expect(follow.message).toBe(
      `SendAs on ${at("buero")} is lost: Identity "buero" is ${at("buero")}, a SharedMailbox (recipients.csv line ${line}), whose row in mailboxes.csv was misread: the file mixes encodings from line ${line} on (see the problem reported for that line), so the right on it cannot be published`
    );
    expect(follow.fix).toMatch(
      /^write the whole of mailboxes\.csv again with one program, in one encoding \(UTF-8\)/
    );
    expect(follow.fix).toMatch(/, then build again$/);
    expect(follow.fix).not.toContain("--allow-unresolved");
    expect(r.stderr).not.toContain("does not list it");
  });
});
