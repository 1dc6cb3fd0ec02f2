// The pane's content-keyed records in the add-in's roaming settings (office/roaming-records.ts),
// read by classic Outlook's JavaScript-only event runtime: bounded in size and in how long a
// write holds up the send that makes it.
import { diagnostics, type DiagnosticEvent } from "../../../src/core/diagnostics";
import {
  MAX_ROAMING_RECORDS,
  ROAMING_RECORDS_KEY,
  ROAMING_SAVE_WAIT_MS,
  roamingRecords,
  withDeviceRecords,
} from "../../../src/office/roaming-records";

const NOW = new Date("2026-12-01T09:00:00Z");
const HOUR = 60 * 60 * 1000;
const digest = (i: number) => i.toString(16).padStart(64, "0");

/** Roaming settings whose saveAsync answers with `answer` (or never, for "never"). */
function settings(answer: "ok" | "fail" | "never") {
  const values: Record<string, unknown> = {};
  let saves = 0;
  const s = {
    get: (name: string) => values[name],
    set: (name: string, value: unknown) => (values[name] = value),
    remove: (name: string) => delete values[name],
    saveAsync: (cb: (r: unknown) => void) => {
      saves++;
      if (answer === "ok") cb({ status: "succeeded" });
      if (answer === "fail")
        cb({ status: "failed", error: { code: 9057, message: "Settings size exceeded." } });
    },
  };
  return { s: s as unknown as Office.RoamingSettings, values, saves: () => saves };
}

beforeAll(() => {
  (globalThis as unknown as { Office: unknown }).Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
  };
});

afterAll(() => {
  delete (globalThis as unknown as { Office?: unknown }).Office;
});

describe("the content records in roaming settings", () => {
  it("16 records with the longest names kept stay under 5 KB of the 32 KB roaming settings hold", async () => {
    const { s, values } = settings("ok");
    const records = roamingRecords(
      () => true,
      HOUR,
      () => NOW,
      () => s
    );
    for (let i = 0; i < MAX_ROAMING_RECORDS * 2; i++)
      await records.keep(i % 2 ? "sent" : "attempt", digest(i), {
        mailbox: "M".repeat(500),
        at: NOW.toISOString(),
      });
    const stored = values[ROAMING_RECORDS_KEY] as { m: string }[];
    expect(stored).toHaveLength(MAX_ROAMING_RECORDS);
    expect(stored[0].m).toHaveLength(128);
    expect(JSON.stringify(values).length).toBeLessThan(5 * 1024);
  });

  it("a saveAsync that never answers holds the pane's send for at most ROAMING_SAVE_WAIT_MS", async () => {
    jest.useFakeTimers();
    try {
      const { s } = settings("never");
      const records = roamingRecords(
        () => true,
        HOUR,
        () => NOW,
        () => s
      );
      let done = false;
      const kept = records
        .keep("attempt", digest(1), { mailbox: "Customer Support", at: NOW.toISOString() })
        .then(() => (done = true));
      await jest.advanceTimersByTimeAsync(ROAMING_SAVE_WAIT_MS - 1);
      expect(done).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await kept;
      expect(done).toBe(true);
      // Kept in this runtime's copy, saved when Office answers.
      expect(records.find("attempt", digest(1))).toEqual({
        mailbox: "Customer Support",
        at: NOW.toISOString(),
      });
    } finally {
      jest.useRealTimers();
    }
  });

  it("a failed saveAsync is recorded, never thrown; clearing what is not there saves nothing", async () => {
    const seen: DiagnosticEvent[] = [];
    const stop = diagnostics.subscribe((e) => seen.push(e));
    try {
      const { s, saves } = settings("fail");
      const records = roamingRecords(
        () => true,
        HOUR,
        () => NOW,
        () => s
      );
      await expect(
        records.keep("sent", digest(2), { mailbox: "Customer Support", at: NOW.toISOString() })
      ).resolves.toBeUndefined();
      expect(seen.map((e) => e.event)).toContain("roamingRecordsSave");
      const before = saves();
      await records.forget("attempt", [digest(2), null]);
      expect(saves()).toBe(before);
    } finally {
      stop();
    }
  });

  it("not the person's (writable false): nothing is written or removed", async () => {
    const { s, values, saves } = settings("ok");
    values[ROAMING_RECORDS_KEY] = [
      { k: "s", d: digest(3), m: "Customer Support", at: NOW.toISOString() },
    ];
    const records = roamingRecords(
      () => false,
      HOUR,
      () => NOW,
      () => s
    );
    await records.keep("sent", digest(4), { mailbox: "Billing", at: NOW.toISOString() });
    await records.forget("sent", [digest(3)]);
    expect(saves()).toBe(0);
    // Still read: the Smart Alert reads what the person's own pane kept.
    expect(records.find("sent", digest(3))).not.toBeNull();
  });

  it("the device's list is the roaming settings' owner's: another mailbox's save takes none of it", async () => {
    const stored = new Map<string, string>();
    const local = {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => void stored.set(k, v),
    };
    const alex = settings("ok");
    await roamingRecords(
      () => true,
      HOUR,
      () => NOW,
      () => alex.s,
      local,
      () => "alex@northwind.example"
    ).keep("sent", digest(1), { mailbox: "Customer Support", at: NOW.toISOString() });
    const other = settings("ok");
    withDeviceRecords(other.s, local, "hr@northwind.example");
    expect(other.values[ROAMING_RECORDS_KEY]).toBeUndefined();
    const later = settings("ok");
    withDeviceRecords(later.s, local, "alex@northwind.example");
    expect(later.values[ROAMING_RECORDS_KEY]).toEqual([
      { k: "s", d: digest(1), m: "Customer Support", at: NOW.toISOString() },
    ]);
  });
});
