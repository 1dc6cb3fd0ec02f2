// Issue 11, review round 5: each finding as its whole kind, on tiny fixtures, asserting what an
// admin sees: the exit status, the rights that come out, and the wording (file, line, true
// reason, fix for that file's source).
import * as fs from "node:fs";
import * as path from "node:path";
import { build, DOMAIN, rightsOf, Tenant } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";

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

const cli = buildExports;

const write = writeExports;

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

describe("a value that names different recipients through different identity forms", () => {
  it("the Name of one and the display name of another: ambiguous, both named with their form, exit 1", async () => {
    const t = tenant();
    // Chloé's Name is "Chloé Martin", her display name "Chloé M."; 山田's display name is "Chloé Martin".
    const chloe = t.rows["recipients.csv"].find((r) => r.Alias === "chloe")!;
    Object.assign(chloe, {
      Name: "Chloé Martin",
      Identity: "Chloé Martin",
      DisplayName: "Chloé M.",
    });
    t.rows["recipients.csv"].find((r) => r.Alias === "yamada")!.DisplayName = "Chloé Martin";
    t.sendAs("support", "Chloé Martin", { TrusteeSidString: "" });
    const dir = write(t);

    const r = await cli(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `recipient-permissions.csv, line 2, column Trustee: SendAs on ${at("support")} is lost: "Chloé Martin" names 2 recipients: ${at("chloe")} (its Identity or Name), ${at("yamada")} (its display name): the build does not guess`
    );
    // The script wrote the trustee as Exchange returns it: re-running it would change nothing.
    expect(r.stderr).toContain(
      "fix: recipient-permissions.csv holds the Trustee as Exchange returns it, a name these recipients share: give the recipients different names in Exchange"
    );
    expect(r.stderr).toContain("LOST ambiguous trustee 1");
    const b = await build(dir, { allowUnresolved: true });
    expect(b.shard(at("chloe"))).toBeUndefined();
    expect(b.shard(at("yamada"))).toBeUndefined();
  });

  it("an alias that is another's bare sAMAccountName: ambiguous, never guessed", async () => {
    const t = tenant();
    // Jürgen's alias is "cmartin", which is Chloé's sAMAccountName.
    t.rows["recipients.csv"].find((r) => r.Alias === "juergen")!.Alias = "cmartin";
    t.fullAccess("support", "cmartin", { UserSid: "" });
    const r = await cli(write(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `"cmartin" names 2 recipients: ${at("juergen")} (its Alias), ${at("chloe")} (its SamAccountName)`
    );
  });

  it("the row's SID tells two recipients sharing a name apart (the SID is the account, not a guess)", async () => {
    const t = tenant();
    t.rows["recipients.csv"].find((r) => r.Alias === "yamada")!.DisplayName = "Chloé Martin";
    for (const [i, r] of t.rows["recipients.csv"].entries()) r.Sid = `S-1-5-21-1-2-3-${1100 + i}`;
    const chloeSid = t.rows["recipients.csv"].find((r) => r.Alias === "chloe")!.Sid;
    t.sendAs("support", "Chloé Martin", { TrusteeSidString: chloeSid });
    const dir = write(t);
    // The fixture writes only the columns it knows: add Sid to recipients.csv's header.
    const file = path.join(dir, "recipients.csv");
    const lines = fs.readFileSync(file, "utf8").split("\r\n");
    const sids = t.rows["recipients.csv"].map((r) => r.Sid);
    fs.writeFileSync(
      file,
      lines.map((l, i) => (l ? `${l},"${i === 0 ? "Sid" : sids[i - 1]}"` : l)).join("\r\n")
    );
    const r = await cli(dir);
    expect(r.code).toBe(0);
    const b = await build(dir);
    expect(rightsOf(b.shard(at("chloe")))).toEqual({ [at("support")]: ["SendAs"] });
    expect(b.shard(at("yamada"))).toBeUndefined();
  });
});

describe("a right granted to a recipient whose recipients.csv row was refused", () => {
  it.each([
    // A type name in a list column (EmailAddresses) no longer refuses the row (rev11c finding
    // 13, rev11c-g11b.test.ts); one in a column that says who the row is still does.
    [
      "Identity is a .NET type name",
      (r: Record<string, string>) => (r.Identity = "System.Object[]"),
      'its Identity holds the .NET type name "System.Object[]"',
    ],
    [
      "the primary address holds a zero-width space",
      (r: Record<string, string>) => (r.PrimarySmtpAddress = `chloe\u200b@${DOMAIN}`),
      "its PrimarySmtpAddress holds the invisible character U+200B",
    ],
  ])(
    "%s: the loss points at the refused row, not at an unknown trustee",
    async (_w, damage, why) => {
      const t = tenant();
      damage(t.rows["recipients.csv"].find((r) => r.Alias === "chloe")!);
      // Only recipients.csv carries SamAccountName (mailboxes.csv's row has the other forms).
      t.sendAs("support", "CONTOSO\\cmartin", { TrusteeSidString: "" });
      t.fullAccess("support", "cmartin", { UserSid: "" });
      const r = await cli(write(t));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `recipient-permissions.csv, line 2, column Trustee: SendAs on ${at("support")} is lost: "CONTOSO\\cmartin" names the recipient at recipients.csv line 3, whose row was refused (${why})`
      );
      expect(r.stderr).toContain(
        `mailbox-permissions.csv, line 2, column User: FullAccess on ${at("support")} is lost: "cmartin" names the recipient at recipients.csv line 3, whose row was refused`
      );
      expect(r.stderr).toContain("fix: correct recipients.csv line 3 first");
      expect(r.stderr).not.toContain("names no recipient");
    }
  );

  it("a bare sAMAccountName (no DOMAIN\\) is matched through the SamAccountName column", async () => {
    const t = tenant();
    t.fullAccess("support", "cmartin", { UserSid: "" });
    t.sendAs("support", "TYAMADA", { TrusteeSidString: "" });
    const dir = write(t);
    expect((await cli(dir)).code).toBe(0);
    const b = await build(dir);
    expect(rightsOf(b.shard(at("chloe")))).toEqual({ [at("support")]: ["FullAccess"] });
    expect(rightsOf(b.shard(at("yamada")))).toEqual({ [at("support")]: ["SendAs"] });
  });
});

