// A reply to a customer, composed in the simulated Outlook (Reply on a message in an Inbox) and
// sent through the real task pane in both modes, in Chromium. What the customer gets must stay in
// the customer's thread: In-Reply-To is the original's Internet message id, References carries the
// thread, Exchange puts it in the original's conversation, with categories, receipts, flag and
// x- headers as written, delivered once, with the Sent Items copy where the pane says.
import type { Browser, Page } from "playwright-core";
import { createGraphEmulator, GraphEmulator, tenantFromDirectory } from "../../dev/graph-emulator";
import type { StoredMessage } from "../../dev/graph-emulator/types";
import { defaultScenario } from "../../dev/playground/sample-tenant";
import type { Scenario } from "../../dev/playground/simulator";
import people from "../../samples/northwind/people.json";
import { writeDirectory } from "../fixtures/directory";
import { alexShard } from "../fixtures/northwind";
import {
  launch,
  openPage,
  PLAYGROUND,
  requireBuilds,
  serve,
  ServiceDouble,
  serveDirectoryService,
  shardsIn,
  StaticServer,
} from "./harness";

jest.setTimeout(60_000);

let browser: Browser;
let server: StaticServer;
let service: ServiceDouble;
let emulator: GraphEmulator;
const ALEX = "alex.wilber@northwind.example";
const SUPPORT = { address: "support@northwind.example", displayName: "Customer Support" };

beforeAll(async () => {
  requireBuilds();
  const directory = writeDirectory([alexShard()]);
  emulator = createGraphEmulator(tenantFromDirectory(directory, people), { basePath: "/graph" });
  server = await serve({ "/": PLAYGROUND });
  service = await serveDirectoryService(server, shardsIn(directory));
  server.override("/graph/", (req, res) => emulator.handle(req, res));
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await server?.close();
});

let initialTenant: ReturnType<GraphEmulator["tenant"]>;
beforeEach(() => {
  initialTenant ??= emulator.tenant();
  emulator.reset(initialTenant);
});

/**
 * The customer's mail, itself a reply in a thread the customer started, in `owner`'s Inbox.
 * Another message in the same Inbox starts a conversation of its own, so a reply that left its
 * thread could not land in the original's conversation by chance.
 */
function customerMail(owner: string): StoredMessage {
  emulator.receive(owner, {
    from: { emailAddress: { address: "jordan@contoso.example" } },
    toRecipients: [{ emailAddress: { address: owner } }],
    subject: "Newsletter",
    body: { contentType: "text", content: "Unrelated" },
  });
  return emulator.receive(owner, {
    from: { emailAddress: { address: "jordan@contoso.example", name: "Jordan Miller" } },
    toRecipients: [{ emailAddress: { address: owner } }],
    ccRecipients: [{ emailAddress: { address: "procurement@contoso.example" } }],
    subject: "RE: Order 4711",
    body: { contentType: "html", content: "<p>When will order 4711 be delivered?</p>" },
    internetMessageId: "<order-4711-2@contoso.example>",
    singleValueExtendedProperties: [
      { id: "String 0x1042", value: "<order-4711-1@contoso.example>" },
      { id: "String 0x1039", value: "<order-4711-1@contoso.example>" },
    ],
  });
}

function replyScenario(folder: { address: string; displayName: string }, original: StoredMessage) {
  const scenario: Scenario = {
    ...defaultScenario(),
    to: undefined,
    subject: undefined,
    respondTo: { kind: "replyAll", folder, original },
    body: "<p>Hello Jordan, it leaves on Friday.</p>",
    categories: ["Customer"],
    isReadReceiptRequested: true,
    isDeliveryReceiptRequested: true,
    flagged: true,
    internetHeaders: [{ name: "x-customer-ticket", value: "4711" }],
    graphEmulatorUrl: "/graph",
  };
  return scenario;
}

