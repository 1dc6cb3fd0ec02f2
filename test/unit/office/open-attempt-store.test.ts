// The open attempt ("may have been sent") kept for the compose item where a reopened pane finds it
// (rev12 finding 7): the item's sessionData (Mailbox 1.11), else localStorage under the draft's id.
import type { OpenAttempt } from "../../../src/core/open-attempt";
import {
  LEFTOVER_KEY,
  OPEN_ATTEMPT_KEY,
  openAttemptStore,
} from "../../../src/office/open-attempt-store";

const NOW = new Date("2026-11-30T12:00:00Z");
const attempt: OpenAttempt = {
  v: 1,
  root: "/me",
  internetMessageId: "<a1@northwind.example>",
  copies: ["mine"],
  error: { status: 0, code: "network", message: "Failed to fetch" },
  mailbox: "Customer Support",
  at: "2026-11-30T11:59:00Z",
};

/** Office with a compose item: its sessionData (from `sessionSet`) and its saved id. */
function install(sets: string[], itemId: string | null = "AAMk-draft-1") {
  const session = new Map<string, string>();
  const ok = <T>(value: T) => ({ status: "succeeded", value });
  const item = {
    sessionData: {
      getAsync: (name: string, cb: (r: unknown) => void) =>
        cb(
          session.has(name)
            ? ok(session.get(name))
            : { status: "failed", error: { code: 9057, message: "not set" } }
        ),
      setAsync: (name: string, value: string, cb: (r: unknown) => void) => {
        session.set(name, value);
        cb(ok(undefined));
      },
      removeAsync: (name: string, cb: (r: unknown) => void) => {
        session.delete(name);
        cb(ok(undefined));
      },
    },
    getItemIdAsync: (cb: (r: unknown) => void) =>
      cb(itemId ? ok(itemId) : { status: "failed", error: { code: 9051, message: "unsaved" } }),
  };
  (globalThis as unknown as { Office: unknown }).Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    MailboxEnums: { RestVersion: { v2_0: "v2.0" } },
    context: {
      requirements: { isSetSupported: (name: string, v: string) => sets.includes(`${name} ${v}`) },
      mailbox: { item, convertToRestId: (id: string) => `rest-${id}` },
    },
  };
  return session;
}

function local() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

afterEach(() => delete (globalThis as unknown as { Office?: unknown }).Office);

describe("openAttemptStore", () => {
  it("Mailbox 1.11: kept in the item's sessionData and under the draft's id; a new store (reopened pane) finds it; clear removes both", async () => {
    const session = install(["Mailbox 1.11", "Mailbox 1.8"]);
    const storage = local();
    await openAttemptStore(storage, () => NOW).save(attempt);
    expect(JSON.parse(session.get(OPEN_ATTEMPT_KEY)!)).toEqual(attempt);
    expect(storage.items.has(`${OPEN_ATTEMPT_KEY}.rest-AAMk-draft-1`)).toBe(true);
    const reopened = openAttemptStore(storage, () => NOW);
    await expect(reopened.load()).resolves.toEqual(attempt);
    await reopened.clear();
    expect(session.size).toBe(0);
    expect(storage.items.size).toBe(0);
    await expect(reopened.load()).resolves.toBeNull();
  });

  it("below 1.11: localStorage under the draft's id only, and another draft does not see it", async () => {
    install(["Mailbox 1.8"]);
    const storage = local();
    await openAttemptStore(storage, () => NOW).save(attempt);
    await expect(openAttemptStore(storage, () => NOW).load()).resolves.toEqual(attempt);
    install(["Mailbox 1.8"], "AAMk-other");
    await expect(openAttemptStore(storage, () => NOW).load()).resolves.toBeNull();
  });

  it("an expired or damaged record is none, and is removed", async () => {
    install(["Mailbox 1.8"]);
    const storage = local();
    storage.setItem(`${OPEN_ATTEMPT_KEY}.rest-AAMk-draft-1`, JSON.stringify(attempt));
    const dayLater = new Date(NOW.getTime() + 24 * 60 * 60 * 1000);
    await expect(openAttemptStore(storage, () => dayLater).load()).resolves.toBeNull();
    expect(storage.items.size).toBe(0);
    storage.setItem(`${OPEN_ATTEMPT_KEY}.rest-AAMk-draft-1`, "{not json");
    await expect(openAttemptStore(storage, () => NOW).load()).resolves.toBeNull();
  });

  it("nothing kept where neither is available", async () => {
    install([], null);
    const store = openAttemptStore(null, () => NOW);
    await store.save(attempt);
    await expect(store.load()).resolves.toBeNull();
  });
});

