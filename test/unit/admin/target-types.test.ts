// Issue 11, "never silent": a mailbox the build cannot place (its RecipientTypeDetails is no type
// Exchange writes, it sits in the wrong file, or recipients.csv calls it a mailbox that
// mailboxes.csv does not list) is reported with file, line and value; its rights are never
// dropped as "not a mailbox" without a word.
import * as fs from "node:fs";
import * as path from "node:path";
import { build, DOMAIN, rightsOf, tempDir, Tenant } from "../../fixtures/admin/tenant";
import { writeExports } from "../../fixtures/admin/cli";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe");
  t.shared("Büro München", "buero");
  t.fullAccess("buero", "Jürgen Weiß");
  return t;
}

const write = writeExports;

function problems(b: Awaited<ReturnType<typeof build>>) {
  return b.result.ok ? [] : b.result.problems.list;
}

describe("a mailboxes.csv row whose RecipientTypeDetails the build cannot read", () => {
  it.each(["", "Shared Mailbox", "constructor", "toString"])(
    'RecipientTypeDetails "%s" is an error naming file, line and value, not a silent "not a mailbox"',
    async (type) => {
      const t = tenant();
      t.set("mailboxes.csv", at("buero"), "RecipientTypeDetails", type);
      const b = await build(write(t));
      expect(b.result.ok).toBe(false);
      expect(problems(b)).toEqual([
        expect.objectContaining({
          file: "mailboxes.csv",
          line: 4,
          column: "RecipientTypeDetails",
          message: expect.stringContaining(
            `"${type}" is not a RecipientTypeDetails value Exchange writes`
          ),
        }),
      ]);
    }
  );

  it("a type Exchange writes that one cannot send from (DiscoveryMailbox) is still only counted", async () => {
    const t = tenant();
    t.user("Discovery Search Mailbox", "discovery", { type: "DiscoveryMailbox" });
    t.fullAccess("discovery", "Chloé Martin");
    const b = await build(write(t));
    expect(b.problems).toEqual([]);
    expect(b.result.summary.dropped.unsupportedRecipientType).toBe(1);
    expect(b.result.summary.dropped.unknownMailbox).toBe(1);
    expect(rightsOf(b.shard(at("juergen")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });

  it("a shared mailbox in groups.csv is an error naming the file it belongs in", async () => {
    const t = tenant();
    t.group("Empfang", "empfang", "SharedMailbox");
    const b = await build(write(t));
    expect(problems(b)).toEqual([
      expect.objectContaining({
        file: "groups.csv",
        line: 2,
        column: "RecipientTypeDetails",
        message: `${at("empfang")} is a SharedMailbox, which mailboxes.csv lists, not groups.csv`,
      }),
    ]);
  });
});

describe("a right on a mailbox recipients.csv lists but mailboxes.csv does not", () => {
  it("is a lost right naming both files (exit 1), listed with --allow-unresolved", async () => {
    const t = tenant();
    t.shared("Empfang Süd", "empfang");
    t.rows["mailboxes.csv"] = t.rows["mailboxes.csv"].filter(
      (r) => r.PrimarySmtpAddress !== at("empfang")
    );
    t.fullAccess("empfang", "Chloé Martin");
    t.sendAs(at("empfang"), "Jürgen Weiß");
    const dir = write(t);
    const b = await build(dir);
    expect(b.result.ok).toBe(false);
    expect(problems(b)).toEqual([
      expect.objectContaining({
        file: "recipient-permissions.csv",
        line: 2,
        column: "Identity",
        message: `SendAs on ${at("empfang")} is lost: Identity "${at("empfang")}" is ${at("empfang")}, a SharedMailbox (recipients.csv line 5), but mailboxes.csv does not list it, so the right on it cannot be published`,
      }),
      expect.objectContaining({ file: "mailbox-permissions.csv", line: 3, column: "Identity" }),
    ]);
    const allowed = await build(dir, { allowUnresolved: true });
    expect(allowed.result.summary.dropped.unresolvedMailbox).toBe(2);
    expect(allowed.result.summary.dropped.unknownMailbox).toBe(0);
    expect(rightsOf(allowed.shard(at("juergen")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });

  // A mail user or mail contact is a lost right instead (rev11h-g11y.test.ts, finding 1).
  it("a recipient recipients.csv gives a type without mailbox or mail (a User) stays 'not a mailbox'", async () => {
    const t = tenant();
    t.rows["recipients.csv"].push({
      ...t.rows["recipients.csv"][0],
      Identity: "gast",
      Name: "gast",
      Alias: "gast",
      DisplayName: "Gast",
      PrimarySmtpAddress: at("gast"),
      ExternalDirectoryObjectId: "",
      RecipientTypeDetails: "User",
      EmailAddresses: `SMTP:${at("gast")}`,
      SamAccountName: "gast",
    });
    t.fullAccess("gast", "Chloé Martin");
    const b = await build(write(t));
    expect(b.problems).toEqual([]);
    expect(b.result.summary.dropped.unknownMailbox).toBe(1);
  });
});

describe("Export-RecipientPermissions: a Grantor Recipient Type that is no type Exchange writes", () => {
  it("is an error with its line (once per grantor), not rights dropped unseen", async () => {
    const dir = path.join(tempDir(), "exports");
    fs.mkdirSync(dir);
    const header =
      '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
    const row = (type: string, trustee: string) =>
      [
        "info@contoso.example",
        "Info",
        type,
        "Cloud",
        "",
        "SendAs",
        "Allow",
        "False",
        "None",
        trustee,
        trustee,
        trustee,
        "UserMailbox/UserMailbox",
        "Cloud",
      ]
        .map((v) => `"${v}"`)
        .join(";");
    fs.writeFileSync(
      path.join(dir, "Export-RecipientPermissions_Result.csv"),
      [header, row("", "juergen@contoso.example"), row("", "chloe@contoso.example")].join("\r\n") +
        "\r\n"
    );
    const b = await build(dir, { generatedAt: "2026-11-01T06:00:00Z" });
    expect(problems(b)).toEqual([
      expect.objectContaining({
        line: 2,
        column: "Grantor Recipient Type",
        message: expect.stringContaining('"" is not a recipient type Exchange writes'),
      }),
    ]);
  });
});

describe("an AccessRights value that names no right Exchange writes", () => {
  it.each([
    ["mailbox-permissions.csv", "Full Access", "Full"],
    ["mailbox-permissions.csv", "Vollzugriff", "Vollzugriff"],
    ["mailbox-permissions.csv", "", ""],
    ["recipient-permissions.csv", "Send As", "Send"],
  ])(
    '%s "%s" is an error with line and value, not dropped as "other rights"',
    async (file, value, shown) => {
      const t = tenant();
      if (file === "mailbox-permissions.csv")
        t.fullAccess("buero", "Chloé Martin", { AccessRights: value });
      else t.sendAs("buero", "Chloé Martin", { AccessRights: value });
      const b = await build(write(t));
      expect(problems(b)).toEqual([
        expect.objectContaining({
          file,
          line: file === "mailbox-permissions.csv" ? 3 : 2,
          column: "AccessRights",
          message: expect.stringContaining(
            value === "" ? '"" names no right' : `"${shown}" is not a right Exchange writes`
          ),
        }),
      ]);
    }
  );

  it("rights Exchange writes other than the one the file is read for are only counted", async () => {
    const t = tenant();
    t.fullAccess("buero", "Chloé Martin", { AccessRights: "ReadPermission, ChangeOwner" });
    t.sendAs("buero", "Chloé Martin", { AccessRights: "{ReadPermission}" });
    const b = await build(write(t));
    expect(b.problems).toEqual([]);
    expect(b.result.summary.dropped.otherRights).toBe(2);
  });
});
