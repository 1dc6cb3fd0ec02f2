// Before Send: an attachment added with the pane open is seen through Office's AttachmentsChanged
// event (Mailbox 1.8), registered on the compose item and removed again when no longer needed.
import { onAttachmentsChanged } from "../../../src/office/compose-attachments";

type Result = { status: "succeeded" | "failed"; error?: unknown };

function install(mailboxMinor: number, refuse = false) {
  const handlers = new Map<string, () => void>();
  const removed: string[] = [];
  (globalThis as unknown as { Office: unknown }).Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    EventType: { AttachmentsChanged: "olkAttachmentsChanged" },
    context: {
      requirements: {
        isSetSupported: (_: string, v: string) => Number(v.split(".")[1]) <= mailboxMinor,
      },
      mailbox: {
        item: {
          addHandlerAsync: (type: string, handler: () => void, cb: (r: Result) => void) => {
            if (refuse) return cb({ status: "failed", error: { code: 5000 } });
            handlers.set(type, handler);
            cb({ status: "succeeded" });
          },
          removeHandlerAsync: (type: string, cb: (r: Result) => void) => {
            handlers.delete(type);
            removed.push(type);
            cb({ status: "succeeded" });
          },
        },
      },
    },
  };
  return { handlers, removed };
}
afterEach(() => {
  delete (globalThis as unknown as { Office?: unknown }).Office;
});

describe("onAttachmentsChanged", () => {
  it("calls the listener each time Outlook says an attachment changed, until stopped", () => {
    const { handlers, removed } = install(13);
    let calls = 0;
    const stop = onAttachmentsChanged(() => calls++);
    handlers.get("olkAttachmentsChanged")!();
    handlers.get("olkAttachmentsChanged")!();
    expect(calls).toBe(2);
    stop();
    expect(removed).toEqual(["olkAttachmentsChanged"]);
    expect(handlers.size).toBe(0);
  });

  it("below Mailbox 1.8, or when Outlook refuses the handler, registers nothing and never throws", () => {
    const old = install(7);
    const stop = onAttachmentsChanged(() => undefined);
    expect(old.handlers.size).toBe(0);
    expect(() => stop()).not.toThrow();
    const refused = install(13, true);
    expect(() => onAttachmentsChanged(() => undefined)()).not.toThrow();
    expect(refused.removed).toEqual([]);
  });
});

describe("onAttachmentsChanged while Office has not answered yet (rev12o F2)", () => {
  it("a listener stopped before Office answered does not take the next listener's handler", () => {
    // Office answers later, in order, and keeps one handler per event type (removeHandlerAsync
    // removes the type's, whichever).
    const queue: (() => void)[] = [];
    let handler: (() => void) | null = null;
    (globalThis as unknown as { Office: unknown }).Office = {
      AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
      EventType: { AttachmentsChanged: "olkAttachmentsChanged" },
      context: {
        requirements: { isSetSupported: () => true },
        mailbox: {
          item: {
            addHandlerAsync: (_: string, h: () => void, cb: (r: Result) => void) =>
              queue.push(() => {
                handler = h;
                cb({ status: "succeeded" });
              }),
            removeHandlerAsync: (_: string, cb: (r: Result) => void) =>
              queue.push(() => {
                handler = null;
                cb({ status: "succeeded" });
              }),
          },
        },
      },
    };
    const stop = onAttachmentsChanged(() => undefined);
    stop();
    let calls = 0;
    const stopSecond = onAttachmentsChanged(() => calls++);
    while (queue.length) queue.shift()!();
    expect(handler).not.toBeNull();
    handler!();
    expect(calls).toBe(1);
    stopSecond();
    while (queue.length) queue.shift()!();
    expect(handler).toBeNull();
  });
});
