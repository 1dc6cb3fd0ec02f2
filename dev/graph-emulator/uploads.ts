// Attachment upload sessions (learn.microsoft.com/graph/api/attachment-createuploadsession and
// /graph/outlook-large-attachments): an opaque, pre-authenticated URL that takes sequential PUTs
// of at most 4 MB, answers 200 {nextExpectedRanges} until the last byte, then 201 + Location.
import type { IncomingMessage } from "node:http";
import { randomBytes } from "node:crypto";
import { drain } from "./http";
import { graphError, itemNotFound, type GraphResult, type RequestIds } from "./errors";
import { newItemId } from "./store";

/** "iteratively upload ranges of bytes (up to 4 MB each time)". */
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
/** "Use this approach to attach a file if the file size is between 3 MB and 150 MB". The docs do
 * not say which megabyte; 3,000,000 (stricter than the field: the measured minimum is 2,097,152
 * bytes, msgraph-sdk-java PR #52), and 150 MiB is the generous reading of the ceiling. */
export const MIN_SESSION_BYTES = 3_000_000;
export const MAX_SESSION_BYTES = 150 * 1024 * 1024;
/** Not documented; long enough for a slow 150 MB upload. */
const SESSION_LIFETIME_MS = 60 * 60 * 1000;

export interface UploadSession {
  id: string;
  authtoken: string;
  owner: string;
  ownerId: string;
  messageId: string;
  name: string;
  size: number;
  contentType: string;
  isInline: boolean;
  contentId?: string;
  next: number;
  /** Allocated on the first PUT so an unused session costs nothing. */
  buffer?: Buffer;
  expires: Date;
}

export type PutOutcome =
  | { kind: "answer"; result: GraphResult; bytesIn: number }
  | { kind: "complete"; session: UploadSession; bytesIn: number };

const PATH =
  /^\/api\/v2\.0\/Users\('([^']*)'\)\/Messages\('([^']*)'\)\/AttachmentSessions\('([^']*)'\)$/i;

/**
 * An upload session's authtoken as Exchange hands it out: a JWT (createUploadSession's documented
 * response, learn.microsoft.com/graph/api/attachment-createuploadsession: `?authtoken=eyJhbGciOiJSUzI1NiIs…`),
 * so a test that looks for tokens in logs recognises it. Unsigned; only the emulator reads it.
 */
function sessionToken(): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part({ nonce: randomBytes(18).toString("base64url") })}.${randomBytes(32).toString("base64url")}`;
}

export class UploadSessions {
  private readonly sessions = new Map<string, UploadSession>();

  static isUploadPath(path: string): boolean {
    return PATH.test(path);
  }

  create(init: Omit<UploadSession, "id" | "authtoken" | "next" | "expires">): UploadSession {
    const session: UploadSession = {
      ...init,
      id: newItemId("AAMkADSession").id,
      authtoken: sessionToken(),
      next: 0,
      expires: new Date(Date.now() + SESSION_LIFETIME_MS),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** Mirrors the documented URL shape: .../Users('{oid}@{tid}')/Messages('{id}')/AttachmentSessions('{id}')?authtoken=... */
  urlFor(session: UploadSession, root: string, tenantId: string): string {
    return (
      `${root}/api/v2.0/Users('${session.ownerId}@${tenantId}')/Messages('${session.messageId}')` +
      `/AttachmentSessions('${session.id}')?authtoken=${session.authtoken}`
    );
  }

  attachmentUrl(session: UploadSession, attachmentId: string, root: string, tenantId: string) {
    return (
      `${root}/api/v2.0/Users('${session.ownerId}@${tenantId}')/Messages('${session.messageId}')` +
      `/Attachments('${attachmentId}')`
    );
  }

  status(session: UploadSession) {
    return {
      expirationDateTime: session.expires.toISOString(),
      nextExpectedRanges: [session.next === 0 ? "0-" : String(session.next)],
    };
  }

  /** The session a request addresses, or an answer refusing it. */
  find(
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
    ids: RequestIds
  ): UploadSession | GraphResult {
    const m = PATH.exec(path);
    const session = m ? this.sessions.get(m[3]) : undefined;
    // The URL is pre-authenticated: "Do not specify an Authorization request header".
    if (req.headers.authorization) {
      return graphError(
        ids,
        401,
        "InvalidAuthenticationToken",
        "The upload URL is pre-authenticated; do not send an Authorization header."
      );
    }
    if (!session || session.messageId !== m?.[2]) return itemNotFound(ids);
    if (query.get("authtoken") !== session.authtoken) {
      return graphError(ids, 401, "InvalidAuthenticationToken", "The authtoken is not valid.");
    }
    if (Date.now() > session.expires.getTime()) {
      this.sessions.delete(session.id);
      return itemNotFound(ids);
    }
    return session;
  }

  cancel(session: UploadSession) {
    this.sessions.delete(session.id);
  }

  /** One PUT: validated from its headers first, then streamed straight into the session's buffer. */
  async put(req: IncomingMessage, session: UploadSession, ids: RequestIds): Promise<PutOutcome> {
    const refuse = async (result: GraphResult): Promise<PutOutcome> => ({
      kind: "answer",
      result,
      bytesIn: await drain(req),
    });
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(req.headers["content-range"] ?? ""));
    if (!range) {
      return refuse(
        graphError(ids, 400, "InvalidRange", "Content-Range must be 'bytes {start}-{end}/{total}'.")
      );
    }
    const [start, end, total] = range.slice(1).map(Number);
    if (total !== session.size || end < start || end >= total) {
      return refuse(
        graphError(
          ids,
          400,
          "InvalidRange",
          `The range ${start}-${end}/${total} does not fit the session's ${session.size} bytes.`
        )
      );
    }
    const length = end - start + 1;
    if (length > MAX_CHUNK_BYTES) {
      return refuse(
        graphError(ids, 413, "RequestEntityTooLarge", "Each range may carry at most 4 MB.")
      );
    }
    // "You must upload bytes in a file in order."
    if (start !== session.next) {
      return refuse(
        graphError(
          ids,
          416,
          "RequestedRangeNotSatisfiable",
          `The next expected byte is ${session.next}.`,
          undefined,
          { nextExpectedRanges: [String(session.next)] }
        )
      );
    }
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) !== length) {
      return refuse(
        graphError(ids, 400, "InvalidRange", "Content-Length does not match Content-Range.")
      );
    }
    session.buffer ??= Buffer.allocUnsafe(session.size);
    let written = 0;
    let overflow = false;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      if (overflow || written + chunk.length > length) overflow = true;
      else chunk.copy(session.buffer, start + written);
      written += chunk.length;
    }
    if (overflow || written !== length) {
      return {
        kind: "answer",
        bytesIn: written,
        result: graphError(
          ids,
          400,
          "InvalidRange",
          `Received ${written} bytes for a ${length}-byte range.`
        ),
      };
    }
    session.next = end + 1;
    if (session.next < session.size) {
      return {
        kind: "answer",
        bytesIn: written,
        result: { status: 200, body: this.status(session) },
      };
    }
    this.sessions.delete(session.id);
    return { kind: "complete", session, bytesIn: written };
  }
}
