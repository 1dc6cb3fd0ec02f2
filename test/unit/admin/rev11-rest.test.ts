// Issue 11, review rev11, the remaining findings (3-7, 12, 19, 20): each as its whole kind, on
// tiny fixtures, asserting what an admin sees: exit status, rights that come out, and wording.
import * as fs from "node:fs";
import * as path from "node:path";
import { DOMAIN, Tenant } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen", { sam: "jweiss" });
  t.user("Chloé Martin", "chloe", { sam: "cmartin" });
  t.user("山田 太郎", "yamada", { sam: "tyamada" });
  t.shared("Büro München", "buero");
  return t;
}

const cli = buildExports;

const write = writeExports;

describe("finding 12: a damaged name in the Identity column gets the damaged-name diagnosis", () => {
  it.each([
    [
      '"?" for every letter outside ASCII',
      "B?ro M?nchen",
      /looks like "Büro München"/,
      /-Encoding UTF8/,
    ],
    ["UTF-8 read as Windows-1252", "BÃ¼ro MÃ¼nchen", /is "Büro München" mis-decoded/, /UTF-?8/],
    [
      "a zero-width space",
      "Büro\u200B München",
      /U\+200B: without it, it would name buero@/,
      /remove the character from the Identity/,
    ],
    [
      "a bidi override",
      "bu\u202Eero",
      /U\+202E: without it, it would name buero@/,
      /remove the character from the Identity/,
    ],
  ])(
    "%s: damaged name with the real name and the fix, never 'created or renamed while exporting'",
    async (_, identity, message, fix) => {
      const t = tenant();
      t.sendAs(identity, "chloe", { TrusteeSidString: "" });
      const r = await cli(write(t));
      expect(r.code).toBe(1);
      const lost = r.report.problems.filter((l: { column: string }) => l.column === "Identity");
      expect(lost).toHaveLength(1);
      expect(r.report.dropped.damagedText).toBe(1);
      expect(r.report.dropped.unresolvedMailbox).toBe(0);
      expect(lost[0].message).toMatch(message);
      expect(lost[0].fix).toMatch(fix);
      expect(lost[0].fix).not.toMatch(/created or renamed/);
      expect(r.stderr).not.toMatch(/created or renamed/);
    }
  );

  it("a Full Access row's Identity is diagnosed the same way", async () => {
    const t = tenant();
    t.fullAccess("B?ro M?nchen", "chloe", { UserSid: "" });
    const r = await cli(write(t));
    expect(r.code).toBe(1);
    expect(r.report.dropped.damagedText).toBe(1);
    expect(r.report.problems[0].message).toMatch(
      /is lost: Identity "B\?ro M\?nchen" looks like "Büro München"/
    );
  });

  it("an Identity that names no one and is not damaged is still an unresolved mailbox", async () => {
    const t = tenant();
    t.sendAs("Nirgendwo", "chloe", { TrusteeSidString: "" });
    const r = await cli(write(t));
    expect(r.code).toBe(1);
    expect(r.report.dropped.unresolvedMailbox).toBe(1);
    expect(r.report.problems[0].fix).toMatch(/created or renamed while exporting/);
  });
});

