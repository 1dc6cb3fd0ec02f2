// Every notification and Smart Alert, in every language, with names that are long, wide or
// made of several code points per character: within Office's limits, the address, the missing
// right and the fix intact, no code point split, Markdown balanced. Run once with
// Intl.Segmenter and once with the fallback of classic Outlook's bare runtime.
import { messagesFor } from "../../../src/core/i18n";
import { toSmtpAddress } from "../../../src/core/address";
import {
  ALERT_MAX,
  escapeMarkdown,
  fromNotifications,
  graphemes,
  graphemesFallback,
  NOTIFICATION_MAX,
  sendDecision,
} from "../../../src/core/events";
import type { EventMessages } from "../../../src/core/i18n";
import type { Mailbox } from "../../../src/core/model";
import { alexShard } from "../../fixtures/northwind";
import { mailbox } from "../../fixtures/shards";

// The event handlers' catalogues: the pane's texts with the events' own (src/core/i18n/index.ts).
const de = messagesFor("de");
const en = messagesFor("en");
const fr = messagesFor("fr");

const LANGUAGES: [string, EventMessages][] = [
  ["en", en],
  ["de", de],
  ["fr", fr],
];

const NAMES: Record<string, string> = {
  "256 letters": "N".repeat(256),
  "256 characters with spaces": "Northwind Customer Support Team ".repeat(8).trim(),
  "emoji (surrogate pairs)": "📬".repeat(256),
  "ZWJ family sequences": "👩‍👩‍👧‍👦".repeat(60),
  "skin tones and flags": "👋🏽🇩🇪🇫🇷".repeat(60),
  "combining marks": "e\u0301\u0323".repeat(200),
  keycaps: "1\uFE0F\u20E3".repeat(120),
  CJK: "北风客户支持部门".repeat(32),
  "Markdown characters": "*_[x](y)`#|~<>\\".repeat(18),
  short: "Support",
};

