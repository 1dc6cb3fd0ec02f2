// "Copy in <mailbox>'s Sent Items" when the copy the pane made in the mailbox's Drafts is touched
// by someone else: a second compose window's pane on the same device (one localStorage) must not
// remove it mid-upload (rev12m #6), and a copy removed before Exchange sends it is said as "Not
// sent" only once a look proves nothing went (rev12m #8).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createGraphEmulator, GraphEmulator, tenantFromDirectory } from "../../dev/graph-emulator";
import { defaultScenario } from "../../dev/playground/sample-tenant";
import type { Scenario } from "../../dev/playground/simulator";
import people from "../../samples/northwind/people.json";
import { writeDirectory } from "../fixtures/directory";
import { alexShard } from "../fixtures/northwind";
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

jest.setTimeout(240_000);

let browser: Browser;
let server: StaticServer;
let service: ServiceDouble;
let emulator: GraphEmulator;
const ALEX = "alex.wilber@northwind.example";
const SALES = "sales.eu@northwind.example";

beforeAll(async () => {
  requireBuilds();
  const directory = writeDirectory([alexShard()]);
  emulator = createGraphEmulator(tenantFromDirectory(directory, people), {
    basePath: "/graph",
    uploadOrigin: EXCHANGE_UPLOAD_HOST,
  });
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

const scenario = (extra: Partial<Scenario> = {}): Scenario => ({
  ...defaultScenario(),
  to: ["megan.bowen@northwind.example"],
  subject: "Probe",
  body: "<p>Probe body</p>",
  attachments: [],
  graphEmulatorUrl: "/graph",
  ...extra,
});

async function openPane(sim: Scenario, context: BrowserContext) {
  const opened = await openPage(browser, `${server.url}/playground-taskpane.html`, {
    sim,
    context,
  });
  await routeExchangeUploads(opened.page, server.url);
  await opened.page.locator('[role="option"]').first().waitFor();
  return opened;
}

async function chooseSalesMailboxMode(page: Page) {
  await page.getByRole("combobox", { name: "Search mailboxes" }).fill(SALES);
  await page.locator(`[role="option"][data-address="${SALES}"]`).click();
  await page.getByTestId("send-panel").waitFor();
  await page.getByRole("radio", { name: "Copy in Sales Europe's Sent Items" }).check();
}

const result = (page: Page) => page.getByTestId("send-result");

describe("the copy in the mailbox's Drafts, touched by someone else", () => {
  it("a second compose window's pane starts while the first uploads into its copy: the copy is left alone, delivered once, 'Sent' (rev12m #6)", async () => {
    emulator.setFaults([{ match: "PUT upload", kind: "latency", ms: 6000, times: "always" }]);
    const context = await browser.newContext();
    try {
      const a = await openPane(
        scenario({
          subject: "Message A",
          attachments: [
            { name: "big.bin", contentType: "application/octet-stream", size: 11_000_000 },
          ],
        }),
        context
      );
      await chooseSalesMailboxMode(a.page);
      await a.page.getByRole("button", { name: "Send from Sales Europe" }).click();
      // A is uploading: its copy is in Sales Europe's Drafts.
      for (let i = 0; i < 300 && !emulator.drafts(SALES).length; i++)
        await a.page.waitForTimeout(250);
      expect(emulator.drafts(SALES)).toHaveLength(1);
      // Pane B: another compose window on the same device (same localStorage) starts, and its
      // pane start looks for leftover copies.
      await openPane(scenario({ subject: "Message B" }), context);
      await a.page.waitForTimeout(3000);
      await result(a.page).waitFor({ timeout: 150_000 });
      // Nothing deleted in Sales Europe's mailbox (only Alex's own draft, once it went).
      expect(
        emulator.requestLog().filter((r) => r.method === "DELETE" && r.path.includes("/users/"))
      ).toEqual([]);
      expect(await result(a.page).getAttribute("data-result")).toBe("sent");
      expect(emulator.deliveries().map((d) => d.subject)).toEqual(["Message A"]);
      expect(emulator.drafts(SALES)).toEqual([]);
    } finally {
      emulator.setFaults([]);
      await context.close();
    }
  });

  it("the copy is removed just before Exchange gets the send (404): after a minute's look finds nothing, 'Not sent: the copy … was removed', and Send delivers once (rev12m #8)", async () => {
    const context = await browser.newContext();
    await context.clock.install();
    try {
      const { page } = await openPane(scenario(), context);
      await page.route(
        "**/graph/v1.0/**/send",
        async (route) => {
          // Someone (a colleague tidying the mailbox's Drafts) removes the copy first.
          const url = route
            .request()
            .url()
            .replace(/\/send$/, "");
          await fetch(url.replace(/^http:\/\/[^/]+/, server.url), {
            method: "DELETE",
            headers: { authorization: route.request().headers()["authorization"] },
          });
          await route.fetch().then((r) => route.fulfill({ response: r }));
        },
        { times: 1 }
      );
      await chooseSalesMailboxMode(page);
      const send = page.getByRole("button", { name: "Send from Sales Europe" });
      await send.click();
      const seen = new Set<string>();
      for (let i = 0; i < 40 && !(await result(page).count()); i++) {
        await page.clock.fastForward(12_000);
        await result(page)
          .waitFor({ timeout: 1_000 })
          .catch(() => undefined);
        const progress = page.getByTestId("send-progress");
        if (await progress.count()) seen.add((await progress.textContent()) ?? "");
      }
      expect(await result(page).getAttribute("data-problem")).toBe("copyRemoved");
      expect(await result(page).textContent()).toContain(
        "Not sent: the copy in Sales Europe's Drafts was removed before it could be sent."
      );
      // Never "may have been sent" first, and nothing went.
      expect(await page.locator('[data-result="unknown"]').count()).toBe(0);
      expect(emulator.deliveries()).toEqual([]);
      // Send makes a new copy and delivers it once.
      expect(await send.isEnabled()).toBe(true);
      await send.click();
      for (let i = 0; i < 20 && (await result(page).getAttribute("data-result")) !== "sent"; i++) {
        await page.clock.fastForward(2_000);
        await page.waitForTimeout(250);
      }
      expect(await result(page).getAttribute("data-result")).toBe("sent");
      expect(emulator.deliveries()).toHaveLength(1);
      expect(emulator.drafts(SALES)).toEqual([]);
      expect(emulator.drafts(ALEX)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
