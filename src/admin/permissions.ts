import { Columns, readCsv, RowHandler } from "./csv";
import type { TextEncoding } from "./decode";
import { MAILBOX_PERMISSIONS, RECIPIENT_PERMISSIONS, RESULT_SIZE_DEFAULT } from "./inputs";
import { Problem, Problems } from "./problems";
import { DropReason, judgePermission } from "./rules";
import { FIX } from "./fixes";
import { FileShape, fixFor, noteLocalBoolean } from "./sources";
import {
  excelBoolean,
  parseAccessControlType,
  parseAccessRights,
  parseFlag,
  unknownAccessRight,
} from "./values";
import { quoted } from "./shown";

// Reading recipient-permissions.csv and mailbox-permissions.csv: the rules that need no lookup
// (inherited, SELF, other rights, Deny, malformed fields) applied row by row. What survives goes
// out in batches for the lookups. Runs in a worker thread when the CLI is compiled, so the two
// big files are parsed while the main thread indexes the recipients.

export type PermissionFileKind = "recipient" | "mailbox";

/**
 * Rows that need their Identity and trustee resolved; parallel arrays keep batches cheap to send.
 * A whole file's batches can wait in the main thread's queue while it indexes the recipients, so
 * repeated text is not sent again (the reader's consumePermissions and permissionSid read it back).
 */
export interface PermissionBatch {
  /** The row's Identity, or null when it is the previous row's (exports list a mailbox's rows together). */
  identities: (string | null)[];
  trustees: string[];
  /**
   * TrusteeSidString / UserSid ("" when the file has no such column); a number n stands for
   * `${sidPrefix}${n}` (a SID of the batch's domain, by its relative id).
   */
  sids: (string | number)[];
  /** The domain part ("S-1-5-21-x-y-z-") that the batch's numeric sids follow; "" when none. */
  sidPrefix: string;
  lines: number[];
  /** Rights bits, plus 8 when the row is a Deny. */
  codes: number[];
  /** Bytes of the file read so far. */
  bytesRead: number;
}

export interface PermissionFileResult {
  rows: number;
  /** What wrote the file (for fixes), once its header was read. */
  shape?: FileShape;
  /** Set when the file was decoded from another encoding than UTF-8. */
  decodedFrom?: TextEncoding;
  /** What the summary says about how the file was read (CsvFileInfo.notes). */
  notes?: string[];
  /** CsvFileInfo.records: to tell a file Excel cut at its row limit. */
  records?: number;
  /**
   * How many different mailboxes (Identity, compared in lower case) the file has rows for, every
   * row counted, up to RESULT_SIZE_DEFAULT + 1 (more says nothing more): to tell a `Get-Mailbox |
   * Get-MailboxPermission` export that stopped at Get-Mailbox's default -ResultSize of 1,000
   * (rev11r LOW 5).
   */
  identities: number;
  dropped: Partial<Record<DropReason, number>>;
  problems: Problem[];
  /** Indices in `problems` of those told from a value's text alone (Problems.addProvisional). */
  provisional: number[];
  overflow: number;
}

export const DENY = 8;
const BATCH = 8192;

export function permissionSpec(kind: PermissionFileKind) {
  return kind === "recipient" ? RECIPIENT_PERMISSIONS : MAILBOX_PERMISSIONS;
}

export function trusteeColumn(kind: PermissionFileKind): "Trustee" | "User" {
  return kind === "recipient" ? "Trustee" : "User";
}

function newBatch(): PermissionBatch {
  return {
    identities: [],
    trustees: [],
    sids: [],
    sidPrefix: "",
    lines: [],
    codes: [],
    bytesRead: 0,
  };
}

/**
 * Adds a row's SID to a batch: by its relative id (the digits after the last "-", 1 to 9 of
 * them, no leading zero, so the number's own text gives them back) when the rest is the batch's
 * domain part; as written otherwise. Char codes, not a regex or slices: run on every row.
 */
