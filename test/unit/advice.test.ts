import { SmtpAddress, toSmtpAddress } from "../../src/core/address";
import { adviseFor, AdviceCode, mayNotBeActiveYet } from "../../src/core/advice";
import type { Mailbox } from "../../src/core/model";
import { classifyFrom } from "../../src/core/rights";
import { mailbox, USER } from "../fixtures/shards";

const now = new Date("2026-11-22T12:00:00Z");
const ctx = { user: USER, generatedAt: "2026-11-22T06:00:00Z", now };
const codes = (
  m: Mailbox,
  extra: Partial<typeof ctx & { outlookFrom: SmtpAddress }> = {}
): AdviceCode[] => adviseFor(m, { ...ctx, ...extra }).map((a) => a.code);

describe("how recipients see the message", () => {
  it("Send As shows only the mailbox", () => {
    expect(codes(mailbox({ address: "support@n.example", rights: ["SendAs"] }))).toContain(
      "recipients.sendAs"
    );
  });

  it("Send on Behalf shows the user on behalf of the mailbox", () => {
    const c = codes(mailbox({ address: "ceo@n.example", kind: "user", rights: ["SendOnBehalf"] }));
    expect(c).toContain("recipients.sendOnBehalf");
    expect(c).not.toContain("recipients.sendAs");
  });

  it("with both rights Exchange uses Send As, and the pane says so", () => {
    const c = codes(mailbox({ address: "support@n.example", rights: ["SendOnBehalf", "SendAs"] }));
    expect(c).toEqual(expect.arrayContaining(["recipients.sendAs", "recipients.sendAsWins"]));
    expect(c).not.toContain("recipients.sendOnBehalf");
  });
});

describe("where the sent copy lands when Outlook sends", () => {
  it("only the user's Sent Items by default", () => {
    expect(codes(mailbox({ address: "s@n.example" }))).toContain("sentItems.yoursOnly");
  });

  it("also the mailbox's Sent Items when the copy flag for the right in use is on", () => {
    const sendAs = mailbox({
      address: "s@n.example",
      rights: ["SendAs"],
      sentItemsCopy: { sendAs: true, sendOnBehalf: false },
    });
    expect(codes(sendAs)).toContain("sentItems.yoursAndMailbox");

    const sobOnlyFlagForSendAs = mailbox({
      address: "s@n.example",
      rights: ["SendOnBehalf"],
      sentItemsCopy: { sendAs: true, sendOnBehalf: false },
    });
    expect(codes(sobOnlyFlagForSendAs)).toContain("sentItems.yoursOnly");

    const both = mailbox({
      address: "s@n.example",
      rights: ["SendAs", "SendOnBehalf"],
      sentItemsCopy: { sendAs: false, sendOnBehalf: true },
    });
    expect(codes(both)).toContain("sentItems.yoursOnly");
  });

  it.each(["distributionList", "securityGroup", "microsoft365Group"] as const)(
    "a %s has no Sent Items of its own",
    (kind) => {
      const c = codes(
        mailbox({
          address: "g@n.example",
          kind,
          rights: ["SendAs"],
          sentItemsCopy: { sendAs: true, sendOnBehalf: true },
        })
      );
      expect(c).toContain("sentItems.groupHasNone");
      expect(c).not.toContain("sentItems.yoursAndMailbox");
      expect(c).not.toContain("fullAccess.missing");
    }
  );
});

describe("Full Access", () => {
  it("missing: sending through the mailbox itself will fail", () => {
    const c = codes(mailbox({ address: "s@n.example", rights: ["SendAs"] }));
    expect(c).toContain("fullAccess.missing");
  });

  it("present: the mailbox's own Sent Items is available", () => {
    const c = codes(mailbox({ address: "s@n.example", rights: ["SendAs", "FullAccess"] }));
    expect(c).toContain("fullAccess.present");
    expect(c).not.toContain("fullAccess.missing");
  });

  it("alone does not allow sending at all", () => {
    const advice = adviseFor(mailbox({ address: "hr@n.example", rights: ["FullAccess"] }), ctx);
    expect(advice[0]).toEqual({ code: "send.fullAccessOnly", tone: "error" });
    expect(advice.map((a) => a.code)).not.toContain("recipients.sendAs");
  });
});

describe("caveats", () => {
  it("rights from a directory generated in the last hour may not be active yet", () => {
    const m = mailbox({ address: "s@n.example" });
    expect(codes(m, { generatedAt: "2026-11-22T11:30:00Z" })).toContain("rights.mayNotBeActive");
    expect(codes(m, { generatedAt: "2026-11-22T10:59:00Z" })).not.toContain(
      "rights.mayNotBeActive"
    );
    expect(mayNotBeActiveYet("not a date", now)).toBe(false);
  });

  it("no-reply and hidden mailboxes are called out", () => {
    const c = codes(
      mailbox({ address: "noreply@n.example", noReply: true, hiddenFromAddressLists: true })
    );
    expect(c).toEqual(expect.arrayContaining(["mailbox.noReply", "mailbox.hidden"]));
  });

  it("says whether Outlook's From already shows the mailbox", () => {
    const m = mailbox({ address: "support@n.example" });
    expect(codes(m, { outlookFrom: toSmtpAddress("Support@N.example") })).toContain(
      "outlookFrom.matches"
    );
    expect(codes(m, { outlookFrom: USER })).toContain("outlookFrom.pickInOutlook");
  });
});

describe("classifyFrom", () => {
  const directory = {
    aliases: [toSmtpAddress("alex@northwind.example")],
    mailboxes: [
      mailbox({ address: "support@n.example", rights: ["SendOnBehalf", "FullAccess"] }),
      mailbox({ address: "hr@n.example", rights: ["FullAccess"] }),
    ],
  };

  it("knows the user's own address and aliases", () => {
    expect(classifyFrom(toSmtpAddress("Alex.Wilber@northwind.example"), USER, directory)).toEqual({
      status: "own",
    });
    expect(classifyFrom(toSmtpAddress("ALEX@northwind.example"), USER, directory)).toEqual({
      status: "own",
    });
  });

  it("says which right applies to a permitted mailbox", () => {
    expect(classifyFrom(toSmtpAddress("support@n.example"), USER, directory)).toMatchObject({
      status: "permitted",
      right: "SendOnBehalf",
    });
  });

  it("tells Full Access only apart from unknown", () => {
    expect(classifyFrom(toSmtpAddress("hr@n.example"), USER, directory)).toMatchObject({
      status: "notPermitted",
    });
    expect(classifyFrom(toSmtpAddress("ceo@n.example"), USER, directory)).toEqual({
      status: "unknown",
    });
    expect(classifyFrom(toSmtpAddress("ceo@n.example"), USER, null)).toEqual({ status: "unknown" });
  });
});
