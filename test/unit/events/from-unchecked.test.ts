// OnMessageFromChanged when Send From cannot tell whether the From address is allowed: the
// directory unreachable with nothing cached, or a roamed digest cut to 32 KB (roaming settings'
// limit, learn.microsoft.com/office/dev/add-ins/outlook/metadata-for-an-outlook-add-in) that does
// not list the mailbox. A clear informational notification, never a block; a later known answer
// clears it.
import { toSmtpAddress } from "../../../src/core/address";
import { fromNotifications, NOTIFICATION_KEYS, NOTIFICATION_MAX } from "../../../src/core/events";
import { messagesFor } from "../../../src/core/i18n";

const en = messagesFor("en");
const de = messagesFor("de");
const fr = messagesFor("fr");

const ALEX = {
  address: toSmtpAddress("alex.wilber@northwind.example"),
  displayName: "Alex Wilber",
};
const HR = toSmtpAddress("hr@northwind.example");
const LONG = toSmtpAddress(
  "customer-support-europe-middle-east-and-africa@northwind-traders.example"
);

describe("fromNotifications: cannot tell", () => {
  it.each([
    ["en", en, /can't tell.*hr@northwind\.example.*Send checks again/],
    ["de", de, /kann nicht prüfen.*hr@northwind\.example.*neu geprüft/],
    ["fr", fr, /ne peut pas vérifier.*hr@northwind\.example.*revérifie/],
  ] as const)(
    "%s: the directory unreachable, nothing cached: one informational notice naming the address",
    (_, t, says) => {
      const notes = fromNotifications(HR, ALEX, { kind: "unavailable" }, t);
      expect(notes).toEqual([
        {
          key: NOTIFICATION_KEYS.unchecked,
          type: "informationalMessage",
          message: expect.stringMatching(says),
        },
      ]);
      // Outlook's limit for a notification message.
      const long = fromNotifications(LONG, ALEX, { kind: "unavailable" }, t)[0].message;
      expect(long.length).toBeLessThanOrEqual(NOTIFICATION_MAX);
      expect(notes[0].message.length).toBeLessThanOrEqual(NOTIFICATION_MAX);
    }
  );

  it("a partial roamed digest that does not list the mailbox: the same notice, not a denial", () => {
    const notes = fromNotifications(
      HR,
      ALEX,
      {
        kind: "shard",
        partial: true,
        shard: { mailboxes: [], generatedAt: "2026-11-30T00:00:00Z" },
      },
      en
    );
    expect(notes.map((n) => [n.key, n.type])).toEqual([
      [NOTIFICATION_KEYS.unchecked, "informationalMessage"],
    ]);
  });

  it("a complete list that does not name the mailbox still says sending will fail", () => {
    const notes = fromNotifications(
      HR,
      ALEX,
      { kind: "shard", shard: { mailboxes: [], generatedAt: "2026-11-30T00:00:00Z" } },
      en
    );
    expect(notes.map((n) => [n.key, n.type])).toEqual([[NOTIFICATION_KEYS.denied, "errorMessage"]]);
  });
});
