// Issue 11, review rev11c: findings 7, 12-18, 20, 21 (branch g11b), each asserting what an admin sees.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as iconv from "iconv-lite";
import * as fc from "fast-check";
import { COLUMNS, DOMAIN, rightsOf, Tenant, toCsv } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";
import { entraSidToObjectId } from "../../../src/admin/values";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe", { objectId: "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b" });
  t.shared("Büro München", "buero");
  return t;
}

/** The Entra SID of an object id: its 16 GUID bytes as four little-endian uint32 (the inverse). */
function entraSid(objectId: string): string {
  const h = objectId.replace(/-/g, "");
  const b = (i: number) => parseInt(h.slice(i * 2, i * 2 + 2), 16);
  // GUID byte order: the first three groups are stored little-endian.
  const bytes = [
    b(3),
    b(2),
    b(1),
    b(0),
    b(5),
    b(4),
    b(7),
    b(6),
    ...[8, 9, 10, 11, 12, 13, 14, 15].map(b),
  ];
  const parts = [0, 1, 2, 3].map(
    (k) =>
      (bytes[k * 4] |
        (bytes[k * 4 + 1] << 8) |
        (bytes[k * 4 + 2] << 16) |
        (bytes[k * 4 + 3] << 24)) >>>
      0
  );
  return `S-1-12-1-${parts.join("-")}`;
}

describe("finding 12: an Entra SID (S-1-12-1-...) names the recipient whose object id it encodes", () => {
  it("decodes the reviewer's example to its object id", () => {
    expect(entraSidToObjectId("S-1-12-1-0-1073741824-128-33554432")).toBe(
      "00000000-0000-4000-8000-000000000002"
    );
    expect(entraSidToObjectId("S-1-5-21-1-2-3-1002")).toBeNull();
    expect(entraSidToObjectId("S-1-12-1-1-2-3-4294967296")).toBeNull();
  });

  it("decodes every object id back from its SID", () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(entraSidToObjectId(entraSid(id))).toBe(id.toLowerCase());
      }),
      { numRuns: 300 }
    );
  });

  it.each([
    ["as the trustee", "User"],
    ["in the UserSid column only", "UserSid"],
  ])("grants the right to that recipient (%s)", async (_what, column) => {
    const t = tenant();
    const sidValue = entraSid("6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b");
    t.fullAccess(
      at("buero"),
      column === "User" ? sidValue : "Unbekannt 1",
      column === "User" ? { UserSid: "" } : { UserSid: sidValue }
    );
    const r = await buildExports(writeExports(t));
    expect(r.stderr).not.toContain("names no recipient");
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["FullAccess"] });
  });

  it("a Send As trustee SID in lower case is matched too", async () => {
    const t = tenant();
    t.sendAs(at("buero"), entraSid("6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b").toLowerCase(), {
      TrusteeSidString: "",
    });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendAs"] });
  });

  it("an Entra SID that matches no one is a lost right whose fix names the decoded object id", async () => {
    const t = tenant();
    t.fullAccess(at("buero"), entraSid("11111111-2222-4333-8444-555555555555"), { UserSid: "" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.written).toBe(false);
    expect(r.stderr).toContain("Get-MgUser -UserId 11111111-2222-4333-8444-555555555555");
  });
});

/** Every flag column of every file set to `word` (as Excel re-saves them in its language). */
function everyFlag(t: Tenant, yes: string, no: string): void {
  for (const rows of Object.values(t.rows))
    for (const row of rows)
      for (const [k, v] of Object.entries(row)) {
        if (v === "False") row[k] = no;
        else if (v === "True") row[k] = yes;
      }
}

describe("finding 14: Excel's boolean words in other languages are read, and the summary says so", () => {
  it.each([
    ["WAHR", "FALSCH", "German"],
    ["VRAI", "FAUX", "French"],
    ["VERDADERO", "FALSO", "Spanish"],
    ["VERO", "FALSO", "Italian"],
    ["WAAR", "ONWAAR", "Dutch"],
    ["VERDADEIRO", "FALSO", "Portuguese"],
    ["SANT", "FALSKT", "Swedish"],
    ["PRAWDA", "FAŁSZ", "Polish"],
  ])("%s/%s (%s Excel, Windows-1252 or UTF-8)", async (yes, no, language) => {
    const t = tenant();
    t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: "" });
    t.fullAccess(at("buero"), at("juergen"), { UserSid: "" });
    // An inherited grant (True) must stay inherited, a Deny (True) must stay a Deny.
    t.fullAccess(at("buero"), at("chloe"), { UserSid: "", IsInherited: "True" });
    t.sendAs(at("buero"), at("juergen"), { TrusteeSidString: "", AccessControlType: "Deny" });
    t.set("mailboxes.csv", at("buero"), "MessageCopyForSentAsEnabled", "True");
    everyFlag(t, yes, no);
    const dir = writeExports(t);
    if (!/Ł/.test(no))
      for (const f of fs.readdirSync(dir))
        fs.writeFileSync(
          path.join(dir, f),
          iconv.encode(fs.readFileSync(path.join(dir, f), "utf8").replace(/^\ufeff/, ""), "win1252")
        );
    const r = await buildExports(dir);
    expect(r.stderr).not.toContain("is not True or False");
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendAs"] });
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("buero")]: ["FullAccess"] });
    const buero = r.shard(at("chloe"))!.mailboxes[0];
    // MessageCopyForSentAsEnabled was the word for True, the other copy flag the word for False.
    expect(buero.sentItemsCopy).toEqual({ sendAs: true, sendOnBehalf: false });
    expect(r.stderr).toContain(`mailboxes.csv: read Excel's boolean words`);
    expect(r.stderr).toContain(language);
    expect(r.report.warnings.join("\n")).toContain(
      "mailbox-permissions.csv: read Excel's boolean words"
    );
  });

  it("a word that is no boolean in any language is still refused", async () => {
    const t = tenant();
    t.fullAccess(at("buero"), at("juergen"), { UserSid: "", IsInherited: "Vielleicht" });
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"Vielleicht" is not True or False');
  });
});

