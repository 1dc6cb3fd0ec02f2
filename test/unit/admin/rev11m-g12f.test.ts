// Issue 11, thirteenth review (rev11m), findings 1-3: a trustee name that names no recipient
// beside a recipient's SID (a localised Domain Users, a group the exports do not list), a domain
// SID with a fixed RID other than 500/501 (a group), a built-in's name joined with a person in an
// Export-RecipientPermissions Deny, and a built-in's name with more in it (a non-ASCII space,
// brackets, quotes) beside SELF's SID. Each test rebuilds the reviewer's case as a small fictional
// export and asserts the exit code and the rights that come out.
import * as fs from "node:fs";
import * as path from "node:path";
import { rightsOf, tempDir } from "../../fixtures/admin/tenant";
import { buildExports } from "../../fixtures/admin/cli";
import { at, sidOf, sidTenant, writeWithSids } from "../../fixtures/admin/sid-tenant";

type SidTenant = ReturnType<typeof sidTenant>;
/** The tenant's domain SID (sid-tenant.ts: S-1-5-21-7-8-9-<RID>). */
const DOMAIN_SID = "S-1-5-21-7-8-9";

describe("finding 1: a name no recipient has beside a recipient's SID is a conflict, never the SID's", () => {
  it.each<[string, (t: SidTenant) => [string, string]]>([
    ["German Domain Users, Chloé's SID", (t) => ["CONTOSO\\Domänen-Benutzer", sidOf(t, "chloe")]],
    [
      "French Domain Users, Chloé's SID",
      (t) => ["CONTOSO\\Utilisateurs du domaine", sidOf(t, "chloe")],
    ],
    [
      "a group the exports do not list, Chloé's SID",
      (t) => ["CONTOSO\\SG-Alle", sidOf(t, "chloe")],
    ],
    [
      "Organization Management, Chloé's SID",
      (t) => ["CONTOSO\\Organization Management", sidOf(t, "chloe")],
    ],
    ["bare Domain Users, Chloé's SID", (t) => ["Domain Users", sidOf(t, "chloe")]],
    ["Chloé's name, Protected Users' SID (RID 525)", () => [at("chloe"), `${DOMAIN_SID}-525`]],
    ["Chloé's name, Key Admins' SID (RID 526)", () => [at("chloe"), `${DOMAIN_SID}-526`]],
    ["Chloé's name, NETWORK's SID (S-1-5-2)", () => [at("chloe"), "S-1-5-2"]],
    ["Chloé's name, an authentication assertion's SID (S-1-18-1)", () => [at("chloe"), "S-1-18-1"]],
    [
      "Chloé's name, Medium Mandatory Level's SID (S-1-16-8192)",
      () => [at("chloe"), "S-1-16-8192"],
    ],
    ["RID 525 as the trustee, Chloé's SID", (t) => [`${DOMAIN_SID}-525`, sidOf(t, "chloe")]],
  ])("Deny of Send As, %s: 山田's Send As fails the build, exit 1", async (_, row) => {
    const t = sidTenant();
    t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
    const [trustee, sid] = row(t);
    t.sendAs(at("buero"), trustee, { AccessControlType: "Deny", TrusteeSidString: sid });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("recipient-permissions.csv, line 3, column Trustee");
    expect(r.stderr).toContain("a Deny that the build cannot place");
    expect(r.stderr).toContain(`${at("yamada")} holds the right`);
  });

  it("Deny of Full Access for German Domain Users with Chloé's SID: Jürgen's Full Access fails the build", async () => {
    const t = sidTenant();
    t.fullAccess(at("buero"), at("juergen"), { UserSid: sidOf(t, "juergen") });
    t.fullAccess(at("buero"), "CONTOSO\\Domänen-Benutzer", {
      Deny: "True",
      UserSid: sidOf(t, "chloe"),
    });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("mailbox-permissions.csv, line 3, column User");
    expect(r.stderr).toContain(`${at("juergen")} holds the right`);
  });

  it("the Allow twin (a group the exports do not list, Chloé's SID) is a lost right: Chloé gets nothing", async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), "CONTOSO\\SG-Alle", { TrusteeSidString: sidOf(t, "chloe") });
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"CONTOSO\\SG-Alle" names an account or group no export lists');
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard(at("chloe")))).toEqual({});
  });

  it.each(["CONTOSO\\chloe", "NAMPR01A001\\Chloé Martin"])(
    "%p with Chloé's SID is still hers, exit 0",
    async (trustee) => {
      const t = sidTenant();
      t.sendAs(at("buero"), trustee, { TrusteeSidString: sidOf(t, "chloe") });
      const r = await buildExports(writeWithSids(t));
      expect(r.code).toBe(0);
      expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendAs"] });
    }
  );
});

