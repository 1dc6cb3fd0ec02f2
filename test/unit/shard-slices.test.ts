// Large shards read a piece at a time (issue 14): the answer must be parseShard's, for good
// shards and for every kind of bad one, whatever the text looks like around the cuts.
import fc from "fast-check";
import { parsePiece, splitArrayField } from "../../src/core/json-slices";
import { MAX_SHARD_BYTES } from "../../src/core/model";
import { MAX_MAILBOXES, parseShard, parseShardInSlices } from "../../src/core/shard";
import type { SmtpAddress } from "../../src/core/address";
import { mailbox, shard, shardText, USER } from "../fixtures/shards";
import { readFileSync } from "fs";
import { join } from "path";

const KINDS = ["user", "shared", "room", "distributionList", "microsoft365Group"] as const;

/** A shard of `n` mailboxes, with the names and flags a real tenant has. */
function many(n: number, at = 0) {
  return Array.from({ length: n }, (_, k) => {
    const i = k + at;
    return mailbox({
      address: `mailbox-${i}@northwind.example`,
      displayName: `Mailbox ${i} Zoë`,
      kind: KINDS[i % KINDS.length],
      rights: i % 3 ? ["SendAs"] : ["SendAs", "FullAccess"],
      ...(i % 7 === 0 ? { noReply: true } : {}),
    });
  });
}

/** A pause that counts how often the work stopped for the page. */
function counting() {
  const pause = async () => {
    pause.calls++;
  };
  pause.calls = 0;
  return pause;
}

const noPause = async () => undefined;

describe("parseShardInSlices", () => {
  it("reads 50,000 mailboxes in many pieces, to exactly parseShard's shard", async () => {
    const text = shardText(shard(many(50_000)));
    const pause = counting();
    const sliced = await parseShardInSlices(text, USER, pause);
    expect(sliced.ok).toBe(true);
    if (!sliced.ok) return;
    expect(sliced.value.mailboxes).toHaveLength(50_000);
    expect(sliced).toEqual(parseShard(text, USER));
    // About 9 MB in pieces of 64 K characters: the page had well over 100 chances to run.
    expect(pause.calls).toBeGreaterThan(100);
  });

  it("keeps parseShard's notes, in its order: look-alike addresses, aliases, duplicates", async () => {
    const mailboxes = many(1_200);
    mailboxes[10] = mailbox({ address: "supp\u200bort@northwind.example" });
    mailboxes[700] = { ...mailboxes[3] };
    mailboxes[1_100] = mailbox({ address: "n\u043erthwind@northwind.example" });
    const text = shardText(
      shard(mailboxes, {
        aliases: ["alex@northwind.example", "a\u202elex@northwind.example"] as SmtpAddress[],
      })
    );
    const sliced = await parseShardInSlices(text, USER, noPause);
    expect(sliced.ok && sliced.notes.map((n) => n.code)).toEqual([
      "suspiciousAddress",
      "suspiciousAddress",
      "suspiciousAddress",
      "duplicateMailbox",
    ]);
    expect(sliced).toEqual(parseShard(text, USER));
  });

  const big = shard(many(2_000));
  const bigText = shardText(big);
  const cases: [string, string][] = [
    [
      "a mailbox with a kind no reader knows, deep in the list",
      bigText.replace('"kind":"room"', '"kind":"team"'),
    ],
    [
      "a mailbox with no address",
      bigText.replace('"address":"mailbox-1500@northwind.example",', ""),
    ],
    [
      "a syntax error in the middle of the list",
      bigText.replace('"Mailbox 1000 Zoë"', '"Mailbox 1000 Zoë",,'),
    ],
    ["a string cut off at the end", bigText.slice(0, -40)],
    ["nothing after the array", bigText.slice(0, -2)],
    ["text after the object", `${bigText} []`],
    ["two objects", `${bigText}${bigText}`],
    ["mailboxes twice (JSON.parse keeps the last)", bigText.replace(/}$/, ',"mailboxes":[]}')],
    ["mailboxes not an array", shardText({ ...big, mailboxes: { 0: big.mailboxes[0] } })],
    ["mailboxes missing", shardText({ ...big, mailboxes: undefined })],
    ["another user's shard", shardText({ ...big, user: "someone.else@northwind.example" })],
    ["another format", shardText({ ...big, format: "send-from-directory/group" })],
    ["a newer major version", shardText({ ...big, version: 2 })],
    ["a top-level array", `[${bigText}]`],
    ["an empty text", ""],
    ["JSON null", "null"],
    ["an element that is not a mailbox", bigText.replace("},{", "},7,{")],
    ["an empty element", bigText.replace("},{", "},,{")],
    ["a trailing comma in the list", bigText.replace(/}]}$/, "},]}")],
  ];
  it.each(cases)("%s: the same answer as parseShard", async (_, text) => {
    const whole = parseShard(text, USER);
    await expect(parseShardInSlices(text, USER, noPause)).resolves.toEqual(whole);
  });

  const good: [string, string][] = [
    ["an empty list", shardText(shard([]))],
    [
      "the list before the other fields",
      shardText({
        mailboxes: big.mailboxes,
        format: big.format,
        version: 1,
        user: USER,
        generatedAt: big.generatedAt,
      }),
    ],
    ["the key written with an escape", bigText.replace('"mailboxes"', '"mail\\u0062oxes"')],
    ["pretty-printed", JSON.stringify(big, null, 2)],
    ["blanks around every comma", bigText.replace(/},{/g, "} ,\n {")],
    [
      "names that hold the cut's characters",
      shardText(
        shard(
          many(2_000).map((m, i) =>
            i % 50 === 0 ? { ...m, displayName: `x"},{"address":"evil@x.example"}, {` } : m
          )
        )
      ),
    ],
    [
      "unknown fields with nested objects",
      shardText(shard(many(2_000).map((m) => ({ ...m, extra: [{ a: [1, { b: "}" }] }, {}] })))),
    ],
  ];
  it.each(good)("%s: read to the same shard", async (_, text) => {
    const sliced = await parseShardInSlices(text, USER, noPause);
    expect(sliced.ok).toBe(true);
    expect(sliced).toEqual(parseShard(text, USER));
  });

  it("refuses a shard over the byte limit as parseShard does, counting UTF-8 bytes", async () => {
    // Under the limit in UTF-16 units, over it in UTF-8 bytes (three per "€").
    const euros = Math.ceil(MAX_SHARD_BYTES / 3 / 6_000);
    const names = many(6_000).map((m) => ({ ...m, displayName: "€".repeat(euros) }));
    const text = shardText(shard(names));
    expect(text.length).toBeLessThan(MAX_SHARD_BYTES);
    const sliced = await parseShardInSlices(text, USER, noPause);
    expect(sliced).toMatchObject({ ok: false, problem: { code: "tooLarge" } });
    expect(sliced).toEqual(parseShard(text, USER));
  }, 120_000);

  it("MAX_MAILBOXES is the schema's limit", () => {
    const schema = JSON.parse(
      readFileSync(join(__dirname, "../../schema/user-shard.schema.json"), "utf8")
    );
    expect(schema.properties.mailboxes.maxItems).toBe(MAX_MAILBOXES);
  });

  it("gives parseShard's answer for any damage to a shard's text", async () => {
    const base = shardText(shard(many(400)));
    const damage = fc.array(
      fc.record({
        at: fc.nat({ max: base.length - 1 }),
        remove: fc.nat({ max: 3 }),
        insert: fc.constantFrom("", ",", "}", "]", "{", "[", '"', "\\", " ", "},{", "x", "1"),
      }),
      { minLength: 1, maxLength: 3 }
    );
    await fc.assert(
      fc.asyncProperty(damage, async (edits) => {
        let text = base;
        for (const e of edits) {
          const at = Math.min(e.at, text.length);
          text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
        }
        expect(await parseShardInSlices(text, USER, noPause)).toEqual(parseShard(text, USER));
      }),
      { numRuns: 300 }
    );
  }, 120_000);
});

