// Numbers, plurals and times for every catalogue (en, de, fr), in one place, with the ECMAScript
// Internationalization API (Intl.NumberFormat, Intl.PluralRules, Intl.DateTimeFormat,
// Intl.RelativeTimeFormat): CLDR's rules, not hand-written "=== 1 ?" checks in each language.
//
// The event handlers' bundle (launchevent.js) carries the catalogues too, and classic Outlook on
// Windows runs it in a JavaScript-only runtime that need not have every Intl constructor
// (learn.microsoft.com/office/dev/add-ins/develop/runtimes#javascript-only-runtime). So nothing here
// touches Intl when the module loads, and each function falls back to plain, still correct text
// for en, de and fr when the constructor it needs is missing.

/** CLDR plural categories (unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html). */
export type PluralCategory = "zero" | "one" | "two" | "few" | "many" | "other";

/** The forms of a word: "other" always, "one" and the rest where the language has them. */
export type PluralForms = { other: string } & Partial<Record<PluralCategory, string>>;

type IntlWith<K extends string> = Partial<Record<K, unknown>>;
const intl = (): IntlWith<
  "NumberFormat" | "PluralRules" | "DateTimeFormat" | "RelativeTimeFormat"
> => (typeof Intl === "object" && Intl !== null ? (Intl as unknown as IntlWith<string>) : {});

const language = (locale: string) => locale.toLowerCase().split(/[-_]/)[0];

// One formatter per locale: building one loads locale data, tens of ms the first time, and the
// result count is formatted on every keystroke (issue 14: a keystroke must show within 30 ms).
const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

/** Formats a number with the locale's digit grouping: "50,000", "50.000", "50 000". */
export function formatNumber(locale: string, n: number): string {
  if (typeof intl().NumberFormat !== "function") return String(n);
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(n);
}

/**
 * The CLDR plural category of `n` in `locale`. Without Intl.PluralRules, the CLDR rule of the
 * catalogues' languages: French "one" for 0 ≤ n < 2 and "many" for whole millions, English and
 * German "one" for exactly 1; "other" otherwise.
 */
export function pluralCategory(locale: string, n: number): PluralCategory {
  if (typeof intl().PluralRules === "function") {
    let rules = pluralRules.get(locale);
    if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
    return rules.select(n) as PluralCategory;
  }
  if (language(locale) === "fr") {
    if (Math.abs(n) < 2) return "one";
    return Number.isInteger(n) && n % 1e6 === 0 ? "many" : "other";
  }
  return n === 1 ? "one" : "other";
}

/** The form of a word for `n`: plural(locale, 1, { one: "mailbox", other: "mailboxes" }) is "mailbox". */
export function plural(locale: string, n: number, forms: PluralForms): string {
  return forms[pluralCategory(locale, n)] ?? forms.other;
}

/**
 * A point in time for display, in the user's time zone: "Nov 22, 2026, 10:42 AM" (en-US),
 * "22.11.2026, 10:42" (de-DE), "22 nov. 2026, 10:42" (fr-FR). `iso` is an ISO-8601 timestamp;
 * text that is not a date is returned as it is.
 */
export function formatDateTime(locale: string, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (typeof intl().DateTimeFormat !== "function") return date.toISOString();
  const styled = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  // Runtimes older than dateStyle/timeStyle ignore them and print the date alone: spell it out.
  if (styled.resolvedOptions().timeStyle) return styled.format(date);
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}

/** Words for a time ahead when Intl.RelativeTimeFormat is missing; "#" stands for the number. */
const IN_SECONDS: Record<string, PluralForms> = {
  en: { one: "in # second", other: "in # seconds" },
  de: { one: "in # Sekunde", other: "in # Sekunden" },
  fr: { one: "dans # seconde", other: "dans # secondes" },
};

/** Words for minutes ahead when Intl.RelativeTimeFormat is missing; "#" stands for the number. */
const IN_MINUTES: Record<string, PluralForms> = {
  en: { one: "in # minute", other: "in # minutes" },
  de: { one: "in # Minute", other: "in # Minuten" },
  fr: { one: "dans # minute", other: "dans # minutes" },
};

/** The unit a duration is said in, and its amount in that unit. */
type DurationUnit = "second" | "minute" | "hour" | "day";

