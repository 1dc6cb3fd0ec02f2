// Issue 11, fourteenth review (rev11n), the LOW findings left after g12g: finding 13 (an export
// file that is a named pipe made `build` wait forever without a word). Fictional tenant: Jürgen
// Weiß, Chloé Martin, a shared mailbox "Vertrieb Büro".
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DOMAIN, rightsOf, Tenant } from "../../fixtures/admin/tenant";
import { buildExports, writeExports } from "../../fixtures/admin/cli";

const at = (local: string) => `${local}@${DOMAIN}`;

function tenant(): Tenant {
  const t = new Tenant();
  t.user("Jürgen Weiß", "juergen");
  t.user("Chloé Martin", "chloe");
  t.shared("Vertrieb Büro", "vertrieb");
  t.fullAccess(at("vertrieb"), at("chloe"));
  return t;
}

describe("finding 13: an export file that is a pipe, a device or a socket is named, never opened", () => {
  // No writer ever opens the pipe: the build would wait forever on it (the test's timeout would
  // fail it), where it must stop at once naming the file.
  it.each(["mailbox-permissions.csv", "recipients.csv", "export-info.csv", "Groups.CSV"])(
    "%s as a named pipe (FIFO): exit 1 naming it, nothing published",
    async (name) => {
      const dir = writeExports(tenant());
      fs.rmSync(path.join(dir, name), { force: true });
      execFileSync("mkfifo", [path.join(dir, name)]);
      const r = await buildExports(dir);
      expect(r.code).toBe(1);
      expect(r.written).toBe(false);
      expect(r.stderr).toContain(`${name}: is a named pipe (FIFO), not a regular file`);
    }
  );

  it("a link to /dev/zero as groups.csv is named as a link to a device", async () => {
    const dir = writeExports(tenant());
    fs.rmSync(path.join(dir, "groups.csv"));
    fs.symlinkSync("/dev/zero", path.join(dir, "groups.csv"));
    const r = await buildExports(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'groups.csv: is a link to "/dev/zero", a device, not a regular file'
    );
  });

  it("a pipe under a name the build never reads (notes.txt) is passed over: the build succeeds", async () => {
    const dir = writeExports(tenant());
    execFileSync("mkfifo", [path.join(dir, "notes.txt")]);
    const r = await buildExports(dir);
    expect(r.code).toBe(0);
    expect(rightsOf(r.shard(at("chloe")))).toEqual({ [at("vertrieb")]: ["FullAccess"] });
  });
});
