// Issue 11, seventeenth review (rev11q). Finding 2: Full Access and Send As held by a
// distribution group (MailUniversalDistributionGroup, MailNonUniversalGroup,
// DynamicDistributionGroup, RoomList) were published to its members, exit 0, although Exchange
// lets only a mailbox, a mail user or a mail-enabled security group hold them (a distribution
// group is in no security token); a Deny held by one took a member's own right away. Send on
// Behalf through a distribution group is Exchange's to give, and stays granted. Fictional tenant:
// Jürgen Weiß, Chloé Martin, 山田 太郎, the shared mailbox "Vertrieb Büro".
// A MailNonUniversalGroup is a distribution group only when its GroupType says so ("Global"):
// without one it is of unknown category (rev11r finding 4, rev11r-nonuniversal.test.ts).
import * as fs from "node:fs";
import * as path from "node:path";
import { DOMAIN, rightsOf, Tenant } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";
import { build } from "../../fixtures/admin/tenant";

const at = (local: string) => `${local}@${DOMAIN}`;
const VERTRIEB = at("vertrieb");
const DL = at("verteiler");
const SG = at("team-sued");

const DISTRIBUTION_TYPES = [
  "MailUniversalDistributionGroup",
  "MailNonUniversalGroup",
  "DynamicDistributionGroup",
  "RoomList",
];

/** Jürgen, Chloé, 山田 and "Vertrieb Büro"; `dlType` adds "Verteiler Außendienst" with Chloé and 山田. */
function tenant(dlType = "MailUniversalDistributionGroup"): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe");
  t.user("山田 太郎", "yamada");
  t.shared("Vertrieb Büro", "vertrieb");
  t.group("Verteiler Außendienst", "verteiler", dlType, groupTypeFor(dlType), [
    at("chloe"),
    at("yamada"),
  ]);
  return t;
}

/** A MailNonUniversalGroup's GroupType as a global distribution group's ("Global"). */
function groupTypeFor(type: string): Record<string, string> {
  return type === "MailNonUniversalGroup" ? { GroupType: "Global" } : {};
}

/** The type a message names: a MailNonUniversalGroup with the GroupType that makes it one. */
function shownType(type: string): string {
  return type === "MailNonUniversalGroup" ? `${type} with GroupType "Global"` : type;
}

/** The sum of a summary's drops: every row considered is granted or dropped with a reason. */
function balanced(b: Awaited<ReturnType<typeof build>>): boolean {
  const s = b.result.summary;
  const dropped = Object.values(s.dropped).reduce((a, n) => a + n, 0);
  return s.accounting.considered === s.accounting.granted + dropped;
}

