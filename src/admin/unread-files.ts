// The files in an export folder that the build does not read. A right in a file the build skips
// is lost as surely as one in a row it cannot read, so no such file passes without a word
// (rev11i finding 6: "mailbox-permissions (2).csv", a second download, was ignored, exit 0).
import * as fs from "node:fs";
import * as path from "node:path";
import { CsvSpec } from "./csv";
import { EXPORT_INFO, REQUIRED_FILES } from "./inputs";
import { Problems } from "./problems";
import { quoted } from "./shown";

/** The names the build reads from an Export-SendFromData.ps1 folder, exactly as spelled. */
const READ_NAMES = [...REQUIRED_FILES.map((s) => s.file), EXPORT_INFO.file, "export-info.json"];
/** Spreadsheets Excel, LibreOffice or Numbers save instead of CSV. */
const WORKBOOK = /\.(xlsx|xlsm|xlsb|xls|ods|numbers)$/i;
/** Files that may hold rows: CSV in any letter case, and the text files Excel saves (Tab-separated). */
const ROWS_FILE = /\.(csv|tsv|txt|tab)$/i;
/** Kept as CSV whatever their header: a .csv the build does not read is always an error. */
const CSV = /\.(csv|tsv)$/i;
/**
 * Files the operating system or Excel put in any folder: hidden files (.DS_Store), Excel's lock
 * file while a file is open (~$mailboxes.csv), Windows' desktop.ini and Thumbs.db. They hold no
 * export rows and are passed over without a word.
 */
const SYSTEM_FILE = (name: string) => /^(\.|~\$)|^(desktop\.ini|thumbs\.db)$/i.test(name);

/** What the folder holds instead of a missing export file: shown with its "missing" problem. */
export interface InsteadOf {
  /** The file that is there, e.g. "Mailbox-Permissions.csv". */
  found: string;
  /** What it is, for the message: "its name differs in letter case only". */
  what: string;
  fix: string;
}

/**
 * The export file whose required columns a file's first line has (the spec with the most
 * required columns first, since groups.csv's are a subset of mailboxes.csv's), or null when none
 * (or the file cannot be read). Reads the first 8 KB only; UTF-16's zero bytes are dropped.
 */
