// The second input format: GruberMarkus/Export-RecipientPermissions' result CSV, detected by its
// header, so admins who already run that tool need not export again.
import * as fs from "node:fs";
import * as path from "node:path";
import { build, rightsOf, tempDir } from "../../fixtures/admin/tenant";

const fixture = path.join(__dirname, "../../fixtures/admin/export-recipient-permissions");
const FILE = "Export-RecipientPermissions_Result.csv";

/** The fixture in a fresh folder, optionally under another name and without some lines. */
function folder(name = FILE, keep: (line: string, i: number) => boolean = () => true): string {
  const dir = path.join(tempDir(), "exports");
  fs.mkdirSync(dir);
  const text = fs.readFileSync(path.join(fixture, FILE), "utf8");
  fs.writeFileSync(path.join(dir, name), text.split("\r\n").filter(keep).join("\r\n"));
  return dir;
}

describe("build from an Export-RecipientPermissions result", () => {
  it("gives the rights the file lists: Full Access, Send As, Send on Behalf, groups expanded", async () => {
    const b = await build(folder("permissions-2026-11.csv"), {
      generatedAt: "2026-11-01T06:00:00Z",
    });
    expect(b.problems).toEqual([]);
    expect(b.result.summary.inputFormat).toBe("export-recipient-permissions");
    expect(rightsOf(b.shard("juergen.weiss@contoso.example"))).toEqual({
      "buero@contoso.example": ["FullAccess"],
      "info@contoso.example": ["SendAs"],
    });
    expect(rightsOf(b.shard("chloe.martin@contoso.example"))).toEqual({
      "buero@contoso.example": ["SendAs"],
    });
    expect(rightsOf(b.shard("yamada@contoso.example"))).toEqual({
      "buero@contoso.example": ["SendOnBehalf"],
    });
    expect(rightsOf(b.shard("lea.braun@contoso.example"))).toEqual({
      "info@contoso.example": ["SendAs"],
      "team@contoso.example": ["SendAs"],
    });
    expect(b.shard("juergen.weiss@contoso.example")?.mailboxes[0]).toMatchObject({
      displayName: "Büro München",
      kind: "shared",
    });
    expect(b.result.summary.dropped).toMatchObject({ self: 1, otherRights: 1, orphanedSid: 1 });
  });

  it("fails on a group whose members the file does not list (run without ExpandGroups), with that fix", async () => {
    const dir = folder(FILE, (line) => !line.includes("[MemberRecurse]"));
    const b = await build(dir, { generatedAt: "2026-11-01T06:00:00Z" });
    expect(b.result.ok).toBe(false);
    const list = b.result.ok ? [] : b.result.problems.list;
    expect(list).toEqual([
      expect.objectContaining({
        file: FILE,
        line: 9,
        message: expect.stringContaining(
          "SendAs on info@contoso.example is lost: granted to the group team@contoso.example"
        ),
        fix: expect.stringContaining("ExpandGroups"),
      }),
    ]);
    const allowed = await build(dir, {
      generatedAt: "2026-11-01T06:00:00Z",
      allowUnresolved: true,
    });
    expect(allowed.result.summary.lost).toEqual([
      expect.objectContaining({
        reason: "groupMembersUnknown",
        mailbox: "info@contoso.example",
        right: "SendAs",
      }),
    ]);
    expect(rightsOf(allowed.shard("juergen.weiss@contoso.example"))).toEqual({
      "buero@contoso.example": ["FullAccess"],
    });
  });
});
