// The open attempt ("may have been sent") kept for the compose item where a reopened pane finds it
// (rev12 finding 7): the item's sessionData (Mailbox 1.11), else localStorage under the draft's id.
import {
  isMaking,
  MAKING_STALE_MS,
  type OpenAttempt,
  type SentRecord,
} from "../../../src/core/open-attempt";
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

/** What the compose window holds (subject, recipients, text body). */
interface Content {
  subject: string;
  to: string[];
  cc?: string[];
  body: string;
}

/**
 * Office with a compose item: its sessionData (from `sessionSet`), its saved id and, where given,
 * its subject, recipients and body.
 */
function install(sets: string[], itemId: string | null = "AAMk-draft-1", content?: Content) {
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
    ...(content && {
      subject: { getAsync: (cb: (r: unknown) => void) => cb(ok(content.subject)) },
      to: { getAsync: (cb: (r: unknown) => void) => cb(ok(addresses(content.to))) },
      cc: { getAsync: (cb: (r: unknown) => void) => cb(ok(addresses(content.cc ?? []))) },
      bcc: { getAsync: (cb: (r: unknown) => void) => cb(ok([])) },
      body: {
        getAsync: (type: string, cb: (r: unknown) => void) =>
          cb(type === "text" ? ok(content.body) : { status: "failed", error: { code: 1 } }),
      },
    }),
  };
  (globalThis as unknown as { Office: unknown }).Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Text: "text", Html: "html" },
    MailboxEnums: { RestVersion: { v2_0: "v2.0" } },
    context: {
      requirements: { isSetSupported: (name: string, v: string) => sets.includes(`${name} ${v}`) },
      mailbox: { item, convertToRestId: (id: string) => `rest-${id}` },
    },
  };
  return session;
}

