// rev12o F5 (issue 12), in Chromium: classic Outlook in cached mode keeps the compose window open
// and editable while the pane waits for Outlook to upload the draft ("Waiting for Outlook…", up to
// two minutes), then closes it discarding the local item. An edit made during that wait must be
// what arrives: the pane saves again, waits for that copy, and sends it. The real task pane
// bundle and @azure/msal-browser against the Graph emulator; tests assert outcomes, not calls.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createGraphEmulator, GraphEmulator, tenantFromDirectory } from "../../dev/graph-emulator";
import people from "../../samples/northwind/people.json";
import { writeDirectory } from "../fixtures/directory";
import { alexShard } from "../fixtures/northwind";
import { defaultScenario } from "../../dev/playground/sample-tenant";
import type { Scenario } from "../../dev/playground/simulator";
import {
  EXCHANGE_UPLOAD_HOST,
  launch,
  openPage,
  PLAYGROUND,
  requireBuilds,
  routeExchangeUploads,
  serve,
  ServiceDouble,
  serveDirectoryService,
  shardsIn,
  StaticServer,
} from "./harness";

jest.setTimeout(150_000);

let browser: Browser;
let server: StaticServer;
let service: ServiceDouble;
let emulator: GraphEmulator;
let directory: string;
const ALEX = "alex.wilber@northwind.example";

beforeAll(async () => {
  requireBuilds();
  directory = writeDirectory([alexShard()]);
  emulator = createGraphEmulator(
    tenantFromDirectory(directory, people),
    // Exchange hands upload URLs out on an Outlook host, not on Graph's (field-reports.md).
    { basePath: "/graph", uploadOrigin: EXCHANGE_UPLOAD_HOST }
  );
  // Protected mode (the playground's default): the directory service double answers B/me.
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

const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64"
);

function composeScenario(overrides: Partial<Scenario> = {}): Scenario {
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

async function openPane(scenario: Scenario = composeScenario(), context?: BrowserContext) {
  const opened = await openPage(browser, `${server.url}/playground-taskpane.html`, {
    sim: scenario,
    context,
  });
  // Exchange's upload host answered by the emulator, as the network would (the page's CSP still
  // decides whether the pane may reach it).
  await routeExchangeUploads(opened.page, server.url);
  const consoleLines: string[] = [];
  // The text and where it came from: Chromium logs a failed request's URL as the message's
  // location ("Failed to load resource … 404" at the upload URL, authtoken included).
  opened.page.on("console", (m) => consoleLines.push(`${m.text()} @ ${m.location().url}`));
  await opened.page.locator('[role="option"]').first().waitFor();
  return { ...opened, consoleLines };
}

/** Finds the mailbox with the search box (the list renders only the rows in view) and picks it. */
async function choose(page: Page, address: string) {
  await page.getByRole("combobox", { name: "Search mailboxes" }).fill(address);
  await page.locator(`[role="option"][data-address="${address}"]`).click();
  await page.getByTestId("send-panel").waitFor();
}

const result = (page: Page) => page.getByTestId("send-result");

describe("an edit made while the pane waits for Outlook's upload", () => {
  it("classic Outlook, cached mode: the body corrected during 'Waiting for Outlook…' is what arrives, once; the pane says Sent and says changes made now are included", async () => {
    const { page, context } = await openPane(
      composeScenario({ attachments: [], draftSyncDelayMs: 8_000, classicOutlookWindows: true })
    );
    // An earlier autosave is on the server: Graph serves that copy until Outlook uploads the
    // save Send makes (office-js #2118, #6077).
    await page.evaluate(() => window.sendFromSimulator!.saveDraft());
    while (emulator.drafts(ALEX).length === 0) await new Promise((r) => setTimeout(r, 250));
    await choose(page, "support@northwind.example");
    await page.getByRole("button", { name: "Send from Customer Support" }).click();
    const waiting = page.getByTestId("send-progress").filter({ hasText: /Waiting for Outlook/ });
    await waiting.waitFor({ timeout: 30_000 });
    expect(await waiting.textContent()).toContain("Changes you make now are included");
    // The person fixes a line in the window they are looking at.
    await page.evaluate(() =>
      window.sendFromSimulator!.update({
        body: "<p>Figures attached.</p><p>CORRECTION: Thursday.</p>",
      })
    );
    await page.waitForFunction(() => window.sendFromSimulator?.closed, undefined, {
      timeout: 120_000,
    });
    expect(await result(page).getAttribute("data-result")).toBe("sent");
    expect(emulator.deliveries()).toHaveLength(1);
    expect(emulator.deliveries()[0].body.content).toContain("CORRECTION: Thursday.");
    await context.close();
  });
});
