// The built directory as the service holds it: read whole and checked before use, and a newly
// published build swapped in whole, never half (issue 10: "never serves a half-written one").
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { MAX_SHARD_BYTES } from "../../../src/core/model";
import { toSmtpAddress } from "../../../src/core/address";
import { shardFileName } from "../../../src/core/shard-name";
import { DirectoryStore, loadDirectory } from "../../../src/service/store";
import { tempDir } from "../../fixtures/admin/tenant";
import { DirectoryUser, oid, publish, shardText } from "./helpers";

jest.setTimeout(30_000);

const OLD = "2026-11-01T06:00:00Z";
const NEW = "2026-11-02T06:00:00Z";
const ALEX: DirectoryUser = {
  user: "alex@contoso.example",
  objectId: oid(1),
  mailboxes: ["support@contoso.example"],
};
const BRITTA: DirectoryUser = {
  user: "britta@contoso.example",
  objectId: oid(2),
  mailboxes: ["ceo@contoso.example"],
};

let dir: string;
beforeEach(() => {
  dir = path.join(tempDir("send-from-store-"), "directory");
});
afterEach(() => jest.restoreAllMocks());

const shardFile = (u: DirectoryUser) =>
  path.join(dir, "users", shardFileName(toSmtpAddress(u.user)));
const served = (store: DirectoryStore, u: DirectoryUser) =>
  store.current()?.byObjectId.get(u.objectId)?.body.toString();
const problem = async () => {
  const r = await loadDirectory(dir);
  expect(r.ok).toBe(false);
  return r.ok ? "" : r.problem;
};

test("a build is read whole: each mapped user's shard, its bytes unchanged, its ETag their SHA-256", async () => {
  // Addresses beyond ASCII (SMTPUTF8) are named as the build names them.
  const jorg = {
    user: "jörg.åberg@contoso.example",
    objectId: oid(3),
    mailboxes: ["støtte@contoso.example"],
  };
  await publish(dir, OLD, [ALEX, BRITTA, jorg]);
  const r = await loadDirectory(dir);
  if (!r.ok) throw new Error(r.problem);
  expect(r.snapshot.generatedAt).toBe(OLD);
  expect([...r.snapshot.byObjectId.keys()].sort()).toEqual([
    ALEX.objectId,
    BRITTA.objectId,
    jorg.objectId,
  ]);
  expect(r.snapshot.byObjectId.get(jorg.objectId)!.body).toEqual(fs.readFileSync(shardFile(jorg)));
  const bytes = fs.readFileSync(shardFile(ALEX));
  const alex = r.snapshot.byObjectId.get(ALEX.objectId)!;
  expect(alex.body).toEqual(bytes);
  expect(alex.etag).toBe(`"${createHash("sha256").update(bytes).digest("base64url")}"`);
});

test("a directory without object-ids.json (built by an older version) is refused with the fix", async () => {
  await publish(dir, OLD, [ALEX]);
  fs.rmSync(path.join(dir, "object-ids.json"));
  expect(await problem()).toMatch(/object-ids\.json is missing.*send-from-admin build/);
});

test("a directory with files of two builds is refused", async () => {
  await publish(dir, OLD, [ALEX, BRITTA]);
  fs.writeFileSync(shardFile(BRITTA), shardText(NEW, BRITTA));
  expect(await problem()).toMatch(/another build/);
  await publish(dir, OLD, [ALEX, BRITTA]);
  const map = path.join(dir, "object-ids.json");
  fs.writeFileSync(map, fs.readFileSync(map, "utf8").replace(OLD, NEW));
  expect(await problem()).toMatch(/two builds/);
});

test("a shard missing, too large, invalid or of another user than the map says is refused", async () => {
  await publish(dir, OLD, [ALEX, BRITTA]);
  fs.rmSync(shardFile(BRITTA));
  expect(await problem()).toMatch(/ENOENT/);

  await publish(dir, OLD, [ALEX, BRITTA]);
  // Alex's shard copied over Britta's: the map sends Britta's oid to a file that is not hers.
  fs.copyFileSync(shardFile(ALEX), shardFile(BRITTA));
  expect(await problem()).toMatch(
    /is the shard of alex@contoso.example, not of britta@contoso.example/
  );

  await publish(dir, OLD, [ALEX, BRITTA]);
  fs.writeFileSync(shardFile(BRITTA), "{not json");
  expect(await problem()).toMatch(/is not JSON/);

  await publish(dir, OLD, [ALEX, BRITTA]);
  fs.writeFileSync(shardFile(BRITTA), " ".repeat(MAX_SHARD_BYTES + 1));
  expect(await problem()).toMatch(/over/);
});

test("an object-ids.json that names one user twice or has malformed keys is refused", async () => {
  await publish(dir, OLD, [ALEX, BRITTA]);
  const map = path.join(dir, "object-ids.json");
  const good = JSON.parse(fs.readFileSync(map, "utf8"));
  fs.writeFileSync(map, JSON.stringify({ ...good, users: { ...good.users, [oid(3)]: ALEX.user } }));
  expect(await problem()).toMatch(/two object ids/);
  fs.writeFileSync(
    map,
    JSON.stringify({ ...good, users: { "ABCDEF00-0000-4000-8000-000000000001": ALEX.user } })
  );
  expect(await problem()).toMatch(/not a lower-case object id/);
  // JSON.parse keeps "__proto__" as an own key: it is not an object id, so the map is refused.
  fs.writeFileSync(
    map,
    JSON.stringify({ ...good, users: {} }).replace(
      '"users":{}',
      `"users":{"__proto__":"${ALEX.user}"}`
    )
  );
  expect(await problem()).toMatch(/"__proto__" is not a lower-case object id/);
});

