// The directory cache in chunks (cache format 4, issue 14 item 4): what the task pane writes
// when localStorage fills up part-way, how a format-3 copy is carried over, what a 304 rewrites,
// and that the event handlers' narrowed read (readCachedFor) always agrees with the pane.
import { isDeepStrictEqual } from "node:util";
import { shardPath } from "../../../src/core/shard-name";
import type { SmtpAddress } from "../../../src/core/address";
import type { UserShard } from "../../../src/core/model";
import {
  CACHE_CHUNK,
  cacheEntries,
  cacheValue,
  DirectoryOptions,
  DirectoryState,
  loadUserShard,
  notPublishedCacheValue,
  readCachedFor,
  readCachedShard,
} from "../../../src/directory/client";
import { DirectoryStorage, memoryStorage } from "../../../src/directory/storage";
import { mailbox, shard, shardText, USER } from "../../fixtures/shards";
import { cacheKey, chunkNumbers, quotaStore, recording } from "./cache-storage";

const BASE = "https://sendfrom.example.org/directory/";
const SHARD_URL = `${BASE}${shardPath(USER)}`;
const HEAD = cacheKey(BASE, USER);
const INDEX = JSON.stringify({
  format: "send-from-directory",
  version: 1,
  generatedAt: "2026-11-20T06:00:00Z",
  tenant: "northwind.example",
});

/** A shard of `n` mailboxes named `<prefix>-<i>` with non-ASCII display names and mixed rights. */
function listOf(n: number, prefix = "mailbox"): UserShard {
  return shard(
    Array.from({ length: n }, (_, i) =>
      mailbox({
        address: `${prefix}-${i}@northwind.example`,
        displayName: i % 9 === 0 ? `${prefix}-${i}@northwind.example` : `Zoë Ångström ${i} 販売`,
        kind: (["user", "shared", "room", "equipment", "microsoft365Group"] as const)[i % 5],
        rights: i % 3 ? ["SendAs", "SendOnBehalf"] : ["FullAccess"],
        sentItemsCopy: { sendAs: i % 2 === 0, sendOnBehalf: i % 5 === 0 },
        ...(i % 7 === 0 ? { noReply: true } : {}),
      })
    ),
    { aliases: ["alex@northwind.example" as SmtpAddress] }
  );
}

/** A directory host: the shard URL answers `answer(request headers)`, index.json the index. */
function host(answer: (headers: Record<string, string>) => Response) {
  const seen: Record<string, string>[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url === `${BASE}index.json`) return new Response(INDEX);
    if (url !== SHARD_URL) return new Response("not found", { status: 404 });
    const headers = { ...(init?.headers as Record<string, string>) };
    seen.push(headers);
    return answer(headers);
  }) as typeof fetch;
  return { fetchFn, seen };
}

const serve = (s: UserShard, etag = '"v2"') =>
  host(() => new Response(shardText(s), { headers: { etag } }));

/** The pane's options (a pause between slices) on `storage`. */
function pane(
  storage: DirectoryStorage,
  fetchFn: typeof fetch,
  at = "2026-11-30T10:00:00Z",
  pause: () => Promise<void> = async () => undefined
): DirectoryOptions {
  return { baseUrl: BASE, user: USER, storage, fetch: fetchFn, now: () => new Date(at), pause };
}

/** The handlers' options: no pause, no network needed for a read. */
const handlers = (storage: DirectoryStorage): DirectoryOptions => ({
  baseUrl: BASE,
  user: USER,
  storage,
});

/** What the handlers decide from for `address`: the head and only that mailbox. */
function narrowed(state: DirectoryState & { shard: UserShard }, address: string) {
  return {
    ...state,
    status: "cached",
    shard: {
      ...state.shard,
      mailboxes: state.shard.mailboxes.filter((m) => m.address === address),
    },
  };
}

/** The addresses a test looks up: both ends and both sides of every chunk border, and one unlisted. */
function probes(s: UserShard): string[] {
  const at = new Set<number>([0, s.mailboxes.length - 1]);
  for (let k = CACHE_CHUNK; k < s.mailboxes.length; k += CACHE_CHUNK)
    [k - 1, k].forEach((i) => at.add(i));
  return [
    ...[...at].filter((i) => i >= 0 && i < s.mailboxes.length).map((i) => s.mailboxes[i].address),
    "nobody@northwind.example",
  ];
}