function pushSid(batch: PermissionBatch, sid: string): void {
  let k = sid.length - 1;
  let rid = 0;
  let scale = 1;
  for (; k >= 0; k--) {
    const c = sid.charCodeAt(k);
    if (c < 48 || c > 57) break;
    rid += (c - 48) * scale;
    scale *= 10;
  }
  const digits = sid.length - 1 - k;
  // k is the "-" before the digits; the domain part is sid[0 .. k].
  if (
    digits > 0 &&
    digits <= 9 &&
    k > 1 &&
    sid.charCodeAt(k) === 45 &&
    sid.charCodeAt(k + 1) !== 48
  ) {
    if (batch.sidPrefix === "" && sid.startsWith("S-")) batch.sidPrefix = sid.slice(0, k + 1);
    if (batch.sidPrefix.length === k + 1 && sid.startsWith(batch.sidPrefix)) {
      batch.sids.push(rid);
      return;
    }
  }
  batch.sids.push(sid);
}

/** The SID of a batch's row i, as the file has it (see PermissionBatch.sids). */
export function permissionSid(batch: PermissionBatch, i: number): string {
  const sid = batch.sids[i];
  return typeof sid === "number" ? `${batch.sidPrefix}${sid}` : sid;
}

export async function readPermissionFile(
  path: string,
  kind: PermissionFileKind,
  onBatch: (batch: PermissionBatch) => void,
  scriptProven = false
): Promise<PermissionFileResult> {
  const spec = permissionSpec(kind);
  const file = spec.file;
  const problems = new Problems();
  const dropped: Partial<Record<DropReason, number>> = {};
  const drop = (reason: DropReason) => (dropped[reason] = (dropped[reason] ?? 0) + 1);
  let batch = newBatch();
  let bytesRead = 0;
  /** The Identity of the last row added to a batch (this or an earlier one); null before any. */
  let lastIdentity: string | null = null;
  /** Every Identity the file has a row for (lower case); rows come grouped by mailbox. */
  const identities = new Set<string>();
  let lastSeen: string | null = null;

  const start = (c: Columns<string>, _header: string[], shape: FileShape): RowHandler => {
    // An empty AccessControlType would be read as Allow: a right granted that may be denied.
    // Refused, naming the cell (rev11d finding 22).
    const empty = (line: number): null => {
      problems.add({
        file,
        line,
        column: "AccessControlType",
        message:
          "AccessControlType is empty, so whether this row grants or denies the right is not known",
        fix: fixFor(shape, FIX.accessControlType()),
      });
      return null;
    };
    const flag = (line: number, column: string, value: string): boolean | null => {
      // An empty IsInherited or Deny would be read as False: an inherited right granted as the
      // mailbox's own, or a denied right granted. Refused, naming the cell, as an empty
      // AccessControlType is (issue 11: never silent).
      if (value.trim() === "") {
        problems.add({
          file,
          line,
          column,
          message: `${column} is empty, so whether this row ${
            column === "Deny" ? "grants or denies the right" : "is inherited or the mailbox's own"
          } is not known`,
          fix: fixFor(shape, FIX.flagColumn(column)),
        });
        return null;
      }
      const parsed = parseFlag(value);
      // Excel's words in another language are read, and the summary says so (rev11c finding 14).
      const local =
        parsed === null || value === "False" || value === "True" ? null : excelBoolean(value);
      if (local) noteLocalBoolean(shape, local.words);
      if (parsed === null) {
        problems.add({
          file,
          line,
          column,
          message: `${quoted(value, 40)} is not True or False`,
          fix: fixFor(shape, FIX.flagColumn(column)),
        });
      }
      return parsed;
    };
    const trusteeIndex = c[trusteeColumn(kind)];
    const sidIndex = kind === "recipient" ? c.TrusteeSidString : c.UserSid;
    /** The otherRights drop of a row giving no right this file is read for; false on a problem. */
    const otherRights = (f: string[], line: number): boolean => {
      const unknown = unknownAccessRight(f[c.AccessRights]);
      if (unknown !== null) {
        problems.add({
          file,
          line,
          column: "AccessRights",
          message: `${
            unknown.trim() === "" || /^[;,{}\s]*$/.test(unknown)
              ? `${quoted(unknown, 60)} names no right`
              : `${quoted(unknown, 60)} is not a right Exchange writes`
          } (${kind === "recipient" ? "SendAs" : "FullAccess, ReadPermission, ChangeOwner, ChangePermission, DeleteItem, ExternalAccount"}), so the build cannot tell whether the row grants ${kind === "recipient" ? "Send As" : "Full Access"}`,
          fix: fixFor(shape, FIX.accessRights()),
        });
        return false;
      }
      drop("otherRights");
      return true;
    };
    const unreadable = (value: string, parse: (v: string) => unknown) =>
      value.trim() === "" || parse(value) === null;
    return (f, line) => {
      // Counted only while the count could still be RESULT_SIZE_DEFAULT: a Set of every mailbox
      // of a large tenant cost a tenth of the worker's time (the 1 M-row bench, issue 11's 1.2x).
      if (identities.size <= RESULT_SIZE_DEFAULT && f[c.Identity] !== lastSeen) {
        lastSeen = f[c.Identity];
        identities.add(lastSeen.trim().toLowerCase());
      }
      const rawInherited = f[c.IsInherited];
      const rawDeny = kind === "recipient" ? f[c.AccessControlType] : f[c.Deny];
      // What Export-Csv writes on nearly every row: read at once (the 1 M-row bench, issue 11's
      // 1.2x); any other spelling takes the checks below.
      const exact =
        (rawInherited === "False" || rawInherited === "True") &&
        (kind === "recipient"
          ? rawDeny === "Allow" || rawDeny === "Deny"
          : rawDeny === "False" || rawDeny === "True");
      // A row that gives no right this file is read for (ReadPermission only...) is an "other
      // right" whatever its IsInherited, Deny or AccessControlType say, as in the
      // Export-RecipientPermissions reader (erp.ts): an empty or unreadable flag there is no
      // problem, it decides nothing (f11c item 7).
      if (
        !exact &&
        (unreadable(f[c.IsInherited], parseFlag) ||
          (kind === "recipient"
            ? unreadable(f[c.AccessControlType], parseAccessControlType)
            : unreadable(f[c.Deny], parseFlag)))
      ) {
        const idle = judgePermission(
          {
            inherited: false,
            deny: false,
            sid: sidIndex >= 0 ? f[sidIndex] : "",
            trustee: f[trusteeIndex],
            rights: parseAccessRights(f[c.AccessRights]),
          },
          kind
        );
        if ("drop" in idle && idle.drop === "otherRights") {
          otherRights(f, line);
          return;
        }
      }
      const inherited = exact ? rawInherited === "True" : flag(line, "IsInherited", rawInherited);
      let deny: boolean | null;
      if (exact) deny = rawDeny === "True" || rawDeny === "Deny";
      else if (kind === "recipient") {
        const raw = f[c.AccessControlType];
        const type = raw.trim() === "" ? empty(line) : parseAccessControlType(raw);
        if (type === null && raw.trim() !== "") {
          problems.add({
            file,
            line,
            column: "AccessControlType",
            message: `${quoted(f[c.AccessControlType], 40)} is neither Allow nor Deny`,
            fix: fixFor(shape, FIX.accessControlType()),
          });
        }
        deny = type === null ? null : type === "Deny";
      } else {
        deny = flag(line, "Deny", f[c.Deny]);
      }
      if (inherited === null || deny === null) return;
      const trustee = f[trusteeIndex];
      const sid = sidIndex >= 0 ? f[sidIndex] : "";
      const verdict = judgePermission(
        {
          inherited,
          deny,
          sid,
          trustee,
          rights: parseAccessRights(f[c.AccessRights]),
        },
        kind
      );
      if ("drop" in verdict) {
        // A row without the right this file is read for must name rights Exchange writes:
        // anything else ("Full Access", an empty field) may be that right, written otherwise.
        if (verdict.drop === "otherRights") otherRights(f, line);
        else drop(verdict.drop);
        return;
      }
      if (verdict.deny) drop("deny");
      const identity = f[c.Identity];
      batch.identities.push(identity === lastIdentity ? null : identity);
      lastIdentity = identity;
      batch.trustees.push(trustee);
      pushSid(batch, sid);
      batch.lines.push(line);
      batch.codes.push(verdict.bits | (verdict.deny ? DENY : 0));
      if (batch.lines.length >= BATCH) {
        batch.bytesRead = bytesRead;
        onBatch(batch);
        batch = newBatch();
      }
    };
  };

  const info = await readCsv(
    path,
    spec,
    problems,
    start,
    (bytes) => (bytesRead = bytes),
    scriptProven
  );
  batch.bytesRead = bytesRead;
  onBatch(batch);
  return {
    rows: info.rows,
    shape: info.shape,
    decodedFrom: info.decodedFrom,
    notes: info.notes,
    records: info.records,
    identities: identities.size,
    dropped,
    problems: problems.list,
    provisional: problems.list.flatMap((p, i) => (problems.isProvisional(p) ? [i] : [])),
    overflow: problems.overflow,
  };
}