test("a build that maps no user is served but logged as an error with the fix", async () => {
  // Every user would get 404 and the add-in would say "nothing published": the admin hears why.
  await publish(dir, OLD, []);
  const log: string[] = [];
  const store = new DirectoryStore(dir, { log: (level, m) => log.push(`${level}: ${m}`) });
  expect(await store.check()).toBe(true);
  expect(log).toEqual([
    "info: loaded the directory of 2026-11-01T06:00:00Z: 0 user(s)",
    expect.stringMatching(/^error: object-ids\.json maps no user .*ExternalDirectoryObjectId/),
  ]);
});

test("a newly published build is swapped in whole; an unchanged one is not read again", async () => {
  await publish(dir, OLD, [ALEX, BRITTA]);
  const log: string[] = [];
  const store = new DirectoryStore(dir, { log: (level, m) => log.push(`${level}: ${m}`) });
  expect(await store.check()).toBe(true);
  expect(served(store, ALEX)).toContain(OLD);
  expect(await store.check()).toBe(false);

  // Britta lost every right; Alex has a new one.
  const alex2 = { ...ALEX, mailboxes: [...ALEX.mailboxes, "sales@contoso.example"] };
  await publish(dir, NEW, [alex2]);
  expect(await store.check()).toBe(true);
  expect(store.current()!.generatedAt).toBe(NEW);
  expect(served(store, ALEX)).toContain("sales@contoso.example");
  expect(served(store, BRITTA)).toBeUndefined();
  expect(log).toEqual([
    "info: loaded the directory of 2026-11-01T06:00:00Z: 2 user(s)",
    "info: reloaded the directory of 2026-11-02T06:00:00Z: 1 user(s)",
  ]);
});

test("a half-copied build is not served: the previous one stays until the copy is complete", async () => {
  await publish(dir, OLD, [ALEX, BRITTA]);
  const store = new DirectoryStore(dir, { pollMs: 1000 });
  await store.check();
  // A new build copied file by file over the old one (not how send-from-admin publishes, but
  // how a careless sync does): index and map first, shards later.
  const next = path.join(tempDir("send-from-store-next-"), "directory");
  await publish(next, NEW, [ALEX, BRITTA]);
  for (const f of ["index.json", "object-ids.json"])
    fs.copyFileSync(path.join(next, f), path.join(dir, f));
  fs.copyFileSync(
    path.join(next, "users", shardFileName(toSmtpAddress(ALEX.user))),
    shardFile(ALEX)
  );
  expect(await store.check()).toBe(false);
  expect(store.current()!.generatedAt).toBe(OLD);
  expect(served(store, ALEX)).toContain(OLD);
  expect(served(store, BRITTA)).toContain(OLD);
  // Checks back off after a refused build...
  expect(await store.check()).toBe(false);
  fs.copyFileSync(
    path.join(next, "users", shardFileName(toSmtpAddress(BRITTA.user))),
    shardFile(BRITTA)
  );
  // ...and read it again once the retry is due.
  const start = Date.now();
  jest.spyOn(Date, "now").mockImplementation(() => start + 60_000);
  expect(await store.check()).toBe(true);
  expect(served(store, BRITTA)).toContain(NEW);
});

test("while the directory is away (between publish's two renames) the last build is served", async () => {
  await publish(dir, OLD, [ALEX]);
  const store = new DirectoryStore(dir);
  await store.check();
  fs.renameSync(dir, `${dir}.away`);
  expect(await store.check()).toBe(false);
  expect(served(store, ALEX)).toContain(OLD);
});

test("start() picks up a new build by itself", async () => {
  await publish(dir, OLD, [ALEX]);
  const store = new DirectoryStore(dir, { pollMs: 20 });
  await store.check();
  store.start();
  try {
    await publish(dir, NEW, [ALEX]);
    while (store.current()!.generatedAt !== NEW) await new Promise((r) => setTimeout(r, 20));
    expect(served(store, ALEX)).toContain(NEW);
  } finally {
    store.stop();
  }
});

test("a build published while the store reads is not swapped in half-read; the next check reads it whole", async () => {
  await publish(dir, OLD, [ALEX, BRITTA]);
  const log: string[] = [];
  const store = new DirectoryStore(dir, { log: (level, m) => log.push(`${level}: ${m}`) });
  await store.check();
  // A new build is renamed into place just as the store starts reading (publishDirectory's swap).
  const next = path.join(path.dirname(dir), "next");
  await publish(next, NEW, [ALEX]);
  fs.writeFileSync(path.join(dir, "index.json"), fs.readFileSync(path.join(dir, "index.json"))); // a change to notice
  const open = fs.promises.open;
  let swapped = false;
  jest.spyOn(fs.promises, "open").mockImplementation(async (...args: Parameters<typeof open>) => {
    if (!swapped) {
      swapped = true;
      fs.renameSync(dir, `${dir}.replaced`);
      fs.renameSync(next, dir);
    }
    return open(...args);
  });
  expect(await store.check()).toBe(false);
  expect(store.current()!.generatedAt).toBe(OLD);
  expect(log).toContain(
    "info: the directory changed while it was read; reading it again at the next check"
  );
  expect(await store.check()).toBe(true);
  expect(store.current()!.generatedAt).toBe(NEW);
  expect(served(store, BRITTA)).toBeUndefined();
});
