/**
 * @jest-environment jsdom
 */
// The event handlers on a new message written in a shared mailbox (issue 12, "Who is who"): in
// Outlook on the web and new Outlook item.getSharedPropertiesAsync fails there and names the
// owner only on a draft saved and opened again (office-js #6877), and in "Open another mailbox"
// userProfile is the mailbox opened (office-js #3837). The real handlers (src/events/index.ts)
// run over the playground's simulated Office (dev/playground/office-sim.ts), with the directory
// service out of reach: only what this device stored can tell who the person is.
import { messagesFor } from "../../../src/core/i18n";
import { toSmtpAddress } from "../../../src/core/address";
import type { ComposeSimulator, Scenario } from "../../../dev/playground/simulator";
import { defaultScenario, MEGAN } from "../../../dev/playground/sample-tenant";
import { upnOf } from "../../../dev/playground/simulator";
import { shardFileName } from "../../../src/core/shard-name";
import { cachedCopy } from "../../fixtures/cache";
import { alexShard, meganShard } from "../../fixtures/northwind";

// The event handlers' catalogues: the pane's texts with the events' own (src/core/i18n/index.ts).
const en = messagesFor("en");

const BASE = "https://directory.northwind.example/api/";
const ALEX = "alex.wilber@northwind.example";
const MEGAN_MAIL = toSmtpAddress("megan.bowen@northwind.example");
const HR = { address: "hr@northwind.example", displayName: "Human Resources" };
const BILLING = { address: "billing@northwind.example", displayName: "Billing" };

(globalThis as unknown as { __SEND_FROM_EVENTS__: unknown }).__SEND_FROM_EVENTS__ = {
  directoryUrl: BASE,
  directoryAccess: "public",
  failClosed: false,
};

/** Loads the simulated Office for `scenario`, then the handlers' entry, as commands.html does. */
function outlook(scenario: Scenario, stored: boolean): ComposeSimulator {
  localStorage.clear();
  sessionStorage.clear();
  if (stored)
    for (const [k, v] of Object.entries(cachedCopy(4, BASE, alexShard(), "2026-11-30T09:00:00Z")))
      localStorage.setItem(k, v);
  window.__sendFromSim = scenario;
  delete window.sendFromSimulator;
  jest.isolateModules(() => {
    require("../../../dev/playground/office-sim");
    require("../../../src/events/index");
  });
  return window.sendFromSimulator!;
}

/** Alex, in Outlook on the web, writes a new message in `mailbox` opened as another mailbox. */
function newMessageIn(
  mailbox: { address: string; displayName: string },
  extra: Partial<Scenario> = {}
) {
  return { ...defaultScenario(), openedMailbox: mailbox, ...extra };
}

async function send(sim: ComposeSimulator) {
  return sim.launchEvents.fire("onMessageSendHandler");
}

beforeEach(() => {
  jest.spyOn(console, "log").mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
  delete window.__sendFromSim;
  delete (window as unknown as { Office?: unknown }).Office;
});

/**
 * Runs `body` with the handlers in protected mode: Office's single sign-on token is `token`, and
 * the directory service's B/me answers `shard` (the one it chose by the token). Returns the
 * requests made, with their Authorization header.
 */
async function inProtectedMode(token: string, shard: unknown, body: () => Promise<void>) {
  const settings = (globalThis as unknown as { __SEND_FROM_EVENTS__: Record<string, unknown> })
    .__SEND_FROM_EVENTS__;
  const runtime = window as unknown as { OfficeRuntime?: unknown };
  const asked: { url: string; auth: string | undefined }[] = [];
  const fetchBefore = window.fetch;
  settings.directoryAccess = "protected";
  runtime.OfficeRuntime = { auth: { getAccessToken: async () => token } };
  window.fetch = (async (url: string, init?: { headers?: Record<string, string> }) => {
    asked.push({ url, auth: init?.headers?.Authorization });
    const text = JSON.stringify(shard);
    return url === `${BASE}me`
      ? { status: 200, ok: true, headers: new Headers(), text: async () => text }
      : { status: 404, ok: false, headers: new Headers(), text: async () => "" };
  }) as unknown as typeof fetch;
  try {
    await body();
  } finally {
    settings.directoryAccess = "public";
    delete runtime.OfficeRuntime;
    window.fetch = fetchBefore;
  }
  return asked;
}

