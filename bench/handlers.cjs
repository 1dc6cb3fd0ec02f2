#!/usr/bin/env node
// The built launchevent.js run as classic Outlook on Windows runs it (a bare VM context: no
// window, no AbortController, no TextEncoder, no module loader). Prints:
//  - the bundle's cold start: parse and run (Office.actions.associate) in a new context;
//  - OnMessageSend from the cache at up to 50,000 mailboxes (target: under 50 ms);
//  - the decision time of OnMessageSend and OnMessageFromChanged for each misbehaviour of the
//    directory host, cold (a new runtime, nothing cached) and warm (the same runtime again).
// Every handler must complete by its 3 s deadline; Outlook says "taking longer" at 5 s.
// Numbers only, no pass/fail. Run `npm run build` first. Takes about a minute (stalls wait 3 s).
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const { performance } = require("perf_hooks");

const root = path.resolve(__dirname, "..");
const bundlePath = path.join(root, "dist", "launchevent.js");
if (!fs.existsSync(bundlePath)) {
  console.error("dist/launchevent.js is missing: run `npm run build` first.");
  process.exit(1);
}
const bundle = fs.readFileSync(bundlePath, "utf8");
const USER = "alex.wilber@northwind.example";
const BASE = "https://localhost:3000/directory/";

function shard(n) {
  return {
    format: "send-from-directory/user",
    version: 1,
    generatedAt: "2026-11-01T06:00:00Z",
    user: USER,
    mailboxes: Array.from({ length: n }, (_, i) => ({
      address: `mailbox-${i}@northwind.example`,
      displayName: `Mailbox ${i}`,
      kind: "shared",
      rights: i % 3 === 0 ? ["FullAccess"] : ["SendAs"],
      sentItemsCopy: { sendAs: false, sendOnBehalf: false },
    })),
  };
}

/** The client's lean cache entry (src/directory/client.ts, cacheValue). */
function cacheEntry(s) {
  return JSON.stringify({
    v: 3,
    user: s.user,
    generatedAt: s.generatedAt,
    notes: [],
    etag: null,
    fetchedAt: new Date().toISOString(),
    // Last, as cacheValue() writes it: the handlers read only the From's entry.
    m: s.mailboxes.map((m) => [
      m.address,
      m.displayName,
      1,
      m.rights.includes("SendAs") ? "A" : "F",
    ]),
  });
}

const INDEX = JSON.stringify({
  format: "send-from-directory",
  version: 1,
  generatedAt: "2026-11-01T06:00:00Z",
  tenant: "northwind.example",
});
const SHARD_TEXT = JSON.stringify(shard(50));
const never = () => new Promise(() => undefined);
const later = (ms, fn) =>
  new Promise((resolve, reject) => setTimeout(() => fn(resolve, reject), ms));
const reply = (status, text, etag = null) => ({
  ok: status >= 200 && status < 300,
  status,
  headers: { get: (h) => (h.toLowerCase() === "etag" ? etag : null) },
  body: null,
  text,
});

/** Misbehaviours as the bare runtime sees them: fetch resolves to a Response-like object with text(). */
const HOSTS = {
  "answers at once": () => async () => reply(200, async () => SHARD_TEXT, '"v1"'),
  "stalled headers": () => never,
  "stalled body": () => async () => reply(200, never),
  "body drips a byte a second": () => async () =>
    reply(200, () => later(SHARD_TEXT.length * 1000, (resolve) => resolve(SHARD_TEXT))),
  "reset mid-body": () => async () =>
    reply(200, () =>
      later(20, (_, reject) => reject(new TypeError("network connection was lost")))
    ),
  "HTTP 503": () => async () => reply(503, async () => "busy"),
  "HTTP 404 (nothing published)": () => async (url) =>
    url.endsWith("index.json") ? reply(200, async () => INDEX) : reply(404, async () => ""),
  "HTTP 304 with nothing cached": () => async () => reply(304, async () => ""),
  "huge body (17 MB)": () => {
    const huge = `{"pad":"${"x".repeat(17 * 1024 * 1024)}"}`;
    return async () => reply(200, async () => huge);
  },
  "invalid body (an HTML sign-in page)": () => async () =>
    reply(200, async () => "<html>Sign in</html>"),
  "answers after 2.9 s": () => () =>
    later(2900, (resolve) => resolve(reply(200, async () => SHARD_TEXT))),
};

