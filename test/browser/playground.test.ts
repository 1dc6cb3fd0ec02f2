import { toSmtpAddress } from "../../src/core/address";
import type { Browser, Page } from "playwright-core";
import { alexShard } from "../fixtures/northwind";
import { writeDirectory } from "../fixtures/directory";
import { mailbox } from "../fixtures/shards";
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
import { createGraphEmulator, GraphEmulator, tenantFromDirectory } from "../../dev/graph-emulator";
import people from "../../samples/northwind/people.json";

jest.setTimeout(60_000);

let browser: Browser;
let server: StaticServer;
let service: ServiceDouble;
let emulator: GraphEmulator;

beforeAll(async () => {
  requireBuilds();
  const megan = alexShard({
    user: toSmtpAddress("megan.bowen@northwind.example"),
    aliases: [],
    mailboxes: [
      mailbox({
        address: "finance@northwind.example",
        displayName: "Finance",
        rights: ["SendAs", "FullAccess"],
      }),
    ],
  });
  const directory = writeDirectory([alexShard(), megan]);
  // Protected mode (the playground's default): the directory service double answers B/me.
  server = await serve({ "/": PLAYGROUND });
  service = await serveDirectoryService(server, shardsIn(directory));
  // Exchange Online for the playground, with the rights the directory publishes (as npm start does).
  emulator = createGraphEmulator(tenantFromDirectory(directory, people), {
    basePath: "/graph",
  });
  server.override("/graph/", (req, res) => emulator.handle(req, res));
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await server?.close();
});

