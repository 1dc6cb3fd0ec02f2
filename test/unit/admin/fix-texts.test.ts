import * as fs from "node:fs";
import * as path from "node:path";
import { FIX, Fix } from "../../../src/admin/fixes";
import { FileShape, FileSource, fixFor } from "../../../src/admin/sources";
import { build, DOMAIN, tempDir, Tenant } from "../../fixtures/admin/tenant";

const SOURCES: FileSource[] = [
  "exportScript",
  "powershell",
  "excel",
  "onPremises",
  "exportRecipientPermissions",
  "otherTool",
];

/** Sample arguments for each catalogue entry: values as the exports hold them. */
const ARGS: Record<keyof typeof FIX, unknown[]> = {
  missingColumn: ["RecipientTypeDetails"],
  dotNetList: ["GrantSendOnBehalfTo"],
  psObject: ["User"],
  dotNetObject: ["User"],
  fieldCount: [],
  quoteSeparators: [";"],
  quoting: [],
  notCsv: [],
  headerOnce: [],
  columnOnce: [],
  noMailbox: [10],
  noMailboxGroup: [8],
  flagColumn: ["IsInherited"],
  oneTrusteePerRow: ["User"],
  oneMemberPerRow: [],
  accessControlType: [],
  accessRights: [],
  erpRecipientType: [],
  erpSameIdentity: [],
  addressHidden: ["chl\u200boe@contoso.example"],
  fieldSize: [],
  notAnAddress: ["PrimarySmtpAddress"],
  upnHidden: [],
  addressClaimedTwice: ["buero@contoso.example"],
  upnClaimedAsProxy: ["l.braun@contoso.example", "omar@contoso.example", "lea@contoso.example"],
  primaryClaimedAsProxy: [
    "team-sued@contoso.example",
    "juergen@contoso.example",
    "team-sued@contoso.example",
  ],
  noReplyAttribute: ["CustomAttribute7"],
  recipientType: [],
  groupType: [],
  groupTypeColumn: [],
  wrongFile: [true],
  listedTwice: [],
  recipientOnce: [],
  utf8: [],
  codePage: ["Mac Roman (Excel for Mac's plain CSV)"],
  sendOnBehalfJoin: [","],
  groupMembers: [
    "sales@contoso.example",
    "Get-DistributionGroupMember -Identity sales@contoso.example",
  ],
  recipientTypeColumn: [],
  nameHidden: ["Identity", "recipient-permissions.csv", "Get-RecipientPermission"],
  uniqueTrustee: ["Trustee"],
  samAccountName: [],
  trusteesAsExchange: [],
  membersByAddress: [],
  expandGroups: [],
  expandGroupsRecurse: [],
  identityAsExchange: [],
  rerun: [],
};

// Verbs that open a change to how a file is written: only these may follow "in the PowerShell
// command that wrote X," / "in the tool that wrote X," (rev11 finding 5's whole kind).
const COMMAND_VERBS = /^(export|write|join|include|fill|run)\b/;
// What Excel's own fix may say instead: use the export unopened, or save it as CSV UTF-8.
const EXCEL_STEPS = /^(use the export|save it)\b/;
const SOURCE_PREFIX =
  /in the PowerShell command that wrote \S+, |in the tool that wrote \S+, |was saved by Excel: |comes from Exchange on-premises \(Exchange Management Shell\): |was written by Export-RecipientPermissions: /;

function balanced(text: string, open: string, close: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === open) depth++;
    else if (ch === close && --depth < 0) return false;
  }
  return depth === 0;
}

const entries = Object.entries(FIX) as [keyof typeof FIX, (...a: unknown[]) => Fix][];
const cases = entries.flatMap(([name, make]) =>
  SOURCES.map((source) => [name, source, make(...ARGS[name])] as const)
);

