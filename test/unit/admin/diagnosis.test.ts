// One lost right, one true diagnosis (issue 11, review round 3): a name mis-decoded by a file
// that mixes encodings is diagnosed as mis-decoded with the fix for the encoding, not also as an
// unknown trustee; each lost piece of a ","-joined Send on Behalf list is counted and listed;
// DOMAIN\name without a SamAccountName column says which column is missing.
import * as iconv from "iconv-lite";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../../src/admin/cli";
import {
  build,
  COLUMNS,
  DOMAIN,
  rightsOf,
  tempDir,
  Tenant,
  toCsv,
} from "../../fixtures/admin/tenant";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen.weiss", { sam: "jweiss" });
  t.user("Chloé Martin", "chloe.martin", { sam: "cmartin" });
  t.user("山田 太郎", "yamada", { sam: "tyamada" });
  t.shared("Büro München", "buero");
  return t;
}

function write(t: Tenant): string {
  return t.write(path.join(tempDir(), "exports"));
}

async function cli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  });
  return { code, stdout, stderr };
}

/** considered = granted + every reason in dropped: the build's books balance. */
function balanced(summary: {
  accounting: { considered: number; granted: number };
  dropped: Record<string, number>;
}): boolean {
  const dropped = Object.values(summary.dropped).reduce((a, b) => a + b, 0);
  return summary.accounting.considered === summary.accounting.granted + dropped;
}

/**
 * mailbox-permissions.csv as two programs left it: the header and the first rows in
 * Windows-1252 (Excel's "CSV"), then rows appended in UTF-8 (Export-Csv -Encoding UTF8 >>).
 */
function mixedPermissions(dir: string, first: string[], appended: string[]) {
  const file = "mailbox-permissions.csv";
  const rows = (users: string[]) =>
    users.map((u) => ({
      Identity: "buero",
      User: u,
      AccessRights: "FullAccess",
      IsInherited: "False",
      Deny: "False",
      InheritanceType: "All",
      UserSid: "",
    }));
  const head = toCsv([...COLUMNS[file]], rows(first), { bom: false });
  const tail = toCsv([...COLUMNS[file]], rows(appended), { bom: false })
    .split("\r\n")
    .slice(1);
  fs.writeFileSync(
    path.join(dir, file),
    Buffer.concat([iconv.encode(head, "windows-1252"), Buffer.from(tail.join("\r\n"), "utf8")])
  );
}

