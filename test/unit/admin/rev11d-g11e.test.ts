// Issue 11, review rev11d: the encoding and text findings (6, 9-13, 15, 19), each asserting what
// an admin sees. Fixtures are small fictional tenants written in the shape each finding names.
import * as fs from "node:fs";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import * as iconv from "iconv-lite";
import fc from "fast-check";
import { COLUMNS, DOMAIN, rightsOf, Tenant, toCsv } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";
import { doubleEncoded } from "../../../src/admin/decode";
import { validateDirectory } from "../../../src/admin/validate";
import { shardPath } from "../../../src/core/shard-name";
import { toSmtpAddress } from "../../../src/core/address";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe");
  t.shared("Vertrieb Büro", "vertrieb");
  return t;
}

const csvOf = (t: Tenant, file: keyof typeof COLUMNS) =>
  toCsv([...COLUMNS[file]], t.rows[file], { bom: false });

describe("finding 6: every file UTF-8 read as ANSI and saved again", () => {
  it("is refused from the text alone, with the line, the value and its likely reading", async () => {
    const t = tenant();
    t.fullAccess(at("vertrieb"), at("chloe"));
    const dir = writeExports(t);
    for (const file of ["recipients.csv", "mailboxes.csv"] as const) {
      const doubled = Buffer.from(
        iconv.decode(Buffer.from(csvOf(t, file), "utf8"), "windows-1252"),
        "utf8"
      );
      fs.writeFileSync(path.join(dir, file), doubled);
    }
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toMatch(
      /mailboxes\.csv, line \d+, column DisplayName: "JÃ¼rgen WeiÃŸ" is garbled text, probably "Jürgen Weiß"/
    );
    expect(r.stderr).toContain("write the whole of mailboxes.csv again");
  });

  it("keeps one diagnosis per value where another file has the real name", async () => {
    const t = tenant();
    const dir = writeExports(t);
    const file = path.join(dir, "mailboxes.csv");
    const text = csvOf(t, "mailboxes.csv");
    fs.writeFileSync(file, Buffer.from(iconv.decode(Buffer.from(text, "utf8"), "windows-1252")));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => l.includes('"JÃ¼rgen WeiÃŸ"'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('is "Jürgen Weiß" (as recipients.csv has it)');
  });

  it.each([
    "João Conceição",
    "Ângela Brandão",
    "São Paulo Büro",
    "Dell’Acqua",
    "N’Dour",
    "Łukasz Dvořák",
    "Zoë Ørsted",
    "Şükrü Çelik",
    "Þór Ærø",
    "Ðorđe Šimić",
    "山田 太郎",
    "Ñuñez «Café»",
  ])("never calls a real name (%s) garbled", (name) => {
    expect(doubleEncoded(name)).toBeNull();
  });

  it("never calls generated European names garbled, and finds each of them double-encoded", () => {
    const lower = fc.constantFrom(
      ..."abcdeéèêëfghiíìîïjklmnñoóòôõöprsštuúùûüvyýzžçãâåæøœß".split("")
    );
    const upper = fc.constantFrom(..."ABCDÉFGHIJKLMNOÖPRSŠTUÜVZŽÇÅÆØŁ".split(""));
    const word = fc
      .tuple(upper, fc.array(lower, { minLength: 2, maxLength: 9 }))
      .map(([u, l]) => u + l.join(""));
    const name = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(" "));
    fc.assert(
      fc.property(name, (n) => {
        expect(doubleEncoded(n)).toBeNull();
        const doubled = iconv.decode(Buffer.from(n, "utf8"), "windows-1252");
        // eslint-disable-next-line no-control-regex -- only names with letters outside ASCII change
        if (/[^\u0000-\u007f]/.test(n) && !doubled.includes("\ufffd"))
          expect(doubleEncoded(doubled)?.text).toBe(n);
      })
    );
  });
});