function runtime({ from, storage = {}, fetch = () => Promise.reject(new TypeError("offline")) }) {
  const handlers = {};
  let requests = 0;
  const ok = (value) => (cb) => setTimeout(() => cb({ status: "succeeded", value }), 0);
  const context = vm.createContext({
    Office: {
      AsyncResultStatus: { Succeeded: "succeeded" },
      MailboxEnums: {
        ItemNotificationMessageType: { ErrorMessage: "error", InformationalMessage: "info" },
      },
      actions: { associate: (n, f) => (handlers[n] = f) },
      context: {
        displayLanguage: "en-US",
        requirements: { isSetSupported: () => true },
        roamingSettings: {
          get: () => undefined,
          set: () => undefined,
          saveAsync: (cb) => ok()(cb),
        },
        mailbox: {
          userProfile: { emailAddress: USER, displayName: "Alex Wilber" },
          item: {
            from: { getAsync: (cb) => ok({ emailAddress: from })(cb) },
            notificationMessages: {
              replaceAsync: (k, d, cb) => ok()(cb),
              removeAsync: (k, cb) => ok()(cb),
            },
          },
        },
      },
    },
    OfficeRuntime: {
      storage: {
        getItem: async (k) => storage[k] ?? null,
        setItem: async (k, v) => void (storage[k] = v),
        removeItem: async (k) => void delete storage[k],
      },
    },
    fetch: (url, init) => {
      requests++;
      return fetch(url, init);
    },
    setTimeout,
    clearTimeout,
  });
  const t0 = performance.now();
  vm.runInContext(bundle, context);
  const startMs = performance.now() - t0;
  const fire = (name) =>
    new Promise((resolve) => {
      const t = performance.now();
      handlers[name]({
        completed: (o) =>
          resolve({ ms: performance.now() - t, allow: o ? o.allowEvent : undefined }),
      });
    });
  return { fire, startMs, requests: () => requests };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1).padStart(7)} ms`;

async function main() {
  console.log(
    "launchevent.js in a bare VM context (classic Outlook on Windows' JavaScript-only runtime)"
  );
  console.log(`  bundle: ${(bundle.length / 1024).toFixed(1)} KB`);
  const starts = [];
  for (let i = 0; i < 15; i++) starts.push(runtime({ from: USER }).startMs);
  console.log(
    `  cold start (parse + associate): median ${ms(median(starts))}, max ${ms(Math.max(...starts))}`
  );

  console.log("\nOnMessageSend from the cache (target: under 50 ms)");
  for (const n of [20, 2000, 20000, 50000]) {
    const entry = cacheEntry(shard(n));
    const times = [];
    for (let i = 0; i < 9; i++) {
      const rt = runtime({
        from: `mailbox-${n - 1 - ((n - 1) % 3)}@northwind.example`,
        storage: { [`send-from:shard:${BASE}:${USER}`]: entry },
      });
      const r = await rt.fire("onMessageSendHandler");
      if (r.allow)
        throw new Error("a Full Access-only mailbox was allowed: the cache was not read");
      times.push(r.ms);
    }
    console.log(
      `  ${String(n).padStart(6)} mailboxes (cache entry ${(entry.length / 1048576).toFixed(1)} MB): median ${ms(median(times))}, max ${ms(Math.max(...times))}`
    );
  }
  const own = runtime({ from: USER, fetch: never });
  const ownSend = await own.fire("onMessageSendHandler");
  console.log(
    `  one's own address, nothing cached, directory never answers: ${ms(ownSend.ms)}, ${own.requests()} requests`
  );

  console.log(
    "\nEach misbehaviour of the directory host, nothing cached (From: a Full Access-only mailbox)"
  );
  console.log(
    `  ${"host".padEnd(40)} ${"handler".padEnd(22)} ${"cold".padStart(10)} ${"warm".padStart(10)}  answer, requests (both runs)`
  );
  for (const [label, make] of Object.entries(HOSTS)) {
    const fetch = make();
    for (const name of ["onMessageSendHandler", "onMessageFromChangedHandler"]) {
      const rt = runtime({ from: "mailbox-0@northwind.example", fetch });
      const cold = await rt.fire(name);
      const warm = await rt.fire(name);
      const answer =
        name === "onMessageSendHandler" ? (warm.allow ? "allowed" : "blocked") : "advice shown";
      console.log(
        `  ${label.padEnd(40)} ${name.replace("Handler", "").padEnd(22)} ${ms(cold.ms)} ${ms(warm.ms)}  ${answer}, ${rt.requests()}`
      );
    }
  }
}

// The simulated hosts that never answer (stalled headers, a dripping body) leave timers behind
// on purpose, so the process would never end by itself: exit once the numbers are printed.
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  }
);
