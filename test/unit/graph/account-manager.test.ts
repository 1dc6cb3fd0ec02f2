import { toSmtpAddress } from "../../../src/core/address";
import type { IPublicClientApplication } from "@azure/msal-browser";
import {
  AccountManager,
  AccountManagerDeps,
  NestedPcaConfiguration,
} from "../../../src/graph/auth/account-manager";
import { GRAPH_SCOPES } from "../../../src/graph/auth/registration";
import { AuthError } from "../../../src/graph/auth/errors";
import { DialogUnavailableError } from "../../../src/office/dialog";

const msalError = (errorCode: string, name = "AuthError", errorMessage = errorCode) =>
  Object.assign(new Error(errorMessage), { errorCode, errorMessage, name });
const officeError = (code: number) => Object.assign(new Error(`Office ${code}`), { code });
const account = { homeAccountId: "a.t", username: "alex.wilber@northwind.example" };

type Call = (request: Record<string, unknown>) => Promise<unknown>;

function fakePca(
  silent: Call,
  popup: Call = async () => ({ accessToken: "popup-token", account })
) {
  const s = jest.fn(silent);
  const p = jest.fn(popup);
  let active: unknown = null;
  const pca = {
    acquireTokenSilent: s,
    acquireTokenPopup: p,
    getActiveAccount: () => active,
    getAllAccounts: () => (active ? [active] : []),
    setActiveAccount: (a: unknown) => (active = a),
  } as unknown as IPublicClientApplication;
  return { silent: s, popup: p, pca };
}

const dialogSuccess = (
  token = "dialog-token",
  expiresOn = Date.now() + 3600_000,
  /** Who signed in; null: the answer does not say. */
  signedIn: string | null = account.username
) =>
  JSON.stringify({
    status: "success",
    accessToken: token,
    expiresOn,
    account: signedIn ?? undefined,
  });

function manager(
  over: Partial<AccountManagerDeps> & { pca?: IPublicClientApplication | null } = {}
) {
  const dialogs: URL[] = [];
  const created: NestedPcaConfiguration[] = [];
  const { pca, ...rest } = over;
  const deps: AccountManagerDeps = {
    app: { clientId: "client", authority: "https://login.microsoftonline.com/tenant" },
    nestedAppAuthSupported: () => true,
    createNestablePca: async (configuration) => {
      created.push(configuration);
      return pca ?? null;
    },
    openDialog: async (url) => {
      dialogs.push(new URL(url));
      return dialogSuccess();
    },
    baseUrl: "https://sendfrom.example.org/app/",
    ...rest,
  };
  return { m: new AccountManager(deps), dialogs, created };
}

