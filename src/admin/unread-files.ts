// The files in an export folder that the build does not read. A right in a file the build skips
// is lost as surely as one in a row it cannot read, so no such file passes without a word
// (rev11i finding 6: "mailbox-permissions (2).csv", a second download, was ignored, exit 0).
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "csv-parse/sync";
import { CsvSpec, headerColumns } from "./csv";
import { ERP_FILE, ERP_HEADER_MARK, EXPORT_INFO, REQUIRED_FILES } from "./inputs";
import { notFileKind } from "./open-file";
import { Problem, Problems } from "./problems";
import { quoted } from "./shown";

/** The names the build reads from an Export-SendFromData.ps1 folder, exactly as spelled. */
const READ_NAMES = [...REQUIRED_FILES.map((s) => s.file), EXPORT_INFO.file, "export-info.json"];
/** The same in lower case: a file named so in any letter case is one of the script's files. */
const SCRIPT_NAMES = new Set(READ_NAMES.map((n) => n.toLowerCase()));
/** Spreadsheets Excel, LibreOffice or Numbers save instead of CSV. */
const WORKBOOK = /\.(xlsx|xlsm|xlsb|xls|ods|numbers)$/i;
/** Kept as CSV whatever their header: a .csv the build does not read is always an error. */
const CSV = /\.(csv|tsv)$/i;
/**
 * Files the operating system or Excel put in any folder: hidden files (.DS_Store), Excel's lock
 * file while a file is open (~$mailboxes.csv), Windows' desktop.ini and Thumbs.db. They hold no
 * export rows and are passed over without a word.
 */
const SYSTEM_FILE = (name: string) => /^(\.|~\$)|^(desktop\.ini|thumbs\.db)$/i.test(name);
/** How deep, and through how many entries, a subfolder of --in is searched for export files. */
const SUBFOLDER_DEPTH = 4;
const SUBFOLDER_ENTRIES = 2000;
/**
 * What Export-SendFromData.ps1 writes while it runs ("mailboxes.csv.partial"), renamed at the
 * end: one left over is from a failed run, whose previous export stands. Named in the summary
 * warning, never taken as a part or a stand-in for a missing file (it may be cut short).
 */
const PARTIAL = /\.partial$/i;

/** What the folder holds instead of a missing export file: shown with its "missing" problem. */
export interface InsteadOf {
  /** The file that is there, e.g. "Mailbox-Permissions.csv". */
  found: string;
  /** What it is, for the message: "its name differs in letter case only". */
  what: string;
  fix: string;
}

/**
 * The export file (of three or more required columns) whose required columns a file's header
 * has all but one of, with the one it lacks; null when none is that near (or the file cannot be
 * read). Asked only for a file headerOf matched to no export file.
 */
function nearHeaderOf(file: string): { spec: CsvSpec<string>; missing: string } | null {
  const names = headerColumns(file);
  if (!names) return null;
  const columns = new Set(names);
  for (const spec of [...REQUIRED_FILES].sort((a, b) => b.required.length - a.required.length)) {
    if (spec.required.length < 3) continue;
    const missing = spec.required.filter((c) => !columns.has(c.toLowerCase()));
    if (missing.length === 1) return { spec, missing: missing[0] };
  }
  return null;
}

/**
 * The export file whose required columns a file's header has (the spec with the most required
 * columns first, since groups.csv's are a subset of mailboxes.csv's), "erp" for the
 * Export-RecipientPermissions result, or null when none (or the file cannot be read). The header
 * is found as the reader finds it (csv.ts headerColumns: any encoding, a "#TYPE" or "sep=;" line
 * and blank lines passed over), so a part saved by Excel, or without an extension, is known as
 * readily as the file it belongs to (rev11k finding 8: such a part's rights were only warned of).
 */
function headerOf(file: string): CsvSpec<string> | "erp" | null {
  const names = headerColumns(file);
  if (!names) return null;
  const columns = new Set(names);
  // The Export-RecipientPermissions result (erp.ts), read only in a folder of its own.
  if (columns.has(ERP_HEADER_MARK)) return "erp";
  const specs: CsvSpec<string>[] = [...REQUIRED_FILES, EXPORT_INFO];
  specs.sort((a, b) => b.required.length - a.required.length);
  return specs.find((s) => s.required.every((c) => columns.has(c.toLowerCase()))) ?? null;
}

