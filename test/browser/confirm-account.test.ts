// rev12e #1: Outlook on the web's "Open another mailbox" where getAuthContext fails, and a second
// account signed in to the host (naa.otherAccount; AzureAD/microsoft-authentication-library-for-js
// #7356). Nothing names the person but a sign-in without a hint, which the host answers for the
// other account. The pane must not list or send as that account until the person confirms it.
import type { Browser, Page } from "playwright-core";
import { createGraphEmulator, GraphEmulator, tenantFromDirectory } from "../../dev/graph-emulator";
import { defaultScenario } from "../../dev/playground/sample-tenant";
import type { Scenario } from "../../dev/playground/simulator";
import people from "../../samples/northwind/people.json";
import { writeDirectory } from "../fixtures/directory";
import { alexShard, meganShard } from "../fixtures/northwind";
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

jest.setTimeout(90_000);

let browser: Browser;
let server: StaticServer;
let service: ServiceDouble;
let emulator: GraphEmulator;
const ALEX = "alex.wilber@northwind.example";
const MEGAN = { address: "megan.bowen@northwind.example", displayName: "Megan Bowen" };
// Alex has Send on Behalf and Full Access on Sales Europe; Megan has no right there.
const SALES = { address: "sales.eu@northwind.example", displayName: "Sales Europe" };

beforeAll(async () => {
  requireBuilds();
  const directory = writeDirectory([alexShard(), meganShard()]);
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

/** Alex opened Sales Europe with "Open another mailbox"; Office names nobody; Megan is on the host too. */
const scenario = (popupPicks: "user" | "other"): Scenario => ({
  ...defaultScenario(),
  requirementSets: { Mailbox: "1.13", NestedAppAuth: "1.1" },
  openedMailbox: SALES,
  authContextFails: true,
  naa: { otherAccount: MEGAN, popupPicks },
  graphEmulatorUrl: "/graph",
});

const question = (page: Page) => page.getByTestId("confirm-account");

describe("a sign-in without a hint, on a host with a second account", () => {
  it("the pane asks before using the account it was given; the person picks their own, and the list and Send are theirs", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground-taskpane.html`, {
      sim: scenario("user"),
    });
    await question(page).waitFor({ timeout: 30_000 });
    // The host answered for Megan: named, and nothing of hers listed yet.
    expect(await question(page).textContent()).toContain(
      "The sign-in gave Megan Bowen (megan.bowen@northwind.example)."
    );
    expect(await page.locator('[role="option"]').count()).toBe(0);
    // The question has the focus (a screen reader reads it); the answers are reached by keyboard.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Is this you?");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      "No, sign in with another account"
    );
    await page.keyboard.press("Enter");
    // Asked to pick, Alex picked himself: asked again about that account.
    await page.getByText("The sign-in gave Alex Wilber (alex.wilber@northwind.example).").waitFor();
    await page.getByRole("button", { name: "Yes, that's me" }).click();
    await page.locator('[role="option"]').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("result-count").textContent()).toBe("11 mailboxes");

    // The new message, saved in Sales Europe, sent on its behalf: the sender Exchange records is
    // the person whose token sent it.
    await page.getByRole("combobox", { name: "Search mailboxes" }).fill("sales.eu");
    await page.locator('[role="option"][data-address="sales.eu@northwind.example"]').click();
    await page.getByRole("button", { name: "Send from Sales Europe" }).click();
    await page.getByTestId("send-result").waitFor({ timeout: 60_000 });
    expect(
      emulator.deliveries().map((d) => [d.from.emailAddress.address, d.sender.emailAddress.address])
    ).toEqual([["sales.eu@northwind.example", ALEX]]);

    // Asked once: the pane opened again on this device goes straight to Alex's list.
    await page.reload();
    await page.locator('[role="option"]').first().waitFor({ timeout: 30_000 });
    expect(await question(page).count()).toBe(0);
    expect(await page.getByTestId("result-count").textContent()).toBe("11 mailboxes");
    await context.close();
  });

  it("the host keeps answering for the other account: the pane keeps asking, and never lists it", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground-taskpane.html`, {
      sim: scenario("other"),
    });
    await question(page).waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "No, sign in with another account" }).click();
    await page.getByText("The sign-in gave Megan Bowen").waitFor();
    expect(await question(page).textContent()).toContain(
      "If the wrong account keeps coming back, open Send From from a message in your own mailbox."
    );
    expect(await page.locator('[role="option"]').count()).toBe(0);
    expect(emulator.deliveries()).toEqual([]);
    await context.close();
  });
});
