/**
 * Delegated Microsoft Graph permissions Send From asks for: sending, and drafts in shared
 * mailboxes. Nothing broader. Scopes without a resource prefix are Microsoft Graph's (Entra's
 * rule), which also keeps them right in national clouds, whose Graph has another host name.
 */
export const GRAPH_SCOPES = [
  "Mail.Send",
  "Mail.Send.Shared",
  "Mail.ReadWrite",
  "Mail.ReadWrite.Shared",
] as const;

/**
 * "CP1": this client handles claims challenges (src/graph/auth/claims.ts), so Entra may issue
 * tokens that continuous access evaluation can revoke early instead of waiting for expiry.
 */
export const CLIENT_CAPABILITIES = ["CP1"];

/**
 * The Entra app registration the pane signs in with, from the build settings
 * (src/taskpane/build-config.ts: SEND_FROM_CLIENT_ID, SEND_FROM_AUTHORITY).
 */
export interface AppRegistration {
  clientId: string;
  /** e.g. https://login.microsoftonline.com/<tenant id> */
  authority: string;
}

/** The Office dialog page for where nested app authentication is unavailable (README: register it). */
export const AUTH_DIALOG_PAGE = "auth-dialog.html";
