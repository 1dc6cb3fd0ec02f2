// Protected directory access (issue 10, item 4): the directory client asks the directory service's
// B/me with a token, here against the service's real request handler and token verifier (keys
// on loopback), a directory published as send-from-admin build publishes it.
import * as path from "node:path";
import { SmtpAddress, toSmtpAddress } from "../../../src/core/address";
import { delegateOf } from "../../../src/core/identity";
import { classifyFrom } from "../../../src/core/rights";
import {
  cacheKey,
  DirectoryOptions,
  loadUserShard,
  readCachedFor,
  readCachedShard,
} from "../../../src/directory/client";
import { memoryStorage } from "../../../src/directory/storage";
import { AuthError } from "../../../src/graph/auth/errors";
import { ServiceHandler } from "../../../src/service/handler";
import { createService } from "../../../src/service/server";
import { resolveSettings } from "../../../src/service/settings";
import { afterNextPaint, directoryAuthorization } from "../../../src/taskpane/directory-token";
import { tempDir } from "../../fixtures/admin/tenant";
import {
  claims,
  CLIENT,
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
} from "../service/helpers";

jest.setTimeout(60_000);

const BASE = "https://directory.contoso.example/api/";
const ME = `${BASE}me`;
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
const NOBODY = "nobody@contoso.example";

let keys: KeyServer;
let key: SigningKey;
let handle: ServiceHandler;
const tokens: Record<string, string> = {};
/** Every request the service double saw: URL and Authorization header. */
let seen: { url: string; authorization?: string }[];
/** When set, the host answers this status itself (a proxy in front of the service failing). */
let hostStatus: number | null;

/** fetch, answered by the service's handler (as the Node server and Azure Functions adapt it). */
const serviceFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(String(input));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries((init?.headers as Record<string, string>) ?? {}))
    headers[k.toLowerCase()] = v;
  seen.push({ url: url.href, authorization: headers.authorization });
  if (hostStatus !== null) return new Response("proxy error", { status: hostStatus });
  if (!url.href.startsWith(BASE)) return new Response("not found", { status: 404 });
  const r = await handle({ method: "GET", url: `${url.pathname}${url.search}`, headers });
  return new Response(r.body ? new Uint8Array(r.body) : null, {
    status: r.status,
    headers: r.headers,
  });
}) as typeof fetch;

const bearer = (who: string) => async () => ({ Authorization: `Bearer ${tokens[who]}` });

function options(
  user: string,
  headers: DirectoryOptions["headers"],
  storage = memoryStorage()
): DirectoryOptions {
  return {
    baseUrl: BASE,
    user: toSmtpAddress(user),
    storage,
    fetch: serviceFetch,
    protected: true,
    shardUrl: ME,
    headers,
    notPublishedMaxAgeMs: 0,
  };
}

beforeAll(async () => {
  key = await signingKey("k");
  keys = await new KeyServer().start();
  keys.keys = [key.publicJwk];
  const dir = path.join(tempDir("send-from-protected-"), "directory");
  await publish(dir, "2026-11-01T06:00:00Z", [ALEX, BRITTA]);
  const settings = resolveSettings(
    { directory: dir, tenantId: TENANT, clientId: CLIENT, origins: [ORIGIN], jwksUrl: keys.url },
    (s) => s
  );
  const service = createService(settings);
  handle = service.handler;
  expect(await service.store.check()).toBe(true);
  tokens.alex = await sign(key, claims(ALEX.objectId));
  tokens.britta = await sign(key, claims(BRITTA.objectId));
  tokens.nobody = await sign(key, claims(oid(99)));
  tokens.expired = await sign(
    key,
    claims(ALEX.objectId, { exp: Math.floor(Date.now() / 1000) - 3600 })
  );
  tokens.otherTenant = await sign(key, claims(ALEX.objectId, { tid: OTHER_TENANT }));
});

afterAll(() => keys.close());

beforeEach(() => {
  seen = [];
  hostStatus = null;
});

