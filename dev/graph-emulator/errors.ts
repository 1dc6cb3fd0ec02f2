// Graph error bodies. Codes and messages are quoted from the sources named beside each one
// (see ../../../shared/reference/exchange-and-graph.md section 3.2 for the collected quotes).
import { randomUUID } from "node:crypto";

export interface GraphResult {
  status: number;
  headers?: Record<string, string>;
  /** JSON value, raw bytes, or nothing. */
  body?: unknown;
  raw?: Buffer;
  /** Bytes produced while they are written (a message's MIME), with backpressure; the rest is
   * never produced once the client goes away (http.ts writeStream). */
  stream?: Iterable<Buffer>;
}

export const MESSAGES = {
  // Seed "Send Outlook messages from another user", example 2 (verbatim).
  sendAsDenied:
    "The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account. Cannot submit message.",
  // microsoft-graph-docs#9429/#4749, MS365-Mail#5.
  accessDenied: "Access is denied. Check credentials and try again.",
  // Graph ErrorItemNotFound, exchange-and-graph.md 3.2.
  itemNotFound: "The specified object was not found in the store.",
  // msgraph-sdk-javascript#1756, microsoft/MicrosoftCloud#41.
  mailboxNotEnabled: "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
  // microsoft-graph-docs-contrib#2561.
  messageSizeExceeded: "The message exceeds the maximum supported size.",
  // learn.microsoft.com/graph/throttling.
  tooManyRequests: "Please retry again later.",
  // microsoft-graph-docs-contrib#682: what Graph says when a request passes 4 MB.
  requestTooLarge: "The maximum request length supported is 4MB.",
  // Graph's answers to an empty or unparsable JSON payload.
  emptyPayload: "Empty Payload. JSON content expected.",
  badJson:
    "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
  // rlrghb/olkcli#95 (ErrorInvalidMailboxItemId when a shared-mailbox id is used under /me).
  invalidMailboxItemId: "Item Id doesn't belong to the current mailbox.",
  tokenEmpty: "Access token is empty.",
  tokenExpired: "Lifetime validation failed, the token is expired.",
  tokenMalformed: "JWT is not well formed.",
  tokenAudience: "Access token validation failure. Invalid audience.",
} as const;

/** Graph's date in innerError has no milliseconds and no zone, as in the seed's example. */
export function graphDate(d = new Date()): string {
  return d.toISOString().slice(0, 19);
}

export interface RequestIds {
  requestId: string;
  clientRequestId?: string;
}

export function newRequestIds(clientRequestId?: string): RequestIds {
  return { requestId: randomUUID(), clientRequestId };
}

/** {"error":{"code","message","innerError":{"request-id","date"}}}: key order as in the seed. */
export function graphError(
  ids: RequestIds,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
  extra?: Record<string, unknown>
): GraphResult {
  const innerError: Record<string, string> = { "request-id": ids.requestId, date: graphDate() };
  if (ids.clientRequestId) innerError["client-request-id"] = ids.clientRequestId;
  return { status, headers, body: { error: { code, message, innerError }, ...extra } };
}

/** Graph's directory shape for a /users/{id} that is not a user (groups have no mailbox). */
export function resourceNotFound(ids: RequestIds, id: string): GraphResult {
  return graphError(
    ids,
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`
  );
}

/** 401 answers carry Graph's WWW-Authenticate so MSAL-style clients can find the authority. */
export const WWW_AUTHENTICATE_BASE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

export function unauthorized(ids: RequestIds, message: string): GraphResult {
  return graphError(ids, 401, "InvalidAuthenticationToken", message, {
    "WWW-Authenticate": WWW_AUTHENTICATE_BASE,
  });
}

export function accessDenied(ids: RequestIds): GraphResult {
  return graphError(ids, 403, "ErrorAccessDenied", MESSAGES.accessDenied);
}

export function itemNotFound(ids: RequestIds): GraphResult {
  return graphError(ids, 404, "ErrorItemNotFound", MESSAGES.itemNotFound);
}

export function badRequest(ids: RequestIds, code: string, message: string): GraphResult {
  return graphError(ids, 400, code, message);
}

/** Default code and message of a status fault, by status. */
export function defaultFaultError(status: number): { code: string; message: string } {
  switch (status) {
    case 429:
      return { code: "TooManyRequests", message: MESSAGES.tooManyRequests };
    case 500:
      return { code: "InternalServerError", message: "An internal server error occurred." };
    case 502:
      return { code: "BadGateway", message: "Bad gateway." };
    case 503:
      return { code: "ServiceUnavailable", message: "Service is temporarily unavailable." };
    case 504:
      return { code: "GatewayTimeout", message: "The gateway timed out." };
    case 401:
      return { code: "InvalidAuthenticationToken", message: MESSAGES.tokenExpired };
    case 403:
      return { code: "ErrorAccessDenied", message: MESSAGES.accessDenied };
    case 404:
      return { code: "ErrorItemNotFound", message: MESSAGES.itemNotFound };
    default:
      return { code: "generalException", message: "An error occurred." };
  }
}

/** 429 body per learn.microsoft.com/graph/throttling: innerError carries code "429". */
export function tooManyRequests(ids: RequestIds, retryAfter?: number): GraphResult {
  const headers: Record<string, string> = {};
  if (retryAfter !== undefined) headers["Retry-After"] = String(retryAfter);
  return {
    status: 429,
    headers,
    body: {
      error: {
        code: "TooManyRequests",
        message: MESSAGES.tooManyRequests,
        innerError: {
          code: "429",
          "request-id": ids.requestId,
          date: graphDate(),
          ...(ids.clientRequestId ? { "client-request-id": ids.clientRequestId } : {}),
        },
      },
    },
  };
}
