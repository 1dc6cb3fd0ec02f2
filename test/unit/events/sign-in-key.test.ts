// The event handlers when the directory key is Office's UPN (issue 12, "Who is who"): Megan signs
// in as MeganB@northwindtraders.onmicrosoft.com, her mail address is megan.bowen@northwind.example.
// In "Open another mailbox" with only the item's owner as evidence the key is the UPN
// (core/identity.ts Delegate.addressUnknown); in her own mailbox it is her mail address. The pane
// and earlier handlers may have stored her shard and digest under either: the handlers find it
// under both (events/person-cache.ts, Digest.key), wired here as src/events/index.ts wires them,
// with the directory service down so only the stored copies can decide.
import { messagesFor } from "../../../src/core/i18n";
import { toSmtpAddress } from "../../../src/core/address";
import { toDigest } from "../../../src/core/digest";
import { NOTIFICATION_KEYS, Notification } from "../../../src/core/events";
import type { Delegate } from "../../../src/core/identity";
import { loadUserShard, readCachedFor } from "../../../src/directory/client";
import { DirectoryStorage, memoryStorage } from "../../../src/directory/storage";
import { HandlerDeps, onMessageFromChanged, onMessageSend } from "../../../src/events/handlers";
import { personCache } from "../../../src/events/person-cache";
import { CACHE_FORMATS, CacheFormat, cachedCopy } from "../../fixtures/cache";
import { meganShard, MEGAN_UPN } from "../../fixtures/northwind";
import { mailbox } from "../../fixtures/shards";

// The event handlers' catalogues: the pane's texts with the events' own (src/core/i18n/index.ts).
const en = messagesFor("en");

const BASE = "https://directory.northwind.example/api/";
const UPN = toSmtpAddress(MEGAN_UPN);
const MAIL = toSmtpAddress("megan.bowen@northwind.example");
const FINANCE = toSmtpAddress("finance@northwind.example");
const ACCOUNT = { upn: UPN, objectId: "0b9f7c7e-0000-4000-8000-000000000002" };

/** Megan's shard: Send As on Finance, Full Access only on HR. Her UPN is not an alias here. */
const shard = meganShard({
  aliases: [],
  mailboxes: [
    mailbox({ address: FINANCE, displayName: "Finance", rights: ["SendAs"] }),
    mailbox({ address: "hr@northwind.example", displayName: "HR", rights: ["FullAccess"] }),
  ],
});

/** "Open another mailbox" (Finance) with the mail address unknown: keyed by the UPN. */
const byUpn: Delegate = {
  user: { address: UPN, displayName: UPN },
  openedMailbox: FINANCE,
  account: ACCOUNT,
  addressUnknown: true,
};
/** Her own mailbox: keyed by her mail address. */
const byMail: Delegate = {
  user: { address: MAIL, displayName: "Megan Bowen" },
  openedMailbox: null,
  account: ACCOUNT,
};

const down = jest.fn(() => Promise.reject(new TypeError("Failed to fetch")));

function wiring(delegate: Delegate, storage: DirectoryStorage, roaming?: unknown) {
  const options = (timeoutMs?: number) => ({
    baseUrl: BASE,
    user: delegate.user.address,
    storage,
    timeoutMs,
    fetch: down as unknown as typeof fetch,
    protected: true,
    shardUrl: `${BASE}me`,
    keyIsSignInName: delegate.addressUnknown,
    headers: async () => ({ Authorization: "Bearer t" }),
  });
  const notified: Notification[][] = [];
  const deps = (from: string): HandlerDeps => ({
    user: () => delegate.user,
    readFrom: async () => toSmtpAddress(from),
    messages: () => en,
    directory: {
      cached: personCache(
        () => delegate,
        () => roaming,
        (key, address) => readCachedFor({ ...options(), user: key }, address)
      ),
      refresh: (timeoutMs) => loadUserShard(options(timeoutMs)),
    },
    digest: { read: () => roaming, write: async () => undefined },
    notify: async (wanted) => void notified.push(wanted),
    supportsMarkdown: () => true,
    settings: { failClosed: false },
  });
  return { deps, notified };
}

