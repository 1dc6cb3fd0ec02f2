// Issue 11: a trustee that is a mail contact (or any recipient that has no account and so cannot
// sign in to Outlook) is never a delegate. Exchange lets only a mailbox, a mail user or a
// security group hold Full Access, Send As or Send on Behalf (Microsoft, "Add-MailboxPermission"
// -User, "Add-RecipientPermission" -Trustee, "Set-Mailbox" -GrantSendOnBehalfTo), so an export
// that shows such a grant shows one no one can use: it is reported as a lost right (file, line,
// value, reason), without a shard and without counting the contact as a delegate.
import * as fs from "node:fs";
import * as path from "node:path";
import { build, DOMAIN, rightsOf, tempDir, Tenant } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe");
  t.shared("Support", "support");
  return t;
}

/** A recipient that only recipients.csv lists (contacts, mail users, public folders have no mailbox). */
function recipientOnly(t: Tenant, display: string, local: string, type: string, name = local) {
  const address = at(local);
  t.rows["recipients.csv"].push({
    Identity: name,
    Name: name,
    Alias: local,
    DisplayName: display,
    PrimarySmtpAddress: address,
    ExternalDirectoryObjectId: "00000000-0000-4000-8000-00000000c0de",
    RecipientTypeDetails: type,
    UserPrincipalName: type.includes("MailUser") ? address : "",
    EmailAddresses: `SMTP:${address}`,
    SamAccountName: type.includes("MailUser") ? local : "",
  });
  return address;
}

const cli = buildExports;

const write = writeExports;

