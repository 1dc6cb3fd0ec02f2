/**
 * What the Graph pipeline needs from sign-in: a bearer token for Graph. Its own module so that
 * http.ts (which asks for tokens) and auth/ (which provides them) depend on it, not on each other.
 */
export interface TokenSource {
  /** A token for Graph; `claims` answers a claims challenge. */
  getToken(options?: { claims?: string; forceRefresh?: boolean }): Promise<string>;
}