describe("finding 6: a space-like character in a trustee", () => {
  it.each([
    ["no-break space", "Jürgen\u00A0Weiß", "U+00A0", "\\u00A0", "juergen"],
    ["ideographic space", "山田\u3000太郎", "U+3000", "\\u3000", "yamada"],
    ["en space", "Chloé\u2002Martin", "U+2002", "\\u2002", "chloe"],
  ])(
    "%s: says who it would name with a space, prints the character escaped",
    async (_, value, code, escaped, who) => {
      const t = tenant();
      t.sendAs("buero", value, { TrusteeSidString: "" });
      const r = await cli(write(t));
      expect(r.code).toBe(1);
      const lost = r.report.problems[0];
      expect(r.report.dropped.damagedText).toBe(1);
      expect(lost.message).toContain(`${code}: with a space in its place it would name ${at(who)}`);
      expect(r.stderr).toContain(escaped);
      expect(r.stderr).not.toMatch(/[\u00A0\u2002\u3000]/);
      expect(r.shard(at(who))).toBeUndefined();
    }
  );

  it("the same value in both files still resolves exactly", async () => {
    const t = new Tenant();
    t.user("山田\u3000太郎", "yamada");
    t.shared("Büro München", "buero");
    t.sendAs("buero", "山田\u3000太郎", { TrusteeSidString: "" });
    const r = await cli(write(t));
    expect(r.code).toBe(0);
    expect(r.shard(at("yamada"))?.mailboxes.map((m) => m.address)).toEqual([at("buero")]);
  });

  it("a mailbox named with the ideographic space is published as named, without a warning (rev11p 3)", async () => {
    const t = new Tenant();
    t.user("山田\u3000太郎", "yamada");
    t.shared("営業部\u3000第一課", "eigyo");
    t.fullAccess("eigyo", "yamada");
    const r = await cli(write(t));
    expect(r.code).toBe(0);
    expect(r.shard(at("yamada"))?.mailboxes.map((m) => m.displayName)).toEqual([
      "営業部\u3000第一課",
    ]);
    expect(r.stderr).not.toContain("U+3000");
    expect(r.report.warnings.join("\n")).not.toContain("U+3000");
  });
});

describe('finding 7: a display name holding ";" in GrantSendOnBehalfTo', () => {
  const onBehalf = (r: Awaited<ReturnType<typeof cli>>, user: string) =>
    r.shard(at(user))?.mailboxes.find((m) => m.address === at("buero"))?.rights ?? [];

  it.each([
    ["the name alone", "Weiß; Jürgen", ["wj"], []],
    ["the name in a ';' list", "Weiß; Jürgen;Martin, Chloé", ["wj", "chloe"], []],
    [
      "the name in a '; ' list with a trailing ';'",
      "Martin, Chloé; Weiß; Jürgen;",
      ["chloe", "wj"],
      [],
    ],
    ["';' and ',' joins mixed", "Martin, Chloé;Weiß; Jürgen", ["chloe", "wj"], []],
    [
      "a list with an unknown name",
      "Weiß; Jürgen;Ghost User",
      ["wj"],
      ['"Ghost User" names no recipient'],
    ],
  ])("%s: cut only where each piece names a recipient", async (_, value, granted, lost) => {
    const t = new Tenant();
    t.user("Weiß; Jürgen", "wj");
    t.user("Martin, Chloé", "chloe");
    t.shared("Büro München", "buero");
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", value);
    const r = await cli(write(t), "--allow-unresolved");
    expect(r.code).toBe(0);
    for (const u of granted) expect(onBehalf(r, u)).toContain("SendOnBehalf");
    expect(r.report.lost.map((l: { message: string }) => l.message.slice(0, 40))).toEqual(
      lost.map((m) => expect.stringContaining(m))
    );
    expect(r.report.lost.some((l: { value: string }) => /^(Weiß|Jürgen)$/.test(l.value))).toBe(
      false
    );
  });

  it('a value that reads as one name or as two is reported as ambiguous, naming ";"', async () => {
    const t = new Tenant();
    t.user("Weiß; Jürgen", "wj");
    t.user("Weiß", "weiss");
    t.user("Jürgen", "juergen");
    t.shared("Büro München", "buero");
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "Weiß; Jürgen");
    const r = await cli(write(t));
    expect(r.code).toBe(1);
    expect(r.report.dropped.ambiguousTrustee).toBe(1);
    expect(r.report.problems[0].message).toMatch(
      /can be read as one recipient, "Weiß; Jürgen", or as 2 recipients, "Weiß" \+ "Jürgen": names in it hold ";"/
    );
    expect(r.report.problems[0].fix).toMatch(/primary SMTP addresses/);
  });

  it("an ordinary ';' list of 300 delegates is still granted to each", async () => {
    const t = new Tenant();
    t.shared("Büro München", "buero");
    const users = Array.from({ length: 300 }, (_, i) => `user${i}`);
    for (const u of users) t.user(`User ${u}`, u);
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", users.map((u) => at(u)).join(";"));
    const r = await cli(write(t));
    expect(r.code).toBe(0);
    for (const u of [users[0], users[150], users[299]])
      expect(onBehalf(r, u)).toContain("SendOnBehalf");
  });
});

