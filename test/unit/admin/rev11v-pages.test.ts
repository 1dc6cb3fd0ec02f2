// rev11v (issue 11): a file read as Windows-1252 is judged by comparing names where they can be
// compared: the row's own address, alias or UPN spell its names in ASCII ("jan.dvorak@" for
// "Jan Dvořák"), and another file may spell the same name. Files in Windows-1250, 1254 or 1257,
// or in an OEM page with a single name outside ASCII, are no longer published garbled; real
// Windows-1252 names that read oddly alone build; a file with a part in another page is refused
// with the line.
import * as fs from "node:fs";
import * as path from "node:path";
import * as iconv from "iconv-lite";
import { addressSpelling, judgePage, rowEvidence, spelledAs } from "../../../src/admin/decode";
import { COLUMNS, DOMAIN, Tenant, toCsv } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";
import { buildIn, ExportFile, publishedNames } from "../../fixtures/admin/pages";

const at = (local: string) => `${local}@${DOMAIN}`;
const ALL: ExportFile[] = [
  "mailboxes.csv",
  "recipients.csv",
  "mailbox-permissions.csv",
  "recipient-permissions.csv",
];

/** A tenant whose users `people` ([display name, local part]) have Send As on a shared mailbox. */
function tenantOf(people: [string, string][], shared: [string, string] = ["Support", "support"]) {
  const t = new Tenant();
  t.shared(shared[0], shared[1]);
  for (const [name, local] of people) {
    t.user(name, local);
    t.sendAs(at(shared[1]), at(local));
  }
  return t;
}

describe("how an address spells a name", () => {
  it.each([
    ["Dvořák", false, "dvorak"],
    ["Weiß", false, "weiss"],
    ["Müller", true, "mueller"],
    ["Łukasz", false, "lukasz"],
    ["Contoso™", false, "contoso"],
    ["“Paris”", false, "paris"],
    ["Supportª", false, null],
    ["Èâàí", false, "eaai"],
    ["Иван", false, null],
  ])("%j (umlauts %s) is %j", (word, umlauts, spelled) => {
    expect(addressSpelling(word, umlauts)).toBe(spelled);
  });

  it("counts only words outside ASCII that the row's values spell", () => {
    const evidence = rowEvidence(
      ["Jan Dvořák", "jan.dvorak@contoso.example", "jdvorak"],
      [0, 1, 2]
    );
    expect(spelledAs("Jan Dvořák", evidence)).toBe(1);
    expect(spelledAs("Jan Dvoøák", evidence)).toBe(0);
  });
});

