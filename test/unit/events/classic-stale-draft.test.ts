/**
 * @jest-environment jsdom
 */
// A stale draft of a message the pane already sent, opened again in classic Outlook on Windows
// (issue 12, "Honest outcomes"; rev12m finding 2 and review rev12m's blocker): Outlook could not
// close the window after the pane's Graph send, the person closed it, and Outlook kept the draft;
// opened again it is another compose item (a new id, no sessionData). Classic Outlook runs the
// Smart Alert in its JavaScript-only runtime, which has no localStorage (learn.microsoft.com/
// office/dev/add-ins/testing/runtimes), so the pane's record by content must reach it through
// the add-in's roaming settings (src/office/roaming-records.ts). The real handlers
// (src/events/index.ts) run over the simulated Office (dev/playground/office-sim.ts) with
// Scenario.classicOutlookWindows; the pane's side is its own store, made as the pane makes it
// (src/taskpane/index.tsx), over the simulated Office of the first window.
import type { OpenAttempt, SentRecord } from "../../../src/core/open-attempt";
import type { ComposeSimulator, Scenario } from "../../../dev/playground/simulator";
import { defaultScenario } from "../../../dev/playground/sample-tenant";
import { CONTENT_MATCH_MS, openAttemptStore } from "../../../src/office/open-attempt-store";
import {
  MAX_ROAMING_RECORDS,
  personOwnsRoaming,
  ROAMING_RECORDS_KEY,
  roamingRecords,
} from "../../../src/office/roaming-records";
import { officeSignedIn, readItemOwner, userProfile } from "../../../src/office/mailbox";
import { roamingPreferences } from "../../../src/office/roaming";
import { toSmtpAddress } from "../../../src/core/address";
import { panePerson } from "../../../src/taskpane/person";

(globalThis as unknown as { __SEND_FROM_EVENTS__: unknown }).__SEND_FROM_EVENTS__ = {
  directoryUrl: "https://directory.northwind.example/api/",
  directoryAccess: "public",
  failClosed: false,
};

const HR = { address: "hr@northwind.example", displayName: "Human Resources" };
// The browser runtime's own localStorage: the JavaScript-only runtime's page hides it.
const LOCAL_STORAGE = Object.getOwnPropertyDescriptor(window, "localStorage")!;

type OfficeSim = typeof import("../../../dev/playground/office-sim");
let createOffice: OfficeSim["createOffice"];

/** Opens a compose window of the simulated Outlook for `scenario`. */
function openWindow(scenario: Scenario, handlers: boolean): ComposeSimulator {
  window.__sendFromSim = scenario;
  delete window.sendFromSimulator;
  jest.isolateModules(() => {
    createOffice = (require("../../../dev/playground/office-sim") as OfficeSim).createOffice;
    if (handlers) require("../../../src/events/index");
  });
  return window.sendFromSimulator!;
}

/**
 * Another runtime of the same Outlook, started now: a second compose window's task pane, with
 * its own copy of the roaming settings as the mailbox holds them now (office-js #440, #6728).
 */
function anotherPane(sim: ComposeSimulator) {
  const office = createOffice(sim) as unknown as typeof Office;
  return {
    settings: office.context.roamingSettings,
    /** Runs `act` with this pane's Office as the page's (the product reads the global). */
    async run<T>(act: () => Promise<T>): Promise<T> {
      const own = window.Office;
      window.Office = office;
      try {
        return await act();
      } finally {
        window.Office = own;
      }
    },
  };
}

/** The pane's store as src/taskpane/index.tsx makes it, over the window open now. */
async function paneStore() {
  const [signedIn, { owner, unknown }] = await Promise.all([officeSignedIn(), readItemOwner()]);
  const person = panePerson({
    profile: userProfile(),
    signedIn,
    owner,
    ownerUnknown: unknown,
    accountMissing: false,
  });
  return openAttemptStore(
    localStorage,
    undefined,
    roamingRecords(() => personOwnsRoaming(person.delegate()), CONTENT_MATCH_MS)
  );
}

/**
 * The first window: the pane keeps `keep` (its record of the send) and the window is closed
 * with the draft kept. Returns the roaming settings as the mailbox then holds them.
 */
async function paneWindow(
  scenario: Scenario,
  keep: (store: Awaited<ReturnType<typeof paneStore>>) => Promise<void>
) {
  const sim = openWindow(scenario, false);
  await keep(await paneStore());
  return sim.savedRoamingSettings();
}

/** The draft Outlook kept, opened again in classic Outlook, and its Send pressed. */
async function sendStaleDraft(scenario: Scenario, roamingSettings: Record<string, unknown>) {
  const sim = openWindow({ ...scenario, classicOutlookWindows: true, roamingSettings }, true);
  const submitted = jest.spyOn(sim.drafts, "sendAsOutlook");
  const outcome = await sim.pressSend();
  return { sim, outcome, submitted };
}

