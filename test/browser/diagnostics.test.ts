// "Copy diagnostics" in the built pane, in Chromium with office.js answered by the simulator:
// a real clipboard, a real directory failure, Outlook's version from Office.context.diagnostics.
import type { Browser } from "playwright-core";
import { en } from "../../src/core/i18n/en";
import { alexShard } from "../fixtures/northwind";
import { writeDirectory } from "../fixtures/directory";
import {
  accessibilityViolations,
  DIST,
  launch,
  openPage,
  requireBuilds,
  serve,
  StaticServer,
} from "./harness";
import { defaultScenario } from "../../dev/playground/sample-tenant";

jest.setTimeout(60_000);

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  requireBuilds();
  server = await serve({ "/": DIST, "/directory/": writeDirectory([alexShard()]) });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it("copies what failed, with Outlook's version and no address, from the keyboard", async () => {
  server.override("/directory/", (_req, res) => {
    res.writeHead(503).end();
    return true;
  });
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const { page } = await openPage(browser, `${server.url}/taskpane.html`, {
    context,
    sim: defaultScenario(),
  });
  await page.getByTestId("failed").waitFor();
  await page.getByRole("button", { name: en.support.copyDiagnostics }).focus();
  await page.keyboard.press("Enter");
  await page.getByText(en.support.copied).waitFor();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text).toMatch(/^Send From diagnostics, /);
  expect(text).toContain("outlook: Outlook");
  expect(text).toMatch(/pane\.directoryRefresh DirectoryFailure \[unreachable\]: HTTP 503/);
  expect(text).not.toMatch(/alex|wilber/i);
  expect(await accessibilityViolations(page)).toEqual([]);
  await context.close();
});