describe("playground", () => {
  it("is labelled as a simulator and hosts the real task pane", async () => {
    const { page, context, errors } = await openPage(browser, `${server.url}/playground.html`);
    expect(await page.getByText("Simulator, not Outlook.").isVisible()).toBe(true);
    const pane = page.frameLocator('iframe[title="Send From task pane"]');
    await pane.locator('[role="option"]').first().waitFor();
    expect(await pane.getByTestId("result-count").textContent()).toBe("11 mailboxes");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("turns on the tenant behaviour where Graph refuses upload sessions in shared mailboxes (microsoft-graph-docs-contrib#3720), and off again", async () => {
    const { page, context, errors } = await openPage(browser, `${server.url}/playground.html`);
    const refused = () => emulator.tenant().uploadSessionsOnlyInOwnMailbox === true;
    expect(refused()).toBe(false);
    // The page sets it through the emulator's control API: wait for the tenant to say so, as long
    // as that takes (the test's timeout bounds it; a count of polls would depend on machine speed).
    const until = async (want: boolean) => {
      while (refused() !== want) await new Promise((r) => setTimeout(r, 50));
      expect(refused()).toBe(want);
    };
    await page.getByTestId("tenant-uploads").selectOption("refused");
    await until(true);
    await page.getByTestId("tenant-uploads").selectOption("work");
    await until(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("changing Outlook's From shows up in the pane", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground.html`);
    const pane = page.frameLocator('iframe[title="Send From task pane"]');
    await pane.locator('[data-from-status="own"]').waitFor();
    await page.getByTestId("outlook-from-field").selectOption("hr@northwind.example");
    await pane.locator('[data-from-status="notPermitted"]').waitFor({ timeout: 20_000 });
    expect(await pane.getByTestId("outlook-from").textContent()).toContain("Human Resources");
    await page.getByTestId("outlook-from-field").selectOption("finance@northwind.example");
    await pane.locator('[data-from-status="unknown"]').waitFor({ timeout: 20_000 });
    await context.close();
  });

  it("signs in as someone else, with their own directory", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground.html`);
    await page.getByLabel("Signed in as").selectOption("megan.bowen@northwind.example");
    const pane = page.frameLocator('iframe[title="Send From task pane"]');
    await pane.locator('[role="option"][data-address="finance@northwind.example"]').waitFor();
    await page.getByLabel("Signed in as").selectOption("lee.gu@northwind.example");
    await pane.getByTestId("not-published").waitFor();
    await context.close();
  });
});

describe("playground: the task pane closed and reopened", () => {
  it("keeps the compose item (sessionData): 'may have been sent' again after reopening, and Check finds it sent once", async () => {
    const context = await browser.newContext();
    // Playwright's clock, so the pane's looks after the lost answer are fast-forwarded.
    await context.clock.install();
    const { page } = await openPage(browser, `${server.url}/playground.html`, { context });
    const delivered = emulator.deliveries().length;
    // Exchange holds the send until released; the page never gets the answer (routed: Chromium
    // does not repeat a routed request).
    emulator.setFaults([{ match: "POST */send", kind: "dropThenApply", ms: "held" }]);
    await page.route(
      "**/graph/v1.0/**/send",
      async (route) => {
        await route.fetch().catch(() => undefined);
        await route.abort("connectionreset");
      },
      { times: 1 }
    );
    try {
      const pane = page.frameLocator('iframe[title="Send From task pane"]');
      const choose = async () => {
        await pane.getByRole("combobox", { name: "Search mailboxes" }).fill("support@");
        await pane.locator('[role="option"][data-address="support@northwind.example"]').click();
        await pane.getByTestId("send-panel").waitFor();
      };
      const unknown = async () => {
        const shown = pane.locator('[data-result="unknown"]');
        for (let i = 0; i < 40 && !(await shown.count()); i++) {
          await page.clock.fastForward(12_000);
          await shown.waitFor({ timeout: 1_000 }).catch(() => undefined);
        }
        await shown.waitFor({ timeout: 1_000 });
      };
      await choose();
      await pane.getByRole("button", { name: "Send from Customer Support" }).click();
      await unknown();
      // Kept in the item's sessionData, which Outlook (here the page around the pane) holds.
      expect(
        await page.evaluate(() => Object.keys(window.sendFromSimulator!.sessionGetAll()))
      ).toEqual(["sendFrom.openAttempt"]);
      // The pane's own copy (localStorage by draft id) removed: sessionData alone must carry it.
      const frame = page.frame({ url: /playground-taskpane\.html/ })!;
      await frame.evaluate(() =>
        Object.keys(localStorage)
          .filter((k) => k.startsWith("sendFrom.openAttempt."))
          .forEach((k) => localStorage.removeItem(k))
      );
      await page.getByTestId("reopen-pane").click();
      await choose();
      await unknown();
      expect(
        await pane.getByRole("button", { name: "Send from Customer Support" }).isDisabled()
      ).toBe(true);
      expect(await emulator.releaseHeld()).toBe(1);
      await pane.getByRole("button", { name: "Check Sent Items" }).click();
      await page.getByTestId("compose-closed").waitFor({ timeout: 45_000 });
      expect(emulator.deliveries().length - delivered).toBe(1);
    } finally {
      emulator.setFaults([]);
      await context.close();
    }
  });
});

/**
 * The pane sends from Customer Support and Outlook cannot close the window; the person closes it,
 * and the draft Outlook kept is opened again later: another compose item of the same device (a
 * new id, no sessionData) with the same message. `prepare` sets up each page as it opens (the
 * Outlook chosen). Presses Outlook's Send there and checks the Smart Alert stops it: one delivery.
 */
async function staleDraftStopped(
  prepare: (page: Page) => Promise<void>,
  beforeSend: (page: Page) => Promise<void> = async () => undefined
): Promise<{ alert: string }> {
  const context = await browser.newContext();
  const first = await openPage(browser, `${server.url}/playground.html`, { context });
  const delivered = emulator.deliveries().length;
  try {
    await prepare(first.page);
    await first.page.evaluate(() => {
      const sim = window.sendFromSimulator as unknown as { closeFails: boolean };
      sim.closeFails = true;
    });
    const pane = first.page.frameLocator('iframe[title="Send From task pane"]');
    await pane.getByRole("combobox", { name: "Search mailboxes" }).fill("support@");
    await pane.locator('[role="option"][data-address="support@northwind.example"]').click();
    await pane.getByTestId("send-panel").waitFor();
    await pane.getByRole("button", { name: "Send from Customer Support" }).click();
    await pane.getByTestId("sent-not-closed").waitFor({ timeout: 45_000 });
    expect(emulator.deliveries().length - delivered).toBe(1);
    await first.page.close();
    const { page } = await openPage(browser, `${server.url}/playground.html`, { context });
    await prepare(page);
    await beforeSend(page);
    await page.getByTestId("outlook-send").click();
    const alert = page.getByTestId("smart-alert");
    await alert.waitFor();
    const text = (await alert.textContent()) ?? "";
    expect(text).toContain("Send From already sent this message from Customer Support");
    expect(await page.getByTestId("outlook-sent").count()).toBe(0);
    expect(emulator.deliveries().length - delivered).toBe(1);
    return { alert: text };
  } finally {
    await context.close();
  }
}

describe("playground: a stale draft of a message the pane sent, opened again (rev12m finding 2)", () => {
  it("the window could not be closed after the pane's send; the draft Outlook kept, opened again under a new id, is stopped by the Smart Alert: no second delivery", async () => {
    const { alert } = await staleDraftStopped(async () => undefined);
    expect(alert).toContain("discard this draft with Outlook's Discard");
  });
});

describe("playground: the same stale draft in classic Outlook on Windows (JavaScript-only event runtime, no localStorage)", () => {
  it("the Smart Alert finds the pane's record in roaming settings: stopped with the already-sent text, no second delivery", async () => {
    await staleDraftStopped(
      async (page) => {
        await page.getByTestId("outlook-client").selectOption("classic");
        await page.waitForFunction(() => window.sendFromSimulator?.classicOutlookWindows === true);
      },
      async (page) => {
        const runtime = page.frame({ url: /playground-commands\.html/ })!;
        await page.waitForFunction(() =>
          window.sendFromSimulator?.launchEvents.has("onMessageSendHandler")
        );
        expect(await runtime.evaluate(() => typeof window.localStorage)).toBe("undefined");
      }
    );
  });
});

describe("playground: Outlook's own From and Send, checked by the event handlers", () => {
  it("warns when From has no right, blocks Send with a Smart Alert, and its button opens the pane", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground.html`);
    const notifications = page.getByTestId("notifications");
    await page.getByTestId("outlook-from-field").selectOption("hr@northwind.example");
    await notifications.locator('[data-notification-key="sendFromDenied"]').waitFor();
    expect(await notifications.textContent()).toContain("Sending from Human Resources will fail");

    await page.getByTestId("outlook-send").click();
    const alert = page.getByTestId("smart-alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("You can't send from Human Resources");
    expect(await page.getByTestId("outlook-sent").count()).toBe(0);
    await alert.getByRole("button", { name: "Pick a mailbox" }).click();
    expect(await page.getByTestId("opened-command").textContent()).toContain(
      "msgComposeOpenPaneButton"
    );
    await context.close();
  });

  it("says where the copy lands for a permitted mailbox, and lets the message go", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground.html`);
    await page.getByTestId("outlook-from-field").selectOption("support@northwind.example");
    const copy = page
      .getByTestId("notifications")
      .locator('[data-notification-key="sendFromCopy"]');
    await copy.waitFor();
    expect(await copy.textContent()).toContain("your Sent Items and to Customer Support's");
    expect(
      await page
        .getByTestId("notifications")
        .locator('[data-notification-key="sendFromRecipients"]')
        .textContent()
    ).toContain("as from Customer Support only");
    // The emulator is shared by this file's tests: wait for this send's delivery (the list is
    // newest first and polled), not for one an earlier test made.
    const before = emulator.deliveries().length;
    await page.getByTestId("outlook-send").click();
    await page.getByTestId("outlook-sent").waitFor();
    await page.getByTestId("delivery").nth(before).waitFor();
    const delivery = page.getByTestId("delivery").first();
    expect(await delivery.textContent()).toContain("From: Customer Support");
    await context.close();
  });

  it("with PromptUser, Send anyway lets Outlook send, and Exchange refuses it (ErrorSendAsDenied)", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground.html`);
    await page.getByLabel("Smart Alerts send mode (admin setting)").selectOption("PromptUser");
    await page.getByTestId("outlook-from-field").selectOption("finance@northwind.example");
    await page.getByTestId("outlook-send").click();
    await page.getByTestId("smart-alert").getByRole("button", { name: "Send anyway" }).click();
    const rejected = page.getByTestId("outlook-rejected");
    await rejected.waitFor();
    expect(await rejected.textContent()).toContain("ErrorSendAsDenied");
    await context.close();
  });

  it("notifies in Office's display language", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground.html`);
    await page.getByLabel("Office display language").selectOption("fr-FR");
    // The event runtime reloads with the new language: wait until it has associated its From
    // handler with the new compose window, or the change of From below would meet no handler.
    await page.waitForFunction(
      () =>
        window.sendFromSimulator?.displayLanguage === "fr-FR" &&
        window.sendFromSimulator.launchEvents.has("onMessageFromChangedHandler")
    );
    await page.getByTestId("outlook-from-field").selectOption("hr@northwind.example");
    const denied = page
      .getByTestId("notifications")
      .locator('[data-notification-key="sendFromDenied"]');
    await denied.waitFor();
    expect(await denied.textContent()).toContain("L’envoi depuis Human Resources échouera");
    await context.close();
  });

  it("changing back to the user's own address clears the notifications", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground.html`);
    await page.getByTestId("outlook-from-field").selectOption("hr@northwind.example");
    await page
      .getByTestId("notifications")
      .locator('[data-notification-key="sendFromDenied"]')
      .waitFor();
    await page.getByTestId("outlook-from-field").selectOption("alex.wilber@northwind.example");
    await page
      .getByTestId("notifications")
      .locator("[data-notification-key]")
      .first()
      .waitFor({ state: "detached" });
    await context.close();
  });
});

describe("playground: a reply to a customer, from a shared mailbox", () => {
  it.each([
    ["Copy in my Sent Items", "mine"],
    ["Copy in Customer Support's Sent Items", "mailbox"],
  ])(
    "Reply to a message in Customer Support's Inbox, sent with '%s': in the customer's thread with all its parts",
    async (modeLabel) => {
      emulator.reset();
      const { page, context, errors } = await openPage(browser, `${server.url}/playground.html`);
      await page.getByTestId("reply-in").selectOption("support@northwind.example");
      await page.getByTestId("reply-kind").selectOption("replyAll");
      await page
        .getByRole("button", { name: "Reply all to a message in Customer Support's Inbox" })
        .click();
      const responding = page.getByTestId("responding-to");
      await responding.waitFor();
      // The customer's mail, as it arrived in the mailbox's Inbox.
      const [original] = emulator.inbox("support@northwind.example");
      expect(await responding.textContent()).toContain(original.internetMessageId);
      // Outlook's reply: From is the mailbox, the customer and the other recipients in To and Cc.
      expect(await page.getByTestId("outlook-from-field").inputValue()).toBe(
        "support@northwind.example"
      );
      const pane = page.frameLocator('iframe[title="Send From task pane"]');
      await pane
        .getByRole("combobox", { name: "Search mailboxes" })
        .fill("support@northwind.example");
      await pane.locator('[role="option"][data-address="support@northwind.example"]').click();
      await pane.getByRole("radio", { name: modeLabel }).check();
      // Outlook saved the reply in the mailbox: it goes from there, either way, as said before Send.
      expect(await pane.getByTestId("send-explanation").textContent()).toContain(
        "The copy goes to Customer Support's Sent Items, not yours."
      );
      await pane.getByRole("button", { name: "Send from Customer Support" }).click();
      await page.getByTestId("compose-closed").waitFor();

      const deliveries = emulator.deliveries();
      expect(deliveries).toHaveLength(1);
      const [d] = deliveries;
      expect(d.subject).toBe(`RE: ${original.subject}`);
      expect(d.toRecipients.map((r) => r.emailAddress.address)).toEqual([
        original.from!.emailAddress.address,
      ]);
      expect(d.ccRecipients.map((r) => r.emailAddress.address)).toEqual([
        "procurement@contoso.example",
      ]);
      expect(d.inReplyTo).toBe(original.internetMessageId);
      expect(d.references).toBe(original.internetMessageId);
      expect(d.conversationId).toBe(original.conversationId);
      expect(d).toMatchObject({
        categories: ["Customer"],
        isReadReceiptRequested: true,
        flag: { flagStatus: "flagged" },
      });
      expect(d.internetMessageHeaders).toEqual(
        expect.arrayContaining([{ name: "x-send-from-playground", value: "reply" }])
      );
      // Written inside the mailbox, so Outlook saved it there: sent where it lives.
      expect(d.sentItemsCopies).toEqual(["support@northwind.example"]);
      expect(emulator.drafts("support@northwind.example")).toEqual([]);
      expect(await pane.getByTestId("send-result").textContent()).toContain(
        "Customer Support's Sent Items"
      );
      // The page shows what arrived, in the thread.
      const thread = page.getByTestId("delivery-thread").first();
      await thread.waitFor();
      expect(await thread.textContent()).toContain(original.conversationId);
      // Back to a new message: a new compose window, and the pane is bound to it.
      await page.getByTestId("new-message").click();
      await responding.waitFor({ state: "detached" });
      await pane.locator('[role="option"]').first().waitFor();
      const frame = page.frames().find((f) => f.url().includes("playground-taskpane.html"))!;
      const subject = await frame.evaluate(
        () =>
          new Promise<string>((resolve) => {
            type Compose = { subject: { getAsync(cb: (r: { value: string }) => void): void } };
            const office = (
              window as unknown as { Office: { context: { mailbox: { item: Compose } } } }
            ).Office;
            office.context.mailbox.item.subject.getAsync((r) => resolve(r.value));
          })
      );
      expect(subject).toBe("Quarterly figures");
      expect(errors).toEqual([]);
      await context.close();
    }
  );

  it("Open another mailbox and a sign-in name that is not the mail address: Office says so, the pane stays the person's", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground.html`);
    await page.getByTestId("opened-mailbox").selectOption("support@northwind.example");
    await page.getByTestId("sign-in-name").selectOption("other");
    const pane = page.frameLocator('iframe[title="Send From task pane"]');
    await pane.locator('[role="option"][data-address="support@northwind.example"]').waitFor();
    const frame = page.frames().find((f) => f.url().includes("playground-taskpane.html"))!;
    const office = await frame.evaluate(async () => {
      const o = (window as unknown as { Office: typeof Office }).Office;
      return {
        profile: o.context.mailbox.userProfile.emailAddress,
        upn: (
          await (
            o.auth as unknown as {
              getAuthContext(): Promise<{ userPrincipalName: string }>;
            }
          ).getAuthContext()
        ).userPrincipalName,
      };
    });
    expect(office).toEqual({
      profile: "support@northwind.example",
      upn: "alex.wilber@northwindtraders.onmicrosoft.com",
    });
    // From starts as the opened mailbox; the list is Alex's, whoever userProfile says.
    const from = pane.getByTestId("outlook-from");
    await expect(from.getAttribute("data-from-status")).resolves.toBe("permitted");
    expect(await from.textContent()).toContain("Customer Support");
    await context.close();
  });
});
