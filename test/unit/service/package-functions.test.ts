// scripts/package-functions.cjs: the Azure Functions app folder an organisation deploys unchanged.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureCompiled } from "../../fixtures/admin/compiled";
import { tempDir } from "../../fixtures/admin/tenant";
import { oid, publish } from "./helpers";

jest.setTimeout(180_000);

const root = path.join(__dirname, "../../..");

test("assembles host.json, package.json, the compiled service and a copy of the directory", async () => {
  // The compiled service, as `npm run build:admin` writes it (compiled here if older than src/).
  ensureCompiled();
  const work = tempDir("send-from-functions-app-");
  const dir = path.join(work, "directory");
  await publish(dir, "2026-11-01T06:00:00Z", [
    { user: "alex@contoso.example", objectId: oid(1), mailboxes: ["support@contoso.example"] },
  ]);
  const out = path.join(work, "app");
  const r = spawnSync(
    process.execPath,
    [path.join(root, "scripts/package-functions.cjs"), out, "--directory", dir],
    {
      encoding: "utf8",
    }
  );
  expect(r.status).toBe(0);
  expect(r.stdout).toContain("func azure functionapp publish");
  const pkg = JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8"));
  const own = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  expect(pkg.main).toBe("lib/service/functions.js");
  expect(fs.existsSync(path.join(out, pkg.main))).toBe(true);
  for (const [name, version] of Object.entries(pkg.dependencies))
    expect(version).toBe(own.dependencies[name]);
  expect(
    JSON.parse(fs.readFileSync(path.join(out, "host.json"), "utf8")).extensions.http.routePrefix
  ).toBe("");
  expect(fs.readdirSync(path.join(out, "directory")).sort()).toEqual([
    "index.json",
    "object-ids.json",
    "users",
  ]);
  // Every module the entry loads is in the folder, or a listed dependency.
  const required = new Set<string>();
  for (const file of walk(path.join(out, "lib")))
    for (const m of fs.readFileSync(file, "utf8").matchAll(/require\("([^".][^"]*)"\)/g))
      required.add(m[1]);
  const external = [...required].filter(
    (m) =>
      !m.startsWith("node:") &&
      !["fs", "path", "http", "https", "crypto", "util", "net", "worker_threads", "os"].includes(m)
  );
  for (const m of external)
    expect(Object.keys(pkg.dependencies)).toContain(
      m.startsWith("@") ? m.split("/").slice(0, 2).join("/") : m.split("/")[0]
    );

  const bad = spawnSync(
    process.execPath,
    [path.join(root, "scripts/package-functions.cjs"), out, "--directory", work],
    {
      encoding: "utf8",
    }
  );
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain("has no object-ids.json");
});

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else if (p.endsWith(".js")) yield p;
  }
}
