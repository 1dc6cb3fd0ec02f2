import type { IPublicClientApplication } from "@azure/msal-browser";
import { AccountManager, AccountManagerDeps } from "../../../src/graph/auth/account-manager";
import { GRAPH_SCOPES } from "../../../src/graph/auth/config";
import { runAuthDialog } from "../../../src/graph/auth/dialog";
import { AuthError, fromMsalError } from "../../../src/graph/auth/errors";

const msalError = (errorCode: string, name = "AuthError") =>
  Object.assign(new Error(errorCode), { errorCode, name });
const account = { homeAccountId: "a.t", username: "alex.wilber@northwind.example" };

interface FakePca {
  silent: jest.Mock;
  popup: jest.Mock;
  pca: IPublicClientApplication;
}

function fakePca(
  silent: () => Promise<unknown>,
  popup: () => Promise<unknown> = async () => ({ accessToken: "popup-token", account })
): FakePca {
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

function manager(over: Partial<AccountManagerDeps> & { pca?: IPublicClientApplication } = {}) {
  const dialogs: string[] = [];
  const deps: AccountManagerDeps = {
    config: { clientId: "client", authority: "https://login.microsoftonline.com/tenant" },
    nestedAppAuthSupported: () => true,
    createNestablePca: async () => over.pca!,
    openDialog: async (url) => {
      dialogs.push(url);
      return JSON.stringify({
        status: "success",
        accessToken: "dialog-token",
        expiresOn: Date.now() + 3600_000,
      });
    },
    baseUrl: "https://sendfrom.example.org/",
    ...over,
  };
  return { m: new AccountManager(deps), dialogs };
}

describe("AccountManager", () => {
  it("asks silently first, for the four mail scopes and nothing broader", async () => {
    const f = fakePca(async () => ({ accessToken: "silent-token", account }));
    const { m } = manager({ pca: f.pca });
    expect(await m.getToken()).toBe("silent-token");
    expect(f.silent.mock.calls[0][0].scopes).toEqual([
      "Mail.Send",
      "Mail.Send.Shared",
      "Mail.ReadWrite",
      "Mail.ReadWrite.Shared",
    ]);
    expect(GRAPH_SCOPES).toHaveLength(4);
    expect(f.popup).not.toHaveBeenCalled();
  });

  it("falls back to the popup when silent needs interaction (consent)", async () => {
    const f = fakePca(async () =>
      Promise.reject(msalError("consent_required", "InteractionRequiredAuthError"))
    );
    const { m } = manager({ pca: f.pca });
    expect(await m.getToken()).toBe("popup-token");
  });

  it("falls back to the Office dialog when the popup is blocked", async () => {
    const f = fakePca(
      async () => Promise.reject(msalError("interaction_required")),
      async () => Promise.reject(msalError("popup_window_error"))
    );
    const { m, dialogs } = manager({ pca: f.pca });
    expect(await m.getToken()).toBe("dialog-token");
    expect(dialogs).toEqual(["https://sendfrom.example.org/auth-dialog.html"]);
  });

  it("uses the Office dialog directly where nested app authentication is unavailable, and caches its token", async () => {
    const { m, dialogs } = manager({ nestedAppAuthSupported: () => false });
    expect(await m.getToken()).toBe("dialog-token");
    expect(await m.getToken()).toBe("dialog-token");
    expect(dialogs).toHaveLength(1);
  });

  it("passes a claims challenge on, forcing a fresh token", async () => {
    const f = fakePca(async () => ({ accessToken: "claims-token", account }));
    const { m } = manager({ pca: f.pca });
    await m.getToken({ claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}' });
    expect(f.silent.mock.calls[0][0]).toMatchObject({
      claims: expect.stringContaining("acrs"),
      forceRefresh: true,
    });
    const { m: viaDialog, dialogs } = manager({ nestedAppAuthSupported: () => false });
    await viaDialog.getToken({ claims: "x" });
    expect(new URL(dialogs[0]).searchParams.get("claims")).toBe("x");
  });

  it("says the user cancelled, whether in the popup or by closing the dialog (12006)", async () => {
    const f = fakePca(
      async () => Promise.reject(msalError("interaction_required")),
      async () => Promise.reject(msalError("user_cancelled"))
    );
    await expect(manager({ pca: f.pca }).m.getToken()).rejects.toMatchObject({ kind: "cancelled" });
    const closed = manager({
      nestedAppAuthSupported: () => false,
      openDialog: async () => Promise.reject(Object.assign(new Error("closed"), { code: 12006 })),
    });
    await expect(closed.m.getToken()).rejects.toMatchObject({ kind: "cancelled" });
  });

  it("reports the dialog's own error", async () => {
    const { m } = manager({
      nestedAppAuthSupported: () => false,
      openDialog: async () =>
        JSON.stringify({ status: "error", kind: "consentRequired", message: "AADSTS65001" }),
    });
    await expect(m.getToken()).rejects.toEqual(new AuthError("consentRequired", "AADSTS65001"));
  });
});

describe("fromMsalError", () => {
  it.each([
    ["user_cancelled", "cancelled"],
    ["user_canceled", "cancelled"],
    ["popup_window_error", "popupBlocked"],
    ["consent_required", "consentRequired"],
    ["interaction_required", "interactionRequired"],
    ["no_network_connectivity", "network"],
    ["nested_app_auth_bridge_disabled", "unavailable"],
    ["something_else", "failed"],
  ])("%s is %s", (code, kind) => {
    expect(fromMsalError(msalError(code)).kind).toBe(kind);
  });

  it("recognises consent errors by their AADSTS code", () => {
    expect(fromMsalError(msalError("invalid_grant", "ServerError")).kind).toBe("failed");
    expect(
      fromMsalError(
        Object.assign(new Error("AADSTS65001: The user or administrator has not consented"), {
          errorCode: "invalid_grant",
        })
      ).kind
    ).toBe("consentRequired");
  });
});

describe("the sign-in dialog page", () => {
  function dialogPca(
    over: Partial<
      Record<"handleRedirectPromise" | "acquireTokenSilent" | "acquireTokenRedirect", jest.Mock>
    > & { accounts?: unknown[] } = {}
  ) {
    return {
      handleRedirectPromise: over.handleRedirectPromise ?? jest.fn(async () => null),
      getAllAccounts: () => over.accounts ?? [],
      acquireTokenSilent: over.acquireTokenSilent ?? jest.fn(),
      acquireTokenRedirect: over.acquireTokenRedirect ?? jest.fn(async () => undefined),
    } as unknown as IPublicClientApplication;
  }

  it("coming back from sign-in, sends the token to the pane", async () => {
    const sent: string[] = [];
    const expiresOn = new Date("2026-11-22T12:00:00Z");
    await runAuthDialog({
      pca: dialogPca({
        handleRedirectPromise: jest.fn(async () => ({ accessToken: "t", expiresOn })),
      }),
      search: "",
      messageParent: (m) => sent.push(m),
    });
    expect(JSON.parse(sent[0])).toEqual({
      status: "success",
      accessToken: "t",
      expiresOn: expiresOn.getTime(),
    });
  });

  it("otherwise starts the redirect sign-in with the scopes and any claims", async () => {
    const redirect = jest.fn(async () => undefined);
    await runAuthDialog({
      pca: dialogPca({ acquireTokenRedirect: redirect }),
      search: "?claims=abc",
      messageParent: () => undefined,
    });
    expect(redirect).toHaveBeenCalledWith({
      scopes: [...GRAPH_SCOPES],
      claims: "abc",
      prompt: "select_account",
    });
  });

  it("reports failures as a typed error", async () => {
    const sent: string[] = [];
    await runAuthDialog({
      pca: dialogPca({
        handleRedirectPromise: jest.fn(async () => Promise.reject(msalError("user_cancelled"))),
      }),
      search: "",
      messageParent: (m) => sent.push(m),
    });
    expect(JSON.parse(sent[0])).toMatchObject({ status: "error", kind: "cancelled" });
  });
});
