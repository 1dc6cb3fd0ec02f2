// Issue 11, rev11t findings 3, 8, 4 and 10 (admin pipeline, groups):
// 3: an Export-RecipientPermissions row without Trustee Recipient Type (the column deleted, or
//    the cell emptied) and without member rows was read as a person's: a group's right went to
//    the group's own address and its members silently lost it (exit 0).
// 8: a Deny held by a group whose members the exports do not list was dropped silently (exit 0):
//    Export-RecipientPermissions without -ExpandGroups, a [MemberDirect] group without rows of its
//    own; a script-format group with a member row naming no recipient, with a nested group
//    without member list (in groups.csv, or only in recipients.csv).
// 4: an empty MailNonUniversalGroup without GroupType, in a folder the script wrote (its
//    group-members.csv lists every group's members), was "its members hold SendAs" (exit 1).
// 10: two recipients.csv rows with one Sid: the message named neither, the fix said to rename.
// Fictional tenant: Jürgen Weiß, Chloé Martin, 山田太郎, Omar Haddad, the shared mailbox
// "Vertrieb", the security group "Team Süd", "Inner SG", the MailNonUniversalGroup "GG Leer".
import * as fs from "node:fs";
import * as path from "node:path";
import {
  COLUMNS,
  DOMAIN,
  rightsOf,
  sid,
  Tenant,
  tempDir,
  toCsv,
} from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";

const at = (local: string) => `${local}@${DOMAIN}`;
const VERTRIEB = at("vertrieb");
const TEAM = at("team-sued");
const INNER = at("inner-sg");
const FILE = "Export-RecipientPermissions_Result.csv";

// ---------------------------------------------------------------------------------------------
// Export-RecipientPermissions results

const ERP_COLUMNS = [
  "Grantor Primary SMTP",
  "Grantor Display Name",
  "Grantor Recipient Type",
  "Grantor Environment",
  "Folder",
  "Permission",
  "Allow/Deny",
  "Inherited",
  "InheritanceType",
  "Trustee Original Identity",
  "Trustee Primary SMTP",
  "Trustee Display Name",
  "Trustee Recipient Type",
  "Trustee Environment",
];
const USER = "UserMailbox/UserMailbox";
const SHARED = "UserMailbox/SharedMailbox";
const SECURITY = "MailUniversalSecurityGroup/MailUniversalSecurityGroup";
const DISTRIBUTION = "MailUniversalDistributionGroup/MailUniversalDistributionGroup";

interface ErpRow {
  grantor?: [address: string, display: string, type: string];
  permission: string;
  allow?: string;
  identity: string;
  trustee: string;
  display: string;
  type: string;
}

const VERTRIEB_GRANTOR: [string, string, string] = [VERTRIEB, "Vertrieb", SHARED];

/** The result file with `rows`, in a folder of its own; without Trustee Recipient Type when `dropType`. */
function erp(rows: ErpRow[], dropType = false): string {
  const dir = path.join(tempDir(), "erp");
  fs.mkdirSync(dir);
  const cells = (r: ErpRow) => {
    const [g, gd, gt] = r.grantor ?? VERTRIEB_GRANTOR;
    return [
      g,
      gd,
      gt,
      "Cloud",
      "",
      r.permission,
      r.allow ?? "Allow",
      "False",
      r.permission === "FullAccess" ? "All" : "None",
      r.identity,
      r.trustee,
      r.display,
      r.type,
      r.trustee ? "Cloud" : "",
    ];
  };
  const keep = (values: string[]) => values.filter((_, i) => !dropType || i !== 12);
  const line = (values: string[]) =>
    keep(values)
      .map((v) => `"${v.replace(/"/g, '""')}"`)
      .join(";");
  fs.writeFileSync(
    path.join(dir, FILE),
    `\ufeff${[line(ERP_COLUMNS), ...rows.map((r) => line(cells(r)))].join("\r\n")}\r\n`
  );
  return dir;
}

const team = (permission: string, type = SECURITY, allow = "Allow"): ErpRow => ({
  permission,
  allow,
  identity: "Team Süd",
  trustee: TEAM,
  display: "Team Süd",
  type,
});
const person = (permission: string, local: string, display: string, type = USER): ErpRow => ({
  permission,
  identity: display,
  trustee: at(local),
  display,
  type,
});

