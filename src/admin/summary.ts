import type { Right } from "../core/model";
import type { TextEncoding } from "./decode";
import { DROP_REASONS, DropReason } from "./rules";

/**
 * A trustee value that resolved to no one recipient, with where it is (the report's `unresolved`).
 * `unmatched`: nothing in the exports matches it, which does not say the trustee is gone;
 * `orphanedSid`: a domain SID no exported recipient has while the exports carry SIDs (gone).
 */
export interface UnresolvedValue {
  file: string;
  line: number;
  column: string;
  value: string;
  kind: "systemAccount" | "orphanedSid" | "unmatched" | "ambiguous" | "damagedText";
}

/**
 * A right the exports grant that the build could not place (a reason in LOST_REASONS). Without
 * --allow-unresolved each fails the build; with it, each is listed in the summary and report.
 */
export interface LostGrant {
  file: string;
  line: number;
  column: string;
  /** The value as exported (trustee, or Identity when the mailbox is the unknown part). */
  value: string;
  /** The mailbox the right is on, as exported (primary address when it resolved). */
  mailbox: string;
  right: Right;
  reason: DropReason;
  message: string;
  fix: string;
}

/** What a build read, kept, dropped and lost; the CLI prints it and writes it as JSON. */
export interface BuildSummary {
  tenant: string;
  tenantFrom: "option" | "export-info" | "mailbox addresses" | "none";
  generatedAt: string;
  generatedAtFrom: "option" | "export-info" | "file times" | "none";
  rowsRead: Record<string, number>;
  /** Files decoded from another encoding than UTF-8, e.g. { "mailboxes.csv": "windows-1252" }. */
  decoded: Record<string, TextEncoding>;
  /** Which input format was read: the export script's files, or Export-RecipientPermissions'. */
  inputFormat: "send-from-export" | "export-recipient-permissions";
  recipients: number;
  mailboxes: number;
  groups: number;
  delegates: number;
  /**
   * The shards were laid out and counted (delegates, grants). False when the build stopped
   * before that (unreadable exports, lost rights): those counts are then unknown, not zero.
   */
  computed: boolean;
  grants: { total: number; sendAs: number; sendOnBehalf: number; fullAccess: number };
  dropped: Record<DropReason, number>;
  revokedByDeny: number;
  /**
   * The build's books: every permission row read, every Send on Behalf value and every mailbox
   * row of a type one cannot send from is either
   * granted (an Allow placed for a recipient) or counted under one reason in `dropped`, so
   * considered = granted + the sum of dropped.
   */
  accounting: { considered: number; granted: number };
  /** First unresolved or ambiguous trustees (at most MAX_UNRESOLVED_LISTED), with where they are. */
  unresolved: UnresolvedValue[];
  /** Every right lost (only published with --allow-unresolved; otherwise they are problems). */
  lost: LostGrant[];
  /**
   * Deny entries whose trustee the build could not place (it names no one known, or a group
   * without a member list) while someone holds the right they deny. Only published with
   * --allow-unresolved: then the holders keep the right (but one a repaired name names), which
   * Exchange refuses to whoever the Deny is for. `right`/`mailbox` are what the Deny denies.
   */
  unplacedDenies: LostGrant[];
  groupCycles: string[][];
  warnings: string[];
}

export const MAX_UNRESOLVED_LISTED = 100;

export function emptySummary(): BuildSummary {
  return {
    tenant: "",
    tenantFrom: "none",
    generatedAt: "",
    generatedAtFrom: "none",
    rowsRead: {},
    decoded: {},
    inputFormat: "send-from-export",
    recipients: 0,
    mailboxes: 0,
    groups: 0,
    delegates: 0,
    computed: false,
    grants: { total: 0, sendAs: 0, sendOnBehalf: 0, fullAccess: 0 },
    dropped: Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>,
    revokedByDeny: 0,
    accounting: { considered: 0, granted: 0 },
    unresolved: [],
    lost: [],
    unplacedDenies: [],
    groupCycles: [],
    warnings: [],
  };
}