/** What the top of --in holds. */
interface Listing {
  /** Names of the files directly in --in (a link to a file among them), sorted. */
  files: string[];
  /** Its subfolders (or links to folders) that hold nothing like an export, as "name/", sorted. */
  folders: string[];
}

/**
 * The first file under `dir` (its path relative to `dir`, "/"-separated) that looks like part of
 * an export: a .csv/.tsv, a workbook named as an export file (mailboxes.xlsx), or a file (any
 * name: a workbook's name does not make it one) whose header is an export file's or the
 * Export-RecipientPermissions result's; null when there is none within SUBFOLDER_DEPTH levels and
 * SUBFOLDER_ENTRIES entries. Hidden and system files (SYSTEM_FILE) are passed over.
 */
function exportLikeIn(dir: string, depth = 1, seen = { entries: 0 }): string | null {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir).sort();
  } catch {
    return null;
  }
  for (const name of entries) {
    if (++seen.entries > SUBFOLDER_ENTRIES) return null;
    if (SYSTEM_FILE(name)) continue;
    const full = path.join(dir, name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      const inner = depth < SUBFOLDER_DEPTH ? exportLikeIn(full, depth + 1, seen) : null;
      if (inner) return `${name}/${inner}`;
    } else if (
      stat.isFile() &&
      (CSV.test(name) ||
        SCRIPT_NAMES.has(name.toLowerCase().replace(WORKBOOK, ".csv")) ||
        headerOf(full))
    ) {
      return name;
    }
  }
  return null;
}

/** Where a link points, as written; "?" when that cannot be read. */
function linkTarget(file: string): string {
  try {
    return fs.readlinkSync(file);
  } catch {
    return "?";
  }
}

/**
 * Lists `inDir`; null when it cannot be listed. A link is taken as what it points at, so a linked
 * export file is read and a linked part is reported like any file. With `problems`, what the
 * build would otherwise pass over unseen is a problem naming it (rev11k finding 7: exit 0, not a
 * word): a subfolder holding an export-looking file (exportLikeIn: a part in part2/, a whole
 * export in a dated subfolder), since the build reads only the files directly in --in, and a
 * link that points at nothing. Other subfolders are returned for the summary warning; hidden
 * ones (.git) are passed over.
 */
function listFolder(inDir: string, problems?: Problems): Listing | null {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(inDir, { withFileTypes: true });
  } catch {
    return null;
  }
  const files: string[] = [];
  const folders: string[] = [];
  for (const e of entries) {
    if (e.isFile()) {
      files.push(e.name);
      continue;
    }
    if (SYSTEM_FILE(e.name)) continue;
    const full = path.join(inDir, e.name);
    if (!e.isDirectory() && !e.isSymbolicLink()) {
      if (problems) notAFile(e.name, full, problems);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch (err) {
      // A chain of links that comes back to itself (ELOOP) is not "a link to a file that does not
      // exist" (rev11l finding 9, la11).
      const loop = (err as NodeJS.ErrnoException).code === "ELOOP";
      problems?.add({
        file: e.name,
        message: loop
          ? `is a link to ${quoted(linkTarget(full))}, a chain of links that leads back to itself, so whatever it was to bring into ${inDir} is not read`
          : `is a link to ${quoted(linkTarget(full))}, which does not exist, so whatever it was to bring into ${inDir} is not read`,
        fix: "point the link at the file, or put the file itself in its place, or remove the link; then run the build again",
      });
      continue;
    }
    if (stat.isFile()) {
      files.push(e.name);
      continue;
    }
    if (!stat.isDirectory()) {
      if (problems) notAFile(e.name, full, problems);
      continue;
    }
    const inside = problems ? exportLikeIn(full) : null;
    if (inside)
      problems?.add({
        file: `${e.name}/`,
        message: `is a folder in ${inDir} holding ${quoted(`${e.name}/${inside}`)}, which looks like part of an export: the build reads only the files directly in --in, so rights in it would be lost`,
        fix: `move its export files up into ${inDir} (a part of the same export: append its rows, without the header line, to the file it belongs to; a whole export: pass that folder as --in instead) or remove the folder from ${inDir}; then run the build again`,
      });
    else folders.push(`${e.name}/`);
  }
  files.sort();
  folders.sort();
  return { files, folders };
}

