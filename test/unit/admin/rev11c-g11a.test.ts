// Issue 11, review rev11c findings 3, 5, 9 (rest), 10, 11, 19: what an admin sees.
import * as fs from "node:fs";
import * as path from "node:path";
import * as iconv from "iconv-lite";
import { COLUMNS, DOMAIN, rightsOf, tempDir, Tenant, toCsv } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";
import { describeDirectoryProblem } from "../../../src/admin/validate";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe");
  t.shared("Büro München", "buero");
  return t;
}

describe("finding 3: a Send on Behalf list joined with ',' of more than 200 values", () => {
  it.each([
    ["','", ","],
    ["', '", ", "],
  ])(
    "joined with %s: every piece that names a recipient is granted; with pieces that name no one, the value is one lost right naming them (rev11d finding 4)",
    async (_what, sep) => {
      const t = tenant();
      const names: string[] = [];
      for (let i = 0; i < 240; i++) {
        t.user(`Nutzer ${i}`, `u${i}`);
        names.push(`Nutzer ${i}`);
      }
      names.push("Weiß, Jürgen"); // a display name that holds "," itself
      t.user("Weiß, Jürgen", "wj");
      // Unnamed pieces apart from each other (adjacent ones stay one piece: "Ghost, User").
      names.splice(10, 0, "Ghost One");
      names.splice(200, 0, "Ghost Two");
      t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", names.join(sep));
      const dir = writeExports(t);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('"Ghost One", "Ghost Two" name no one');
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(allowed.report.lost).toHaveLength(1);
      expect(rightsOf(allowed.shard(at("u0")))).toEqual({});
    },
    60_000
  );
});

