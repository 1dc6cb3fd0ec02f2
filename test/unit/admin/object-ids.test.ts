// Issue 10 item 3: `send-from-admin build` writes object-ids.json, what the directory service needs
// to find a caller's shard from the oid of their token, and says whom it had to leave out and why.
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../../src/admin/cli";
import { OBJECT_IDS_FILE, parseObjectIdMap } from "../../../src/core/object-ids";
import { DOMAIN, Tenant, tempDir } from "../../fixtures/admin/tenant";

jest.setTimeout(60_000);

const ALEX_OID = "5E3C1A7B-2F4D-4C8E-9B1A-0D2E3F4A5B61"; // exports may carry upper case
const SHARED_OID = "8a7b6c5d-4e3f-4a2b-9c1d-0e1f2a3b4c52";

function tenant(): Tenant {
  const t = new Tenant();
  const support = t.shared("Support", "support");
  const delegates = [
    t.user("Alex Wilber", "alex", { objectId: ALEX_OID }),
    t.user("Britta (on premises)", "britta", { objectId: "" }),
    t.user("Carl", "carl", { objectId: "not-a-guid" }),
    t.user("Dana", "dana", { objectId: SHARED_OID }),
    t.user("Erik", "erik", { objectId: SHARED_OID }),
  ];
  t.user("Fiona, no rights", "fiona");
  for (const d of delegates) t.sendAs(support, d);
  return t;
}

async function build(t: Tenant) {
  const exportsDir = t.write(path.join(tempDir(), "exports"));
  const out = path.join(path.dirname(exportsDir), "directory");
  const report = path.join(path.dirname(exportsDir), "report.json");
  let stderr = "";
  const code = await main(["build", "--in", exportsDir, "--out", out, "--report", report], {
    stdout: { write: () => true },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, out, stderr, report: JSON.parse(fs.readFileSync(report, "utf8")) };
}

test("object-ids.json maps each delegate's object id (lower case) to their address", async () => {
  const r = await build(tenant());
  expect(r.code).toBe(0);
  const map = parseObjectIdMap(fs.readFileSync(path.join(r.out, OBJECT_IDS_FILE), "utf8"));
  if (!map.ok) throw new Error(map.detail);
  expect(map.value.users).toEqual({ [ALEX_OID.toLowerCase()]: `alex@${DOMAIN}` });
  expect(map.value.generatedAt).toBe(
    JSON.parse(fs.readFileSync(path.join(r.out, "index.json"), "utf8")).generatedAt
  );
  // Shards stay as they were: format version 1, one per delegate, the left-out ones included.
  expect(fs.readdirSync(path.join(r.out, "users"))).toHaveLength(5);
});

test("the build says who was left out of object-ids.json and why, on stderr and in --report", async () => {
  const r = await build(tenant());
  expect(r.stderr).toMatch(
    /directory service: 1 delegate\(s\) mapped to their Entra object id; 4 left out, the service cannot give them their shard \(no ExternalDirectoryObjectId 1, ExternalDirectoryObjectId is not a GUID 1, ExternalDirectoryObjectId shared with another delegate 2\)/
  );
  expect(r.stderr).toContain(`e.g. britta@${DOMAIN} (no ExternalDirectoryObjectId)`);
  expect(r.report.objectIds).toEqual({
    mapped: 1,
    leftOut: { noObjectId: 1, notAnObjectId: 1, sharedObjectId: 2 },
    leftOutUsers: [
      { user: `britta@${DOMAIN}`, reason: "noObjectId" },
      { user: `carl@${DOMAIN}`, reason: "notAnObjectId" },
      { user: `dana@${DOMAIN}`, reason: "sharedObjectId" },
      { user: `erik@${DOMAIN}`, reason: "sharedObjectId" },
    ],
  });
});

test("validate accepts object-ids.json and catches one that does not fit the shards", async () => {
  const r = await build(tenant());
  const run = async () => {
    let stderr = "";
    const code = await main(["validate", "--directory", r.out, "--quiet"], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
    });
    return { code, stderr };
  };
  expect((await run()).code).toBe(0);
  const file = path.join(r.out, OBJECT_IDS_FILE);
  const map = JSON.parse(fs.readFileSync(file, "utf8"));
  map.users["00000000-0000-4000-8000-00000000abcd"] = "ghost@contoso.example";
  fs.writeFileSync(file, JSON.stringify(map));
  const bad = await run();
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain("object-ids.json: names ghost@contoso.example, who has no shard");
});

test("a rebuild into the same folder replaces object-ids.json with the rest", async () => {
  const t = tenant();
  const first = await build(t);
  const exportsDir = path.join(path.dirname(first.out), "exports");
  t.rows["recipients.csv"].find((row) => row.Alias === "britta")!.ExternalDirectoryObjectId =
    "0f0f0f0f-0000-4000-8000-000000000002";
  t.write(exportsDir);
  const code = await main(["build", "--in", exportsDir, "--out", first.out, "--quiet"], {
    stdout: { write: () => true },
    stderr: { write: () => true },
  });
  expect(code).toBe(0);
  const map = JSON.parse(fs.readFileSync(path.join(first.out, OBJECT_IDS_FILE), "utf8"));
  expect(map.users["0f0f0f0f-0000-4000-8000-000000000002"]).toBe(`britta@${DOMAIN}`);
});
