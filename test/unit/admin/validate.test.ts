import { toSmtpAddress } from "../../../src/core/address";
import * as fs from "node:fs";
import * as path from "node:path";
import { NO_OBJECT_IDS_NOTE, validateDirectory } from "../../../src/admin/validate";
import { MAX_SHARD_BYTES } from "../../../src/core/model";
import { shardPath } from "../../../src/core/shard-name";
import { tempDir } from "../../fixtures/admin/tenant";
import { OBJECT_IDS_FILE, OBJECT_IDS_FORMAT } from "../../../src/core/object-ids";

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
  it("accepts a directory the build wrote; without object-ids.json, with a note that serve refuses it (rev11p 8)", () => {
    // This fixture is public static files: index.json and users/ only.
    expect(fs.existsSync(path.join(golden, OBJECT_IDS_FILE))).toBe(false);
    const check = validateDirectory(golden);
    expect(check).toEqual({ problems: [], shards: 3, notes: [NO_OBJECT_IDS_NOTE] });
    expect(NO_OBJECT_IDS_NOTE).toMatch(
      /has no object-ids\.json.*`send-from-admin serve` refuses this directory/
    );
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

  it("a shard holding another user: object-ids.json's user is told unusable, not 'no shard' (rev11o 1)", () => {
    const dir = copy();
    editShard(dir, ANA, (s) => (s.user = "someone.else@tailspin.example"));
    fs.writeFileSync(
      path.join(dir, OBJECT_IDS_FILE),
      JSON.stringify({
        format: OBJECT_IDS_FORMAT,
        version: 1,
        generatedAt: JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8")).generatedAt,
        users: { "e0000000-0000-4000-8000-000000000000": ANA },
      })
    );
    const found = problems(dir);
    expect(found).toContainEqual([
      OBJECT_IDS_FILE,
      expect.stringContaining(`names ${ANA}, whose shard ${anaFile} exists but is unusable`),
    ]);
    expect(found.some(([, m]) => m.includes("who has no shard"))).toBe(false);
  });

  it("finds an alias that another user's shard lists as a mailbox (rev11o finding 15)", () => {
    const dir = copy();
    // Ana sends from alerts@; Ben claiming it as his own address would make Outlook's From
    // checks take that mailbox for Ben's own.
    editShard(dir, BEN, (s) => (s.aliases = ["alerts@tailspin.example"]));
    expect(problems(dir)).toContainEqual([
      expect.stringMatching(/^users\//),
      expect.stringMatching(
        /alerts@tailspin\.example (as the user's own address, which users\/.*lists as a mailbox|as a mailbox to send from, which users\/.* claims as its user's own address)/
      ),
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

describe("validate and the task pane agree on limits, and nothing makes validate abort", () => {
  it("counts a shard's size in UTF-8 bytes, as the pane does, not in characters", () => {
    const dir = copy();
    const file = path.join(dir, anaFile);
    const shard = JSON.parse(fs.readFileSync(file, "utf8"));
    const template = shard.mailboxes[0];
    // 山田 names: three bytes a character, so the shard is under the limit in characters only.
    const name = "山田".repeat(100);
    const entry = JSON.stringify({ ...template, address: "x@tailspin.example", displayName: name });
    const count = Math.ceil(MAX_SHARD_BYTES / Buffer.byteLength(entry)) + 10;
    shard.mailboxes = Array.from({ length: count }, (_, i) => ({
      ...template,
      address: `m${i}@tailspin.example`,
      displayName: name,
    }));
    const text = JSON.stringify(shard);
    fs.writeFileSync(file, text);
    expect(text.length).toBeLessThan(MAX_SHARD_BYTES);
    expect(Buffer.byteLength(text)).toBeGreaterThan(MAX_SHARD_BYTES);
    expect(problems(dir)).toEqual([
      [
        anaFile,
        `${Buffer.byteLength(text)} bytes, over the ${MAX_SHARD_BYTES} bytes the task pane accepts`,
      ],
    ]);
  });

  it("names the file when a value is nested a hundred thousand levels deep, and goes on", () => {
    const dir = copy();
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    fs.writeFileSync(
      path.join(dir, anaFile),
      `{"format":${deep},"version":1,"generatedAt":"2026-11-20T05:30:00Z","user":"${ANA}","mailboxes":[]}`
    );
    const ben = path.join(dir, shardPath(toSmtpAddress(BEN)));
    fs.writeFileSync(
      ben,
      fs
        .readFileSync(ben, "utf8")
        .replace('"mailboxes":', `"aliases":{"deep":${deep}},"mailboxes":`)
    );
    const found = problems(dir);
    expect(found.map(([file]) => file).sort()).toEqual(
      [anaFile, shardPath(toSmtpAddress(BEN))].sort()
    );
  });

  describe("a shard that exists but cannot be used is named for what is wrong with it", () => {
    /** object-ids.json naming Ana and Ben, as the build writes it. */
    function withObjectIds(dir: string): void {
      fs.writeFileSync(
        path.join(dir, OBJECT_IDS_FILE),
        JSON.stringify({
          format: OBJECT_IDS_FORMAT,
          version: 1,
          generatedAt: "2026-11-20T05:30:00Z",
          users: {
            "e0000000-0000-4000-8000-000000000000": ANA,
            "e0000000-0000-4000-8000-000000000001": BEN,
          },
        })
      );
    }

    it.each([
      ["invalid JSON", (text: string) => Buffer.from(text.slice(0, -5)), /^not JSON \(/],
      [
        "UTF-16 (an editor's or Out-File's re-save)",
        (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
        /^is not UTF-8 text: it is UTF-16 \(little-endian byte order mark\)/,
      ],
      [
        "Windows-1252 bytes",
        (text: string) => Buffer.from(text.replace('"user"', '"name":"Büro","user"'), "latin1"),
        /^is not UTF-8 text: byte \d+ is not valid UTF-8/,
      ],
    ])("%s", (_what, bytes, message) => {
      const dir = copy();
      withObjectIds(dir);
      expect(problems(dir)).toEqual([]);
      const file = path.join(dir, anaFile);
      fs.writeFileSync(file, bytes(fs.readFileSync(file, "utf8")));
      const found = problems(dir);
      expect(found).toEqual([
        [anaFile, expect.stringMatching(message)],
        [
          OBJECT_IDS_FILE,
          `names ${ANA}, whose shard ${anaFile} exists but is unusable (its own problem says why)`,
        ],
      ]);
      expect(found.map(([, m]) => m).join("\n")).not.toContain("has no shard");
    });

    it.each([
      ["a one-byte character", "Büro", "latin1"],
      ["the start of a three-byte character cut short", "B\u00e9\u20ac", "cut"],
    ])(
      "names the first byte that is not UTF-8 (%s; rev11y Y8: found without decoding every prefix)",
      (_what, name, how) => {
        const dir = copy();
        withObjectIds(dir);
        const file = path.join(dir, anaFile);
        const text = fs.readFileSync(file, "utf8").replace('"user"', `"name":"${name}","user"`);
        // A long tail after the bad byte: the search is about the prefix, not the file's end.
        const padded = text.replace(/}\s*$/, `,"pad":"${"x".repeat(200_000)}"}`);
        let bytes: Buffer;
        let at: number;
        if (how === "latin1") {
          bytes = Buffer.from(padded, "latin1");
          at = bytes.indexOf(0xfc);
        } else {
          // "€" is E2 82 AC: keep E2 82 and put a quote after it.
          const utf8 = Buffer.from(padded, "utf8");
          at = utf8.indexOf(Buffer.from([0xe2, 0x82, 0xac]));
          bytes = Buffer.concat([utf8.subarray(0, at + 2), utf8.subarray(at + 3)]);
        }
        fs.writeFileSync(file, bytes);
        const found = problems(dir).find(([f]) => f === anaFile);
        expect(found?.[1]).toContain(`byte ${at} is not valid UTF-8`);
      }
    );

    it.each([
      ["a folder", (file: string) => fs.mkdirSync(file), /it is a folder, not a file/],
      [
        "a link to a file that is gone",
        (file: string) => fs.symlinkSync(`${file}.gone`, file),
        /no such file: a link to a file that is gone/,
      ],
    ])("a shard name that is %s", (_what, make, message) => {
      const dir = copy();
      withObjectIds(dir);
      const file = path.join(dir, anaFile);
      fs.rmSync(file);
      make(file);
      expect(problems(dir)).toEqual([
        [anaFile, expect.stringMatching(/^exists but cannot be read \(/)],
        [OBJECT_IDS_FILE, expect.stringContaining("exists but is unusable")],
      ]);
      expect(problems(dir)[0][1]).toMatch(message);
    });
  });
});