describe("finding 2 (1): Full Access and Send As held by a distribution group reach no member", () => {
  it.each(DISTRIBUTION_TYPES)(
    "%s: the build fails naming the group, file and line; no member gets the right",
    async (type) => {
      const t = tenant(type);
      t.fullAccess(VERTRIEB, DL, { UserSid: "" });
      t.sendAs(VERTRIEB, "Verteiler Außendienst", { TrusteeSidString: "" });
      const dir = writeExports(t);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(
        `mailbox-permissions.csv, line 2, column User: FullAccess on ${VERTRIEB} is lost: "${DL}" names "Verteiler Außendienst" (${DL}), a ${shownType(type)}: a distribution group cannot hold FullAccess`
      );
      expect(r.stderr).toContain(
        `recipient-permissions.csv, line 2, column Trustee: SendAs on ${VERTRIEB} is lost`
      );
      expect(r.stderr).toContain(
        "a distribution group cannot hold Full Access/Send As, so none of its members has it in Exchange: grant FullAccess on"
      );
      expect(r.stderr).toContain(
        `remove the entry (mailbox-permissions.csv line 2): Remove-MailboxPermission -Identity ${VERTRIEB} -User ${DL} -AccessRights FullAccess`
      );
      expect(r.stderr).toContain(
        `Remove-RecipientPermission -Identity ${VERTRIEB} -Trustee ${DL} -AccessRights SendAs`
      );

      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(rightsOf(allowed.shard(at("chloe")))).toEqual({});
      expect(rightsOf(allowed.shard(at("yamada")))).toEqual({});
      expect(allowed.report.dropped.distributionGroup).toBe(2);
      expect(allowed.report.lost).toEqual([
        expect.objectContaining({
          file: "recipient-permissions.csv",
          line: 2,
          column: "Trustee",
          value: "Verteiler Außendienst",
          mailbox: VERTRIEB,
          right: "SendAs",
          reason: "distributionGroup",
        }),
        expect.objectContaining({
          file: "mailbox-permissions.csv",
          line: 2,
          column: "User",
          value: DL,
          mailbox: VERTRIEB,
          right: "FullAccess",
          reason: "distributionGroup",
        }),
      ]);
      const b = await build(dir, { allowUnresolved: true });
      expect(balanced(b)).toBe(true);
    }
  );

  it("the type from recipients.csv alone (the group not in groups.csv) is enough", async () => {
    const t = tenant();
    t.rows["groups.csv"] = [];
    t.rows["group-members.csv"] = [];
    t.sendAs(VERTRIEB, DL, { TrusteeSidString: "" });
    const r = await buildExports(writeExports(t), "--allow-unresolved");
    expect(r.code).toBe(0);
    expect(r.report.lost).toEqual([
      expect.objectContaining({ value: DL, right: "SendAs", reason: "distributionGroup" }),
    ]);
  });

  it("control: a mail-enabled security group's Full Access and Send As reach its members", async () => {
    const t = tenant();
    t.group("Team Süd", "team-sued", "MailUniversalSecurityGroup", {}, [at("chloe"), at("yamada")]);
    t.fullAccess(VERTRIEB, SG, { UserSid: "" });
    t.sendAs(VERTRIEB, SG, { TrusteeSidString: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(r.report.lost).toEqual([]);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [VERTRIEB]: ["SendAs", "FullAccess"] });
    expect(rightsOf(r.shard(at("yamada")))).toEqual({ [VERTRIEB]: ["SendAs", "FullAccess"] });
  });
});