describe("rev11v finding 1: whole files in Windows-1250, 1254 and 1257 are not published garbled", () => {
  const CASES: [string, string, [string, string][]][] = [
    [
      "windows-1250",
      "Windows-1250",
      [
        ["Jan Dvořák", "jan.dvorak"],
        ["Łukasz Żółw", "lukasz.zolw"],
      ],
    ],
    [
      "windows-1254",
      "Windows-1254",
      [
        ["Ayşe Yılmaz", "ayse.yilmaz"],
        ["Gökhan Çelik", "gokhan.celik"],
      ],
    ],
    [
      "windows-1257",
      "Windows-1257",
      [
        ["Jānis Bērziņš", "janis.berzins"],
        ["Rūta Šimkutė", "ruta.simkute"],
      ],
    ],
  ];
  it.each(CASES)(
    "every file in %s: refused naming %s, nothing published",
    async (page, named, people) => {
      const r = await buildIn(tenantOf(people), page, ALL);
      expect(r.code).not.toBe(0);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(named);
      // The line's own reading in that page is shown, so the admin sees the page is right.
      expect(r.stderr).toContain(people[0][0]);
    }
  );

  it("recipients.csv alone in Windows-1250 (the rest UTF-8): refused too", async () => {
    const r = await buildIn(tenantOf(CASES[0][2]), "windows-1250", ["recipients.csv"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Windows-1250");
  });
});

describe("rev11v finding 2: one name outside ASCII in an OEM page or Mac Roman is not read as Windows-1252", () => {
  it.each([
    ["cp850", "code page 850", ["Petra Kvitová", "petra.kvitova"]],
    ["cp852", "code page 852", ["Anna Kamińska", "anna.kaminska"]],
  ] as const)("a user in %s: refused naming %s", async (page, named, person) => {
    const r = await buildIn(tenantOf([[person[0], person[1]]]), page, ALL);
    expect(r.code).not.toBe(0);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain(named);
  });

  // A capital after a hyphen or an elision, which 1252 reads as a small vowel that may open a
  // word there in Catalan or French ("Luis-àscar", "D'òrsula"), is still another page's
  // (rev11zb ZB1, ZB2).
  it.each([
    ["cp850", "Luis-Óscar Gil", ["code page 850", 'reads "Luis-Óscar Gil"']],
    ["cp852", "Iroda Budapest-Óbuda", ["code page 850", 'reads "Iroda Budapest-Óbuda"']],
    ["macintosh", "Ana-Úrsula Gil", ["Mac Roman", 'reads "Ana-Úrsula Gil"']],
    ["macintosh", "Sílvia D'Úrsula", ["Mac Roman", `reads "Sílvia D'Úrsula"`]],
    ["macintosh", "Aula d'última", ["Mac Roman", `reads "Aula d'última"`]],
    // Its page is not told (1252's reading is no name, the others no better): not guessed.
    ["windows-1250", "Projekt e-člen", ["reads as no name", "the build does not guess"]],
  ] as const)("%s: %j is refused, not published as 1252 reads it", async (page, name, said) => {
    const r = await buildIn(tenantOf([[name, "u7"]]), page, ALL);
    expect(r.code).not.toBe(0);
    expect(r.written).toBe(false);
    for (const text of said) expect(r.stderr).toContain(text);
  });

  it('a shared mailbox named "Support™" in Mac Roman: refused naming Mac Roman', async () => {
    const r = await buildIn(
      tenantOf([["Omar Haddad", "omar"]], ["Support™", "support"]),
      "macintosh",
      ALL
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Mac Roman");
  });
});

describe("rev11v findings 3 and 4: Windows-1252 names that read oddly alone build", () => {
  it.each([
    ["Contoso™ Support", "support"],
    ["Fabrikam® Sales", "sales"],
    ["Salle Réunion “Paris”", "salle.reunion.paris"],
    ["Jürg Rüegg", "juerg.rueegg"],
    ["Projekt…2025", "projekt2025"],
  ])("%j (its address %s@) in Windows-1252: built and published as it is", async (name, local) => {
    const t = tenantOf([["Omar Haddad", "omar"]], [name, local]);
    const r = await buildIn(t, "windows-1252", ALL);
    expect(r.stderr).not.toMatch(/another code page|mixes code pages/);
    expect(r.code).toBe(0);
    expect(publishedNames(r.out)).toContain(name);
  });

  it('"Contoso™ Support" in mailboxes.csv (Windows-1252) while recipients.csv (UTF-8) spells it so: built', async () => {
    const t = tenantOf([["Omar Haddad", "omar"]], ["Contoso™ Support", "helpdesk"]);
    const r = await buildIn(t, "windows-1252", ["mailboxes.csv"]);
    expect(r.stderr).not.toMatch(/another code page|is not a name/);
    expect(r.code).toBe(0);
    expect(publishedNames(r.out)).toContain("Contoso™ Support");
  });
});

describe("rev11v finding 5: a Windows-1252 file with a part in another page is refused with the line", () => {
  it("recipients.csv in Windows-1252 with one cp852 row appended (cmd >>): the row's line is named", async () => {
    const { dir, line } = appended(
      [
        ["Jürgen Weiß", "juergen.weiss"],
        ["Chloé Martin", "chloe.martin"],
      ],
      "windows-1252",
      [["Anna Kamińska", "anna.kaminska"]],
      "cp852"
    );
    const r = await buildExports(dir);
    expect(r.code).not.toBe(0);
    expect(r.written).toBe(false);
    expect(r.stderr).toMatch(new RegExp(`recipients\\.csv, line ${line}\\b`));
    expect(r.stderr).toContain("mixes code pages");
    expect(r.stderr).toContain("Anna Kamińska");
  });
});

/**
 * Exports of `first` ([display name, local part]) with recipients.csv and mailboxes.csv written
 * in `page`, then the rows of `more` appended to both in `morePage` (cmd's ">>"); `line` is the
 * first appended line of recipients.csv.
 */
function appended(
  first: [string, string][],
  page: string,
  more: [string, string][],
  morePage: string
): { dir: string; line: number } {
  const t = tenantOf(first);
  const extra = new Tenant();
  for (const [name, local] of more) extra.shared(name, local);
  const dir = writeExports(t);
  let line = 0;
  for (const file of ["recipients.csv", "mailboxes.csv"] as const) {
    const header = [...COLUMNS[file]];
    const text = toCsv(header, t.rows[file], { bom: false, quote: "needed" });
    const rows = toCsv(header, extra.rows[file], { bom: false, quote: "needed" })
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l !== "");
    if (file === "recipients.csv") line = text.replace(/\r?\n$/, "").split(/\r?\n/).length + 1;
    fs.writeFileSync(
      path.join(dir, file),
      Buffer.concat([iconv.encode(text, page), iconv.encode(`${rows.join("\r\n")}\r\n`, morePage)])
    );
  }
  return { dir, line };
}

describe("rev11w: only a row's addresses, aliases and names spell it, and only whole words", () => {
  it.each([
    // Mac Roman's "Se·n" less its dot is in "SendAs"; cp850's "Põr" in "support"; Mac Roman's
    // "MaÎl" in "SharedMailbox" (F1).
    ["Seán Murphy", "sean.murphy"],
    ["Pär Lindqvist", "par.lindqvist"],
    ["Maël Dupont", "mdupont"],
    ["Maël Dupont", "u1044"],
  ])("%j (%s@) in every file in Windows-1252: built as it is", async (name, local) => {
    const r = await buildIn(tenantOf([[name, local]]), "windows-1252", ALL);
    expect(r.stderr).not.toMatch(/another code page|mixes code pages|is not a name/);
    expect(r.code).toBe(0);
    expect(r.shard(at(local))?.mailboxes.map((m) => m.displayName)).toEqual(["Support"]);
  });

  it.each([
    // Windows-1252's "£ukasz" less its "£" is no spelling of lukasz@, "Pawe³" none of pawel@;
    // "Kamiñska" (a Spanish "ñ" before a consonant) reads clearly worse than "Kamińska" (F2, F3).
    ["Łukasz Nowak", "lukasz.nowak"],
    ["Paweł Nowak", "pawel.nowak"],
    ["Anna Kamińska", "anna.kaminska"],
    ["Kancelář Brno", "kancelar.brno"],
  ])("%j (%s@) in every file in Windows-1250: refused as Windows-1250", async (name, local) => {
    const r = await buildIn(
      tenantOf([["Omar Haddad", "omar"]], [name, local]),
      "windows-1250",
      ALL
    );
    expect(r.code).not.toBe(0);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("most likely Windows-1250");
    expect(r.stderr).not.toContain("Mac Roman");
  });

  it("a Windows-1251 file is not named after a reading whose symbols, dropped, leave part of the domain (F7)", async () => {
    const r = await buildIn(
      tenantOf([["Omar Haddad", "omar"]], ["Иван Петров", "u5"]),
      "windows-1251",
      ALL
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("most likely Windows-1251");
    expect(r.stderr).not.toContain("code page 852");
  });

  it("one address that spells a cp850 name's Windows-1252 reading less a symbol does not make the file Windows-1252 (F14)", async () => {
    const r = await buildIn(
      tenantOf([["René Dubois", "ren.dubois"]], ["Sala Málaga", "u305"]),
      "cp850",
      ALL
    );
    expect(r.code).not.toBe(0);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("code page 850");
  });

  it("rows appended in cp850 whose addresses spell nothing: 'mixes code pages' with their lines (F5)", async () => {
    const { dir, line } = appended(
      [
        ["Jürgen Weiß", "u1"],
        ["Chloé Martin", "u2"],
      ],
      "windows-1252",
      [
        ["Eva Novotná", "u303"],
        ["Sala Málaga", "u305"],
      ],
      "cp850"
    );
    const r = await buildExports(dir);
    expect(r.code).not.toBe(0);
    expect(r.written).toBe(false);
    expect(r.stderr).toMatch(
      new RegExp(`recipients\\.csv, line ${line}\\b[^\\n]*mixes code pages`)
    );
    expect(r.stderr).toContain('"Sala Málaga"');
    expect(r.stderr).toContain("it reads as a name only as code page 850");
    // The summary does not then say that no name showed another page (rev11w F4).
    expect(r.stderr).not.toContain("no name in it showed another one");
  });

  it("rows appended after 5,000 names outside ASCII are still compared with their addresses (F10)", async () => {
    const people: [string, string][] = [];
    for (let i = 0; i < 5_001; i++) people.push([`Jürgen Weiß ${i}`, `juergen.weiss${i}`]);
    const { dir, line } = appended(
      people,
      "windows-1252",
      [["Petra Kvitová", "petra.kvitova"]],
      "cp850"
    );
    const r = await buildExports(dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(`recipients\\.csv, line ${line}\\b[^\\n]*mixes code pages`)
    );
  });

  it("rows appended after 5,000 names whose addresses spell nothing are still judged (rev11x X4)", async () => {
    const people: [string, string][] = [];
    for (let i = 0; i < 5_001; i++) people.push([`Jürgen Weiß ${i}`, `juergen.weiss${i}`]);
    const { dir, line } = appended(
      people,
      "windows-1252",
      [
        ["Petra Kvitová", "u9000"],
        ["Eva Novotná", "u9001"],
      ],
      "cp850"
    );
    const r = await buildExports(dir);
    expect(r.code).not.toBe(0);
    expect(r.written).toBe(false);
    expect(r.stderr).toMatch(
      new RegExp(`recipients\\.csv, line ${line + 1}\\b[^\\n]*mixes code pages`)
    );
  });

  it.each(["Gebäude Süd", "Verkäufer Team", "Hämäläinen Oy"])(
    '%j in Windows-1252 reads as a name ("äu", "äi" are German and Finnish; F12)',
    async (name) => {
      const r = await buildIn(
        tenantOf([["Omar Haddad", "omar"]], [name, "u9"]),
        "windows-1252",
        ALL
      );
      expect(r.stderr).not.toMatch(/another code page|is not a name/);
      expect(r.code).toBe(0);
      expect(publishedNames(r.out)).toContain(name);
    }
  );
});

describe("the judgement itself", () => {
  it("a row's address decides between readings that both look like names", () => {
    const value = iconv.decode(iconv.encode("Mehmet Doğru", "windows-1254"), "windows-1252");
    // "Doðru" is a plausible Icelandic spelling: alone, the file stays Windows-1252.
    expect(value).toBe("Mehmet Doðru");
    expect(judgePage([value]).verdict).toBe("windows-1252");
    const verdict = judgePage([value], undefined, [
      rowEvidence(["mehmet.dogru@contoso.example"], [0]),
    ]);
    expect(verdict).toMatchObject({ verdict: "page", text: "Mehmet Doğru" });
  });

  it("a reading whose word no one language writes points to the page that reads it as a name (rev11x X2)", () => {
    // "Dvoøák": "ø" is Nordic, "á" is not; Windows-1250's "Dvořák" is Czech throughout.
    const value = iconv.decode(iconv.encode("Jan Dvořák", "windows-1250"), "windows-1252");
    expect(value).toBe("Jan Dvoøák");
    expect(judgePage([value])).toMatchObject({ verdict: "page", text: "Jan Dvořák" });
  });
});

describe("rev11x X2, X3, X6: files in another page whose rows do not spell their names", () => {
  it.each<[string, string, [string, string][]]>([
    [
      "windows-1250",
      "Windows-1250",
      [
        ["Kancelář Brno", "brno"],
        ["Účtárna", "accounting"],
        ["Antonín Dvořák", "u1"],
        ["Anna Kamińska", "u4"],
      ],
    ],
    [
      "windows-1254",
      "Windows-1254",
      [
        ["Satış Ofisi", "sales"],
        ["Ayşe Yılmaz", "u1"],
        ["Muhasebe Şubesi", "u3"],
      ],
    ],
    [
      "windows-1257",
      "Windows-1257",
      [
        ["Jānis Bērziņš", "u1"],
        ["Rūta Šimkutė", "u2"],
      ],
    ],
    [
      "windows-1251",
      "Windows-1251",
      [
        ["Ян Ли", "u4"],
        ["Ия Ко", "u5"],
      ],
    ],
  ])(
    "a whole file in %s with functional addresses: refused naming %s",
    async (page, named, people) => {
      const r = await buildIn(tenantOf(people), page, ALL);
      expect(r.code).not.toBe(0);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(named);
    }
  );

  it("a Czech tenant whose spelled users read alike in Windows-1252: its shared mailboxes are not published garbled", async () => {
    const t = tenantOf(
      [
        ["Jan Novák", "jan.novak"],
        ["Eva Svobodová", "eva.svobodova"],
        ["Tomáš Marek", "tomas.marek"],
      ],
      ["Účtárna", "accounting"]
    );
    t.shared("Obchodní oddělení", "sales");
    const r = await buildIn(t, "windows-1250", ALL);
    expect(r.code).not.toBe(0);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("Windows-1250");
    expect(r.stderr).toContain('"Účtárna"');
  });

  it("a Hungarian file whose addresses spell every name (ő reads õ in Windows-1252): refused naming Windows-1250 (X6)", async () => {
    const r = await buildIn(
      tenantOf([
        ["Erdős Péter", "peter.erdos"],
        ["Szőke Anna", "anna.szoke"],
        ["Kovács Dezső", "dezso.kovacs"],
      ]),
      "windows-1250",
      ALL
    );
    expect(r.code).not.toBe(0);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("Windows-1250");
    expect(r.stderr).toContain('"Erdős Péter"');
  });

  it.each<[string, [string, string][]]>([
    ["cp852", [["Anna Svobodová", "u7"]]],
    ["cp850", [["Petra Kvitová", "u306"]]],
    [
      "macintosh",
      [
        ["Zoë Martin", "u1"],
        ["Ángel Díaz", "u2"],
      ],
    ],
    ["windows-1251", [["Ян Ли", "u4"]]],
  ])(
    "rows appended in %s to a Windows-1252 file, addresses spelling nothing: refused with the line (X3)",
    async (page, more) => {
      const { dir, line } = appended(
        [
          ["Jürgen Weiß", "juergen.weiss"],
          ["Chloé Martin", "chloe.martin"],
        ],
        "windows-1252",
        more,
        page
      );
      const r = await buildExports(dir);
      expect(r.code).not.toBe(0);
      expect(r.written).toBe(false);
      expect(r.stderr).toMatch(
        new RegExp(`recipients\\.csv, line ${line}\\b[^\\n]*mixes code pages`)
      );
    }
  );

  it("Western names with employee-number addresses still build as Windows-1252 (no X1 regression)", async () => {
    const names: [string, string][] = [
      ["Françoise Lefèvre", "u1"],
      ["Björn Öberg", "u2"],
      ["Guðrún Jónsdóttir", "u3"],
      ["Fundarherbergi Hafþór", "u4"],
      ["Jürgen Weiß", "u5"],
      ["João Simões", "u6"],
      ["Päivi Hämäläinen", "u7"],
      ["Håkon Sæther", "u8"],
      ["Íñigo Muñoz", "u9"],
    ];
    const t = new Tenant();
    t.user("Omar Haddad", "omar");
    for (const [name, local] of names) {
      t.shared(name, local);
      t.sendAs(at(local), at("omar"));
    }
    const r = await buildIn(t, "windows-1252", ALL);
    expect(r.stderr).not.toMatch(/another code page|is not a name|mixes code pages/);
    expect(r.code).toBe(0);
    for (const [name] of names) expect(publishedNames(r.out)).toContain(name);
  });
});

describe("rev11v LOW: a missing file is exported, not written again", () => {
  it("groups.csv missing from another tool's export: the fix says to export it", async () => {
    const dir = writeExports(tenantOf([["Omar Haddad", "omar"]]));
    fs.rmSync(path.join(dir, "groups.csv"), { force: true });
    fs.rmSync(path.join(dir, "export-info.csv"), { force: true });
    const r = await buildExports(dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("groups.csv: missing from");
    expect(r.stderr).toContain("fix: export groups.csv into this folder");
    expect(r.stderr).not.toContain("write groups.csv again");
  });
});

describe("rev11w F11: an address with a byte Windows-1252 does not define names the code page", () => {
  it("a cp850 file whose user has the proxy address jürgen@: the page, never 'remove it in Exchange'", async () => {
    const t = tenantOf([]);
    t.user("Jürgen Weiß", "juergen.weiss", { proxies: [`jürgen@${DOMAIN}`] });
    t.sendAs(at("support"), at("juergen.weiss"));
    const r = await buildIn(t, "cp850", ALL);
    expect(r.code).not.toBe(0);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("a byte Windows-1252 (as the file was read) does not define");
    expect(r.stderr).not.toMatch(/Set-Mailbox|invisible or bidirectional/);
  });
});

describe("rev11x: Windows-1252 keeps a tie that only unspelled names could break", () => {
  it('spelled Western names and an unspelled Icelandic room ("Hafþór" reads better as Turkish "Hafşór"): built as Windows-1252 (X1)', async () => {
    const { dir } = appended(
      [
        ["Jürgen Weiß", "juergen.weiss"],
        ["Chloé Martin", "chloe.martin"],
      ],
      "windows-1252",
      [["Fundarherbergi Hafþór", "fundur1"]],
      "windows-1252"
    );
    const r = await buildExports(dir);
    expect(r.stderr).not.toMatch(/another code page|mixes code pages|is not a name/);
    expect(r.code).toBe(0);
    expect(r.written).toBe(true);
  });

  it("typographic names among spelled ones are no 'mixed' part: bullets, currency, an Italian elision (X10)", async () => {
    const names: [string, string][] = [
      ["Contoso • Sales • DACH", "sales-dach"],
      ["Payments € & £", "payments"],
      ["Sant’anna Ospedale", "ospedale"],
    ];
    const { dir } = appended(
      [
        ["Jürgen Weiß", "juergen.weiss"],
        ["Chloé Martin", "chloe.martin"],
      ],
      "windows-1252",
      names,
      "windows-1252"
    );
    const r = await buildExports(dir);
    expect(r.stderr).not.toMatch(/mixes code pages|is not a name/);
    expect(r.code).toBe(0);
    expect(r.written).toBe(true);
  });

  it('Mac Roman\'s "Öberg" read as "…berg" is not taken for an ellipsis (X11)', async () => {
    const r = await buildIn(
      tenantOf([["Omar Haddad", "omar"]], ["Tijs Öberg", "u2"]),
      "macintosh",
      ALL
    );
    expect(r.code).not.toBe(0);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("Mac Roman");
  });
});

describe("rev11x X5: real Windows-1252 names with typography read as names", () => {
  it.each([
    ["Kita „Sonnenschein“", "u101"],
    ["Salle « Paris »", "u103"],
    ["À la Carte", "u106"],
    ["Fabrikam®, Inc.", "u1041"],
    ["Carlos Agüero", "u7"],
    ["Ignacio Argüelles", "u8"],
    ["m² Immobilien", "u105"],
    ["Lager 120m³", "u109"],
    ["Uwe Mäenpää", "u110"],
  ])(
    "%j (%s@, which spells nothing) in every file in Windows-1252: built as it is",
    async (name, local) => {
      const r = await buildIn(
        tenantOf([["Omar Haddad", "omar"]], [name, local]),
        "windows-1252",
        ALL
      );
      expect(r.stderr).not.toMatch(/another code page|mixes code pages|is not a name/);
      expect(r.code).toBe(0);
      expect(publishedNames(r.out)).toContain(name);
    }
  );
});

describe("rev11y: real Windows-1252 names that read oddly alone still build", () => {
  it.each<[string, [string, string][]]>([
    [
      "French rooms (à, a word starting with é)",
      [
        ["Salle à manger", "salle3"],
        ["1er étage Accueil", "accueil1"],
      ],
    ],
    ["Swedish towns in -eå", [["Kundtjänst Umeå", "kontor7"]]],
    ["German über", [["Vertrieb über Partner", "vertrieb"]]],
    [
      "Spanish ordinals and Mª (Y4, Y10)",
      [
        ["Nº 5 Sala", "sala5"],
        ["Planta 2ª Madrid", "planta2"],
        ["Mª José García", "u1235"],
      ],
    ],
    [
      "Estonian õ (Y2)",
      [
        ["Tõnu Kõiv", "tonu.koiv"],
        ["Jüri Põder", "juri.poder"],
      ],
    ],
    [
      "Irish h before a capital vowel (Y3)",
      [
        ["Seán Ó hÉigeartaigh", "sean.oheigeartaigh"],
        ["Máire Ní hÓgáin", "maire.nihogain"],
      ],
    ],
    ["Finnish Mäen- (Y1)", [["Jari Mäenranta", "u1"]]],
    [
      "Albanian final ë, Spanish nº and óptica, Gaelic and Faroese (rev11z Z1, Z2, Z5, Z6)",
      [
        ["Lekë Berisha", "u2"],
        ["Zyra Tiranë", "u3"],
        ["Juzgado de lo Social nº 2", "u4"],
        ["Equipo de óptica", "u5"],
        ["Sìne NicLeòid", "u6"],
        ["Fundarhølið", "u7"],
        ["Häagen-Dazs Service", "u8"],
      ],
    ],
    [
      "Catalan and French elisions typed with the keyboard's apostrophe, and compounds (rev11za ZA1)",
      [
        ["Cap d'àrea de Cultura", "u9"],
        ["Servei d'òptica", "u10"],
        ["Main d'œuvre", "u11"],
        ["Club de l'âge d'or", "u12"],
        ["Service Porte-à-porte", "u13"],
      ],
    ],
    [
      "French ordinals after their number (rev11za ZA3)",
      [
        ["Bureau 2ème", "u14"],
        ["Salle 3ème étage", "u15"],
        ["Professeurs de 6ème", "u16"],
        ["1ère Classe", "u17"],
      ],
    ],
  ])("%s: built as Windows-1252 with the names as they are (Y1)", async (_, rooms) => {
    const t = tenantOf([
      ["Jürgen Weiß", "juergen.weiss"],
      ["Chloé Martin", "chloe.martin"],
    ]);
    t.user("Omar Haddad", "omar");
    for (const [name, local] of rooms) {
      t.shared(name, local);
      t.sendAs(at(local), at("omar"));
    }
    const r = await buildIn(t, "windows-1252", ALL);
    expect(r.stderr).not.toMatch(
      /another code page|mixes code pages|is not a name|reads as no name/
    );
    expect(r.code).toBe(0);
    for (const [name] of rooms) expect(publishedNames(r.out)).toContain(name);
  });
});

describe("rev11zb ZB5: a French ordinal as a file's only name outside ASCII", () => {
  it('"Salle 2è" builds as Windows-1252, not as code page 866\'s "Salle 2ш"', async () => {
    const r = await buildIn(
      tenantOf([["Omar Haddad", "omar"]], ["Salle 2è", "salle2"]),
      "windows-1252",
      ALL
    );
    expect(r.stderr).not.toContain("866");
    expect(r.code).toBe(0);
    expect(publishedNames(r.out)).toContain("Salle 2è");
  });
});
