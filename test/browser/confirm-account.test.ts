// rev12e #1: Outlook on the web's "Open another mailbox" where getAuthContext fails, and a second
// account signed in to the host (naa.otherAccount; AzureAD/microsoft-authentication-library-for-js
// #7356). Nothing names the person but a sign-in without a hint, which the host answers for the
// other account. The pane must not list or send as that account until the person confirms it.
import type { Browser, Page } from "playwright-core";
import { createGraphEmulator, GraphEmulator, tenantFromDirectory } from "../../dev/graph-emulator";
import { defaultScenario, MEGAN as MEGAN_USER } from "../../dev/playground/sample-tenant";
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
    // The question's page is gone: the focus is on the pane's title, not lost to the page's body
    // (rev12f #5), so a screen reader says where the pane begins.
    expect(
      await page.evaluate(() => [
        document.activeElement?.tagName,
        document.activeElement?.textContent,
      ])
    ).toEqual(["H1", "Send from"]);

    // The new message, saved in Sales Europe, sent on its behalf: the sender Exchange records is
    // the person whose token sent it.
    await page.getByRole("combobox", { name: "Search mailboxes" }).fill("sales.eu");
    await page.locator('[role="option"][data-address="sales.eu@northwind.example"]').click();
    await page.getByRole("button", { name: "Send from Sales Europe" }).click();
    await page.getByTestId("send-result").waitFor({ timeout: 60_000 });
    expect(
      emulator.deliveries().map((d) => [d.from.emailAddress.address, d.sender.emailAddress.address])
    ).toEqual([["sales.eu@northwind.example", ALEX]]);

    // "Not you?": the pane starts again and asks again, before listing anything.
    await page.getByRole("button", { name: "Not you? Sign in with another account" }).click();
    await question(page).waitFor({ timeout: 30_000 });
    expect(await page.locator('[role="option"]').count()).toBe(0);
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

// rev12f #5: the question in German or French was drawn while the page still said English
// (<html lang="en">), so a screen reader read it with an English voice (WCAG 3.1.1); after the
// answer the focus fell to the page's body.
describe("the question in Office's display language", () => {
  it.each([
    ["de-DE", "Sind Sie das?", "Ja, das bin ich", "Senden aus"],
    ["fr-FR", "Est-ce bien vous\u202f?", "Oui, c’est moi", "Envoyer depuis"],
  ])(
    "%s: the page's language is Office's when the question is drawn, and the answer puts the focus on the pane's title",
    async (language, heading, yes, title) => {
      const { page, context } = await openPage(browser, `${server.url}/playground-taskpane.html`, {
        sim: {
          ...defaultScenario(),
          displayLanguage: language,
          requirementSets: { Mailbox: "1.13", NestedAppAuth: "1.1" },
          openedMailbox: SALES,
          authContextFails: true,
          graphEmulatorUrl: "/graph",
        },
      });
      await question(page).waitFor({ timeout: 30_000 });
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(heading);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      await page.getByRole("button", { name: yes }).click();
      await page.locator('[role="option"]').first().waitFor({ timeout: 30_000 });
      expect(
        await page.evaluate(() => [
          document.activeElement?.tagName,
          document.activeElement?.textContent,
        ])
      ).toEqual(["H1", title]);
      await context.close();
    }
  );
});

// rev12f #1, #2: the answer was remembered per opened mailbox on the device, and given to the next
// person opening that mailbox on the same browser, whose pane then listed and sent as the account
// confirmed before. Alex opens Support (Office names nobody) and confirms; then Megan, Office's
// user this time, opens Support in the same browser.
const SUPPORT = { address: "support@northwind.example", displayName: "Customer Support" };
const supportWithoutAccount = (user?: typeof MEGAN_USER): Scenario => ({
  ...defaultScenario(user),
  requirementSets: { Mailbox: "1.13", NestedAppAuth: "1.1" },
  openedMailbox: SUPPORT,
  authContextFails: true,
  graphEmulatorUrl: "/graph",
});

