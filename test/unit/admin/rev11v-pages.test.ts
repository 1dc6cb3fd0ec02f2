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
    const evidence = rowEvidence(["Jan Dvořák", "jan.dvorak@contoso.example", "jdvorak"]);
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
    const t = tenantOf([
      ["Jürgen Weiß", "juergen.weiss"],
      ["Chloé Martin", "chloe.martin"],
    ]);
    const dir = writeExports(t);
    const file = path.join(dir, "recipients.csv");
    const text = toCsv([...COLUMNS["recipients.csv"]], t.rows["recipients.csv"], {
      bom: false,
      quote: "needed",
    });
    // The appended row: a user whose name only cp852 writes, by cmd's ">>" on a Polish console.
    const extra = new Tenant();
    extra.user("Anna Kamińska", "anna.kaminska");
    const row = toCsv([...COLUMNS["recipients.csv"]], extra.rows["recipients.csv"], {
      bom: false,
      quote: "needed",
    }).split(/\r?\n/)[1];
    const lines = text.replace(/\r?\n$/, "").split(/\r?\n/).length;
    fs.writeFileSync(
      file,
      Buffer.concat([iconv.encode(text, "windows-1252"), iconv.encode(`${row}\r\n`, "cp852")])
    );
    const r = await buildExports(dir);
    expect(r.code).not.toBe(0);
    expect(r.written).toBe(false);
    expect(r.stderr).toMatch(new RegExp(`recipients\\.csv, line ${lines + 1}\\b`));
    expect(r.stderr).toContain("mixes code pages");
    expect(r.stderr).toContain("Anna Kamińska");
  });
});

describe("the judgement itself", () => {
  it("a row's address decides between readings that both look like names", () => {
    const value = iconv.decode(iconv.encode("Jan Dvořák", "windows-1250"), "windows-1252");
    expect(value).toBe("Jan Dvoøák");
    expect(judgePage([value]).verdict).toBe("windows-1252");
    const verdict = judgePage([value], undefined, [rowEvidence(["jan.dvorak@contoso.example"])]);
    expect(verdict).toMatchObject({ verdict: "page", text: "Jan Dvořák" });
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
