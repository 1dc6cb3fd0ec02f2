import { recordFailure } from "../core/diagnostics";
import { tokenForChallenge } from "./auth/claims";
import { readAccessToken } from "./auth/token-claims";
import type { TokenSource } from "./auth/token-source";

// A small Graph HTTP layer with the retry rules this add-in needs. The Graph JS client's retry
// handler retries POSTs on 5xx/504, which for /send can mean a second copy; here every request
// says whether repeating it is safe, and unsafe ones are never repeated blindly.

/** Why a request failed, as the explanations in src/core/send-errors.ts understand it. */
export class GraphError extends Error {
  constructor(
    /** HTTP status; 0 when no answer came (network loss, timeout, dropped connection). */
    readonly status: number,
    /** Graph's error code (ErrorSendAsDenied…), "network" or "timeout" without an answer. */
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
    readonly requestId: string | null = null
  ) {
    super(message);
    this.name = "GraphError";
  }

  /**
   * The delegated scopes (`scp`) of the token this very request carried, when Graph answered it
   * with an error; null when that token says none (opaque), undefined when no token was sent
   * (an upload URL) or no answer came. Only scope names, never the token: they tell missing
   * consent from Exchange's refusal at whichever step failed (core/send-errors.ts).
   */
  tokenScopes?: string[] | null;

  /**
   * No answer, or an answer that does not say whether the request was carried out. 503 counts:
   * Graph can answer 5xx after the write landed (Microsoft Q&A 5629476, sendMail "failed" yet
   * delivered), so a 503 is no proof that a POST was not done.
   */
  get ambiguous(): boolean {
    return this.status === 0 || (this.status >= 500 && this.status !== 501 && this.status <= 504);
  }
}

export interface GraphRequest {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** A path under the Graph base URL ("/me/messages"), or an absolute upload URL. */
  path: string;
  /** JSON (object) or raw bytes (Blob or Uint8Array, for upload chunks). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Upload session URLs must be called without the token (Graph's docs). */
  anonymous?: boolean;
  /** Whether sending it twice is harmless. Decides what is retried. */
  idempotent: boolean;
  /**
   * Called after a throttling or transient wait, just before the request is repeated; what it
   * throws ends the request with that error, unrepeated. The send request uses it to look at the
   * compose window again after "Microsoft 365 is busy; trying again…": an edit made during that
   * wait is saved and sent, not discarded with the window (src/graph/send.ts submit; rev12p P7).
   */
  beforeRepeat?: () => Promise<void>;
}

export interface HttpOptions {
  baseUrl: string;
  tokens: TokenSource;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Give up on one request after this long (default 60 s; uploads get their own). */
  timeoutMs?: number;
  /** Retries after throttling or a transient failure (default 3). */
  maxRetries?: number;
  /** Longest wait honoured from Retry-After before giving up and telling the user (default 60 s). */
  maxWaitSeconds?: number;
  /** Called before each wait, so the UI can say "Outlook is busy, retrying in 10 s". */
  onWait?: (seconds: number, reason: "throttled" | "unavailable") => void;
  /** Called for every request sent (the benchmark counts requests and bytes). */
  onRequest?: (request: GraphRequest, bytesOut: number) => void;
}

export type Http = (request: GraphRequest) => Promise<Response>;

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function errorFrom(response: Response): Promise<GraphError> {
  let code = `HTTP${response.status}`;
  let message = response.statusText || `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body?.error?.code) code = body.error.code;
    if (body?.error?.message) message = body.error.message;
  } catch {
    // not JSON: keep the status
  }
  return new GraphError(
    response.status,
    code,
    message,
    parseRetryAfter(response.headers.get("retry-after")),
    response.headers.get("request-id")
  );
}

export function createHttp(options: HttpOptions): Http {
  const doFetch =
    options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const sleep = options.sleep ?? sleepFor;
  const maxRetries = options.maxRetries ?? 3;
  const maxWait = options.maxWaitSeconds ?? 60;

  async function once(request: GraphRequest, token: string | null): Promise<Response> {
    const url = /^https?:/.test(request.path) ? request.path : `${options.baseUrl}${request.path}`;
    const headers: Record<string, string> = { ...request.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (request.body instanceof Blob) body = request.body;
    else if (request.body instanceof Uint8Array) body = request.body as Uint8Array<ArrayBuffer>;
    else if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers["Content-Type"] = "application/json";
    }
    options.onRequest?.(
      request,
      request.body instanceof Blob
        ? request.body.size
        : request.body instanceof Uint8Array
          ? request.body.byteLength
          : typeof body === "string"
            ? body.length
            : 0
    );
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 60_000);
    try {
      return await doFetch(url, {
        method: request.method,
        headers,
        body,
        signal: controller.signal,
      });
    } catch (e) {
      const timedOut = e instanceof Error && e.name === "AbortError";
      throw new GraphError(
        0,
        timedOut ? "timeout" : "network",
        e instanceof Error ? e.message : String(e)
      );
    } finally {
      clearTimeout(timer);
    }
  }

  return async function http(request: GraphRequest): Promise<Response> {
    let token = request.anonymous ? null : await options.tokens.getToken();
    let reauthenticated = false;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await once(request, token);
      } catch (e) {
        // No answer: repeat only what is safe to repeat; the caller checks state for the rest.
        if (e instanceof GraphError && request.idempotent && attempt < maxRetries) {
          recordFailure("send", "retryAfterNoAnswer", e);
          await sleep(backoff(attempt));
          continue;
        }
        throw e;
      }
      if (response.ok) return response;

      if (response.status === 401 && !request.anonymous && !reauthenticated) {
        reauthenticated = true;
        // A claims challenge gets a token with those claims; any other 401, a fresh token.
        token = await tokenForChallenge(options.tokens, response.headers.get("www-authenticate"));
        attempt--;
        continue;
      }
      const error = await errorFrom(response);
      if (token) error.tokenScopes = readAccessToken(token)?.scopes ?? null;
      // 429 means "throttled, not done" for any request (learn.microsoft.com/graph/throttling),
      // so repeating is safe. A 503, like any 5xx, may come after the write landed (Microsoft Q&A
      // 5629476): a POST is not repeated on it, or a create would leave two copies (rev12 P1);
      // the caller looks for what it made (send.ts).
      const transient = response.status === 429 || (request.idempotent && error.ambiguous);
      if (transient && attempt < maxRetries) {
        const wait = error.retryAfterSeconds ?? backoff(attempt) / 1000;
        if (wait > maxWait) throw error;
        options.onWait?.(Math.ceil(wait), response.status === 429 ? "throttled" : "unavailable");
        await sleep(wait * 1000);
        await request.beforeRepeat?.();
        continue;
      }
      throw error;
    }
  };
}

/** 1 s, 2 s, 4 s… with jitter so many panes do not retry in step. */
function backoff(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** attempt) * (0.8 + Math.random() * 0.4);
}

/** JSON of a successful response, typed by the caller. */
export async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
