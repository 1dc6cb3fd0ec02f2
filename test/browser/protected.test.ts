// Protected directory access end to end (issue 10, items 4 and 5): the playground build's task
// pane gets a token for the add-in's own API from the simulated nested-app-auth bridge (signed
// by the local sign-in), and lists the user's mailboxes from the directory service's real
// handler at B/me; the built handlers decide from the cache with no token and fail open with
// the service down.
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { createContext, runInContext } from "vm";
import type { Browser } from "playwright-core";
import { toSmtpAddress } from "../../src/core/address";
import { cacheKey, cacheValue } from "../../src/directory/client";
import { alexShard } from "../fixtures/northwind";
import { mailbox } from "../fixtures/shards";
import { defaultScenario, MEGAN } from "../../dev/playground/sample-tenant";
import {
  launch,
  openPage,
  PLAYGROUND,
  serve,
  ServiceDouble,
  serveDirectoryService,
  StaticServer,
} from "./harness";

jest.setTimeout(90_000);

let browser: Browser;
let server: StaticServer;
let service: ServiceDouble;

const megan = alexShard({
  user: toSmtpAddress("megan.bowen@northwind.example"),
  aliases: [],
  mailboxes: [
    mailbox({ address: "finance@northwind.example", displayName: "Finance", rights: ["SendAs"] }),
  ],
});

beforeAll(async () => {
  if (!existsSync(join(PLAYGROUND, "playground.html")))
    throw new Error("run `npm run build:playground` first");
  // No static /directory/ mount: in protected mode there are no public shard files.
  server = await serve({ "/": PLAYGROUND });
  service = await serveDirectoryService(server, [alexShard(), megan]);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await server?.close();
});

describe("the task pane in protected mode", () => {
  it("lists the signed-in user's own mailboxes through the directory service, with a token", async () => {
    server.requests.length = 0;
    const { page, context, errors } = await openPage(browser, `${server.url}/playground.html`);
    const pane = page.frameLocator('iframe[title="Send From task pane"]');
    await pane.locator('[role="option"]').first().waitFor({ timeout: 30_000 });
    expect(await pane.getByTestId("result-count").textContent()).toBe("11 mailboxes");
    expect(server.requests).toContain("GET /directory/me");
    expect(server.requests).toContain("POST /dev/sign-in/token");
    expect(server.requests.filter((r) => r.includes("/directory/users/"))).toEqual([]);
    // The page's Content-Security-Policy lets the pane reach the service (no violations).
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await context.close();
  });

  it("another user on the same computer sees only their own mailboxes, never the last one's copy", async () => {
    const { page, context } = await openPage(browser, `${server.url}/playground.html`);
    const pane = page.frameLocator('iframe[title="Send From task pane"]');
    await pane.getByTestId("result-count").waitFor({ timeout: 30_000 });
    expect(await pane.getByTestId("result-count").textContent()).toBe("11 mailboxes");
    // Same browser storage, Megan signs in: her token, her shard, her cache entry.
    await page.getByLabel("Signed in as").selectOption("megan.bowen@northwind.example");
    await pane.locator('[role="option"][data-address="finance@northwind.example"]').waitFor();
    expect(await pane.getByTestId("result-count").textContent()).toBe("1 mailbox");
    expect(await pane.locator("body").textContent()).not.toContain("Customer Support");
    // Lee has nothing published: the service's NotPublished, not anyone's last good copy.
    await page.getByLabel("Signed in as").selectOption("lee.gu@northwind.example");
    await pane.getByTestId("not-published").waitFor();
    expect(await pane.locator('[role="option"]').count()).toBe(0);
    await context.close();
  });

  it("a fresh pane with two accounts at the bridge loads the signed-in person's directory, not the other account's", async () => {
    // MSAL #7356: with no account cached, a request naming none is answered for the host's other
    // account. office-js #4798: the pane names Office's account (getAuthContext's oid.tid).
    const { page, context } = await openPage(browser, `${server.url}/playground.html`, {
      sim: {
        ...defaultScenario(),
        naa: {
          otherAccount: { address: "megan.bowen@northwind.example", displayName: "Megan Bowen" },
        },
      },
    });
    const pane = page.frameLocator('iframe[title="Send From task pane"]');
    await pane.getByTestId("result-count").waitFor({ timeout: 30_000 });
    expect(await pane.getByTestId("result-count").textContent()).toBe("11 mailboxes");
    expect(await pane.locator("body").textContent()).not.toContain("Finance");
    await context.close();
  });
});

