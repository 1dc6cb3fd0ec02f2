import { recordFailure } from "../../core/diagnostics";
import type {
  AccountInfo,
  AuthenticationResult,
  IPublicClientApplication,
} from "@azure/msal-browser";
import { SmtpAddress, toSmtpAddress } from "../../core/address";
import type { TokenSource } from "./token-source";
import {
  AUTH_DIALOG_PAGE,
  AppRegistration,
  CLIENT_CAPABILITIES,
  GRAPH_SCOPES,
} from "./registration";
import { AuthError, fromDialogError, fromMsalError } from "./errors";

/** What the dialog page sends back (src/graph/auth/dialog.ts). */
export type DialogResult =
  | {
      status: "success";
      accessToken: string;
      expiresOn: number;
      /** Who signed in: the MSAL account's username (from its ID token), for the pane to check. */
      account?: string;
      /** That account's object id (MSAL's localAccountId, the ID token's `oid`). */
      objectId?: string;
      /** The mail addresses the account's ID token names (addressesOf), to confirm a UPN. */
      addresses?: string[];
    }
  | { status: "error"; kind: AuthError["kind"]; code?: string; message: string };

/** What the account manager hands createNestablePca (an MSAL Configuration). */
export interface NestedPcaConfiguration {
  auth: { clientId: string; authority: string; clientCapabilities: string[] };
}

export interface TokenOptions {
  /** A claims request (JSON) from a claims challenge: src/graph/auth/claims.ts. */
  claims?: string;
  /** Skip cached tokens (after Graph refused one). */
  forceRefresh?: boolean;
  /**
   * Only a token that comes without the person (MSAL's silent request, or the dialog's token
   * still valid): rejects with AuthError "interactionRequired" instead of a popup or dialog.
   */
  silentOnly?: boolean;
  /**
   * The person signs in now: no silent request and no token kept from an earlier dialog, straight
   * to the popup (or dialog), with prompt "select_account" where nothing names Office's user. For
   * the person saying "that is not me" to a token learnt without a hint
   * (taskpane/confirm-account.ts); MSAL #7356 is why a silent answer would not do.
   */
  interactive?: boolean;
}

export interface AccountManagerDeps {
  app: AppRegistration;
  /** Office.context.requirements.isSetSupported("NestedAppAuth", "1.1") */
  nestedAppAuthSupported(): boolean;
  /**
   * A public client application talking to the host's nested-app-auth bridge; null (or a
   * rejection) when the bridge does not answer: src/graph/auth/msal.ts createNestedPca.
   */
  createNestablePca(
    configuration: NestedPcaConfiguration
  ): Promise<IPublicClientApplication | null>;
  /**
   * Opens the Office dialog at `url`, resolving with the first message it sends; rejects with
   * Office's code when it cannot open or is closed (src/office/dialog.ts openDialog).
   */
  openDialog(url: string): Promise<string>;
  /** Where the dialog page is (the add-in's base URL). */
  baseUrl: string;
  /**
   * Office's user's sign-in name (their UPN from Office's auth context, else their address), so
   * the sign-in offers that account first, and a token for another account is refused.
   */
  loginHint?: SmtpAddress;
  /**
   * True when `loginHint` is only Office's user's mail address (Office gave no account: no
   * NestedAppAuth 1.1, or getAuthContext failed or timed out; core/identity.ts loginHintOf), not
   * their UPN. A token's username is its UPN (preferred_username), a separate Entra attribute
   * that often differs from the mail address (learn.microsoft.com/entra/identity/hybrid/connect/
   * plan-connect-userprincipalname). A username that differs from such a hint proves nothing
   * either way: it may be the person's UPN, or another account on the host answering a request
   * that names none (MSAL #7356). Such a token is taken only where its account's ID token names
   * the hint among its addresses (`email`, asked for with the OpenID `email` scope, or
   * verified_primary_email / verified_secondary_email; addressesOf); otherwise it is refused as
   * wrongAccount: another person's where the ID token names only other addresses, "could not
   * confirm" (code "accountUnconfirmed") where it names none; nothing is read or cached with it. An object id still
   * decides where Office gives one.
   */
  hintIsAddress?: boolean;
  /**
   * Office's user's Entra object id (getAuthContext's userObjectId), when Office gives it: a
   * token's account is then compared by it (the `oid`, MSAL's localAccountId), which holds
   * whatever the account's username looks like.
   */
  objectId?: string;
  /**
   * Office's user's tenant (getAuthContext's tenantId). With `objectId` it names Office's account
   * to the host when MSAL has none cached (homeAccountId `<oid>.<tid>`; office-js #4798).
   */
  tenantId?: string;
  /**
   * What the tokens are for (default GRAPH_SCOPES). The directory service's token asks for the
   * add-in's own API, `api://<add-in host>/<client id>/access_as_user` (src/taskpane/directory-token.ts);
   * the dialog is told which (its `scope` parameter) and accepts only that API or Graph.
   */
  scopes?: readonly string[];
  now?: () => number;
}

