// The rules: which exported rows give which right, and why a row or value gives none. A reason
// is either an expected drop (the export itself shows there is no right for anyone to lose) or
// a loss (a right the export grants that the build could not place): losses fail the build
// unless --allow-unresolved is given, and are then listed one by one.
import { FULL_ACCESS, isSelf, SEND_AS } from "./values";

/** Why an exported row (or one Send on Behalf value) gives no right. Order = order in the summary. */
export const DROP_REASONS = [
  "inherited",
  "self",
  "deny",
  "otherRights",
  "unknownMailbox",
  "orphanedSid",
  "deletedAccount",
  "systemAccount",
  "emptyGroup",
  "unsupportedRecipientType",
  // Losses from here on (LOST_REASONS).
  "unresolvedTrustee",
  "ambiguousTrustee",
  "unresolvedMailbox",
  "damagedText",
  "groupMembersUnknown",
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** Reasons that lose a right the export grants: the build fails on them without --allow-unresolved. */
export const LOST_REASONS: ReadonlySet<DropReason> = new Set<DropReason>([
  "unresolvedTrustee",
  "ambiguousTrustee",
  "unresolvedMailbox",
  "damagedText",
  "groupMembersUnknown",
]);

/** One row of recipient-permissions.csv or mailbox-permissions.csv, fields already parsed. */
export interface PermissionRow {
  inherited: boolean;
  deny: boolean;
  /** TrusteeSidString / UserSid; may be empty. */
  sid: string;
  trustee: string;
  /** Rights named in AccessRights, as bits. */
  rights: number;
}

export type PermissionVerdict =
  | { drop: DropReason }
  /** The right this row grants (deny false) or takes away (deny true), once its names resolve. */
  | { bits: number; deny: boolean };

/**
 * The rules that need no lookup, in the order they are counted: inherited rows first (they
 * include the default inherited Deny entries of admin groups), then SELF by SID whatever its
 * localised name, then rows without the one right the file is read for.
 */
export function judgePermission(
  row: PermissionRow,
  file: "recipient" | "mailbox"
): PermissionVerdict {
  if (row.inherited) return { drop: "inherited" };
  if (isSelf(row.sid, row.trustee)) return { drop: "self" };
  const wanted = file === "recipient" ? SEND_AS : FULL_ACCESS;
  if (!(row.rights & wanted)) return { drop: "otherRights" };
  return { bits: wanted, deny: row.deny };
}

const SID = /^S-1-\d+(-\d+)+$/i;
// The built-in "domains" of Windows accounts, in the languages Exchange Online reports them in.
const SYSTEM_DOMAIN =
  /^(nt authority|nt-autorität|autorite nt|autorité nt|builtin|vordefiniert)\\/i;
const DOMAIN_SID = /^S-1-5-21-\d+-\d+-\d+-(\d+)$/i;

/**
 * Whether a SID is a built-in account or group rather than a person: well-known SIDs outside a
 * domain (S-1-5-18 SYSTEM, S-1-5-32-544 Administrators, S-1-1-0 Everyone...) and the domain's
 * own accounts below RID 1000 (500 Administrator, 512 Domain Admins, 519 Enterprise Admins...).
 * Source: Microsoft, "Well-known SIDs" (learn.microsoft.com/windows/win32/secauthz/well-known-sids).
 */
export function isBuiltInSid(sid: string): boolean {
  const s = sid.trim();
  if (!SID.test(s)) return false;
  const domain = DOMAIN_SID.exec(s);
  if (domain) return Number(domain[1]) < 1000;
  return /^S-1-5-21-/i.test(s) ? false : true;
}

/** What the exports prove about a trustee that resolved to no recipient. */
export interface UnresolvedFacts {
  /** The exports carry every recipient's sAMAccountName (recipients.csv SamAccountName). */
  hasSamAccountNames: boolean;
}

/**
 * Why a trustee value names no recipient, as far as the exports prove it:
 * - a domain SID (S-1-5-21-..., RID 1000 or more): Exchange shows the SID only when the account
 *   behind it no longer exists (orphanedSid);
 * - a built-in SID, in the value or the row's SID column: not a mail user (systemAccount);
 * - DOMAIN\name when the exports list every recipient's sAMAccountName and none is this one
 *   (deletedAccount);
 * - anything else is a loss: the exports do not show the trustee is gone.
 */
export function diagnoseUnresolved(
  value: string,
  sid: string,
  facts: UnresolvedFacts
): "orphanedSid" | "systemAccount" | "deletedAccount" | "unresolvedTrustee" {
  const v = value.trim();
  if (SID.test(v)) return isBuiltInSid(v) ? "systemAccount" : "orphanedSid";
  if (sid && isBuiltInSid(sid)) return "systemAccount";
  if (SYSTEM_DOMAIN.test(v)) return "systemAccount";
  const backslash = v.indexOf("\\");
  if (backslash > 0 && facts.hasSamAccountNames) return "deletedAccount";
  return "unresolvedTrustee";
}
