// The event handlers in protected directory access (issue 10, item 4), wired as src/events/index.ts
// wires them: the real directory client reading B/me with a token only when the cache cannot
// decide. The token provider here stands in for Office single sign-on (src/office/sso.ts).
import { messagesFor } from "../../../src/core/i18n";
import { toSmtpAddress } from "../../../src/core/address";
import { DirectoryOptions, loadUserShard, readCachedFor } from "../../../src/directory/client";
import { DirectoryStorage, memoryStorage } from "../../../src/directory/storage";
import { HandlerDeps, onMessageSend } from "../../../src/events/handlers";
import { CACHE_FORMATS, cachedCopy } from "../../fixtures/cache";
import { alexShard } from "../../fixtures/northwind";

// The event handlers' catalogues: the pane's texts with the events' own (src/core/i18n/index.ts).
const en = messagesFor("en");

const BASE = "https://directory.northwind.example/api/";
const USER = {
  address: toSmtpAddress("alex.wilber@northwind.example"),
  displayName: "Alex Wilber",
};

function wiring(storage: DirectoryStorage, token: () => Promise<string>, fetchFn: typeof fetch) {
  const headers = jest.fn(async () => ({ Authorization: `Bearer ${await token()}` }));
  const options = (timeoutMs?: number): DirectoryOptions => ({
    baseUrl: BASE,
    user: USER.address,
    storage,
    timeoutMs,
    fetch: fetchFn,
    protected: true,
    shardUrl: `${BASE}me`,
    headers,
  });
  const deps = (from: string): HandlerDeps => ({
    user: () => USER,
    readFrom: async () => toSmtpAddress(from),
    messages: () => en,
    directory: {
      cached: (address) => readCachedFor(options(), address),
      refresh: (timeoutMs) => loadUserShard(options(timeoutMs)),
    },
    digest: { read: () => undefined, write: async () => undefined },
    notify: async () => undefined,
    supportsMarkdown: () => true,
    settings: { failClosed: false },
  });
  return { deps, headers };
}

function event() {
  const completions: (Record<string, unknown> | undefined)[] = [];
  return { completions, completed: (o?: Record<string, unknown>) => void completions.push(o) };
}

const noNetwork = jest.fn(() => Promise.reject(new TypeError("Failed to fetch")));

beforeEach(() => noNetwork.mockClear());

it.each(CACHE_FORMATS)(
  "decides from the last good copy (cache format %i) with no token and no request",
  async (format) => {
    const storage = memoryStorage(cachedCopy(format, BASE, alexShard(), "2026-11-22T09:00:00Z"));
    const token = jest.fn(() => Promise.resolve("t"));
    for (const [from, allowed] of [
      ["support@northwind.example", true],
      ["hr@northwind.example", false],
    ] as const) {
      const { deps, headers } = wiring(storage, token, noNetwork as unknown as typeof fetch);
      const e = event();
      await onMessageSend(deps(from), e);
      expect(e.completions[0]).toMatchObject({ allowEvent: allowed });
      expect(headers).not.toHaveBeenCalled();
    }
    expect(token).not.toHaveBeenCalled();
    expect(noNetwork).not.toHaveBeenCalled();
  }
);

it("fails open with no cache and no token: mail is never blocked because the add-in cannot check", async () => {
  const { deps } = wiring(
    memoryStorage(),
    () => Promise.reject(new Error("13001: not signed in")),
    noNetwork as unknown as typeof fetch
  );
  const e = event();
  await onMessageSend(deps("finance@northwind.example"), e);
  expect(e.completions).toEqual([{ allowEvent: true }]);
  expect(noNetwork).not.toHaveBeenCalled();
});

it("fails open with no cache when the directory service is down", async () => {
  const { deps, headers } = wiring(
    memoryStorage(),
    () => Promise.resolve("t"),
    noNetwork as unknown as typeof fetch
  );
  const e = event();
  await onMessageSend(deps("finance@northwind.example"), e);
  expect(e.completions).toEqual([{ allowEvent: true }]);
  expect(headers).toHaveBeenCalledTimes(1);
  expect(noNetwork).toHaveBeenCalledTimes(1);
});
