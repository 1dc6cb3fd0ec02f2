// The task pane and the event handlers share one directory cache (issue 14 item 4): what the
// pane stores in chunks (format 4) or stored before chunks (format 3) decides a send with no
// request, and a chunk set another writer left mixed up is not decided from: the handler asks
// the directory, as with nothing cached.
import { messagesFor } from "../../../src/core/i18n";
import { toSmtpAddress } from "../../../src/core/address";
import type { Mailbox, UserShard } from "../../../src/core/model";
import { shardPath } from "../../../src/core/shard-name";
import {
  cacheChunkKey,
  cacheEntries,
  cacheKey,
  cacheValue,
  DirectoryOptions,
  loadUserShard,
  readCachedFor,
  readCachedShard,
} from "../../../src/directory/client";
import { DirectoryStorage, memoryStorage } from "../../../src/directory/storage";
import { HandlerDeps, onMessageSend } from "../../../src/events/handlers";
import { alexShard } from "../../fixtures/northwind";

// The event handlers' catalogues: the pane's texts with the events' own (src/core/i18n/index.ts).
const en = messagesFor("en");

const BASE = "https://sendfrom.example.org/directory/";
const USER = {
  address: toSmtpAddress("alex.wilber@northwind.example"),
  displayName: "Alex Wilber",
};
const SHARD_URL = `${BASE}${shardPath(USER.address)}`;

/** 5,000 mailboxes (three chunks): even ones Send As, odd ones Full Access only; `flip` swaps them. */
function list(flip = false): UserShard {
  const mailboxes: Mailbox[] = Array.from({ length: 5_000 }, (_, i) => ({
    address: toSmtpAddress(`shared-${i}@northwind.example`),
    displayName: `Geteiltes Postfach ${i} – Zoë`,
    kind: "shared",
    rights: (i % 2 === 0) !== flip ? ["SendAs"] : ["FullAccess"],
    sentItemsCopy: { sendAs: false, sendOnBehalf: false },
  }));
  return alexShard({ mailboxes });
}

/** A directory host serving `shard` (200, or 304 to a matching If-None-Match), counting requests. */
function host(shard: UserShard, etag = '"v1"') {
  const seen: string[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    seen.push(url);
    if (url !== SHARD_URL) return new Response("not found", { status: 404 });
    const headers = (init?.headers ?? {}) as Record<string, string>;
    return headers["If-None-Match"] === etag
      ? new Response(null, { status: 304 })
      : new Response(JSON.stringify(shard), { headers: { etag } });
  }) as typeof fetch;
  return { fetchFn, seen };
}

const options = (storage: DirectoryStorage, fetchFn: typeof fetch): DirectoryOptions => ({
  baseUrl: BASE,
  user: USER.address,
  storage,
  fetch: fetchFn,
});

/** The pane's load: with a pause between slices and chunks. */
const paneLoads = (storage: DirectoryStorage, fetchFn: typeof fetch) =>
  loadUserShard({ ...options(storage, fetchFn), pause: async () => undefined });

/** OnMessageSend from `from`, wired as src/events/index.ts wires the real directory client. */
async function send(storage: DirectoryStorage, fetchFn: typeof fetch, from: string) {
  const deps: HandlerDeps = {
    user: () => USER,
    readFrom: async () => toSmtpAddress(from),
    messages: () => en,
    directory: {
      cached: (address) => readCachedFor(options(storage, fetchFn), address),
      refresh: (timeoutMs) => loadUserShard({ ...options(storage, fetchFn), timeoutMs }),
    },
    digest: { read: () => undefined, write: async () => undefined },
    notify: async () => undefined,
    supportsMarkdown: () => true,
    settings: { failClosed: false },
  };
  const completions: (Record<string, unknown> | undefined)[] = [];
  await onMessageSend(deps, { completed: (o) => void completions.push(o) });
  return completions[0];
}

const allowed = { allowEvent: true };
const blocked = expect.objectContaining({ allowEvent: false });

it("what the pane stored in chunks decides a send from any chunk, with no request", async () => {
  const storage = memoryStorage();
  const pane = host(list());
  expect(await paneLoads(storage, pane.fetchFn)).toMatchObject({ status: "ready" });
  expect(await storage.get(cacheChunkKey(BASE, USER.address, 2))).not.toBeNull();

  const handlers = host(list());
  expect(await send(storage, handlers.fetchFn, "shared-4998@northwind.example")).toEqual(allowed);
  expect(await send(storage, handlers.fetchFn, "shared-4999@northwind.example")).toEqual(blocked);
  expect(await send(storage, handlers.fetchFn, "shared-1@northwind.example")).toEqual(blocked);
  expect(await send(storage, handlers.fetchFn, "shared-2000@northwind.example")).toEqual(allowed);
  expect(handlers.seen).toEqual([]);
});

it("a format-3 copy from before the update decides the same as its chunked successor", async () => {
  const storage = memoryStorage({
    [cacheKey(BASE, USER.address)]: cacheValue(list(), "2026-11-29T10:00:00Z", '"v1"'),
  });
  const none = host(list());
  const decide = async () => [
    await send(storage, none.fetchFn, "shared-4000@northwind.example"),
    await send(storage, none.fetchFn, "shared-4001@northwind.example"),
  ];
  const before = await decide();
  expect(before).toEqual([allowed, blocked]);

  // The pane opens: a 304 for the format-3 copy, stored again in chunks.
  const pane = host(list());
  expect(await paneLoads(storage, pane.fetchFn)).toMatchObject({ status: "ready" });
  expect((await storage.get(cacheKey(BASE, USER.address)))?.startsWith('{"v":4,')).toBe(true);
  expect(await decide()).toEqual(before);
  expect(none.seen).toEqual([]);
});

it("a chunk set another writer left mixed up is not decided from: the directory is asked", async () => {
  // The copy says shared-10 (chunk 0) is Send As; chunk 2 is from a write that says the opposite
  // and never got its head (the pane closed). The chunk holding shared-10 is intact, yet the copy
  // as a whole is not one write: the handler asks the directory, which now says Full Access only.
  const stored = cacheEntries(BASE, list(), "2026-11-29T10:00:00Z", '"v1"');
  const other = cacheEntries(BASE, list(true), "2026-11-30T09:00:00Z", '"v2"');
  const chunk2 = cacheChunkKey(BASE, USER.address, 2);
  const storage = memoryStorage({ ...stored, [chunk2]: other[chunk2] });

  const directory = host(list(true), '"v2"');
  expect(await send(storage, directory.fetchFn, "shared-10@northwind.example")).toEqual(blocked);
  expect(directory.seen).toEqual([SHARD_URL]);
  // The handler's load stored a whole copy again, which the pane reads back.
  expect(await readCachedShard(options(storage, directory.fetchFn))).toMatchObject({
    status: "cached",
    shard: {
      mailboxes: expect.arrayContaining([
        expect.objectContaining({ address: "shared-4999@northwind.example", rights: ["SendAs"] }),
      ]),
    },
  });
});
