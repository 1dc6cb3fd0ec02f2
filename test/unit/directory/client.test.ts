import {
  cacheKey,
  loadUserShard,
  readCachedShard,
  unreachableState,
} from "../../../src/directory/client";
import { DirectoryStorage, memoryStorage } from "../../../src/directory/storage";
import { shardPath } from "../../../src/core/shard-name";
import { MAX_SHARD_BYTES } from "../../../src/core/model";
import { mailbox, shard, shardText, USER } from "../../fixtures/shards";

const BASE = "https://sendfrom.example.org/directory/";
const SHARD_URL = `${BASE}${shardPath(USER)}`;
const INDEX = JSON.stringify({
  format: "send-from-directory",
  version: 1,
  generatedAt: "2026-11-20T06:00:00Z",
  tenant: "northwind.example",
});
const GOOD = shardText(
  shard([mailbox({ address: "support@northwind.example", displayName: "Customer Support" })])
);
const NEWER = shardText(
  shard([mailbox({ address: "sales@northwind.example", displayName: "Sales" })])
);

type Route = (init: RequestInit | undefined) => Response | Promise<Response>;

/** A directory host: answers per URL, records the requests it saw. */
function host(routes: Record<string, Route>) {
  const seen: { url: string; headers: Record<string, string> }[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    seen.push({ url, headers: { ...(init?.headers as Record<string, string>) } });
    const route = routes[url];
    if (!route) return new Response("not found", { status: 404 });
    return route(init);
  }) as typeof fetch;
  return { fetchFn, seen };
}

const json =
  (text: string, headers: Record<string, string> = {}) =>
  () =>
    new Response(text, {
      status: 200,
      headers: { "content-type": "application/json", ...headers },
    });

let clock = new Date("2026-11-22T10:00:00Z");
const now = () => clock;
const options = (storage: DirectoryStorage, fetchFn: typeof fetch, timeoutMs?: number) => ({
  baseUrl: BASE,
  user: USER,
  storage,
  fetch: fetchFn,
  now,
  timeoutMs,
});

beforeEach(() => {
  clock = new Date("2026-11-22T10:00:00Z");
});

