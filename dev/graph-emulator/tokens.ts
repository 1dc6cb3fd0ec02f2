// Unsigned test JWTs shared by the emulator, the tests and the playground's fake nested-app-auth
// bridge. Browser-safe on purpose (no node: imports): the playground bundles this file.
// Claim names follow Microsoft identity platform access tokens (learn.microsoft.com/entra/
// identity-platform/access-token-claims-reference): preferred_username, name, oid, tid, aud, scp,
// exp, and acrs for the authentication contexts a Conditional Access claims challenge asks for.

/** Graph's audience as it appears in delegated tokens; its app id is accepted too. */
export const GRAPH_AUDIENCE = "https://graph.microsoft.com";
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** The delegated scopes the add-in asks for (issue 4), plus User.Read for GET /me. */
export const DEFAULT_SCOPES = [
  "Mail.Send",
  "Mail.Send.Shared",
  "Mail.ReadWrite",
  "Mail.ReadWrite.Shared",
  "User.Read",
];

export const DEFAULT_TENANT_ID = "7f4e2c1a-0d5b-4c3e-9a8f-2b6d1e0c9a55";

export interface TestTokenClaims {
  /** The signed-in user's primary SMTP address / UPN: the emulator's notion of "me". */
  preferred_username: string;
  name?: string;
  oid?: string;
  tid?: string;
  aud?: string;
  /** Space-separated delegated scopes. */
  scp?: string;
  /** Seconds since the epoch. */
  exp?: number;
  iat?: number;
  nbf?: number;
  /** Authentication context class references satisfied by this token (claims challenges). */
  acrs?: string[];
  /** Client capabilities, e.g. ["cp1"] for a client that handles claims challenges. */
  xms_cc?: string[];
  [claim: string]: unknown;
}

export interface IssueTokenInput extends Partial<TestTokenClaims> {
  preferred_username: string;
  /** Scopes as a list, an alternative to scp. */
  scopes?: string[];
  /** Lifetime in seconds when exp is not given; default one hour. */
  lifetimeSeconds?: number;
}

function base64UrlEncode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function base64UrlDecode(part: string): string {
  const padded = part.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(padded + "=".repeat((4 - (padded.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/**
 * A stable GUID-shaped directory id for an address, so a token's oid and GET /me agree without
 * the caller looking anything up. Not a real hash of anything: two FNV-1a runs, formatted.
 */
export function directoryIdFor(address: string): string {
  const text = address.trim().toLowerCase();
  let hex = "";
  for (let round = 0; hex.length < 32; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    hex += h.toString(16).padStart(8, "0");
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Mints `header.payload.` (RFC 7519 section 6 unsecured JWT: alg "none", empty signature). */
export function issueTestToken(input: IssueTokenInput): string {
  const now = Math.floor(Date.now() / 1000);
  const { scopes, lifetimeSeconds, ...rest } = input;
  const claims: TestTokenClaims = {
    aud: GRAPH_AUDIENCE,
    tid: DEFAULT_TENANT_ID,
    oid: directoryIdFor(input.preferred_username),
    name: input.preferred_username,
    iat: now,
    nbf: now,
    exp: now + (lifetimeSeconds ?? 3600),
    ...rest,
    scp: rest.scp ?? (scopes ?? DEFAULT_SCOPES).join(" "),
  };
  const header = base64UrlEncode(JSON.stringify({ alg: "none", typ: "JWT" }));
  return `${header}.${base64UrlEncode(JSON.stringify(claims))}.`;
}

/** The claims of a test token, or null when it is not a well-formed JWT with a JSON payload. */
export function decodeTestToken(token: string): TestTokenClaims | null {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload = JSON.parse(base64UrlDecode(parts[1]));
    if (!payload || typeof payload !== "object" || typeof payload.preferred_username !== "string") {
      return null;
    }
    return payload as TestTokenClaims;
  } catch {
    return null;
  }
}

/** The scopes of a token's scp claim. */
export function scopesOf(claims: TestTokenClaims): string[] {
  return typeof claims.scp === "string" ? claims.scp.split(" ").filter(Boolean) : [];
}