describe("finding 15: two exports appended into one file", () => {
  it.each([
    ["with the second file's BOM", "\ufeff"],
    ["without a BOM", ""],
  ])(
    "a repeated header line (%s) is one problem naming its line, not bad values",
    async (_w, bom) => {
      const t = tenant();
      t.fullAccess(at("buero"), at("juergen"), { UserSid: "" });
      const dir = writeExports(t);
      const second = new Tenant();
      second.fullAccess(at("buero"), at("chloe"), { UserSid: "" });
      const file = path.join(dir, "mailbox-permissions.csv");
      const appended = toCsv(
        [...COLUMNS["mailbox-permissions.csv"]],
        second.rows["mailbox-permissions.csv"],
        {
          bom: false,
        }
      );
      fs.appendFileSync(file, bom + appended);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain("mailbox-permissions.csv, line 3: the header line again");
      expect(r.stderr).toContain("two exports were appended into one file");
      expect(r.stderr).toContain("-Append");
      if (bom) expect(r.stderr).toContain("byte-order mark");
      expect(r.stderr).not.toContain("is not True or False");
      expect(r.stderr).not.toContain("quote");
      expect(
        r.report.problems.filter((p: { file: string }) => p.file === "mailbox-permissions.csv")
      ).toHaveLength(1);
    }
  );
});

describe("finding 17: rows of separators only (Excel) are skipped and counted once", () => {
  it("each file's empty rows are skipped with one line in the summary; the rights are exact", async () => {
    const t = tenant();
    t.sendAs(at("buero"), at("chloe"), { TrusteeSidString: "" });
    t.fullAccess(at("buero"), at("juergen"), { UserSid: "" });
    const dir = t.write(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "g11b-")), "x"), {
      quote: "needed",
      delimiter: ";",
    });
    for (const f of Object.keys(COLUMNS)) {
      const cols = COLUMNS[f as keyof typeof COLUMNS].length;
      fs.appendFileSync(
        path.join(dir, f),
        `${";".repeat(cols - 1)}\r\n${";".repeat(cols - 1)}\r\n`
      );
    }
    const r = await buildExports(dir);
    expect(r.stderr).not.toContain("is empty");
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendAs"] });
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("buero")]: ["FullAccess"] });
    expect(r.stderr).toContain("mailboxes.csv: skipped 2 empty row(s) made of separators only");
    expect(r.stderr.match(/mailboxes\.csv: skipped/g)).toHaveLength(1);
  });
});

describe("finding 13: a row refused for a .NET type name does not cascade", () => {
  it("a type name in GrantSendOnBehalfTo and EmailAddresses is reported, and the mailbox is still known", async () => {
    const t = tenant();
    t.fullAccess(at("buero"), at("juergen"), { UserSid: "" });
    t.sendAs("buero", at("chloe"), { TrusteeSidString: "" });
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "System.Collections.ArrayList");
    const row = t.rows["recipients.csv"].find((r) => r.PrimarySmtpAddress === at("buero"))!;
    row.EmailAddresses = "Microsoft.Exchange.Data.ProxyAddressCollection";
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"System.Collections.ArrayList"');
    expect(r.stderr).toContain('"Microsoft.Exchange.Data.ProxyAddressCollection"');
    expect(r.stderr).not.toContain("names no mailbox");
    expect(r.report.problems).toHaveLength(2);
  });
});

describe("finding 20: an unreadable group-members.csv makes members unknown, not groups empty", () => {
  it.each([
    ["0 bytes", ""],
    ["a BOM only", "\ufeff"],
  ])(
    "group-members.csv of %s: one problem for the file, the group's right lost as members unknown",
    async (_w, text) => {
      const t = tenant();
      const sales = t.group("Vertrieb", "sales", "MailUniversalSecurityGroup", {}, [at("chloe")]);
      t.fullAccess(at("buero"), sales, { UserSid: "" });
      const dir = writeExports(t);
      fs.writeFileSync(path.join(dir, "group-members.csv"), text);
      const r = await buildExports(dir, "--allow-unresolved");
      expect(r.stderr).toContain("group-members.csv, line 1");
      expect(r.stderr).not.toContain("empty group");
      expect(r.stderr).not.toContain("with no member");
      expect(r.report.dropped.emptyGroup).toBe(0);
      expect(r.report.dropped.groupMembersUnknown).toBe(1);
      expect(r.code).toBe(1);
    }
  );
});