/** A dialog token is reused until this close to its expiry. */
const DIALOG_TOKEN_MARGIN_MS = 5 * 60_000;

/**
 * Owns MSAL for the pane. With nested app authentication (Outlook hands the add-in tokens for the
 * signed-in user), tokens come silently, else through the host's sign-in popup. Where nested app
 * authentication is unavailable, or the popup is blocked, an Office dialog runs a standard MSAL
 * sign-in and passes the token back. Every failure is an AuthError.
 */
export class AccountManager implements TokenSource {
  private pca: Promise<IPublicClientApplication | null> | null = null;
  private dialogToken: { accessToken: string; expiresOn: number } | null = null;
  /** Requests in flight, by kind: two sends at once share one popup or dialog. */
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly deps: AccountManagerDeps) {}

  getToken(options: TokenOptions = {}): Promise<string> {
    const key =
      (options.silentOnly ? "silent:" : options.interactive ? "interactive:" : "") +
      (options.claims ? `claims:${options.claims}` : options.forceRefresh ? "refresh" : "token");
    let request = this.pending.get(key);
    if (!request) {
      request = this.acquire(options).finally(() => this.pending.delete(key));
      this.pending.set(key, request);
    }
    return request;
  }

  private nestable(): Promise<IPublicClientApplication | null> {
    if (!this.pca) {
      const { clientId, authority } = this.deps.app;
      this.pca = this.deps.nestedAppAuthSupported()
        ? this.deps
            .createNestablePca({
              auth: { clientId, authority, clientCapabilities: [...CLIENT_CAPABILITIES] },
            })
            // A bridge that fails to start leaves the dialog, as where it does not exist.
            .catch((e) => (recordFailure("auth", "bridgeUnavailable", e), null))
        : Promise.resolve(null);
    }
    return this.pca;
  }

  private async acquire(options: TokenOptions): Promise<string> {
    const pca = await this.nestable();
    const quiet = () => new AuthError("interactionRequired", "A sign-in would need the person.");
    if (!pca) {
      if (options.silentOnly) return this.dialogTokenValid(options) ?? Promise.reject(quiet());
      return this.viaDialog(options);
    }
    const scopes = [...(this.deps.scopes ?? GRAPH_SCOPES), ...this.emailScope()];
    if (!options.interactive)
      try {
        const silent = await pca.acquireTokenSilent({
          scopes,
          claims: options.claims,
          forceRefresh: !!options.forceRefresh || !!options.claims,
          account: this.account(pca),
        });
        // A token for another person (the host's other account) is never used: the popup, which
        // carries the login hint, lets the user pick Office's user.
        if (this.otherPerson(silent))
          recordFailure("auth", "silentOtherAccount", new AuthError("wrongAccount", "silent"));
        // Without a hint nothing can prove the silent token is the person's: with several
        // accounts known it may be any of them (unprovenAmongSeveral), and the person picks.
        else if (this.unprovenAmongSeveral(pca))
          recordFailure("auth", "silentAccountUnproven", new AuthError("wrongAccount", "silent"));
        else return this.remember(pca, silent);
      } catch (e) {
        const silent = fromMsalError(e);
        recordFailure("auth", "silentFailed", silent);
        // A popup cannot help with these: no network, or consent only an admin can give.
        if (silent.kind === "network" || silent.kind === "adminConsentRequired") throw silent;
        if (options.silentOnly) throw silent;
        if (silent.kind === "unavailable") return this.viaDialog(options);
      }
    if (options.silentOnly) throw quiet();
    let popupResult: AuthenticationResult;
    try {
      popupResult = await pca.acquireTokenPopup({
        scopes,
        claims: options.claims,
        loginHint: this.deps.loginHint,
        // No hint: the person says who they are (unprovenAmongSeveral, or asked to pick again).
        ...(this.noHint() && { prompt: "select_account" }),
      });
    } catch (e) {
      const popup = fromMsalError(e);
      recordFailure("auth", "popupFailed", popup);
      if (popup.kind === "popupBlocked" || popup.kind === "unavailable")
        return this.viaDialog(options, popup);
      throw popup;
    }
    const other = this.otherPerson(popupResult);
    if (other) throw this.refusal(other, popupResult.account ?? {});
    return this.remember(pca, popupResult);
  }

  /**
   * The wrongAccount error for a token refused as another person's (isOfficeUser false, code
   * "wrongAccount", also when its ID token names only other addresses), or as not shown to be
   * Office's user (code "accountUnconfirmed": only a mail address to go by, the account's username
   * differs and its ID token names no address at all). The second is not always someone else: where Entra puts no `email` in the ID token
   * (a tenant whose users have no mail attribute for it, or an app registration without the
   * `email` optional claim; learn.microsoft.com/entra/identity-platform/optional-claims-reference,
   * `email`; id-token-claims-reference) the person's own account looks the same, and picking it
   * again cannot help, so the pane says what can (send-errors.ts, SendProblem.unconfirmed).
   * `account` names the account offered; the message (the details) says both.
   */
  private refusal(
    signedInAs: string,
    account: { username?: string; localAccountId?: string; idTokenClaims?: object }
  ): AuthError {
    const hint = this.deps.loginHint;
    return isOfficeUser(account, this.deps) === "unconfirmed"
      ? new AuthError(
          "wrongAccount",
          `Signed in as ${signedInAs}; Send From could not confirm that this account is Outlook's user ${hint}: its ID token names no email address.`,
          "accountUnconfirmed",
          signedInAs
        )
      : new AuthError(
          "wrongAccount",
          `Signed in as ${signedInAs}, not as Outlook's user ${hint}.`,
          "wrongAccount",
          signedInAs
        );
  }

  /**
   * ["email"] where the hint is only a mail address (hintIsAddress): the OpenID `email` scope has
   * Entra put the person's address in the ID token's `email` claim (learn.microsoft.com/entra/
   * identity-platform/scopes-oidc#email), which confirms a UPN that differs (addressesOf). It
   * grants no Graph permission. Never without a hint (nothing to confirm): the pane's sign-ins
   * then ask one scope set (core/identity.ts expectedAccountOf).
   */
  private emailScope(): string[] {
    return this.deps.hintIsAddress && this.deps.loginHint ? ["email"] : [];
  }

  /** Whether nothing names Office's user: no login hint and no object id. */
  private noHint(): boolean {
    return !this.deps.loginHint && !this.deps.objectId;
  }

  /**
   * Whether a silent token must not be taken as the person's: no hint names Office's user (the
   * pane learning who the person is from a token, core/person-from-token.ts) and MSAL knows more
   * than one account (getAllAccounts, the silent token's own included). With two accounts and
   * none active, a request that names none gets the first cached account's token, another
   * person's (AzureAD/microsoft-authentication-library-for-js#7356). The rule: with a hint the
   * token is checked against it (otherPerson); without one, a single known account is trusted
   * (the host has only it), several never are: the person picks in an interactive sign-in with
   * prompt "select_account" (MSAL's nested app authentication hands the host no prompt, so
   * whether its popup offers the choice is the host's; the dialog's sign-in passes it to Entra).
   */
  private unprovenAmongSeveral(pca: IPublicClientApplication): boolean {
    return this.noHint() && pca.getAllAccounts().length > 1;
  }

  /**
   * The token's account when it is another person than Office's user, else null: by object id
   * where both are known (the account's localAccountId is its `oid`), else by username against
   * the login hint (the one address rule, core/address.ts). Without either or without an
   * account there is nothing to compare; MSAL's results for nested app authentication always
   * carry the account.
   */
  private otherPerson(result: AuthenticationResult): string | null {
    const account = result.account;
    if (!account) return null;
    const officeUser = isOfficeUser(account, this.deps);
    return officeUser === false || officeUser === "unconfirmed"
      ? account.username || account.localAccountId
      : null;
  }

  /**
   * The cached account for Office's user: the active one, else the one whose username is the
   * login hint, else the only one. Never "the first of several": with two accounts and none
   * active, that is a token for another person (AzureAD/microsoft-authentication-library-for-js
   * #7356); without an account the host answers for Office's user, and the popup gets the login hint.
   */
  private account(pca: IPublicClientApplication) {
    const active = pca.getActiveAccount();
    if (active) return active;
    const all = pca.getAllAccounts();
    const hint = this.deps.loginHint;
    const match =
      hint || this.deps.objectId ? all.find((a) => isOfficeUser(a, this.deps) === true) : undefined;
    if (match) return match;
    if (all.length === 1 && !hint) return all[0];
    return this.officeAccount();
  }

  /**
   * Office's user as an MSAL account, built from Office's auth context (office-js #4798): a fresh
   * pane has no cached account, and a request that names none is answered by a host with two
   * accounts for the other person (MSAL #7356). MSAL hands the account's homeAccountId
   * (`<oid>.<tid>`, Entra's form) to the host as platformBrokerId, which picks that account.
   * Undefined where Office gives no object id or tenant. The popup keeps only the login hint:
   * a host that ignores it still exists, and its token is refused (otherPerson).
   */
  private officeAccount(): AccountInfo | undefined {
    const { objectId, tenantId, loginHint } = this.deps;
    if (!objectId || !tenantId) return undefined;
    return {
      homeAccountId: `${objectId}.${tenantId}`,
      localAccountId: objectId,
      tenantId,
      environment: "login.microsoftonline.com",
      username: loginHint ?? "",
    };
  }

  private remember(pca: IPublicClientApplication, result: AuthenticationResult): string {
    if (result.account) pca.setActiveAccount(result.account);
    return result.accessToken;
  }

  /** `after`: why nested app authentication's own popup could not be used, if that is why. */
  /** The dialog's token while still valid for `options` (no claims, no refresh asked), else null. */
  private dialogTokenValid(options: TokenOptions): string | null {
    const now = (this.deps.now ?? Date.now)();
    const cached = this.dialogToken;
    return cached &&
      !options.claims &&
      !options.forceRefresh &&
      cached.expiresOn - now > DIALOG_TOKEN_MARGIN_MS
      ? cached.accessToken
      : null;
  }

  private async viaDialog(options: TokenOptions, after?: AuthError): Promise<string> {
    const valid = options.interactive ? null : this.dialogTokenValid(options);
    if (valid) return valid;
    const url = new URL(AUTH_DIALOG_PAGE, this.deps.baseUrl);
    if (options.claims) url.searchParams.set("claims", options.claims);
    if (this.deps.loginHint) url.searchParams.set("loginHint", this.deps.loginHint);
    if (this.deps.objectId) url.searchParams.set("objectId", this.deps.objectId);
    if (this.deps.scopes) url.searchParams.set("scope", this.deps.scopes.join(" "));
    if (this.emailScope().length) url.searchParams.set("email", "1");
    let message: string;
    try {
      message = await this.deps.openDialog(url.href);
    } catch (e) {
      const error = fromDialogError(e);
      recordFailure("auth", "dialogFailed", error);
      // No dialog API either: the blocked popup is what the user can do something about.
      throw error.kind === "unsupported" && after ? after : error;
    }
    const result = parseDialogResult(message);
    if (result.status !== "success") throw new AuthError(result.kind, result.message, result.code);
    // The dialog's sign-in page lets the person pick any account (a browser session for another
    // account answers silently): a token for another person than Office's user is refused here,
    // as the popup's is (MSAL #7356), and never kept. Without the account there is no proof.
    const hint = this.deps.loginHint;
    const signedIn = result.account
      ? {
          username: result.account,
          localAccountId: result.objectId ?? "",
          idTokenClaims: { email: result.addresses },
        }
      : null;
    // Only a mail address to go by: a UPN that differs is proof of nobody, and the token is taken
    // only where the account's ID token names that address (isOfficeUser "unconfirmed").
    const officeUser = signedIn ? isOfficeUser(signedIn, this.deps) : false;
    if (hint && signedIn && officeUser !== true) throw this.refusal(signedIn.username, signedIn);
    if (hint && !signedIn)
      throw new AuthError(
        "wrongAccount",
        `The sign-in did not say which account signed in; Outlook's user is ${hint}.`,
        "wrongAccount"
      );
    this.dialogToken = { accessToken: result.accessToken, expiresOn: result.expiresOn };
    return result.accessToken;
  }
}

