import type { IPublicClientApplication } from "@azure/msal-browser";
import type { TokenSource } from "../http";
import { AUTH_DIALOG_PAGE, AuthConfig, GRAPH_SCOPES } from "./config";
import { AuthError, fromMsalError } from "./errors";

/** What the dialog page sends back (src/graph/auth/dialog.ts). */
export type DialogResult =
  | { status: "success"; accessToken: string; expiresOn: number }
  | { status: "error"; kind: AuthError["kind"]; code?: string; message: string };

export interface AccountManagerDeps {
  config: AuthConfig;
  /** Office.context.requirements.isSetSupported("NestedAppAuth", "1.1") */
  nestedAppAuthSupported(): boolean;
  /** createNestablePublicClientApplication from @azure/msal-browser. */
  createNestablePca(config: {
    auth: { clientId: string; authority: string };
  }): Promise<IPublicClientApplication>;
  /** Opens the Office dialog at `url` and resolves with the first message it sends (or rejects when closed). */
  openDialog(url: string): Promise<string>;
  /** Where the dialog page is (the add-in's base URL). */
  baseUrl: string;
  now?: () => number;
}

/**
 * Owns MSAL for the pane. With nested app authentication (Outlook hands the add-in tokens for the
 * signed-in user), tokens come silently, else through the host's sign-in popup. Where nested app
 * authentication is unavailable, or the popup is blocked, an Office dialog runs a standard MSAL
 * sign-in and passes the token back.
 */
export class AccountManager implements TokenSource {
  private pca: Promise<IPublicClientApplication | null> | null = null;
  private dialogToken: { accessToken: string; expiresOn: number } | null = null;

  constructor(private readonly deps: AccountManagerDeps) {}

  private nestable(): Promise<IPublicClientApplication | null> {
    if (!this.pca) {
      this.pca = this.deps.nestedAppAuthSupported()
        ? this.deps
            .createNestablePca({
              auth: { clientId: this.deps.config.clientId, authority: this.deps.config.authority },
            })
            .catch(() => null)
        : Promise.resolve(null);
    }
    return this.pca;
  }

  async getToken(options: { claims?: string; forceRefresh?: boolean } = {}): Promise<string> {
    const pca = await this.nestable();
    if (!pca) return this.viaDialog(options);
    const request = {
      scopes: [...GRAPH_SCOPES],
      claims: options.claims,
      forceRefresh: options.forceRefresh || !!options.claims,
      account: pca.getActiveAccount() ?? pca.getAllAccounts()[0],
    };
    try {
      const result = await pca.acquireTokenSilent(request);
      pca.setActiveAccount(result.account);
      return result.accessToken;
    } catch (silentError) {
      const silent = fromMsalError(silentError);
      if (silent.kind === "network") throw silent;
    }
    try {
      const result = await pca.acquireTokenPopup({
        scopes: request.scopes,
        claims: options.claims,
      });
      pca.setActiveAccount(result.account);
      return result.accessToken;
    } catch (popupError) {
      const popup = fromMsalError(popupError);
      if (popup.kind === "popupBlocked" || popup.kind === "unavailable")
        return this.viaDialog(options);
      throw popup;
    }
  }

  private async viaDialog(options: { claims?: string; forceRefresh?: boolean }): Promise<string> {
    const now = (this.deps.now ?? Date.now)();
    if (
      this.dialogToken &&
      !options.claims &&
      !options.forceRefresh &&
      this.dialogToken.expiresOn - now > 5 * 60_000
    ) {
      return this.dialogToken.accessToken;
    }
    const url = new URL(AUTH_DIALOG_PAGE, this.deps.baseUrl);
    if (options.claims) url.searchParams.set("claims", options.claims);
    let message: string;
    try {
      message = await this.deps.openDialog(url.href);
    } catch (e) {
      // Office's dialog codes: 12006 closed by the user, 12009 ignored by the user.
      const code = (e as { code?: number }).code;
      if (code === 12006 || code === 12009)
        throw new AuthError("cancelled", "The sign-in dialog was closed.", String(code));
      throw new AuthError(
        "failed",
        e instanceof Error ? e.message : String(e),
        code ? String(code) : undefined
      );
    }
    let result: DialogResult;
    try {
      result = JSON.parse(message) as DialogResult;
    } catch {
      throw new AuthError("failed", "The sign-in dialog sent something unreadable.");
    }
    if (result.status !== "success") throw new AuthError(result.kind, result.message, result.code);
    this.dialogToken = { accessToken: result.accessToken, expiresOn: result.expiresOn };
    return result.accessToken;
  }
}
