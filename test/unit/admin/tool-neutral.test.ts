import * as fs from "node:fs";
import * as path from "node:path";
import { build, DOMAIN, tempDir, Tenant } from "../../fixtures/admin/tenant";

const at = (local: string) => `${local}@${DOMAIN}`;

/** A tenant whose folder has no export-info.csv: nothing proves which tool wrote the files. */
function tenant(): Tenant {
  const t = new Tenant();
  t.exportInfo = null;
  t.user("Jürgen Weiß", "juergen.weiss");
  t.user("Megan Bowen", "megan.bowen");
  t.shared("Customer Support", "support");
  return t;
}

/** Broken inputs, each written as a folder without export-info.csv. */
const broken: [string, (t: Tenant, dir: () => string) => string][] = [
  [
    "a .NET type name in mailboxes.csv",
    (t, dir) => {
      t.set("mailboxes.csv", at("support"), "GrantSendOnBehalfTo", "System.Collections.ArrayList");
      return t.write(dir());
    },
  ],
  [
    "a trustee that names no one",
    (t, dir) => {
      t.sendAs("support", "Someone Gone");
      return t.write(dir());
    },
  ],
  [
    'a "?"-damaged trustee',
    (t, dir) => {
      t.set("mailboxes.csv", at("support"), "GrantSendOnBehalfTo", "J?rgen Wei?");
      return t.write(dir());
    },
  ],
  [
    "an ambiguous ','-joined Send on Behalf list",
    (t, dir) => {
      t.user("Weiß, Jürgen", "wj");
      t.user("Weiß", "w");
      t.user("Jürgen", "j");
      t.set("mailboxes.csv", at("support"), "GrantSendOnBehalfTo", "Weiß, Jürgen");
      return t.write(dir());
    },
  ],
  [
    "a mixed-encoding mailboxes.csv",
    (t, dir) => {
      t.set("mailboxes.csv", at("support"), "GrantSendOnBehalfTo", "Megan Bowen");
      const d = t.write(dir());
      const file = path.join(d, "mailboxes.csv");
      const text = fs.readFileSync(file, "utf8");
      const lines = text.trimEnd().split("\r\n");
      // The last row appended by another program in Windows-1252 ("ß" as one byte).
      const last = Buffer.from(
        lines.pop()!.replace("Customer Support", "Kundenservice Weiß"),
        "latin1"
      );
      fs.writeFileSync(
        file,
        Buffer.concat([Buffer.from(lines.join("\r\n") + "\r\n"), last, Buffer.from("\r\n")])
      );
      return d;
    },
  ],
];

describe("fixes without export-info.csv name no tool", () => {
  it.each(broken)("%s: no problem names Export-SendFromData.ps1", async (_what, make) => {
    const dir = make(tenant(), () => path.join(tempDir(), "exports"));
    const b = await build(dir, {});
    expect(b.result.ok).toBe(false);
    const list = b.result.ok ? [] : b.result.problems.list;
    expect(list.length).toBeGreaterThan(0);
    for (const p of list) {
      expect(`${p.message} ${p.fix}`).not.toMatch(/Export-SendFromData/);
      expect(p.fix).not.toMatch(/as\s+\S+\s+does in/);
    }
  });

  it("a .NET type name's example names the cmdlet that writes that file", async () => {
    const t = tenant();
    t.set("mailboxes.csv", at("support"), "GrantSendOnBehalfTo", "System.Object[]");
    const b = await build(t.write(path.join(tempDir(), "exports")), {});
    const list = b.result.ok ? [] : b.result.problems.list;
    expect(list.map((p) => p.message)).toEqual([expect.stringContaining("Get-Mailbox | Select *")]);
  });

  it("a mixed-encoding fix does not claim to know the tool", async () => {
    const dir = broken[4][1](tenant(), () => path.join(tempDir(), "exports"));
    const b = await build(dir, {});
    const list = b.result.ok ? [] : b.result.problems.list;
    const mixed = list.filter((p) => /mixes encodings/.test(p.message));
    expect(mixed).toHaveLength(1);
    expect(mixed[0].fix).not.toMatch(/PowerShell command|tool that wrote|Excel/);
  });
});

describe("rows rejected for a reported problem", () => {
  it("are not counted again as another diagnosis (not a mailbox)", async () => {
    const t = tenant();
    t.set("mailboxes.csv", at("support"), "GrantSendOnBehalfTo", "System.Collections.ArrayList");
    t.sendAs("support", at("megan.bowen"));
    t.fullAccess(at("support"), at("megan.bowen"));
    const b = await build(t.write(path.join(tempDir(), "exports")), {});
    expect(b.result.ok).toBe(false);
    expect(b.result.summary.dropped.unknownMailbox).toBe(0);
  });
});