describe("AccountManager with nested app authentication", () => {
  it("two cached accounts and none active: asks for Office's user (login hint), never the first cached one", async () => {
    const other = { homeAccountId: "o.t", username: "megan.bowen@northwind.example" };
    const f = fakePca(async () => ({ accessToken: "silent-token", account }));
    (f.pca as unknown as { getAllAccounts: () => unknown[] }).getAllAccounts = () => [
      other,
      { ...account, username: " Alex.Wilber@Northwind.example" },
    ];
    const { m } = manager({
      pca: f.pca,
      loginHint: toSmtpAddress("Alex.Wilber@northwind.example"),
    });
    await m.getToken();
    expect(f.silent.mock.calls[0][0].account).toMatchObject({
      homeAccountId: account.homeAccountId,
    });
  });

  it("two cached accounts, none Office's user: no account is guessed; a popup asks for the hinted user", async () => {
    const f = fakePca(async () => {
      throw msalError("interaction_required", "InteractionRequiredAuthError");
    });
    (f.pca as unknown as { getAllAccounts: () => unknown[] }).getAllAccounts = () => [
      { homeAccountId: "o.t", username: "megan.bowen@northwind.example" },
      { homeAccountId: "p.t", username: "lee.gu@northwind.example" },
    ];
    const { m } = manager({
      pca: f.pca,
      loginHint: toSmtpAddress("alex.wilber@northwind.example"),
    });
    await m.getToken();
    expect(f.silent.mock.calls[0][0].account).toBeUndefined();
    expect(f.popup.mock.calls[0][0].loginHint).toBe("alex.wilber@northwind.example");
  });

  it("a silent token for another person (the host's other account) is not used: the popup asks for Office's user", async () => {
    const megan = { homeAccountId: "m.t", username: "megan.bowen@northwind.example" };
    const f = fakePca(async () => ({ accessToken: "megan-token", account: megan }));
    const { m } = manager({
      pca: f.pca,
      loginHint: toSmtpAddress("alex.wilber@northwind.example"),
    });
    await expect(m.getToken()).resolves.toBe("popup-token");
    expect(f.popup.mock.calls[0][0].loginHint).toBe("alex.wilber@northwind.example");
    expect(f.pca.getActiveAccount()).toMatchObject({ homeAccountId: "a.t" });
  });

  it("refuses a token for another person, saying who was offered, and never keeps that account", async () => {
    const megan = { homeAccountId: "m.t", username: "Megan.Bowen@northwind.example" };
    const f = fakePca(
      async () => ({ accessToken: "megan-token", account: megan }),
      async () => ({ accessToken: "megan-popup-token", account: megan })
    );
    const { m } = manager({
      pca: f.pca,
      loginHint: toSmtpAddress("alex.wilber@northwind.example"),
    });
    const error = await m.getToken().catch((e: AuthError) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).kind).toBe("wrongAccount");
    expect((error as AuthError).message).toContain("Megan.Bowen@northwind.example");
    expect(error).toMatchObject({ code: "wrongAccount", account: "Megan.Bowen@northwind.example" });
    expect(f.pca.getActiveAccount()).toBeNull();
  });

  it("asks silently first, for exactly the four mail scopes, declaring it handles claims challenges", async () => {
    const f = fakePca(async () => ({ accessToken: "silent-token", account }));
    const { m, created } = manager({ pca: f.pca });
    expect(await m.getToken()).toBe("silent-token");
    expect(f.silent.mock.calls[0][0].scopes).toEqual([
      "Mail.Send",
      "Mail.Send.Shared",
      "Mail.ReadWrite",
      "Mail.ReadWrite.Shared",
    ]);
    expect(GRAPH_SCOPES).toHaveLength(4);
    expect(created).toEqual([
      {
        auth: {
          clientId: "client",
          authority: "https://login.microsoftonline.com/tenant",
          clientCapabilities: ["CP1"],
        },
      },
    ]);
    expect(f.popup).not.toHaveBeenCalled();
    // The account the host signed in is used for the next silent request.
    await m.getToken();
    expect(f.silent.mock.calls[1][0].account).toBe(account);
    expect(created).toHaveLength(1);
  });

  it("falls back to the host's popup when silent needs consent", async () => {
    const f = fakePca(async () =>
      Promise.reject(msalError("consent_required", "InteractionRequiredAuthError"))
    );
    const { m, dialogs } = manager({ pca: f.pca });
    expect(await m.getToken()).toBe("popup-token");
    // No hint here (Office named nobody): the person picks their account (MSAL #7356).
    expect(f.popup.mock.calls[0][0]).toEqual({
      scopes: [...GRAPH_SCOPES],
      claims: undefined,
      prompt: "select_account",
    });
    expect(dialogs).toEqual([]);
  });

  it("falls back to the Office dialog when the popup is blocked, with the user as login hint", async () => {
    const f = fakePca(
      async () => Promise.reject(msalError("interaction_required")),
      async () => Promise.reject(msalError("popup_window_error", "BrowserAuthError"))
    );
    const { m, dialogs } = manager({
      pca: f.pca,
      loginHint: toSmtpAddress("alex.wilber@northwind.example"),
    });
    expect(await m.getToken()).toBe("dialog-token");
    expect(dialogs.map((u) => u.origin + u.pathname)).toEqual([
      "https://sendfrom.example.org/app/auth-dialog.html",
    ]);
    expect(dialogs[0].searchParams.get("loginHint")).toBe("alex.wilber@northwind.example");
  });

  it("goes to the dialog, without a popup, when the bridge reports itself unavailable", async () => {
    const f = fakePca(async () => Promise.reject(msalError("nested_app_auth_bridge_disabled")));
    const { m, dialogs } = manager({ pca: f.pca });
    expect(await m.getToken()).toBe("dialog-token");
    expect(f.popup).not.toHaveBeenCalled();
    expect(dialogs).toHaveLength(1);
  });

  it("silentOnly (the pane's start, nobody asked): a silent token is used; where sign-in needs the person, neither popup nor dialog opens", async () => {
    const ok = fakePca(async () => ({ accessToken: "silent-token", account }));
    expect(
      await manager({ pca: ok.pca, loginHint: toSmtpAddress(account.username) }).m.getToken({
        silentOnly: true,
      })
    ).toBe("silent-token");
    const needs = fakePca(async () =>
      Promise.reject(msalError("consent_required", "InteractionRequiredAuthError"))
    );
    const { m, dialogs } = manager({ pca: needs.pca });
    await expect(m.getToken({ silentOnly: true })).rejects.toBeInstanceOf(AuthError);
    expect(needs.popup).not.toHaveBeenCalled();
    expect(dialogs).toEqual([]);
    // Without nested app authentication: only a dialog token still valid, never a new dialog.
    const noBridge = manager({ pca: null });
    await expect(noBridge.m.getToken({ silentOnly: true })).rejects.toMatchObject({
      kind: "interactionRequired",
    });
    expect(noBridge.dialogs).toEqual([]);
    expect(await noBridge.m.getToken()).toBe("dialog-token");
    expect(await noBridge.m.getToken({ silentOnly: true })).toBe("dialog-token");
    expect(noBridge.dialogs).toHaveLength(1);
  });

  it("stops without a popup when the sign-in service is unreachable or only an admin can consent", async () => {
    const offline = fakePca(async () => Promise.reject(msalError("no_network_connectivity")));
    await expect(manager({ pca: offline.pca }).m.getToken()).rejects.toMatchObject({
      kind: "network",
    });
    expect(offline.popup).not.toHaveBeenCalled();
    const admin = fakePca(async () =>
      Promise.reject(
        msalError(
          "invalid_grant",
          "ServerError",
          "AADSTS90094: The grant requires admin permission."
        )
      )
    );
    await expect(manager({ pca: admin.pca }).m.getToken()).rejects.toMatchObject({
      kind: "adminConsentRequired",
      code: "AADSTS90094",
    });
    expect(admin.popup).not.toHaveBeenCalled();
  });

  it("says the user cancelled when the popup is closed, and opens no dialog", async () => {
    const f = fakePca(
      async () => Promise.reject(msalError("interaction_required")),
      async () => Promise.reject(msalError("user_canceled", "ClientAuthError"))
    );
    const { m, dialogs } = manager({ pca: f.pca });
    const error = await m.getToken().catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ kind: "cancelled", code: "user_canceled" });
    expect(dialogs).toEqual([]);
  });

  it("reports what the popup could not do: consent, interaction", async () => {
    const needs = (code: string, message = code) =>
      manager({
        pca: fakePca(
          async () => Promise.reject(msalError("interaction_required")),
          async () => Promise.reject(msalError(code, "ServerError", message))
        ).pca,
      }).m.getToken();
    await expect(needs("consent_required", "AADSTS65001: not consented")).rejects.toMatchObject({
      kind: "consentRequired",
    });
    await expect(needs("interaction_required")).rejects.toMatchObject({
      kind: "interactionRequired",
    });
  });

  it("passes a claims challenge on, forcing a fresh token, and to the popup when silent cannot satisfy it", async () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    const f = fakePca(async () => Promise.reject(msalError("interaction_required")));
    const { m } = manager({ pca: f.pca });
    expect(await m.getToken({ claims })).toBe("popup-token");
    expect(f.silent.mock.calls[0][0]).toMatchObject({ claims, forceRefresh: true });
    expect(f.popup.mock.calls[0][0]).toMatchObject({ claims });
  });

  it("shares one popup between requests made at the same time", async () => {
    let finish: (v: unknown) => void = () => undefined;
    const f = fakePca(
      async () => Promise.reject(msalError("interaction_required")),
      () => new Promise((r) => (finish = r))
    );
    const { m } = manager({ pca: f.pca });
    const both = Promise.all([m.getToken(), m.getToken()]);
    await new Promise((r) => setTimeout(r, 0));
    finish({ accessToken: "one", account });
    expect(await both).toEqual(["one", "one"]);
    expect(f.popup).toHaveBeenCalledTimes(1);
    // Later requests start afresh.
    f.silent.mockImplementation(async () => ({ accessToken: "later", account }));
    expect(await m.getToken()).toBe("later");
  });
});

