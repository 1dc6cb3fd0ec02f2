// Issue 11, eleventh review (rev11k): a trustee written as a SID beside the row's own SID, and a
// real group named "Everyone". Each test rebuilds the reviewer's case as a small fictional export
// and asserts the rights that come out, or the exit code and the message.
import { rightsOf } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";
import { at, sidOf, sidTenant, writeWithSids } from "../../fixtures/admin/sid-tenant";

describe("finding 2: a trustee written as a SID, and a different SID in the row", () => {
  it("Yamada's SID as Trustee with Chloé's SID: a conflict, never Chloé's right", async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), sidOf(t, "yamada"), { TrusteeSidString: sidOf(t, "chloe") });
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("recipient-permissions.csv, line 2, column Trustee");
    expect(r.stderr).toContain(
      `"${sidOf(t, "yamada")}" names ${at("yamada")}, but the row's SID ${sidOf(t, "chloe")} is ${at("chloe")}'s`
    );
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard(at("chloe")))).toEqual({});
    expect(rightsOf(allowed.shard(at("yamada")))).toEqual({});
  });

  it("a SID no recipient has as User, with Chloé's UserSid: a lost Full Access", async () => {
    const t = sidTenant();
    t.fullAccess(at("buero"), "S-1-5-21-7-8-9-4999", { UserSid: sidOf(t, "chloe") });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("mailbox-permissions.csv, line 2, column User");
    expect(r.stderr).toContain('"S-1-5-21-7-8-9-4999" is a SID no recipient in the exports has');
  });

  it.each([
    ["S-1-1-0", "Everyone"],
    ["S-1-5-10", "SELF"],
  ])("%s as Trustee with Chloé's SID: a conflict, not Chloé's Send As", async (sid, name) => {
    const t = sidTenant();
    t.sendAs(at("buero"), sid, { TrusteeSidString: sidOf(t, "chloe") });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`"${sid}" is the well-known SID of ${name}`);
  });

  it("a Deny for S-1-1-0 with Chloé's SID: whoever holds the right loses it, and it is said", async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
    t.sendAs(at("buero"), "S-1-1-0", {
      AccessControlType: "Deny",
      TrusteeSidString: sidOf(t, "chloe"),
    });
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("recipient-permissions.csv, line 3, column Trustee");
    expect(r.stderr).toContain(`${at("yamada")} holds the right`);
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(rightsOf(allowed.shard(at("yamada")))).toEqual({});
  });

  it.each([
    [
      "after, with ','",
      (t: ReturnType<typeof sidTenant>) => `${at("yamada")},${sidOf(t, "chloe")}`,
    ],
    [
      "before, with ' & '",
      (t: ReturnType<typeof sidTenant>) => `${sidOf(t, "chloe")} & ${at("yamada")}`,
    ],
  ])("a SID joined to a name %s: a joined cell, Chloé's part named", async (_, value) => {
    const t = sidTenant();
    t.sendAs(at("buero"), value(t), { TrusteeSidString: sidOf(t, "yamada") });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("looks like trustees joined");
    expect(r.stderr).toContain(`"${sidOf(t, "chloe")}" (${at("chloe")})`);
  });
});

describe("finding 1: a real group named Everyone", () => {
  /** The tenant with a security group "Everyone" (its own SID), Chloé its member. */
  const withGroup = () => {
    const t = sidTenant();
    const group = t.group("Everyone", "everyone", "MailUniversalSecurityGroup", {}, [at("chloe")]);
    const row = t.rows["recipients.csv"].find((r) => r.PrimarySmtpAddress === group)!;
    row.Sid = "S-1-5-21-7-8-9-3111";
    t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
    t.fullAccess(at("buero"), at("juergen"), { UserSid: sidOf(t, "juergen") });
    return t;
  };

  it("a Send As Deny for it with its SID reaches its members only: Yamada keeps his", async () => {
    const t = withGroup();
    t.sendAs(at("buero"), "Everyone", {
      AccessControlType: "Deny",
      TrusteeSidString: "S-1-5-21-7-8-9-3111",
    });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("refuses that right on it to every user");
    expect(rightsOf(r.shard(at("yamada")))).toEqual({ [at("buero")]: ["SendAs"] });
  });

  it("a Full Access Deny for it with its UserSid: Jürgen keeps his", async () => {
    const t = withGroup();
    t.fullAccess(at("buero"), "Everyone", { Deny: "True", UserSid: "S-1-5-21-7-8-9-3111" });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });

  it('a Deny for "Everyone" without a SID: the build does not guess, exit 1', async () => {
    const t = withGroup();
    t.fullAccess(at("buero"), "Everyone", { Deny: "True", UserSid: "" });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `"Everyone" is the built-in Everyone or the recipient ${at("everyone")} of that name`
    );
  });

  it("an Allow for \"Everyone\" without a SID: lost, not the group's members'", async () => {
    const t = withGroup();
    t.sendAs(at("buero"), "Everyone", { TrusteeSidString: "" });
    const dir = writeWithSids(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("recipient-permissions.csv, line 3, column Trustee");
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(rightsOf(allowed.shard(at("chloe")))).toEqual({});
  });
});

describe("findings 4-6: built-in groups and localised Everyone beside a person", () => {
  it("an Allow for CONTOSO\\Domain Users is said in a warning, not only counted", async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), "CONTOSO\\Domain Users", { TrusteeSidString: "S-1-5-21-7-8-9-513" });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("given to a built-in group of people");
    expect(r.stderr).toContain(`SendAs on ${at("buero")}`);
  });

  it("a user's name with a Domain Users SID and no Sid column: a conflict, not the user's", async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: "S-1-5-21-7-8-9-513" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`names ${at("chloe")}, but the row's SID S-1-5-21-7-8-9-513`);
  });

  it.each(["Jeder", "Tout le monde"])(
    "%s (Everyone, localised) with Chloé's SID: a conflict, not Chloé's Send As",
    async (name) => {
      const t = sidTenant();
      t.sendAs(at("buero"), name, { TrusteeSidString: sidOf(t, "chloe") });
      const dir = writeWithSids(t);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`the row's SID ${sidOf(t, "chloe")} is ${at("chloe")}'s`);
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(rightsOf(allowed.shard(at("chloe")))).toEqual({});
    }
  );

  it("a Deny for \"Jeder\" with Chloé's SID: Yamada's right is withheld and said", async () => {
    const t = sidTenant();
    t.sendAs(at("buero"), at("yamada"), { TrusteeSidString: sidOf(t, "yamada") });
    t.sendAs(at("buero"), "Jeder", {
      AccessControlType: "Deny",
      TrusteeSidString: sidOf(t, "chloe"),
    });
    const r = await buildExports(writeWithSids(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${at("yamada")} holds the right`);
  });
});