async function sendFromSupport(scenario: Scenario, mode: "mine" | "mailbox") {
  const opened = await openPage(browser, `${server.url}/playground-taskpane.html`, {
    sim: scenario,
  });
  const { page } = opened;
  await page.locator('[role="option"]').first().waitFor();
  await page.getByRole("combobox", { name: "Search mailboxes" }).fill(SUPPORT.address);
  await page.locator(`[role="option"][data-address="${SUPPORT.address}"]`).click();
  await page.getByTestId("send-panel").waitFor();
  if (mode === "mailbox")
    await page.getByRole("radio", { name: "Copy in Customer Support's Sent Items" }).check();
  // What the pane says before Send about where the copy goes.
  const explained = (await page.getByTestId("send-explanation").textContent()) ?? "";
  await page.getByRole("button", { name: "Send from Customer Support" }).click();
  await page.waitForFunction(() => window.sendFromSimulator?.closed);
  return { ...opened, explained };
}

const result = (page: Page) => page.getByTestId("send-result");

/** What arrives at the customer: in the original's thread, with all its parts, once. */
function expectInThread(original: StoredMessage) {
  const deliveries = emulator.deliveries();
  expect(deliveries).toHaveLength(1);
  const [d] = deliveries;
  expect(d.from.emailAddress.address).toBe(SUPPORT.address);
  expect(d.subject).toBe("RE: Order 4711");
  // Reply all: the customer and the other recipients, not the mailbox replying.
  expect(d.toRecipients.map((r) => r.emailAddress.address)).toEqual(["jordan@contoso.example"]);
  expect(d.ccRecipients.map((r) => r.emailAddress.address)).toEqual([
    "procurement@contoso.example",
  ]);
  expect(d.body.content).toContain("it leaves on Friday");
  expect(d.body.content).toContain("When will order 4711 be delivered?");
  expect(d.inReplyTo).toBe(original.internetMessageId);
  expect(d.references).toBe("<order-4711-1@contoso.example> <order-4711-2@contoso.example>");
  expect(d.conversationId).toBe(original.conversationId);
  expect(d).toMatchObject({
    categories: ["Customer"],
    isReadReceiptRequested: true,
    isDeliveryReceiptRequested: true,
    flag: { flagStatus: "flagged" },
  });
  expect(d.internetMessageHeaders).toEqual(
    expect.arrayContaining([{ name: "x-customer-ticket", value: "4711" }])
  );
  return d;
}