describe("finding 9: Export-Csv -Encoding UTF32", () => {
  it.each([
    ["LE", "utf-32le", "UTF-32 LE"],
    ["BE", "utf-32be", "UTF-32 BE"],
  ])("UTF-32 %s with BOM is decoded, and the summary names it", async (_, encoding, shown) => {
    const t = tenant();
    t.fullAccess(at("vertrieb"), "Jürgen Weiß");
    const dir = writeExports(t);
    const text = toCsv([...COLUMNS["mailbox-permissions.csv"]], t.rows["mailbox-permissions.csv"]);
    fs.writeFileSync(path.join(dir, "mailbox-permissions.csv"), iconv.encode(text, encoding));
    const r = await buildExports(dir);
    expect(r.stderr).not.toContain("quote");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`read mailbox-permissions.csv as ${shown}`);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("vertrieb")]: ["FullAccess"] });
  });
});

describe("finding 10: a Windows-1252 line appended to a UTF-16 file", () => {
  it("is called a file that mixes encodings, with the line, never a field-count error", async () => {
    const t = tenant();
    t.fullAccess(at("vertrieb"), at("chloe"));
    const dir = writeExports(t);
    const file = path.join(dir, "mailbox-permissions.csv");
    const utf16 = iconv.encode(csvOf(t, "mailbox-permissions.csv"), "utf-16le", { addBOM: true });
    const appended = iconv.encode(
      `"${at("vertrieb")}","Jürgen Weiß","FullAccess","False","False",""\r\n`,
      "windows-1252"
    );
    fs.writeFileSync(file, Buffer.concat([utf16, appended]));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "mailbox-permissions.csv, line 3: the file mixes encodings: UTF-16 LE (Unicode) before line 3, Windows-1252 (ANSI) from there on"
    );
    expect(r.stderr).not.toContain("number of fields");
  });
});

describe("finding 11: a file in the DOS (OEM) code page 850", () => {
  it("gets one diagnosis per value, names code page 850, and prints no command on garbled text", async () => {
    const t = tenant();
    t.fullAccess(at("vertrieb"), "Jürgen Weiß");
    t.fullAccess(at("vertrieb"), "Chloé Martin");
    const dir = writeExports(t);
    const text = toCsv([...COLUMNS["mailbox-permissions.csv"]], t.rows["mailbox-permissions.csv"], {
      bom: false,
      quote: "needed",
    });
    fs.writeFileSync(path.join(dir, "mailbox-permissions.csv"), iconv.encode(text, "cp850"));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("code page 850");
    expect(r.stderr).not.toContain("Get-Recipient");
    expect(r.stderr).not.toContain("saved by Excel");
    for (const line of [2, 3]) {
      const at = `mailbox-permissions.csv, line ${line}, column User:`;
      expect(r.stderr.split(at)).toHaveLength(2);
    }
  });
});

