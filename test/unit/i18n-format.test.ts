// Plurals and times per language, through the catalogues a user sees, and the same text from the
// fallbacks a runtime without Intl.PluralRules / Intl.RelativeTimeFormat gets (classic Outlook's
// JavaScript-only runtime runs the catalogues in launchevent.js).
import { de } from "../../src/core/i18n/de";
import { en } from "../../src/core/i18n/en";
import { fr } from "../../src/core/i18n/fr";
import {
  formatDateTime,
  formatDuration,
  formatIn,
  plural,
  pluralCategory,
} from "../../src/core/i18n/format";
import type { Messages } from "../../src/core/i18n";
import { deProblems } from "../../src/core/i18n/problems-de";
import { enProblems } from "../../src/core/i18n/problems-en";
import { frProblems } from "../../src/core/i18n/problems-fr";

const PROBLEMS = { "en-US": enProblems, "de-DE": deProblems, "fr-FR": frProblems };

const throttled = (t: Messages, seconds?: number) =>
  PROBLEMS[t.locale as keyof typeof PROBLEMS].throttled({
    mailbox: "support@northwind.example",
    seconds,
  });

/** Runs `body` as a runtime without the named Intl constructors would. */
function without(names: ("PluralRules" | "RelativeTimeFormat")[], body: () => void) {
  const saved = names.map((n) => [n, Intl[n]] as const);
  try {
    for (const n of names) delete (Intl as Partial<typeof Intl>)[n];
    expect(names.every((n) => typeof Intl[n] === "undefined")).toBe(true);
    body();
  } finally {
    for (const [n, value] of saved) Object.assign(Intl, { [n]: value });
  }
}

const PER_LANGUAGE: {
  t: Messages;
  counts: [shown: number, total: number, text: string][];
  retry: [seconds: number, text: string][];
  noRetry: RegExp;
  date: RegExp;
}[] = [
  {
    t: en,
    counts: [
      [0, 0, "0 mailboxes"],
      [1, 1, "1 mailbox"],
      [2, 2, "2 mailboxes"],
      [1, 1200, "1 of 1,200 mailboxes"],
    ],
    retry: [
      [1, "Try again in 1 second."],
      [2, "Try again in 2 seconds."],
      [30, "Try again in 30 seconds."],
      [1200, "Try again in 20 minutes."],
      [3600, "Try again in 1 hour."],
      [5400, "Try again in 1.5 hours."],
    ],
    noRetry: / Try again in a minute\.$/,
    date: /^Nov 2[12], 2026, \d{1,2}:\d{2}\s?[AP]M$/,
  },
  {
    t: de,
    counts: [
      [0, 0, "0 Postfächer"],
      [1, 1, "1 Postfach"],
      [2, 2, "2 Postfächer"],
      [1, 1200, "1 von 1.200 Postfächern"],
      // "von" takes the dative, singular and plural alike (rev14b finding 3).
      [1, 14, "1 von 14 Postfächern"],
      [1, 1, "1 Postfach"],
      [0, 1, "0 von 1 Postfach"],
    ],
    retry: [
      [1, "Versuchen Sie es in 1 Sekunde erneut."],
      [2, "Versuchen Sie es in 2 Sekunden erneut."],
      [30, "Versuchen Sie es in 30 Sekunden erneut."],
      [1200, "Versuchen Sie es in 20 Minuten erneut."],
      [3600, "Versuchen Sie es in 1 Stunde erneut."],
      [5400, "Versuchen Sie es in 1,5 Stunden erneut."],
    ],
    noRetry: / Versuchen Sie es in einer Minute erneut\.$/,
    date: /^2[12]\.11\.2026, \d{2}:\d{2}$/,
  },
  {
    t: fr,
    // French counts 0 and 1 as singular.
    counts: [
      [0, 0, "0 boîte aux lettres"],
      [1, 1, "1 boîte aux lettres"],
      [2, 2, "2 boîtes aux lettres"],
      [1, 1200, "1 sur 1\u202f200 boîtes aux lettres"],
    ],
    retry: [
      [1, "Réessayez dans 1 seconde."],
      [2, "Réessayez dans 2 secondes."],
      [30, "Réessayez dans 30 secondes."],
      [1200, "Réessayez dans 20 minutes."],
      [3600, "Réessayez dans 1 heure."],
      [7200, "Réessayez dans 2 heures."],
    ],
    noRetry: / Réessayez dans une minute\.$/,
    date: /^2[12] nov\. 2026, \d{2}:\d{2}$/,
  },
];

describe.each(PER_LANGUAGE.map((c) => [c.t.locale, c] as const))("%s", (_, c) => {
  it("counts mailboxes with the language's plural", () => {
    for (const [shown, total, text] of c.counts) expect(c.t.pane.count(shown, total)).toBe(text);
  });

  it("says when to try again after throttling, singular for 1 second", () => {
    for (const [seconds, text] of c.retry) expect(throttled(c.t, seconds)).toMatch(` ${text}`);
    // No Retry-After: a minute, in words.
    expect(throttled(c.t)).toMatch(c.noRetry);
  });

  it("shows a date and time in the language's style, and unknown text as it is", () => {
    expect(c.t.formatTime("2026-11-22T10:42:00Z")).toMatch(c.date);
    expect(c.t.formatTime("yesterday")).toBe("yesterday");
  });

  it("says the same without Intl.PluralRules and Intl.RelativeTimeFormat", () => {
    without(["PluralRules", "RelativeTimeFormat"], () => {
      for (const [shown, total, text] of c.counts) expect(c.t.pane.count(shown, total)).toBe(text);
      for (const [seconds, text] of c.retry) expect(throttled(c.t, seconds)).toMatch(` ${text}`);
    });
  });
});