const ADDRESS = {
  sendAs: toSmtpAddress("sa@northwind.example"),
  onBehalf: toSmtpAddress("sob@northwind.example"),
  fullAccess: toSmtpAddress("human.resources.department.long.local.part@northwind.example"),
  unknown: toSmtpAddress("someone.not.in.the.directory@northwind.example"),
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function shardNamed(name: string) {
  const mailboxes: Mailbox[] = [
    mailbox({
      address: ADDRESS.sendAs,
      displayName: name,
      sentItemsCopy: { sendAs: true, sendOnBehalf: false },
    }),
    mailbox({ address: ADDRESS.onBehalf, displayName: name, rights: ["SendOnBehalf"] }),
    mailbox({ address: ADDRESS.fullAccess, displayName: name, rights: ["FullAccess"] }),
  ];
  return { kind: "shard" as const, shard: alexShard({ mailboxes }) };
}

/** True when `cut` is `name` itself, or its first user-perceived characters and an ellipsis. */
function isGraphemePrefix(cut: string, name: string): boolean {
  if (cut === name) return true;
  if (!cut.endsWith("…")) return false;
  const kept = cut.slice(0, -1);
  const clusters = graphemes(name);
  for (let k = 0; k <= clusters.length; k++)
    if (clusters.slice(0, k).join("").trimEnd() === kept) return true;
  return false;
}

/** Markdown with every escape removed has its `**` in pairs and no stray `*`. */
function balanced(markdown: string): boolean {
  const bare = markdown.replace(/\\[\s\S]/g, "");
  if (/\\$/.test(bare)) return false;
  const stars = bare.match(/\*+/g) ?? [];
  return stars.every((s) => s === "**") && stars.length % 2 === 0;
}

/** The message is the template with the name cut to a prefix: everything else intact. */
function expectTemplateKept(message: string, render: (name: string) => string, name: string) {
  const [before, after] = render("\u0000").split("\u0000");
  expect(message.startsWith(before)).toBe(true);
  expect(message.endsWith(after)).toBe(true);
  const middle = message.slice(before.length, message.length - after.length);
  expect(isGraphemePrefix(middle, name)).toBe(true);
}

const segmenter = Intl.Segmenter;

describe.each(["Intl.Segmenter", "the bare runtime's fallback"])("with %s", (mode) => {
  beforeAll(() => {
    if (mode !== "Intl.Segmenter") (Intl as { Segmenter?: unknown }).Segmenter = undefined;
  });
  afterAll(() => {
    (Intl as { Segmenter?: unknown }).Segmenter = segmenter;
  });

  describe.each(LANGUAGES)("%s", (_lang, t) => {
    describe.each(Object.entries(NAMES))("display name: %s", (_label, name) => {
      const user = { address: toSmtpAddress("alex.wilber@northwind.example"), displayName: name };
      const known = shardNamed(name);

      it("notifications stay within 150 characters, whole code points, the fix kept", () => {
        const all = [
          ...fromNotifications(ADDRESS.sendAs, user, known, t),
          ...fromNotifications(ADDRESS.onBehalf, user, known, t),
          ...fromNotifications(ADDRESS.fullAccess, user, known, t),
          ...fromNotifications(ADDRESS.unknown, user, known, t),
        ];
        expect(all).toHaveLength(6);
        for (const n of all) {
          expect(n.message.length).toBeLessThanOrEqual(NOTIFICATION_MAX);
          expect(n.message).not.toMatch(LONE_SURROGATE);
        }
        const [recipients, copy] = fromNotifications(ADDRESS.sendAs, user, known, t);
        expectTemplateKept(recipients.message, t.events.recipientsSendAs, name);
        expectTemplateKept(copy.message, t.events.copyBoth, name);
        const [, copyMine] = fromNotifications(ADDRESS.onBehalf, user, known, t);
        expectTemplateKept(copyMine.message, t.events.copyMine, name);
        const [denied] = fromNotifications(ADDRESS.fullAccess, user, known, t);
        expectTemplateKept(denied.message, t.events.deniedFullAccessOnly, name);
        expect(fromNotifications(ADDRESS.unknown, user, known, t)[0].message).toBe(
          t.events.deniedUnknown(ADDRESS.unknown)
        );
        const [onBehalf] = fromNotifications(ADDRESS.onBehalf, user, known, t);
        // Both names (the user's and the mailbox's) shortened alike; the words around them kept.
        const pattern = t.events.recipientsSendOnBehalf("\uE000", "\uE001");
        const before = pattern.slice(0, pattern.indexOf("\uE000"));
        const after = pattern.slice(pattern.indexOf("\uE001") + 1);
        expect(onBehalf.message.startsWith(before)).toBe(true);
        expect(onBehalf.message.endsWith(after)).toBe(true);
      });

      it("the Smart Alert, plain and Markdown, within 500 characters with name, address and fix", () => {
        const d = sendDecision(ADDRESS.fullAccess, user, known, { failClosed: false }, t);
        if (d.allowEvent) throw new Error("Full Access only must be blocked");
        expect(d.errorMessage.length).toBeLessThanOrEqual(ALERT_MAX);
        expect(d.errorMessageMarkdown.length).toBeLessThanOrEqual(ALERT_MAX);
        expect(d.errorMessage).not.toMatch(LONE_SURROGATE);
        expect(d.errorMessageMarkdown).not.toMatch(LONE_SURROGATE);
        expectTemplateKept(
          d.errorMessage,
          (n) => t.events.blockedFullAccessOnly(n, ADDRESS.fullAccess),
          name
        );
        // Markdown: escaped after shortening, so the name is an escaped prefix and ** balance.
        const md = (n: string) =>
          t.events.blockedFullAccessOnlyMarkdown(n, escapeMarkdown(ADDRESS.fullAccess));
        const [before, after] = md("\u0000").split("\u0000");
        expect(d.errorMessageMarkdown.startsWith(before)).toBe(true);
        expect(d.errorMessageMarkdown.endsWith(after)).toBe(true);
        const middle = d.errorMessageMarkdown.slice(
          before.length,
          d.errorMessageMarkdown.length - after.length
        );
        const unescaped = middle.replace(/\\([\s\S])/g, "$1");
        expect(escapeMarkdown(unescaped)).toBe(middle);
        expect(isGraphemePrefix(unescaped, name)).toBe(true);
        expect(balanced(d.errorMessageMarkdown)).toBe(true);
      });
    });

    it("alerts about an address alone keep the whole address, and stay balanced", () => {
      const user = { address: toSmtpAddress("alex.wilber@northwind.example"), displayName: "Alex" };
      const unknown = sendDecision(
        ADDRESS.unknown,
        user,
        shardNamed("x"),
        { failClosed: false },
        t
      );
      const down = sendDecision(
        ADDRESS.unknown,
        user,
        { kind: "unavailable" },
        { failClosed: true },
        t
      );
      for (const d of [unknown, down]) {
        if (d.allowEvent) throw new Error("must block");
        expect(d.errorMessage).toContain(ADDRESS.unknown);
        expect(d.errorMessageMarkdown).toContain(escapeMarkdown(ADDRESS.unknown));
        expect(d.errorMessage.length).toBeLessThanOrEqual(ALERT_MAX);
        expect(d.errorMessageMarkdown.length).toBeLessThanOrEqual(ALERT_MAX);
        expect(balanced(d.errorMessageMarkdown)).toBe(true);
      }
    });

    it("an address too long for any template is cut safely, never leaving Markdown open", () => {
      const huge = toSmtpAddress(`${"é\u0301📬*".repeat(200)}@northwind.example`);
      const user = { address: toSmtpAddress("alex.wilber@northwind.example"), displayName: "Alex" };
      const d = sendDecision(huge, user, shardNamed("x"), { failClosed: false }, t);
      if (d.allowEvent) throw new Error("must block");
      expect(d.errorMessage.length).toBeLessThanOrEqual(ALERT_MAX);
      expect(d.errorMessageMarkdown.length).toBeLessThanOrEqual(ALERT_MAX);
      expect(d.errorMessage).not.toMatch(LONE_SURROGATE);
      expect(d.errorMessageMarkdown).not.toMatch(LONE_SURROGATE);
      expect(balanced(d.errorMessageMarkdown)).toBe(true);
      for (const n of fromNotifications(huge, user, shardNamed("x"), t)) {
        expect(n.message.length).toBeLessThanOrEqual(NOTIFICATION_MAX);
        expect(n.message).not.toMatch(LONE_SURROGATE);
      }
    });

    it("the directory notice fits a notification", () => {
      expect(t.events.directoryTooLarge.length).toBeLessThanOrEqual(NOTIFICATION_MAX);
    });
  });
});

describe("user-perceived characters without Intl.Segmenter", () => {
  it.each(Object.entries(NAMES))(
    "%s: the fallback splits as Intl.Segmenter does",
    (_label, name) => {
      const intl = Array.from(
        new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(name),
        (s) => s.segment
      );
      expect(graphemesFallback(name)).toEqual(intl);
    }
  );
});