describe("AccountManager when the UPN is not the mail address", () => {
  // Entra's UPN and mail are separate attributes; Office's auth context gives the UPN and the
  // object id, MSAL's account carries the UPN as username and the oid as localAccountId.
  const upn = toSmtpAddress("MeganB@northwindtraders.onmicrosoft.com");
  const oid = "8a7b6c5d-4e3f-4a2b-9c1d-0e1f2a3b4c52";
  const megan = {
    homeAccountId: `${oid}.t`,
    username: "MeganB@northwindtraders.onmicrosoft.com",
    localAccountId: oid,
  };

  it("takes Office's user's token (by object id), and hints the popup with the UPN", async () => {
    const f = fakePca(
      async () => Promise.reject(msalError("consent_required", "InteractionRequiredAuthError")),
      async () => ({ accessToken: "popup-token", account: megan })
    );
    const { m } = manager({ pca: f.pca, loginHint: upn, objectId: oid });
    expect(await m.getToken()).toBe("popup-token");
    expect(f.popup.mock.calls[0][0].loginHint).toBe("meganb@northwindtraders.onmicrosoft.com");
  });

  it("a fresh pane (no cached account): the silent request names Office's account from its auth context (oid.tid), the popup only hints", async () => {
    // office-js #4798; without it a host with two accounts answers for the other (MSAL #7356).
    const tid = "7f4e2c1a-0d5b-4c3e-9a8f-2b6d1e0c9a55";
    const f = fakePca(
      async () => Promise.reject(msalError("consent_required", "InteractionRequiredAuthError")),
      async () => ({ accessToken: "popup-token", account: megan })
    );
    const { m } = manager({ pca: f.pca, loginHint: upn, objectId: oid, tenantId: tid });
    expect(await m.getToken()).toBe("popup-token");
    expect(f.silent.mock.calls[0][0].account).toMatchObject({
      homeAccountId: `${oid}.${tid}`,
      localAccountId: oid,
      tenantId: tid,
      username: "meganb@northwindtraders.onmicrosoft.com",
    });
    expect(f.popup.mock.calls[0][0].account).toBeUndefined();
    expect(f.popup.mock.calls[0][0].loginHint).toBe("meganb@northwindtraders.onmicrosoft.com");
  });

  it("refuses another account's token even when its username reads like Office's user", async () => {
    const impostor = { ...megan, localAccountId: "00000000-0000-4000-8000-000000000001" };
    const f = fakePca(
      async () => ({ accessToken: "silent-token", account: impostor }),
      async () => ({ accessToken: "popup-token", account: impostor })
    );
    const { m } = manager({ pca: f.pca, loginHint: upn, objectId: oid });
    await expect(m.getToken()).rejects.toMatchObject({ kind: "wrongAccount" });
  });

  it("the dialog: asks with the UPN and object id, accepts Office's user, refuses another object id", async () => {
    const answers = [
      { account: "MeganB@northwindtraders.onmicrosoft.com", objectId: oid },
      {
        account: "MeganB@northwindtraders.onmicrosoft.com",
        objectId: "00000000-0000-4000-8000-000000000001",
      },
    ];
    const { m, dialogs } = manager({
      nestedAppAuthSupported: () => false,
      loginHint: upn,
      objectId: oid,
      openDialog: async (url) => {
        dialogs.push(new URL(url));
        const a = answers.shift()!;
        return JSON.stringify({
          status: "success",
          accessToken: `t${dialogs.length}`,
          expiresOn: Date.now() + 3600_000,
          ...a,
        });
      },
    });
    expect(await m.getToken()).toBe("t1");
    expect(dialogs[0].searchParams.get("loginHint")).toBe(
      "meganb@northwindtraders.onmicrosoft.com"
    );
    expect(dialogs[0].searchParams.get("objectId")).toBe(oid);
    await expect(m.getToken({ forceRefresh: true })).rejects.toMatchObject({
      kind: "wrongAccount",
    });
  });
});

