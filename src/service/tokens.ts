import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from "jose";

// Checks the Microsoft Entra access token the add-in sends to GET B/me. Sources:
// - Access token claims (aud is the API's client id in v2.0 tokens; iss, tid, oid, scp, nbf, exp):
//   https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
// - Validating tokens (signature against the tenant's discovery keys, refresh on an unknown kid):
//   https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-tokens
// - Bearer usage and the WWW-Authenticate error codes: RFC 6750, section 3.

/** The delegated scope the add-in asks for: api://<add-in host>/<client id>/access_as_user. */
export const REQUIRED_SCOPE = "access_as_user";

/** Longest Authorization header read (bytes of its value). Entra access tokens for an API without
 * group claims are 1-3 KB; anything this long is refused before it is parsed. */
export const MAX_AUTHORIZATION_LENGTH = 8192;

/** Clock skew allowed on exp and nbf, in seconds. */
export const CLOCK_SKEW_SECONDS = 60;

/** How long the key set is reused before it is fetched again (jose also refetches, at most once
 * per cooldown, when a token names a key id it does not have: Entra rotates keys that way). */
export const KEYS_MAX_AGE_MS = 6 * 60 * 60 * 1000;
export const KEYS_COOLDOWN_MS = 30 * 1000;
export const KEYS_TIMEOUT_MS = 5 * 1000;

/** Accepted tokens remembered, so a client's repeated requests with one token skip the RSA check. */
export const MAX_REMEMBERED_TOKENS = 10_000;

export interface TokenSettings {
  /** The organisation's tenant id (GUID); `tid` must equal it. */
  tenantId: string;
  /** The add-in's Entra client id (GUID). */
  clientId: string;
  /** Accepted `aud` values: the client id and the Application ID URIs (see tokenAudiences). */
  audiences: string[];
  /** Expected `iss`: https://login.microsoftonline.com/<tenant id>/v2.0 unless overridden. */
  issuer: string;
  /** Where the signing keys are published: the tenant's v2.0 discovery keys unless overridden. */
  jwksUrl: string;
}

/** The key set could not be had (fetch failed recently): not the token's fault, so 503. */
class KeysUnavailable extends Error {
  override name = "KeysUnavailable";
}

/** The outcome of a token check. `objectId` is the caller's `oid`, in lower case. */
export type TokenCheck =
  | { ok: true; objectId: string }
  | { ok: false; status: 401; code: "InvalidToken" }
  | { ok: false; status: 403; code: "WrongTenant" | "MissingScope" }
  | { ok: false; status: 503; code: "KeysUnavailable" };

export type TokenVerifier = (authorization: string | string[] | undefined) => Promise<TokenCheck>;

/** https://login.microsoftonline.com/<tenant id>/v2.0: the `iss` of the tenant's v2.0 tokens. */
export function defaultIssuer(tenantId: string): string {
  return `https://login.microsoftonline.com/${tenantId}/v2.0`;
}

/** https://login.microsoftonline.com/<tenant id>/discovery/v2.0/keys: the tenant's signing keys. */
export function defaultJwksUrl(tenantId: string): string {
  return `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`;
}

/**
 * The `aud` values accepted: the client id (what v2.0 access tokens carry), `api://<client id>`
 * (Entra's default Application ID URI) and `api://<host>/<client id>` for each add-in origin
 * (the Office add-in convention). Nothing looser: an App ID URI belongs to one app only if it is
 * exactly the one that app registered.
 */
export function tokenAudiences(clientId: string, origins: readonly string[]): string[] {
  const ids = new Set([clientId, `api://${clientId}`]);
  for (const origin of origins) ids.add(`api://${new URL(origin).host}/${clientId}`);
  return [...ids];
}

const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+) *$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const INVALID: TokenCheck = { ok: false, status: 401, code: "InvalidToken" };

/** jose errors that mean "this token is not acceptable" (as opposed to "keys unreachable"). */
function isTokenFault(e: unknown): boolean {
  return (
    e instanceof errors.JWTExpired ||
    e instanceof errors.JWTClaimValidationFailed ||
    e instanceof errors.JWTInvalid ||
    e instanceof errors.JWSInvalid ||
    e instanceof errors.JWSSignatureVerificationFailed ||
    e instanceof errors.JOSEAlgNotAllowed ||
    e instanceof errors.JOSENotSupported ||
    e instanceof errors.JWKSNoMatchingKey ||
    e instanceof errors.JWKSMultipleMatchingKeys ||
    e instanceof errors.JWKInvalid
  );
}

function scopes(payload: JWTPayload): string[] {
  return typeof payload.scp === "string" ? payload.scp.split(" ") : [];
}

