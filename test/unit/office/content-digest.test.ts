/**
 * @jest-environment jsdom
 */
// The compose item's content digest (src/office/compose.ts contentDigest) over the simulated
// Office (dev/playground/office-sim.ts): what the send compares with the digest read at the save,
// so an edit made while it waits is saved again rather than discarded (rev12o F5).
import type { ComposeSimulator, Scenario } from "../../../dev/playground/simulator";
import { defaultScenario } from "../../../dev/playground/sample-tenant";
import { contentDigest, DIGEST_MS } from "../../../src/office/compose";

function openWindow(scenario: Scenario): ComposeSimulator {
  window.__sendFromSim = scenario;
  delete window.sendFromSimulator;
  jest.isolateModules(() => {
    require("../../../dev/playground/office-sim");
  });
  return window.sendFromSimulator!;
}

const USER = { address: "alex.wilber@northwind.example", displayName: "Alex Wilber" };
const scenario = (): Scenario => ({
  ...defaultScenario(USER),
  to: ["megan.bowen@northwind.example"],
  subject: "Quarterly figures",
  body: "<p>Figures attached.</p>",
  attachments: [{ name: "figures.txt", contentType: "text/plain", contentBytes: "UTM6IDQy" }],
});

describe("contentDigest", () => {
  it("the same window gives the same digest; whitespace alone (a host's line endings) is no change", async () => {
    const sim = openWindow(scenario());
    const first = await contentDigest();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await contentDigest()).toBe(first);
    sim.update({ body: "<p>Figures   attached.</p>\r\n" });
    expect(await contentDigest()).toBe(first);
  });

  it.each<[string, Parameters<ComposeSimulator["update"]>[0]]>([
    ["the body", { body: "<p>Figures attached. CORRECTION: Thursday.</p>" }],
    ["the subject", { subject: "Quarterly figures (final)" }],
    ["a recipient", { cc: ["lee.gu@northwind.example"] }],
  ])("an edit of %s changes it", async (_, edit) => {
    const sim = openWindow(scenario());
    const first = await contentDigest();
    sim.update(edit);
    expect(await contentDigest()).not.toBe(first);
  });

  it("an attachment added changes it", async () => {
    const first = await (openWindow(scenario()), contentDigest());
    openWindow({
      ...scenario(),
      attachments: [
        ...scenario().attachments!,
        { name: "minutes.txt", contentType: "text/plain", contentBytes: "Qm9hcmQ=" },
      ],
    });
    expect(await contentDigest()).not.toBe(first);
  });

  it("an Office that never answers is given up on after DIGEST_MS: the send then goes on as without the check", async () => {
    openWindow(scenario());
    const compose = Office.context.mailbox.item as unknown as { subject: Record<string, unknown> };
    compose.subject.getAsync = () => undefined;
    jest.useFakeTimers();
    try {
      const read = expect(contentDigest()).rejects.toThrow(/did not answer/);
      await jest.advanceTimersByTimeAsync(DIGEST_MS);
      await read;
    } finally {
      jest.useRealTimers();
    }
  });
});
