// The emulator: one request pipeline (CORS, faults, Graph, upload URLs, control API) that can be
// mounted in another server or run on its own port.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleControl } from "./control";
import { Directory } from "./directory";
import {
  defaultFaultError,
  graphError,
  itemNotFound,
  MESSAGES,
  newRequestIds,
  tooManyRequests,
  WWW_AUTHENTICATE_BASE,
  type GraphResult,
  type RequestIds,
} from "./errors";
import { claimsSatisfied, DEFAULT_CLAIMS, encodeClaims, FaultBook } from "./faults";
import { bearerToken, handleGraph, type EmulatorState } from "./graph";
import {
  drain,
  dropConnection,
  MAX_JSON_REQUEST_BYTES,
  PREFLIGHT_HEADERS,
  readBody,
  sleep,
  writeResult,
  writeStream,
} from "./http";
import { SendRateLimiter } from "./rules";
import {
  customHeaders,
  InputError,
  MailStore,
  newItemId,
  parseAttachment,
  parseMessagePatch,
  summarizeMessage,
} from "./store";
import { decodeTestToken } from "./tokens";
import type { GraphEmulator, EmulatorTenant, Fault, RequestLogEntry } from "./types";
import { UploadSessions } from "./uploads";

export type { GraphEmulator } from "./types";

export interface GraphEmulatorOptions {
  /** Where the emulator is mounted, e.g. "/graph"; default "" (routes are /v1.0/...). */
  basePath?: string;
  /** Origin of the Graph URLs the emulator hands out; default: from the request's Host. */
  publicOrigin?: string;
  /**
   * Origin of the upload-session URLs. Exchange hands them out on an Outlook host
   * (outlook.office.com, national-cloud equivalents), not on Graph's: a page whose CSP allows only
   * Graph cannot upload (docs: attachment-createuploadsession, "uploadUrl" example;
   * field-reports.md, "Upload sessions return an upload URL on an Outlook host"). Default: another
   * origin than the request's, the same server under its other loopback name (127.0.0.1 <->
   * localhost), so a test sees a cross-origin upload as the product does in the field.
   */
  uploadOrigin?: string;
}

/** The request's origin under its other loopback name: a different origin, the same server. */
function otherLoopbackOrigin(origin: string): string {
  const url = new URL(origin);
  if (url.hostname === "127.0.0.1") url.hostname = "localhost";
  else if (url.hostname === "localhost") url.hostname = "127.0.0.1";
  return url.origin;
}

const CONTROL_BODY_LIMIT = 512 * 1024 * 1024;

function freshState(tenant: EmulatorTenant): EmulatorState {
  const dir = new Directory(tenant);
  return {
    dir,
    store: new MailStore(),
    uploads: new UploadSessions(),
    limiter: new SendRateLimiter(dir.sendsPerMinute),
    deliveries: [],
  };
}

function claimsChallenge(ids: RequestIds, claims: Record<string, unknown>): GraphResult {
  // Claims challenge format: learn.microsoft.com/entra/identity-platform/claims-challenge.
  return graphError(
    ids,
    401,
    "InvalidAuthenticationToken",
    "The access token does not satisfy the claims this resource requires.",
    {
      "WWW-Authenticate": `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${encodeClaims(claims)}"`,
    }
  );
}

function faultResult(ids: RequestIds, fault: Extract<Fault, { kind: "status" }>): GraphResult {
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfter !== undefined) headers["Retry-After"] = String(fault.retryAfter);
  if (fault.status === 429 && !fault.code && !fault.message) {
    const r = tooManyRequests(ids, fault.retryAfter);
    return { ...r, headers: { ...r.headers, ...headers } };
  }
  const d = defaultFaultError(fault.status);
  const result = graphError(
    ids,
    fault.status,
    fault.code ?? d.code,
    fault.message ?? d.message,
    headers
  );
  if (fault.status === 401)
    result.headers = { "WWW-Authenticate": WWW_AUTHENTICATE_BASE, ...headers };
  return result;
}