const addresses = (list: string[]) =>
  list.map((emailAddress) => ({ emailAddress, displayName: emailAddress }));

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

  describe("below 1.11, Outlook re-saves the sent draft under a new id (office-js #5551, #6393; rev12h findings 1-2)", () => {
    const message: Content = {
      subject: "Angebot für Jürgen",
      to: ["Juergen.Weiss@northwind.example"],
      body: "Guten Tag,\n\nanbei das Angebot.",
    };

    it("a reopened pane finds the attempt by the message's content, and clearing it removes both keys", async () => {
      install(["Mailbox 1.8"], "AAMk-draft-1", message);
      const storage = local();
      await openAttemptStore(storage, () => NOW).save(attempt);
      // The same message, re-saved: a new id; Outlook may lay out the text's spaces anew.
      install(["Mailbox 1.8"], "AAMk-resaved", {
        ...message,
        to: ["juergen.weiss@northwind.example"],
        body: "Guten Tag,  anbei das Angebot. ",
      });
      const reopened = openAttemptStore(storage, () => NOW);
      await expect(reopened.load()).resolves.toEqual(attempt);
      await reopened.clear();
      expect([...storage.items.keys()]).toEqual([]);
    });

    it.each([
      ["another subject", { ...message, subject: "Angebot" }],
      ["another recipient", { ...message, to: ["chloe.martin@northwind.example"] }],
      ["another text", { ...message, body: "Guten Tag, anbei die Rechnung." }],
      ["no recipient (nothing to tell messages apart by)", { ...message, to: [] }],
    ])("a draft with %s does not see it", async (_, other) => {
      install(["Mailbox 1.8"], "AAMk-draft-1", message);
      const storage = local();
      await openAttemptStore(storage, () => NOW).save(attempt);
      install(["Mailbox 1.8"], "AAMk-other", other);
      await expect(openAttemptStore(storage, () => NOW).load()).resolves.toBeNull();
    });

    it("an hour after the send a new draft with the same content is taken as a new message", async () => {
      install(["Mailbox 1.8"], "AAMk-draft-1", message);
      const storage = local();
      await openAttemptStore(storage, () => NOW).save(attempt);
      install(["Mailbox 1.8"], "AAMk-resaved", message);
      const later = new Date(Date.parse(attempt.at) + 61 * 60 * 1000);
      await expect(openAttemptStore(storage, () => later).load()).resolves.toBeNull();
    });
  });

  describe("Mailbox 1.11 on: the window closed, the draft Outlook saved opened again under a new id and Internet message id, without sessionData (office-js #5897; rev12m findings 2, 9)", () => {
    const message: Content = {
      subject: "Invoice 88",
      to: ["megan.bowen@northwind.example"],
      body: "Please pay invoice 88.",
    };
    const sent: SentRecord = {
      v: 1,
      mailbox: "Customer Support",
      where: "mine",
      at: "2026-11-30T11:59:30Z",
    };

    it("'may have been sent' is kept by content too, and the reopened draft (empty sessionData, new id) finds it; clear removes every key", async () => {
      install(["Mailbox 1.11", "Mailbox 1.8"], "AAMk-draft-1", message);
      const storage = local();
      await openAttemptStore(storage, () => NOW).save(attempt);
      expect([...storage.items.keys()].sort()).toEqual([
        expect.stringMatching(new RegExp(`^${OPEN_ATTEMPT_KEY}\\.content\\.[0-9a-f]{64}$`)),
        `${OPEN_ATTEMPT_KEY}.rest-AAMk-draft-1`,
      ]);
      const session = install(["Mailbox 1.11", "Mailbox 1.8"], "AAMk-reopened", message);
      const reopened = openAttemptStore(storage, () => NOW);
      await expect(reopened.load()).resolves.toEqual(attempt);
      await reopened.clear();
      expect([...storage.items.keys()]).toEqual([]);
      expect(session.size).toBe(0);
    });

    it("the record that it was sent (window not closed) is kept by content too: the stale draft opened again reads it; another message does not", async () => {
      install(["Mailbox 1.14", "Mailbox 1.11", "Mailbox 1.8"], "AAMk-draft-1", message);
      const storage = local();
      await openAttemptStore(storage, () => NOW).saveSent(sent);
      install(["Mailbox 1.14", "Mailbox 1.11", "Mailbox 1.8"], "AAMk-stale", message);
      await expect(openAttemptStore(storage, () => NOW).loadSent()).resolves.toEqual(sent);
      // It is no open attempt ("may have been sent"): the two records stay apart.
      await expect(openAttemptStore(storage, () => NOW).load()).resolves.toBeNull();
      install(["Mailbox 1.14", "Mailbox 1.11", "Mailbox 1.8"], "AAMk-other", {
        ...message,
        subject: "Invoice 89",
      });
      await expect(openAttemptStore(storage, () => NOW).loadSent()).resolves.toBeNull();
      // An hour on, the same content is a new message.
      install(["Mailbox 1.14", "Mailbox 1.11", "Mailbox 1.8"], "AAMk-stale", message);
      const later = new Date(Date.parse(sent.at) + 61 * 60 * 1000);
      await expect(openAttemptStore(storage, () => later).loadSent()).resolves.toBeNull();
    });

    it("below 1.11 the record that it was sent is kept by content as well", async () => {
      install(["Mailbox 1.8"], "AAMk-draft-1", message);
      const storage = local();
      await openAttemptStore(storage, () => NOW).saveSent(sent);
      install(["Mailbox 1.8"], "AAMk-resaved", message);
      await expect(openAttemptStore(storage, () => NOW).loadSent()).resolves.toEqual(sent);
    });
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

  it("a copy a live send in another pane is making (rev12m #6): kept with its beat, changed in one step, and no reason for a pane start to load the send code", async () => {
    install([]);
    const storage = local();
    const making = { ...copy, making: { beat: "2026-11-30T11:59:30Z" } };
    const store = openAttemptStore(storage, () => NOW);
    await store.leftovers!.add(making);
    await expect(store.leftovers!.list()).resolves.toEqual([making]);
    expect(isMaking(making, NOW.getTime())).toBe(true);
    expect(isMaking(making, NOW.getTime() + MAKING_STALE_MS)).toBe(false);
    expect(isMaking(copy, NOW.getTime())).toBe(false);
    let loads = 0;
    const load = async () => (loads++, { tidy: async () => undefined });
    await store.tidyAtStart(load);
    expect(loads).toBe(0);
    // Its pane is gone (the beat stale): a leftover like any, the pane start removes it.
    await openAttemptStore(storage, () => new Date(NOW.getTime() + MAKING_STALE_MS)).tidyAtStart(
      load
    );
    expect(loads).toBe(1);
    // change: the kept record only; a forgotten one stays forgotten.
    await store.leftovers!.change(copy, (c) => ({ ...c, making: { beat: NOW.toISOString() } }));
    await expect(store.leftovers!.list()).resolves.toEqual([
      { ...copy, making: { beat: NOW.toISOString() } },
    ]);
    await store.leftovers!.remove(copy);
    await store.leftovers!.change(copy, (c) => ({ ...c, making: { beat: NOW.toISOString() } }));
    expect(storage.items.has(LEFTOVER_KEY)).toBe(false);
    // A damaged mark: the entry cannot be trusted.
    storage.setItem(LEFTOVER_KEY, JSON.stringify([{ ...copy, making: "yes" }]));
    await expect(store.leftovers!.list()).resolves.toEqual([]);
  });
});