describe("findings 3, 4: an ambiguous value lists each recipient by the form it matched, and the fix fits that form", () => {
  it.each([
    ["a distinguished name", "CN=chloe,OU=Users,DC=contoso,DC=local"],
    ["a canonical name", "contoso.local/Users/chloe"],
  ])("%s names the recipients and forms, as a plain value does", async (_, trustee) => {
    const t = tenant();
    t.user("chloe", "other");
    t.fullAccess(at("buero"), trustee, { UserSid: "" });
    const r = await cli(write(t));
    expect(r.code).toBe(1);
    expect(r.report.problems[0].message).toMatch(
      new RegExp(
        `names 2 recipients: ${at("chloe")} \\(its Name\\), ${at("other")} \\(its display name\\)`
      )
    );
  });

  it("alias vs sAMAccountName: names the Alias and fixes with -Alias or the sAMAccountName, not -DisplayName", async () => {
    const t = tenant();
    t.rows["recipients.csv"].find((x) => x.Alias === "juergen")!.Alias = "jw";
    t.user("Jan Wolf", "jan", { sam: "jw" });
    t.sendAs("buero", "jw", { TrusteeSidString: "" });
    const r = await cli(write(t));
    expect(r.code).toBe(1);
    const p = r.report.problems[0];
    expect(p.message).toContain(`${at("juergen")} (its Alias), ${at("jan")} (its SamAccountName)`);
    expect(p.fix).toMatch(new RegExp(`Set-Mailbox ${at("juergen")} -Alias`));
    expect(p.fix).toMatch(/sAMAccountName/);
    expect(p.fix).not.toMatch(/-DisplayName/);
  });

  // Since rev11j finding 3 the address itself is the error (issue point 4: an address another
  // recipient owns), before any trustee is read: it names both, and fixes the address or the UPN.
  it("UPN vs proxy address: names both and fixes the address, not the name", async () => {
    const t = tenant();
    const juergen = t.rows["recipients.csv"].find((x) => x.Alias === "juergen")!;
    juergen.UserPrincipalName = "jw.upn@contoso.example";
    const chloe = t.rows["recipients.csv"].find((x) => x.Alias === "chloe")!;
    chloe.EmailAddresses = `${chloe.EmailAddresses};smtp:jw.upn@contoso.example`;
    t.sendAs("buero", "jw.upn@contoso.example", { TrusteeSidString: "" });
    const r = await cli(write(t));
    expect(r.code).toBe(1);
    const p = r.report.problems.find((x: { column: string }) => x.column === "EmailAddresses");
    expect(p.message).toMatch(/is the user principal name of .*, and also a proxy address of /);
    expect(p.fix).toMatch(
      /-EmailAddresses @\{remove="jw.upn@contoso.example"\}|-UserPrincipalName/
    );
    expect(p.fix).not.toMatch(/-DisplayName/);
  });
});