export function createGraphEmulator(
  initialTenant: EmulatorTenant,
  options: GraphEmulatorOptions = {}
): GraphEmulator {
  const basePath = (options.basePath ?? "").replace(/\/+$/, "");
  let tenant = initialTenant;
  let state = freshState(tenant);
  const faults = new FaultBook();
  let log: RequestLogEntry[] = [];
  /** Requests held by dropThenApply {ms: "held"}: each resolves to carry its request out. */
  let held: { release: () => void; done: Promise<void> }[] = [];

  const mailboxOrThrow = (address: string) => {
    const r = state.dir.resolve(address);
    if (!r) throw new InputError(`${address} is not in the tenant`);
    return r;
  };
  const folder = (address: string, name: "drafts" | "sentitems" | "inbox") => {
    const r = mailboxOrThrow(address);
    // Groups and lists have no mailbox, hence no Sent Items or Drafts (seed, NOTE).
    if (r.type === "group") return [];
    return state.store.folder(r.user.address, name).map(summarizeMessage);
  };

  const api: GraphEmulator = {
    basePath,
    handle,
    deliveries: () => structuredClone(state.deliveries),
    sentItems: (address) => folder(address, "sentitems"),
    drafts: (address) => folder(address, "drafts"),
    inbox: (address) => folder(address, "inbox"),
    receive(owner, message, attachments = []) {
      const r = mailboxOrThrow(owner);
      if (r.type !== "user") throw new InputError(`${owner} is a group and has no Inbox`);
      const patch = parseMessagePatch(message);
      if (!patch.from) throw new InputError("A received message needs its from.");
      return summarizeMessage(
        state.store.receive(r.user.address, patch, attachments.map(parseAttachment))
      );
    },
    createDraft(owner, message, attachments = [], options = {}) {
      const r = mailboxOrThrow(owner);
      if (r.type !== "user") throw new InputError(`${owner} is a group and has no Drafts folder`);
      const patch = parseMessagePatch(message);
      const m = state.store.createDraft(r.user.address, patch, attachments.map(parseAttachment));
      if (options.syncDelayMs) m.visibleAt = Date.now() + options.syncDelayMs;
      if (options.sensitivityLabel) m.sensitivityLabel = options.sensitivityLabel;
      if (options.internetHeaders)
        m.internetMessageHeaders = customHeaders(options.internetHeaders);
      return { id: m.id, ewsId: m.ewsId };
    },
    saveLocalDraft(id, message, options = {}) {
      // Classic Outlook in cached mode saves into its local copy (the OST) and uploads it later:
      // a save before the upload changes that one item and keeps its id, and the upload carries
      // the latest content (Microsoft, "Cached Exchange Mode": learn.microsoft.com/exchange/
      // outlook/cached-exchange-mode; rev12m finding 1: a new draft per save piled up copies).
      const m = state.store.record(id);
      if (!m || !m.isDraft) throw new InputError(`${id} is not a draft`);
      const patch = parseMessagePatch(message);
      const attachments = options.attachments?.map(parseAttachment);
      const headers = options.internetHeaders && customHeaders(options.internetHeaders);
      const onServer = !(m.visibleAt && m.visibleAt > Date.now());
      if (onServer && options.syncDelayMs) {
        // A draft already on the server (an autosave, an earlier save or attempt): Graph keeps
        // serving that older copy until Outlook uploads this save (saveAsync "returns before the
        // item is synced", office-js #2118; "1-2 minutes", office-js #6077; Microsoft's advice:
        // poll, or wait for a custom property to reach the server copy, office-js #210). Saves
        // before the upload go with it: the upload carries the latest, at the time first due.
        const before = m.pendingUpload;
        m.pendingUpload = {
          at: before?.at ?? Date.now() + options.syncDelayMs,
          patch: {
            ...before?.patch,
            ...patch,
            ...((before?.patch.extended || patch.extended) && {
              extended: { ...before?.patch.extended, ...patch.extended },
            }),
          },
          attachments: attachments ?? before?.attachments,
          sensitivityLabel: options.sensitivityLabel ?? before?.sensitivityLabel,
          internetMessageHeaders: headers ?? before?.internetMessageHeaders,
        };
        return;
      }
      state.store.update(m, patch);
      if (attachments) m.attachments = attachments;
      if (options.sensitivityLabel !== undefined) {
        if (options.sensitivityLabel) m.sensitivityLabel = options.sensitivityLabel;
        else delete m.sensitivityLabel;
      }
      if (headers) m.internetMessageHeaders = headers;
    },
    setDraftHeaders(id, headers) {
      const m = state.store.record(id);
      if (!m || !m.isDraft) throw new InputError(`${id} is not a draft`);
      m.internetMessageHeaders = customHeaders(headers);
      m.lastModifiedDateTime = new Date().toISOString();
    },
    labelDraft(id, label) {
      const m = state.store.record(id);
      if (!m || !m.isDraft) throw new InputError(`${id} is not a draft`);
      if (label) m.sensitivityLabel = label;
      else delete m.sensitivityLabel;
    },
    async releaseHeld() {
      const now = held;
      held = [];
      for (const h of now) h.release();
      await Promise.all(now.map((h) => h.done));
      return now.length;
    },
    setFaults: (list) => faults.set(list),
    addFault: (fault) => faults.add(fault),
    faults: () => faults.list(),
    reset(next) {
      if (next) tenant = next;
      state = freshState(tenant);
      faults.set([]);
      log = [];
      // Held requests of the old world end without being carried out (the state is new).
      for (const h of held) h.release();
      held = [];
    },
    tenant: () => structuredClone(tenant),
    requestLog: () => log.map((e) => ({ ...e })),
    clearRequestLog() {
      log = [];
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    // Express-style mounting (app.use("/graph", ...)) strips the prefix from req.url.
    const original = (req as { originalUrl?: string }).originalUrl ?? req.url ?? "/";
    const url = new URL(original, "http://emulator.invalid");
    if (basePath && url.pathname !== basePath && !url.pathname.startsWith(basePath + "/"))
      return false;
    const rel = url.pathname.slice(basePath.length) || "/";
    let segs: string[];
    let decoded: string;
    try {
      segs = rel.split("/").filter(Boolean).map(decodeURIComponent);
      decoded = decodeURIComponent(rel);
    } catch {
      return false;
    }
    const isControl = segs[0] === "_emulator";
    const isGraph = segs[0]?.toLowerCase() === "v1.0";
    const isUpload = UploadSessions.isUploadPath(decoded);
    if (!isControl && !isGraph && !isUpload) return false;
    const method = (req.method ?? "GET").toUpperCase();

    if (method === "OPTIONS") {
      res.writeHead(204, PREFLIGHT_HEADERS);
      res.end();
      return true;
    }
    const host = req.headers["x-forwarded-host"] ?? req.headers.host ?? "localhost";
    const proto =
      req.headers["x-forwarded-proto"] ??
      ((req.socket as { encrypted?: boolean }).encrypted ? "https" : "http");
    const origin = options.publicOrigin ?? `${proto}://${host}`;
    const root = `${origin}${basePath}`;
    const uploadRoot = `${options.uploadOrigin ?? otherLoopbackOrigin(origin)}${basePath}`;

    if (isControl) {
      await serveControl(req, res, method, segs.slice(1));
      return true;
    }

    const clientRequestId = req.headers["client-request-id"];
    const ids = newRequestIds(typeof clientRequestId === "string" ? clientRequestId : undefined);
    const common: Record<string, string> = { "request-id": ids.requestId };
    if (ids.clientRequestId) common["client-request-id"] = ids.clientRequestId;
    const entry: RequestLogEntry = {
      at: new Date().toISOString(),
      method,
      path: rel,
      status: 0,
      bytesIn: 0,
      bytesOut: 0,
    };
    log.push(entry);

    try {
      const fault = faults.take(method, decoded, isUpload);
      if (fault) entry.fault = fault.kind;
      if (fault?.kind === "drop") {
        dropConnection(req, res);
        return true;
      }
      if (fault?.kind === "status") {
        entry.bytesIn = await drain(req);
        entry.bytesOut = writeResult(res, faultResult(ids, fault), common);
        entry.status = fault.status;
        return true;
      }
      if (fault?.kind === "dropThenApply") {
        // The body is read first (Exchange has the request), then the client loses the answer;
        // the request is carried out later (Microsoft Q&A 5629476).
        const body =
          method === "POST" || method === "PATCH" || method === "PUT"
            ? await readBody(req, MAX_JSON_REQUEST_BYTES)
            : undefined;
        dropConnection(req, res);
        const world = state;
        // Carries the request out, late, as Exchange would (an oversized body or an upload never).
        const apply = () => {
          if (isUpload || body?.tooLarge) return;
          handleGraph(state, {
            req,
            method,
            path: rel,
            segs,
            query: url.searchParams,
            ids,
            root,
            uploadRoot,
            body: body?.body,
          });
        };
        if (fault.ms === "held") {
          let release!: () => void;
          let finished!: () => void;
          const done = new Promise<void>((r) => (finished = r));
          const go = new Promise<void>((r) => (release = r));
          held.push({ release, done });
          await go;
          try {
            if (state === world) apply();
          } finally {
            finished();
          }
          return true;
        }
        await sleep(fault.ms);
        apply();
        return true;
      }
      if (fault?.kind === "latency") await sleep(fault.ms);
      if (fault?.kind === "claims") {
        const token = bearerToken(req);
        const request = fault.claims ?? DEFAULT_CLAIMS;
        if (!claimsSatisfied(request, token ? decodeTestToken(token) : null)) {
          entry.bytesIn = await drain(req);
          entry.bytesOut = writeResult(res, claimsChallenge(ids, request), common);
          entry.status = 401;
          return true;
        }
        faults.settleClaims(fault);
      }

      const result = isUpload
        ? await serveUpload(req, method, decoded, url.searchParams, ids, root, entry)
        : await serveGraph(req, method, rel, segs, url.searchParams, ids, root, uploadRoot, entry);

      if (fault?.kind === "applyThenDrop") {
        dropConnection(req, res);
        return true;
      }
      if (fault?.kind === "applyThenStatus") {
        // Done, then answered as failed (Microsoft Q&A 5629476): the answer says nothing of it.
        const status = fault.status ?? 503;
        entry.status = status;
        entry.bytesOut = writeResult(
          res,
          faultResult(ids, { ...fault, kind: "status", status }),
          common
        );
        return true;
      }
      entry.status = result.status;
      if (result.stream)
        await writeStream(res, { ...result, stream: result.stream }, common, entry);
      else entry.bytesOut = writeResult(res, result, common);
    } catch (error) {
      if (!res.headersSent && !res.destroyed) {
        const message = error instanceof Error ? error.message : String(error);
        entry.status = 500;
        entry.bytesOut = writeResult(
          res,
          graphError(ids, 500, "generalException", `Emulator error: ${message}`),
          common
        );
      }
    }
    return true;
  }

  async function serveGraph(
    req: IncomingMessage,
    method: string,
    path: string,
    segs: string[],
    query: URLSearchParams,
    ids: RequestIds,
    root: string,
    uploadRoot: string,
    entry: RequestLogEntry
  ): Promise<GraphResult> {
    let body: Buffer | undefined;
    if (method === "POST" || method === "PATCH" || method === "PUT") {
      const read = await readBody(req, MAX_JSON_REQUEST_BYTES);
      entry.bytesIn = read.bytes;
      if (read.tooLarge)
        return graphError(ids, 413, "RequestEntityTooLarge", MESSAGES.requestTooLarge);
      body = read.body;
    } else {
      entry.bytesIn = await drain(req);
    }
    return handleGraph(state, { req, method, path, segs, query, ids, root, uploadRoot, body });
  }

  async function serveUpload(
    req: IncomingMessage,
    method: string,
    path: string,
    query: URLSearchParams,
    ids: RequestIds,
    root: string,
    entry: RequestLogEntry
  ): Promise<GraphResult> {
    const found = state.uploads.find(req, path, query, ids);
    if (!("id" in found)) {
      entry.bytesIn = await drain(req);
      return found;
    }
    const session = found;
    if (method === "GET") return { status: 200, body: state.uploads.status(session) };
    if (method === "DELETE") {
      state.uploads.cancel(session);
      return { status: 204 };
    }
    if (method !== "PUT") {
      entry.bytesIn = await drain(req);
      return graphError(ids, 405, "BadRequest", `The HTTP method '${method}' is not allowed here.`);
    }
    const outcome = await state.uploads.put(req, session, ids);
    entry.bytesIn = outcome.bytesIn;
    if (outcome.kind === "answer") return outcome.result;
    const message = state.store.get(session.messageId);
    // The draft may have been sent or deleted while the upload ran.
    if (!message) return itemNotFound(ids);
    const attachmentId = newItemId("AAMkADAttach").id;
    message.attachments.push({
      id: attachmentId,
      kind: "file",
      name: session.name,
      contentType: session.contentType,
      size: session.size,
      isInline: session.isInline,
      contentId: session.contentId,
      bytes: session.buffer,
      lastModifiedDateTime: new Date().toISOString(),
    });
    message.lastModifiedDateTime = new Date().toISOString();
    return {
      status: 201,
      headers: {
        Location: state.uploads.attachmentUrl(session, attachmentId, root, state.dir.tenantId),
      },
    };
  }

  async function serveControl(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    route: string[]
  ) {
    let json: unknown;
    if (method === "POST" || method === "PUT" || method === "PATCH") {
      const read = await readBody(req, CONTROL_BODY_LIMIT);
      const text = read.tooLarge ? "" : read.body.toString("utf8").trim();
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        writeResult(res, { status: 400, body: { error: { message: "Body is not JSON" } } }, {});
        return;
      }
    } else {
      await drain(req);
    }
    writeResult(res, handleControl(api, method, route, json), {});
  }

  return api;
}

export interface RunningGraphEmulator extends GraphEmulator {
  /** Base URL including the base path, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Runs the emulator on its own port (0 = any free port) on 127.0.0.1. */
export async function startGraphEmulator(
  tenant: EmulatorTenant,
  options: GraphEmulatorOptions & { port?: number; host?: string } = {}
): Promise<RunningGraphEmulator> {
  const emulator = createGraphEmulator(tenant, options);
  const server = createServer((req, res) => {
    emulator.handle(req, res).then(
      (handled) => {
        if (!handled) {
          res.writeHead(404, { "Content-Type": "application/json" });
          res.end(
            JSON.stringify({ error: { code: "NotFound", message: "Not an emulator route." } })
          );
        }
      },
      () => res.destroy()
    );
  });
  // Idle connections are closed by the client, never first by the server: with Node's 5 s the
  // server could close a pooled connection just as fetch reused it after the event loop was held
  // (a 150 MB buffer filled synchronously), and the request failed with ECONNRESET (stop 26).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return Object.assign(emulator, {
    url: `http://${host}:${port}${emulator.basePath}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
