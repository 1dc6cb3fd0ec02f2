// The built handler file, run as classic Outlook on Windows runs it: a bare JavaScript context
// with an Office-shaped global, no window, document, localStorage, module loader or TextEncoder.
import { toSmtpAddress } from "../../src/core/address";
import { readFileSync } from "fs";
import { join } from "path";
import { createContext, runInContext } from "vm";
import { DOMParser } from "@xmldom/xmldom";
import { DIST, ROOT } from "./harness";
import { alexShard, MEGAN_UPN, meganShard } from "../fixtures/northwind";
import { cacheKey, cacheValue } from "../../src/directory/client";
import { contentKey } from "../../src/office/open-attempt-store";
import { ROAMING_RECORDS_KEY } from "../../src/office/roaming-records";

const bundle = () => readFileSync(join(DIST, "launchevent.js"), "utf8");

type Completed = Record<string, unknown> | undefined;

function runtime(options: {
  from: string;
  storage?: Record<string, string>;
  fetch?: (url: string) => Promise<unknown>;
  /** false: no console global at all (diagnostics must not need one). */
  console?: false;
  /** Intl constructors this runtime lacks (classic Outlook's JavaScript-only runtime need not have them). */
  withoutIntl?: ("PluralRules" | "RelativeTimeFormat" | "Intl")[];
  /** Remove Intl.Segmenter, as the JavaScript-only runtime may lack it. */
  noSegmenter?: boolean;
  /** userProfile's address (default Alex); another mailbox in "Open another mailbox". */
  profile?: string;
  /** Office.auth.getAuthContext()'s account, when the host offers it. */
  signedIn?: string;
  /** item.getSharedPropertiesAsync's owner: the item lives in a shared mailbox. */
  owner?: string;
  /** The add-in's roaming settings, as the mailbox holds them. */
  roaming?: Record<string, unknown>;
  /** The compose item's subject, To and text body (a message the pane may have sent). */
  message?: { subject: string; to: string[]; body: string };
}) {
  const logged: string[] = [];
  const handlers: Record<string, (event: { completed(o?: Completed): void }) => void> = {};
  const notifications: Record<string, { type: string; message: string }> = {};
  const fetched: string[] = [];
  const ok = (value?: unknown) => (cb?: (r: unknown) => void) =>
    cb?.({ status: "succeeded", value });
  // Every compose item has a subject, recipients and a body (empty unless `message` says).
  const message = options.message ?? { subject: "", to: [], body: "" };
  const office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Text: "text", Html: "html" },
    MailboxEnums: {
      ItemNotificationMessageType: {
        ErrorMessage: "errorMessage",
        InformationalMessage: "informationalMessage",
      },
    },
    ...(options.signedIn
      ? { auth: { getAuthContext: async () => ({ userPrincipalName: options.signedIn }) } }
      : {}),
    actions: { associate: (name: string, fn: (typeof handlers)[string]) => (handlers[name] = fn) },
    context: {
      displayLanguage: "en-US",
      requirements: { isSetSupported: () => true },
      roamingSettings: {
        get: (name: string) => options.roaming?.[name],
        set: () => undefined,
        saveAsync: (cb: (r: unknown) => void) => ok()(cb),
      },
      mailbox: {
        userProfile: {
          emailAddress: options.profile ?? "alex.wilber@northwind.example",
          displayName: "Alex Wilber",
        },
        item: {
          subject: { getAsync: (cb: (r: unknown) => void) => ok(message.subject)(cb) },
          to: {
            getAsync: (cb: (r: unknown) => void) =>
              ok(message.to.map((emailAddress) => ({ emailAddress })))(cb),
          },
          cc: { getAsync: (cb: (r: unknown) => void) => ok([])(cb) },
          bcc: { getAsync: (cb: (r: unknown) => void) => ok([])(cb) },
          body: { getAsync: (_type: string, cb: (r: unknown) => void) => ok(message.body)(cb) },
          ...(options.owner
            ? {
                getSharedPropertiesAsync: (cb: (r: unknown) => void) =>
                  ok({ owner: options.owner })(cb),
              }
            : {}),
          from: {
            getAsync: (cb: (r: unknown) => void) =>
              ok({ emailAddress: options.from, displayName: "x" })(cb),
          },
          notificationMessages: {
            replaceAsync: (
              key: string,
              details: { type: string; message: string },
              cb: (r: unknown) => void
            ) => {
              notifications[key] = details;
              ok()(cb);
            },
            removeAsync: (key: string, cb: (r: unknown) => void) => {
              delete notifications[key];
              ok()(cb);
            },
          },
        },
      },
    },
  };
  const store = { ...options.storage };
  const context = createContext({
    Office: office,
    OfficeRuntime: {
      storage: {
        getItem: async (k: string) => store[k] ?? null,
        setItem: async (k: string, v: string) => void (store[k] = v),
        removeItem: async (k: string) => void delete store[k],
      },
    },
    fetch: (url: string) => {
      fetched.push(url);
      return options.fetch ? options.fetch(url) : Promise.reject(new TypeError("offline"));
    },
    // The test's (possibly fake) clock: the deadline is then measured in virtual time.
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
    // V8 gives every context a console of its own; this one is what the test reads.
    console:
      options.console === false
        ? undefined
        : { log: (...args: unknown[]) => void logged.push(args.join(" ")) },
  });
  for (const name of options.withoutIntl ?? [])
    runInContext(name === "Intl" ? "delete globalThis.Intl" : `delete Intl.${name}`, context);
  if (options.noSegmenter) runInContext("delete Intl.Segmenter", context);
  runInContext(bundle(), context);
  const fire = (name: string) =>
    new Promise<Completed>((resolve) =>
      handlers[name]({ completed: (o?: Completed) => resolve(o) })
    );
  return { handlers, notifications, fetched, fire, context, logged, office };
}