/**
 * Whether an account is Office's user: by object id where both sides know it, else by username
 * against the login hint. Null when there is nothing to compare. Where the hint is only a mail
 * address (AccountManagerDeps.hintIsAddress) the username differs from, the account's ID-token
 * addresses (addressesOf) decide: one of them the hint, it is the user; some, none the hint, it
 * is another person's (a second account on the host, MSAL #7356: the pane says "pick your own",
 * code "wrongAccount"); none at all, "unconfirmed": the UPN may be the person's own
 * (plan-connect-userprincipalname) or another person's, and nothing tells which, so the token is
 * not taken on faith (code "accountUnconfirmed", the pane says what else helps).
 */
function isOfficeUser(
  account: { username?: string; localAccountId?: string; idTokenClaims?: object },
  expected: { loginHint?: SmtpAddress; objectId?: string; hintIsAddress?: boolean }
): boolean | null | "unconfirmed" {
  const oid = account.localAccountId?.trim().toLowerCase();
  if (expected.objectId && oid) return oid === expected.objectId;
  if (expected.loginHint && account.username) {
    if (toSmtpAddress(account.username) === expected.loginHint) return true;
    if (!expected.hintIsAddress) return false;
    // An ID token that names addresses, none of them the hint, is plainly another account's.
    const addresses = addressesOf(account.idTokenClaims);
    if (addresses.includes(expected.loginHint)) return true;
    return addresses.length ? false : "unconfirmed";
  }
  return null;
}

