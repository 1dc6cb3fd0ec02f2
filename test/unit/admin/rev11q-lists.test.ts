// A list of mailboxes (or groups, or recipients) that stopped at Exchange's default -ResultSize
// of 1,000, or that leaves out mailboxes recipients.csv lists: the Send on Behalf in the missing
// rows was never read. rev11q finding 1: such an export built with exit 0 and lost them unsaid.
import { DOMAIN, rightsOf, Tenant } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";

const at = (local: string) => `${local}@${DOMAIN}`;

/** Jürgen holds Send on Behalf on 山田's mailbox, the last of many. */
function tenant(users: number): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe");
  for (let i = 0; i < users; i++) t.user(`Nutzer ${i}`, `u${i}`);
  t.user("山田 太郎", "yamada", { mailbox: { GrantSendOnBehalfTo: "Jürgen Weiß" } });
  return t;
}

jest.setTimeout(120_000);

describe("a mailboxes.csv narrower than recipients.csv, from another tool than the script", () => {
  it("cut at 1,000 rows (Get-Mailbox without -ResultSize Unlimited): exit 1 naming the cut and the first mailbox left out", async () => {
    const t = tenant(1_100);
    t.exportInfo = null;
    t.rows["mailboxes.csv"] = t.rows["mailboxes.csv"].slice(0, 1_000);
    const dir = writeExports(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "mailboxes.csv has exactly 1,000 rows, the default -ResultSize of Get-Mailbox and Get-EXOMailbox"
    );
    expect(r.stderr).toContain("Get-EXOMailbox -ResultSize Unlimited");
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain(
      "recipients.csv lists 103 mailbox(es) that mailboxes.csv does not"
    );
    expect(allowed.stderr).toContain("published without them (--allow-unresolved)");
    expect(allowed.shard(at("juergen"))).toBeUndefined();
  });

  it("shared mailboxes only: the user mailboxes' Send on Behalf is said unread, exit 1", async () => {
    const t = tenant(0);
    t.exportInfo = null;
    t.shared("Vertrieb Büro", "vertrieb");
    t.fullAccess("vertrieb", "Chloé Martin");
    t.rows["mailboxes.csv"] = t.rows["mailboxes.csv"].filter(
      (r) => r.RecipientTypeDetails === "SharedMailbox"
    );
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `recipients.csv lists 3 mailbox(es) that mailboxes.csv does not (the first: ${at("juergen")}, a UserMailbox, recipients.csv line 2)`
    );
  });

  it("controls: a complete hand-made export builds with the Send on Behalf; the script's export with a mailbox missing warns", async () => {
    const whole = tenant(3);
    whole.exportInfo = null;
    const r = await buildExports(writeExports(whole));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("yamada")]: ["SendOnBehalf"] });

    const script = tenant(3);
    script.rows["mailboxes.csv"] = script.rows["mailboxes.csv"].filter(
      (row) => row.PrimarySmtpAddress !== at("u1")
    );
    const s = await buildExports(writeExports(script));
    expect(s.code).toBe(0);
    expect(s.stderr).toContain("a mailbox created while Export-SendFromData.ps1 ran?");
  });
});

describe("groups.csv and recipients.csv cut at 1,000 rows from another tool", () => {
  it("groups.csv of exactly 1,000 groups (Get-DistributionGroup's default): exit 1", async () => {
    const t = tenant(0);
    t.exportInfo = null;
    for (let i = 0; i < 1_000; i++)
      t.group(`Gruppe ${i}`, `g${i}`, "MailUniversalDistributionGroup");
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "groups.csv has exactly 1,000 rows, the default -ResultSize of Get-DistributionGroup"
    );
  });
});
