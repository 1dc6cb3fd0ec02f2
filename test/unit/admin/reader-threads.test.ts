import { readerThreads, threadLane } from "../../../src/admin/permission-source";

// How many permission files the build parses at once beside the main thread (issue 11's 1 M-row
// bench: on two cores a second reader took the main thread's core).
describe("reader threads", () => {
  it("parses one permission file at a time on one or two cores, two at once on three or more", () => {
    expect(readerThreads(1)).toBe(1);
    expect(readerThreads(2)).toBe(1);
    expect(readerThreads(3)).toBe(2);
    expect(readerThreads(16)).toBe(2);
  });

  it("starts threads in the order asked, no more at once than the limit, the next when one exits", async () => {
    const lane = threadLane(1);
    const events: string[] = [];
    const exits: (() => void)[] = [];
    const start = (name: string) => () =>
      new Promise<void>((exited) => {
        events.push(`start ${name}`);
        exits.push(() => {
          events.push(`exit ${name}`);
          exited();
        });
      });
    lane(start("recipient"));
    lane(start("mailbox"));
    expect(events).toEqual(["start recipient"]);
    exits[0]();
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(["start recipient", "exit recipient", "start mailbox"]);
    exits[1]();
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(["start recipient", "exit recipient", "start mailbox", "exit mailbox"]);
  });

  it("starts both at once when the limit is two", () => {
    const lane = threadLane(2);
    const started: string[] = [];
    lane(async () => void started.push("recipient"));
    lane(async () => void started.push("mailbox"));
    expect(started).toEqual(["recipient", "mailbox"]);
  });
});
