// GET B/me as issue 10 defines it, through the one request handler both hosts use, with the real
// token verifier (keys on loopback) and a directory published as send-from-admin build does.
import { toSmtpAddress } from "../../../src/core/address";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { shardFileName } from "../../../src/core/shard-name";
import { ServiceHandler, ServiceRequest } from "../../../src/service/handler";
import { createService } from "../../../src/service/server";
import { resolveSettings } from "../../../src/service/settings";
import { DirectoryStore } from "../../../src/service/store";
import { tempDir } from "../../fixtures/admin/tenant";
import {
  claims,
  DirectoryUser,
  KeyServer,
  oid,
  ORIGIN,
  OTHER_TENANT,
  publish,
  sign,
  SigningKey,
  signingKey,
  TENANT,
  CLIENT,
} from "./helpers";

jest.setTimeout(60_000);

const GENERATED = "2026-11-01T06:00:00Z";
const ALEX: DirectoryUser = {
  user: "alex@contoso.example",
  objectId: oid(1),
  mailboxes: ["support@contoso.example"],
};
const BRITTA: DirectoryUser = {
  user: "britta@contoso.example",
  objectId: oid(2),
  mailboxes: ["ceo@contoso.example", "finance@contoso.example"],
};
// A delegate without an object id (e.g. a mailbox still on premises): in no one's reach.
const CARL: DirectoryUser = {
  user: "carl@contoso.example",
  objectId: "",
  mailboxes: ["hr@contoso.example"],
};
const NOBODY = oid(99); // a user of the tenant with nothing published

let keys: KeyServer;
let key: SigningKey;
let dir: string;
let store: DirectoryStore;
let handle: ServiceHandler;
let tokens: Record<string, string>;

const file = (u: DirectoryUser) =>
  fs.readFileSync(path.join(dir, "users", shardFileName(toSmtpAddress(u.user))));
const get = (url: string, headers: ServiceRequest["headers"] = {}, method = "GET") =>
  handle({ method, url, headers });
const as = (who: string, extra: ServiceRequest["headers"] = {}) => ({
  authorization: `Bearer ${tokens[who]}`,
  ...extra,
});

beforeAll(async () => {
  key = await signingKey("k");
  keys = await new KeyServer().start();
  keys.keys = [key.publicJwk];
  dir = path.join(tempDir("send-from-service-"), "directory");
  await publish(dir, GENERATED, [ALEX, BRITTA, CARL]);
  const settings = resolveSettings(
    { directory: dir, tenantId: TENANT, clientId: CLIENT, origins: [ORIGIN], jwksUrl: keys.url },
    (s) => s
  );
  ({ store, handler: handle } = createService(settings));
  expect(await store.check()).toBe(true);
  tokens = {
    alex: await sign(key, claims(ALEX.objectId)),
    britta: await sign(key, claims(BRITTA.objectId)),
    nobody: await sign(key, claims(NOBODY)),
  };
});

afterAll(async () => {
  await keys.close();
});

