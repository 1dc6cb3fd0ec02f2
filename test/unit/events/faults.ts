// Directory hosts that misbehave as real hosts do, as fetch doubles driven by (fake) timers:
// the fault matrix of issue 13. Each answers the shard URL; index.json answers 200 so a 404
// means "nothing published".
import { toSmtpAddress } from "../../../src/core/address";
import { shardPath } from "../../../src/core/shard-name";
import { alexShard } from "../../fixtures/northwind";

export const BASE = "https://localhost:3000/directory/";
export const USER = {
  address: toSmtpAddress("alex.wilber@northwind.example"),
  displayName: "Alex Wilber",
};
export const SHARD_URL = `${BASE}${shardPath(USER.address)}`;
export const SHARD_TEXT = JSON.stringify(alexShard());
const INDEX = JSON.stringify({
  format: "send-from-directory",
  version: 1,
  generatedAt: "2026-11-20T06:00:00Z",
  tenant: "northwind.example",
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bytes = (text: string) => new TextEncoder().encode(text);

function aborted(signal: AbortSignal | null | undefined): Promise<never> {
  return new Promise((_, reject) =>
    signal?.addEventListener("abort", () =>
      reject(Object.assign(new Error("aborted"), { name: "AbortError" }))
    )
  );
}

/** A body stream: `chunks` are written in turn, each after `gapMs`; then it ends, stalls or breaks. */
function stream(
  chunks: Uint8Array[],
  gapMs: number,
  end: "close" | "stall" | "reset" | "endless"
): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      if (end === "endless") return controller.enqueue(new Uint8Array(1024 * 1024).fill(32));
      if (i < chunks.length) {
        if (gapMs) await sleep(gapMs);
        controller.enqueue(chunks[i++]);
        return;
      }
      if (end === "close") controller.close();
      else if (end === "reset") controller.error(new TypeError("terminated: ECONNRESET"));
      else await new Promise(() => undefined);
    },
  });
}

export type Fault =
  | "ok"
  | "stalledHeaders"
  | "stalledBody"
  | "drippingBody"
  | "resetMidBody"
  | "http503"
  | "http404"
  | "http304"
  | "hugeBody"
  | "invalidBody"
  | "tokenStalls";

export const FAULTS: Fault[] = [
  "ok",
  "stalledHeaders",
  "stalledBody",
  "drippingBody",
  "resetMidBody",
  "http503",
  "http404",
  "http304",
  "hugeBody",
  "invalidBody",
  "tokenStalls",
];

/** Faults after which the answer can only come from the deadline. */
export const STALLS: ReadonlySet<Fault> = new Set([
  "stalledHeaders",
  "stalledBody",
  "drippingBody",
  "tokenStalls",
]);

/** A fetch double for one fault, and the URLs it was asked for. */
export function faultyHost(fault: Fault) {
  const seen: string[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    seen.push(url);
    if (url === `${BASE}index.json`) return new Response(INDEX, { status: 200 });
    const half = bytes(SHARD_TEXT.slice(0, SHARD_TEXT.length >> 1));
    switch (fault) {
      case "ok":
      case "tokenStalls":
        return new Response(SHARD_TEXT, { status: 200, headers: { etag: '"v1"' } });
      case "stalledHeaders":
        return aborted(init?.signal);
      case "stalledBody":
        return new Response(stream([half], 0, "stall"), { status: 200 });
      case "drippingBody":
        return new Response(
          stream(
            Array.from(bytes(SHARD_TEXT), (b) => Uint8Array.of(b)),
            1000,
            "close"
          ),
          { status: 200 }
        );
      case "resetMidBody":
        return new Response(stream([half], 10, "reset"), { status: 200 });
      case "http503":
        return new Response("busy", { status: 503 });
      case "http404":
        return new Response("not found", { status: 404 });
      case "http304":
        return new Response(null, { status: 304 });
      case "hugeBody":
        return new Response(stream([], 0, "endless"), { status: 200 });
      case "invalidBody":
        return new Response("<html>Sign in to continue</html>", { status: 200 });
    }
  }) as typeof fetch;
  const headers =
    fault === "tokenStalls"
      ? () => new Promise<Record<string, string>>(() => undefined)
      : undefined;
  return { fetchFn, seen, headers };
}
