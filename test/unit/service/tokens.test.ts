// Every token case of issue 10: the verifier of GET B/me against a tenant key set served on
// loopback, with tokens shaped like Entra v2.0 access tokens
// (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
import { exportSPKI, SignJWT } from "jose";
import {
  createTokenVerifier,
  MAX_AUTHORIZATION_LENGTH,
  TokenVerifier,
} from "../../../src/service/tokens";
import {
  b64url,
  claims,
  CLIENT,
  KeyServer,
  oid,
  ORIGIN,
  OTHER_TENANT,
  settingsFor,
  sign,
  SigningKey,
  signingKey,
  TENANT,
} from "./helpers";

jest.setTimeout(30_000);

const ALEX = oid(1);
const INVALID = { ok: false, status: 401, code: "InvalidToken" };
let keys: KeyServer;
let k1: SigningKey;
let verify: TokenVerifier;
const now = () => Math.floor(Date.now() / 1000);
const bearer = (token: string) => `Bearer ${token}`;

beforeAll(async () => {
  k1 = await signingKey("key-1");
});

beforeEach(async () => {
  keys = await new KeyServer().start();
  keys.keys = [k1.publicJwk];
  verify = createTokenVerifier(settingsFor(keys));
});

afterEach(async () => {
  jest.restoreAllMocks();
  await keys.close();
});

test("a valid token gives the caller's object id, in lower case", async () => {
  expect(await verify(bearer(await sign(k1, claims(ALEX))))).toEqual({ ok: true, objectId: ALEX });
  const upper = await sign(k1, claims(ALEX.toUpperCase()));
  expect(await verify(`bearer  ${upper}`)).toEqual({ ok: true, objectId: ALEX });
});

test("the audience may be the client id or its Application ID URI, nothing else", async () => {
  const host = new URL(ORIGIN).host;
  for (const aud of [CLIENT, `api://${CLIENT}`, `api://${host}/${CLIENT}`, [CLIENT, "other"]]) {
    expect(await verify(bearer(await sign(k1, claims(ALEX, { aud }))))).toMatchObject({ ok: true });
  }
  for (const aud of [
    "00000003-0000-0000-c000-000000000000", // Microsoft Graph
    `api://evil.example/${CLIENT}`,
    `api://${CLIENT}/extra`,
    CLIENT.toUpperCase() + "x",
    "",
  ]) {
    expect(await verify(bearer(await sign(k1, claims(ALEX, { aud }))))).toEqual(INVALID);
  }
  const noAud = claims(ALEX);
  delete noAud.aud;
  expect(await verify(bearer(await sign(k1, noAud)))).toEqual(INVALID);
});

test("expired and not-yet-valid tokens are refused, with 60 seconds of clock skew", async () => {
  const at = now();
  expect(await verify(bearer(await sign(k1, claims(ALEX, { exp: at - 120 }))))).toEqual(INVALID);
  expect(await verify(bearer(await sign(k1, claims(ALEX, { nbf: at + 600 }))))).toEqual(INVALID);
  expect(await verify(bearer(await sign(k1, claims(ALEX, { exp: at - 30 }))))).toMatchObject({
    ok: true,
  });
  expect(await verify(bearer(await sign(k1, claims(ALEX, { nbf: at + 30 }))))).toMatchObject({
    ok: true,
  });
  const noExp = claims(ALEX);
  delete noExp.exp;
  expect(await verify(bearer(await sign(k1, noExp)))).toEqual(INVALID);
});

test("a token from another issuer is invalid; a v1.0 token's issuer too", async () => {
  for (const iss of [
    `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`,
    `https://sts.windows.net/${TENANT}/`,
    `https://login.microsoftonline.com/${TENANT}/v2.0/`,
    "https://evil.example",
  ]) {
    expect(await verify(bearer(await sign(k1, claims(ALEX, { iss }))))).toEqual(INVALID);
  }
});

