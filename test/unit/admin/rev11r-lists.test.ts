// Issue 11, eighteenth review (rev11r), findings 1 to 3: rights lost or misplaced, exit 0.
// 1. One recipient that has no domain SID by its nature (a mail contact, a dynamic distribution
//    group, a Microsoft 365 group: the script writes an empty Sid for them) switched off the proof
//    that a domain SID no recipient has is none of theirs: the security group without mail
//    "Vertrieb" then gave its Full Access and Send As to the shared mailbox Vertrieb.
// 2. A group whose member rows stop at exactly 1,000 (Get-DistributionGroupMember's default
//    -ResultSize) was read as the whole group: the members after them lost its rights.
// 3. Groups recipients.csv lists but groups.csv does not: their Send on Behalf was never read.
// Fictional tenant: Jürgen Weiß, Chloé Martin, 山田 太郎, the shared mailboxes Büro München and
// Vertrieb, the mail contact Lieferant GmbH.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as iconv from "iconv-lite";
import { COLUMNS, rightsOf, Tenant, toCsv } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";
import { at, sidOf, sidTenant, writeWithSids } from "../../fixtures/admin/sid-tenant";

jest.setTimeout(120_000);

/** The SID of the security group "Vertrieb", which has no mail: no export lists it. */
const GROUP_SID = "S-1-5-21-7-8-9-1700";

type Lost = { file: string; line: number; column: string; value: string; right: string };

/** sidTenant plus the shared mailbox "Vertrieb" (Sid S-1-5-21-7-8-9-2100). */
function sidTenantWithVertrieb(): Tenant {
  const t = sidTenant();
  t.shared("Vertrieb", "vertrieb");
  const rows = t.rows["recipients.csv"];
  rows[rows.length - 1].Sid = "S-1-5-21-7-8-9-2100";
  return t;
}

/** A recipient of `type` with the empty Sid the script writes for it (Get-User/Get-Group skip it). */
function sidless(t: Tenant, type: string): void {
  if (type === "MailContact") {
    t.rows["recipients.csv"].push({
      Identity: "Lieferant GmbH",
      Name: "Lieferant GmbH",
      Alias: "lieferant",
      DisplayName: "Lieferant GmbH",
      PrimarySmtpAddress: "info@lieferant.example",
      ExternalDirectoryObjectId: "00000000-0000-4000-8000-00000000c0c0",
      RecipientTypeDetails: "MailContact",
      UserPrincipalName: "",
      EmailAddresses: "SMTP:info@lieferant.example",
      SamAccountName: "",
      Sid: "",
    });
    return;
  }
  t.group("Alle Mitarbeiter", "alle", type, {}, [at("chloe")]);
  t.rows["recipients.csv"][t.rows["recipients.csv"].length - 1].Sid = "";
}

