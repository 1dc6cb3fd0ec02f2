// Reading the text encodings admins' exports come in, so csv-parse always sees UTF-8.
//   - UTF-8 with or without BOM: Export-Csv -Encoding UTF8 (BOM in Windows PowerShell 5.1, none in 7).
//   - UTF-16 LE/BE with BOM: Export-Csv -Encoding Unicode / BigEndianUnicode, and Out-File's
//     default in Windows PowerShell 5.1.
//   - Windows-1252 (the ANSI code page of Western-European Windows): Excel's "CSV (Comma
//     delimited)", and Export-Csv -Encoding Default in Windows PowerShell 5.1.
// Decoding is iconv-lite's; this module only decides which decoder and notices a file whose
// encoding changes part-way (two exports appended to one another, or a file edited in two tools).
import { isAscii, isUtf8 } from "node:buffer";
import * as fs from "node:fs";
import { Transform, TransformCallback } from "node:stream";
import * as iconv from "iconv-lite";

export type TextEncoding =
  "utf-8" | "utf-16le" | "utf-16be" | "utf-32le" | "utf-32be" | "windows-1252";

/** Whether `encoding` is UTF-16 or UTF-32: every ASCII character has NUL bytes in it. */
export function isWide(encoding: TextEncoding): boolean {
  return encoding !== "utf-8" && encoding !== "windows-1252";
}

/** What the first bytes of a file say: its encoding (so far) and how long its BOM is. */
export interface EncodingGuess {
  encoding: TextEncoding;
  /** True when there was a byte order mark. */
  bom: boolean;
  /** True when the start held only ASCII: UTF-8 and Windows-1252 are not told apart yet. */
  undecided: boolean;
}

/** Where a file's encoding changed: its byte offset and the two encodings. */
export interface EncodingChange {
  offset: number;
  from: TextEncoding;
  to: TextEncoding;
}

/** Length of the complete UTF-8 sequences at the start of `bytes` (an incomplete tail is kept back). */
function completeLength(bytes: Buffer): number {
  for (let k = 1; k <= 3 && k <= bytes.length; k++) {
    const b = bytes[bytes.length - k];
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > k ? bytes.length - k : bytes.length;
    }
    break;
  }
  return bytes.length;
}

/** Length of the valid UTF-8 multi-byte sequence at `i` (0 when there is none). */
function utf8SequenceAt(bytes: Buffer, i: number): number {
  const b = bytes[i];
  const need =
    b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (need === 0 || i + need > bytes.length) return 0;
  for (let k = 1; k < need; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return 0;
  return need;
}

/**
 * Index of the first byte that is not valid UTF-8, and whether a valid multi-byte sequence came
 * before it on an earlier line. A sequence on the invalid byte's own line is no evidence of UTF-8:
 * a name in a double-byte code page (GBK's "山田" is C9 BD CC EF) often begins with a pair that is
 * well-formed UTF-8 by chance (rev11o finding 12: one GBK name was "mixes encodings").
 */
function firstInvalid(bytes: Buffer): { at: number; utf8Before: boolean } {
  let utf8Before = false;
  let inLine = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) {
      if (b === 0x0a || b === 0x0d) {
        utf8Before ||= inLine;
        inLine = false;
      }
      continue;
    }
    const n = utf8SequenceAt(bytes, i);
    if (n === 0) return { at: i, utf8Before };
    inLine = true;
    i += n - 1;
  }
  return { at: -1, utf8Before: utf8Before || inLine };
}

/**
 * Index of the first valid UTF-8 multi-byte sequence on a line that is valid UTF-8 as a whole, or
 * -1: in a file read as Windows-1252, a pair that happens to be well-formed UTF-8 inside a line of
 * another code page is not UTF-8 text (see firstInvalid).
 */
function firstUtf8Line(bytes: Buffer): number {
  let lineStart = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a && bytes[i] !== 0x0d) continue;
    const line = bytes.subarray(lineStart, i);
    if (!isAscii(line) && isUtf8(line)) {
      for (let k = 0; k < line.length; k++) if (line[k] >= 0x80) return lineStart + k;
    }
    lineStart = i + 1;
  }
  return -1;
}

/**
 * Guesses the encoding from the first bytes: a BOM decides; else UTF-16 without BOM shows as
 * NUL bytes in every other position; else valid UTF-8 with letters outside ASCII is UTF-8, and
 * anything else outside ASCII is Windows-1252. Pure ASCII stays undecided until a later byte says.
 */
export function guessEncoding(head: Buffer): EncodingGuess {
  // UTF-32's BOMs first: FF FE 00 00 also starts like UTF-16 LE's (Export-Csv -Encoding UTF32
  // writes UTF-32 LE with BOM; rev11d finding 9). Source: Unicode Standard, "Byte Order Mark".
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0)
    return { encoding: "utf-32le", bom: true, undecided: false };
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff)
    return { encoding: "utf-32be", bom: true, undecided: false };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe)
    return { encoding: "utf-16le", bom: true, undecided: false };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff)
    return { encoding: "utf-16be", bom: true, undecided: false };
  const bom = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  if (!bom && head.length >= 4) {
    const n = Math.min(head.length, 512) & ~1;
    let even = 0;
    let odd = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) even++;
      if (head[i + 1] === 0) odd++;
    }
    // The pattern starts at the first byte: UTF-16 appended after 8-bit lines is a change of
    // encoding (DecodeStream), not a UTF-16 file.
    if (odd > n / 4 && even === 0 && head[1] === 0)
      return { encoding: "utf-16le", bom: false, undecided: false };
    if (even > n / 4 && odd === 0 && head[0] === 0)
      return { encoding: "utf-16be", bom: false, undecided: false };
  }
  let body = head.subarray(bom ? 3 : 0, completeLength(head));
  // UTF-16 appended later says nothing about the 8-bit part's encoding (DecodeStream reports it).
  const wide = utf16Start(body);
  if (wide) body = body.subarray(0, wide.at);
  if (isAscii(body)) return { encoding: "utf-8", bom, undecided: true };
  if (isUtf8(body)) return { encoding: "utf-8", bom, undecided: false };
  const { at, utf8Before } = firstInvalid(body);
  // Valid UTF-8 before the first invalid byte: a UTF-8 file that changes later (told by the stream).
  if (utf8Before && at >= 0) return { encoding: "utf-8", bom, undecided: false };
  return { encoding: "windows-1252", bom, undecided: false };
}

/**
 * Where UTF-16 text starts in 8-bit bytes (UTF-8, ASCII, ANSI): the start of the line that holds
 * the first NUL byte, when that line has NULs in every other byte, as UTF-16 gives ASCII letters
 * (what Windows PowerShell 5.1's `>>` / Out-File -Append writes after a UTF-8 export; rev11c
 * finding 10). Null when there is no NUL or the NULs are not UTF-16's pattern (binary data).
 */
export function utf16Start(bytes: Buffer): { at: number; encoding: TextEncoding } | null {
  const nul = bytes.indexOf(0);
  if (nul < 0) return null;
  const at = bytes.lastIndexOf(0x0a, nul) + 1;
  let i = at;
  if ((bytes[i] === 0xff && bytes[i + 1] === 0xfe) || (bytes[i] === 0xfe && bytes[i + 1] === 0xff))
    i += 2;
  const end = Math.min(bytes.length, i + 64);
  let even = 0;
  let odd = 0;
  for (let k = i; k + 1 < end; k += 2) {
    if (bytes[k] === 0) even++;
    if (bytes[k + 1] === 0) odd++;
  }
  const units = Math.floor((end - i) / 2);
  if (units < 2) return null;
  if (odd * 2 >= units && even === 0) return { at, encoding: "utf-16le" };
  if (even * 2 >= units && odd === 0) return { at, encoding: "utf-16be" };
  return null;
}

/**
 * Where 8-bit text starts in UTF-16 bytes, and its encoding: an ASCII/UTF-8 line (cmd's
 * `echo ... >>`, Add-Content -Encoding UTF8) or a Windows-1252 one (Windows PowerShell 5.1's
 * Add-Content writes the ANSI code page by default, so "Jürgen" comes as FC; rev11d finding 10).
 * It is the first line, between two LF bytes, with no NUL at all, that is text (no control byte
 * but tab and CR, and at least half of it printable ASCII, as CSV lines of names are) and holds
 * a quote, comma, semicolon or tab (every line of a UTF-16 CSV holds NULs: its separators and
 * line ends are ASCII characters). Null when there is none. Lines that cross `bytes`' end are
 * not looked at. Source of the Add-Content default: Microsoft, "about_Character_Encoding".
 */
export function eightBitStart(
  bytes: Buffer,
  encoding: TextEncoding
): { at: number; encoding: TextEncoding } | null {
  let from = bytes.indexOf(0x0a);
  while (from >= 0) {
    let start = from + 1;
    // UTF-16 LE's LF is 0A 00: its NUL is the first byte after the 0A.
    if (encoding === "utf-16le" && bytes[start] === 0) start++;
    const next = bytes.indexOf(0x0a, start);
    if (next < 0) return null;
    const line = bytes.subarray(start, next);
    if (line.length >= 4 && !line.includes(0) && isTextLine(line))
      return { at: start, encoding: isUtf8(line) ? "utf-8" : "windows-1252" };
    from = next;
  }
  return null;
}

/** Whether 8-bit bytes read as a CSV line: no control byte but tab/CR, mostly ASCII, a separator. */
function isTextLine(line: Buffer): boolean {
  const latin = line.toString("latin1");
  // eslint-disable-next-line no-control-regex -- control bytes other than tab and CR: not text
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(latin) || !/[",;\t]/.test(latin))
    return false;
  let ascii = 0;
  for (const b of line) if (b >= 0x20 && b < 0x7f) ascii++;
  return ascii * 2 >= line.length;
}

/**
 * A stream that turns the file's bytes into UTF-8 for csv-parse. UTF-8 passes through untouched
 * (the fast path: one native ASCII/UTF-8 check per chunk); the others are decoded by iconv-lite.
 * A file that starts as ASCII and meets its first non-UTF-8 byte is Windows-1252 from the start
 * (ASCII is the same in both), reported through `onDecided`; a file that changes encoding after
 * letters outside ASCII were read one way is reported through `onChange`.
 */

/**
 * A streaming decoder for `encoding`: iconv-lite's, but Windows-1252 through decodeWindows1252
 * (a single-byte code page needs no state between chunks), so its five undefined bytes read as
 * .NET reads them, never as U+FFFD.
 */
function decoderFor(encoding: TextEncoding): {
  write(bytes: Buffer): string;
  end(): string | undefined;
} {
  if (encoding === "windows-1252") return { write: decodeWindows1252, end: () => undefined };
  return iconv.getDecoder(encoding);
}

export class DecodeStream extends Transform {
  private encoding: TextEncoding;
  private undecided: boolean;
  private offset = 0;
  private carry: Buffer | null = null;
  private changed = false;
  /** A change to or from UTF-16 was met: the rest cannot be read as this file's text. */
  private stopped = false;
  private decoder: { write(bytes: Buffer): string; end(): string | undefined } | null = null;

  constructor(
    guess: EncodingGuess,
    private readonly onDecided: (encoding: TextEncoding) => void,
    private readonly onChange: (change: EncodingChange) => void
  ) {
    super();
    this.encoding = guess.encoding;
    this.undecided = guess.undecided;
    if (this.encoding !== "utf-8") this.decoder = decoderFor(this.encoding);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.stopped) return done();
    // UTF-16 appended to 8-bit text or the reverse (rev11c finding 10): the text before the
    // change is read, the change reported with its offset, the rest not passed on (its rows
    // would only add untrue problems).
    // UTF-32 (Export-Csv -Encoding UTF32) is read whole: no tool appends 8-bit text to it.
    const wide = this.encoding === "utf-16le" || this.encoding === "utf-16be";
    const other = wide
      ? eightBitStart(chunk, this.encoding)
      : isWide(this.encoding)
        ? null
        : utf16Start(chunk);
    if (other !== null) {
      const { at, encoding: to } = other;
      this.change(this.offset + at, to);
      this.stopped = true;
      chunk = chunk.subarray(0, at);
    }
    const start = this.offset - (this.carry?.length ?? 0);
    this.offset += chunk.length;
    if (this.decoder) {
      if (this.encoding === "windows-1252" && !this.changed && !isAscii(chunk)) {
        const at = firstUtf8Line(chunk);
        if (at >= 0) this.change(this.offset - chunk.length + at, "utf-8");
      }
      const text = this.decoder.write(chunk);
      if (text) this.push(Buffer.from(text, "utf8"));
      return done();
    }
    let bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    if (isAscii(bytes)) {
      this.push(bytes);
      return done();
    }
    const cut = completeLength(bytes);
    if (cut < bytes.length) {
      this.carry = Buffer.from(bytes.subarray(cut));
      bytes = bytes.subarray(0, cut);
    }
    if (isUtf8(bytes)) {
      this.undecided = false;
      this.push(bytes);
      return done();
    }
    const { at, utf8Before } = firstInvalid(bytes);
    if (this.undecided && !utf8Before) {
      // Only ASCII so far: the whole file is Windows-1252.
      this.undecided = false;
      this.encoding = "windows-1252";
      this.onDecided("windows-1252");
    } else {
      this.change(start + at, "windows-1252");
    }
    this.push(bytes.subarray(0, at));
    this.decoder = decoderFor("windows-1252");
    this.encoding = "windows-1252";
    const rest = bytes.subarray(at);
    if (this.carry) {
      // Undecodable as UTF-8 anyway: decode the held-back tail with the rest.
      this.push(Buffer.from(this.decoder.write(Buffer.concat([rest, this.carry])), "utf8"));
      this.carry = null;
    } else {
      this.push(Buffer.from(this.decoder.write(rest), "utf8"));
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.carry) {
      // A file that ends inside a UTF-8 sequence: what is left is not UTF-8.
      if (!this.changed && !this.undecided)
        this.change(this.offset - this.carry.length, "windows-1252");
      this.push(Buffer.from(decodeWindows1252(this.carry), "utf8"));
    }
    const tail = this.decoder?.end();
    if (tail) this.push(Buffer.from(tail, "utf8"));
    done();
  }

  private change(offset: number, to: TextEncoding): void {
    if (this.changed) return;
    this.changed = true;
    this.onChange({ offset, from: this.encoding, to });
  }
}

