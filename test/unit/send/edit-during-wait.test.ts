// rev12o F5 (issue 12): the compose window stays open and editable while the pipeline waits (the
// cached-mode upload, a copy's attachments, throttling), and is closed discarding the local item
// once the message went. An edit made meanwhile must arrive, or the person must be told: the
// pipeline compares the item's content digest (ComposeWindow.contentDigest) with the one read at
// the save, and saves (and stamps) again when it changed, a bounded number of times.
import { randomBytes } from "crypto";
import { toSmtpAddress } from "../../../src/core/address";
import { explainGraphFailure } from "../../../src/core/send-errors";
import type { Mailbox, SendMode } from "../../../src/core/model";
import { createSendService, SendEvent, SendOutcome } from "../../../src/graph";
import { RESAVE_ROUNDS, type DraftRevision } from "../../../src/graph/send";
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
const SUPPORT = alexMailbox("support@northwind.example");

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

const BODY = "<p>Figures attached. The board meets on Friday.</p>";
const CORRECTED = "<p>Figures attached. CORRECTION: the board meets on Thursday.</p>";

interface World {
  /** What the compose window shows now; a test edits it while the send runs. */
  window: { subject: string; body: string };
  send(mailbox: Mailbox, mode: SendMode): Promise<SendOutcome>;
  events: SendEvent[];
  saves: number;
  closed: boolean;
}

/**
 * Alex's compose window over the emulator. `cached`: classic Outlook on Windows in cached mode
 * (the pane stamps each save; Graph serves the older copy until Outlook uploads the save, 20 s
 * later: office-js #2118, #6077, #210); otherwise Outlook on the web / new Outlook, which save on
 * the server at once. `onEvent`/`onSleep`: where the person edits the window.
 */
function world(
  cached: boolean,
  edit: {
    onSleep?: (w: World, n: number) => void;
    onEvent?: (w: World, e: SendEvent) => void;
    /** Office's reading of the window, when not the window as it is (a failing call). */
    digest?: () => Promise<string | null>;
  }
): World {
  const { id } = emu.createDraft(
    ALEX,
    {
      subject: "Quarterly figures",
      body: { contentType: "html", content: BODY },
      toRecipients: [{ emailAddress: { address: "megan.bowen@northwind.example" } }],
    },
    [file("figures.txt", "Q3: 42")]
  );
  const property = customPropertiesId(SIM_ADDIN_ID);
  let stamp: DraftRevision | null = null;
  let sleeps = 0;
  const w: World = {
    window: { subject: "Quarterly figures", body: BODY },
    events: [],
    saves: 0,
    closed: false,
    send: (mailbox, mode) =>
      service.send(mailbox, mode, (e) => {
        w.events.push(e);
        edit.onEvent?.(w, e);
      }),
  };
  const service = createSendService({
    graphUrl: `${emu.url}/v1.0`,
    tokens: { getToken: async () => issueTestToken({ preferred_username: ALEX }) },
    compose: {
      ...(cached && {
        async stampRevision() {
          stamp = { property, name: REVISION_PROPERTY, value: randomBytes(16).toString("hex") };
          return stamp;
        },
      }),
      // Office reads the window as it is now (subject, recipients, body, attachments).
      contentDigest: edit.digest ?? (async () => JSON.stringify(w.window)),
      async saveDraft() {
        w.saves++;
        emu.saveLocalDraft(
          id,
          {
            subject: w.window.subject,
            body: { contentType: "html", content: w.window.body },
            ...(stamp && {
              singleValueExtendedProperties: [
                { id: property, value: JSON.stringify({ [stamp.name]: stamp.value }) },
              ],
            }),
          },
          { syncDelayMs: cached ? 20_000 : 0 }
        );
        return id;
      },
      draftOwner: async () => null,
      labelled: async () => false,
      async close() {
        w.closed = true;
      },
    },
    sleep: async (ms) => {
      clock += ms;
      edit.onSleep?.(w, ++sleeps);
    },
  });
  return w;
}