test("GET /me answers the caller's own shard, bytes as built, with an ETag and private, no-cache", async () => {
  const r = await get("/me", as("alex"));
  expect(r.status).toBe(200);
  expect(r.body).toEqual(file(ALEX));
  expect(r.headers["Content-Type"]).toBe("application/json; charset=utf-8");
  expect(r.headers["Cache-Control"]).toBe("private, no-cache");
  expect(r.headers.ETag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
  const b = await get("/me", as("britta"));
  expect(b.body).toEqual(file(BRITTA));
  expect(b.headers.ETag).not.toBe(r.headers.ETag);
});

test("the service answers under any base path the admin mounts it at", async () => {
  for (const url of [
    "/me",
    "/api/me",
    "/send-from/me",
    "/a/b/c/me",
    "/me?x=1",
    "/api/me?user=britta@contoso.example",
  ]) {
    const r = await get(url, as("alex"));
    expect([url, r.status]).toEqual([url, 200]);
    expect(r.body).toEqual(file(ALEX));
  }
});

test("If-None-Match with the current ETag gives 304; another ETag gives the shard", async () => {
  const { headers } = await get("/me", as("alex"));
  const etag = headers.ETag;
  for (const inm of [etag, `W/${etag}`, `"x", ${etag}`, "*"]) {
    const r = await get("/me", as("alex", { "if-none-match": inm }));
    expect(r.status).toBe(304);
    expect(r.body).toBeNull();
    expect(r.headers.ETag).toBe(etag);
    expect(r.headers["Cache-Control"]).toBe("private, no-cache");
  }
  const britta = await get("/me", as("britta"));
  const r = await get("/me", as("alex", { "if-none-match": britta.headers.ETag }));
  expect(r.status).toBe(200);
  expect(r.body).toEqual(file(ALEX));
});

test("404 NotPublished when nothing is published for the caller (or they have no object id in the map)", async () => {
  const r = await get("/me", as("nobody"));
  expect(r.status).toBe(404);
  expect(JSON.parse(String(r.body))).toEqual({ error: { code: "NotPublished" } });
  expect(r.headers["Content-Type"]).toBe("application/json; charset=utf-8");
});

test('401 with WWW-Authenticate: Bearer error="invalid_token" without a good token; 403 for another tenant or scope', async () => {
  for (const headers of [
    {},
    { authorization: "Bearer x.y.z" },
    { authorization: `Basic ${tokens.alex}` },
  ]) {
    const r = await get("/me", headers);
    expect(r.status).toBe(401);
    expect(r.headers["WWW-Authenticate"]).toBe('Bearer error="invalid_token"');
    expect(String(r.body)).not.toContain("alex");
  }
  const foreign = await get("/me", {
    authorization: `Bearer ${await sign(key, claims(ALEX.objectId, { tid: OTHER_TENANT }))}`,
  });
  expect(foreign.status).toBe(403);
  expect(String(foreign.body)).not.toContain("alex");
  const noScope = await get("/me", {
    authorization: `Bearer ${await sign(key, claims(ALEX.objectId, { scp: "User.Read" }))}`,
  });
  expect(noScope.status).toBe(403);
  expect(noScope.headers["WWW-Authenticate"]).toContain('error="insufficient_scope"');
});

test("the directory's files are not served: users/<sha256>.json, index.json, object-ids.json", async () => {
  for (const url of [
    `/users/${shardFileName(toSmtpAddress(BRITTA.user))}`,
    `/api/users/${shardFileName(toSmtpAddress(ALEX.user))}`,
    "/index.json",
    "/object-ids.json",
    "/",
    "/me/",
    "/me.json",
    "/mee",
    "/api/me/users",
    "/ME",
    `/${BRITTA.objectId}`,
  ]) {
    const r = await get(url, as("alex"));
    expect([url, r.status]).toEqual([url, 404]);
    expect(JSON.parse(String(r.body))).toEqual({ error: { code: "NotFound" } });
  }
});

test("other methods get 405 with Allow; HEAD answers the headers only", async () => {
  for (const method of ["POST", "PUT", "DELETE", "PATCH", "TRACE"]) {
    const r = await get("/me", as("alex"), method);
    expect(r.status).toBe(405);
    expect(r.headers.Allow).toBe("GET, HEAD, OPTIONS");
  }
  const head = await get("/me", as("alex"), "HEAD");
  expect(head.status).toBe(200);
  expect(head.body).toBeNull();
  expect(head.headers.ETag).toBeDefined();
});

describe("CORS", () => {
  test("only a configured origin is allowed, by exact match, and responses vary by Origin", async () => {
    const ok = await get("/me", as("alex", { origin: ORIGIN }));
    expect(ok.headers["Access-Control-Allow-Origin"]).toBe(ORIGIN);
    expect(ok.headers["Access-Control-Expose-Headers"]).toBe("ETag");
    expect(ok.headers.Vary).toMatch(/\bOrigin\b/);
    for (const origin of [
      "https://evil.example",
      `${ORIGIN}.evil.example`,
      `${ORIGIN}:443`,
      ORIGIN.replace("https", "http"),
      ORIGIN.toUpperCase(),
      `${ORIGIN}/`,
      "null",
      "*",
    ]) {
      const r = await get("/me", as("alex", { origin }));
      expect([origin, r.headers["Access-Control-Allow-Origin"]]).toEqual([origin, undefined]);
      expect(r.headers.Vary).toMatch(/\bOrigin\b/);
    }
    const failed = await get("/me", { origin: ORIGIN });
    expect(failed.status).toBe(401);
    // The add-in can read why it failed.
    expect(failed.headers["Access-Control-Allow-Origin"]).toBe(ORIGIN);
    for (const r of [ok, failed]) expect(Object.values(r.headers)).not.toContain("*");
  });

  test("the preflight allows GET with Authorization for a configured origin only", async () => {
    const preflight = {
      origin: ORIGIN,
      "access-control-request-method": "GET",
      "access-control-request-headers": "authorization",
    };
    const r = await get("/api/me", preflight, "OPTIONS");
    expect(r.status).toBe(204);
    expect(r.headers["Access-Control-Allow-Origin"]).toBe(ORIGIN);
    expect(r.headers["Access-Control-Allow-Methods"]).toContain("GET");
    expect(r.headers["Access-Control-Allow-Headers"].toLowerCase()).toContain("authorization");
    expect(r.headers.Vary).toMatch(/\bOrigin\b/);
    expect(r.body).toBeNull();
    const evil = await get("/api/me", { ...preflight, origin: "https://evil.example" }, "OPTIONS");
    expect(evil.headers["Access-Control-Allow-Origin"]).toBeUndefined();
    expect(evil.headers["Access-Control-Allow-Headers"]).toBeUndefined();
  });
});

test("user A's token never yields user B's shard, however the request is shaped", async () => {
  const brittaBytes = file(BRITTA);
  const brittaEtag = (await get("/me", as("britta"))).headers.ETag;
  const brittaName = shardFileName(toSmtpAddress(BRITTA.user));
  const segment = fc.constantFrom(
    "me",
    "api",
    "users",
    "..",
    "%2e%2e",
    ".",
    "",
    brittaName,
    brittaName.replace(".json", ""),
    BRITTA.objectId,
    BRITTA.user,
    encodeURIComponent(BRITTA.user),
    "%2Fme",
    "me%00",
    "me;user=britta"
  );
  const query = fc.constantFrom(
    "",
    `?oid=${BRITTA.objectId}`,
    `?user=${BRITTA.user}`,
    `?/../users/${brittaName}`,
    `#${BRITTA.objectId}`,
    "?me"
  );
  const extra = fc.dictionary(
    fc.constantFrom(
      "x-ms-client-principal-id",
      "x-ms-client-principal-name",
      "x-user",
      "x-oid",
      "if-none-match",
      "origin",
      "cookie",
      "x-forwarded-for",
      "x-original-url"
    ),
    fc.constantFrom(BRITTA.objectId, BRITTA.user, brittaEtag, "*", ORIGIN, `/users/${brittaName}`)
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(segment, { maxLength: 5 }),
      query,
      extra,
      fc.constantFrom("GET", "HEAD", "OPTIONS", "POST"),
      async (segments, q, headers, method) => {
        const url = `/${segments.join("/")}${q}`;
        const r = await get(url, { ...headers, authorization: `Bearer ${tokens.alex}` }, method);
        if (r.body) {
          expect(r.body.equals(brittaBytes)).toBe(false);
          expect(String(r.body)).not.toContain(BRITTA.user);
        }
        expect(r.headers.ETag === undefined || r.headers.ETag !== brittaEtag).toBe(true);
        if (r.status === 200 && method === "GET") expect(r.body).toEqual(file(ALEX));
      }
    ),
    { numRuns: 400 }
  );
});

test("the shards of users left out of object-ids.json are in no one's reach", async () => {
  const map = JSON.parse(fs.readFileSync(path.join(dir, "object-ids.json"), "utf8"));
  expect(Object.values(map.users)).not.toContain(CARL.user);
  const snapshot = store.current()!;
  for (const shard of snapshot.byObjectId.values())
    expect(String(shard.body)).not.toContain(CARL.user);
});
