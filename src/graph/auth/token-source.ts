/**
 * What the Graph pipeline needs from sign-in: a bearer token for Graph. Its own module so that
 * http.ts (which asks for tokens) and auth/ (which provides them) depend on it, not on each other.
 */
export interface TokenSource {
  /**
   * A token for Graph; `claims` answers a claims challenge. `silentOnly`: never a popup or
   * dialog (work the person did not ask for, at the pane's start); rejects where one is needed.
   */
  getToken(options?: {
    claims?: string;
    forceRefresh?: boolean;
    silentOnly?: boolean;
  }): Promise<string>;
}
