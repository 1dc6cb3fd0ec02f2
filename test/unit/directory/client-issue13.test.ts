// The directory client as the handlers lean on it: "nothing published" remembered, one request
// for handlers that fire together, a lean cache that holds 50,000 mailboxes, the token/URL
// seam, and addresses that could pass for others left out where the directory is read.
import { SmtpAddress, toSmtpAddress } from "../../../src/core/address";
import { MAX_SHARD_BYTES, utf8Length } from "../../../src/core/model";
import { parseShard, suspiciousAddress, visibleAddress } from "../../../src/core/shard";
import { shardPath } from "../../../src/core/shard-name";
import {
  cacheKey,
  cacheValue,
  loadUserShard,
  NOT_PUBLISHED_REVALIDATE_MS,
  notPublishedCacheValue,
  readCachedFor,
  readCachedShard,
} from "../../../src/directory/client";
import fc from "fast-check";
import { memoryStorage } from "../../../src/directory/storage";
import { mailbox, shard, shardText, USER } from "../../fixtures/shards";

const BASE = "https://sendfrom.example.org/directory/";
const SHARD_URL = `${BASE}${shardPath(USER)}`;
const INDEX = JSON.stringify({
  format: "send-from-directory",
  version: 1,
  generatedAt: "2026-11-20T06:00:00Z",
  tenant: "northwind.example",
});

function host(
  answer: (url: string, headers: Record<string, string>) => Response | Promise<Response>
) {
  const seen: { url: string; headers: Record<string, string> }[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = { ...(init?.headers as Record<string, string>) };
    seen.push({ url, headers });
    if (url === `${BASE}index.json`) return new Response(INDEX, { status: 200 });
    return answer(url, headers);
  }) as typeof fetch;
  return { fetchFn, seen };
}

let clock = new Date("2026-11-30T10:00:00Z");
const now = () => clock;

describe("nothing published (404)", () => {
  it("is remembered, and asked again only after a few minutes", async () => {
    const storage = memoryStorage();
    const { fetchFn, seen } = host(() => new Response("no", { status: 404 }));
    const opts = { baseUrl: BASE, user: USER, storage, fetch: fetchFn, now };
    expect(await loadUserShard(opts)).toMatchObject({ status: "notPublished" });
    const first = seen.length;
    // Every send of a user without delegations: no request at all.
    for (let i = 0; i < 20; i++) {
      clock = new Date(clock.getTime() + 10_000);
      expect(await loadUserShard(opts)).toMatchObject({ status: "notPublished" });
    }
    expect(seen).toHaveLength(first);
    expect(await readCachedShard(opts)).toMatchObject({ status: "notPublished" });
    // After the revalidation interval the server is asked again, and a new grant is seen.
    clock = new Date(clock.getTime() + NOT_PUBLISHED_REVALIDATE_MS);
    const granted = host(
      () =>
        new Response(shardText(shard([mailbox({ address: "support@northwind.example" })])), {
          status: 200,
        })
    );
    expect(await loadUserShard({ ...opts, fetch: granted.fetchFn })).toMatchObject({
      status: "ready",
      shard: { mailboxes: [{ address: "support@northwind.example" }] },
    });
    expect(granted.seen.map((r) => r.url)).toEqual([SHARD_URL]);
  });

  it("the pane can ask at once (notPublishedMaxAgeMs: 0)", async () => {
    const storage = memoryStorage();
    const { fetchFn, seen } = host(() => new Response("no", { status: 404 }));
    const opts = { baseUrl: BASE, user: USER, storage, fetch: fetchFn, now };
    await loadUserShard(opts);
    const before = seen.length;
    await loadUserShard({ ...opts, notPublishedMaxAgeMs: 0 });
    expect(seen.length).toBeGreaterThan(before);
  });
});

describe("handlers that fire together", () => {
  it("share one request", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { fetchFn, seen } = host(async () => {
      await gate;
      return new Response(shardText(shard([mailbox({ address: "support@northwind.example" })])));
    });
    const opts = { baseUrl: BASE, user: USER, storage: memoryStorage(), fetch: fetchFn, now };
    const both = Promise.all([loadUserShard(opts), loadUserShard(opts), loadUserShard(opts)]);
    release();
    const states = await both;
    expect(states.map((s) => s.status)).toEqual(["ready", "ready", "ready"]);
    expect(seen).toHaveLength(1);
    // Once settled, the next load asks again.
    await loadUserShard(opts);
    expect(seen).toHaveLength(2);
  });
});

