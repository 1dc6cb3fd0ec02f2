// Outlook's "Delay delivery" survives both ways of sending (issue 12): Graph carries it only as
// PidTagDeferredSendTime, "SystemTime 0x3FEF" (MS-OXPROPS; Microsoft Q&A / Stack Overflow "graph
// api schedule send email PidTagDeferredSendTime"), and the outcome says when it will arrive.
import { toSmtpAddress } from "../../../src/core/address";
import type { Mailbox, SendMode } from "../../../src/core/model";
import { createSendService } from "../../../src/graph";
import { readDelayDelivery } from "../../../src/office/compose";
import {
  issueTestToken,
  RunningGraphEmulator,
  startGraphEmulator,
} from "../../../dev/graph-emulator";
import { ComposeSimulator } from "../../../dev/playground/simulator";
import { defaultScenario } from "../../../dev/playground/sample-tenant";
import { ALEX_MAILBOXES } from "../../fixtures/northwind";
import { northwindTenant } from "../../fixtures/northwind-tenant";

const ALEX = toSmtpAddress("alex.wilber@northwind.example");
const SUPPORT = ALEX_MAILBOXES.find((m) => m.address === "support@northwind.example") as Mailbox;
const DEFERRED = "SystemTime 0x3FEF";
/** A whole hour ahead of the test's clock. */
const later = () => new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000);

describe("readDelayDelivery (item.delayDeliveryTime, Mailbox 1.13)", () => {
  afterEach(() => {
    delete (globalThis as unknown as { Office?: unknown }).Office;
  });
  const install = (version: string, item: unknown) =>
    ((globalThis as unknown as { Office: unknown }).Office = {
      AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
      context: {
        requirements: { isSetSupported: (_: string, v: string) => v <= version },
        mailbox: { item },
      },
    });
  const delayed = (answer: unknown) => ({
    delayDeliveryTime: { getAsync: (cb: (r: unknown) => void) => cb(answer) },
  });

  it("a Date as ISO UTC, 0 as none, undefined where Office cannot tell (below 1.13, or it fails)", async () => {
    install("1.13", delayed({ status: "succeeded", value: new Date("2026-12-01T15:00:00+01:00") }));
    await expect(readDelayDelivery()).resolves.toBe("2026-12-01T14:00:00.000Z");
    install("1.13", delayed({ status: "succeeded", value: 0 }));
    await expect(readDelayDelivery()).resolves.toBeNull();
    install("1.12", delayed({ status: "succeeded", value: new Date() }));
    await expect(readDelayDelivery()).resolves.toBeUndefined();
    install("1.13", {});
    await expect(readDelayDelivery()).resolves.toBeUndefined();
    install("1.13", delayed({ status: "failed", error: { code: 9999, message: "no" } }));
    await expect(readDelayDelivery()).resolves.toBeUndefined();
  });
});

