// Issue 11, seventeenth review (rev11q), findings 3 and 4: a trustee its source showed to be no
// recipient was granted by name to a recipient that shares the name, exit 0, and the real
// holders (a security group without mail and its members) lost the right without a word.
// Finding 3 (script format): the row's SID is no recipient's while every recipient carries a Sid.
// Fictional tenant: Jürgen Weiß, Chloé Martin, 山田 太郎, the shared mailboxes Büro München and
// Vertrieb; the security group without mail "Vertrieb" has the SID S-1-5-21-7-8-9-1700.
import * as fs from "node:fs";
import * as path from "node:path";
import { COLUMNS, rightsOf, Tenant, toCsv } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";
import { at, sidOf, sidTenant, writeWithSids } from "../../fixtures/admin/sid-tenant";

/** The SID of the security group "Vertrieb", which has no mail: no export lists it. */
const GROUP_SID = "S-1-5-21-7-8-9-1700";

type Lost = { file: string; line: number; column: string; value: string; right: string };

/** sidTenant plus the shared mailbox "Vertrieb" (Sid S-1-5-21-7-8-9-2100). */
function tenant(): Tenant {
  const t = sidTenant();
  t.shared("Vertrieb", "vertrieb");
  const rows = t.rows["recipients.csv"];
  rows[rows.length - 1].Sid = "S-1-5-21-7-8-9-2100";
  return t;
}

/** Full Access and Send As on Büro München for `name` with `sid` (UserSid, TrusteeSidString). */
function grantBoth(t: Tenant, name: string, sid: string, deny = false): void {
  t.fullAccess(at("buero"), name, { UserSid: sid, Deny: deny ? "True" : "False" });
  t.sendAs(at("buero"), name, {
    TrusteeSidString: sid,
    AccessControlType: deny ? "Deny" : "Allow",
  });
}

