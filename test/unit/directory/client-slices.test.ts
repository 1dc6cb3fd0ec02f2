// The directory client with a pause (the task pane's way, issue 14): a large shard is parsed,
// cached and read back in slices, and every answer, the cache text the event handlers read
// included, is the one the client gives without a pause.
import { shardPath } from "../../../src/core/shard-name";
import {
  cacheKey,
  cacheValue,
  cacheChunkKey,
  cacheEntries,
  DirectoryOptions,
  DirectoryState,
  loadUserShard,
  notPublishedCacheValue,
  readCachedFor,
  readCachedShard,
} from "../../../src/directory/client";
import { memoryStorage } from "../../../src/directory/storage";
import type { SmtpAddress } from "../../../src/core/address";
import { mailbox, shard, shardText, USER } from "../../fixtures/shards";

const BASE = "https://sendfrom.example.org/directory/";
const SHARD_URL = `${BASE}${shardPath(USER)}`;
const INDEX = JSON.stringify({
  format: "send-from-directory",
  version: 1,
  generatedAt: "2026-11-20T06:00:00Z",
  tenant: "northwind.example",
});
const KINDS = ["user", "shared", "room", "equipment", "microsoft365Group"] as const;

const big = shard(
  Array.from({ length: 50_000 }, (_, i) =>
    mailbox({
      address: `mailbox-${i}@northwind.example`,
      displayName: i % 11 === 0 ? `mailbox-${i}@northwind.example` : `Mailbox ${i} Zoë`,
      kind: KINDS[i % KINDS.length],
      rights: i % 3 ? ["SendAs", "SendOnBehalf"] : ["FullAccess"],
      sentItemsCopy: { sendAs: i % 2 === 0, sendOnBehalf: i % 5 === 0 },
      ...(i % 7 === 0 ? { noReply: true } : {}),
      ...(i % 13 === 0 ? { hiddenFromAddressLists: true } : {}),
    })
  ),
  { aliases: ["alex@northwind.example" as SmtpAddress] }
);
const BIG = shardText(big);

function counting() {
  const pause = async () => {
    pause.calls++;
  };
  pause.calls = 0;
  return pause;
}

/** A directory host answering the shard URL with `answer`, and the index. */
function host(answer: (headers: Record<string, string>) => Response) {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url === `${BASE}index.json`) return new Response(INDEX);
    if (url === SHARD_URL) return answer({ ...(init?.headers as Record<string, string>) });
    return new Response("not found", { status: 404 });
  }) as typeof fetch;
}

const now = () => new Date("2026-11-30T10:00:00Z");

/** The same load with and without a pause, each on its own storage seeded with `seed`. */
async function both(answer: (headers: Record<string, string>) => Response, seed?: string) {
  const run = async (pause?: () => Promise<void>) => {
    const storage = memoryStorage(seed ? { [cacheKey(BASE, USER)]: seed } : {});
    const opts: DirectoryOptions = {
      baseUrl: BASE,
      user: USER,
      storage,
      fetch: host(answer),
      now,
      pause,
    };
    const state = await loadUserShard(opts);
    return { state, stored: await storage.get(cacheKey(BASE, USER)), opts };
  };
  const pause = counting();
  return { sliced: await run(pause), whole: await run(), pauses: pause.calls };
}

