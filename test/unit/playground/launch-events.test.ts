import { EVENT_HANDLERS, LaunchEvents } from "../../../dev/playground/launch-events";

// Outlook starts the event runtime on the event and waits for its handler: a Send pressed while
// the runtime of a draft just opened is still loading is checked, never let through unchecked
// (stop 28's CI: the stale draft's Send went a second time in the simulator only).
describe("the simulator's launch events", () => {
  it("a Send pressed before the runtime associated its handler waits for it and gets its answer", async () => {
    const events = new LaunchEvents(() => undefined);
    const answer = events.fire(EVENT_HANDLERS.send);
    let settled = false;
    void answer.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    events.associate(EVENT_HANDLERS.send, (event) =>
      event.completed({ allowEvent: false, errorMessage: "already sent" })
    );
    await expect(answer).resolves.toEqual({ allowEvent: false, errorMessage: "already sent" });
    expect(events.log).toEqual([
      expect.objectContaining({
        name: EVENT_HANDLERS.send,
        options: { allowEvent: false, errorMessage: "already sent" },
      }),
    ]);
  });

  it("a runtime that never loads: the event is allowed when Outlook gives up, and logged", async () => {
    const events = new LaunchEvents(() => undefined);
    await expect(events.fire(EVENT_HANDLERS.send, 30)).resolves.toEqual({ allowEvent: true });
    expect(events.log).toEqual([
      expect.objectContaining({ name: EVENT_HANDLERS.send, options: { allowEvent: true } }),
    ]);
  });
});
