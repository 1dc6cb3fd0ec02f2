// Issue 11, review rev11d findings 1-5, 7, 8, 14, 16-18, 20, 22, 23: rights and diagnoses, as an
// admin running the CLI sees them. Each fixture is the reviewer's, made small.
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../../src/admin/cli";
import { MAX_SHARD_BYTES } from "../../../src/core/model";
import { shardPath } from "../../../src/core/shard-name";
import { toSmtpAddress } from "../../../src/core/address";
import { DOMAIN, rightsOf, tempDir, Tenant } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe");
  t.shared("Büro München", "buero");
  t.shared("Vertrieb", "sales");
  return t;
}

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  });
  return { code, stdout, stderr };
}

describe("finding 1: --quiet never hides a lost right", () => {
  it("--allow-unresolved --quiet lists each lost right on stderr, and nothing else", async () => {
    const t = tenant();
    t.fullAccess(at("sales"), "Ghost Three");
    const r = await buildExports(writeExports(t), "--allow-unresolved", "--quiet");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("LOST (published without them, --allow-unresolved): 1 right(s)");
    expect(r.stderr).toContain(
      `mailbox-permissions.csv, line 2, column User: FullAccess on ${at("sales")}: "Ghost Three" names no recipient`
    );
    expect(r.stderr).not.toContain("dropped:");
  });

  it("--quiet with nothing lost prints nothing", async () => {
    const t = tenant();
    t.fullAccess(at("sales"), at("chloe"));
    const r = await buildExports(writeExports(t), "--quiet");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});

describe("finding 2: a column named twice in a header", () => {
  it.each([
    ["mailboxes.csv", "GrantSendOnBehalfTo"],
    ["mailbox-permissions.csv", "User"],
    ["recipients.csv", "DisplayName"],
  ])(
    "%s with %s twice: an error naming the file, the column and both fields",
    async (file, column) => {
      const t = tenant();
      t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "Chloé Martin");
      t.fullAccess(at("sales"), at("chloe"));
      const dir = writeExports(t);
      const text = fs.readFileSync(path.join(dir, file), "utf8").replace(/^\ufeff/, "");
      const [header, ...rest] = text.split("\r\n");
      // The duplicate comes first and empty, as a column pasted in Excel.
      const fields = header.split(",");
      const at0 = fields.indexOf(`"${column}"`);
      fs.writeFileSync(
        path.join(dir, file),
        [`"${column}",${header}`, ...rest.map((l) => (l === "" ? l : `"",${l}`))].join("\r\n")
      );
      const r = await buildExports(dir, "--allow-unresolved");
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(
        `${file}, line 1, column ${column}: the header names column ${column} twice (field 1 and field ${at0 + 2})`
      );
    }
  );
});

describe("finding 3: validate's fix for a shard over the pane's limit", () => {
  // The build's side (never published, --allow-unresolved or not) is in shard-limit.test.ts.
  it('is the build\'s fix in Exchange, not "rebuild", which would write the same shard', async () => {
    const dir = path.join(tempDir(), "d");
    const ok = tenant();
    ok.fullAccess(at("sales"), at("chloe"));
    expect((await run(["build", "--in", writeExports(ok), "--out", dir])).code).toBe(0);
    const file = path.join(dir, shardPath(toSmtpAddress(at("chloe"))));
    fs.writeFileSync(file, " ".repeat(MAX_SHARD_BYTES + 1));
    const v = await run(["validate", "--directory", dir]);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain(`over the ${MAX_SHARD_BYTES} bytes the task pane accepts`);
    expect(v.stderr).toContain("fix: remove the rights this user does not send with");
    expect(v.stderr).not.toMatch(/task pane accepts\n\s+fix: rebuild/);
  });
});

describe('finding 4: "Last, First" names and list splitting', () => {
  it('"Martin, Léa" is never cut into "Martin" (another recipient\'s alias) and "Léa"', async () => {
    const t = tenant();
    t.user("Paul Martin", "martin");
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "Martin, Léa");
    const dir = writeExports(t);
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"Martin, Léa" names no recipient');
    expect(r.stderr).toContain('cut at ",", "Léa" names no one');
    expect(r.stderr).toContain('Get-Recipient "Léa"');
    const allowed = await buildExports(dir, "--allow-unresolved");
    expect(allowed.code).toBe(0);
    expect(rightsOf(allowed.shard(at("martin")))).toEqual({});
    expect(allowed.report.lost).toEqual([
      expect.objectContaining({ value: "Martin, Léa", right: "SendOnBehalf" }),
    ]);
  });

  it.each([["spaces", "martin lea"]])(
    "joined with %s: a piece that names no one keeps the whole value unsplit",
    async (_w, v) => {
      const t = tenant();
      t.user("Paul Martin", "martin");
      t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", v);
      const r = await buildExports(writeExports(t), "--allow-unresolved");
      expect(r.code).toBe(0);
      expect(rightsOf(r.shard(at("martin")))).toEqual({});
      expect(r.report.lost.map((l: { value: string }) => l.value)).toEqual([v]);
    }
  );
});

