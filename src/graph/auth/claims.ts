import { recordFailure } from "../../core/diagnostics";
// Claims challenges: when Conditional Access or continuous access evaluation wants more than the
// current token proves, Graph answers 401 with a WWW-Authenticate header such as
//   Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize",
//   client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims",
//   claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiYzEifX19"
// and the client asks for a new token with those claims, then retries once
// (learn.microsoft.com/entra/identity-platform/claims-challenge).
import type { TokenSource } from "./token-source";

interface Challenge {
  scheme: string;
  params: Map<string, string>;
}

/** RFC 9110 section 11.6.1: challenges with auth-params (token or quoted-string values). */
function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let i = 0;
  const skip = (chars: RegExp) => {
    while (i < header.length && chars.test(header[i])) i++;
  };
  const token = () => {
    const start = i;
    while (i < header.length && /[^\s,="]/.test(header[i])) i++;
    return header.slice(start, i);
  };
  while (i < header.length) {
    skip(/[\s,]/);
    if (i >= header.length) break;
    const name = token();
    if (!name) {
      i++; // a stray "=" or quote: step over it
      continue;
    }
    const afterName = i;
    skip(/[ \t]/);
    if (header[i] !== "=") {
      // A name not followed by "=" starts the next challenge.
      i = afterName;
      challenges.push({ scheme: name.toLowerCase(), params: new Map() });
      continue;
    }
    i++;
    skip(/[ \t]/);
    let value = "";
    if (header[i] === '"') {
      for (i++; i < header.length && header[i] !== '"'; i++) {
        if (header[i] === "\\" && i + 1 < header.length) i++;
        value += header[i];
      }
      i++;
    } else {
      value = token();
    }
    challenges[challenges.length - 1]?.params.set(name.toLowerCase(), value);
  }
  return challenges;
}

/** base64 or base64url, padded or not, holding UTF-8 text; null when it is not. */
export function decodeBase64Text(encoded: string): string | null {
  const bare = encoded.trim().replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (!bare || !/^[A-Za-z0-9+/]+$/.test(bare) || bare.length % 4 === 1) return null;
  try {
    const binary = atob(bare + "=".repeat((4 - (bare.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (e) {
    recordFailure("auth", "claimsNotBase64", e);
    return null;
  }
}

/**
 * The claims request (JSON text, as MSAL's `claims` takes it) of a Bearer challenge in a 401's
 * WWW-Authenticate header; null when the header carries no usable claims challenge.
 */
export function claimsFromWwwAuthenticate(header: string | null | undefined): string | null {
  if (!header) return null;
  for (const challenge of parseChallenges(header)) {
    if (challenge.scheme !== "bearer") continue;
    const encoded = challenge.params.get("claims");
    if (!encoded) continue;
    const text = decodeBase64Text(encoded);
    if (text === null) continue;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return text;
    } catch (e) {
      // not JSON: not a claims request MSAL could use
      recordFailure("auth", "claimsNotJson", e);
    }
  }
  return null;
}

/**
 * A new token after Graph answered 401: with the challenge's claims when it carries them, else a
 * forced refresh (the token was expired or revoked). The caller retries its request once with it;
 * a second 401 is the user's to read, not another round of sign-in.
 */
export function tokenForChallenge(
  tokens: TokenSource,
  wwwAuthenticate: string | null | undefined
): Promise<string> {
  const claims = claimsFromWwwAuthenticate(wwwAuthenticate);
  return tokens.getToken(claims ? { claims } : { forceRefresh: true });
}