// rev12f #4: Megan's UPN (MeganB@northwindtraders.onmicrosoft.com) is not her mail address, so the
// pane starts unsure that userProfile is her own mailbox; her shard at B/me says it is, and her
// favourites are then the roaming settings' (they follow her to every Outlook), not this device's.
describe("a UPN that is not the mail address, in the person's own mailbox (protected)", () => {
  it("Megan's roaming favourites are shown, and a change goes back to her roaming settings, not to this device", async () => {
    const { page, context } = await openPage(browser, `${server.url}/taskpane.html`, {
      sim: {
        ...defaultScenario(MEGAN),
        roamingSettings: { preferences: { favourites: ["finance@northwind.example"], recent: [] } },
      },
    });
    const finance = page.locator('[role="option"][data-address="finance@northwind.example"]');
    await finance.waitFor({ timeout: 30_000 });
    await expect(finance.textContent()).resolves.toContain("Favourite");
    await finance.click();
    await page.getByRole("button", { name: "Remove from favourites" }).click();
    await page.getByRole("button", { name: "Add to favourites" }).waitFor();
    const roaming = await page.evaluate(() => window.sendFromSimulator!.savedRoamingSettings());
    expect(roaming.preferences).toMatchObject({ favourites: [] });
    expect(
      await page.evaluate(() =>
        Object.keys(localStorage).filter((k) => k.startsWith("sendFrom.preferences."))
      )
    ).toEqual([]);
    await context.close();
  });
});

describe("Open another mailbox with a UPN that is not the mail address (protected)", () => {
  it("Megan opens Finance: the pane loads her shard by the token, and Finance is a mailbox she may send from", async () => {
    // office-js #3837: userProfile is Finance; getAuthContext names Megan by her UPN
    // (MeganB@northwindtraders.onmicrosoft.com), which is not her mail address.
    // The task pane on its own: the playground page has no control for "Open another mailbox".
    const { page, context } = await openPage(browser, `${server.url}/taskpane.html`, {
      sim: {
        ...defaultScenario(MEGAN),
        requirementSets: { Mailbox: "1.13", NestedAppAuth: "1.1" },
        openedMailbox: { address: "finance@northwind.example", displayName: "Finance" },
      },
    });
    await page.locator('[role="option"][data-address="finance@northwind.example"]').waitFor({
      timeout: 30_000,
    });
    const from = page.getByTestId("outlook-from");
    await expect(from.getAttribute("data-from-status")).resolves.toBe("permitted");
    expect(await page.locator("body").textContent()).not.toContain("Customer Support");
    await context.close();
  });
});

describe("a shared mailbox added to new Outlook as its own account (protected)", () => {
  // office-js #5682: userProfile is the shared mailbox, getSharedPropertiesAsync is not offered,
  // and Office's account (getAuthContext's UPN and object id) is the person. The token's oid
  // picks the shard at B/me: the pane is theirs, and the mailbox is one they opened.
  it.each([
    // Alex, Send As on Customer Support.
    [
      "Alex",
      "support@northwind.example",
      defaultScenario(),
      "Customer Support",
      "permitted",
      "11 mailboxes",
    ],
    // Megan (UPN not her mail address), Send As on Finance.
    [
      "Megan",
      "finance@northwind.example",
      defaultScenario(MEGAN),
      "Finance",
      "permitted",
      "1 mailbox",
    ],
    // Megan, nothing on Customer Support: the list is still hers, and From is not one of it.
    [
      "Megan",
      "support@northwind.example",
      defaultScenario(MEGAN),
      "Customer Support",
      "unknown",
      "1 mailbox",
    ],
  ])(
    "%s in %s added as an account: the pane loads their shard by the token and judges the mailbox by their rights",
    async (_, address, scenario, displayName, status, count) => {
      const { page, context } = await openPage(browser, `${server.url}/taskpane.html`, {
        sim: {
          ...scenario,
          requirementSets: { Mailbox: "1.13", NestedAppAuth: "1.1" },
          sharedAsAccount: { address, displayName },
        },
      });
      await page.getByTestId("result-count").waitFor({ timeout: 30_000 });
      const from = page.getByTestId("outlook-from");
      await expect(from.getAttribute("data-from-status")).resolves.toBe(status);
      expect(await page.getByTestId("result-count").textContent()).toBe(count);
      // Never "the list is for another person": the token's person is the pane's.
      expect(await page.getByTestId("not-published").count()).toBe(0);
      expect(await page.locator("body").textContent()).not.toMatch(/another person/i);
      await context.close();
    }
  );
});