describe("finding 7: every mailbox and group type one can send from is published", () => {
  it.each([
    ["LinkedMailbox", "mailboxes.csv", "user"],
    ["LinkedRoomMailbox", "mailboxes.csv", "room"],
    ["SchedulingMailbox", "mailboxes.csv", "shared"],
    ["TeamMailbox", "mailboxes.csv", "shared"],
    ["RemoteSharedMailbox", "mailboxes.csv", "shared"],
    ["MailNonUniversalGroup", "groups.csv", "distributionList"],
    ["RoomList", "groups.csv", "distributionList"],
  ])("%s (%s): Send As and Send on Behalf on it are granted", async (type, file, kind) => {
    const t = tenant();
    const target =
      file === "groups.csv"
        ? t.group("Ziel Gruppe", "ziel", type)
        : t.mailbox({ display: "Ziel Postfach", local: "ziel", type });
    t.sendAs(target, at("juergen"), { TrusteeSidString: "" });
    t.set(file as "mailboxes.csv" | "groups.csv", target, "GrantSendOnBehalfTo", "Chloé Martin");
    const r = await buildExports(writeExports(t));
    expect(r.stderr).not.toContain("unsupported recipient type");
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [target]: ["SendAs"] });
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [target]: ["SendOnBehalf"] });
    expect(r.shard(at("chloe"))!.mailboxes[0].kind).toBe(kind);
  });
});

describe("finding 16: GrantSendOnBehalfTo joined with spaces by a [string] cast", () => {
  it("every piece names a recipient by Name, alias or address: each is granted", async () => {
    const t = tenant();
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", `juergen  ${at("chloe")}`);
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("juergen")))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
    expect(r.report.grants.sendOnBehalf).toBe(2);
  });

  it.each([
    ["a piece names no one", "juergen unbekannt"],
    ["a piece is only a one-word display name", "Kim chloe"],
  ])("%s: nothing is cut or granted, the value is reported whole", async (_w, value) => {
    const t = tenant();
    t.user("Kim", "kim.lee");
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", value);
    const r = await buildExports(writeExports(t));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`"${value}" names no recipient`);
  });

  // rev11d finding 4: a piece that names several recipients is no proof the value is a list:
  // the value is one lost right, and no piece of it is granted.
  it("a piece several recipients share: the whole value is lost, no piece granted", async () => {
    const t = tenant();
    t.user("Alex Eins", "alex1", { name: "alex" });
    t.user("Alex Zwei", "alex", { name: "alex2" });
    t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "chloe alex");
    const r = await buildExports(writeExports(t), "--allow-unresolved");
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({});
    expect(r.report.lost.map((l: { value: string }) => l.value)).toEqual(["chloe alex"]);
  });
});

describe("finding 21: Get-ADPermission output (Exchange on-premises) in recipient-permissions.csv", () => {
  it("is one problem naming the cmdlet, with a Get-RecipientPermission fix, not three missing columns", async () => {
    const t = tenant();
    const dir = writeExports(t);
    fs.writeFileSync(
      path.join(dir, "recipient-permissions.csv"),
      '"Identity","User","ExtendedRights","AccessRights","IsInherited","Deny","Properties"\r\n' +
        '"contoso.local/Users/Büro München","CONTOSO\\cmartin","Send-As","ExtendedRight","False","False",""\r\n'
    );
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.report.problems).toHaveLength(1);
    expect(r.stderr).toContain("this is Get-ADPermission output (Exchange on-premises");
    expect(r.stderr).toContain(
      "fix: export Send As from Exchange Online instead: Get-RecipientPermission"
    );
    expect(r.stderr).not.toContain("export the column");
  });
});

describe("finding 18: fixes for a file Excel saved", () => {
  it.each([
    ["plain CSV (Windows-1252, ';')", "win1252", ";"],
    ['"Unicode Text" (UTF-16 LE, tab)', "utf16le", "\t"],
  ])(
    "a type name in %s: the fix changes the command Excel's export came from, never 'use the export as PowerShell wrote it'",
    async (_w, encoding, delimiter) => {
      const t = tenant();
      t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", "System.Object[]");
      const dir = t.write(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "g11b-")), "x"), {
        quote: "needed",
        delimiter,
        bom: false,
      });
      const file = path.join(dir, "mailboxes.csv");
      const text = fs.readFileSync(file, "utf8");
      fs.writeFileSync(
        file,
        encoding === "utf16le"
          ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])
          : iconv.encode(text, "win1252")
      );
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      const fix = r.report.problems.find(
        (p: { column?: string }) => p.column === "GrantSendOnBehalfTo"
      ).fix;
      expect(fix).toContain(
        "mailboxes.csv was saved by Excel: in the command that made the export Excel opened, join the values"
      );
      expect(fix).not.toContain("PowerShell command that wrote mailboxes.csv");
      expect(fix).not.toContain("use the export as PowerShell wrote it");
    }
  );
});