/**
 * The stored copy is either whole (pane and handlers read `expected` back) or absent (both read
 * nothing, and no chunk key is left to fill the origin's storage). Never a head over missing or
 * mixed-up chunks read as a shard.
 */
async function wholeOrNone(
  storage: DirectoryStorage,
  keys: () => Iterable<string>,
  expected: UserShard[],
  settled = true
) {
  const cached = await readCachedShard(handlers(storage));
  if (cached === null) {
    // Once the write has ended, "none" means nothing at all is left in storage.
    if (settled) {
      expect(await storage.get(HEAD)).toBeNull();
      expect(chunkNumbers(keys(), BASE, USER)).toEqual([]);
    }
    for (const e of expected)
      for (const a of probes(e))
        expect(await readCachedFor(handlers(storage), a as SmtpAddress)).toBeNull();
    return "none" as const;
  }
  expect(cached.status).toBe("cached");
  if (cached.status !== "cached") return "none" as const;
  const which = expected.findIndex((s) => isDeepStrictEqual(s, cached.shard));
  expect(which).toBeGreaterThanOrEqual(0);
  const c = Math.ceil(cached.shard.mailboxes.length / CACHE_CHUNK);
  if (settled)
    expect(chunkNumbers(keys(), BASE, USER)).toEqual(Array.from({ length: c }, (_, k) => k));
  for (const a of probes(cached.shard))
    expect(await readCachedFor(handlers(storage), a as SmtpAddress)).toEqual(narrowed(cached, a));
  return which;
}

describe("localStorage runs out of room part-way through writing the chunks", () => {
  const fresh = listOf(9_000); // 5 chunks
  const writes = Math.ceil(fresh.mailboxes.length / CACHE_CHUNK) + 1; // chunks, then the head

  // Every set that can fail, from the first chunk to the head, over each kind of older copy.
  const olds: [string, (store: ReturnType<typeof quotaStore>) => Promise<UserShard | null>][] = [
    ["nothing stored", async () => null],
    [
      "a shorter chunked copy",
      async ({ items }) => {
        const old = listOf(2_500, "old");
        for (const [k, v] of Object.entries(
          cacheEntries(BASE, old, "2026-11-29T10:00:00Z", '"v1"')
        ))
          items.set(k, v);
        return old;
      },
    ],
    [
      "a longer chunked copy",
      async ({ items }) => {
        const old = listOf(13_000, "old");
        for (const [k, v] of Object.entries(
          cacheEntries(BASE, old, "2026-11-29T10:00:00Z", '"v1"')
        ))
          items.set(k, v);
        return old;
      },
    ],
    [
      "a format-3 copy",
      async ({ items }) => {
        const old = listOf(3_000, "old");
        items.set(HEAD, cacheValue(old, "2026-11-29T10:00:00Z", '"v1"'));
        return old;
      },
    ],
  ];

  describe.each(olds)("over %s", (_, seedOld) => {
    it.each(Array.from({ length: writes + 1 }, (_, i) => i))(
      "%i sets succeed: the pane shows the whole new shard, storage holds a whole copy or none",
      async (setsLeft) => {
        const q = quotaStore(Infinity, Infinity);
        await seedOld(q);
        const quota = quotaStore(Infinity, setsLeft);
        for (const [k, v] of q.items) quota.items.set(k, v);
        const state = await loadUserShard(pane(quota.storage, serve(fresh).fetchFn));

        // What the user sees does not depend on storage.
        expect(state.status).toBe("ready");
        if (state.status === "ready") expect(state.shard.mailboxes).toHaveLength(9_000);

        const copy = await wholeOrNone(quota.storage, () => quota.items.keys(), [
          state.status === "ready" ? state.shard : fresh,
        ]);
        // Every write succeeded: the new copy is there. One failed: nothing, never a mix.
        expect(copy).toBe(setsLeft >= writes ? 0 : "none");
      },
      30_000
    );
  });

  it("a byte quota that holds the old copy but not the new one leaves no chunk behind", async () => {
    const old = listOf(2_500, "old");
    const entries = cacheEntries(BASE, old, "2026-11-29T10:00:00Z", '"v1"');
    const oldSize = Object.entries(entries).reduce((n, [k, v]) => n + k.length + v.length, 0);
    const quota = quotaStore(oldSize * 2);
    for (const [k, v] of Object.entries(entries)) quota.items.set(k, v);
    const bigger = listOf(12_000);
    const state = await loadUserShard(pane(quota.storage, serve(bigger).fetchFn));
    expect(state).toMatchObject({ status: "ready" });
    expect(await wholeOrNone(quota.storage, () => quota.items.keys(), [bigger])).toBe("none");
    expect(quota.used()).toBe(0);

    // The next opening has no copy to revalidate: it fetches the shard whole, without If-None-Match.
    const again = serve(listOf(2_000));
    expect(await loadUserShard(pane(quota.storage, again.fetchFn))).toMatchObject({
      status: "ready",
    });
    expect(again.seen[0]["If-None-Match"]).toBeUndefined();
    expect(await wholeOrNone(quota.storage, () => quota.items.keys(), [listOf(2_000)])).toBe(0);
  }, 30_000);

  it("a format-3 copy that fills the quota is removed first, so its chunked successor fits", async () => {
    const old = listOf(6_000, "old");
    const oldValue = cacheValue(old, "2026-11-29T10:00:00Z", '"v1"');
    const quota = quotaStore(HEAD.length + oldValue.length + 40_000);
    quota.items.set(HEAD, oldValue);
    const next = listOf(6_000, "next");
    const state = await loadUserShard(pane(quota.storage, serve(next).fetchFn));
    expect(state).toMatchObject({ status: "ready" });
    expect(await wholeOrNone(quota.storage, () => quota.items.keys(), [next])).toBe(0);
  }, 30_000);

  it("a reader at any moment of the write sees the old copy whole, the new one whole, or none", async () => {
    const old = listOf(7_000, "old");
    const quota = quotaStore();
    for (const [k, v] of Object.entries(cacheEntries(BASE, old, "2026-11-29T10:00:00Z", '"v1"')))
      quota.items.set(k, v);
    const next = listOf(9_000, "next");
    const seen: string[] = [];
    // The pane's pause runs before each slice it parses and each chunk it writes: a reader
    // (the handlers, another pane) looks at storage there.
    const look = async () =>
      void seen.push(String(await wholeOrNone(quota.storage, () => [], [old, next], false)));
    const state = await loadUserShard(pane(quota.storage, serve(next).fetchFn, undefined, look));
    expect(state).toMatchObject({ status: "ready" });
    await look();
    expect(seen[0]).toBe("0"); // the old copy, before the write began
    expect(seen).toContain("none"); // chunks half overwritten: refused, not mixed
    expect(seen[seen.length - 1]).toBe("1"); // the new copy once its head is written
    expect(await wholeOrNone(quota.storage, () => quota.items.keys(), [next])).toBe(0);
  }, 60_000);
});

