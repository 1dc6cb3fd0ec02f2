// h11f (issue 11): a file read as Windows-1252 is judged as a whole by how its names read in
// Windows-1252, the console's OEM pages (cp850, cp437, cp852, cp866) and Mac Roman, never by one
// character. Real Windows-1252 names with a no-break space, a typographic apostrophe, an em dash
// or "œ" build; names of an OEM page or Mac Roman read as plausible Windows-1252 letters
// ("Strauá", "Schršder", "Ch\u00A0vez") are refused with the page, never published garbled.
import * as iconv from "iconv-lite";
import fc from "fast-check";
import { decodeWindows1252, judgePage, notWindows1252 } from "../../../src/admin/decode";
import { DOMAIN, Tenant } from "../../fixtures/admin/tenant";
import { buildIn, ExportFile, publishedNames } from "../../fixtures/admin/pages";

const at = (local: string) => `${local}@${DOMAIN}`;
type File = ExportFile;

/** A tenant whose shared mailbox `name` Omar has Full Access and Send As on. */
function tenantWith(name: string): Tenant {
  const t = new Tenant();
  t.user("Omar Haddad", "omar");
  t.shared(name, "shared");
  t.fullAccess(at("shared"), at("omar"));
  t.sendAs(at("shared"), at("omar"));
  return t;
}

const ALL: File[] = [
  "mailboxes.csv",
  "recipients.csv",
  "mailbox-permissions.csv",
  "recipient-permissions.csv",
];

describe("h11f blocker 1: real Windows-1252 names build, whatever other file holds them", () => {
  const REAL = [
    "Giscard\u00a0d’Estaing",
    "Alza spol.\u00a0s\u00a0r.\u00a0o.",
    "Smith—Jones",
    "Phœbe Lœwe",
  ];
  it.each(REAL.flatMap((n) => [[n, "every file"] as const, [n, "mailboxes.csv only"] as const]))(
    "%j in Windows-1252 (%s; the rest UTF-8): built, published as it is",
    async (name, which) => {
      const r = await buildIn(
        tenantWith(name),
        "windows-1252",
        which === "every file" ? ALL : ["mailboxes.csv"]
      );
      expect(r.stderr).not.toMatch(/another code page|most likely/);
      expect(r.code).toBe(0);
      expect(publishedNames(r.out)).toContain(name.replace(/\u00a0/g, " "));
    }
  );

  // A soft hyphen between letters (a word-break hint pasted from a word processor) reads as
  // cp852's "ş" ("Rosenşthal"): alone, the file's names read better in cp852; a UTF-8 file
  // spelling the name the same decides.
  it("a name that reads like another page's alone is Windows-1252 when recipients.csv (UTF-8) spells it the same", async () => {
    expect(judgePage(["Anna Rosen\u00adthal"]).verdict).toBe("page");
    const r = await buildIn(tenantWith("Anna Rosen\u00adthal"), "windows-1252", ["mailboxes.csv"]);
    expect(r.stderr).not.toMatch(/another code page|most likely/);
    expect(r.code).toBe(0);
    expect(publishedNames(r.out)).toEqual(["Anna Rosen\u00adthal"]);
  });

  it("the same for a trustee in mailbox-permissions.csv (Windows-1252), recipients.csv in UTF-8", async () => {
    const t = new Tenant();
    t.user("Anna Rosen\u00adthal", "anna");
    t.shared("Vertrieb", "vertrieb");
    t.fullAccess(at("vertrieb"), "Anna Rosen\u00adthal", { UserSid: "" });
    const r = await buildIn(t, "windows-1252", ["mailbox-permissions.csv"]);
    expect(r.stderr).not.toMatch(/another code page|most likely/);
    expect(r.code).toBe(0);
    expect(r.shard(at("anna"))?.mailboxes.map((m) => m.displayName)).toContain("Vertrieb");
  });

  it("the same with recipients.csv in Windows-1252 and mailboxes.csv in UTF-8", async () => {
    const r = await buildIn(tenantWith("Anna Rosen\u00adthal"), "windows-1252", ["recipients.csv"]);
    expect(r.stderr).not.toMatch(/another code page|most likely/);
    expect(r.code).toBe(0);
    expect(publishedNames(r.out)).toEqual(["Anna Rosen\u00adthal"]);
  });
});