describe("a right granted to a recipient that cannot sign in", () => {
  it.each([
    ["Full Access", "MailContact", "mailbox-permissions.csv", 2, "User", "FullAccess"],
    ["Send As", "MailContact", "recipient-permissions.csv", 2, "Trustee", "SendAs"],
    ["Send on Behalf", "MailContact", "mailboxes.csv", 4, "GrantSendOnBehalfTo", "SendOnBehalf"],
    ["Send As", "MailForestContact", "recipient-permissions.csv", 2, "Trustee", "SendAs"],
    ["Full Access", "PublicFolder", "mailbox-permissions.csv", 2, "User", "FullAccess"],
  ])(
    "%s to a %s: a lost right with file, line and reason, exit 1; never a delegate with a shard",
    async (right, type, file, line, column, rightName) => {
      const t = tenant();
      const contact = recipientOnly(t, "Élodie Extern", "elodie.extern", type);
      if (right === "Full Access") t.fullAccess("support", "Élodie Extern");
      else if (right === "Send As") t.sendAs("support", contact);
      else t.set("mailboxes.csv", at("support"), "GrantSendOnBehalfTo", "Élodie Extern");
      t.sendAs("support", "Chloé Martin");
      const dir = write(t);

      const r = await cli(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(
        `${file}, line ${line}, column ${column}: ${rightName} on ${at("support")} is lost: `
      );
      expect(r.stderr).toContain(
        `names ${contact}, a ${type} (recipients.csv line 5): it has no account and cannot sign in`
      );
      // The fix sends the admin to check who holds it first; removal only if it is the contact.
      expect(r.stderr).toMatch(
        /fix: check who holds the right with Get-Recipient .*only if it really is the/
      );
      expect(r.stderr).toContain(
        "LOST trustee that cannot sign in (mail contact or public folder) 1"
      );

      const allowed = await cli(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(allowed.report.lost).toEqual([
        expect.objectContaining({ file, line, column, reason: "cannotSignIn", right: rightName }),
      ]);
      expect(allowed.report.dropped.cannotSignIn).toBe(1);
      const b = await build(dir, { allowUnresolved: true });
      expect(b.shard(contact)).toBeUndefined();
      // Chloé is the one delegate: the contact is not counted.
      expect(b.result.ok && b.result.summary.delegates).toBe(1);
      expect(rightsOf(b.shard(at("chloe")))).toEqual({ [at("support")]: ["SendAs"] });
    }
  );

  it.each(["MailUser", "GuestMailUser"])(
    "a %s can sign in: it is a delegate with its shard, exit 0",
    async (type) => {
      const t = tenant();
      const user = recipientOnly(t, "Ana Gästin", "ana", type);
      t.fullAccess("support", user);
      const r = await cli(write(t));
      expect(r.code).toBe(0);
      expect(r.report.counts.delegates).toBe(1);
      expect(r.report.dropped.cannotSignIn).toBe(0);
    }
  );

  it("a name a user and a mail contact share names the user: Exchange could grant it to no one else", async () => {
    const t = tenant();
    recipientOnly(t, "Chloé Martin", "chloe.privat", "MailContact");
    t.fullAccess("support", "Chloé Martin");
    t.set("mailboxes.csv", at("support"), "GrantSendOnBehalfTo", "Chloé Martin");
    const b = await build(write(t));
    expect(b.problems).toEqual([]);
    expect(rightsOf(b.shard(at("chloe")))).toEqual({
      [at("support")]: ["SendOnBehalf", "FullAccess"],
    });
    expect(b.shard(at("chloe.privat"))).toBeUndefined();
  });

  it("a name two users and a contact share stays ambiguous (the contact is left out of the choice only)", async () => {
    const t = tenant();
    t.user("Chloé Martin", "chloe2");
    recipientOnly(t, "Chloé Martin", "chloe.privat", "MailContact");
    t.fullAccess("support", "Chloé Martin");
    const b = await build(write(t));
    expect(b.result.ok).toBe(false);
    expect(b.result.summary.dropped.ambiguousTrustee).toBe(1);
  });

  it("a mail contact in a group that holds a right: the members keep it, the contact gets nothing, with a warning; exit 0", async () => {
    const t = tenant();
    const contact = recipientOnly(t, "山田 外部", "yamada.extern", "MailContact");
    const team = t.group("Team", "team", "MailUniversalSecurityGroup", {}, [
      at("juergen"),
      contact,
    ]);
    t.sendAs("support", team);
    const r = await cli(write(t));
    expect(r.code).toBe(0);
    expect(r.report.counts.delegates).toBe(1);
    expect(r.report.lost).toEqual([]);
    expect(r.stderr).toContain(
      `warning: group-members.csv, line 3: ${contact}, a MailContact, is a member of ${team}, which holds a right: it cannot sign in, so the right does not reach it (no shard).`
    );
  });

  it("a Deny on a mail contact takes nothing away and is no loss", async () => {
    const t = tenant();
    recipientOnly(t, "Élodie Extern", "elodie.extern", "MailContact");
    t.fullAccess("support", "Élodie Extern", { Deny: "True" });
    t.fullAccess("support", "Chloé Martin");
    const b = await build(write(t));
    expect(b.problems).toEqual([]);
    expect(rightsOf(b.shard(at("chloe")))).toEqual({ [at("support")]: ["FullAccess"] });
  });
});

describe("Export-RecipientPermissions: a trustee whose Trustee Recipient Type is a mail contact", () => {
  const header =
    '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
  const row = (...f: string[]) => f.map((v) => `"${v}"`).join(";");

  it("is a lost right, never a delegate; a contact listed as a member of a trustee group is no loss", async () => {
    const dir = path.join(tempDir(), "exports");
    fs.mkdirSync(dir);
    const box = ["info@contoso.example", "Info", "UserMailbox/SharedMailbox", "Cloud", ""];
    fs.writeFileSync(
      path.join(dir, "Export-RecipientPermissions_Result.csv"),
      [
        header,
        row(
          ...box,
          "SendAs",
          "Allow",
          "False",
          "None",
          "Élodie Extern",
          "elodie@fabrikam.example",
          "Élodie Extern",
          "MailContact/MailContact",
          "Cloud"
        ),
        row(
          ...box,
          "SendAs",
          "Allow",
          "False",
          "None",
          "Team",
          "team@contoso.example",
          "Team",
          "MailUniversalSecurityGroup/MailUniversalSecurityGroup",
          "Cloud"
        ),
        row(
          ...box,
          "SendAs",
          "Allow",
          "False",
          "None",
          "Team     [MemberRecurse] Jürgen Weiß",
          "juergen@contoso.example",
          "Jürgen Weiß",
          "UserMailbox/UserMailbox",
          "Cloud"
        ),
        row(
          ...box,
          "SendAs",
          "Allow",
          "False",
          "None",
          "Team     [MemberRecurse] Élodie Extern",
          "elodie@fabrikam.example",
          "Élodie Extern",
          "MailContact/MailContact",
          "Cloud"
        ),
      ].join("\r\n") + "\r\n"
    );
    const b = await build(dir, { allowUnresolved: true, generatedAt: "2026-11-01T06:00:00Z" });
    expect(b.result.summary.lost).toEqual([
      expect.objectContaining({
        line: 2,
        value: "elodie@fabrikam.example",
        reason: "cannotSignIn",
      }),
    ]);
    expect(b.shard("elodie@fabrikam.example")).toBeUndefined();
    expect(rightsOf(b.shard("juergen@contoso.example"))).toEqual({
      "info@contoso.example": ["SendAs"],
    });
    expect(b.result.summary.delegates).toBe(1);
  });
});