describe("every fix text, for every source", () => {
  it("the catalogue's sample arguments cover every entry", () => {
    expect(Object.keys(ARGS).sort()).toEqual(Object.keys(FIX).sort());
  });

  it.each(cases)(
    "%s from %s: one grammatical instruction naming the file",
    (_name, source, fix) => {
      const file = "mailbox-permissions.csv";
      const shape: FileShape = { file, step: "Full Access", source, encoding: "utf-8" };
      const text = fixFor(shape, fix);
      expect(text).toContain(file);
      // One sentence: no full stop at the end, no sentence break, no empty clause.
      expect(text).not.toMatch(/\.\s*$/);
      expect(text).not.toMatch(/(?<!\be\.g)\. [A-Z]/);
      expect(text).not.toMatch(/;\s*;|,\s*,|;\s*,|,\s*;|\s{2,}|(?<!\w)\(\s*\)/);
      expect(text).toMatch(/^[a-z]|^mailbox-permissions\.csv /);
      expect(balanced(text, "(", ")")).toBe(true);
      expect(balanced(text, "{", "}")).toBe(true);
      expect((text.match(/"/g) ?? []).length % 2).toBe(0);
      // The change itself appears once, whole.
      if (fix.what) expect(text.split(fix.what)).toHaveLength(2);
      // A source prefix is followed only by a change to the command that wrote the file.
      const prefixed = SOURCE_PREFIX.exec(text);
      if (prefixed) {
        const after = text.slice(prefixed.index + prefixed[0].length);
        const excelCommand = "in the command that made the export Excel opened, ";
        if (after.startsWith(excelCommand))
          expect(after.slice(excelCommand.length)).toMatch(COMMAND_VERBS);
        else expect(after).toMatch(prefixed[0].includes("Excel") ? EXCEL_STEPS : COMMAND_VERBS);
      }
      if (fix.kind === "exchange") {
        // A change in Exchange leads, then the file is exported again: never glued to a command.
        expect(text.startsWith(fix.what)).toBe(true);
        expect(text).toMatch(/, then .*(again|re-run)/);
      }
      if (fix.kind === "command") expect(fix.what).toMatch(COMMAND_VERBS);
      // Only a file the folder proves the script wrote sends the admin to the script.
      if (source !== "exportScript") expect(text).not.toContain("Export-SendFromData");
      // No catalogue fix tells the admin to remove a permission (only an orphaned SID's does).
      expect(text.replace(/[\w-]+\.csv/g, "FILE")).not.toMatch(/\bremove\b[^;]*\bpermissions?\b/i);
    }
  );
});

describe("every fixFor call in src/admin takes a catalogue entry", () => {
  it("no fix text is written at a call site (so the test above sees them all)", () => {
    const dir = path.join(__dirname, "../../../src/admin");
    const offenders: string[] = [];
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const text = fs.readFileSync(path.join(dir, name), "utf8");
      for (const m of text.matchAll(/fixFor\(\s*([^,)]+)(?:,\s*([^)]*))?\)/g)) {
        if (name === "sources.ts" && /export function/.test(text.slice(m.index - 20, m.index)))
          continue;
        const arg = m[2]?.trim();
        // A catalogue entry (FIX.x(...), a choice between entries) or parserProblemText's, which
        // returns one; never a string written here.
        if (arg !== undefined && (/["'`]/.test(arg) || !(/FIX\./.test(arg) || arg === "text.fix")))
          offenders.push(`${name}: ${m[0].slice(0, 80)}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

const at = (local: string) => `${local}@${DOMAIN}`;

/** A tenant without export-info.csv, so nothing proves the script wrote it. */
function tenant(): Tenant {
  const t = new Tenant();
  t.exportInfo = null;
  t.user("Jürgen Weiß", "juergen.weiss");
  t.user("Chloé Martin", "chloe");
  t.shared("Büro München", "buero");
  return t;
}

async function problems(dir: string) {
  const b = await build(dir, {});
  expect(b.result.ok).toBe(false);
  return b.result.ok ? [] : b.result.problems.list;
}

describe("fixes changed for their source (rev11 finding 5, whole kind)", () => {
  it("a hidden character in a UPN is removed in Exchange, then recipients.csv is exported again", async () => {
    const t = tenant();
    t.rows["recipients.csv"].find((r) => r.PrimarySmtpAddress === at("chloe"))!.UserPrincipalName =
      `chl\u200boe@${DOMAIN}`;
    const list = await problems(t.write(path.join(tempDir(), "exports")));
    const upn = list.find((p) => p.column === "UserPrincipalName");
    expect(upn?.fix).toMatch(
      /^remove the character from the user principal name in Exchange \(Set-User/
    );
    expect(upn?.fix).toMatch(/, then export recipients\.csv again$/);
    expect(upn?.fix).not.toMatch(/tool that wrote|PowerShell command/);
  });

  it("a '?'-damaged trustee in Windows PowerShell's #TYPE export: export again with -Encoding UTF8, not glued", async () => {
    const t = tenant();
    t.sendAs(at("buero"), "J?rgen Wei?");
    const dir = t.write(path.join(tempDir(), "exports"));
    const file = path.join(dir, "recipient-permissions.csv");
    fs.writeFileSync(
      file,
      "#TYPE Deserialized.Microsoft.Exchange.Management.RecipientTasks.RecipientPermission\r\n" +
        fs.readFileSync(file, "utf8").replace(/^\ufeff/, "")
    );
    const list = await problems(dir);
    const p = list.find((x) => x.file === "recipient-permissions.csv");
    expect(p?.fix).toMatch(
      /^export recipient-permissions\.csv again with Export-Csv -NoTypeInformation -Encoding UTF8 \(Windows PowerShell's Export-Csv writes ASCII by default/
    );
    expect(p?.fix).not.toMatch(
      /PowerShell command that wrote recipient-permissions\.csv, export with/
    );
  });

  it("a '?'-damaged trustee in a file Excel saved: save it as CSV UTF-8", async () => {
    const t = tenant();
    t.sendAs(at("buero"), "J?rgen Wei?");
    const dir = t.write(path.join(tempDir(), "exports"), { quote: "needed", delimiter: ";" });
    const list = await problems(dir);
    const p = list.find((x) => x.file === "recipient-permissions.csv");
    expect(p?.fix).toMatch(/^recipient-permissions\.csv was saved by Excel: save it as "CSV UTF-8/);
  });

  it("a broken quote in an Export-Csv file: export it again and do not edit it, not 'as Export-Csv does' to Export-Csv", async () => {
    const t = tenant();
    t.sendAs(at("buero"), at("chloe"));
    const dir = t.write(path.join(tempDir(), "exports"));
    const file = path.join(dir, "recipient-permissions.csv");
    fs.writeFileSync(
      file,
      "#TYPE System.Management.Automation.PSCustomObject\r\n" +
        fs
          .readFileSync(file, "utf8")
          .replace(/^\ufeff/, "")
          .replace(`"${at("chloe")}"`, `"chloe "x" @"`)
    );
    const list = await problems(dir);
    const p = list.find((x) => x.file === "recipient-permissions.csv");
    expect(p?.fix).toMatch(
      /^export recipient-permissions\.csv again with Export-Csv .*do not edit the file/
    );
    expect(p?.fix).not.toMatch(/as Export-Csv does/);
  });
});