describe("through the Graph emulator", () => {
  let emu: RunningGraphEmulator;
  beforeAll(async () => {
    emu = await startGraphEmulator(northwindTenant(), { port: 0 });
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset(northwindTenant()));

  /**
   * Alex's compose window in the simulated Outlook and the pane's send service over it.
   * `office`: what deliverAt answers; "sim" reads the simulator's item.delayDeliveryTime as
   * office/compose.ts readDelayDelivery does (a Date or 0).
   */
  function composeWindow(
    delay: Date | undefined,
    office: "sim" | "cannot tell" = "sim",
    /** The pane's clock, where it is not Exchange's. */
    now?: () => number
  ) {
    const sim = new ComposeSimulator({
      ...defaultScenario(),
      graphEmulatorUrl: emu.url,
      delayDeliveryTime: delay?.toISOString(),
    });
    const requests: string[] = [];
    const service = createSendService({
      graphUrl: `${emu.url}/v1.0`,
      tokens: { getToken: async () => issueTestToken({ preferred_username: ALEX }) },
      compose: {
        saveDraft: async () => sim.drafts.restId(await sim.saveDraft()),
        deliverAt: async () =>
          office === "cannot tell"
            ? undefined
            : sim.delayDeliveryTime
              ? sim.delayDeliveryTime.toISOString()
              : null,
        close: async () => undefined,
      },
      onRequest: (r) => requests.push(`${r.method} ${r.path}`),
      sleep: async () => undefined,
      ...(now && { now }),
    });
    return {
      sim,
      requests,
      send: (mode: SendMode) => service.send(SUPPORT, mode, () => undefined),
    };
  }

  it.each(["mine", "mailbox"] as const)(
    "%s: the delay Office reports is on what Exchange sends; delivered then, and the outcome says when",
    async (mode) => {
      const at = later();
      const { send } = composeWindow(at);
      const outcome = await send(mode);
      expect(outcome).toMatchObject({ ok: true, deferredUntil: at.toISOString() });
      const [d, ...more] = emu.deliveries();
      expect(more).toEqual([]);
      expect(d.deferredUntil).toBe(at.toISOString());
      expect(d.deliveredAt).toBe(at.toISOString());
      expect(d.from.emailAddress.address).toBe(SUPPORT.address);
    }
  );

  it.each(["mine", "mailbox"] as const)(
    "%s: no delay set: delivered at once, and the outcome names no time",
    async (mode) => {
      const { send, requests } = composeWindow(undefined);
      const outcome = await send(mode);
      expect(outcome.ok).toBe(true);
      expect(outcome).not.toHaveProperty("deferredUntil");
      expect(emu.deliveries()[0].deferredUntil).toBeNull();
      // Office said "none": "mine" asks the draft what it carries (Exchange sends it as it is);
      // "mailbox" reads it with the fields it copies, no extra request.
      expect(requests.filter((r) => r.includes("$select=id,createdDateTime&$expand"))).toHaveLength(
        mode === "mine" ? 1 : 0
      );
    }
  );

  it.each(["mine", "mailbox"] as const)(
    "%s: Office says no delay but the saved draft still carries an earlier Delay delivery time: delivered at once, no time claimed",
    async (mode) => {
      const { sim, send } = composeWindow(undefined);
      // The draft as Outlook saved it while Delay delivery was on; the user turned it off since.
      const saved = sim.drafts.restId(await sim.saveDraft());
      const token = issueTestToken({ preferred_username: ALEX });
      const patched = await fetch(`${emu.url}/v1.0/me/messages/${encodeURIComponent(saved)}`, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          singleValueExtendedProperties: [{ id: DEFERRED, value: later().toISOString() }],
        }),
      });
      expect(patched.status).toBe(200);
      const outcome = await send(mode);
      expect(outcome.ok).toBe(true);
      expect(outcome).not.toHaveProperty("deferredUntil");
      const [d, ...more] = emu.deliveries();
      expect(more).toEqual([]);
      expect(d.deferredUntil).toBeNull();
    }
  );

  it.each(["mine", "mailbox"] as const)(
    "%s: a stale Delay delivery time cleared by a computer whose clock is 10 minutes ahead of Exchange's: still delivered at once, not held until the computer's 'now'",
    async (mode) => {
      const { sim, send } = composeWindow(undefined, "sim", () => Date.now() + 10 * 60_000);
      const saved = sim.drafts.restId(await sim.saveDraft());
      const token = issueTestToken({ preferred_username: ALEX });
      const patched = await fetch(`${emu.url}/v1.0/me/messages/${encodeURIComponent(saved)}`, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          singleValueExtendedProperties: [
            { id: DEFERRED, value: new Date(later().getTime() + 3_600_000).toISOString() },
          ],
        }),
      });
      expect(patched.status).toBe(200);
      expect((await send(mode)).ok).toBe(true);
      const [d, ...more] = emu.deliveries();
      expect(more).toEqual([]);
      expect(d.deferredUntil).toBeNull();
    }
  );

  it.each(["mine", "mailbox"] as const)(
    "%s: a Delay delivery time turned off 5 minutes before it was due, on a computer whose clock is 10 minutes ahead: delivered at once, not 5 minutes later",
    async (mode) => {
      const { sim, send } = composeWindow(undefined, "sim", () => Date.now() + 10 * 60_000);
      const saved = sim.drafts.restId(await sim.saveDraft());
      const token = issueTestToken({ preferred_username: ALEX });
      // Ahead of Exchange's clock, behind the computer's.
      const due = new Date(Date.now() + 5 * 60_000).toISOString();
      const patched = await fetch(`${emu.url}/v1.0/me/messages/${encodeURIComponent(saved)}`, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ singleValueExtendedProperties: [{ id: DEFERRED, value: due }] }),
      });
      expect(patched.status).toBe(200);
      const outcome = await send(mode);
      expect(outcome.ok).toBe(true);
      expect(outcome).not.toHaveProperty("deferredUntil");
      const [d, ...more] = emu.deliveries();
      expect(more).toEqual([]);
      expect(d.deferredUntil).toBeNull();
    }
  );

  it.each(["mine", "mailbox"] as const)(
    "%s: Office cannot tell (below Mailbox 1.13) and the saved draft carries the time: it is kept and said",
    async (mode) => {
      const at = later();
      const { sim, send } = composeWindow(undefined, "cannot tell");
      // The draft as Outlook saved it, carrying PidTagDeferredSendTime.
      const saved = sim.drafts.restId(await sim.saveDraft());
      const token = issueTestToken({ preferred_username: ALEX });
      const patched = await fetch(`${emu.url}/v1.0/me/messages/${encodeURIComponent(saved)}`, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          singleValueExtendedProperties: [{ id: DEFERRED, value: at.toISOString() }],
        }),
      });
      expect(patched.status).toBe(200);
      expect(await send(mode)).toMatchObject({ ok: true, deferredUntil: at.toISOString() });
      expect(emu.deliveries()[0].deferredUntil).toBe(at.toISOString());
    }
  );

  it("Office cannot tell and the draft carries nothing: delivered at once, no time claimed", async () => {
    const { send } = composeWindow(undefined, "cannot tell");
    const outcome = await send("mine");
    expect(outcome.ok).toBe(true);
    expect(outcome).not.toHaveProperty("deferredUntil");
    expect(emu.deliveries()[0].deferredUntil).toBeNull();
  });

  it("a delay time already past: Exchange sends at once, the outcome names no time", async () => {
    const { send } = composeWindow(new Date(Date.now() - 60_000));
    const outcome = await send("mailbox");
    expect(outcome.ok).toBe(true);
    expect(outcome).not.toHaveProperty("deferredUntil");
    expect(emu.deliveries()[0].deferredUntil).toBeNull();
  });
});
