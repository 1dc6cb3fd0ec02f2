// The compose window the send suites open (send.test.ts, content-check.test.ts): a message to
// three recipients with an inline image and a 3.5 MB attachment, the task pane opened on it in
// the playground against the Graph emulator at /graph, and a mailbox picked from the pane's list.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { defaultScenario } from "../../dev/playground/sample-tenant";
import type { Scenario } from "../../dev/playground/simulator";
import { openPage, routeExchangeUploads } from "./harness";

/** A 1×1 PNG, the inline image of the compose item. */
export const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64"
);

/** The compose item of the send suites, with `overrides` on top. */
export function composeScenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    ...defaultScenario(),
    to: ["megan.bowen@northwind.example"],
    cc: ["lee.gu@northwind.example"],
    bcc: ["diego.siciliani@northwind.example"],
    subject: "Quarterly figures",
    body: '<p>Figures attached.</p><img src="cid:logo">',
    importance: "high",
    attachments: [
      {
        name: "logo.png",
        contentType: "image/png",
        contentBytes: png.toString("base64"),
        isInline: true,
        contentId: "logo",
      },
      { name: "figures.bin", contentType: "application/octet-stream", size: 3_500_000 },
    ],
    graphEmulatorUrl: "/graph",
    ...overrides,
  };
}

/**
 * Opens the playground task pane of the server at `serverUrl` on `scenario`, with Exchange's
 * upload host routed to it, and waits for the mailbox list; `consoleLines` collects the page's
 * console with each line's source.
 */
export async function openComposePane(
  browser: Browser,
  serverUrl: string,
  scenario: Scenario = composeScenario(),
  context?: BrowserContext
) {
  const opened = await openPage(browser, `${serverUrl}/playground-taskpane.html`, {
    sim: scenario,
    context,
  });
  // Exchange's upload host answered by the emulator, as the network would (the page's CSP still
  // decides whether the pane may reach it).
  await routeExchangeUploads(opened.page, serverUrl);
  const consoleLines: string[] = [];
  // The text and where it came from: Chromium logs a failed request's URL as the message's
  // location ("Failed to load resource … 404" at the upload URL, authtoken included).
  opened.page.on("console", (m) => consoleLines.push(`${m.text()} @ ${m.location().url}`));
  await opened.page.locator('[role="option"]').first().waitFor();
  return { ...opened, consoleLines };
}

/** Finds the mailbox with the search box (the list renders only the rows in view) and picks it. */
export async function choose(page: Page, address: string) {
  await page.getByRole("combobox", { name: "Search mailboxes" }).fill(address);
  await page.locator(`[role="option"][data-address="${address}"]`).click();
  await page.getByTestId("send-panel").waitFor();
}

/** The send's result panel. */
export const result = (page: Page) => page.getByTestId("send-result");
