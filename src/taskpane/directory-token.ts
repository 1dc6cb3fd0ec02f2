import type { TokenSource } from "../graph/auth/token-source";

/**
 * The `Authorization` header for the directory service (protected mode: GET B/me), as a
 * DirectoryOptions.headers provider. `loadTokens` loads the sign-in library on first use; it is
 * called at most once (also when it fails: a pane session does not retry a chunk that failed to
 * load — the Retry button's next load asks the same, already settled, source). The token comes
 * from Outlook's nested app authentication where supported, else the Office dialog
 * (src/graph/auth/account-manager.ts); it is sent only to the directory service, never logged.
 *
 * `fresh`: the service refused the last token (401: expired or revoked before its time), so
 * MSAL skips its cache (forceRefresh) and asks the host or the sign-in service for a new one.
 *
 * Rejects when no token can be had: the directory client then reports "signInNeeded" and keeps
 * showing the last good copy.
 */
export function directoryAuthorization(
  loadTokens: () => Promise<TokenSource>
): (options?: { fresh?: boolean }) => Promise<Record<string, string>> {
  let tokens: Promise<TokenSource> | null = null;
  return async ({ fresh = false } = {}) => {
    tokens ??= loadTokens();
    const token = await (await tokens).getToken(fresh ? { forceRefresh: true } : undefined);
    return { Authorization: `Bearer ${token}` };
  };
}

/**
 * Resolves once the browser has painted the next frame (a requestAnimationFrame, then a task), or
 * after `maxMs` where no frame comes (a hidden or background pane pauses animation frames). The
 * pane loads the sign-in library (about 80 KB gzip to fetch, parse and run) only after this, so
 * the cached list it has just rendered reaches the screen first (bench/pane.cjs, cached shard).
 */
export function afterNextPaint(maxMs = 50): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    setTimeout(done, maxMs);
    if (typeof requestAnimationFrame === "function")
      requestAnimationFrame(() => setTimeout(done, 0));
  });
}