test("sends the token as a Bearer header to B/me and lists the caller's own mailboxes", async () => {
  const opts = options(ALEX.user, bearer("alex"));
  const state = await loadUserShard(opts);
  expect(state).toMatchObject({
    status: "ready",
    shard: { user: ALEX.user, mailboxes: [{ address: "support@contoso.example" }] },
  });
  expect(seen).toEqual([{ url: ME, authorization: `Bearer ${tokens.alex}` }]);
  // The last good copy is kept, and the next open revalidates it (304) with the same token.
  expect(await readCachedShard(opts)).toMatchObject({ status: "cached" });
  expect(await loadUserShard(opts)).toMatchObject({ status: "ready" });
  expect(seen).toHaveLength(2);
});

test("the service's NotPublished 404 is 'nothing published', without asking for an index", async () => {
  const opts = options(NOBODY, bearer("nobody"));
  expect(await loadUserShard(opts)).toMatchObject({ status: "notPublished" });
  expect(seen.map((r) => r.url)).toEqual([ME]);
  // Remembered for the event handlers, which decide from it with no token.
  expect(await readCachedFor(opts, toSmtpAddress("ceo@contoso.example"))).toMatchObject({
    status: "notPublished",
  });
});

test("a 404 without the service's NotPublished body means the directory URL is wrong", async () => {
  const opts = { ...options(ALEX.user, bearer("alex")), shardUrl: "https://elsewhere.example/me" };
  expect(await loadUserShard(opts)).toEqual({
    status: "failed",
    failure: { kind: "missing", url: BASE },
  });
  expect(seen.map((r) => r.url)).toEqual(["https://elsewhere.example/me"]);
});

test("401 (an expired token) says sign-in is needed, and keeps the last good copy", async () => {
  const storage = memoryStorage();
  expect(await loadUserShard(options(ALEX.user, bearer("alex"), storage))).toMatchObject({
    status: "ready",
  });
  const state = await loadUserShard(options(ALEX.user, bearer("expired"), storage));
  expect(state).toMatchObject({
    status: "stale",
    shard: { mailboxes: [{ address: "support@contoso.example" }] },
    failure: { kind: "signInNeeded" },
  });
  expect(await loadUserShard(options(ALEX.user, bearer("expired")))).toMatchObject({
    status: "failed",
    failure: { kind: "signInNeeded", detail: "HTTP 401" },
  });
});

describe("a refused token (401)", () => {
  /** A token provider whose cache holds `cached` until asked for a fresh one, which is `fresh`. */
  const provider = (cached: string, fresh: string | Error) => {
    const asked: boolean[] = [];
    const headers = async (o?: { fresh?: boolean }) => {
      asked.push(!!o?.fresh);
      if (!o?.fresh) return { Authorization: `Bearer ${tokens[cached]}` };
      if (fresh instanceof Error) throw fresh;
      return { Authorization: `Bearer ${tokens[fresh]}` };
    };
    return { headers, asked };
  };

  test("an expired cached token: one fresh token, one more request, the list", async () => {
    const { headers, asked } = provider("expired", "alex");
    expect(await loadUserShard(options(ALEX.user, headers))).toMatchObject({
      status: "ready",
      shard: { user: ALEX.user, mailboxes: [{ address: "support@contoso.example" }] },
    });
    expect(asked).toEqual([false, true]);
    expect(seen.map((r) => r.authorization)).toEqual([
      `Bearer ${tokens.expired}`,
      `Bearer ${tokens.alex}`,
    ]);
  });

  test("after a refused token, the retry confirms the last good copy", async () => {
    const storage = memoryStorage();
    await loadUserShard(options(ALEX.user, bearer("alex"), storage));
    seen = [];
    const { headers } = provider("expired", "alex");
    expect(await loadUserShard(options(ALEX.user, headers, storage))).toMatchObject({
      status: "ready",
    });
    expect(seen).toHaveLength(2);
  });

  test("refused again: sign-in needed after exactly two requests, never a loop", async () => {
    tokens.expired2 = await sign(
      key,
      claims(ALEX.objectId, { exp: Math.floor(Date.now() / 1000) - 60 })
    );
    const { headers, asked } = provider("expired", "expired2");
    expect(await loadUserShard(options(ALEX.user, headers))).toEqual({
      status: "failed",
      failure: { kind: "signInNeeded", detail: "HTTP 401" },
    });
    expect(asked).toEqual([false, true]);
    expect(seen).toHaveLength(2);
  });

  test("the same token again is not sent again", async () => {
    const asked: boolean[] = [];
    const headers = async (o?: { fresh?: boolean }) => {
      asked.push(!!o?.fresh);
      return { Authorization: `Bearer ${tokens.expired}` };
    };
    expect(await loadUserShard(options(ALEX.user, headers))).toMatchObject({
      status: "failed",
      failure: { kind: "signInNeeded" },
    });
    expect(asked).toEqual([false, true]);
    expect(seen).toHaveLength(1);
  });

  test("no fresh token to be had: sign-in needed, the last good copy kept", async () => {
    const storage = memoryStorage();
    await loadUserShard(options(ALEX.user, bearer("alex"), storage));
    seen = [];
    const { headers } = provider("expired", new Error("interaction required"));
    expect(await loadUserShard(options(ALEX.user, headers, storage))).toMatchObject({
      status: "stale",
      shard: { user: ALEX.user },
      failure: { kind: "signInNeeded" },
    });
    expect(seen).toHaveLength(1);
  });

  test("a 403 (another tenant) is not retried: a fresh token would not change the answer", async () => {
    const { headers, asked } = provider("otherTenant", "alex");
    expect(await loadUserShard(options(ALEX.user, headers))).toMatchObject({
      status: "failed",
      failure: { kind: "notAllowed" },
    });
    expect(asked).toEqual([false]);
    expect(seen).toHaveLength(1);
  });

  test("a public host's 401 is not retried (no token was sent)", async () => {
    hostStatus = 401;
    const asked: boolean[] = [];
    const opts: DirectoryOptions = {
      ...options(ALEX.user, async (o) => (asked.push(!!o?.fresh), {})),
      protected: false,
      shardUrl: undefined,
    };
    expect(await loadUserShard(opts)).toMatchObject({
      status: "failed",
      failure: { kind: "unreachable", detail: "HTTP 401" },
    });
    expect(asked).toEqual([false]);
  });
});