describe("finding 2 (2): a Deny held by a distribution group denies no one", () => {
  it("Chloé keeps her own Full Access and Send As; the Deny is counted under its own reason", async () => {
    const t = tenant();
    t.fullAccess(VERTRIEB, at("chloe"), { UserSid: "" });
    t.sendAs(VERTRIEB, at("chloe"), { TrusteeSidString: "" });
    t.fullAccess(VERTRIEB, DL, { Deny: "True", UserSid: "" });
    t.sendAs(VERTRIEB, DL, { AccessControlType: "Deny", TrusteeSidString: "" });
    const dir = writeExports(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [VERTRIEB]: ["SendAs", "FullAccess"] });
    expect(r.report.revokedByDeny).toBe(0);
    expect(r.report.dropped.deny).toBe(0);
    expect(r.report.dropped.distributionGroupDeny).toBe(2);
    expect(r.stderr).not.toContain("rights taken away by Deny entries");
    expect(r.stderr).toContain(
      `mailbox-permissions.csv, line 3, column User: a Deny of FullAccess on ${VERTRIEB} for "Verteiler Außendienst" (${DL}), a MailUniversalDistributionGroup: a distribution group is in no security token, so Exchange never applies it`
    );
    expect(balanced(await build(dir))).toBe(true);
  });

  it("control: a security group's Deny still takes the right from its members", async () => {
    const t = tenant();
    t.group("Team Süd", "team-sued", "MailUniversalSecurityGroup", {}, [at("chloe")]);
    t.fullAccess(VERTRIEB, at("chloe"), { UserSid: "" });
    t.fullAccess(VERTRIEB, SG, { Deny: "True", UserSid: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({});
    expect(r.report.revokedByDeny).toBe(1);
  });
});

describe("finding 2 (3): Send on Behalf through a distribution group stays granted", () => {
  it.each(DISTRIBUTION_TYPES)(
    "%s in GrantSendOnBehalfTo: Chloé and 山田 get SendOnBehalf",
    async (type) => {
      const t = tenant(type);
      t.set("mailboxes.csv", VERTRIEB, "GrantSendOnBehalfTo", "Verteiler Außendienst");
      const r = await buildExports(writeExports(t));
      expect(r.code).toBe(0);
      expect(r.report.lost).toEqual([]);
      expect(rightsOf(r.shard(at("chloe")))).toEqual({ [VERTRIEB]: ["SendOnBehalf"] });
      expect(rightsOf(r.shard(at("yamada")))).toEqual({ [VERTRIEB]: ["SendOnBehalf"] });
      expect(r.shard(at("juergen"))).toBeUndefined();
    }
  );
});

describe("finding 2 (5): a distribution group nested in a security group", () => {
  /** Team Süd (security) holds 山田 directly, the distribution group (Chloé) and "Team Nord" (security, Jürgen). */
  function nested(): Tenant {
    const t = new Tenant();
    t.user("Jürgen Weiß", "juergen");
    t.user("Chloé Martin", "chloe");
    t.user("山田 太郎", "yamada");
    t.shared("Vertrieb Büro", "vertrieb");
    t.group("Verteiler Außendienst", "verteiler", "MailUniversalDistributionGroup", {}, [
      at("chloe"),
    ]);
    t.group("Team Nord", "team-nord", "MailUniversalSecurityGroup", {}, [at("juergen")]);
    t.group("Team Süd", "team-sued", "MailUniversalSecurityGroup", {}, [
      at("yamada"),
      DL,
      at("team-nord"),
    ]);
    return t;
  }

  it("Full Access and Send As reach the direct and security-nested members, not the distribution group's", async () => {
    const t = nested();
    t.fullAccess(VERTRIEB, SG, { UserSid: "" });
    t.sendAs(VERTRIEB, SG, { TrusteeSidString: "" });
    const dir = writeExports(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("yamada")))).toEqual({ [VERTRIEB]: ["SendAs", "FullAccess"] });
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [VERTRIEB]: ["SendAs", "FullAccess"] });
    expect(r.shard(at("chloe"))).toBeUndefined();
    expect(r.stderr).toContain(
      `recipient-permissions.csv, line 2, column Trustee: SendAs on ${VERTRIEB} is granted to the group ${SG}, which holds the distribution group(s) "Verteiler Außendienst" (${DL}): a distribution group is in no security token, so its members get no Full Access or Send As through it`
    );
    expect(balanced(await build(dir))).toBe(true);
  });

  it("a security group whose only member is the distribution group: its rights reach no one, said once", async () => {
    const t = new Tenant();
    t.user("Chloé Martin", "chloe");
    t.shared("Vertrieb Büro", "vertrieb");
    t.group("Verteiler Außendienst", "verteiler", "DynamicDistributionGroup", {}, [at("chloe")]);
    t.group("Team Süd", "team-sued", "MailUniversalSecurityGroup", {}, [DL]);
    t.fullAccess(VERTRIEB, SG, { UserSid: "" });
    t.sendAs(VERTRIEB, SG, { TrusteeSidString: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(r.shard(at("chloe"))).toBeUndefined();
    expect(r.stderr.match(/which holds the distribution group/g)).toHaveLength(1);
    expect(r.stderr).toContain(
      `no other member of ${SG} is a user, so these rights of the group reach no one`
    );
  });

  it("a security group nested inside the distribution group gets nothing through it either", async () => {
    const t = new Tenant();
    t.user("Jürgen Weiß", "juergen");
    t.user("山田 太郎", "yamada");
    t.shared("Vertrieb Büro", "vertrieb");
    t.group("Team Nord", "team-nord", "MailUniversalSecurityGroup", {}, [at("juergen")]);
    t.group(
      "Verteiler Außendienst",
      "verteiler",
      "MailNonUniversalGroup",
      { GroupType: "Global" },
      [at("team-nord")]
    );
    t.group("Team Süd", "team-sued", "MailUniversalSecurityGroup", {}, [at("yamada"), DL]);
    t.sendAs(VERTRIEB, SG, { TrusteeSidString: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("yamada")))).toEqual({ [VERTRIEB]: ["SendAs"] });
    expect(r.shard(at("juergen"))).toBeUndefined();
  });

  it("a nested distribution group whose members are unknown loses no Full Access or Send As", async () => {
    // Its member row names no one; the other is not in groups.csv (no member list): neither
    // would get Full Access or Send As through Team Süd, so nothing is lost.
    const t = nested();
    t.member(DL, "Ehemalige Mitarbeiterin");
    t.group("Verteiler Nord", "verteiler-nord", "MailUniversalDistributionGroup");
    t.rows["groups.csv"] = t.rows["groups.csv"].filter((g) => g.Alias !== "verteiler-nord");
    t.member(SG, at("verteiler-nord"));
    t.fullAccess(VERTRIEB, SG, { UserSid: "" });
    const dir = writeExports(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(r.report.lost).toEqual([]);
    expect(rightsOf(r.shard(at("yamada")))).toEqual({ [VERTRIEB]: ["FullAccess"] });
    expect(r.shard(at("chloe"))).toBeUndefined();
    expect(balanced(await build(dir))).toBe(true);
  });

  it("control: the same for Send on Behalf is a lost right (its members would hold it)", async () => {
    const t = nested();
    t.member(DL, "Ehemalige Mitarbeiterin");
    t.set("mailboxes.csv", VERTRIEB, "GrantSendOnBehalfTo", "Team Süd");
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('member "Ehemalige Mitarbeiterin" of');
  });

  it("Send on Behalf held by the security group still reaches the distribution group's members", async () => {
    const t = nested();
    t.set("mailboxes.csv", VERTRIEB, "GrantSendOnBehalfTo", "Team Süd");
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    for (const user of ["chloe", "yamada", "juergen"])
      expect(rightsOf(r.shard(at(user)))).toEqual({ [VERTRIEB]: ["SendOnBehalf"] });
  });

  it("the security group's Deny does not reach the distribution group's members", async () => {
    const t = nested();
    t.fullAccess(VERTRIEB, at("chloe"), { UserSid: "" });
    t.fullAccess(VERTRIEB, at("yamada"), { UserSid: "" });
    t.fullAccess(VERTRIEB, SG, { Deny: "True", UserSid: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [VERTRIEB]: ["FullAccess"] });
    expect(r.shard(at("yamada"))).toBeUndefined();
    expect(r.report.revokedByDeny).toBe(1);
  });
});

