import { parse } from "csv-parse";
import { Transform, TransformCallback } from "node:stream";
import * as iconv from "iconv-lite";
import * as fs from "node:fs";
import {
  DecodeStream,
  doubleEncoded,
  timesText,
  ENCODING_NAME,
  EncodingGuess,
  guessEncoding,
  isWide,
  likelyAnsiReading,
  judgePage,
  oddAsWindows1252,
  likelyFilePage,
  MixedValue,
  windows1252Bytes,
  lineAtOffset,
  misDecodedUtf8,
  notWindows1252,
  provenReading,
  rowEvidence,
  TextEncoding,
  utf16Start,
  wholeFileAnsiPage,
} from "./decode";
import { Problems } from "./problems";
import { Fix, FIX, FOREIGN_HOME, ForeignOutput, foreignOutputFix } from "./fixes";
import {
  cmdletFor,
  detectSource,
  FileShape,
  fixFor,
  looksOnPremises,
  oneEncodingFix,
  SCRIPT,
} from "./sources";
import { isDotNetTypeName, isPowerShellObjectText } from "./values";
import { cut, quoted } from "./shown";
import { openRegularFile } from "./open-file";

/** One export file: its name, the export step that writes it, and the columns read from it. */
export interface CsvSpec<K extends string> {
  file: string;
  /** How admin/Export-SendFromData.ps1 names the step that writes this file. */
  step: string;
  required: readonly K[];
  optional: readonly K[];
  /** Every column Export-SendFromData.ps1 writes into this file (tells its output from others'). */
  scriptColumns?: readonly string[];
}

/** Index of each named column in a row; -1 when an optional column is absent. */
export type Columns<K extends string> = Record<K, number>;

export type RowHandler = ((fields: string[], line: number) => void) & {
  /** Told of a row not passed on because of a reported problem (so it is not diagnosed twice). */
  rejected?: (fields: string[], line: number, why: string) => void;
  /**
   * Told of the row the file's reading stopped at (one over-long field): its fields before that
   * one, the line it starts on and why, so a right on it is lost because of that row.
   */
  cutShort?: (head: string[], line: number, why: string) => void;
};

/** Called with the columns found, the header as written, and what wrote the file. */
export type StartRows<K extends string> = (
  columns: Columns<K>,
  header: string[],
  shape: FileShape
) => RowHandler;

export interface ReadProgress {
  (bytesRead: number, rows: number): void;
}

/**
 * Which known cmdlet's or tool's output a header is, by the columns only it writes (fixes.ts
 * ForeignOutput names the sources); null for any other header. `index` holds the header's
 * names in lower case.
 */
export function foreignOutput(index: ReadonlyMap<string, number>): ForeignOutput | null {
  const has = (name: string) => index.has(name);
  if (has("grantor primary smtp")) return "Export-RecipientPermissions";
  if (has("user") && has("extendedrights")) return "Get-ADPermission";
  if (has("trustee") && has("accesscontroltype") && has("accessrights") && !has("user"))
    return "Get-RecipientPermission";
  if (has("user") && has("accessrights") && has("deny") && !has("trustee"))
    return "Get-MailboxPermission";
  return null;
}

/** Why recognised output cannot be read as `file`: what it is and what it holds instead. */
function foreignOutputMessage(found: ForeignOutput, file: string): string {
  switch (found) {
    case "Get-ADPermission":
      return file === "recipient-permissions.csv"
        ? "this is Get-ADPermission output (Exchange on-premises: columns User and ExtendedRights, no Trustee): it lists Send As in the on-premises Active Directory, not the Send As Exchange Online grants, which the add-in needs"
        : `this is Get-ADPermission output (Exchange on-premises: columns User and ExtendedRights), not what ${file} holds: it lists rights in the on-premises Active Directory, not the rights Exchange Online grants, which the add-in needs, so none of its rows is read`;
    case "Export-RecipientPermissions":
      return `this is the Export-RecipientPermissions result (column Grantor Primary SMTP), not what ${file} holds: the build reads it only alone in a folder without recipients.csv, so none of its rows is read here`;
    default:
      return `this is ${found} output (${found === "Get-RecipientPermission" ? "columns Trustee and AccessControlType: Send As" : "columns User and Deny, no Trustee: Full Access"}), which belongs in ${FOREIGN_HOME[found]}, not in ${file}, so none of its rows is read`;
  }
}

/**
 * The most characters one row may hold (csv-parse max_record_size): no value Exchange exports is
 * near it, so a row that reaches it is a quote that is never closed, or a field that is not an
 * export's (longFieldFate tells which).
 */
const MAX_RECORD_CHARS = 4 * 1024 * 1024;

/**
 * The most distinct values outside ASCII of one file that its code page is judged from
 * (decode.ts judgePage): enough names to tell a page, few enough to keep a large file fast.
 */
const MAX_JUDGED_VALUES = 5_000;

/** The most values kept for judgePage in all, those their own rows spell included (rev11w F10). */
const MAX_PROVEN_VALUES = 50_000;

/**
 * Headers of the columns whose values spell a row's names in ASCII (decode.ts rowEvidence): the
 * addresses, proxy addresses, UPN, Alias, SamAccountName, Name and Identity of Exchange's and
 * Export-RecipientPermissions' exports. Not the type, flag, SID or rights columns.
 */
const IDENTITY_COLUMN =
  /^(?:primarysmtpaddress|windowsemailaddress|emailaddresses|externalemailaddress|userprincipalname|alias|samaccountname|name|identity|user|trustee|(?:grantor|trustee) primary smtp)$/i;
/** How many bytes longFieldFate reads at most before it gives up telling (failure path only). */
const MAX_FATE_BYTES = 1024 * 1024 * 1024;

/**
 * "62,914,560 characters": a length in characters, never in MB (a character of UTF-8 text takes
 * one to four bytes, so characters are not bytes; f11c item 6).
 */
function charsText(chars: number): string {
  return `${chars.toLocaleString("en-US")} characters`;
}

/** How much of each field before a long one longFieldFate keeps (the row's address is there). */
const HEAD_FIELD_CHARS = 1024;

/**
 * What the row csv-parse stopped at for MAX_RECORD_CHARS is: the file's text scanned from its
 * start with the quoting rules only (RFC 4180: in a quoted field "" is a quote, and a quote
 * followed by the separator, a line end or the end of the file closes it). `closed`: the quoted
 * field that ran past the limit closes later, well formed, and holds `chars` characters (a field
 * too long, not a quote fault); `open`: it never closes, or a quote in it is followed by other
 * text (an undoubled quote swallowed the lines after it); `row`: the row passed the limit outside
 * any quoted field (`chars` so far, many fields). Null when the file cannot be read or the scan
 * reaches MAX_FATE_BYTES first. Failure path only: reads 1 MB at a time.
 */
