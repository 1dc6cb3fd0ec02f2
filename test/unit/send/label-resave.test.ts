// A sensitivity label applied or changed after the draft was first saved (issue 12, item 1): the
// simulated compose window (dev/playground/simulator.ts) saves through Outlook's path
// (outlook-drafts.ts) into the Graph emulator, and every save carries the label the item has now,
// as Exchange stores it with the item. The pane's send service reads the label at Send time.
import { toSmtpAddress } from "../../../src/core/address";
import type { Mailbox } from "../../../src/core/model";
import { createSendService } from "../../../src/graph";
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
const CONFIDENTIAL = "9f2a6c1e-4b7d-4e8a-b0c3-5d1f7a2e6b94";
const GENERAL = "1c0ffee0-0000-4000-8000-00000000a11d";

let emu: RunningGraphEmulator;
beforeAll(async () => {
  emu = await startGraphEmulator(northwindTenant(), { port: 0 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset(northwindTenant()));

/** Alex's compose window and the pane's send service over it, as src/office/compose.ts wires it. */
function composeWindow(label = "") {
  const sim = new ComposeSimulator({
    ...defaultScenario(),
    graphEmulatorUrl: emu.url,
    sensitivityLabel: label,
  });
  const service = createSendService({
    graphUrl: `${emu.url}/v1.0`,
    tokens: { getToken: async () => issueTestToken({ preferred_username: ALEX }) },
    compose: {
      // saveAsync, then convertToRestId (office/compose.ts saveDraft).
      saveDraft: async () => sim.drafts.restId(await sim.saveDraft()),
      // item.sensitivityLabel.getAsync at Send time (office/compose.ts readSensitivityLabel).
      labelled: async () => sim.sensitivityLabel !== "",
      close: async () => undefined,
    },
    sleep: async () => undefined,
  });
  return { sim, send: (mode: "mine" | "mailbox") => service.send(SUPPORT, mode, () => undefined) };
}

const msipLabels = () =>
  emu.deliveries()[0].internetMessageHeaders.find((h) => h.name.toLowerCase() === "msip_labels");

describe("a label applied after the draft was first saved", () => {
  it("'mine' delivers the label the message has now, with Exchange's msip_labels header", async () => {
    const { sim, send } = composeWindow();
    await sim.saveDraft(); // Outlook's autosave, before the user picks a label
    sim.sensitivityLabel = CONFIDENTIAL; // item.sensitivityLabel.setAsync
    expect((await send("mine")).ok).toBe(true);
    const [d] = emu.deliveries();
    expect(d.sensitivityLabel).toBe(CONFIDENTIAL);
    expect(msipLabels()?.value).toContain(`MSIP_Label_${CONFIDENTIAL}_Enabled=True`);
  });

  it("'mailbox' refuses it, naming the label, and sends nothing", async () => {
    const { sim, send } = composeWindow();
    await sim.saveDraft();
    sim.sensitivityLabel = CONFIDENTIAL;
    expect(await send("mailbox")).toMatchObject({
      ok: false,
      draftIntact: true,
      cannotCarry: [{ why: "sensitivityLabel" }],
    });
    expect(emu.deliveries()).toEqual([]);
    expect(emu.drafts("support@northwind.example")).toEqual([]);
  });

  it("a label changed after the first save arrives as changed, not as first saved", async () => {
    const { sim, send } = composeWindow(GENERAL);
    await sim.saveDraft();
    sim.sensitivityLabel = CONFIDENTIAL;
    expect((await send("mine")).ok).toBe(true);
    expect(emu.deliveries()[0].sensitivityLabel).toBe(CONFIDENTIAL);
    expect(msipLabels()?.value).not.toContain(GENERAL);
  });

  it("a label removed after the first save is gone from what arrives, and 'mailbox' may then send", async () => {
    const { sim, send } = composeWindow(GENERAL);
    await sim.saveDraft();
    sim.sensitivityLabel = "";
    expect((await send("mailbox")).ok).toBe(true);
    const [d] = emu.deliveries();
    expect(d.sensitivityLabel).toBeNull();
    expect(msipLabels()).toBeUndefined();
  });

  it("the same removal sent as 'mine' arrives without the label", async () => {
    const { sim, send } = composeWindow(GENERAL);
    await sim.saveDraft();
    sim.sensitivityLabel = "";
    expect((await send("mine")).ok).toBe(true);
    expect(emu.deliveries()[0].sensitivityLabel).toBeNull();
    expect(msipLabels()).toBeUndefined();
  });
});
