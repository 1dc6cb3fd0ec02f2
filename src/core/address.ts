/**
 * An SMTP address in the one normal form every comparison uses: trimmed and lower-cased.
 * Exchange compares SMTP addresses case-insensitively (RFC 5321 leaves the local part to the
 * host; Exchange Online ignores its case), and Outlook, CSV exports and tokens can hand us
 * surrounding spaces or mixed case (`userProfile.emailAddress` keeps the case the admin typed).
 *
 * The brand makes the type checker refuse a plain string where a normalised address is needed:
 * an address becomes an SmtpAddress only through toSmtpAddress, at the boundary where it enters
 * (Office, the admin's CSV exports, a token, the published directory).
 */
export type SmtpAddress = string & { readonly __brand: "SmtpAddress" };

/** The one rule: trim, then lower-case. Does not check that the value is an address. */
export function toSmtpAddress(value: string): SmtpAddress {
  return value.trim().toLowerCase() as SmtpAddress;
}

/** A person or mailbox as Outlook and Graph name them: the address and a display name. */
export interface Address {
  address: SmtpAddress;
  displayName: string;
}
