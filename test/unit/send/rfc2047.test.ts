// Header values in a draft's MIME written as RFC 2047 encoded-words are decoded before they are
// copied as internetMessageHeaders, which takes plain text (issue 12): what arrives is what the
// add-in set, not "=?utf-8?B?…?=".
import fc from "fast-check";
import { toSmtpAddress } from "../../../src/core/address";
import type { Mailbox } from "../../../src/core/model";
import { createSendService } from "../../../src/graph";
import {
  customHeaders,
  decodeEncodedWords,
  parseHeaderBlock,
} from "../../../src/graph/mime-headers";
import { encodeWord, foldHeader } from "../../../dev/graph-emulator/mime";
import {
  issueTestToken,
  RunningGraphEmulator,
  startGraphEmulator,
} from "../../../dev/graph-emulator";
import { ALEX_MAILBOXES } from "../../fixtures/northwind";
import { northwindTenant } from "../../fixtures/northwind-tenant";

describe("decodeEncodedWords (RFC 2047)", () => {
  it.each([
    ["B, utf-8", "=?utf-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=", "Grüße aus Köln"],
    ["Q, iso-8859-1, _ is a space", "=?iso-8859-1?Q?Caf=E9_cr=E8me?=", "Café crème"],
    ["charset and encoding in any case", "=?UTF-8?b?w6k=?= =?ISO-8859-1?q?=E9?=", "éé"],
    ["text around a word keeps its spaces", "ref: =?utf-8?B?w6k=?= done", "ref: é done"],
    [
      "adjacent words: the white space between them is dropped",
      "=?utf-8?B?w6k=?= \t =?utf-8?Q?=C3=A8?=",
      "éè",
    ],
    ["words of two charsets, adjacent", "=?iso-8859-1?Q?=E9?= =?utf-8?B?w6g=?=", "éè"],
    [
      "a character split across two words comes back whole",
      "=?utf-8?B?8J+Y?= =?utf-8?B?gA==?=",
      "😀",
    ],
    ["RFC 2231 language suffix", "=?utf-8*de?Q?Stra=C3=9Fe?=", "Straße"],
    ["an unknown charset is kept as written", "=?x-klingon?B?w6k=?=", "=?x-klingon?B?w6k=?="],
    ["an invalid Q word is kept as written", "=?utf-8?Q?=ZZ?= ok", "=?utf-8?Q?=ZZ?= ok"],
    ["an invalid B word is kept as written", "=?utf-8?B?w6k*?=", "=?utf-8?B?w6k*?="],
    [
      "a known word next to an unknown one keeps the space",
      "=?utf-8?B?w6k=?= =?x-nope?B?QQ==?=",
      "é =?x-nope?B?QQ==?=",
    ],
    ["plain text", "4711; source=crm", "4711; source=crm"],
  ])("%s", (_, raw, plain) => {
    expect(decodeEncodedWords(raw)).toBe(plain);
  });

  it("a very long value (one word of 300 KB, or thousands of words) decodes whole", () => {
    const text = "é".repeat(150_000);
    const one = `=?utf-8?B?${Buffer.from(text).toString("base64")}?=`;
    expect(decodeEncodedWords(one)).toBe(text);
    const many = Array.from({ length: 5000 }, () => "=?utf-8?Q?=C3?= =?utf-8?Q?=A9?=").join(" ");
    expect(decodeEncodedWords(many)).toBe("é".repeat(5000));
  });

  it("a decoded value that would add a header line of its own is not carried", () => {
    const injected = `=?utf-8?B?${Buffer.from("ok\r\nBcc: eve@example.com").toString("base64")}?=`;
    expect(customHeaders([{ name: "x-note", value: injected }])).toEqual([]);
    expect(customHeaders([{ name: "x-note", value: "=?utf-8?B?w6k=?=" }])).toEqual([
      { name: "x-note", value: "é" },
    ]);
  });
});

/** Any well-formed Unicode text (no lone surrogate halves, which UTF-8 cannot carry). */
const unicode = fc
  .string({ unit: "binary", maxLength: 200 })
  .filter((s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s));

describe("round trip: the emulator's encoder (as Exchange writes the MIME) and the product's decoder", () => {
  it("any Unicode value with a non-ASCII character comes back exactly; long ones are several folded words", () => {
    fc.assert(
      fc.property(unicode, fc.constantFrom("é", "中", "😀", "\u00a0"), (text, mark) => {
        const value = mark + text;
        const line = foldHeader("X-Note", encodeWord(value));
        // Every encoded-word within RFC 2047's 75 characters; the line folded between them.
        for (const word of line.match(/=\?[^?]+\?B\?[^?]*\?=/g) ?? [])
          expect(word.length).toBeLessThanOrEqual(75);
        if (Buffer.byteLength(value) > 90) expect(line).toMatch(/\r\n[ \t]/);
        const [field] = parseHeaderBlock(line);
        expect(decodeEncodedWords(field.value)).toBe(value);
      }),
      { numRuns: 500 }
    );
  });

  it("printable ASCII comes back exactly, also text that looks like an encoded-word", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary-ascii", maxLength: 120 }),
          fc.constant("=?utf-8?B?w6k=?=")
        ),
        (raw) => {
          // Leading and trailing white space is not part of a field's value (RFC 5322 2.2).
          const value = raw.replace(/^[ \t]+|[ \t]+$/g, "");
          const [field] = parseHeaderBlock(foldHeader("X-Note", encodeWord(value)));
          expect(decodeEncodedWords(field?.value ?? "")).toBe(value);
        }
      ),
      { numRuns: 500 }
    );
  });
});

describe("through 'Copy in <mailbox>'s Sent Items'", () => {
  const ALEX = toSmtpAddress("alex.wilber@northwind.example");
  const support = ALEX_MAILBOXES.find((m) => m.address === "support@northwind.example") as Mailbox;
  let emu: RunningGraphEmulator;
  beforeAll(async () => {
    emu = await startGraphEmulator(northwindTenant(), { port: 0 });
  });
  afterAll(() => emu.close());

  it("a non-ASCII header long enough to fold arrives as the text the add-in set", async () => {
    const headers = [
      {
        name: "x-kunde",
        value: "Müller & Söhne GmbH – Großhandel für Büro- und Schreibwaren, Köln",
      },
      { name: "x-ticket", value: "4711" },
    ];
    let draft: string | null = null;
    const service = createSendService({
      graphUrl: `${emu.url}/v1.0`,
      tokens: { getToken: async () => issueTestToken({ preferred_username: ALEX }) },
      compose: {
        async saveDraft() {
          draft ??= emu.createDraft(
            ALEX,
            {
              subject: "Bestellung",
              body: { contentType: "text", content: "Versendet." },
              toRecipients: [{ emailAddress: { address: "jordan@contoso.example" } }],
            },
            [],
            { internetHeaders: headers }
          ).id;
          return draft;
        },
        close: async () => undefined,
      },
      sleep: async () => undefined,
    });
    expect(await service.send(support, "mailbox", () => undefined)).toMatchObject({ ok: true });
    expect(emu.deliveries()[0].internetMessageHeaders).toEqual(headers);
  });
});
