// The simulated Outlook's item.sessionData (Mailbox 1.11) and the compose item it keeps while the
// task pane is closed and reopened (dev/playground/simulator.ts).
import {
  ComposeSimulator,
  MAX_SESSION_DATA_CHARS,
  MAX_SESSION_DATA_CHARS_1_16,
  Scenario,
} from "../../../dev/playground/simulator";

const ALEX = { address: "alex.wilber@northwind.example", displayName: "Alex Wilber" };

function outlook(mailbox = "1.15", extra: Partial<Scenario> = {}) {
  return new ComposeSimulator({ user: ALEX, requirementSets: { Mailbox: mailbox }, ...extra });
}

/** The simulator's failure as Office reports it: its name (SimulatorError.officeName). */
function failure(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (e) {
    return (e as { officeName?: string }).officeName ?? String(e);
  }
}

describe("item.sessionData", () => {
  it("keeps string pairs per compose item: set, get, getAll, remove, clear", () => {
    const sim = outlook();
    sim.sessionSet("a", "1");
    sim.sessionSet("b", "two");
    sim.sessionSet("a", "one");
    expect(sim.sessionGet("a")).toBe("one");
    expect(sim.sessionGetAll()).toEqual({ a: "one", b: "two" });
    sim.sessionRemove("a");
    expect(sim.sessionGetAll()).toEqual({ b: "two" });
    sim.sessionClear();
    expect(sim.sessionGetAll()).toEqual({});
    // Another compose item has its own.
    expect(outlook().sessionGetAll()).toEqual({});
  });

  it("a name never set: get and remove fail with KeyNotFound", () => {
    const sim = outlook();
    expect(failure(() => sim.sessionGet("missing"))).toBe("KeyNotFound");
    expect(failure(() => sim.sessionRemove("missing"))).toBe("KeyNotFound");
  });

  it("holds 50,000 (UTF-8 bytes of names and values) up to Mailbox 1.15; one more fails and changes nothing", () => {
    const sim = outlook("1.15");
    expect(sim.sessionDataLimit).toBe(MAX_SESSION_DATA_CHARS);
    sim.sessionSet("k", "x".repeat(MAX_SESSION_DATA_CHARS - 1));
    expect(failure(() => sim.sessionSet("k2", ""))).toBe("SessionDataObjectMaxLengthExceeded");
    expect(Object.keys(sim.sessionGetAll())).toEqual(["k"]);
    // Replacing counts the new value instead of the old.
    sim.sessionSet("k", "short");
    sim.sessionSet("k2", "x".repeat(MAX_SESSION_DATA_CHARS - 1 - 5 - 2));
    // "é" is two bytes in UTF-8: one more character passes the limit.
    expect(failure(() => sim.sessionSet("k", "shorté"))).toBe("SessionDataObjectMaxLengthExceeded");
    expect(sim.sessionGet("k")).toBe("short");
  });

  it("holds 2,621,440 from Mailbox 1.16", () => {
    const sim = outlook("1.16");
    expect(sim.sessionDataLimit).toBe(MAX_SESSION_DATA_CHARS_1_16);
    sim.sessionSet("k", "x".repeat(MAX_SESSION_DATA_CHARS * 2));
    expect(failure(() => sim.sessionSet("k", "x".repeat(MAX_SESSION_DATA_CHARS_1_16)))).toBe(
      "SessionDataObjectMaxLengthExceeded"
    );
  });
});

describe("the compose item kept while the pane is closed and reopened", () => {
  it("a new page of the same window finds its sessionData, its fields and its saved draft's id", () => {
    const first = outlook();
    first.sessionSet("sendFrom.openAttempt", '{"v":1}');
    first.update({ subject: "Changed in Outlook" });
    first.drafts.restore({ id: "AAMk-draft", ewsId: "AAMk/draft" });
    const kept = JSON.parse(JSON.stringify(first.composeItem()));
    const reopened = outlook();
    reopened.restoreComposeItem(kept);
    expect(reopened.sessionGet("sendFrom.openAttempt")).toBe('{"v":1}');
    expect(reopened.subject).toBe("Changed in Outlook");
    expect(reopened.drafts.savedEwsId).toBe("AAMk/draft");
    expect(reopened.drafts.restId("AAMk/draft")).toBe("AAMk-draft");
  });

  it("nothing is kept once the window is gone (closed, or sent by Outlook)", () => {
    const sim = outlook();
    sim.sessionSet("k", "v");
    expect(sim.composeItem()).not.toBeNull();
    sim.close(true);
    expect(sim.composeItem()).toBeNull();
    const sent = outlook();
    sent.sent = { from: ALEX, at: "2026-12-01T07:00:00Z" };
    expect(sent.composeItem()).toBeNull();
  });
});