describe("AccountManager where Office gives no account and the UPN is not the mail address", () => {
  // No NestedAppAuth 1.1 (or getAuthContext failed): the hint is Office's user's mail address
  // (core/identity.ts loginHintOf), while the token names the person by their UPN, a separate
  // Entra attribute (plan-connect-userprincipalname). Megan's UPN is MeganB@…onmicrosoft.com.
  const address = toSmtpAddress("megan.bowen@northwind.example");
  const upnAnswer = (
    token: string,
    account = "MeganB@northwindtraders.onmicrosoft.com",
    addresses: string[] | null = ["Megan.Bowen@northwind.example"]
  ) =>
    JSON.stringify({
      status: "success",
      accessToken: token,
      expiresOn: Date.now() + 3600_000,
      account,
      objectId: "6a1e0c5b-0000-4000-8000-00000000abcd",
      addresses,
    });

  it("the dialog: Office's user signing in with their UPN is not refused as someone else", async () => {
    const { m, dialogs } = manager({
      nestedAppAuthSupported: () => false,
      loginHint: address,
      hintIsAddress: true,
      openDialog: async (url) => (dialogs.push(new URL(url)), upnAnswer("t1")),
    });
    expect(await m.getToken()).toBe("t1");
    expect(dialogs[0].searchParams.get("loginHint")).toBe("megan.bowen@northwind.example");
    expect(dialogs[0].searchParams.get("email")).toBe("1");
  });

  it("the dialog: a UPN whose ID token names no matching address is refused as unconfirmed", async () => {
    const { m } = manager({
      nestedAppAuthSupported: () => false,
      loginHint: address,
      hintIsAddress: true,
      openDialog: async () => upnAnswer("t1", "AlexW@northwindtraders.onmicrosoft.com", null),
    });
    // Told apart from another person's account (the pane then says what else helps), and named.
    await expect(m.getToken()).rejects.toMatchObject({
      kind: "wrongAccount",
      code: "accountUnconfirmed",
      account: "AlexW@northwindtraders.onmicrosoft.com",
      message: expect.stringContaining("could not confirm"),
    });
  });

  it("a second account on the host answers silently and in the popup: refused, not taken on faith", async () => {
    // Office gives no account (getAuthContext failed); the host's other account (Alex) answers
    // every request that names none (MSAL #7356). Its UPN is not Megan's address, and its ID
    // token names Alex's address only.
    const alex = {
      homeAccountId: "a.t",
      username: "alex.wilber@northwind.example",
      localAccountId: "8a7b6c5d-4e3f-4a2b-9c1d-0e1f2a3b4c52",
      idTokenClaims: { email: "alex.wilber@northwind.example" },
    };
    const f = fakePca(
      async () => ({ accessToken: "alex-silent", account: alex }),
      async () => ({ accessToken: "alex-popup", account: alex })
    );
    const { m } = manager({ pca: f.pca, loginHint: address, hintIsAddress: true });
    // His ID token names his own address, not Megan's: plainly another person's account (the pane
    // says "pick your own"), not "this sign-in gives no email" (rev12d #3).
    await expect(m.getToken()).rejects.toMatchObject({
      kind: "wrongAccount",
      code: "wrongAccount",
      account: "alex.wilber@northwind.example",
      message: expect.stringContaining("not as Outlook's user"),
    });
  });

  it("nested app authentication without an auth context: the popup's UPN token is taken", async () => {
    const megan = {
      homeAccountId: "x.t",
      username: "MeganB@northwindtraders.onmicrosoft.com",
      localAccountId: "6a1e0c5b-0000-4000-8000-00000000abcd",
      idTokenClaims: { verified_primary_email: ["megan.bowen@northwind.example"] },
    };
    const f = fakePca(
      async () => Promise.reject(msalError("consent_required", "InteractionRequiredAuthError")),
      async () => ({ accessToken: "popup-token", account: megan })
    );
    const { m } = manager({ pca: f.pca, loginHint: address, hintIsAddress: true });
    expect(await m.getToken()).toBe("popup-token");
    // The OpenID `email` scope is what has Entra name her address in the ID token.
    expect(f.silent.mock.calls[0][0].scopes).toContain("email");
  });

  it("an object id from Office still decides: another person's token is refused", async () => {
    const { m } = manager({
      nestedAppAuthSupported: () => false,
      loginHint: address,
      hintIsAddress: true,
      objectId: "8a7b6c5d-4e3f-4a2b-9c1d-0e1f2a3b4c52",
      openDialog: async () => upnAnswer("t1"),
    });
    await expect(m.getToken()).rejects.toMatchObject({ kind: "wrongAccount" });
  });

  it("a dialog answer naming nobody is still refused", async () => {
    const { m } = manager({
      nestedAppAuthSupported: () => false,
      loginHint: address,
      hintIsAddress: true,
      openDialog: async () => dialogSuccess("anonymous", Date.now() + 3600_000, null),
    });
    await expect(m.getToken()).rejects.toMatchObject({ kind: "wrongAccount" });
  });
});