describe("the token and URL seam (a directory service at B/me)", () => {
  it("sends the provider's headers to the given URL", async () => {
    const { fetchFn, seen } = host(() => new Response(shardText(shard([]))));
    await loadUserShard({
      baseUrl: BASE,
      user: USER,
      storage: memoryStorage(),
      fetch: fetchFn,
      shardUrl: `${BASE}me`,
      headers: async () => ({ Authorization: "Bearer t" }),
    });
    expect(seen[0]).toEqual({ url: `${BASE}me`, headers: { Authorization: "Bearer t" } });
  });

  it("a token that can't be had counts as an unreachable directory, the last good copy kept", async () => {
    const storage = memoryStorage({
      [cacheKey(BASE, USER)]: cacheValue(
        shard([mailbox({ address: "x@northwind.example" })]),
        "2026-11-30T08:00:00Z"
      ),
    });
    const { fetchFn, seen } = host(() => new Response("unused"));
    const state = await loadUserShard({
      baseUrl: BASE,
      user: USER,
      storage,
      fetch: fetchFn,
      headers: async () => {
        throw new Error("interaction_required");
      },
    });
    expect(state).toMatchObject({
      status: "stale",
      failure: { kind: "unreachable", detail: "interaction_required" },
    });
    expect(seen).toEqual([]);
  });
});

describe("50,000 mailboxes", () => {
  const many = shard(
    Array.from({ length: 50_000 }, (_, i) =>
      mailbox({
        address: `shared-mailbox-${i}@northwind.example`,
        displayName: `Shared mailbox ${i}`,
        rights: i % 3 === 0 ? ["FullAccess"] : ["SendAs", "FullAccess"],
      })
    )
  );

  it("a shard of 50,000 mailboxes is accepted, and the cache entry fits localStorage and OfficeRuntime.storage", async () => {
    const text = shardText(many);
    expect(utf8Length(text)).toBeLessThanOrEqual(MAX_SHARD_BYTES);
    const storage = memoryStorage();
    const state = await loadUserShard({
      baseUrl: BASE,
      user: USER,
      storage,
      fetch: host(() => new Response(text)).fetchFn,
    });
    expect(state).toMatchObject({ status: "ready" });
    const stored = (await storage.get(cacheKey(BASE, USER)))!;
    // localStorage holds about 5 M UTF-16 units per origin (shared with the pane's own
    // settings); OfficeRuntime.storage 10 MB. The full JSON would be about 7 M.
    expect(stored.length).toBeLessThan(4_000_000);
    expect(stored.length).toBeLessThan(text.length * 0.6);
    const cached = await readCachedShard({ baseUrl: BASE, user: USER, storage });
    expect(cached).toMatchObject({ status: "cached" });
    if (cached?.status === "cached") expect(cached.shard.mailboxes).toEqual(many.mailboxes);
  }, 30_000);

  it("round-trips every field through the lean cache", async () => {
    const odd = shard(
      [
        mailbox({
          address: "a@northwind.example",
          displayName: "a@northwind.example",
          kind: "microsoft365Group",
          rights: ["SendOnBehalf"],
          sentItemsCopy: { sendAs: false, sendOnBehalf: true },
          noReply: true,
          hiddenFromAddressLists: true,
        }),
        mailbox({
          address: "b@northwind.example",
          kind: "equipment",
          rights: ["SendAs", "SendOnBehalf", "FullAccess"],
          sentItemsCopy: { sendAs: true, sendOnBehalf: false },
        }),
      ],
      { aliases: [toSmtpAddress("alias@northwind.example")] }
    );
    const storage = memoryStorage({
      [cacheKey(BASE, USER)]: cacheValue(odd, "2026-11-30T08:00:00Z", '"e"'),
    });
    expect(await readCachedShard({ baseUrl: BASE, user: USER, storage })).toEqual({
      status: "cached",
      shard: odd,
      notes: [],
      fetchedAt: "2026-11-30T08:00:00Z",
    });
  });
});