export function longFieldFate(
  file: string,
  encoding: TextEncoding,
  delimiter: string
):
  | { kind: "closed"; chars: number; head: string[] }
  | { kind: "open" }
  | { kind: "row"; chars: number }
  | null {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return null;
  }
  try {
    const decoder = iconv.getDecoder(encoding);
    const buf = Buffer.alloc(1024 * 1024);
    let quoted = false;
    let quote = false;
    let fieldStart = true;
    let field = 0;
    let record = 0;
    let over = false;
    let total = 0;
    // The fields of the current row before the one being read, and that one's start (kept short).
    let head: string[] = [];
    let text1 = "";
    /**
     * The long field's length once it closed: the scan goes on to the end of its row, so that
     * the fields after it (an address after a long display name) are known too (rev11g S3).
     */
    let longChars: number | null = null;
    const closed = () => ({ kind: "closed" as const, chars: longChars ?? field, head });
    const keep = (ch: string) => {
      if ((!over || longChars !== null) && text1.length < HEAD_FIELD_CHARS) text1 += ch;
    };
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      const text = n > 0 ? decoder.write(buf.subarray(0, n)) : (decoder.end() ?? "");
      for (const ch of text) {
        if (quoted) {
          if (quote) {
            quote = false;
            if (ch === '"') {
              field++;
              keep(ch);
              continue;
            }
            quoted = false;
            if (ch !== delimiter && ch !== "\r" && ch !== "\n") {
              if (longChars !== null) return closed();
              return over ? { kind: "open" } : null;
            }
            if (over && longChars === null) longChars = field;
          } else if (ch === '"') {
            quote = true;
            continue;
          } else {
            field++;
            keep(ch);
            if (!over && record + field > MAX_RECORD_CHARS) over = true;
            continue;
          }
        }
        if (ch === delimiter) {
          record += field;
          field = 0;
          fieldStart = true;
          head.push(text1);
          text1 = "";
        } else if (ch === "\r" || ch === "\n") {
          if (longChars !== null) {
            head.push(text1);
            return closed();
          }
          record = 0;
          field = 0;
          fieldStart = true;
          head = [];
          text1 = "";
        } else if (fieldStart && ch === '"') {
          quoted = true;
          fieldStart = false;
        } else if (ch !== "\ufeff" || total > 0) {
          field++;
          fieldStart = false;
          keep(ch);
          if (longChars === null && record + field > MAX_RECORD_CHARS)
            return { kind: "row", chars: record + field };
        }
      }
      if (n <= 0) break;
      total += n;
      if (total > MAX_FATE_BYTES) return null;
    }
    if (longChars !== null) {
      head.push(text1);
      return closed();
    }
    if (quoted && over) return quote ? { kind: "closed", chars: field, head } : { kind: "open" };
    return null;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The fix for a file that is missing, empty or unreadable. Addressed to the script only when
 * the folder proves the script wrote it (export-info.csv, hasScriptMarker); otherwise neutral:
 * a file that is not there is exported ("write it again" would say it once was; rev11v LOW).
 */
export function exportFix<K extends string>(
  spec: CsvSpec<K>,
  scriptProven: boolean,
  missing = false
): string {
  if (scriptProven)
    return `re-run the "${spec.step}" step of ${SCRIPT}, which writes ${spec.file} with Export-Csv -NoTypeInformation -Encoding UTF8`;
  return missing
    ? `export ${spec.file} into this folder with the tool that produced the other files (e.g. ${cmdletFor(spec.file)} ... | Export-Csv -NoTypeInformation -Encoding UTF8), with the columns docs/admin-pipeline.md lists`
    : `write ${spec.file} again with the tool that produced this export (CSV with a header line and the columns docs/admin-pipeline.md lists)`;
}

/** wholeFileAnsiPage on the file at `path`; null when it cannot be read. */
function wholeAnsiPage(path: string, offset: number): string | null {
  try {
    return wholeFileAnsiPage(fs.readFileSync(path), offset);
  } catch {
    return null;
  }
}