describe("a name mis-decoded because its file mixes encodings", () => {
  it("is one lost right diagnosed as mis-decoded, with the fix for the encoding, not an unknown trustee", async () => {
    const dir = write(tenant());
    mixedPermissions(dir, ["Chloé Martin"], ["Jürgen Weiß"]);
    const b = await build(dir);
    expect(b.result.ok).toBe(false);
    const list = b.result.ok ? [] : b.result.problems.list;
    expect(list).toHaveLength(2);
    const [file, grant] = list;
    expect(file).toMatchObject({ file: "mailbox-permissions.csv", line: 3 });
    expect(file.message).toContain("mixes encodings");
    expect(grant).toMatchObject({ file: "mailbox-permissions.csv", line: 3, column: "User" });
    expect(grant.message).toBe(
      `FullAccess on ${at("buero")} is lost: "JÃ¼rgen WeiÃŸ" is "Jürgen Weiß" mis-decoded (its UTF-8 bytes were read as Windows-1252), so it names no recipient: mailbox-permissions.csv was written in two encodings, or saved again after it was read in the wrong one`
    );
    // The same fix as the file's own problem: one encoding; no Get-Recipient hunt, and no
    // --allow-unresolved, which would not get past the file's problem anyway.
    expect(grant.fix).toBe(file.fix);
    expect(grant.fix).toContain(
      "write the whole of mailbox-permissions.csv again with one program, in one encoding (UTF-8)"
    );
    expect(grant.fix).toContain("Get-MailboxPermission");
    expect(grant.fix).not.toContain("Get-Recipient");
    expect(grant.fix).not.toContain("--allow-unresolved");
    expect(b.result.summary.dropped).toMatchObject({ damagedText: 1, unresolvedTrustee: 0 });
    expect(b.result.summary.unresolved).toEqual([
      expect.objectContaining({ value: "JÃ¼rgen WeiÃŸ", kind: "damagedText" }),
    ]);
    expect(balanced(b.result.summary)).toBe(true);
  });

  it("a mis-decoded name that names no one either way: encoding first, then the real name checked", async () => {
    const dir = write(tenant());
    mixedPermissions(dir, ["Chloé Martin"], ["Zoë Unbekannt"]);
    const b = await build(dir);
    const grant = (b.result.ok ? [] : b.result.problems.list)[1];
    expect(grant.message).toContain(
      `"ZoÃ« Unbekannt" is "Zoë Unbekannt" mis-decoded (its UTF-8 bytes were read as Windows-1252), and names no recipient either way`
    );
    expect(grant.fix).toMatch(
      /^write the whole of mailbox-permissions\.csv again .* in one encoding/
    );
    expect(grant.fix).toContain('check it with Get-Recipient "Zoë Unbekannt"');
    expect(grant.fix).not.toContain("ZoÃ«");
  });

  it("a name in the UTF-8 part that is not mis-decoding's work still gets the encoding first", async () => {
    // Windows-1252 part after UTF-8: decoded right, so only "may be" mis-decoded.
    const t = tenant();
    t.exportInfo = null;
    const dir = write(t);
    const file = "mailbox-permissions.csv";
    const row = (u: string) =>
      toCsv(
        [...COLUMNS[file]],
        [
          {
            Identity: "buero",
            User: u,
            AccessRights: "FullAccess",
            IsInherited: "False",
            Deny: "False",
          },
        ],
        { bom: false }
      ).split("\r\n");
    const [header, first] = row("Chloé Martin");
    const [, second] = row("Ünbekannt Person");
    fs.writeFileSync(
      path.join(dir, file),
      Buffer.concat([
        Buffer.from(`${header}\r\n${first}\r\n`, "utf8"),
        iconv.encode(`${second}\r\n`, "windows-1252"),
      ])
    );
    const b = await build(dir);
    const list = b.result.ok ? [] : b.result.problems.list;
    expect(list).toHaveLength(2);
    expect(list[1].message).toContain(
      "mailbox-permissions.csv mixes encodings from line 3 on, so the name may be mis-decoded"
    );
    expect(list[1].fix).toMatch(
      /^mailbox-permissions\.csv mixes encodings from line 3 on, so this name may be mis-decoded: write the whole of mailbox-permissions\.csv again/
    );
  });

  it("a Send on Behalf name mis-decoded in a mailboxes.csv saved again as UTF-8 (no mixing left): damaged text, the fix names the file's cmdlet", async () => {
    const t = tenant();
    const mangled = iconv.decode(Buffer.from("山田 太郎", "utf8"), "windows-1252");
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", mangled);
    t.exportInfo = null;
    const dir = write(t);
    const b = await build(dir);
    expect(b.problems).toEqual([
      `mailboxes.csv:5 GrantSendOnBehalfTo: SendOnBehalf on ${at("buero")} is lost: "${mangled}" is "山田 太郎" mis-decoded (its UTF-8 bytes were read as Windows-1252), so it names no recipient: mailboxes.csv was written in two encodings, or saved again after it was read in the wrong one`,
    ]);
    const allowed = await build(dir, { allowUnresolved: true });
    expect(allowed.result.ok).toBe(true);
    expect(allowed.result.summary.lost).toEqual([
      expect.objectContaining({
        value: mangled,
        reason: "damagedText",
        fix: expect.stringContaining(
          "Get-Mailbox ... | Export-Csv -NoTypeInformation -Encoding UTF8"
        ),
      }),
    ]);
    expect(allowed.result.summary.dropped.damagedText).toBe(1);
  });

  it("a right name against a recipients.csv that holds the name mis-decoded points at recipients.csv", async () => {
    const t = tenant();
    const row = t.rows["recipients.csv"].find((r) => r.Alias === "chloe.martin");
    if (!row) throw new Error("fixture");
    row.DisplayName = iconv.decode(Buffer.from("Chloé Martin", "utf8"), "windows-1252");
    t.rows["mailboxes.csv"].find((r) => r.Alias === "chloe.martin")!.DisplayName = row.DisplayName;
    t.sendAs("buero", "Chloé Martin");
    t.exportInfo = null;
    const b = await build(write(t));
    // The garbled display names themselves are refused too (rev11d finding 6: published, users
    // would read them so), each once, in its own file.
    expect(b.problems).toEqual([
      expect.stringMatching(/^recipients\.csv:\d+ DisplayName: "ChloÃ© Martin" is garbled text/),
      expect.stringMatching(/^mailboxes\.csv:\d+ DisplayName: "ChloÃ© Martin" is garbled text/),
      expect.stringContaining(
        `"Chloé Martin" matches only "ChloÃ© Martin" in the recipients, which is this name mis-decoded`
      ),
    ]);
    const list = b.result.ok ? [] : b.result.problems.list;
    const fix = list.find((p) => p.message.includes("matches only"))?.fix ?? "";
    expect(fix).toContain("recipients.csv");
    expect(fix).toContain("Get-Recipient ... | Export-Csv");
  });
});

