// The lazy "send" chunk: everything needed to send through Graph, loaded on first use so MSAL
// and the pipeline stay out of the task pane's first paint.
import type { TokenSource } from "./auth/token-source";
import { createHttp, HttpOptions } from "./http";
import { ComposeWindow, Sender, SendOutcome as SenderOutcome, SendProgress } from "./send";
import type { Mailbox, SendMode } from "../core/model";
import type { OpenAttemptStore } from "../core/open-attempt";

import { readAccessToken } from "./auth/token-claims";

export { GraphError } from "./http";
export { AuthError, createAccountManager, tokenForChallenge } from "./auth";
export type { SendProgress } from "./send";

/**
 * The Sender's outcome; a refusal also carries the delegated scopes of the token the requests
 * carried (its `scp`, graph/auth/token-claims.ts), so the explanation can tell missing consent
 * from a right Exchange refused (core/send-errors.ts explainGraphFailure's `scopes`). Only the
 * scope names: never the token.
 */
export type SendOutcome = SenderOutcome & { tokenScopes?: string[] | null };

export type SendEvent = SendProgress | { step: "signingIn" } | { step: "waiting"; seconds: number };

export interface SendService {
  send(mailbox: Mailbox, mode: SendMode, onEvent: (e: SendEvent) => void): Promise<SendOutcome>;
  /**
   * After an outcome that could not be known: looks for the message (bounded wait, by its
   * Internet message id, in the Sent Items and Drafts of the mailbox it went through). Never
   * sends. Sent, proven unsent (draftIntact) or still unknown.
   */
  check(onEvent: (e: SendEvent) => void): Promise<SendOutcome>;
  /**
   * At the pane's start: removes the copies an unanswered create may have left in a mailbox's
   * Drafts (graph/send.ts removeLeftoverCopies; core/open-attempt.ts LeftoverCopy), signing in
   * silently only (no popup or dialog the person did not ask for: a sign-in that needs them
   * leaves the copies for the next send). Takes turns with sends in this pane (graph/send.ts
   * inTurn): a send pressed meanwhile waits for it, and it waits for a running send. Sends
   * nothing; never rejects.
   */
  tidy?(): Promise<void>;
}

export interface SendServiceOptions {
  graphUrl: string;
  compose: ComposeWindow;
  tokens: TokenSource;
  fetch?: HttpOptions["fetch"];
  onRequest?: HttpOptions["onRequest"];
  sleep?: HttpOptions["sleep"];
  /**
   * Where a send whose outcome is unknown is kept for the compose item, so a reopened pane does
   * not send it again (office/open-attempt-store.ts). Absent: only this pane knows.
   */
  attempts?: OpenAttemptStore;
  /** The clock (ms since 1970) for the open attempt's age; default Date.now. */
  now?: () => number;
  /** How long a removal of leftover copies may take, ms (graph/send.ts LEFTOVER_CLEANUP_MS). */
  cleanupMs?: number;
}

export function createSendService(options: SendServiceOptions): SendService {
  let listener: (e: SendEvent) => void = () => undefined;
  /**
   * The step the pipeline last said (SendProgress): said again once the first sign-in is done,
   * so the pane does not go on saying "Signing in…" while that step's request runs (rev12f #6:
   * a removal of a leftover copy read as signing in for its whole bound).
   */
  let lastStep: SendProgress | null = null;
  const listen = (onEvent: (e: SendEvent) => void) => {
    lastStep = null;
    listener = onEvent;
    return (p: SendProgress) => {
      lastStep = p;
      onEvent(p);
    };
  };
  let signedIn = false;
  /** The last token handed out: read (its scopes) only to explain a refusal, never logged. */
  let lastToken: string | null = null;
  const tokens: TokenSource = {
    async getToken(request) {
      const first = !signedIn;
      if (first) listener({ step: "signingIn" });
      const token = await options.tokens.getToken(request);
      signedIn = true;
      lastToken = token;
      if (first && lastStep) listener(lastStep);
      return token;
    },
  };
  // The scopes of the token the failed request itself carried (GraphError.tokenScopes, set by the
  // HTTP layer for reading, writing, uploading and sending alike); a later request (a clean-up, a
  // refreshed token) may have carried another. The last token stands in only where the error
  // did not come from an answered request with a token.
  const withScopes = (outcome: SenderOutcome): SendOutcome => {
    if (outcome.ok || !("draftIntact" in outcome)) return outcome;
    if (outcome.error.tokenScopes !== undefined)
      return { ...outcome, tokenScopes: outcome.error.tokenScopes };
    return lastToken
      ? { ...outcome, tokenScopes: readAccessToken(lastToken)?.scopes ?? null }
      : outcome;
  };
  const http = createHttp({
    baseUrl: options.graphUrl,
    tokens,
    fetch: options.fetch,
    onRequest: options.onRequest,
    sleep: options.sleep,
    onWait: (seconds) => listener({ step: "waiting", seconds }),
  });
  const sender = new Sender(
    http,
    options.compose,
    options.sleep,
    options.attempts,
    options.now,
    options.cleanupMs
  );
  // The pane start's requests: the same Graph, a token only where it comes without the person.
  const quietHttp = createHttp({
    baseUrl: options.graphUrl,
    tokens: { getToken: (request) => options.tokens.getToken({ ...request, silentOnly: true }) },
    fetch: options.fetch,
    onRequest: options.onRequest,
    sleep: options.sleep,
  });
  return {
    async send(mailbox, mode, onEvent) {
      const onProgress = listen(onEvent);
      try {
        return withScopes(await sender.send(mailbox, mode, onProgress));
      } finally {
        listener = () => undefined;
      }
    },
    tidy: () => sender.tidy(quietHttp),
    async check(onEvent) {
      const onProgress = listen(onEvent);
      try {
        return withScopes(await sender.check(onProgress));
      } finally {
        listener = () => undefined;
      }
    },
  };
}
