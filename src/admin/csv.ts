import { parse } from "csv-parse";
import { isUtf8 } from "node:buffer";
import * as fs from "node:fs";
import { Problems } from "./problems";
import { isDotNetTypeName } from "./values";

/** One export file: its name, the export step that writes it, and the columns read from it. */
export interface CsvSpec<K extends string> {
  file: string;
  /** How admin/Export-SendFromData.ps1 names the step that writes this file. */
  step: string;
  required: readonly K[];
  optional: readonly K[];
}

/** Index of each named column in a row; -1 when an optional column is absent. */
export type Columns<K extends string> = Record<K, number>;

export type RowHandler = (fields: string[], line: number) => void;

export interface ReadProgress {
  (bytesRead: number, rows: number): void;
}

/** A field longer than this is almost certainly a quote that is never closed. */
const MAX_RECORD_CHARS = 4 * 1024 * 1024;
const SCRIPT = "admin/Export-SendFromData.ps1";

export function exportFix<K extends string>(spec: CsvSpec<K>): string {
  return `re-run the "${spec.step}" step of ${SCRIPT}, which writes ${spec.file} with Export-Csv -NoTypeInformation -Encoding UTF8`;
}

interface Sniffed {
  empty: boolean;
  utf16: boolean;
  /** Windows PowerShell 5.1 without -NoTypeInformation writes "#TYPE ..." before the header. */
  typeLine: boolean;
  delimiter: string;
}

/** Looks at the first bytes only: encoding, a #TYPE line, and the separator of the header. */
function sniff(path: string): Sniffed {
  const fd = fs.openSync(path, "r");
  try {
    const head = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    const bytes = head.subarray(0, n);
    const utf16 =
      n >= 2 &&
      ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    let text = bytes.toString("utf8");
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const typeLine = text.startsWith("#TYPE");
    const lines = text.split(/\r?\n/);
    const header = (typeLine ? lines[1] : lines[0]) ?? "";
    // Export-Csv -UseCulture writes the locale's list separator (";" in much of Europe).
    let delimiter = ",";
    if (!header.includes(",")) {
      if (header.includes(";")) delimiter = ";";
      else if (header.includes("\t")) delimiter = "\t";
    }
    return { empty: text.trim() === "" && !utf16, utf16, typeLine, delimiter };
  } finally {
    fs.closeSync(fd);
  }
}

function parserProblemText(code: string): { message: string; fix: string } {
  switch (code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
      return {
        message: "this row has a different number of fields than the header",
        fix: "re-export the file; do not edit it in a tool that drops or adds separators",
      };
    case "CSV_MAX_RECORD_SIZE":
      return {
        message: "a field here runs on for more than 4 MB: probably a quote that is never closed",
        fix: "re-export the file with Export-Csv, which quotes every field and doubles inner quotes",
      };
    default:
      return {
        message: "quotes are not balanced: this is not valid CSV",
        fix: "re-export the file with Export-Csv, which quotes every field and doubles inner quotes",
      };
  }
}

/**
 * Streams one CSV export through csv-parse: any column order, extra columns ignored, UTF-8 with
 * or without BOM, CRLF or LF, quoted fields. Problems (missing columns, .NET type names, bad
 * encoding, broken quoting) are added with file and line; rows with a problem are not passed on.
 * `start` receives the column indices and returns the row handler, so handlers index arrays
 * rather than build an object per row.
 */
