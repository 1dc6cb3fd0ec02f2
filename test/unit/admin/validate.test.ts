import { toSmtpAddress } from "../../../src/core/address";
import * as fs from "node:fs";
import * as path from "node:path";
import { validateDirectory } from "../../../src/admin/validate";
import { shardPath } from "../../../src/core/shard-name";
import { tempDir } from "../../fixtures/admin/tenant";

const golden = path.join(__dirname, "../../fixtures/admin/small/directory");
const ANA = "ana@tailspin.example";
const BEN = "ben@tailspin.example";

function copy(): string {
  const dir = path.join(tempDir(), "directory");
  fs.cpSync(golden, dir, { recursive: true });
  return dir;
}

function editShard(dir: string, user: string, edit: (shard: Record<string, any>) => void): void {
  const file = path.join(dir, shardPath(toSmtpAddress(user)));
  const shard = JSON.parse(fs.readFileSync(file, "utf8"));
  edit(shard);
  fs.writeFileSync(file, JSON.stringify(shard));
}

/** Problems as [file, message] pairs; every problem must also say how to fix it. */
function problems(dir: string): [string, string][] {
  const check = validateDirectory(dir);
  for (const p of check.problems) expect(p.fix.length).toBeGreaterThan(10);
  return check.problems.map((p) => [p.file, p.message]);
}

const anaFile = shardPath(toSmtpAddress(ANA));

describe("validate", () => {
  it("accepts a directory the build wrote", () => {
    expect(validateDirectory(golden)).toEqual({ problems: [], shards: 3 });
  });

  it("finds files that are not part of a directory", () => {
    const dir = copy();
    fs.writeFileSync(path.join(dir, "notes.txt"), "hi");
    fs.writeFileSync(path.join(dir, "users", "readme.md"), "hi");
    expect(problems(dir)).toEqual([
      ["notes.txt", expect.stringContaining("stray file")],
      ["users/readme.md", expect.stringContaining("stray file")],
    ]);
  });

  it("finds a shard under another user's name", () => {
    const dir = copy();
    fs.renameSync(path.join(dir, anaFile), path.join(dir, "users", `${"0".repeat(64)}.json`));
    expect(problems(dir)).toEqual([
      [
        `users/${"0".repeat(64)}.json`,
        expect.stringContaining("is the shard of ana@tailspin.example but named as another user's"),
      ],
    ]);
  });

  it("finds files of two builds mixed", () => {
    const dir = copy();
    editShard(dir, ANA, (s) => (s.generatedAt = "2026-01-01T00:00:00Z"));
    expect(problems(dir)).toEqual([
      [anaFile, expect.stringContaining("index.json says 2026-11-20T05:30:00Z")],
    ]);
  });

  it("finds a mailbox listed twice, the user's own address, and a mailbox without rights", () => {
    const dir = copy();
    editShard(dir, ANA, (s) => {
      s.mailboxes.push({ ...s.mailboxes[0] });
      s.mailboxes.push({ ...s.mailboxes[0], address: "a.costa@tailspin.example" });
      s.mailboxes[1].rights = [];
    });
    expect(problems(dir)).toEqual([
      [anaFile, "lists alerts@tailspin.example more than once"],
      [anaFile, "lists dan@tailspin.example with no right"],
      [anaFile, "lists the user's own address a.costa@tailspin.example as a mailbox to send from"],
    ]);
  });

  it("finds addresses not in lower case, and a shard without mailboxes", () => {
    const dir = copy();
    editShard(dir, ANA, (s) => (s.mailboxes[0].address = "Alerts@Tailspin.example"));
    editShard(dir, BEN, (s) => (s.mailboxes = []));
    expect(problems(dir)).toEqual(
      expect.arrayContaining([
        [anaFile, expect.stringContaining("not lower case")],
        [shardPath(toSmtpAddress(BEN)), expect.stringContaining("lists no mailbox")],
      ])
    );
  });

  it("reports a schema violation with where it is", () => {
    const dir = copy();
    editShard(dir, ANA, (s) => (s.mailboxes[0].kind = "team"));
    expect(problems(dir)).toEqual([
      [anaFile, expect.stringContaining("does not match the schema at /mailboxes/0/kind")],
    ]);
  });

  it("finds one address claimed by two users, and one mailbox described two ways", () => {
    const dir = copy();
    editShard(dir, BEN, (s) => (s.aliases = ["a.costa@tailspin.example"]));
    editShard(dir, ANA, (s) => (s.mailboxes[0].displayName = "Alerts (old)"));
    const found = problems(dir);
    expect(found).toContainEqual([
      expect.stringMatching(/^users\//),
      expect.stringContaining("claims a.costa@tailspin.example, which"),
    ]);
    expect(found).toContainEqual([
      expect.stringMatching(/^users\//),
      expect.stringContaining("describes alerts@tailspin.example differently"),
    ]);
  });

  it("needs index.json and users/", () => {
    const dir = copy();
    fs.rmSync(path.join(dir, "index.json"));
    expect(problems(dir)).toEqual([["index.json", expect.stringContaining("is missing")]]);
    fs.rmSync(path.join(dir, "users"), { recursive: true });
    expect(problems(dir)).toContainEqual(["users/", "is missing"]);
  });
});
