// HTTP plumbing: CORS, reading bodies under a cap, writing results, counting bytes.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GraphResult } from "./errors";

/** Graph refuses request bodies over 4 MB (microsoft-graph-docs-contrib#682/#7254; a file over
 * 3 MB in one POST is refused, microsoft-graph-docs#85); hence upload sessions for attachments
 * over 3 MB (outlook-large-attachments). Which megabyte the docs do not say; it was measured:
 * "Maximum POST byte size for uploading is exactly 3145611 bytes" (gantners, microsoftgraph/
 * msgraph-sdk-java PR #52, 2020; microsoft-graph-docs #9589): that file's base64 and the
 * request's other fields make 4 MiB, 4,194,304 bytes. */
export const MAX_JSON_REQUEST_BYTES = 4 * 1024 * 1024;

export const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers":
    "Retry-After, WWW-Authenticate, Location, request-id, client-request-id",
};

export const PREFLIGHT_HEADERS: Record<string, string> = {
  ...CORS_HEADERS,
  "Access-Control-Allow-Methods": "GET, POST, PATCH, PUT, DELETE, OPTIONS",
  "Access-Control-Allow-Headers":
    "Authorization, Content-Type, Content-Range, Prefer, client-request-id",
  "Access-Control-Max-Age": "600",
};

export type BodyRead =
  { body: Buffer; bytes: number; tooLarge: false } | { bytes: number; tooLarge: true };

/** Reads the whole body unless it passes `limit`; then the rest is read and thrown away so the
 * client, still sending, gets the answer instead of a reset connection. */
export async function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  const chunks: Buffer[] = [];
  let bytes = 0;
  let tooLarge = declared > limit;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (!tooLarge && bytes > limit) {
      tooLarge = true;
      chunks.length = 0;
    }
    if (!tooLarge) chunks.push(chunk);
  }
  return tooLarge ? { bytes, tooLarge } : { body: Buffer.concat(chunks, bytes), bytes, tooLarge };
}

export async function drain(req: IncomingMessage): Promise<number> {
  let bytes = 0;
  if (req.readableEnded) return 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) bytes += chunk.length;
  } catch {
    // The client went away; nothing to answer.
  }
  return bytes;
}

/** Writes a result; returns the number of body bytes sent. */
export function writeResult(
  res: ServerResponse,
  result: GraphResult,
  common: Record<string, string>
): number {
  let payload: Buffer | undefined;
  const headers: Record<string, string> = { ...CORS_HEADERS, ...common, ...result.headers };
  if (result.raw) {
    payload = result.raw;
  } else if (result.body !== undefined) {
    payload = Buffer.from(JSON.stringify(result.body));
    headers["Content-Type"] ??= "application/json; odata.metadata=minimal; charset=utf-8";
  }
  headers["Content-Length"] = String(payload?.length ?? 0);
  res.writeHead(result.status, headers);
  res.end(payload);
  return payload?.length ?? 0;
}

/** Ends the exchange without an answer, as a network failure would. */
export function dropConnection(req: IncomingMessage, res: ServerResponse) {
  req.socket.destroy();
  res.destroy();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Writes a streamed result chunk by chunk, waiting for the socket to drain, and stops producing
 * when the client closes the connection (a reader cancelled after what it needed). `entry` gets
 * the body bytes written so far, and `cancelled` when the client left before the end.
 */
export async function writeStream(
  res: ServerResponse,
  result: GraphResult & { stream: Iterable<Buffer> },
  common: Record<string, string>,
  entry: { bytesOut: number; cancelled?: true }
): Promise<void> {
  res.writeHead(result.status, { ...CORS_HEADERS, ...common, ...result.headers });
  let gone = false;
  const onClose = () => (gone = true);
  res.on("close", onClose);
  try {
    for (const chunk of result.stream) {
      if (gone || res.destroyed) break;
      entry.bytesOut += chunk.length;
      if (!res.write(chunk))
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off("drain", done);
            res.off("close", done);
            resolve();
          };
          res.on("drain", done);
          res.on("close", done);
        });
    }
    if (gone || res.destroyed) entry.cancelled = true;
    else res.end();
  } finally {
    res.off("close", onClose);
  }
}