describe("finding 11: long values are never cut silently, and never inside a command", () => {
  const dn =
    "CN=Max Mustermann,OU=contoso.onmicrosoft.com,OU=Microsoft Exchange Hosted Organizations,DC=EURPR01A001,DC=prod,DC=outlook,DC=com";
  it.each([
    ["a distinguished name", dn],
    [
      "a legacyExchangeDN",
      "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=abc123-Chloe",
    ],
  ])(
    "%s: the prose shows a cut with '…', the Get-Recipient command the whole value",
    async (_what, value) => {
      const t = tenant();
      t.fullAccess(at("buero"), value, { UserSid: "" });
      const r = await buildExports(writeExports(t));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Get-Recipient "${value}"`);
      expect(r.stderr).toContain(
        `"${Array.from(value).slice(0, 79).join("")}…" names no recipient`
      );
      // Every quoted value in the output is either the whole value or visibly cut.
      for (const m of r.stderr.matchAll(/"([^"]*)"/g))
        if (value.startsWith(m[1]) && m[1].length > 20) expect(m[1]).toBe(value);
    }
  );

  it("a value with quotes or '$' is escaped for PowerShell inside the command, whole", async () => {
    const t = tenant();
    const value = 'Max "The Boss" $Mustermann';
    t.sendAs(at("buero"), value, { TrusteeSidString: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Get-Recipient "Max `"The Boss`" `$Mustermann"');
  });
});

describe("finding 10: UTF-8 and UTF-16 in one file is a file that mixes encodings, with the line", () => {
  function permissionsFile(t: Tenant): { head: string; row: string } {
    const text = toCsv([...COLUMNS["mailbox-permissions.csv"]], t.rows["mailbox-permissions.csv"], {
      bom: false,
    });
    const lines = text.split("\r\n");
    // Header and first rows as the script writes them; the last row appended by another program.
    return {
      head: `${lines.slice(0, -2).join("\r\n")}\r\n`,
      row: `${lines[lines.length - 2]}\r\n`,
    };
  }
  function tenantWithRows(): Tenant {
    const t = tenant();
    t.fullAccess(at("buero"), at("juergen"));
    t.fullAccess(at("buero"), at("chloe"));
    t.fullAccess(at("buero"), "Jürgen Weiß", { UserSid: "" });
    return t;
  }
  it.each([
    ["UTF-16 LE appended with a BOM (Out-File -Append)", "utf-16le", true, "UTF-16 LE"],
    [
      "UTF-16 LE appended without a BOM (>> in Windows PowerShell 5.1)",
      "utf-16le",
      false,
      "UTF-16 LE",
    ],
    ["UTF-16 BE appended", "utf-16be", false, "UTF-16 BE"],
  ])("UTF-8 then %s", async (_what, encoding, bom, name) => {
    const t = tenantWithRows();
    const dir = writeExports(t);
    const { head, row } = permissionsFile(t);
    const wide = iconv.encode(row, encoding, { addBOM: bom });
    fs.writeFileSync(
      path.join(dir, "mailbox-permissions.csv"),
      Buffer.concat([Buffer.from(`\ufeff${head}`, "utf8"), wide])
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `mailbox-permissions.csv, line 4: the file mixes encodings: UTF-8 before line 4, ${name}`
    );
    expect(r.stderr).not.toContain("binary data");
    expect(r.stderr).not.toContain("number of fields");
    expect(r.stderr).toContain("write the whole of mailbox-permissions.csv again with one program");
  });

  /** A tenant whose UTF-16 part holds 郎 (U+90CE) and 部 (U+90E8): bytes CE 90 and E8 90. */
  function cjkTenant(): Tenant {
    const t = tenant();
    t.fullAccess(at("buero"), "山田 太郎");
    t.fullAccess(at("buero"), "営業部");
    t.fullAccess(at("buero"), at("chloe"));
    return t;
  }
  it.each([
    ["", tenantWithRows],
    // 0x90 is a byte Windows-1252 leaves undefined: the file was called "Windows-1251
    // (Cyrillic)" throughout (rev11za ZA2).
    [" (its UTF-16 part holding 郎 and 部)", cjkTenant],
  ])(
    "UTF-16 LE then an ASCII row appended (echo >>, Add-Content -Encoding UTF8)%s: mixes encodings",
    async (_what, make) => {
      const t = make();
      const dir = writeExports(t);
      const { head, row } = permissionsFile(t);
      fs.writeFileSync(
        path.join(dir, "mailbox-permissions.csv"),
        Buffer.concat([iconv.encode(head, "utf-16le", { addBOM: true }), Buffer.from(row, "utf8")])
      );
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "mailbox-permissions.csv, line 4: the file mixes encodings: UTF-16 LE (Unicode) before line 4, UTF-8 from there on"
      );
      expect(r.stderr).not.toContain("number of fields");
      expect(r.stderr).not.toContain("one other ANSI code page");
    }
  );

  it("a UTF-16 file with no BOM and one with a BOM are still read whole", async () => {
    const t = tenantWithRows();
    const dir = writeExports(t);
    const { head, row } = permissionsFile(t);
    fs.writeFileSync(
      path.join(dir, "mailbox-permissions.csv"),
      iconv.encode(head + row, "utf-16le", { addBOM: false })
    );
    const r = await buildExports(dir);
    expect(r.stderr).not.toContain("mixes encodings");
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });
});

// eslint-disable-next-line no-control-regex -- ASCII is the point
const NOT_ASCII = /[^\x00-\x7f]/gu;
// Letters Windows-1252 has (Latin-1 and the few it adds): every other one an ANSI writer turns to "?".
// eslint-disable-next-line no-control-regex -- the page's range is the point
const NOT_1252 = /[^\x00-\xff€ŒœŠšŸŽž]/gu;

/** Writes every export file of `t` as an ASCII (or other) writer would: letters outside it as "?". */
function writeEncoded(t: Tenant, encoding: string, files?: string[]): string {
  const dir = writeExports(t);
  for (const file of Object.keys(t.rows) as (keyof typeof COLUMNS)[]) {
    if (files && !files.includes(file)) continue;
    const text = toCsv([...COLUMNS[file]], t.rows[file], { bom: false });
    const bytes =
      encoding === "ascii"
        ? Buffer.from(text.replace(NOT_ASCII, "?"), "latin1")
        : iconv.encode(text.replace(NOT_1252, "?"), encoding);
    fs.writeFileSync(path.join(dir, file), bytes);
  }
  return dir;
}

describe("finding 5: every file ASCII (Windows PowerShell 5.1's default Export-Csv), nothing to compare", () => {
  it.each([
    ["German names", "Büro München", "B?ro M?nchen"],
    ["Japanese names", "山田 太郎", "?? ??"],
    ["a Polish name starting with a letter outside ASCII", "Łukasz Nowak", "?ukasz Nowak"],
  ])("%s: refused with the -Encoding UTF8 fix, nothing published", async (_what, real, shown) => {
    const t = new Tenant();
    t.user("Anna Schmidt", "anna");
    t.shared(real, "team");
    t.sendAs(at("team"), at("anna"));
    const dir = writeEncoded(t, "ascii");
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain(`"${shown}" has "?" where a letter belongs`);
    expect(r.stderr).toContain("was written as ASCII");
    expect(r.stderr).toContain("-Encoding UTF8");
  });

  it("a '?' that ends a word is punctuation, not a lost letter: published", async () => {
    const t = new Tenant();
    t.user("Anna Schmidt", "anna");
    t.shared("Fragen? Hier", "fragen");
    t.sendAs(at("fragen"), at("anna"));
    const r = await buildExports(writeEncoded(t, "ascii"));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("anna")))).toEqual({ [at("fragen")]: ["SendAs"] });
  });

  it("a '?' name in a UTF-8 file that holds other letters outside ASCII is the name Exchange has: published", async () => {
    const t = new Tenant();
    t.user("Jürgen Weiß", "juergen");
    t.shared("Wer?Was", "wer");
    t.sendAs(at("wer"), at("juergen"));
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
  });
});

describe("finding 19: the reason for '?' matches how the file was read", () => {
  it("a file read as Windows-1252 is never said to be written as ASCII", async () => {
    const t = tenant();
    t.user("山田 太郎", "yamada");
    t.sendAs(at("buero"), at("yamada"));
    // mailboxes.csv saved as ANSI (Windows-1252): 山田 太郎 becomes "?? ??", Büro stays.
    const dir = writeEncoded(t, "windows-1252", ["mailboxes.csv"]);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"?? ??" has "?" where recipients.csv has "山田 太郎"');
    expect(r.stderr).toContain("the build read it as Windows-1252");
    expect(r.stderr).not.toContain("written as ASCII");
    expect(r.stderr).not.toContain("writes ASCII by default");
  });

  it("a Shift_JIS file: the '?' lines and the code-page line share one fix", async () => {
    const t = tenant();
    t.user("山田 太郎", "yamada");
    const dir = writeExports(t);
    const text = toCsv([...COLUMNS["mailboxes.csv"]], t.rows["mailboxes.csv"], { bom: false });
    fs.writeFileSync(path.join(dir, "mailboxes.csv"), iconv.encode(text, "cp932"));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("written as ASCII");
    const fixes = new Set(
      r.stderr
        .split("\n")
        .filter((l) => l.trim().startsWith("fix:"))
        .map((l) => l.trim())
    );
    expect(fixes.size).toBe(1);
    // One diagnosis per value: the Shift_JIS line is reported once.
    expect(r.stderr.match(/mailboxes\.csv, line 5/g)).toHaveLength(1);
  });
});

describe("finding 9 (rest): a trustee written in another ANSI code page gets one true diagnosis", () => {
  it.each([
    ["Windows-1250", "cp1250", "Łukasz Dvořák", "Windows-1250 (Central European)"],
    ["Shift_JIS", "cp932", "山田 太郎", "Shift_JIS (code page 932, Japanese)"],
    ["Windows-1251", "cp1251", "Иван Петров", "Windows-1251 (Cyrillic)"],
  ])(
    "recipient-permissions.csv in %s: a damaged name naming the recipient, no 'names no recipient', no Get-Recipient on garbled text",
    async (_what, page, name, pageName) => {
      const t = tenant();
      t.user(name, "delegate");
      t.sendAs(at("buero"), name, { TrusteeSidString: "" });
      const dir = writeExports(t);
      const file = "recipient-permissions.csv";
      const text = toCsv([...COLUMNS[file]], t.rows[file], { bom: false });
      fs.writeFileSync(path.join(dir, file), iconv.encode(text, page));
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`is "${name}" (${at("delegate")}) written in ${pageName}`);
      expect(r.stderr).not.toContain("names no recipient");
      expect(r.stderr).not.toContain("Get-Recipient");
      expect(r.stderr.match(/recipient-permissions\.csv, line 2/g)).toHaveLength(1);
      expect(r.stderr).not.toContain("no name in it showed another one");
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.report.dropped.damagedText).toBe(1);
    }
  );
});

describe("finding 9 (rest): a group member whose value is a damaged name", () => {
  it("group-members.csv in Windows-1250: one diagnosis for the value, naming the code page", async () => {
    const t = tenant();
    t.user("Łukasz Dvořák", "lukasz");
    t.group("Vertrieb", "sales", "MailUniversalSecurityGroup", {}, ["Łukasz Dvořák"]);
    t.fullAccess(at("buero"), at("sales"), { UserSid: "" });
    const dir = writeExports(t);
    const file = "group-members.csv";
    const text = toCsv([...COLUMNS[file]], t.rows[file], { bom: false });
    fs.writeFileSync(path.join(dir, file), iconv.encode(text, "cp1250"));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    // The group's only member is this value: its right is lost through it (f11 gap 1), so the
    // diagnosis is the lost right's, naming the recipient and the code page.
    expect(r.stderr).toContain(
      `"£ukasz Dvoøák" is "Łukasz Dvořák" (${at("lukasz")}) written in Windows-1250 (Central European)`
    );
    expect(r.stderr).not.toContain("names no one recipient");
    expect(r.stderr.match(/group-members\.csv, line 2/g)).toHaveLength(1);
  });

  it("a member with '?' for letters: a damaged name naming the member, not 'names no one'", async () => {
    const t = tenant();
    t.group("Vertrieb", "sales", "MailUniversalSecurityGroup", {}, [at("juergen"), "Chlo? Martin"]);
    t.fullAccess(at("buero"), at("sales"), { UserSid: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('looks like "Chloé Martin"');
    expect(r.stderr).not.toContain("names no one recipient");
    const allowed = await buildExports(writeExports(t), "--allow-unresolved");
    console.log(allowed.stderr, JSON.stringify(allowed.report.dropped));
    expect(allowed.report.dropped.damagedText).toBe(1);
  });
});

describe("M4: a JSON object without a format field", () => {
  it("is said to have no format field, not 'its format is nothing'", () => {
    expect(describeDirectoryProblem({ code: "wrongFormat", found: "nothing" })).toBe(
      'has no "format" field, so it is not a Send From directory file'
    );
    expect(describeDirectoryProblem({ code: "wrongFormat", found: '"x"' })).toContain(
      'its format is "x"'
    );
  });
});

describe("M7: a SID trustee when only mailboxes.csv has a Sid column", () => {
  it("does not say the recipient is missing from recipients.csv", async () => {
    const t = tenant();
    t.fullAccess(at("buero"), "S-1-5-21-1-2-3-4242", { UserSid: "S-1-5-21-1-2-3-4242" });
    const dir = writeExports(t);
    const rows = t.rows["mailboxes.csv"].map((r, i) => ({
      ...r,
      Sid: r.PrimarySmtpAddress === at("buero") ? "" : `S-1-5-21-1-2-3-${100 + i}`,
    }));
    const columns = [...COLUMNS["mailboxes.csv"], "Sid"];
    fs.writeFileSync(path.join(dir, "mailboxes.csv"), toCsv(columns, rows, { columns }));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is a SID that no exported recipient has");
    expect(r.stderr).not.toContain("missing from recipients.csv");
  });
});

describe("M9: an Export-RecipientPermissions trustee is reported with the column its value is from", () => {
  it("a mail contact trustee names Trustee Primary SMTP, whose value is printed", async () => {
    const dir = path.join(tempDir(), "exports");
    fs.mkdirSync(dir);
    const q = (v: string[]) => v.map((x) => `"${x}"`).join(";");
    const text = [
      q([
        "Grantor Primary SMTP",
        "Grantor Display Name",
        "Grantor Recipient Type",
        "Grantor Environment",
        "Folder",
        "Permission",
        "Allow/Deny",
        "Inherited",
        "InheritanceType",
        "Trustee Original Identity",
        "Trustee Primary SMTP",
        "Trustee Display Name",
        "Trustee Recipient Type",
        "Trustee Environment",
      ]),
      q([
        at("buero"),
        "Büro München",
        "UserMailbox/SharedMailbox",
        "Cloud",
        "",
        "SendAs",
        "Allow",
        "False",
        "None",
        "Partner",
        "p@fabrikam.example",
        "Partner",
        "MailContact",
        "Cloud",
      ]),
    ].join("\r\n");
    fs.writeFileSync(path.join(dir, "Export-RecipientPermissions_Result.csv"), `\ufeff${text}\r\n`);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("column Trustee Primary SMTP");
    expect(r.stderr).not.toContain("column Trustee Original Identity");
  });
});