describe("finding 3: a name beside a SID no recipient has (every recipient has a Sid)", () => {
  it.each([
    ["Vertrieb", "vertrieb"],
    ["NAMPR01A001\\Vertrieb", "vertrieb"],
    ["Chloé Martin", "chloe"],
    ["山田 太郎", "yamada"],
    ["juergen", "juergen"],
  ])("%s: lost right naming %s and the SID, never granted by the name", async (name, local) => {
    const t = tenant();
    grantBoth(t, name, GROUP_SID);
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain(
      `names ${at(local)}, but the row's SID ${GROUP_SID} is no recipient's in the exports`
    );
    expect(r.stderr).toContain(`so the principal is not ${at(local)}`);
    expect(r.stderr).toContain("likely a group or user without mail");
    expect(r.stderr).toContain(`Get-Group -Identity ${GROUP_SID}`);
    expect(r.stderr).toContain(`Get-User -Identity ${GROUP_SID}`);
    expect(r.stderr).toContain("mail-enable it");
    expect(r.stderr).toContain("mailbox-permissions.csv, line 2, column User");
    expect(r.stderr).toContain("recipient-permissions.csv, line 2, column Trustee");
    expect(r.stderr).not.toMatch(/remove the (stale|orphaned) permission/);

    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard(at(local)))[at("buero")]).toBeUndefined();
    const lost = (allowed.report.lost as Lost[]).map((l) => [l.file, l.line, l.column, l.value]);
    expect(lost).toEqual(
      expect.arrayContaining([
        ["mailbox-permissions.csv", 2, "User", name],
        ["recipient-permissions.csv", 2, "Trustee", name],
      ])
    );
    expect(lost).toHaveLength(2);
    expect(allowed.report.dropped.orphanedSid).toBe(0);
  });

  it("a SID of a skipped recipients.csv row (the group without mail) beside Vertrieb's name: lost, naming that row", async () => {
    const t = tenant();
    t.rows["recipients.csv"].push({
      Identity: "SG-Vertrieb",
      Name: "SG-Vertrieb",
      Alias: "",
      DisplayName: "Vertrieb (Gruppe)",
      PrimarySmtpAddress: "",
      ExternalDirectoryObjectId: "77777777-7777-4777-8777-777777777777",
      RecipientTypeDetails: "SecurityGroup",
      UserPrincipalName: "",
      EmailAddresses: "",
      SamAccountName: "SG-Vertrieb",
      Sid: GROUP_SID,
    });
    grantBoth(t, "Vertrieb", GROUP_SID);
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `names ${at("vertrieb")}, but the row's SID ${GROUP_SID} is the SID of the recipient at recipients.csv line 7`
    );
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(allowed.shard(at("vertrieb"))).toBeUndefined();
  });

  it("a Deny for the group named like Vertrieb cannot be placed: Jürgen, who holds both, is named", async () => {
    const t = tenant();
    grantBoth(t, at("juergen"), sidOf(t, "juergen"));
    grantBoth(t, "Vertrieb", GROUP_SID, true);
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("a Deny that the build cannot place");
    expect(r.stderr).toContain(`the row's SID ${GROUP_SID} is no recipient's in the exports`);
    expect(r.stderr).toContain(`${at("juergen")} holds the right`);
    expect(r.stderr).toContain(`Get-Group -Identity ${GROUP_SID}`);

    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard(at("juergen")))[at("buero")]).toEqual(["SendAs", "FullAccess"]);
    expect(allowed.shard(at("vertrieb"))).toBeUndefined();
    expect(allowed.report.unplacedDenies).toHaveLength(2);
    expect(allowed.report.lost).toEqual([]);
  });

  it("a Deny for a group named like Chloé is not Chloé's: she is named as a holder, not denied by name", async () => {
    const t = tenant();
    t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: sidOf(t, "chloe") });
    t.sendAs(at("buero"), "Chloé Martin", {
      TrusteeSidString: GROUP_SID,
      AccessControlType: "Deny",
    });
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a Deny that the build cannot place");
    expect(r.stderr).toContain(`${at("chloe")} holds the right`);
    expect(r.stderr).toContain(`the Deny is not ${at("chloe")}'s`);

    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard(at("chloe")))[at("buero")]).toEqual(["SendAs"]);
    expect(allowed.report.unplacedDenies).toHaveLength(1);
  });

  it("a Deny for the group when no one holds the right changes nothing", async () => {
    const t = tenant();
    t.fullAccess(at("vertrieb"), at("yamada"), { UserSid: sidOf(t, "yamada") });
    grantBoth(t, "Vertrieb", GROUP_SID, true);
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("yamada")))).toEqual({ [at("vertrieb")]: ["FullAccess"] });
  });

  it("control: a name with its own recipient's SID is granted", async () => {
    const t = tenant();
    grantBoth(t, "Chloé Martin", sidOf(t, "chloe"));
    grantBoth(t, "山田 太郎", sidOf(t, "yamada"));
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))[at("buero")]).toEqual(["SendAs", "FullAccess"]);
    expect(rightsOf(r.shard(at("yamada")))[at("buero")]).toEqual(["SendAs", "FullAccess"]);
  });

  it("control: rows without a SID (no UserSid column, an empty TrusteeSidString) are read by the name", async () => {
    const t = tenant();
    grantBoth(t, "Jürgen Weiß", "");
    const dir = writeWithSids(t);
    // UserSid is optional in mailbox-permissions.csv (TrusteeSidString is required, so it is empty).
    const columns = COLUMNS["mailbox-permissions.csv"].filter((c) => c !== "UserSid");
    fs.writeFileSync(
      path.join(dir, "mailbox-permissions.csv"),
      toCsv(columns, t.rows["mailbox-permissions.csv"], { columns })
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))[at("buero")]).toEqual(["SendAs", "FullAccess"]);
  });

  it("control: a recipient without Sid proves nothing, so the name is read as before", async () => {
    const t = tenant();
    grantBoth(t, "Chloé Martin", GROUP_SID);
    t.rows["recipients.csv"].find((row) => row.PrimarySmtpAddress === at("yamada"))!.Sid = "";
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))[at("buero")]).toEqual(["SendAs", "FullAccess"]);
  });

  it("control: without a Sid column in recipients.csv the name is read as before", async () => {
    const t = tenant();
    grantBoth(t, "Chloé Martin", GROUP_SID);
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))[at("buero")]).toEqual(["SendAs", "FullAccess"]);
  });
});