describe("an edit made while the send waits", () => {
  it.each(["mine", "mailbox"] as const)(
    "cached mode, %s: an edit during 'Waiting for Outlook…' is saved again, waited for and delivered; one delivery",
    async (mode) => {
      const w = world(true, {
        onSleep: (w, n) => {
          if (n === 2) w.window.body = CORRECTED;
        },
      });
      const outcome = await w.send(SUPPORT, mode);
      expect(outcome.ok).toBe(true);
      expect(emu.deliveries()).toHaveLength(1);
      expect(emu.deliveries()[0].body.content).toContain("CORRECTION");
      expect(w.saves).toBe(2);
      expect(w.closed).toBe(true);
      // Nothing is left behind in the mailbox.
      expect(emu.drafts("support@northwind.example")).toEqual([]);
    }
  );

  it("Outlook on the web, 'Copy in <mailbox>'s Sent Items': an edit while the attachments are copied discards that copy and sends a new one with the edit", async () => {
    const w = world(false, {
      onEvent: (w, e) => {
        if (e.step === "uploading") w.window.body = CORRECTED;
      },
    });
    const outcome = await w.send(SUPPORT, "mailbox");
    expect(outcome.ok).toBe(true);
    expect(emu.deliveries()).toHaveLength(1);
    expect(emu.deliveries()[0].body.content).toContain("CORRECTION");
    expect(emu.deliveries()[0].attachments.map((a) => a.name)).toEqual(["figures.txt"]);
    expect(emu.drafts("support@northwind.example")).toEqual([]);
  });

  it("Outlook on the web, 'Copy in my Sent Items': an edit just before the send is saved and sent, From set once more", async () => {
    const w = world(false, {
      onEvent: (w, e) => {
        if (e.step === "preparing" && w.saves === 1) w.window.body = CORRECTED;
      },
    });
    const outcome = await w.send(SUPPORT, "mine");
    expect(outcome.ok).toBe(true);
    expect(emu.deliveries()).toHaveLength(1);
    expect(emu.deliveries()[0].body.content).toContain("CORRECTION");
    expect(emu.deliveries()[0].from?.emailAddress.address).toBe("support@northwind.example");
  });

  it.each(["mine", "mailbox"] as const)(
    "cached mode, %s: an item that keeps changing past the bound sends nothing, and says so: 'draftChanged', Try again, the window open",
    async (mode) => {
      let n = 0;
      const w = world(true, {
        // Someone still typing: a change before every look.
        onSleep: (w) => {
          w.window.body = `<p>Draft ${++n}</p>`;
        },
      });
      const outcome = await w.send(SUPPORT, mode);
      expect(outcome).toMatchObject({ ok: false, draftIntact: true, failedAt: "reading" });
      if (outcome.ok || !("draftIntact" in outcome)) throw new Error("expected a refusal");
      expect(
        explainGraphFailure(outcome.error, {
          mailbox: SUPPORT,
          user: ALEX,
          throughMailbox: mode === "mailbox",
          failedAt: outcome.failedAt,
        })
      ).toMatchObject({ code: "draftChanged", retryable: true });
      expect(w.saves).toBe(RESAVE_ROUNDS + 1);
      expect(emu.deliveries()).toEqual([]);
      expect(emu.drafts("support@northwind.example")).toEqual([]);
      expect(w.closed).toBe(false);
    }
  );

  it("a digest Office cannot read (the call fails) is no known change: the send goes on as before, one save", async () => {
    const w = world(true, {
      digest: () => Promise.reject(new Error("Office did not answer in 5000 ms")),
    });
    expect((await w.send(SUPPORT, "mailbox")).ok).toBe(true);
    expect(w.saves).toBe(1);
    expect(emu.deliveries()).toHaveLength(1);
  });

  // rev12p P7: the send request itself throttled (429 + Retry-After: Exchange's 30 sends a minute
  // per mailbox), repeated by the http layer after "Microsoft 365 is busy; trying again…".
  it.each(["mine", "mailbox"] as const)(
    "Outlook on the web, %s: an edit while the send request itself is throttled is saved and sent, not discarded; one delivery",
    async (mode) => {
      emu.addFault({ kind: "status", match: "POST */send", status: 429, retryAfter: 8 });
      const w = world(false, {
        onEvent: (w, e) => {
          if (e.step === "waiting") w.window.body = CORRECTED;
        },
      });
      const outcome = await w.send(SUPPORT, mode);
      expect(outcome.ok).toBe(true);
      expect(w.events.some((e) => e.step === "waiting")).toBe(true);
      expect(w.saves).toBe(2);
      expect(emu.deliveries()).toHaveLength(1);
      expect(emu.deliveries()[0].body.content).toContain("CORRECTION");
      expect(emu.deliveries()[0].from?.emailAddress.address).toBe("support@northwind.example");
      expect(emu.drafts("support@northwind.example")).toEqual([]);
    }
  );

  it("the send request throttled with nothing edited meanwhile is simply repeated: one save, one delivery", async () => {
    emu.addFault({ kind: "status", match: "POST */send", status: 429, retryAfter: 8 });
    const w = world(false, {});
    expect((await w.send(SUPPORT, "mailbox")).ok).toBe(true);
    expect(w.saves).toBe(1);
    expect(emu.deliveries()).toHaveLength(1);
  });

  it("a window that does not change is saved once (no extra save, no extra wait)", async () => {
    const w = world(true, {});
    expect((await w.send(SUPPORT, "mine")).ok).toBe(true);
    expect(w.saves).toBe(1);
    expect(emu.deliveries()[0].body.content).toContain("Friday");
  });
});