export function readCsv<K extends string>(
  path: string,
  spec: CsvSpec<K>,
  problems: Problems,
  start: (columns: Columns<K>, header: string[]) => RowHandler,
  progress?: ReadProgress
): Promise<number> {
  let sniffed: Sniffed;
  try {
    sniffed = sniff(path);
  } catch (e) {
    problems.add({
      file: spec.file,
      message: `cannot read the file (${e instanceof Error ? e.message : String(e)})`,
      fix: exportFix(spec),
    });
    return Promise.resolve(0);
  }
  if (sniffed.utf16) {
    problems.add({
      file: spec.file,
      line: 1,
      message: "the file is UTF-16 (Unicode), not UTF-8",
      fix: `${exportFix(spec)} (Export-Csv -Encoding Unicode writes UTF-16)`,
    });
    return Promise.resolve(0);
  }
  if (sniffed.empty) {
    problems.add({
      file: spec.file,
      line: 1,
      message: "the file is empty: there is no header line",
      fix: exportFix(spec),
    });
    return Promise.resolve(0);
  }

  return new Promise((resolve) => {
    const input = fs.createReadStream(path, { highWaterMark: 1024 * 1024 });
    const parser = parse({
      bom: true,
      delimiter: sniffed.delimiter,
      from_line: sniffed.typeLine ? 2 : 1,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
    });
    let rows = 0;
    let handler: RowHandler | null = null;
    let checked: number[] = [];
    let names: string[] = [];
    const reportedColumns = new Set<number>();
    let reportedEncoding = false;
    // Fields are searched for U+FFFD (what undecodable bytes become) only once a chunk of the
    // file failed a fast UTF-8 check: scanning every field of a 200 MB export costs too much.
    let suspectEncoding = false;
    let carry: Buffer | null = null;
    input.on("data", (chunk: Buffer | string) => {
      if (suspectEncoding || typeof chunk === "string") return;
      let bytes = carry ? Buffer.concat([carry, chunk]) : chunk;
      // Keep back an incomplete sequence at the end of the chunk for the next one.
      let cut = bytes.length;
      for (let k = 1; k <= 3 && k <= bytes.length; k++) {
        const b = bytes[bytes.length - k];
        if ((b & 0xc0) === 0x80) continue;
        if (b >= 0xc0) cut = bytes.length - k;
        break;
      }
      carry = cut < bytes.length ? Buffer.from(bytes.subarray(cut)) : null;
      bytes = bytes.subarray(0, cut);
      if (!isUtf8(bytes)) suspectEncoding = true;
    });
    input.on("end", () => {
      if (carry && !isUtf8(carry)) suspectEncoding = true;
    });
    let finished = false;

    const finish = () => {
      if (finished) return;
      finished = true;
      input.destroy();
      parser.destroy();
      resolve(rows);
    };

    const onHeader = (header: string[], line: number): boolean => {
      const index = new Map<string, number>();
      header.forEach((name, i) => {
        const key = name.trim().toLowerCase();
        if (!index.has(key)) index.set(key, i);
      });
      const columns = {} as Columns<K>;
      const missing: K[] = [];
      for (const name of spec.required) {
        const i = index.get(name.toLowerCase());
        if (i === undefined) missing.push(name);
        columns[name] = i ?? -1;
      }
      for (const name of spec.optional) columns[name] = index.get(name.toLowerCase()) ?? -1;
      if (missing.length > 0) {
        const oneColumn = header.length === 1 && /[;,\t|]/.test(header[0]);
        for (const name of missing) {
          problems.add({
            file: spec.file,
            line,
            column: name,
            message: oneColumn
              ? `column ${name} not found: the header is one single field, so the separator is not a comma`
              : `column ${name} is missing (the header has: ${header.slice(0, 12).join(", ")}${header.length > 12 ? ", ..." : ""})`,
            fix: exportFix(spec),
          });
        }
        return false;
      }
      checked = Object.values<number>(columns).filter((i) => i >= 0);
      names = header;
      handler = start(columns, header);
      return true;
    };

    /** A row whose used fields hold a .NET type name or undecodable bytes is reported, not used. */
    const rowProblem = (fields: string[], line: number): boolean => {
      let bad = false;
      for (const i of checked) {
        const value = fields[i];
        if (isDotNetTypeName(value)) {
          bad = true;
          if (!reportedColumns.has(i)) {
            reportedColumns.add(i);
            problems.add({
              file: spec.file,
              line,
              column: names[i],
              message: `holds the .NET type name "${value.slice(0, 120)}" instead of values (Export-Csv cannot write lists)`,
              fix: `join the values before exporting, e.g. Select-Object @{Name='${names[i]}';Expression={$_.${names[i]} -join ';'}}, as ${SCRIPT} does`,
            });
          }
        } else if (suspectEncoding && !reportedEncoding && value.includes("\ufffd")) {
          bad = true;
          reportedEncoding = true;
          problems.add({
            file: spec.file,
            line,
            column: names[i],
            message:
              "the text is not valid UTF-8 (was the file saved by Excel or exported without -Encoding UTF8?)",
            fix: exportFix(spec),
          });
        }
      }
      return bad;
    };

    parser.on("data", (fields: string[]) => {
      if (finished) return;
      const line = parser.info.lines;
      if (!handler) {
        if (!onHeader(fields, line)) finish();
        return;
      }
      if (rowProblem(fields, line)) {
        if (problems.full) finish();
        return;
      }
      rows++;
      handler(fields, line);
      if (problems.full) return finish();
      if (progress && (rows & 8191) === 0) progress(input.bytesRead, rows);
    });
    parser.on("error", (err: Error & { code?: string; lines?: number }) => {
      if (finished) return;
      const text = parserProblemText(err.code ?? "");
      problems.add({
        file: spec.file,
        line: typeof err.lines === "number" ? err.lines : parser.info.lines,
        ...text,
      });
      finish();
    });
    parser.on("end", () => {
      if (!handler && !finished) {
        problems.add({
          file: spec.file,
          line: 1,
          message: "the file has no header line",
          fix: exportFix(spec),
        });
      }
      if (progress) progress(input.bytesRead, rows);
      finish();
    });
    input.on("error", (err) => {
      if (finished) return;
      problems.add({
        file: spec.file,
        message: `cannot read the file (${err.message})`,
        fix: exportFix(spec),
      });
      finish();
    });
    input.pipe(parser);
  });
}