describe("finding 5: a Deny for an unknown trustee under --allow-unresolved", () => {
  it("is listed once, as a Deny not placed, while the holder keeps the right; counted once", async () => {
    const t = tenant();
    t.fullAccess(at("sales"), at("chloe"));
    t.fullAccess(at("sales"), "Ghost Person", { Deny: "True", UserSid: "" });
    const r = await buildExports(writeExports(t), "--allow-unresolved");
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("sales")]: ["FullAccess"] });
    expect(r.report.lost).toEqual([]);
    expect(r.report.unplacedDenies).toEqual([
      expect.objectContaining({ line: 3, value: "Ghost Person", right: "FullAccess" }),
    ]);
    expect(r.report.dropped.deny).toBe(1);
    expect(r.report.dropped.unresolvedTrustee).toBe(0);
    expect(r.stderr).not.toContain("LOST");
    expect(r.stderr).toContain("DENY NOT PLACED");
  });
});

describe("finding 7: one address twice in recipients.csv", () => {
  it("is an error naming both lines", async () => {
    const t = tenant();
    const chloe = t.rows["recipients.csv"].find((r) => r.PrimarySmtpAddress === at("chloe"))!;
    t.rows["recipients.csv"].push({
      ...chloe,
      DisplayName: "Chloé Martin-Durand",
      ExternalDirectoryObjectId: "00000000-0000-4000-8000-ffffffffffff",
    });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `recipients.csv, line 6, column PrimarySmtpAddress: ${at("chloe")} is listed twice (also recipients.csv line 3)`
    );
  });
});

