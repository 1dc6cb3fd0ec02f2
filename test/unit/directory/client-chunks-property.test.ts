// Property tests of the chunked directory cache (format 4, issue 14 item 4): whatever shard the
// task pane fetched and stored, the event handlers' narrowed read (readCachedFor) gives back
// exactly what the pane holds, for every mailbox; and a damaged or mixed-up chunk set is never
// read as a shard by either of them.
import fc from "fast-check";
import { shardPath } from "../../../src/core/shard-name";
import type { SmtpAddress } from "../../../src/core/address";
import { MAILBOX_KINDS, Mailbox, Right, UserShard } from "../../../src/core/model";
import {
  CACHE_CHUNK,
  cacheChunkKey,
  cacheEntries,
  cacheKey,
  DirectoryOptions,
  loadUserShard,
  readCachedFor,
  readCachedShard,
} from "../../../src/directory/client";
import { DirectoryStorage } from "../../../src/directory/storage";
import { USER } from "../../fixtures/shards";
import { chunkNumbers, quotaStore } from "./cache-storage";

const BASE = "https://sendfrom.example.org/directory/";
const SHARD_URL = `${BASE}${shardPath(USER)}`;
const HEAD = cacheKey(BASE, USER);

/** Local parts and names that stress the handlers' text search: non-ASCII, JSON escapes, brackets. */
const LOCAL_PARTS = [
  "shared",
  "zoë",
  "josé.núñez",
  "販売",
  "o'brien",
  "a+b",
  "x],[y",
  "back\\slash",
];
const NAMES = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(
    "",
    "Zoë Ångström",
    '["shared-1@northwind.example",',
    '"]}',
    "販売 \\ \u00e9",
    "😀👍🏽"
  )
);

interface Template {
  local: string;
  name: string;
  sameName: boolean;
  kind: number;
  rights: Right[];
  copy: [boolean, boolean];
  noReply: boolean;
  hidden: boolean;
}

const TEMPLATE: fc.Arbitrary<Template> = fc.record({
  local: fc.constantFrom(...LOCAL_PARTS),
  name: NAMES,
  sameName: fc.boolean(),
  kind: fc.integer({ min: 0, max: MAILBOX_KINDS.length - 1 }),
  rights: fc.subarray(["SendAs", "SendOnBehalf", "FullAccess"] as Right[], { minLength: 1 }),
  copy: fc.tuple(fc.boolean(), fc.boolean()),
  noReply: fc.boolean(),
  hidden: fc.boolean(),
});

/** Sizes around the chunk size: small, exactly 2,000·k, one either side, and anything up to 3½ chunks. */
const SIZE = fc.oneof(
  fc.integer({ min: 0, max: 30 }),
  fc.constantFrom(CACHE_CHUNK, 2 * CACHE_CHUNK, 3 * CACHE_CHUNK),
  fc.constantFrom(CACHE_CHUNK - 1, CACHE_CHUNK + 1, 2 * CACHE_CHUNK + 1),
  fc.integer({ min: 1, max: 7_000 })
);

/**
 * A shard file of `n` mailboxes built from `templates` in turn (templates are few, so a run can
 * hold thousands of mailboxes); the index makes every address unique.
 */
function shardFile(n: number, templates: Template[], aliases: boolean): UserShard {
  const mailboxes: Mailbox[] = Array.from({ length: n }, (_, i) => {
    const t = templates[i % templates.length];
    const address = `${t.local}-${i}@northwind.example` as SmtpAddress;
    const m: Mailbox = {
      address,
      displayName: t.sameName ? address : t.name,
      kind: MAILBOX_KINDS[t.kind],
      rights: t.rights,
      sentItemsCopy: { sendAs: t.copy[0], sendOnBehalf: t.copy[1] },
    };
    if (t.noReply) m.noReply = true;
    if (t.hidden) m.hiddenFromAddressLists = true;
    return m;
  });
  return {
    format: "send-from-directory/user",
    version: 1,
    generatedAt: "2026-11-20T06:00:00Z",
    user: USER,
    mailboxes,
    ...(aliases ? { aliases: ["alex@northwind.example" as SmtpAddress] } : {}),
  };
}

