// PowerShell is not available here: these checks read admin/Export-SendFromData.ps1 as text and
// hold it to the export rules an admin depends on (complete results, flat CSV, UTF-8).
import * as fs from "node:fs";
import * as path from "node:path";
import { GROUPS, REQUIRED_FILES } from "../../../src/admin/inputs";

const script = fs.readFileSync(
  path.join(__dirname, "../../../admin/Export-SendFromData.ps1"),
  "utf8"
);

/** The code without comments and comment-based help, with backtick line continuations joined. */
const code = script
  .replace(/<#[\s\S]*?#>/g, "")
  .split(/\r?\n/)
  .filter((line) => !/^\s*#/.test(line))
  .join("\n")
  .replace(/`\r?\n\s*/g, " ");

/** Each statement-ish piece of code that calls a cmdlet, up to the next pipe, brace or line end. */
function calls(verbNoun: RegExp): string[] {
  const found: string[] = [];
  const re = new RegExp(`(?<![\\w-])(${verbNoun.source})(?![\\w-])[^|\\n{}]*`, "g");
  for (const m of code.matchAll(re)) found.push(m[0].trim());
  return found;
}

const ownFunctions = new Set([...code.matchAll(/\bfunction\s+([\w-]+)/g)].map((m) => m[1]));

// Cmdlets that read no Exchange data and have no -ResultSize parameter.
const NOT_EXCHANGE_QUERIES = new Set(["Get-ConnectionInformation", "Get-Module"]);

describe("admin/Export-SendFromData.ps1", () => {
  it("runs every Exchange Get- cmdlet with -ResultSize Unlimited", () => {
    const nameOf = (call: string) => /^[\w-]+/.exec(call)![0];
    const gets = calls(/Get-[A-Za-z]+/).filter(
      (c) => !ownFunctions.has(nameOf(c)) && !NOT_EXCHANGE_QUERIES.has(nameOf(c))
    );
    const names = new Set(gets.map(nameOf));
    expect([...names].sort()).toEqual([
      "Get-AcceptedDomain",
      "Get-DistributionGroup",
      "Get-DistributionGroupMember",
      "Get-DynamicDistributionGroup",
      "Get-DynamicDistributionGroupMember",
      "Get-EXOMailbox",
      "Get-EXOMailboxPermission",
      "Get-EXORecipient",
      "Get-EXORecipientPermission",
      "Get-Group",
      "Get-UnifiedGroup",
      "Get-UnifiedGroupLinks",
      "Get-User",
    ]);
    for (const call of gets)
      expect([call, /-ResultSize\s+Unlimited\b/.test(call)]).toEqual([call, true]);
  });

  it("uses the EXO V3 REST cmdlets for the big reads", () => {
    expect(code).toMatch(/Get-EXOMailbox\b/);
    expect(code).toMatch(/Get-EXORecipient\b/);
    expect(code).toMatch(/Get-EXORecipientPermission\b/);
    expect(code).toMatch(/Get-EXOMailboxPermission\b/);
    expect(code).toMatch(/Connect-ExchangeOnline\b/);
    expect(script).toMatch(
      /#Requires -Modules @\{ ModuleName = 'ExchangeOnlineManagement'; ModuleVersion = '3\.\d+\.\d+' \}/
    );
  });

  it("writes every CSV with Export-Csv -NoTypeInformation -Encoding UTF8", () => {
    const exports = calls(/Export-Csv/);
    expect(exports.length).toBeGreaterThan(0);
    for (const call of exports) {
      expect(call).toMatch(/-NoTypeInformation\b/);
      expect(call).toMatch(/-Encoding\s+UTF8\b/);
    }
    for (const call of calls(/Set-Content|Out-File|Add-Content/))
      expect(call).toMatch(/-Encoding\s+UTF8\b/);
  });

  it("writes each file the build reads, under the name it reads", () => {
    for (const spec of REQUIRED_FILES) expect(code).toContain(`'${spec.file}'`);
    expect(code).toContain("'export-info.csv'");
  });

  it("writes the columns the build requires", () => {
    for (const spec of REQUIRED_FILES) {
      for (const column of spec.required)
        expect([spec.file, code.includes(`${column} `) || code.includes(`'${column}'`)]).toEqual([
          spec.file,
          true,
        ]);
    }
  });

  it("joins multi-valued properties with ';' before export", () => {
    for (const property of ["EmailAddresses", "GrantSendOnBehalfTo", "AccessRights"]) {
      const assignments = [
        ...code.matchAll(new RegExp(`\\b${property}\\s*=\\s*([^\\n]+)`, "g")),
      ].map((m) => m[1]);
      expect(assignments.length).toBeGreaterThan(0);
      for (const value of assignments)
        expect([property, value]).toEqual([property, expect.stringMatching(/^Join-Values\b/)]);
    }
    expect(code).toMatch(/-join ';'/);
  });

  it("reports progress, validates its parameters and documents the rights it needs", () => {
    expect(calls(/Write-Progress/).length).toBeGreaterThanOrEqual(3);
    expect(code).toMatch(
      /\[Parameter\(Mandatory = \$true\)\]\s*\[ValidateNotNullOrEmpty\(\)\]\s*\[string\] \$OutFolder/
    );
    expect(code).toMatch(
      /\[ValidatePattern\('\^CustomAttribute\(1\[0-5\]\|\[1-9\]\)\(=\.\*\)\?\$'\)\]/
    );
    expect(script).toMatch(/\.SYNOPSIS[\s\S]*\.PARAMETER OutFolder[\s\S]*\.EXAMPLE/);
    expect(script).toContain("View-Only Organization Management");
    expect(script).toContain("Global Reader");
    expect(code).toMatch(/\$ErrorActionPreference = 'Stop'/);
    expect(code).toMatch(/catch \{/);
  });

  it("writes export-info with the time in UTC ISO-8601 and the default domain", () => {
    expect(code).toContain("[DateTime]::UtcNow");
    expect(code).toContain(
      `ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [Globalization.CultureInfo]::InvariantCulture)`
    );
    expect(code).toMatch(/DefaultDomain\s*=/);
  });

  it("exports Bookings mailboxes (SchedulingMailbox) with the others (rev11o finding 10)", () => {
    const mailboxRead = calls(/Get-EXOMailbox/).join(" ");
    for (const type of [
      "UserMailbox",
      "SharedMailbox",
      "RoomMailbox",
      "EquipmentMailbox",
      "SchedulingMailbox",
    ])
      expect(mailboxRead).toContain(type);
  });

  it("records what it could not read in export-info.csv's Unread, members without mail included (rev11o 6, 8)", () => {
    // Every failed read and every member without an address adds to $script:Unread ...
    expect(code.match(/\$script:Unread\.Add\(/g)?.length).toBe(3);
    expect(code).toMatch(/catch \{[^}]*\$script:Unread\.Add\("the members of/);
    expect(code).toMatch(/catch \{[^}]*\$script:Unread\.Add\("the Full Access entries of/);
    expect(code).toMatch(
      /else \{\s*\$script:Unread\.Add\("the members of \$\(Get-PropertyValue \$member 'Name'\)/
    );
    // ... and is written as a column the build reads.
    expect(code).toMatch(/Unread\s*=\s*\(\$script:Unread -join ';'\)/);
    expect(code).toMatch(/-Header @\('GeneratedAt', 'DefaultDomain', 'ModuleVersion', 'Unread'\)/);
  });

  it("writes groups.csv's GroupType from Get-DistributionGroup, empty for dynamic and Microsoft 365 groups (rev11r finding 4)", () => {
    // The header of groups.csv is the columns the build knows the script writes there.
    const header = /Get-TempPath 'groups\.csv'\) -Header \(@\(([^)]*)\)/.exec(code);
    expect(header).not.toBeNull();
    const columns = [...header![1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect(columns).toEqual(GROUPS.scriptColumns!.filter((c) => !/^CustomAttribute\d+$/.test(c)));
    expect(columns).toContain("GroupType");
    // Each row's GroupType: Get-DistributionGroup's, never a dynamic or Microsoft 365 group's.
    const groups = code.slice(code.indexOf("$groups | ForEach-Object {"));
    expect(groups).toMatch(
      /\$groupType = ''\s*if \("\$\(\$_\.RecipientTypeDetails\)" -notin @\('DynamicDistributionGroup', 'GroupMailbox'\)\) \{\s*\$groupType = "\$\(Get-PropertyValue \$_ 'GroupType'\)"\s*\}/
    );
    expect(groups).toMatch(/\bGroupType\s*=\s*\$groupType\b/);
    expect(script).toMatch(/groups\.csv[^\n]*\n[^\n]*GroupType/);
  });

  it("writes the UPN of every user it reads (Get-User), not only of mailboxes (rev11q finding 6)", () => {
    // The principals loop (Get-User and Get-Group) fills the map recipients.csv's UPN comes from.
    const loop = code.slice(code.indexOf("foreach ($principal in $principals)"));
    expect(loop).toMatch(/\$upn = "\$\(Get-PropertyValue \$principal 'UserPrincipalName'\)"/);
    expect(loop).toMatch(/\$upnByObjectId\[\$id\] = \$upn/);
    expect(code).toMatch(/UserPrincipalName\s*=\s*"\$\(\$upnByObjectId\[\$objectId\]\)"/);
    // Declared before both steps that fill it.
    expect(code.indexOf("$upnByObjectId = @{}")).toBeLessThan(
      code.indexOf("$principals = @(Get-User")
    );
  });
});