/** `judge` (a decode.ts code page test) on the first 16 MB of the file at `path`; null when it cannot be read. */
function onFileHead(
  path: string,
  judge: (bytes: Buffer) => { page: string; id: string } | null
): { page: string; id: string } | null {
  try {
    const fd = fs.openSync(path, "r");
    try {
      const buf = Buffer.alloc(Math.min(fs.fstatSync(fd).size, 16 * 1024 * 1024));
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      return judge(buf.subarray(0, n));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** decode.ts likelyFilePage on the head of the file at `path` (onFileHead). */
const filePage = (path: string) => onFileHead(path, likelyFilePage);

/** Whether the whole file decodes in `page` without a byte that page does not define. */
function onePage(path: string, page: string): boolean {
  try {
    return !iconv.decode(fs.readFileSync(path), page).includes("\ufffd");
  } catch {
    return false;
  }
}

interface Sniffed {
  empty: boolean;
  guess: EncodingGuess;
  /** Windows PowerShell 5.1 without -NoTypeInformation writes "#TYPE ..." before the header. */
  typeLine: boolean;
  /**
   * Excel's "sep=;" first line (the separator declaration Excel honours and writes back, and
   * scripts aimed at Excel write): skipped like #TYPE, its character is the separator
   * (rev11 finding 20).
   */
  sepLine: boolean;
  delimiter: string;
  /** The header's first field is quoted (Export-Csv quotes every field; Excel does not). */
  quoted: boolean;
  /** Not text at all (an image, an .xlsx saved under a .csv name): the line it shows first. */
  binaryLine: number | null;
  /** The header line as written (after a #TYPE or sep= line and blank lines). */
  header: string;
}

/** File signatures of what admins save by mistake: zip (.xlsx), old .xls (OLE2), PNG, JPEG, GIF. */
const BINARY_SIGNATURES: readonly (readonly number[])[] = [
  [0x50, 0x4b, 0x03, 0x04],
  [0xd0, 0xcf, 0x11, 0xe0],
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
  [0x47, 0x49, 0x46, 0x38],
];

/**
 * The line of the first bytes no CSV writer produces, or null: a known signature first (BINARY_SIGNATURES: a short zip
 * header can pass for UTF-16), then a NUL outside UTF-16 (which guessEncoding recognises by its
 * pattern of NULs), or more than 1 in 20 being other C0 control characters (tab, CR, LF and form
 * feed excepted). Such files are refused as not text instead of being read as Windows-1252.
 */
function binaryLine(bytes: Buffer, encoding: TextEncoding): number | null {
  const lineAt = (at: number) => {
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    return line;
  };
  if (BINARY_SIGNATURES.some((sig) => sig.every((b, i) => bytes[i] === b))) return 1;
  if (isWide(encoding)) return null;
  // UTF-16 appended to 8-bit text is a change of encoding, reported as such (DecodeStream).
  if (utf16Start(bytes.subarray(0, 4096)) !== null) return null;
  const n = Math.min(bytes.length, 4096);
  let control = 0;
  let first = -1;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return lineAt(i);
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) {
      control++;
      if (first < 0) first = i;
    }
  }
  return control * 20 > n ? lineAt(first) : null;
}

/** Looks at the first bytes only: encoding, a #TYPE line, and the separator of the header. */
function sniff(path: string): Sniffed {
  const fd = openRegularFile(path);
  try {
    const head = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    const bytes = head.subarray(0, n);
    const guess = guessEncoding(bytes);
    let text =
      guess.encoding === "utf-8" ? bytes.toString("utf8") : iconv.decode(bytes, guess.encoding);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const typeLine = text.startsWith("#TYPE");
    // Excel for Mac's "Macintosh" CSV/Text ends lines with CR alone (rev11l finding 3).
    const lines = text.split(/\r\n|\r|\n/);
    const sep = /^"?sep=([,;\t|])"?[,;\t]*$/i.exec(lines[0] ?? "");
    // The header is the first line after those, blank lines passed over as csv-parse does
    // (skip_empty_lines): a file may start with empty lines (rev11k finding 8, b08).
    let at = typeLine || sep ? 1 : 0;
    while (at < lines.length - 1 && lines[at] === "") at++;
    const header = lines[at] ?? "";
    // Export-Csv -UseCulture / -Delimiter, and Excel, write the locale's list separator (";" in
    // much of Europe) or a tab: the header's first separator outside quotes decides.
    let delimiter = sep ? sep[1] : ",";
    let inQuotes = false;
    let found = !!sep;
    for (const ch of sep ? "" : header) {
      if (ch === '"') inQuotes = !inQuotes;
      else if (!inQuotes && (ch === "," || ch === ";" || ch === "\t")) {
        delimiter = ch;
        found = true;
        break;
      }
    }
    // Export-Csv -Delimiter takes any character ("|", ":"...) and quotes every field: the one
    // between the first two quoted names is the separator (rev11o finding 3: "|" was read as a
    // quote inside a field not doubled, fix "do not edit the file").
    const other = found ? null : /^\s*"(?:[^"]|"")*"([^\p{L}\p{N}\s"])"/u.exec(header);
    if (other) delimiter = other[1];
    // The same unquoted (PowerShell 7's -UseQuotes AsNeeded or Never, e.g. "-Delimiter '|'"):
    // the character that occurs most often between the names, none of which holds it (a column
    // name is letters, digits, spaces and "_-./", as "Allow/Deny"; rev11s finding 5: the header
    // was one field, blamed on Excel).
    else if (!found && !header.trimStart().startsWith('"')) {
      const counts = new Map<string, number>();
      for (const ch of header)
        if (/[^\p{L}\p{N}\s"_\-./]/u.test(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
      const best = [...counts].sort((a, b) => b[1] - a[1])[0];
      if (best) delimiter = best[0];
    }
    return {
      empty: text.trim() === "",
      binaryLine: binaryLine(bytes, guess.encoding),
      guess,
      typeLine,
      sepLine: sep !== null,
      delimiter,
      quoted: header.trimStart().startsWith('"'),
      header,
    };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The column names of a file's header as readCsv takes it (sniff: any encoding it reads, a BOM,
 * Windows PowerShell's "#TYPE" line, Excel's "sep=;" line and blank lines passed over, split at
 * the separator found), trimmed, without their quotes and in lower case; null when the file
 * cannot be read or is not text. Reads the first 64 KB only. Used to tell what a file the build
 * does not read holds (unread-files.ts), so a part saved by Excel is known as readily as the
 * file it belongs to (rev11k finding 8).
 */
export function headerColumns(path: string): string[] | null {
  let sniffed: Sniffed;
  try {
    sniffed = sniff(path);
  } catch {
    return null;
  }
  if (sniffed.empty || sniffed.binaryLine !== null) return null;
  return sniffed.header
    .split(sniffed.delimiter)
    .map((c) => c.trim().replace(/^"|"$/g, "").trim().toLowerCase());
}

/** What reading one file found out about it, besides its rows. */
export interface CsvFileInfo {
  /** Data rows passed to the handler. */
  rows: number;
  /** Known once the header is read; undefined when the file could not be read that far. */
  shape?: FileShape;
  /** Set when the file was decoded from something other than UTF-8 (the summary says so). */
  decodedFrom?: TextEncoding;
  /** What the summary says about how the file was read (rows skipped, words read), if anything. */
  notes?: string[];
  /**
   * Records parsed, the header and rows of separators only included: Excel's unit of rows, to
   * tell a file Excel cut at its row limit (EXCEL_ROW_LIMITS).
   */
  records?: number;
}

/**
 * The most rows a worksheet holds: 1,048,576 (.xlsx, Excel 2007 on) and 65,536 (.xls). A CSV that
 * Excel opened keeps only that many (its "file not loaded completely" dialog is one click) and
 * saves them: a file of exactly that many records most likely lost the rest (rev11p finding 4).
 * Source: Microsoft, "Excel specifications and limits".
 */
export const EXCEL_ROW_LIMITS: readonly number[] = [1_048_576, 65_536];

/**
 * What csv-parse's error means for the admin. Only a quote that is really out of place is
 * blamed on quotes, with the character that follows it; `rowStart` is the line where the record
 * being read began (a quote that is never closed swallows the lines after it).
 */
function parserProblemText(
  err: Error & { code?: string },
  line: number,
  rowStart: number,
  fate: () => ReturnType<typeof longFieldFate> = () => null
): { message: string; fix: Fix } {
  const fromRow = rowStart < line ? ` (the row starting on line ${rowStart})` : "";
  switch (err.code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
      return {
        message: "this row has a different number of fields than the header",
        fix: FIX.fieldCount(),
      };
    case "CSV_MAX_RECORD_SIZE": {
      // Told from the file, not guessed (rev11e 6): a well-formed field that is only too long
      // is not blamed on quotes.
      const found = fate();
      if (found?.kind === "closed")
        return {
          message: `a quoted field${fromRow} holds ${charsText(found.chars)}, more than the ${charsText(MAX_RECORD_CHARS)} a row may hold: its quotes are well formed, but no value an export writes is that long`,
          fix: FIX.fieldSize(),
        };
      if (found?.kind === "row")
        return {
          message: `the row${fromRow} holds more than ${charsText(MAX_RECORD_CHARS)} outside any quoted field, more than a row may hold: no row an export writes is that long`,
          fix: FIX.fieldSize(),
        };
      return {
        message:
          found?.kind === "open"
            ? `a quoted field${fromRow} is never closed: it runs on for more than ${charsText(MAX_RECORD_CHARS)} (a quote inside a field that is not doubled, or the file ends inside it)`
            : `a field${fromRow} runs on for more than ${charsText(MAX_RECORD_CHARS)}: probably a quote that is never closed`,
        fix: FIX.quoting(),
      };
    }
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE": {
      const got = /got "([^"]*)"/.exec(err.message)?.[1];
      const shown = got === undefined ? "" : ` by ${JSON.stringify(got)}`;
      return {
        message:
          rowStart < line
            ? `a quoted field opened on line ${rowStart} is not closed where its row ends: line ${line} is read as part of it${shown ? ` and a quote there is followed${shown}` : ""} (a quote inside a field that is not doubled)`
            : `a quoted field is closed by a quote that is followed${shown || " by other text"} instead of a separator or the end of the line: a quote inside a field is not doubled ("")`,
        fix: FIX.quoting(),
      };
    }
    case "CSV_QUOTE_NOT_CLOSED":
      return {
        message: `a quoted field${fromRow} is never closed: the file ends inside it`,
        fix: FIX.quoting(),
      };
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_OPENING_QUOTE":
      return {
        message:
          'a field that does not start with a quote has a quote inside it: in CSV such a field must be quoted, with the quote doubled ("")',
        fix: FIX.quoting(),
      };
    default:
      return {
        message: `this line is not valid CSV (${cut(err.message, 160)})`,
        fix: FIX.notCsv(),
      };
  }
}