test("no token at all: 'sign-in needed', and nothing is requested without one", async () => {
  const state = await loadUserShard(
    options(ALEX.user, () => Promise.reject(new Error("interaction required")))
  );
  expect(state).toMatchObject({ status: "failed", failure: { kind: "signInNeeded" } });
  expect(seen).toEqual([]);
});

describe("the sign-in refuses the token as another account's (graph/auth wrongAccount)", () => {
  // The pane's wiring (directoryAuthorization) around a sign-in that refused what it got.
  const refusing = (error: AuthError) =>
    directoryAuthorization(async () => ({ getToken: () => Promise.reject(error) }));

  test("another person's token: 'wrong account' naming it, not 'sign-in needed', and nothing is requested", async () => {
    const state = await loadUserShard(
      options(
        ALEX.user,
        refusing(
          new AuthError(
            "wrongAccount",
            "Signed in as megan@contoso.example, not as Outlook's user alex@contoso.example.",
            "wrongAccount",
            "megan@contoso.example"
          )
        )
      )
    );
    expect(state).toMatchObject({
      status: "failed",
      failure: { kind: "wrongAccount", account: "megan@contoso.example" },
    });
    expect(state.status === "failed" && "unconfirmed" in state.failure).toBe(false);
    expect(seen).toEqual([]);
  });

  test("an account not confirmed as Outlook's user (no email claim): 'unconfirmed', the last good copy kept", async () => {
    const storage = memoryStorage();
    await loadUserShard(options(ALEX.user, bearer("alex"), storage));
    seen = [];
    const upn = "AlexW@contoso.onmicrosoft.com";
    const state = await loadUserShard(
      options(
        ALEX.user,
        refusing(new AuthError("wrongAccount", "could not confirm", "accountUnconfirmed", upn)),
        storage
      )
    );
    expect(state).toMatchObject({
      status: "stale",
      shard: { user: ALEX.user },
      failure: { kind: "wrongAccount", account: upn, unconfirmed: true },
    });
    expect(seen).toEqual([]);
  });
});

test("403 (a token from another tenant) says the account is not allowed", async () => {
  expect(await loadUserShard(options(ALEX.user, bearer("otherTenant")))).toEqual({
    status: "failed",
    failure: { kind: "notAllowed", detail: "HTTP 403" },
  });
});