describe("a new message in a mailbox opened with Open another mailbox (getSharedPropertiesAsync fails)", () => {
  it("the simulated Outlook fails getSharedPropertiesAsync on the new message, and names the owner on a reopened draft", async () => {
    const ask = () =>
      new Promise<{ status: string; value?: { owner: string } }>((resolve) =>
        (
          window as unknown as {
            Office: {
              context: { mailbox: { item: { getSharedPropertiesAsync(cb: unknown): void } } };
            };
          }
        ).Office.context.mailbox.item.getSharedPropertiesAsync(resolve)
      );
    outlook(newMessageIn(HR), false);
    expect((await ask()).status).toBe("failed");
    outlook(newMessageIn(HR, { reopenedDraft: true }), false);
    expect(await ask()).toMatchObject({ status: "succeeded", value: { owner: HR.address } });
  });

  it("From HR, where Alex has only Full Access: blocked by his stored shard, not allowed as HR's own address", async () => {
    const sim = outlook(newMessageIn(HR), true);
    const outcome = await send(sim);
    expect(outcome).toMatchObject({ allowEvent: false });
    expect(outcome).not.toHaveProperty("sendModeOverride");
    expect(outcome?.errorMessage).toContain(HR.address);
  });

  it("From Billing, where Alex has Send As: allowed", async () => {
    const sim = outlook(newMessageIn(BILLING), true);
    expect(await send(sim)).toEqual({ allowEvent: true });
  });

  it("Alex sets From to his own address: allowed, never blocked", async () => {
    for (const stored of [true, false]) {
      const sim = outlook(
        newMessageIn(HR, { from: { address: ALEX, displayName: "Alex Wilber" } }),
        stored
      );
      expect(await send(sim)).toEqual({ allowEvent: true });
    }
  });

  it("nothing stored says who Alex is: a warning that it cannot tell, with Send Anyway", async () => {
    const sim = outlook(newMessageIn(HR), false);
    const outcome = await send(sim);
    expect(outcome).toMatchObject({
      allowEvent: false,
      sendModeOverride: "promptUser",
      errorMessage: en.events.warnedPersonUncertain(HR.address),
    });
  });

  it("nothing stored and no Send Anyway (Mailbox 1.13): allowed, since a valid send must not be blocked", async () => {
    const sim = outlook(
      newMessageIn(HR, { requirementSets: { Mailbox: "1.13", NestedAppAuth: "1.1" } }),
      false
    );
    expect(await send(sim)).toEqual({ allowEvent: true });
  });

  it("a draft saved in HR and opened again: Office names the owner, and HR is blocked as before", async () => {
    const sim = outlook(newMessageIn(HR, { reopenedDraft: true }), true);
    expect(await send(sim)).toMatchObject({ allowEvent: false });
  });

  it("the From advice says sending from HR will fail", async () => {
    const sim = outlook(newMessageIn(HR), true);
    await sim.launchEvents.fire("onMessageFromChangedHandler");
    const said = [...sim.notifications.values()].map((n) => n.message).join(" ");
    expect(said).toContain("Sending from Human Resources will fail");
  });
});

