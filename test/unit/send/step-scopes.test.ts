// A 403 is judged by the scopes of the token the failed request carried, at every step (issue 12,
// "true diagnoses"): reading the user's own draft needs Mail.ReadWrite, writing into the chosen
// mailbox Mail.ReadWrite.Shared (learn.microsoft.com/graph/permissions-reference); with the scope
// granted the refusal is Exchange's (missing Full Access), never consent.
import { toSmtpAddress } from "../../../src/core/address";
import { explainGraphFailure } from "../../../src/core/send-errors";
import type { Mailbox, SendMode } from "../../../src/core/model";
import { createSendService, SendOutcome } from "../../../src/graph";
import {
  DEFAULT_SCOPES,
  issueTestToken,
  RunningGraphEmulator,
  startGraphEmulator,
} from "../../../dev/graph-emulator";
import { ALEX_MAILBOXES } from "../../fixtures/northwind";
import { northwindTenant } from "../../fixtures/northwind-tenant";
import { enProblems } from "../../../src/core/i18n/problems-en";

const ALEX = toSmtpAddress("alex.wilber@northwind.example");
const support = ALEX_MAILBOXES.find((m) => m.address === "support@northwind.example") as Mailbox;

let emu: RunningGraphEmulator;
beforeAll(async () => {
  emu = await startGraphEmulator(northwindTenant(), { port: 0 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset(northwindTenant()));

/** The pane's send service; `scopesFor(n)` gives the n-th token's scopes (n from 0). */
function service(scopesFor: (n: number) => string[], onRequest?: (line: string) => void) {
  let n = 0;
  let draft: string | null = null;
  const requests: string[] = [];
  const s = createSendService({
    graphUrl: `${emu.url}/v1.0`,
    tokens: {
      getToken: async () => issueTestToken({ preferred_username: ALEX, scopes: scopesFor(n++) }),
    },
    compose: {
      async saveDraft() {
        draft ??= emu.createDraft(ALEX, {
          subject: "Order 42",
          body: { contentType: "text", content: "Shipped." },
          toRecipients: [{ emailAddress: { address: "jordan@contoso.example" } }],
        }).id;
        return draft;
      },
      close: async () => undefined,
    },
    onRequest: (r) => {
      const line = `${r.method} ${r.path.replace(emu.url, "")}`;
      requests.push(line);
      onRequest?.(line);
    },
    sleep: async () => undefined,
  });
  return {
    send: (mode: SendMode) => s.send(support, mode, () => undefined),
    requests,
  };
}

const explain = (outcome: SendOutcome, mode: SendMode) => {
  if (outcome.ok || !("draftIntact" in outcome)) throw new Error("expected a refusal");
  return explainGraphFailure(outcome.error, {
    mailbox: support,
    user: ALEX,
    throughMailbox: mode === "mailbox",
    failedAt: outcome.failedAt,
    scopes: outcome.tokenScopes,
  });
};

const without = (...missing: string[]) => DEFAULT_SCOPES.filter((s) => !missing.includes(s));

describe("403 while reading the user's own draft", () => {
  it.each(["mine", "mailbox"] as const)(
    "%s: the token lacks Mail.ReadWrite: consent for Mail.ReadWrite, not retryable, no Full Access cmdlet; nothing sent or created",
    async (mode) => {
      const scopes = without("Mail.ReadWrite", "Mail.ReadWrite.Shared");
      const h = service(() => scopes);
      const outcome = await h.send(mode);
      expect(outcome).toMatchObject({ ok: false, draftIntact: true, failedAt: "reading" });
      const problem = explain(outcome, mode);
      expect(problem).toMatchObject({
        code: "consentRequired",
        retryable: false,
        scope: "Mail.ReadWrite",
      });
      expect(problem.adminFix).toBeUndefined();
      // What the user reads names the permission to ask the admin for.
      expect(enProblems.consentRequired({ mailbox: "Customer Support", ...problem })).toMatch(
        /doesn't have the Mail\.ReadWrite permission.*Ask your admin to grant consent for Mail\.ReadWrite/
      );
      expect(emu.deliveries()).toEqual([]);
      expect(emu.drafts(support.address)).toEqual([]);
    }
  );
});

describe("403 while reading the user's own draft, every scope granted", () => {
  it.each(["mine", "mailbox"] as const)(
    "%s: a true diagnosis that says what to do (Outlook's Send for a draft kept in a shared mailbox, else try again), retryable, no cmdlet; nothing sent",
    async (mode) => {
      // Graph's 403 on an item /me cannot open (microsoft-graph-docs #9429, #4749), e.g. a draft
      // Outlook saved in the shared mailbox it was written in (office-js #1116, #6701).
      emu.setFaults([
        {
          match: "* */me/messages/*",
          kind: "status",
          status: 403,
          code: "ErrorAccessDenied",
          times: "always",
        },
      ]);
      const h = service(() => DEFAULT_SCOPES);
      const outcome = await h.send(mode);
      expect(outcome).toMatchObject({ ok: false, draftIntact: true, failedAt: "reading" });
      const problem = explain(outcome, mode);
      expect(problem).toMatchObject({ code: "draftReadDenied", retryable: true });
      expect(problem.adminFix).toBeUndefined();
      expect(enProblems.draftReadDenied({ mailbox: "Customer Support" })).toMatch(
        /refused to let Send From read your saved draft.*shared mailbox.*Outlook's own Send button.*try again/
      );
      expect(emu.deliveries()).toEqual([]);
    }
  );
});

describe("403 while reading the user's own draft, met again after Try again", () => {
  it.each(["mine", "mailbox"] as const)(
    "%s: the repeated refusal is said as lasting (draftReadDeniedAgain), no Try again, no cmdlet; nothing sent",
    async (mode) => {
      emu.setFaults([
        {
          match: "* */me/messages/*",
          kind: "status",
          status: 403,
          code: "ErrorAccessDenied",
          times: "always",
        },
      ]);
      const h = service(() => DEFAULT_SCOPES);
      const first = explain(await h.send(mode), mode);
      expect(first).toMatchObject({ code: "draftReadDenied", retryable: true });
      // The pane's Try again: the same send, told what the last attempt met.
      const again = await h.send(mode);
      if (again.ok || !("draftIntact" in again)) throw new Error("expected a refusal");
      const problem = explainGraphFailure(again.error, {
        mailbox: support,
        user: ALEX,
        throughMailbox: mode === "mailbox",
        failedAt: again.failedAt,
        scopes: again.tokenScopes,
        previous: first.code,
      });
      expect(problem).toMatchObject({ code: "draftReadDeniedAgain", retryable: false });
      expect(problem.adminFix).toBeUndefined();
      expect(enProblems.draftReadDeniedAgain({ mailbox: "Customer Support" })).toMatch(
        /refused again.*Trying again won't help.*Outlook's own Send button/
      );
      expect(emu.deliveries()).toEqual([]);
    }
  );

  it("a refusal that passed (the second attempt read the draft) is no lasting refusal: sent once", async () => {
    emu.setFaults([
      {
        match: "* */me/messages/*",
        kind: "status",
        status: 403,
        code: "ErrorAccessDenied",
        times: 1,
      },
    ]);
    const h = service(() => DEFAULT_SCOPES);
    expect(explain(await h.send("mine"), "mine")).toMatchObject({ code: "draftReadDenied" });
    expect(await h.send("mine")).toMatchObject({ ok: true });
    expect(emu.deliveries()).toHaveLength(1);
  });
});

describe("403 while writing into the chosen mailbox", () => {
  it("the token lacks Mail.ReadWrite.Shared: consent for Mail.ReadWrite.Shared, not Full Access", async () => {
    const h = service(() => without("Mail.ReadWrite.Shared"));
    const outcome = await h.send("mailbox");
    expect(outcome).toMatchObject({ ok: false, draftIntact: true, failedAt: "writing" });
    const problem = explain(outcome, "mailbox");
    expect(problem).toMatchObject({
      code: "consentRequired",
      retryable: false,
      scope: "Mail.ReadWrite.Shared",
    });
    expect(problem.adminFix).toBeUndefined();
    expect(emu.deliveries()).toEqual([]);
  });

  it("every scope granted, Exchange refuses (no Full Access): the Full Access cmdlet, not consent", async () => {
    emu.setFaults([
      {
        match: "* */users/support*/messages*",
        kind: "status",
        status: 403,
        code: "ErrorAccessDenied",
        times: "always",
      },
    ]);
    const h = service(() => DEFAULT_SCOPES);
    const outcome = await h.send("mailbox");
    expect(outcome).toMatchObject({ ok: false, failedAt: "writing", tokenScopes: DEFAULT_SCOPES });
    expect(explain(outcome, "mailbox")).toMatchObject({
      code: "noFullAccess",
      retryable: false,
      adminFix: expect.stringMatching(
        /^Add-MailboxPermission -Identity "support@northwind\.example"/
      ),
    });
  });
});

describe("the scopes are those of the request that failed", () => {
  it("/send refused for a token without Mail.Send.Shared; a later request's token has it: still consent", async () => {
    // Consent arrives while the send is refused: the clean-up after the refusal (putting the
    // draft's From back) carries a token that has the scope. The refusal is still about the
    // token that /send carried.
    let sendRequested = false;
    const h = service(
      () => (sendRequested ? DEFAULT_SCOPES : without("Mail.Send.Shared")),
      (line) => {
        if (line.endsWith("/send")) sendRequested = true;
      }
    );
    const outcome = await h.send("mine");
    expect(outcome).toMatchObject({ ok: false, failedAt: "sending" });
    // The clean-up did go out after the refusal, with the newer token.
    expect(h.requests.at(-1)).toMatch(/^PATCH \/me\/messages\//);
    expect(explain(outcome, "mine")).toMatchObject({
      code: "consentRequired",
      scope: "Mail.Send.Shared",
    });
  });
});
