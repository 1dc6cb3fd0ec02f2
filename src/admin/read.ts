// Reading: the export folder's files into the recipient index, the mailboxes and groups one may
// send from (targets), group membership and the Send on Behalf values still to resolve. Every
// value the build cannot interpret becomes a problem with file, line, column and a fix for the
// program that wrote the file (sources.ts). Permission rows stream through to the resolver.
import * as fs from "node:fs";
import * as path from "node:path";
import { SmtpAddress, toSmtpAddress } from "../core/address";
import { MAX_DISPLAY_NAME, sanitizeDisplayName, suspiciousAddress } from "../core/shard";
import type { BuildOptions } from "./options";
import {
  Columns,
  CsvFileInfo,
  CsvSpec,
  exportFix,
  headerColumns,
  readCsv,
  RowHandler,
  StartRows,
  EXCEL_ROW_LIMITS,
} from "./csv";
import { GroupMembership } from "./groups";
import {
  ERP_FILE,
  ERP_HEADER_MARK,
  EXPORT_INFO,
  GROUP_MEMBERS,
  GROUPS,
  GroupOnlyColumn,
  MailboxOnlyColumn,
  MAILBOXES,
  RECIPIENTS,
  REQUIRED_FILES,
  RESULT_SIZE_DEFAULT,
  TargetColumn,
} from "./inputs";
import {
  DENY,
  PermissionFileResult,
  permissionSid,
  permissionSpec,
  trusteeColumn,
} from "./permissions";
import { checkUnreadFiles } from "./unread-files";
import type { PermissionSource } from "./permission-source";
import { escapedNonAscii, type Problem, Problems } from "./problems";
import { RecipientIndex, Resolution } from "./recipients";
import type { DropReason } from "./rules";
import type { MailboxFacts } from "./serialize";
import { FIX } from "./fixes";
import { ALLOW } from "./resolve-texts";
import {
  ansiPageCause,
  FileShape,
  fixFor,
  hasScriptMarker,
  noteLocalBoolean,
  oneEncodingFix,
} from "./sources";
import type { BuildSummary } from "./summary";
import {
  doubleEncoded,
  isWide,
  misDecodedUtf8,
  notWindows1252,
  otherAnsiPage,
  pageIdOf,
} from "./decode";
import {
  cannotHoldRights,
  GROUP_KINDS,
  groupTypeSecurity,
  isGroupType,
  isKnownRecipientType,
  hasNoDomainSid,
  isNonExchangeOnlineMailboxType,
  isSmtpAddress,
  kindOf,
  excelBoolean,
  parseFlag,
  smtpFromProxy,
  splitAddressList,
  splitValues,
  withoutTrailingDot,
} from "./values";
import { quoted, trailingDotWarning } from "./shown";

export interface Target extends MailboxFacts {
  line: number;
  file: string;
}

/** Excel's limit for the characters in one cell (Microsoft, "Excel specifications and limits"). */
const EXCEL_CELL_LIMIT = 32767;

/** A GrantSendOnBehalfTo value, resolved once every group and its members are known. */
export interface PendingSendOnBehalf {
  file: string;
  line: number;
  mailbox: number;
  value: string;
}

/**
 * Why mailboxes.csv / groups.csv does not list a mailbox recipients.csv has, when the build knows:
 * `row`, its row there was refused for a problem of its own (line, why); `mixed`, the file mixes
 * encodings from `line` on, so its row in that part was misread (`fix` writes it whole in one).
 */
export type UnlistedCause =
  | { kind: "row"; file: string; line: number; why: string }
  | { kind: "mixed"; file: string; line: number; fix: string }
  | { kind: "stopped"; file: string; line: number; why: string };

/** Receives each permission row that survived the rules needing no lookup (permissions.ts). */
export interface PermissionSink {
  /** A row on a mailbox or group the build publishes. */
  grant(
    file: string,
    line: number,
    column: string,
    mailbox: number,
    trustee: string,
    sid: string,
    bits: number,
    deny: boolean
  ): void;
  /**
   * A row on a recipient that recipients.csv gives a type one can send from (line, type), but
   * that mailboxes.csv / groups.csv do not list: the exports disagree, so the right is lost.
   */
  unlistedTarget(
    file: string,
    line: number,
    identity: string,
    mailbox: number,
    listed: { line: number; type: string },
    bits: number,
    refused?: UnlistedCause
  ): void;
  /**
   * A row on a recipient that is no Exchange Online mailbox but can hold the right (a mail user,
   * guest mail user or mail contact: values.isNonExchangeOnlineMailboxType): lost, never published.
   */
  nonExchangeOnlineTarget(
    file: string,
    line: number,
    column: string,
    identity: string,
    address: string,
    listed: { line: number; type: string; file: string },
    bits: number
  ): void;
  /**
   * A Deny row whose Identity names no recipient (or several): the mailbox whose right it
   * withholds cannot be told (rev11i finding 4), judged once every grant is known.
   */
  unplacedDenyIdentity(
    file: string,
    line: number,
    identity: string,
    how: "unresolved" | "ambiguous",
    bits: number
  ): void;
  /** A row whose Identity names no recipient (or several); `trustee` is the row's trustee as exported. */
  unknownIdentity(
    file: string,
    line: number,
    identity: string,
    how: "unresolved" | "ambiguous",
    bits: number,
    trustee?: string
  ): void;
}

// Bidirectional controls, zero-width and other invisible or format characters (Unicode Cf, Cc,
// separators): an address holding one looks like another address but is not.
// Also characters that draw nothing though they are not format or space characters: U+2800
// BRAILLE PATTERN BLANK, U+FFFC OBJECT REPLACEMENT CHARACTER, U+1D159 MUSICAL SYMBOL NULL NOTEHEAD
// (rev11j finding 7: an alias "lea⠀2@…" was published, exit 0).
const INVISIBLE =
  /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}\u00a0\u2000-\u200a\u3000\u115f\u1160\u3164\uffa0\u2800\ufffc\u{1d159}]/u;

/** Why a PrimarySmtpAddress was refused (ExportReader.address reported it), for follow-ons. */
function addressRefusal(raw: string): string {
  const invisible = firstInvisible(raw);
  const candidate = toSmtpAddress(raw);
  return !raw.trim()
    ? "its PrimarySmtpAddress is empty"
    : invisible
      ? `its PrimarySmtpAddress holds the invisible character ${invisible}`
      : isSmtpAddress(candidate) && suspiciousAddress(candidate)
        ? "its PrimarySmtpAddress mixes scripts or look-alike letters"
        : "its PrimarySmtpAddress is not an SMTP address";
}