/**
 * Names an entry of --in that is a named pipe, a device or a socket (or a link to one) under a
 * name the build would read (an export file's, any letter case, or a .csv/.tsv/.json): opening a
 * FIFO waits for a writer forever and a device never ends, so it is never opened (rev11n finding
 * 13: the build hung without a word, where validate names the same case). Other names are passed
 * over, as before.
 */
function notAFile(name: string, full: string, problems: Problems): void {
  if (!SCRIPT_NAMES.has(name.toLowerCase()) && !CSV.test(name) && !/\.json$/i.test(name)) return;
  let what = "not a regular file";
  try {
    const stat = fs.statSync(full);
    what = notFileKind(stat);
  } catch {
    // Gone or unreadable since the listing: still not a file the build can read.
  }
  const link = fs.lstatSync(full, { throwIfNoEntry: false })?.isSymbolicLink();
  problems.add({
    file: name,
    message: `is ${link ? `a link to ${quoted(linkTarget(full))}, ` : ""}${what}, not a regular file: the build reads only files (a pipe would be waited on forever), so nothing in it was read`,
    fix: `put the exported file itself in ${quoted(name)} (e.g. copy it: cp <export> ${name}), then run the build again`,
  });
}

/** How build.ts reads --in (folderKind). */
export type FolderKind =
  { kind: "script" } | { kind: "erp"; file: string } | { kind: "erpNotCsv"; file: string };

/**
 * How `inDir` is read: from Export-SendFromData.ps1's files ("script") whenever a file named as
 * one of them is there, in any letter case (Recipients.csv: the "missing" error names it, and an
 * Export-RecipientPermissions result beside them is an error naming both exports; rev11k
 * finding 3: the result was read instead of them, their rights lost, exit 0); else from the
 * Export-RecipientPermissions result ("erp": a .csv, any letter case, whose header has Grantor
 * Primary SMTP; ERP_FILE first); else "erpNotCsv" when the result is there only under another
 * extension (.txt, none: rename it, rev11k finding 9); else "script" (its files are missing).
 */
export function folderKind(inDir: string): FolderKind {
  const listing = listFolder(inDir);
  if (!listing) return { kind: "script" };
  const names = listing.files.filter((n) => !SYSTEM_FILE(n));
  if (names.some((n) => SCRIPT_NAMES.has(n.toLowerCase()))) return { kind: "script" };
  names.sort((a, b) => (a === ERP_FILE ? -1 : b === ERP_FILE ? 1 : a < b ? -1 : 1));
  const results = names.filter((n) => headerOf(path.join(inDir, n)) === "erp");
  const csv = results.find((n) => /\.csv$/i.test(n));
  if (csv) return { kind: "erp", file: csv };
  if (results.length > 0) return { kind: "erpNotCsv", file: results[0] };
  return { kind: "script" };
}

/**
 * The problem for the Export-RecipientPermissions result saved under a name that does not end in
 * .csv (`name`, e.g. "Export-RecipientPermissions_Result.txt"): the cause is the extension, the
 * fix renames it (rev11k finding 9: it was diagnosed as "beside recipients.csv").
 */
export function erpNotCsvProblem(name: string): Problem {
  const base = name.replace(/\.[^.]*$/, "") || name;
  return {
    file: name,
    message:
      "is the Export-RecipientPermissions result (its header has Grantor Primary SMTP), but its name does not end in .csv, and the build reads the result only from a .csv file: nothing in it was read",
    fix: `rename ${quoted(name)} to ${quoted(`${base}.csv`)}, then run the build again`,
  };
}

/** The files of `names` that are Export-SendFromData.ps1's by name (any letter case), quoted. */
function scriptFilesIn(names: readonly string[]): string {
  const found = names.filter((n) => SCRIPT_NAMES.has(n.toLowerCase()));
  return found.length > 0 ? found.join(", ") : "none by name";
}

