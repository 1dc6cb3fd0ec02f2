import { toSmtpAddress } from "../../src/core/address";
import {
  explainGraphFailure,
  forDraftElsewhere,
  fullAccessCmdlet,
  sendRightCmdlets,
  type SendProblem,
} from "../../src/core/send-errors";

const ctx = (
  throughMailbox: boolean,
  kind: "shared" | "distributionList" | "microsoft365Group" = "shared"
) => ({
  mailbox: { address: toSmtpAddress("support@northwind.example"), kind },
  user: toSmtpAddress("alex.wilber@northwind.example"),
  throughMailbox,
});

describe("send failures explained", () => {
  it("the copy removed from the mailbox's Drafts before it was sent (graph/send.ts copyRemoved): said so, retryable, no cmdlet, whatever step (rev12m #6, #8)", () => {
    for (const failedAt of ["uploading", "sending"] as const) {
      const p = explainGraphFailure(
        { status: 404, code: "copyRemoved", message: "The copy was removed." },
        { ...ctx(true), failedAt }
      );
      expect(p).toEqual({
        code: "copyRemoved",
        retryable: true,
        detail: "copyRemoved: The copy was removed.",
      });
    }
  });

  it("ErrorSendAsDenied: the Send As grant for the right kind of recipient", () => {
    const p = explainGraphFailure(
      {
        status: 403,
        code: "ErrorSendAsDenied",
        message:
          "The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account. Cannot submit message.",
      },
      ctx(false)
    );
    expect(p).toMatchObject({ code: "sendAsDenied", retryable: false });
    expect(p.adminFix).toBe(
      'Add-RecipientPermission -Identity "support@northwind.example" -Trustee "alex.wilber@northwind.example" -AccessRights SendAs -Confirm:$false'
    );
    expect(
      sendRightCmdlets(
        { address: toSmtpAddress("all@n.example"), kind: "distributionList" },
        "a@n.example"
      ).sendOnBehalf
    ).toBe(
      'Set-DistributionGroup -Identity "all@n.example" -GrantSendOnBehalfTo @{Add="a@n.example"}'
    );
    expect(
      sendRightCmdlets(
        { address: toSmtpAddress("f@n.example"), kind: "microsoft365Group" },
        "a@n.example"
      ).sendOnBehalf
    ).toMatch(/^Set-UnifiedGroup /);
  });

  it("ErrorAccessDenied or ErrorItemNotFound through the mailbox: Full Access", () => {
    for (const code of ["ErrorAccessDenied", "ErrorItemNotFound"]) {
      expect(
        explainGraphFailure(
          { status: code === "ErrorAccessDenied" ? 403 : 404, code, message: "" },
          ctx(true)
        )
      ).toMatchObject({
        code: "noFullAccess",
        adminFix: fullAccessCmdlet("support@northwind.example", "alex.wilber@northwind.example"),
      });
    }
    expect(
      explainGraphFailure({ status: 404, code: "ErrorItemNotFound", message: "" }, ctx(false)).code
    ).toBe("draftNotFound");
  });

  describe("403 on the send step: the token's scopes tell consent from a refused right (rev12b #6)", () => {
    const ALL = ["Mail.Send", "Mail.Send.Shared", "Mail.ReadWrite", "Mail.ReadWrite.Shared"];
    const denied = {
      status: 403,
      code: "ErrorAccessDenied",
      message: "Access is denied. Check credentials and try again.",
    };
    const sending = (throughMailbox: boolean, scopes?: readonly string[] | null) => ({
      ...ctx(throughMailbox),
      failedAt: "sending" as const,
      scopes,
    });

    it.each([true, false])(
      "Mail.Send.Shared missing from the token (through the mailbox: %s): consent, not retryable, no cmdlet",
      (throughMailbox) => {
        for (const scopes of [["Mail.Send", "Mail.ReadWrite", "Mail.ReadWrite.Shared"], null]) {
          const p = explainGraphFailure(denied, sending(throughMailbox, scopes));
          expect(p).toMatchObject({ code: "consentRequired", retryable: false });
          expect(p.adminFix).toBeUndefined();
        }
        // A bare 403 without Graph's code reads the same.
        expect(
          explainGraphFailure(
            { status: 403, code: "HTTP403", message: "Forbidden" },
            sending(throughMailbox, ["Mail.Send"])
          ).code
        ).toBe("consentRequired");
      }
    );

    it.each([true, false])(
      "Mail.Send.Shared granted (through the mailbox: %s): Exchange refused the right to send as the mailbox, with its grant; never consent",
      (throughMailbox) => {
        // Entra's scope names are case-insensitive.
        for (const scopes of [ALL, ALL.map((s) => s.toLowerCase())]) {
          const p = explainGraphFailure(denied, sending(throughMailbox, scopes));
          expect(p).toMatchObject({
            code: "sendAsDenied",
            retryable: false,
            adminFix:
              'Add-RecipientPermission -Identity "support@northwind.example" -Trustee "alex.wilber@northwind.example" -AccessRights SendAs -Confirm:$false',
          });
        }
      }
    );

    it("granted, and the directory lists Send As from twenty minutes ago: wait and try again, no cmdlet", () => {
      const now = new Date("2026-11-30T12:00:00Z");
      const p = explainGraphFailure(denied, {
        ...sending(true, ALL),
        mailbox: { ...ctx(true).mailbox, rights: ["SendAs", "FullAccess"] },
        directory: { generatedAt: "2026-11-30T11:40:00Z", now },
      });
      expect(p.code).toBe("rightNotActiveYet");
      expect(p.adminFix).toBeUndefined();
    });

    it("a 403 at another step with every scope it needs granted is not consent either", () => {
      const p = explainGraphFailure(
        { status: 403, code: "ErrorQuotaExceeded", message: "The mailbox is full." },
        { ...ctx(false), failedAt: "reading" as const, scopes: ALL }
      );
      expect(p.code).not.toBe("consentRequired");
      expect(
        explainGraphFailure(
          { status: 403, code: "ErrorQuotaExceeded", message: "" },
          { ...ctx(false), failedAt: "reading" as const, scopes: ["Mail.Send"] }
        ).code
      ).toBe("consentRequired");
    });

    it("before anything was written in the mailbox, the same refusal is still about Full Access", () => {
      expect(
        explainGraphFailure(denied, { ...ctx(true), failedAt: "writing" as const, scopes: ALL })
          .code
      ).toBe("noFullAccess");
    });
  });

  it("404 while uploading into the mailbox: an expired upload, try again, no Full Access cmdlet", () => {
    for (const code of ["ErrorItemNotFound", ""]) {
      const p = explainGraphFailure(
        { status: 404, code, message: "" },
        { ...ctx(true), failedAt: "uploading" as const }
      );
      expect(p.code).not.toBe("noFullAccess");
      expect(p.retryable).toBe(true);
      expect(p.adminFix).toBeUndefined();
    }
  });

  it.each([
    [
      {
        status: 404,
        code: "MailboxNotEnabledForRESTAPI",
        message: "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
      },
      "mailboxNotEnabled",
    ],
    [
      {
        status: 400,
        code: "ErrorMessageSizeExceeded",
        message: "The message exceeds the maximum supported size.",
      },
      "messageTooLarge",
    ],
    [
      {
        status: 429,
        code: "TooManyRequests",
        message: "Please retry again later.",
        retryAfterSeconds: 10,
      },
      "throttled",
    ],
    [{ status: 429, code: "TooManyRequests", message: "Please retry again later." }, "throttled"],
    [{ status: 503, code: "ServiceUnavailable", message: "" }, "serviceUnavailable"],
    [{ status: 0, code: "network", message: "Failed to fetch" }, "network"],
    [{ status: 401, code: "InvalidAuthenticationToken", message: "" }, "signInFailed"],
  ])("%o is %s", (failure, code) => {
    expect(explainGraphFailure(failure, ctx(false)).code).toBe(code);
  });

  it("keeps the service's Retry-After for the message", () => {
    expect(
      explainGraphFailure(
        { status: 429, code: "TooManyRequests", message: "", retryAfterSeconds: 10 },
        ctx(false)
      ).retryAfterSeconds
    ).toBe(10);
  });

  it("413 while writing or uploading into the mailbox (Graph's 4 MB request limit): this way cannot carry a part, 'mine' offered, never the send size cmdlet", () => {
    for (const failedAt of ["writing", "uploading"] as const) {
      for (const code of ["RequestEntityTooLarge", ""]) {
        const p = explainGraphFailure(
          { status: 413, code, message: "The maximum request length supported is 4MB." },
          { ...ctx(true), failedAt }
        );
        expect(p).toMatchObject({ code: "modeCannotCarry", retryable: false, offerMode: "mine" });
        expect(p.adminFix).toBeUndefined();
      }
    }
    // Exchange's own size limit on the send stays what it is.
    expect(
      explainGraphFailure(
        { status: 400, code: "ErrorMessageSizeExceeded", message: "" },
        { ...ctx(true), failedAt: "sending" as const }
      ).code
    ).toBe("messageTooLarge");
  });

  it("403 while uploading into the mailbox: upload denied, 'mine' offered; the copy flag for the right in use when the mailbox keeps no copy", () => {
    const denied = { status: 403, code: "ErrorAccessDenied", message: "Access is denied." };
    const at = (
      rights: ("SendAs" | "SendOnBehalf" | "FullAccess")[],
      sendAs: boolean,
      sendOnBehalf: boolean
    ) =>
      explainGraphFailure(denied, {
        ...ctx(true),
        mailbox: { ...ctx(true).mailbox, rights, sentItemsCopy: { sendAs, sendOnBehalf } },
        failedAt: "uploading" as const,
      });
    expect(at(["SendAs", "FullAccess"], true, false)).toMatchObject({
      code: "uploadDenied",
      offerMode: "mine",
      keepsCopy: true,
      adminFix: undefined,
    });
    expect(at(["SendAs", "FullAccess"], false, true)).toMatchObject({
      code: "uploadDenied",
      keepsCopy: false,
      adminFix:
        'Set-Mailbox -Identity "support@northwind.example" -MessageCopyForSentAsEnabled $true',
    });
    expect(at(["SendOnBehalf", "FullAccess"], false, false).adminFix).toBe(
      'Set-Mailbox -Identity "support@northwind.example" -MessageCopyForSendOnBehalfEnabled $true'
    );
  });

  it("the size fix names the mailbox that sends", () => {
    const size = { status: 400, code: "ErrorMessageSizeExceeded", message: "" };
    expect(explainGraphFailure(size, ctx(true)).adminFix).toBe(
      'Set-Mailbox -Identity "support@northwind.example" -MaxSendSize 150MB'
    );
    expect(explainGraphFailure(size, ctx(false)).adminFix).toBe(
      'Set-Mailbox -Identity "alex.wilber@northwind.example" -MaxSendSize 150MB'
    );
  });
});

