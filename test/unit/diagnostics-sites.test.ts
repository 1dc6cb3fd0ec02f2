// Catch sites record what they swallow, and behaviour stays as it was: one representative site
// per area (handlers, directory client, send pipeline, Office wrappers). The pane's sites are in
// test/components/diagnostics.test.tsx.
import { messagesFor } from "../../src/core/i18n";
import { toSmtpAddress } from "../../src/core/address";
import { diagnostics } from "../../src/core/diagnostics";
import { formatDiagnosticEvent } from "../../src/core/diagnostics-text";
import { loadUserShard } from "../../src/directory/client";
import { DirectoryStorage, memoryStorage } from "../../src/directory/storage";
import { HandlerDeps, onMessageSend, onNewMessageCompose } from "../../src/events/handlers";
import { createHttp, GraphError } from "../../src/graph/http";
import { Sender } from "../../src/graph/send";
import { roamingPreferences } from "../../src/office/roaming";
import { EMPTY_PREFERENCES } from "../../src/core/search";
import { mailbox, shard, shardText, USER } from "../fixtures/shards";

// The event handlers' catalogues: the pane's texts with the events' own (src/core/i18n/index.ts).
const en = messagesFor("en");

const JWT =
  "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ1cG4iOiJhbGV4QG5vcnRod2luZC5leGFtcGxlIn0.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu";
const lines = () => diagnostics.entries().map(formatDiagnosticEvent);
const recorded = () => diagnostics.entries().map((e) => `${e.area}.${e.event} ${e.name}`);

beforeEach(() => diagnostics.clear());

describe("event handlers", () => {
  const USER_ADDRESS = { address: USER, displayName: "Alex Wilber" };
  function deps(overrides: Partial<HandlerDeps>): HandlerDeps {
    return {
      user: () => USER_ADDRESS,
      readFrom: async () => toSmtpAddress("finance@northwind.example"),
      messages: () => en,
      directory: {
        cached: async () => null,
        refresh: async () => ({
          status: "failed",
          failure: { kind: "unreachable", detail: "timed out" },
        }),
      },
      digest: { read: () => undefined, write: async () => undefined },
      notify: async () => undefined,
      supportsMarkdown: () => true,
      settings: { failClosed: false },
      ...overrides,
    };
  }
  const event = () => {
    const completions: unknown[] = [];
    return { completions, completed: (o?: unknown) => void completions.push(o) };
  };

  it("still allows the send when the check itself fails, and records why", async () => {
    const e = event();
    await onMessageSend(
      deps({
        messages: () => {
          throw new TypeError("catalogue missing");
        },
        directory: {
          cached: () => Promise.reject(new Error(`storage said no to ${JWT}`)),
          refresh: () => Promise.reject(new TypeError("Failed to fetch")),
        },
      }),
      e
    );
    expect(e.completions).toEqual([{ allowEvent: true }]);
    expect(recorded()).toEqual([
      "events.cacheRead Error",
      "events.directoryRefresh TypeError",
      "events.cacheRead Error",
      "events.sendCheckFailed TypeError",
    ]);
    expect(lines().join("\n")).not.toContain("eyJ");
  });

  it("records why Outlook's From could not be read, and the message still opens", async () => {
    const e = event();
    await onNewMessageCompose(
      deps({
        readFrom: () =>
          Promise.reject(
            Object.assign(new Error("Internal error"), { name: "OfficeCallError", code: 9020 })
          ),
      }),
      e
    );
    expect(e.completions).toEqual([undefined]);
    expect(lines()).toEqual([
      expect.stringMatching(/ events\.readFrom OfficeCallError \[9020\]: Internal error$/),
    ]);
  });
});

describe("directory client", () => {
  const BASE = "https://sendfrom.example.org/directory/";
  const GOOD = shardText(shard([mailbox({ address: "support@northwind.example" })]));

  it("records a cache that cannot be written, and still serves what it fetched", async () => {
    const full: DirectoryStorage = {
      ...memoryStorage(),
      set: async () => {
        throw Object.assign(new Error("The quota has been exceeded."), {
          name: "QuotaExceededError",
        });
      },
    };
    const state = await loadUserShard({
      baseUrl: BASE,
      user: USER,
      storage: full,
      fetch: (async () => new Response(GOOD, { status: 200 })) as typeof fetch,
    });
    expect(state.status).toBe("ready");
    expect(recorded()).toEqual(["directory.cacheWrite QuotaExceededError"]);
  });

  it("records a network failure next to the failure it reports", async () => {
    const state = await loadUserShard({
      baseUrl: BASE,
      user: USER,
      storage: memoryStorage(),
      fetch: (async () => {
        throw new TypeError("Failed to fetch");
      }) as typeof fetch,
    });
    expect(state).toEqual({
      status: "failed",
      failure: { kind: "unreachable", detail: "Failed to fetch" },
    });
    expect(lines()).toEqual([
      expect.stringMatching(/ directory\.fetch TypeError: Failed to fetch$/),
    ]);
  });
});