describe("a 50,000-mailbox shard with a pause", () => {
  it("loads to the same shard and stores the very text the event handlers read, in slices", async () => {
    const { sliced, whole, pauses } = await both(
      () => new Response(BIG, { headers: { etag: '"v1"' } })
    );
    expect(sliced.state.status).toBe("ready");
    expect(sliced.state).toEqual(whole.state);
    // Stored in chunks (format 4), and read back the same with or without a pause.
    expect(sliced.stored?.startsWith('{"v":4,')).toBe(true);
    expect(await readCachedShard(sliced.opts)).toEqual(await readCachedShard(whole.opts));
    expect(pauses).toBeGreaterThan(100);

    // The handlers' reader finds a mailbox deep in the list, rights and all.
    const decided = await readCachedFor(
      sliced.opts,
      "mailbox-49999@northwind.example" as SmtpAddress
    );
    expect(decided).toMatchObject({
      status: "cached",
      shard: {
        aliases: ["alex@northwind.example"],
        mailboxes: [
          {
            address: "mailbox-49999@northwind.example",
            rights: ["SendAs", "SendOnBehalf"],
            sentItemsCopy: { sendAs: false, sendOnBehalf: false },
          },
        ],
      },
    });
  }, 120_000);

  it("reads its cache copy back to the shard it stored, the same as without a pause", async () => {
    const stored = cacheValue(big, "2026-11-30T09:00:00.000Z", '"v1"', []);
    const storage = memoryStorage({ [cacheKey(BASE, USER)]: stored });
    const pause = counting();
    const sliced = await readCachedShard({ baseUrl: BASE, user: USER, storage, pause });
    const whole = await readCachedShard({ baseUrl: BASE, user: USER, storage });
    expect(sliced).toEqual(whole);
    expect(sliced).toMatchObject({ status: "cached", fetchedAt: "2026-11-30T09:00:00.000Z" });
    if (sliced?.status === "cached") expect(sliced.shard.mailboxes).toEqual(big.mailboxes);
    expect(pause.calls).toBeGreaterThan(20);
  }, 120_000);

  it("reads a chunked copy back whole; a chunk missing, of another write or damaged is refused", async () => {
    const at = "2026-11-30T09:00:00.000Z";
    const entries = cacheEntries(BASE, big, at, '"v1"', []);
    const read = (seed: Record<string, string>) =>
      readCachedShard({
        baseUrl: BASE,
        user: USER,
        storage: memoryStorage(seed),
        pause: counting(),
      });
    const whole = await read(entries);
    expect(whole).toMatchObject({ status: "cached", fetchedAt: at });
    if (whole?.status === "cached") expect(whole.shard).toEqual(big);
    const chunk3 = cacheChunkKey(BASE, USER, 3);
    const other = cacheEntries(BASE, big, at, '"v1"', [])[chunk3];
    const missing = { ...entries };
    delete missing[chunk3];
    for (const seed of [
      missing,
      { ...entries, [chunk3]: other },
      { ...entries, [chunk3]: entries[chunk3].slice(0, -50) },
      { ...entries, [chunk3]: entries[chunk3].replace('["mailbox-6001@', '["mailbox 6001@') },
    ])
      expect(await read(seed)).toBeNull();
  }, 120_000);

  it("a 304 hands back the very shard already on screen, decoded once for both reads", async () => {
    const stored = cacheValue(big, "2026-11-30T09:00:00.000Z", '"v1"', []);
    const storage = memoryStorage({ [cacheKey(BASE, USER)]: stored });
    const pause = counting();
    const opts: DirectoryOptions = {
      baseUrl: BASE,
      user: USER,
      storage,
      fetch: host((h) =>
        h["If-None-Match"] === '"v1"'
          ? new Response(null, { status: 304 })
          : new Response(BIG, { headers: { etag: '"v1"' } })
      ),
      now,
      pause,
    };
    // As the pane does: the cached copy for the first paint and the request, at once.
    const [cached, fresh] = await Promise.all([readCachedShard(opts), loadUserShard(opts)]);
    expect(cached?.status).toBe("cached");
    expect(fresh.status).toBe("ready");
    if (cached?.status === "cached" && fresh.status === "ready")
      expect(fresh.shard).toBe(cached.shard);
    // The refreshed copy still reads as before, with the new time.
    expect(await readCachedShard({ baseUrl: BASE, user: USER, storage })).toMatchObject({
      status: "cached",
      fetchedAt: "2026-11-30T10:00:00.000Z",
      shard: { mailboxes: { length: 50_000 } },
    });
  }, 120_000);
});

