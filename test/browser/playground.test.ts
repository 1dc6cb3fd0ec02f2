import type { Browser } from "playwright-core";
import { alexShard } from "../fixtures/northwind";
import { writeDirectory } from "../fixtures/directory";
import { mailbox } from "../fixtures/shards";
import { launch, openPage, PLAYGROUND, requireBuilds, serve, StaticServer } from "./harness";

jest.setTimeout(60_000);

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  requireBuilds();
  const megan = alexShard({
    user: "megan.bowen@northwind.example",
    aliases: [],
    mailboxes: [
      mailbox({
        address: "finance@northwind.example",
        displayName: "Finance",
        rights: ["SendAs", "FullAccess"],
      }),
    ],
  });
  server = await serve({ "/": PLAYGROUND, "/directory/": writeDirectory([alexShard(), megan]) });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
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

  it("changing Outlook's From shows up in the pane", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground.html`);
    const pane = page.frameLocator('iframe[title="Send From task pane"]');
    await pane.locator('[data-from-status="own"]').waitFor();
    await page.getByTestId("outlook-from-field").selectOption("hr@northwind.example");
    await pane.locator('[data-from-status="notPermitted"]').waitFor({ timeout: 5000 });
    expect(await pane.getByTestId("outlook-from").textContent()).toContain("Human Resources");
    await page.getByTestId("outlook-from-field").selectOption("finance@northwind.example");
    await pane.locator('[data-from-status="unknown"]').waitFor({ timeout: 5000 });
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