describe("finding 1: a recipient that has no domain SID does not switch the SID proof off", () => {
  it.each(["MailContact", "DynamicDistributionGroup", "GroupMailbox"])(
    "with a %s (empty Sid): the group without mail's rights are lost, never Vertrieb's",
    async (type) => {
      const t = sidTenantWithVertrieb();
      sidless(t, type);
      t.fullAccess(at("buero"), "Vertrieb", { UserSid: GROUP_SID });
      t.sendAs(at("buero"), "Vertrieb", { TrusteeSidString: GROUP_SID });
      const dir = writeWithSids(t);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(
        `names ${at("vertrieb")}, but the row's SID ${GROUP_SID} is no recipient's in the exports`
      );
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(allowed.shard(at("vertrieb"))).toBeUndefined();
      const lost = (allowed.report.lost as Lost[]).map((l) => [l.file, l.column, l.value]);
      expect(lost).toEqual(
        expect.arrayContaining([
          ["mailbox-permissions.csv", "User", "Vertrieb"],
          ["recipient-permissions.csv", "Trustee", "Vertrieb"],
        ])
      );
    }
  );

  it("a Deny by the group without mail is one the build cannot place, not Vertrieb's (Jürgen keeps nothing unsaid)", async () => {
    const t = sidTenantWithVertrieb();
    sidless(t, "MailContact");
    t.fullAccess(at("buero"), "Jürgen Weiß", { UserSid: "S-1-5-21-7-8-9-2001" });
    t.fullAccess(at("buero"), "Vertrieb", { UserSid: GROUP_SID, Deny: "True" });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a Deny that the build cannot place");
  });

  it("an unknown domain SID is proven orphaned with a mail contact in the tenant, and the contact is never its possible owner", async () => {
    const t = sidTenantWithVertrieb();
    sidless(t, "MailContact");
    t.fullAccess(at("buero"), "S-1-5-21-7-8-9-9999", { UserSid: "S-1-5-21-7-8-9-9999" });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(r.report.dropped.orphanedSid).toBe(1);
    expect(r.stderr).not.toContain("info@lieferant.example");
  });

  it("control: a mailbox with an empty Sid still leaves the SID unproven (it may be theirs)", async () => {
    const t = sidTenantWithVertrieb();
    t.rows["recipients.csv"].find((r) => r.PrimarySmtpAddress === at("yamada"))!.Sid = "";
    t.fullAccess(at("buero"), "S-1-5-21-7-8-9-9999", { UserSid: "S-1-5-21-7-8-9-9999" });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the exports have no Sid for ${at("yamada")}`);
  });
});

/** Jürgen and Chloé; a security group "Team Süd" with Send As on Büro München. */
function teamTenant(fillers: number): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe");
  t.shared("Büro München", "buero");
  const members: string[] = [];
  for (let i = 0; i < fillers; i++) members.push(t.user(`Nutzer ${i}`, `u${i}`));
  t.group("Team Süd", "team-sued", "MailUniversalSecurityGroup", {}, [
    ...members,
    at("juergen"),
    at("chloe"),
  ]);
  t.sendAs(at("buero"), "Team Süd");
  return t;
}

describe("finding 2: a group's member rows cut at 1,000 (Get-DistributionGroupMember's default)", () => {
  it("exactly 1,000 member rows from another tool: exit 1 naming the group and its first row", async () => {
    const t = teamTenant(999);
    t.exportInfo = null;
    // Chloé, the 1,001st member, cut off as the cmdlet does without -ResultSize Unlimited.
    t.rows["group-members.csv"].pop();
    const dir = writeExports(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `group-members.csv, line 2, column GroupPrimarySmtpAddress: group-members.csv has exactly 1,000 member rows for "${at("team-sued")}"`
    );
    expect(r.stderr).toContain("Get-DistributionGroupMember -ResultSize Unlimited");
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain("published as it is (--allow-unresolved)");
    expect(rightsOf(allowed.shard(at("juergen")))[at("buero")]).toEqual(["SendAs"]);
  });

  it("controls: 1,001 member rows build with every member's Send As; the script's export of 1,000 is trusted", async () => {
    const whole = teamTenant(999);
    whole.exportInfo = null;
    const r = await buildExports(writeExports(whole));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))[at("buero")]).toEqual(["SendAs"]);

    const script = teamTenant(998);
    const s = await buildExports(writeExports(script));
    expect(s.code).toBe(0);
    expect(s.stderr).not.toContain("member rows for");
  });
});

describe("finding 3: groups recipients.csv lists but groups.csv does not", () => {
  /** Two groups with Send on Behalf for Jürgen and 山田, groups.csv left with `keep` rows. */
  function groupsTenant(keep: number): Tenant {
    const t = new Tenant();
    t.user("Jürgen Weiß", "juergen");
    t.user("山田 太郎", "yamada");
    t.group("Verteiler Außendienst", "verteiler", "MailUniversalDistributionGroup", {
      GrantSendOnBehalfTo: "Jürgen Weiß",
    });
    t.group("Team Süd", "team-sued", "MailUniversalSecurityGroup", {
      GrantSendOnBehalfTo: "山田 太郎",
    });
    t.rows["groups.csv"] = t.rows["groups.csv"].slice(0, keep);
    return t;
  }

  it("from another tool: exit 1 naming the count and the first group left out", async () => {
    const t = groupsTenant(0);
    t.exportInfo = null;
    const dir = writeExports(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `recipients.csv lists 2 group(s) that groups.csv does not (the first: ${at("verteiler")}, a MailUniversalDistributionGroup, recipients.csv line 4)`
    );
    expect(r.stderr).toContain("Get-UnifiedGroup");
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain("published without them (--allow-unresolved)");
  });

  it("from the script: a warning (a group created while it ran); a complete groups.csv gives the Send on Behalf", async () => {
    const script = groupsTenant(1);
    const s = await buildExports(writeExports(script));
    expect(s.code).toBe(0);
    expect(s.stderr).toContain(
      `recipients.csv lists 1 group(s) that groups.csv does not (the first: ${at("team-sued")}`
    );
    expect(s.stderr).toContain("a group created while Export-SendFromData.ps1 ran?");

    const whole = groupsTenant(2);
    whole.exportInfo = null;
    const r = await buildExports(writeExports(whole));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))[at("verteiler")]).toEqual(["SendOnBehalf"]);
    expect(rightsOf(r.shard(at("yamada")))[at("team-sued")]).toEqual(["SendOnBehalf"]);
  });
});

describe("finding 5: a Send on Behalf list of SIDs joined with ';' or ','", () => {
  it.each([";", ",", "; "])(
    "two live recipients' SIDs joined with %j: both hold Send on Behalf",
    async (sep) => {
      const t = sidTenant();
      t.set(
        "mailboxes.csv",
        at("buero"),
        "GrantSendOnBehalfTo",
        [sidOf(t, "juergen"), sidOf(t, "chloe")].join(sep)
      );
      const r = await buildExports(writeWithSids(t));
      expect(r.code).toBe(0);
      expect(rightsOf(r.shard(at("juergen")))[at("buero")]).toEqual(["SendOnBehalf"]);
      expect(rightsOf(r.shard(at("chloe")))[at("buero")]).toEqual(["SendOnBehalf"]);
      expect(r.stderr).not.toContain("names no recipient");
    }
  );

  it("a live SID beside one no recipient has (every recipient carries a Sid): the live one holds it, the other is an orphaned SID", async () => {
    const t = sidTenant();
    t.set(
      "mailboxes.csv",
      at("buero"),
      "GrantSendOnBehalfTo",
      `${sidOf(t, "yamada")};S-1-5-21-7-8-9-9999`
    );
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("yamada")))[at("buero")]).toEqual(["SendOnBehalf"]);
    expect(r.report.dropped.orphanedSid).toBe(1);
  });
});

describe("rev11s finding 3: a Send on Behalf list of SIDs none of which is live", () => {
  it("two orphaned SIDs joined with ';' (every recipient carries a Sid): each dropped as orphaned, exit 0", async () => {
    const t = sidTenant();
    t.set(
      "mailboxes.csv",
      at("buero"),
      "GrantSendOnBehalfTo",
      "S-1-5-21-7-8-9-9999;S-1-5-21-7-8-9-9998"
    );
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(r.report.dropped.orphanedSid).toBe(2);
    expect(r.stderr).not.toContain("names no recipient");
  });

  it("with a recipient without a Sid, each SID is a lost right of its own, never one value naming no one", async () => {
    const t = sidTenant();
    t.rows["recipients.csv"].find((row) => row.PrimarySmtpAddress === at("yamada"))!.Sid = "";
    t.set(
      "mailboxes.csv",
      at("buero"),
      "GrantSendOnBehalfTo",
      "S-1-5-21-7-8-9-9999;S-1-5-21-7-8-9-9998"
    );
    const allowed = await buildExports(writeWithSids(t), "--allow-unresolved");
    expect(allowed.code).toBe(0);
    const lost = (allowed.report.lost as Lost[]).map((l) => l.value).sort();
    expect(lost).toEqual(["S-1-5-21-7-8-9-9998", "S-1-5-21-7-8-9-9999"]);
  });
});

describe("LOW 5: Get-Mailbox | Get-MailboxPermission stopped at Get-Mailbox's 1,000 mailboxes", () => {
  /** `users` user mailboxes, each with its SELF row as Exchange lists it, and Full Access for Chloé on the last. */
  function selfRows(users: number, covered: number): Tenant {
    const t = new Tenant();
    t.user("Chloé Martin", "chloe");
    const all = [at("chloe")];
    for (let i = 0; i < users; i++) all.push(t.user(`Nutzer ${i}`, `u${i}`));
    for (const address of all.slice(0, covered))
      t.fullAccess(address, "NT AUTHORITY\\SELF", {
        AccessRights: "FullAccess, ReadPermission",
        UserSid: "S-1-5-10",
      });
    if (covered > users) t.fullAccess(all[users], "Chloé Martin");
    t.exportInfo = null;
    return t;
  }

  it("rows for exactly 1,000 of 1,101 mailboxes: exit 1 naming both counts and Get-Mailbox -ResultSize Unlimited", async () => {
    const dir = writeExports(selfRows(1_100, 1_000));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "mailbox-permissions.csv has rows for exactly 1,000 mailboxes while mailboxes.csv lists 1,101"
    );
    expect(r.stderr).toContain("Get-Mailbox -ResultSize Unlimited | Get-MailboxPermission");
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain("published as it is (--allow-unresolved)");
  });

  it("control: rows for every mailbox build, with Chloé's Full Access on the last", async () => {
    const r = await buildExports(writeExports(selfRows(1_100, 1_101)));
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("has rows for exactly");
    expect(rightsOf(r.shard(at("chloe")))[at("u1099")]).toEqual(["FullAccess"]);
  });
});

describe("LOW 8: every invisible character in a value reaches the terminal escaped", () => {
  it.each([
    ["a tag letter U+E0041", "\u{E0041}", "\\u{E0041}"],
    ["the Mongolian vowel separator U+180E", "\u180E", "\\u180E"],
    ["the combining grapheme joiner U+034F", "\u034F", "\\u034F"],
    ["a variation selector U+FE0F", "\uFE0F", "\\uFE0F"],
  ])("%s in a proxy address: refused, and printed escaped", async (_what, hidden, shown) => {
    const t = new Tenant();
    t.user("Jürgen Weiß", "juergen");
    t.user("Chloé Martin", "chloe", { proxies: [`chloe${hidden}@contoso.example`] });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`chloe${shown}@contoso.example`);
    expect(r.stderr).not.toContain(hidden);
  });
});

describe("rev11s finding 1: a trustee in a permission file written in the OEM code page 850", () => {
  it("'Jürgen Weiß' (0x81 for ü) is said to be that name in code page 850, never a hidden character to remove in Exchange", async () => {
    const t = new Tenant();
    t.user("Jürgen Weiß", "juergen");
    t.shared("Vertrieb", "vertrieb");
    t.fullAccess(at("vertrieb"), "Jürgen Weiß", { UserSid: "" });
    const dir = writeExports(t);
    const text = toCsv([...COLUMNS["mailbox-permissions.csv"]], t.rows["mailbox-permissions.csv"], {
      bom: false,
      quote: "needed",
    });
    fs.writeFileSync(path.join(dir, "mailbox-permissions.csv"), iconv.encode(text, "cp850"));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `mailbox-permissions.csv, line 2, column User: FullAccess on ${at("vertrieb")} is lost: "J\\u0081rgen Weiá" is "Jürgen Weiß" (${at("juergen")}) written in code page 850`
    );
    expect(r.stderr).not.toContain("Set-User");
    expect(r.stderr).not.toContain("invisible or bidirectional");
  });
});

describe("rev11s finding 5: every file written unquoted with another separator (PowerShell 7: -Delimiter '|' -UseQuotes AsNeeded)", () => {
  it.each(["|", ":", "~"])("separator %j: the files build with every right", async (delimiter) => {
    const t = new Tenant();
    t.user("Jürgen Weiß", "juergen");
    t.user("Chloé Martin", "chloe");
    t.shared("Büro München", "buero", { GrantSendOnBehalfTo: "Chloé Martin" });
    t.fullAccess(at("buero"), "Jürgen Weiß");
    t.sendAs(at("buero"), "Chloé Martin");
    const dir = t.write(
      path.join(fs.mkdtempSync(path.join(os.tmpdir(), "send-from-rev11s-")), "exports"),
      { quote: "needed", delimiter }
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))[at("buero")]).toEqual(["FullAccess"]);
    expect(rightsOf(r.shard(at("chloe")))[at("buero")]?.sort()).toEqual(["SendAs", "SendOnBehalf"]);
  });
});

describe("rev11t LOW 6: an unquoted file whose value holds the separator (PowerShell 7 -UseQuotes Never)", () => {
  it.each([",", ";"])(
    "separator %j: the cut row is named with its extra fields, the fix goes to the writer, not to Excel",
    async (delimiter) => {
      const t = new Tenant();
      t.user("Jürgen Weiß", "juergen");
      t.user("Chloé Martin", "chloe");
      // A list joined with the file's own separator, written without quotes.
      t.shared("Büro München", "buero", {
        GrantSendOnBehalfTo: `Chloé Martin${delimiter}Jürgen Weiß`,
      });
      t.fullAccess(at("buero"), "Jürgen Weiß");
      const dir = t.write(
        path.join(fs.mkdtempSync(path.join(os.tmpdir(), "send-from-rev11t-")), "exports"),
        { quote: "never", delimiter }
      );
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `more than the header: a value holding the separator ${JSON.stringify(delimiter)} was written without quotes, so it was cut`
      );
      expect(r.stderr).toContain("-UseQuotes AsNeeded or Always");
      expect(r.stderr).not.toContain("was saved by Excel");
    }
  );
});

describe("rev11s finding 1: names in a file written in code page 850 or Mac Roman are never published garbled", () => {
  /** The tenant with one shared mailbox `name`, `files` written in `page` (the rest UTF-8). */
  async function build(name: string, page: string, files: ("mailboxes.csv" | "recipients.csv")[]) {
    const t = new Tenant();
    t.user("Jürgen Weiß", "juergen");
    t.shared(name, "buero");
    t.fullAccess(at("buero"), "Jürgen Weiß");
    const dir = writeExports(t);
    for (const file of files) {
      const text = toCsv([...COLUMNS[file]], t.rows[file], { bom: false });
      fs.writeFileSync(path.join(dir, file), iconv.encode(text, page));
    }
    return buildExports(dir);
  }

  it.each([
    ["Büro Nord", "cp850", "code page 850"],
    ["Büro Süd Weiß", "cp850", "code page 850"],
    ["Empfang Hélène", "macintosh", "Mac Roman"],
    ["Sekretariat François", "macintosh", "Mac Roman"],
  ])(
    "%j in mailboxes.csv (%s), recipients.csv UTF-8: refused naming %s",
    async (name, page, named) => {
      const r = await build(name, page, ["mailboxes.csv"]);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(
        `recipients.csv spells ${at("buero")} "${name}": the file is probably ${named}`
      );
    }
  );

  it("both files in code page 850: refused, the page judged from the file is code page 850", async () => {
    const r = await build("Büro Nord", "cp850", ["mailboxes.csv", "recipients.csv"]);
    expect(r.code).toBe(1);
    // The user's address (juergen@) spells "Jürgen" as code page 850 reads it (rev11v).
    expect(r.stderr).toMatch(/in code page 850 \([^)]*\) it reads "Jürgen Weiß"/);
    expect(r.stderr).toContain("most likely code page 850");
    expect(r.stderr).not.toContain("B?ro");
  });
});