test("5xx or an unreachable service: unreachable, with the last good copy", async () => {
  const storage = memoryStorage();
  await loadUserShard(options(ALEX.user, bearer("alex"), storage));
  hostStatus = 503;
  expect(await loadUserShard(options(ALEX.user, bearer("alex"), storage))).toMatchObject({
    status: "stale",
    failure: { kind: "unreachable", detail: "HTTP 503" },
  });
  const down = { ...options(ALEX.user, bearer("alex"), storage) };
  down.fetch = (() => Promise.reject(new TypeError("Failed to fetch"))) as typeof fetch;
  expect(await loadUserShard(down)).toMatchObject({
    status: "stale",
    failure: { kind: "unreachable" },
  });
});

describe("a shared computer", () => {
  test("one user's last good copy is never another's", async () => {
    const storage = memoryStorage();
    await loadUserShard(options(ALEX.user, bearer("alex"), storage));
    // Britta signs in to Outlook on the same computer (same origin, same storage).
    const britta = options(BRITTA.user, bearer("britta"), storage);
    expect(cacheKey(BASE, toSmtpAddress(BRITTA.user))).not.toBe(
      cacheKey(BASE, toSmtpAddress(ALEX.user))
    );
    expect(await readCachedShard(britta)).toBeNull();
    expect(await readCachedFor(britta, toSmtpAddress("support@contoso.example"))).toBeNull();
    expect(await loadUserShard(britta)).toMatchObject({
      status: "ready",
      shard: { user: BRITTA.user },
    });
    expect(await readCachedShard(britta)).toMatchObject({
      shard: {
        mailboxes: [{ address: "ceo@contoso.example" }, { address: "finance@contoso.example" }],
      },
    });
  });

  test("a token for the previous user (a stale sign-in) never puts their mailboxes in this user's list or cache", async () => {
    const storage = memoryStorage();
    // Outlook now shows Britta, but the sign-in still hands out Alex's token.
    const britta = options(BRITTA.user, bearer("alex"), storage);
    const state = await loadUserShard(britta);
    expect(state).toMatchObject({ status: "failed", failure: { kind: "malformed" } });
    expect(JSON.stringify(state)).not.toContain("support@contoso.example");
    expect(await readCachedShard(britta)).toBeNull();
    expect(await storage.get(cacheKey(BASE, toSmtpAddress(ALEX.user)))).toBeNull();
  });
});

describe("directoryAuthorization (the pane's token header)", () => {
  test("is 'Bearer <token>' and loads the sign-in library once", async () => {
    const load = jest.fn(async () => ({ getToken: async () => "t0k3n" }));
    const headers = directoryAuthorization(load);
    expect(load).not.toHaveBeenCalled(); // nothing loads before the first request
    expect(await headers()).toEqual({ Authorization: "Bearer t0k3n" });
    expect(await headers()).toEqual({ Authorization: "Bearer t0k3n" });
    expect(load).toHaveBeenCalledTimes(1);
  });

  test("asks the sign-in library past its cache (forceRefresh) when told the token was refused", async () => {
    const getToken = jest.fn(async (o?: { forceRefresh?: boolean }) =>
      o?.forceRefresh ? "new" : "old"
    );
    const headers = directoryAuthorization(async () => ({ getToken }));
    expect(await headers()).toEqual({ Authorization: "Bearer old" });
    expect(await headers({ fresh: true })).toEqual({ Authorization: "Bearer new" });
  });

  test("a token that cannot be had rejects, so the client reports sign-in needed", async () => {
    const headers = directoryAuthorization(async () => ({
      getToken: () => Promise.reject(new Error("consent needed")),
    }));
    await expect(headers()).rejects.toThrow("consent needed");
    const state = await loadUserShard(options(ALEX.user, headers));
    expect(state).toMatchObject({ status: "failed", failure: { kind: "signInNeeded" } });
  });
});

