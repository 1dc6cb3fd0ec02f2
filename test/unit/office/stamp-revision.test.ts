/**
 * @jest-environment jsdom
 */
// The pane's revision stamp (src/office/compose.ts stampRevision) over the simulated Office
// (dev/playground/office-sim.ts): a fresh random value in the add-in's custom properties, kept on
// the item for its next save, only in classic Outlook on Windows (cached mode: office-js #2118,
// #6077, #210). The custom properties' Graph id follows MS-OXCEXT 2.2.5.
import { readFileSync } from "fs";
import { join } from "path";
import type { ComposeSimulator, Scenario } from "../../../dev/playground/simulator";
import { SIM_ADDIN_ID } from "../../../dev/playground/simulator";
import { defaultScenario } from "../../../dev/playground/sample-tenant";
import {
  customPropertiesId,
  REVISION_PROPERTY,
  STAMP_MS,
  stampRevision,
} from "../../../src/office/compose";

function openWindow(scenario: Scenario): ComposeSimulator {
  window.__sendFromSim = scenario;
  delete window.sendFromSimulator;
  jest.isolateModules(() => {
    require("../../../dev/playground/office-sim");
  });
  return window.sendFromSimulator!;
}

const USER = { address: "alex.wilber@northwind.example", displayName: "Alex Wilber" };

describe("stampRevision", () => {
  it("classic Outlook on Windows: a fresh random value in the add-in's custom properties, named where Graph reads it", async () => {
    const sim = openWindow({ ...defaultScenario(USER), classicOutlookWindows: true });
    const first = await stampRevision(SIM_ADDIN_ID);
    expect(first).toEqual({
      property: `String {00020329-0000-0000-C000-000000000046} Name cecp-${SIM_ADDIN_ID}`,
      name: REVISION_PROPERTY,
      value: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(sim.customProperties).toEqual({ [REVISION_PROPERTY]: first!.value });
    const second = await stampRevision(SIM_ADDIN_ID);
    expect(second!.value).not.toBe(first!.value);
    expect(sim.customProperties).toEqual({ [REVISION_PROPERTY]: second!.value });
  });

  it("Outlook on the web and new Outlook (saveAsync saves on the server): no stamp, nothing set", async () => {
    const sim = openWindow(defaultScenario(USER));
    expect(await stampRevision(SIM_ADDIN_ID)).toBeNull();
    expect(sim.customProperties).toEqual({});
  });

  it("an Office that never answers is given up on after STAMP_MS, so the send is not held at 'Saving' (rev12o F3)", async () => {
    openWindow({ ...defaultScenario(USER), classicOutlookWindows: true });
    const compose = Office.context.mailbox.item as unknown as Record<string, unknown>;
    // office-js #3436: the custom properties' call never called back.
    compose.loadCustomPropertiesAsync = () => undefined;
    jest.useFakeTimers();
    try {
      const stamped = expect(stampRevision(SIM_ADDIN_ID)).rejects.toThrow(/did not answer/);
      await jest.advanceTimersByTimeAsync(STAMP_MS);
      await stamped;
    } finally {
      jest.useRealTimers();
    }
  });

  it("the add-in id as MS-OXCEXT 2.2.5 derives it: lower case, no braces, no urn:uuid: prefix", () => {
    expect(customPropertiesId("urn:uuid:{6D8ECAA1-EFF5-4A14-9BEF-E346957C06DD}")).toBe(
      "String {00020329-0000-0000-C000-000000000046} Name cecp-6d8ecaa1-eff5-4a14-9bef-e346957c06dd"
    );
  });

  it("the simulator knows the add-in by manifest.xml's <Id>, the one the playground and browser-test builds carry", () => {
    const xml = readFileSync(join(__dirname, "../../../manifest.xml"), "utf8");
    expect(/<Id>([^<]+)<\/Id>/.exec(xml)![1]).toBe(SIM_ADDIN_ID);
  });
});