/**
 * Looks at every file in an Export-SendFromData.ps1 folder (`inDir`) the build will not read,
 * and says so (rev11i finding 6):
 * - a .csv or .tsv (any letter case), or any other file whose header is an export file's (a
 *   .txt Excel saved, a part without extension; the header found as the reader finds it): a
 *   problem naming it, since rights in it would be lost ("mailbox-permissions (2).csv": merge its
 *   rows into mailbox-permissions.csv). Never read in place of or beside the file it resembles:
 *   which rows are current is the admin's call.
 * - the Export-RecipientPermissions result: a problem naming it and the script's files beside
 *   it, saying to keep one export (rev11k finding 3).
 * - an export file's name in another letter case ("Mailbox-Permissions.csv") or saved as a
 *   workbook ("mailbox-permissions.xlsx"), while the file itself is missing: returned for that
 *   file's "missing" problem (rename it; save it as CSV UTF-8). Beside the real file, a workbook
 *   is a warning, a CSV a problem (above).
 * - a subfolder holding an export-looking file, a link pointing at nothing: a problem (listFolder).
 * - anything else (README.txt, a script, a leftover *.partial of a failed export run, a folder of
 *   notes): one summary warning listing them. Hidden files, Excel's ~$ lock files, desktop.ini
 *   and Thumbs.db are passed over.
 * Returns, by export file name, what stands in for it.
 */
