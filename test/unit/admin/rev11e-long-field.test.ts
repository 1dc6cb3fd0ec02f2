// Issue 11, fifth review (rev11e 6): a row longer than the build reads (4 MB) is told apart by
// its quotes: a well-formed quoted field that is only too long is reported with its size and the
// limit, a quote that never closes as such, never the one guessed for the other.
import * as fs from "node:fs";
import * as path from "node:path";
import { build, DOMAIN, tempDir, Tenant } from "../../fixtures/admin/tenant";

const at = (local: string) => `${local}@${DOMAIN}`;

function exportsWith(row: string): string {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.shared("Büro München", "buero");
  // group-members.csv rows name a group: a mailbox there is refused (rev11i finding 1).
  t.group("Vertrieb Köln", "vertrieb", "MailUniversalSecurityGroup");
  t.member(at("vertrieb"), at("juergen"));
  const dir = t.write(path.join(tempDir(), "exports"));
  fs.appendFileSync(path.join(dir, "group-members.csv"), row);
  return dir;
}

/** 5 MB of name: one more than the 4 MB (4,194,304 characters) a row may hold. */
const LONG = "Grüße aus München, ".repeat(276_000);

describe("a row longer than the build reads", () => {
  it("a well-formed quoted field: its size and the limit, not 'a quote that is never closed'", async () => {
    const dir = exportsWith(
      `"${at("vertrieb")}","${LONG}"\r\n"${at("vertrieb")}","${at("juergen")}"\r\n`
    );
    const b = await build(dir);
    expect(b.result.ok).toBe(false);
    const list = b.result.ok ? [] : b.result.problems.list;
    expect(list).toHaveLength(1);
    expect(list[0].file).toBe("group-members.csv");
    expect(list[0].message).toBe(
      `a quoted field holds ${LONG.length.toLocaleString("en-US")} characters, more than the 4,194,304 characters a row may hold: its quotes are well formed, but no value an export writes is that long`
    );
    expect(list[0].message).not.toContain("never closed");
    expect(list[0].fix).toContain("far under 4 MB");
  });

  it("a quote that is never closed: said so, with the quoting fix", async () => {
    const dir = exportsWith(
      `"${at("vertrieb")}","${LONG}\r\n"${at("vertrieb")}","${at("juergen")}"\r\n`
    );
    const b = await build(dir);
    const list = b.result.ok ? [] : b.result.problems.list;
    expect(list).toHaveLength(1);
    expect(list[0].message).toMatch(
      /^a quoted field( \(the row starting on line \d+\))? is never closed: it runs on for more than 4,194,304 characters/
    );
    expect(list[0].fix).toContain('the quote inside it is written as two quotes ("")');
  });
});
