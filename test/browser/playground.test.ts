import { toSmtpAddress } from "../../src/core/address";
import type { Browser } from "playwright-core";
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
import { createGraphEmulator, tenantFromDirectory } from "../../dev/graph-emulator";
import people from "../../samples/northwind/people.json";

jest.setTimeout(60_000);

let browser: Browser;
let server: StaticServer;
let service: ServiceDouble;
let emulator: ReturnType<typeof createGraphEmulator>;

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
    // The page sets it through the emulator's control API: wait for the tenant to say so.
    const until = async (want: boolean) => {
      for (let i = 0; i < 200 && refused() !== want; i++)
        await new Promise((r) => setTimeout(r, 50));
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
    await page.getByTestId("outlook-send").click();
    await page.getByTestId("outlook-sent").waitFor();
    const delivery = page.getByTestId("delivery").first();
    await delivery.waitFor();
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
    // The event runtime reloads with the new language.
    await page.waitForTimeout(500);
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
