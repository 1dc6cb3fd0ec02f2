/**
 * Why no token could be had, in terms the pane can explain (src/core/send-errors.ts):
 * - cancelled: the user closed the sign-in popup or dialog, or declined consent;
 * - popupBlocked: the browser or Outlook would not open a sign-in window;
 * - consentRequired: the user must consent to Send From's Graph permissions;
 * - adminConsentRequired: only an administrator can consent (the tenant forbids user consent);
 * - interactionRequired: the sign-in needs the user and no window could be shown;
 * - network: the sign-in service could not be reached;
 * - unavailable: nested app authentication is not available here (the dialog is tried next);
 * - unsupported: neither nested app authentication nor the Office dialog API is available;
 * - wrongAccount: the token is for another person than Office's user (a second account known to
 *   the host: AzureAD/microsoft-authentication-library-for-js#7356), or could not be shown to be
 *   Office's user (code "accountUnconfirmed": only a mail address to go by, and the account's ID
 *   token names no address; AccountManagerDeps.hintIsAddress); nothing is sent with it;
 * - failed: anything else (the code says what).
 */
export type AuthErrorKind =
  | "cancelled"
  | "popupBlocked"
  | "consentRequired"
  | "adminConsentRequired"
  | "interactionRequired"
  | "network"
  | "unavailable"
  | "unsupported"
  | "wrongAccount"
  | "failed";

export class AuthError extends Error {
  override readonly name = "AuthError";
  constructor(
    readonly kind: AuthErrorKind,
    message: string,
    /** MSAL's, Entra's (AADSTS…) or the Office dialog's code, for the details line. */
    readonly code?: string,
    /**
     * wrongAccount: the account the sign-in gave and Send From refused (its username, else its
     * object id), for the pane to name; absent where the sign-in named none.
     */
    readonly account?: string
  ) {
    super(message);
  }
}

interface MsalLikeError {
  errorCode?: string;
  subError?: string;
  errorMessage?: string;
  message?: string;
  name?: string;
}

const CANCELLED = new Set(["user_cancelled", "user_canceled"]);
const POPUP_BLOCKED = new Set(["popup_window_error", "empty_window_error", "block_nested_popups"]);
const INTERACTION = new Set([
  "interaction_required",
  "login_required",
  "no_tokens_found",
  "native_account_unavailable",
  "bad_token",
  "no_account_in_silent_request",
  "no_account_error",
  "no_account_found",
  "token_refresh_required",
]);
// "no_network" and "bridge_timeout" come from the host's bridge; the rest from MSAL's own fetches.
const NETWORK = new Set([
  "no_network_connectivity",
  "no_network",
  "network_error",
  "endpoints_resolution_error",
  "post_request_failed",
  "get_request_failed",
  "bridge_timeout",
]);
const UNAVAILABLE = new Set([
  "nested_app_auth_bridge_disabled",
  "bridge_unavailable",
  "bridge_disabled",
]);

/**
 * Entra's codes, which arrive inside messages rather than as MSAL codes:
 * AADSTS65004 the user declined consent; AADSTS90094 / AADSTS90095 an administrator must consent
 * (user consent is off, or goes through an approval request); AADSTS65001 consent is missing.
 */
const ADMIN_CONSENT = /AADSTS(90094|90095|90099)\b/;
const DECLINED = /AADSTS65004\b/;
const CONSENT = /AADSTS65001\b/;

/** Maps an MSAL error (from silent, popup, redirect or the host's bridge) to what the user can do. */
export function fromMsalError(e: unknown): AuthError {
  if (e instanceof AuthError) return e;
  const err = (e ?? {}) as MsalLikeError;
  const code = err.errorCode ?? "";
  const text = `${err.errorMessage ?? err.message ?? String(e)}`;
  const aadsts = /AADSTS\d+/.exec(text)?.[0];
  if (
    CANCELLED.has(code) ||
    DECLINED.test(text) ||
    (code === "access_denied" && /cancel/i.test(text))
  )
    return new AuthError("cancelled", text, aadsts ?? code);
  if (POPUP_BLOCKED.has(code)) return new AuthError("popupBlocked", text, code);
  if (ADMIN_CONSENT.test(text)) return new AuthError("adminConsentRequired", text, aadsts);
  if (code === "consent_required" || err.subError === "consent_required" || CONSENT.test(text))
    return new AuthError("consentRequired", text, aadsts ?? "consent_required");
  if (INTERACTION.has(code) || err.name === "InteractionRequiredAuthError")
    return new AuthError("interactionRequired", text, code || undefined);
  if (NETWORK.has(code)) return new AuthError("network", text, code);
  if (UNAVAILABLE.has(code)) return new AuthError("unavailable", text, code);
  return new AuthError("failed", text, aadsts ?? (code || undefined));
}

/**
 * Maps an Office dialog failure (displayDialogAsync's error, or a DialogEventReceived code) to
 * an AuthError. Codes: learn.microsoft.com/office/dev/add-ins/develop/dialog-handle-errors-events.
 */
export function fromDialogError(e: unknown): AuthError {
  const err = (e ?? {}) as { code?: unknown; name?: string; message?: string };
  const text = err.message ?? String(e);
  // src/office/dialog.ts: the host has no dialog API at all.
  if (err.name === "DialogUnavailableError") return new AuthError("unsupported", text);
  const code = typeof err.code === "number" ? err.code : undefined;
  switch (code) {
    case 12006: // closed by the user
    case 12009: // the user chose to ignore it (Outlook on the web's prompt)
      return new AuthError("cancelled", text, String(code));
    case 12011: // Outlook on the web: the browser blocks pop-ups
      return new AuthError("popupBlocked", text, String(code));
  }
  return new AuthError("failed", text, code === undefined ? undefined : String(code));
}