const SHARD = fc
  .tuple(SIZE, fc.array(TEMPLATE, { minLength: 1, maxLength: 12 }), fc.boolean())
  .map(([n, templates, aliases]) => shardFile(n, templates, aliases));

/** The task pane's load: fetched (200), parsed and stored with a pause, as the pane does. */
async function paneLoads(file: UserShard, storage: DirectoryStorage) {
  const fetchFn = (async (input: RequestInfo | URL) =>
    String(input) === SHARD_URL
      ? new Response(JSON.stringify(file), { headers: { etag: '"v1"' } })
      : new Response("not found", { status: 404 })) as typeof fetch;
  const opts: DirectoryOptions = {
    baseUrl: BASE,
    user: USER,
    storage,
    fetch: fetchFn,
    now: () => new Date("2026-11-30T10:00:00Z"),
    pause: async () => undefined,
  };
  const state = await loadUserShard(opts);
  if (state.status !== "ready") throw new Error(`the pane did not load: ${JSON.stringify(state)}`);
  return state;
}

const handlers = (storage: DirectoryStorage): DirectoryOptions => ({
  baseUrl: BASE,
  user: USER,
  storage,
});

/** Indexes a test looks up: both ends, both sides of each chunk border, and a few picked at random. */
function probeIndexes(n: number, random: number[]): number[] {
  const at = new Set<number>([0, n - 1, ...random.map((r) => Math.floor(r * n))]);
  for (let k = CACHE_CHUNK; k < n; k += CACHE_CHUNK) [k - 1, k].forEach((i) => at.add(i));
  return [...at].filter((i) => i >= 0 && i < n);
}

const UNLISTED = "nobody@northwind.example" as SmtpAddress;

describe("what the pane stores, the handlers read back exactly", () => {
  it("for any shard: every mailbox probed, and an unlisted address, as the pane holds them", async () => {
    await fc.assert(
      fc.asyncProperty(
        SHARD,
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 5 }),
        async (file, random) => {
          const quota = quotaStore();
          const state = await paneLoads(file, quota.storage);
          const held = state.shard;
          const n = held.mailboxes.length;

          // Stored as a head and ⌈n / 2,000⌉ chunks, nothing else.
          const c = Math.ceil(n / CACHE_CHUNK);
          expect(chunkNumbers(quota.items.keys(), BASE, USER)).toEqual(
            Array.from({ length: c }, (_, k) => k)
          );
          expect(quota.items.size).toBe(c + 1);

          // The pane's next opening reads the whole shard back.
          expect(await readCachedShard(handlers(quota.storage))).toEqual({
            ...state,
            status: "cached",
          });
          // The handlers find each probed mailbox, and only it, with the pane's header.
          for (const i of probeIndexes(n, random)) {
            const m = held.mailboxes[i];
            expect(await readCachedFor(handlers(quota.storage), m.address)).toEqual({
              ...state,
              status: "cached",
              shard: { ...held, mailboxes: [m] },
            });
          }
          if (!held.mailboxes.some((m) => m.address === UNLISTED))
            expect(await readCachedFor(handlers(quota.storage), UNLISTED)).toEqual({
              ...state,
              status: "cached",
              shard: { ...held, mailboxes: [] },
            });
        }
      ),
      { numRuns: 40 }
    );
  }, 180_000);
});

/** Ways a stored chunk set goes wrong: a key lost, another write's chunks, a chunk moved or cut. */
type Damage =
  | { kind: "missing"; k: number }
  | { kind: "otherWrite"; k: number }
  | { kind: "interruptedWrite"; k: number }
  | { kind: "moved"; k: number; to: number }
  | { kind: "cut"; k: number; at: number }
  | { kind: "headGeneration" };