/**
 * A verifier for the Authorization header of GET B/me. It accepts only `Bearer <JWS>` of at most
 * MAX_AUTHORIZATION_LENGTH, signed RS256 (never `none`, never HMAC: an HS256 token "signed" with
 * the public key is refused) by a key of the configured key set, with `aud` one of the audiences,
 * `exp` and `nbf` within CLOCK_SKEW_SECONDS. Then: `tid` not the tenant -> 403 WrongTenant;
 * `iss` not the issuer -> 401; no `access_as_user` in `scp` -> 403 MissingScope; no `oid` -> 401.
 * When the keys cannot be fetched the answer is 503 KeysUnavailable, so a client does not throw
 * away a good token.
 *
 * An accepted token is remembered (by its exact text, at most MAX_REMEMBERED_TOKENS, oldest
 * forgotten first) until its `exp` plus the skew: the add-in reuses one token for up to an hour,
 * and its signature, audience, issuer, tenant and scope cannot change. A key Entra withdraws
 * therefore stops working here only when the tokens it signed expire, as in any cached key set.
 */
export function createTokenVerifier(
  settings: TokenSettings,
  log?: (level: "info" | "error", message: string) => void
): TokenVerifier {
  const remote = createRemoteJWKSet(new URL(settings.jwksUrl), {
    cacheMaxAge: KEYS_MAX_AGE_MS,
    cooldownDuration: KEYS_COOLDOWN_MS,
    timeoutDuration: KEYS_TIMEOUT_MS,
  });
  // jose's cooldown follows only a successful fetch: while the key endpoint fails, every token
  // with an unknown key id (anyone can send one, no signature needed) would fetch again. After a
  // failure, keys it has are still used, but for KEYS_COOLDOWN_MS an unknown key id gets 503
  // without a fetch; and the failure is logged once per cooldown, so a wrong --jwks-url or
  // blocked outbound traffic shows in the log (found by review: 20 requests made 20 fetches).
  let failedAt = -Infinity;
  const keys: typeof remote = Object.assign(async (...args: Parameters<typeof remote>) => {
    const [header] = args;
    const cooling = Date.now() - failedAt < KEYS_COOLDOWN_MS;
    const cached = remote.jwks()?.keys ?? [];
    if (cooling && !cached.some((k) => k.kid !== undefined && k.kid === header?.kid))
      throw new KeysUnavailable();
    try {
      return await remote(...args);
    } catch (e) {
      if (isTokenFault(e)) throw e;
      if (!cooling)
        log?.(
          "error",
          `the signing keys could not be fetched from ${settings.jwksUrl} (${e instanceof Error ? e.name : "error"}): tokens with a key id not already known get 503 for ${KEYS_COOLDOWN_MS / 1000} s`
        );
      failedAt = Date.now();
      throw e;
    }
  }, remote);
  const tenantId = settings.tenantId.toLowerCase();
  const accepted = new Map<string, { objectId: string; until: number }>();
  return async (authorization) => {
    // Two Authorization headers are ambiguous: refuse rather than pick one.
    if (typeof authorization !== "string" || authorization.length > MAX_AUTHORIZATION_LENGTH)
      return INVALID;
    const match = BEARER.exec(authorization);
    if (!match) return INVALID;
    const token = match[1];
    const known = accepted.get(token);
    if (known) {
      if (Date.now() < known.until) return { ok: true, objectId: known.objectId };
      accepted.delete(token);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ["RS256"],
        audience: settings.audiences,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ["exp"],
      }));
    } catch (e) {
      return isTokenFault(e) ? INVALID : { ok: false, status: 503, code: "KeysUnavailable" };
    }
    // A validly signed token of another organisation is "forbidden here", not "invalid".
    if (typeof payload.tid !== "string" || !GUID.test(payload.tid)) return INVALID;
    if (payload.tid.toLowerCase() !== tenantId)
      return { ok: false, status: 403, code: "WrongTenant" };
    if (payload.iss !== settings.issuer) return INVALID;
    if (!scopes(payload).includes(REQUIRED_SCOPE))
      return { ok: false, status: 403, code: "MissingScope" };
    if (typeof payload.oid !== "string" || !GUID.test(payload.oid)) return INVALID;
    const objectId = payload.oid.toLowerCase();
    if (accepted.size >= MAX_REMEMBERED_TOKENS)
      accepted.delete(accepted.keys().next().value as string);
    accepted.set(token, { objectId, until: ((payload.exp as number) + CLOCK_SKEW_SECONDS) * 1000 });
    return { ok: true, objectId };
  };
}
