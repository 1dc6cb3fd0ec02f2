/** Something in the input (or the output folder) that stops a build: where, what, and how to fix it. */
export interface Problem {
  /** File name as the admin knows it, e.g. "mailboxes.csv", or a path for folders. */
  file: string;
  /** 1-based line in the file (the header is line 1). */
  line?: number;
  column?: string;
  message: string;
  fix: string;
}

/** Enough to fix a broken export in one go without drowning the terminal. */
export const MAX_PROBLEMS = 200;

export class Problems {
  readonly list: Problem[] = [];
  /** Problems not kept because the list was full. */
  overflow = 0;

  /** Problems told from a value's text alone, which a later diagnosis of the same value replaces. */
  private readonly provisional = new Set<Problem>();

  add(problem: Problem): void {
    // One diagnosis per value: a diagnosis that knows more (another file's real name, the
    // recipient it names) replaces one told from the text alone (rev11d finding 11).
    if (this.provisional.size > 0 && problem.line !== undefined) {
      for (const p of this.provisional) {
        if (p.file !== problem.file || p.line !== problem.line || p.column !== problem.column)
          continue;
        this.provisional.delete(p);
        const at = this.list.indexOf(p);
        // Removed meanwhile by a reader that replaced it itself: the new one is simply added.
        if (at < 0) continue;
        this.list[at] = problem;
        return;
      }
    }
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
    else this.overflow++;
  }

  /** Whether `problem` was added by addProvisional and not replaced since. */
  isProvisional(problem: Problem): boolean {
    return this.provisional.has(problem);
  }

  /**
   * Adds a problem told from a value's text alone (its file, line and column set): a later `add`
   * for the same file, line and column takes its place instead of adding a second diagnosis.
   */
  addProvisional(problem: Problem): void {
    const before = this.list.length;
    this.add(problem);
    if (this.list.length > before) this.provisional.add(problem);
  }

  /**
   * Takes back the provisional problem at `file`, `line` and `column`, when a later reading
   * proves the value right (h11f: another file spells a name exactly as a file judged to be in
   * another code page reads it in Windows-1252). Whether one was taken back.
   */
  withdrawProvisional(file: string, line: number, column: string): boolean {
    for (const p of this.provisional) {
      if (p.file !== file || p.line !== line || p.column !== column) continue;
      this.provisional.delete(p);
      const at = this.list.indexOf(p);
      if (at >= 0) this.list.splice(at, 1);
      return at >= 0;
    }
    return false;
  }

  get count(): number {
    return this.list.length + this.overflow;
  }

  get full(): boolean {
    return this.list.length >= MAX_PROBLEMS;
  }
}

/**
 * Control characters (C0 but tab and line feed, DEL, C1) and invisible or direction-changing
 * characters (zero-width, soft hyphen, bidi embeddings, overrides and isolates, BOM), and
 * space-like ones (no-break space, U+2000-U+200A, ideographic space U+3000, Hangul fillers) that
 * pass for an ordinary space on screen (rev11 finding 6): what a
 * damaged or hostile export can put in a value, and what a terminal would hide or obey.
 */
const UNPRINTABLE =
  // Controls but tab and line feed, every format character (\p{Cf}: bidi controls, zero-width
  // characters, tags U+E0000-E007F, U+180E...), every default-ignorable code point (U+034F,
  // variation selectors, Hangul fillers: Unicode's "invisible unless shown"), line and paragraph
  // separators, and the characters that pass for a space (rev11r LOW 8: a tag letter and U+180E
  // were printed raw).
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\u00a0\u2000-\u200a\u202f\u205f\u3000\u2800]/gu;

/** "\u200B", or "\u{E0041}" beyond the Basic Multilingual Plane: as JavaScript writes it. */
function escaped(c: string): string {
  const code = c.codePointAt(0)!;
  const hex = code.toString(16).toUpperCase();
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, "0")}`;
}

/**
 * `text` with every character outside printable ASCII written as its escape ("\u034F",
 * "\u{E0041}"), as printable writes the invisible ones: for an address that holds a hidden
 * character, where any letter beyond ASCII may be the trick (one notation in every message:
 * rev11r LOW 8).
 */
export function escapedNonAscii(text: string): string {
  return text.replace(/[^\x21-\x7e]/gu, escaped);
}

/**
 * Text for the terminal: each character of UNPRINTABLE written as its escape ("\u200B"), so the
 * admin sees what is in the file and a value cannot rewrite the terminal's line. Only stderr and
 * stdout get this; --report's JSON keeps the values as they are (JSON escapes control characters).
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escaped);
}

/**
 * printable for JSON text: each such character written as JSON's own escape ("\u200B", an astral
 * one as its two UTF-16 halves, "\uDB40\uDC41"), so what lookup prints stays valid JSON with the
 * same values while the terminal shows the characters it would hide or obey (rev11t LOW 7).
 */
export function printableJson(json: string): string {
  return json.replace(UNPRINTABLE, (c) =>
    Array.from(
      { length: c.length },
      (_, i) => `\\u${c.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0")}`
    ).join("")
  );
}

/**
 * printable, and a line break or tab written as its escape too: for text that must stay on its
 * one line, so a value (a file name, a cell) cannot start a line that reads as the tool's own
 * ("  fix: all good"; rev11o finding 2).
 */
export function printableLine(text: string): string {
  return printable(text).replace(/[\t\n]/g, escaped);
}

export function formatProblem(p: Problem): string {
  const where = `${p.file}${p.line !== undefined ? `, line ${p.line}` : ""}${
    p.column ? `, column ${p.column}` : ""
  }`;
  return `${printableLine(`${where}: ${p.message}`)}\n    fix: ${printableLine(p.fix)}`;
}