/** The 1-based line that holds byte `offset` of a file (read again: only on the failure path). */
export function lineAtOffset(path: string, offset: number): number {
  let line = 1;
  const fd = fs.openSync(path, "r");
  try {
    const buf = Buffer.alloc(1024 * 1024);
    let pos = 0;
    while (pos < offset) {
      const n = fs.readSync(fd, buf, 0, Math.min(buf.length, offset - pos), pos);
      if (n <= 0) break;
      for (let i = 0; i < n; i++) if (buf[i] === 10) line++;
      pos += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return line;
}

/** How the summary names an encoding. */
export const ENCODING_NAME: Readonly<Record<TextEncoding, string>> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16 LE (Unicode)",
  "utf-16be": "UTF-16 BE (big-endian Unicode)",
  "utf-32le": "UTF-32 LE",
  "utf-32be": "UTF-32 BE",
  "windows-1252": "Windows-1252 (ANSI)",
};

/**
 * The text a value was before it was mis-decoded, when it is UTF-8 read as Windows-1252
 * ("JÃ¼rgen WeiÃŸ" is "Jürgen Weiß", "å±±ç”° å¤ªéƒŽ" is "山田 太郎"): its Windows-1252 bytes are
 * valid UTF-8 with letters outside ASCII. This happens in a file that mixes encodings (the part
 * after the change is read with the first part's decoder) and in a UTF-8 file opened as ANSI in
 * Excel and saved again. Null when the value is not such text. Decoding is iconv-lite's.
 */
export function misDecodedUtf8(value: string): string | null {
  if (!/[\u0080-\u00ff\u0152-\u2122]/.test(value)) return null;
  const bytes = windows1252Bytes(value);
  if (bytes === null || isAscii(bytes) || !isUtf8(bytes)) return null;
  return bytes.toString("utf8");
}

/**
 * A value's bytes in Windows-1252 as Windows and .NET read them: the five bytes the code page
 * leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) were read as U+0081 ... U+009D (.NET's
 * Encoding.GetEncoding(1252), and ISO-8859-1 for all of 0x80-0x9F), and they occur in UTF-8 ("Á"
 * is C3 81, "Ý" C3 9D, many CJK letters): each U+0080-U+009F goes back to its byte, where
 * iconv-lite's windows-1252 would write "?" (f11c item 4). Null when a character is not in
 * Windows-1252 at all (such a value was not read as it).
 */
export function windows1252Bytes(value: string): Buffer | null {
  const parts: Buffer[] = [];
  for (const piece of value.split(/([\u0080-\u009f]+)/)) {
    if (piece === "") continue;
    if (/^[\u0080-\u009f]/.test(piece)) {
      parts.push(Buffer.from([...piece].map((c) => c.charCodeAt(0))));
      continue;
    }
    const bytes = iconv.encode(piece, "windows-1252");
    // Characters Windows-1252 cannot hold became "?": the round trip must give the piece back.
    if (iconv.decode(bytes, "windows-1252") !== piece) return null;
    parts.push(bytes);
  }
  return Buffer.concat(parts);
}

// What Windows-1252 shows for a UTF-8 continuation byte (0x80-0xBF): the symbols 0x80-0x9F
// hold in it, U+0080-U+009F for the bytes it leaves undefined (as .NET reads 0x81, 0x8D, 0x8F,
// 0x90, 0x9D; ISO-8859-1 reads all of 0x80-0x9F so), and U+00A0-U+00BF. Source: Microsoft's
// Windows-1252 table (bestfit1252.txt).
const CONTINUATION =
  "[\u0080-\u009f\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178\u00a0-\u00bf]";
// The signature of UTF-8 read as Windows-1252: "Ã" or "Â" (lead bytes C3, C2: every Latin-1
// letter) before a continuation, "â€" (E2 80: dashes, quotes, "€"), or any lead byte
// (Ä-ï, ð-ô) before a continuation that is no letter ("å±±" for 山, "Ã¼" for ü). A name's
// own letters are never followed by such a symbol.
const MOJIBAKE = new RegExp(
  `[\u00c2\u00c3]${CONTINUATION}|\u00e2\u20ac|[\u00c4-\u00f4]${CONTINUATION}*(?!\\p{L})${CONTINUATION}`,
  "u"
);

/** The most times a value is taken to have been mis-decoded (opened as ANSI and saved again). */
export const MAX_MISDECODINGS = 3;

/**
 * A value's readings when it is UTF-8 read as Windows-1252 once, twice, ... (each re-save of a
 * file opened as ANSI mis-decodes it once more: "ChloÃ©" once, "ChloÃƒÂ©" twice): the first is
 * misDecodedUtf8(value), each next one misDecodedUtf8 of the one before, at most
 * MAX_MISDECODINGS. Empty when the value is not such text. The bytes 0x81, 0x8D, 0x8F, 0x90 and
 * 0x9D that Windows-1252 leaves undefined read as U+0081 ... U+009D (windows1252Bytes), so a
 * reading short of the last may hold such a character: it is the encoding's, not the name's
 * (rev11g S1: "Ýrr" twice mis-decoded was called a name with the hidden character U+009D).
 */
export function misDecodedReadings(value: string): string[] {
  const out: string[] = [];
  let text = misDecodedUtf8(value);
  while (text !== null && out.length < MAX_MISDECODINGS) {
    out.push(text);
    text = misDecodedUtf8(text);
  }
  return out;
}

/**
 * The text a value was before UTF-8 was read as Windows-1252 and saved again as UTF-8 (a folder
 * opened as ANSI in Excel or an editor and saved; rev11d finding 6), told from the value alone,
 * and how many times that happened (1 to MAX_MISDECODINGS): misDecodedReadings gives readings,
 * and the value shows the signature of such text (MOJIBAKE). Real names do not ("João",
 * "Ângela", "Dell’Acqua": their bytes are not UTF-8, or no letter is followed by a continuation
 * symbol). The reading is the last one that still shows the signature, decoded once more. Null
 * when the value is not such text.
 */
export function doubleEncoded(value: string): { text: string; times: number } | null {
  if (!MOJIBAKE.test(value)) return null;
  const readings = misDecodedReadings(value);
  let times = readings.length === 0 ? 0 : 1;
  while (times < readings.length && MOJIBAKE.test(readings[times - 1])) times++;
  const real = times === 0 ? null : readings[times - 1];
  // The reading is text: letters, marks, digits, punctuation and spaces only.
  return real !== null && /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]*$/u.test(real)
    ? { text: real, times }
    : null;
}

/** "once", "twice", "three times": how many times a value was mis-decoded, for messages. */
export function timesText(times: number): string {
  return ["", "once", "twice", "three times"][times] ?? `${times} times`;
}

/** What a UTF-8 value turns into when its bytes are read as Windows-1252 ("Jürgen" to "JÃ¼rgen"). */
export function readAsWindows1252(value: string): string {
  return decodeWindows1252(Buffer.from(value, "utf8"));
}

/**
 * Bytes read as Windows-1252 (iconv-lite), the five bytes it leaves undefined read as U+0081 ...
 * U+009D, as .NET reads them (windows1252Bytes): iconv-lite would give U+FFFD, which matches no
 * exported name ("Ýrr" is C3 9D; rev11g S1) and reads as damage no program wrote (rev11o finding
 * 5: Shift_JIS bytes 81 5B, "ー", were called "holds U+FFFD, the letters are lost"). Node's
 * TextDecoder("windows-1252") is not used: it decodes as ISO-8859-1 (0x80 is U+0080, not "€").
 */
export function decodeWindows1252(bytes: Buffer): string {
  if (!bytes.some(isUndefinedIn1252)) return iconv.decode(bytes, "windows-1252");
  let out = "";
  let from = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && !isUndefinedIn1252(bytes[i])) continue;
    out += iconv.decode(bytes.subarray(from, i), "windows-1252");
    if (i < bytes.length) out += String.fromCharCode(bytes[i]);
    from = i + 1;
  }
  return out;
}

/** 0x81, 0x8D, 0x8F, 0x90, 0x9D: the bytes Windows-1252 defines no character for. */
function isUndefinedIn1252(byte: number): boolean {
  return byte === 0x81 || byte === 0x8d || byte === 0x8f || byte === 0x90 || byte === 0x9d;
}

/** How messages name code page 850, the OEM (DOS) code page of Western European Windows. */
export const OEM_850 =
  "code page 850 (DOS/OEM Western European, as cmd's redirection and csvde write)";

/** How messages name code page 437, the OEM (DOS) code page of US-English Windows. */
export const OEM_437 =
  "code page 437 (DOS/OEM United States, as cmd's redirection and csvde write)";

/** How messages name code page 852, the OEM (DOS) code page of Central European Windows. */
export const OEM_852 =
  "code page 852 (DOS/OEM Central European, as cmd's redirection and csvde write)";

/** How messages name code page 866, the OEM (DOS) code page of Russian Windows. */
export const OEM_866 = "code page 866 (DOS/OEM Cyrillic, as cmd's redirection and csvde write)";

/** How messages name Mac Roman, which Excel for Mac's plain "Comma Separated Values" writes. */
export const MAC_ROMAN = "Mac Roman (Excel for Mac's plain CSV)";

/**
 * The ANSI code pages of Windows other than 1252 (Excel's plain "CSV" and Windows PowerShell's
 * -Encoding Default write the system's one: cp932 on a Japanese Windows, cp1250 in Central
 * Europe...), by the name the summary shows. Source: Microsoft, "Code Page Identifiers".
 */
