// Issue 13's fault matrix: each misbehaviour of the directory host × cache present/absent ×
// the kind of From, for OnMessageSend and OnMessageFromChanged, through the real directory
// client. Jest's fake clock stands in for time, so "within the deadline" is measured in
// virtual milliseconds and cannot depend on the machine's speed.
import { messagesFor } from "../../../src/core/i18n";
import { toSmtpAddress } from "../../../src/core/address";
import type { Notification } from "../../../src/core/events";
import { NOTIFICATION_KEYS } from "../../../src/core/events";
import type { HandlerSettings } from "../../../src/core/events";
import { loadUserShard, readCachedFor } from "../../../src/directory/client";
import { memoryStorage } from "../../../src/directory/storage";
import {
  DECISION_DEADLINE_MS,
  HandlerDeps,
  onMessageFromChanged,
  onMessageSend,
} from "../../../src/events/handlers";
import { CacheFormat, cachedCopy } from "../../fixtures/cache";
import { alexShard } from "../../fixtures/northwind";
import { BASE, Fault, FAULTS, faultyHost, STALLS, USER } from "./faults";

// The event handlers' catalogues: the pane's texts with the events' own (src/core/i18n/index.ts).
const en = messagesFor("en");

const FROM = {
  own: USER.address,
  alias: toSmtpAddress("alex@northwind.example"),
  permitted: toSmtpAddress("support@northwind.example"),
  notPermitted: toSmtpAddress("hr@northwind.example"),
  group: toSmtpAddress("falcon@northwind.example"),
  unknown: toSmtpAddress("finance@northwind.example"),
};
type Kind = keyof typeof FROM;
const KINDS = Object.keys(FROM) as Kind[];

/** What the directory says about each kind, once it is known. */
const KNOWN: Record<Kind, "allow" | "block"> = {
  own: "allow",
  alias: "allow",
  permitted: "allow",
  notPermitted: "block",
  group: "allow",
  unknown: "block",
};

/** `cache`: the format the last good copy is stored in (both are read), or null for none. */
function cell(fault: Fault, cache: CacheFormat | null, kind: Kind, settings: HandlerSettings) {
  const host = faultyHost(fault);
  const storage = memoryStorage(
    cache ? cachedCopy(cache, BASE, alexShard(), "2026-11-30T08:00:00Z") : {}
  );
  const options = (timeoutMs?: number) => ({
    baseUrl: BASE,
    user: USER.address,
    storage,
    fetch: host.fetchFn,
    headers: host.headers,
    timeoutMs,
  });
  const notified: Notification[][] = [];
  const deps: HandlerDeps = {
    user: () => USER,
    readFrom: async () => FROM[kind],
    messages: () => en,
    directory: {
      cached: (address) => readCachedFor(options(), address),
      refresh: (timeoutMs) => loadUserShard(options(timeoutMs)),
    },
    digest: { read: () => undefined, write: async () => undefined },
    notify: async (wanted) => void notified.push(wanted),
    supportsMarkdown: () => true,
    settings,
  };
  return { deps, host, notified };
}

/** Fires a handler at virtual time 0 and runs the clock until long after the deadline. */
async function fire(handler: typeof onMessageSend, deps: HandlerDeps, notified: Notification[][]) {
  const start = Date.now();
  type Completion = { at: number; options?: Record<string, unknown>; notified: string[] };
  const completions: Completion[] = [];
  void handler(deps, {
    completed: (options) => {
      completions.push({
        at: Date.now() - start,
        options,
        notified: notified.flat().map((n) => n.key),
      });
    },
  });
  await jest.advanceTimersByTimeAsync(DECISION_DEADLINE_MS * 2);
  if (!completions.length) throw new Error("the handler never called event.completed");
  return { ...completions[0], calls: completions.length };
}

beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ["nextTick", "queueMicrotask", "setImmediate"] });
  jest.setSystemTime(new Date("2026-11-30T09:00:00Z"));
});
afterEach(() => {
  jest.useRealTimers();
});

const open = { failClosed: false };
const closed = { failClosed: true };

