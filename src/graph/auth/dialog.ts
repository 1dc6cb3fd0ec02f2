import { recordFailure } from "../../core/diagnostics";
import type {
  AccountInfo,
  AuthenticationResult,
  Configuration,
  IPublicClientApplication,
} from "@azure/msal-browser";
import { toSmtpAddress } from "../../core/address";
import { addressesOf, type DialogResult } from "./account-manager";
import { AppRegistration, CLIENT_CAPABILITIES, GRAPH_SCOPES } from "./registration";
import { fromMsalError } from "./errors";

/**
 * MSAL's configuration inside the dialog: a standard public client application whose redirect
 * URI is the dialog page itself (registered as a single-page application redirect, README).
 */
export function dialogMsalConfiguration(
  app: AppRegistration,
  page: { origin: string; pathname: string }
): Configuration {
  return {
    auth: {
      clientId: app.clientId,
      authority: app.authority,
      redirectUri: `${page.origin}${page.pathname}`,
      clientCapabilities: [...CLIENT_CAPABILITIES],
    },
    // The next dialog (a later pane session) then signs in silently, without a prompt.
    cache: { cacheLocation: "localStorage" },
  };
}

export interface AuthDialogDeps {
  /** A standard public client application configured with dialogMsalConfiguration. */
  pca: IPublicClientApplication;
  /**
   * This page's query string: `claims` for a claims challenge, `loginHint` (and `objectId`) for the account,
   * `scope` for a token other than Graph's (honoured only when it is `apiScope`).
   */
  search: string;
  /** The add-in's own API scope (build setting), the only `scope` besides Graph's the dialog grants. */
  apiScope?: string;
  messageParent(message: string): void;
}

/**
 * The sign-in dialog, for where nested app authentication is unavailable: a standard MSAL
 * redirect sign-in inside the Office dialog, whose result goes back to the pane. Runs on the
 * first load and again when the sign-in service redirects back to this page.
 */
export async function runAuthDialog(deps: AuthDialogDeps): Promise<void> {
  const send = (result: DialogResult) => deps.messageParent(JSON.stringify(result));
  const success = (r: AuthenticationResult): DialogResult => ({
    status: "success",
    accessToken: r.accessToken,
    expiresOn: r.expiresOn ? r.expiresOn.getTime() : Date.now() + 50 * 60_000,
    // Who signed in, so the pane can refuse another person's token (account-manager.ts viaDialog).
    account: r.account?.username,
    objectId: r.account?.localAccountId || undefined,
    // The addresses its ID token names, where the UPN is not Office's user's mail address.
    addresses: r.account ? addressesOf(r.account.idTokenClaims) : undefined,
  });
  try {
    const back = await deps.pca.handleRedirectPromise();
    if (back) return send(success(back));
    const query = new URLSearchParams(deps.search);
    const claims = query.get("claims") ?? undefined;
    const hint = query.get("loginHint");
    const asked = query.get("scope");
    const scopes = [
      ...(asked && asked === deps.apiScope ? [asked] : GRAPH_SCOPES),
      // The pane's hint is only a mail address: the ID token's `email` claim confirms a UPN
      // that differs (account-manager.ts addressesOf; scopes-oidc#email).
      ...(query.get("email") === "1" ? ["email"] : []),
    ];
    const loginHint = hint?.trim() ? toSmtpAddress(hint) : undefined;
    const objectId = query.get("objectId")?.trim().toLowerCase() || undefined;
    const accounts = deps.pca.getAllAccounts();
    const account: AccountInfo | undefined =
      // The account's username comes from its ID token: normalised like every other address.
      (objectId ? accounts.find((a) => a.localAccountId?.toLowerCase() === objectId) : undefined) ??
      accounts.find((a) => toSmtpAddress(a.username) === loginHint) ??
      // Without a hint only a single account is taken silently: of several, the first may be
      // another person's (MSAL #7356), so the person picks (prompt "select_account" below).
      (loginHint || objectId || accounts.length !== 1 ? undefined : accounts[0]);
    if (account && !claims) {
      try {
        return send(success(await deps.pca.acquireTokenSilent({ scopes, account })));
      } catch (e) {
        // fall through to the interactive sign-in
        recordFailure("auth", "dialogSilentFailed", e);
      }
    }
    // Leaves the page; handleRedirectPromise above picks the result up when it comes back.
    await deps.pca.acquireTokenRedirect({
      scopes,
      claims,
      loginHint,
      prompt: account || loginHint ? undefined : "select_account",
    });
  } catch (e) {
    recordFailure("auth", "dialogSignIn", e);
    const error = fromMsalError(e);
    send({ status: "error", kind: error.kind, code: error.code, message: error.message });
  }
}
