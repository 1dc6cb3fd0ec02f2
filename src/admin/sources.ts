// Which program wrote an input file, told from its shape, so that a fix names the step the admin
// can actually take: re-running a step of Export-SendFromData.ps1 helps nobody whose file came
// from Excel, from an on-premises Exchange server or from another tool.
import * as fs from "node:fs";
import * as path from "node:path";
import { isWide, type TextEncoding } from "./decode";
import { type Fix, MAC_CSV, OEM_CSV } from "./fixes";
import { openRegularFile } from "./open-file";

export type FileSource =
  /** admin/Export-SendFromData.ps1: every field quoted, its own header. */
  | "exportScript"
  /** An admin's own Export-Csv (other columns, a #TYPE line, -Encoding Unicode, -UseCulture...). */
  | "powershell"
  /** Saved by Excel: fields unquoted, the ANSI code page or "CSV UTF-8", the list separator. */
  | "excel"
  /** Exchange Server on-premises (Exchange Management Shell): AD canonical names and DNs. */
  | "onPremises"
  /** GruberMarkus/Export-RecipientPermissions (Export-RecipientPermissions_Result.csv). */
  | "exportRecipientPermissions"
  /** Any other tool. */
  | "otherTool";

export const SCRIPT = "admin/Export-SendFromData.ps1";

/** What a reader knows about a file once its header is read. */
export interface FileShape {
  /** File name as the admin knows it. */
  file: string;
  /** Export-SendFromData.ps1's step that writes it. */
  step: string;
  source: FileSource;
  encoding: TextEncoding;
  /** The line where the file's encoding changes (a reported problem), if it does. */
  mixedEncodingLine?: number;
  /**
   * Set when the reader found the file is not Windows-1252 though read so: the first line that
   * shows it and the code page it most likely is (csv.ts checkAnsi). Its names are garbled as
   * read, so no command is ever printed on them.
   */
  codePage?: {
    line: number;
    page: string;
    id?: string;
    /**
     * Set when the page was judged from how the file's names read (csv.ts judgeFilePage), not
     * proven by another file: the column of the value refused for it, whose problem a name
     * another file spells exactly as read in Windows-1252 takes back (h11f).
     */
    judgedColumn?: string;
  };
  /**
   * Set when the reader stopped at a row it could not parse (a field longer than a row may hold,
   * a quote never closed): that row's first line and why. The rows after it were not read, so a
   * value the file does not list may be in them.
   */
  stoppedAt?: { line: number; why: string };
  /** Excel's boolean words in another language read in the file (values.ts excelBoolean). */
  localBooleans?: string[];
}

/** Notes that a flag of `shape`'s file was one of Excel's boolean words in another language. */
export function noteLocalBoolean(shape: FileShape, words: string): void {
  const seen = (shape.localBooleans ??= []);
  if (!seen.includes(words)) seen.push(words);
}

export interface ShapeHints {
  header: string[];
  /** The header's first field was quoted in the file. */
  quoted: boolean;
  typeLine: boolean;
  encoding: TextEncoding;
  bom: boolean;
  delimiter: string;
  /** The columns Export-SendFromData.ps1 writes into this file (any order). */
  scriptColumns: readonly string[];
  /** The folder holds the script's export-info.csv (hasScriptMarker). */
  scriptProven: boolean;
}

/**
 * Whether the export folder proves that Export-SendFromData.ps1 wrote it: the script, and only
 * it, writes export-info.csv with a GeneratedAt column (its "Export info" step). A folder
 * without it may hold files from Excel, an on-premises server or any other tool, so fixes must
 * not send the admin back to the script's steps. Never throws.
 */
