import { createPrivateKey, X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import { AddressInfo } from "node:net";
import { createHandler, ServiceHandler, ServiceRequest } from "./handler";
import { ServiceSettings } from "./settings";
import { DirectoryStore, StoreLog } from "./store";
import { createTokenVerifier } from "./tokens";

// The directory service on a plain Node http or https server (send-from-admin serve, or any
// container host). The same handler runs under Azure Functions (functions.ts).

/**
 * Largest request head Node accepts before the handler sees it (bytes). Above Node's 16 KB
 * default, so an oversized Authorization header is answered 401 by the handler rather than 431.
 */
export const MAX_HEADER_BYTES = 64 * 1024;

export interface RunningService {
  /** The port listened on (useful with port 0). */
  port: number;
  store: DirectoryStore;
  /** Stops checking for new builds and closes the server. */
  close(): Promise<void>;
}

export interface ServeOptions {
  settings: ServiceSettings;
  port: number;
  /** Host to listen on (default: all interfaces, as a container host needs). */
  host?: string;
  /** PEM texts for https; plain http when absent (behind a TLS-terminating proxy). */
  tls?: { cert: string; key: string };
  pollMs?: number;
  log?: StoreLog;
}

/** The store, verifier and handler for some settings: what both hosts build at start. */
export function createService(
  settings: ServiceSettings,
  options: { pollMs?: number; log?: StoreLog } = {}
): { store: DirectoryStore; handler: ServiceHandler } {
  const store = new DirectoryStore(settings.directory, options);
  const handler = createHandler({
    verify: createTokenVerifier(settings.tokens, options.log),
    directory: () => store.current(),
    origins: settings.origins,
  });
  return { store, handler };
}

/** Adapts a Node request to the handler and writes its answer. */
export function nodeListener(handler: ServiceHandler): http.RequestListener {
  return (req, res) => {
    // Node keeps only the first of two Authorization headers in req.headers; the handler refuses
    // two as ambiguous (as the Azure Functions host, which joins them, already makes it), so hand
    // it both (found by review: the first of two valid tokens was used).
    const authorization = req.headersDistinct.authorization;
    const request: ServiceRequest = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers:
        authorization && authorization.length > 1 ? { ...req.headers, authorization } : req.headers,
    };
    handler(request).then(
      (answer) => {
        if (answer.body) answer.headers["Content-Length"] = String(answer.body.length);
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body ?? undefined);
      },
      () => {
        // Never a stack trace to the caller; the handler does not throw on bad input.
        res.writeHead(500, {
          "Content-Type": "application/json; charset=utf-8",
          "Cache-Control": "no-store",
        });
        res.end('{"error":{"code":"InternalError"}}\n');
      }
    );
  };
}

/**
 * Answers a request Node refused before the handler saw it: a head over MAX_HEADER_BYTES gets 431
 * with the service's JSON error body (RFC 6585), anything else malformed 400; then the connection
 * closes. No CORS headers: the Origin header was not parsed, so a browser reports a network error.
 */
function answerClientError(error: Error & { code?: string }, socket: import("node:stream").Duplex) {
  if (!socket.writable) return socket.destroy();
  const [status, code] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? ["431 Request Header Fields Too Large", "RequestHeaderFieldsTooLarge"]
      : ["400 Bad Request", "BadRequest"];
  const body = `{"error":{"code":"${code}"}}\n`;
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/**
 * Loads the directory (refusing to start without a usable build), then listens. Resolves once
 * listening. Throws when the directory cannot be loaded or the port is taken.
 */
export async function startService(options: ServeOptions): Promise<RunningService> {
  const { store, handler } = createService(options.settings, {
    pollMs: options.pollMs,
    log: options.log,
  });
  await store.check();
  if (!store.current())
    throw new Error(`no usable directory in ${options.settings.directory} (see the log above)`);
  const listener = nodeListener(handler);
  const server = options.tls
    ? https.createServer({ ...options.tls, maxHeaderSize: MAX_HEADER_BYTES }, listener)
    : http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, listener);
  server.on("clientError", answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  store.start();
  return {
    port: (server.address() as AddressInfo).port,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        store.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Reads the --cert and --key PEM files and checks them before listening, so a wrong file is named
 * (Node's own error, "PEM routines::no start line", names neither). Throws Error naming the file:
 * not a PEM certificate, not a PEM private key, or a key that does not belong to the certificate.
 */
export function readTls(cert: string, key: string): { cert: string; key: string } {
  const certText = fs.readFileSync(cert, "utf8");
  const keyText = fs.readFileSync(key, "utf8");
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(certText);
  } catch {
    throw new Error(
      `--cert ${cert} is not a PEM certificate (expected "-----BEGIN CERTIFICATE-----"; convert a .pfx with openssl pkcs12 -clcerts -nokeys)`
    );
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(keyText);
  } catch {
    throw new Error(
      `--key ${key} is not an unencrypted PEM private key (expected "-----BEGIN PRIVATE KEY-----"; convert a .pfx with openssl pkcs12 -nocerts -nodes)`
    );
  }
  if (!x509.checkPrivateKey(privateKey))
    throw new Error(`--key ${key} does not belong to the certificate in --cert ${cert}`);
  return { cert: certText, key: keyText };
}