describe("rev11t finding 3: an untyped Export-RecipientPermissions trustee is never assumed a person", () => {
  it("the cell emptied on a group's row without member rows: refused with the cell, even with --allow-unresolved", async () => {
    const dir = erp([team("FullAccess", ""), person("FullAccess", "omar", "Omar Haddad")]);
    for (const extra of [[], ["--allow-unresolved"]]) {
      const r = await buildExports(dir, ...extra);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(
        `${FILE}, line 2, column Trustee Recipient Type: Trustee Recipient Type is empty, and no other row of the file types "Team Süd" (${TEAM}): whether it is a person or a group`
      );
      expect(r.stderr).toContain("use the file as Export-RecipientPermissions wrote it");
      expect(r.stderr).not.toMatch(/line 3, column Trustee/);
    }
  });

  it("the column deleted: every row whose trustee no other column types is refused (e8c)", async () => {
    const dir = erp(
      [
        team("FullAccess"),
        person("FullAccess", "omar", "Omar Haddad"),
        {
          permission: "SendAs",
          identity: "Verteiler Außendienst",
          trustee: at("verteiler"),
          display: "Verteiler Außendienst",
          type: DISTRIBUTION,
        },
      ],
      true
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    for (const line of [2, 3, 4])
      expect(r.stderr).toContain(
        `${FILE}, line ${line}, column Trustee Original Identity: the file has no Trustee Recipient Type column`
      );
    expect(r.stderr).toContain("with its Trustee Recipient Type column");
  });

  it("the column deleted: a trustee the tool's Grantor Recipient Type shows to be a mailbox is read as that person", async () => {
    const omar: [string, string, string] = [at("omar"), "Omar Haddad", USER];
    const chloe: [string, string, string] = [at("chloe"), "Chloé Martin", USER];
    const dir = erp(
      [
        person("FullAccess", "omar", "Omar Haddad"),
        { ...person("FullAccess", "chloe", "Chloé Martin"), grantor: omar },
        { ...person("SendAs", "omar", "Omar Haddad"), grantor: chloe },
      ],
      true
    );
    const r = await buildExports(dir);
    expect(r.stderr).not.toContain("Trustee Recipient Type");
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("omar")))).toEqual({
      [VERTRIEB]: ["FullAccess"],
      [at("chloe")]: ["SendAs"],
    });
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("omar")]: ["FullAccess"] });
  });

  it("an untyped row of a group the file names as a group grantor is read as that group's (no shard for it)", async () => {
    const dir = erp([
      team("FullAccess", ""),
      {
        ...person("SendAs", "juergen", "Jürgen Weiß"),
        grantor: [TEAM, "Team Süd", SECURITY],
      },
    ]);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${FILE}, line 2, column Trustee Primary SMTP: FullAccess on ${VERTRIEB} is lost: granted to the group ${TEAM}, whose members ${FILE} does not list`
    );
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(allowed.shard(TEAM)).toBeUndefined();
  });

  it("an untyped Deny row is refused too (a group's Deny would take nothing from its members)", async () => {
    const dir = erp([
      team("FullAccess", "", "Deny"),
      person("FullAccess", "chloe", "Chloé Martin"),
    ]);
    const r = await buildExports(dir, "--allow-unresolved");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${FILE}, line 2, column Trustee Recipient Type: Trustee Recipient Type is empty`
    );
    expect(r.stderr).toContain("a security group's members are denied FullAccess");
  });

  it("control: the typed file (e9) is the lost right it was, never refused as untyped", async () => {
    const r = await buildExports(
      erp([team("FullAccess"), person("FullAccess", "omar", "Omar Haddad")])
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`granted to the group ${TEAM}, whose members ${FILE} does not list`);
    expect(r.stderr).not.toContain("Trustee Recipient Type is empty");
  });
});

