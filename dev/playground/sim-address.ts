// Its own module so that the simulator's parts (outlook-reply.ts) can name it without a cycle.

/** A person or mailbox in the simulated tenant, by its addresses. */
export interface SimAddress {
  /** The mailbox's primary SMTP address (Entra's `mail`, Office's userProfile.emailAddress). */
  address: string;
  displayName: string;
  /**
   * A person's sign-in name (userPrincipalName) where it is not `address`: Entra keeps UPN and
   * mail as separate attributes, and in many tenants they differ (onmicrosoft.com or an internal
   * domain; learn.microsoft.com/entra/identity/hybrid/connect/plan-connect-userprincipalname;
   * michev.info: the UPN "often differs from the primary SMTP address"). Office's auth context
   * and every token name the person by it (getAuthContext's userPrincipalName; preferred_username).
   */
  upn?: string;
}