export function hasScriptMarker(inDir: string): boolean {
  try {
    const fd = openRegularFile(path.join(inDir, "export-info.csv"));
    try {
      const head = Buffer.alloc(4096);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      const first = head
        .subarray(0, n)
        .toString("utf8")
        .replace(/^\ufeff/, "")
        .split(/\r\n|\r|\n/)[0];
      return first
        .split(/[,;\t]/)
        .some((c) => c.trim().replace(/^"|"$/g, "").toLowerCase() === "generatedat");
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * Tells the source from the header and the bytes. Export-Csv quotes every field (Windows
 * PowerShell 5.1 always; PowerShell 7 by default); Excel quotes none it need not; Excel's plain
 * "CSV" is in the ANSI code page with the locale's list separator; a "#TYPE" first line is
 * Windows PowerShell's Export-Csv without -NoTypeInformation.
 */
export function detectSource(h: ShapeHints): FileSource {
  if (h.header.some((c) => c.trim().toLowerCase() === "grantor primary smtp"))
    return "exportRecipientPermissions";
  if (h.typeLine) return "powershell";
  // Excel's "Unicode Text" save is UTF-16 LE, tab-separated and unquoted; Export-Csv -Encoding
  // Unicode (or UTF32, which only Export-Csv writes here) quotes every field (rev11c finding 18).
  if (isWide(h.encoding)) return !h.quoted && h.delimiter === "\t" ? "excel" : "powershell";
  if (!h.quoted) {
    if (h.encoding === "windows-1252" || h.bom || h.delimiter !== ",") return "excel";
    return "otherTool";
  }
  const known = new Set(h.scriptColumns.map((c) => c.toLowerCase()));
  const ours = h.header.every((c) => known.has(c.trim().toLowerCase()));
  if (ours && h.delimiter === "," && h.encoding === "utf-8")
    // The script's own shape, but only export-info.csv proves the script wrote it.
    return h.scriptProven ? "exportScript" : "otherTool";
  return "powershell";
}

/**
 * The cmdlet whose output each input file is (Get-Recipient for recipients.csv...), for examples
 * of how a file got its shape; "Get-Recipient" for a name it does not know.
 */
export function cmdletFor(file: string): string {
  const f = file.toLowerCase();
  if (f.startsWith("mailboxes")) return "Get-Mailbox";
  if (f.startsWith("mailbox-permissions")) return "Get-MailboxPermission";
  if (f.startsWith("recipient-permissions")) return "Get-RecipientPermission";
  if (f.startsWith("group-members")) return "Get-DistributionGroupMember";
  if (f.startsWith("groups")) return "Get-Group";
  return "Get-Recipient";
}

/**
 * A fix for a problem in a file, addressed to whatever wrote it, phrased for the kind of change
 * (fixes.ts FixKind): a change to the exporting command goes to the command or tool that wrote
 * the file; a change in Exchange reads as its own instruction followed by exporting the file
 * again (rev11 finding 5); an encoding fix names the UTF-8 setting of that writer; a file that is
 * not the CSV its writer makes is written again by it. Only a file the folder proves the script
 * wrote (source "exportScript", export-info.csv) names the script. Without `fix`, "export the
 * file again". Always names the file; one sentence without a final full stop.
 */
export function fixFor(shape: FileShape, fix: Fix = { kind: "again", what: "" }): string {
  const { file, step } = shape;
  const rerunStep = `re-run the "${step}" step of ${SCRIPT}`;
  switch (fix.kind) {
    case "exchange": {
      const again =
        shape.source === "exportScript"
          ? `${rerunStep}, which writes ${file} again`
          : shape.source === "excel"
            ? `export ${file} again (keep it as PowerShell writes it, or save it from Excel as "CSV UTF-8 (Comma delimited)")`
            : shape.source === "powershell"
              ? `export ${file} again (Export-Csv -NoTypeInformation -Encoding UTF8)`
              : shape.source === "exportRecipientPermissions"
                ? `run Export-RecipientPermissions again, which writes ${file} again`
                : shape.source === "onPremises"
                  ? `export ${file} again in the Exchange Management Shell`
                  : `export ${file} again`;
      return `${fix.what}, then ${again}`;
    }
    case "encoding":
      // Excel for Mac's plain "Comma Separated Values" writes Mac Roman, whatever the source
      // looked like; its own UTF-8 format is the fix. Source: Microsoft, "Import or export text
      // (.txt or .csv) files" (Excel for Mac).
      if (fix.what === MAC_CSV)
        return `${file} is in Mac Roman, which Excel for Mac's plain "Comma Separated Values (.csv)" writes: ${MAC_CSV}, or use the export as PowerShell wrote it`;
      // A DOS (OEM) code page is no Excel or Export-Csv output, whatever the file's shape.
      if (fix.what === OEM_CSV) return `${file} is in a DOS (OEM) code page: ${OEM_CSV}`;
      switch (shape.source) {
        case "exportScript":
          return `${rerunStep}, which writes ${file} with Export-Csv -NoTypeInformation -Encoding UTF8, and do not open and save the file again in another program`;
        case "powershell":
          // The reason matches how the file was read (rev11c finding 19): ANSI, or ASCII.
          return shape.encoding === "windows-1252"
            ? `export ${file} again with Export-Csv -NoTypeInformation -Encoding UTF8, or save it from Excel as "CSV UTF-8 (Comma delimited)" (Windows PowerShell's -Encoding Default and Excel's plain "CSV" write the ANSI code page, which turns letters outside it into "?" and writes others in bytes that do not name the code page)`
            : `export ${file} again with Export-Csv -NoTypeInformation -Encoding UTF8 (Windows PowerShell's Export-Csv writes ASCII by default, which turns letters outside it into "?")`;
        case "excel":
          return `${file} was saved by Excel: save it as "CSV UTF-8 (Comma delimited)" (Excel's plain "CSV" uses the ANSI code page, which turns letters outside it into "?"), or use the export as PowerShell wrote it`;
        case "onPremises":
          return `export ${file} again in the Exchange Management Shell with Export-Csv -NoTypeInformation -Encoding UTF8`;
        case "exportRecipientPermissions":
          return `run Export-RecipientPermissions again and use ${file} as it writes it (UTF-8), not saved again by another program`;
        default:
          return `write ${file} again in UTF-8 (e.g. Export-Csv -NoTypeInformation -Encoding UTF8, or Excel's "CSV UTF-8")`;
      }
    case "format":
      // Export-Csv and the tools below always write valid CSV: the file was changed after.
      switch (shape.source) {
        case "exportScript":
          return `${rerunStep}, which writes ${file} so that ${fix.what}, and do not edit the file`;
        case "powershell":
        case "onPremises":
          return `export ${file} again with Export-Csv -NoTypeInformation -Encoding UTF8, which writes it so that ${fix.what}, and do not edit the file by hand or in a tool that rewrites it`;
        case "excel":
          return `${file} was saved by Excel: use the export as PowerShell wrote it, or save it from Excel as "CSV UTF-8 (Comma delimited)", so that ${fix.what}`;
        case "exportRecipientPermissions":
          return `run Export-RecipientPermissions again and use ${file} as it writes it, so that ${fix.what}`;
        default:
          return `write ${file} again with the tool that wrote it, so that ${fix.what}`;
      }
    case "again":
    case "command": {
      const what = fix.kind === "command" ? fix.what : "";
      switch (shape.source) {
        case "exportScript":
          return what
            ? `${what}; ${file} came from ${SCRIPT}: re-run its "${step}" step with the current script`
            : `${rerunStep}, which writes ${file} with Export-Csv -NoTypeInformation -Encoding UTF8`;
        case "powershell":
          return what
            ? `in the PowerShell command that wrote ${file}, ${what} (Export-Csv -NoTypeInformation -Encoding UTF8)`
            : `export ${file} again with the PowerShell command that wrote it (Export-Csv -NoTypeInformation -Encoding UTF8)`;
        case "excel":
          return `${file} was saved by Excel: ${what ? `in the command that made the export Excel opened, ${what}, then ` : ""}use the export as that command wrote it, or save it from Excel as "CSV UTF-8 (Comma delimited)" (Excel's plain "CSV" uses the ANSI code page and may change values)`;
        case "onPremises":
          return `${file} comes from Exchange on-premises (Exchange Management Shell): ${what ? `${what} there` : "export it again"}, or export it from Exchange Online (the add-in sends through Exchange Online and needs its rights)`;
        case "exportRecipientPermissions":
          return `${file} was written by Export-RecipientPermissions: ${what || "run it again and use its result as written, not edited"} (with ExportMailboxAccessRights, ExportSendAs and ExportSendOnBehalf)`;
        default:
          // Nothing proves which tool wrote the file (no export-info.csv): name none.
          return what
            ? `in the tool that wrote ${file}, ${what}`
            : `export ${file} again with the tool that wrote it`;
      }
    }
  }
}

/**
 * Why a file read as Windows-1252 is in `page` (decode.ts's name for it): Mac Roman is what Excel
 * for Mac's plain CSV writes (rev11d finding 19); any other page is a non-Western Windows' ANSI
 * code page. One clause, no full stop.
 */
export function ansiPageCause(file: string, page: string): string {
  if (page.startsWith("Mac Roman"))
    return `${file} was saved by Excel for Mac as plain CSV, which writes Mac Roman`;
  if (page.includes("OEM"))
    return `${file} was written in the console's DOS (OEM) code page (cmd's ">" redirection, csvde)`;
  return `${file} was saved in the ANSI code page of a non-Western Windows`;
}

/**
 * Exchange on-premises shows itself in the first data row: a distinguished name outside
 * Exchange Online's forest (DC=...PROD,DC=OUTLOOK,DC=COM) or a canonical-name Identity of an
 * AD domain ("contoso.local/Users/Alex") rather than Exchange Online's "NAMPR.../Microsoft
 * Exchange Hosted Organizations/...".
 */
export function looksOnPremises(identity: string, distinguishedName: string): boolean {
  const dn = distinguishedName.toLowerCase();
  if (dn.includes("dc=")) return !dn.includes("dc=outlook,dc=com");
  const slash = identity.indexOf("/");
  return (
    slash > 0 &&
    !identity.includes("Microsoft Exchange Hosted Organizations") &&
    identity.slice(0, slash).includes(".")
  );
}

/**
 * The fix for text mis-decoded because a file mixes encodings (or was re-saved as ANSI after it
 * was read as ANSI): the whole file written again in one encoding. Which program wrote which
 * part is not known, so none is named unless export-info.csv proves the script wrote the file;
 * the cmdlet whose output the file is serves as the example.
 */
export function oneEncodingFix(shape: FileShape): string {
  // Even under the script's header: a second program appended or re-saved part of it, so which
  // one to run again is not known; the cmdlet whose output the file is says what to write.
  return `write the whole of ${shape.file} again with one program, in one encoding (UTF-8), not appended to or re-saved by another (e.g. ${cmdletFor(shape.file)} ... | Export-Csv -NoTypeInformation -Encoding UTF8 writes it whole)`;
}
