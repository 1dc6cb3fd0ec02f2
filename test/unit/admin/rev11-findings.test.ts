// Issue 11, review rev11: each finding as its whole kind, on tiny fixtures, asserting what an
// admin sees: the exit status, the rights that come out, and the wording.
import * as fs from "node:fs";
import * as path from "node:path";
import * as iconv from "iconv-lite";
import { main } from "../../../src/admin/cli";
import { COLUMNS, DOMAIN, rightsOf, Tenant, toCsv } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";
import { shardPath } from "../../../src/core/shard-name";
import { toSmtpAddress } from "../../../src/core/address";

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

/** Rewrites one file of the folder with only the given columns (as another tool would export it). */
function rewrite(dir: string, t: Tenant, file: keyof typeof COLUMNS, columns: string[]): void {
  fs.writeFileSync(path.join(dir, file), toCsv([...COLUMNS[file]], t.rows[file], { columns }));
}

describe("finding 1: recipients.csv without RecipientTypeDetails", () => {
  const withoutType = COLUMNS["recipients.csv"].filter((c) => c !== "RecipientTypeDetails");

  it.each([
    ["Send As", "recipient-permissions.csv", "Trustee"],
    ["Send on Behalf", "mailboxes.csv", "GrantSendOnBehalfTo"],
    ["Full Access", "mailbox-permissions.csv", "User"],
  ])(
    "%s to a recipient neither mailboxes.csv nor groups.csv lists is lost naming the missing column, never a delegate",
    async (right, file, column) => {
      const t = tenant();
      t.rows["recipients.csv"].push({
        Identity: "Sales",
        Name: "Sales",
        Alias: "sales",
        DisplayName: "Sales Team",
        PrimarySmtpAddress: at("sales"),
        ExternalDirectoryObjectId: "a0000000-0000-4000-8000-000000000010",
        RecipientTypeDetails: "MailUniversalSecurityGroup",
        EmailAddresses: `SMTP:${at("sales")}`,
      });
      t.sendAs("buero", "chloe");
      if (right === "Send As") t.sendAs("buero", "Sales Team", { TrusteeSidString: "" });
      else if (right === "Full Access") t.fullAccess("buero", "Sales Team", { UserSid: "" });
      else t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "Sales Team");
      const dir = write(t);
      rewrite(dir, t, "recipients.csv", withoutType);

      const r = await cli(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(`${file}, line `);
      expect(r.stderr).toContain(`column ${column}: `);
      expect(r.stderr).toContain("recipients.csv has no RecipientTypeDetails column");
      expect(r.stderr).toContain("export recipients.csv with its RecipientTypeDetails column");

      const allowed = await cli(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(allowed.shard(at("sales"))).toBeUndefined();
      // The users that mailboxes.csv proves are users keep their rights.
      expect(rightsOf(allowed.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendAs"] });
      expect(allowed.report.lost).toHaveLength(1);
    }
  );
});

describe("finding 8: a group listed with no member rows, from a folder the script did not prove", () => {
  function withEmptyGroup(nested: boolean): Tenant {
    const t = tenant();
    t.group("Sales Team", "sales", "MailUniversalSecurityGroup");
    if (nested) {
      t.group("Alle", "alle", "MailUniversalSecurityGroup", {}, [at("sales"), at("yamada")]);
      t.sendAs("buero", "Alle", { TrusteeSidString: "" });
    } else t.sendAs("buero", "Sales Team", { TrusteeSidString: "" });
    return t;
  }

  it.each([false, true])(
    "without export-info.csv its Send As is lost (exit 1), not an empty group (nested %s)",
    async (nested) => {
      const t = withEmptyGroup(nested);
      t.exportInfo = null;
      const dir = write(t);
      const r = await cli(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain("recipient-permissions.csv, line 2, column Trustee");
      expect(r.stderr).toContain(`"Sales Team" (${at("sales")}), a group without member list`);
      expect(r.stderr).toContain("nothing shows the export script wrote the folder");
      expect(r.stderr).not.toContain("gives the right to no one");
      if (nested) {
        const allowed = await cli(dir, "--allow-unresolved");
        expect(allowed.code).toBe(0);
        expect(rightsOf(allowed.shard(at("yamada")))).toEqual({ [at("buero")]: ["SendAs"] });
      }
    }
  );

  it("with the script's export-info.csv it is an empty group: a warning, exit 0", async () => {
    const r = await cli(write(withEmptyGroup(false)));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("empty group");
  });
});

describe("finding 17: a Deny whose trustee names several recipients", () => {
  function twins(): Tenant {
    const t = tenant();
    t.user("Chloé Martin", "chloe2", { sam: "cmartin2", name: "chloe2" });
    return t;
  }

  it.each([
    ["Send As", "recipient-permissions.csv", "Trustee", false],
    ["Full Access", "mailbox-permissions.csv", "User", false],
    ["Send As through a group", "recipient-permissions.csv", "Trustee", true],
  ])(
    "%s: reported naming both recipients, exit 1; with --allow-unresolved the right is withheld",
    async (right, file, column, viaGroup) => {
      const t = twins();
      const full = right.startsWith("Full Access");
      if (viaGroup) {
        t.group("Team", "team", "MailUniversalSecurityGroup", {}, [at("chloe"), at("yamada")]);
        t.sendAs("buero", "team");
      } else if (full) t.fullAccess("buero", at("chloe"));
      else t.sendAs("buero", at("chloe"));
      if (full) t.fullAccess("buero", "Chloé Martin", { Deny: "True", UserSid: "" });
      else t.sendAs("buero", "Chloé Martin", { AccessControlType: "Deny", TrusteeSidString: "" });
      const dir = write(t);

      const r = await cli(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(`${file}, line 3, column ${column}: `);
      expect(r.stderr).toContain(`a Deny for "Chloé Martin", which names 2 recipients`);
      expect(r.stderr).toContain(at("chloe2"));
      expect(r.stderr).toContain(`${at("chloe")} holds the right it denies`);

      const allowed = await cli(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(rightsOf(allowed.shard(at("chloe")))).toEqual({});
      if (viaGroup)
        expect(rightsOf(allowed.shard(at("yamada")))).toEqual({ [at("buero")]: ["SendAs"] });
    }
  );

  it("takes nothing from anyone when no recipient it may name holds the right: exit 0", async () => {
    const t = twins();
    t.sendAs("buero", at("yamada"));
    t.sendAs("buero", "Chloé Martin", { AccessControlType: "Deny", TrusteeSidString: "" });
    const r = await cli(write(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("yamada")))).toEqual({ [at("buero")]: ["SendAs"] });
  });
});

describe("finding 16: addresses the pane leaves out (mixed scripts, look-alike letters)", () => {
  it.each([
    ["a shared mailbox's primary address", "pr-отдел", "mailboxes"],
    ["an alias mixing Latin and Cyrillic", "jürgen-вейс", "alias"],
    ["an alias in fullwidth letters", "ｊｗ", "alias"],
  ])("%s is refused at build with file and line, exit 1", async (_what, local, where) => {
    const t = tenant();
    if (where === "mailboxes") {
      t.shared("PR Abteilung", local);
      t.set("mailboxes.csv", at(local), "GrantSendOnBehalfTo", "Chloé Martin");
    } else {
      t.rows["recipients.csv"][0].EmailAddresses += `;smtp:${at(local)}`;
      t.sendAs("buero", "juergen");
    }
    const r = await cli(write(t));
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toMatch(
      /recipients\.csv, line \d+, column (PrimarySmtpAddress|EmailAddresses)/
    );
    expect(r.stderr).toContain("mixes scripts or uses look-alike letters");
    expect(r.stderr).toContain("the add-in leaves it out");
  });

  it("a pure Cyrillic or Japanese local part is one script and builds", async () => {
    const t = tenant();
    t.shared("PR Abteilung", "отдел");
    t.set("mailboxes.csv", at("отдел"), "GrantSendOnBehalfTo", "Chloé Martin");
    const r = await cli(write(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("отдел")]: ["SendOnBehalf"] });
  });

  it("validate and lookup say the pane leaves such an entry out, not that it is listed twice", async () => {
    const t = tenant();
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "Chloé Martin");
    const r = await cli(write(t));
    expect(r.code).toBe(0);
    const file = path.join(r.out, shardPath(toSmtpAddress(at("chloe"))));
    const shard = JSON.parse(fs.readFileSync(file, "utf8"));
    shard.mailboxes[0].address = "pr-отдел@contoso.example";
    fs.writeFileSync(file, JSON.stringify(shard));

    let err = "";
    const io = {
      stdout: { write: () => undefined },
      stderr: { write: (s: string) => (err += s), isTTY: false },
    };
    expect(await main(["validate", "--directory", r.out], io)).toBe(1);
    expect(err).toContain("which the pane leaves out: it mixes scripts");
    expect(err).toContain("lists no mailbox the pane shows");
    expect(err).not.toContain("more than once");
    err = "";
    expect(await main(["lookup", "--directory", r.out, "--user", at("chloe")], io)).toBe(0);
    expect(err).toContain("which the pane leaves out: it mixes scripts");
    expect(err).not.toContain("more than once");
  });
});

describe("finding 14: canonical names joined with ',' or ', '", () => {
  it.each([
    ["', '", "contoso.example/Users/yamada, contoso.example/Users/chloe", ["yamada", "chloe"]],
    ["','", "contoso.example/Users/yamada,contoso.example/Users/chloe", ["yamada", "chloe"]],
    [
      "',' with a name holding a comma",
      "contoso.example/Users/Weiß, Jürgen,contoso.example/Users/chloe",
      ["juergen", "chloe"],
    ],
  ])("%s: each canonical name is granted, exit 0", async (_join, value, who) => {
    const t = tenant();
    t.rows["recipients.csv"][0].Name = "Weiß, Jürgen";
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", value);
    const r = await cli(write(t));
    expect(r.stderr).not.toContain("FAILED");
    expect(r.code).toBe(0);
    for (const local of who)
      expect(rightsOf(r.shard(at(local)))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
  });

  it("one canonical name still resolves by its last part", async () => {
    const t = tenant();
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "contoso.example/Users/chloe");
    const r = await cli(write(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
  });
});

describe("findings 13 and 21: names in another code page, or mis-decoded, are never published", () => {
  it.each([
    ["Shift_JIS (Japanese Excel)", "shift_jis", "営業 共有", "Shift_JIS (code page 932, Japanese)"],
    [
      "Windows-1250 (Central European Excel)",
      "cp1250",
      "Biuro Łódź",
      "Windows-1250 (Central European)",
    ],
    ["Windows-1251 (Cyrillic)", "cp1251", "Отдел продаж", "Windows-1251 (Cyrillic)"],
  ])(
    "mailboxes.csv in %s: refused with the line, the code page and the UTF-8 fix",
    async (_what, page, name, label) => {
      const t = tenant();
      t.rows["recipients.csv"][3].DisplayName = name;
      t.rows["mailboxes.csv"][3].DisplayName = name;
      t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "Chloé Martin");
      const dir = write(t);
      const text = toCsv([...COLUMNS["mailboxes.csv"]], t.rows["mailboxes.csv"], {
        bom: false,
      }).replace("Chloé Martin", "chloe@contoso.example");
      fs.writeFileSync(path.join(dir, "mailboxes.csv"), iconv.encode(text, page));
      const r = await cli(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain("mailboxes.csv, line 5, column DisplayName: ");
      expect(r.stderr).toContain(
        `but recipients.csv spells ${at("buero")} "${name}": the file is probably ${label}`
      );
      expect(r.stderr).toContain('"CSV UTF-8 (Comma delimited)"');
    }
  );

  it.each([
    ["a name recipients.csv also has", "Büro München", true],
    ["a name only mailboxes.csv has", "Öffentlichkeitsarbeit", false],
  ])(
    "UTF-8 read as ANSI and saved again, %s: refused naming the real name",
    async (_what, real, both) => {
      const t = tenant();
      const garbled = iconv.decode(Buffer.from(real, "utf8"), "windows-1252");
      if (both) t.rows["mailboxes.csv"][3].DisplayName = garbled;
      else {
        t.shared(real, "oea");
        t.rows["mailboxes.csv"][4].DisplayName = garbled;
        t.rows["recipients.csv"].pop();
      }
      const r = await cli(write(t));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`"${garbled}" is "${real}"`);
      expect(r.stderr).toContain("mis-decoded");
    }
  );

  it("Western names in Windows-1252 are still read (and said so in the summary)", async () => {
    const t = tenant();
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "Jürgen Weiß");
    t.rows["mailboxes.csv"] = t.rows["mailboxes.csv"].filter(
      (m) => !m.DisplayName.startsWith("山田")
    );
    t.rows["recipients.csv"] = t.rows["recipients.csv"].filter(
      (m) => !m.DisplayName.startsWith("山田")
    );
    const dir = write(t);
    const text = toCsv([...COLUMNS["mailboxes.csv"]], t.rows["mailboxes.csv"], { bom: false });
    fs.writeFileSync(path.join(dir, "mailboxes.csv"), iconv.encode(text, "windows-1252"));
    const r = await cli(dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("read mailboxes.csv as Windows-1252");
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
  });
});

describe("finding 9: the member-list fix names the cmdlet for the group's type", () => {
  it.each([
    ["DynamicDistributionGroup", "Get-DynamicDistributionGroupMember -Identity"],
    ["GroupMailbox", "Get-UnifiedGroupLinks -Identity"],
    ["MailUniversalDistributionGroup", "Get-DistributionGroupMember -Identity"],
  ])("%s: %s", async (type, cmdlet) => {
    const t = tenant();
    t.rows["recipients.csv"].push({
      Identity: "DDG",
      Name: "DDG",
      Alias: "ddg",
      DisplayName: "Alle Mitarbeiter",
      PrimarySmtpAddress: at("ddg"),
      ExternalDirectoryObjectId: "",
      RecipientTypeDetails: type,
      EmailAddresses: `SMTP:${at("ddg")}`,
    });
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "Alle Mitarbeiter");
    const r = await cli(write(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`fix: export the members of ${at("ddg")} (${cmdlet} ${at("ddg")}`);
    if (type !== "MailUniversalDistributionGroup")
      expect(r.stderr).not.toContain("Get-DistributionGroupMember");
  });
});

describe("finding 11: --strict's fix for an orphaned SID names the cmdlet for its column", () => {
  it.each([
    [
      "GrantSendOnBehalfTo",
      `Set-Mailbox ${"buero@contoso.example"} -GrantSendOnBehalfTo @{remove=`,
    ],
    ["Trustee", "Remove-RecipientPermission -Identity buero@contoso.example"],
    ["User", "Remove-MailboxPermission -Identity buero@contoso.example"],
  ])("%s", async (column, fix) => {
    const t = tenant();
    const orphan = "S-1-5-21-1-2-3-1998";
    t.rows["recipients.csv"].forEach((row, i) => (row.Sid = `S-1-5-21-1-2-3-${1001 + i}`));
    if (column === "GrantSendOnBehalfTo") t.set("mailboxes.csv", at("buero"), column, orphan);
    else if (column === "Trustee") t.sendAs("buero", orphan, { TrusteeSidString: orphan });
    else t.fullAccess("buero", orphan, { UserSid: orphan });
    const dir = write(t);
    rewrite(dir, t, "recipients.csv", [...COLUMNS["recipients.csv"], "Sid"]);
    expect((await cli(dir)).code).toBe(0);
    const r = await cli(dir, "--strict");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(fix);
    if (column === "GrantSendOnBehalfTo")
      expect(r.stderr).not.toContain("Remove-RecipientPermission");
  });
});

describe("finding 10: an unmatched SID while a mailbox is missing from recipients.csv", () => {
  it("names the mailbox without a Sid instead of claiming empty Sids", async () => {
    const t = tenant();
    t.rows["recipients.csv"].forEach((row, i) => (row.Sid = `S-1-5-21-1-2-3-${1001 + i}`));
    t.shared("Neu Person", "neu");
    t.rows["recipients.csv"].pop();
    t.sendAs("buero", "S-1-5-21-1-2-3-1999", { TrusteeSidString: "S-1-5-21-1-2-3-1999" });
    const dir = write(t);
    rewrite(dir, t, "recipients.csv", [...COLUMNS["recipients.csv"], "Sid"]);
    const r = await cli(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the exports have no Sid for ${at("neu")}`);
    expect(r.stderr).not.toContain("some recipients have an empty Sid");
    expect(r.stderr).not.toContain("some rows of recipients.csv have an empty Sid");
  });
});

describe("finding 18: a DOS end-of-file byte (Ctrl-Z) at the end of a file", () => {
  it.each(["mailbox-permissions.csv", "mailboxes.csv", "recipients.csv"])(
    "%s ending in 0x1A builds as without it",
    async (file) => {
      const t = tenant();
      t.fullAccess("buero", at("chloe"));
      const dir = write(t);
      fs.appendFileSync(path.join(dir, file), Buffer.from([0x1a]));
      const r = await cli(dir);
      expect(r.stderr).not.toContain("different number of fields");
      expect(r.code).toBe(0);
      expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["FullAccess"] });
    }
  );
});