describe("send pipeline", () => {
  const BILLING = mailbox({ address: "billing@northwind.example", displayName: "Billing" });
  const respond = (body: unknown, status = 200) =>
    new Response(body === undefined ? null : JSON.stringify(body), { status });

  it("records a compose window that would not close after the message went; the send still counts", async () => {
    const sender = new Sender(
      async (request) =>
        request.method === "PATCH"
          ? respond({ id: "d1", isDraft: true, internetMessageId: "<m1@northwind.example>" })
          : request.method === "GET"
            ? respond({ value: [] }) // the look for a sent copy before sending: none
            : respond(undefined, 202),
      {
        saveDraft: async () => "d1",
        close: () =>
          Promise.reject(
            Object.assign(new Error("closeAsync failed"), { name: "OfficeCallError", code: 9041 })
          ),
      }
    );
    const outcome = await sender.send(BILLING, "mine");
    // The window still shows the sent message: the pane says so (issue 12).
    expect(outcome).toEqual({ ok: true, copies: ["mine"], confirmedLate: false, notClosed: true });
    expect(recorded()).toEqual(["send.closeCompose OfficeCallError"]);
  });

  it("records the draft's From it could not put back after a refusal; the refusal is what the user sees", async () => {
    let patches = 0;
    const sender = new Sender(
      async (request) => {
        if (request.method === "PATCH" && patches++ > 0)
          throw new GraphError(0, "network", "offline");
        if (request.method === "PATCH")
          return respond({ id: "d1", isDraft: true, internetMessageId: "<m1@x>" });
        // The look for a sent copy before sending: none.
        if (request.method === "GET") return respond({ value: [] });
        throw new GraphError(403, "ErrorSendAsDenied", "denied", null, null);
      },
      { saveDraft: async () => "d1", close: async () => undefined }
    );
    const outcome = await sender.send(BILLING, "mine");
    expect(outcome).toMatchObject({
      ok: false,
      draftIntact: true,
      error: { code: "ErrorSendAsDenied" },
    });
    expect(lines()).toEqual([
      expect.stringMatching(/ send\.restoreFrom GraphError \[network\]: offline$/),
    ]);
  });

  it("records a retried request without its token or the upload URL's query", async () => {
    let calls = 0;
    const http = createHttp({
      baseUrl: "https://graph.microsoft.com/v1.0",
      tokens: { getToken: async () => JWT },
      sleep: async () => undefined,
      fetch: (async (url: string, init: RequestInit) => {
        if (calls++ === 0)
          throw new TypeError(
            `connection reset for ${url}?authtoken=${JWT} (${String((init.headers as Record<string, string>).Authorization)})`
          );
        return new Response("{}", { status: 200 });
      }) as unknown as typeof fetch,
    });
    const response = await http({ method: "GET", path: "/me/messages/d1", idempotent: true });
    expect(response.status).toBe(200);
    expect(recorded()).toEqual(["send.retryAfterNoAnswer GraphError"]);
    expect(lines()[0]).toContain("https://graph.microsoft.com/v1.0/me/messages/d1?[query]");
    expect(lines()[0]).toContain("Bearer [token]");
    expect(lines()[0]).not.toContain("eyJ");
  });
});

describe("Office wrappers", () => {
  afterEach(() => {
    delete (globalThis as unknown as { Office?: unknown }).Office;
  });

  it("records roaming settings that cannot be read; the pane starts with no preferences", () => {
    (globalThis as unknown as { Office: unknown }).Office = {
      context: {
        roamingSettings: {
          get: () => {
            throw new Error("Roaming settings are unavailable");
          },
        },
      },
    };
    expect(roamingPreferences().load()).toEqual(EMPTY_PREFERENCES);
    expect(recorded()).toEqual(["office.preferencesLoad Error"]);
  });
});