/** Export-RecipientPermissions' result header (its documented columns, ";"-separated). */
const ERP_HEADER =
  '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';

const erpRow = (
  permission: string,
  allow: string,
  identity: string,
  trustee: string,
  display: string,
  type: string
) =>
  [
    VERTRIEB,
    "Vertrieb Büro",
    "UserMailbox/SharedMailbox",
    "Cloud",
    "",
    permission,
    allow,
    "False",
    "All",
    identity,
    trustee,
    display,
    type,
    "Cloud",
  ]
    .map((v) => `"${v}"`)
    .join(";");

const DG_TYPE = "MailUniversalDistributionGroup/MailUniversalDistributionGroup";
const USER_TYPE = "UserMailbox/UserMailbox";

/** The distribution group's row for `permission`, with [MemberRecurse] rows for Chloé and 山田. */
const dgRows = (permission: string, allow = "Allow") => [
  erpRow(permission, allow, "Verteiler Außendienst", DL, "Verteiler Außendienst", DG_TYPE),
  erpRow(
    permission,
    allow,
    "Verteiler Außendienst     [MemberRecurse] cmartin",
    at("chloe"),
    "Chloé Martin",
    USER_TYPE
  ),
  erpRow(
    permission,
    allow,
    "Verteiler Außendienst     [MemberRecurse] 山田",
    at("yamada"),
    "山田 太郎",
    USER_TYPE
  ),
];

function erpResult(rows: string[]): string {
  const dir = path.join(path.dirname(writeExports(tenant())), "erp");
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, "Export-RecipientPermissions_Result.csv"),
    `\ufeff${[ERP_HEADER, ...rows].join("\r\n")}\r\n`
  );
  return dir;
}

