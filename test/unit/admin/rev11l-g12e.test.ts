// Issue 11, twelfth review (rev11l), findings 1-4: a Deny whose name and SID disagree where one
// side is a built-in group of people, built-in accounts joined with a person by a space, " & " or
// ",", a part file with CR-only line ends, and a list cell cut at Excel's 32,767 characters. Each
// test rebuilds the reviewer's case as a small fictional export and asserts the exit code, the
// message and the rights that come out.
import * as fs from "node:fs";
import * as path from "node:path";
import { entraSidToObjectId } from "../../../src/admin/values";
import { rightsOf, tempDir } from "../../fixtures/admin/tenant";
import { buildExports } from "../../fixtures/admin/cli";
import { at, sidOf, sidTenant, writeWithSids } from "../../fixtures/admin/sid-tenant";

type SidTenant = ReturnType<typeof sidTenant>;
/** The tenant's domain SID (sid-tenant.ts: S-1-5-21-7-8-9-<RID>). */
const DOMAIN_SID = "S-1-5-21-7-8-9";

describe("finding 1: a Deny whose name and SID disagree, one side a built-in group of people", () => {
  it.each<[string, (t: SidTenant) => [string, string]]>([
    ["Chloé's name, Domain Users' SID", () => [at("chloe"), `${DOMAIN_SID}-513`]],
    ["Chloé's name, Domain Admins' SID", () => [at("chloe"), `${DOMAIN_SID}-512`]],
    ["Chloé's name, BUILTIN\\Users' SID", () => [at("chloe"), "S-1-5-32-545"]],
    ["CONTOSO\\Domain Users, Chloé's SID", (t) => ["CONTOSO\\Domain Users", sidOf(t, "chloe")]],
    ["Domain Users' SID string, Chloé's SID", (t) => [`${DOMAIN_SID}-513`, sidOf(t, "chloe")]],
    ["BUILTIN\\Users, Chloé's SID", (t) => ["BUILTIN\\Users", sidOf(t, "chloe")]],
  ])("Send As, %s: a Deny the build cannot place naming 山田, exit 1", async (_, row) => {
    const t = sidTenant();
    t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
    const [trustee, sid] = row(t);
    t.sendAs(at("buero"), trustee, { AccessControlType: "Deny", TrusteeSidString: sid });
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("recipient-permissions.csv, line 3, column Trustee");
    expect(r.stderr).toContain("a Deny that the build cannot place");
    expect(r.stderr).toContain("a built-in group whose members no export lists");
    expect(r.stderr).toContain(`${at("yamada")} holds the right`);
    // With --allow-unresolved the Deny is listed, and 山田 (not named by the row) keeps it.
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(allowed.report.unplacedDenies).toHaveLength(1);
    expect(rightsOf(allowed.shard(at("yamada")))).toEqual({ [at("buero")]: ["SendAs"] });
  });

  it("Full Access, Chloé's name with Domain Users' SID: Jürgen's Full Access fails the build", async () => {
    const t = sidTenant();
    t.fullAccess(at("buero"), at("juergen"), { UserSid: sidOf(t, "juergen") });
    t.fullAccess(at("buero"), at("chloe"), { Deny: "True", UserSid: `${DOMAIN_SID}-513` });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("mailbox-permissions.csv, line 3, column User");
    expect(r.stderr).toContain(`${at("juergen")} holds the right`);
  });

  it("Chloé holds the right herself: it is withheld from her even with --allow-unresolved", async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: sidOf(t, "chloe") });
    t.sendAs(at("buero"), at("chloe"), {
      AccessControlType: "Deny",
      TrusteeSidString: `${DOMAIN_SID}-513`,
    });
    const dir = writeWithSids(t);
    expect((await buildExports(dir)).code).toBe(1);
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(rightsOf(allowed.shard(at("chloe")))).toEqual({});
    // The summary's heading does not say every holder kept it (rev11l finding 8, g01c).
    expect(allowed.stderr).toContain(
      "DENY NOT PLACED (published: each holder keeps the right unless the entry names them as withheld"
    );
    expect(allowed.stderr).toContain(`so it is withheld from ${at("chloe")}, whom the row names`);
  });

  it("the Allow twin (Chloé's name, Domain Users' SID) is a lost right, granted to no one", async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: `${DOMAIN_SID}-513` });
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Domain Users (RID 513)");
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(rightsOf(allowed.shard(at("chloe")))).toEqual({});
  });

  it("a Deny whose name and SID agree (Chloé's) takes only Chloé's right: 山田 keeps his, exit 0", async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
    t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: sidOf(t, "chloe") });
    t.sendAs(at("buero"), at("chloe"), {
      AccessControlType: "Deny",
      TrusteeSidString: sidOf(t, "chloe"),
    });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("yamada")))).toEqual({ [at("buero")]: ["SendAs"] });
    expect(rightsOf(r.shard(at("chloe")))).toEqual({});
  });
});