describe("addresses that could pass for another", () => {
  const LOOKALIKES: [string, string, string][] = [
    ["right-to-left override", "support@northwind.example\u202Eelpmaxe", "bidi"],
    ["left-to-right mark", "support\u200E@northwind.example", "bidi"],
    ["zero-width space", "sup\u200Bport@northwind.example", "invisible"],
    ["zero-width joiner", "support@north\u200Dwind.example", "invisible"],
    ["byte order mark", "\uFEFFsupport@northwind.example", "invisible"],
    ["soft hyphen", "sup\u00ADport@northwind.example", "invisible"],
    ["Cyrillic o in a Latin label", "support@n\u043Erthwind.example", "mixedScript"],
    ["Greek omicron in a Latin local part", "supp\u03BFrt@northwind.example", "mixedScript"],
    ["fullwidth letters", "\uFF53upport@northwind.example", "mixedScript"],
    ["Kelvin sign", "\u212Aelvin@northwind.example", "mixedScript"],
  ];

  it.each(LOOKALIKES)(
    "%s: left out with a note that shows the hidden characters",
    (_label, address, reason) => {
      expect(suspiciousAddress(address)).toBe(reason);
      const parsed = parseShard(
        shardText(
          shard(
            [
              mailbox({ address, displayName: "Support" }),
              mailbox({ address: "sales@northwind.example" }),
            ],
            // Cast, not toSmtpAddress: the shard must carry the look-alike as published.
            { aliases: [address as SmtpAddress, toSmtpAddress("alex@northwind.example")] }
          )
        ),
        USER
      );
      if (!parsed.ok) throw new Error(`refused the whole shard: ${JSON.stringify(parsed.problem)}`);
      expect(parsed.value.mailboxes.map((m) => m.address)).toEqual(["sales@northwind.example"]);
      expect(parsed.value.aliases).toEqual(["alex@northwind.example"]);
      expect(parsed.notes).toContainEqual({
        code: "suspiciousAddress",
        address: visibleAddress(address),
        reason,
        raw: address,
      });
      expect(visibleAddress(address)).toMatch(/^[\x21-\x7e]+$/);
      expect(visibleAddress(address)).toContain("<U+");
    }
  );

  it.each([
    ["plain ASCII", "support@northwind.example"],
    ["internationalised, one script per part", "поддержка@пример.example"],
    ["accented Latin", "zoë.müller@northwind.example"],
    ["Japanese (Han and Kana together)", "サポート窓口@northwind.example"],
  ])("%s is kept", (_label, address) => {
    expect(suspiciousAddress(address)).toBeNull();
  });

  it("the handlers never see a left-out entry (the pane and the handlers read through the same client)", async () => {
    const storage = memoryStorage();
    const state = await loadUserShard({
      baseUrl: BASE,
      user: USER,
      storage,
      fetch: host(
        () =>
          new Response(
            shardText(
              shard([mailbox({ address: "support@n\u043Erthwind.example", rights: ["SendAs"] })])
            )
          )
      ).fetchFn,
    });
    expect(state).toMatchObject({ status: "ready", shard: { mailboxes: [] } });
    expect(await readCachedShard({ baseUrl: BASE, user: USER, storage })).toMatchObject({
      shard: { mailboxes: [] },
      notes: [{ code: "suspiciousAddress", reason: "mixedScript" }],
    });
  });
});

describe("readCachedFor (the handlers' cache read)", () => {
  it("finds exactly the mailbox asked for, whatever the names around it contain", () => {
    const tricky = (i: number) => `Name ${i} ["m${i}@northwind.example",\\"] ,"m":[ \u202e 📬`;
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: "grapheme", maxLength: 12 }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        async (names, pick) => {
          const mailboxes = names.map((n, i) =>
            mailbox({
              address: `m${i}@northwind.example`,
              displayName: `${n}${tricky(i + 1)}`,
              rights: i % 2 ? ["FullAccess"] : ["SendAs"],
            })
          );
          const s = shard(mailboxes, { aliases: [toSmtpAddress("alex@northwind.example")] });
          const storage = memoryStorage({
            [cacheKey(BASE, USER)]: cacheValue(s, "2026-11-30T08:00:00Z"),
          });
          const opts = { baseUrl: BASE, user: USER, storage };
          const i = pick % (mailboxes.length + 1);
          const address = `M${i}@northwind.example`;
          const narrowed = await readCachedFor(opts, toSmtpAddress(address));
          const full = await readCachedShard(opts);
          if (full?.status !== "cached" || narrowed?.status !== "cached")
            throw new Error("not cached");
          expect(narrowed.shard.mailboxes).toEqual(
            full.shard.mailboxes.filter((m) => m.address === address.toLowerCase())
          );
          expect(narrowed.shard.aliases).toEqual(["alex@northwind.example"]);
          expect(narrowed.fetchedAt).toBe(full.fetchedAt);
        }
      ),
      { numRuns: 200 }
    );
  }, 60_000);

  it("reads a remembered 404 and nothing from a foreign or damaged entry", async () => {
    const storage = memoryStorage({
      [cacheKey(BASE, USER)]: notPublishedCacheValue(USER, "2026-11-30T08:00:00Z"),
    });
    expect(
      await readCachedFor({ baseUrl: BASE, user: USER, storage }, toSmtpAddress("x@y.example"))
    ).toEqual({
      status: "notPublished",
      fetchedAt: "2026-11-30T08:00:00Z",
    });
    const other = memoryStorage({
      [cacheKey(BASE, USER)]: cacheValue(
        shard([mailbox({ address: "x@y.example" })], { user: "megan@northwind.example" }),
        "2026-11-30T08:00:00Z"
      ),
    });
    expect(
      await readCachedFor(
        { baseUrl: BASE, user: USER, storage: other },
        toSmtpAddress("x@y.example")
      )
    ).toBeNull();
    const damaged = memoryStorage({ [cacheKey(BASE, USER)]: '{"v":3,"m":[["x@y.example",' });
    expect(
      await readCachedFor(
        { baseUrl: BASE, user: USER, storage: damaged },
        toSmtpAddress("x@y.example")
      )
    ).toBeNull();
  });
});
