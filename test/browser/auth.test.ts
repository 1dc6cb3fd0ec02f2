// Sign-in for Graph in Chromium: the real @azure/msal-browser, loaded in the lazy auth chunk as
// the task pane loads it, talking to the simulator's stand-in for Outlook's nested-app-auth
// bridge, with tokens checked by the Graph emulator. The page is auth-probe.html (playground
// build only), which exposes the account manager as window.authProbe.
import type { Browser, BrowserContext } from "playwright-core";
import {
  createGraphEmulator,
  decodeTestToken,
  GraphEmulator,
  tenantFromDirectory,
} from "../../dev/graph-emulator";
import people from "../../samples/northwind/people.json";
import { writeDirectory } from "../fixtures/directory";
import { alexShard } from "../fixtures/northwind";
import { defaultScenario, MEGAN } from "../../dev/playground/sample-tenant";
import type { BridgeBehaviour, BridgeRecord } from "../../dev/playground/naa-bridge";
import type { GraphProbeOutcome, ProbeOutcome } from "../../dev/playground/auth-probe";
import type { Scenario } from "../../dev/playground/simulator";
import type { TokenOptions } from "../../src/graph/auth";
import {
  launch,
  openPage,
  OpenPage,
  PLAYGROUND,
  requireBuilds,
  serve,
  StaticServer,
} from "./harness";
import { existsSync } from "fs";
import { join } from "path";

jest.setTimeout(60_000);

const ALEX = "alex.wilber@northwind.example";
const MAIL_SCOPES = ["Mail.ReadWrite", "Mail.ReadWrite.Shared", "Mail.Send", "Mail.Send.Shared"];
const DRAFTS = "/me/mailFolders/drafts/messages";

let browser: Browser;
let server: StaticServer;
let emulator: GraphEmulator;