/**
 * Seconds under a minute, then whole minutes (rounded up) under an hour, then hours: rounded up
 * to the half hour under ten hours ("in 1.5 hours"), whole hours under two days ("in 25 hours",
 * not "in 24.5 hours"), then whole days ("in 3 days"): "3,600 seconds" reads as "1 hour" (rev14b
 * finding 7), and a long wait is not given to a precision nobody reads. Rounding up: a wait said
 * aloud is never shorter than the real one. `seconds`: a non-negative number of seconds.
 */
function durationIn(seconds: number): { unit: DurationUnit; amount: number } {
  // Not a number (a progress event without its seconds): said as no wait rather than a throw.
  const s = Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : 0;
  if (s < 60) return { unit: "second", amount: s };
  if (s < 3600) return { unit: "minute", amount: Math.ceil(s / 60) };
  if (s < 10 * 3600) return { unit: "hour", amount: Math.ceil(s / 1800) / 2 };
  if (s < 48 * 3600) return { unit: "hour", amount: Math.ceil(s / 3600) };
  return { unit: "day", amount: Math.ceil(s / 86400) };
}

/** Words for a time ahead by unit when Intl.RelativeTimeFormat is missing; "#" is the number. */
const IN_UNIT: Record<DurationUnit, Record<string, PluralForms>> = {
  second: IN_SECONDS,
  minute: IN_MINUTES,
  hour: {
    en: { one: "in # hour", other: "in # hours" },
    de: { one: "in # Stunde", other: "in # Stunden" },
    fr: { one: "dans # heure", other: "dans # heures" },
  },
  day: {
    en: { one: "in # day", other: "in # days" },
    de: { one: "in # Tag", other: "in # Tagen" },
    fr: { one: "dans # jour", other: "dans # jours" },
  },
};

/** Words for a duration by unit when Intl.NumberFormat has no unit style; "#" is the number. */
const DURATION: Record<DurationUnit, Record<string, PluralForms>> = {
  second: {
    en: { one: "# second", other: "# seconds" },
    de: { one: "# Sekunde", other: "# Sekunden" },
    fr: { one: "# seconde", other: "# secondes" },
  },
  minute: {
    en: { one: "# minute", other: "# minutes" },
    de: { one: "# Minute", other: "# Minuten" },
    fr: { one: "# minute", other: "# minutes" },
  },
  hour: {
    en: { one: "# hour", other: "# hours" },
    de: { one: "# Stunde", other: "# Stunden" },
    fr: { one: "# heure", other: "# heures" },
  },
  day: {
    en: { one: "# day", other: "# days" },
    de: { one: "# Tag", other: "# Tage" },
    fr: { one: "# jour", other: "# jours" },
  },
};

/** `n` with the locale's digits and decimal sign (one decimal at most: half hours). */
function decimal(locale: string, n: number): string {
  if (typeof intl().NumberFormat !== "function") return String(n);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
}

/**
 * A time `seconds` ahead in the unit that reads best (seconds, then minutes, then hours; see
 * durationIn), as the locale says it: "in 30 seconds", "in 5 Minuten", "dans 1 heure",
 * "in 1.5 hours". Intl.RelativeTimeFormat where the runtime has it, else the same words.
 */
export function formatIn(locale: string, seconds: number): string {
  const { unit, amount } = durationIn(seconds);
  if (typeof intl().RelativeTimeFormat === "function")
    return new Intl.RelativeTimeFormat(locale, { numeric: "always" }).format(amount, unit);
  const forms = IN_UNIT[unit][language(locale)] ?? IN_UNIT[unit].en;
  return plural(locale, amount, forms).replace("#", decimal(locale, amount));
}

/**
 * A duration of `seconds` in the unit that reads best (durationIn), with Intl.NumberFormat's unit
 * style: "30 seconds", "2 Minuten", "1 heure". The same words where the runtime has no unit style.
 */
export function formatDuration(locale: string, seconds: number): string {
  const { unit, amount } = durationIn(seconds);
  if (typeof intl().NumberFormat === "function") {
    try {
      return new Intl.NumberFormat(locale, {
        style: "unit",
        unit,
        unitDisplay: "long",
        maximumFractionDigits: 1,
      }).format(amount);
    } catch {
      // A runtime without the unit style (RangeError): the words below.
    }
  }
  const forms = DURATION[unit][language(locale)] ?? DURATION[unit].en;
  return plural(locale, amount, forms).replace("#", decimal(locale, amount));
}