const OTHER_ANSI_PAGES: readonly [string, string][] = [
  ["cp932", "Shift_JIS (code page 932, Japanese)"],
  ["cp1250", "Windows-1250 (Central European)"],
  ["cp1251", "Windows-1251 (Cyrillic)"],
  ["cp1253", "Windows-1253 (Greek)"],
  ["cp1254", "Windows-1254 (Turkish)"],
  ["cp1257", "Windows-1257 (Baltic)"],
  ["cp936", "GBK (code page 936, Simplified Chinese)"],
  ["cp949", "code page 949 (Korean)"],
  ["cp950", "Big5 (code page 950, Traditional Chinese)"],
  ["cp874", "Windows-874 (Thai)"],
  ["cp1255", "Windows-1255 (Hebrew)"],
  ["cp1256", "Windows-1256 (Arabic)"],
  ["cp1258", "Windows-1258 (Vietnamese)"],
  // Excel for Mac's plain "Comma Separated Values" writes Mac Roman ("Jürgen" as "JŸrgen" when
  // read as 1252; rev11c finding 6). Not a Windows page, so it is tried last.
  ["macintosh", MAC_ROMAN],
  // cmd's ">" redirection and csvde write the console's OEM code page, not an ANSI one (rev11d
  // finding 11). Source: Microsoft, "Code Page Identifiers" (850: OEM Multilingual Latin 1).
  ["cp850", OEM_850],
  // The other consoles' OEM pages (rev11t finding 1): cp437 (US), cp852 (Central Europe), cp866
  // (Russia). Their 0xA0 is a letter ("á", "а") that Windows-1252 reads as a no-break space,
  // and cp852's/cp866's 0xAD ("ş", "н") one it reads as a soft hyphen. Source: Microsoft, "Code
  // Page Identifiers" (437, 852, 866: OEM); the tables are iconv-lite's.
  ["cp437", OEM_437],
  ["cp852", OEM_852],
  ["cp866", OEM_866],
];

/**
 * The other ANSI code page a value read as Windows-1252 was really written in, told by a UTF-8
 * file's name for the same recipient (`expected`): "‰c‹Æ ‹¤—L" read back as cp932 is "営業 共有".
 * Null when no code page turns the value into `expected`. Decoding is iconv-lite's.
 */
export function otherAnsiPage(value: string, expected: string): string | null {
  // eslint-disable-next-line no-control-regex -- ASCII reads the same in every code page
  if (!/[^\u0000-\u007f]/.test(value) || value.includes("\ufffd")) return null;
  // The five bytes 1252 leaves undefined, read as U+0081 ... U+009D, go back to their bytes
  // (cp850's "ü" is 0x81; rev11s finding 1).
  const bytes = windows1252Bytes(value);
  if (bytes === null) return null;
  const want = expected.normalize("NFC");
  for (const [page, name] of OTHER_ANSI_PAGES)
    if (iconv.decode(bytes, page).normalize("NFC") === want) return name;
  return null;
}

// Symbols that Windows-1252 gives the bytes other code pages use for letters (cp932's lead
// bytes 0x81-0x9F, cp1250's Ł/ł/ą/Ż at 0xA3/0xB3/0xB9/0xAF...); in a word with a letter they are no
// name's spelling. Left out: ’ ‘ – — … (apostrophes and dashes in names), ´ (written for an
// apostrophe), ¡ ¿ ª º ° · « » (Spanish, Catalan "l·l", ordinals): those count only between
// two letters, and ´ / · never.
const SYMBOL_IN_WORD = /[‚ƒ„†‡ˆ‰‹›•˜™€¤¦¨¬¯±²³µ¶¸¹¼½¾×÷§©®¢£¥]/u;
/** "m²", "cm³" ending a word: units, not Windows-1250's "ł" (0xB3) after a letter. */
const UNIT_AT_END = /([mc])[²³]([,.;:)]?)$/u;
/** A word of letters ended by ™, ® or ©, as company names write their mark ("Contoso™"). */
const TRADEMARK_AFTER_WORD = /^\p{L}[\p{L}.-]*[™®©][,.;:]?$/u;
const SYMBOL_INSIDE_WORD = /\p{L}[“”„¡¿ª°«»]\p{L}|\p{L}º\p{L}/u;
// A lowercase letter followed by an uppercase letter outside ASCII inside a word ("dŸ" from
// cp1250 "dź", "Æ" after "c"): no Western European spelling does this.
const LOWER_THEN_UPPER_ACCENTED = /(?:\p{L}\p{Ll}|(?<!\p{L})[^\P{Ll}hnt])[À-ÖØ-ÞŠŽŒŸ]/u;
// A word of four or more letters none of which is ASCII: cp1251/cp1253 text read as 1252
// ("Èâàí" for "Иван"); every Western European word of that length has an ASCII letter.
// eslint-disable-next-line no-control-regex -- ASCII is the point
const NO_ASCII_WORD = /(?:^|[^\p{L}])(?:(?![\u0000-\u007f])\p{L}){4,}(?![\p{L}])/u;

// Characters Windows-1252 gives bytes that are letters in the OEM pages and Mac Roman, seldom
// in a name (rev11t finding 2); since h11f they only weigh which page likelyFilePage names for
// a file already refused, never decide that a file is in another page (judgePage does): a no-break space after a lone capital and before a small
// letter, or before a lone small letter that is no one-letter word (cp850/cp437/cp852's "á",
// cp866's "а" are 0xA0: "S\u00A0nchez", "Tom\u00A0ç Nov\u00A0k"; a no-break space between two
// words, "Jürgen\u00A0Weiß", "de\u00A0la", "Ortega\u00A0y Gasset", is a name's space and stays),
// "Ÿ" before a small letter (Mac Roman's "ü":
// "BŸro"; French writes Ÿ only in capitals), an em dash between letters (Mac Roman's "ó":
// "J—n") and an en dash between small letters (Mac Roman's "ñ": "Mu–oz"; a double name joined
// by a dash has a capital after it).
const OEM_LETTER_INSIDE_WORD =
  /(?<![\p{L}\p{M}])\p{Lu}\u00a0\p{Ll}|\p{L}\u00a0[^\P{Ll}aeiouy](?![\p{L}\p{M}])|\p{L}Ÿ\p{Ll}|\p{L}—\p{L}|\p{Ll}–\p{Ll}/u;

/**
 * Characters of a value read as Windows-1252 that may be another page's letters, though a real
 * name may hold them too (rev11t finding 2; weighed by likelyFilePage's score only, see
 * OEM_LETTER_INSIDE_WORD):
 * Mac Roman's "í" "ë" "ú" "ö" read as ’ ‘ œ š ("Ram’rez", "No‘l", "Raœl", "Gšdel"), and a soft
 * hyphen or no-break space between letters (cp852's "ş", cp866's "н"; cp852's "á" in
 * "Nov\u00A0kov\u00A0"). Each: ’, a no-break space or a soft hyphen between two letters; ‘ after
 * a letter; a word split by a no-break space that also ends in one (cp852's "Nováková"; a
 * trailing one alone is a name's stray space); œ after
 * a vowel or before a letter other than u/i (French writes "cœur", "œil", never "Raœl"); š or ž
 * after a capital that starts a word, before a small letter ("Gšdel"; Czech "Šárka" is not
 * this).
 */
const MAYBE_OTHER_PAGE =
  /\p{L}\u00a0\p{L}+\u00a0(?![\p{L}\p{M}])|\p{L}[’\u00a0\u00ad]\p{L}|\p{L}‘|[aeiouAEIOU]œ|œ(?![uiUI])\p{L}|(?:^|[^\p{L}])\p{Lu}[šž]\p{Ll}/gu;

/**
 * The MAYBE_OTHER_PAGE spans in `text`, and those of them that are no apostrophe ’ or no-break
 * space between two letters (a name may have those: "O’Brien", "de\u00A0la Cruz"). "‘" right
 * after a letter counts as no apostrophe: typography writes ’ there, and Mac Roman's "ë" reads
 * so ("Zo‘ Bront‘").
 */
function otherPageHints(text: string): { all: string[]; letters: string[] } {
  const all = (text.match(MAYBE_OTHER_PAGE) ?? []).map((m) => m.replace(/^[^\p{L}]/u, ""));
  return { all, letters: all.filter((m) => !/^\p{L}[’\u00a0]\p{L}$/u.test(m)) };
}

/**
 * Why a value read as Windows-1252 was probably written in another ANSI code page, told from the
 * value alone (no other file has the name to compare): a byte Windows-1252 does not define
 * (0x81, 0x8D, 0x8F, 0x90, 0x9D; iconv-lite reads them as U+FFFD), a symbol next to a letter,
 * a lowercase letter followed by an accented uppercase one, or a long word with no ASCII letter.
 * Null when the value reads as plausible Western European text, which may still be another code
 * page that uses the same bytes for letters: the OEM pages and Mac Roman are told from the whole
 * file's names (judgePage; h11f: one character, a no-break space or a dash between letters, is
 * no proof, "Giscard\u00A0d’Estaing" and "Smith—Jones" are real names).
 * Source of the byte layout: Microsoft, "Code Page Identifiers" and the code page tables.
 */
export function notWindows1252(value: string): string | null {
  // decodeWindows1252 keeps those bytes as U+0081 ... U+009D; iconv-lite gives U+FFFD.
  if (value.includes("\ufffd") || /[\u0081\u008d\u008f\u0090\u009d]/.test(value))
    return "it holds a byte that Windows-1252 does not define (0x81, 0x8D, 0x8F, 0x90 or 0x9D)";
  // eslint-disable-next-line no-control-regex -- ASCII reads the same in every code page
  if (!/[^\u0000-\u007f]/.test(value)) return null;
  for (const word of value.split(/\s+/)) {
    // "Contoso™", "Fabrikam®": a company name's mark after its last letter.
    if (TRADEMARK_AFTER_WORD.test(word)) continue;
    // German quotation marks around a word: „Sonnenschein“, ‚Zur Post‘ (rev11x X5).
    // A unit of area or volume: "m² Immobilien", "120m³", "E=mc²" (rev11x X5).
    const symbol = SYMBOL_IN_WORD.exec(
      word.replace(/^[„‚](.*)[“‘]$/u, "$1").replace(UNIT_AT_END, "$1")
    );
    if (symbol && /\p{L}/u.test(word))
      return `the symbol "${symbol[0]}" inside the word "${word}" is no letter of a name`;
  }
  const inside = SYMBOL_INSIDE_WORD.exec(value);
  if (inside) return `"${inside[0]}" has a punctuation mark inside a word`;
  const upper = LOWER_THEN_UPPER_ACCENTED.exec(value);
  if (upper) return `"${upper[0]}" has a lowercase letter followed by an accented capital`;
  const word = NO_ASCII_WORD.exec(value);
  if (word) return `the word "${word[0].trim()}" has no letter from A to Z`;
  return null;
}

/**
 * How a value read as Windows-1252 reads in the first other ANSI code page that turns it into
 * plausible text, e.g. "Shift_JIS (code page 932, Japanese)" and "山田 太郎"; null if none does.
 * Only a hint for the message: the bytes cannot prove which code page wrote them.
 */
export function likelyAnsiReading(
  value: string
): { page: string; text: string; id: string } | null {
  if (value.includes("\ufffd")) return null;
  const bytes = windows1252Bytes(value);
  if (bytes === null) return null;
  let best: { page: string; text: string; odd: number; id: string } | null = null;
  for (const [page, name] of OTHER_ANSI_PAGES) {
    const text = iconv.decode(bytes, page);
    if (text === value || text.includes("\ufffd") || /[\u0080-\u009f]/.test(text)) continue;
    // Fewest oddities wins: a word mixing Latin with another script, a symbol outside ASCII.
    // eslint-disable-next-line no-control-regex -- ASCII is the point
    let odd = (text.match(/[^\p{L}\p{N}\s\u0000-\u007f]/gu) ?? []).length;
    for (const word of text.split(/\s+/)) {
      if (NON_LATIN_LOWER_UPPER.test(word)) odd++;
      if (!/\p{Script=Latin}/u.test(word)) continue;
      // Latin mixed with another script in one word, or a long Latin word without A-Z.
      if (/[^\p{Script=Latin}\P{L}]/u.test(word) || NO_ASCII_WORD.test(word)) odd++;
    }
    if (!best || odd < best.odd) best = { page: name, text, odd, id: page };
  }
  return best && { page: best.page, text: best.text, id: best.id };
}