const cachedStorage = () => ({
  [cacheKey("https://localhost:3000/directory/", toSmtpAddress("alex.wilber@northwind.example"))]:
    cacheValue(alexShard(), "2026-11-22T08:00:00Z"),
});

describe("launchevent.js", () => {
  it("has no module loading at run time and registers every handler the manifest names", () => {
    const code = bundle();
    expect(code).not.toMatch(/\brequire\s*\(\s*["'`]/);
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toMatch(/^\s*import\s/m);
    const manifest = new DOMParser().parseFromString(
      readFileSync(join(ROOT, "manifest.xml"), "utf8"),
      "text/xml"
    );
    const names = Array.from(manifest.getElementsByTagName("LaunchEvent")).map((e) =>
      e.getAttribute("FunctionName")
    );
    const { handlers, context } = runtime({ from: "alex.wilber@northwind.example" });
    expect(Object.keys(handlers).sort()).toEqual([...new Set(names)].sort());
    expect(
      runInContext(
        "typeof window + typeof document + typeof localStorage + typeof require",
        context
      )
    ).toBe("undefinedundefinedundefinedundefined");
  });

  it("blocks a Full Access-only From from the cache, without touching the network", async () => {
    const rt = runtime({ from: "hr@northwind.example", storage: cachedStorage() });
    const result = await rt.fire("onMessageSendHandler");
    expect(result).toMatchObject({
      allowEvent: false,
      commandId: "msgComposeOpenPaneButton",
      cancelLabel: "Pick a mailbox",
    });
    expect(String(result?.errorMessage)).toContain("Human Resources");
    expect(rt.fetched).toEqual([]);
  });

  it("Open another mailbox: userProfile is the mailbox, the Smart Alert checks the signed-in person's rights", async () => {
    // office-js #3837: userProfile is the opened mailbox; Office's own account is still Alex.
    const rt = runtime({
      from: "hr@northwind.example",
      profile: "hr@northwind.example",
      signedIn: "Alex.Wilber@northwind.example",
      owner: "hr@northwind.example",
      storage: cachedStorage(),
    });
    const result = await rt.fire("onMessageSendHandler");
    expect(result).toMatchObject({ allowEvent: false, cancelLabel: "Pick a mailbox" });
    expect(String(result?.errorMessage)).toContain("Human Resources");
  });

  describe("Open another mailbox: the signed-in person's rights on the opened mailbox decide", () => {
    // office-js #3837: userProfile is the opened mailbox; Office's own account is still Alex.
    const opened = (mailbox: string, from = mailbox) =>
      runtime({
        from,
        profile: mailbox,
        signedIn: "alex.wilber@northwind.example",
        owner: mailbox,
        storage: cachedStorage(),
      });

    it("a mailbox Alex may send from (Send As): allowed, with the usual advice on where the copy lands", async () => {
      const rt = opened("support@northwind.example");
      expect(await rt.fire("onMessageSendHandler")).toEqual({ allowEvent: true });
      await rt.fire("onMessageFromChangedHandler");
      expect(Object.keys(rt.notifications).sort()).toEqual(["sendFromCopy", "sendFromRecipients"]);
      // Alex's cached shard decided: nothing was fetched, no shard of the opened mailbox asked.
      expect(rt.fetched).toEqual([]);
    });

    it("Send on Behalf only: allowed; recipients are told it is on behalf", async () => {
      const rt = opened("sales.eu@northwind.example");
      expect(await rt.fire("onMessageSendHandler")).toEqual({ allowEvent: true });
      await rt.fire("onMessageFromChangedHandler");
      expect(rt.notifications.sendFromRecipients?.message).toMatch(/on behalf/i);
    });

    it("a mailbox Alex has only Full Access to: From warned when it changes, Send blocked", async () => {
      const rt = opened("hr@northwind.example");
      await rt.fire("onMessageFromChangedHandler");
      const warnings = Object.values(rt.notifications);
      expect(warnings.some((n) => n.message.includes("Human Resources"))).toBe(true);
      const result = await rt.fire("onMessageSendHandler");
      expect(result).toMatchObject({ allowEvent: false, cancelLabel: "Pick a mailbox" });
    });

    it("From left empty by Outlook: the opened mailbox is From, and Alex's rights on it decide", async () => {
      expect(await opened("hr@northwind.example", "").fire("onMessageSendHandler")).toMatchObject({
        allowEvent: false,
      });
      expect(await opened("support@northwind.example", "").fire("onMessageSendHandler")).toEqual({
        allowEvent: true,
      });
    });
  });

  it.each([
    ["megan.bowen@northwind.example", true],
    ["support@northwind.example", true],
    ["hr@northwind.example", false],
  ])(
    "UPN is not the mail address (own mailbox): From %s is judged on the person's own shard (allowed: %s)",
    async (from, allowed) => {
      // Entra's UPN and mail are separate attributes: Office's auth context names Megan by her
      // UPN, userProfile by her mailbox. She is in her own mailbox, not in "Open another mailbox".
      const megan = toSmtpAddress("megan.bowen@northwind.example");
      const rt = runtime({
        from,
        profile: "Megan.Bowen@northwind.example",
        signedIn: MEGAN_UPN,
        storage: {
          [cacheKey("https://localhost:3000/directory/", megan)]: cacheValue(
            meganShard(),
            "2026-11-22T08:00:00Z"
          ),
        },
      });
      const result = await rt.fire("onMessageSendHandler");
      if (allowed) expect(result).toEqual({ allowEvent: true });
      else {
        expect(result).toMatchObject({ allowEvent: false, cancelLabel: "Pick a mailbox" });
        expect(String(result?.errorMessage)).toContain("lists no Send As or Send on Behalf right");
      }
      // Decided from Megan's own cached shard: nothing was asked of the network.
      expect(rt.fetched).toEqual([]);
    }
  );

  it("classic Outlook's reply in a shared mailbox: from.getAsync reads as the user, the item's owner is checked and warned about", async () => {
    // office-js #1832: from.getAsync gives Alex while Outlook's From shows Human Resources. The
    // From is inferred from the item's owner, so the user may really have chosen their own
    // address: a warning with Send Anyway (Mailbox 1.14), never a block they cannot fix.
    const rt = runtime({
      from: "alex.wilber@northwind.example",
      owner: "hr@northwind.example",
      storage: cachedStorage(),
    });
    const result = await rt.fire("onMessageSendHandler");
    expect(result).toMatchObject({ allowEvent: false, sendModeOverride: "promptUser" });
    expect(String(result?.errorMessage)).toContain("hr@northwind.example");
    expect(String(result?.errorMessage)).toContain("Send Anyway");
  });

  it("allows at once for a permitted mailbox, and notifies where the copy lands", async () => {
    const rt = runtime({ from: "support@northwind.example", storage: cachedStorage() });
    expect(await rt.fire("onMessageSendHandler")).toEqual({ allowEvent: true });
    await rt.fire("onMessageFromChangedHandler");
    expect(Object.keys(rt.notifications).sort()).toEqual(["sendFromCopy", "sendFromRecipients"]);
  });

  it("fails open when the directory can't be reached and nothing is cached, asking an absolute URL", async () => {
    const rt = runtime({ from: "finance@northwind.example" });
    expect(await rt.fire("onMessageSendHandler")).toEqual({ allowEvent: true });
    expect(rt.fetched[0]).toMatch(
      /^https:\/\/localhost:3000\/directory\/users\/[0-9a-f]{64}\.json$/
    );
  });

  it("writes what failed to the console (Outlook's runtime log), with no address or token", async () => {
    const rt = runtime({ from: "finance@northwind.example" });
    expect(await rt.fire("onMessageSendHandler")).toEqual({ allowEvent: true });
    expect(rt.logged).toEqual([
      expect.stringMatching(/^\[Send From\] \S+Z directory\.fetch TypeError: offline$/),
    ]);
    expect(rt.logged.join("\n")).not.toMatch(/alex|finance|wilber/);
  });

  describe("a stale draft of a message the pane sent, opened again (no sessionData, a new id)", () => {
    // Classic Outlook's JavaScript-only runtime has no localStorage and no TextEncoder: the
    // pane's record reaches it through roaming settings, found by the message's digest
    // (office/roaming-records.ts), computed here as the pane computes it (contentKey).
    const message = {
      subject: "Quarterly figures",
      to: ["megan.bowen@northwind.example"],
      body: "Hello Megan, the figures are attached.",
    };
    const digestOf = async (office: unknown) => {
      const global = globalThis as unknown as { Office?: unknown };
      global.Office = office;
      try {
        return (await contentKey())!;
      } finally {
        delete global.Office;
      }
    };
    const kept = (k: "s" | "a", d: string) => ({
      [ROAMING_RECORDS_KEY]: [{ k, d, m: "Customer Support", at: new Date().toISOString() }],
    });

    it("sent: Send is stopped with the already-sent text, before From is checked", async () => {
      const digest = await digestOf(
        runtime({ from: "alex.wilber@northwind.example", message }).office
      );
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
      const rt = runtime({
        from: "alex.wilber@northwind.example",
        message,
        roaming: kept("s", digest),
      });
      const result = await rt.fire("onMessageSendHandler");
      expect(result).toMatchObject({ allowEvent: false, cancelLabel: "Don't send" });
      expect(String(result?.errorMessage)).toContain(
        "Send From already sent this message from Customer Support"
      );
    });

    it("a send whose answer was lost: stopped with the may-have-been-sent text; another message is not", async () => {
      const digest = await digestOf(
        runtime({ from: "alex.wilber@northwind.example", message }).office
      );
      const rt = runtime({
        from: "alex.wilber@northwind.example",
        message,
        roaming: kept("a", digest),
      });
      expect(String((await rt.fire("onMessageSendHandler"))?.errorMessage)).toContain(
        "Send From may already have sent this message from Customer Support"
      );
      const other = runtime({
        from: "alex.wilber@northwind.example",
        message: { ...message, body: "Another text." },
        roaming: kept("a", digest),
      });
      expect(await other.fire("onMessageSendHandler")).toEqual({ allowEvent: true });
    });
  });

  it("runs where there is no AbortController, TextEncoder or TextDecoder (the handlers must not need them)", () => {
    const { context } = runtime({ from: "alex.wilber@northwind.example" });
    expect(
      runInContext("typeof AbortController + typeof TextEncoder + typeof TextDecoder", context)
    ).toBe("undefinedundefinedundefined");
  });

  describe("on a fake clock", () => {
    beforeEach(() =>
      jest.useFakeTimers({ doNotFake: ["nextTick", "queueMicrotask", "setImmediate"] })
    );
    afterEach(() => jest.useRealTimers());

    /** Fires a handler and runs the virtual clock; returns the answer and when it came. */
    async function fireTimed(rt: ReturnType<typeof runtime>, name: string) {
      const start = Date.now();
      let at = -1;
      let answer: Completed;
      void rt.fire(name).then((o) => {
        at = Date.now() - start;
        answer = o;
      });
      await jest.advanceTimersByTimeAsync(10_000);
      return { at, answer };
    }

    const never = () => new Promise(() => undefined);
    const bodyThatStalls = async () => ({
      ok: true,
      status: 200,
      headers: { get: () => null },
      body: null,
      text: never,
    });

    it.each([
      ["headers that never come", never],
      ["a body that stalls after the headers", bodyThatStalls],
    ])("%s: the send goes at the 3 s deadline, not later", async (_label, fetch) => {
      const rt = runtime({ from: "finance@northwind.example", fetch });
      const { at, answer } = await fireTimed(rt, "onMessageSendHandler");
      expect(answer).toEqual({ allowEvent: true });
      expect(at).toBe(3000);
    });

    it("one's own address: allowed at once, no request", async () => {
      const rt = runtime({ from: "Alex.Wilber@northwind.example", fetch: never });
      const { at, answer } = await fireTimed(rt, "onMessageSendHandler");
      expect(answer).toEqual({ allowEvent: true });
      expect(at).toBe(0);
      expect(rt.fetched).toEqual([]);
    });

    it("'nothing published' is remembered: the next sends ask nobody", async () => {
      const rt = runtime({
        from: "finance@northwind.example",
        fetch: async (url) =>
          url.endsWith("index.json")
            ? {
                ok: true,
                status: 200,
                headers: { get: () => null },
                body: null,
                text: async () =>
                  JSON.stringify({
                    format: "send-from-directory",
                    version: 1,
                    generatedAt: "2026-11-20T06:00:00Z",
                    tenant: "northwind.example",
                  }),
              }
            : {
                ok: false,
                status: 404,
                headers: { get: () => null },
                body: null,
                text: async () => "",
              },
      });
      expect((await fireTimed(rt, "onMessageSendHandler")).answer).toEqual({ allowEvent: true });
      const asked = rt.fetched.length;
      expect(asked).toBeGreaterThan(0);
      for (let i = 0; i < 3; i++)
        expect((await fireTimed(rt, "onMessageSendHandler")).answer).toEqual({ allowEvent: true });
      expect(rt.fetched).toHaveLength(asked);
    });

    it("a shard over the size limit: said in a notification, and the send handled as unreachable", async () => {
      const huge = `{"pad":"${"x".repeat(17 * 1024 * 1024)}"}`;
      const rt = runtime({
        from: "hr@northwind.example",
        fetch: async () => ({
          ok: true,
          status: 200,
          headers: { get: () => null },
          body: null,
          text: async () => huge,
        }),
      });
      const { at, answer } = await fireTimed(rt, "onMessageSendHandler");
      expect(answer).toEqual({ allowEvent: true });
      expect(at).toBeLessThan(3000);
      expect(rt.notifications.sendFromDirectory?.message).toContain("size limit");
    });
  });

  it("without Intl.Segmenter, a long emoji name still gives an alert within 500 characters, no code point split", async () => {
    const shard = alexShard({
      mailboxes: [
        {
          address: toSmtpAddress("hr@northwind.example"),
          displayName: "👩‍👩‍👧‍👦".repeat(100),
          kind: "shared",
          rights: ["FullAccess"],
          sentItemsCopy: { sendAs: false, sendOnBehalf: false },
        },
      ],
    });
    const rt = runtime({
      from: "hr@northwind.example",
      noSegmenter: true,
      storage: {
        [cacheKey(
          "https://localhost:3000/directory/",
          toSmtpAddress("alex.wilber@northwind.example")
        )]: cacheValue(shard, "2026-11-22T08:00:00Z"),
      },
    });
    const result = await rt.fire("onMessageSendHandler");
    for (const text of [String(result?.errorMessage), String(result?.errorMessageMarkdown)]) {
      expect(text.length).toBeLessThanOrEqual(500);
      expect(text).toContain("hr@northwind");
      expect(text).not.toMatch(
        /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
      );
    }
  });

  it("fails open the same where the runtime has no console", async () => {
    const rt = runtime({ from: "finance@northwind.example", console: false });
    expect(await rt.fire("onMessageSendHandler")).toEqual({ allowEvent: true });
    expect(runInContext("typeof console", rt.context)).toBe("undefined");
  });

  it.each([
    [
      "Intl.PluralRules and Intl.RelativeTimeFormat",
      ["PluralRules", "RelativeTimeFormat"] as const,
    ],
    ["Intl at all", ["Intl"] as const],
  ])(
    "runs in a runtime without %s: the catalogues touch Intl only when they format",
    async (_, missing) => {
      const rt = runtime({
        from: "hr@northwind.example",
        storage: cachedStorage(),
        withoutIntl: [...missing],
      });
      expect(
        runInContext(`typeof Intl === "undefined" || typeof Intl.PluralRules`, rt.context)
      ).not.toBe("function");
      const result = await rt.fire("onMessageSendHandler");
      expect(result).toMatchObject({ allowEvent: false, cancelLabel: "Pick a mailbox" });
      expect(String(result?.errorMessage)).toContain("Human Resources");
      await rt.fire("onMessageFromChangedHandler");
      expect(Object.keys(rt.notifications).length).toBeGreaterThan(0);
    }
  );

  it("fetches the shard when nothing is cached, and blocks a mailbox without rights", async () => {
    const rt = runtime({
      from: "finance@northwind.example",
      fetch: async () => ({
        ok: true,
        status: 200,
        headers: { get: () => null },
        body: null,
        text: async () => JSON.stringify(alexShard()),
      }),
    });
    expect(await rt.fire("onMessageSendHandler")).toMatchObject({ allowEvent: false });
  });
});