describe("AccountManager with the Office dialog", () => {
  it("uses the dialog directly where Outlook lacks nested app authentication, and reuses its token", async () => {
    const { m, dialogs, created } = manager({ nestedAppAuthSupported: () => false });
    expect(await m.getToken()).toBe("dialog-token");
    expect(await m.getToken()).toBe("dialog-token");
    expect(dialogs).toHaveLength(1);
    expect(created).toEqual([]);
  });

  it("refuses the dialog's token for another person than Office's user, says who, and keeps none of it", async () => {
    const signedIn = ["lee.gu@northwind.example", " ALEX.Wilber@Northwind.example "];
    const { m, dialogs } = manager({
      nestedAppAuthSupported: () => false,
      loginHint: toSmtpAddress("alex.wilber@northwind.example"),
      openDialog: async (url) => {
        dialogs.push(new URL(url));
        return dialogSuccess(`token-${dialogs.length}`, Date.now() + 3600_000, signedIn.shift()!);
      },
    });
    await expect(m.getToken()).rejects.toMatchObject({
      name: "AuthError",
      kind: "wrongAccount",
      message: expect.stringContaining("lee.gu@northwind.example"),
    });
    // Trying again opens the dialog again (the refused token was not kept), asking for Alex; the
    // same person written otherwise (case, spaces) is accepted by the one address rule.
    expect(await m.getToken()).toBe("token-2");
    expect(dialogs).toHaveLength(2);
    expect(dialogs[1].searchParams.get("loginHint")).toBe("alex.wilber@northwind.example");
  });

  it("refuses a dialog token that does not say whose it is, when Office's user is known", async () => {
    const { m } = manager({
      nestedAppAuthSupported: () => false,
      loginHint: toSmtpAddress("alex.wilber@northwind.example"),
      openDialog: async () => dialogSuccess("anonymous", Date.now() + 3600_000, null),
    });
    await expect(m.getToken()).rejects.toMatchObject({ kind: "wrongAccount" });
  });

  it("uses the dialog when the host's bridge does not answer, or MSAL cannot start", async () => {
    const silentBridge = manager({ pca: null });
    expect(await silentBridge.m.getToken()).toBe("dialog-token");
    const broken = manager({ createNestablePca: async () => Promise.reject(new Error("boom")) });
    expect(await broken.m.getToken()).toBe("dialog-token");
  });

  it("asks again near expiry, on a forced refresh, and with the claims of a challenge", async () => {
    let now = 1_000_000;
    const tokens = ["first", "second", "third", "fourth"];
    const { m, dialogs } = manager({
      nestedAppAuthSupported: () => false,
      now: () => now,
      openDialog: async (url) => {
        dialogs.push(new URL(url));
        return dialogSuccess(tokens[dialogs.length - 1], now + 3600_000);
      },
    });
    expect(await m.getToken()).toBe("first");
    now += 56 * 60_000; // within 5 minutes of expiry
    expect(await m.getToken()).toBe("second");
    expect(await m.getToken({ forceRefresh: true })).toBe("third");
    expect(await m.getToken({ claims: '{"access_token":{}}' })).toBe("fourth");
    expect(dialogs[3].searchParams.get("claims")).toBe('{"access_token":{}}');
    expect(dialogs[0].searchParams.has("claims")).toBe(false);
  });

  it.each([
    [12006, "cancelled"],
    [12009, "cancelled"],
    [12011, "popupBlocked"],
    [12007, "failed"],
    [12002, "failed"],
  ])("Office's dialog code %i is %s", async (code, kind) => {
    const { m } = manager({
      nestedAppAuthSupported: () => false,
      openDialog: async () => Promise.reject(officeError(code)),
    });
    await expect(m.getToken()).rejects.toMatchObject({ kind, code: String(code) });
  });

  it("says sign-in is unsupported where there is neither nested app authentication nor a dialog", async () => {
    const { m } = manager({
      nestedAppAuthSupported: () => false,
      openDialog: async () => Promise.reject(new DialogUnavailableError()),
    });
    await expect(m.getToken()).rejects.toMatchObject({ name: "AuthError", kind: "unsupported" });
  });

  it("after a blocked popup with no dialog to fall back on, reports the blocked popup", async () => {
    const f = fakePca(
      async () => Promise.reject(msalError("interaction_required")),
      async () => Promise.reject(msalError("popup_window_error"))
    );
    const { m } = manager({
      pca: f.pca,
      openDialog: async () => Promise.reject(new DialogUnavailableError()),
    });
    await expect(m.getToken()).rejects.toMatchObject({ kind: "popupBlocked" });
  });

  it("reports the dialog's own typed error, and refuses an unreadable answer", async () => {
    const answering = (message: string) =>
      manager({ nestedAppAuthSupported: () => false, openDialog: async () => message }).m;
    await expect(
      answering(
        JSON.stringify({
          status: "error",
          kind: "consentRequired",
          code: "AADSTS65001",
          message: "AADSTS65001",
        })
      ).getToken()
    ).rejects.toEqual(new AuthError("consentRequired", "AADSTS65001", "AADSTS65001"));
    await expect(answering("not json").getToken()).rejects.toMatchObject({ kind: "failed" });
    await expect(answering(JSON.stringify({ status: "success" })).getToken()).rejects.toMatchObject(
      { kind: "failed" }
    );
  });
});