/**
 * Streams one CSV export through csv-parse: any column order, extra columns ignored, CRLF or
 * LF, quoted fields, "," ";" or tab separators, a "#TYPE" first line, and any encoding in
 * decode.ts (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252). Problems (missing
 * columns, .NET type names, a change of encoding, broken quoting) are added with file, line and
 * a fix addressed to whatever wrote the file; rows with a problem are not passed on.
 * `start` receives the column indices and returns the row handler, so handlers index arrays
 * rather than build an object per row. Never throws: an unreadable file is a problem too.
 */
export function readCsv<K extends string>(
  path: string,
  spec: CsvSpec<K>,
  problems: Problems,
  start: StartRows<K>,
  progress?: ReadProgress,
  /** The folder holds export-info.csv (hasScriptMarker): fixes may point at the script. */
  scriptProven = false,
  /**
   * Whether a name is spelled so in another file whose encoding is certain (UTF-8, UTF-16):
   * a page whose reading gives such names is the file's page (decode.ts judgePage).
   */
  knownName?: (name: string) => boolean
): Promise<CsvFileInfo> {
  const info: CsvFileInfo = { rows: 0 };
  let sniffed: Sniffed;
  try {
    sniffed = sniff(path);
  } catch (e) {
    problems.add({
      file: spec.file,
      message: `cannot read the file (${e instanceof Error ? e.message : String(e)})`,
      fix: exportFix(spec, scriptProven),
    });
    return Promise.resolve(info);
  }
  if (sniffed.empty) {
    problems.add({
      file: spec.file,
      line: 1,
      message: "the file is empty: there is no header line",
      fix: exportFix(spec, scriptProven),
    });
    return Promise.resolve(info);
  }
  if (sniffed.binaryLine !== null) {
    problems.add({
      file: spec.file,
      line: sniffed.binaryLine,
      message:
        "not a text file (CSV): it holds binary data (NUL or control bytes), e.g. a workbook (.xlsx), an image or a damaged copy saved under this name",
      fix: exportFix(spec, scriptProven),
    });
    return Promise.resolve(info);
  }
  let encoding = sniffed.guess.encoding;
  if (encoding !== "utf-8" && !sniffed.guess.undecided) info.decodedFrom = encoding;
  // The source is known once the header is read; until then fixes name no tool it is not proven.
  let shape: FileShape = {
    file: spec.file,
    step: spec.step,
    source: scriptProven ? "exportScript" : "otherTool",
    encoding,
  };

  return new Promise((resolve) => {
    const input = fs.createReadStream(path, { highWaterMark: 1024 * 1024 });
    let change: { offset: number; from: TextEncoding; to: TextEncoding } | null = null;
    const decode = new DecodeStream(
      sniffed.guess,
      (decided) => {
        encoding = decided;
        info.decodedFrom = decided;
        shape.encoding = decided;
      },
      (c) => (change ??= c)
    );
    const parser = parse({
      bom: true,
      delimiter: sniffed.delimiter,
      from_line: sniffed.typeLine || sniffed.sepLine ? 2 : 1,
      skip_empty_lines: true,
      // Excel, PowerShell (Add-Content, >>) and editors leave CRLF and LF mixed in one file:
      // either ends a row, wherever it is (csv-parse otherwise takes the first one it sees).
      record_delimiter: ["\r\n", "\n", "\r"],
      max_record_size: MAX_RECORD_CHARS,
    });
    let handler: RowHandler | null = null;
    let checked: number[] = [];
    /** The columns whose values spell a row's names in ASCII (decode.ts rowEvidence). */
    let identityColumns: number[] = [];
    /** The display-name columns among `checked` (checkDoubled). */
    let displayColumns: number[] = [];
    let names: string[] = [];
    /** `names` trimmed and lower case, for isHeaderAgain's test on every row. */
    let headerKeys: string[] = [];
    let firstRow = true;
    let identityColumn = -1;
    let dnColumn = -1;
    const reportedColumns = new Set<number>();
    let finished = false;

    const finish = () => {
      if (finished) return;
      finished = true;
      input.destroy();
      decode.destroy();
      parser.destroy();
      judgeFilePage();
      // A file in one other ANSI code page (cp932...) holds byte pairs that look like UTF-8 to
      // the 1252 reader: it is that page throughout, refused for it, not mixed (rev11c finding 8).
      if (change && ansiPage && onePage(path, ansiPage)) change = null;
      // Only a part read as Windows-1252 can be one other ANSI page throughout: a UTF-16 part's
      // byte pairs ("部" is E8 90) decode in some page too, but the file mixes encodings
      // (rev11za ZA2).
      const wholePage =
        change && change.from === "windows-1252" && change.to === "utf-8"
          ? wholeAnsiPage(path, change.offset)
          : null;
      if (change && wholePage) {
        const line = lineAtOffset(path, change.offset);
        change = null;
        if (!ansiReported)
          problems.add({
            file: spec.file,
            line,
            message: `the file is not UTF-8 from line ${line} on and not Windows-1252 before it, but reads whole in one other ANSI code page (probably ${wholePage}), which the bytes do not name: its names would be published garbled`,
            fix: fixFor(shape, FIX.codePage(wholePage)),
          });
      }
      if (change) {
        const line = lineAtOffset(path, change.offset);
        shape.mixedEncodingLine = line;
        problems.add({
          file: spec.file,
          line,
          message: `the file mixes encodings: ${ENCODING_NAME[change.from]} before line ${line}, ${ENCODING_NAME[change.to]} from there on (parts written by different programs), so names in one of the parts would be wrong`,
          // Two programs wrote the parts: which one to fix is not known, so name neither.
          fix: oneEncodingFix(shape),
        });
      }
      info.shape = handler ? shape : undefined;
      const notes: string[] = [];
      if (emptyRows > 0)
        notes.push(
          `${spec.file}: skipped ${emptyRows} empty row(s) made of separators only (as Excel writes for rows whose cells were cleared); nothing was in them`
        );
      if (shape.localBooleans)
        notes.push(
          `${spec.file}: read Excel's boolean words ${shape.localBooleans.join(", ")} as True/False (Excel writes True/False in its own language)`
        );
      if (notes.length > 0) info.notes = notes;
      resolve(info);
    };

    const onHeader = (header: string[], line: number): boolean => {
      const source = detectSource({
        header,
        quoted: sniffed.quoted,
        typeLine: sniffed.typeLine,
        encoding,
        bom: sniffed.guess.bom,
        delimiter: sniffed.delimiter,
        scriptColumns: spec.scriptColumns ?? [...spec.required, ...spec.optional],
        scriptProven,
      });
      shape = { file: spec.file, step: spec.step, source, encoding };
      const index = new Map<string, number>();
      let twice = false;
      header.forEach((name, i) => {
        const key = name.trim().toLowerCase();
        const first = index.get(key);
        if (first === undefined) index.set(key, i);
        else if (key !== "") {
          // Which of the two holds the values is a guess (rev11d finding 2: the empty first
          // GrantSendOnBehalfTo was read, the filled second ignored): refused, as Import-Csv
          // refuses a header that names a member twice ("The member X is already present").
          twice = true;
          problems.add({
            file: spec.file,
            line,
            column: name.trim(),
            message: `the header names column ${name.trim()} twice (field ${first + 1} and field ${i + 1}), so which one holds the values is not known`,
            fix: fixFor(shape, FIX.columnOnce()),
          });
        }
      });
      if (twice) return false;
      const columns = {} as Columns<K>;
      const missing: K[] = [];
      for (const name of spec.required) {
        const i = index.get(name.toLowerCase());
        if (i === undefined) missing.push(name);
        columns[name] = i ?? -1;
      }
      for (const name of spec.optional) columns[name] = index.get(name.toLowerCase()) ?? -1;
      identityColumn = index.get("identity") ?? -1;
      dnColumn = index.get("distinguishedname") ?? -1;
      // Output of a cmdlet or tool the build knows by its header, in a file it does not belong
      // in: one problem naming what it is and where it goes, not "export the column X" three
      // times, and never read as rows (f11 gap 2). Get-ADPermission (Exchange on-premises; the
      // cmdlet that lists Send As there) has every column of mailbox-permissions.csv, so it is
      // refused even when none is missing: its rights are the on-premises forest's, not
      // Exchange Online's, which the add-in sends through (rev11c finding 21). Source:
      // Microsoft, "Get-ADPermission" (Exchange Server).
      const found = foreignOutput(index);
      // The file is the output this spec reads (the Export-RecipientPermissions result, told by
      // its header), so a missing column is an older or edited version of it, not another tool's.
      const ownOutput = found !== null && found === spec.step;
      if (
        found &&
        !ownOutput &&
        FOREIGN_HOME[found] !== spec.file &&
        (missing.length > 0 || found === "Get-ADPermission")
      ) {
        problems.add({
          file: spec.file,
          line,
          message: foreignOutputMessage(found, spec.file),
          fix: foreignOutputFix(
            found,
            spec.file,
            scriptProven ? `the "${spec.step}" step of ${SCRIPT}` : ""
          ),
        });
        return false;
      }
      if (missing.length > 0 && ownOutput) {
        // Older Export-RecipientPermissions releases wrote no Allow/Deny and Inherited columns
        // (and Grantor/Trustee OU columns the current one does not): read without them, a denied
        // or inherited right would pass as granted, so the file is refused, naming what is missing.
        problems.add({
          file: spec.file,
          line,
          message: `this Export-RecipientPermissions result has no ${missing.length > 1 ? `columns ${missing.slice(0, -1).join(", ")} and ${missing[missing.length - 1]}` : `column ${missing[0]}`}, which the current Export-RecipientPermissions writes (the header has: ${header.slice(0, 12).join(", ")}${header.length > 12 ? ", ..." : ""}): it is from an older version or edited, and without them whether a right is granted, denied or inherited is not known`,
          fix: `update Export-RecipientPermissions to its current release (github.com/GruberMarkus/Export-RecipientPermissions) and run it again with ExportMailboxAccessRights, ExportSendAs and ExportSendOnBehalf; use ${spec.file} as it writes it, not edited`,
        });
        return false;
      }
      if (missing.length > 0) {
        const oneColumn = header.length === 1 && /[;,\t|]/.test(header[0]);
        for (const name of missing) {
          problems.add({
            file: spec.file,
            line,
            column: name,
            message: oneColumn
              ? `column ${name} not found: the header is one single field, so the separator is not a comma, semicolon or tab`
              : `column ${name} is missing (the header has: ${header.slice(0, 12).join(", ")}${header.length > 12 ? ", ..." : ""})`,
            fix:
              shape.source === "exportScript"
                ? exportFix(spec, scriptProven)
                : fixFor(shape, FIX.missingColumn(name)),
          });
        }
        return false;
      }
      checked = Object.values<number>(columns).filter((i) => i >= 0);
      // The columns whose ASCII values spell a row's names: addresses, UPN, Alias, Name...
      identityColumns = header.flatMap((h, i) => (IDENTITY_COLUMN.test(h.trim()) ? [i] : []));
      // Display names are what gets published: DisplayName, and Export-RecipientPermissions'
      // Grantor and Trustee Display Name (rev11g S2: those were published garbled).
      displayColumns = checked.filter((i) => /display ?name$/i.test(header[i].trim()));
      names = header;
      headerKeys = header.map((h) => h.trim().toLowerCase());
      handler = start(columns, header, shape);
      return true;
    };

    /** A row whose used fields hold a .NET type name is reported, not used. */
    let why = "";
    const rowProblem = (fields: string[], line: number): boolean => {
      let bad = false;
      for (const i of checked) {
        const value = fields[i];
        const object = isPowerShellObjectText(value);
        if (object || isDotNetTypeName(value)) {
          // A list or value column (GrantSendOnBehalfTo, EmailAddresses...) is emptied and the row
          // kept: its identity is fine, so rights on it or for it are not "names no mailbox"
          // (rev11c finding 13). The problem below fails the build either way.
          if (!IDENTITY_COLUMNS.has(names[i].trim().toLowerCase())) fields[i] = "";
          else {
            if (!bad)
              why = object
                ? `its ${names[i]} holds ${quoted(value)}, PowerShell's text for an object`
                : `its ${names[i]} holds the .NET type name ${quoted(value)}`;
            bad = true;
          }
          if (!reportedColumns.has(i)) {
            reportedColumns.add(i);
            // A collection's type (ArrayList, Object[], List`1[...], MultiValuedProperty) stands
            // for a list Export-Csv could not write; any other type (Deserialized.*.ADObjectId)
            // for one object written as its type instead of its text.
            const list = !object && /ArrayList|\[\]|`\d|Collection|MultiValued/.test(value);
            problems.add({
              file: spec.file,
              line,
              column: names[i],
              message: object
                ? `holds ${quoted(value, 120)}, PowerShell's text for an object with properties, in place of a value (Export-Csv wrote the selected object, e.g. Select-Object Name without -ExpandProperty)`
                : list
                  ? `holds the .NET type name ${quoted(value, 120)} instead of values (Export-Csv cannot write lists; e.g. ${cmdletFor(spec.file)} | Select * | Export-Csv)`
                  : `holds the .NET type name ${quoted(value, 120)} in place of a value (Export-Csv wrote the object's type, not its text: an object from a remote session or an unexpanded property)`,
              fix: fixFor(
                shape,
                object
                  ? FIX.psObject(names[i])
                  : list
                    ? FIX.dotNetList(names[i])
                    : FIX.dotNetObject(names[i])
              ),
            });
          }
        }
      }
      if (shape.encoding === "windows-1252" && !ansiReported) checkAnsi(fields, line);
      // Text re-saved after a wrong reading is UTF-8 (or UTF-16) in the file; in a file read
      // as Windows-1252 such text is the build's own reading of mixed parts ("mixes encodings").
      if (shape.encoding !== "windows-1252") checkDoubled(fields, line);
      return bad;
    };

    /**
     * A file read as Windows-1252 whose names show another ANSI code page (cp932 from a Japanese
     * Excel, cp1250, cp1251...), told from the bytes alone: refused once, with the line, rather
     * than published garbled. A value whose letters read as plausible Windows-1252 text is kept
     * for the whole file's judgement (judgeFilePage): whether the file is in an OEM page or Mac
     * Roman is told from how all its names read, never from one character (h11f). Where nothing
     * shows another page, the summary says Windows-1252 was assumed.
     */
    let ansiReported = false;
    let ansiPage = "";
    /** The file's distinct values outside ASCII, with where each was first met (judgeFilePage). */
    const ansiValues = new Map<string, { line: number; column: string; evidence: string[] }>();
    const checkAnsi = (fields: string[], line: number) => {
      /** The row's ASCII values (address, alias...), spelling its names (decode.ts spelledAs). */
      let evidence: string[] | null = null;
      for (const i of checked) {
        const value = fields[i] ?? "";
        // ASCII reads the same in every page: most rows, kept cheap.
        // eslint-disable-next-line no-control-regex -- ASCII is the point
        if (!/[^\u0000-\u007f]/.test(value)) continue;
        // UTF-8 read as 1252 ("JÃ¼rgen") has its own diagnosis, with the real name.
        if (misDecodedUtf8(value) !== null) continue;
        // A name met before was judged then (its first row's values spell it or not).
        if (ansiValues.has(value)) continue;
        const why = notWindows1252(value);
        evidence ??= rowEvidence(fields, identityColumns);
        // A value whose row, or another file, spells it in some page is judged with the file's
        // other names, however odd its Windows-1252 reading looks ("Contoso™ Support" with
        // support@contoso..., "£ukasz" with lukasz.nowak@; rev11v findings 1 and 3).
        const proven = provenReading(value, evidence);
        if (!why || knownName?.(value) || proven) {
          // Past the cap only values their own rows spell, or that read as no name, are kept: a
          // part appended in another page comes last, and telling it costs one comparison per
          // row (rev11w F10, rev11x X4).
          if (
            ansiValues.size < MAX_JUDGED_VALUES ||
            ((proven || oddAsWindows1252(value)) && ansiValues.size < MAX_PROVEN_VALUES)
          )
            ansiValues.set(value, { line, column: names[i], evidence });
          continue;
        }
        ansiReported = true;
        // One code page for the whole file, from all its lines (rev11d finding 13): a value
        // alone can read plausibly in a page the rest of the file rules out.
        const page = filePage(path) ?? likelyAnsiReading(value);
        ansiPage = page?.id ?? "";
        // The bytes as read: U+0081 ... U+009D go back to theirs (cp850's "ü" is 0x81: the hint
        // read "B?ro" for "Büro"; rev11t finding 5).
        const bytes = page && !value.includes("\ufffd") ? windows1252Bytes(value) : null;
        const text = page && bytes ? iconv.decode(bytes, page.id) : "";
        if (page) shape.codePage = { line, page: page.page, id: page.id };
        // Provisional: the resolver's diagnosis of the same value takes its place.
        problems.addProvisional({
          file: spec.file,
          line,
          column: names[i],
          message: `${JSON.stringify(cut(value))}, read as Windows-1252 (ANSI), is not a name: ${why}, so the file was probably written in another code page${page ? ` (judged from all its lines, most likely ${page.page}${text ? `; in ${page.page} it reads ${JSON.stringify(cut(text))}` : ""})` : ""}, which the bytes do not name; its names would be published garbled`,
          fix: fixFor(shape, page ? FIX.codePage(page.page) : FIX.utf8()),
        });
        return;
      }
    };

    /**
     * The whole file's judgement (decode.ts judgePage) of a file read as Windows-1252 whose
     * values outside ASCII all read as plausible Windows-1252 letters: a page other than
     * Windows-1252 that reads them clearly better is named with the first value it changes
     * ("Strauá" is cp850's "Strauß"), and a file no page clearly wins for, whose names read
     * oddly in Windows-1252, is refused with each candidate's reading (h11f). Names another file
     * spells the same (knownName) decide first.
     */
    const judgeFilePage = () => {
      // A page another file's name already proved (read.ts otherPageName) is the diagnosis.
      if (ansiReported || shape.codePage || ansiValues.size === 0) return;
      if (shape.encoding !== "windows-1252") return;
      const values = [...ansiValues.keys()];
      const verdict = judgePage(
        values,
        knownName,
        values.map((v) => ansiValues.get(v)!.evidence)
      );
      if (verdict.verdict !== "unsure") reportMixed(values, verdict.mixed);
      if (verdict.verdict === "windows-1252") return;
      const value = values[verdict.index];
      const { line, column } = ansiValues.get(value)!;
      if (verdict.verdict === "page") {
        ansiPage = verdict.id;
        shape.codePage = { line, page: verdict.page, id: verdict.id, judgedColumn: column };
        problems.addProvisional({
          file: spec.file,
          line,
          column,
          message: `${JSON.stringify(cut(value))}, read as Windows-1252 (ANSI), is not a name: the file's values outside ASCII, judged together, read as names in ${verdict.page} and not in Windows-1252, so the file was probably written in another code page (judged from all its lines, most likely ${verdict.page}; in ${verdict.page} it reads ${JSON.stringify(cut(verdict.text))}), which the bytes do not name; its names would be published garbled`,
          fix: fixFor(shape, FIX.codePage(verdict.page)),
        });
        return;
      }
      const readings = verdict.readings
        .map(([page, text]) => `in ${page} it reads ${JSON.stringify(cut(text))}`)
        .join("; ");
      problems.addProvisional({
        file: spec.file,
        line,
        column,
        message: `${JSON.stringify(cut(value))}, read as Windows-1252 (ANSI), reads as no name, so the file may be written in another code page, but its names read no clearer in one than in another and the choice changes them: ${readings}; the bytes do not name the page, so the build does not guess`,
        fix: fixFor(shape, FIX.utf8()),
      });
    };

    /**
     * Values whose own row spells them in another page than the file's (judgePage's `mixed`):
     * a part written by another program, e.g. appended with cmd's ">>" in the console's OEM
     * page, which one reading of the file publishes garbled (rev11v finding 5). Each is refused
     * with its line, the page its row proves and how it reads there.
     */
    const reportMixed = (values: string[], mixed: MixedValue[]) => {
      for (const m of mixed) {
        const value = values[m.index];
        const { line, column } = ansiValues.get(value)!;
        problems.add({
          file: spec.file,
          line,
          column,
          message: `${JSON.stringify(cut(value))} is how this line reads in the file's code page, but ${m.spelled ? "the line's own values (its address, alias or UPN) spell the name" : "it reads as a name only"} as ${m.page} reads it, ${JSON.stringify(cut(m.text))}: the file mixes code pages (a part written or appended by another program, e.g. cmd's ">>" in the console's code page), so one reading of it publishes some names garbled`,
          fix: oneEncodingFix(shape),
        });
      }
    };

    /**
     * A value that is UTF-8 read as Windows-1252 and saved again ("Vertrieb BÃ¼ro"), told from
     * its text alone (decode.ts doubleEncoded): refused with its line and likely reading, each
     * such value (a name the admin would not see stays garbled once the first is fixed by hand),
     * even when every file was re-saved alike and no other file has the real name (rev11d
     * finding 6). Provisional: a diagnosis of the same value against another file's name, or of
     * the trustee it names, takes its place (one diagnosis per value).
     */
    const checkDoubled = (fields: string[], line: number) => {
      // Display names are what gets published; trustees and lists are resolved, and the
      // resolver diagnoses a mis-decoded one against the recipient it names.
      for (const i of displayColumns) {
        const value = fields[i] ?? "";
        const real = doubleEncoded(value);
        if (real === null) continue;
        problems.addProvisional({
          file: spec.file,
          line,
          column: names[i],
          message: `${JSON.stringify(cut(value))} is garbled text, probably ${JSON.stringify(cut(real.text))}: its letters are UTF-8 bytes read as Windows-1252 (ANSI) and saved again${real.times > 1 ? `, ${timesText(real.times)} (${spec.file} was written as UTF-8 and read as Windows-1252 ${timesText(real.times)}: opened as ANSI in Excel or an editor and saved, each time)` : " (e.g. the file was opened as ANSI in Excel or an editor and saved)"}, so the file's names would be published garbled; each such value in ${spec.file} is listed with its line`,
          fix: oneEncodingFix(shape),
        });
        return;
      }
    };

    /** The line the last row ended on (as csv-parse counts): the next row starts after it. */
    let lastRowLine = sniffed.typeLine || sniffed.sepLine ? 1 : 0;
    /** Lines csv-parse counted twice so far: each CRLF inside a quoted value. */
    let extraLines = 0;
    let emptyRows = 0;
    parser.on("data", (fields: string[]) => {
      info.records = (info.records ?? 0) + 1;
      if (finished) return;
      // csv-parse counts lines up to the end of the record, and a CRLF inside a quoted value as
      // two; a record whose quoted values hold line breaks starts that many lines before its end,
      // and problems name the line it starts on. Counted only when the count moved by more than
      // one line since the last record (rare): no work per ordinary row.
      const raw = parser.info.lines;
      let line = raw - extraLines;
      if (raw - lastRowLine > 1) {
        const breaks = lineBreaksIn(fields);
        extraLines += breaks.crlf;
        line = raw - extraLines - breaks.all;
      }
      lastRowLine = raw;
      if (!handler) {
        if (!onHeader(fields, line)) finish();
        return;
      }
      // A row of separators only (";;;;"), as Excel writes for rows whose cells were used and
      // cleared, holds nothing: skipped as a blank line is, and counted once (rev11c finding 17).
      if (isEmptyRow(fields)) {
        emptyRows++;
        return;
      }
      // The header again: two exports appended into one file ("type a.csv b.csv > c.csv",
      // Get-Content *.csv | Set-Content): refused once per repeated header, not read as a row
      // of values that are "not True or False" (rev11c finding 15).
      if (isHeaderAgainKeys(fields, headerKeys)) {
        problems.add({
          file: spec.file,
          line,
          message: `the header line again${boms.count > 0 ? " (with a byte-order mark before it, as at the start of a file)" : ""}: two exports were appended into one file, so it holds the rows of both, perhaps from different runs`,
          fix: fixFor(shape, FIX.headerOnce()),
        });
        return;
      }
      if (firstRow) {
        firstRow = false;
        if (
          shape.source !== "exportRecipientPermissions" &&
          looksOnPremises(
            identityColumn >= 0 ? (fields[identityColumn] ?? "") : "",
            dnColumn >= 0 ? (fields[dnColumn] ?? "") : ""
          )
        )
          shape.source = "onPremises";
      }
      if (rowProblem(fields, line)) {
        handler.rejected?.(fields, line, why);
        if (problems.full) finish();
        return;
      }
      info.rows++;
      handler(fields, line);
      if (problems.full) return finish();
      if (progress && (info.rows & 8191) === 0) progress(input.bytesRead, info.rows);
    });
    parser.on("error", (err: Error & { code?: string; lines?: number }) => {
      if (finished) return;
      const line = (typeof err.lines === "number" ? err.lines : parser.info.lines) - extraLines;
      const rowStart = Math.min(line, lastRowLine - extraLines + 1);
      let fate: ReturnType<typeof longFieldFate> | undefined;
      let text = parserProblemText(
        err,
        line,
        rowStart,
        () => (fate ??= longFieldFate(path, encoding, sniffed.delimiter))
      );
      let writer = shape;
      // More fields than the header in a file without quotes: a value holding the separator was
      // cut, which Excel never writes (it quotes such a value): the fix goes to the tool that
      // wrote it unquoted, not to Excel (rev11t LOW 6: PowerShell 7's -UseQuotes Never).
      const record = (err as { record?: unknown }).record;
      if (
        err.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH" &&
        !sniffed.quoted &&
        Array.isArray(record) &&
        names.length > 0 &&
        record.length > names.length
      ) {
        text = {
          message: `this row has ${record.length} fields, ${record.length - names.length} more than the header: a value holding the separator ${JSON.stringify(sniffed.delimiter)} was written without quotes, so it was cut`,
          fix: FIX.quoteSeparators(sniffed.delimiter),
        };
        if (shape.source === "excel") writer = { ...shape, source: "otherTool" };
      }
      problems.add({
        file: spec.file,
        line,
        message: text.message,
        fix: fixFor(writer, text.fix),
      });
      // A row refused for one over-long field: its other fields (its address) are known, so a
      // right on it is lost because of this row, not "does not list it" (f11c item 6).
      const why =
        fate?.kind === "closed"
          ? `a field holds ${charsText(fate.chars)}, more than a row may hold`
          : "see the problem reported for it";
      if (fate?.kind === "closed" && fate.head.length > 0 && handler)
        handler.cutShort?.(fate.head, rowStart, why);
      // csv-parse cannot go on after such a row: the rows after it are not read, and a lookup
      // that fails in this file says so (rev11g S3), not "does not list it".
      shape.stoppedAt = { line: rowStart, why };
      finish();
    });
    parser.on("end", () => {
      if (!handler && !finished) {
        problems.add({
          file: spec.file,
          line: 1,
          message: "the file has no header line",
          fix: exportFix(spec, scriptProven),
        });
      }
      if (progress) progress(input.bytesRead, info.rows);
      finish();
    });
    const ioError = (err: Error) => {
      if (finished) return;
      problems.add({
        file: spec.file,
        message: `cannot read the file (${err.message})`,
        fix: exportFix(spec, scriptProven),
      });
      finish();
    };
    input.on("error", ioError);
    decode.on("error", ioError);
    const boms = new DropLineStartBom();
    input.pipe(decode).pipe(boms).pipe(new DropFinalEof()).pipe(parser);
  });
}

