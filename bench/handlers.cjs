#!/usr/bin/env node
// How fast the built launchevent.js decides OnMessageSend, run as classic Outlook on Windows runs
// it (a bare VM context): from the cache (target: under 50 ms) and, with nothing cached, from a
// directory that answers after a delay or never (the handler gives up at 3 s; Outlook shows
// "taking longer than expected" at 5 s). Run `npm run build` and `npm run build:admin` first.
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const { performance } = require("perf_hooks");

const root = path.resolve(__dirname, "..");
const bundle = fs.readFileSync(path.join(root, "dist", "launchevent.js"), "utf8");

function shard(n) {
  return {
    format: "send-from-directory/user",
    version: 1,
    generatedAt: "2026-11-01T06:00:00Z",
    user: "alex.wilber@northwind.example",
    mailboxes: Array.from({ length: n }, (_, i) => ({
      address: `mailbox-${i}@northwind.example`,
      displayName: `Mailbox ${i}`,
      kind: "shared",
      rights: i % 3 === 0 ? ["FullAccess"] : ["SendAs"],
      sentItemsCopy: { sendAs: false, sendOnBehalf: false },
    })),
  };
}

function runtime({ from, cached, fetchDelayMs }) {
  const handlers = {};
  const store = {};
  if (cached) {
    store[`send-from:shard:https://localhost:3000/directory/:alex.wilber@northwind.example`] =
      JSON.stringify({
        v: 2,
        shard: cached,
        notes: [],
        etag: null,
        fetchedAt: "2026-11-22T08:00:00Z",
      });
  }
  const ok = (value) => (cb) => setTimeout(() => cb({ status: "succeeded", value }), 0);
  const context = vm.createContext({
    Office: {
      AsyncResultStatus: { Succeeded: "succeeded" },
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
          userProfile: {
            emailAddress: "alex.wilber@northwind.example",
            displayName: "Alex Wilber",
          },
          item: { from: { getAsync: (cb) => ok({ emailAddress: from })(cb) } },
        },
      },
    },
    OfficeRuntime: {
      storage: {
        getItem: async (k) => store[k] ?? null,
        setItem: async (k, v) => void (store[k] = v),
        removeItem: async () => undefined,
      },
    },
    fetch: () =>
      new Promise((resolve) =>
        fetchDelayMs === Infinity
          ? undefined
          : setTimeout(
              () =>
                resolve({
                  ok: true,
                  status: 200,
                  headers: { get: () => null },
                  body: null,
                  text: async () => JSON.stringify(shard(50)),
                }),
              fetchDelayMs
            )
      ),
    setTimeout,
    clearTimeout,
  });
  vm.runInContext(bundle, context);
  return () =>
    new Promise((resolve) => {
      const t = performance.now();
      handlers.onMessageSendHandler({
        completed: (o) => resolve({ ms: performance.now() - t, allow: o.allowEvent }),
      });
    });
}

async function main() {
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return `median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
  };
  console.log("OnMessageSend decision time (launchevent.js in a bare VM context)");
  for (const n of [20, 2000, 20000]) {
    const cached = shard(n);
    const times = [];
    for (let i = 0; i < 15; i++)
      times.push((await runtime({ from: "mailbox-3@northwind.example", cached })()).ms);
    console.log(
      `  from the cache, shard of ${String(n).padStart(6)} mailboxes: ${stats(times)}  (target: under 50 ms)`
    );
  }
  const slow = await runtime({ from: "mailbox-3@northwind.example", fetchDelayMs: 800 })();
  console.log(
    `  nothing cached, directory answers in 800 ms: ${slow.ms.toFixed(0)} ms (${slow.allow ? "allowed" : "blocked"})`
  );
  const down = await runtime({ from: "mailbox-3@northwind.example", fetchDelayMs: Infinity })();
  console.log(
    `  nothing cached, directory never answers: ${down.ms.toFixed(0)} ms (${down.allow ? "allowed: fail open" : "blocked"}; limit 3000 ms, Outlook's notice at 5000 ms)`
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