describe("migration from format 3", () => {
  const list = listOf(4_500);

  it("a format-3 copy is read by the pane and the handlers alike", async () => {
    const storage = memoryStorage({ [HEAD]: cacheValue(list, "2026-11-29T10:00:00Z", '"v1"') });
    const cached = await readCachedShard(pane(storage, serve(list).fetchFn));
    expect(cached).toMatchObject({ status: "cached", fetchedAt: "2026-11-29T10:00:00Z" });
    if (cached?.status !== "cached") return;
    expect(cached.shard.mailboxes).toEqual(list.mailboxes);
    for (const a of probes(list))
      expect(await readCachedFor(handlers(storage), a as SmtpAddress)).toEqual(narrowed(cached, a));
  });

  it.each([
    ["200 (a changed shard)", 200],
    ["304 (unchanged)", 304],
  ])("the next write after a %s stores format 4 and drops the single value", async (_, status) => {
    const quota = quotaStore();
    quota.items.set(HEAD, cacheValue(list, "2026-11-29T10:00:00Z", '"v1"'));
    const changed = listOf(4_500, "changed");
    const h = host(() =>
      status === 304
        ? new Response(null, { status: 304 })
        : new Response(shardText(changed), { headers: { etag: '"v2"' } })
    );
    const state = await loadUserShard(pane(quota.storage, h.fetchFn));
    expect(h.seen[0]["If-None-Match"]).toBe('"v1"');
    expect(state).toMatchObject({ status: "ready", fetchedAt: "2026-11-30T10:00:00.000Z" });
    const head = quota.items.get(HEAD)!;
    expect(head.startsWith('{"v":4,')).toBe(true);
    expect(head).not.toContain('"m":'); // the mailboxes left the head for the chunks
    expect(JSON.parse(head)).toMatchObject({
      etag: status === 304 ? '"v1"' : '"v2"',
      n: 4_500,
      c: 3,
    });
    const expected = status === 304 ? list : changed;
    expect(await wholeOrNone(quota.storage, () => quota.items.keys(), [expected])).toBe(0);
  });

  it("a format-3 'nothing published' is read, and a 404 over a chunked copy removes its chunks", async () => {
    const storage3 = memoryStorage({
      [HEAD]: notPublishedCacheValue(USER, "2026-11-30T09:58:00Z"),
    });
    expect(await readCachedFor(handlers(storage3), "x@northwind.example" as SmtpAddress)).toEqual({
      status: "notPublished",
      fetchedAt: "2026-11-30T09:58:00Z",
    });

    const quota = quotaStore();
    for (const [k, v] of Object.entries(cacheEntries(BASE, list, "2026-11-29T10:00:00Z", '"v1"')))
      quota.items.set(k, v);
    const gone = host(() => new Response("not found", { status: 404 }));
    expect(await loadUserShard(pane(quota.storage, gone.fetchFn))).toMatchObject({
      status: "notPublished",
    });
    expect([...quota.items.keys()]).toEqual([HEAD]);
    expect(JSON.parse(quota.items.get(HEAD)!)).toMatchObject({ v: 4, notPublished: true });
    for (const read of [readCachedShard, (o: DirectoryOptions) => readCachedFor(o, USER)])
      expect(await read(handlers(quota.storage))).toEqual({
        status: "notPublished",
        fetchedAt: "2026-11-30T10:00:00.000Z",
      });
  });
});