describe("finding 8: a recipients.csv row without a PrimarySmtpAddress", () => {
  it("is counted with its line, and a trustee naming it is told it is that row", async () => {
    const t = tenant();
    t.rows["recipients.csv"].push({
      Identity: "nomail",
      Name: "nomail",
      Alias: "nomail",
      DisplayName: "Nomail Admin",
      PrimarySmtpAddress: "",
      ExternalDirectoryObjectId: "00000000-0000-4000-8000-eeeeeeeeeeee",
      RecipientTypeDetails: "User",
      UserPrincipalName: "",
      EmailAddresses: "",
      SamAccountName: "nomail",
    });
    t.fullAccess(at("sales"), "Nomail Admin", { UserSid: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      '"Nomail Admin" names the recipient at recipients.csv line 6, whose row was skipped (it has no PrimarySmtpAddress)'
    );
    expect(r.stderr).toContain("give it a mailbox in Exchange");
    expect(r.stderr).not.toContain("names no recipient");
    expect(r.stderr).toContain(
      "1 row(s) of recipients.csv have no PrimarySmtpAddress (first at line 6)"
    );
  });
});

describe("finding 14: --report inside --in", () => {
  it("is refused before anything is written, and the export is unchanged", async () => {
    const dir = writeExports(tenant());
    const before = fs.readFileSync(path.join(dir, "mailboxes.csv"));
    for (const report of [path.join(dir, "mailboxes.csv"), path.join(dir, "report.json")]) {
      const r = await run(["build", "--in", dir, "--out", `${dir}-out`, "--report", report]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("is inside --in");
      expect(fs.existsSync(path.join(dir, "report.json"))).toBe(false);
    }
    expect(fs.readFileSync(path.join(dir, "mailboxes.csv"))).toEqual(before);
  });
});

describe("finding 16: the export script writes Sid", () => {
  it("recipients.csv's header carries SamAccountName and Sid, and no comment calls an unmatched name proven deleted", () => {
    const script = fs.readFileSync(
      path.join(__dirname, "../../../admin/Export-SendFromData.ps1"),
      "utf8"
    );
    expect(script).toMatch(/'UserPrincipalName', 'EmailAddresses',\s*'SamAccountName', 'Sid'\)/);
    expect(script).not.toMatch(/is then proven deleted/);
  });
});

describe("finding 17: a directory the directory service can serve to no one", () => {
  it("says so as a warning with the column that gives object ids", async () => {
    const t = tenant();
    t.fullAccess(at("sales"), at("chloe"));
    for (const r of t.rows["recipients.csv"]) r.ExternalDirectoryObjectId = "";
    for (const r of t.rows["mailboxes.csv"]) r.ExternalDirectoryObjectId = "";
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("can serve NO ONE from this directory");
    expect(r.stderr).toContain("ExternalDirectoryObjectId column");
    expect(r.report.warnings.join("\n")).toContain("can serve NO ONE");
  });
});

describe("finding 18: lookup by an alias", () => {
  it("shows the owner's shard, saying whose alias it is; a UPN that is no key is told what is", async () => {
    const t = new Tenant();
    t.user("Chloé Martin", "chloe", { proxies: ["chloe.m@contoso.example"] });
    t.shared("Vertrieb", "sales");
    t.fullAccess(at("sales"), at("chloe"));
    const dir = path.join(tempDir(), "d");
    expect((await run(["build", "--in", writeExports(t), "--out", dir])).code).toBe(0);
    const alias = await run(["lookup", "--directory", dir, "--user", "chloe.m@contoso.example"]);
    expect(alias.code).toBe(0);
    expect(alias.stderr).toContain(`chloe.m@contoso.example is an alias of ${at("chloe")}`);
    expect(JSON.parse(alias.stdout).user).toBe(at("chloe"));
    const upn = await run(["lookup", "--directory", dir, "--user", "c.martin@contoso.example"]);
    expect(upn.code).toBe(3);
    expect(upn.stderr).toContain("Shards are found by the user's primary SMTP address only");

    // The owner's shard damaged: the problem names the owner and the owner's file, which exists
    // (rev11p finding 5: it named the alias and a file the alias's hash would have).
    const own = path.join(dir, shardPath(toSmtpAddress(at("chloe"))));
    const shard = JSON.parse(fs.readFileSync(own, "utf8"));
    shard.mailboxes[0].kind = "sharedd";
    fs.writeFileSync(own, JSON.stringify(shard));
    const damaged = await run(["lookup", "--directory", dir, "--user", "chloe.m@contoso.example"]);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain(
      `the shard of ${at("chloe")} is unusable: ${shardPath(toSmtpAddress(at("chloe")))} `
    );
    expect(damaged.stderr).not.toContain(shardPath(toSmtpAddress("chloe.m@contoso.example")));
  });
});

describe("findings 20 and 22: empty True/False and Allow/Deny fields", () => {
  it("an empty mailbox setting is read as False, counted and said in the summary", async () => {
    const t = tenant();
    t.set("mailboxes.csv", at("sales"), "MessageCopyForSentAsEnabled", "");
    t.set("mailboxes.csv", at("buero"), "MessageCopyForSentAsEnabled", "");
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      "2 row(s) of mailboxes.csv have an empty MessageCopyForSentAsEnabled (first at line 4): read as False"
    );
  });

  it("an empty AccessControlType is an error: read as Allow it may grant a right that is denied", async () => {
    const t = tenant();
    t.sendAs(at("sales"), at("chloe"), { AccessControlType: "" });
    const r = await buildExports(writeExports(t), "--allow-unresolved");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "recipient-permissions.csv, line 2, column AccessControlType: AccessControlType is empty, so whether this row grants or denies the right is not known"
    );
  });
});

describe("finding 23: Send As given to Everyone", () => {
  it("is dropped as a built-in account and said in the summary as a right the directory cannot express", async () => {
    const t = tenant();
    t.sendAs(at("sales"), "Everyone", { TrusteeSidString: "S-1-1-0" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(r.report.dropped.systemAccount).toBe(1);
    expect(r.stderr).toContain("given to everyone (Everyone S-1-1-0");
    expect(r.stderr).toContain(`SendAs on ${at("sales")} (recipient-permissions.csv, line 2`);
  });
});
