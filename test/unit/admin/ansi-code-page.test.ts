// A file in another ANSI code page that no other export file can be compared with: told from
// its own bytes where it can be (refused with the line and the UTF-8 fix), and never at the cost
// of real Western European names, which Windows-1252 reads (the summary says it was assumed).
import * as fs from "node:fs";
import * as path from "node:path";
import * as iconv from "iconv-lite";
import fc from "fast-check";
import { notWindows1252 } from "../../../src/admin/decode";
import { COLUMNS, DOMAIN, rightsOf, Tenant, toCsv } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";

const at = (local: string) => `${local}@${DOMAIN}`;
const as1252 = (text: string, page: string) =>
  iconv.decode(iconv.encode(text, page), "windows-1252");

/** Real names as Western European Windows writes them (Windows-1252 covers each letter). */
const WESTERN = [
  "Jürgen Weiß",
  "Björn Schäfer-Müller",
  "Günther Öztürk",
  "Chloé Martin",
  "François Lefèvre",
  "Hélène d’Aubigné",
  "Zoë Noël",
  "Œuvre Cœur",
  "José Núñez",
  "María Peña Ibáñez",
  "¿Preguntas? Atención al cliente",
  "Nº 5 Recepción",
  "Àlex Puig i Col·legi",
  "Ægir Øyvind",
  "Åsa Ångström",
  "Søren Kierkegård",
  "Þórunn Guðmundsdóttir",
  "Ævar Þór",
  "João Gonçalves",
  "O’Brien, Seán",
  "D´Angelo Ricci",
  "Ilse Über",
  "Mikołaj".replace("ł", "l"),
  "Kraków Biuro",
  "Gdańsk".replace("ń", "n"),
  "Šimon Žák",
  "Łukasz".replace("Ł", "L"),
  "Renée Zellweger – Büro",
  "Straße 1, 2. OG",
  "Café Crème",
  "Ÿvonne Pierre",
];

describe("names that show another code page, from the value alone", () => {
  it.each([
    ["山田 太郎", "cp932"],
    ["田中", "cp932"],
    ["営業 共有", "cp932"],
    ["会議室 富士", "cp932"],
    ["ｶﾀｶﾅ", "cp932"],
    ["Biuro Łódź", "cp1250"],
    ["Wałęsa", "cp1250"],
    ["Grażyna Żak", "cp1250"],
    ["Иван Петров", "cp1251"],
    ["Отдел продаж", "cp1251"],
    ["Γιώργος", "cp1253"],
  ])("%s written in %s and read as Windows-1252 is told", (name, page) => {
    expect(notWindows1252(as1252(name, page))).not.toBeNull();
  });

  it("a byte Windows-1252 does not define (0x81, 0x8D, 0x8F, 0x90, 0x9D) proves it", () => {
    for (const byte of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) {
      const value = iconv.decode(Buffer.from([0x41, byte, 0x42]), "windows-1252");
      expect(notWindows1252(value)).toMatch(/does not define/);
    }
  });

  it.each(WESTERN)("%s (a real Western European name) is not", (name) => {
    expect(notWindows1252(name)).toBeNull();
  });

  it("no name made of Western European syllables is taken for another code page", () => {
    // Every Western European word of four letters or more has a letter from A to Z: the
    // consonants are ASCII, with ß, ñ or ç now and then after a vowel.
    const consonant = fc.constantFrom(..."bcdfghjklmnprstvwxz".split(""));
    const extra = fc.constantFrom("", "", "", "ß", "ñ", "ç");
    const vowel = fc.constantFrom(..."aeiouyäöüéèêëàâîïôûùáíóúåæøœãõ".split(""));
    const capital = fc.constantFrom(..."ABCDEFGHJKLMNPRSTVWZÄÖÜÉÈÀÂÅÆØÑÇÓÚÍŠŽŒ".split(""));
    const syllable = fc.tuple(consonant, vowel, extra).map(([c, v, x]) => c + v + x);
    const word = fc
      .tuple(capital, vowel, fc.array(syllable, { minLength: 0, maxLength: 4 }))
      .map(([c, v, rest]) => c + v + rest.join(""));
    const separator = fc.constantFrom(" ", "-", ", ", " d’", " O’");
    const name = fc
      .tuple(word, fc.array(fc.tuple(separator, word), { maxLength: 3 }))
      .map(([first, rest]) => first + rest.map(([s, w]) => s + w).join(""));
    fc.assert(
      fc.property(name, (n) => notWindows1252(n) === null),
      { numRuns: 2000 }
    );
  });
});

function tenant(ascii = false): Tenant {
  const t = new Tenant();
  // A Cyrillic or Japanese code page has no "ü": such a tenant's Western names are ASCII.
  t.user(ascii ? "Juergen Weiss" : "Jürgen Weiß", "juergen");
  t.user(ascii ? "Chloe Martin" : "Chloé Martin", "chloe");
  return t;
}

/** Writes the folder with mailboxes.csv in `page`, as Excel or -Encoding Default would. */
function withMailboxesIn(t: Tenant, page: string): string {
  const dir = writeExports(t);
  const text = toCsv([...COLUMNS["mailboxes.csv"]], t.rows["mailboxes.csv"], { bom: false });
  fs.writeFileSync(path.join(dir, "mailboxes.csv"), iconv.encode(text, page));
  return dir;
}

describe("a mailboxes.csv in another ANSI code page whose names no other file has", () => {
  it.each([
    ["Shift_JIS (Japanese Excel)", "cp932", "会議室 富士", "Shift_JIS (code page 932, Japanese)"],
    ["Windows-1250 (Central European)", "cp1250", "Biuro Łódź", "Windows-1250 (Central European)"],
    ["Windows-1251 (Cyrillic)", "cp1251", "Отдел продаж", "Windows-1251 (Cyrillic)"],
  ])(
    "%s: refused with the line, the likely reading and the UTF-8 fix",
    async (_w, page, name, label) => {
      const t = tenant();
      t.shared(name, "room");
      // recipients.csv knows the mailbox by another name: nothing to compare the bytes with.
      t.rows["recipients.csv"].find((r) => r.PrimarySmtpAddress === at("room"))!.DisplayName =
        "Room";
      t.set("mailboxes.csv", at("room"), "GrantSendOnBehalfTo", at("chloe"));
      const line =
        t.rows["mailboxes.csv"].findIndex((r) => r.PrimarySmtpAddress === at("room")) + 2;
      const r = await buildExports(withMailboxesIn(t, page));
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(`mailboxes.csv, line ${line}, column DisplayName: `);
      expect(r.stderr).toContain("read as Windows-1252 (ANSI), is not a name");
      expect(r.stderr).toContain(`in ${label} it reads "${name}"`);
      expect(r.stderr).toMatch(/UTF-?8/);
    }
  );

  it("Western names in Windows-1252 build, and the summary says the code page was assumed", async () => {
    const t = tenant();
    t.shared("Büro München – Empfang", "buero");
    t.shared("Þórunn’s Café Œuvre", "cafe");
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "Jürgen Weiß");
    const r = await buildExports(withMailboxesIn(t, "windows-1252"));
    expect(r.stderr).not.toContain("FAILED");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("read mailboxes.csv as Windows-1252 (ANSI), assumed");
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
  });
});