const sent = (): SentRecord => ({
  v: 1,
  mailbox: "Customer Support",
  where: "both",
  at: new Date().toISOString(),
});

const attempt = (): OpenAttempt => ({
  v: 1,
  root: "/users/support@northwind.example",
  internetMessageId: "<a1@northwind.example>",
  copies: ["mine", "mailbox"],
  error: { status: 0, code: "network", message: "Failed to fetch" },
  mailbox: "Customer Support",
  at: new Date().toISOString(),
});

beforeEach(() => {
  jest.spyOn(console, "log").mockImplementation(() => undefined);
  localStorage.clear();
  sessionStorage.clear();
});

afterEach(() => {
  jest.restoreAllMocks();
  Object.defineProperty(window, "localStorage", LOCAL_STORAGE);
  delete window.__sendFromSim;
  delete (window as unknown as { Office?: unknown }).Office;
  delete (window as unknown as { OfficeRuntime?: unknown }).OfficeRuntime;
});

describe("a stale draft of a sent message, opened again in classic Outlook (JavaScript-only event runtime)", () => {
  it("the simulated event runtime has no localStorage, and reads roaming settings as saved", async () => {
    localStorage.setItem("k", "v");
    const sim = openWindow(
      { ...defaultScenario(), classicOutlookWindows: true, roamingSettings: { a: 1 } },
      false
    );
    expect((globalThis as { localStorage?: Storage }).localStorage).toBeUndefined();
    expect(Office.context.platform).toBe("PC");
    const settings = Office.context.roamingSettings;
    expect(settings.get("a")).toBe(1);
    // Another runtime's save after this one started is not seen here (office-js #440, #6728).
    sim.roamingSet("b", 2);
    sim.roamingSave();
    expect(settings.get("b")).toBeUndefined();
  });

  it("every runtime keeps its own copy: a second pane does not see the first's later save, and its save replaces it", async () => {
    const sim = openWindow(defaultScenario(), false);
    const other = anotherPane(sim);
    Office.context.roamingSettings.set("a", 1);
    await new Promise((r) => Office.context.roamingSettings.saveAsync(r));
    expect(sim.savedRoamingSettings()).toEqual({ a: 1 });
    expect(other.settings.get("a")).toBeUndefined();
    other.settings.set("b", 2);
    await new Promise((r) => other.settings.saveAsync(r));
    // The whole copy: "a" is gone (office-js #440, #6728).
    expect(sim.savedRoamingSettings()).toEqual({ b: 2 });
  });

  it("two compose windows each send: the second pane's save keeps the first's record, and the first message's stale draft is still stopped", async () => {
    const scenario = defaultScenario();
    const sim = openWindow(scenario, false);
    // The second window's pane started before the first pane's send.
    const second = anotherPane(sim);
    await (await paneStore()).saveSent(sent());
    const records = roamingRecords(
      () => true,
      CONTENT_MATCH_MS,
      undefined,
      () => second.settings
    );
    await second.run(() =>
      records.keep("sent", "b".repeat(64), {
        mailbox: "Sales Europe",
        at: new Date().toISOString(),
      })
    );
    const roaming = sim.savedRoamingSettings();
    expect(roaming[ROAMING_RECORDS_KEY]).toHaveLength(2);

    const { sim: stale, outcome, submitted } = await sendStaleDraft(scenario, roaming);
    expect(outcome).toBe("blocked");
    expect(stale.alert?.errorMessage).toContain(
      "Send From already sent this message from Customer Support"
    );
    expect(submitted).not.toHaveBeenCalled();
  });

  it("a pane started before the send saves its favourites afterwards: the record survives", async () => {
    const scenario = defaultScenario();
    const sim = openWindow(scenario, false);
    const second = anotherPane(sim);
    await (await paneStore()).saveSent(sent());
    await second.run(() =>
      roamingPreferences().save({
        favourites: [toSmtpAddress("finance@northwind.example")],
        recent: [],
      })
    );
    const roaming = sim.savedRoamingSettings();
    expect(roaming.preferences).toEqual({ favourites: ["finance@northwind.example"], recent: [] });
    const { sim: stale, outcome } = await sendStaleDraft(scenario, roaming);
    expect(outcome).toBe("blocked");
    expect(stale.alert?.errorMessage).toContain(
      "Send From already sent this message from Customer Support"
    );
  });

  it("a record the first pane forgot (the attempt proven unsent) is not saved back by a pane that started while it was kept", async () => {
    const scenario = defaultScenario();
    const sim = openWindow(scenario, false);
    const store = await paneStore();
    await store.save(attempt());
    // Started now: its copy holds the attempt's record.
    const second = anotherPane(sim);
    await store.clear();
    await second.run(() =>
      roamingPreferences().save({
        favourites: [toSmtpAddress("finance@northwind.example")],
        recent: [],
      })
    );
    const roaming = sim.savedRoamingSettings();
    expect(roaming[ROAMING_RECORDS_KEY]).toBeUndefined();
    const staleSim = openWindow(
      { ...scenario, classicOutlookWindows: true, roamingSettings: roaming },
      true
    );
    const decision = await staleSim.launchEvents.fire("onMessageSendHandler");
    expect(decision?.allowEvent).not.toBe(false);
  });

  it("sent by the pane, window not closed: the draft opened again is stopped by the Smart Alert with the already-sent text, and nothing is submitted", async () => {
    const scenario = defaultScenario();
    const roaming = await paneWindow(scenario, (store) => store.saveSent(sent()));
    // Only the digest, the mailbox's name and the time: no subject, address or text.
    const kept = JSON.stringify(roaming[ROAMING_RECORDS_KEY]);
    expect(kept).toMatch(/[0-9a-f]{64}/);
    expect(kept).not.toMatch(/Quarterly|megan|figures/i);

    const { sim, outcome, submitted } = await sendStaleDraft(scenario, roaming);
    expect(outcome).toBe("blocked");
    expect(sim.alert?.errorMessage).toContain(
      "Send From already sent this message from Customer Support"
    );
    expect(submitted).not.toHaveBeenCalled();
    expect(sim.sent).toBeNull();
  });

  it("a send whose answer was lost (an open attempt): the draft opened again is stopped with the may-have-been-sent text", async () => {
    const scenario = defaultScenario();
    const roaming = await paneWindow(scenario, (store) => store.save(attempt()));
    const { sim, outcome, submitted } = await sendStaleDraft(scenario, roaming);
    expect(outcome).toBe("blocked");
    expect(sim.alert?.errorMessage).toContain(
      "Send From may already have sent this message from Customer Support"
    );
    expect(submitted).not.toHaveBeenCalled();
  });

  it("another message (other text) in classic Outlook is not stopped by the record", async () => {
    const scenario = defaultScenario();
    const roaming = await paneWindow(scenario, (store) => store.saveSent(sent()));
    const sim = openWindow(
      {
        ...scenario,
        body: "<p>Another text.</p>",
        classicOutlookWindows: true,
        roamingSettings: roaming,
      },
      true
    );
    const decision = await sim.launchEvents.fire("onMessageSendHandler");
    expect(decision?.allowEvent).not.toBe(false);
  });

  it("the attempt proven unsent (cleared by the pane): its roaming record goes too, and the draft's Send is not stopped", async () => {
    const scenario = defaultScenario();
    const roaming = await paneWindow(scenario, async (store) => {
      await store.save(attempt());
      await store.clear();
    });
    expect(roaming[ROAMING_RECORDS_KEY]).toBeUndefined();
    const sim = openWindow(
      { ...scenario, classicOutlookWindows: true, roamingSettings: roaming },
      true
    );
    const decision = await sim.launchEvents.fire("onMessageSendHandler");
    expect(decision?.allowEvent).not.toBe(false);
  });

  it("Open another mailbox: nothing is written to roaming settings (they are the mailbox's, not the person's)", async () => {
    const scenario: Scenario = { ...defaultScenario(), openedMailbox: HR };
    const roaming = await paneWindow(scenario, async (store) => {
      await store.saveSent(sent());
      await store.save(attempt());
      await store.clear();
    });
    expect(roaming).toEqual({});
  });

  it("records older than CONTENT_MATCH_MS are not found, and the list never passes MAX_ROAMING_RECORDS", async () => {
    openWindow(defaultScenario(), false);
    let clock = Date.parse("2026-12-01T09:00:00Z");
    const records = roamingRecords(
      () => true,
      CONTENT_MATCH_MS,
      () => new Date(clock)
    );
    const digest = (i: number) => i.toString(16).padStart(64, "0");
    for (let i = 0; i < MAX_ROAMING_RECORDS + 4; i++)
      await records.keep("sent", digest(i), {
        mailbox: "Customer Support",
        at: new Date(clock).toISOString(),
      });
    const list = Office.context.roamingSettings.get(ROAMING_RECORDS_KEY) as unknown[];
    expect(list).toHaveLength(MAX_ROAMING_RECORDS);
    expect(records.find("sent", digest(MAX_ROAMING_RECORDS + 3))).not.toBeNull();
    expect(records.find("sent", digest(0))).toBeNull();
    expect(records.find("attempt", digest(MAX_ROAMING_RECORDS + 3))).toBeNull();
    clock += CONTENT_MATCH_MS + 1;
    expect(records.find("sent", digest(MAX_ROAMING_RECORDS + 3))).toBeNull();
  });
});