describe("finding 2: a built-in account joined with a person by a space, ' & ' or ','", () => {
  it.each<[string, string]>([
    [`NT AUTHORITY\\SELF ${at("chloe")}`, "S-1-5-10"],
    [`NT AUTHORITY\\SELF & ${at("chloe")}`, "S-1-5-10"],
    [`S-1-5-10,${at("chloe")}`, "S-1-5-10"],
    [`S-1-5-10 & ${at("chloe")}`, "S-1-5-10"],
    [`S-1-5-18, ${at("chloe")}`, "S-1-5-18"],
    [`S-1-1-0, ${at("chloe")}`, "S-1-1-0"],
  ])("Send As for %j beside %s: a joined cell naming Chloé, exit 1", async (trustee, sid) => {
    const t = sidTenant();
    t.sendAs(at("buero"), trustee, { TrusteeSidString: sid });
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("recipient-permissions.csv, line 2, column Trustee");
    expect(r.stderr).toContain("looks like trustees joined");
    expect(r.stderr).toContain(`"${at("chloe")}" (${at("chloe")}) names a recipient`);
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.report.lost).toHaveLength(1);
    expect(rightsOf(allowed.shard(at("chloe")))).toEqual({});
  });

  it('Full Access for "S-1-5-10, chloe@…" beside S-1-5-10: the same, in mailbox-permissions.csv', async () => {
    const t = sidTenant();
    t.fullAccess(at("buero"), `S-1-5-10, ${at("chloe")}`, { UserSid: "S-1-5-10" });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("mailbox-permissions.csv, line 2, column User");
    expect(r.stderr).toContain("looks like trustees joined");
  });

  it('the Deny twin ("NT AUTHORITY\\SELF yamada@…" beside S-1-5-10): withheld from 山田, exit 1', async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
    t.sendAs(at("buero"), `NT AUTHORITY\\SELF ${at("yamada")}`, {
      AccessControlType: "Deny",
      TrusteeSidString: "S-1-5-10",
    });
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a Deny that the build cannot place");
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(rightsOf(allowed.shard(at("yamada")))).toEqual({});
  });

  it.each(["NT AUTHORITY\\SELF", "NT-AUTORITÄT\\SELBST", "NT AUTHORITY\\Authenticated Users"])(
    "%j alone beside S-1-5-10 is still SELF: exit 0, no one gains a right",
    async (trustee) => {
      const t = sidTenant();
      t.sendAs(at("buero"), trustee, { TrusteeSidString: "S-1-5-10" });
      const r = await buildExports(writeWithSids(t));
      expect(r.code).toBe(0);
      expect(r.report.dropped.self).toBe(1);
      for (const who of ["chloe", "juergen", "yamada"])
        expect(rightsOf(r.shard(at(who)))).toEqual({});
    }
  );
});