describe("a reply composed in the simulated Outlook, sent through the pane", () => {
  it.each(["mine", "mailbox"] as const)(
    "in Customer Support's Inbox (Outlook saved the draft there), with %s: in the customer's thread, copy in the mailbox's Sent Items",
    async (mode) => {
      const original = customerMail(SUPPORT.address);
      const { page, context, explained } = await sendFromSupport(
        replyScenario(SUPPORT, original),
        mode
      );
      const d = expectInThread(original);
      // Written inside the mailbox: sent where it lives, whichever way was chosen, and the pane
      // said so before Send.
      expect(d.sentItemsCopies).toEqual([SUPPORT.address]);
      expect(explained).toContain("The copy goes to Customer Support's Sent Items, not yours.");
      const copies = emulator.sentItems(SUPPORT.address);
      expect(copies.map((m) => [m.conversationId, m.inReplyTo])).toEqual([
        [original.conversationId, original.internetMessageId],
      ]);
      expect(emulator.sentItems(ALEX)).toEqual([]);
      expect(emulator.drafts(SUPPORT.address)).toEqual([]);
      expect(emulator.drafts(ALEX)).toEqual([]);
      expect(await result(page).getAttribute("data-result")).toBe("sent");
      const said = await result(page).textContent();
      expect(said).toContain("Customer Support's Sent Items");
      expect(said).not.toContain("your Sent Items");
      await context.close();
    }
  );

  it.each([
    ["mine", [ALEX, SUPPORT.address], "your Sent Items and Customer Support's Sent Items"],
    ["mailbox", [SUPPORT.address], "Customer Support's Sent Items"],
  ] as const)(
    "in my own Inbox, sent from Customer Support with %s: in the customer's thread, copies in %j",
    async (mode, expectedCopies, where) => {
      const me = { address: ALEX, displayName: "Alex Wilber" };
      const original = customerMail(ALEX);
      const { page, context, explained } = await sendFromSupport(replyScenario(me, original), mode);
      const d = expectInThread(original);
      expect(explained).toContain(
        mode === "mine"
          ? "The copy goes to your Sent Items, and Customer Support keeps one in its Sent Items too."
          : "The copy goes to Customer Support's Sent Items, not yours."
      );
      expect([...d.sentItemsCopies].sort()).toEqual([...expectedCopies].sort());
      for (const owner of expectedCopies)
        expect(emulator.sentItems(owner).map((m) => m.conversationId)).toEqual([
          original.conversationId,
        ]);
      expect(emulator.drafts(ALEX)).toEqual([]);
      expect(emulator.drafts(SUPPORT.address)).toEqual([]);
      expect(await result(page).getAttribute("data-result")).toBe("sent");
      const said = await result(page).textContent();
      expect(said).toContain(where);
      if (mode === "mailbox") expect(said).not.toContain("your Sent Items");
      await context.close();
    }
  );

  it("forward: the original's attachment goes along, and the forward stays in the conversation", async () => {
    const original = customerMail(SUPPORT.address);
    const scenario: Scenario = {
      ...replyScenario(SUPPORT, original),
      respondTo: {
        kind: "forward",
        folder: SUPPORT,
        original,
        attachments: [
          { name: "order.txt", contentType: "text/plain", contentBytes: btoa("order 4711") },
        ],
      },
      to: undefined,
    };
    const opened = await openPage(browser, `${server.url}/playground-taskpane.html`, {
      sim: scenario,
    });
    const { page, context } = opened;
    await page.locator('[role="option"]').first().waitFor();
    expect(await page.evaluate(() => window.sendFromSimulator?.subject)).toBe("FW: RE: Order 4711");
    // A forward has no recipients until the user adds one.
    expect(await page.evaluate(() => window.sendFromSimulator?.to)).toEqual([]);
    await page.evaluate(() =>
      window.sendFromSimulator?.update({ to: ["lee.gu@northwind.example"] })
    );
    await page.getByRole("combobox", { name: "Search mailboxes" }).fill(SUPPORT.address);
    await page.locator(`[role="option"][data-address="${SUPPORT.address}"]`).click();
    await page.getByRole("button", { name: "Send from Customer Support" }).click();
    await page.waitForFunction(() => window.sendFromSimulator?.closed);
    const [d, ...more] = emulator.deliveries();
    expect(more).toEqual([]);
    expect(d.toRecipients.map((r) => r.emailAddress.address)).toEqual(["lee.gu@northwind.example"]);
    expect(d.attachments.map((a) => a.name)).toEqual(["order.txt"]);
    expect(d.conversationId).toBe(original.conversationId);
    await context.close();
  });
});

describe("a new message written in a shared mailbox whose owner Office won't name", () => {
  it("Outlook on the web's 'Open another mailbox' (office-js #6877): found where Outlook saved it, sent once from the mailbox", async () => {
    // The simulated Outlook saves the new message in the mailbox opened, and its
    // getSharedPropertiesAsync fails on Outlook on the web (dev/playground/simulator.ts, #6877).
    const scenario: Scenario = {
      ...defaultScenario(),
      // 1.14: the window closes after the send (closeAsync), as the helper waits for.
      requirementSets: { Mailbox: "1.14", NestedAppAuth: "1.1" },
      openedMailbox: SUPPORT,
      graphEmulatorUrl: "/graph",
    };
    const { page, context } = await sendFromSupport(scenario, "mine");
    expect(await result(page).getAttribute("data-result")).toBe("sent");
    const deliveries = emulator.deliveries();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].from.emailAddress.address).toBe(SUPPORT.address);
    expect(deliveries[0].sentItemsCopies).toEqual([SUPPORT.address]);
    expect(emulator.drafts(SUPPORT.address)).toEqual([]);
    await context.close();
  });
});

