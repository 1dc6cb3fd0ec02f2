// Sign-in for Graph, as the lazy send chunk uses it. Nothing in src/taskpane imports this
// statically: MSAL stays out of the task pane's first paint.
import { AccountManager, AccountManagerDeps } from "./account-manager";
import { createNestedPca } from "./msal";

export { AccountManager } from "./account-manager";
export type {
  AccountManagerDeps,
  DialogResult,
  NestedPcaConfiguration,
  TokenOptions,
} from "./account-manager";
export { AuthError, fromDialogError, fromMsalError } from "./errors";
export type { AuthErrorKind } from "./errors";
export { claimsFromWwwAuthenticate, tokenForChallenge } from "./claims";
export { readAccessToken } from "./token-claims";
export type { AccessTokenClaims } from "./token-claims";
export { AUTH_DIALOG_PAGE, GRAPH_SCOPES } from "./registration";
export type { AppRegistration } from "./registration";
export { createNestedPca } from "./msal";

/** The pane's token source: the real MSAL, nested app authentication first, else the dialog. */
export function createAccountManager(
  deps: Omit<AccountManagerDeps, "createNestablePca">
): AccountManager {
  return new AccountManager({ ...deps, createNestablePca: createNestedPca });
}