describe("a right the directory lists but Exchange refuses", () => {
  const denied = { status: 403, code: "ErrorSendAsDenied", message: "Cannot submit message." };
  const noAccess = { status: 403, code: "ErrorAccessDenied", message: "Access is denied." };
  const now = new Date("2026-11-30T12:00:00Z");
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
  const listed = (
    rights: ("SendAs" | "SendOnBehalf" | "FullAccess")[],
    generatedAt: string,
    throughMailbox = false
  ) => ({
    ...ctx(throughMailbox, "microsoft365Group"),
    mailbox: {
      address: toSmtpAddress("falcon@northwind.example"),
      kind: "microsoft365Group" as const,
      rights,
    },
    directory: { generatedAt, now },
  });

  it("granted 90 minutes ago (a group's right takes up to two hours): wait and try again, no cmdlet", () => {
    const p = explainGraphFailure(denied, listed(["SendAs"], minutesAgo(90)));
    expect(p).toMatchObject({ code: "rightNotActiveYet", retryable: true });
    expect(p.adminFix).toBeUndefined();
    // Surely in effect two hours after the directory listed it: 30 minutes from now.
    expect(p.retryAfterSeconds).toBe(30 * 60);
    expect(
      explainGraphFailure(denied, listed(["SendOnBehalf"], minutesAgo(5))).retryAfterSeconds
    ).toBe(115 * 60);
  });

  it("Full Access listed in a directory from 20 minutes ago: wait, not the Full Access cmdlet", () => {
    const p = explainGraphFailure(noAccess, listed(["SendAs", "FullAccess"], minutesAgo(20), true));
    expect(p).toMatchObject({ code: "rightNotActiveYet", retryable: true });
    expect(p.adminFix).toBeUndefined();
  });

  it("Full Access not working yet while Send As works (rev12i #2): says writing into the mailbox failed, offers 'Copy in my Sent Items'", () => {
    const p = explainGraphFailure(noAccess, listed(["SendAs", "FullAccess"], minutesAgo(30), true));
    expect(p).toMatchObject({ code: "rightNotActiveYet", fullAccess: true, offerMode: "mine" });
    // Full Access alone: no send right for "mine", so nothing offered.
    const alone = explainGraphFailure(noAccess, listed(["FullAccess"], minutesAgo(30), true));
    expect(alone).toMatchObject({ code: "rightNotActiveYet", fullAccess: true });
    expect(alone.offerMode).toBeUndefined();
    // Send As itself not working yet: not about Full Access, nothing offered.
    const sendAs = explainGraphFailure(denied, listed(["SendAs"], minutesAgo(30)));
    expect(sendAs.fullAccess).toBeUndefined();
    expect(sendAs.offerMode).toBeUndefined();
  });

  it("a draft in the chosen mailbox refused to read, Full Access listed 30 minutes ago: wait, not the Full Access cmdlet; a draft in a third mailbox still gets it", () => {
    const reading = (draftMailbox: string) => ({
      ...listed(["SendAs", "FullAccess"], minutesAgo(30)),
      failedAt: "reading" as const,
      scopes: ["Mail.ReadWrite", "Mail.ReadWrite.Shared", "Mail.Send", "Mail.Send.Shared"],
      draftMailbox,
    });
    const p = explainGraphFailure(noAccess, reading("Falcon@northwind.example"));
    expect(p).toMatchObject({ code: "rightNotActiveYet", retryable: true });
    expect(p.adminFix).toBeUndefined();
    const third = explainGraphFailure(noAccess, reading("legal@northwind.example"));
    expect(third).toMatchObject({ code: "draftMailboxDenied" });
    expect(third.adminFix).toMatch(/^Add-MailboxPermission -Identity "legal@northwind.example"/);
  });

  it("a directory older than two hours, or one that does not list the right: the cmdlet", () => {
    for (const ctxt of [
      listed(["SendAs"], minutesAgo(121)),
      listed(["FullAccess"], minutesAgo(10)),
      listed(["SendAs"], "not a date"),
      { ...listed(["SendAs"], minutesAgo(10)), directory: undefined },
    ]) {
      const p = explainGraphFailure(denied, ctxt);
      expect(p).toMatchObject({ code: "sendAsDenied", retryable: false });
      expect(p.adminFix).toMatch(/^Add-RecipientPermission /);
    }
    // Through the mailbox, Send As listed but not Full Access: Full Access is what is missing.
    expect(explainGraphFailure(noAccess, listed(["SendAs"], minutesAgo(10), true)).code).toBe(
      "noFullAccess"
    );
  });
});