describe("finding 2 (4): the same in an Export-RecipientPermissions result", () => {
  it("Full Access and Send As of a distribution group: lost with its line, no member row grants them", async () => {
    const dir = erpResult([...dgRows("FullAccess"), ...dgRows("SendAs")]);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain(
      `Export-RecipientPermissions_Result.csv, line 2, column Trustee Primary SMTP: FullAccess on ${VERTRIEB} is lost: "${DL}" names "Verteiler Außendienst" (${DL}), a MailUniversalDistributionGroup: a distribution group cannot hold FullAccess`
    );
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(allowed.shard(at("chloe"))).toBeUndefined();
    expect(allowed.shard(at("yamada"))).toBeUndefined();
    expect(allowed.report.lost).toEqual([
      expect.objectContaining({ line: 2, right: "FullAccess", reason: "distributionGroup" }),
      expect.objectContaining({ line: 5, right: "SendAs", reason: "distributionGroup" }),
    ]);
    expect(balanced(await build(dir, { allowUnresolved: true }))).toBe(true);
  });

  it("a Deny of the distribution group takes nothing from Chloé's own Full Access", async () => {
    const dir = erpResult([
      erpRow("FullAccess", "Allow", "cmartin", at("chloe"), "Chloé Martin", USER_TYPE),
      ...dgRows("FullAccess", "Deny"),
    ]);
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [VERTRIEB]: ["FullAccess"] });
    expect(r.report.revokedByDeny).toBe(0);
    expect(r.report.dropped.distributionGroupDeny).toBe(3);
    expect(balanced(await build(dir))).toBe(true);
  });

  it("a member row of the distribution group that names no recipient loses nothing more", async () => {
    const dir = erpResult([
      ...dgRows("SendAs"),
      erpRow(
        "SendAs",
        "Allow",
        "Verteiler Außendienst     [MemberRecurse] S-1-5-21-1-2-3-4444",
        "",
        "",
        ""
      ),
    ]);
    const r = await buildExports(dir, "--allow-unresolved");
    expect(r.code).toBe(0);
    expect(r.report.lost).toEqual([
      expect.objectContaining({ line: 2, right: "SendAs", reason: "distributionGroup" }),
    ]);
    expect(balanced(await build(dir, { allowUnresolved: true }))).toBe(true);
  });

  it("control: Send on Behalf of the distribution group reaches Chloé and 山田", async () => {
    const dir = erpResult(dgRows("SendOnBehalf"));
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [VERTRIEB]: ["SendOnBehalf"] });
    expect(rightsOf(r.shard(at("yamada")))).toEqual({ [VERTRIEB]: ["SendOnBehalf"] });
  });

  it("a distribution group among a security group's [MemberDirect] rows: its members lose nothing, 山田 keeps Full Access", async () => {
    const SG_TYPE = "MailUniversalSecurityGroup/MailUniversalSecurityGroup";
    const dir = erpResult([
      erpRow("FullAccess", "Allow", "Team Süd", SG, "Team Süd", SG_TYPE),
      erpRow(
        "FullAccess",
        "Allow",
        "Team Süd     [MemberDirect] 山田",
        at("yamada"),
        "山田 太郎",
        USER_TYPE
      ),
      erpRow(
        "FullAccess",
        "Allow",
        "Team Süd     [MemberDirect] Verteiler Außendienst",
        DL,
        "Verteiler Außendienst",
        DG_TYPE
      ),
    ]);
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(r.report.lost).toEqual([]);
    expect(rightsOf(r.shard(at("yamada")))).toEqual({ [VERTRIEB]: ["FullAccess"] });
    expect(r.shard(at("chloe"))).toBeUndefined();
    expect(balanced(await build(dir))).toBe(true);
  });

  it("control: a security group's Full Access reaches its [MemberRecurse] members", async () => {
    const SG_TYPE = "MailUniversalSecurityGroup/MailUniversalSecurityGroup";
    const dir = erpResult([
      erpRow("FullAccess", "Allow", "Team Süd", SG, "Team Süd", SG_TYPE),
      erpRow(
        "FullAccess",
        "Allow",
        "Team Süd     [MemberRecurse] cmartin",
        at("chloe"),
        "Chloé Martin",
        USER_TYPE
      ),
    ]);
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [VERTRIEB]: ["FullAccess"] });
  });
});
