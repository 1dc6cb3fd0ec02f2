/** Delegated Microsoft Graph permissions Send From asks for: sending, and drafts in shared mailboxes. Nothing broader. */
export const GRAPH_SCOPES = [
  "Mail.Send",
  "Mail.Send.Shared",
  "Mail.ReadWrite",
  "Mail.ReadWrite.Shared",
] as const;

export interface AuthConfig {
  clientId: string;
  /** e.g. https://login.microsoftonline.com/<tenant id> */
  authority: string;
}

/** The Office dialog page for where nested app authentication is unavailable (README: register it). */
export const AUTH_DIALOG_PAGE = "auth-dialog.html";