describe("trouble with a pause: the same answers as without", () => {
  const goodCopy = cacheValue(big, "2026-11-30T09:00:00.000Z", '"v1"', []);
  const broken: [string, string][] = [
    ["a kind no reader knows", BIG.replace('"kind":"room"', '"kind":"team"')],
    ["JSON cut off", BIG.slice(0, 5_000_000)],
    ["another user's shard", BIG.replace(`"user":"${USER}"`, '"user":"someone@northwind.example"')],
    ["a newer major version", BIG.replace('"version":1', '"version":2')],
  ];
  it.each(broken)(
    "%s: malformed, and the last good copy is kept",
    async (_, text) => {
      const { sliced, whole } = await both(() => new Response(text), goodCopy);
      expect(sliced.state).toMatchObject({ status: "stale", failure: { kind: "malformed" } });
      expect(sliced.state).toEqual(whole.state);
      expect(sliced.stored).toBe(goodCopy);
    },
    120_000
  );

  it.each(broken)(
    "%s: malformed, with nothing cached",
    async (_, text) => {
      const { sliced, whole } = await both(() => new Response(text));
      expect(sliced.state).toMatchObject({ status: "failed", failure: { kind: "malformed" } });
      expect(sliced.state).toEqual(whole.state);
    },
    120_000
  );

  const badCopies: [string, string][] = [
    ["not JSON", goodCopy.slice(0, -100)],
    ["another user's copy", goodCopy.replace(`"user":"${USER}"`, '"user":"x@y.example"')],
    ["an older cache version", goodCopy.replace('"v":3', '"v":2')],
    ["a mailbox that is not a list", goodCopy.replace("],[", "],7,[")],
    ["the mailboxes twice", goodCopy.replace(/]}$/, '],"m":[]}')],
    ["nothing published", notPublishedCacheValue(USER, "2026-11-30T09:00:00.000Z", '"v0"')],
  ];
  it.each(badCopies)(
    "a cache copy with %s reads as without a pause",
    async (_, copy) => {
      const storage = memoryStorage({ [cacheKey(BASE, USER)]: copy });
      const read = (pause?: () => Promise<void>): Promise<DirectoryState | null> =>
        readCachedShard({ baseUrl: BASE, user: USER, storage, pause });
      await expect(read(async () => undefined)).resolves.toEqual(await read());
    },
    120_000
  );
});

describe("writing a chunked copy over what another writer or damage left", () => {
  const small = shard([mailbox({ address: "finance@northwind.example" as SmtpAddress })]);
  const load = (storage: ReturnType<typeof memoryStorage>) =>
    loadUserShard({
      baseUrl: BASE,
      user: USER,
      storage,
      fetch: host(() => new Response(shardText(small), { headers: { etag: '"v2"' } })),
      now,
    });

  it("a head claiming a billion chunks: the write ends, and the new copy reads back", async () => {
    const storage = memoryStorage({ [cacheKey(BASE, USER)]: '{"v":4,"c":1000000000}' });
    expect((await load(storage)).status).toBe("ready");
    expect(await readCachedShard({ baseUrl: BASE, user: USER, storage })).toMatchObject({
      status: "cached",
      shard: { mailboxes: [{ address: "finance@northwind.example" }] },
    });
  });

  it("chunks beyond what the head says (another writer's longer copy) are removed", async () => {
    const seed: Record<string, string> = { [cacheKey(BASE, USER)]: '{"v":4,"c":1,"g":"x"}' };
    for (let k = 0; k < 25; k++) seed[cacheChunkKey(BASE, USER, k)] = `{"g":"other","k":${k}}`;
    const storage = memoryStorage(seed);
    expect((await load(storage)).status).toBe("ready");
    expect(await storage.get(cacheChunkKey(BASE, USER, 0))).not.toBeNull();
    for (let k = 1; k < 25; k++) expect(await storage.get(cacheChunkKey(BASE, USER, k))).toBeNull();
  });
});