describe("finding 3: a part file with CR-only line ends (Excel for Mac's Macintosh CSV)", () => {
  it.each(["recipient-permissions (2).txt", "recipient-permissions-2"])(
    "%j is known as a part of recipient-permissions.csv: exit 1",
    async (name) => {
      const t = sidTenant();
      const dir = writeWithSids(t);
      const part = [
        "Identity,Trustee,AccessControlType,AccessRights,IsInherited,InheritanceType,TrusteeSidString",
        `${at("buero")},${at("chloe")},Allow,SendAs,False,None,${sidOf(t, "chloe")}`,
      ].join("\r");
      fs.writeFileSync(path.join(dir, name), `${part}\r`);
      const r = await buildExports(dir, "--allow-unresolved");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `${name}: is in the export folder, but the build does not read it`
      );
      expect(r.stderr).toContain("its header has recipient-permissions.csv's columns");
    }
  );
});

describe("finding 4: a list cell cut at Excel's limit of 32,767 characters", () => {
  /** GrantSendOnBehalfTo naming Chloé, Jürgen and 山田 over and over, `length` characters long. */
  function delegates(length: number): string {
    const pieces: string[] = [];
    let joined = -1;
    for (let i = 0; ; i++) {
      const next = at(["chloe", "juergen", "yamada"][i % 3]);
      if (joined + 1 + next.length > length) break;
      pieces.push(next);
      joined += 1 + next.length;
    }
    // Widen separators to "; " until the value is exactly `length` long.
    let short = length - joined;
    return pieces.join(";").replace(/;/g, (sep) => (short-- > 0 ? "; " : sep));
  }

  it("GrantSendOnBehalfTo of exactly 32,767 characters: an error naming the line, exit 1", async () => {
    const t = sidTenant();
    const value = delegates(32767);
    expect(value.length).toBe(32767);
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", value);
    const r = await buildExports(writeWithSids(t), "--allow-unresolved");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("mailboxes.csv, line 5, column GrantSendOnBehalfTo");
    expect(r.stderr).toContain("exactly 32,767 characters long, Excel's limit for one cell");
    expect(r.stderr).toContain("do not open and save it in Excel");
  });

  it("one character shorter is read: each delegate gets Send on Behalf, exit 0", async () => {
    const t = sidTenant();
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", delegates(32766));
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    for (const who of ["chloe", "juergen", "yamada"])
      expect(rightsOf(r.shard(at(who)))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
  });

  it("EmailAddresses of exactly 32,767 characters: the same error", async () => {
    const t = sidTenant();
    const row = t.rows["recipients.csv"].find((x) => x.PrimarySmtpAddress === at("chloe"))!;
    let proxies = `SMTP:${at("chloe")}`;
    for (let i = 0; proxies.length < 32767 - 40; i++) proxies += `;smtp:chloe.${i}@contoso.example`;
    row.EmailAddresses = proxies + ";smtp:" + "x".repeat(32767 - proxies.length - 6);
    expect(row.EmailAddresses.length).toBe(32767);
    const r = await buildExports(writeWithSids(t), "--allow-unresolved");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("recipients.csv, line 3, column EmailAddresses");
    expect(r.stderr).toContain("Excel's limit for one cell");
  });
});

describe("finding 8: the fix for the Export-RecipientPermissions result saved under a script file's name", () => {
  it("says the result is read only in a folder of its own, never 'instead of the other files'", async () => {
    const t = sidTenant();
    const dir = writeWithSids(t);
    const header =
      '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
    const row = `"${at("buero")}";"Büro München";"UserMailbox/SharedMailbox";"Cloud";"";"FullAccess";"Allow";"False";"All";"${at("chloe")}";"${at("chloe")}";"Chloé Martin";"UserMailbox/UserMailbox";"Cloud"`;
    fs.writeFileSync(path.join(dir, "mailbox-permissions.csv"), `\ufeff${header}\r\n${row}\r\n`);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "put the Export-RecipientPermissions result alone in a folder of its own"
    );
    expect(r.stderr).toContain("beside any file of Export-SendFromData.ps1 it is an error");
    expect(r.stderr).not.toContain("instead of the other files");
  });
});