describe("error codes users quote from other tools", () => {
  it.each([
    "User does not have send-as privilege. ErrorCode: 0x8004480D",
    "550 5.7.60 SMTP; Client does not have permissions to send as this sender",
    "554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException",
    "You do not have the permission to send the message on behalf of the specified user.",
    "ErrorSendAsDenied",
  ])("%s is the missing Send As / Send on Behalf right", (text) => {
    expect(
      explainGraphFailure(
        { status: 500, code: "ErrorInternalServerError", message: text },
        ctx(false)
      ).code
    ).toBe("sendAsDenied");
  });
});

describe("forDraftElsewhere (rev12i #1): a draft saved in another mailbox is never offered 'Copy in my Sent Items'", () => {
  const draft = "support@northwind.example";
  it("modeCannotCarry and uploadDenied become draftElsewhereCannotCarry: no offer, no Try again, the parts kept", () => {
    const problems: SendProblem[] = [
      { code: "modeCannotCarry", retryable: false, offerMode: "mine", parts: ["chart.png"] },
      { code: "uploadDenied", retryable: false, offerMode: "mine", adminFix: "Set-Mailbox" },
    ];
    for (const problem of problems) {
      const p = forDraftElsewhere({ ...problem }, draft);
      expect(p.code).toBe("draftElsewhereCannotCarry");
      expect(p.offerMode).toBeUndefined();
      expect(p.retryable).toBe(false);
      expect(p.adminFix).toBeUndefined();
      expect(p.draft).toBe(draft);
      if (problem.code === "modeCannotCarry") expect(p.parts).toEqual(["chart.png"]);
    }
  });

  it("another problem offering 'mine' keeps its code without the offer; no draft elsewhere: unchanged", () => {
    const headers = { code: "draftHeadersUnreadable", retryable: true, offerMode: "mine" } as const;
    expect(forDraftElsewhere({ ...headers }, draft)).toEqual({
      code: "draftHeadersUnreadable",
      retryable: true,
    });
    expect(forDraftElsewhere({ ...headers }, null)).toEqual(headers);
    const mailbox = {
      code: "draftNeedsMailboxMode",
      retryable: false,
      offerMode: "mailbox",
    } as const;
    expect(forDraftElsewhere({ ...mailbox }, draft)).toEqual(mailbox);
  });
});