describe("loadUserShard", () => {
  it("loads the user's shard by its hashed name and keeps it as the last good copy", async () => {
    const storage = memoryStorage();
    const { fetchFn, seen } = host({ [SHARD_URL]: json(GOOD, { etag: '"v1"' }) });
    const state = await loadUserShard(options(storage, fetchFn));
    expect(state).toMatchObject({ status: "ready", fetchedAt: "2026-11-22T10:00:00.000Z" });
    expect(seen.map((r) => r.url)).toEqual([SHARD_URL]);
    expect(await readCachedShard(options(storage, fetchFn))).toMatchObject({
      status: "cached",
      shard: { mailboxes: [{ address: "support@northwind.example" }] },
    });
  });

  it("revalidates with If-None-Match and keeps the cached copy on 304", async () => {
    const storage = memoryStorage();
    await loadUserShard(
      options(storage, host({ [SHARD_URL]: json(GOOD, { etag: '"v1"' }) }).fetchFn)
    );
    clock = new Date("2026-11-22T11:00:00Z");
    const { fetchFn, seen } = host({ [SHARD_URL]: () => new Response(null, { status: 304 }) });
    const state = await loadUserShard(options(storage, fetchFn));
    expect(seen[0].headers["If-None-Match"]).toBe('"v1"');
    expect(state).toMatchObject({
      status: "ready",
      fetchedAt: "2026-11-22T11:00:00.000Z",
      shard: { mailboxes: [{ displayName: "Customer Support" }] },
    });
  });

  it("replaces the cached copy when the server has a newer one", async () => {
    const storage = memoryStorage();
    await loadUserShard(
      options(storage, host({ [SHARD_URL]: json(GOOD, { etag: '"v1"' }) }).fetchFn)
    );
    const state = await loadUserShard(
      options(storage, host({ [SHARD_URL]: json(NEWER, { etag: '"v2"' }) }).fetchFn)
    );
    expect(state).toMatchObject({
      status: "ready",
      shard: { mailboxes: [{ address: "sales@northwind.example" }] },
    });
  });

  it("serves the last good copy, with its time, when the directory cannot be reached", async () => {
    const storage = memoryStorage();
    await loadUserShard(options(storage, host({ [SHARD_URL]: json(GOOD) }).fetchFn));
    clock = new Date("2026-11-22T12:00:00Z");
    const down = (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch;
    expect(await loadUserShard(options(storage, down))).toMatchObject({
      status: "stale",
      fetchedAt: "2026-11-22T10:00:00.000Z",
      failure: { kind: "unreachable", detail: "Failed to fetch" },
    });
    const err503 = host({ [SHARD_URL]: () => new Response("busy", { status: 503 }) }).fetchFn;
    expect(await loadUserShard(options(storage, err503))).toMatchObject({
      status: "stale",
      failure: { kind: "unreachable", detail: "HTTP 503", status: 503 },
    });
  });

  it("answers as an unreachable directory when the pane cannot fetch its network code (offline)", async () => {
    // The task pane loads directory/client.ts as a chunk; offline, that chunk fails too, and the
    // pane must show what a failed request shows: the last good copy, else "failed".
    const down = (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch;
    const empty = memoryStorage();
    expect(await unreachableState(options(empty, down), "Failed to fetch")).toEqual(
      await loadUserShard(options(empty, down))
    );
    expect(await unreachableState(options(empty, down), "x")).toMatchObject({ status: "failed" });
    const storage = memoryStorage();
    await loadUserShard(options(storage, host({ [SHARD_URL]: json(GOOD) }).fetchFn));
    const answer = await unreachableState(options(storage, down), "Failed to fetch");
    expect(answer).toEqual(await loadUserShard(options(storage, down)));
    expect(answer).toMatchObject({
      status: "stale",
      failure: { kind: "unreachable", detail: "Failed to fetch" },
    });
  });

  it("gives up after the timeout instead of hanging", async () => {
    const never = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () =>
          reject(Object.assign(new Error("aborted"), { name: "AbortError" }))
        )
      )) as typeof fetch;
    expect(await loadUserShard(options(memoryStorage(), never, 20))).toEqual({
      status: "failed",
      failure: { kind: "unreachable", detail: "timed out" },
    });
  });

  it("keeps the last good copy when the server sends a malformed shard", async () => {
    const storage = memoryStorage();
    await loadUserShard(options(storage, host({ [SHARD_URL]: json(GOOD) }).fetchFn));
    const state = await loadUserShard(
      options(storage, host({ [SHARD_URL]: json("<html>oops</html>") }).fetchFn)
    );
    expect(state).toMatchObject({
      status: "stale",
      failure: { kind: "malformed", problem: { code: "notJson" } },
    });
    // and the bad copy did not replace the good one
    expect(await readCachedShard(options(storage, fetch))).toMatchObject({
      shard: { mailboxes: [{ address: "support@northwind.example" }] },
    });
  });

  it("refuses a shard of another major version", async () => {
    const v2 = JSON.stringify({ ...JSON.parse(GOOD), version: 2 });
    expect(
      await loadUserShard(options(memoryStorage(), host({ [SHARD_URL]: json(v2) }).fetchFn))
    ).toMatchObject({
      status: "failed",
      failure: { kind: "malformed", problem: { code: "unsupportedVersion", found: "2" } },
    });
  });

  it("refuses a body over the limit without a Content-Length, cutting the download short", async () => {
    let pulled = 0;
    const endless = () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            pulled++;
            controller.enqueue(new Uint8Array(1024 * 1024).fill(32));
          },
        }),
        { status: 200 }
      );
    const state = await loadUserShard(
      options(memoryStorage(), host({ [SHARD_URL]: endless }).fetchFn)
    );
    expect(state).toMatchObject({
      status: "failed",
      failure: { kind: "malformed", problem: { code: "tooLarge" } },
    });
    expect(pulled).toBeLessThanOrEqual(MAX_SHARD_BYTES / (1024 * 1024) + 2);
  });

  it("says nothing is published for a 404 when the directory itself exists, and forgets the old copy", async () => {
    const storage = memoryStorage();
    await loadUserShard(options(storage, host({ [SHARD_URL]: json(GOOD) }).fetchFn));
    const state = await loadUserShard(
      options(storage, host({ [`${BASE}index.json`]: json(INDEX) }).fetchFn)
    );
    expect(state).toEqual({ status: "notPublished", fetchedAt: "2026-11-22T10:00:00.000Z" });
    // The old shard is gone: what is remembered now is the 404 itself.
    expect(await readCachedShard(options(storage, fetch))).toEqual(state);
  });

  it("says the directory is missing when even index.json is 404 (a wrong URL, not 'no rights')", async () => {
    expect(await loadUserShard(options(memoryStorage(), host({}).fetchFn))).toEqual({
      status: "failed",
      failure: { kind: "missing", url: BASE },
    });
  });

  it("still works when storage throws (quota, private mode)", async () => {
    const broken: DirectoryStorage = {
      get: async () => {
        throw new Error("SecurityError");
      },
      set: async () => {
        throw new Error("QuotaExceededError");
      },
      remove: async () => {
        throw new Error("SecurityError");
      },
    };
    expect(
      await loadUserShard(options(broken, host({ [SHARD_URL]: json(GOOD) }).fetchFn))
    ).toMatchObject({ status: "ready" });
  });

  it("ignores a tampered cache entry", async () => {
    const storage = memoryStorage({
      [cacheKey(BASE, USER)]: JSON.stringify({ text: "{bad", fetchedAt: "x" }),
    });
    expect(await readCachedShard(options(storage, fetch))).toBeNull();
  });
});