describe("afterNextPaint (the sign-in library loads after the cached list is on screen)", () => {
  afterEach(() => {
    jest.useRealTimers();
    delete (globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame;
  });

  test("waits for a frame, then a task", async () => {
    jest.useFakeTimers();
    let frame: (() => void) | undefined;
    (globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame = (f: () => void) =>
      void (frame = f);
    let done = false;
    void afterNextPaint(1000).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(10);
    expect(done).toBe(false);
    frame!();
    await jest.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  test("a hidden pane, where frames never come, goes on after maxMs", async () => {
    jest.useFakeTimers();
    (globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame = () => undefined;
    let done = false;
    void afterNextPaint(50).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(49);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});

describe("the key is Office's UPN, not the person's mail address ('Open another mailbox', owner only)", () => {
  // Alex's UPN differs from his mail address; with only the item's owner as evidence the pane
  // keys the directory by the UPN (core/identity.ts delegateOf). The service picks B/me by the
  // token's oid, so the shard it answers is Alex's.
  const UPN = toSmtpAddress("alexw@contoso.onmicrosoft.com");
  const SHARED = toSmtpAddress("support@contoso.example");

  test("B/me's shard is taken (not wrongUser), kept in the cache under the key, revalidated, and makes Alex the delegate", async () => {
    const storage = memoryStorage();
    const opts = { ...options(UPN, bearer("alex"), storage), keyIsSignInName: true };
    const state = await loadUserShard(opts);
    expect(state).toMatchObject({
      status: "ready",
      shard: { user: ALEX.user, mailboxes: [{ address: SHARED }] },
    });
    // The cached copy (first paint, event handlers) is the same person's, found by the key.
    const cached = await readCachedShard(opts);
    expect(cached).toMatchObject({ status: "cached", shard: { user: ALEX.user } });
    expect(await readCachedFor(opts, SHARED)).toMatchObject({ status: "cached" });
    // The next open revalidates that copy (304) rather than refusing or refetching it.
    expect(await loadUserShard(opts)).toMatchObject({
      status: "ready",
      shard: { user: ALEX.user },
    });
    expect(seen).toHaveLength(2);

    // Fed back as the person's known addresses, the shard makes Alex (his mail address) the
    // delegate and the shared mailbox the one opened; his own address needs no right.
    const shard = (state as { shard: { user: SmtpAddress; aliases?: SmtpAddress[] } }).shard;
    const delegate = delegateOf({
      profile: { address: SHARED, displayName: "Support" },
      signedIn: { upn: UPN, objectId: ALEX.objectId },
      owner: SHARED,
      personAddresses: [shard.user, ...(shard.aliases ?? [])],
    });
    expect(delegate.user.address).toBe(ALEX.user);
    expect(delegate.openedMailbox).toBe(SHARED);
    expect(delegate.addressUnknown).toBeUndefined();
    expect(
      classifyFrom(toSmtpAddress(ALEX.user), UPN, state.status === "ready" ? state.shard : null)
    ).toEqual({
      status: "own",
    });
  });

  test("without the evidence, the UPN stands in for the person and says so (the directory client then takes B/me's shard)", () => {
    const delegate = delegateOf({
      profile: { address: SHARED, displayName: "Support" },
      signedIn: { upn: UPN, objectId: ALEX.objectId },
      owner: SHARED,
    });
    expect(delegate.user.address).toBe(UPN);
    expect(delegate.addressUnknown).toBe(true);
  });

  test("a key that is a mail address keeps the check: a stale token's shard is refused as another person's", async () => {
    const state = await loadUserShard(options(BRITTA.user, bearer("alex")));
    expect(state).toMatchObject({
      status: "failed",
      failure: { kind: "malformed", problem: { code: "wrongUser", found: ALEX.user } },
    });
  });

  test("public mode still refuses a shard that is not the key's (the file was picked by the key's hash)", async () => {
    const shardText = JSON.stringify({
      format: "send-from-directory/user",
      version: 1,
      generatedAt: "2026-11-01T06:00:00Z",
      user: ALEX.user,
      mailboxes: [],
    });
    const state = await loadUserShard({
      baseUrl: BASE,
      user: UPN,
      storage: memoryStorage(),
      shardUrl: `${BASE}users/x.json`,
      fetch: (async () => new Response(shardText, { status: 200 })) as typeof fetch,
    });
    expect(state).toMatchObject({
      status: "failed",
      failure: { kind: "malformed", problem: { code: "wrongUser", found: ALEX.user } },
    });
  });
});
