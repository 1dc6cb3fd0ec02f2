import { messagesFor } from "../../../src/core/i18n";
import { toSmtpAddress } from "../../../src/core/address";
import {
  ALERT_MAX,
  CANCEL_LABEL_MAX,
  escapeMarkdown,
  fit,
  fromNotifications,
  NOTIFICATION_MAX,
  OPEN_PANE_COMMAND,
  sendDecision,
} from "../../../src/core/events";
import { fromDigest, toDigest } from "../../../src/core/digest";
import { alexShard } from "../../fixtures/northwind";
import { mailbox } from "../../fixtures/shards";

// The event handlers' catalogues: the pane's texts with the events' own (src/core/i18n/index.ts).
const en = messagesFor("en");

const USER = {
  address: toSmtpAddress("alex.wilber@northwind.example"),
  displayName: "Alex Wilber",
};
const known = { kind: "shard" as const, shard: alexShard() };
const settings = { failClosed: false };

describe("notifications when From changes", () => {
  it("none for the user's own address or an alias", () => {
    expect(
      fromNotifications(toSmtpAddress("Alex.Wilber@northwind.example"), USER, known, en)
    ).toEqual([]);
    expect(fromNotifications(toSmtpAddress("alex@northwind.example"), USER, known, en)).toEqual([]);
  });

  it("for a permitted mailbox: how recipients see it and where the copy lands, at most two", () => {
    const sendAs = fromNotifications(toSmtpAddress("support@northwind.example"), USER, known, en);
    expect(sendAs).toEqual([
      {
        key: "sendFromRecipients",
        type: "informationalMessage",
        message: "Send From: recipients will see this as from Customer Support only.",
      },
      {
        key: "sendFromCopy",
        type: "informationalMessage",
        message: "Send From: the sent copy goes to your Sent Items and to Customer Support's.",
      },
    ]);
    const onBehalf = fromNotifications(
      toSmtpAddress("diego.siciliani@northwind.example"),
      USER,
      known,
      en
    );
    expect(onBehalf[0].message).toBe(
      'Send From: recipients will see "Alex Wilber on behalf of Diego Siciliani".'
    );
    expect(onBehalf[1].message).toBe(
      "Send From: the sent copy goes to your Sent Items and to Diego Siciliani's."
    );
    expect(
      fromNotifications(toSmtpAddress("billing@northwind.example"), USER, known, en)[1].message
    ).toContain("not to Billing's");
  });

  it("an error for Full Access only, and for a mailbox without any right", () => {
    expect(fromNotifications(toSmtpAddress("hr@northwind.example"), USER, known, en)).toEqual([
      {
        key: "sendFromDenied",
        type: "errorMessage",
        message: expect.stringContaining("Full Access doesn't allow sending"),
      },
    ]);
    expect(fromNotifications(toSmtpAddress("finance@northwind.example"), USER, known, en)).toEqual([
      {
        key: "sendFromDenied",
        type: "errorMessage",
        message: expect.stringContaining("Sending from finance@northwind.example will fail"),
      },
    ]);
  });

  it("the directory can't say: an informational 'can't tell' notice, never a denial; nothing when not published", () => {
    const cannotTell = [
      {
        key: "sendFromUnchecked",
        type: "informationalMessage",
        message: expect.stringContaining("can't tell now whether you may send from finance@"),
      },
    ];
    expect(
      fromNotifications(
        toSmtpAddress("finance@northwind.example"),
        USER,
        { kind: "unavailable" },
        en
      )
    ).toEqual(cannotTell);
    expect(
      fromNotifications(
        toSmtpAddress("finance@northwind.example"),
        USER,
        { kind: "notPublished" },
        en
      )
    ).toEqual([]);
    expect(
      fromNotifications(
        toSmtpAddress("finance@northwind.example"),
        USER,
        { ...known, partial: true },
        en
      )
    ).toEqual(cannotTell);
  });

  it("stays within 150 characters and 32-character keys whatever the names", () => {
    const long = {
      kind: "shard" as const,
      shard: alexShard({
        mailboxes: [
          mailbox({
            address: "x@northwind.example",
            displayName: "N".repeat(256),
            rights: ["SendOnBehalf"],
            sentItemsCopy: { sendAs: true, sendOnBehalf: true },
          }),
        ],
      }),
    };
    for (const n of [
      ...fromNotifications(
        toSmtpAddress("x@northwind.example"),
        { ...USER, displayName: "U".repeat(300) },
        long,
        en
      ),
      ...fromNotifications(toSmtpAddress(`${"y".repeat(300)}@x.example`), USER, known, en),
    ]) {
      expect(n.message.length).toBeLessThanOrEqual(NOTIFICATION_MAX);
      expect(n.key.length).toBeLessThanOrEqual(32);
    }
  });
});