/**
 * The columns that say which recipient, mailbox or grant a row is (lower case): a row with a .NET
 * type name in one of them cannot be placed and is refused whole; in any other column the value
 * is dropped and the row kept.
 */
const IDENTITY_COLUMNS: ReadonlySet<string> = new Set([
  "identity",
  "primarysmtpaddress",
  "recipienttypedetails",
  "user",
  "trustee",
  "usersid",
  "trusteesidstring",
  "accesscontroltype",
  "accessrights",
  "isinherited",
  "deny",
  "groupprimarysmtpaddress",
  "memberprimarysmtpaddress",
]);

/**
 * The line breaks the fields hold: `all` (CRLF, CR or LF, each one line, as the reader ends rows
 * at each) and `crlf`, the CRLFs among them (csv-parse counts each as two lines).
 */
function lineBreaksIn(fields: readonly string[]): { all: number; crlf: number } {
  let all = 0;
  let crlf = 0;
  for (const f of fields) {
    if (!f.includes("\n") && !f.includes("\r")) continue;
    all += f.split(/\r\n|\r|\n/).length - 1;
    crlf += f.split("\r\n").length - 1;
  }
  return { all, crlf };
}

/** Whether every field of a row is empty or blank (a row of separators only). */
export function isEmptyRow(fields: readonly string[]): boolean {
  for (const f of fields) if (f !== "" && f.trim() !== "") return false;
  return true;
}

