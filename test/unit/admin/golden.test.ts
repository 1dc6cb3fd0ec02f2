import * as fs from "node:fs";
import * as path from "node:path";
import { build, tempDir } from "../../fixtures/admin/tenant";

const fixture = path.join(__dirname, "../../fixtures/admin/small");

function files(dir: string): [string, string][] {
  const users = fs.readdirSync(path.join(dir, "users")).sort();
  return ["index.json", ...users.map((f) => `users/${f}`)].map((f) => [
    f,
    fs.readFileSync(path.join(dir, f), "utf8"),
  ]);
}

function copyExports(): string {
  const dir = path.join(tempDir(), "exports");
  fs.cpSync(path.join(fixture, "exports"), dir, { recursive: true });
  return dir;
}

/**
 * The tenant holds two stale trustees (a domain SID and a DOMAIN\\name that no export lists): the
 * exports cannot prove them gone, so they are lost rights, accepted here as an admin would.
 */
const ACCEPT = { allowUnresolved: true };

describe("golden: a small hand-built tenant (tailspin.example)", () => {
  it("fails without --allow-unresolved, naming the two trustees that match no one", async () => {
    const b = await build(copyExports());
    expect(b.result.ok).toBe(false);
    expect(b.problems.map((p) => p.split(": ")[0])).toEqual([
      "recipient-permissions.csv:7 Trustee",
      "mailbox-permissions.csv:6 User",
    ]);
    expect(b.result.summary.dropped.systemAccount).toBe(0);
    expect(fs.existsSync(b.out)).toBe(false);
  });

  it("builds exactly the published files in test/fixtures/admin/small/directory", async () => {
    const b = await build(copyExports(), ACCEPT);
    expect(b.problems).toEqual([]);
    expect(files(b.out)).toEqual(files(path.join(fixture, "directory")));
  });

  it("summarises what it read and dropped", async () => {
    const b = await build(copyExports(), ACCEPT);
    const s = b.result.summary;
    expect({
      mailboxes: s.mailboxes,
      groups: s.groups,
      recipients: s.recipients,
      delegates: s.delegates,
      grants: s.grants,
      revokedByDeny: s.revokedByDeny,
      groupCycles: s.groupCycles,
    }).toEqual({
      mailboxes: 9,
      groups: 4,
      recipients: 13,
      delegates: 3,
      grants: { total: 12, sendAs: 7, sendOnBehalf: 3, fullAccess: 2 },
      revokedByDeny: 1,
      groupCycles: [["team@tailspin.example", "inner@tailspin.example", "team@tailspin.example"]],
    });
    expect(s.dropped).toEqual({
      inherited: 1,
      self: 2,
      deny: 1,
      otherRights: 1,
      unknownMailbox: 0,
      orphanedSid: 0,
      systemAccount: 0,
      emptyGroup: 0,
      unsupportedRecipientType: 0,
      distributionGroupDeny: 0,
      unresolvedTrustee: 2,
      ambiguousTrustee: 0,
      unresolvedMailbox: 0,
      damagedText: 0,
      groupMembersUnknown: 0,
      cannotSignIn: 0,
      distributionGroup: 0,
      groupCategoryUnknown: 0,
    });
    expect(s.lost.map((l) => [l.file, l.line, l.value, l.reason])).toEqual([
      [
        "recipient-permissions.csv",
        7,
        "S-1-5-21-4000000000-1000000000-2000000000-1999",
        "unresolvedTrustee",
      ],
      ["mailbox-permissions.csv", 6, "NAMPR07A003\\$XYZ789-ABC", "unresolvedTrustee"],
    ]);
    expect(s.rowsRead).toEqual({
      "recipients.csv": 13,
      "mailboxes.csv": 9,
      "groups.csv": 4,
      "group-members.csv": 8,
      "recipient-permissions.csv": 10,
      "mailbox-permissions.csv": 6,
    });
  });
});

describe("publishing the directory", () => {
  it("replaces an earlier directory as a whole: a user who lost every right loses the shard", async () => {
    const dir = copyExports();
    const first = await build(dir, ACCEPT);
    expect(fs.readdirSync(path.join(first.out, "users"))).toHaveLength(3);
    // Cho loses the van and the All Hands Send on Behalf, and leaves the groups.
    const drop = (file: string, pattern: RegExp) => {
      const p = path.join(dir, file);
      fs.writeFileSync(
        p,
        fs
          .readFileSync(p, "utf8")
          .split(/(?<=\n)/)
          .filter((l) => !pattern.test(l))
          .join("")
      );
    };
    drop("recipient-permissions.csv", /Cho, Min/);
    drop("groups.csv", /All Hands/);
    drop("group-members.csv", /cho@/);
    const second = await build(dir, ACCEPT);
    expect(second.out).toBe(first.out);
    expect(second.shard("cho@tailspin.example")).toBeUndefined();
    expect(fs.readdirSync(path.join(second.out, "users"))).toHaveLength(2);
    expect(fs.readdirSync(path.dirname(second.out)).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("leaves the previous directory untouched when a build fails", async () => {
    const dir = copyExports();
    const first = await build(dir, ACCEPT);
    const before = files(first.out);
    fs.writeFileSync(path.join(dir, "groups.csv"), '"DisplayName"\r\n"x"\r\n');
    const failed = await build(dir, ACCEPT);
    expect(failed.result.ok).toBe(false);
    expect(files(first.out)).toEqual(before);
  });
});