describe("the send decision", () => {
  it("allows the user, aliases and permitted mailboxes at once", () => {
    for (const from of [
      USER.address,
      "a.wilber@northwind.example",
      "support@northwind.example",
      "sales.eu@northwind.example",
      "all-staff@northwind.example",
    ]) {
      expect(sendDecision(toSmtpAddress(from), USER, known, settings, en)).toEqual({
        allowEvent: true,
      });
    }
  });

  it("blocks Full Access only, naming the mailbox and the missing right, with a button to the pane", () => {
    const d = sendDecision(toSmtpAddress("hr@northwind.example"), USER, known, settings, en);
    expect(d).toMatchObject({
      allowEvent: false,
      commandId: OPEN_PANE_COMMAND,
      cancelLabel: "Pick a mailbox",
    });
    if (d.allowEvent) return;
    expect(d.errorMessage).toContain("Human Resources (hr@northwind.example)");
    expect(d.errorMessage).toContain("Send As or Send on Behalf");
    expect(d.errorMessageMarkdown).toContain("**Human Resources**");
    expect(d.errorMessage.length).toBeLessThanOrEqual(ALERT_MAX);
    expect(d.cancelLabel.length).toBeLessThanOrEqual(CANCEL_LABEL_MAX);
  });

  it("blocks a mailbox the directory gives no right on", () => {
    const d = sendDecision(toSmtpAddress("finance@northwind.example"), USER, known, settings, en);
    expect(d).toMatchObject({ allowEvent: false });
    if (!d.allowEvent) expect(d.errorMessage).toContain("finance@northwind.example");
  });

  it("fails open when the directory is down with nothing cached, and closed only when built to", () => {
    expect(
      sendDecision(
        toSmtpAddress("finance@northwind.example"),
        USER,
        { kind: "unavailable" },
        settings,
        en
      )
    ).toEqual({ allowEvent: true });
    const closed = sendDecision(
      toSmtpAddress("finance@northwind.example"),
      USER,
      { kind: "unavailable" },
      { failClosed: true },
      en
    );
    expect(closed).toMatchObject({ allowEvent: false });
    // Even failing closed, the user's own address goes.
    expect(
      sendDecision(USER.address, USER, { kind: "unavailable" }, { failClosed: true }, en)
    ).toEqual({ allowEvent: true });
  });

  it("does not block when nothing is published for the user (their aliases are unknown) or the digest is partial", () => {
    expect(
      sendDecision(
        toSmtpAddress("alias.unknown@northwind.example"),
        USER,
        { kind: "notPublished" },
        settings,
        en
      )
    ).toEqual({ allowEvent: true });
    expect(
      sendDecision(
        toSmtpAddress("finance@northwind.example"),
        USER,
        { ...known, partial: true },
        settings,
        en
      )
    ).toEqual({ allowEvent: true });
  });

  it("escapes Markdown in names so a name cannot format the alert", () => {
    const shard = alexShard({
      mailboxes: [
        mailbox({
          address: "x@northwind.example",
          displayName: "[click](https://evil.example) *now*",
          rights: ["FullAccess"],
        }),
      ],
    });
    const d = sendDecision(
      toSmtpAddress("x@northwind.example"),
      USER,
      { kind: "shard", shard },
      settings,
      en
    );
    if (d.allowEvent) throw new Error("should block");
    expect(d.errorMessageMarkdown).toContain("\\[click\\]\\(https://evil\\.example\\) \\*now\\*");
    expect(escapeMarkdown("a_b")).toBe("a\\_b");
  });

  it("fit cuts on a word boundary with an ellipsis", () => {
    expect(fit("alpha beta gamma delta", 20)).toBe("alpha beta gamma…");
    expect(fit("x".repeat(30), 10)).toBe(`${"x".repeat(9)}…`);
    expect(fit("short", 12)).toBe("short");
  });
});

describe("roaming digest", () => {
  it("round-trips what the handlers need", () => {
    const digest = toDigest(alexShard());
    const back = fromDigest(JSON.parse(JSON.stringify(digest)));
    expect(back?.partial).toBe(false);
    const knowledge = { kind: "shard" as const, shard: back!.shard };
    expect(
      sendDecision(toSmtpAddress("hr@northwind.example"), USER, knowledge, settings, en)
    ).toMatchObject({
      allowEvent: false,
    });
    expect(
      sendDecision(toSmtpAddress("support@northwind.example"), USER, knowledge, settings, en)
    ).toEqual({
      allowEvent: true,
    });
    expect(
      sendDecision(toSmtpAddress("alex@northwind.example"), USER, knowledge, settings, en)
    ).toEqual({
      allowEvent: true,
    });
    expect(
      fromNotifications(toSmtpAddress("support@northwind.example"), USER, knowledge, en)[1].message
    ).toContain("and to support@northwind.example's");
  });

  it("stays under its size limit, keeps preferred mailboxes, and says when it is partial", () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      mailbox({ address: `shared-mailbox-${i}@northwind.example` })
    );
    const digest = toDigest(alexShard({ mailboxes: many }), [
      "shared-mailbox-4999@northwind.example",
    ]);
    expect(JSON.stringify(digest).length).toBeLessThanOrEqual(24 * 1024);
    expect(digest.partial).toBe(true);
    expect(digest.m["shared-mailbox-4999@northwind.example"]).toBe("A");
  });

  it("ignores junk", () => {
    expect(fromDigest("nope")).toBeNull();
    expect(fromDigest({ v: 2 })).toBeNull();
  });
});
