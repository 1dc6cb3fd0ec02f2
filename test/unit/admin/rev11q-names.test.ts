// Issue 11, seventeenth review (rev11q), findings 3 and 4: a trustee its source showed to be no
// recipient was granted by name to a recipient that shares the name, exit 0, and the real
// holders (a security group without mail and its members) lost the right without a word.
// Finding 3 (script format): the row's SID is no recipient's while every recipient carries a Sid.
// Finding 4 (Export-RecipientPermissions): the tool wrote no Trustee Primary SMTP for the trustee.
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

const FILE = "Export-RecipientPermissions_Result.csv";
const HEADER =
  '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
const row = (...v: string[]) => v.map((x) => `"${x}"`).join(";");
const SUPPORT = ["support@contoso.example", "Support", "UserMailbox/SharedMailbox", "Cloud", ""];
const VERTRIEB = ["vertrieb@contoso.example", "Vertrieb", "UserMailbox/SharedMailbox", "Cloud", ""];
const USERS: [string, string, string][] = [
  ["jweiss", "Jürgen Weiß", "juergen.weiss@contoso.example"],
  ["cmartin", "Chloé Martin", "chloe.martin@contoso.example"],
  ["tyamada", "山田 太郎", "taro.yamada@contoso.example"],
];
/** Each user's own Full Access on Vertrieb, resolved by the tool: every user is a known recipient. */
const BASE = USERS.map(([identity, name, smtp]) =>
  row(
    ...VERTRIEB,
    "FullAccess",
    "Allow",
    "False",
    "All",
    identity,
    smtp,
    name,
    "UserMailbox/UserMailbox",
    "Cloud"
  )
);
/** A right on Support for `identity`, with `smtp` as Trustee Primary SMTP ("" when unresolved). */
const onSupport = (right: string, allow: string, identity: string, smtp = "") =>
  row(
    ...SUPPORT,
    right,
    allow,
    "False",
    right === "FullAccess" ? "All" : "None",
    identity,
    smtp,
    smtp ? identity : "",
    smtp ? "UserMailbox/UserMailbox" : "",
    smtp ? "Cloud" : ""
  );

function erp(rows: string[]): string {
  const dir = path.join(path.dirname(writeExports(tenant())), "erp");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, FILE), `\ufeff${[HEADER, ...rows].join("\r\n")}\r\n`);
  return dir;
}

describe("finding 4: an Export-RecipientPermissions Allow without Trustee Primary SMTP", () => {
  it.each([
    ["Vertrieb", "vertrieb@contoso.example", "FullAccess"],
    ["Chloé Martin", "chloe.martin@contoso.example", "SendAs"],
    ["cmartin", "chloe.martin@contoso.example", "SendAs"],
    ["山田 太郎", "taro.yamada@contoso.example", "FullAccess"],
  ])("%s: a lost right (the tool found no recipient), never %s's", async (name, named, right) => {
    const dir = erp([onSupport(right, "Allow", name), ...BASE]);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain(`${FILE}, line 2, column Trustee Original Identity`);
    expect(r.stderr).toContain(
      `Export-RecipientPermissions found no recipient for "${name}" (Trustee Primary SMTP is empty`
    );
    expect(r.stderr).toContain(`${named} has that name, but a name does not prove the account`);
    expect(r.stderr).toContain(`Get-Group "${name}"`);
    expect(r.stderr).toContain("-ExpandGroups $true");
    expect(r.stderr).not.toMatch(/remove the stale permission in Exchange/);

    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard(named))["support@contoso.example"]).toBeUndefined();
    const lost = (allowed.report.lost as Lost[]).map((l) => [l.line, l.value, l.right]);
    expect(lost).toEqual([[2, name, right]]);
  });

  it("a Deny without Trustee Primary SMTP for Chloé's name stays one the build cannot place", async () => {
    const dir = erp([
      onSupport("SendAs", "Allow", "cmartin", "chloe.martin@contoso.example"),
      onSupport("SendAs", "Deny", "Chloé Martin"),
      ...BASE,
    ]);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a Deny that the build cannot place");
    expect(r.stderr).toContain(
      'Export-RecipientPermissions wrote no Trustee Primary SMTP for "Chloé Martin"'
    );
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(
      rightsOf(allowed.shard("chloe.martin@contoso.example"))["support@contoso.example"]
    ).toEqual(["SendAs"]);
    expect(allowed.report.unplacedDenies).toHaveLength(1);
  });

  it("control: a name no one in the file has is still 'names no recipient'", async () => {
    const r = await buildExports(erp([onSupport("SendAs", "Allow", "SG-Vertrieb"), ...BASE]));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"SG-Vertrieb" names no recipient in the exports');
  });

  it("control: the same name with Trustee Primary SMTP is granted", async () => {
    const r = await buildExports(
      erp([onSupport("SendAs", "Allow", "Chloé Martin", "chloe.martin@contoso.example"), ...BASE])
    );
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard("chloe.martin@contoso.example"))["support@contoso.example"]).toEqual([
      "SendAs",
    ]);
  });

  it("control: a group without mail whose member rows follow gives the right to its members", async () => {
    const dir = erp([
      onSupport("SendAs", "Allow", "Vertrieb"),
      row(
        ...SUPPORT,
        "SendAs",
        "Allow",
        "False",
        "None",
        "Vertrieb     [MemberRecurse] Jürgen Weiß",
        "juergen.weiss@contoso.example",
        "Jürgen Weiß",
        "UserMailbox/UserMailbox",
        "Cloud"
      ),
      ...BASE,
    ]);
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard("juergen.weiss@contoso.example"))["support@contoso.example"]).toEqual([
      "SendAs",
    ]);
    expect(
      rightsOf(r.shard("vertrieb@contoso.example"))["support@contoso.example"]
    ).toBeUndefined();
  });

  it("control: NT AUTHORITY\\SELF without Trustee Primary SMTP is still dropped as SELF", async () => {
    const r = await buildExports(
      erp([onSupport("FullAccess", "Allow", "NT AUTHORITY\\SELF"), ...BASE])
    );
    expect(r.code).toBe(0);
  });
});
