import type { AuthenticationResult, IPublicClientApplication } from "@azure/msal-browser";
import type { DialogResult } from "./account-manager";
import { GRAPH_SCOPES } from "./config";
import { fromMsalError } from "./errors";

export interface AuthDialogDeps {
  /** A standard public client application whose redirect URI is this page. */
  pca: IPublicClientApplication;
  /** This page's query string: `claims` when the pane answers a claims challenge. */
  search: string;
  messageParent(message: string): void;
}

/**
 * The sign-in dialog, for where nested app authentication is unavailable: a standard MSAL
 * redirect sign-in inside the Office dialog, whose result goes back to the pane.
 */
export async function runAuthDialog(deps: AuthDialogDeps): Promise<void> {
  const send = (result: DialogResult) => deps.messageParent(JSON.stringify(result));
  const success = (r: AuthenticationResult): DialogResult => ({
    status: "success",
    accessToken: r.accessToken,
    expiresOn: r.expiresOn ? r.expiresOn.getTime() : Date.now() + 50 * 60_000,
  });
  try {
    const back = await deps.pca.handleRedirectPromise();
    if (back) return send(success(back));
    const claims = new URLSearchParams(deps.search).get("claims") ?? undefined;
    const account = deps.pca.getAllAccounts()[0];
    if (account && !claims) {
      try {
        return send(
          success(await deps.pca.acquireTokenSilent({ scopes: [...GRAPH_SCOPES], account }))
        );
      } catch {
        // fall through to the interactive sign-in
      }
    }
    // Leaves the page; handleRedirectPromise above picks the result up when it comes back.
    await deps.pca.acquireTokenRedirect({
      scopes: [...GRAPH_SCOPES],
      claims,
      prompt: account ? undefined : "select_account",
    });
  } catch (e) {
    const error = fromMsalError(e);
    send({ status: "error", kind: error.kind, code: error.code, message: error.message });
  }
}