describe("finding 20: Excel's sep= first line", () => {
  it.each([
    [";", "sep=;"],
    ["tab", "sep=\t"],
    [",", "sep=,"],
  ])("declares the separator (%s) and is skipped: the file's rows are read", async (_, line) => {
    const t = tenant();
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "Chloé Martin");
    const dir = write(t);
    const file = path.join(dir, "mailboxes.csv");
    const d = line.slice(4);
    const rows = fs
      .readFileSync(file, "utf8")
      .split(/\r?\n/)
      .filter((l) => l !== "")
      .map((l) => l.replace(/"/g, "").split(",").join(d));
    fs.writeFileSync(file, [line, ...rows].join("\r\n") + "\r\n");
    const r = await cli(dir);
    expect(r.stderr).not.toMatch(/is missing/);
    expect(r.code).toBe(0);
    expect(
      r.shard(at("chloe"))?.mailboxes.find((m) => m.address === at("buero"))?.rights
    ).toContain("SendOnBehalf");
  });
});

describe("finding 19: a DOMAIN\\name or SID that may be a security group without mail", () => {
  it.each([["NAMPR07A003\\SG-Helpdesk"], ["S-1-5-21-1-2-3-5000"]])(
    "%s: the lookup finds groups too, and removal is only for what no lookup finds",
    async (user) => {
      const t = tenant();
      t.fullAccess(at("buero"), user, { UserSid: "S-1-5-21-1-2-3-5000" });
      const r = await cli(write(t));
      expect(r.code).toBe(1);
      const fix = r.report.problems[0].fix;
      expect(fix).toMatch(/Get-ADGroup/);
      expect(fix).toMatch(/Get-Group/);
      expect(fix).toMatch(/group without mail, mail-enable it/);
      expect(fix).toMatch(/only if none of these finds it, remove/);
    }
  );
});

describe("finding 5: a fix about Exchange is one instruction, not glued to the command that wrote the file", () => {
  it.each([
    [
      "a hidden character in a proxy address",
      `smtp:chl\u200Boe2@${DOMAIN}`,
      "chloe",
      /^remove the character from the address in Exchange \(Set-Mailbox/,
    ],
    [
      "an address two recipients claim",
      `smtp:${at("buero")}`,
      "juergen",
      // buero@ is the mailbox's primary address: Jürgen's proxy goes (rev11q finding 5).
      /^remove buero@contoso\.example from the proxy addresses of juergen@contoso\.example \(Set-Mailbox juergen@contoso\.example/,
    ],
  ])("%s", async (_, proxy, who, fix) => {
    const t = tenant();
    const row = t.rows["recipients.csv"].find((x) => x.Alias === who)!;
    row.EmailAddresses = `${row.EmailAddresses};${proxy}`;
    const dir = write(t);
    fs.rmSync(path.join(dir, "export-info.csv"), { force: true });
    const r = await cli(dir);
    expect(r.code).toBe(1);
    // Said on the row read second: Jürgen's proxy, or buero@'s own PrimarySmtpAddress.
    const p = r.report.problems.find((x: { column: string }) =>
      ["EmailAddresses", "PrimarySmtpAddress"].includes(x.column)
    );
    expect(p.fix).toMatch(fix);
    expect(p.fix).toMatch(/, then export recipients\.csv again/);
    expect(p.fix).not.toMatch(/in the (PowerShell command|tool) that wrote/);
  });
});

describe("rev11q finding 5: a proxy address that is a group's primary address, the group only in groups.csv", () => {
  it("names groups.csv's PrimarySmtpAddress and tells to remove the proxy from the user, not from the group", async () => {
    const t = tenant();
    t.group("Team Süd", "team-sued", "MailUniversalSecurityGroup");
    t.rows["recipients.csv"] = t.rows["recipients.csv"].filter((x) => x.Alias !== "team-sued");
    const row = t.rows["recipients.csv"].find((x) => x.Alias === "juergen")!;
    row.EmailAddresses = `${row.EmailAddresses};smtp:${at("team-sued")}`;
    const r = await cli(write(t));
    expect(r.code).toBe(1);
    const p = r.report.problems.find((x: { file: string }) => x.file === "groups.csv");
    expect(p).toMatchObject({ file: "groups.csv", column: "PrimarySmtpAddress" });
    expect(p.fix).toMatch(
      new RegExp(
        `^remove ${at("team-sued").replace(/\./g, "\\.")} from the proxy addresses of ${at("juergen").replace(/\./g, "\\.")}`
      )
    );
  });
});
