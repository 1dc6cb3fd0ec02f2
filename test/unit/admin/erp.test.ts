// The second input format: GruberMarkus/Export-RecipientPermissions' result CSV, detected by its
// header, so admins who already run that tool need not export again.
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../../src/admin/cli";
import { OBJECT_IDS_FILE } from "../../../src/core/object-ids";
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
      allowUnresolved: true,
    });
    expect(b.problems).toEqual([]);
    // A trustee shown only as a domain SID (empty Trustee Primary SMTP) is a lost right: the file
    // cannot prove the account deleted.
    expect(b.result.summary.lost).toEqual([
      expect.objectContaining({
        line: 7,
        value: "S-1-5-21-1180699209-877415012-3182924384-4711",
        reason: "unresolvedTrustee",
      }),
    ]);
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
    expect(b.result.summary.dropped).toMatchObject({
      self: 1,
      otherRights: 1,
      systemAccount: 0,
      unresolvedTrustee: 1,
    });
  });

  it("fails on a group whose members the file does not list (run without ExpandGroups), with that fix", async () => {
    const dir = folder(FILE, (line) => !line.includes("[MemberRecurse]"));
    const b = await build(dir, { generatedAt: "2026-11-01T06:00:00Z" });
    expect(b.result.ok).toBe(false);
    const list = (b.result.ok ? [] : b.result.problems.list).filter((p) => p.line !== 7);
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
    expect(allowed.result.summary.lost.filter((l) => l.line !== 7)).toEqual([
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

  it("maps no one in object-ids.json (the tool exports no object ids) and says so", async () => {
    const dir = folder();
    const out = path.join(path.dirname(dir), "directory");
    const report = path.join(path.dirname(dir), "report.json");
    let stderr = "";
    const code = await main(
      [
        "build",
        "--in",
        dir,
        "--out",
        out,
        "--report",
        report,
        "--generated-at",
        "2026-11-01T06:00:00Z",
        "--allow-unresolved",
      ],
      { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) } }
    );
    expect(code).toBe(0);
    const shards = fs.readdirSync(path.join(out, "users")).length;
    expect(shards).toBeGreaterThan(0);
    expect(JSON.parse(fs.readFileSync(path.join(out, OBJECT_IDS_FILE), "utf8")).users).toEqual({});
    const objectIds = JSON.parse(fs.readFileSync(report, "utf8")).objectIds;
    expect(objectIds).toMatchObject({
      mapped: 0,
      leftOut: { noObjectId: shards, notAnObjectId: 0, sharedObjectId: 0 },
    });
    expect(stderr).toContain(`${shards} left out, the service cannot give them their shard`);
  });
});