describe("h11f blockers 3 and 4: every file in one OEM page or Mac Roman: refused with the page, nothing published", () => {
  it.each([
    ["Johann Strauß", "cp850", "code page 850", "Strauá"],
    ["Johann Strauß", "cp437", "code page", "Strauá"],
    ["Gerhard Schröder", "macintosh", "Mac Roman", "Schršder"],
    ["Óscar Éluard", "macintosh", "Mac Roman", "ƒluard"],
    ["Ana Ramírez", "macintosh", "Mac Roman", "Ram’rez"],
    ["Hugo Chávez", "cp850", "code page 850", "Ch\\u00A0vez"],
    ["Hugo Chávez", "cp437", "code page", "Ch\\u00A0vez"],
    ["Jana Novotná", "cp852", "code page", "Novotn\\u00A0"],
    ["Jana Nováková", "cp852", "code page", "Nov\\u00A0kov\\u00A0"],
  ])("%j in %s: exit 1, the page named with the real name", async (name, page, named, shown) => {
    const r = await buildIn(tenantWith(name), page, ALL);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(publishedNames(r.out)).toEqual([]);
    expect(r.stderr).toContain(shown);
    expect(r.stderr).toContain(`most likely ${named}`);
    expect(r.stderr).toContain(`it reads "${name}"`);
    expect(r.stderr).not.toContain("assumed");
  });

  it.each([
    ["Johann Strauß", "cp850", "Strauá"],
    ["Gerhard Schröder", "macintosh", "Schršder"],
  ])(
    "%j in mailboxes.csv alone (%s), recipients.csv in UTF-8: one diagnosis, naming recipients.csv's spelling",
    async (name, page, shown) => {
      const r = await buildIn(tenantWith(name), page, ["mailboxes.csv"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("FAILED with 1 problem(s)");
      expect(r.stderr).toContain(`recipients.csv spells ${at("shared")} "${name}"`);
      expect(r.stderr).toContain(shown);
    }
  );

  it("a file no page clearly wins for is refused with each page's reading and the UTF-8 fix", async () => {
    // "Strauá" reads as cp850's "Strauß", "Gšdel" as Mac Roman's "Gödel": a file holding both
    // (parts written on two machines) reads as names in no one page, so none is chosen.
    const t = new Tenant();
    t.user("Omar Haddad", "omar");
    t.shared("Johann Strauá", "johann");
    t.shared("Kurt Gšdel", "kurt");
    t.fullAccess(at("kurt"), at("omar"));
    t.fullAccess(at("johann"), at("omar"));
    const r = await buildIn(t, "windows-1252", ALL);
    expect(r.code).toBe(1);
    expect(publishedNames(r.out)).toEqual([]);
    expect(r.stderr).toContain("the bytes do not name the page, so the build does not guess");
    expect(r.stderr).toContain('in Windows-1252 (ANSI) it reads "Johann Strauá"');
    expect(r.stderr).toContain('it reads "Johann Strauß"');
    expect(r.stderr).toContain("code page 850");
    expect(r.stderr).toContain("Mac Roman");
    expect(r.stderr).toMatch(/-Encoding UTF8|CSV UTF-8/);
    expect(r.stderr).not.toContain("assumed");
  });
});

// Names as people write them, in the letters of Western and Northern Europe (Latin-1) and a few
// that Windows-1252 adds (Œ œ Š š Ž ž, ’ – —): the property tests' material.
const FIRST = [
  "Jürgen",
  "Günter",
  "Björn",
  "Sören",
  "Jörg",
  "Käthe",
  "Märta",
  "Renée",
  "Chloé",
  "Zoë",
  "Noël",
  "Anaïs",
  "Hélène",
  "Jérôme",
  "Françoise",
  "Gaël",
  "Inès",
  "Mónica",
  "María",
  "José",
  "Raúl",
  "Íñigo",
  "Ángel",
  "Álvaro",
  "Sofía",
  "Lucía",
  "João",
  "Gonçalo",
  "Inês",
  "Ørjan",
  "Åsa",
  "Øystein",
  "Ólafur",
  "Agnès",
  "Cécile",
  "Maëlle",
  "Léa",
  "Benoît",
  "Niccolò",
  "Émile",
  "Ulrike",
  "Dörte",
  "Bärbel",
  "Frédéric",
  "Thérèse",
  "Loïc",
  "Geneviève",
  "Ramón",
  "Andrés",
  "Jesús",
  "Begoña",
  "Joaquín",
  "Fátima",
  "Estêvão",
  "Sebastião",
  "Søren",
  "Kåre",
  "Åke",
  "Östen",
  "Þórunn",
  "Matthías",
  "Zoltán",
  "Ádám",
  "Gábor",
  "Réka",
  "Raphaël",
  "Björk",
  "Göran",
  "Vinícius",
  "Antônio",
  "Clément",
  "Anna",
  "Paul",
  "Hans",
  "Luca",
  "Omar",
  "Kai",
];
const LAST = [
  "Müller",
  "Schröder",
  "Strauß",
  "Weiß",
  "Großmann",
  "Köhler",
  "Bäcker",
  "Jäger",
  "Fröhlich",
  "Sánchez",
  "Chávez",
  "Muñoz",
  "Núñez",
  "Pérez",
  "Gómez",
  "Ramírez",
  "García",
  "Martínez",
  "Hernández",
  "López",
  "Ibáñez",
  "Peña",
  "Gonçalves",
  "Simões",
  "Magalhães",
  "Brandão",
  "Dubois",
  "Lefèvre",
  "Bélanger",
  "Côté",
  "Gagné",
  "Leclère",
  "Brontë",
  "Gödel",
  "Häkkinen",
  "Mäkinen",
  "Sørensen",
  "Ødegård",
  "Ångström",
  "Jørgensen",
  "Horváth",
  "Kovács",
  "Szabó",
  "Tóth",
  "Nováková",
  "Guðmundsdóttir",
  "Ó Briain",
  "Schäfer",
  "Krämer",
  "Möller",
  "Meißner",
  "Preuß",
  "Rösler",
  "Brüning",
  "Lüdtke",
  "Fernández",
  "Rodríguez",
  "Jiménez",
  "Álvarez",
  "Suárez",
  "Juárez",
  "Cañizares",
  "Ordóñez",
  "Araújo",
  "Conceição",
  "Falcão",
  "Lévesque",
  "Thériault",
  "Bérubé",
  "Kjærgaard",
  "Østergaard",
  "Lindström",
  "Åkesson",
  "Öberg",
  "Sigurðsson",
  "Jóhannsdóttir",
  "Szőke",
  "Bíró",
  "Ó Súilleabháin",
  "Citroën",
  "Gauß",
  "Voß",
  "Weiß-Öztürk",
  "Ricci",
  "Berg",
  "Haddad",
];
const ONLY_1252 = [
  "Œuvre Sociale",
  "Jérôme Cœur",
  "Phœbe Lœwe",
  "Sean O’Brien",
  "Dell’Acqua Ricci",
  "Wanjiru Ng’ang’a",
  "Giscard\u00a0d’Estaing",
  "María de\u00a0la Cruz",
  "Smith–Jones",
  "Smith—Jones",
  "Šárka Šimková",
  "Žaneta Nováková",
  "Ludwig van\u00a0Beethoven",
  "Alza spol.\u00a0s\u00a0r.\u00a0o.",
  "Jürgen\u00a0Weiß",
];

const person = fc
  .tuple(fc.constantFrom(...FIRST), fc.constantFrom(...LAST))
  .map(([f, l]) => `${f} ${l}`);
// Russian and Ukrainian names, which cp866 (the Cyrillic console's page) holds.
const CYRILLIC = [
  "Иван Петров",
  "Ольга Смирнова",
  "Дмитрий Соколов",
  "Наталья Кузнецова",
  "Алексей Попов",
  "Юлия Волкова",
  "Сергей Лебедев",
  "Екатерина Новикова",
  "Тарас Шевченко",
  "Олена Коваленко",
  "Андрій Бондаренко",
  "Ірина Мельник",
];

const names = fc.uniqueArray(
  fc.oneof(person, fc.constantFrom(...ONLY_1252), fc.constantFrom(...CYRILLIC)),
  { minLength: 1, maxLength: 12 }
);

/** A name written in `page` and read back as Windows-1252, or null when `page` lacks a letter. */
function writtenIn(name: string, page: string): string | null {
  const bytes = iconv.encode(name, page);
  return iconv.decode(bytes, page) === name ? decodeWindows1252(bytes) : null;
}

/** Real names of people, places and teams in Windows-1252 whose letters a single-character rule could take for another page's. */
const REAL_PLACES_AND_TEAMS = [
  "Büro\u00a0für Technik",
  "Vertrieb–intern",
  "Müller & Söhne",
  "Société Générale",
  "Ærø Kommune",
  "Île-de-France",
  "Côte d’Ivoire",
  "Hôtel de Ville",
  "Señor",
  "Ñandú",
  "Ångström Lab",
  "Smørrebrød",
  "Þingvellir",
  "Hafnarfjörður",
  "Saint-Étienne",
  "Mâcon",
  "d’Artagnan",
  "L’Oréal",
  "Ma’ruf",
  "Isma’il",
  "Sha’ban",
  "Hawai’i",
  "Ka’ahumanu",
  "Heinz-Günther Weißmüller",
  "Œdipe",
  "Fœtus",
  "Bœuf",
  "Œil",
  "Mœbius",
  "Šťastný",
  "Žižka",
  "Čapek",
  "Fiat Lux — Vertrieb",
  "Nord–Süd",
  "1\u00a0000 Jahre",
  "Dr.\u00a0Müller",
  "Paul\u00a0&\u00a0Söhne",
  "MÜNCHEN",
  "ÉCOLE",
  "São Paulo",
  "Curaçao",
  "Tromsø",
  "Jyväskylä",
  "Kópavogur",
  "Héloïse",
  "Thaïs",
];

describe("h11f: real Windows-1252 names of people, places and teams", () => {
  it.each(REAL_PLACES_AND_TEAMS.filter((n) => writtenIn(n, "windows-1252") === n))(
    "%j alone is read as Windows-1252",
    (name) => {
      expect(notWindows1252(name)).toBeNull();
      expect(judgePage([name])).toEqual({ verdict: "windows-1252", mixed: [] });
    }
  );
});

describe("h11f: property tests of the whole-file judgement", () => {
  it("names written in Windows-1252 and read back are never refused or changed", () => {
    fc.assert(
      fc.property(names, (set) => {
        // Names with a letter Windows-1252 lacks ("Szőke") cannot be written in it.
        const held = set.filter((n) => writtenIn(n, "windows-1252") !== null);
        const values = held.map((n) => writtenIn(n, "windows-1252")!);
        expect(values).toEqual(held);
        for (const v of values) expect(notWindows1252(v)).toBeNull();
        expect(judgePage(values)).toEqual({ verdict: "windows-1252", mixed: [] });
      }),
      { numRuns: 500 }
    );
  });

  it.each(["cp850", "cp437", "cp852", "cp866", "macintosh"])(
    "names written in %s are never read as Windows-1252 with a letter changed",
    (page) => {
      fc.assert(
        fc.property(names, (set) => {
          const written = set.flatMap((n) => {
            const v = writtenIn(n, page);
            return v === null ? [] : [[n, v] as const];
          });
          if (written.length === 0 || written.every(([n, v]) => n === v)) return;
          const values = written.map(([, v]) => v);
          // Refused from one value's bytes (a symbol inside a word, an undefined byte) ...
          if (values.some((v) => notWindows1252(v) !== null)) return;
          // ... or by the whole file's judgement, which when it names a page reads them right.
          const verdict = judgePage(values);
          expect(verdict.verdict).not.toBe("windows-1252");
          if (verdict.verdict === "page")
            expect(
              values.map((v) => iconv.decode(iconv.encode(v, "windows-1252"), verdict.id))
            ).toEqual(written.map(([n]) => n));
        }),
        { numRuns: 500 }
      );
    }
  );
});
