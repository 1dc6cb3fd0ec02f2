// The 16 MiB limit of a shard (MAX_SHARD_BYTES) is counted in UTF-8 bytes, as the task pane
// counts them: a delegate whose shard would be over it makes the build fail (the pane would
// refuse the shard and the delegate could send from none of their mailboxes).
import * as fs from "node:fs";
import * as path from "node:path";
import { MAX_SHARD_BYTES } from "../../../src/core/model";
import { shardFileName } from "../../../src/core/shard-name";
import { toSmtpAddress } from "../../../src/core/address";
import { build, DOMAIN, tempDir, Tenant } from "../../fixtures/admin/tenant";

const at = (local: string) => `${local}@${DOMAIN}`;

/** A CJK character outside the BMP: one character, two UTF-16 units, four UTF-8 bytes. */
const WIDE = "\u{20000}";

/**
 * 山田 with Full Access to enough shared mailboxes whose display names are 256 such characters
 * (the pane's longest name, MAX_DISPLAY_NAME) that the shard is over the limit in UTF-8 bytes
 * but under it in characters (and in UTF-16 units, what String.length counts).
 */
function bigTenant(mailboxes: number): Tenant {
  const t = new Tenant();
  t.user("山田 太郎", "yamada");
  for (let i = 0; i < mailboxes; i++) {
    const local = `box${i}`;
    t.shared(`${WIDE.repeat(250)}${String(i).padStart(6, "0")}`, local);
    t.fullAccess(at(local), at("yamada"));
  }
  return t;
}

describe("build: a shard over the pane's size limit", () => {
  // Each mailbox takes about 1,100 bytes of the shard (a 1,024-byte name): 15,500 pass 16 MiB,
  // while in characters (about 700 UTF-16 units each) the shard stays near 11 M, under it.
  const mailboxes = 15_500;
  let dir: string;
  beforeAll(() => {
    dir = bigTenant(mailboxes).write(path.join(tempDir(), "exports"));
  }, 120_000);

  it("fails naming the delegate's shard, its size in UTF-8 bytes and the fix; nothing written", async () => {
    const b = await build(dir);
    expect(b.result.ok).toBe(false);
    const list = b.result.ok ? [] : b.result.problems.list;
    expect(list).toHaveLength(1);
    const [p] = list;
    expect(p.file).toBe(`users/${shardFileName(toSmtpAddress(at("yamada")))}`);
    const bytes = Number(
      /would be ([\d,]+) bytes \(UTF-8\)/.exec(p.message)?.[1].replace(/,/g, "")
    );
    expect(bytes).toBeGreaterThan(MAX_SHARD_BYTES);
    expect(p.message).toContain(
      `over the ${MAX_SHARD_BYTES.toLocaleString("en-US")} bytes the task pane accepts`
    );
    expect(p.message).toContain(
      `could send from none of their ${mailboxes.toLocaleString("en-US")} mailboxes`
    );
    // Building again reproduces it: the fix is in Exchange, not "rebuild" or --allow-unresolved.
    expect(p.fix).toContain("remove the rights this user does not send with, in Exchange");
    expect(p.fix).not.toContain("--allow-unresolved");
    expect(b.result.summary.lost).toEqual([]);
    expect(fs.existsSync(b.out)).toBe(false);
  }, 120_000);

  // rev11d finding 3: published under --allow-unresolved, the pane refused the shard whole while
  // `lost` was empty. It is never published.
  it("fails with allowUnresolved too: a shard the pane refuses is never published", async () => {
    const b = await build(dir, { allowUnresolved: true });
    expect(b.result.ok).toBe(false);
    expect(b.problems).toEqual([expect.stringContaining("--allow-unresolved does not publish it")]);
    expect(fs.existsSync(b.out)).toBe(false);
  }, 120_000);
});