/** "U+200B" for the first invisible character in a value. */
export function firstInvisible(value: string): string | null {
  const m = INVISIBLE.exec(value);
  if (!m) return null;
  return `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** A value with its invisible and bidirectional characters taken out (for diagnoses only). */
export function stripInvisible(value: string): string {
  return value.replace(new RegExp(INVISIBLE.source, "gu"), "").trim();
}

/** "Jürgen Weiß" as an ASCII encoder writes it: every UTF-16 unit outside ASCII becomes "?". */
export function asciiMangled(text: string): string {
  // eslint-disable-next-line no-control-regex -- ASCII is the point
  return text.replace(/[^\u0000-\u007f]/g, "?");
}

/**
 * Whether `damaged` is `real` with letters outside ASCII replaced by "?" (one "?" per UTF-16
 * unit, as asciiMangled) and every other character the same: "J?rgen Wei?" and "Hans Wei?" for
 * "Hans Weiß" (a lone "?" at the end), "?mer" for "Ömer" (at the start), and "Dvo?ák" for
 * "Dvořák" (an ANSI code page that has á but not ř). Only a disagreement with another file's
 * spelling is evidence: a "?" alone may be punctuation in a real name (f11 gap 3).
 */
export function questionDamaged(damaged: string, real: string): boolean {
  if (damaged.length !== real.length || damaged === real || !damaged.includes("?")) return false;
  for (let i = 0; i < damaged.length; i++) {
    const d = damaged.charCodeAt(i);
    const r = real.charCodeAt(i);
    if (d === r) continue;
    // "?" (0x3F) where the real name has a character outside ASCII; anything else differs.
    if (d !== 0x3f || r <= 0x7f) return false;
  }
  return true;
}

/**
 * Whether a name has "?" where a letter belongs: between two letters ("B?ro"), before a letter
 * at a word's start ("?ukasz"), or as a word of "?" only ("?? ??"). An ASCII writer (Windows
 * PowerShell 5.1's Export-Csv without -Encoding) or an ANSI code page without the letter puts
 * "?" there; a "?" ending a word ("Fragen?") is punctuation and does not count (rev11c finding 5).
 */
export function questionForLetter(name: string): boolean {
  return /\p{L}\?+\p{L}|(?:^|[\s(])\?+\p{L}|(?:^|\s)\?{2,}(?=\s|$)/u.test(name);
}

/**
 * Why a file has "?" for letters, as true for how the build read it (rev11c finding 19): a file
 * read as Windows-1252 was written in an ANSI code page (which one the bytes do not say) that
 * lacks the letters; a UTF-16 file got them from an earlier step; any other file (ASCII only)
 * was written as ASCII. One sentence without a final full stop.
 */
export function questionCause(shape: FileShape, value = ""): string {
  // A UTF-8 value that keeps some letters outside ASCII was not written as ASCII: the "?" came
  // from an earlier copy (an ASCII or ANSI step) of the name.
  // eslint-disable-next-line no-control-regex -- ASCII is the point
  if (shape.encoding === "utf-8" && /[^\u0000-\u007f]/.test(value))
    return `${shape.file} is UTF-8, but the name already had "?" in place of some letters when it was written (an earlier ASCII or ANSI copy of it)`;
  if (shape.encoding === "windows-1252")
    return `${shape.file} was written in an ANSI code page (the build read it as Windows-1252) that has no letter for these, so its writer put "?" in their place (Excel's plain "CSV" and Windows PowerShell's -Encoding Default do this)`;
  if (isWide(shape.encoding))
    return `${shape.file} is ${shape.encoding.startsWith("utf-32") ? "UTF-32" : "UTF-16"}, but the names already had "?" in place of these letters when it was written (an earlier ASCII or ANSI copy)`;
  return `${shape.file} was written as ASCII (Windows PowerShell 5.1's Export-Csv without -Encoding), which writes "?" for every letter outside ASCII`;
}

/**
 * The files one listing cmdlet writes whole, with the cmdlet that writes each from another tool
 * than the script: one of exactly RESULT_SIZE_DEFAULT rows most likely stopped there (rev11p
 * finding 7, rev11q finding 1). What is lost says `loses`.
 */
const CUT_AT_RESULT_SIZE: Readonly<
  Record<string, { cmdlets: string; cmdlet: string; loses: string }>
> = {
  "recipient-permissions.csv": {
    cmdlets: "Get-RecipientPermission and Get-EXORecipientPermission",
    cmdlet: "Get-EXORecipientPermission",
    loses: "the Send As rights after them are lost",
  },
  "mailboxes.csv": {
    cmdlets: "Get-Mailbox and Get-EXOMailbox",
    cmdlet: "Get-EXOMailbox",
    loses: "the mailboxes after them, and the Send on Behalf rights on them, are lost",
  },
  "groups.csv": {
    cmdlets: "Get-DistributionGroup",
    cmdlet: "Get-DistributionGroup",
    loses: "the groups after them, and the Send on Behalf rights on them, are lost",
  },
  "recipients.csv": {
    cmdlets: "Get-Recipient and Get-EXORecipient",
    cmdlet: "Get-EXORecipient",
    loses: "the recipients after them, and the rights they hold or give, are lost",
  },
};

/** A list recipients.csv is checked against (ExportReader.checkListed). */
interface ListedCheck {
  file: string;
  /** What it lists, plural: "mailbox(es)", and one of them: "mailbox". */
  what: string;
  one: string;
  /** Its RecipientTypeDetails, lower case. */
  types: ReadonlySet<string>;
  /** The cmdlets that export it whole. */
  cmdlets: string;
}

/**
 * The mailbox types the script's mailbox step exports (admin/Export-SendFromData.ps1): a
 * recipient of one of them that mailboxes.csv does not list had its GrantSendOnBehalfTo, which
 * only mailboxes.csv carries, never read (rev11q finding 1).
 */
const LISTED_MAILBOXES: ListedCheck = {
  file: "mailboxes.csv",
  what: "mailbox(es)",
  one: "mailbox",
  types: new Set([
    "usermailbox",
    "sharedmailbox",
    "roommailbox",
    "equipmentmailbox",
    "schedulingmailbox",
  ]),
  cmdlets:
    "Get-EXOMailbox -ResultSize Unlimited -RecipientTypeDetails UserMailbox,SharedMailbox,RoomMailbox,EquipmentMailbox,SchedulingMailbox (Get-Mailbox stops at 1,000 without -ResultSize Unlimited)",
};

/**
 * The group types the script's group step exports (Get-DistributionGroup, Get-DynamicDistributionGroup,
 * Get-UnifiedGroup): one groups.csv does not list had its GrantSendOnBehalfTo never read (rev11r
 * finding 3).
 */
const LISTED_GROUPS: ListedCheck = {
  file: "groups.csv",
  what: "group(s)",
  one: "group",
  types: new Set([
    "mailuniversaldistributiongroup",
    "mailuniversalsecuritygroup",
    "mailnonuniversalgroup",
    "roomlist",
    "dynamicdistributiongroup",
    "groupmailbox",
  ]),
  cmdlets:
    "Get-DistributionGroup, Get-DynamicDistributionGroup and Get-UnifiedGroup, each with -ResultSize Unlimited (they stop at 1,000 without it)",
};

/** Reads the export folder's files (not the permission files' rows: see consumePermissions). */
export class ExportReader {
  readonly recipients = new RecipientIndex();
  readonly groups = new GroupMembership();
  readonly targets = new Map<number, Target>();
  /** Mailboxes whose mailboxes.csv row was rejected for a reported problem: not "not a mailbox". */
  private readonly rejectedMailboxes = new Set<string>();
  readonly pending: PendingSendOnBehalf[] = [];
  /** mailboxes.csv / groups.csv when refused before their rows (see readDirectoryFiles). */
  private readonly refusedLists = new Set<string>();
  /**
   * mailboxes.csv / groups.csv rows refused for their PrimarySmtpAddress, by that address without
   * its invisible characters: a right on the mailbox is lost because of the row (rev11e 5).
   */
  private readonly refusedTargets = new Map<string, { file: string; line: number; why: string }>();
  /** What wrote each file read so far. */
  readonly shapes = new Map<string, FileShape>();
  exportInfo: { generatedAt?: string; defaultDomain?: string } = {};
  /** Empty True/False settings read as False, by file and column (see flag). */
  private readonly emptyFlags = new Map<
    string,
    { file: string; column: string; line: number; count: number }
  >();
  /** The recipients.csv line of each recipient by id (a hole for one not in recipients.csv). */
  private readonly recipientLines: number[] = [];
  /** recipients.csv rows without a PrimarySmtpAddress, and the first one's line. */
  private noAddressRows = 0;
  private noAddressLine = 0;
  /** Members that name no recipient, by group: the group's rights cannot reach them. */
  readonly unknownMembers: { group: number; line: number; value: string }[] = [];
  /** Rows of group-members.csv whose group column names no one recipient (rev11i finding 2). */
  readonly unknownGroups: {
    line: number;
    value: string;
    resolution: Resolution;
    member: string;
  }[] = [];
  /** Members that are mail contacts (or other recipients that cannot sign in), by group. */
  readonly noSignInMembers: { group: number; line: number; member: number }[] = [];
  /** Recipients whose recipients.csv type is one can send from, with that line and type. */
  // By id, in arrays: ids are dense and every recipients.csv row writes here (1 M-row bench).
  private readonly sendableTyped: ({ line: number; type: string } | undefined)[] = [];
  /** Recipients of a type that can hold a right but is no Exchange Online mailbox (MailUser...). */
  private readonly nonExoTyped = new Map<number, { line: number; type: string; file: string }>();
  /** Recipients of mailboxes.csv / groups.csv whose type one cannot send from (counted there). */
  private readonly unsupportedTargets = new Set<number>();
  /** recipients.csv has no RecipientTypeDetails column: who is a group is not known from it. */
  private recipientsUntyped = false;
  /** Recipients mailboxes.csv or groups.csv lists (of any type): their type is known. */
  private readonly typed: boolean[] = [];
  /** Recipients whose RecipientTypeDetails in recipients.csv is a group type. */
  private readonly groupTyped = new Map<number, string>();
  /** recipients.csv lines of display names holding "?", to tell a mangled export (rare). */
  private readonly questionLines = new Map<number, number>();
  /** recipients.csv lines of display names outside ASCII, in a file read as Windows-1252. */
  private readonly ansiLines = new Map<number, number>();
  /** Per file: display names with "?" where a letter belongs (questionForLetter), in file order. */
  private readonly questionNames = new Map<string, { line: number; name: string }[]>();
  /** Display names holding U+FFFD, by file (noteReplacedName): refused once per file. */
  private readonly replacedNames = new Map<
    string,
    { line: number; name: string; column: string }[]
  >();
  /** Files with a display name holding a letter outside ASCII: not written as ASCII. */
  private readonly nonAsciiNames = new Set<string>();
  /** "file:line" of "?" names already diagnosed against another file's real name. */
  private readonly mangledReported = new Set<string>();

  /** export-info.csv proves Export-SendFromData.ps1 wrote the folder (hasScriptMarker). */
  readonly scriptProven: boolean;

  constructor(
    private readonly options: BuildOptions,
    private readonly problems: Problems,
    private readonly summary: BuildSummary
  ) {
    this.scriptProven = hasScriptMarker(options.inDir);
  }

  file(name: string): string {
    return path.join(this.options.inDir, name);
  }

  /** Whether the folder exists and holds the files listed; each missing one is a problem. */
  checkFilesExist(files: readonly CsvSpec<string>[] = REQUIRED_FILES): boolean {
    let ok = true;
    try {
      if (!fs.statSync(this.options.inDir).isDirectory()) throw new Error("not a folder");
    } catch {
      this.problems.add({
        file: this.options.inDir,
        message: "the export folder does not exist or is not a folder",
        fix: "pass the folder that holds the export files as --in",
      });
      return false;
    }
    // Files the build would pass over (a second download, a wrong letter case, a workbook) are
    // named, never ignored (rev11i finding 6); a stand-in for a missing file is named with it.
    const instead = checkUnreadFiles(this.options.inDir, this.problems, this.summary.warnings);
    for (const spec of files) {
      if (!fs.existsSync(this.file(spec.file))) {
        ok = false;
        const other = instead.get(spec.file);
        this.problems.add({
          file: spec.file,
          message: `missing from ${this.options.inDir}${other ? ` (found ${other.found}: ${other.what})` : ""}`,
          fix: other ? other.fix : exportFix(spec, this.scriptProven, true),
        });
      }
    }
    // The Export-RecipientPermissions result saved as recipients.csv: the "missing" problems
    // above say nothing of why, so the file itself is named (rev11l finding 8, la25).
    const recipients = this.file(RECIPIENTS.file);
    if (!ok && fs.existsSync(recipients) && headerColumns(recipients)?.includes(ERP_HEADER_MARK))
      this.problems.add({
        file: RECIPIENTS.file,
        line: 1,
        message: `this is the Export-RecipientPermissions result (column Grantor Primary SMTP), not Export-SendFromData.ps1's recipients.csv: the files above are missing because this folder holds no export of that script`,
        fix: `rename it ${ERP_FILE} (the build reads the result from a .csv file of any name but those of Export-SendFromData.ps1's files, with none of them beside it), or run Export-SendFromData.ps1 for its export`,
      });
    return ok && this.problems.count === 0;
  }

  /**
   * recipients.csv's display names outside ASCII, when the file's encoding is certain (not read
   * as Windows-1252, whose page the bytes do not name): what another file read as Windows-1252
   * is judged against (csv.ts judgeFilePage; h11f). Null otherwise.
   */
  private knownNames: Set<string> | null = null;

  /** Whether recipients.csv spells a name so, its encoding certain (knownNames). */
  private readonly knownName = (name: string): boolean => this.knownNames?.has(name) ?? false;

  /** Notes recipients.csv's names for knownName, once it is read (its own names are no evidence). */
  private noteKnownNames(): void {
    const shape = this.shapes.get(RECIPIENTS.file);
    if (!shape || shape.encoding === "windows-1252") return;
    this.knownNames = new Set();
    for (const name of this.recipients.displayNames)
      // eslint-disable-next-line no-control-regex -- only names outside ASCII tell a page
      if (name && /[^\u0000-\u007f]/.test(name)) this.knownNames.add(name);
  }

  /** Reads one CSV file, noting its shape, row count and encoding in the summary. */
  async read<K extends string>(spec: CsvSpec<K>, start: StartRows<K>): Promise<CsvFileInfo> {
    const file = this.file(spec.file);
    const progress = this.options.progress;
    let size = 0;
    try {
      size = fs.statSync(file).size;
    } catch {
      // readCsv reports an unreadable file.
    }
    progress?.file(spec.file, size);
    const info = await readCsv(
      file,
      spec,
      this.problems,
      start,
      progress && ((bytes, n) => progress.advance(bytes, n)),
      this.scriptProven,
      spec.file === RECIPIENTS.file ? undefined : this.knownName
    );
    progress?.done();
    this.noteFile(spec.file, info);
    return info;
  }

  noteFile(
    file: string,
    info: {
      rows: number;
      shape?: FileShape;
      decodedFrom?: CsvFileInfo["decodedFrom"];
      notes?: string[];
      records?: number;
    }
  ): void {
    this.summary.rowsRead[file] = info.rows;
    // Exactly as many records as a worksheet holds: Excel opened the file and kept only those,
    // so the rows after them, and the rights in them, are most likely lost (rev11p finding 4).
    // Exactly 1,000 rows of Send As from another tool than the script: Get-RecipientPermission
    // and Get-EXORecipientPermission return 1,000 unless -ResultSize Unlimited is given, so the
    // rest are most likely missing (rev11p finding 7). The script always asks for all of them.
    // The same for every list one cmdlet writes whole: Get-Mailbox, Get-Recipient and
    // Get-DistributionGroup stop at 1,000 too (rev11q finding 1: a mailboxes.csv cut there lost
    // every Send on Behalf of the mailboxes after it, exit 0).
    const cut = Object.hasOwn(CUT_AT_RESULT_SIZE, file) ? CUT_AT_RESULT_SIZE[file] : undefined;
    if (
      cut &&
      !this.scriptProven &&
      info.records !== undefined &&
      info.records - 1 === RESULT_SIZE_DEFAULT
    ) {
      const what = `${file} has exactly ${RESULT_SIZE_DEFAULT.toLocaleString("en-US")} rows, the default -ResultSize of ${cut.cmdlets}: the export most likely stopped there, so ${cut.loses}`;
      this.problemUnlessAllowed(
        {
          file,
          line: RESULT_SIZE_DEFAULT + 1,
          message: what,
          fix: `export it again with -ResultSize Unlimited (e.g. ${cut.cmdlet} -ResultSize Unlimited | Export-Csv -NoTypeInformation -Encoding UTF8); if it really has exactly that many rows, build with --allow-unresolved`,
        },
        "as it is"
      );
    }
    const limit = EXCEL_ROW_LIMITS.find((n) => n === info.records);
    if (limit !== undefined) {
      const what = `${file} has exactly ${limit.toLocaleString("en-US")} rows with its header, as many as an Excel worksheet holds: Excel most likely opened it and kept only those, so the rows after them (and the rights in them) are lost`;
      this.problemUnlessAllowed(
        {
          file,
          line: limit,
          message: what,
          fix: `use ${file} as the export wrote it, without opening and saving it in Excel (or split a larger export into parts below the limit); if it really ends there, build with --allow-unresolved`,
        },
        "as it is"
      );
    }
    for (const note of info.notes ?? []) this.summary.warnings.push(note);
    if (info.shape) this.shapes.set(file, info.shape);
    if (info.decodedFrom) this.summary.decoded[file] = info.decodedFrom;
  }

  /** The files every build reads before the permissions: recipients first, all resolve through them. */
  async readDirectoryFiles(): Promise<void> {
    await this.readExportInfo();
    await this.read(RECIPIENTS, (c, _h, shape) => this.recipientRow(c, shape));
    this.noteKnownNames();
    for (const spec of [MAILBOXES, GROUPS]) {
      const info = await this.read(spec, (c, h, shape) => this.targetRow(spec, c, h, shape));
      // Refused before its rows (binary, undecodable, no header, columns missing): its own
      // problem is the message; rights on the mailboxes it would list are not each "not listed".
      if (!info.shape) this.refusedLists.add(spec.file);
    }
    const members = await this.read(GROUP_MEMBERS, (c) => this.memberRow(c));
    // group-members.csv refused before its rows (empty, binary, no header): who is in each group
    // is not known, never "an empty group" (rev11c finding 20). The file's own problem says why.
    if (!members.shape)
      for (const id of this.groups.memberless())
        if (!this.groups.isUnlisted(id)) this.groups.markUnlisted(id, "unread");
    for (const file of [RECIPIENTS.file, MAILBOXES.file, GROUPS.file]) {
      this.checkQuestionNames(file);
      this.checkReplacedNames(file);
    }
    this.checkListed(LISTED_MAILBOXES);
    this.checkListed(LISTED_GROUPS);
    this.checkMembersCut();
    // A group (by its type in recipients.csv) that groups.csv does not list and that has no row
    // in group-members.csv: its members are not in the export (not an empty group, which the
    // script lists in groups.csv with no member rows). It is never a delegate.
    for (const [id, type] of this.groupTyped)
      if (!this.groups.isGroup(id)) this.groups.markUnlisted(id, "notListed", type);
    // Only the script is known to list every member: from another tool a group without member
    // rows may be an export that skipped them, never silently "empty".
    if (!this.scriptProven)
      for (const id of this.groups.memberless())
        if (!this.groups.isUnlisted(id)) this.groups.markUnlisted(id, "unproven");
    // Without the type column a recipient that is neither a mailbox nor a listed group may be a
    // group (rev11 finding 1: "Sales Team" became a delegate): never a delegate, its rights lost.
    if (this.recipientsUntyped)
      for (let id = 0; id < this.recipients.size; id++)
        if (!this.typed[id] && !this.groups.isGroup(id)) this.groups.markUntyped(id);
  }

  /**
   * A problem that --allow-unresolved turns into a summary warning: `problem.message` said with
   * what was published (`published`: "as it is", "without them"), else the problem as given.
   */
  private problemUnlessAllowed(problem: Problem, published: "as it is" | "without them"): void {
    if (this.options.allowUnresolved)
      this.summary.warnings.push(
        `${problem.message}; published ${published} (--allow-unresolved).`
      );
    else this.problems.add(problem);
  }

  /**
   * Mailboxes and groups recipients.csv lists (of a type the script's mailbox or group step
   * exports) that mailboxes.csv or groups.csv does not: their GrantSendOnBehalfTo, which only
   * those files carry, was never read, so the Send on Behalf rights in it are lost without a row
   * to report (rev11q finding 1: a mailboxes.csv cut at 1,000 rows, or of shared mailboxes only,
   * built with exit 0; rev11r finding 3: a groups.csv of Microsoft 365 groups only, likewise).
   * An error naming the count and the first, unless --allow-unresolved (then a warning). Not
   * where the file was refused or a row of it has a problem: that problem is the message.
   */
  private checkListed(list: ListedCheck): void {
    if (this.refusedLists.has(list.file)) return;
    if (this.problems.list.some((p) => p.file === list.file)) return;
    let count = 0;
    let first: { id: number; line: number; type: string } | null = null;
    for (let id = 0; id < this.sendableTyped.length; id++) {
      const listed = this.sendableTyped[id];
      if (!listed || this.targets.has(id) || this.unsupportedTargets.has(id)) continue;
      if (!list.types.has(listed.type.toLowerCase())) continue;
      if (this.rejectedMailboxes.has(this.recipients.addresses[id])) continue;
      count++;
      first ??= { id, ...listed };
    }
    if (!first) return;
    const what = `recipients.csv lists ${count.toLocaleString("en-US")} ${list.what} that ${list.file} does not (the first: ${this.recipients.addresses[first.id]}, a ${first.type}, recipients.csv line ${first.line}): their Send on Behalf (GrantSendOnBehalfTo), which only ${list.file} carries, was not read, so the rights in it are lost`;
    // The script lists every mailbox and group of these types in one step and names what it
    // could not read (export-info.csv's Unread): one only recipients.csv has was created while
    // it ran, too new to hold a Send on Behalf. Said, not refused.
    if (this.scriptProven) {
      this.summary.warnings.push(
        `${what.replace(/, so the rights in it are lost$/, "")}: a ${list.one} created while Export-SendFromData.ps1 ran? Export again if it may hold one.`
      );
      return;
    }
    this.problemUnlessAllowed(
      {
        file: list.file,
        message: what,
        fix: `export ${list.file} with every one: ${list.cmdlets}, or run Export-SendFromData.ps1; if they hold no Send on Behalf, build with --allow-unresolved`,
      },
      "without them"
    );
  }

  /**
   * A permission file from another tool than the script with rows for exactly RESULT_SIZE_DEFAULT
   * mailboxes while mailboxes.csv lists more: `Get-Mailbox | Get-MailboxPermission` (the usual
   * hand-made Full Access export) stops with Get-Mailbox's default -ResultSize, so the rights on
   * every later mailbox are most likely missing, although the file's own rows are not 1,000
   * (rev11r LOW 5). Exchange lists SELF on every mailbox, so a whole export has a row for each.
   * An error naming the counts, unless --allow-unresolved (then a warning).
   */
  private checkMailboxesCut(file: string, identities: number): void {
    if (this.scriptProven || identities !== RESULT_SIZE_DEFAULT) return;
    if (this.summary.mailboxes <= RESULT_SIZE_DEFAULT) return;
    const cmdlet =
      file === "mailbox-permissions.csv" ? "Get-MailboxPermission" : "Get-RecipientPermission";
    const what = `${file} has rows for exactly ${RESULT_SIZE_DEFAULT.toLocaleString("en-US")} mailboxes while mailboxes.csv lists ${this.summary.mailboxes.toLocaleString("en-US")}: Get-Mailbox stops at ${RESULT_SIZE_DEFAULT.toLocaleString("en-US")} without -ResultSize Unlimited, so the export (Get-Mailbox | ${cmdlet}) most likely stopped there and the rights on the mailboxes after them are lost`;
    this.problemUnlessAllowed(
      {
        file,
        message: what,
        fix: `export it again with every mailbox: Get-Mailbox -ResultSize Unlimited | ${cmdlet} | Export-Csv -NoTypeInformation -Encoding UTF8, or run Export-SendFromData.ps1; if the rights really are on exactly those mailboxes, build with --allow-unresolved`,
      },
      "as it is"
    );
  }

  /**
   * A group with exactly RESULT_SIZE_DEFAULT member rows in a group-members.csv from another tool
   * than the script: Get-DistributionGroupMember, Get-DynamicDistributionGroupMember and
   * Get-UnifiedGroupLinks return 1,000 without -ResultSize Unlimited, so the members after them
   * most likely lost every right the group gives (rev11r finding 2: the 1,001st member lost Send
   * As, exit 0). An error naming the group and its first row, unless --allow-unresolved.
   */
  private checkMembersCut(): void {
    if (this.scriptProven) return;
    for (const [group, rows] of this.memberRows) {
      if (rows.count !== RESULT_SIZE_DEFAULT) continue;
      const what = `group-members.csv has exactly ${RESULT_SIZE_DEFAULT.toLocaleString("en-US")} member rows for ${quoted(group)} (from line ${rows.line}), the default -ResultSize of Get-DistributionGroupMember, Get-DynamicDistributionGroupMember and Get-UnifiedGroupLinks: the export most likely stopped there, so the members after them lose every right the group gives`;
      this.problemUnlessAllowed(
        {
          file: GROUP_MEMBERS.file,
          line: rows.line,
          column: "GroupPrimarySmtpAddress",
          message: what,
          fix: `export the group's members again with -ResultSize Unlimited (Get-DistributionGroupMember -ResultSize Unlimited, Get-UnifiedGroupLinks -LinkType Members -ResultSize Unlimited), or run Export-SendFromData.ps1; if the group really has exactly that many members, build with --allow-unresolved`,
        },
        "as it is"
      );
    }
  }

  async readExportInfo(): Promise<void> {
    const jsonPath = this.file("export-info.json");
    if (fs.existsSync(this.file(EXPORT_INFO.file))) {
      await readCsv(this.file(EXPORT_INFO.file), EXPORT_INFO, this.problems, (c) => (f, line) => {
        this.exportInfo = {
          generatedAt: f[c.GeneratedAt].trim(),
          defaultDomain: c.DefaultDomain >= 0 ? f[c.DefaultDomain].trim() : undefined,
        };
        this.checkExportInfo(EXPORT_INFO.file, line);
        if (c.Unread >= 0) this.checkUnread(line, f[c.Unread]);
      });
    } else if (fs.existsSync(jsonPath)) {
      try {
        const data = JSON.parse(fs.readFileSync(jsonPath, "utf8")) as unknown;
        const record =
          typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
        this.exportInfo = {
          generatedAt: typeof record.generatedAt === "string" ? record.generatedAt : undefined,
          defaultDomain:
            typeof record.defaultDomain === "string" ? record.defaultDomain : undefined,
        };
        this.checkExportInfo("export-info.json", 1);
      } catch (e) {
        this.problems.add({
          file: "export-info.json",
          line: 1,
          message: `not valid JSON (${e instanceof Error ? e.message : String(e)})`,
          fix: 'write {"generatedAt":"2026-11-01T06:00:00Z","defaultDomain":"contoso.com"} or delete the file',
        });
      }
    }
  }

  /**
   * export-info.csv's Unread column: what Export-SendFromData.ps1 could not read (a mailbox's Full
   * Access entries, a group's members, a member without mail nested in a group), ";"-joined. The
   * rights in them are unknown, so the export is incomplete: an error (the script also exits 1),
   * or with --allow-unresolved a warning naming each, published without them (rev11o findings 6
   * and 8: the script put such an export in place and the build published it, exit 0).
   */
  private checkUnread(line: number, value: string): void {
    const unread = value
      .split(";")
      .map((v) => v.trim())
      .filter((v) => v !== "");
    if (unread.length === 0) return;
    const shown = unread.slice(0, 10).map((v) => quoted(v, 200));
    const list = `${shown.join(", ")}${unread.length > shown.length ? ` and ${unread.length - shown.length} more` : ""}`;
    const what = `Export-SendFromData.ps1 could not read ${unread.length} object(s), so the rights they hold or give are missing from this export: ${list}`;
    if (this.options.allowUnresolved) {
      this.summary.warnings.push(
        `${EXPORT_INFO.file}, line ${line}, column Unread: ${what}; published without them (--allow-unresolved)`
      );
      return;
    }
    this.problems.add({
      file: EXPORT_INFO.file,
      line,
      column: "Unread",
      message: `the export is incomplete: ${what}`,
      fix: `run Export-SendFromData.ps1 again (a read that failed is most often throttling or a transient error; a member without mail is a group nested in a mail-enabled one: add its members to that group, or give it a mail address), then build again; ${ALLOW}`,
    });
  }

  private checkExportInfo(file: string, line: number): void {
    const { generatedAt, defaultDomain } = this.exportInfo;
    if (generatedAt && !isTimestamp(generatedAt)) {
      this.problems.add({
        file,
        line,
        column: "GeneratedAt",
        message: `${quoted(generatedAt, 60)} is not an ISO-8601 date and time with a zone`,
        fix: "write it as e.g. 2026-11-01T06:00:00Z, or pass --generated-at",
      });
    }
    if (defaultDomain && defaultDomain.length > 255) {
      this.problems.add({
        file,
        line,
        column: "DefaultDomain",
        message: "longer than 255 characters",
        fix: "write the tenant's default domain, e.g. contoso.com, or pass --tenant",
      });
    }
  }

  /**
   * An address column that must hold one SMTP address; null (with a problem) when it does not,
   * or when it holds an invisible or bidirectional character (it would look like another address).
   */
  address(shape: FileShape, line: number, column: string, raw: string): SmtpAddress | null {
    // The CSV boundary: an address becomes an SmtpAddress here (core/address.ts), once.
    let value = toSmtpAddress(smtpFromProxy(raw) ?? raw);
    // A trailing dot ends a fully qualified domain name (RFC 1034): "anna@contoso.com." is the
    // same mailbox as "anna@contoso.com", but Exchange never writes it so and Outlook would
    // compare the published form as another address. Published without the dot, said with the
    // line (issue 11: never silent); another recipient owning the bare address is then a conflict.
    const bare = withoutTrailingDot(value);
    if (bare !== value) {
      this.summary.warnings.push(trailingDotWarning(shape.file, line, column, raw, bare));
      value = bare;
    }
    // U+FFFD stands where a program could not decode bytes: the address is damaged, not the
    // user's (rev11j finding 7), and is refused with the line like a hidden character.
    const invisible = value.includes("\ufffd") ? "U+FFFD" : firstInvisible(value);
    // In a file read as Windows-1252, U+0081 ... U+009D are bytes that page leaves undefined and
    // another page's letters (cp850's "ü" is 0x81: "j\u0081rgen@" is "jürgen@"): the file's
    // code page, not a character to remove in Exchange (rev11w F11).
    if (invisible && shape.encoding === "windows-1252" && /[\u0080-\u009f]/.test(value)) {
      const page = shape.codePage?.page;
      this.problems.add({
        file: shape.file,
        line,
        column,
        message: `${quoted(raw)} holds ${invisible}, a byte Windows-1252 (as the file was read) does not define: the file was written in another code page${page ? ` (most likely ${page})` : ""}, where that byte is a letter, so the address would be published damaged`,
        fix: fixFor(shape, page ? FIX.codePage(page) : FIX.utf8()),
      });
      return null;
    }
    if (invisible) {
      this.problems.add({
        file: shape.file,
        line,
        column,
        message:
          invisible === "U+FFFD"
            ? `${quoted(raw)} holds U+FFFD, the replacement character a program writes for bytes it could not decode: the address is damaged (the file was read in another encoding and saved again) and would look like another address`
            : `${quoted(raw)} holds the invisible or bidirectional character ${invisible}: it would look like another address`,
        // A primary address (PrimarySmtpAddress, Trustee/Grantor Primary SMTP...) is replaced
        // before it can be removed: the fix says so (rev11e 5).
        fix:
          invisible === "U+FFFD"
            ? fixFor(shape, FIX.utf8())
            : fixFor(
                shape,
                FIX.addressHidden(raw, /primary/i.test(column) ? stripInvisible(value) : undefined)
              ),
      });
      return null;
    }
    if (isSmtpAddress(value)) {
      // The pane's own rule (core/shard.ts suspiciousAddress): an address it would leave out is
      // refused here, so build, validate and the pane agree (rev11 finding 16).
      const suspicious = suspiciousAddress(value);
      if (!suspicious) return value;
      this.problems.add({
        file: shape.file,
        line,
        column,
        message: `"${escapedNonAscii(value)}" ${
          suspicious === "mixedScript"
            ? "mixes scripts or uses look-alike letters (e.g. Latin with Cyrillic, or fullwidth letters)"
            : suspicious === "bidi"
              ? "holds a bidirectional mark"
              : "holds an invisible character"
        }: it could be drawn as another address, so the add-in leaves it out and would not offer the rights on it`,
        fix: `give the recipient an address in one script (Set-Mailbox -EmailAddresses @{remove="${escapedNonAscii(value)}"} for an alias, -PrimarySmtpAddress for its primary address), then export ${shape.file} again`,
      });
      return null;
    }
    this.problems.add({
      file: shape.file,
      line,
      column,
      message: value ? `${quoted(raw)} is not an SMTP address` : "is empty",
      fix: fixFor(shape, FIX.notAnAddress(column)),
    });
    return null;
  }

  /**
   * Whether a list cell (GrantSendOnBehalfTo, EmailAddresses) is exactly 32,767 characters long:
   * Excel's limit for one cell, at which it cuts a longer value when it opens the file, whatever
   * format it saves (Microsoft, "Excel specifications and limits": "Total number of characters
   * that a cell can contain: 32,767"). The values after the cut are gone (rev11l finding 4: 11
   * delegates' Send on Behalf were lost, exit 0), so it is an error naming the line and column.
   * One length comparison per cell.
   */
  private excelCut(shape: FileShape, line: number, column: string, field: string): void {
    if (field.length !== EXCEL_CELL_LIMIT) return;
    this.problems.add({
      file: shape.file,
      line,
      column,
      message: `the value is exactly 32,767 characters long, Excel's limit for one cell: Excel cuts a longer cell to that length when it opens the file, so the values after the cut are most likely lost`,
      fix:
        shape.source === "excel"
          ? `${shape.file} was saved by Excel, which cuts every cell at 32,767 characters whatever format it saves: use the export as PowerShell wrote it, without opening and saving it in Excel`
          : `${fixFor(shape)}, and do not open and save it in Excel, which cuts every cell at 32,767 characters`,
    });
  }

  /** The SMTP addresses of an EmailAddresses field, joined with ";", "," or spaces. */
  private proxies(shape: FileShape, line: number, field: string): SmtpAddress[] {
    const out: SmtpAddress[] = [];
    if (!field) return out;
    this.excelCut(shape, line, "EmailAddresses", field);
    for (const value of splitAddressList(field)) {
      const smtp = smtpFromProxy(value);
      if (smtp === null) continue;
      const address = this.address(shape, line, "EmailAddresses", smtp);
      if (address) out.push(address);
    }
    return out;
  }

  /** A UPN: a key that resolves, never published; refused like an address when it hides characters. */
  private upn(shape: FileShape, line: number, raw: string): string[] {
    const v = raw.trim();
    if (!v) return [];
    const invisible = firstInvisible(v);
    if (!invisible) return [v];
    this.problems.add({
      file: shape.file,
      line,
      column: "UserPrincipalName",
      message: `${quoted(v)} holds the invisible or bidirectional character ${invisible}`,
      fix: fixFor(shape, FIX.upnHidden()),
    });
    return [];
  }

  private flag(shape: FileShape, line: number, column: string, value: string): boolean {
    // An empty setting (not a right) is read as False, counted and said in the summary (rev11d
    // finding 20); NoReply is the admin's own column, where empty means "not no-reply".
    if (value !== "False" && value !== "True" && column !== "NoReply" && value.trim() === "") {
      const key = `${shape.file}\u0000${column}`;
      const had = this.emptyFlags.get(key);
      if (had) had.count++;
      else this.emptyFlags.set(key, { file: shape.file, column, line, count: 1 });
    }
    const parsed = parseFlag(value);
    // Excel's words in another language are read, and the summary says so (rev11c finding 14).
    const local =
      parsed === null || value === "False" || value === "True" ? null : excelBoolean(value);
    if (local) noteLocalBoolean(shape, local.words);
    if (parsed !== null) return parsed;
    this.problems.add({
      file: shape.file,
      line,
      column,
      message: `${quoted(value, 40)} is not True or False`,
      fix: fixFor(shape, FIX.flagColumn(column)),
    });
    return false;
  }

  /** Reports proxy addresses that two recipients claim, found by the last add. */
  private conflictsSince(before: number, shape: FileShape, line: number, id?: number): void {
    const { conflicts, addresses } = this.recipients;
    for (let i = before; i < conflicts.length; i++) {
      const c = conflicts[i];
      // Whose primary address it is, if either's: that one keeps it, the other's proxy goes.
      const primaryOf =
        addresses[c.owner] === c.address
          ? c.owner
          : addresses[c.claimant] === c.address
            ? c.claimant
            : undefined;
      const holder = primaryOf === c.owner ? c.claimant : c.owner;
      this.problems.add({
        file: shape.file,
        line,
        // The row being read is the UPN's when its recipient holds the UPN (rev11j finding 3),
        // and its PrimarySmtpAddress when it is that row's own (rev11q finding 5: a groups.csv
        // row was told of an EmailAddresses column it does not have).
        column:
          c.upn && c.owner === id
            ? "UserPrincipalName"
            : !c.upn && primaryOf !== undefined && primaryOf === id
              ? "PrimarySmtpAddress"
              : "EmailAddresses",
        message: c.upn
          ? `${c.address} is the user principal name of ${addresses[c.owner]}, who signs in with it, and also a proxy address of ${addresses[c.claimant]}: an address belongs to one recipient, and publishing it as an alias would make Outlook treat the other mailbox as the user's own`
          : `${c.address} is an address of ${addresses[c.owner]} and also listed for ${addresses[c.claimant]}: an address belongs to one recipient, and publishing it as an alias would make Outlook treat the other mailbox as the user's own`,
        fix: fixFor(
          shape,
          c.upn
            ? FIX.upnClaimedAsProxy(c.address, addresses[c.claimant], addresses[c.owner])
            : primaryOf !== undefined
              ? FIX.primaryClaimedAsProxy(c.address, addresses[holder], addresses[primaryOf])
              : FIX.addressClaimedTwice(c.address)
        ),
      });
    }
  }

  private recipientRow(
    c: Columns<(typeof RECIPIENTS.required)[number] | (typeof RECIPIENTS.optional)[number]>,
    shape: FileShape
  ): RowHandler {
    if (c.SamAccountName >= 0) this.recipients.samAccountNameColumn = true;
    // Every key a refused row would have had: a right granted to it is lost because of the row.
    const refuse = (f: string[], line: number, why: string, fix?: string) => {
      const opt = (i: number) => (i >= 0 ? (f[i] ?? "") : "");
      const address = opt(c.PrimarySmtpAddress);
      this.recipients.refuse(
        [
          address,
          stripInvisible(address),
          opt(c.Identity),
          opt(c.Name),
          opt(c.Alias),
          opt(c.DisplayName),
          opt(c.ExternalDirectoryObjectId),
          opt(c.UserPrincipalName),
          opt(c.SamAccountName),
          // Its SID too: a right granted to a skipped row by its SID is the row's, never an
          // orphaned SID's (the exports prove the account live; rev11n findings 1 and 9).
          opt(c.Sid),
        ],
        shape.file,
        line,
        why,
        fix
      );
    };
    if (c.RecipientTypeDetails < 0) this.recipientsUntyped = true;
    const handler: RowHandler = (f, line) => {
      // Recipients without an SMTP address (users without a mailbox, some system objects) cannot
      // send or be sent from: counted for the summary, and kept under their names so that a
      // trustee naming one is told it is this row (rev11d finding 8), not "names no recipient".
      if (!f[c.PrimarySmtpAddress].trim()) {
        if (this.noAddressRows++ === 0) this.noAddressLine = line;
        const group = c.RecipientTypeDetails >= 0 && isGroupType(f[c.RecipientTypeDetails]);
        refuse(
          f,
          line,
          "it has no PrimarySmtpAddress",
          fixFor(shape, group ? FIX.noMailboxGroup(line) : FIX.noMailbox(line))
        );
        return;
      }
      const address = this.address(shape, line, "PrimarySmtpAddress", f[c.PrimarySmtpAddress]);
      if (!address) {
        refuse(f, line, addressRefusal(f[c.PrimarySmtpAddress]));
        return;
      }
      const seen = this.recipients.idOf(address);
      const previousLine = seen === undefined ? undefined : this.recipientLines[seen];
      if (previousLine !== undefined) {
        // Two rows for one address (e.g. two runs appended): which one is current is not known,
        // and keeping the first silently published its name and object id (rev11d finding 7).
        this.problems.add({
          file: shape.file,
          line,
          column: "PrimarySmtpAddress",
          message: `${address} is listed twice (also ${shape.file} line ${previousLine})`,
          fix: fixFor(shape, FIX.recipientOnce()),
        });
        return;
      }
      const conflicts = this.recipients.conflicts.length;
      const displayName = f[c.DisplayName];
      const id = this.recipients.add({
        address,
        displayName,
        proxies: this.proxies(shape, line, f[c.EmailAddresses]),
        otherAddresses:
          c.UserPrincipalName >= 0 ? this.upn(shape, line, f[c.UserPrincipalName]) : [],
        names: [f[c.Identity], f[c.Name], f[c.Alias], f[c.ExternalDirectoryObjectId]],
        alias: f[c.Alias],
        objectId: f[c.ExternalDirectoryObjectId],
        samAccountName: c.SamAccountName >= 0 ? f[c.SamAccountName] : undefined,
        sid: c.Sid >= 0 ? f[c.Sid] : undefined,
      });
      this.recipientLines[id] = line;
      this.recipients.recipientsCsvLines[id] = line;
      if (this.recipients.conflicts.length > conflicts)
        this.conflictsSince(conflicts, shape, line, id);
      if (displayName.includes("?")) this.questionLines.set(id, line);
      // A name read as Windows-1252 may be another ANSI code page's: told against mailboxes.csv
      // or groups.csv (checkMangledName), which needs its line here.
      // eslint-disable-next-line no-control-regex -- ASCII reads the same in every code page
      if (shape.encoding === "windows-1252" && /[^\u0000-\u007f]/.test(displayName))
        this.ansiLines.set(id, line);
      this.noteDisplayName(shape.file, line, displayName);
      if (c.RecipientTypeDetails >= 0) {
        const type = f[c.RecipientTypeDetails];
        if (kindOf(type) !== null) this.sendableTyped[id] = { line, type: type.trim() };
        else if (isNonExchangeOnlineMailboxType(type))
          this.nonExoTyped.set(id, { line, type: type.trim(), file: shape.file });
        if (isGroupType(type)) this.groupTyped.set(id, type.trim());
        if (hasNoDomainSid(type)) this.recipients.markNoDomainSid(id);
        if (kindOf(type) === "distributionList") this.groups.markDistribution(id, type.trim());
        else if (cannotHoldRights(type))
          this.recipients.markCannotSignIn(id, type.trim(), shape.file, line);
      }
    };
    handler.rejected = refuse;
    return handler;
  }

  private targetRow(
    spec: typeof MAILBOXES | typeof GROUPS,
    c: Columns<TargetColumn> &
      Partial<Columns<MailboxOnlyColumn>> &
      Partial<Columns<GroupOnlyColumn>>,
    header: string[],
    shape: FileShape
  ): RowHandler {
    const file = spec.file;
    const rule = this.options.noReply;
    let ruleColumn = -1;
    if (rule) {
      ruleColumn = header.findIndex((h) => h.trim().toLowerCase() === rule.attribute.toLowerCase());
      // Groups carry custom attributes too, but a groups.csv from an older export may lack them.
      if (ruleColumn < 0 && spec === MAILBOXES) {
        this.problems.add({
          file,
          line: 1,
          column: rule.attribute,
          message: `--no-reply-attribute names ${rule.attribute}, which this file does not have`,
          fix: `${fixFor(shape, FIX.noReplyAttribute(rule.attribute))}; or drop --no-reply-attribute`,
        });
      }
    }
    const isMailbox = spec === MAILBOXES;
    const handler: RowHandler = (f, line) => {
      const opt = (name: TargetColumn) => (c[name] >= 0 ? f[c[name]] : "");
      const address = this.address(shape, line, "PrimarySmtpAddress", f[c.PrimarySmtpAddress]);
      if (!address) {
        // Refused with a problem of its own: a right on it, or granted to it, is lost because of
        // this row, said so, not "mailboxes.csv does not list it" or "names no mailbox" (rev11e 5).
        const raw = f[c.PrimarySmtpAddress];
        const why = addressRefusal(raw);
        const clean = toSmtpAddress(stripInvisible(raw));
        if (clean && !this.refusedTargets.has(clean))
          this.refusedTargets.set(clean, { file, line, why });
        this.recipients.refuse(
          [raw, stripInvisible(raw), opt("Identity"), opt("Name"), opt("Alias"), opt("Sid")],
          file,
          line,
          why
        );
        return;
      }
      const known = this.recipients.idOf(address);
      const conflicts = this.recipients.conflicts.length;
      // Mailboxes are in recipients.csv too; what this file adds (a UPN that recipients.csv
      // lacks, a sAMAccountName, proxy addresses) is merged into the same recipient.
      const id = this.recipients.add({
        address,
        displayName: f[c.DisplayName],
        proxies: opt("EmailAddresses") ? this.proxies(shape, line, opt("EmailAddresses")) : [],
        otherAddresses: this.upn(shape, line, opt("UserPrincipalName")),
        names: [opt("Identity"), opt("Name"), opt("Alias"), opt("ExternalDirectoryObjectId")],
        alias: opt("Alias"),
        objectId: opt("ExternalDirectoryObjectId"),
        samAccountName: opt("SamAccountName"),
        sid: opt("Sid"),
      });
      if (this.recipients.conflicts.length > conflicts)
        this.conflictsSince(conflicts, shape, line, id);
      if (known !== undefined) this.checkMangledName(shape, line, id, f[c.DisplayName]);
      else this.checkMisDecodedName(shape, line, f[c.DisplayName]);
      this.noteDisplayName(file, line, f[c.DisplayName]);
      this.typed[id] = true;
      const type = f[c.RecipientTypeDetails];
      const kind = kindOf(type);
      if (!kind && !isKnownRecipientType(type)) {
        // Not a type Exchange writes (empty, mistyped, a shifted column): reading it as "one
        // cannot send from this" would drop every right on the mailbox without a word.
        this.problems.add({
          file,
          line,
          column: "RecipientTypeDetails",
          message: `${quoted(type)} is not a RecipientTypeDetails value Exchange writes (e.g. UserMailbox, SharedMailbox, MailUniversalSecurityGroup), so the rights on ${address} cannot be placed`,
          fix: fixFor(shape, FIX.recipientType()),
        });
        this.rejectedMailboxes.add(address);
        return;
      }
      if (kind && isMailbox === GROUP_KINDS.has(kind)) {
        // A mailbox in groups.csv or a group in mailboxes.csv: its rights would be dropped unseen.
        this.problems.add({
          file,
          line,
          column: "RecipientTypeDetails",
          message: `${address} is a ${type.trim()}, which ${isMailbox ? "groups.csv" : "mailboxes.csv"} lists, not ${file}`,
          fix: fixFor(shape, FIX.wrongFile(!isMailbox)),
        });
        this.rejectedMailboxes.add(address);
        return;
      }
      if (!kind) {
        this.unsupportedTargets.add(id);
        // Counted once per mailbox (its rows in the permission files count as unknownMailbox).
        this.summary.dropped.unsupportedRecipientType++;
        this.summary.accounting.considered++;
        return;
      }
      const previous = this.targets.get(id);
      if (previous) {
        this.problems.add({
          file,
          line,
          column: "PrimarySmtpAddress",
          message: `${address} is listed twice (also ${previous.file} line ${previous.line})`,
          fix: fixFor(shape, FIX.listedTwice()),
        });
        return;
      }
      let noReply = this.flag(shape, line, "NoReply", opt("NoReply"));
      if (rule && ruleColumn >= 0) {
        const v = f[ruleColumn].trim().toLowerCase();
        noReply ||= rule.value === undefined ? v !== "" : v === rule.value.trim().toLowerCase();
      }
      this.noteShownName(file, line, address, f[c.DisplayName], shape.encoding === "windows-1252");
      this.targets.set(id, {
        file,
        line,
        address,
        displayName: sanitizeDisplayName(f[c.DisplayName], address),
        kind,
        sentItemsCopy: {
          // Distribution lists and groups have no Sent Items of their own to copy into.
          sendAs:
            isMailbox &&
            this.flag(
              shape,
              line,
              "MessageCopyForSentAsEnabled",
              f[c.MessageCopyForSentAsEnabled ?? -1]
            ),
          sendOnBehalf:
            isMailbox &&
            this.flag(
              shape,
              line,
              "MessageCopyForSendOnBehalfEnabled",
              f[c.MessageCopyForSendOnBehalfEnabled ?? -1]
            ),
        },
        noReply,
        hiddenFromAddressLists:
          c.HiddenFromAddressListsEnabled >= 0 &&
          this.flag(
            shape,
            line,
            "HiddenFromAddressListsEnabled",
            opt("HiddenFromAddressListsEnabled")
          ),
      });
      if (isMailbox) this.summary.mailboxes++;
      else {
        this.summary.groups++;
        this.groups.markGroup(id);
        if (kind === "distributionList") this.groups.markDistribution(id, type.trim());
        this.groupType(shape, line, id, type.trim(), c.GroupType ?? -1, f);
      }
      // The whole value: the resolver cuts it at ";" and "," only where each piece names a
      // recipient, since a display name may hold either (rev11 finding 7).
      if (splitValues(f[c.GrantSendOnBehalfTo]).length) {
        this.excelCut(shape, line, "GrantSendOnBehalfTo", f[c.GrantSendOnBehalfTo]);
        this.pending.push({ file, line, mailbox: id, value: f[c.GrantSendOnBehalfTo].trim() });
        this.summary.accounting.considered++;
      }
    };
    handler.rejected = (f) => {
      const address = toSmtpAddress(f[c.PrimarySmtpAddress] ?? "");
      if (address) this.rejectedMailboxes.add(address);
    };
    handler.cutShort = (head, line, why) => {
      // A right on it is lost because of this row, said with its line (f11c item 6).
      const address = toSmtpAddress(head[c.PrimarySmtpAddress] ?? "");
      if (address && !this.refusedTargets.has(address))
        this.refusedTargets.set(address, { file, line, why });
    };
    return handler;
  }

  /**
   * groups.csv's optional GroupType (Get-DistributionGroup's: "Universal, SecurityEnabled",
   * "Global"...): the only column that tells a mail-enabled security group from a distribution
   * group when the RecipientTypeDetails does not (a MailNonUniversalGroup is either: rev11r
   * finding 4). SecurityEnabled makes the group a security principal, whose Full Access, Send As
   * and Deny reach its members, whatever its RecipientTypeDetails; flags without it make it a
   * distribution group. Empty (dynamic and Microsoft 365 groups) leaves the RecipientTypeDetails
   * to decide. A value that is no GroupType is refused with its line: read as either category
   * it could give or take rights Exchange does not.
   */
  private groupType(
    shape: FileShape,
    line: number,
    id: number,
    type: string,
    column: number,
    f: string[]
  ): void {
    if (column < 0) return;
    const value = f[column];
    const security = groupTypeSecurity(value);
    if (security === null) return;
    if (security === "invalid") {
      this.problems.add({
        file: shape.file,
        line,
        column: "GroupType",
        message: `${quoted(value)} is not a GroupType Exchange writes (flags such as "Universal, SecurityEnabled", "Global" or "DomainLocal"), so whether ${this.recipients.addresses[id]} is a security group or a distribution group cannot be told`,
        fix: fixFor(shape, FIX.groupType()),
      });
      return;
    }
    const known = kindOf(type);
    // Shown with the GroupType where the RecipientTypeDetails alone would not say "distribution".
    const shown =
      known === "distributionList" && type.toLowerCase() !== "mailnonuniversalgroup"
        ? type
        : `${type} with GroupType ${quoted(value.trim())}`;
    this.groups.markGroupType(id, security, shown);
  }

  /**
   * Two files spelling one recipient's display name differently, one with "?" where the other
   * has letters outside ASCII: that file was written as ASCII, and its names would be published
   * (or fail to match) mangled.
   */
  /** Notes a display name for checkQuestionNames. */
  /**
   * Warns where a published display name differs from the export's (rev11d findings 24, 25):
   * cut to MAX_DISPLAY_NAME characters (core/shard.ts sanitizeDisplayName), or holding an
   * invisible or direction-changing character (U+202E...), which the shard drops (bidi controls)
   * or keeps (zero-width) and the pane shows isolated in <bdi>. Addresses with such characters
   * are refused elsewhere; a name only changes what users read, so it is a warning. Also asked
   * for the Export-RecipientPermissions result's Grantor Display Name (erp.ts; rev11l finding 7).
   */
  noteShownName(file: string, line: number, address: string, name: string, ansi = false): void {
    const trimmed = name.trim();
    // Counted in code points only when it can be over (no array per row for the common case).
    const length = trimmed.length > MAX_DISPLAY_NAME ? Array.from(trimmed).length : 0;
    if (length > MAX_DISPLAY_NAME)
      this.summary.warnings.push(
        `${file}, line ${line}: the display name of ${address} has ${length} characters; it is published cut to ${MAX_DISPLAY_NAME}, ending in "…"`
      );
    // No-break and ideographic spaces are visible spaces in a name (山田\u3000太郎: rev11p finding 3).
    const invisible = firstInvisible(name.replace(/[\u00a0\u3000]/g, " "));
    // A garbled name (UTF-8 read as Windows-1252: "Ýrr" is "Ã\u009Drr") holds U+0081 ... U+009D
    // as bytes of the mis-decoding; it is refused as garbled text (csv.ts checkDoubled), not
    // called a name with a hidden character (rev11g S1).
    // Nor is U+0081 ... U+009D, U+00A0 or U+00AD in a name a file read as Windows-1252 refused as
    // another code page's (csv.ts checkAnsi): a letter of that page, fine in Exchange (rev11t
    // finding 5: "check the name in Exchange" beside the code page refusal).
    const pageLetter =
      ansi &&
      firstInvisible(name.replace(/[\u0080-\u009f\u00a0\u00ad]/g, "x")) === null &&
      // A soft hyphen between letters is cp852's "ş" or cp866's "н": the file's code page
      // judgement (csv.ts judgeFilePage) tells it, not a warning to check the name.
      (notWindows1252(name) !== null || /\p{L}\u00ad\p{L}/u.test(name));
    if (invisible && doubleEncoded(name) === null && !pageLetter)
      this.summary.warnings.push(
        `${file}, line ${line}: the display name of ${address} holds the invisible or direction-changing character ${invisible}; it is published without direction-changing characters, and the pane shows the name isolated from the text around it: check the name in Exchange`
      );
  }

  private noteDisplayName(file: string, line: number, name: string): void {
    // U+FFFD: bytes a program could not decode (an ANSI file read as UTF-8, e.g. by PowerShell 7's
    // Import-Csv, and saved again): the name is damaged, never published (rev11j finding 6).
    this.noteReplacedName(file, line, "DisplayName", name);
    // eslint-disable-next-line no-control-regex -- ASCII is the point
    if (/[^\u0000-\u007f]/.test(name)) this.nonAsciiNames.add(file);
    if (!name.includes("?") || !questionForLetter(name)) return;
    let list = this.questionNames.get(file);
    if (!list) this.questionNames.set(file, (list = []));
    list.push({ line, name });
  }

  /**
   * Display names with "?" where a letter belongs in a file that holds no letter outside ASCII,
   * or that was read as Windows-1252 (an ANSI code page puts "?" for letters it lacks): with no
   * other file to compare, the "?" still shows the file was written without these letters, and
   * its names would be published so ("B?ro M?nchen", "?? ??"; rev11c finding 5). Refused once
   * per file, at the first such name, with the encoding fix for the file's source; names already
   * diagnosed against another file's real name are not counted twice.
   */
  /**
   * Notes a display name (`column` of `file`, at `line`) for checkReplacedNames when it holds
   * U+FFFD: bytes a program could not decode, so the name is damaged. Export-RecipientPermissions'
   * Grantor Display Name comes here too (erp.ts, once per mailbox: rev11k finding 10).
   */
  noteReplacedName(file: string, line: number, column: string, name: string): void {
    if (!name.includes("\ufffd")) return;
    const list = this.replacedNames.get(file);
    if (list) list.push({ line, name, column });
    else this.replacedNames.set(file, [{ line, name, column }]);
  }

  /**
   * Display names holding U+FFFD (noteReplacedName): refused once per file, at the first, with
   * the encoding fix for the file's source (rev11j finding 6: "B\ufffdro M\ufffdnchen" was
   * published; rev11k finding 10: the same in Export-RecipientPermissions' Grantor Display Name).
   */
  checkReplacedNames(file: string): void {
    const names = this.replacedNames.get(file) ?? [];
    const shape = this.shapes.get(file);
    if (!shape || names.length === 0) return;
    const [first] = names;
    const more = names.length > 1 ? ` (and ${names.length - 1} more display name(s) in it)` : "";
    this.problems.add({
      file,
      line: first.line,
      column: first.column,
      message: `${quoted(first.name)} holds U+FFFD, the replacement character a program writes for bytes it could not decode${more}: the file was read in another encoding (e.g. an ANSI file opened as UTF-8 by PowerShell 7's Import-Csv) and saved again, so the letters are lost; published, the names would show "\ufffd"`,
      fix: fixFor(shape, FIX.utf8()),
    });
  }

  private checkQuestionNames(file: string): void {
    const shape = this.shapes.get(file);
    const names = (this.questionNames.get(file) ?? []).filter(
      (n) => !this.mangledReported.has(`${file}:${n.line}`)
    );
    if (!shape || names.length === 0) return;
    if (isWide(shape.encoding)) return;
    if (shape.encoding !== "windows-1252" && this.nonAsciiNames.has(file)) return;
    const [first] = names;
    const more = names.length > 1 ? ` (and ${names.length - 1} more display name(s) in it)` : "";
    this.problems.add({
      file,
      line: first.line,
      column: "DisplayName",
      message: `"${first.name}" has "?" where a letter belongs${more}, and ${
        shape.encoding === "windows-1252"
          ? "the file was read as Windows-1252"
          : "the file holds no letter outside ASCII"
      }: ${questionCause(shape)}; published, the names would show the "?"`,
      fix: fixFor(shape, FIX.utf8()),
    });
  }

  /**
   * A display name no other file has that is reversibly UTF-8 read as Windows-1252
   * ("Ã–ffentlichkeitsarbeit"): published, every user would see it garbled (rev11 finding 21).
   */
  private checkMisDecodedName(shape: FileShape, line: number, name: string): void {
    const real = misDecodedUtf8(name);
    if (real === null) return;
    this.problems.add({
      file: shape.file,
      line,
      column: "DisplayName",
      message: `"${name}" is "${real}" mis-decoded: UTF-8 text was read as ANSI (Windows-1252) and saved again`,
      fix: `write ${shape.file} again in UTF-8 (Export-Csv -NoTypeInformation -Encoding UTF8, or Excel's "CSV UTF-8"), and do not open and re-save it in a tool that reads it as ANSI`,
    });
  }

  /**
   * A display name read as Windows-1252 that another file (UTF-8) spells as the same bytes read
   * in another ANSI code page, for the same recipient: the file is in that code page, and its
   * names would be published garbled. Decoding is iconv-lite's (decode.ts otherAnsiPage). The
   * reader may have refused the value from its bytes alone: this diagnosis, which names the real
   * name, takes its place (one diagnosis per value).
   */
  private otherPageName(
    shape: FileShape,
    line: number,
    name: string,
    otherFile: string,
    other: string,
    id: number
  ): void {
    const earlier = this.problems.list.findIndex(
      (p) => p.file === shape.file && p.line === line && p.column === "DisplayName"
    );
    if (earlier >= 0) this.problems.list.splice(earlier, 1);
    const page = otherAnsiPage(name, other) ?? "";
    // The file's page is known now: the summary must not say Windows-1252 was assumed, and
    // later diagnoses of its names name this page (rev11t finding 5).
    if (!shape.codePage) shape.codePage = { line, page, id: pageIdOf(page) ?? undefined };
    this.problems.add({
      file: shape.file,
      line,
      column: "DisplayName",
      // The cause by the page's writer: cp850 and Mac Roman are no ANSI page of a Windows
      // (rev11t finding 5).
      message: `"${name}" is how ${shape.file} reads as Windows-1252, but ${otherFile} spells ${this.recipients.addresses[id]} "${other}": the file is probably ${page}, whose bytes read "${other}" there (${ansiPageCause(shape.file, page)}), not in Windows-1252 as the build read it; its names would be published garbled`,
      // The fix for that code page's writer (rev11d finding 11/19: Excel, Excel for Mac, OEM).
      fix: fixFor(shape, FIX.codePage(page)),
    });
  }

  /**
   * A name outside ASCII that `shape`'s file (its encoding certain) spells exactly as
   * recipients.csv reads it in Windows-1252: recipients.csv is Windows-1252, whatever its names
   * alone suggested (h11f, the reviewer's rule (a): "Giscard\u00A0d’Estaing" in both files), so a
   * code page judged from how they read is taken back with its problem. (The other way round,
   * recipients.csv in UTF-8, is told while the file is read: csv.ts judgeFilePage, knownName.)
   */
  private agreedName(shape: FileShape, name: string): void {
    const recipients = this.shapes.get(RECIPIENTS.file);
    const page = recipients?.codePage;
    if (
      !recipients ||
      !page?.judgedColumn ||
      recipients.encoding !== "windows-1252" ||
      shape.encoding === "windows-1252" ||
      // eslint-disable-next-line no-control-regex -- ASCII reads the same in every code page
      !/[^\u0000-\u007f]/.test(name)
    )
      return;
    this.problems.withdrawProvisional(RECIPIENTS.file, page.line, page.judgedColumn);
    recipients.codePage = undefined;
  }

  private checkMangledName(shape: FileShape, line: number, id: number, name: string): void {
    const other = this.recipients.displayNames[id];
    if (!other) return;
    if (other === name) {
      this.agreedName(shape, name);
      return;
    }
    if (questionDamaged(name, other)) {
      this.problems.add({
        file: shape.file,
        line,
        column: "DisplayName",
        message: `"${name}" has "?" where recipients.csv has "${other}": ${questionCause(shape, name)}`,
        fix: fixFor(shape, FIX.utf8()),
      });
      this.mangledReported.add(`${shape.file}:${line}`);
    } else if (shape.encoding === "windows-1252" && otherAnsiPage(name, other)) {
      // Another ANSI code page read as 1252 would publish garbled names (rev11 finding 13;
      // f11 gap 5: cp1250's "Dvořák" reads as the plausible "Dvoøák", told only here).
      this.otherPageName(shape, line, name, RECIPIENTS.file, other, id);
    } else if (
      this.ansiLines.has(id) &&
      shape.encoding !== "windows-1252" &&
      otherAnsiPage(other, name)
    ) {
      // The other way round: recipients.csv is the file in the other code page.
      const recipients = this.shapes.get(RECIPIENTS.file) ?? shape;
      this.otherPageName(recipients, this.ansiLines.get(id)!, other, shape.file, name, id);
    } else if (misDecodedUtf8(name) === other) {
      // UTF-8 read as ANSI and saved again ("BÃ¼ro"): published, it would show as such (finding 21).
      this.problems.add({
        file: shape.file,
        line,
        column: "DisplayName",
        message: `"${name}" is "${other}" (as recipients.csv has it) mis-decoded: UTF-8 text was read as ANSI (Windows-1252) and saved again`,
        fix: `write ${shape.file} again in UTF-8 (Export-Csv -NoTypeInformation -Encoding UTF8, or Excel's "CSV UTF-8"), and do not open and re-save it in a tool that reads it as ANSI`,
      });
    } else if (questionDamaged(other, name)) {
      const recipients = this.shapes.get(RECIPIENTS.file) ?? shape;
      this.problems.add({
        file: RECIPIENTS.file,
        line: this.questionLines.get(id),
        column: "DisplayName",
        message: `"${other}" has "?" where ${shape.file} line ${line} has "${name}": ${questionCause(recipients, other)}`,
        fix: fixFor(recipients, FIX.utf8()),
      });
      this.mangledReported.add(`${RECIPIENTS.file}:${this.questionLines.get(id)}`);
    }
  }

  /** Member rows per group as group-members.csv writes it (lower case), and its first line. */
  private readonly memberRows = new Map<string, { count: number; line: number }>();

  private memberRow(c: Columns<(typeof GROUP_MEMBERS.required)[number]>): RowHandler {
    return (f, line) => {
      const named = f[c.GroupPrimarySmtpAddress].trim().toLowerCase();
      const rows = this.memberRows.get(named);
      if (rows) rows.count++;
      else this.memberRows.set(named, { count: 1, line });
      // Both columns hold primary SMTP addresses: a value that is one recipient's primary address
      // and another's UPN or proxy is the first one's (rev11i finding 7: omar's own address was
      // "names no one recipient" because Léa's UPN is the same).
      const byPrimary = (value: string, r: Resolution): Resolution =>
        r === "ambiguous" ? (this.recipients.idOf(value) ?? r) : r;
      const group = byPrimary(
        f[c.GroupPrimarySmtpAddress],
        this.recipients.resolve(f[c.GroupPrimarySmtpAddress])
      );
      const member = byPrimary(
        f[c.MemberPrimarySmtpAddress],
        this.recipients.resolve(f[c.MemberPrimarySmtpAddress])
      );
      if (typeof group === "number" && !this.groupTyped.has(group)) {
        // A row whose group column names a mailbox or another non-group recipient (a user's
        // address typed there, the two columns swapped): reading it as a group would hand that
        // recipient's rights to the "members" (rev11i finding 1). Never read as membership.
        const type = this.sendableTyped[group]?.type ?? this.nonExoTyped.get(group)?.type;
        if (type !== undefined || this.recipients.cannotSignIn(group)) {
          const shown = type ?? this.recipients.cannotSignIn(group)?.type ?? "";
          this.problems.add({
            file: GROUP_MEMBERS.file,
            line,
            column: "GroupPrimarySmtpAddress",
            message: `${quoted(f[c.GroupPrimarySmtpAddress])} is ${this.recipients.addresses[group]}, a ${shown} in recipients.csv, not a group: the row cannot say who is in a group, and reading it as one would give that recipient's rights to ${quoted(f[c.MemberPrimarySmtpAddress])}`,
            fix: "write group-members.csv again with Export-SendFromData.ps1 (GroupPrimarySmtpAddress holds the group's address, MemberPrimarySmtpAddress the member's, one pair per row), or correct the row so its first column names a group",
          });
          return;
        }
      }
      if (typeof group !== "number") {
        // The group column names no one recipient (a damaged name, empty, a group renamed while
        // exporting): the member is in some group the build cannot tell, so any right (or Deny)
        // that group holds cannot be placed. Never "an empty group" (rev11i findings 2, 3):
        // judged with the damaged-name diagnosis once all is read (Resolver.unknownGroups).
        this.unknownGroups.push({
          line,
          value: f[c.GroupPrimarySmtpAddress],
          resolution: group,
          member: f[c.MemberPrimarySmtpAddress],
        });
        return;
      }
      if (typeof group === "number" && typeof member === "number") {
        // A mail contact in a group: it has no account, so the group's rights never reach it
        // (Resolver.noSignInMembers says so when the group holds one); never a delegate.
        if (this.recipients.cannotSignIn(member)) {
          this.noSignInMembers.push({ group, line, member });
          this.groups.addContactMember(group);
          return;
        }
        this.groups.addMember(group, member);
        return;
      }
      if (typeof group === "number") {
        // A member of a known group that names no one (or several): any right the group holds
        // would not reach them. Judged once the grants are known (Resolver.unknownMembers).
        this.unknownMembers.push({ group, line, value: f[c.MemberPrimarySmtpAddress] });
        this.groups.addUnknownMember(group);
      }
    };
  }

  /** Consumes one permission file (read by a worker thread when available) in file order. */
  async consumePermissions(source: PermissionSource, sink: PermissionSink): Promise<void> {
    const spec = permissionSpec(source.kind);
    const file = spec.file;
    const column = trusteeColumn(source.kind);
    const progress = this.options.progress;
    let size = 0;
    try {
      size = fs.statSync(this.file(file)).size;
    } catch {
      // Reported by the reader.
    }
    progress?.file(file, size);
    const dropped = this.summary.dropped;
    const targets = this.targets;
    let lastIdentity: string | null = null;
    let lastMailbox: Resolution = "unresolved";
    let rows = 0;
    let result: PermissionFileResult;
    // A trustee spelled exactly as recipients.csv (its encoding certain) spells a name outside
    // ASCII: the file is what it was read as (agreedPermissions). No lookup when no name is.
    const known = this.knownNames !== null && this.knownNames.size > 0 ? this.knownNames : null;
    let agreed = false;
    try {
      result = await source.consume((batch) => {
        const { identities, trustees, lines, codes } = batch;
        if (known && !agreed) agreed = trustees.some((t) => known.has(t));
        for (let i = 0; i < lines.length; i++) {
          const deny = (codes[i] & DENY) !== 0;
          // Exports list a mailbox's entries together: resolve its Identity once per run of rows.
          // null: the previous row's Identity (PermissionBatch.identities), so lastIdentity.
          const identity = identities[i] ?? (lastIdentity as string);
          if (identity !== lastIdentity) {
            lastIdentity = identity;
            lastMailbox = this.recipients.resolve(identity);
            // "buero@contoso.example." is the same mailbox (RFC 1034), as in address columns.
            const bare = lastMailbox === "unresolved" ? this.recipients.dotless(identity) : null;
            if (bare) {
              lastMailbox = bare.who;
              this.summary.warnings.push(
                trailingDotWarning(file, lines[i], "Identity", identity, bare.address)
              );
            }
          }
          const mailbox = lastMailbox;
          if (typeof mailbox !== "number") {
            if (!deny)
              sink.unknownIdentity(file, lines[i], identity, mailbox, codes[i] & 7, trustees[i]);
            else sink.unplacedDenyIdentity(file, lines[i], identity, mailbox, codes[i] & 7);
            continue;
          }
          if (!targets.has(mailbox)) {
            // A mailbox whose own row was rejected is already reported: counted nowhere else.
            const address = this.recipients.addresses[mailbox];
            if (!deny && !this.rejectedMailboxes.has(address)) {
              const listed = this.unsupportedTargets.has(mailbox)
                ? undefined
                : this.sendableTyped[mailbox];
              const list =
                listed &&
                (this.groups.isGroup(mailbox) || /group/i.test(listed.type)
                  ? GROUPS.file
                  : MAILBOXES.file);
              // A list refused whole says so itself: no follow-on per right (f11 gap 7).
              if (listed && list && this.refusedLists.has(list)) continue;
              if (listed)
                sink.unlistedTarget(
                  file,
                  lines[i],
                  identity,
                  mailbox,
                  listed,
                  codes[i] & 7,
                  list ? this.unlistedWhy(list, address) : undefined
                );
              else {
                const other = this.nonExoTyped.get(mailbox);
                if (other)
                  sink.nonExchangeOnlineTarget(
                    file,
                    lines[i],
                    "Identity",
                    identity,
                    address,
                    other,
                    codes[i] & 7
                  );
                else dropped.unknownMailbox++;
              }
            }
            continue;
          }
          sink.grant(
            file,
            lines[i],
            column,
            mailbox,
            trustees[i],
            permissionSid(batch, i),
            codes[i] & 7,
            deny
          );
        }
        rows += lines.length;
        progress?.advance(batch.bytesRead, rows);
      });
    } catch (e) {
      progress?.done();
      this.problems.add({
        file,
        message: `could not be read (${e instanceof Error ? e.message : String(e)})`,
        fix: "check that the file is readable, then run the build again",
      });
      return;
    }
    progress?.done();
    if (agreed) this.agreedPermissions(result);
    this.noteFile(file, result);
    this.checkMailboxesCut(file, result.identities);
    this.summary.accounting.considered += result.rows;
    for (const [reason, n] of Object.entries(result.dropped))
      dropped[reason as DropReason] += n ?? 0;
    // A problem told from a value's text alone stays replaceable by the resolver's diagnosis.
    result.problems.forEach((problem, i) =>
      result.provisional.includes(i)
        ? this.problems.addProvisional(problem)
        : this.problems.add(problem)
    );
    this.problems.overflow += result.overflow;
  }

  /**
   * A permission file read as Windows-1252 with a trustee that recipients.csv (not read as
   * Windows-1252) spells the same, outside ASCII: the file is Windows-1252, so a code page judged
   * from how its names read (csv.ts judgeFilePage), and its provisional problem, are taken back
   * (h11f, the reviewer's rule (a); the permission files are read in worker threads while
   * recipients.csv is, so they cannot be judged against its names as they are read).
   */
  private agreedPermissions(result: PermissionFileResult): void {
    const page = result.shape?.codePage;
    if (!page?.judgedColumn || result.shape?.encoding !== "windows-1252") return;
    const at = result.problems.findIndex(
      (p, i) =>
        result.provisional.includes(i) && p.line === page.line && p.column === page.judgedColumn
    );
    if (at < 0) return;
    result.problems.splice(at, 1);
    result.provisional = result.provisional
      .filter((i) => i !== at)
      .map((i) => (i > at ? i - 1 : i));
    result.shape!.codePage = undefined;
  }

  /**
   * Why `list` (mailboxes.csv / groups.csv) does not list `address`, when the build knows: its row
   * there was refused, or the file mixes encodings (its row in the other part was misread).
   */
  private unlistedWhy(list: string, address: string): UnlistedCause | undefined {
    const row = this.refusedTargets.get(address);
    if (row && row.file === list) return { kind: "row", ...row };
    const shape = this.shapes.get(list);
    // Read only up to a row it could not parse: the address may be in the rows after it.
    if (shape?.stoppedAt) return { kind: "stopped", file: list, ...shape.stoppedAt };
    if (shape?.mixedEncodingLine !== undefined)
      return {
        kind: "mixed",
        file: list,
        line: shape.mixedEncodingLine,
        fix: oneEncodingFix(shape),
      };
    return undefined;
  }

  /** generatedAt and tenant: the option, else export-info, else what the files show. */
  settleTimestampAndTenant(): void {
    const s = this.summary;
    const o = this.options;
    if (o.generatedAt) {
      s.generatedAt = o.generatedAt;
      s.generatedAtFrom = "option";
    } else if (this.exportInfo.generatedAt && isTimestamp(this.exportInfo.generatedAt)) {
      s.generatedAt = this.exportInfo.generatedAt;
      s.generatedAtFrom = "export-info";
    } else {
      // Deterministic without an export timestamp: the newest input file decides.
      let newest = 0;
      for (const name of this.shapes.keys()) {
        try {
          newest = Math.max(newest, fs.statSync(this.file(name)).mtimeMs);
        } catch {
          // Reported as missing already.
        }
      }
      s.generatedAt = new Date(Math.floor(newest / 1000) * 1000)
        .toISOString()
        .replace(".000Z", "Z");
      s.generatedAtFrom = "file times";
    }
    if (o.tenant) {
      s.tenant = o.tenant;
      s.tenantFrom = "option";
    } else if (this.exportInfo.defaultDomain) {
      s.tenant = this.exportInfo.defaultDomain.toLowerCase();
      s.tenantFrom = "export-info";
    } else {
      const counts = new Map<string, number>();
      for (const t of this.targets.values()) {
        if (GROUP_KINDS.has(t.kind)) continue;
        const domain = t.address.slice(t.address.lastIndexOf("@") + 1);
        counts.set(domain, (counts.get(domain) ?? 0) + 1);
      }
      // Most mailboxes win; ties go to the alphabetically first domain so the choice is stable.
      let best = "";
      let bestCount = 0;
      for (const [domain, n] of counts) {
        if (n > bestCount || (n === bestCount && domain < best)) {
          best = domain;
          bestCount = n;
        }
      }
      s.tenant = best;
      s.tenantFrom = best ? "mailbox addresses" : "none";
      if (!best) s.warnings.push('No tenant name: pass --tenant <domain>; index.json says "".');
    }
    for (const e of this.emptyFlags.values())
      s.warnings.push(
        `${e.count} row(s) of ${e.file} have an empty ${e.column} (first at line ${e.line}): read as False.`
      );
    if (this.noAddressRows > 0) {
      s.warnings.push(
        `${this.noAddressRows} row(s) of recipients.csv have no PrimarySmtpAddress (first at line ${this.noAddressLine}): recipients without a mailbox (e.g. Get-Recipient's type User) cannot send from Outlook, so they were skipped; a right granted to one is reported as lost.`
      );
    }
  }
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO-8601 date and time with a zone, as generatedAt must be, and a time that exists: a month
 * 1-12, a day of that month, hours 0-23, minutes and seconds 0-59, as validate checks it
 * (isRealTime). Date.parse alone rolls 2026-02-30 over to March and reads 24:00 as the next day,
 * so build published what validate refuses (rev11n finding 12).
 */
export function isTimestamp(value: string): boolean {
  const m = value.length <= 40 ? TIMESTAMP.exec(value) : null;
  if (!m || Number.isNaN(Date.parse(value))) return false;
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? "0"));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= days && hour < 24 && minute < 60 && second < 60
  );
}
