import * as fs from "node:fs";
import * as path from "node:path";
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
  t.user("Wilber, Alex", "alex");
  t.shared('Support "Tier 1", Europe', "support", { GrantSendOnBehalfTo: "Wilber, Alex" });
  t.sendAs("support", at("alex"));
  t.fullAccess(at("support"), at("alex"), { AccessRights: "FullAccess, ReadPermission" });
  return t;
}

const expected = { [at("support")]: ["SendAs", "SendOnBehalf", "FullAccess"] };

describe("build: input forms", () => {
  it.each([
    [
      "UTF-8 with BOM, CRLF, every field quoted (Windows PowerShell 5.1)",
      { bom: true, eol: "\r\n", quote: "all" },
    ],
    [
      "UTF-8 without BOM, LF, quotes only where needed (PowerShell 7)",
      { bom: false, eol: "\n", quote: "needed" },
    ],
    ["';' as separator (Export-Csv -UseCulture in much of Europe)", { delimiter: ";" }],
  ] as const)("reads %s", async (_, options) => {
    const b = await build(tenant().write(path.join(tempDir(), "exports"), options));
    expect(b.problems).toEqual([]);
    expect(rightsOf(b.shard(at("alex")))).toEqual(expected);
    expect(b.shard(at("alex"))?.mailboxes[0].displayName).toBe('Support "Tier 1", Europe');
  });

  it("reads columns in any order and ignores columns it does not use", async () => {
    const dir = tenant().write(path.join(tempDir(), "exports"));
    const t = tenant();
    const reordered = [...COLUMNS["recipient-permissions.csv"]].reverse();
    fs.writeFileSync(
      path.join(dir, "recipient-permissions.csv"),
      [
        ["ObjectState", "IsValid", ...reordered].map((c) => `"${c}"`).join(","),
        ...t.rows["recipient-permissions.csv"].map((r) =>
          ["Unchanged", "True", ...reordered.map((c) => r[c])].map((v) => `"${v}"`).join(",")
        ),
      ].join("\r\n")
    );
    const b = await build(dir);
    expect(rightsOf(b.shard(at("alex")))).toEqual(expected);
  });

  it.each([
    ["every field quoted", "all"],
    ["quotes only where needed", "needed"],
  ] as const)(
    "reads mixed line endings (CRLF with some lines LF, as Excel or Add-Content leave them), %s",
    async (_, quote) => {
      const dir = tenant().write(path.join(tempDir(), "exports"), { eol: "\r\n", quote });
      // In every file, every second line break loses its CR; the last line ends LF only.
      for (const file of fs.readdirSync(dir)) {
        const p = path.join(dir, file);
        let n = 0;
        fs.writeFileSync(
          p,
          fs.readFileSync(p, "utf8").replace(/\r\n/g, () => (n++ % 2 === 1 ? "\n" : "\r\n")) + "\n"
        );
      }
      const b = await build(dir);
      expect(b.problems).toEqual([]);
      expect(rightsOf(b.shard(at("alex")))).toEqual(expected);
      expect(b.shard(at("alex"))?.mailboxes[0].displayName).toBe('Support "Tier 1", Europe');
    }
  );

  it("reads a quoted field that spans lines, and skips a #TYPE line (export without -NoTypeInformation)", async () => {
    const t = tenant();
    t.set("mailboxes.csv", at("support"), "DisplayName", "Support\r\nEurope");
    const dir = t.write(path.join(tempDir(), "exports"));
    const file = path.join(dir, "recipient-permissions.csv");
    fs.writeFileSync(
      file,
      `#TYPE Deserialized.Microsoft.Exchange.Management.RecoverableItems\r\n${fs.readFileSync(file, "utf8").replace(/^\ufeff/, "")}`
    );
    const b = await build(dir);
    expect(b.problems).toEqual([]);
    // Control characters in display names are made safe, as the task pane does.
    expect(b.shard(at("alex"))?.mailboxes[0].displayName).toBe("Support Europe");
  });
});