describe("a shared mailbox added to new Outlook as its own account (office-js #5682)", () => {
  // That account's drafts are saved in the shared mailbox's Drafts, and Office names no owner
  // (no getSharedPropertiesAsync): the simulated Outlook does the same (dev/playground/simulator.ts).
  const accountScenario = (scenario: Scenario): Scenario => ({
    ...scenario,
    // 1.14: the window closes after the send (closeAsync), as the helper waits for.
    requirementSets: { Mailbox: "1.14", NestedAppAuth: "1.1" },
    sharedAsAccount: SUPPORT,
    graphEmulatorUrl: "/graph",
  });

  it.each(["mine", "mailbox"] as const)(
    "a new message, with %s: found in the mailbox's Drafts and sent once from it",
    async (mode) => {
      const { page, context } = await sendFromSupport(accountScenario(defaultScenario()), mode);
      expect(await result(page).getAttribute("data-result")).toBe("sent");
      const deliveries = emulator.deliveries();
      expect(deliveries.map((d) => [d.from.emailAddress.address, d.sentItemsCopies])).toEqual([
        [SUPPORT.address, [SUPPORT.address]],
      ]);
      expect(emulator.drafts(SUPPORT.address)).toEqual([]);
      expect(emulator.drafts(ALEX)).toEqual([]);
      await context.close();
    }
  );

  it.each(["mine", "mailbox"] as const)(
    "a reply in that account's Inbox, with %s: in the customer's thread, copy in the mailbox's Sent Items",
    async (mode) => {
      const original = customerMail(SUPPORT.address);
      const { page, context } = await sendFromSupport(
        accountScenario(replyScenario(SUPPORT, original)),
        mode
      );
      const d = expectInThread(original);
      expect(d.sentItemsCopies).toEqual([SUPPORT.address]);
      expect(emulator.sentItems(ALEX)).toEqual([]);
      expect(emulator.drafts(SUPPORT.address)).toEqual([]);
      expect(await result(page).getAttribute("data-result")).toBe("sent");
      await context.close();
    }
  );

  // rev12f #3: the message lives in Support's Drafts and is sent from ANOTHER mailbox (Sales
  // Europe: Send on Behalf and Full Access). "Copy in my Sent Items" cannot send it from there
  // (the copy would land in Support's Sent Items); "Copy in Sales Europe's Sent Items" reads the
  // draft where it lives. The pane said only after Send: "Not sent … where Send From cannot
  // reach it … use Outlook's own Send".
  const SALES = { address: "sales.eu@northwind.example", displayName: "Sales Europe" };
  const chooseSales = async (page: Page) => {
    await page.locator('[role="option"]').first().waitFor();
    await page.getByRole("combobox", { name: "Search mailboxes" }).fill(SALES.address);
    await page.locator(`[role="option"][data-address="${SALES.address}"]`).click();
    await page.getByTestId("send-panel").waitFor();
  };

  it("sent from another mailbox: said before Send, the mode that can send it is chosen, and it goes once from Sales Europe", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground-taskpane.html`, {
      sim: accountScenario(defaultScenario()),
    });
    await chooseSales(page);
    expect(await page.getByTestId("draft-elsewhere").textContent()).toBe(
      `Outlook saved this message in ${SUPPORT.address}'s Drafts: only "Copy in Sales Europe's Sent Items" can send it from there.`
    );
    expect(await page.getByRole("radio", { name: "Copy in my Sent Items" }).isDisabled()).toBe(
      true
    );
    expect(
      await page.getByRole("radio", { name: "Copy in Sales Europe's Sent Items" }).isChecked()
    ).toBe(true);
    await page.getByRole("button", { name: "Send from Sales Europe" }).click();
    await page.waitForFunction(() => window.sendFromSimulator?.closed);
    expect(await result(page).getAttribute("data-result")).toBe("sent");
    expect(
      emulator.deliveries().map((d) => [d.from.emailAddress.address, d.sentItemsCopies])
    ).toEqual([[SALES.address, [SALES.address]]]);
    expect(emulator.drafts(SUPPORT.address)).toEqual([]);
    expect(emulator.drafts(SALES.address)).toEqual([]);
    await context.close();
  });

  it("where the pane learns only at Send that the draft is in another mailbox: 'Not sent' names the mode that works, and its button sends once", async () => {
    // A message written inside Support (saved in its Drafts, office-js #6701) whose owner Office
    // would not name when the pane started (office-js #6877), and names once the draft is saved.
    const { page, context } = await openPage(browser, `${server.url}/playground-taskpane.html`, {
      sim: {
        ...defaultScenario(),
        requirementSets: { Mailbox: "1.14", NestedAppAuth: "1.1" },
        itemOwner: SUPPORT.address,
        sharedPropertiesFail: true,
        graphEmulatorUrl: "/graph",
      },
    });
    await chooseSales(page);
    expect(await page.getByTestId("draft-elsewhere").count()).toBe(0);
    await page.evaluate(() => {
      (
        window.sendFromSimulator as unknown as { sharedPropertiesFail: boolean }
      ).sharedPropertiesFail = false;
    });
    await page.getByRole("button", { name: "Send from Sales Europe" }).click();
    await result(page).waitFor({ timeout: 60_000 });
    expect(await result(page).getAttribute("data-problem")).toBe("draftNeedsMailboxMode");
    const said = (await result(page).textContent()) ?? "";
    expect(said).toContain(`"Copy in Sales Europe's Sent Items" can`);
    expect(said).not.toContain("cannot reach");
    expect(emulator.deliveries()).toEqual([]);
    await page
      .getByRole("button", { name: "Send with the copy in Sales Europe's Sent Items" })
      .click();
    await page.waitForFunction(() => window.sendFromSimulator?.closed);
    expect(
      emulator.deliveries().map((d) => [d.from.emailAddress.address, d.sentItemsCopies])
    ).toEqual([[SALES.address, [SALES.address]]]);
    await context.close();
  });

  // rev12i finding 1: the draft lives in Support's Drafts, so only "Copy in Sales Europe's Sent
  // Items" (recreating it there) can send it from Sales Europe, and recreating loses a cloud
  // attachment's link. Each refusal offered the other way, a loop without end. Now: said once,
  // before Send, Send disabled, nothing sent, no way offered that cannot send it.
  it("a cloud attachment sent from another mailbox: neither way can, said before Send, Send disabled", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground-taskpane.html`, {
      sim: accountScenario({
        ...defaultScenario(),
        attachments: [
          {
            name: "Plan.docx",
            contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            sourceUrl: "https://northwind.sharepoint.com/sites/sales/Shared%20Documents/Plan.docx",
          },
        ],
      }),
    });
    await chooseSales(page);
    const warning = page.getByTestId("fidelity-warning");
    await warning.waitFor();
    expect(await warning.textContent()).toBe(
      `Outlook saved this message in ${SUPPORT.address}'s Drafts, so Send From can send it from Sales Europe only by recreating it there, which would drop part of it: Plan.docx. Send it from ${SUPPORT.address}, where it lives, or with Outlook's own Send button.`
    );
    expect(await page.getByRole("button", { name: "Send from Sales Europe" }).isDisabled()).toBe(
      true
    );
    expect(await page.getByRole("button", { name: /Copy in my Sent Items/ }).count()).toBe(0);
    expect(emulator.deliveries()).toEqual([]);
    await context.close();
  });

  it("a large file Graph will not upload into a shared mailbox, sent from another mailbox: said once after Send, no way offered, nothing sent", async () => {
    emulator.reset({ ...initialTenant, uploadSessionsOnlyInOwnMailbox: true });
    const { page, context } = await openPage(browser, `${server.url}/playground-taskpane.html`, {
      sim: accountScenario({
        ...defaultScenario(),
        attachments: [
          { name: "figures.bin", contentType: "application/octet-stream", size: 3_500_000 },
        ],
      }),
    });
    await chooseSales(page);
    await page.getByRole("button", { name: "Send from Sales Europe" }).click();
    await result(page).waitFor({ timeout: 60_000 });
    expect(await result(page).getAttribute("data-problem")).toBe("draftElsewhereCannotCarry");
    const said = (await result(page).textContent()) ?? "";
    expect(said).toContain(`Send it from ${SUPPORT.address}, where it lives`);
    expect(await page.getByRole("button", { name: /^Send with/ }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /Try again/ }).count()).toBe(0);
    expect(emulator.deliveries()).toEqual([]);
    expect(emulator.drafts(SALES.address)).toEqual([]);
    await context.close();
  });
});
