// Issue 12, classic Outlook in cached mode: a draft saved before (an autosave, an earlier save or
// attempt) is on the server already, and saveAsync returns before Outlook uploads the new save
// (office-js #2118; "1-2 minutes", #6077). Graph then serves the OLDER copy under the same id. The
// pane stamps a fresh revision in its custom properties before saving (office-js #210's advice),
// and the pipeline sends only once the server copy carries it; past the bound, nothing is sent.
import { randomBytes } from "crypto";
import { toSmtpAddress } from "../../../src/core/address";
import { explainGraphFailure } from "../../../src/core/send-errors";
import type { Mailbox, SendMode } from "../../../src/core/model";
import { createSendService, SendEvent, SendOutcome } from "../../../src/graph";
import { REVISION_WAIT_MS, type DraftRevision } from "../../../src/graph/send";
import { customPropertiesId, REVISION_PROPERTY } from "../../../src/office/compose";
import {
  issueTestToken,
  RunningGraphEmulator,
  startGraphEmulator,
} from "../../../dev/graph-emulator";
import { SIM_ADDIN_ID } from "../../../dev/playground/simulator";
import { alexMailbox } from "../../fixtures/northwind";
import { northwindTenant } from "../../fixtures/northwind-tenant";

const ALEX = toSmtpAddress("alex.wilber@northwind.example");
const box = alexMailbox;

let emu: RunningGraphEmulator;
let clock = 0;
beforeAll(async () => {
  emu = await startGraphEmulator(northwindTenant(), { port: 0 });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset(northwindTenant());
  clock = 0;
  // One clock for the emulator and the pipeline's waits: a wait moves it instead of taking time.
  const real = Date.now.bind(Date);
  jest.spyOn(Date, "now").mockImplementation(() => real() + clock);
});
afterEach(() => jest.restoreAllMocks());

const file = (name: string, text: string) => ({
  "@odata.type": "#microsoft.graph.fileAttachment",
  name,
  contentType: "text/plain",
  contentBytes: Buffer.from(text).toString("base64"),
});

const OLD = {
  subject: "Quarterly figures",
  body: { contentType: "html", content: "<p>Figures attached.</p>" },
  toRecipients: [{ emailAddress: { address: "megan.bowen@northwind.example" } }],
};
const NEW = {
  subject: "Quarterly figures (final)",
  body: { contentType: "html", content: "<p>Figures attached. PS: the board meets on Friday.</p>" },
  toRecipients: [
    { emailAddress: { address: "megan.bowen@northwind.example" } },
    { emailAddress: { address: "lee.gu@northwind.example" } },
  ],
};

interface Harness {
  send(mailbox: Mailbox, mode: SendMode): Promise<SendOutcome>;
  events: SendEvent[];
  waits: number[];
  requests: string[];
  draftId: string;
  stamps: DraftRevision[];
}

/**
 * The pane's send service over classic Outlook in cached mode: Alex's draft is on the server as
 * an earlier save left it (OLD, one attachment); this save (NEW, a second attachment, the stamp
 * in the add-in's custom properties) reaches Graph `syncDelayMs` after saveAsync. `stamping`
 * false: an Outlook where the pane stamps nothing (today's pipeline, or another host).
 */
function harness(syncDelayMs: number, stamping = true, failures = 0): Harness {
  let refusals = failures;
  const { id } = emu.createDraft(ALEX, OLD, [file("figures.txt", "Q3: 42")]);
  const property = customPropertiesId(SIM_ADDIN_ID);
  let pending: DraftRevision | null = null;
  const h: Harness = {
    events: [],
    waits: [],
    requests: [],
    draftId: id,
    stamps: [],
    send: (mailbox, mode) => service.send(mailbox, mode, (e) => h.events.push(e)),
  };
  const service = createSendService({
    graphUrl: `${emu.url}/v1.0`,
    tokens: { getToken: async () => issueTestToken({ preferred_username: ALEX }) },
    compose: {
      ...(stamping && {
        // item.loadCustomPropertiesAsync, set, saveAsync: kept on the item until its next save.
        async stampRevision() {
          // Office error 9020, "custom properties could not be saved" (office-js #3822, #5958).
          if (refusals-- > 0) throw Object.assign(new Error("failed"), { code: 9020 });
          pending = { property, name: REVISION_PROPERTY, value: randomBytes(16).toString("hex") };
          h.stamps.push(pending);
          return pending;
        },
      }),
      // item.saveAsync in cached mode: the local item takes the new content, Graph keeps the
      // older copy until Outlook uploads it (dev/graph-emulator saveLocalDraft).
      async saveDraft() {
        emu.saveLocalDraft(
          id,
          {
            ...NEW,
            ...(pending && {
              singleValueExtendedProperties: [
                { id: property, value: JSON.stringify({ [pending.name]: pending.value }) },
              ],
            }),
          },
          {
            syncDelayMs,
            attachments: [file("figures.txt", "Q3: 42"), file("minutes.txt", "Board: Friday")],
          }
        );
        return id;
      },
      draftOwner: async () => null,
      labelled: async () => false,
      async close() {},
    },
    onRequest: (r) => h.requests.push(`${r.method} ${r.path.replace(emu.url, "")}`),
    sleep: async (ms) => {
      h.waits.push(ms);
      clock += ms;
    },
  });
  return h;
}