describe("a shared mailbox added to new Outlook as its own account (office-js #5682)", () => {
  // userProfile is the mailbox and getSharedPropertiesAsync is not offered: only Office's
  // account (getAuthContext: Alex) and what this device stored say who the person is.
  const inAccount = (mailbox: { address: string; displayName: string }) => ({
    ...defaultScenario(),
    sharedAsAccount: mailbox,
  });

  it("the simulated Outlook names the mailbox as userProfile and offers no getSharedPropertiesAsync", () => {
    outlook(inAccount(HR), false);
    const mailbox = (
      window as unknown as {
        Office: { context: { mailbox: { userProfile: { emailAddress: string }; item: object } } };
      }
    ).Office.context.mailbox;
    expect(mailbox.userProfile.emailAddress).toBe(HR.address);
    expect(mailbox.item).not.toHaveProperty("getSharedPropertiesAsync");
  });

  it("From HR, where Alex has only Full Access: his stored shard blocks it, HR is not taken as his own address", async () => {
    const outcome = await send(outlook(inAccount(HR), true));
    expect(outcome).toMatchObject({ allowEvent: false });
    expect(outcome?.errorMessage).toContain(HR.address);
  });

  it("From Billing, where Alex has Send As: allowed", async () => {
    expect(await send(outlook(inAccount(BILLING), true))).toEqual({ allowEvent: true });
  });

  // Nothing stored on this device: Office's account (Alex) is not userProfile (HR), and nothing
  // says HR is Alex's own, so HR is neither allowed as his own address nor blocked.
  it("nothing stored: From HR is not allowed as Alex's own address; the Smart Alert says it cannot tell and names his account, with Send Anyway", async () => {
    const outcome = await send(outlook(inAccount(HR), false));
    expect(outcome).toMatchObject({
      allowEvent: false,
      errorMessage: en.events.warnedAccountNotProfile(HR.address, ALEX),
      sendModeOverride: "promptUser",
    });
  });

  it("nothing stored: the From advice says it cannot tell whether HR is his own, instead of nothing", async () => {
    const sim = outlook(inAccount(HR), false);
    await sim.launchEvents.fire("onMessageFromChangedHandler");
    const said = [...sim.notifications.values()].map((n) => n.message);
    expect(said).toEqual([en.events.fromPersonUncertain(HR.address)]);
  });

  // Protected mode: Office's single sign-on token is Alex's account, and the directory service's
  // B/me answers the shard it names (chosen by the token's oid), so his rights decide.

  it("protected, nothing stored: the directory service's shard for Office's single sign-on token decides, and HR (Full Access only) is blocked", async () => {
    const asked = await inProtectedMode("sso-token-alex", alexShard(), async () => {
      const outcome = await send(outlook(inAccount(HR), false));
      expect(outcome).toMatchObject({ allowEvent: false });
      expect(outcome?.errorMessage).toContain(HR.address);
      expect(outcome?.errorMessage).not.toBe(en.events.warnedAccountNotProfile(HR.address, ALEX));
    });
    expect(asked).toEqual([{ url: `${BASE}me`, auth: "Bearer sso-token-alex" }]);
  });

  // The same signs as a shared mailbox added as an account: Megan's UPN is not her mail address.
  it("protected, nothing stored, Megan in her own mailbox (UPN not her mail address): her shard names her, and her own address is allowed", async () => {
    const asked = await inProtectedMode("sso-token-megan", meganShard(), async () => {
      const outcome = await send(outlook(defaultScenario(MEGAN), false));
      expect(outcome).toEqual({ allowEvent: true });
    });
    expect(asked).toEqual([{ url: `${BASE}me`, auth: "Bearer sso-token-megan" }]);
  });

  // Public mode, nothing under her UPN: the pane keyed her shard by userProfile (her mail address),
  // and that shard's user is userProfile, so userProfile is hers and her shard decides.
  it("Megan in her own mailbox (UPN not her mail address), her shard stored under her mail address: her own address allowed, HR (no right) blocked", async () => {
    const stored = cachedCopy(4, BASE, meganShard(), "2026-11-30T09:00:00Z", null, [], MEGAN_MAIL);
    const megan = (from: string) => {
      const sim = outlook(
        { ...defaultScenario(MEGAN), from: { address: from, displayName: "" } },
        false
      );
      for (const [k, v] of Object.entries(stored)) localStorage.setItem(k, v);
      return sim;
    };
    expect(await send(megan(MEGAN_MAIL))).toEqual({ allowEvent: true });
    expect(await send(megan(HR.address))).toMatchObject({ allowEvent: false });
  });

  // Nothing stored and no directory service to ask (public mode): Megan's UPN is not her mail
  // address, which reads exactly like a shared mailbox added as an account. Nothing can prove the
  // address is hers, so the Smart Alert says only that, never that her own mailbox is a shared one.
  it("public mode, nothing stored, Megan in her own mailbox (UPN not her mail address): the Smart Alert says it can't confirm her address is hers, not that it may be a shared mailbox", async () => {
    for (const language of ["en", "de", "fr"] as const) {
      const sim = outlook(
        {
          ...defaultScenario(MEGAN),
          displayLanguage: language,
          from: { address: MEGAN_MAIL, displayName: "Megan Bowen" },
        },
        false
      );
      const outcome = await send(sim);
      const t = messagesFor(language);
      expect(outcome).toMatchObject({ allowEvent: false, sendModeOverride: "promptUser" });
      expect(outcome?.errorMessage).toBe(
        t.events.warnedAccountNotProfile(MEGAN_MAIL, toSmtpAddress(upnOf(MEGAN)))
      );
      expect(outcome?.errorMessage).not.toMatch(/shared|freigegeben|partagée/i);
    }
  });

  // Public mode, nothing stored, the directory reachable: the handlers fetch the file under
  // userProfile (her mail address) within their deadline; its user is userProfile, so the
  // address is hers, and the stored copy decides the next send without a request (issue 12).
  it("public mode, nothing stored, Megan in her own mailbox: her file under her mail address is fetched and stored, her own address allowed", async () => {
    const asked: string[] = [];
    const fetchBefore = window.fetch;
    const file = `${BASE}users/${shardFileName(MEGAN_MAIL)}`;
    window.fetch = (async (url: string) => {
      asked.push(url);
      const text = JSON.stringify(meganShard());
      if (url === file)
        return { status: 200, ok: true, headers: new Headers(), text: async () => text };
      if (url === `${BASE}index.json`)
        return { status: 200, ok: true, headers: new Headers(), text: async () => "{}" };
      return { status: 404, ok: false, headers: new Headers(), text: async () => "" };
    }) as unknown as typeof fetch;
    try {
      const sim = outlook(
        { ...defaultScenario(MEGAN), from: { address: MEGAN_MAIL, displayName: "Megan Bowen" } },
        false
      );
      expect(await send(sim)).toEqual({ allowEvent: true });
      expect(asked).toEqual([file]);
      // The next send, same device: decided from the stored copy, no request.
      expect(await send(sim)).toEqual({ allowEvent: true });
      expect(asked).toEqual([file]);
    } finally {
      window.fetch = fetchBefore;
    }
  });

  // Two long addresses overran 500 characters in German and French (rev12d): fitAlert shortens
  // the addresses, not the advice at the end.
  it("long addresses: the Smart Alert fits 500 characters in en/de/fr and still ends with its advice", async () => {
    const mailbox = {
      address: "customer-support-emea-and-apac-escalations@northwindtraders.example",
      displayName: "Customer Support",
    };
    for (const language of ["en", "de", "fr"] as const) {
      const sim = outlook({ ...inAccount(mailbox), displayLanguage: language }, false);
      const outcome = await send(sim);
      const t = messagesFor(language);
      const advice = t.events.warnedAccountNotProfile("", "").split(". ").pop()!;
      expect(outcome?.errorMessage?.length).toBeLessThanOrEqual(500);
      expect(outcome?.errorMessageMarkdown?.length ?? 0).toBeLessThanOrEqual(500);
      expect(outcome?.errorMessage?.endsWith(advice)).toBe(true);
    }
  });

  it("nothing stored, Alex sets From to his own address: allowed at once", async () => {
    const sim = outlook(
      { ...inAccount(HR), from: { address: ALEX, displayName: "Alex Wilber" } },
      false
    );
    expect(await send(sim)).toEqual({ allowEvent: true });
  });
});

