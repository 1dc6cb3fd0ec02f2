// Issue 11, review rev11c findings 3, 5, 9 (rest), 10, 11, 19: what an admin sees.
import * as fs from "node:fs";
import * as path from "node:path";
import * as iconv from "iconv-lite";
import { COLUMNS, DOMAIN, rightsOf, Tenant, toCsv } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";

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
    "joined with %s: every piece that names a recipient is granted, each other piece is lost on its own",
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
      expect(r.stderr).toContain('"Ghost One" names no recipient');
      expect(r.stderr).toContain('"Ghost Two" names no recipient');
      expect(r.stderr).not.toContain('"Nutzer 0,');
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(allowed.report.lost).toHaveLength(2);
      for (const who of ["u0", "u117", "u239", "wj"])
        expect(rightsOf(allowed.shard(at(who)))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
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

  it("UTF-16 LE then an ASCII row appended (echo >>, Add-Content -Encoding UTF8)", async () => {
    const t = tenantWithRows();
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
  });

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