/** Oddities of `text` as names: symbols outside ASCII, words mixing Latin with another script. */
function oddness(text: string): number {
  // eslint-disable-next-line no-control-regex -- ASCII is the point
  let odd = (text.match(/[^\p{L}\p{N}\s\u0000-\u007f]/gu) ?? []).length;
  // Words end at CSV's separators and quotes too: "a","鈴木 is no word mixing two scripts.
  for (const word of text.split(/[\s",;|]+/)) {
    // A lower-case letter of another script followed by a capital inside a word: Greek's
    // accented small vowels (ά έ ή ί, 0xDC-0xDF in Windows-1253) are Cyrillic capitals in
    // Windows-1251 ("фЮ"), which no name spells (rev11o finding 4: a Greek file was "most likely
    // Windows-1251" in a tie the table's order broke).
    if (NON_LATIN_LOWER_UPPER.test(word)) odd++;
    // An accented capital inside a word, before a small letter ("BÅro" is cp850's "Büro" read
    // as Mac Roman; rev11s finding 1): no name spells so.
    if (INNER_ACCENTED_CAPITAL.test(word)) odd++;
    // A small letter followed by a capital outside ASCII ("ChloÇ" is cp850's "Chloé" read as
    // Mac Roman): no name spells so either.
    if (/\p{Ll}[^\P{Lu}A-Z]/u.test(word)) odd++;
    // A full-width letter or digit in a word with ASCII letters: cp932 reads cp850's "é" and the
    // next "e" (82 65) as the full-width "Ｆ" ("RenＦ Dubois"), which is Latin script; no name
    // mixes the two widths (rev11t finding 9: a French name was judged Japanese).
    if (/[\uff10-\uff5a]/.test(word) && /[A-Za-z]/.test(word)) odd++;
    // "þ" inside or at the end of a word: Icelandic writes it first in a syllable ("Þór",
    // "Þorsteinn"); cp850 reads cp852's "š" (E7) so ("Tomáþ" for "Tomáš").
    if (/\p{L}[þÞ]/u.test(word)) odd++;
    if (!/\p{Script=Latin}/u.test(word)) continue;
    if (/[^\p{Script=Latin}\P{L}]/u.test(word) || NO_ASCII_WORD.test(word)) odd++;
  }
  return odd;
}

/** A letter, then a capital outside ASCII, then a small letter (see oddness). */
const INNER_ACCENTED_CAPITAL = /\p{L}[^\P{Lu}A-Z]\p{Ll}/u;

/** A lower-case letter outside Latin followed by an upper-case letter (see oddness). */
const NON_LATIN_LOWER_UPPER = /[^\P{Ll}\p{Script=Latin}]\p{Lu}/u;

/**
 * The code page (OTHER_ANSI_PAGES) in which a file's bytes read as the most plausible text: the
 * lines holding bytes outside ASCII, decoded in each page that defines all of them, the one with
 * the fewest oddities winning (ties: the table's order). One answer per file, so every message
 * about it names the same page (rev11d finding 13). Null when no page defines all the bytes.
 * Only a likelihood: the bytes do not name their code page.
 */
export function likelyFilePage(bytes: Buffer): { page: string; id: string } | null {
  const text = nonAsciiLines(bytes);
  if (text === null) return null;
  let best: { page: string; id: string; odd: number } | null = null;
  for (const [id, page] of OTHER_ANSI_PAGES) {
    const decoded = iconv.decode(text, id);
    if (decoded.includes("\ufffd") || /[\u0080-\u009f]/.test(decoded)) continue;
    // nameScore: a no-break space inside a word is no better in Windows-1250 than in 1252
    // (rev11t finding 2: cp850's "Málaga" was judged Windows-1250). In a tie, a reading with
    // letters only from Latin-1 wins over one with Latin Extended letters: Mac Roman's "Büro"
    // reads "Bźro" in Windows-1250, a reading that a real Central European name would not tie.
    const odd = nameScore(decoded) * 2 + (/[\u0100-\u024f]/.test(decoded) ? 1 : 0);
    if (!best || odd < best.odd) best = { page, id, odd };
  }
  return best && { page: best.page, id: best.id };
}

/** The lines of `bytes` that hold bytes outside ASCII, each ended by "\n"; null when none do. */
function nonAsciiLines(bytes: Buffer): Buffer | null {
  const lines: Buffer[] = [];
  let from = 0;
  while (from < bytes.length) {
    let end = bytes.indexOf(0x0a, from);
    if (end < 0) end = bytes.length;
    const line = bytes.subarray(from, end);
    if (!isAscii(line)) lines.push(line);
    from = end + 1;
  }
  return lines.length === 0 ? null : Buffer.concat(lines.flatMap((l) => [l, Buffer.from("\n")]));
}

/** How unlike names `text` reads: oddness, and every character another page may hold a letter for. */
function nameScore(text: string): number {
  return (
    oddness(text) +
    otherPageHints(text).all.length +
    (text.match(new RegExp(OEM_LETTER_INSIDE_WORD.source, "gu")) ?? []).length
  );
}

/**
 * Every reading of a value read as Windows-1252 in the other ANSI code pages (OTHER_ANSI_PAGES
 * order), each page by the name the summary shows: "£ukasz Dvoøák" is "Łukasz Dvořák" in
 * Windows-1250. Empty for ASCII or for a value holding a byte 1252 does not define (its byte
 * is lost). The caller decides which reading names someone (rev11c finding 9).
 */
export function ansiReadings(value: string): { page: string; text: string }[] {
  // eslint-disable-next-line no-control-regex -- ASCII reads the same in every code page
  if (!/[^\u0000-\u007f]/.test(value) || value.includes("\ufffd")) return [];
  // The five bytes 1252 leaves undefined were read as U+0081 ... U+009D (windows1252Bytes): they
  // go back to their bytes, which are letters in other pages (cp850's 0x81 is "ü": "J\u0081rgen
  // Weiá" is "Jürgen Weiß", rev11s finding 1). A character 1252 cannot hold: not read as 1252.
  const bytes = windows1252Bytes(value);
  if (bytes === null) return [];
  const out: { page: string; text: string }[] = [];
  for (const [page, name] of OTHER_ANSI_PAGES) {
    const text = iconv.decode(bytes, page);
    if (text !== value && !text.includes("\ufffd")) out.push({ page: name, text });
  }
  return out;
}

/**
 * The other ANSI code page a whole file is in, when the reader took a part of it for UTF-8
 * (cp932 byte pairs can look like UTF-8 sequences) but the bytes from `offset` on are not UTF-8,
 * or those before it hold a byte Windows-1252 does not define, and the whole file decodes in that page without an undefined byte: one program wrote it, in
 * that page, so it does not "mix encodings" (rev11c finding 8). Null otherwise. The first such
 * page that reads the part as plausible text is named; the bytes cannot prove which one.
 */
export function wholeFileAnsiPage(bytes: Buffer, offset: number): string | null {
  // Proof the reading was wrong: the part after is not UTF-8, or the part before holds a byte
  // Windows-1252 does not define.
  const before = bytes.subarray(0, offset);
  const undefinedIn1252 = [0x81, 0x8d, 0x8f, 0x90, 0x9d].some((b) => before.includes(b));
  if (!undefinedIn1252 && isUtf8(bytes.subarray(offset))) return null;
  for (const [page, name] of OTHER_ANSI_PAGES)
    if (!iconv.decode(bytes, page).includes("\ufffd")) return name;
  return null;
}

/**
 * A value read as Windows-1252 read in the code page `id` instead (iconv-lite; U+0081 ... U+009D
 * back to their bytes): null when 1252 cannot hold it or the page leaves a byte undefined.
 */
export function readingIn(value: string, id: string): string | null {
  const bytes = windows1252Bytes(value);
  if (bytes === null) return null;
  const text = iconv.decode(bytes, id);
  return text.includes("\ufffd") ? null : text;
}

/**
 * What `value`, written in the code page `id`, reads as when read as Windows-1252 ("Renée" in
 * cp850 reads "Ren‚e"): how a file in that page shows the name. Null when the page cannot hold
 * the value or it is ASCII.
 */
export function readAs1252From(value: string, id: string): string | null {
  // eslint-disable-next-line no-control-regex -- ASCII reads the same in every code page
  if (!/[^\u0000-\u007f]/.test(value)) return null;
  const bytes = iconv.encode(value, id);
  if (iconv.decode(bytes, id) !== value) return null;
  return decodeWindows1252(bytes);
}

/** The iconv-lite id of a code page by the name messages give it (OTHER_ANSI_PAGES), or null. */
export function pageIdOf(name: string): string | null {
  return OTHER_ANSI_PAGES.find(([, n]) => n === name)?.[0] ?? null;
}

/**
 * The pages a file read as Windows-1252 may really be in while its bytes read as plausible
 * Windows-1252 letters (h11f): the console's OEM pages and Mac Roman, by iconv-lite id and the
 * name messages give them. Windows-1252 comes first: it is what Excel's plain "CSV" and Windows
 * PowerShell 5.1's -Encoding Default write on a Western Windows, so it wins every tie.
 */
const WESTERN_PAGES: readonly [string, string][] = [
  ["windows-1252", "Windows-1252 (ANSI)"],
  ["cp850", OEM_850],
  ["cp437", OEM_437],
  ["cp852", OEM_852],
  ["cp866", OEM_866],
  ["macintosh", MAC_ROMAN],
];

/**
 * The pages judgePage weighs: WESTERN_PAGES, then the Latin ANSI pages whose letters read as
 * plausible Western ones in Windows-1252 ("Dvořák" as "Dvoøák" in Windows-1250, "Ayşe" as "Ayþe"
 * in 1254, "Bērziņš" as "Bçrziòð" in 1257; rev11v finding 1). Those are named only where a
 * name's spelling in its own row or another file proves them (spelledAs, `known`): how letters
 * sit in names does not tell them from Western ones.
 */
const JUDGED_PAGES: readonly [string, string][] = [
  ...WESTERN_PAGES,
  ["cp1250", "Windows-1250 (Central European)"],
  ["cp1254", "Windows-1254 (Turkish)"],
  ["cp1257", "Windows-1257 (Baltic)"],
  // Short Cyrillic names ("Ян Ли" reads "ßí Ëè"): only where its reading points (rev11w F15).
  ["cp1251", "Windows-1251 (Cyrillic)"],
];

/**
 * The letters outside ASCII each language writes names with, in lower case ("i\u0307" is how
 * Turkish "İ" lower-cases). A word of a name is written in one language, so a reading whose word
 * needs two languages' letters ("Úètárna": "è" is no Spanish letter, "á" no French or Italian one)
 * is another page's letters misread (Windows-1250's "Účtárna"; rev11x X2). Source: each
 * language's alphabet (Unicode CLDR exemplar characters), kept to the letters names hold.
 */
const ALPHABETS = {
  german: "äöüß",
  french: "àâæçéèêëîïôœùûüÿ",
  spanish: "áéíóúñü",
  portuguese: "áâãàçéêíóôõú",
  italian: "àèéìòóù",
  catalan: "àçèéíïòóúü",
  dutch: "éèëïöü",
  danish: "æøåé",
  swedish: "åäöé",
  finnish: "åäöšž",
  icelandic: "áðéíóúýþæö",
  irish: "áéíóú",
  // Faroese without "á": "Dvoøák" (Windows-1250's "Dvořák") is no Faroese word (rev11z Z6).
  faroese: "ðíóúýæø",
  gaelic: "àèìòù",
  albanian: "çë",
  czech: "áčďéěíňóřšťúůýž",
  slovak: "áäčďéíĺľňóôŕšťúýž",
  polish: "ąćęłńóśźż",
  hungarian: "áéíóöőúüű",
  romanian: "ăâîşţșț",
  slovene: "čšž",
  croatian: "čćđšž",
  turkish: "çğıöşüâî\u0307",
  latvian: "āčēģīķļņšūž",
  lithuanian: "ąčęėįšųūž",
  estonian: "äöõüšž",
} as const;
type Language = keyof typeof ALPHABETS;

const CENTRAL_EUROPEAN: readonly Language[] = [
  "czech",
  "slovak",
  "polish",
  "hungarian",
  "romanian",
  "slovene",
  "croatian",
  "albanian",
  "german",
];
/** The languages of the Western OEM pages and Mac Roman: not Turkish ("Jıgeva", Mac's "ı"). */
const WESTERN_LANGUAGES = (Object.keys(ALPHABETS) as Language[]).filter(
  (l) => !["turkish", "latvian", "lithuanian"].includes(l)
);
/**
 * The languages whose names a page's files hold, by iconv-lite id: a Western page's files hold
 * Western names and the names of Central Europe, Turkey and the Baltics as far as its letters
 * write them ("Tomáš Novák" in a German tenant); Windows-1250's and cp852's the Central European
 * languages, 1254's Turkish, 1257's the Baltic languages and their neighbours'. cp866 is judged
 * by script (Cyrillic). Source: Microsoft, "Code Page Identifiers" (the languages each serves).
 */
const PAGE_LANGUAGES: Readonly<Record<string, readonly Language[]>> = {
  cp866: [],
  cp1251: [],
  "windows-1252": Object.keys(ALPHABETS) as Language[],
  cp850: WESTERN_LANGUAGES,
  cp437: WESTERN_LANGUAGES,
  macintosh: WESTERN_LANGUAGES,
  cp852: CENTRAL_EUROPEAN,
  cp1250: CENTRAL_EUROPEAN,
  cp1254: ["turkish"],
  cp1257: ["latvian", "lithuanian", "estonian", "polish", "german", "swedish", "finnish"],
};

/** The words of `text` that hold a letter outside ASCII. */
function nonAsciiWords(text: string): string[] {
  // eslint-disable-next-line no-control-regex -- ASCII words read alike in every page
  return text.split(/[^\p{L}\p{M}]+/u).filter((w) => /[^\u0000-\u007f]/.test(w));
}

/**
 * Whether each word of `text` that `other` does not hold is written in one language of `page`
 * (PAGE_LANGUAGES): all its letters outside ASCII are that language's. Only the words two
 * readings disagree on say which is the page's.
 */
function writtenIn(text: string, other: string, page: string): boolean {
  const languages = PAGE_LANGUAGES[page] ?? [];
  const others = new Set(nonAsciiWords(other));
  for (const word of nonAsciiWords(text)) {
    if (others.has(word)) continue;
    // The Cyrillic pages (cp866, Windows-1251): Russian, Ukrainian, Bulgarian... told by script.
    if ((page === "cp866" || page === "cp1251") && /^\p{Script=Cyrillic}+$/u.test(word)) continue;
    // "ª" and "º" are letters to Unicode but ordinals in names ("Nº", "2ª", "Mª").
    const letters = [...word.toLowerCase()].filter((c) => c > "\u007f" && c !== "ª" && c !== "º");
    if (!languages.some((l) => letters.every((c) => ALPHABETS[l].includes(c)))) return false;
  }
  return true;
}

/** Letters addresses write otherwise than by dropping an accent ("Weiß" weiss, "Łukasz" lukasz). */
const ADDRESS_LETTERS: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  Æ: "ae",
  œ: "oe",
  Œ: "oe",
  ø: "o",
  Ø: "o",
  ł: "l",
  Ł: "l",
  đ: "d",
  Đ: "d",
  ð: "d",
  Ð: "d",
  þ: "th",
  Þ: "th",
  ı: "i",
};
const UMLAUTS: Readonly<Record<string, string>> = {
  ä: "ae",
  ö: "oe",
  ü: "ue",
  Ä: "ae",
  Ö: "oe",
  Ü: "ue",
};

/**
 * How an address spells `word` in ASCII: accents dropped ("Dvořák" dvorak), ß æ œ ø ł đ ð þ ı
 * written out, and with `umlauts` German's ä ö ü as ae oe ue ("Müller" mueller); symbols and
 * punctuation dropped ("Contoso™" contoso, "“Paris”" paris). Null when a letter has no ASCII
 * spelling ("Supportª", "Èâàí"): no address spells that word.
 */
export function addressSpelling(word: string, umlauts: boolean): string | null {
  return spelling(word, umlauts)?.text ?? null;
}

/**
 * The symbols outside ASCII that names hold where they hold them, which spelling drops: quotation
 * marks opening or closing a word ("“Paris”"), a mark after a company's name ("Contoso™"), an
 * ellipsis, dash, apostrophe or middle dot inside one ("Projekt…2025", "O’Brien", "Col·legi").
 * Any other symbol is a letter of another page misread ("Ren‚" is cp850's "René", "£ukasz"
 * Windows-1250's "Łukasz"): such a word spells nothing (rev11w F2, F7, F14).
 */
const NAME_SYMBOLS = /^[“‘„‚«]*(.*?)[”’“‘»™®©]*$/su;
const SYMBOL_INSIDE_NAME = /[…–—’·]/gu;

/** addressSpelling, and whether a character outside ASCII was dropped to get it (a symbol). */
function spelling(word: string, umlauts: boolean): { text: string; dropped: boolean } | null {
  const core = NAME_SYMBOLS.exec(word)?.[1] ?? word;
  const bare = core.replace(SYMBOL_INSIDE_NAME, "");
  const dropped = core !== word || bare !== core;
  // eslint-disable-next-line no-control-regex -- ASCII punctuation is dropped as addresses drop it
  if (/[^\p{L}\p{M}\u0000-\u007f]/u.test(bare)) return null;
  let text = core.replace(/[ßæÆœŒøØłŁđĐðÐþÞı]/g, (c) => ADDRESS_LETTERS[c]);
  if (umlauts) text = text.replace(/[äöüÄÖÜ]/g, (c) => UMLAUTS[c]);
  text = text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  if (/[^\P{L}a-z]/u.test(text)) return null;
  return { text: text.replace(/[^a-z0-9]/g, ""), dropped };
}

/**
 * How many words of `reading` that hold a character outside ASCII the row's `tokens` spell: the
 * words of its addresses, aliases, UPN and Name in ASCII (rowEvidence: "jan", "dvorak",
 * "contoso", "example"). A word counts when its addressSpelling is a token ("Dvořák" and
 * dvorak), or, four letters or more with nothing but letters dropped, begins or ends one ("Dvořák"
 * in jdvorak@, "Jürgen" in juergenweiss@); a word that needed a symbol dropped counts only as a
 * whole token ("Contoso™" and contoso), so "£ukasz" (Windows-1252's reading of Windows-1250's
 * "Łukasz") is not spelled by lukasz@ (rev11w F2). The Windows-1252 reading "Dvoøák" is not spelled
 * by jan.dvorak@ either: where the admin's addresses spell people's names (most tenants), this
 * tells the page a row was written in, which no reading of the bytes alone can (rev11v).
 */
export function spelledAs(reading: string, tokens: readonly string[]): number {
  if (tokens.length === 0) return 0;
  let count = 0;
  for (const word of reading.split(/[\s,;|/()\-.@]+/u)) {
    // eslint-disable-next-line no-control-regex -- ASCII words read alike in every page
    if (!/[^\u0000-\u007f]/.test(word)) continue;
    // A byte the page does not define spells nothing.
    if (/[\ufffd\u0080-\u009f]/.test(word)) continue;
    for (const umlauts of [false, true]) {
      const spelled = spelling(word, umlauts);
      if (spelled === null || spelled.text.length < 3) continue;
      const { text, dropped } = spelled;
      const found = tokens.some(
        (t) =>
          t === text || (!dropped && text.length >= 4 && (t.startsWith(text) || t.endsWith(text)))
      );
      if (found) {
        count++;
        break;
      }
    }
  }
  return count;
}

/**
 * Whether `value`, as read in Windows-1252, reads in some page of JUDGED_PAGES (Windows-1252
 * included) as words its row's `tokens` spell (spelledAs): then its page can be judged by
 * comparing names, however its Windows-1252 reading looks.
 */
export function provenReading(value: string, tokens: readonly string[]): boolean {
  if (tokens.length === 0) return false;
  if (spelledAs(value, tokens) > 0) return true;
  const bytes = windows1252Bytes(value);
  if (bytes === null) return false;
  return JUDGED_PAGES.some(([id], k) => k > 0 && spelledAs(iconv.decode(bytes, id), tokens) > 0);
}

/** An address in a value ("SMTP:jan.dvorak@contoso.example" holds one). */
const ADDRESS_IN_VALUE = /[^\s@,;:<>"'[\]()]+@[^\s@,;:<>"'[\]()]+/g;

/**
 * The words (ASCII letters and digits, lower case) in which a row's identity values spell its
 * names: `fields` at `columns` (the address, proxy address, UPN, Alias, SamAccountName and Name
 * columns; the caller picks them by header), ASCII values only. A value holding addresses gives
 * their words only ("SMTP:jan.dvorak@contoso.example;X500:/o=..." gives jan, dvorak, contoso,
 * example); another gives all its words. A row's other values (its type, flags, SIDs, rights)
 * spell no names: "SharedMailbox" would spell Mac Roman's "MaÎl" (rev11w F1).
 */
export function rowEvidence(fields: readonly string[], columns: readonly number[]): string[] {
  const tokens = new Set<string>();
  const add = (text: string) => {
    for (const t of text.toLowerCase().split(/[^a-z0-9]+/)) if (t.length >= 1) tokens.add(t);
  };
  for (const i of columns) {
    const field = fields[i] ?? "";
    // eslint-disable-next-line no-control-regex -- only ASCII values spell a name in ASCII
    if (field === "" || /[^\u0000-\u007f]/.test(field)) continue;
    const addresses = field.match(ADDRESS_IN_VALUE);
    if (addresses) addresses.forEach(add);
    else add(field);
  }
  return [...tokens];
}

/** How much worse a page's reading must be than another's before one is said to win (judgePage). */
const CLEAR_MARGIN = 1.5;

/**
 * A value of a file judged to be in one page reads as no name there from this cost (readingCost)
 * on, and as a name in another from MIXED_PLAIN down: a part of the file is in that other page.
 */
const MIXED_ODD = 2;
const MIXED_PLAIN = 0.5;

/** What a word written in no one language of its page adds to a reading's cost (writtenIn). */
const FOREIGN_WORD = 2;

/** A file whose Windows-1252 reading costs this much reads as no names (judgePage). */
const ODD_READING = 1.5;

/**
 * The words names write in lower case after a space ("María de la Cruz", "Ortega y Gasset"),
 * and those of company and team names ("Büro für Technik", "Sales and Marketing").
 */
const PARTICLES = new Set(
  "a al am an and auf bei da das de del della den der des di do dos du e el en et för für i im la las le les lo los mit och of og op the ten ter und van von y zu zum zur".split(
    " "
  )
);

/**
 * The letters that are words on their own in Western and Central European names and company
 * names: "d’", "l’", "y", "e", "i", "o", "a", Czech and Slovak "s", "v", "z", "k", "u" ("spol. s
 * r. o."), typography puts a no-break space after them.
 */
const ONE_LETTER_WORDS = new Set([..."adeiklosuvyz"]);

/** Lower-case vowels, plain and accented, for the letters' neighbours (charCost). */
const VOWEL = /[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ]/i;

/** Latin letters outside ASCII that European names often hold: no cost of their own. */
const COMMON_LETTERS = new Set(
  [..."àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßšžčřěůďťňľąćęłńśźżőűășțşğıœāēīūņļķģėįų"]
    .flatMap((c) => [c, c.toUpperCase()])
    .concat("İ")
);

const isLetter = (c: string) => c !== "" && /\p{L}/u.test(c);
const isLower = (c: string) => c !== "" && /\p{Ll}/u.test(c);
const isUpper = (c: string) => c !== "" && /\p{Lu}/u.test(c);
const isLatin = (c: string) => c !== "" && /\p{Script=Latin}/u.test(c);

/** The run of letters in `text` that ends just before `i` (going left) or starts at `i`. */
function letterRun(text: string, i: number, left: boolean): string {
  let j = i;
  if (left) {
    while (j > 0 && isLetter(text[j - 1])) j--;
    return text.slice(j, i);
  }
  while (j < text.length && isLetter(text[j])) j++;
  return text.slice(i, j);
}

/**
 * The elided words an apostrophe ends before a word that opens with a vowel: French, Catalan,
 * Italian and Portuguese ("d'", "l'", "qu'", "jusqu'", "dell'", "all'", "un'").
 */
const ELIDED =
  /^(?:\p{L}|qu|jusqu|lorsqu|puisqu|presqu|quoiqu|dell|all|nell|sull|dall|coll|quell|quest|un|tutt|sant|bell)$/iu;

/**
 * Whether the small accented vowel at `i` (after no letter) opens a word where Windows-1252 text
 * has it and an OEM or Mac Roman capital read as 1252 would not sit:
 * - after an elided word in lower case, with the keyboard's apostrophe or the typographic one
 *   (Catalan "Cap d'àrea", "Servei d'òptica", French "Mairie de l'île", "Main d'œuvre", "œ"
 *   only before "u" or "i" as in "œuvre", "œil");
 * - in a lower-case hyphenated compound: a circumflexed vowel after a word of two letters or
 *   more ("peut-être", "guide-âne"; "à" before a hyphen, "Pas-à-pas", is charCost's own rule);
 * - "è" in a French ordinal after its number ("Bureau 2ème", "1ère classe", "Salle 2è").
 * rev11za ZA1 and ZA3: each of these refused a whole Windows-1252 tenant as cp850 or Mac Roman
 * ("d'Órea", "2Ëme"). Names put capitals there ("D'Angelo", "O'Brien", "Luis-Óscar",
 * "Budapest-Óbuda"), and an OEM or Mac capital read as 1252 is such a small vowel ("Luis-àscar",
 * "D'òrsula"), so a capital elided word, a capitalised or one-letter word before the hyphen and
 * the other vowels after it keep their cost (rev11zb ZB1, ZB2). Left: a lower-case "d'" before an
 * OEM or Mac capital ("Oficina d'Úbeda" from Excel for Mac reads "d'òbeda").
 */
function romanceOpening(text: string, i: number): boolean {
  const c = text[i];
  const p = text[i - 1] ?? "";
  const n = text[i + 1] ?? "";
  if (!/[àèìòùâêîôûœ]/.test(c)) return false;
  if (p === "'" || p === "\u2019") {
    const word = letterRun(text, i - 1, true);
    return word !== "" && isLower(word[0]) && ELIDED.test(word) && (c !== "œ" || /[ui]/.test(n));
  }
  if (p === "-") {
    const word = letterRun(text, i - 1, true);
    return /[âêôû]/.test(c) && word.length >= 2 && isLower(word[0]);
  }
  return (
    c === "è" && /[0-9]/.test(p) && (/^(?:me|re)/.test(text.slice(i + 1, i + 3)) || !isLetter(n))
  );
}

/**
 * How unlike a name's letter the character at `i` of `text` (outside ASCII) is, given its
 * neighbours: 0 for a letter where names have it ("ö" in "Schröder", "É" starting a word, a
 * no-break space before a capital or a particle, "’" in "O’Brien"), up to 5 for a byte no text
 * has. A small hand-made model of how letters sit in European and Cyrillic names (h11f): what
 * costs is how another page's letters look when read in the wrong one, e.g. a capital after a
 * small letter ("RenŽe"), a Cyrillic letter beside a Latin one, a symbol beside a letter, a small
 * accented letter starting a word ("îscar"), "ß" after a consonant, "š" after "h"/"c"
 * ("Schršder"), "á" after a diphthong or ending a word after a vowel ("Strauá"), a no-break space
 * before a small word that is no particle ("Ch\u00A0vez") or ending a word in two consonants no
 * word ends in ("Novotn\u00A0"), an apostrophe before a word's last letters after a consonant
 * ("Ram’rez"), a dash before a small letter ("G—mez"). Tuned on lists of real names in each page
 * (test/unit/admin/h11f-page-judgement.test.ts), never deciding alone: judgePage compares sums.
 */
function charCost(text: string, i: number): number {
  const c = text[i];
  const p = i > 0 ? text[i - 1] : "";
  const n = i + 1 < text.length ? text[i + 1] : "";
  if (c === "\ufffd" || (c >= "\u0080" && c <= "\u009f")) return 5;
  if (c === "\u00a0") {
    if (!isLetter(p)) return 0;
    // Ending a word: a stray space ("Novak\u00A0"), unless the word then ends in two consonants
    // no name ends in ("Novotn\u00A0", cp852's "Novotná").
    // Nor after "ov": Czech and Slovak "-ová" ("Kvitov\u00A0" is cp850's and cp852's "Kvitová";
    // rev11x X3).
    if (!isLetter(n)) {
      const word = letterRun(text, i, true);
      return 0.5 + (oddEnding(word) ? 1.5 : /ov$/i.test(word) ? 1 : 0);
    }
    const left = letterRun(text, i, true);
    const right = letterRun(text, i + 1, false);
    // "M\u00A0laga", "S\u00A0nchez": a lone capital then small letters is one word split.
    if (left.length === 1 && isUpper(left) && isLower(n)) return 3;
    if (isUpper(n)) return 0;
    // A one-letter word: "d’Estaing", "s r. o.", "y Gasset"; but not the last letter of a value
    // ("Nov\u00A0k", cp852's "Novák") nor a letter that is no word ("Zolt\u00A0n", "Zoltán").
    if (right.length === 1)
      return i + 2 >= text.length || !ONE_LETTER_WORDS.has(right.toLowerCase()) ? 1.5 : 0;
    if (PARTICLES.has(right.toLowerCase())) return 0;
    // "kov\u00A0" ending the value after a split: cp852's "Nováková".
    return 2;
  }
  if (c === "\u00ad") return isLetter(p) && isLetter(n) ? 2 : 1;
  if (c === "\u2019") {
    if (!isLetter(p) || !isLetter(n) || isUpper(n)) return 0;
    const left = letterRun(text, i, true);
    const right = letterRun(text, i + 1, false);
    // "O’", "d’", "Ng’ang’a": elisions and glottal stops; "Ram’rez", "Garc’a": Mac Roman's "í".
    if (left.length <= 2) return 0;
    // After a vowel it is an ayn or a glottal stop ("Sha’ban", "Isma’il"); Spanish seldom puts
    // "í" there but after "qu"/"gu", whose "u" is silent ("Joaqu’n" is Mac Roman's "Joaquín").
    const afterVowel = VOWEL.test(p) && !/[qg]u$/i.test(left);
    if (afterVowel || text[i - left.length - 1] === "\u2019") return 0.5;
    // An elision before a word of two letters or more that starts with a vowel: Italian and
    // French "Sant’anna", "dell’arte", "l’entreprise" (rev11x X10).
    if (right.length >= 3 && VOWEL.test(right[0])) return 0.5;
    // Before a word's last letters: "Ram’rez", "Mar’a", "Garc’a" ("-ía"); not a second one, as
    // in "Ng’ang’a", nor after a vowel, as in "Hawai’i".
    return right.length >= 2 ? 2 : 1.5;
  }
  if (c === "\u2018") return isLetter(p) ? 1.5 : 0;
  if (c === "\u2013" || c === "\u2014") {
    // Between words or names ("Smith–Jones", "Smith — Jones"); "Pe–a", "G—mez", "Szab—" are
    // Mac Roman's "ñ" and "ó".
    // An en dash joining two words ("Vertrieb–intern") costs little; "G—mez", "Mu–oz",
    // "Casta–o", "Halld—rsson" split one (no name joins words with an em dash before a small
    // letter).
    if (isLetter(p) && isLower(n))
      return c === "\u2013" &&
        letterRun(text, i, true).length >= 3 &&
        letterRun(text, i + 1, false).length >= 3
        ? 0.5
        : 2;
    if (isLetter(p) !== isLetter(n)) return 1.5;
    return c === "\u2014" && isLetter(p) ? 0.3 : 0;
  }
  if (!isLetter(c)) {
    if (/\s/u.test(c)) return 0;
    // Quotation marks opening or closing a word ("Salle “Paris”"), an ellipsis ("Projekt…2025"):
    // typography, not another page's letters (rev11w F13).
    if (/[“‘„«]/u.test(c) && !isLetter(p) && isLetter(n)) return 0.3;
    // A closing mark only after an opening one: "Malm”" alone is cp850's "Malmö" (rev11x X11);
    // German closes „…“ and ‚…‘ (rev11x X5: "Kita „Sonnenschein“").
    const opened = text.slice(0, i);
    if (
      isLetter(p) &&
      !isLetter(n) &&
      ((/[”»]/u.test(c) && /[“«]/u.test(opened)) || (/[“‘]/u.test(c) && /[„‚]/u.test(opened)))
    )
      return 0.3;
    // French guillemets set apart by spaces: "Salle « Paris »" (rev11x X5).
    if (/[«»]/u.test(c) && (c === "«" ? /\s/u.test(n) : /\s/u.test(p))) return 0.3;
    // Not before a small letter: "…berg" is Mac Roman's "Öberg" (rev11x X11).
    if (c === "…" && !isLower(n)) return 0.5;
    if (/[²³]/u.test(c) && /[mc]/.test(p) && !isLetter(n)) return 0.3;
    // A company name's mark after its last letter ("Contoso™ Support", "Fabrikam®"; rev11v
    // findings 3 and 4).
    if (/[™®©]/u.test(c) && isLetter(p) && !isLetter(n)) return 0.5;
    return isLetter(p) || isLetter(n) ? 3 : 1;
  }
  if (!isLatin(c)) {
    // Cyrillic (cp866) is a name's script on its own, never beside Latin letters in one word.
    if (/\p{Script=Cyrillic}/u.test(c)) {
      if (
        (isLetter(p) && !/\p{Script=Cyrillic}/u.test(p)) ||
        (isLetter(n) && !/\p{Script=Cyrillic}/u.test(n))
      )
        return 3;
      return isLower(p) && isUpper(c) ? 2 : 0;
    }
    return 3;
  }
  // Spanish and Portuguese ordinals and abbreviations: "2ª", "1º", "Nº", "Mª José" (rev11y Y4, Y10).
  if ((c === "\u00aa" || c === "\u00ba") && /[0-9A-Zn]/.test(p) && !isLetter(n)) return 0.3;
  if (c === "\u0192" || c === "\u00aa" || c === "\u00ba") return 3;
  // A circumflex stands for a lost "s" before a consonant ("Île", "Benoît"): never before a
  // vowel ("Îuvre" is Mac Roman's "Œuvre").
  const circumflexed = /[âêîôû]/i.test(c) && VOWEL.test(n.toLowerCase()) ? 2 : 0;
  if (isUpper(c)) {
    // Irish "h" before a capital vowel: "Ó hÉigeartaigh", "Ní hÓgáin" (rev11y Y3).
    if (isLower(p)) return /[hnt]/.test(p) && !isLetter(text[i - 2] ?? "") ? 0 : 3;
    // A capital alone is a word only as Irish "Ó" ("Ó Briain"): "Jean-Pierre Ñ Direction" is
    // Mac Roman's em dash.
    // ...and as French "À" opening a name ("À la Carte"; rev11x X5).
    if (!isLetter(p) && !isLetter(n) && c !== "Ó" && !(c === "À" && i === 0)) return 1.5;
    // Inside a word that has small letters: "OÕBrien" is Mac Roman's "O’Brien".
    if (isLetter(p) && /\p{Ll}/u.test(letterRun(text, i, true) + letterRun(text, i + 1, false)))
      return 2;
    // No Icelandic word starts with "Ð": "Ðmidt", "Ðuro" are Windows-1257's "Š", 1250's "Đ" read
    // another way (rev11y Y7).
    if (c === "Ð" && !isLetter(p)) return 2;
    return (COMMON_LETTERS.has(c) ? 0 : 0.5) + circumflexed;
  }
  // A small letter before a capital: "vanÿBeethoven" is cp850's no-break space (0xFF), "SmithóJones"
  // Mac Roman's em dash.
  if (isUpper(n)) return 2;
  let cost = (COMMON_LETTERS.has(c) ? 0 : 0.5) + circumflexed;
  const lower = p.toLowerCase();
  if (c === "ß") return isLetter(p) && VOWEL.test(lower) ? cost : 3;
  // A name's word starts with a capital: "îscar" is Mac Roman's "Óscar", "î Briain" its "Ó
  // Briain", "à Briain" cp850's (names seldom hold French "à": "Thomas à Kempis").
  // French "à", "étage", "école", German "über", Nordic "år", "øst" open words in lower case.
  // (A lone "à" before a capital may be cp850's Irish "Ó", as in "Anna à Briain".)
  if (
    !isLetter(p) &&
    !(
      /[éüäöåæøóíú]/.test(c) ||
      (c === "à" && ((n === " " && isLower(text[i + 2] ?? "")) || n === "-")) ||
      romanceOpening(text, i)
    )
  )
    cost += 1.5;
  // French and Dutch write a word-final "ë" after a vowel ("Zoë", "Noë"; "Brontë" after "t"):
  // after another consonant it is Lithuanian "ė" of Windows-1257 ("Dovilë", "Eglë", "Gintarë").
  // Only beside another Baltic misreading ("Rûta Dovilë"): Albanian ends words so too ("Lekë",
  // "Tiranë"; rev11z Z1).
  if (
    c === "ë" &&
    !isLetter(n) &&
    isLetter(p) &&
    !VOWEL.test(lower) &&
    lower !== "t" &&
    /[ûðÐÞ]/.test(text)
  )
    cost += 2;
  // Icelandic never starts a word with "ð": "Ðmidt" is Windows-1257's "Šmidt".
  if (c === "ð" && !isLetter(p)) cost += 2;
  // Icelandic compounds put "þ" after a letter before "ó" or "r" ("Arnþór", "Bergþóra",
  // "Sigþrúður"; rev11x X1); elsewhere it is Turkish "ş" or Baltic "ž" misread ("Ayþe", "Kaþys").
  if (c === "þ" && isLetter(p) && !/[óor]/.test(n)) cost += 2;
  // French writes "œ" after a consonant ("Cœur", "Phœbe", "Lœwe"), never after a vowel ("Raœl").
  if (c === "œ" && VOWEL.test(lower)) cost += 3;
  // Nor ending a word, or before its last letter: "Hajdœ", "Jesœs" are Mac Roman's "Hajdú",
  // "Jesús" (French "œ" is followed by "u", "il" or a syllable: "cœur", "œil", "fœtus").
  if (c === "œ" && (!isLetter(n) || (!VOWEL.test(n.toLowerCase()) && !isLetter(text[i + 2] ?? ""))))
    cost += 2;
  // cp850's "ß" (0xE1) is Windows-1252's "á": after a diphthong ("Weiá", "Meiáner"), ending a
  // word after a vowel ("Strauá") or after "o"/"a" ("Groámann") it is German "ß"; "Suárez",
  // "Beáta", "Adriána" keep theirs.
  if (c === "á") {
    const before = letterRun(text, i, true).toLowerCase();
    if (/(ei|au|eu|äu|ie)$/.test(before) || (!isLetter(n) && VOWEL.test(lower))) cost += 2;
    else if (/[oa]$/.test(before)) cost += 1.5;
  }
  // "Schršder", "Fršhlich", "Bjšrn" are Mac Roman's "ö": no Slavic name puts "š" after "h", "c"
  // "j" or three consonants, or before "h".
  if (
    /[šžčř]/.test(c) &&
    (/[hcj]/.test(lower) ||
      n === "h" ||
      [...letterRun(text, i, true).slice(-3)].filter((l) => !VOWEL.test(l)).length === 3)
  )
    cost += 2;
  if (/[šž]/.test(c) && isUpper(p) && !isLetter(i > 1 ? text[i - 2] : "")) cost += 2;
  // Czech and Slovak end a word in "š"/"ž" after a vowel ("Tomáš", "Miloš", "Ambrož"); "Malmš"
  // is Mac Roman's "Malmö".
  // Latvian ends one after a softened consonant ("Bērziņš", "Kalniņš"; rev11x X2).
  if (/[šž]/.test(c) && !isLetter(n) && isLetter(p) && !VOWEL.test(lower) && p < "\u0080")
    cost += 1.5;
  // German writes "äu" ("Gebäude"), Finnish "äi", "äy", "ää", "öö" ("Hämäläinen"; rev11w F12).
  // Spanish "güe", "güi" ("Agüero", "Argüelles"; rev11x X5).
  if (
    /[äöü]/.test(c) &&
    VOWEL.test(n.toLowerCase()) &&
    !/[iuyäö]/i.test(n) &&
    // Finnish "Mäenpää"; but "-äes" is cp850's Portuguese "-ões" ("Simäes").
    !(c === "ä" && n === "e" && !/^es(?!\p{L})/u.test(text.slice(i + 1))) &&
    !(c === "ü" && lower === "g")
  )
    // German "ä" before "a"/"o" is rare but real ("Häagen-Dazs", "Archäologie"; rev11z Z5).
    cost += c === "ä" && /[ao]/.test(n) ? 1 : 1.5;
  // Spanish "ñ" always comes before a vowel ("Peña", "Muñoz"): "Kamiñska" is Windows-1250's
  // "Kamińska" read as Windows-1252 (rev11w F2).
  if (c === "ñ" && !VOWEL.test(n.toLowerCase())) cost += 2;

  // Portuguese writes "õ" before "e" ("Simões", "põe") and "ã" before "o", "e", "s" or ending a
  // word ("São", "mães", "irmã"): "Erdõs", "Dezsõ", "Bãlan" are Hungarian "ő" and Romanian "ă" of
  // Windows-1250 (rev11x X6).
  // Estonian writes "õ" before "i" and "u" too ("Kõiv", "Rõuge").
  // Only where the value looks Hungarian (an acute accent, which Estonian never writes, or "sz",
  // "gy", "cs", "zs", "ny", "ly" in the word): Estonian "Tõnu", "Põder" read right in Windows-1252
  // (rev11y Y2).
  // Hungarian "ű" reads "û" the same way ("Fûzfa", "Szûcs").
  if (c === "õ" && !/[eiu]/i.test(n) && hungarianLooking(text, i, true)) cost += 2;
  if (c === "û" && hungarianLooking(text, i, false)) cost += 2;
  // French writes "è" and Italian and Catalan "ò" before a consonant or ending a word ("Hélène",
  // "Niccolò", "Pròsper"), never before a vowel: "Kuèera", "Ozoliòa" are Windows-1250's "č" and
  // 1257's "ņ" (rev11x X2).
  // (Scottish Gaelic writes "Sèamas", "NicLeòid": before "a" and "i" they stay; rev11z Z6.)
  if ((c === "è" && /[eo]/.test(n)) || (c === "ò" && /[aeo]/.test(n))) cost += 2;
  // Nor ending a word after "i": "Kovaèiè" is Slovene "Kovačič" of Windows-1250.
  if (c === "è" && lower === "i" && !isLetter(n)) cost += 2;
  // French "ÿ" follows a small vowel ("L’Haÿ", "Louÿs"), and no accented vowel another ("Èÿ Ëè"
  // is Windows-1251's "Ия Ли"; rev11w F15).
  if (c === "ÿ" && !/[aeiou]/.test(p)) cost += 2;
  // (Finnish doubles "ää" and "öö", and writes "äy", "yö": those are not such pairs.)
  if (/[èéêëìíîïòóôùúûý]/.test(c) && /[À-ÖØ-öø-ÿ]/.test(p) && isLetter(p) && !/[äöüÄÖÜ]/.test(p))
    cost += 2;
  // Polish "ń" stands before a consonant or ends a word ("Gdańsk", "Stań"): "Hńagen" is cp852's
  // reading of "Häagen".
  if (c === "ń" && VOWEL.test(n.toLowerCase())) cost += 2;
  if (c === "ã" && isLetter(n) && !/[oes]/i.test(n)) cost += 2;
  // Danish and Norwegian write æ ø å after consonants ("Sæther", "Bræk"); "Zoæ" is cp850's "Zoë".
  // After an accented vowel they are another page's letters: "Kanceláø" is Windows-1250's
  // "Kancelář" (rev11x X2).
  // Swedish and Danish compounds put "å" after a vowel ("nyårsfest", "Umeå", "Braås").
  if (/[æø]/.test(c) && VOWEL.test(lower))
    cost += /[a-z]/.test(lower) && (c !== "æ" || isLetter(n)) ? 1.5 : 2.5;
  if (c === "å" && VOWEL.test(lower) && !/[a-z]/.test(lower)) cost += 2.5;
  return cost;
}

/**
 * Whether the word at `i` holds a Hungarian digraph, or (`acute`) the value an acute accent, which
 * Estonian never writes; French "Crème Brûlée" has one, so "û" asks for a digraph (charCost).
 */
function hungarianLooking(text: string, i: number, acute: boolean): boolean {
  const word = letterRun(text, i, true) + letterRun(text, i, false);
  if (/sz|gy|cs|zs|ny|ly/i.test(word)) return true;
  if (!acute) return false;
  // The word and its neighbours: a Hungarian name is two words ("Erdõs Péter").
  const start = i - letterRun(text, i, true).length;
  const near =
    text.slice(0, start).split(/\s+/).slice(-2).join(" ") +
    text.slice(start).split(/\s+/).slice(0, 2).join(" ");
  return /[áéíóúÁÉÍÓÚ]/.test(near);
}

/** Two consonants names end words in ("Beck", "Schmidt", "Lang"); others ("Novotn") show a lost letter. */
const WORD_ENDINGS = new Set(
  "ck ch sh th ph gh ng nk nd nt nn ll lt ld lf lm lk rt rd rn rs rk rg rm rz rf rp sz cz st ss tt ff mm tz ks ns ds ts ft pt mp mb rh".split(
    " "
  )
);

/** Whether a word ends in two consonants that end no name's word (WORD_ENDINGS). */
function oddEnding(word: string): boolean {
  const end = word.slice(-2).toLowerCase();
  return /^[b-df-hj-np-tv-xz]{2}$/.test(end) && !WORD_ENDINGS.has(end);
}

/** How unlike names a reading of a value is: charCost summed over its characters outside ASCII. */
export function readingCost(text: string): number {
  let cost = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) cost += charCost(text, i);
  return cost;
}

/**
 * Whether a value's Windows-1252 reading reads as no name (readingCost, with a word no one
 * Western language writes; CLEAR_MARGIN): such a value may be a part in another page, so csv.ts
 * keeps it for judgePage past the first names (rev11x X4).
 */
export function oddAsWindows1252(value: string): boolean {
  const foreign = writtenIn(value, "", "windows-1252") ? 0 : FOREIGN_WORD;
  return readingCost(value) + foreign >= CLEAR_MARGIN;
}

/** A value of a file read as Windows-1252, as each candidate page reads it (judgePage). */
export interface PageReadings {
  /** Index of the value in judgePage's `values`. */
  index: number;
  /** Each page's reading: [page name, text], Windows-1252 first. */
  readings: [string, string][];
}

/**
 * A value whose own row (or another file) proves another page than the file's (judgePage): a
 * part written by another program, e.g. appended with cmd's ">>" in the console's OEM page.
 */
export interface MixedValue {
  index: number;
  page: string;
  id: string;
  text: string;
  /** The row's own values spell that page's reading; else it reads as a name only there. */
  spelled: boolean;
}

/** What judgePage found: the page the file is in, or that no page clearly wins. */
export type PageJudgement =
  | { verdict: "windows-1252"; mixed: MixedValue[] }
  | { verdict: "page"; page: string; id: string; index: number; text: string; mixed: MixedValue[] }
  | { verdict: "unsure"; index: number; readings: [string, string][] };

/**
 * The page a file read as Windows-1252 is in, judged from all its values outside ASCII as a
 * whole (h11f), among Windows-1252, cp850, cp437, cp852, cp866, Mac Roman and, where a spelling
 * proves them, Windows-1250, 1254 and 1257 (JUDGED_PAGES; decoded by iconv-lite; `values` are as
 * read in Windows-1252, U+0081 ... U+009D going back to their bytes).
 * First the names that can be compared: a page's reading of a value agrees when `known` says
 * another file spells that name the same, or when the value's row spells its words in ASCII
 * (`evidence[i]`, rowEvidence: "Dvořák" in jan.dvorak@; spelledAs). The page with most such
 * agreements wins (ties: Windows-1252, then how the names read), and each value whose own row
 * proves another page than the winner is returned in `mixed` (rev11v findings 1, 2, 5).
 * Without such proof, each page's readings (WESTERN_PAGES only) are scored by how names read
 * (readingCost, summed) and a page other than Windows-1252 is named only when it reads clearly
 * better than Windows-1252 and every other page that reads the names otherwise. When none
 * clearly wins and Windows-1252 reads as no names, the verdict is "unsure" with the first value
 * the choice changes, as each candidate reads it. Windows-1252 otherwise: it is what Excel's
 * plain "CSV" and Windows PowerShell 5.1's -Encoding Default write on a Western Windows.
 * Source of the byte layouts: Microsoft, "Code Page Identifiers"; the tables are iconv-lite's.
 */
export function judgePage(
  values: readonly string[],
  known?: (name: string) => boolean,
  evidence?: readonly (readonly string[])[]
): PageJudgement {
  const pages = JUDGED_PAGES.length;
  const western = WESTERN_PAGES.length;
  const cost = new Array<number>(pages).fill(0);
  const agree = new Array<number>(pages).fill(0);
  const texts: string[][] = [];
  /** Per value, the pages whose reading its row or another file proves (bit k: page k). */
  const proven: number[] = [];
  /** Per value, each page's readingCost of it. */
  const costs: number[][] = [];
  for (const [i, value] of values.entries()) {
    const bytes = windows1252Bytes(value);
    const row = [value];
    for (let k = 1; k < pages; k++) {
      row.push(bytes ? iconv.decode(bytes, JUDGED_PAGES[k][0]) : value);
    }
    texts.push(row);
    let proof = 0;
    const rowCosts = new Array<number>(pages).fill(0);
    costs.push(rowCosts);
    const spells = row.map((text, k) =>
      k === 0 || text !== value ? spelledAs(text, evidence?.[i] ?? []) : 0
    );
    const best = Math.max(...spells);
    for (let k = 0; k < pages; k++) {
      // A word no one language of the page writes costs as a misread letter does (writtenIn).
      rowCosts[k] =
        k !== 0 && row[k] === value
          ? rowCosts[0]
          : readingCost(row[k]) +
            (writtenIn(row[k], k === 0 ? "" : value, JUDGED_PAGES[k][0]) ? 0 : FOREIGN_WORD);
      cost[k] += rowCosts[k];
      if (k !== 0 && row[k] === value) continue;
      // A reading that spells more of the value's words than any other, or a name another file
      // has: that page wrote the value.
      const spelled = best > 0 && spells[k] === best;
      if (spelled || (known && known(row[k]))) {
        agree[k]++;
        proof |= 1 << k;
      }
    }
    // The Windows-1252 reading stands for every page that reads the value alike: "Gökhan" is
    // spelled in Windows-1254 as much as in 1252 (rev11w F4).
    for (let k = 1; k < pages; k++)
      if (row[k] === value && proof & 1) {
        proof |= 1 << k;
        agree[k]++;
      }
    proven.push(proof);
  }
  const differs = (k: number, j: number) => texts.findIndex((row) => row[k] !== row[j]);
  const mixedAt = (index: number, j: number, spelled: boolean): MixedValue => ({
    index,
    page: JUDGED_PAGES[j][1],
    id: JUDGED_PAGES[j][0],
    text: texts[index][j],
    spelled,
  });
  /**
   * Whether the file's values rule page `j` out: one its row or another file spells proves a
   * reading `j` does not give, or one reads as a plain name in Windows-1252 and clearly not in
   * `j` ("Jürgen Weiß" is cp850's "J³rgen Wei▀": a cp850 "Novotn\u00A0" among such names is a
   * part appended in cp850, not the file's page; rev11w F5).
   */
  const ruled = new Map<number, boolean>();
  const ruledOut = (j: number): boolean => {
    let out = ruled.get(j);
    if (out === undefined) {
      out = proven.some(
        (proof, i) =>
          (proof !== 0 && !(proof & (1 << j))) ||
          (proof === 0 &&
            texts[i][j] !== texts[i][0] &&
            costs[i][0] <= MIXED_PLAIN &&
            costs[i][j] - costs[i][0] >= CLEAR_MARGIN)
      );
      ruled.set(j, out);
    }
    return out;
  };
  /**
   * The page an unproven value points to, or -1: one whose reading of it is a plain name (cost
   * at most MIXED_PLAIN) written in that page's languages (writtenIn), where Windows-1252's
   * reading is a word no one language writes or reads clearly worse (CLEAR_MARGIN): "Úètárna" is
   * Windows-1250's "Účtárna", "Kamiñska" its "Kamińska", "Zo‘ Martin" Mac Roman's "Zoë Martin"
   * (rev11x X2, X3). cp866 reads Windows-1252's symbols as lone Cyrillic letters ("Contoso Х
   * Sales"), no plain name of a Latin file (rev11x X10); a reading in no language of its page
   * ("Hafşór": no Turkish name has "ó") points nowhere (rev11x X1).
   */
  const pointsTo = (i: number): number => {
    const row = texts[i];
    const c = costs[i];
    // An address or a list of them is no name (rev11x X8): the resolver judges those.
    if (row[0].includes("@")) return -1;
    let best = -1;
    for (let j = 1; j < pages; j++) {
      const id = JUDGED_PAGES[j][0];
      if (id === "cp866" || row[j] === row[0] || c[j] > MIXED_PLAIN) continue;
      // Windows-1251's names are Cyrillic throughout ("Иван Петров"), never Latin words with a
      // Cyrillic letter for a symbol.
      if (id === "cp1251" && /\p{Script=Latin}/u.test(row[j])) continue;
      // A Western page's plain reading first: Windows-1257's "Strauį" is no likelier than
      // cp850's "Strauß" for costing less.
      if (best < 0 || ((j < western || best >= western) && c[j] < c[best])) best = j;
    }
    if (best < 0) return -1;
    // Windows-1250, 1254 and 1257 share most letters with Windows-1252 and read its Nordic ones
    // as theirs ("Aaø" as "Aař"): their reading must win by more (rev11y Y1).
    return c[0] - c[best] >= (best < western ? CLEAR_MARGIN : MIXED_ODD) ? best : -1;
  };
  const mixedFor = (k: number): MixedValue[] => {
    const out: MixedValue[] = [];
    for (const [i, proof] of proven.entries()) {
      const row = texts[i];
      if (proof !== 0) {
        if (proof & (1 << k)) continue;
        out.push(
          mixedAt(
            i,
            [...Array(pages).keys()].find((p) => proof & (1 << p))!,
            true
          )
        );
        continue;
      }
      // Unproven either way: a value that reads as no name in the file's page but plainly as one
      // in a page the file's spelled names rule out is a part written in that page (a line
      // appended by cmd's ">>"; rev11w F5: "Eva Novotn\u00A0" among Windows-1252 names is
      // cp850's "Eva Novotná"). A page they do not rule out is the file's (winner).
      if (k === 0) {
        const j = pointsTo(i);
        if (j >= 0 && ruledOut(j)) out.push(mixedAt(i, j, false));
        continue;
      }
      const c = costs[i];
      if (k >= western || c[k] < MIXED_ODD) continue;
      let plain = -1;
      for (let j = 0; j < western; j++)
        if (
          WESTERN_PAGES[j][0] !== "cp866" &&
          row[j] !== row[k] &&
          c[j] <= MIXED_PLAIN &&
          (plain < 0 || c[j] < c[plain])
        )
          plain = j;
      if (plain >= 0) out.push(mixedAt(i, plain, false));
    }
    return out;
  };
  /**
   * The page unproven values point to that no spelled value rules out (pointsTo), the one most
   * point to, with the first such value; null when none.
   */
  const pointedPage = (): { page: number; index: number } | null => {
    const votes = new Map<number, { count: number; gain: number; index: number }>();
    for (const [i, proof] of proven.entries()) {
      if (proof !== 0) continue;
      const j = pointsTo(i);
      if (j < 0 || ruledOut(j)) continue;
      const vote = votes.get(j) ?? { count: 0, gain: 0, index: i };
      vote.count++;
      vote.gain += costs[i][0] - costs[i][j];
      votes.set(j, vote);
    }
    let best: { page: number; index: number; count: number } | null = null;
    for (const [page, vote] of votes) {
      // Windows-1250, 1254 and 1257 need more than one Nordic "Aaø" or Estonian "Tõnu" (read
      // as "Aař", "Tőnu"): a Hungarian file has many "Erdõs" (rev11x X6).
      // Windows-1250, 1254 and 1257 need more than one Nordic "Aaø" or Estonian "Tõnu": a
      // Hungarian file has many "Erdõs" (rev11x X6).
      if (page >= western && vote.gain < MIXED_ODD) continue;
      if (!best || vote.count > best.count || (vote.count === best.count && page < best.page))
        best = { page, ...vote };
    }
    return best;
  };
  const winner = (k: number): PageJudgement => {
    const mixed = mixedFor(k);
    if (k === 0) {
      // Windows-1252 by a tie or by default: values that read as names only in a page nothing
      // rules out make that the file's page ("Kanceláø Brno" among "Jan Novák" rows that read
      // alike in Windows-1250: a Czech Excel's file, whose shared mailboxes would be published
      // garbled; rev11x X2).
      const pointed = pointedPage();
      if (!pointed) return { verdict: "windows-1252", mixed };
      return {
        verdict: "page",
        page: JUDGED_PAGES[pointed.page][1],
        id: JUDGED_PAGES[pointed.page][0],
        index: pointed.index,
        text: texts[pointed.index][pointed.page],
        mixed: mixedFor(pointed.page),
      };
    }
    const index = differs(k, 0);
    if (index < 0) return { verdict: "windows-1252", mixed };
    return {
      verdict: "page",
      page: JUDGED_PAGES[k][1],
      id: JUDGED_PAGES[k][0],
      index,
      text: texts[index][k],
      mixed,
    };
  };
  // Names that can be compared decide (the reviewer's rule (a), and the rows' own addresses).
  const most = Math.max(...agree);
  if (most > 0) {
    let best = -1;
    for (let k = 0; k < pages; k++)
      if (agree[k] === most && (best < 0 || cost[k] < cost[best])) best = k;
    if (agree[0] === most) {
      // Windows-1252 keeps a tie unless another page reads the names both spell clearly better
      // ("Kamiñska", spelled by anna.kaminska@ as much as Windows-1250's "Kamińska"; rev11w F2).
      // Only those names weigh: an unspelled "Hafþór" reads better as Windows-1254's "Hafşór",
      // which says nothing of the file's page (rev11x X1).
      best = 0;
      let clearest = 0;
      for (let k = 1; k < pages; k++) {
        if (agree[k] !== most) continue;
        let gain = 0;
        for (const [i, proof] of proven.entries())
          if (proof & 1 && proof & (1 << k) && texts[i][k] !== texts[i][0])
            gain += costs[i][0] - costs[i][k];
        // The first page of equal gain: the table's order (Windows-1250 before 1257).
        if (gain >= (k >= western ? MIXED_ODD : CLEAR_MARGIN) && (best === 0 || gain > clearest)) {
          best = k;
          clearest = gain;
        }
      }
    }
    return winner(best);
  }
  // A page only its values' readings point to (Windows-1251's "Ян Ли" for "ßí Ëè"; rev11w F15),
  // when it reads them better than every Western page.
  const pointed = pointedPage();
  if (pointed && pointed.page >= western) {
    const k = pointed.page;
    if ([...Array(western).keys()].every((j) => cost[k] < cost[j])) return winner(k);
  }
  // Between equal costs, the reading with fewer Latin Extended letters: Mac Roman's "Büro" reads
  // "Bčro" in cp852, a reading no Central European name would tie with.
  const ext = new Array<number>(western).fill(0);
  for (const row of texts)
    for (let k = 0; k < western; k++)
      for (let i = 0; i < row[k].length; i++) {
        const code = row[k].charCodeAt(i);
        if (code >= 0x100 && code <= 0x24f) ext[k]++;
      }
  let best = 0;
  for (let k = 1; k < western; k++)
    if (cost[k] < cost[best] || (cost[k] === cost[best] && ext[k] < ext[best])) best = k;
  if (best !== 0 && cost[0] - cost[best] >= CLEAR_MARGIN) {
    // Every other page that reads the names otherwise must be clearly worse too.
    const rivals = [...Array(western).keys()].filter(
      (k) =>
        k !== best &&
        k !== 0 &&
        differs(k, best) >= 0 &&
        cost[k] - cost[best] < CLEAR_MARGIN &&
        !(cost[k] >= cost[best] && ext[k] > ext[best])
    );
    if (rivals.length === 0) return winner(best);
  }
  if (cost[0] < ODD_READING || best === 0) return winner(0);
  // None clearly wins and Windows-1252 reads as no names: the candidates that read better.
  const order = [...Array(western).keys()]
    .filter((k) => k === 0 || cost[k] < cost[0])
    .sort((a, b) => cost[a] - cost[b]);
  const index = Math.max(0, differs(order[0], order[1] ?? 0));
  const seen = new Set<string>();
  const readings: [string, string][] = [];
  for (const k of order) {
    if (seen.has(texts[index][k])) continue;
    seen.add(texts[index][k]);
    readings.push([JUDGED_PAGES[k][1], texts[index][k]]);
  }
  return { verdict: "unsure", index, readings };
}