describe("rev11t finding 8: a Deny by a group whose members the exports do not list is never dropped", () => {
  it.each(["FullAccess", "SendAs"])(
    "Export-RecipientPermissions without -ExpandGroups, %s: fails naming the holder; --allow-unresolved lists it under DENY NOT PLACED",
    async (right) => {
      const dir = erp([team(right, SECURITY, "Deny"), person(right, "chloe", "Chloé Martin")]);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(
        `${FILE}, line 2, column Trustee Primary SMTP: ${right} on ${VERTRIEB} is lost: a Deny that the build cannot place: ${TEAM} is a group whose members ${FILE} does not list`
      );
      expect(r.stderr).toContain(`${at("chloe")} holds the right it denies`);
      expect(r.stderr).toContain("run it with -ExpandGroups $true");
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(allowed.stderr).toContain("DENY NOT PLACED");
      expect(rightsOf(allowed.shard(at("chloe")))).toEqual({ [VERTRIEB]: [right] });
      expect(allowed.report.unplacedDenies).toEqual([
        expect.objectContaining({ line: 2, right, reason: "groupMembersUnknown" }),
      ]);
    }
  );

  it("a [MemberDirect] group without member rows of its own inside the Deny's holder (e14)", async () => {
    const dir = erp([
      team("FullAccess", SECURITY, "Deny"),
      {
        permission: "FullAccess",
        allow: "Deny",
        identity: "Team Süd     [MemberDirect] Inner SG",
        trustee: INNER,
        display: "Inner SG",
        type: SECURITY,
      },
      {
        permission: "FullAccess",
        allow: "Deny",
        identity: `Team Süd     [MemberDirect] ${at("juergen")}`,
        trustee: at("juergen"),
        display: "Jürgen Weiß",
        type: USER,
      },
      person("FullAccess", "chloe", "Chloé Martin"),
    ]);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${FILE}, line 3, column Trustee Primary SMTP: FullAccess on ${VERTRIEB} is lost: a Deny that the build cannot place: the Deny is held by "Team Süd", whose member rows ([MemberDirect]) name the group ${INNER}, whose own members ${FILE} does not list; ${at("chloe")} holds the right it denies`
    );
    expect(r.stderr).toContain("-ExportGroupMembersRecurse $true");
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard(at("chloe")))).toEqual({ [VERTRIEB]: ["FullAccess"] });
  });

  it("control: no one else holds the right, so the Deny changes nothing and the build passes", async () => {
    const r = await buildExports(erp([team("SendAs", SECURITY, "Deny")]));
    expect(r.code).toBe(0);
    expect(r.report.unplacedDenies).toEqual([]);
  });
});

/** Jürgen, Chloé, 山田太郎, "Vertrieb", and "Team Süd" (a security group holding Jürgen). */
function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe");
  t.user("山田太郎", "yamada");
  t.shared("Vertrieb", "vertrieb");
  t.group("Team Süd", "team-sued", "MailUniversalSecurityGroup", {}, [at("juergen")]);
  return t;
}

/** Team Süd holds a Full Access Deny on Vertrieb; `holder` holds Full Access on it. */
function denyRows(t: Tenant, holder = at("chloe")): void {
  t.fullAccess(VERTRIEB, "Team Süd", { Deny: "True" });
  t.fullAccess(VERTRIEB, holder);
}

describe("rev11t finding 8, the script's format: a group Deny with members the exports do not name", () => {
  it.each([
    ["names no recipient", INNER],
    ["is empty (a nested group without mail)", ""],
  ])(
    "a member row that %s: fails naming the holder; --allow-unresolved withholds from Jürgen only",
    async (_what, member) => {
      const t = tenant();
      t.member(TEAM, member);
      t.exportInfo = null;
      denyRows(t);
      const dir = writeExports(t);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `mailbox-permissions.csv, line 2, column User: FullAccess on ${VERTRIEB} is lost: a Deny that the build cannot place: the Deny is held by the group "Team Süd" (${TEAM}), which has (itself or in a group inside it) a member row in group-members.csv that names no one recipient in the exports`
      );
      expect(r.stderr).toContain(`${at("chloe")} holds the right it denies`);
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(allowed.stderr).toContain("DENY NOT PLACED");
      expect(rightsOf(allowed.shard(at("chloe")))).toEqual({ [VERTRIEB]: ["FullAccess"] });
      expect(allowed.report.unplacedDenies).toHaveLength(1);
    }
  );

  it("a nested group in groups.csv without member rows, no export-info.csv (sdeny3)", async () => {
    const t = tenant();
    t.group("Inner SG", "inner-sg", "MailUniversalSecurityGroup");
    t.member(TEAM, INNER);
    t.exportInfo = null;
    denyRows(t);
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `a Deny that the build cannot place: the Deny is held by the group "Team Süd" (${TEAM}), which holds "Inner SG" (${INNER}), a group whose members the exports do not list; ${at("chloe")} holds the right it denies`
    );
    expect(r.stderr).toContain(`export the members of ${INNER}`);
  });

  it("a nested group only in recipients.csv, with export-info.csv (sdeny5)", async () => {
    const t = tenant();
    t.group("Inner SG", "inner-sg", "MailUniversalSecurityGroup");
    t.rows["groups.csv"].pop();
    t.member(TEAM, INNER);
    denyRows(t);
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `which holds "Inner SG" (${INNER}), a group whose members the exports do not list; ${at("chloe")} holds the right it denies`
    );
  });

  it("control: the only holder is a member the Deny reaches anyway: withheld, nothing to report", async () => {
    const t = tenant();
    t.group("Inner SG", "inner-sg", "MailUniversalSecurityGroup");
    t.member(TEAM, INNER);
    t.exportInfo = null;
    denyRows(t, at("juergen"));
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(r.shard(at("juergen"))).toBeUndefined();
    expect(r.report.unplacedDenies).toEqual([]);
  });

  it("control: the Allow twin is still the lost right it was", async () => {
    const t = tenant();
    t.group("Inner SG", "inner-sg", "MailUniversalSecurityGroup");
    t.member(TEAM, INNER);
    t.exportInfo = null;
    t.fullAccess(VERTRIEB, "Team Süd");
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a group without member list");
  });
});

describe("rev11t finding 4: an empty MailNonUniversalGroup without GroupType in the script's folder", () => {
  function leer(): Tenant {
    const t = tenant();
    t.group("GG Leer", "gg-leer", "MailNonUniversalGroup", { GroupType: "" });
    return t;
  }

  it("Send As to it directly: an empty group (exit 0, warned), as a typed one", async () => {
    const t = leer();
    t.sendAs(VERTRIEB, "GG Leer");
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("it gives the right to no one (an empty group)");
    expect(r.stderr).not.toContain("its members hold");
  });

  it("nested in Team Süd beside Chloé: Chloé gets Send As, nothing is lost (g12)", async () => {
    const t = leer();
    t.member(TEAM, at("gg-leer"));
    t.member(TEAM, at("chloe"));
    t.sendAs(VERTRIEB, "Team Süd");
    const r = await buildExports(writeExports(t));
    expect(r.stderr).not.toContain("its members hold");
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [VERTRIEB]: ["SendAs"] });
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [VERTRIEB]: ["SendAs"] });
  });

  it("control: without export-info.csv nothing proves it empty: still lost", async () => {
    const t = leer();
    t.exportInfo = null;
    t.sendAs(VERTRIEB, "GG Leer");
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
  });
});

describe("rev11t finding 10: two recipients.csv rows with one Sid", () => {
  /** Jürgen and Omar with one Sid (an edited column), Chloé with her own; Vertrieb. */
  function writeShared(t: Tenant): string {
    const dir = writeExports(t);
    const rows = t.rows["recipients.csv"].map((r, i) => ({
      ...r,
      Sid: r.Alias === "omar" ? sid(1) : sid(i + 1),
    }));
    fs.writeFileSync(
      path.join(dir, "recipients.csv"),
      toCsv([...COLUMNS["recipients.csv"], "Sid"], rows)
    );
    return dir;
  }
  function shared(): Tenant {
    const t = new Tenant();
    t.user("Jürgen Weiß", "juergen");
    t.user("Omar Haddad", "omar");
    t.user("Chloé Martin", "chloe");
    t.shared("Vertrieb", "vertrieb");
    return t;
  }

  it("a trustee written as that SID: both rows named with their lines, the fix points at the Sid column", async () => {
    const t = shared();
    t.fullAccess(VERTRIEB, sid(1), { UserSid: sid(1) });
    t.set("mailboxes.csv", VERTRIEB, "GrantSendOnBehalfTo", `${sid(1)};${sid(3)}`);
    const r = await buildExports(writeShared(t));
    expect(r.code).toBe(1);
    const named = `"${sid(1)}" is the Sid of 2 recipients: ${at("juergen")} (recipients.csv line 2), ${at("omar")} (recipients.csv line 3)`;
    expect(r.stderr).toContain(
      `mailbox-permissions.csv, line 2, column User: FullAccess on ${VERTRIEB} is lost: ${named}`
    );
    expect(r.stderr).toContain(
      `column GrantSendOnBehalfTo: SendOnBehalf on ${VERTRIEB} is lost: ${named}`
    );
    expect(r.stderr).toContain(
      "the Sid column of recipients.csv is damaged or edited (no two accounts share a SID): export recipients.csv again"
    );
    expect(r.stderr).not.toContain("different names");
    const allowed = await buildExports(writeShared(t), "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard(at("chloe")))).toEqual({ [VERTRIEB]: ["SendOnBehalf"] });
    expect(allowed.shard(at("juergen"))).toBeUndefined();
    expect(allowed.shard(at("omar"))).toBeUndefined();
  });

  it("a Deny for that SID is withheld from whichever of the two holds the right, and named", async () => {
    const t = shared();
    t.fullAccess(VERTRIEB, sid(1), { UserSid: sid(1), Deny: "True" });
    t.fullAccess(VERTRIEB, "Jürgen Weiß", { UserSid: "" });
    t.fullAccess(VERTRIEB, "Chloé Martin", { UserSid: "" });
    const dir = writeShared(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `a Deny for "${sid(1)}" is the Sid of 2 recipients: ${at("juergen")} (recipients.csv line 2), ${at("omar")} (recipients.csv line 3)`
    );
    expect(r.stderr).toContain("the Sid column of recipients.csv is damaged or edited");
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(allowed.shard(at("juergen"))).toBeUndefined();
    expect(rightsOf(allowed.shard(at("chloe")))).toEqual({ [VERTRIEB]: ["FullAccess"] });
  });
});