describe("finding 2: an Export-RecipientPermissions Deny for a built-in joined with a person", () => {
  const header =
    '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
  const allow = (right: string, who: string, name: string) =>
    `"${at("buero")}";"Büro München";"UserMailbox/SharedMailbox";"Cloud";"";"${right}";"Allow";"False";"All";"${at(who)}";"${at(who)}";"${name}";"UserMailbox/UserMailbox";"Cloud"`;
  const deny = (right: string, trustee: string) =>
    `"${at("buero")}";"Büro München";"UserMailbox/SharedMailbox";"Cloud";"";"${right}";"Deny";"False";"All";"${trustee}";"";"";"";""`;

  it.each([
    ["SendAs", "NT AUTHORITY\\SELF chloe@contoso.example", "chloe", "Chloé Martin"],
    ["SendAs", "NT AUTHORITY\\SYSTEM chloe@contoso.example", "chloe", "Chloé Martin"],
    ["SendAs", "NT-AUTORITÄT\\SELBST chloe@contoso.example", "chloe", "Chloé Martin"],
    ["FullAccess", "NT AUTHORITY\\SELF juergen@contoso.example", "juergen", "Jürgen Weiß"],
  ])(
    "%s Deny for %s: the holder's right fails the build, exit 1",
    async (right, trustee, who, name) => {
      const dir = path.join(tempDir(), "exports");
      fs.mkdirSync(dir);
      fs.writeFileSync(
        path.join(dir, "Export-RecipientPermissions_Result.csv"),
        `\ufeff${header}\r\n${allow(right, who, name)}\r\n${deny(right, trustee)}\r\n`
      );
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("a Deny that the build cannot place");
      expect(r.stderr).toContain("looks like trustees joined");
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      // The Deny names the holder: withheld from them.
      expect(rightsOf(allowed.shard(at(who)))).toEqual({});
    }
  );
});

describe("finding 3: beside SELF's SID only SELF's exact name is dropped as SELF", () => {
  it.each([
    ["a no-break space", "NT AUTHORITY\\SELF\u00a0chloe@contoso.example"],
    ["an ideographic space", "NT AUTHORITY\\SELF\u3000Chloé Martin"],
    ["a figure space", "NT AUTHORITY\\SELF\u2007chloe@contoso.example"],
    ["a narrow no-break space", "NT AUTHORITY\\SELF\u202fchloe@contoso.example"],
    ["SELF's SID string and a no-break space", "S-1-5-10\u00a0chloe@contoso.example"],
    ["brackets", "NT AUTHORITY\\SELF (chloe@contoso.example)"],
    ["Outlook's form", "NT AUTHORITY\\SELF, Chloé Martin <chloe@contoso.example>"],
    ["quoted pieces", '"NT AUTHORITY\\SELF" "chloe@contoso.example"'],
  ])("Allow of Send As with %s: Chloé's right is lost and said, exit 1", async (_, trustee) => {
    const t = sidTenant();
    t.sendAs(at("buero"), trustee, { TrusteeSidString: "S-1-5-10" });
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("recipient-permissions.csv, line 2, column Trustee");
    expect(r.stderr).toContain("SendAs on " + at("buero") + " is lost");
  });

  it("a Deny with a no-break space and 山田's address: 山田's Send As fails the build", async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
    t.sendAs(at("buero"), "NT AUTHORITY\\SELF\u00a0yamada@contoso.example", {
      AccessControlType: "Deny",
      TrusteeSidString: "S-1-5-10",
    });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${at("yamada")} holds the right`);
  });

  it.each(["NT AUTHORITY\\SELF", "NT-AUTORITÄT\\SELBST", "AUTORIDAD NT\\SELF", "S-1-5-10", ""])(
    "SELF's own name %p with SELF's SID is dropped as SELF, exit 0",
    async (trustee) => {
      const t = sidTenant();
      t.sendAs(at("buero"), trustee, { TrusteeSidString: "S-1-5-10" });
      t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: sidOf(t, "chloe") });
      const r = await buildExports(writeWithSids(t));
      expect(r.code).toBe(0);
      expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendAs"] });
    }
  );
});