describe("another person opens the same mailbox on the same browser", () => {
  async function alexConfirmsSupport() {
    const alex = await openPage(browser, `${server.url}/playground-taskpane.html`, {
      sim: supportWithoutAccount(),
    });
    await question(alex.page).waitFor({ timeout: 30_000 });
    await alex.page.getByRole("button", { name: "Yes, that's me" }).click();
    await alex.page.locator('[role="option"]').first().waitFor({ timeout: 30_000 });
    expect(await alex.page.getByTestId("result-count").textContent()).toBe("11 mailboxes");
    await alex.page.close();
    return alex.context;
  }

  it("her sign-in gives her own account: she is asked about it, and the list is hers, not Alex's", async () => {
    const context = await alexConfirmsSupport();
    const { page } = await openPage(browser, `${server.url}/playground-taskpane.html`, {
      sim: supportWithoutAccount(MEGAN_USER),
      context,
    });
    await question(page).waitFor({ timeout: 30_000 });
    expect(await question(page).textContent()).toContain(
      "The sign-in gave Megan Bowen (meganb@northwindtraders.onmicrosoft.com)."
    );
    expect(await page.locator('[role="option"]').count()).toBe(0);
    await page.getByRole("button", { name: "Yes, that's me" }).click();
    await page.locator('[role="option"]').first().waitFor({ timeout: 30_000 });
    // Megan's mailboxes: Sales Europe (Alex's) is not among them.
    expect(await page.getByTestId("result-count").textContent()).not.toBe("11 mailboxes");
    expect(
      await page.locator('[role="option"][data-address="sales.eu@northwind.example"]').count()
    ).toBe(0);
    await context.close();
  });

  it("her host also knows Alex and answers for him: she is asked about Alex, says no, and nothing is listed or sent as Alex", async () => {
    const context = await alexConfirmsSupport();
    const { page } = await openPage(browser, `${server.url}/playground-taskpane.html`, {
      sim: {
        ...supportWithoutAccount(MEGAN_USER),
        naa: { otherAccount: { address: ALEX, displayName: "Alex Wilber" }, popupPicks: "user" },
      },
      context,
    });
    await question(page).waitFor({ timeout: 30_000 });
    expect(await question(page).textContent()).toContain(
      "The sign-in gave Alex Wilber (alex.wilber@northwind.example)."
    );
    expect(await page.locator('[role="option"]').count()).toBe(0);
    await page.getByRole("button", { name: "No, sign in with another account" }).click();
    await page
      .getByText("The sign-in gave Megan Bowen (meganb@northwindtraders.onmicrosoft.com).")
      .waitFor();
    await page.getByRole("button", { name: "Yes, that's me" }).click();
    await page.locator('[role="option"]').first().waitFor({ timeout: 30_000 });
    expect(
      await page.locator('[role="option"][data-address="sales.eu@northwind.example"]').count()
    ).toBe(0);
    await context.close();
  });
});

// rev12e #3: a shared mailbox added to new Outlook as an account of its own (office-js #5682)
// where getAuthContext fails. userProfile (Customer Support) is then all Office says, and it read
// as the person: the sign-in was hinted with Support's address, Alex's token was refused as
// "not Outlook's account … pick your own", which no pick could fix. Now the pane asks who signed
// in, as where Office names nobody, and Support is a mailbox Alex opened.
describe("a shared mailbox added as an account, and Office names no account (office-js #5682)", () => {
  const inSupportAccount = (extra: Partial<Scenario> = {}): Scenario => ({
    ...defaultScenario(),
    requirementSets: { Mailbox: "1.14", NestedAppAuth: "1.1" },
    sharedAsAccount: SUPPORT,
    authContextFails: true,
    graphEmulatorUrl: "/graph",
    ...extra,
  });

  it("the pane asks 'Is this you?', then lists Alex's mailboxes and sends from Support where the draft lives", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground-taskpane.html`, {
      sim: inSupportAccount(),
    });
    await question(page).waitFor({ timeout: 30_000 });
    expect(await question(page).textContent()).toContain(
      "The sign-in gave Alex Wilber (alex.wilber@northwind.example)."
    );
    expect(await page.locator('[role="option"]').count()).toBe(0);
    await page.getByRole("button", { name: "Yes, that's me" }).click();
    await page.locator('[role="option"]').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("result-count").textContent()).toBe("11 mailboxes");
    const pane = await page.locator("body").innerText();
    expect(pane).not.toContain("not Outlook's account");
    expect(pane).not.toContain("pick your own");

    await page.getByRole("combobox", { name: "Search mailboxes" }).fill(SUPPORT.address);
    await page.locator(`[role="option"][data-address="${SUPPORT.address}"]`).click();
    await page.getByRole("button", { name: "Send from Customer Support" }).click();
    await page.getByTestId("send-result").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("send-result").getAttribute("data-result")).toBe("sent");
    expect(emulator.deliveries().map((d) => d.from.emailAddress.address)).toEqual([
      SUPPORT.address,
    ]);
    await context.close();
  });

  it("a second account on the host answers first: the person says no, picks their own, and only then sees a list", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground-taskpane.html`, {
      sim: inSupportAccount({ naa: { otherAccount: MEGAN, popupPicks: "user" } }),
    });
    await question(page).waitFor({ timeout: 30_000 });
    expect(await question(page).textContent()).toContain("The sign-in gave Megan Bowen");
    expect(await page.locator('[role="option"]').count()).toBe(0);
    await page.getByRole("button", { name: "No, sign in with another account" }).click();
    await page.getByText("The sign-in gave Alex Wilber (alex.wilber@northwind.example).").waitFor();
    await page.getByRole("button", { name: "Yes, that's me" }).click();
    await page.locator('[role="option"]').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("result-count").textContent()).toBe("11 mailboxes");
    await context.close();
  });
});
