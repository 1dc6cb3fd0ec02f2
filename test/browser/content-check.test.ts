// The content check before sending (issue 12; rev12o F5, rev12p P1, P2, P3, P7), in Chromium: the
// compose window stays open and editable while the pane waits (classic cached mode's upload, up to
// two minutes; a copy's attachments; a throttled send request), then closes discarding the local
// item. An edit made meanwhile must be what arrives (the pane saves again, waits for that copy and
// sends it), including a link's address and the sensitivity label; and what Office reports anew at
// each read without an edit (an attached message's size in classic Outlook, office-js #6856,
// #6058) must not keep the message from going. The real task pane bundle and @azure/msal-browser
// against the Graph emulator; tests assert outcomes, not calls.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createGraphEmulator, GraphEmulator, tenantFromDirectory } from "../../dev/graph-emulator";
import people from "../../samples/northwind/people.json";
import { writeDirectory } from "../fixtures/directory";
import { alexShard } from "../fixtures/northwind";
import type { Scenario } from "../../dev/playground/simulator";
import {
  EXCHANGE_UPLOAD_HOST,
  launch,
  PLAYGROUND,
  requireBuilds,
  serve,
  ServiceDouble,
  serveDirectoryService,
  shardsIn,
  StaticServer,
} from "./harness";
import { choose, composeScenario, openComposePane, result } from "./compose-pane";

jest.setTimeout(200_000);

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

/** The pane on `scenario` in this suite's browser and server (compose-pane.ts). */
const openPane = (scenario?: Scenario, context?: BrowserContext) =>
  openComposePane(browser, server.url, scenario, context);

/** Sends from Customer Support in classic cached mode and makes `edit` during "Waiting for Outlook…". */
async function sendAndEditDuringWait(scenario: Scenario, edit: (page: Page) => Promise<void>) {
  const { page, context } = await openPane(scenario);
  await page.evaluate(() => window.sendFromSimulator!.saveDraft());
  while (emulator.drafts(ALEX).length === 0) await new Promise((r) => setTimeout(r, 250));
  await choose(page, "support@northwind.example");
  await page.getByRole("button", { name: "Send from Customer Support" }).click();
  const waiting = page.getByTestId("send-progress").filter({ hasText: /Waiting for Outlook/ });
  await waiting.waitFor({ timeout: 30_000 });
  await edit(page);
  await page.waitForFunction(
    () => window.sendFromSimulator?.closed || document.querySelector('[data-testid="send-result"]'),
    undefined,
    { timeout: 170_000 }
  );
  await new Promise((r) => setTimeout(r, 1000));
  return { page, context };
}

/** Waits for the pane's outcome (or the window closed by a send), then a moment for its text. */
async function settled(page: Page) {
  await page.waitForFunction(
    () =>
      window.sendFromSimulator?.closed ||
      document.querySelector('[data-testid="send-result"][data-result]'),
    undefined,
    { timeout: 170_000 }
  );
  await new Promise((r) => setTimeout(r, 500));
}

/** The send ended Sent, and one message arrived, its body holding `text`. */
async function expectSentOnceWith(page: Page, text: string) {
  expect(await result(page).getAttribute("data-result")).toBe("sent");
  const delivered = emulator.deliveries().map((d) => d.body.content);
  expect(delivered).toHaveLength(1);
  expect(delivered[0]).toContain(text);
}

const WRONG = '<p>Please pay via <a href="https://pay.example/WRONG-ACCOUNT">this link</a>.</p>';
const RIGHT = '<p>Please pay via <a href="https://pay.example/RIGHT-ACCOUNT">this link</a>.</p>';