describe('a ","-joined Send on Behalf list with a piece that names no one', () => {
  const value = "Jürgen Weiß,Nobody Known,Chloé Martin";

  // rev11d finding 4: a piece cut out of a list may name someone Exchange never granted the right
  // to ("Martin, Léa": "Martin" is another recipient's alias), so a list is split only when every
  // piece names one recipient; otherwise the whole value is one lost right, and no piece is granted.
  it("reports the whole value once, naming the piece that names no one, fails the build, and with --allow-unresolved grants no piece", async () => {
    const t = tenant();
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", value);
    const dir = write(t);

    const failed = await cli(["build", "--in", dir, "--out", `${dir}-out`]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      `mailboxes.csv, line 5, column GrantSendOnBehalfTo: SendOnBehalf on ${at("buero")} is lost: "${value}" names no recipient`
    );
    expect(failed.stderr).toContain('cut at ",", "Nobody Known" names no one');
    expect(failed.stderr).toContain('Get-Recipient "Nobody Known"');
    expect(failed.stderr).toContain("LOST unresolved trustee 1");
    expect(fs.existsSync(`${dir}-out`)).toBe(false);

    const report = path.join(path.dirname(dir), "report.json");
    const allowed = await cli([
      "build",
      "--in",
      dir,
      "--out",
      `${dir}-out`,
      "--allow-unresolved",
      "--report",
      report,
    ]);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain("LOST unresolved trustee 1");
    expect(allowed.stderr).toContain(
      "LOST (published without them, --allow-unresolved): 1 right(s)"
    );
    const json = JSON.parse(fs.readFileSync(report, "utf8"));
    const summary = json.summary ?? json;
    expect(summary.lost).toEqual([
      expect.objectContaining({
        file: "mailboxes.csv",
        line: 5,
        column: "GrantSendOnBehalfTo",
        value,
        mailbox: at("buero"),
        right: "SendOnBehalf",
        reason: "unresolvedTrustee",
      }),
    ]);
    expect(summary.dropped.unresolvedTrustee).toBe(1);
    const b = await build(dir, { allowUnresolved: true });
    expect(b.result.summary.accounting).toEqual({ considered: 1, granted: 0 });
    expect(rightsOf(b.shard(at("chloe.martin")))).toEqual({});
    expect(rightsOf(b.shard(at("juergen.weiss")))).toEqual({});
  });

  it.each([
    ["two pieces name no one", "Ghost One,Jürgen Weiß,Ghost Two", '"Ghost One", "Ghost Two" name'],
  ])("%s: the value is one lost right, counted once", async (_what, list, named) => {
    const t = tenant();
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", list);
    const b = await build(write(t), { allowUnresolved: true });
    expect(b.result.ok).toBe(true);
    const s = b.result.summary;
    expect(s.lost.map((l) => l.value)).toEqual([list]);
    expect(s.lost[0].message).toContain(named);
    expect(s.dropped.unresolvedTrustee).toBe(1);
    expect(s.accounting.granted).toBe(0);
    expect(balanced(s)).toBe(true);
    expect(rightsOf(b.shard(at("juergen.weiss")))).toEqual({});
  });

  it("a ';' list of ',' lists whose every piece names one recipient is granted to each", async () => {
    const t = tenant();
    t.set(
      "mailboxes.csv",
      at("buero"),
      "GrantSendOnBehalfTo",
      "Jürgen Weiß,Chloé Martin;Chloé Martin"
    );
    const b = await build(write(t), { allowUnresolved: true });
    expect(b.result.summary.lost).toEqual([]);
    expect(rightsOf(b.shard(at("juergen.weiss")))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
    expect(rightsOf(b.shard(at("chloe.martin")))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
  });
});

describe("DOMAIN\\name trustees and recipients.csv's SamAccountName column", () => {
  function domainTrustee(columns: "with" | "without" | "empty", script: boolean) {
    const t = tenant();
    t.fullAccess("buero", "CONTOSO\\jweiss");
    if (columns === "empty") for (const r of t.rows["recipients.csv"]) r.SamAccountName = "";
    if (!script) t.exportInfo = null;
    const dir = write(t);
    if (columns === "without") {
      const file = "recipients.csv";
      fs.writeFileSync(
        path.join(dir, file),
        toCsv([...COLUMNS[file]], t.rows[file], {
          columns: COLUMNS[file].filter((c) => c !== "SamAccountName"),
        })
      );
    }
    return dir;
  }

  it("with the column, CONTOSO\\jweiss is Jürgen's Full Access", async () => {
    const b = await build(domainTrustee("with", true));
    expect(b.problems).toEqual([]);
    expect(rightsOf(b.shard(at("juergen.weiss")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });

  it.each([
    [
      true,
      "the current admin/Export-SendFromData.ps1 emits SamAccountName, so recipients.csv came from an older version of it",
      're-run its "Recipients" step with the current script',
    ],
    [
      false,
      "admin/Export-SendFromData.ps1, or the tool that wrote recipients.csv, must emit SamAccountName",
      "in the tool that wrote recipients.csv, export recipients.csv with a filled SamAccountName column",
    ],
  ])(
    "without the column (export-info.csv %s): says the column is missing and who must emit it",
    async (script, says, fix) => {
      const b = await build(domainTrustee("without", script));
      expect(b.problems).toEqual([
        `mailbox-permissions.csv:2 User: FullAccess on ${at("buero")} is lost: "CONTOSO\\jweiss" is a domain account (DOMAIN\\sAMAccountName), but the SamAccountName column is missing from recipients.csv, so the name cannot be matched to any recipient: ${says}; the right it grants would be lost`,
      ]);
      const p = b.result.ok ? undefined : b.result.problems.list[0];
      expect(p?.fix).toContain(fix);
      expect(p?.fix).not.toContain('Get-Recipient "CONTOSO');
      expect(p?.fix).not.toMatch(/remove/i);
    }
  );

  it("an empty column is told from a missing one", async () => {
    const b = await build(domainTrustee("empty", false));
    expect(b.problems).toEqual([
      expect.stringContaining("but the SamAccountName column of recipients.csv is empty"),
    ]);
  });
});

describe("hidden characters", () => {
  it.each([
    ["a no-break space", "\u00a0", "U+00A0"],
    ["a BOM", "\ufeff", "U+FEFF"],
    ["an ideographic space", "\u3000", "U+3000"],
  ])(
    "%s inside a proxy address is refused for that character, not cut into two addresses",
    async (_what, char, code) => {
      const t = tenant();
      const row = t.rows["recipients.csv"].find((r) => r.Alias === "chloe.martin");
      if (!row) throw new Error("fixture");
      row.EmailAddresses = `SMTP:${at("chloe.martin")};smtp:chloe${char}m@${DOMAIN}`;
      const b = await build(write(t));
      expect(b.problems).toEqual([
        `recipients.csv:3 EmailAddresses: "chloe${char}m@${DOMAIN}" holds the invisible or bidirectional character ${code}: it would look like another address`,
      ]);
    }
  );

  it("a trustee with a zero-width space is a lost right that names the character and whom it would name, never matched", async () => {
    const t = tenant();
    t.sendAs("buero", `juergen.weiss\u200b@${DOMAIN}`);
    t.sendAs("buero", "Ghost\u200bUser");
    const b = await build(write(t), { allowUnresolved: true });
    expect(b.result.ok).toBe(true);
    expect(b.shard(at("juergen.weiss"))).toBeUndefined();
    const lost = b.result.summary.lost;
    expect(lost.map((l) => [l.reason, l.message])).toEqual([
      [
        "damagedText",
        `"juergen.weiss\u200b@${DOMAIN}" holds the invisible or bidirectional character U+200B: without it, it would name ${at("juergen.weiss")}, but a value with a hidden character is never matched (it could be made to look like another)`,
      ],
      [
        "damagedText",
        `"Ghost\u200bUser" holds the invisible or bidirectional character U+200B, and names no recipient with or without it`,
      ],
    ]);
    expect(lost[0].fix).toContain("remove the character from the trustee");
    expect(lost[0].fix).toContain("Get-RecipientPermission");
    expect(b.result.summary.dropped.damagedText).toBe(2);
  });
});

describe("fixes for Export-RecipientPermissions' file name no file it does not have", () => {
  const FILE = "Export-RecipientPermissions_Result.csv";
  const fixture = path.join(__dirname, "../../fixtures/admin/export-recipient-permissions", FILE);

  it.each([
    [
      "a live user it did not resolve",
      '"Chloé Martin";"chloe.martin@contoso.example"',
      '"Chloé Martin";""',
      "Chloé Martin",
    ],
    [
      "DOMAIN\\name",
      '"Chloé Martin";"chloe.martin@contoso.example"',
      '"CONTOSO\\cmartin";""',
      "CONTOSO\\cmartin",
    ],
  ])(
    "%s: the fix is to check it and run the tool again, never recipients.csv",
    async (_what, from, to, value) => {
      const dir = path.join(tempDir(), "exports");
      fs.mkdirSync(dir);
      const text = fs.readFileSync(fixture, "utf8").split(from).join(to);
      fs.writeFileSync(path.join(dir, FILE), text);
      const b = await build(dir);
      const p = (b.result.ok ? [] : b.result.problems.list).find((x) => x.line === 3);
      expect(p?.message).toContain(`"${value}"`);
      expect(p?.message).not.toContain("recipients.csv");
      expect(p?.fix).toContain(
        `check the trustee with Get-Recipient "${value}": if it exists, Export-RecipientPermissions did not resolve it to a recipient (Trustee Primary SMTP is empty); ${FILE} was written by Export-RecipientPermissions: run it again`
      );
      expect(p?.fix).not.toContain("recipients.csv");
      expect(p?.fix).not.toContain("Export-SendFromData");
    }
  );
});

describe('damaged names in a ","-joined Send on Behalf list', () => {
  const mojibake = (s: string) => iconv.decode(Buffer.from(s, "utf8"), "windows-1252");

  it.each([
    [
      '"?" for letters',
      "J?rgen Wei?,Chlo? Martin",
      ["J?rgen Wei?", "Chlo? Martin"],
      'with every letter outside ASCII replaced by "?"',
    ],
    [
      "mis-decoded",
      `${mojibake("Jürgen Weiß")},${mojibake("Chloé Martin")}`,
      [mojibake("Jürgen Weiß"), mojibake("Chloé Martin")],
      "mis-decoded",
    ],
  ])(
    "%s: each piece is one damaged name with its real name, not the whole value as an unknown trustee",
    async (_what, value, pieces, says) => {
      const t = tenant();
      t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", value);
      const b = await build(write(t), { allowUnresolved: true });
      const lost = b.result.summary.lost;
      expect(lost.map((l) => [l.value, l.reason])).toEqual(pieces.map((p) => [p, "damagedText"]));
      expect(lost[0].message).toContain('"Jürgen Weiß"');
      expect(lost[1].message).toContain('"Chloé Martin"');
      for (const l of lost) expect(l.message).toContain(says);
      expect(b.result.summary.dropped).toMatchObject({ damagedText: 2, unresolvedTrustee: 0 });
      expect(balanced(b.result.summary)).toBe(true);
    }
  );

  it("a damaged piece next to a good one: the good one is granted, the damaged one diagnosed alone", async () => {
    const t = tenant();
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "J?rgen Wei?,山田 太郎");
    const b = await build(write(t), { allowUnresolved: true });
    expect(rightsOf(b.shard(at("yamada")))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
    expect(b.result.summary.lost.map((l) => [l.value, l.reason])).toEqual([
      ["J?rgen Wei?", "damagedText"],
    ]);
  });
});
