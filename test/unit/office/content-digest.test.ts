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

  // rev12p P1: the text of a link is the same when only its address is corrected.
  it("a link's address corrected (its text the same) changes it; the same link written back another way does not", async () => {
    const sim = openWindow({
      ...scenario(),
      body: '<p>Please pay via <a href="https://pay.example/WRONG?a=1&amp;b=2">this link</a>.</p>',
    });
    const first = await contentDigest();
    // A host writing the markup back on a save: other quotes, attribute order, entities.
    sim.update({
      body: "<p>Please pay via <a class='x' href='https://pay.example/WRONG?a=1&b=2' >this link</a>.</p>",
    });
    expect(await contentDigest()).toBe(first);
    sim.update({
      body: '<p>Please pay via <a href="https://pay.example/RIGHT?a=1&amp;b=2">this link</a>.</p>',
    });
    expect(await contentDigest()).not.toBe(first);
  });

  // rev12p P2: the label travels with the message (msip_labels); raising it is an edit.
  it("a sensitivity label set or changed changes it; a label Office will not read is no failure", async () => {
    const sim = openWindow({ ...scenario(), sensitivityLabel: "" });
    const none = await contentDigest();
    sim.sensitivityLabel = "11111111-1111-4111-8111-111111111111";
    const general = await contentDigest();
    expect(general).not.toBe(none);
    sim.sensitivityLabel = "22222222-2222-4222-8222-222222222222";
    expect(await contentDigest()).not.toBe(general);
    const fails = openWindow({ ...scenario(), sensitivityLabelFails: true });
    const unread = await contentDigest();
    expect(unread).toMatch(/^[0-9a-f]{64}$/);
    fails.update({ subject: "Quarterly figures (final)" });
    expect(await contentDigest()).not.toBe(unread);
  });

  // rev12p P3: classic Outlook reports an attached message's size anew at every read (office-js
  // #6856, #6058), the person changing nothing: the digest must not see a change in that.
  it("classic Outlook, an attached message whose reported size differs at every read: the same digest", async () => {
    openWindow({
      ...scenario(),
      classicOutlookWindows: true,
      attachments: [
        ...scenario().attachments!,
        {
          name: "Fwd: contract",
          contentType: "message/rfc822",
          item: { subject: "Contract", body: "Signed copy attached." },
        },
      ],
    });
    const sizes = async () =>
      (
        await new Promise<Office.AttachmentDetailsCompose[]>((resolve) =>
          (Office.context.mailbox.item as Office.MessageCompose).getAttachmentsAsync((r) =>
            resolve(r.value)
          )
        )
      ).map((a) => a.size);
    // The simulator models the report: the attached message's size is not the same twice.
    expect((await sizes())[1]).not.toBe((await sizes())[1]);
    const first = await contentDigest();
    expect(await contentDigest()).toBe(first);
    expect(await contentDigest()).toBe(first);
  });

  it("a file replaced by another of the same name and another size changes it", async () => {
    const first = await (openWindow(scenario()), contentDigest());
    openWindow({
      ...scenario(),
      attachments: [
        { name: "figures.txt", contentType: "text/plain", contentBytes: "UTM6IDQyMDA=" },
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