describe("the content check sees a link's address and the label (rev12p P1, P2)", () => {
  it("classic cached mode: a link's address corrected during 'Waiting for Outlook…' is what arrives", async () => {
    const { page, context } = await sendAndEditDuringWait(
      composeScenario({
        attachments: [],
        draftSyncDelayMs: 8_000,
        classicOutlookWindows: true,
        body: WRONG,
      }),
      (p) => p.evaluate((body) => window.sendFromSimulator!.update({ body }), RIGHT)
    );
    await expectSentOnceWith(page, "RIGHT-ACCOUNT");
    await context.close();
  });

  it("Outlook on the web, 'Copy in <mailbox>'s Sent Items': a link corrected while the attachments are copied is what arrives", async () => {
    const { page, context } = await openPane(
      composeScenario({
        body: WRONG,
        attachments: [
          { name: "figures.bin", contentType: "application/octet-stream", size: 3_500_000 },
        ],
      })
    );
    emulator.addFault({ match: "PUT upload", kind: "latency", ms: 4000, times: "always" });
    await choose(page, "sales.eu@northwind.example");
    await page.getByRole("radio", { name: "Copy in Sales Europe's Sent Items" }).check();
    await page.getByRole("button", { name: "Send from Sales Europe" }).click();
    await page
      .getByTestId("send-progress")
      .filter({ hasText: /Copying/ })
      .waitFor({ timeout: 60_000 });
    await page.evaluate((body) => window.sendFromSimulator!.update({ body }), RIGHT);
    await settled(page);
    await expectSentOnceWith(page, "RIGHT-ACCOUNT");
    await context.close();
  });

  it("classic cached mode: a sensitivity label raised during 'Waiting for Outlook…' is what arrives", async () => {
    const { page, context } = await sendAndEditDuringWait(
      composeScenario({
        attachments: [],
        draftSyncDelayMs: 8_000,
        classicOutlookWindows: true,
        sensitivityLabel: "11111111-1111-4111-8111-111111111111",
      }),
      (p) =>
        p.evaluate(() => {
          window.sendFromSimulator!.sensitivityLabel = "22222222-2222-4222-8222-222222222222";
        })
    );
    expect(await result(page).getAttribute("data-result")).toBe("sent");
    expect(emulator.deliveries().map((d) => d.sensitivityLabel)).toEqual([
      "22222222-2222-4222-8222-222222222222",
    ]);
    await context.close();
  });
});

describe("classic Outlook reports an attached message's size anew at each read (office-js #6856, #6058; rev12p P3)", () => {
  it("a forwarded-as-attachment message is sent, not refused as 'kept changing'", async () => {
    // The simulator reports the attached message's size a few bytes off at every other read.
    const { page, context } = await openPane(
      composeScenario({
        classicOutlookWindows: true,
        attachments: [
          {
            name: "Fwd: contract",
            contentType: "message/rfc822",
            item: { subject: "Contract", body: "Signed copy attached." },
          },
        ],
      })
    );
    await choose(page, "support@northwind.example");
    await page.getByRole("button", { name: "Send from Customer Support" }).click();
    await settled(page);
    expect(await result(page).getAttribute("data-result")).toBe("sent");
    expect(emulator.deliveries()).toHaveLength(1);
    await context.close();
  });
});

describe("an edit while the send request itself is throttled (rev12p P7)", () => {
  it("'Microsoft 365 is busy; trying again…' on POST send: the correction is what arrives", async () => {
    const { page, context } = await openPane(composeScenario({ attachments: [] }));
    emulator.addFault({
      match: "POST */send",
      kind: "status",
      status: 429,
      retryAfter: 8,
      times: 1,
    });
    await choose(page, "support@northwind.example");
    await page.getByRole("button", { name: "Send from Customer Support" }).click();
    await page
      .getByTestId("send-progress")
      .filter({ hasText: /busy/ })
      .waitFor({ timeout: 60_000 });
    await page.evaluate(() =>
      window.sendFromSimulator!.update({
        body: "<p>Figures attached.</p><p>CORRECTION: Thursday.</p>",
      })
    );
    await settled(page);
    await expectSentOnceWith(page, "CORRECTION");
    await context.close();
  });
});

describe("an edit made while the pane waits for Outlook's upload", () => {
  it("classic Outlook, cached mode: the body corrected during 'Waiting for Outlook…' is what arrives, once; the pane says Sent and says changes made now are included", async () => {
    // An earlier autosave is on the server: Graph serves that copy until Outlook uploads the
    // save Send makes (office-js #2118, #6077).
    const { page, context } = await sendAndEditDuringWait(
      composeScenario({ attachments: [], draftSyncDelayMs: 8_000, classicOutlookWindows: true }),
      async (p) => {
        const waiting = p.getByTestId("send-progress").filter({ hasText: /Waiting for Outlook/ });
        expect(await waiting.textContent()).toContain("Changes you make now are included");
        // The person fixes a line in the window they are looking at.
        await p.evaluate(() =>
          window.sendFromSimulator!.update({
            body: "<p>Figures attached.</p><p>CORRECTION: Thursday.</p>",
          })
        );
      }
    );
    // Outlook closed the window, as a send does.
    expect(await page.evaluate(() => window.sendFromSimulator?.closed)).toBeTruthy();
    expect(await result(page).getAttribute("data-result")).toBe("sent");
    expect(emulator.deliveries()).toHaveLength(1);
    expect(emulator.deliveries()[0].body.content).toContain("CORRECTION: Thursday.");
    await context.close();
  });
});
