// Issue 11, review round 5: each finding as its whole kind, on tiny fixtures, asserting what an
// admin sees: the exit status, the rights that come out, and the wording (file, line, true
// reason, fix for that file's source).
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../../src/admin/cli";
import { build, DOMAIN, rightsOf, tempDir, Tenant } from "../../fixtures/admin/tenant";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen", { sam: "jweiss" });
  t.user("Chloé Martin", "chloe", { sam: "cmartin" });
  t.user("山田 太郎", "yamada", { sam: "tyamada" });
  t.shared("Support", "support");
  return t;
}

/** A group in recipients.csv only: neither groups.csv nor group-members.csv lists it. */
function recipientOnlyGroup(t: Tenant, display: string, local: string, type: string): string {
  const address = at(local);
  t.rows["recipients.csv"].push({
    Identity: display,
    Name: display,
    Alias: local,
    DisplayName: display,
    PrimarySmtpAddress: address,
    ExternalDirectoryObjectId: "",
    RecipientTypeDetails: type,
    UserPrincipalName: "",
    EmailAddresses: `SMTP:${address}`,
    SamAccountName: local,
  });
  return address;
}

async function cli(dir: string, ...extra: string[]) {
  let stderr = "";
  const out = `${dir}-out`;
  const report = `${dir}-report.json`;
  const code = await main(["build", "--in", dir, "--out", out, "--report", report, ...extra], {
    stdout: { write: () => undefined },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  });
  const json = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, "utf8")) : null;
  return { code, stderr, out, report: json, written: fs.existsSync(path.join(out, "index.json")) };
}

const write = (t: Tenant) => t.write(path.join(tempDir(), "exports"));

describe("a group that holds a right but whose members the export does not list", () => {
  it.each([
    ["Full Access", "MailUniversalSecurityGroup", "mailbox-permissions.csv", 2, "User"],
    ["Send As", "MailUniversalSecurityGroup", "recipient-permissions.csv", 2, "Trustee"],
    ["Send on Behalf", "MailUniversalDistributionGroup", "mailboxes.csv", 5, "GrantSendOnBehalfTo"],
    ["Full Access (Microsoft 365 group)", "GroupMailbox", "mailbox-permissions.csv", 2, "User"],
  ])(
    "%s to a %s: a lost grant naming the group, exit 1; never a delegate with its own shard",
    async (right, type, file, line, column) => {
      const t = tenant();
      const sales = recipientOnlyGroup(t, "Vertrieb Süd", "vertrieb", type);
      if (right.startsWith("Full Access")) t.fullAccess("support", "Vertrieb Süd");
      else if (right === "Send As") t.sendAs("support", "vertrieb");
      else t.set("mailboxes.csv", at("support"), "GrantSendOnBehalfTo", "Vertrieb Süd");
      const dir = write(t);

      const r = await cli(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(`${file}, line ${line}, column ${column}: `);
      expect(r.stderr).toContain(
        `is lost: granted to the group "Vertrieb Süd" (${sales}), a group without member list`
      );
      expect(r.stderr).toContain(`fix: export the members of ${sales}`);
      expect(r.stderr).toContain("LOST group without member list 1");

      const allowed = await cli(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(allowed.stderr).toContain("LOST (published without them, --allow-unresolved): 1");
      expect(allowed.report.lost).toEqual([
        expect.objectContaining({ file, line, column, reason: "groupMembersUnknown" }),
      ]);
      const b = await build(dir, { allowUnresolved: true });
      // The group got no shard: it is not a delegate.
      expect(b.shard(sales)).toBeUndefined();
      expect(b.result.ok && b.result.summary.delegates).toBe(0);
    }
  );

  it("an inner group without member list, nested in a listed group: the listed members keep the right, the inner group's is lost", async () => {
    const t = tenant();
    const inner = recipientOnlyGroup(t, "山田チーム", "inner", "MailUniversalSecurityGroup");
    const team = t.group("Team", "team", "MailUniversalSecurityGroup", {}, [at("yamada"), inner]);
    t.sendAs("support", team);
    const dir = write(t);

    const r = await cli(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `recipient-permissions.csv, line 2, column Trustee: SendAs on ${at("support")} is lost: granted to the group ${team}, which holds the group "山田チーム" (${inner}), a group without member list`
    );

    const b = await build(dir, { allowUnresolved: true });
    expect(rightsOf(b.shard(at("yamada")))).toEqual({ [at("support")]: ["SendAs"] });
    expect(b.shard(inner)).toBeUndefined();
    expect(b.result.summary.dropped.groupMembersUnknown).toBe(1);
    expect(b.result.summary.accounting).toEqual({ considered: 2, granted: 1 });
  });

  it("a group groups.csv lists with no member rows is empty: a warning, not a loss, exit 0", async () => {
    const t = tenant();
    const team = t.group("Équipe vide", "team", "MailUniversalSecurityGroup");
    t.sendAs("support", "Équipe vide");
    const r = await cli(write(t));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("empty group 1");
    expect(r.stderr).toContain(
      `warning: recipient-permissions.csv, line 2, column Trustee: SendAs on ${at("support")} is granted to the group ${team}, which groups.csv lists and group-members.csv lists with no member: it gives the right to no one (an empty group).`
    );
    expect(r.stderr).not.toContain("LOST");
    expect(r.report.lost).toEqual([]);
  });
});
