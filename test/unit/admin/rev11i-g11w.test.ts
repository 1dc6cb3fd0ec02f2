// Issue 11, ninth review (rev11i): group-members.csv rows whose group column is not a group, and
// Deny rows whose mailbox cannot be told. Each test rebuilds the reviewer's case as a small
// fictional export and asserts the exit code, the message (file, line, column, true reason) and
// that no right moves to someone else.
import { DOMAIN, rightsOf, Tenant } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";

const at = (local: string) => `${local}@${DOMAIN}`;

/** Léa and Ömer are in Vertrieb (Léa directly, Ömer through Innendienst); Zoë is not in any group. */
function tenant(): Tenant {
  const t = new Tenant();
  t.user("Léa Dubois", "lea");
  t.user("Ömer Yılmaz", "oemer");
  t.user("Zoë Ångström", "zoe");
  t.shared("Büro Köln", "buero");
  t.shared("Info Zürich", "info");
  t.group("Innendienst", "innen", "MailUniversalSecurityGroup", {}, [at("oemer")]);
  t.group("Vertrieb", "vertrieb", "MailUniversalSecurityGroup", {}, [at("lea"), at("innen")]);
  t.fullAccess(at("buero"), at("lea"));
  t.sendAs(at("info"), at("vertrieb"));
  return t;
}

describe("finding 1: a group-members.csv row whose group column names a user", () => {
  it("fails naming the line and the user's type; the user's rights never move", async () => {
    const t = tenant();
    t.member(at("lea"), at("zoe"));
    const dir = writeExports(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("group-members.csv, line 5, column GroupPrimarySmtpAddress");
    expect(r.stderr).toContain(`is ${at("lea")}, a UserMailbox in recipients.csv, not a group`);
    // Not a lost right the admin may accept: --allow-unresolved still refuses to publish.
    expect((await buildExports(dir, "--allow-unresolved")).code).toBe(1);
  });

  it("columns swapped in every row: each row is refused, no one gains or loses a right", async () => {
    const t = tenant();
    for (const row of t.rows["group-members.csv"])
      [row.GroupPrimarySmtpAddress, row.MemberPrimarySmtpAddress] = [
        row.MemberPrimarySmtpAddress,
        row.GroupPrimarySmtpAddress,
      ];
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`"${at("oemer")}" is ${at("oemer")}, a UserMailbox`);
    expect(r.stderr).toContain(`"${at("lea")}" is ${at("lea")}, a UserMailbox`);
    expect(r.stderr).toContain("FAILED with 2 problem(s)");
  });

  it("the clean export still publishes", async () => {
    const r = await buildExports(writeExports(tenant()));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("oemer")))).toEqual({ [at("info")]: ["SendAs"] });
  });
});

describe("finding 2: a group-members.csv row whose group names no one recipient", () => {
  it.each([
    ["a zero-width space", "innen\u200b@", "U+200B"],
    ["a Cyrillic look-alike", "innеn@", "names no recipient"],
    ["a no-break space", "innen@\u00a0", "names no recipient"],
    ["a group renamed while exporting", "innendienst@", "names no recipient"],
  ])("(%s) fails with the line, never an empty group", async (_, damaged, why) => {
    const t = tenant();
    const row = t.rows["group-members.csv"].find(
      (m) => m.MemberPrimarySmtpAddress === at("oemer")
    )!;
    row.GroupPrimarySmtpAddress = damaged.includes("\u00a0")
      ? `${damaged.replace("@\u00a0", "@")}${DOMAIN}\u00a0`
      : damaged.replace("@", `@${DOMAIN}`);
    const dir = writeExports(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("group-members.csv, line 2, column GroupPrimarySmtpAddress");
    expect(r.stderr).toContain(why);
    expect(r.stderr).toContain(`member "${at("oemer")}" is in a group the build cannot tell`);
    expect((await buildExports(dir, "--allow-unresolved")).code).toBe(1);
  });

  it("an empty group column fails too", async () => {
    const t = tenant();
    t.member("", at("zoe"));
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("GroupPrimarySmtpAddress is empty");
  });
});

describe("finding 3: the same row under a group that holds a Deny", () => {
  it("fails instead of leaving the member the right the Deny withholds", async () => {
    const t = tenant();
    t.fullAccess(at("buero"), "Innendienst", { Deny: "True" });
    t.fullAccess(at("buero"), at("oemer"));
    t.rows["group-members.csv"].find(
      (m) => m.MemberPrimarySmtpAddress === at("oemer")
    )!.GroupPrimarySmtpAddress = `inn\u200ben@${DOMAIN}`;
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a Deny it holds cannot be placed");
  });
});

describe("finding 4: a Deny whose Identity is not one mailbox", () => {
  it.each([
    ["a zero-width space", "Büro\u200b Köln", "U+200B"],
    ["UTF-8 read as Windows-1252", "BÃ¼ro KÃ¶ln", "mis-decoded"],
  ])("(%s, repairs to the mailbox) is a Deny not placed, never dropped", async (_, id, why) => {
    const t = tenant();
    t.fullAccess(id, at("lea"), { Deny: "True" });
    const dir = writeExports(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("mailbox-permissions.csv, line 3, column Identity");
    expect(r.stderr).toContain("a Deny that the build cannot place");
    expect(r.stderr).toContain(why);
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(allowed.report.unplacedDenies).toHaveLength(1);
  });

  it("a name two recipients share: a Deny not placed on the mailbox it may name", async () => {
    const t = tenant();
    t.rows["recipients.csv"].find((r) => r.PrimarySmtpAddress === at("zoe"))!.DisplayName =
      "Büro Köln";
    t.fullAccess("Büro Köln", at("lea"), { Deny: "True" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Identity "Büro Köln" names 2 recipients');
    expect(r.stderr).toContain(`it may be on ${at("buero")}, where ${at("lea")} hold FullAccess`);
  });

  it.each([
    ["a Cyrillic look-alike", "Bürо Köln"],
    ["a name no recipient has", "Buero Koeln"],
  ])("(%s, mailbox unknown) fails with the line, even with --allow-unresolved", async (_, id) => {
    const t = tenant();
    t.fullAccess(id, at("lea"), { Deny: "True" });
    const dir = writeExports(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `mailbox-permissions.csv, line 3, column Identity: a Deny that the build cannot place: Identity "${id}" names no mailbox`
    );
    expect((await buildExports(dir, "--allow-unresolved")).code).toBe(1);
  });
});