describe("AccountManager with no hint (the person learnt from a token; MSAL #7356)", () => {
  const megan = { homeAccountId: "o.t", username: "megan.bowen@northwind.example" };

  it("one account known to MSAL: the silent token is the person's, no popup", async () => {
    const f = fakePca(async () => ({ accessToken: "silent-token", account }));
    (f.pca as unknown as { getAllAccounts: () => unknown[] }).getAllAccounts = () => [account];
    const { m } = manager({ pca: f.pca });
    await expect(m.getToken()).resolves.toBe("silent-token");
    expect(f.popup).not.toHaveBeenCalled();
  });

  it("two accounts known: the silent token (the first cached account's) is never taken; the person picks with select_account", async () => {
    const f = fakePca(
      async () => ({ accessToken: "megan-token", account: megan }),
      async () => ({ accessToken: "alex-token", account })
    );
    (f.pca as unknown as { getAllAccounts: () => unknown[] }).getAllAccounts = () => [
      megan,
      account,
    ];
    const { m } = manager({ pca: f.pca });
    await expect(m.getToken()).resolves.toBe("alex-token");
    expect(f.popup).toHaveBeenCalledTimes(1);
    expect(f.popup.mock.calls[0][0]).toMatchObject({ prompt: "select_account" });
    expect(f.popup.mock.calls[0][0].loginHint).toBeUndefined();
  });

  it("with a hint the popup carries the hint and no account choice", async () => {
    const f = fakePca(async () =>
      Promise.reject(msalError("consent_required", "InteractionRequiredAuthError"))
    );
    const { m } = manager({ pca: f.pca, loginHint: toSmtpAddress(account.username) });
    await expect(m.getToken()).resolves.toBe("popup-token");
    expect(f.popup.mock.calls[0][0]).not.toHaveProperty("prompt");
  });
});
