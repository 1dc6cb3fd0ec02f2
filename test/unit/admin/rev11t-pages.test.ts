// rev11t findings 1, 2, 5 and 9: files written in a DOS (OEM) code page (cp850, cp437, cp852,
// cp866) or in Mac Roman (Excel for Mac's plain CSV), read as Windows-1252. Their letters at
// 0xA0/0xAD (no-break space, soft hyphen in 1252) are never taken for hidden characters to remove
// in Exchange; names are refused with the page, never published garbled; real Windows-1252 names
// that hold such characters legitimately still build.
import { judgePage, notWindows1252 } from "../../../src/admin/decode";
import { DOMAIN, Tenant } from "../../fixtures/admin/tenant";
import { buildIn, publishedNames } from "../../fixtures/admin/pages";

const at = (local: string) => `${local}@${DOMAIN}`;

const RENAME_FIX = /Set-User|invisible or bidirectional|check the name in Exchange/;

describe("rev11t finding 1: an OEM letter at 0xA0/0xAD in a trustee is that page's letter, never a hidden character", () => {
  it.each([
    ["María Sánchez", "cp850", "code page 850"],
    ["María Sánchez", "cp437", "code page"],
    ["Tomáš Novák", "cp852", "code page 852"],
    ["Иван Петров", "cp866", "code page 866"],
  ])("trustee %j in mailbox-permissions.csv written in %s", async (name, page, named) => {
    const t = new Tenant();
    t.user(name, "trustee");
    t.shared("Vertrieb", "vertrieb");
    t.fullAccess(at("vertrieb"), name, { UserSid: "" });
    const r = await buildIn(t, page, ["mailbox-permissions.csv"]);
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain(`is "${name}" (${at("trustee")}) written in ${named}`);
    expect(r.stderr).not.toMatch(RENAME_FIX);
    expect(r.stderr).toContain("write it again in UTF-8");
  });

  it("in one file with names that show the page, the name with 0xA0 gets the same diagnosis", async () => {
    const t = new Tenant();
    for (const [name, local] of [
      ["Chloé Martin", "chloe"],
      ["María Sánchez", "maria"],
      ["Jürgen Weiß", "juergen"],
    ]) {
      t.user(name, local);
    }
    t.shared("Vertrieb", "vertrieb");
    for (const name of ["Chloé Martin", "María Sánchez", "Jürgen Weiß"])
      t.fullAccess(at("vertrieb"), name, { UserSid: "" });
    const r = await buildIn(t, "cp850", ["mailbox-permissions.csv"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`is "María Sánchez" (${at("maria")}) written in code page 850`);
    expect(r.stderr).not.toMatch(RENAME_FIX);
  });
});

describe("rev11t finding 2: names in files that all share the wrong encoding are refused with the page", () => {
  it.each([
    ["Büro Süd", "macintosh", "Mac Roman"],
    ["Kurt Gödel", "macintosh", "Mac Roman"],
    ["Raúl Muñoz", "macintosh", "Mac Roman"],
    ["Zoë Brontë", "macintosh", "Mac Roman"],
    ["Ana Lúcia Ramírez", "macintosh", "Mac Roman"],
    ["Tomáš Novák", "cp852", "code page 852"],
    ["Jana Nováková", "cp852", "code page"],
    ["Sala Málaga", "cp850", "code page 850"],
    ["Sala Málaga", "cp437", "code page"],
  ])(
    "%j in mailboxes.csv and recipients.csv, both %s: exit 1, nothing published",
    async (name, page, named) => {
      const t = new Tenant();
      t.user("Omar Haddad", "omar");
      t.shared(name, "shared");
      t.fullAccess(at("shared"), at("omar"));
      const r = await buildIn(t, page, ["mailboxes.csv", "recipients.csv"]);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(`most likely ${named}`);
      expect(r.stderr).toContain(`it reads "${name}"`);
      expect(r.stderr).not.toMatch(RENAME_FIX);
      expect(r.stderr).not.toContain("assumed");
    }
  );

  it("every file in Mac Roman, the trustees ASCII: refused, not published garbled", async () => {
    const t = new Tenant();
    t.user("Omar Haddad", "omar");
    t.shared("Büro Süd", "shared");
    t.fullAccess(at("shared"), at("omar"));
    t.sendAs(at("shared"), at("omar"));
    const r = await buildIn(t, "macintosh", [
      "mailboxes.csv",
      "recipients.csv",
      "mailbox-permissions.csv",
      "recipient-permissions.csv",
    ]);
    expect(r.code).toBe(1);
    expect(publishedNames(r.out)).toEqual([]);
    expect(r.stderr).toContain("Mac Roman");
  });

  /** Real names in Windows-1252 that hold ’ ‘ – œ š Ÿ legitimately. */
  const REAL_1252 = [
    "Œuvre Sociale",
    "Šárka Nováková",
    "Robert ‘Bob’ Smith",
    "Sean O’Brien",
    "Wanjiru Ng’ang’a",
    "Dell’Acqua Ricci",
    "Jérôme Cœur",
    "Françoise Sœur",
    "Žaneta Šimková",
    "Smith–Jones",
    "Renée Dubois",
    "Zoë Brontë",
    "Kurt Gödel",
    "Raúl Muñoz",
    "Tomás Núñez",
    "María Sánchez",
    "Ÿvonne Pierre",
    "L’HAŸ-LES-ROSES",
    // A no-break space between words is a name's space (rev11p finding 3), not cp850's "á".
    "Jürgen\u00a0Weiß",
    "María de\u00a0la Cruz",
    "José Ortega\u00a0y Gasset",
    "Ludwig van\u00a0Beethoven",
    "Jana Novak\u00a0",
  ];

  it.each(REAL_1252)(
    "%j in real Windows-1252 files is read as it is and published",
    async (name) => {
      const t = new Tenant();
      t.user("Omar Haddad", "omar");
      t.shared(name, "shared");
      t.fullAccess(at("shared"), at("omar"));
      const r = await buildIn(t, "windows-1252", ["mailboxes.csv", "recipients.csv"]);
      expect(r.stderr).not.toContain("another code page");
      expect(r.code).toBe(0);
      // A no-break space is published as a space (rev11p finding 3).
      expect(publishedNames(r.out)).toContain(name.replace(/\u00a0/g, " ").trim());
    }
  );

  it("the whole-file judgement: the real names in one Windows-1252 file show no other page", () => {
    expect(judgePage(REAL_1252)).toEqual({ verdict: "windows-1252", mixed: [] });
    for (const n of REAL_1252) expect(notWindows1252(n)).toBeNull();
  });
});

describe("rev11t finding 5: the hint, the warnings and the summary of a code page refusal", () => {
  it("cp850's ü (0x81) reads as ü in the hint; no 'check the name in Exchange' warning; no 'assumed'", async () => {
    const t = new Tenant();
    t.user("Omar Haddad", "omar");
    t.shared("Büro Málaga", "shared");
    t.fullAccess(at("shared"), at("omar"));
    const r = await buildIn(t, "cp850", ["mailboxes.csv", "recipients.csv"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('it reads "Büro Málaga"');
    expect(r.stderr).not.toContain("B?ro");
    expect(r.stderr).not.toMatch(RENAME_FIX);
    expect(r.stderr).not.toContain("assumed");
  });

  it.each([
    ["Sala Málaga", "cp850", "console's DOS (OEM) code page"],
    ["Müller GmbH", "macintosh", "Excel for Mac"],
  ])(
    "%j in mailboxes.csv alone (%s): its writer is named, not a non-Western Windows, and the summary does not say 'assumed'",
    async (name, page, writer) => {
      const t = new Tenant();
      t.user("Omar Haddad", "omar");
      t.shared(name, "shared");
      t.fullAccess(at("shared"), at("omar"));
      const r = await buildIn(t, page, ["mailboxes.csv"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(writer);
      expect(r.stderr).not.toContain("non-Western Windows");
      expect(r.stderr).not.toContain("assumed");
    }
  );

  it("cp852 is named code page 852, not Windows-1250", async () => {
    const t = new Tenant();
    t.user("Tomáš Novák", "tomas");
    t.user("Zdeněk Šťastný", "zdenek");
    t.shared("Vertrieb", "vertrieb");
    t.fullAccess(at("vertrieb"), "Tomáš Novák", { UserSid: "" });
    t.fullAccess(at("vertrieb"), "Zdeněk Šťastný", { UserSid: "" });
    const r = await buildIn(t, "cp852", ["mailbox-permissions.csv"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("code page 852");
    expect(r.stderr).not.toContain("Windows-1250");
  });
});

describe("rev11t finding 9: recipients.csv and mailboxes.csv in code page 850, the trustees in UTF-8", () => {
  it("a live trustee spelled right is never 'names no recipient', and the file is not judged Japanese", async () => {
    const t = new Tenant();
    t.user("Renée Dubois", "renee");
    t.shared("Sala", "sala");
    t.fullAccess(at("sala"), "Renée Dubois", { UserSid: "" });
    t.sendAs(at("sala"), "Renée Dubois");
    const r = await buildIn(t, "cp850", ["mailboxes.csv", "recipients.csv"]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("names no recipient");
    expect(r.stderr).not.toContain("Shift_JIS");
    expect(r.stderr).toContain(
      `"Renée Dubois" matches only "Ren‚e Dubois" (${at("renee")}) in recipients.csv`
    );
    expect(r.stderr).toContain("most likely code page 850");
  });
});