// rev12e #3: the same shared mailbox added as an account, where Office.auth.getAuthContext fails
// (Outlook on the web and new Outlook offer it; it may fail or time out). userProfile is then the
// only thing Office says, and it is the shared mailbox: nothing ties HR to the person.
describe("a shared mailbox added as its own account, and Office names no account (office-js #5682, getAuthContext fails)", () => {
  const noAccount = (mailbox: { address: string; displayName: string }, extra = {}) => ({
    ...defaultScenario(),
    sharedAsAccount: mailbox,
    authContextFails: true,
    ...extra,
  });

  it("From HR (Alex has only Full Access), Alex's shard stored: not allowed as the person's own address; the Smart Alert says it cannot tell, with Send Anyway", async () => {
    const outcome = await send(outlook(noAccount(HR), true));
    expect(outcome).toMatchObject({
      allowEvent: false,
      errorMessage: en.events.warnedPersonUncertain(HR.address),
      sendModeOverride: "promptUser",
    });
  });

  it("the From advice says it cannot tell whether HR is the person's own, instead of nothing", async () => {
    const sim = outlook(noAccount(HR), true);
    await sim.launchEvents.fire("onMessageFromChangedHandler");
    expect([...sim.notifications.values()].map((n) => n.message)).toEqual([
      en.events.fromPersonUncertain(HR.address),
    ]);
  });

  it("protected mode: Office's single sign-on token names Alex, and his shard from the directory service blocks HR", async () => {
    // jsdom has no TextDecoder, which the token's payload is read with (graph/auth/claims.ts).
    const global = globalThis as { TextDecoder?: unknown };
    global.TextDecoder ??= (await import("util")).TextDecoder;
    // Office's single sign-on token for Alex (a JWT whose payload names him; read, never verified).
    const payload = { preferred_username: ALEX, oid: "alex-oid", tid: "northwind-tid" };
    const token = `e30.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;
    const asked = await inProtectedMode(token, alexShard(), async () => {
      const outcome = await send(outlook(noAccount(HR), false));
      expect(outcome).toMatchObject({ allowEvent: false });
      expect(outcome?.errorMessage).toContain(HR.address);
      expect(outcome?.errorMessage).not.toBe(en.events.warnedPersonUncertain(HR.address));
    });
    expect(asked).toContainEqual({ url: `${BASE}me`, auth: `Bearer ${token}` });
  });

  // Not a regression for the person in their own mailbox: the shard the pane stored under their
  // address names them, so their own address is allowed at once and a mailbox is checked.
  it("Alex in his own mailbox with his shard stored under his address: his own address allowed, HR (Full Access only) blocked", async () => {
    const own = (from: { address: string; displayName: string }) =>
      outlook({ ...defaultScenario(), authContextFails: true, from }, true);
    expect(await send(own({ address: ALEX, displayName: "Alex Wilber" }))).toEqual({
      allowEvent: true,
    });
    expect(await send(own(HR))).toMatchObject({ allowEvent: false });
  });

  // Classic Outlook (platform PC) has neither "Open another mailbox" nor #5682's accounts:
  // userProfile stays the person there, as before.
  it("classic Outlook (platform PC), getAuthContext fails: userProfile is the person, as before", async () => {
    const sim = outlook(
      {
        ...defaultScenario(),
        platform: "PC",
        authContextFails: true,
        from: { address: ALEX, displayName: "Alex Wilber" },
      },
      false
    );
    expect(await send(sim)).toEqual({ allowEvent: true });
  });
});