describe.each(FAULTS)("directory host: %s", (fault) => {
  describe.each<[string, CacheFormat | null]>([
    ["chunked (format 4)", 4],
    ["one key (format 3)", 3],
    ["none", null],
  ])("cache: %s", (_, cache) => {
    const cached = cache !== null;
    const knows = cached || fault === "ok";
    it.each(KINDS)(
      "OnMessageSend from %s: the right decision, within the deadline",
      async (kind) => {
        const { deps, host, notified } = cell(fault, cache, kind, open);
        const result = await fire(onMessageSend, deps, notified);
        const want = kind === "own" || !knows ? "allow" : KNOWN[kind];
        expect(result.options?.allowEvent).toBe(want === "allow");
        expect(result.calls).toBe(1);
        expect(result.at).toBeLessThanOrEqual(DECISION_DEADLINE_MS);
        if (kind === "own" || cached) {
          // The user's own address and anything cached: no request at all, decided at once.
          expect(host.seen).toEqual([]);
          expect(result.at).toBeLessThanOrEqual(50);
        } else if (STALLS.has(fault)) {
          // Only the deadline could answer: exactly at it, with the fail-open answer.
          expect(result.at).toBe(DECISION_DEADLINE_MS);
        } else {
          expect(result.at).toBeLessThan(DECISION_DEADLINE_MS);
        }
        if (want === "block") {
          expect(result.options).toMatchObject({
            errorMessage: expect.stringContaining(FROM[kind]),
            commandId: "msgComposeOpenPaneButton",
          });
        }
        if (fault === "hugeBody" && !cached && kind !== "own")
          expect(result.notified).toContain(NOTIFICATION_KEYS.directory);
      }
    );

    it.each(KINDS)(
      "OnMessageFromChanged from %s: the right advice, within the deadline",
      async (kind) => {
        const { deps, host, notified } = cell(fault, cache, kind, open);
        const result = await fire(onMessageFromChanged, deps, notified);
        expect(result.options).toBeUndefined();
        expect(result.calls).toBe(1);
        expect(result.at).toBeLessThanOrEqual(DECISION_DEADLINE_MS);
        if (kind === "own" || cached) {
          expect(host.seen).toEqual([]);
          expect(result.at).toBeLessThanOrEqual(50);
        }
        if (!cached && kind !== "own" && STALLS.has(fault))
          expect(result.at).toBe(DECISION_DEADLINE_MS);
        const keys = result.notified.filter((k) => k !== NOTIFICATION_KEYS.directory);
        if (kind === "own" || (STALLS.has(fault) && !cached)) {
          expect(keys).toEqual([]);
        } else if (!knows) {
          // The directory answered nothing usable and nothing is cached: "can't tell", not
          // silence. A 404 is an answer (no list published for the user): nothing to report.
          expect(keys).toEqual(fault === "http404" ? [] : [NOTIFICATION_KEYS.unchecked]);
        } else if (kind === "alias") {
          expect(keys).toEqual([]);
        } else if (KNOWN[kind] === "allow") {
          expect(keys).toEqual([NOTIFICATION_KEYS.recipients, NOTIFICATION_KEYS.copy]);
        } else {
          expect(keys).toEqual([NOTIFICATION_KEYS.denied]);
        }
        expect(result.notified.includes(NOTIFICATION_KEYS.directory)).toBe(
          fault === "hugeBody" && !cached && kind !== "own"
        );
      }
    );
  });
});

describe("built to fail closed", () => {
  it.each([...STALLS])(
    "%s with nothing cached: at the deadline a send from another mailbox is held, one's own goes",
    async (fault) => {
      const other = cell(fault, null, "permitted", closed);
      const held = await fire(onMessageSend, other.deps, other.notified);
      expect(held.at).toBe(DECISION_DEADLINE_MS);
      expect(held.options).toMatchObject({
        allowEvent: false,
        errorMessage: expect.stringContaining("couldn't check"),
      });
      const own = cell(fault, null, "own", closed);
      const mine = await fire(onMessageSend, own.deps, own.notified);
      expect(mine.options).toEqual({ allowEvent: true });
      expect(own.host.seen).toEqual([]);
    }
  );
});

describe("what the deadline covers besides the directory", () => {
  it("Outlook never answering From: the send is allowed at the deadline", async () => {
    const { deps, notified } = cell("ok", null, "permitted", open);
    deps.readFrom = () => new Promise(() => undefined);
    const result = await fire(onMessageSend, deps, notified);
    expect(result).toMatchObject({ at: DECISION_DEADLINE_MS, options: { allowEvent: true } });
  });

  it("storage never answering (OfficeRuntime.storage stuck): the send is allowed at the deadline", async () => {
    const { deps, notified } = cell("ok", 4, "notPermitted", open);
    deps.directory.cached = () => new Promise(() => undefined);
    const result = await fire(onMessageSend, deps, notified);
    expect(result).toMatchObject({ at: DECISION_DEADLINE_MS, options: { allowEvent: true } });
  });

  it("a notification that never finishes: From advice still completes by the deadline", async () => {
    const { deps, notified } = cell("ok", 4, "notPermitted", open);
    deps.notify = () => new Promise(() => undefined);
    const result = await fire(onMessageFromChanged, deps, notified);
    expect(result.at).toBe(DECISION_DEADLINE_MS);
    expect(result.calls).toBe(1);
  });
});

describe("50,000 cached mailboxes", () => {
  it.each<[string, CacheFormat]>([
    ["chunked (format 4)", 4],
    ["one key (format 3)", 3],
  ])(
    "%s: decides from the cache with no request: a Full Access-only mailbox blocked, a permitted one allowed",
    async (_, format) => {
      const mailboxes = Array.from({ length: 50_000 }, (_, i) => ({
        address: toSmtpAddress(`shared-${i}@northwind.example`),
        displayName: `Shared ${i}`,
        kind: "shared" as const,
        rights: i % 2 ? (["FullAccess"] as const) : (["SendAs"] as const),
        sentItemsCopy: { sendAs: false, sendOnBehalf: false },
      }));
      const big = alexShard({ mailboxes: mailboxes.map((m) => ({ ...m, rights: [...m.rights] })) });
      for (const [from, allow] of [
        ["shared-49999@northwind.example", false],
        ["shared-49998@northwind.example", true],
        ["nobody@northwind.example", false],
      ] as const) {
        const { deps, host, notified } = cell("stalledHeaders", null, "own", open);
        const storage = memoryStorage(cachedCopy(format, BASE, big, "2026-11-30T08:00:00Z"));
        deps.directory.cached = (address) =>
          readCachedFor({ baseUrl: BASE, user: USER.address, storage }, address);
        deps.readFrom = async () => toSmtpAddress(from);
        const result = await fire(onMessageSend, deps, notified);
        expect(result.options?.allowEvent).toBe(allow);
        expect(result.at).toBeLessThanOrEqual(50);
        expect(host.seen).toEqual([]);
      }
    },
    30_000
  );
});
