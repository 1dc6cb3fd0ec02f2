import { recordFailure } from "../../core/diagnostics";
import { decodeBase64Text } from "./claims";

/**
 * What an access token says about itself, read from its payload (a JWT: RFC 7519; claim names
 * from learn.microsoft.com/entra/identity-platform/access-token-claims-reference). Read, never
 * verified: only Graph verifies it, and nothing here grants anything. Used to explain what Graph
 * refused (which delegated scopes were consented) and, where Office names no account, who signed
 * in. Never logged: a failure to read it records only that it was unreadable.
 */
export interface AccessTokenClaims {
  /** `scp`, split: the delegated permissions granted. Null when the token has no `scp`. */
  scopes: string[] | null;
  /** `oid`, lower case: the account's Entra object id; null when absent. */
  objectId: string | null;
  /** `tid`, lower case; null when absent. */
  tenantId: string | null;
  /**
   * The account's sign-in name: `preferred_username` (v2.0 tokens), else `upn` or `unique_name`
   * (v1.0 tokens, which Graph's are); null when none is given.
   */
  username: string | null;
  /** `name`: the account's display name, as the person would recognise it; null when absent. */
  name: string | null;
}

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);

/**
 * The claims of an access token, or null when it is not a JWT with a JSON payload (an opaque
 * token, e.g. a personal Microsoft account's: then nothing can be told from it).
 */
export function readAccessToken(token: string): AccessTokenClaims | null {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) return null;
  const json = decodeBase64Text(parts[1]);
  if (json === null) return null;
  let payload: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(json);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
    payload = parsed as Record<string, unknown>;
  } catch {
    recordFailure("auth", "tokenPayloadUnreadable", new Error("The token's payload is not JSON."));
    return null;
  }
  const scp = text(payload.scp);
  return {
    scopes: scp ? scp.split(/\s+/) : null,
    objectId: text(payload.oid)?.toLowerCase() ?? null,
    tenantId: text(payload.tid)?.toLowerCase() ?? null,
    username: text(payload.preferred_username) ?? text(payload.upn) ?? text(payload.unique_name),
    name: text(payload.name),
  };
}
