import { FULL_ACCESS, isSelf, SEND_AS } from "./values";

/** Why an exported row (or one Send on Behalf value) gives no right. Order = order in the summary. */
export const DROP_REASONS = [
  "inherited",
  "self",
  "deny",
  "otherRights",
  "unknownMailbox",
  "unresolvedTrustee",
  "ambiguousTrustee",
  "emptyGroup",
  "unsupportedRecipientType",
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

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