/**
 * The mail addresses an account's ID token names besides its username: `email`, and
 * `verified_primary_email` / `verified_secondary_email` (arrays, sourced from the user's
 * PrimaryAuthoritativeEmail / SecondaryAuthoritativeEmail). Entra issues them where the app asks
 * for the `email` scope or configures them as optional claims
 * (learn.microsoft.com/entra/identity-platform/id-token-claims-reference, optional-claims-
 * reference, scopes-oidc#email); absent otherwise. Normalised by the one address rule.
 */
export function addressesOf(claims: object | undefined): SmtpAddress[] {
  const c = (claims ?? {}) as Record<string, unknown>;
  const values = [c.email, c.verified_primary_email, c.verified_secondary_email].flatMap((v) =>
    Array.isArray(v) ? v : [v]
  );
  return values
    .filter((v): v is string => typeof v === "string" && v.includes("@"))
    .map((v) => toSmtpAddress(v));
}

function parseDialogResult(message: string): DialogResult {
  try {
    const result = JSON.parse(message) as Partial<DialogResult> | null;
    if (result?.status === "success" && typeof result.accessToken === "string")
      return {
        status: "success",
        accessToken: result.accessToken,
        expiresOn: Number(result.expiresOn) || 0,
        account: typeof result.account === "string" ? result.account : undefined,
        objectId: typeof result.objectId === "string" ? result.objectId : undefined,
        addresses: Array.isArray(result.addresses)
          ? result.addresses.filter((a): a is string => typeof a === "string")
          : undefined,
      };
    if (result?.status === "error" && typeof result.kind === "string")
      return {
        status: "error",
        kind: result.kind,
        code: result.code,
        message: String(result.message ?? ""),
      };
  } catch (e) {
    recordFailure("auth", "dialogResultUnreadable", e);
  }
  throw new AuthError("failed", "The sign-in dialog sent something unreadable.");
}