export function checkUnreadFiles(
  inDir: string,
  problems: Problems,
  warnings: string[]
): Map<string, InsteadOf> {
  const instead = new Map<string, InsteadOf>();
  const listing = listFolder(inDir, problems);
  if (!listing) return instead;
  const names = listing.files;
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
    const header = PARTIAL.test(name) ? null : headerOf(path.join(inDir, name));
    if (header === "erp") {
      problems.add({
        file: name,
        message: `is the Export-RecipientPermissions result (its header has Grantor Primary SMTP), beside Export-SendFromData.ps1's files (${scriptFilesIn(names)}): the build reads one export, and which is current is the admin's call, so it builds from neither; the rights in the one left out would be lost`,
        fix: `keep one export in ${inDir}: to build from Export-SendFromData.ps1's files, move ${quoted(name)} out of it; to build from the Export-RecipientPermissions result, move it into a folder of its own and pass that folder as --in; then run the build again`,
      });
      continue;
    }
    const like = header;
    // A header one required column short of an export file's (Send As rows without
    // TrusteeSidString, saved as .txt) holds that file's rows all the same: an error, never
    // "not export files" (rev11l finding 9, la03).
    const near = !like && !PARTIAL.test(name) ? nearHeaderOf(path.join(inDir, name)) : null;
    if (near) {
      problems.add({
        file: name,
        message: `is in the export folder, but the build does not read it: its header has ${near.spec.file}'s columns except ${near.missing}, so rights or recipients in it would be lost`,
        fix: `if it is part of the same export, write it again with the column ${near.missing} and append its rows, without its header line, to ${near.spec.file}; if it is an older copy, move it out of ${inDir}; then run the build again`,
      });
      continue;
    }
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
    others.push(name);
  }
  others.push(...listing.folders);
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
 * a second file with its header (a second run, a result split in parts; any name or extension)
 * is a problem naming it, since its rights would be lost; so is a file whose header is one of
 * Export-SendFromData.ps1's files' (two exports in one folder); a subfolder holding an
 * export-looking file, and a link pointing at nothing, too (listFolder). Any other file (the
 * tool's error and debug files, notes) is named in one summary warning. Hidden files and Excel's
 * lock files are passed over.
 */
export function checkUnreadErpFiles(
  inDir: string,
  erpFile: string,
  problems: Problems,
  warnings: string[],
  allowUnresolved = false
): void {
  const listing = listFolder(inDir, problems);
  if (!listing) return;
  const others: string[] = [];
  for (const name of listing.files) {
    if (name === erpFile || SYSTEM_FILE(name)) continue;
    const failed = erpErrorRows(path.join(inDir, name));
    if (failed !== null) {
      if (failed.length > 0) erpErrors(name, failed, problems, warnings, allowUnresolved);
      continue;
    }
    // Any name: a text file saved under a workbook's name is read for its header too (b06f).
    const header = headerOf(path.join(inDir, name));
    if (header === "erp") {
      problems.add({
        file: name,
        message: `is a second Export-RecipientPermissions result (its header has Grantor Primary SMTP); the build reads one, ${erpFile}, so the rights in this one would be lost`,
        fix: `if it is part of the same run, append its rows, without its header line, to ${erpFile}; if it is an older result, move it out of ${inDir}; then run the build again`,
      });
      continue;
    }
    if (header) {
      problems.add({
        file: name,
        message: `has the columns of ${header.file}, a file of Export-SendFromData.ps1, beside the Export-RecipientPermissions result ${erpFile}: the build reads one export, and which is current is the admin's call, so it builds from neither; the rights in the one left out would be lost`,
        fix: `keep one export in ${inDir}: to build from the Export-RecipientPermissions result, move ${quoted(name)} out of it; to build from Export-SendFromData.ps1's files, put them under their own names in a folder of their own and pass that folder as --in; then run the build again`,
      });
      continue;
    }
    others.push(name);
  }
  others.push(...listing.folders);
  if (others.length > 0)
    warnings.push(
      `not read (not the Export-RecipientPermissions result ${erpFile}): ${others
        .slice(0, 10)
        .map((n) => quoted(n))
        .join(", ")}${others.length > 10 ? ` and ${others.length - 10} more` : ""} in ${inDir}.`
    );
}

/** The columns of Export-RecipientPermissions' ErrorFile (lower case), in its order. */
const ERP_ERROR_HEADER = ["timestamp", "task", "taskdetail", "error"];

/**
 * The rows of Export-RecipientPermissions' error file (its -ErrorFile, by default
 * Export-RecipientPermissions_Error.csv beside the result; header "Timestamp";"Task";"TaskDetail";
 * "Error", source: the tool's own script), or null when `file` is not one. The tool writes the
 * header on every run and a row for each object it could not read: those rights are missing
 * from the result (rev11o finding 7). Never throws.
 */
function erpErrorRows(file: string): { task: string; detail: string; error: string }[] | null {
  const names = headerColumns(file);
  // Its first four columns (a later version may add more, e.g. AdditionalData).
  if (!names || names.length < ERP_ERROR_HEADER.length) return null;
  if (!ERP_ERROR_HEADER.every((c, i) => names[i] === c)) return null;
  try {
    const text = fs.readFileSync(file, "utf8").replace(/^\ufeff/, "");
    const first = text.split(/\r?\n/, 1)[0];
    const delimiter = [";", ",", "\t"].find((d) => first.includes(d)) ?? ";";
    const rows = parse(text, {
      delimiter,
      from_line: 2,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
    return rows.map((r) => ({ task: r[1] ?? "", detail: r[2] ?? "", error: r[3] ?? "" }));
  } catch {
    // Unreadable as CSV: still the tool's error file, so say that something failed.
    return [{ task: "", detail: "", error: "the error file itself could not be read as CSV" }];
  }
}

/** The problem (or, with --allow-unresolved, the warning) for an error file with rows. */
function erpErrors(
  name: string,
  failed: { task: string; detail: string; error: string }[],
  problems: Problems,
  warnings: string[],
  allowUnresolved: boolean
): void {
  const shown = failed
    .slice(0, 5)
    .map((f) => quoted(`${f.task}${f.detail ? ` ${f.detail}` : ""}: ${f.error}`.trim(), 200))
    .join(", ");
  const more = failed.length > 5 ? ` and ${failed.length - 5} more` : "";
  const what = `Export-RecipientPermissions logged ${failed.length} error(s) in ${quoted(name)}, so the rights of what it could not read are missing from the result: ${shown}${more}`;
  if (allowUnresolved) {
    warnings.push(`${what}; published without them (--allow-unresolved).`);
    return;
  }
  problems.add({
    file: name,
    message: `the export is incomplete: ${what}`,
    fix: "run Export-RecipientPermissions again (an error is most often throttling or a transient connection problem) until its error file has no row, then build again; or build with --allow-unresolved to publish without those rights (the summary names them)",
  });
}