beforeAll(async () => {
  requireBuilds();
  if (!existsSync(join(PLAYGROUND, "auth-probe.html")))
    throw new Error(
      "auth-probe.html is missing from the playground build: run `npm run build:playground`."
    );
  emulator = createGraphEmulator(tenantFromDirectory(writeDirectory([alexShard()]), people), {
    basePath: "/graph",
  });
  server = await serve({ "/": PLAYGROUND });
  server.override("/graph/", (req, res) => emulator.handle(req, res));
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(() => emulator.setFaults([]));

interface Probe extends OpenPage {
  /** Requests the page tried to make off this machine (all refused by the harness). */
  offMachine: string[];
  getToken(options?: TokenOptions): Promise<ProbeOutcome>;
  getGraph(path: string): Promise<GraphProbeOutcome>;
  bridge(): Promise<BridgeRecord[] | null>;
  /**
   * The pane's way in where Office names nobody (confirmedPersonFromToken): answers "Is this
   * you?" with "Yes, that's me" once it names Alex, and resolves to the confirmed account's UPN.
   */
  confirmedPerson(): Promise<string | null>;
  forgetActiveAccount(): Promise<void>;
  setBehaviour(behaviour: BridgeBehaviour): Promise<void>;
}

async function openProbe(overrides: Partial<Scenario> = {}): Promise<Probe> {
  const context: BrowserContext = await browser.newContext();
  const offMachine: string[] = [];
  context.on("request", (r) => {
    if (
      !/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(r.url()) &&
      !r.url().includes("appsforoffice")
    )
      offMachine.push(r.url());
  });
  const opened = await openPage(browser, `${server.url}/auth-probe.html`, {
    context,
    sim: { ...defaultScenario(), graphEmulatorUrl: "/graph", ...overrides },
  });
  await opened.page.waitForFunction(() => !!window.authProbe);
  return {
    ...opened,
    offMachine,
    getToken: (options) => opened.page.evaluate((o) => window.authProbe!.getToken(o), options),
    getGraph: (path) => opened.page.evaluate((p) => window.authProbe!.getGraph(p), path),
    confirmedPerson: async () => {
      const person = opened.page.evaluate(() => window.authProbe!.confirmedPerson());
      const question = opened.page.getByTestId("confirm-account");
      await question.waitFor();
      // The question names the account the sign-in gave, before anything is taken.
      expect(await question.textContent()).toContain(ALEX);
      await question.getByRole("button", { name: "Yes, that's me" }).click();
      return person;
    },
    // MSAL's record of its active account goes from this tab's storage (sessionStorage, MSAL's
    // default), its cached accounts stay: a later pane session with several accounts and none
    // active, the state MSAL #7356 reports.
    forgetActiveAccount: () =>
      opened.page.evaluate(() => {
        for (const key of Object.keys(sessionStorage))
          if (key.includes("active-account")) sessionStorage.removeItem(key);
      }),
    bridge: () =>
      opened.page.evaluate(
        () =>
          (window as unknown as { sendFromNaa?: { requests: BridgeRecord[] } }).sendFromNaa
            ?.requests ?? null
      ),
    setBehaviour: (behaviour) =>
      opened.page.evaluate((b) => {
        Object.assign(
          (window as unknown as { sendFromNaa: { behaviour: BridgeBehaviour } }).sendFromNaa
            .behaviour,
          b
        );
      }, behaviour),
  };
}

function token(outcome: ProbeOutcome) {
  if (!outcome.ok) throw new Error(`no token: ${JSON.stringify(outcome)}`);
  const claims = decodeTestToken(outcome.token);
  if (!claims) throw new Error("not a test token");
  return claims;
}

const methods = (records: BridgeRecord[] | null) => (records ?? []).map((r) => r.method);

describe("Sign-in for Graph through Outlook's nested app authentication", () => {
  it("is silent: the four mail scopes on Graph for the signed-in user, then from MSAL's cache", async () => {
    const probe = await openProbe();
    const outcome = await probe.getToken();
    const first = token(outcome);
    expect(first.preferred_username).toBe(ALEX);
    expect(first.aud).toBe("https://graph.microsoft.com");
    expect(String(first.scp).split(" ").sort()).toEqual(MAIL_SCOPES);
    // The add-in declares it handles claims challenges (client capability CP1).
    expect(first.xms_cc).toEqual(["CP1"]);
    expect(await probe.getToken()).toEqual(outcome);
    expect(methods(await probe.bridge())).toEqual(["GetInitContext", "GetToken"]);
    // The emulator accepts it: Graph would.
    expect((await probe.getGraph(DRAFTS)).statuses).toEqual([200]);
    expect(probe.offMachine).toEqual([]);
    expect(probe.errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await probe.context.close();
  });

  it("first use: consent in the host's popup after the silent request needs interaction, silent afterwards", async () => {
    const probe = await openProbe({ naa: { consentNeeded: true } });
    token(await probe.getToken());
    expect(methods(await probe.bridge())).toEqual(["GetInitContext", "GetToken", "GetTokenPopup"]);
    token(await probe.getToken({ forceRefresh: true }));
    expect(methods(await probe.bridge()).slice(3)).toEqual(["GetToken"]);
    await probe.context.close();
  });

  it("the user closes the host's sign-in popup: a typed cancelled error", async () => {
    const probe = await openProbe({ naa: { consentNeeded: true, cancelPopup: true } });
    expect(await probe.getToken()).toMatchObject({
      ok: false,
      name: "AuthError",
      kind: "cancelled",
    });
    await probe.context.close();
  });

  it("the host cannot reach the sign-in service: a typed network error, without a popup", async () => {
    const probe = await openProbe({ naa: { offline: true } });
    expect(await probe.getToken()).toMatchObject({ ok: false, kind: "network" });
    expect(methods(await probe.bridge())).not.toContain("GetTokenPopup");
    await probe.context.close();
  });

  it("two accounts in the host, a fresh pane (no MSAL account): the silent request names Office's account, and the token is the signed-in person's", async () => {
    // AzureAD/microsoft-authentication-library-for-js#7356: a request naming no account gets the
    // other person. office-js #4798: the account built from Office.auth.getAuthContext() (oid.tid)
    // goes to the host as platformBrokerId, which answers for that account.
    const probe = await openProbe({
      naa: {
        otherAccount: { address: "megan.bowen@northwind.example", displayName: "Megan Bowen" },
      },
    });
    expect(token(await probe.getToken()).preferred_username).toBe(ALEX);
    // No popup was needed, and Graph gives Alex's own mailbox for it.
    expect(methods(await probe.bridge())).toEqual(["GetInitContext", "GetToken"]);
    expect((await probe.getGraph(DRAFTS)).statuses).toEqual([200]);
    await probe.context.close();
  });

  it("two accounts and consent still needed: the popup names no account, the host answers for the other person, and that token is refused, never used", async () => {
    // A host that ignores the login hint on its popup (MSAL's NAA popup carries none; #7356).
    const probe = await openProbe({
      naa: {
        consentNeeded: true,
        otherAccount: { address: "megan.bowen@northwind.example", displayName: "Megan Bowen" },
      },
    });
    const outcome = await probe.getToken();
    expect(outcome).toMatchObject({ ok: false, name: "AuthError", kind: "wrongAccount" });
    expect(!outcome.ok && outcome.message).toContain("megan.bowen@northwind.example");
    // Silent first, then the popup that could pick Office's user; no third way round it.
    expect(methods(await probe.bridge())).toEqual(["GetInitContext", "GetToken", "GetTokenPopup"]);
    await probe.context.close();
  });

  it("Office names nobody (no hint), two accounts known to MSAL and none active: the person picks themselves, never the first cached account's silent token", async () => {
    // AzureAD/microsoft-authentication-library-for-js#7356: a request naming no account gets the
    // first cached account's token, another person's. The pane learns who the person is from a
    // token where Office named nobody ("Open another mailbox" without getAuthContext).
    const megan = { address: "megan.bowen@northwind.example", displayName: "Megan Bowen" };
    const probe = await openProbe({ naa: { otherAccount: megan } });
    // Earlier in this tab: Alex's token (his account named by Office), then a step-up whose popup
    // the host answered for Megan (refused, yet cached by MSAL): MSAL knows both accounts.
    expect(token(await probe.getToken()).preferred_username).toBe(ALEX);
    await probe.setBehaviour({ claimsNeedInteraction: true });
    const stepUp = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    expect(await probe.getToken({ claims: stepUp })).toMatchObject({ kind: "wrongAccount" });
    // A later pane session: no account active; asked to pick, Alex picks himself.
    await probe.setBehaviour({ claimsNeedInteraction: false, popupPicks: "user" });
    await probe.forgetActiveAccount();
    const before = methods(await probe.bridge()).length;
    expect(await probe.confirmedPerson()).toBe(ALEX);
    // The silent answer (Megan's) was not taken; the popup is where Alex said who he is.
    expect(methods(await probe.bridge()).slice(before)).toEqual([
      "GetInitContext",
      "GetToken",
      "GetTokenPopup",
    ]);
    await probe.context.close();
  });

  it("Office names nobody and the host has one account: its silent token names the person, no popup", async () => {
    const probe = await openProbe();
    expect(await probe.confirmedPerson()).toBe(ALEX);
    expect(methods(await probe.bridge())).not.toContain("GetTokenPopup");
    await probe.context.close();
  });

  it("a claims challenge from Graph: a new token carrying the claims, and the retry succeeds", async () => {
    const probe = await openProbe();
    emulator.addFault({ match: `GET *${DRAFTS.toLowerCase()}`, kind: "claims" });
    const outcome = await probe.getGraph(DRAFTS);
    expect(outcome.statuses).toEqual([401, 200]);
    expect(decodeTestToken(outcome.tokens[0])?.acrs).toBeUndefined();
    expect(decodeTestToken(outcome.tokens[1])?.acrs).toEqual(["c1"]);
    const asked = (await probe.bridge())!.filter((r) => r.claims && /"acrs"/.test(r.claims));
    expect(asked.map((r) => r.method)).toEqual(["GetToken"]);
    await probe.context.close();
  });

  it("a claims challenge that needs the user (step-up): the host's popup satisfies it", async () => {
    const probe = await openProbe({ naa: { claimsNeedInteraction: true } });
    emulator.addFault({ match: `GET *${DRAFTS.toLowerCase()}`, kind: "claims" });
    const outcome = await probe.getGraph(DRAFTS);
    expect(outcome.statuses).toEqual([401, 200]);
    const asked = (await probe.bridge())!.filter((r) => r.claims && /"acrs"/.test(r.claims));
    expect(asked.map((r) => r.method)).toEqual(["GetToken", "GetTokenPopup"]);
    await probe.context.close();
  });

  it("a token Graph no longer accepts (401 without claims): a forced refresh, then the retry succeeds", async () => {
    const probe = await openProbe();
    token(await probe.getToken());
    emulator.addFault({ match: `GET *${DRAFTS.toLowerCase()}`, kind: "status", status: 401 });
    const outcome = await probe.getGraph(DRAFTS);
    expect(outcome.statuses).toEqual([401, 200]);
    // The first came from MSAL's cache; the forced refresh went back to the host.
    expect(methods(await probe.bridge())).toEqual(["GetInitContext", "GetToken", "GetToken"]);
    await probe.context.close();
  });

  it("short-lived tokens: each request inside MSAL's renewal margin goes back to the host", async () => {
    const probe = await openProbe({ naa: { lifetimeSeconds: 60 } });
    const first = token(await probe.getToken());
    expect(Number(first.exp) - Number(first.iat)).toBe(60);
    token(await probe.getToken());
    expect(methods(await probe.bridge())).toEqual(["GetInitContext", "GetToken", "GetToken"]);
    await probe.setBehaviour({ lifetimeSeconds: 3600 });
    token(await probe.getToken());
    token(await probe.getToken());
    expect(methods(await probe.bridge())).toHaveLength(4);
    await probe.context.close();
  });
});

describe("Office gives no account and the person's UPN is not their mail address (rev12 review P9)", () => {
  it("getAuthContext fails: Megan's token, naming her by her UPN, is hers, not 'another account'", async () => {
    // The hint is then her mail address (core/identity.ts loginHintOf); her token's username is
    // MeganB@northwindtraders.onmicrosoft.com (sim-address.ts upn; plan-connect-userprincipalname).
    const probe = await openProbe({ ...defaultScenario(MEGAN), authContextFails: true });
    const outcome = await probe.getToken();
    expect(outcome).toMatchObject({ ok: true });
    expect(token(outcome).preferred_username).toBe("MeganB@northwindtraders.onmicrosoft.com");
    await probe.context.close();
  });
});

describe("Where Outlook has no nested app authentication", () => {
  it("there is no bridge, and without a dialog API the error says sign-in is unsupported here", async () => {
    const probe = await openProbe({ requirementSets: { Mailbox: "1.15" } });
    expect(await probe.page.evaluate(() => "nestedAppAuthBridge" in window)).toBe(false);
    expect(await probe.getToken()).toMatchObject({
      ok: false,
      name: "AuthError",
      kind: "unsupported",
    });
    expect(await probe.bridge()).toBeNull();
    expect(probe.offMachine).toEqual([]);
    await probe.context.close();
  });

  it("a bridge that says nested app authentication is unavailable: no browser popup, the dialog is next", async () => {
    const probe = await openProbe({ naa: { unavailable: true } });
    // MSAL would fall back to its own popup to login.microsoftonline.com; the add-in does not.
    expect(await probe.getToken()).toMatchObject({ ok: false, kind: "unsupported" });
    expect(methods(await probe.bridge())).toEqual(["GetInitContext"]);
    expect(probe.offMachine).toEqual([]);
    await probe.context.close();
  });
});