describe("format", () => {
  it("the fallback plural rule agrees with CLDR for en, de and fr", () => {
    const numbers = [0, 1, 2, 3, 5, 11, 21, 100, 1000, 1e6, 0.5, 1.5, 2.5];
    const cldr = (locale: string) => numbers.map((n) => pluralCategory(locale, n));
    const expected = ["en-US", "de-DE", "fr-FR"].map(cldr);
    without(["PluralRules"], () => {
      expect(["en-US", "de-DE", "fr-FR"].map(cldr)).toEqual(expected);
    });
  });

  it("the fallback time ahead agrees with Intl.RelativeTimeFormat for en, de and fr", () => {
    const seconds = [0, 1, 2, 59, 60, 3600, 12345, 90000, 200000];
    const locales = ["en-US", "de-DE", "fr-FR"];
    const expected = locales.map((l) => seconds.map((s) => formatIn(l, s)));
    expect(expected[0][1]).toBe("in 1 second");
    without(["PluralRules", "RelativeTimeFormat"], () => {
      expect(locales.map((l) => seconds.map((s) => formatIn(l, s)))).toEqual(expected);
    });
  });

  it("says a duration in seconds, then minutes, then hours, with Intl's unit style or the same words without it (rev14b finding 7)", () => {
    const cases: [string, number, string, string][] = [
      ["en-US", 1, "1 second", "in 1 second"],
      ["en-US", 59, "59 seconds", "in 59 seconds"],
      ["en-US", 61, "2 minutes", "in 2 minutes"],
      ["en-US", 3600, "1 hour", "in 1 hour"],
      ["de-DE", 90, "2 Minuten", "in 2 Minuten"],
      ["de-DE", 3600, "1 Stunde", "in 1 Stunde"],
      ["de-DE", 7200, "2 Stunden", "in 2 Stunden"],
      ["fr-FR", 30, "30\u00a0secondes", "dans 30 secondes"],
      ["fr-FR", 3600, "1\u00a0heure", "dans 1 heure"],
      ["fr-FR", 10800, "3\u00a0heures", "dans 3 heures"],
      // Long waits: whole hours from ten hours on, then days, never shorter than the wait.
      ["en-US", 3660, "1.5 hours", "in 1.5 hours"],
      ["en-US", 36001, "11 hours", "in 11 hours"],
      ["en-US", 88200, "25 hours", "in 25 hours"],
      ["de-DE", 88200, "25 Stunden", "in 25 Stunden"],
      ["en-US", 3 * 86400 - 5, "3 days", "in 3 days"],
      ["de-DE", 3 * 86400, "3 Tage", "in 3 Tagen"],
      ["fr-FR", 2 * 86400 + 1, "3\u00a0jours", "dans 3 jours"],
    ];
    for (const [locale, seconds, duration, ahead] of cases) {
      expect([formatDuration(locale, seconds), formatIn(locale, seconds)]).toEqual([
        duration,
        ahead,
      ]);
    }
    without(["PluralRules", "RelativeTimeFormat"], () => {
      for (const [locale, seconds, , ahead] of cases) expect(formatIn(locale, seconds)).toBe(ahead);
    });
    // Progress while throttled: "3,600 s" is said as an hour in every language.
    expect(en.send.progress.waiting(3600)).toContain("in 1 hour");
    expect(de.send.progress.waiting(3600)).toContain("in 1 Stunde");
    expect(fr.send.progress.waiting(3600)).toContain("dans 1 heure");
  });

  it.each(PER_LANGUAGE.map((c) => [c.t.locale, c.t] as const))(
    "%s: a throttle wait of a day does not quote the per-minute limit",
    (_, t) => {
      const long = throttled(t, 25 * 3600);
      expect(long).not.toMatch(/30/);
      expect(long).toContain(formatIn(t.locale, 25 * 3600));
      expect(throttled(t, 30)).toMatch(/30 /);
    }
  );

  it("takes the other form when a language has no word for a category", () => {
    expect(plural("en-US", 1, { other: "items" })).toBe("items");
  });

  it("spells the date and time out where the runtime ignores dateStyle and timeStyle", () => {
    const Real = Intl.DateTimeFormat;
    // What a runtime older than ECMA-402 dateStyle does: drops the unknown options.
    const Old = function (locale: string, options: Intl.DateTimeFormatOptions = {}) {
      const { dateStyle, timeStyle, ...rest } = options;
      void dateStyle;
      void timeStyle;
      return new Real(locale, rest);
    } as unknown as typeof Intl.DateTimeFormat;
    try {
      Intl.DateTimeFormat = Old;
      expect(formatDateTime("de-DE", "2026-11-22T10:42:00Z")).toMatch(
        /^2[12]\.11\.2026, \d{2}:42$/
      );
      expect(formatDateTime("en-US", "2026-11-22T10:42:00Z")).toMatch(
        /^11\/2[12]\/2026, \d{2}:42\s?[AP]M$/
      );
    } finally {
      Intl.DateTimeFormat = Real;
    }
  });
});
