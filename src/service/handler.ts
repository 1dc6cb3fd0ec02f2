import { DirectorySnapshot } from "./store";
import { REQUIRED_SCOPE, TokenVerifier } from "./tokens";

// The one request handler of the directory service, free of any HTTP framework: the Node server
// (server.ts) and the Azure Functions app (functions.ts) both translate to and from it.
// The contract (issue 10, docs/directory-format.md):
//   GET|HEAD <any base path>/me, Authorization: Bearer <token>
//     200 the caller's shard (bytes as built), ETag, Cache-Control: private, no-cache
//     304 when If-None-Match names that ETag
//     404 {"error":{"code":"NotPublished"}} when nothing is published for the caller
//     401 WWW-Authenticate: Bearer error="invalid_token" for a missing or unacceptable token
//     403 another tenant, or no access_as_user scope
//   OPTIONS <base>/me   CORS preflight (configured origins only)
//   any other path 404, any other method 405.
// The shard is chosen from the token's oid alone: the path, query and other headers are never
// used to pick a user.

export interface ServiceRequest {
  method: string;
  /** The request target: path and optional query, e.g. "/api/me?x=1". */
  url: string;
  /** Header names in lower case (as Node and the Fetch API give them). */
  headers: Record<string, string | string[] | undefined>;
}

export interface ServiceResponse {
  status: number;
  headers: Record<string, string>;
  /** null for 204, 304 and HEAD. */
  body: Buffer | null;
}

export interface HandlerOptions {
  verify: TokenVerifier;
  /** The build being served, or null before the first one is loaded. */
  directory: () => DirectorySnapshot | null | Promise<DirectorySnapshot | null>;
  /** Add-in origins allowed to call from a browser (exact match, e.g. https://sendfrom.contoso.com). */
  origins: readonly string[];
}

export type ServiceHandler = (request: ServiceRequest) => Promise<ServiceResponse>;

/** The path's last segment is "me"; whatever the admin mounts the service under comes before. */
function isMePath(target: string): boolean {
  return target.startsWith("/") && target.endsWith("/me");
}

const JSON_TYPE = "application/json; charset=utf-8";

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function errorBody(code: string): Buffer {
  return Buffer.from(`${JSON.stringify({ error: { code } })}\n`);
}

/** RFC 9110 section 13.1.2: If-None-Match uses the weak comparison; "*" matches any current shard. */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const strong = etag.replace(/^W\//, "");
  for (const part of ifNoneMatch.split(",")) {
    const tag = part.trim();
    if (tag === "*" || tag.replace(/^W\//, "") === strong) return true;
  }
  return false;
}

/** Builds the request handler. See the contract above. */
export function createHandler(options: HandlerOptions): ServiceHandler {
  const allowed = new Set(options.origins);
  return async (request) => {
    const origin = single(request.headers.origin);
    const cors: Record<string, string> =
      origin !== undefined && allowed.has(origin)
        ? { "Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": "ETag" }
        : {};
    const base: Record<string, string> = {
      // Responses differ by Origin (CORS) and by the caller's token.
      Vary: "Origin, Authorization",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
      // Browsers take it only over https (RFC 6797 8.1), so it is harmless behind a plain-http
      // development host and keeps later requests off http in production.
      "Strict-Transport-Security": "max-age=31536000",
      ...cors,
    };
    const head = request.method === "HEAD";
    const answer = (
      status: number,
      headers: Record<string, string>,
      body: Buffer | null
    ): ServiceResponse => ({
      status,
      headers: { ...base, ...headers },
      body: head ? null : body,
    });
    const fail = (status: number, code: string, headers: Record<string, string> = {}) =>
      answer(
        status,
        { "Content-Type": JSON_TYPE, "Cache-Control": "no-store", ...headers },
        errorBody(code)
      );

    const target = request.url.split(/[?#]/, 1)[0];
    if (!isMePath(target)) return fail(404, "NotFound");
    if (request.method === "OPTIONS") {
      // Preflight: a browser asks before sending Authorization cross-origin. Unlisted origins get
      // no CORS headers, so the browser stops there.
      if (!cors["Access-Control-Allow-Origin"]) return answer(204, {}, null);
      return answer(
        204,
        {
          "Access-Control-Allow-Methods": "GET, HEAD",
          "Access-Control-Allow-Headers": "Authorization, If-None-Match",
          "Access-Control-Max-Age": "600",
        },
        null
      );
    }
    if (request.method !== "GET" && !head)
      return fail(405, "MethodNotAllowed", { Allow: "GET, HEAD, OPTIONS" });

    const check = await options.verify(request.headers.authorization);
    if (!check.ok) {
      if (check.status === 401)
        return fail(401, check.code, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
      if (check.code === "MissingScope")
        return fail(403, check.code, {
          "WWW-Authenticate": `Bearer error="insufficient_scope", scope="${REQUIRED_SCOPE}"`,
        });
      if (check.status === 403) return fail(403, check.code);
      return fail(503, check.code, { "Retry-After": "30" });
    }
    const directory = await options.directory();
    if (!directory) return fail(503, "DirectoryNotLoaded", { "Retry-After": "30" });
    const shard = directory.byObjectId.get(check.objectId);
    if (!shard) return fail(404, "NotPublished");
    const cache = { ETag: shard.etag, "Cache-Control": "private, no-cache" };
    if (matchesEtag(single(request.headers["if-none-match"]), shard.etag))
      return answer(304, cache, null);
    return answer(200, { ...cache, "Content-Type": JSON_TYPE }, shard.body);
  };
}
