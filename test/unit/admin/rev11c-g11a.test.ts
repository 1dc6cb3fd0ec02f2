// Issue 11, review rev11c findings 3, 5, 9 (rest), 10, 11, 19: what an admin sees.
import * as fs from "node:fs";
import * as path from "node:path";
import * as iconv from "iconv-lite";
import { COLUMNS, DOMAIN, rightsOf, Tenant, toCsv } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe");
  t.shared("Büro München", "buero");
  return t;
}

describe("finding 3: a Send on Behalf list joined with ',' of more than 200 values", () => {
  it.each([
    ["','", ","],
    ["', '", ", "],
  ])(
    "joined with %s: every piece that names a recipient is granted, each other piece is lost on its own",
    async (_what, sep) => {
      const t = tenant();
      const names: string[] = [];
      for (let i = 0; i < 240; i++) {
        t.user(`Nutzer ${i}`, `u${i}`);
        names.push(`Nutzer ${i}`);
      }
      names.push("Weiß, Jürgen"); // a display name that holds "," itself
      t.user("Weiß, Jürgen", "wj");
      // Unnamed pieces apart from each other (adjacent ones stay one piece: "Ghost, User").
      names.splice(10, 0, "Ghost One");
      names.splice(200, 0, "Ghost Two");
      t.set("mailboxes.csv", at("buero"), "GrantSendOnBehalfTo", names.join(sep));
      const dir = writeExports(t);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('"Ghost One" names no recipient');
      expect(r.stderr).toContain('"Ghost Two" names no recipient');
      expect(r.stderr).not.toContain('"Nutzer 0,');
      const allowed = await buildExports(dir, "--allow-unresolved");
      expect(allowed.code).toBe(0);
      expect(allowed.report.lost).toHaveLength(2);
      for (const who of ["u0", "u117", "u239", "wj"])
        expect(rightsOf(allowed.shard(at(who)))).toEqual({ [at("buero")]: ["SendOnBehalf"] });
    },
    60_000
  );
});