describe("build: broken exports name the file, the line and the fix", () => {
  async function problemsWith(edit: (dir: string) => void) {
    const dir = tenant().write(path.join(tempDir(), "exports"));
    edit(dir);
    const b = await build(dir);
    expect(b.result.ok).toBe(false);
    expect(fs.existsSync(b.out)).toBe(false);
    return b.result.ok ? [] : b.result.problems.list;
  }

  it("a .NET type name instead of values, with the -join fix", async () => {
    const [p] = await problemsWith((dir) => {
      const t = tenant();
      t.set(
        "mailboxes.csv",
        at("support"),
        "GrantSendOnBehalfTo",
        "System.Collections.Generic.List`1[System.String]"
      );
      t.write(dir);
    });
    expect(p).toMatchObject({ file: "mailboxes.csv", line: 3, column: "GrantSendOnBehalfTo" });
    expect(p.message).toContain("System.Collections.Generic.List`1[System.String]");
    expect(p.fix).toContain("-join ';'");
  });

  it("reports a type-name column once, not once per row", async () => {
    const problems = await problemsWith((dir) => {
      const t = tenant();
      t.sendAs("support", at("alex"));
      for (const r of t.rows["recipient-permissions.csv"]) {
        r.AccessRights =
          "Microsoft.Exchange.Data.MultiValuedProperty`1[Microsoft.Exchange.Management.RecipientTasks.RecipientAccessRight]";
      }
      t.write(dir);
    });
    expect(problems.map((p) => [p.file, p.line, p.column])).toEqual([
      ["recipient-permissions.csv", 2, "AccessRights"],
    ]);
  });

  it("a missing file, naming the export step that writes it", async () => {
    const problems = await problemsWith((dir) => fs.rmSync(path.join(dir, "group-members.csv")));
    expect(problems).toEqual([
      {
        file: "group-members.csv",
        message: expect.stringContaining("missing from"),
        fix: expect.stringContaining('"Group members" step of admin/Export-SendFromData.ps1'),
      },
    ]);
  });

  it("a missing column, naming the column and the export step", async () => {
    const [p] = await problemsWith((dir) => {
      const t = tenant();
      const columns = COLUMNS["mailbox-permissions.csv"].filter((c) => c !== "Deny");
      fs.writeFileSync(
        path.join(dir, "mailbox-permissions.csv"),
        toCsv(columns, t.rows["mailbox-permissions.csv"])
      );
    });
    expect(p).toMatchObject({ file: "mailbox-permissions.csv", line: 1, column: "Deny" });
    expect(p.fix).toContain('"Full Access (mailbox permissions)" step');
  });

  it("a value that is not True or False", async () => {
    const [p] = await problemsWith((dir) => {
      const t = tenant();
      t.rows["mailbox-permissions.csv"][0].IsInherited = "Ja";
      t.write(dir);
    });
    expect(p).toMatchObject({
      file: "mailbox-permissions.csv",
      line: 2,
      column: "IsInherited",
      message: '"Ja" is not True or False',
    });
  });

  it("broken quoting and rows with a field too many", async () => {
    const [quote] = await problemsWith((dir) =>
      fs.appendFileSync(
        path.join(dir, "recipient-permissions.csv"),
        '"support","alex@contoso.example,"Allow","SendAs","False","None","S-1"\r\n'
      )
    );
    expect(quote).toMatchObject({
      file: "recipient-permissions.csv",
      line: 3,
      message: expect.stringContaining("a quote inside a field is not doubled"),
    });
    expect(quote.message).not.toContain("not balanced");
    const [extra] = await problemsWith((dir) =>
      fs.appendFileSync(
        path.join(dir, "group-members.csv"),
        '"a@contoso.example","b@contoso.example","c"\r\n'
      )
    );
    expect(extra).toMatchObject({
      file: "group-members.csv",
      line: 2,
      message: expect.stringContaining("number of fields"),
    });
  });

  it("a real quoting fault in a file with mixed line endings: the row where it is, the true cause", async () => {
    const problems = await problemsWith((dir) => {
      const file = path.join(dir, "recipient-permissions.csv");
      // A LF-only line first (balanced quotes: read), then a row whose quote is never closed.
      fs.appendFileSync(
        file,
        '"support","alex@contoso.example","Allow","SendAs","False","None","S-1"\n' +
          '"support","alex@contoso.example,"Allow","SendAs","False","None","S-1"\r\n'
      );
    });
    expect(problems).toEqual([
      expect.objectContaining({
        file: "recipient-permissions.csv",
        line: 4,
        message: expect.stringContaining('followed by "A"'),
      }),
    ]);
    expect(problems[0].message).not.toContain("not balanced");
  });

  it("a quote that is never closed is blamed on the row where it opens", async () => {
    const problems = await problemsWith((dir) => {
      fs.appendFileSync(
        path.join(dir, "group-members.csv"),
        '"a@contoso.example","b@contoso.example\r\n"c@contoso.example","d@contoso.example"\r\n'
      );
    });
    expect(problems).toEqual([
      expect.objectContaining({
        file: "group-members.csv",
        message: expect.stringContaining("a quoted field opened on line 2 is not closed"),
      }),
    ]);
  });

  it("an address column that holds no SMTP address", async () => {
    const [p] = await problemsWith((dir) => {
      const t = tenant();
      t.set("mailboxes.csv", at("support"), "PrimarySmtpAddress", "Support Team");
      t.write(dir);
    });
    expect(p).toMatchObject({ file: "mailboxes.csv", line: 3, column: "PrimarySmtpAddress" });
  });

  it("an empty file", async () => {
    const [p] = await problemsWith((dir) => fs.writeFileSync(path.join(dir, "recipients.csv"), ""));
    expect(p).toMatchObject({
      file: "recipients.csv",
      line: 1,
      message: expect.stringContaining("empty"),
    });
  });

  it("the same mailbox listed twice", async () => {
    const [p] = await problemsWith((dir) => {
      const t = tenant();
      t.rows["mailboxes.csv"].push({ ...t.rows["mailboxes.csv"][1] });
      t.write(dir);
    });
    expect(p).toMatchObject({
      file: "mailboxes.csv",
      line: 4,
      message: expect.stringContaining("listed twice (also mailboxes.csv line 3)"),
    });
  });
});
