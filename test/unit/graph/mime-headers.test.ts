// The draft's MIME header block is untrusted input (whoever wrote the draft, or another add-in,
// chose its headers): read only up to the blank line, unfolded, capped, and nothing in it can add
// a header line of its own to the recreated message.
import fc from "fast-check";
import {
  customHeaders,
  HEADER_FIELDS_MAX,
  HeaderBlockError,
  parseHeaderBlock,
  readHeaderBlock,
} from "../../../src/graph/mime-headers";

const enc = new TextEncoder();
const dec = new TextDecoder();
const SLOW = 30_000;

/** A stream that hands out `chunks` one pull at a time and records what was pulled and cancel. */
function chunked(chunks: Uint8Array[]) {
  const seen = { pulled: 0, bytes: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks[seen.pulled];
        if (!next) return controller.close();
        seen.pulled++;
        seen.bytes += next.length;
        controller.enqueue(next);
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 }
  );
  return { stream, seen };
}

/** Splits bytes at the given cut points. */
function cut(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...at, bytes.length]) {
    if (p > from) out.push(bytes.subarray(from, p));
    from = Math.max(from, p);
  }
  return out;
}

const nameChar = fc.constantFrom(
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!#$%&'*+^`|~".split("")
);
const xName = fc.string({ unit: nameChar, minLength: 1, maxLength: 20 }).map((s) => `x-${s}`);
const word = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789=;,.<>@/"()'.split("")),
  minLength: 1,
  maxLength: 12,
});

describe("parseHeaderBlock and customHeaders", () => {
  it(
    "unfolds folded lines (CRLF or LF before the white space) into the value as written",
    () => {
      fc.assert(
        fc.property(
          xName,
          fc.array(word, { minLength: 1, maxLength: 12 }),
          fc.array(fc.boolean(), { maxLength: 12 }),
          fc.constantFrom("\r\n", "\n"),
          (name, words, foldAt, eol) => {
            const value = words.join(" ");
            const folded = words
              .map((w, i) => (i === 0 ? w : (foldAt[i] ? eol : "") + " " + w))
              .join("");
            const block = `Subject: s${eol}${name}: ${folded}${eol}To: <a@b.example>${eol}`;
            const fields = parseHeaderBlock(enc.encode(block));
            expect(fields).toEqual([
              { name: "Subject", value: "s" },
              { name, value },
              { name: "To", value: "<a@b.example>" },
            ]);
            expect(customHeaders(fields)).toEqual([{ name, value }]);
          }
        ),
        { numRuns: 300 }
      );
    },
    SLOW
  );

  it(
    "whatever the bytes (binary, CR/LF injection, NULs): every header kept is an x- name that is a valid field name, with a value that re-serialises to exactly one field",
    () => {
      const hostile = fc.oneof(
        fc.uint8Array({ maxLength: 400 }),
        fc
          .array(
            fc.oneof(
              fc.string({ maxLength: 30 }),
              fc.constantFrom(
                "\r\n",
                "\n",
                "\r",
                "\0",
                ":",
                " ",
                "\t",
                "x-a: 1",
                "X-B:2",
                "\r\nBcc: evil@contoso.example",
                "\r\n x-folded",
                "x-\u00e9: v",
                "x-ok: caf\u00e9 \u{1F600}",
                "x-c: a\rb",
                "\u202e"
              )
            ),
            { maxLength: 40 }
          )
          .map((parts) => enc.encode(parts.join("")))
      );
      fc.assert(
        fc.property(hostile, (bytes) => {
          const fields = parseHeaderBlock(bytes);
          for (const f of fields) expect(f.name).toMatch(/^[\x21-\x39\x3b-\x7e]+$/);
          for (const h of customHeaders(fields)) {
            expect(h.name).toMatch(/^x-[\x21-\x39\x3b-\x7e]+$/i);
            // eslint-disable-next-line no-control-regex
            expect(h.value).not.toMatch(/[\x00-\x08\x0a-\x1f\x7f]/);
            expect(parseHeaderBlock(`${h.name}: ${h.value}\r\n`)).toEqual([
              { name: h.name, value: h.value.replace(/^[ \t]+|[ \t]+$/g, "") },
            ]);
          }
        }),
        { numRuns: 500 }
      );
    },
    SLOW
  );

  it("an injected line is a field of its own, never part of an x- header, and non-x- names are not copied", () => {
    const fields = parseHeaderBlock(
      "x-note: hello\r\nBcc: evil@contoso.example\r\nx-bad: a\rb\r\nReceived: x\r\nX-MS-Has-Attach: yes\r\nX-MS-TNEF-Correlator:\r\n"
    );
    expect(customHeaders(fields)).toEqual([{ name: "x-note", value: "hello" }]);
  });

  it("more fields than the cap: refused whole (HeaderBlockError tooManyFields), not cut short", () => {
    const block = Array.from({ length: HEADER_FIELDS_MAX + 1 }, (_, i) => `x-h${i}: v`).join(
      "\r\n"
    );
    expect(() => parseHeaderBlock(block)).toThrow(
      expect.objectContaining({ reason: "tooManyFields" })
    );
    expect(parseHeaderBlock(block.split("\r\n").slice(1).join("\r\n"))).toHaveLength(
      HEADER_FIELDS_MAX
    );
  });
});

