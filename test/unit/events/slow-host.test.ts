// A few cells of the fault matrix against a real directory host on the loopback interface
// (random port) and Node's own fetch: headers that never come, a body that stalls or drips, a
// connection reset mid-body. The deadline timer is handed to the test (HandlerDeps.setTimer),
// which fires it once the server reports it is stalling: the decision provably comes from the
// deadline path, and nothing here depends on the machine's speed.
import { messagesFor } from "../../../src/core/i18n";
import { toSmtpAddress } from "../../../src/core/address";
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { AddressInfo } from "net";
import { EventEmitter } from "events";
import type { Notification } from "../../../src/core/events";
import { loadUserShard, readCachedFor } from "../../../src/directory/client";
import { memoryStorage } from "../../../src/directory/storage";
import {
  DECISION_DEADLINE_MS,
  HandlerDeps,
  onMessageFromChanged,
  onMessageSend,
} from "../../../src/events/handlers";
import { SHARD_TEXT, USER } from "./faults";

// The event handlers' catalogues: the pane's texts with the events' own (src/core/i18n/index.ts).
const en = messagesFor("en");

type Behaviour = "stalledHeaders" | "stalledBody" | "drippingBody" | "resetMidBody";

let server: Server;
let base: string;
let behaviour: Behaviour = "stalledBody";
const events = new EventEmitter();
const open = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    open.add(res);
    res.on("close", () => open.delete(res));
    const half = SHARD_TEXT.slice(0, SHARD_TEXT.length >> 1);
    switch (behaviour) {
      case "stalledHeaders":
        events.emit("stalling");
        return;
      case "stalledBody":
        res.writeHead(200, { "content-type": "application/json" });
        res.write(half, () => events.emit("stalling"));
        return;
      case "drippingBody": {
        res.writeHead(200, { "content-type": "application/json" });
        let i = 0;
        const drip = setInterval(() => {
          if (res.destroyed || i >= SHARD_TEXT.length) return clearInterval(drip);
          res.write(SHARD_TEXT[i++], () => i === 1 && events.emit("stalling"));
        }, 1000);
        return;
      }
      case "resetMidBody":
        res.writeHead(200, { "content-type": "application/json" });
        res.write(half, () => res.socket?.destroy());
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/directory/`;
});

afterEach(() => {
  for (const res of open) res.socket?.destroy();
  server.closeAllConnections();
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

let run = 0;
function deps(from: string, manualDeadline: boolean) {
  const storage = memoryStorage();
  // A directory of its own per test: a load left over from the previous test is not shared.
  const baseUrl = `${base}${++run}/`;
  const options = (timeoutMs?: number) => ({
    baseUrl,
    user: USER.address,
    storage,
    timeoutMs,
  });
  const deadline: { ms?: number; fire?: () => void } = {};
  const notified: Notification[][] = [];
  const d: HandlerDeps = {
    user: () => USER,
    readFrom: async () => toSmtpAddress(from),
    messages: () => en,
    directory: {
      cached: (address) => readCachedFor(options(), address),
      refresh: (timeoutMs) => loadUserShard(options(timeoutMs)),
    },
    digest: { read: () => undefined, write: async () => undefined },
    notify: async (wanted) => void notified.push(wanted),
    supportsMarkdown: () => true,
    settings: { failClosed: false },
  };
  if (manualDeadline)
    d.setTimer = (ms, fire) => {
      deadline.ms = ms;
      deadline.fire = fire;
      return () => {
        deadline.fire = undefined;
      };
    };
  return { deps: d, deadline, notified };
}

function fire(handler: typeof onMessageSend, d: HandlerDeps) {
  const completions: (Record<string, unknown> | undefined)[] = [];
  const done = new Promise<void>((resolve) => {
    void handler(d, {
      completed: (o) => {
        completions.push(o);
        resolve();
      },
    });
  });
  return { completions, done };
}

const stalling = () => new Promise<void>((resolve) => events.once("stalling", () => resolve()));

describe.each<Behaviour>(["stalledHeaders", "stalledBody", "drippingBody"])(
  "a real host: %s, nothing cached",
  (b) => {
    it("OnMessageSend for a Full Access-only mailbox fails open at the deadline, while the host still holds the response", async () => {
      behaviour = b;
      const { deps: d, deadline } = deps("hr@northwind.example", true);
      const reached = stalling();
      const run = fire(onMessageSend, d);
      await reached;
      expect(deadline.ms).toBe(DECISION_DEADLINE_MS);
      expect(run.completions).toEqual([]);
      deadline.fire!();
      await run.done;
      expect(run.completions).toEqual([{ allowEvent: true }]);
      // The directory never finished: the answer can only have come from the deadline.
      expect(open.size).toBe(1);
    }, 30_000);
  }
);

it("a real host resets the connection mid-body: decided without waiting for the deadline", async () => {
  behaviour = "resetMidBody";
  const { deps: d, deadline } = deps("hr@northwind.example", true);
  const run = fire(onMessageSend, d);
  await run.done;
  expect(run.completions).toEqual([{ allowEvent: true }]);
  // The deadline timer was cancelled unfired.
  expect(deadline.fire).toBeUndefined();
}, 30_000);

it("with the real 3-second timer: a stalled body, OnMessageFromChanged completes while the host still holds the response", async () => {
  behaviour = "stalledBody";
  const { deps: d, notified } = deps("hr@northwind.example", false);
  const run = fire(onMessageFromChanged, d);
  await run.done;
  expect(run.completions).toEqual([undefined]);
  expect(open.size).toBe(1);
  expect(notified).toEqual([]);
}, 30_000);