describe("cached mode: an older copy of the draft is on the server", () => {
  it.each(["mine", "mailbox"] as const)(
    "%s: waits (with progress) until the server copy carries this save's stamp, then sends what the user wrote last: new text, recipient and attachment",
    async (mode) => {
      const h = harness(20_000);
      const outcome = await h.send(box("support@northwind.example"), mode);
      expect(outcome.ok).toBe(true);
      const [d] = emu.deliveries();
      expect(emu.deliveries()).toHaveLength(1);
      expect(d.subject).toBe(NEW.subject);
      expect(d.body.content).toContain("the board meets on Friday");
      expect(d.toRecipients.map((r) => r.emailAddress.address)).toEqual([
        "megan.bowen@northwind.example",
        "lee.gu@northwind.example",
      ]);
      expect(d.attachments.map((a) => a.name)).toEqual(["figures.txt", "minutes.txt"]);
      expect(h.events.filter((e) => e.step === "waitingForDraft").length).toBeGreaterThan(0);
      // The revision is not something to leave in what arrives: "mailbox" recreates the message
      // without the add-in's custom properties; "mine" sends the draft, whose custom properties
      // Office does not transmit to recipients (office.customproperties).
      expect(JSON.stringify(d)).not.toContain(h.stamps[0].value);
    }
  );

  it.each(["mine", "mailbox"] as const)(
    "%s: an upload that does not come within the bound sends nothing: 'Outlook has not uploaded the draft yet', Try again, the draft intact",
    async (mode) => {
      const h = harness(3_600_000);
      const outcome = await h.send(box("support@northwind.example"), mode);
      expect(outcome).toMatchObject({ ok: false, draftIntact: true, failedAt: "reading" });
      if (outcome.ok || !("draftIntact" in outcome)) throw new Error("expected a refusal");
      const problem = explainGraphFailure(outcome.error, {
        mailbox: box("support@northwind.example"),
        user: ALEX,
        throughMailbox: mode === "mailbox",
        failedAt: outcome.failedAt,
      });
      expect(problem).toMatchObject({ code: "draftNotUploaded", retryable: true });
      expect(problem.adminFix).toBeUndefined();
      expect(h.waits).toEqual(REVISION_WAIT_MS);
      expect(emu.deliveries()).toEqual([]);
      // Nothing was made in the mailbox, and Alex's draft is where it was.
      expect(emu.drafts("support@northwind.example")).toEqual([]);
      expect(emu.drafts(ALEX).map((m) => m.id)).toEqual([h.draftId]);
    }
  );

  it.each(["mine", "mailbox"] as const)(
    "%s: a stamp Office refuses twice sends nothing (it could not tell this save from the older copy): said as a refused mark, not a late upload (rev12p P5), Try again",
    async (mode) => {
      const h = harness(20_000, true, 2);
      const outcome = await h.send(box("support@northwind.example"), mode);
      expect(outcome).toMatchObject({ ok: false, draftIntact: true, failedAt: "reading" });
      if (outcome.ok || !("draftIntact" in outcome)) throw new Error("expected a refusal");
      expect(
        explainGraphFailure(outcome.error, {
          mailbox: box("support@northwind.example"),
          user: ALEX,
          throughMailbox: mode === "mailbox",
          failedAt: outcome.failedAt,
        })
      ).toMatchObject({ code: "draftNotStamped", retryable: true });
      expect(emu.deliveries()).toEqual([]);
      expect(h.requests).toEqual([]);
    }
  );

  it("a stamp Office refuses once is tried again, and the send then carries what the user wrote last", async () => {
    const h = harness(20_000, true, 1);
    expect((await h.send(box("support@northwind.example"), "mine")).ok).toBe(true);
    expect(emu.deliveries()[0].body.content).toContain("the board meets on Friday");
  });

  it("without the stamp (today's pipeline), the older copy is what would go: the case the stamp exists for", async () => {
    const h = harness(20_000, false);
    expect((await h.send(box("support@northwind.example"), "mine")).ok).toBe(true);
    expect(emu.deliveries()[0].body.content).not.toContain("the board meets on Friday");
  });

  it("online (Outlook saves on the server at once): one look finds the stamp, no wait", async () => {
    const h = harness(0);
    const outcome = await h.send(box("support@northwind.example"), "mine");
    expect(outcome.ok).toBe(true);
    expect(h.waits).toEqual([]);
    expect(h.events.some((e) => e.step === "waitingForDraft")).toBe(false);
    expect(h.requests[0]).toBe(
      `GET /me/messages/${encodeURIComponent(h.draftId)}?$select=id&$expand=singleValueExtendedProperties($filter=id eq '${customPropertiesId(SIM_ADDIN_ID)}')`
    );
    expect(emu.deliveries()[0].subject).toBe(NEW.subject);
  });
});