describe("finding 5: a trustee written as one SID of a recipient, the Sid column her other SID", () => {
  it("Chloé's Entra SID as the trustee with her domain SID: one account, granted to her, exit 0", async () => {
    const t = sidTenant();
    const objectId = "e0000000-0000-4000-8000-000000000001";
    const entraSid = "S-1-12-1-3758096384-1073741824-128-16777216";
    expect(entraSidToObjectId(entraSid)).toBe(objectId);
    for (const file of ["recipients.csv", "mailboxes.csv"] as const)
      t.rows[file].find((x) => x.PrimarySmtpAddress === at("chloe"))!.ExternalDirectoryObjectId =
        objectId;
    t.sendAs(at("buero"), entraSid, { TrusteeSidString: sidOf(t, "chloe") });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendAs"] });
  });
});

describe("finding 7: a direction-changing character in the result's Grantor Display Name", () => {
  it("is published without it, and a warning says so as for mailboxes.csv", async () => {
    const header =
      '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
    const row = `"${at("buero")}";"Büro \u202eMünchen";"UserMailbox/SharedMailbox";"Cloud";"";"FullAccess";"Allow";"False";"All";"${at("yamada")}";"${at("yamada")}";"山田 太郎";"UserMailbox/UserMailbox";"Cloud"`;
    const dir = path.join(tempDir(), "exports");
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, "Export-RecipientPermissions_Result.csv"),
      `\ufeff${header}\r\n${row}\r\n`
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(r.report.warnings.join("\n")).toContain(
      `the display name of ${at("buero")} holds the invisible or direction-changing character`
    );
    expect(rightsOf(r.shard(at("yamada")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });
});

describe("finding 9 (cosmetic): a link that leads back to itself", () => {
  it("is called a chain of links that leads back to itself, not a link to a missing file", async () => {
    const dir = writeWithSids(sidTenant());
    fs.symlinkSync("loop", path.join(dir, "loop"));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'loop: is a link to "loop", a chain of links that leads back to itself'
    );
    expect(r.stderr).not.toContain("which does not exist");
  });
});

describe("finding 8: the Export-RecipientPermissions result alone, saved as recipients.csv", () => {
  it("is named as the result, beside the missing files, with the rename as the fix", async () => {
    const header =
      '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
    const row = `"${at("buero")}";"Büro München";"UserMailbox/SharedMailbox";"Cloud";"";"FullAccess";"Allow";"False";"All";"${at("yamada")}";"${at("yamada")}";"山田 太郎";"UserMailbox/UserMailbox";"Cloud"`;
    const dir = path.join(tempDir(), "exports");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "recipients.csv"), `\ufeff${header}\r\n${row}\r\n`);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`mailboxes.csv: missing from ${dir}`);
    expect(r.stderr).toContain(
      "recipients.csv, line 1: this is the Export-RecipientPermissions result (column Grantor Primary SMTP)"
    );
    expect(r.stderr).toContain("rename it Export-RecipientPermissions_Result.csv");
  });
});

describe("finding 9: a part whose header is one required column short", () => {
  it("Send As rows without TrusteeSidString in a .txt: an error naming the column, exit 1", async () => {
    const dir = writeWithSids(sidTenant());
    fs.writeFileSync(
      path.join(dir, "send-as (2).txt"),
      `Identity,Trustee,AccessControlType,AccessRights,IsInherited,InheritanceType\r\n${at("buero")},${at("chloe")},Allow,SendAs,False,None\r\n`
    );
    const r = await buildExports(dir, "--allow-unresolved");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "send-as (2).txt: is in the export folder, but the build does not read it: its header has recipient-permissions.csv's columns except TrusteeSidString"
    );
  });

  it("a .txt of notes is still only warned of: exit 0", async () => {
    const dir = writeWithSids(sidTenant());
    fs.writeFileSync(
      path.join(dir, "notes.txt"),
      "Name,Notes\r\nBüro München,Schlüssel bei Chloé\r\n"
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(r.report.warnings.join("\n")).toContain('not read (not export files): "notes.txt"');
  });
});