const DAMAGE = (c: number): fc.Arbitrary<Damage> => {
  const k = fc.integer({ min: 0, max: c - 1 });
  return fc.oneof(
    k.map((k) => ({ kind: "missing" as const, k })),
    k.map((k) => ({ kind: "otherWrite" as const, k })),
    k.map((k) => ({ kind: "interruptedWrite" as const, k })),
    fc.tuple(k, k).map(([k, to]) => ({ kind: "moved" as const, k, to })),
    fc
      .tuple(k, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }))
      .map(([k, at]) => ({ kind: "cut" as const, k, at })),
    fc.constant({ kind: "headGeneration" as const })
  );
};

function damage(items: Map<string, string>, held: UserShard, d: Damage, c: number): boolean {
  const key = (k: number) => cacheChunkKey(BASE, USER, k);
  // The same mailboxes written by another writer (the handlers, another pane): another generation.
  const other = cacheEntries(BASE, held, "2026-11-30T10:00:00Z", '"v1"');
  switch (d.kind) {
    case "missing":
      items.delete(key(d.k));
      return true;
    case "otherWrite":
      items.set(key(d.k), other[key(d.k)]);
      return true;
    case "interruptedWrite":
      // A writer that wrote chunks 0 … k and stopped before its head (the pane closed).
      for (let k = 0; k <= d.k; k++) items.set(key(k), other[key(k)]);
      return true;
    case "moved": {
      if (d.k === d.to) return false;
      const text = items.get(key(d.k))!;
      items.set(key(d.to), text);
      return true;
    }
    case "cut": {
      const text = items.get(key(d.k))!;
      const cut = text.slice(0, Math.floor(d.at * (text.length - 1)));
      // A cut that happens to end where a chunk ends ("]}" inside a display name) passes the
      // handlers' cheap end check; the pane's full parse still refuses it. Not this property.
      if (cut.endsWith("]}")) return false;
      items.set(key(d.k), cut);
      return true;
    }
    case "headGeneration": {
      const head = JSON.parse(items.get(HEAD)!) as Record<string, unknown>;
      items.set(HEAD, JSON.stringify({ ...head, g: `${String(head.g)}x` }));
      return c > 0;
    }
  }
}

describe("a damaged or mixed-up chunk set is never read as a shard", () => {
  it("the pane reads no copy, and the handlers find no mailbox and no header, listed or not", async () => {
    const DAMAGED = SHARD.filter((s) => s.mailboxes.length > 0).chain((file) =>
      fc.tuple(
        fc.constant(file),
        DAMAGE(Math.ceil(file.mailboxes.length / CACHE_CHUNK)),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 3 })
      )
    );
    await fc.assert(
      fc.asyncProperty(DAMAGED, async ([file, d, random]) => {
        const quota = quotaStore();
        const state = await paneLoads(file, quota.storage);
        const held = state.shard;
        const n = held.mailboxes.length;
        if (n === 0) return; // the pane left every mailbox out (suspicious addresses): no chunks
        const c = Math.ceil(n / CACHE_CHUNK);
        if (!damage(quota.items, held, d, c)) return;

        expect(await readCachedShard(handlers(quota.storage))).toBeNull();
        for (const i of probeIndexes(n, random))
          expect(
            await readCachedFor(handlers(quota.storage), held.mailboxes[i].address)
          ).toBeNull();
        expect(await readCachedFor(handlers(quota.storage), UNLISTED)).toBeNull();

        // The pane's next load fetches the shard whole again and stores a good copy over the damage.
        const again = await paneLoads(file, quota.storage);
        expect(await readCachedShard(handlers(quota.storage))).toEqual({
          ...again,
          status: "cached",
        });
        expect(chunkNumbers(quota.items.keys(), BASE, USER)).toEqual(
          Array.from({ length: c }, (_, k) => k)
        );
      }),
      { numRuns: 60 }
    );
  }, 180_000);
});