describe("the built handlers in protected mode", () => {
  const bundle = () => readFileSync(join(PLAYGROUND, "launchevent.js"), "utf8");

  function runtime(from: string, storage: Record<string, string>, serviceUp: boolean) {
    const tokens: string[] = [];
    const fetched: string[] = [];
    const ok = (value?: unknown) => (cb?: (r: unknown) => void) =>
      cb?.({ status: "succeeded", value });
    const handlers: Record<string, (e: { completed(o?: unknown): void }) => void> = {};
    const context = createContext({
      Office: {
        AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
        MailboxEnums: { ItemNotificationMessageType: { ErrorMessage: "errorMessage" } },
        actions: { associate: (n: string, fn: (typeof handlers)[string]) => (handlers[n] = fn) },
        context: {
          displayLanguage: "en-US",
          requirements: { isSetSupported: () => true },
          roamingSettings: { get: () => undefined, set: () => undefined, saveAsync: ok() },
          mailbox: {
            userProfile: { emailAddress: "alex.wilber@northwind.example", displayName: "Alex" },
            item: {
              from: { getAsync: (cb: (r: unknown) => void) => ok({ emailAddress: from })(cb) },
              notificationMessages: {
                replaceAsync: (...a: unknown[]) => ok()(a.pop() as never),
                removeAsync: (...a: unknown[]) => ok()(a.pop() as never),
              },
            },
          },
        },
      },
      OfficeRuntime: {
        storage: {
          getItem: async (k: string) => storage[k] ?? null,
          setItem: async (k: string, v: string) => void (storage[k] = v),
          removeItem: async (k: string) => void delete storage[k],
        },
        auth: {
          getAccessToken: async () => {
            const t = await service.signIn.token("alex.wilber@northwind.example");
            tokens.push(t);
            return t;
          },
        },
      },
      fetch: (url: string, init?: { headers?: Record<string, string> }) => {
        fetched.push(url);
        if (!serviceUp) return Promise.reject(new TypeError("Failed to fetch"));
        return fetch(new URL(url, `${server.url}/`).href, { headers: init?.headers });
      },
      setTimeout,
      clearTimeout,
      console: { log: () => undefined },
    });
    runInContext(bundle(), context);
    const send = () =>
      new Promise<unknown>((resolve) =>
        handlers.onMessageSendHandler({ completed: (o?: unknown) => resolve(o) })
      );
    return { send, tokens, fetched };
  }

  const alexCache = () => ({
    [cacheKey("directory/", toSmtpAddress("alex.wilber@northwind.example"))]: cacheValue(
      alexShard(),
      "2026-11-22T08:00:00Z"
    ),
  });

  it("decide from the cache with no token and no request", async () => {
    const rt = runtime("hr@northwind.example", alexCache(), true);
    expect(await rt.send()).toMatchObject({ allowEvent: false });
    expect(rt.tokens).toEqual([]);
    expect(rt.fetched).toEqual([]);
  });

  it("ask the service with a token when nothing is cached, and decide from its answer", async () => {
    const rt = runtime("hr@northwind.example", {}, true);
    expect(await rt.send()).toMatchObject({ allowEvent: false });
    expect(rt.tokens).toHaveLength(1);
    expect(rt.fetched).toEqual(["directory/me"]);
  });

  it("fail open with no cache and the service down", async () => {
    const rt = runtime("hr@northwind.example", {}, false);
    expect(await rt.send()).toEqual({ allowEvent: true });
  });
});
