import { toSmtpAddress } from "./address";
import { recordFailure } from "./diagnostics";
import { delegateOf, OfficeAccount, OfficeIdentity } from "./identity";

/**
 * Who the person is when Office names nobody ("Open another mailbox" without Office's account):
 * the sign-in's token says. Kept apart from identity.ts because only that rare case needs it: the
 * pane loads it on demand (taskpane/person-from-token.ts), outside its first load.
 */

/** What an access token says about its account (graph/auth/token-claims.ts reads it). */
export interface TokenAccount {
  /** preferred_username, else upn / unique_name. */
  username: string | null;
  /** oid, lower case. */
  objectId: string | null;
  /** tid, lower case. */
  tenantId: string | null;
}

/**
 * Office's account as a token names it, for where Office itself named none: the token's sign-in
 * name stands as the UPN (Entra's preferred_username / upn are the UPN; access-token-claims-
 * reference), its oid and tid as Office's. Null when the token names no sign-in name.
 */
export function accountOfToken(token: TokenAccount | null): OfficeAccount | null {
  if (!token?.username?.trim()) return null;
  return {
    upn: toSmtpAddress(token.username),
    objectId: token.objectId?.trim().toLowerCase() || null,
    ...(token.tenantId?.trim() && { tenantId: token.tenantId.trim().toLowerCase() }),
  };
}

/**
 * Office's answers, completed where they name nobody: in "Open another mailbox" without Office's
 * account (no getAuthContext, or it failed or timed out; Delegate.personUnknown) the person is
 * who the sign-in's token names (its sign-in name, oid and tenant), asked without a login hint so
 * that the opened mailbox is never offered. `tokenAccount` signs in and reads the token's account
 * (graph/auth/token-claims.ts): the pane's sign-in, the handlers' Office single sign-on token;
 * absent where there is none. Resolves to the identity
 * unchanged when the person is known, with the token's account as Office's when it had to ask,
 * and to null when nobody can be named (no sign-in, cancelled, a token naming no account): the
 * pane then says so rather than taking the opened mailbox for the person (rev12b #3).
 */
export async function identifyByToken(
  identity: OfficeIdentity,
  tokenAccount?: () => Promise<TokenAccount | null>
): Promise<OfficeIdentity | null> {
  if (!delegateOf(identity).personUnknown) return identity;
  if (!tokenAccount) return null;
  const account = await tokenAccount().then(accountOfToken, (e) => {
    recordFailure("auth", "personFromToken", e);
    return null;
  });
  return account ? { ...identity, signedIn: account } : null;
}