/** Whether a row is the header line again (same column names, same order, any case). */
export function isHeaderAgain(fields: readonly string[], header: readonly string[]): boolean {
  return isHeaderAgainKeys(
    fields,
    header.map((h) => h.trim().toLowerCase())
  );
}

/** isHeaderAgain given the header's names trimmed and lower case (once per file, not per row). */
function isHeaderAgainKeys(fields: readonly string[], keys: readonly string[]): boolean {
  if (fields.length !== keys.length || keys.length === 0) return false;
  for (let i = 0; i < fields.length; i++)
    if (fields[i].trim().toLowerCase() !== keys[i]) return false;
  return true;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Drops a UTF-8 byte-order mark at the start of a later line (UTF-8 text in, the same out): a
 * second file appended whole ("type a.csv b.csv > c.csv") brings its BOM along, and csv-parse
 * would read it as a character before the first quote. The file's own first BOM is csv-parse's
 * (bom: true). `count` says how many were dropped.
 */
export class DropLineStartBom extends Transform {
  count = 0;
  private held: Buffer = Buffer.alloc(0);

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const buf = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
    // A line end and part of a BOM at the very end wait for the next chunk.
    let keep = 0;
    for (let k = Math.min(3, buf.length); k >= 1; k--) {
      const at = buf.length - k;
      if (
        (buf[at] === 0x0a || buf[at] === 0x0d) &&
        buf.subarray(at + 1).equals(UTF8_BOM.subarray(0, k - 1))
      ) {
        keep = k;
        break;
      }
    }
    const body = buf.subarray(0, buf.length - keep);
    this.held = Buffer.from(buf.subarray(buf.length - keep));
    let from = 0;
    let i = body.indexOf(UTF8_BOM, 1);
    while (i !== -1) {
      if (body[i - 1] === 0x0a || body[i - 1] === 0x0d) {
        this.push(body.subarray(from, i));
        from = i + 3;
        this.count++;
      }
      i = body.indexOf(UTF8_BOM, i + 1);
    }
    this.push(body.subarray(from));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.held.length > 0) this.push(this.held);
    done();
  }
}

/**
 * Drops the DOS end-of-file byte (0x1A, Ctrl-Z) that old tools and `copy /b a+b` leave at the
 * very end of a file: no editor shows it, so a row made of it would be a false "different number
 * of fields" (rev11 finding 18). A 0x1A anywhere else is passed on as is.
 */
export class DropFinalEof extends Transform {
  private held = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let end = chunk.length;
    while (end > 0 && chunk[end - 1] === 0x1a) end--;
    if (end > 0 && this.held > 0) {
      this.push(Buffer.alloc(this.held, 0x1a));
      this.held = 0;
    }
    if (end > 0) this.push(chunk.subarray(0, end));
    this.held += chunk.length - end;
    done();
  }
}