describe("a 304 Not Modified", () => {
  it.each([
    ["the pane (with a pause)", true],
    ["the handlers (no pause)", false],
  ])("rewrites only the head for %s; the chunks stay and read back equal", async (_, withPause) => {
    const list = listOf(4_500);
    const quota = quotaStore();
    const first = await loadUserShard(pane(quota.storage, serve(list, '"v1"').fetchFn));
    expect(first.status).toBe("ready");
    if (first.status !== "ready") return;
    const chunksBefore = [...quota.items].filter(([k]) => k !== HEAD);
    expect(chunksBefore).toHaveLength(3);
    const headBefore = JSON.parse(quota.items.get(HEAD)!) as Record<string, unknown>;

    const rec = recording(quota.storage);
    const h = host(() => new Response(null, { status: 304 }));
    const opts = pane(rec.storage, h.fetchFn, "2026-12-01T08:00:00Z");
    if (!withPause) delete opts.pause;
    const second = await loadUserShard(opts);

    expect(h.seen[0]["If-None-Match"]).toBe('"v1"');
    expect(second).toMatchObject({ status: "ready", fetchedAt: "2026-12-01T08:00:00.000Z" });
    expect(rec.log).toEqual([`set ${HEAD}`]);
    expect([...quota.items].filter(([k]) => k !== HEAD)).toEqual(chunksBefore);
    expect(JSON.parse(quota.items.get(HEAD)!)).toEqual({
      ...headBefore,
      fetchedAt: "2026-12-01T08:00:00.000Z",
      etag: '"v1"',
    });
    const cached = await readCachedShard(handlers(quota.storage));
    expect(cached).toEqual({ ...first, status: "cached", fetchedAt: "2026-12-01T08:00:00.000Z" });
  });

  it("after another writer replaced the chunks meanwhile, the whole copy is written again", async () => {
    const list = listOf(4_500);
    const quota = quotaStore();
    // The pane read generation A for its If-None-Match; by the 304, a handler wrote generation B.
    for (const [k, v] of Object.entries(cacheEntries(BASE, list, "2026-11-29T10:00:00Z", '"v1"')))
      quota.items.set(k, v);
    const h = host(() => {
      for (const [k, v] of Object.entries(cacheEntries(BASE, list, "2026-11-30T09:00:00Z", '"v1"')))
        quota.items.set(k, v);
      return new Response(null, { status: 304 });
    });
    const state = await loadUserShard(pane(quota.storage, h.fetchFn));
    expect(state).toMatchObject({ status: "ready" });
    expect(await wholeOrNone(quota.storage, () => quota.items.keys(), [list])).toBe(0);
  });
});
