import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildDirectory } from "../../../src/admin/build";
import { DROP_REASONS, LOST_REASONS } from "../../../src/admin/rules";
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

/**
 * Either the build succeeded with every grant accounted for (granted, or dropped for a reason
 * from the fixed list, and none lost), or it failed and every problem names an input file and
 * a line, with a fix. A damaged file may make rights in the other files unplaceable: those are
 * named in the file that grants them.
 */
function expectOkOrLocated(result: Awaited<ReturnType<typeof buildWith>>, file: string) {
  if (result.ok) {
    const s = result.summary;
    expect(Object.keys(s.dropped).sort()).toEqual([...DROP_REASONS].sort());
    const dropped = DROP_REASONS.reduce((n, r) => n + s.dropped[r], 0);
    expect(s.accounting.granted + dropped).toBe(s.accounting.considered);
    expect(s.lost).toEqual([]);
    for (const r of LOST_REASONS) expect([r, s.dropped[r]]).toEqual([r, 0]);
    return;
  }
  expect(result.problems.list.length).toBeGreaterThan(0);
  for (const p of result.problems.list) {
    expect(FILES).toContain(p.file);
    expect([file, p.file, Number.isInteger(p.line) && (p.line as number) >= 1]).toEqual([
      file,
      p.file,
      true,
    ]);
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

describe("Export-RecipientPermissions books (f11c item 1)", () => {
  const FILE = "Export-RecipientPermissions_Result.csv";
  const HEADER =
    '"Grantor Primary SMTP";"Grantor Display Name";"Grantor Recipient Type";"Grantor Environment";"Folder";"Permission";"Allow/Deny";"Inherited";"InheritanceType";"Trustee Original Identity";"Trustee Primary SMTP";"Trustee Display Name";"Trustee Recipient Type";"Trustee Environment"';
  const q = (...v: string[]) => v.map((x) => `"${x}"`).join(";");
  const grantors = [
    ["buero@contoso.example", "Büro München", "UserMailbox/SharedMailbox", "Cloud", ""],
    ["support@contoso.example", "Support", "UserMailbox/SharedMailbox", "Cloud", ""],
  ];
  const users = [
    ["Chloé Martin", "chloe.martin@contoso.example", "Chloé Martin", "UserMailbox/UserMailbox"],
    ["山田 太郎", "taro.yamada@contoso.example", "山田 太郎", "UserMailbox/UserMailbox"],
    ["Niño Kontakt", "nino@fabrikam.example", "Niño Kontakt", "MailContact/MailContact"],
  ];
  const groups = [
    ["CONTOSO\\SG-Süd", "", "", ""],
    ["Team Süd", "team.sued@contoso.example", "Team Süd", "MailUniversalSecurityGroup"],
  ];
  /** One row: a grant to a user or group, or a group's member row, on either mailbox. */
  const rowOf = fc
    .record({
      grantor: fc.constantFrom(...grantors),
      right: fc.constantFrom("SendAs", "FullAccess", "SendOnBehalf", "ReadPermission"),
      allow: fc.constantFrom("Allow", "Allow", "Deny"),
      group: fc.constantFrom(...groups),
      user: fc.constantFrom(...users),
      shape: fc.constantFrom("user", "group", "member", "unknown member"),
    })
    .map(({ grantor, right, allow, group, user, shape }) => {
      const head = [...grantor, right, allow, "False", "All"];
      if (shape === "user") return q(...head, ...user, "Cloud");
      if (shape === "group") return q(...head, ...group, "Cloud");
      const member = `${group[0]}     [MemberRecurse] ${user[0]}`;
      return shape === "member"
        ? q(...head, member, ...user.slice(1), "Cloud")
        : q(...head, `${group[0]}     [MemberRecurse] S-1-5-21-1-2-3-4444`, "", "", "", "Cloud");
    });

  it("every row read is granted or counted under one reason, whichever grant lists a group's members", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowOf, { minLength: 1, maxLength: 10 }), async (rows) => {
        const dir = path.join(work, `erp-${runs++}`);
        fs.mkdirSync(dir);
        const everyone = users.map((u) =>
          q(...grantors[0], "FullAccess", "Allow", "True", "All", ...u, "Cloud")
        );
        fs.writeFileSync(
          path.join(dir, FILE),
          `\ufeff${[HEADER, ...everyone, ...rows].join("\r\n")}\r\n`
        );
        try {
          const result = await buildDirectory({
            inDir: dir,
            threads: false,
            allowUnresolved: true,
          });
          if (!result.ok) return;
          const s = result.summary;
          const dropped = DROP_REASONS.reduce((n, r) => n + s.dropped[r], 0);
          expect(s.accounting.granted + dropped).toBe(s.accounting.considered);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 150 }
    );
  }, 300_000);
});
