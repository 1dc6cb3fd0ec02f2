import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildDirectory } from "../../../src/admin/build";
import { tempDir } from "../../fixtures/admin/tenant";

const fixture = path.join(__dirname, "../../fixtures/admin/small/exports");
const FILES = [
  "recipients.csv",
  "mailboxes.csv",
  "groups.csv",
  "group-members.csv",
  "recipient-permissions.csv",
  "mailbox-permissions.csv",
  "export-info.csv",
] as const;

const work = tempDir();
let runs = 0;

/** Builds the small tenant with one file replaced; returns what the admin would see. */
async function buildWith(file: string, bytes: Uint8Array) {
  const dir = path.join(work, `run-${runs++}`);
  fs.cpSync(fixture, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), bytes);
  try {
    return await buildDirectory({ inDir: dir, threads: false });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function expectOkOrLocated(result: Awaited<ReturnType<typeof buildWith>>, file: string) {
  if (result.ok) return;
  expect(result.problems.list.length).toBeGreaterThan(0);
  for (const p of result.problems.list) {
    expect(FILES).toContain(p.file);
    expect(p.file).toBe(file);
    expect(Number.isInteger(p.line) && (p.line as number) >= 1).toBe(true);
    expect(p.fix).not.toBe("");
  }
}

/** CSV-ish text: the characters that matter to a CSV parser, and some that matter to us. */
const csvChar = fc.constantFrom(
  ",",
  ";",
  '"',
  "\r",
  "\n",
  "\r\n",
  " ",
  "True",
  "False",
  "a",
  "@",
  "S-1-5-10",
  "SendAs",
  "FullAccess",
  "System.Object[]",
  "\ufeff",
  "é",
  "\u0000"
);

describe("build on arbitrary input", () => {
  it("never crashes on arbitrary bytes in any file: it builds, or names the file and the line", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FILES),
        fc.uint8Array({ maxLength: 400 }),
        async (file, bytes) => {
          expectOkOrLocated(await buildWith(file, bytes), file);
        }
      ),
      { numRuns: 120 }
    );
  }, 300_000);

  it("never crashes when a real export is damaged: it builds, or names the file and the line", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FILES),
        fc.nat(),
        fc.nat(),
        fc.array(csvChar, { maxLength: 12 }),
        async (file, at, cut, inserted) => {
          const original = fs.readFileSync(path.join(fixture, file), "utf8");
          const start = at % (original.length + 1);
          const end = Math.min(original.length, start + (cut % 20));
          const damaged = original.slice(0, start) + inserted.join("") + original.slice(end);
          expectOkOrLocated(await buildWith(file, Buffer.from(damaged, "utf8")), file);
        }
      ),
      { numRuns: 150 }
    );
  }, 300_000);
});