describe("leftover copies (a create whose answer was lost may have left a copy in a mailbox)", () => {
  const local = () => {
    const items = new Map<string, string>();
    return {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
      items,
    };
  };
  const copy = {
    v: 1 as const,
    root: "/users/support%40northwind.example",
    internetMessageId: "<a1@northwind.example>",
    at: "2026-11-30T11:59:00Z",
  };

  it("one list for the device, whatever compose item is open: added, listed, forgotten by mailbox and id", async () => {
    const storage = local();
    install([], "AAMk-draft-1");
    await openAttemptStore(storage, () => NOW).leftovers!.add(copy);
    // Another compose item (another draft id) sees the same copy.
    install([], "AAMk-draft-2");
    const other = openAttemptStore(storage, () => NOW).leftovers!;
    await expect(other.list()).resolves.toEqual([copy]);
    await other.remove({
      root: copy.root.toUpperCase(),
      internetMessageId: copy.internetMessageId,
    });
    await expect(other.list()).resolves.toEqual([]);
    expect(storage.items.has(LEFTOVER_KEY)).toBe(false);
  });

  it("a week-old, damaged or foreign entry is no leftover copy (never looked for, never removed); a later send's own copies are kept with it", async () => {
    const storage = local();
    storage.setItem(
      LEFTOVER_KEY,
      JSON.stringify([
        { ...copy, at: "2026-11-22T11:00:00Z" },
        { ...copy, root: "/me" },
        { ...copy, internetMessageId: "" },
        // A later send's own copies that are not a list of ids: the entry cannot be trusted.
        { ...copy, internetMessageId: "<a2@northwind.example>", own: "AAMk-sent" },
        { ...copy, internetMessageId: "<a3@northwind.example>", own: [""] },
        "junk",
        copy,
        { ...copy, internetMessageId: "<a4@northwind.example>", own: ["AAMk-sent"] },
      ])
    );
    await expect(openAttemptStore(storage, () => NOW).leftovers!.list()).resolves.toEqual([
      copy,
      { ...copy, internetMessageId: "<a4@northwind.example>", own: ["AAMk-sent"] },
    ]);
    storage.setItem(LEFTOVER_KEY, "{not json");
    await expect(openAttemptStore(storage, () => NOW).leftovers!.list()).resolves.toEqual([]);
  });

  it("the pane's start: loads the send service and has it remove the copy only when one is remembered; a failure is recorded, never thrown", async () => {
    install([]);
    const storage = local();
    let loads = 0;
    let tidied = 0;
    const load = async () => (loads++, { tidy: async () => void tidied++ });
    await openAttemptStore(storage, () => NOW).tidyAtStart(load);
    expect([loads, tidied]).toEqual([0, 0]);
    await openAttemptStore(storage, () => NOW).leftovers!.add(copy);
    await openAttemptStore(storage, () => NOW).tidyAtStart(load);
    expect([loads, tidied]).toEqual([1, 1]);
    await expect(
      openAttemptStore(storage, () => NOW).tidyAtStart(() => Promise.reject(new Error("offline")))
    ).resolves.toBeUndefined();
  });
});
