/** Why no token could be had, in the terms the pane explains (src/core/send-errors.ts). */
export type AuthErrorKind =
  | "cancelled"
  | "popupBlocked"
  | "consentRequired"
  | "interactionRequired"
  | "network"
  | "unavailable"
  | "failed";

export class AuthError extends Error {
  override readonly name = "AuthError";
  constructor(
    readonly kind: AuthErrorKind,
    message: string,
    /** MSAL's or the dialog's error code, for the details line. */
    readonly code?: string
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

const INTERACTION = new Set([
  "interaction_required",
  "login_required",
  "consent_required",
  "no_tokens_found",
  "native_account_unavailable",
  "bad_token",
]);

/** Maps an MSAL error (from silent, popup or the bridge) to what the user can do about it. */
export function fromMsalError(e: unknown): AuthError {
  if (e instanceof AuthError) return e;
  const err = (e ?? {}) as MsalLikeError;
  const code = err.errorCode ?? "";
  const text = `${err.errorMessage ?? err.message ?? String(e)}`;
  if (
    code === "user_cancelled" ||
    code === "user_canceled" ||
    (code === "access_denied" && /cancel/i.test(text))
  ) {
    return new AuthError("cancelled", text, code);
  }
  if (
    code === "popup_window_error" ||
    code === "empty_window_error" ||
    code === "block_nested_popups"
  ) {
    return new AuthError("popupBlocked", text, code);
  }
  if (
    code === "consent_required" ||
    err.subError === "consent_required" ||
    /AADSTS65001|AADSTS90094|consent/i.test(text)
  ) {
    return new AuthError("consentRequired", text, code || "consent_required");
  }
  if (INTERACTION.has(code) || err.name === "InteractionRequiredAuthError") {
    return new AuthError("interactionRequired", text, code);
  }
  if (code === "no_network_connectivity" || code === "network_error" || /network/i.test(code)) {
    return new AuthError("network", text, code);
  }
  if (code === "nested_app_auth_bridge_disabled") return new AuthError("unavailable", text, code);
  return new AuthError("failed", text, code || undefined);
}