test("a token of another tenant is forbidden (403), whatever its issuer says", async () => {
  const wrong = { ok: false, status: 403, code: "WrongTenant" };
  expect(await verify(bearer(await sign(k1, claims(ALEX, { tid: OTHER_TENANT }))))).toEqual(wrong);
  const foreign = claims(ALEX, {
    tid: OTHER_TENANT,
    iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`,
  });
  expect(await verify(bearer(await sign(k1, foreign)))).toEqual(wrong);
  const noTid = claims(ALEX);
  delete noTid.tid;
  expect(await verify(bearer(await sign(k1, noTid)))).toEqual(INVALID);
});

test("a token without the access_as_user scope is forbidden (403)", async () => {
  const missing = { ok: false, status: 403, code: "MissingScope" };
  for (const scp of ["User.Read", "access_as_user_x", "Access_As_User", "", undefined]) {
    expect(await verify(bearer(await sign(k1, claims(ALEX, { scp }))))).toEqual(missing);
  }
  // An app-only token carries roles, not scp.
  expect(
    await verify(
      bearer(await sign(k1, claims(ALEX, { scp: undefined, roles: ["access_as_user"] })))
    )
  ).toEqual(missing);
  expect(
    await verify(bearer(await sign(k1, claims(ALEX, { scp: "User.Read access_as_user" }))))
  ).toMatchObject({ ok: true });
});

test("a token without an object id gives no shard", async () => {
  expect(await verify(bearer(await sign(k1, claims("not-a-guid"))))).toEqual(INVALID);
  const none = claims(ALEX);
  delete none.oid;
  expect(await verify(bearer(await sign(k1, none)))).toEqual(INVALID);
});

test("alg none is refused, with or without a signature part", async () => {
  const header = b64url({ alg: "none", typ: "JWT", kid: k1.kid });
  const payload = b64url(claims(ALEX));
  expect(await verify(bearer(`${header}.${payload}.`))).toEqual(INVALID);
  expect(await verify(bearer(`${header}.${payload}.AAAA`))).toEqual(INVALID);
});

test("HS256 'signed' with the tenant's public key is refused", async () => {
  const { importJWK } = await import("jose");
  const publicKey = await importJWK(k1.publicJwk, "RS256");
  const pem = await exportSPKI(publicKey as CryptoKey);
  for (const secret of [pem, JSON.stringify(k1.publicJwk), k1.publicJwk.n as string]) {
    const token = await new SignJWT(claims(ALEX))
      .setProtectedHeader({ alg: "HS256", kid: k1.kid })
      .sign(new TextEncoder().encode(secret));
    expect(await verify(bearer(token))).toEqual(INVALID);
  }
});

test("a token signed by a key not in the tenant's set is refused", async () => {
  const stranger = await signingKey("key-1"); // same kid, other key
  expect(await verify(bearer(await sign(stranger, claims(ALEX))))).toEqual(INVALID);
  const tampered = (await sign(k1, claims(ALEX))).split(".");
  tampered[1] = b64url(claims(oid(2)));
  expect(await verify(bearer(tampered.join(".")))).toEqual(INVALID);
});

test("the key set is fetched once and reused, refreshed once on an unknown key id (rotation)", async () => {
  for (let i = 0; i < 5; i++)
    expect(await verify(bearer(await sign(k1, claims(ALEX))))).toMatchObject({ ok: true });
  expect(keys.fetches).toBe(1);

  // Entra publishes a new key and starts signing with it.
  const k2 = await signingKey("key-2");
  keys.keys = [k1.publicJwk, k2.publicJwk];
  // Past the cooldown after the first fetch (jose refetches at most once per 30 s).
  const start = Date.now();
  jest.spyOn(Date, "now").mockImplementation(() => start + 31_000);
  const rotated = await sign(k2, claims(ALEX));
  expect(await verify(bearer(rotated))).toMatchObject({ ok: true });
  expect(keys.fetches).toBe(2);
  for (let i = 0; i < 5; i++) expect(await verify(bearer(rotated))).toMatchObject({ ok: true });
  expect(keys.fetches).toBe(2);

  // Tokens naming keys nobody published: refused, and they do not make the service fetch each time.
  const ghost = await signingKey("ghost");
  for (let i = 0; i < 10; i++)
    expect(await verify(bearer(await sign(ghost, claims(ALEX))))).toEqual(INVALID);
  expect(keys.fetches).toBe(2);
});

test("when the keys cannot be fetched the answer is 503, not 'invalid token'", async () => {
  keys.failWith = 500;
  expect(await verify(bearer(await sign(k1, claims(ALEX))))).toEqual({
    ok: false,
    status: 503,
    code: "KeysUnavailable",
  });
});

test("while the key endpoint fails, unknown key ids do not make a fetch each, known keys still work, and the failure is logged once", async () => {
  const lines: string[] = [];
  const logged = createTokenVerifier(settingsFor(keys), (level, message) =>
    lines.push(`${level}: ${message}`)
  );
  const token = bearer(await sign(k1, claims(ALEX)));
  expect(await logged(token)).toMatchObject({ ok: true });
  expect(keys.fetches).toBe(1);

  keys.failWith = 500;
  const start = Date.now();
  jest.spyOn(Date, "now").mockImplementation(() => start + 31_000);
  // Anyone can send a token naming a key id the service does not have.
  for (let i = 0; i < 10; i++) {
    const ghost = await signingKey(`ghost-${i}`);
    expect(await logged(bearer(await sign(ghost, claims(ALEX))))).toEqual({
      ok: false,
      status: 503,
      code: "KeysUnavailable",
    });
  }
  expect(keys.fetches).toBe(2);
  expect(lines).toEqual([
    expect.stringMatching(/^error: the signing keys could not be fetched from /),
  ]);
  expect(lines.join("")).not.toContain(token.slice(7, 40));
  // A token signed by a key already known is still checked and accepted.
  expect(await logged(bearer(await sign(k1, claims(ALEX))))).toMatchObject({ ok: true });
});

test("malformed Authorization headers are invalid, before any key is fetched", async () => {
  const token = await sign(k1, claims(ALEX));
  for (const header of [
    undefined,
    "",
    "Bearer",
    "Bearer ",
    token,
    `Basic ${token}`,
    `Bearer ${token} extra`,
    `Bearer ${token}.more`,
    `Bearer ${token.split(".").slice(0, 2).join(".")}`,
    `Bearer ${token.replace(/\./g, "..")}`,
    `Bearer\t${token}`,
    `Bearer ${token},Bearer ${token}`,
    [bearer(token), bearer(token)],
    `Bearer !!!.???.***`,
    `Bearer ${"a".repeat(50)}.${"b".repeat(50)}.${"c".repeat(50)}`,
  ]) {
    expect(await verify(header)).toEqual(INVALID);
  }
  expect(keys.fetches).toBe(0);
});

test("an oversized Authorization header is refused unread", async () => {
  const valid = await sign(k1, claims(ALEX, { pad: "x".repeat(MAX_AUTHORIZATION_LENGTH) }));
  expect(await verify(bearer(valid))).toEqual(INVALID);
  expect(await verify(`Bearer ${"a".repeat(1024 * 1024)}.b.c`)).toEqual(INVALID);
  expect(keys.fetches).toBe(0);
});

test("an accepted token is remembered only until it expires", async () => {
  const at = now();
  const token = bearer(await sign(k1, claims(ALEX, { exp: at + 120 })));
  expect(await verify(token)).toMatchObject({ ok: true });
  expect(await verify(token)).toMatchObject({ ok: true });
  const start = Date.now();
  // 120 s of life plus 60 s of skew, then a little more.
  jest.useFakeTimers({
    now: start + 200_000,
    doNotFake: [
      "nextTick",
      "setImmediate",
      "setTimeout",
      "clearTimeout",
      "setInterval",
      "clearInterval",
      "queueMicrotask",
    ],
  });
  try {
    expect(await verify(token)).toEqual(INVALID);
  } finally {
    jest.useRealTimers();
  }
  // A rejected token is never remembered as accepted: the same text stays refused.
  const other = bearer(await sign(k1, claims(ALEX, { tid: OTHER_TENANT })));
  expect(await verify(other)).toMatchObject({ status: 403 });
  expect(await verify(other)).toMatchObject({ status: 403 });
});
