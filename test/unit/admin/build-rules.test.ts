import * as fs from "node:fs";
import * as path from "node:path";
import { buildReport, summaryText } from "../../../src/admin/report";
import { build, DOMAIN, rightsOf, sid, tempDir, Tenant } from "../../fixtures/admin/tenant";

const at = (local: string) => `${local}@${DOMAIN}`;

/** Alex (delegate) and Megan (another user) and a shared mailbox Support. */
function baseTenant(): Tenant {
  const t = new Tenant();
  t.user("Alex Wilber", "alex.wilber", {
    name: "5e3c1a7b-2f4d-4c8e-9b1a-0d2e3f4a5b61",
    proxies: ["alex@contoso.example", "a.wilber@contoso.example"],
    mailbox: { CustomAttribute1: "" },
  });
  t.user("Megan Bowen", "megan.bowen", {
    upn: "megan@corp.contoso.example",
    proxies: ["MeganB@contoso.onmicrosoft.com"],
  });
  t.shared("Customer Support", "support");
  return t;
}

async function buildTenant(t: Tenant, options = {}) {
  return build(t.write(path.join(tempDir(), "exports")), options);
}

describe("build: the rules an admin relies on", () => {
  it("publishes Send As, Full Access and Send on Behalf of a shared mailbox", async () => {
    const t = baseTenant();
    t.sendAs("support", at("alex.wilber"));
    t.fullAccess(at("support"), at("alex.wilber"));
    t.set("mailboxes.csv", at("support"), "GrantSendOnBehalfTo", "Alex Wilber");
    const b = await buildTenant(t);
    expect(b.problems).toEqual([]);
    expect(rightsOf(b.shard(at("alex.wilber")))).toEqual({
      [at("support")]: ["SendAs", "SendOnBehalf", "FullAccess"],
    });
  });

  it("drops SELF rows whatever the localised name, and the mailbox's right on itself", async () => {
    const t = baseTenant();
    t.sendAs("support", "NT AUTHORITY\\SELF", { TrusteeSidString: "S-1-5-10" });
    t.fullAccess(at("support"), "NT-AUTORITÄT\\SELBST", {
      AccessRights: "FullAccess, ReadPermission",
      UserSid: "S-1-5-10",
    });
    t.fullAccess(at("alex.wilber"), at("alex.wilber"));
    const b = await buildTenant(t);
    expect(b.result.summary.dropped.self).toBe(3);
    expect(b.result.summary.delegates).toBe(0);
    expect(b.shard(at("alex.wilber"))).toBeUndefined();
  });

  it("drops inherited rows, including the default inherited Deny entries of admin groups", async () => {
    const t = baseTenant();
    t.fullAccess(at("support"), at("alex.wilber"), { IsInherited: "True" });
    t.fullAccess(at("support"), "NAMPR01A001\\Domain Admins", {
      IsInherited: "True",
      Deny: "True",
      UserSid: sid(512),
    });
    const b = await buildTenant(t);
    expect(b.result.summary.dropped.inherited).toBe(2);
    expect(b.shard(at("alex.wilber"))).toBeUndefined();
  });

  it("lets an explicit Deny take the same right away (Deny column and AccessControlType Deny)", async () => {
    const t = baseTenant();
    t.fullAccess(at("support"), at("alex.wilber"));
    t.fullAccess(at("support"), "5e3c1a7b-2f4d-4c8e-9b1a-0d2e3f4a5b61", { Deny: "True" });
    t.sendAs("support", at("alex.wilber"));
    t.sendAs("support", at("megan.bowen"));
    t.sendAs("support", "Megan Bowen", { AccessControlType: "Deny" });
    const b = await buildTenant(t);
    expect(rightsOf(b.shard(at("alex.wilber")))).toEqual({ [at("support")]: ["SendAs"] });
    expect(b.shard(at("megan.bowen"))).toBeUndefined();
    expect(b.result.summary.dropped.deny).toBe(2);
    expect(b.result.summary.revokedByDeny).toBe(2);
  });

  it("keeps only Full Access from mailbox permissions, even when several rights share a field", async () => {
    const t = baseTenant();
    t.fullAccess(at("support"), at("alex.wilber"), { AccessRights: "ReadPermission" });
    t.fullAccess(at("support"), at("megan.bowen"), {
      AccessRights: "ChangeOwner;FullAccess;ReadPermission",
    });
    const b = await buildTenant(t);
    expect(b.shard(at("alex.wilber"))).toBeUndefined();
    expect(rightsOf(b.shard(at("megan.bowen")))).toEqual({ [at("support")]: ["FullAccess"] });
    expect(b.result.summary.dropped.otherRights).toBe(1);
  });

  it("drops only built-in principals as system accounts, and counts them with where they are", async () => {
    const t = baseTenant();
    t.fullAccess(at("support"), "NAMPR01A001\\Domain Admins", {
      UserSid: "S-1-5-21-1180699209-877415012-3182924384-512",
    });
    t.fullAccess(at("support"), "NT AUTHORITY\\SYSTEM", { UserSid: "S-1-5-18" });
    t.sendAs("support", "S-1-5-32-544");
    t.sendAs("support", at("alex.wilber"));
    const b = await buildTenant(t);
    expect(b.problems).toEqual([]);
    expect(rightsOf(b.shard(at("alex.wilber")))).toEqual({ [at("support")]: ["SendAs"] });
    expect(b.result.summary.dropped).toMatchObject({ systemAccount: 3, unresolvedTrustee: 0 });
    expect(b.result.summary.lost).toEqual([]);
    expect(b.result.summary.unresolved.map((u) => [u.file, u.line, u.kind])).toEqual([
      ["recipient-permissions.csv", 2, "systemAccount"],
      ["mailbox-permissions.csv", 2, "systemAccount"],
      ["mailbox-permissions.csv", 3, "systemAccount"],
    ]);
  });

  it("drops a domain SID that no exported Sid has as an orphaned SID (exit 0, reported), and --strict fails on it", async () => {
    const t = baseTenant();
    const orphan = "S-1-5-21-3623811015-3361044348-30300820-1013";
    t.fullAccess(at("support"), orphan, { UserSid: orphan });
    // Alex's own SID: beside a SID no recipient has, his name would be a name/SID conflict (rev11q 3).
    t.sendAs("support", at("alex.wilber"), { TrusteeSidString: sid(1200) });
    // A live recipient written as its SID still resolves through recipients.csv's Sid column.
    t.fullAccess(at("support"), sid(1200), { UserSid: "" });
    const dir = t.write(path.join(tempDir(), "exports"));
    // The exports carry every recipient's SID: Alex is sid(1200), the others 1201, 1202...
    const file = path.join(dir, "recipients.csv");
    const [header, ...rows] = fs.readFileSync(file, "utf8").trimEnd().split(/\r?\n/);
    fs.writeFileSync(
      file,
      [`${header},"Sid"`, ...rows.map((r, i) => `${r},"${sid(1200 + i)}"`)].join("\r\n") + "\r\n"
    );
    const b = await build(dir, {});
    expect(b.problems).toEqual([]);
    expect(b.result.summary.dropped).toMatchObject({ orphanedSid: 1, unresolvedTrustee: 0 });
    expect(b.result.summary.unresolved).toEqual([
      expect.objectContaining({
        file: "mailbox-permissions.csv",
        kind: "orphanedSid",
        value: orphan,
      }),
    ]);
    expect(rightsOf(b.shard(at("alex.wilber")))).toEqual({
      [at("support")]: expect.arrayContaining(["SendAs", "FullAccess"]),
    });
    // The console summary lists where each orphaned SID is, not just how many.
    const text = summaryText(
      buildReport(b.result.summary, {
        in: dir,
        out: b.out,
        ok: true,
        shardsWritten: 1,
        problems: [],
        overflow: 0,
      })
    );
    expect(text).toContain(`mailbox-permissions.csv, line 2: ${orphan}`);

    const strict = await build(dir, { strict: true });
    expect(strict.result.ok).toBe(false);
    expect(strict.problems).toEqual([
      expect.stringMatching(/^mailbox-permissions\.csv:2 User: .*was deleted \(orphanedSid\)$/),
    ]);
  });

  it.each([
    ["Alex Wilber,Ghost User", "Ghost User"],
    ["Ghost User, Alex Wilber", "Ghost User"],
    ["Megan Bowen,Gone, Someone,Alex Wilber", "Gone, Someone"],
  ])(
    'reports the ","-joined Send on Behalf list %s whole, grants none of it, and names %s as what to check (rev11d finding 4)',
    async (value, unknown) => {
      const t = baseTenant();
      t.set("mailboxes.csv", at("support"), "GrantSendOnBehalfTo", value);
      const b = await buildTenant(t);
      expect(b.result.ok).toBe(false);
      expect(b.problems).toEqual([
        expect.stringContaining(
          `mailboxes.csv:4 GrantSendOnBehalfTo: SendOnBehalf on support@contoso.example is lost: "${value}" names no recipient in the exports`
        ),
      ]);
      const fix = b.result.ok ? "" : b.result.problems.list[0].fix;
      expect(fix).toContain(`Get-Recipient "${unknown}"`);
      expect(fix).not.toContain(`Get-Recipient "${value}"`);
      const allowed = await buildTenant(t, { allowUnresolved: true });
      expect(rightsOf(allowed.shard(at("alex.wilber")))).toEqual({});
    }
  );

  it.each([
    ["a domain SID", "S-1-5-21-3623811015-3361044348-30300820-1013"],
    ["an Entra ID SID", "S-1-12-1-1111111111-2222222222-3333333333-4444444444"],
  ])(
    "fails on %s no Sid has when one recipient's Sid is empty: that recipient may own it, so nothing is proven orphaned",
    async (_what, trustee) => {
      const t = baseTenant();
      t.fullAccess(at("support"), trustee, { UserSid: trustee });
      t.sendAs("support", at("alex.wilber"));
      const dir = t.write(path.join(tempDir(), "exports"));
      const file = path.join(dir, "recipients.csv");
      const [header, ...rows] = fs.readFileSync(file, "utf8").trimEnd().split(/\r?\n/);
      // Every recipient but the last (a live user whose Sid the export lost) carries a Sid.
      fs.writeFileSync(
        file,
        [
          `${header},"Sid"`,
          ...rows.map((r, i) => `${r},"${i === rows.length - 1 ? "" : sid(1200 + i)}"`),
        ].join("\r\n") + "\r\n"
      );
      const b = await build(dir, {});
      expect(b.result.ok).toBe(false);
      expect(b.result.summary.dropped).toMatchObject({ orphanedSid: 0, unresolvedTrustee: 1 });
      expect(b.problems).toEqual([
        expect.stringMatching(
          /^mailbox-permissions\.csv:2 User: FullAccess on support@contoso\.example is lost: /
        ),
      ]);
      expect(b.problems[0]).not.toMatch(/orphaned|was deleted/);
      const fix = b.result.ok ? "" : b.result.problems.list[0].fix;
      expect(fix).not.toMatch(/^remove/i);
      expect(fix).toMatch(/empty Sid/);
      if (trustee.startsWith("S-1-12-")) expect(fix).not.toMatch(/Get-ADUser|on premises/);
      const allowed = await build(dir, { allowUnresolved: true });
      expect(allowed.result.ok).toBe(true);
      expect(allowed.result.summary.dropped).toMatchObject({
        orphanedSid: 0,
        unresolvedTrustee: 1,
      });
    }
  );

  it.each([
    [
      "a DOMAIN\\name no SamAccountName has",
      "CONTOSO\\jweiss",
      "S-1-5-21-1180699209-877415012-3182924384-1107",
    ],
    ["an Exchange Online forest name", "NAMPR01A001\\$ABC123-XYZ", ""],
    ["a domain SID no Sid column has", "S-1-5-21-3623811015-3361044348-30300820-1013", ""],
    ["an Entra ID SID", "S-1-12-1-1111111111-2222222222-3333333333-4444444444", ""],
  ])(
    "fails on %s: a domain account matching no one is a lost right, not a built-in account",
    async (_what, trustee, sidValue) => {
      const t = baseTenant();
      t.fullAccess(at("support"), trustee, { UserSid: sidValue });
      t.sendAs("support", at("alex.wilber"));
      const b = await buildTenant(t);
      expect(b.result.ok).toBe(false);
      expect(b.problems).toEqual([
        expect.stringMatching(
          new RegExp(
            `^mailbox-permissions\\.csv:2 User: FullAccess on support@contoso\\.example is lost: "${trustee.replace(/[\\$.]/g, "\\$&")}" `
          )
        ),
      ]);
      expect(b.problems[0]).not.toMatch(/built-in|deleted \(|was deleted/);
      expect(b.result.summary.dropped).toMatchObject({ systemAccount: 0, unresolvedTrustee: 1 });
      expect(b.result.summary.unresolved).toEqual([
        expect.objectContaining({ file: "mailbox-permissions.csv", line: 2, kind: "unmatched" }),
      ]);
      expect(fs.existsSync(b.out)).toBe(false);

      // The documented way to accept the loss: published without it, and listed.
      const accepted = await buildTenant(t, { allowUnresolved: true });
      expect(accepted.problems).toEqual([]);
      expect(accepted.result.summary.lost).toEqual([
        expect.objectContaining({
          file: "mailbox-permissions.csv",
          line: 2,
          value: trustee,
          right: "FullAccess",
          reason: "unresolvedTrustee",
        }),
      ]);
    }
  );

  it("fails when a right would be lost to a trustee that names no one, and names file, line, value and a true reason", async () => {
    const t = baseTenant();
    t.set("mailboxes.csv", at("support"), "GrantSendOnBehalfTo", "Someone Gone");
    t.sendAs("support", at("alex.wilber"));
    const b = await buildTenant(t);
    expect(b.result.ok).toBe(false);
    expect(b.problems).toEqual([
      'mailboxes.csv:4 GrantSendOnBehalfTo: SendOnBehalf on support@contoso.example is lost: "Someone Gone" names no recipient in the exports (not as address, UPN, alias, name, display name, object id or sAMAccountName); the right it grants would be lost',
    ]);
    const fix = (b.result as { problems: { list: { fix: string }[] } }).problems.list[0].fix;
    expect(fix).toContain("--allow-unresolved");
    // A trustee that may be alive is never called deleted, and no fix says to remove the right.
    expect(fix).not.toMatch(/remove/i);
    expect(fs.existsSync(b.out)).toBe(false);
  });

  it("with --allow-unresolved, publishes the rest and lists each lost right", async () => {
    const t = baseTenant();
    t.set("mailboxes.csv", at("support"), "GrantSendOnBehalfTo", "Someone Gone");
    t.fullAccess(at("support"), "nobody@elsewhere.example");
    t.sendAs("support", at("alex.wilber"));
    const b = await buildTenant(t, { allowUnresolved: true });
    expect(b.problems).toEqual([]);
    expect(rightsOf(b.shard(at("alex.wilber")))).toEqual({ [at("support")]: ["SendAs"] });
    expect(
      b.result.summary.lost.map((l) => [
        l.file,
        l.line,
        l.column,
        l.value,
        l.right,
        l.mailbox,
        l.reason,
      ])
    ).toEqual([
      [
        "mailboxes.csv",
        4,
        "GrantSendOnBehalfTo",
        "Someone Gone",
        "SendOnBehalf",
        at("support"),
        "unresolvedTrustee",
      ],
      [
        "mailbox-permissions.csv",
        2,
        "User",
        "nobody@elsewhere.example",
        "FullAccess",
        at("support"),
        "unresolvedTrustee",
      ],
    ]);
  });

  it("expands a mail-enabled security group trustee into its members, nested and cyclic alike", async () => {
    const t = baseTenant();
    const lee = t.user("Lee Gu", "lee.gu");
    const outer = t.group("Communications Team", "comms", "MailUniversalSecurityGroup", {}, [
      at("alex.wilber"),
    ]);
    const inner = t.group("Press Leads", "press-leads", "MailUniversalSecurityGroup", {}, [
      lee,
      outer,
    ]);
    t.member(outer, inner);
    t.sendAs("support", "Communications Team");
    const b = await buildTenant(t);
    expect(rightsOf(b.shard(at("alex.wilber")))).toEqual({ [at("support")]: ["SendAs"] });
    expect(rightsOf(b.shard(lee))).toEqual({ [at("support")]: ["SendAs"] });
    expect(b.shard(at("megan.bowen"))).toBeUndefined();
    expect(b.result.summary.groupCycles).toEqual([[outer, inner, outer]]);
  });

  it("counts a grant to a group without members as dropped", async () => {
    const t = baseTenant();
    t.group("Nobody", "nobody", "MailUniversalSecurityGroup");
    t.fullAccess(at("support"), "nobody");
    const b = await buildTenant(t);
    expect(b.result.summary.dropped.emptyGroup).toBe(1);
  });

  it("maps kinds and Sent Items copy flags; groups never copy", async () => {
    const t = baseTenant();
    t.shared("Sales", "sales", {
      MessageCopyForSentAsEnabled: "True",
      MessageCopyForSendOnBehalfEnabled: "False",
    });
    t.mailbox({ display: "Boardroom", local: "boardroom", type: "RoomMailbox" });
    t.mailbox({ display: "Van", local: "van", type: "EquipmentMailbox" });
    t.user("Diego Siciliani", "diego", { mailbox: { MessageCopyForSendOnBehalfEnabled: "True" } });
    t.group("All Staff", "all-staff", "MailUniversalDistributionGroup");
    t.group("Everyone", "everyone", "DynamicDistributionGroup");
    t.group("Security", "security", "MailUniversalSecurityGroup", {}, [at("megan.bowen")]);
    t.group("Project Falcon", "falcon", "GroupMailbox", { GrantSendOnBehalfTo: "Alex Wilber" });
    for (const id of ["sales", "boardroom", "van", "all-staff", "everyone", "security"])
      t.sendAs(id, at("alex.wilber"));
    t.set("mailboxes.csv", at("diego"), "GrantSendOnBehalfTo", "alex.wilber");
    const b = await buildTenant(t);
    const shard = b.shard(at("alex.wilber"));
    expect(
      shard?.mailboxes.map((m) => [
        m.address,
        m.kind,
        m.rights.join("+"),
        m.sentItemsCopy.sendAs,
        m.sentItemsCopy.sendOnBehalf,
      ])
    ).toEqual([
      [at("all-staff"), "distributionList", "SendAs", false, false],
      [at("boardroom"), "room", "SendAs", false, false],
      [at("diego"), "user", "SendOnBehalf", false, true],
      [at("everyone"), "distributionList", "SendAs", false, false],
      [at("falcon"), "microsoft365Group", "SendOnBehalf", false, false],
      [at("sales"), "shared", "SendAs", true, false],
      [at("security"), "securityGroup", "SendAs", false, false],
      [at("van"), "equipment", "SendAs", false, false],
    ]);
  });

  it("keeps hidden mailboxes with a flag, and marks no-reply ones from the NoReply column", async () => {
    const t = baseTenant();
    t.shared("Legal", "legal", { HiddenFromAddressListsEnabled: "True" });
    t.shared("No Reply", "noreply", { NoReply: "Yes" });
    t.sendAs("legal", at("alex.wilber"));
    t.sendAs("noreply", at("alex.wilber"));
    const b = await buildTenant(t);
    const byAddress = Object.fromEntries(
      b.shard(at("alex.wilber"))!.mailboxes.map((m) => [m.address, m])
    );
    expect(byAddress[at("legal")].hiddenFromAddressLists).toBe(true);
    expect(byAddress[at("legal")]).not.toHaveProperty("noReply");
    expect(byAddress[at("noreply")].noReply).toBe(true);
    expect(byAddress[at("noreply")]).not.toHaveProperty("hiddenFromAddressLists");
  });

  it("marks no-reply mailboxes by --no-reply-attribute, with or without a value", async () => {
    const t = baseTenant();
    t.shared("Alerts", "alerts", { CustomAttribute7: "NoReply" });
    t.shared("Billing", "billing", { CustomAttribute7: "Finance" });
    t.sendAs("alerts", at("alex.wilber"));
    t.sendAs("billing", at("alex.wilber"));
    const dir = t.write(path.join(tempDir(), "exports"));
    const noReply = async (rule: { attribute: string; value?: string }) => {
      const b = await build(dir, { noReply: rule });
      return b
        .shard(at("alex.wilber"))!
        .mailboxes.filter((m) => m.noReply)
        .map((m) => m.address);
    };
    expect(await noReply({ attribute: "CustomAttribute7", value: "noreply" })).toEqual([
      at("alerts"),
    ]);
    expect(await noReply({ attribute: "CustomAttribute7" })).toEqual([at("alerts"), at("billing")]);
    const missing = await build(dir, { noReply: { attribute: "CustomAttribute9" } });
    expect(missing.problems).toEqual([
      "mailboxes.csv:1 CustomAttribute9: --no-reply-attribute names CustomAttribute9, which this file does not have",
    ]);
  });

  it("publishes the delegate's other SMTP addresses as aliases, and never their own mailbox", async () => {
    const t = baseTenant();
    t.sendAs("support", "smtp:a.wilber@contoso.example");
    // Identity a GUID (Name of objects created since 2022), trustee a UPN that is no proxy address.
    t.sendAs("5e3c1a7b-2f4d-4c8e-9b1a-0d2e3f4a5b61", "megan@corp.contoso.example");
    const b = await buildTenant(t);
    const alex = b.shard(at("alex.wilber"));
    expect(alex?.aliases).toEqual(["a.wilber@contoso.example", "alex@contoso.example"]);
    expect(alex?.mailboxes.map((m) => m.address)).toEqual([at("support")]);
    const megan = b.shard(at("megan.bowen"));
    expect(megan?.mailboxes.map((m) => m.address)).toEqual([at("alex.wilber")]);
    expect(megan?.aliases).toEqual(["meganb@contoso.onmicrosoft.com"]);
  });

  it("counts rows on mailboxes it does not publish, and fails on rows whose Identity names no one", async () => {
    const t = baseTenant();
    t.mailbox({ display: "Discovery", local: "discovery", type: "DiscoveryMailbox" });
    t.fullAccess(at("discovery"), at("alex.wilber"));
    const ok = await buildTenant(t);
    expect(ok.result.summary.dropped.unsupportedRecipientType).toBe(1);
    expect(ok.result.summary.dropped.unknownMailbox).toBe(1);
    expect(ok.shard(at("alex.wilber"))).toBeUndefined();

    t.sendAs("no-such-mailbox", at("alex.wilber"));
    const lost = await buildTenant(t);
    expect(lost.result.ok).toBe(false);
    expect(lost.problems).toEqual([
      'recipient-permissions.csv:2 Identity: SendAs on no-such-mailbox is lost: Identity "no-such-mailbox" names no mailbox, group or recipient in the exports: the right on it would be lost; granted to "alex.wilber@contoso.example"',
    ]);
  });
});

describe("build: generatedAt and tenant", () => {
  it("takes --generated-at first, then export-info, then the newest input file time", async () => {
    const t = baseTenant();
    t.sendAs("support", at("alex.wilber"));
    const dir = t.write(path.join(tempDir(), "exports"));
    const index = async (options = {}) => {
      const b = await build(dir, options);
      return JSON.parse(fs.readFileSync(path.join(b.out, "index.json"), "utf8"));
    };
    expect((await index({ generatedAt: "2027-01-02T03:04:05+01:00" })).generatedAt).toBe(
      "2027-01-02T03:04:05+01:00"
    );
    expect(await index()).toEqual({
      format: "send-from-directory",
      version: 1,
      generatedAt: "2026-11-01T06:00:00Z",
      tenant: DOMAIN,
    });
    fs.rmSync(path.join(dir, "export-info.csv"));
    const newest = new Date("2026-10-30T12:34:56.789Z");
    fs.utimesSync(path.join(dir, "mailboxes.csv"), newest, newest);
    for (const f of [
      "recipients.csv",
      "groups.csv",
      "group-members.csv",
      "recipient-permissions.csv",
      "mailbox-permissions.csv",
    ]) {
      fs.utimesSync(
        path.join(dir, f),
        new Date("2026-10-01T00:00:00Z"),
        new Date("2026-10-01T00:00:00Z")
      );
    }
    const fromFiles = await index();
    expect(fromFiles.generatedAt).toBe("2026-10-30T12:34:56Z");
    expect(fromFiles.tenant).toBe(DOMAIN);
    expect((await build(dir)).result.summary.tenantFrom).toBe("mailbox addresses");
  });

  it("reads export-info.json as well, and refuses a timestamp without a zone", async () => {
    const t = baseTenant();
    t.exportInfo = null;
    const dir = t.write(path.join(tempDir(), "exports"));
    fs.writeFileSync(
      path.join(dir, "export-info.json"),
      JSON.stringify({ generatedAt: "2026-11-05T07:00:00Z", defaultDomain: "Contoso.Example" })
    );
    const b = await build(dir);
    expect(b.result.summary.generatedAt).toBe("2026-11-05T07:00:00Z");
    expect(b.result.summary.tenant).toBe("contoso.example");
    fs.writeFileSync(
      path.join(dir, "export-info.json"),
      JSON.stringify({ generatedAt: "2026-11-05 07:00" })
    );
    expect((await build(dir)).problems).toEqual([
      'export-info.json:1 GeneratedAt: "2026-11-05 07:00" is not an ISO-8601 date and time with a zone',
    ]);
  });
});

describe("build: determinism", () => {
  it("gives byte-identical files for the same input, whatever the row order within a file", async () => {
    const t = baseTenant();
    t.shared("Billing", "billing");
    t.sendAs("support", at("alex.wilber"));
    t.sendAs("billing", at("alex.wilber"));
    t.fullAccess(at("billing"), at("megan.bowen"));
    t.fullAccess(at("support"), at("megan.bowen"));
    const one = await buildTenant(t);
    t.rows["recipient-permissions.csv"].reverse();
    t.rows["mailbox-permissions.csv"].reverse();
    t.rows["recipients.csv"].reverse();
    const two = await buildTenant(t);
    const files = (dir: string) =>
      ["index.json", ...fs.readdirSync(path.join(dir, "users")).map((f) => `users/${f}`)].map(
        (f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]
      );
    expect(files(two.out)).toEqual(files(one.out));
    const text = fs.readFileSync(
      path.join(one.out, "users", fs.readdirSync(path.join(one.out, "users"))[0]),
      "utf8"
    );
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).not.toContain("\n ");
  });
});