async function sendFrom(deps: HandlerDeps) {
  const completions: (Record<string, unknown> | undefined)[] = [];
  await onMessageSend(deps, { completed: (o) => void completions.push(o) });
  return completions[0];
}

/** Storage holding Megan's shard under `key` in cache `format` (as the directory client stores it). */
async function stored(key: string, format: CacheFormat = 4) {
  return memoryStorage(
    cachedCopy(format, BASE, shard, "2026-11-22T09:00:00Z", null, [], toSmtpAddress(key))
  );
}

beforeEach(() => down.mockClear());

describe.each(CACHE_FORMATS)("cache format %i", (format) => {
  describe.each([
    ["keyed by the UPN, stored under the UPN", byUpn, UPN, undefined],
    ["keyed by the mail address, stored under the UPN", byMail, UPN, undefined],
    // The mail-keyed copy is found through the digest this person's handler wrote under the UPN.
    [
      "keyed by the UPN, stored under the mail address",
      byUpn,
      MAIL,
      toDigest(shard, [], undefined, UPN),
    ],
  ])("%s", (_, delegate, key, roaming) => {
    it("OnMessageSend allows Finance (Send As) and blocks HR (Full Access only), from the cache alone", async () => {
      const storage = await stored(key, format);
      expect(await sendFrom(wiring(delegate, storage, roaming).deps(FINANCE))).toEqual({
        allowEvent: true,
      });
      expect(
        await sendFrom(wiring(delegate, storage, roaming).deps("hr@northwind.example"))
      ).toMatchObject({ allowEvent: false });
      expect(down).not.toHaveBeenCalled();
    });

    it("OnMessageFromChanged warns about HR and not about Finance", async () => {
      const storage = await stored(key, format);
      for (const [from, denied] of [
        ["hr@northwind.example", true],
        [FINANCE, false],
      ] as const) {
        const { deps, notified } = wiring(delegate, storage, roaming);
        await onMessageFromChanged(deps(from), { completed: () => undefined });
        const keys = notified.flat().map((n) => n.key);
        expect(keys.includes(NOTIFICATION_KEYS.denied)).toBe(denied);
      }
      expect(down).not.toHaveBeenCalled();
    });
  });
});

describe("only the roaming digest (nothing cached, the service down)", () => {
  it.each([
    ["written under the UPN, read keyed by the UPN", byUpn, UPN],
    ["written under the UPN, read keyed by the mail address", byMail, UPN],
    ["written under the mail address, read keyed by the mail address", byMail, MAIL],
  ])("%s: Finance allowed, HR blocked", async (_, delegate, key) => {
    const roaming = toDigest(shard, [], undefined, key);
    const { deps } = wiring(delegate, memoryStorage(), roaming);
    expect(await sendFrom(deps(FINANCE))).toEqual({ allowEvent: true });
    expect(await sendFrom(deps("hr@northwind.example"))).toMatchObject({ allowEvent: false });
  });
});

describe("another person's copy is never taken as this person's", () => {
  const britta: Delegate = {
    user: { address: toSmtpAddress("britta@northwind.example"), displayName: "Britta" },
    openedMailbox: null,
    account: ACCOUNT,
  };

  it.each(CACHE_FORMATS)(
    "a copy under Office's UPN (cache format %i) whose user is not the delegate is ignored (fail open, not Megan's rights)",
    async (format) => {
      const storage = await stored(UPN, format);
      // HR would be blocked on Megan's shard; for Britta nothing is known: the send goes.
      expect(await sendFrom(wiring(britta, storage).deps("hr@northwind.example"))).toEqual({
        allowEvent: true,
      });
    }
  );

  it("a digest written under another UPN is ignored", async () => {
    const roaming = toDigest(shard, [], undefined, "someone@northwindtraders.onmicrosoft.com");
    const { deps } = wiring(byUpn, memoryStorage(), roaming);
    expect(await sendFrom(deps("hr@northwind.example"))).toEqual({ allowEvent: true });
  });
});