describe("readHeaderBlock", () => {
  it(
    "returns the header block however the bytes are chunked, and cancels the stream before the body",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(xName, word), { minLength: 1, maxLength: 8 }),
          fc.constantFrom("\r\n", "\n"),
          fc.array(fc.nat(2000), { maxLength: 10 }),
          async (headers, eol, points) => {
            const head = headers.map(([n, v]) => `${n}: ${v}${eol}`).join("");
            const body = "B".repeat(1000);
            const bytes = enc.encode(`${head}${eol}${body}`);
            const chunks = cut(bytes, points);
            const { stream, seen } = chunked(chunks);
            const block = await readHeaderBlock(stream);
            expect(dec.decode(block)).toBe(head);
            expect(seen.cancelled).toBe(true);
            // Never pulled past the chunk that holds the blank line.
            const end = enc.encode(head + eol).length;
            let upTo = 0;
            let needed = 0;
            while (upTo < end) upTo += chunks[needed++].length;
            expect(seen.pulled).toBe(needed);
          }
        ),
        { numRuns: 200 }
      );
    },
    SLOW
  );

  it("no blank line: a message that ends there is all headers; one that goes on past the cap is refused (tooLarge), and the stream cancelled", async () => {
    const short = chunked([enc.encode("x-a: 1\r\nx-b: 2\r\n")]);
    expect(dec.decode(await readHeaderBlock(short.stream))).toBe("x-a: 1\r\nx-b: 2\r\n");

    const endless = chunked(Array.from({ length: 100 }, () => enc.encode("x-a: 1\r\n".repeat(64))));
    await expect(readHeaderBlock(endless.stream, 4096)).rejects.toEqual(
      expect.objectContaining({ name: "HeaderBlockError", reason: "tooLarge" })
    );
    expect(endless.seen.cancelled).toBe(true);
    expect(endless.seen.bytes).toBeLessThan(4096 + 1024);

    // One huge header line (no line break at all), as binary garbage would be.
    const huge = chunked([new Uint8Array(10_000).fill(0x41)]);
    await expect(readHeaderBlock(huge.stream, 4096)).rejects.toBeInstanceOf(HeaderBlockError);
    // A blank line past the cap does not make it acceptable.
    const late = chunked([enc.encode(`x-a: ${"v".repeat(5000)}\r\n\r\nbody`)]);
    await expect(readHeaderBlock(late.stream, 4096)).rejects.toEqual(
      expect.objectContaining({ reason: "tooLarge" })
    );
  });

  it("a body that stalls before the blank line: refused as stalled (not taken as the end of the headers), and cancelled", async () => {
    jest.useFakeTimers();
    try {
      let cancelled = false;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(enc.encode("x-a: 1\r\n"));
        },
        // Never more, never the end.
        cancel() {
          cancelled = true;
        },
      });
      const read = readHeaderBlock(stream, 4096, 60_000);
      const outcome = read.then(
        () => "resolved",
        (e: HeaderBlockError) => e.reason
      );
      await jest.advanceTimersByTimeAsync(60_000);
      await expect(outcome).resolves.toBe("stalled");
      expect(cancelled).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it("a message that starts with the blank line has no headers", async () => {
    for (const start of ["\r\n", "\n"]) {
      const { stream } = chunked([enc.encode(`${start}x-not-a-header: body`)]);
      expect(parseHeaderBlock(await readHeaderBlock(stream))).toEqual([]);
    }
  });
});