/** What a split says the text is: the rest with the array put back, or null when a part fails. */
function reassemble(text: string, key: string, pieceChars: number) {
  return splitArrayField(text, key, pieceChars, noPause).then((split) => {
    if (!split) return null;
    let rest: Record<string, unknown>;
    try {
      rest = JSON.parse(split.rest);
    } catch {
      return null;
    }
    const elements: unknown[] = [];
    for (let p = 0; p < split.pieces.length; p++) {
      const piece = parsePiece(text, split, p);
      if (!piece) return null;
      elements.push(...piece);
    }
    return { ...rest, [key]: elements };
  });
}

describe("splitArrayField", () => {
  it("when every part parses, the parts are exactly JSON.parse of the whole", async () => {
    const element = fc.oneof(
      fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })),
      fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
      fc.jsonValue({ maxDepth: 1 })
    );
    const doc = fc.record({
      before: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
      items: fc.array(element, { maxLength: 12 }),
      after: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
      indent: fc.constantFrom(undefined, 1),
      pieceChars: fc.nat({ max: 20 }),
    });
    await fc.assert(
      fc.asyncProperty(doc, async ({ before, items, after, indent, pieceChars }) => {
        const value: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(before)) if (k !== "m") value[k] = v;
        value.m = items;
        for (const [k, v] of Object.entries(after)) if (k !== "m") value[k] = v;
        const text = JSON.stringify(value, null, indent);
        const whole = JSON.parse(text);
        const parts = await reassemble(text, "m", pieceChars);
        if (parts) expect(parts).toEqual(whole);
      }),
      { numRuns: 500 }
    );
  }, 120_000);

  it("never calls damaged text whole: some part fails to parse, or the whole parses to the same", async () => {
    const base = JSON.stringify({
      a: [1, { m: "[x]" }],
      m: [{ a: "},{" }, [1, 2], { b: { c: [{}, {}] } }, 's"],[', { d: null }],
      z: "end",
    });
    const edit = fc.record({
      at: fc.nat({ max: base.length }),
      remove: fc.nat({ max: 2 }),
      insert: fc.constantFrom("", ",", "}", "]", "{", "[", '"', "\\", "},{", "],["),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        fc.nat({ max: 8 }),
        async (edits, pieceChars) => {
          let text = base;
          for (const e of edits) {
            const at = Math.min(e.at, text.length);
            text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
          }
          const parts = await reassemble(text, "m", pieceChars);
          if (!parts) return;
          let whole: unknown;
          expect(() => (whole = JSON.parse(text))).not.toThrow();
          expect(parts).toEqual(whole);
        }
      ),
      { numRuns: 2_000 }
    );
  }, 120_000);

  it("cuts a long array of objects into pieces of about the size asked for", async () => {
    const text = shardText(shard(many(1_000)));
    const split = await splitArrayField(text, "mailboxes", 10_000, noPause);
    expect(split).not.toBeNull();
    const lengths = split!.pieces.map(([a, b]) => b - a);
    expect(lengths.length).toBeGreaterThan(10);
    for (const l of lengths.slice(0, -1)) expect(l).toBeGreaterThanOrEqual(10_000);
    for (const l of lengths) expect(l).toBeLessThan(10_000 + 500);
  });
});