describe("trustee forms written by other tools", () => {
  it("an on-premises distinguished name is matched by its CN", async () => {
    const t = tenant();
    t.fullAccess("support", "CN=Chloé Martin,OU=Users,DC=contoso,DC=com", { UserSid: "" });
    t.sendAs("support", "CN=山田 太郎,OU=Tokyo,DC=contoso,DC=com", { TrusteeSidString: "" });
    const dir = write(t);
    expect((await cli(dir)).code).toBe(0);
    const b = await build(dir);
    expect(rightsOf(b.shard(at("chloe")))).toEqual({ [at("support")]: ["FullAccess"] });
    expect(rightsOf(b.shard(at("yamada")))).toEqual({ [at("support")]: ["SendAs"] });
  });

  it("a name in decomposed Unicode (macOS tools) matches the composed name", async () => {
    const t = tenant();
    t.fullAccess("support", "Chloe\u0301 Martin", { UserSid: "" });
    t.sendAs("support", "Ju\u0308rgen Wei\u00df", { TrusteeSidString: "" });
    const dir = write(t);
    expect((await cli(dir)).code).toBe(0);
    const b = await build(dir);
    expect(rightsOf(b.shard(at("chloe")))).toEqual({ [at("support")]: ["FullAccess"] });
    expect(rightsOf(b.shard(at("juergen")))).toEqual({ [at("support")]: ["SendAs"] });
  });
});

describe("a file that is not text", () => {
  it.each([
    ["a PNG image", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
    ["an .xlsx workbook (a zip)", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0, 0x08, 0])],
    ["control bytes without NUL", Buffer.from([1, 2, 3, 4, 5, 6, 0x41, 0x42, 0x0a, 7, 8])],
  ])(
    "%s saved as group-members.csv: 'not a text file', never a Windows-1252 guess",
    async (_w, bytes) => {
      const dir = write(tenant());
      fs.writeFileSync(path.join(dir, "group-members.csv"), bytes);
      const r = await cli(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain("group-members.csv");
      expect(r.stderr).toContain("not a text file (CSV)");
      expect(r.stderr).not.toMatch(/1252|Excel/);
      // Nothing of the file's bytes reaches the terminal raw.
      expect([...r.stderr].filter((c) => c < " " && !"\t\n\r".includes(c))).toEqual([]);
    }
  );
});

describe("values on the terminal", () => {
  it("an invisible character in a value is shown as its escape, never written raw", async () => {
    const t = tenant();
    t.sendAs("support", "Chlo\u200b\u202eé Martin", { TrusteeSidString: "" });
    const r = await cli(write(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Chlo\\u200B\\u202Eé Martin");
    expect(r.stderr).not.toMatch(/\u200b|\u202e/);
  });
});

describe(".NET type names in a single-value column", () => {
  it("a Deserialized object type in Trustee: a type in place of a value, fixed by writing it as text", async () => {
    const t = tenant();
    t.sendAs("support", "Deserialized.Microsoft.Exchange.Data.Directory.ADObjectId", {
      TrusteeSidString: "",
    });
    const r = await cli(write(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'holds the .NET type name "Deserialized.Microsoft.Exchange.Data.Directory.ADObjectId" in place of a value'
    );
    expect(r.stderr).toContain("Expression={$_.Trustee.ToString()}");
    expect(r.stderr).not.toContain("cannot write lists");
  });
});

describe("a file whose encoding changes part-way", () => {
  it("even under the script's header and export-info.csv, the fix names no tool", async () => {
    const t = tenant();
    t.sendAs("support", "Jürgen Weiß", { TrusteeSidString: "" });
    const dir = write(t);
    expect(fs.existsSync(path.join(dir, "export-info.csv"))).toBe(true);
    const file = path.join(dir, "recipient-permissions.csv");
    // A line appended by another program in Windows-1252 ("é" as the single byte 0xE9).
    const appended = Buffer.from(
      '"support","Chlo\u00e9 Martin","Allow","SendAs","False",""\r\n',
      "latin1"
    );
    fs.writeFileSync(file, Buffer.concat([fs.readFileSync(file), appended]));
    const r = await cli(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the file mixes encodings");
    const fixes = r.stderr
      .split("\n")
      .filter((l) => l.includes("fix:") && l.includes("one encoding"));
    expect(fixes.length).toBeGreaterThan(0);
    for (const f of fixes) expect(f).not.toContain("Export-SendFromData.ps1");
  });
});