function headerOf(file: string): CsvSpec<string> | "erp" | null {
  let text: string;
  try {
    const fd = fs.openSync(file, "r");
    try {
      const head = Buffer.alloc(8192);
      text = head
        .subarray(0, fs.readSync(fd, head, 0, head.length, 0))
        .toString("latin1")
        .replace(/\0/g, "");
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
  const lines = text.replace(/^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, "").split(/\r?\n|\r/);
  // Export-Csv without -NoTypeInformation writes "#TYPE ..." first.
  const header = lines[0].startsWith("#TYPE") ? (lines[1] ?? "") : lines[0];
  const columns = new Set(
    header.split(/[,;\t|]/).map((c) => c.trim().replace(/^"|"$/g, "").toLowerCase())
  );
  // The Export-RecipientPermissions result (erp.ts), read only in a folder of its own.
  if (columns.has("grantor primary smtp")) return "erp";
  const specs: CsvSpec<string>[] = [...REQUIRED_FILES, EXPORT_INFO];
  specs.sort((a, b) => b.required.length - a.required.length);
  return specs.find((s) => s.required.every((c) => columns.has(c.toLowerCase()))) ?? null;
}

/** The names of the plain files in `inDir`, sorted; null when the folder cannot be listed. */
function fileNames(inDir: string): string[] | null {
  try {
    return fs
      .readdirSync(inDir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  } catch {
    return null;
  }
}

/**
 * Looks at every file in an Export-SendFromData.ps1 folder (`inDir`) the build will not read,
 * and says so (rev11i finding 6):
 * - a .csv or .tsv (any letter case), or a .txt/.tab whose header is an export file's: a problem
 *   naming it, since rights in it would be lost ("mailbox-permissions (2).csv": merge its rows
 *   into mailbox-permissions.csv). Never read in place of or beside the file it resembles: which
 *   rows are current is the admin's call.
 * - an export file's name in another letter case ("Mailbox-Permissions.csv") or saved as a
 *   workbook ("mailbox-permissions.xlsx"), while the file itself is missing: returned for that
 *   file's "missing" problem (rename it; save it as CSV UTF-8). Beside the real file, a workbook
 *   is a warning, a CSV a problem (above).
 * - anything else (README.txt, a script, a leftover *.partial of a failed export run): one
 *   summary warning listing them. Hidden files, Excel's ~$ lock files, desktop.ini and Thumbs.db
 *   are passed over.
 * Subfolders are not looked into. Returns, by export file name, what stands in for it.
 */
export function checkUnreadFiles(
  inDir: string,
  problems: Problems,
  warnings: string[]
): Map<string, InsteadOf> {
  const instead = new Map<string, InsteadOf>();
  const names = fileNames(inDir);
  if (!names) return instead;
  const present = new Set(names);
  const others: string[] = [];
  for (const name of names) {
    if (READ_NAMES.includes(name) || SYSTEM_FILE(name)) continue;
    const lower = name.toLowerCase();
    const sameButCase = READ_NAMES.find((r) => r.toLowerCase() === lower);
    if (sameButCase && !present.has(sameButCase) && !instead.has(sameButCase)) {
      instead.set(sameButCase, {
        found: name,
        what: "its name differs in letter case only, and file names are case-sensitive here",
        fix: `rename ${quoted(name)} to ${sameButCase}, then run the build again`,
      });
      continue;
    }
    if (WORKBOOK.test(name)) {
      const asCsv = lower.replace(WORKBOOK, ".csv");
      if (READ_NAMES.includes(asCsv) && asCsv.endsWith(".csv")) {
        if (!present.has(asCsv) && !instead.has(asCsv))
          instead.set(asCsv, {
            found: name,
            what: "a workbook, which the build does not read",
            fix: `open ${quoted(name)} and save it as CSV UTF-8 named ${asCsv} (Excel: File > Save As > "CSV UTF-8 (Comma delimited)"), or export ${asCsv} again`,
          });
        else
          warnings.push(
            `${quoted(name)} in ${inDir} is not read (a workbook): the build reads ${asCsv}. If the workbook holds changes, save it as CSV UTF-8 over ${asCsv}.`
          );
        continue;
      }
    }
    if (ROWS_FILE.test(name)) {
      const header = headerOf(path.join(inDir, name));
      if (header === "erp") {
        problems.add({
          file: name,
          message: `is the Export-RecipientPermissions result (its header has Grantor Primary SMTP), which the build reads only in a folder without recipients.csv; here it is not read, so the rights in it would be lost`,
          fix: `build from one export: move ${quoted(name)} into a folder of its own and pass that folder as --in, or move it out of ${inDir} to build from Export-SendFromData.ps1's files`,
        });
        continue;
      }
      const like = header;
      if (like && !present.has(like.file) && !instead.has(like.file)) {
        instead.set(like.file, {
          found: name,
          what: `its header has ${like.file}'s columns`,
          fix: `rename ${quoted(name)} to ${like.file} (or, if ${like.file} is written elsewhere, move it here), then run the build again`,
        });
        continue;
      }
      if (like || CSV.test(name)) {
        problems.add({
          file: name,
          message: `is in the export folder, but the build does not read it (it reads ${READ_NAMES.slice(0, 6).join(", ")} and export-info.csv): ${
            like
              ? `its header has ${like.file}'s columns, so rights or recipients in it would be lost`
              : "whatever it holds would be lost"
          }`,
          fix: like
            ? `if it is part of the same export (a second download, an export split in parts), append its rows, without its header line, to ${like.file}; if it is an older copy, move it out of ${inDir}; then run the build again`
            : `if its rows belong to one of the export files, merge them into that file; otherwise move it out of ${inDir}; then run the build again`,
        });
        continue;
      }
    }
    others.push(name);
  }
  if (others.length > 0)
    warnings.push(
      `not read (not export files): ${others
        .slice(0, 10)
        .map((n) => quoted(n))
        .join(", ")}${others.length > 10 ? ` and ${others.length - 10} more` : ""} in ${inDir}.`
    );
  return instead;
}

/**
 * The same look at a folder read as Export-RecipientPermissions' result (`erpFile`, see erp.ts):
 * a second file with its header (a second run, a result split in parts) is a problem naming it,
 * since its rights would be lost; any other file (the tool's error and debug files, notes) is
 * named in one summary warning. Hidden files and Excel's lock files are passed over.
 */
export function checkUnreadErpFiles(
  inDir: string,
  erpFile: string,
  problems: Problems,
  warnings: string[]
): void {
  const names = fileNames(inDir);
  if (!names) return;
  const others: string[] = [];
  for (const name of names) {
    if (name === erpFile || SYSTEM_FILE(name)) continue;
    if (ROWS_FILE.test(name) && headerOf(path.join(inDir, name)) === "erp") {
      problems.add({
        file: name,
        message: `is a second Export-RecipientPermissions result (its header has Grantor Primary SMTP); the build reads one, ${erpFile}, so the rights in this one would be lost`,
        fix: `if it is part of the same run, append its rows, without its header line, to ${erpFile}; if it is an older result, move it out of ${inDir}; then run the build again`,
      });
      continue;
    }
    others.push(name);
  }
  if (others.length > 0)
    warnings.push(
      `not read (not the Export-RecipientPermissions result ${erpFile}): ${others
        .slice(0, 10)
        .map((n) => quoted(n))
        .join(", ")}${others.length > 10 ? ` and ${others.length - 10} more` : ""} in ${inDir}.`
    );
}