describe("finding 12: a '?'-mangled trustee two recipients could be", () => {
  it("names every candidate in its own spelling and grants neither", async () => {
    const t = tenant();
    t.user("Jörgen Weiß", "joergen");
    t.fullAccess(at("vertrieb"), "J?rgen Wei?");
    const dir = writeExports(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"Jürgen Weiß"');
    expect(r.stderr).toContain('"Jörgen Weiß"');
    expect(r.stderr).toContain("does not guess");
    expect(r.stderr).not.toContain("jürgen weiß");
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(rightsOf(allowed.shard(at("juergen")))).toEqual({});
    expect(rightsOf(allowed.shard(at("joergen")))).toEqual({});
  });
});

describe("finding 13: a GBK file", () => {
  it("is hinted as one code page for the whole file", async () => {
    const t = new Tenant();
    t.user("Jürgen Weiß", "juergen");
    t.user("Chloé Martin", "chloe");
    t.user("山田 太郎", "yamada");
    t.user("王小明", "wang");
    t.shared("Vertrieb Büro", "vertrieb");
    const dir = writeExports(t);
    const text = toCsv([...COLUMNS["mailboxes.csv"]], t.rows["mailboxes.csv"], { bom: false });
    fs.writeFileSync(path.join(dir, "mailboxes.csv"), iconv.encode(text, "gbk"));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("GBK (code page 936");
    expect(r.stderr).not.toMatch(/Windows-125[013-8] \(/);
  });
});

describe("finding 19: Excel for Mac's plain CSV (Mac Roman)", () => {
  it("names Mac Roman and Excel for Mac's fix, not a Windows code page", async () => {
    const t = tenant();
    t.fullAccess(at("vertrieb"), "Jürgen Weiß");
    const dir = writeExports(t);
    const text = toCsv([...COLUMNS["mailbox-permissions.csv"]], t.rows["mailbox-permissions.csv"], {
      bom: false,
      quote: "needed",
    });
    fs.writeFileSync(path.join(dir, "mailbox-permissions.csv"), iconv.encode(text, "macintosh"));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Mac Roman");
    expect(r.stderr).toContain("Excel for Mac");
    expect(r.stderr).not.toContain("non-Western Windows");
  });
});

describe("finding 15: a shard that is not a regular file", () => {
  async function published(): Promise<{ out: string; file: string }> {
    const t = tenant();
    t.fullAccess(at("vertrieb"), at("chloe"));
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    return { out: r.out, file: path.join(r.out, shardPath(toSmtpAddress(at("chloe")))) };
  }

  it("a link to /dev/zero is named as a device, not read", async () => {
    const { out, file } = await published();
    fs.rmSync(file);
    fs.symlinkSync("/dev/zero", file);
    const check = validateDirectory(out);
    expect(check.problems.map((p) => p.message).join("\n")).toContain("it is a device");
  });

  it("a FIFO is named as such, not waited on", async () => {
    const { out, file } = await published();
    fs.rmSync(file);
    execFileSync("mkfifo", [file]);
    const check = validateDirectory(out);
    expect(check.problems.map((p) => p.message).join("\n")).toContain("named pipe (FIFO)");
  });
});

describe("findings 24 and 25: display names published otherwise than exported", () => {
  it("a display name cut to 256 characters is a warning with file and line", async () => {
    const t = tenant();
    t.shared("Büro ".repeat(100).trim(), "lang");
    t.fullAccess(at("lang"), at("chloe"));
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /warning: mailboxes\.csv, line \d+: the display name of lang@contoso\.example has 499 characters; it is published cut to 256/
    );
  });

  it("a display name with a bidi override is a warning with file and line, and published without it", async () => {
    const t = tenant();
    t.shared("Support \u202Etroppus", "support");
    t.fullAccess(at("support"), at("chloe"));
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /warning: mailboxes\.csv, line \d+: the display name of support@contoso\.example holds the invisible or direction-changing character U\+202E/
    );
    const shown = r.shard(at("chloe"))?.mailboxes.find((m) => m.address === at("support"));
    expect(shown?.displayName).toBe("Support troppus");
  });
});

describe("finding 21: one address written two ways is one address", () => {
  it.each([
    [
      "decomposed against composed letters",
      "chlo\u0065\u0301@contoso.example",
      "chlo\u00e9@contoso.example",
    ],
    ["punycode against the Unicode domain", "info@xn--mnchen-3ya.example", "info@münchen.example"],
    ["a trailing dot", `${at("chloe")}.`, at("chloe")],
  ])("%s: owned by another recipient is an error naming both", async (_, claimed, owned) => {
    const t = new Tenant();
    t.user("Chloé Martin", "chloe");
    t.user("Jürgen Weiß", "juergen");
    t.shared("Vertrieb Büro", "vertrieb");
    const proxies = (local: string, extra: string) => {
      const row = t.rows["recipients.csv"].find((r) => r.Alias === local)!;
      row.EmailAddresses += `;smtp:${extra}`;
    };
    if (owned !== at("chloe")) proxies("chloe", owned);
    proxies("juergen", claimed);
    t.fullAccess(at("vertrieb"), at("juergen"));
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/column EmailAddresses: .* is an address of .* and also listed for /);
    expect(r.stderr).toContain(at("juergen"));
    expect(r.stderr).toContain(at("chloe"));
  });
});
