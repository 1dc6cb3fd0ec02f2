import { ALERT_MAX, CANCEL_LABEL_MAX, NOTIFICATION_MAX } from "../../src/core/events";
import { messagesFor } from "../../src/core/i18n";
import { de as dePane } from "../../src/core/i18n/de";
import { en as enPane } from "../../src/core/i18n/en";
import { deEvents } from "../../src/core/i18n/events-de";
import { enEvents } from "../../src/core/i18n/events-en";
import { frEvents } from "../../src/core/i18n/events-fr";
import { fr as frPane } from "../../src/core/i18n/fr";
import { deProblems } from "../../src/core/i18n/problems-de";
import { enProblems } from "../../src/core/i18n/problems-en";
import { frProblems } from "../../src/core/i18n/problems-fr";
import type { EventMessages } from "../../src/core/i18n";

// Every text of a language: the pane's catalogue with the event handlers' texts and the send
// problems' texts the pane loads on demand.
const en = { ...messagesFor("en"), problems: enProblems };
const de = { ...messagesFor("de"), problems: deProblems };
const fr = { ...messagesFor("fr"), problems: frProblems };

const catalogues: [string, EventMessages][] = [
  ["en", en],
  ["de", de],
  ["fr", fr],
];

/** Every string a catalogue produces, with typical arguments. */
function texts(t: EventMessages, arg = "Customer Support"): string[] {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") out.push(value);
    else if (typeof value === "function") {
      const produced = (value as (...a: unknown[]) => unknown)(
        {
          mailbox: arg,
          user: "Alex Wilber",
          kind: "shared",
          generatedAt: "1 Nov 2026",
          seconds: 10,
          address: arg,
          found: "2",
          supported: 1,
          bytes: 6e6,
          limit: 5242880,
          at: "/x",
          detail: "d",
          expected: "a@x",
          url: "https://x/",
          recipients: "R.",
          copies: "C.",
        },
        arg,
        3
      );
      if (typeof produced === "string") out.push(produced);
    } else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(t);
  return out;
}

describe("message catalogues", () => {
  it("are chosen from Office's display language, with English as the fallback", () => {
    const german = { ...dePane, events: deEvents };
    const french = { ...frPane, events: frEvents };
    const english = { ...enPane, events: enEvents };
    expect(messagesFor("de-DE")).toEqual(german);
    expect(messagesFor("de-AT")).toEqual(german);
    expect(messagesFor("DE-ch")).toEqual(german);
    expect(messagesFor("fr-FR")).toEqual(french);
    expect(messagesFor("fr-CA")).toEqual(french);
    expect(messagesFor("es-ES")).toEqual(english);
    expect(messagesFor("")).toEqual(english);
    expect(messagesFor(undefined)).toEqual(english);
  });

  it("German and French differ from English except for names and codes", () => {
    // Names, codes, and words German shares with English ("Details").
    const same = (text: string) =>
      ["Send From", "Simulator"].includes(text) || /^Details: /.test(text);
    for (const t of [de, fr]) {
      const english = texts(en);
      const translated = texts(t);
      expect(translated).toHaveLength(english.length);
      const untranslated = translated.filter(
        (text, i) => text === english[i] && !same(text) && !/^\d/.test(text)
      );
      expect(untranslated).toEqual([]);
    }
  });

  it.each(catalogues)(
    "%s: notifications fit 150 characters, Smart Alerts 500, the button 20",
    (_, t) => {
      // Notifications get names and addresses cut to 40 characters (src/core/events.ts); alerts get them whole.
      const name = "M".repeat(40);
      const short = `${"a".repeat(21)}@northwind.example`;
      const address = `${"a".repeat(45)}@northwind.example`;
      const e = t.events;
      for (const text of [
        e.recipientsSendAs(name),
        e.recipientsSendOnBehalf("M".repeat(40), name),
        e.copyMine(name),
        e.copyBoth(name),
        e.deniedFullAccessOnly(name),
        e.deniedUnknown(short),
      ]) {
        expect(text.length).toBeLessThanOrEqual(NOTIFICATION_MAX);
      }
      for (const text of [
        e.blockedFullAccessOnly(name, address),
        e.blockedFullAccessOnlyMarkdown(name, address),
        e.blockedUnknown(address),
        e.blockedUnknownMarkdown(address),
        e.blockedUnavailable(address),
        e.warnedPersonUncertain(address),
        // A shared mailbox added as an account, or a UPN that is not the mail address: two addresses.
        e.warnedAccountNotProfile(address, address),
      ]) {
        expect(text.length).toBeLessThanOrEqual(ALERT_MAX);
      }
      expect(e.pickMailbox.length).toBeLessThanOrEqual(CANCEL_LABEL_MAX);
    }
  );

  it("name Outlook's From field as French and German Outlook do, quoted, in every text", () => {
    // French Outlook labels the field « De », German Outlook „Von“: a bare "champ De d’Outlook"
    // or "Von-Feld von Outlook" reads as a stutter, so the field's name is quoted everywhere.
    const frField = /champ «\u202fDe\u202f»/i;
    const deField = /Feld „Von“/;
    const frTexts = texts(fr).filter((t) => /\bchamp\b.*\bDe\b|\bdans De\b/i.test(t));
    const deTexts = texts(de).filter((t) => /Von-Feld|\bals Von\b|Feld „Von“/.test(t));
    expect(fr.pane.outlookFromLabel).toBe("Champ «\u202fDe\u202f» d’Outlook");
    expect(de.pane.outlookFromLabel).toBe("Feld „Von“ in Outlook");
    // Both sentences of advice, the label, the unknown state, the unavailable send and the alert.
    expect(frTexts.length).toBeGreaterThanOrEqual(5);
    expect(frTexts.filter((t) => !frField.test(t))).toEqual([]);
    expect(deTexts.length).toBeGreaterThanOrEqual(5);
    expect(deTexts.filter((t) => !deField.test(t) || /Von-Feld/.test(t))).toEqual([]);
  });

  it.each(catalogues)(
    "%s: the mailbox's heading and the Send button say different things",
    (_, t) => {
      // German had "Von X senden" for both: the heading read as a second button label.
      expect(t.pane.detailsHeading("Billing")).not.toBe(t.send.button("Billing"));
    }
  );

  it("format times and counts in their own locale", () => {
    const at = "2026-11-22T10:42:00Z";
    expect(de.formatTime(at)).toMatch(/22\.11\.2026/);
    expect(fr.formatTime(at)).toMatch(/22 nov\. 2026/);
    expect(en.formatTime(at)).toMatch(/Nov 22, 2026/);
    expect(de.pane.count(50000, 50000)).toBe("50.000 Postfächer");
    expect(de.pane.count(1, 1)).toBe("1 Postfach");
    expect(fr.pane.count(3, 50000)).toBe("3 sur 50\u202f000 boîtes aux lettres");
    expect(en.pane.count(1, 1)).toBe("1 mailbox");
  });
});
