// Reading one large JSON document a slice at a time. JSON.parse of a 50,000-mailbox shard
// (about 9 MB) is one uninterruptible task of around 100 ms, and everything done to the parsed
// value after it (validation, normalisation, the cache copy) used to run in the same task: the
// pane froze for half a second (issue 14). Here the document's one big array is found with a
// cheap scan and handed out in pieces that JSON.parse separately, with a pause between pieces.
//
// Nothing here decides whether the text is valid: a caller parses the pieces and, when any piece
// or the rest fails, goes back to parsing the whole text in one go, so errors (and their wording)
// stay exactly those of JSON.parse.

/** Lets the page paint and handle input before the next slice of work. */
export type Pause = () => Promise<void>;

/** Where the array under one top-level key lies, cut into pieces. */
export interface ArraySplit {
  /** Index of the array's "[". */
  open: number;
  /** Index of the array's "]". */
  close: number;
  /**
   * Each piece as [start, end) into the text: the elements between "[" and "]" separated at
   * commas of the array's own level, so `[` + piece + `]` is an array of whole elements. A piece
   * is at least about `pieceChars` long (the last may be shorter). One blank piece for "[]".
   */
  pieces: [number, number][];
  /** The text without the array: "[]" in its place, for JSON.parse of everything else. */
  rest: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Index of the quote that ends the string whose opening quote is at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return -1;
    // A quote after an odd number of backslashes is escaped.
    let slashes = 0;
    for (let j = at - 1; text.charCodeAt(j) === BACKSLASH; j--) slashes++;
    if (slashes % 2 === 0) return at;
  }
}

/** The value of a JSON string literal's body (between its quotes), or null when it is not one. */
function keyOf(text: string, open: number, close: number): string | null {
  const body = text.slice(open + 1, close);
  if (body.indexOf("\\") < 0) return body;
  try {
    // "mail\u0062oxes" is the key "mailboxes" to JSON.parse, so it must be to us too.
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return null;
  }
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Walks the top-level object from `from` (at `depth`, outside strings): with `stopAtKey`, up to
 * the "[" that opens the value of `key`, else to the end of the text, refusing a second `key`.
 * Returns the index where it stopped (the "[", or the text's length), or -1 when the text is
 * not shaped so: not an object, `key` missing, present twice or not an array, unbalanced.
 */
function walkTopLevel(
  text: string,
  key: string,
  from: number,
  depth: number,
  stopAtKey: boolean
): number {
  // At depth 1: is the next string a key? And was the last key `key` (its value comes next)?
  let expectKey = false;
  let valueNext = false;
  // Walking on from inside the object, its opening brace is behind us.
  let opened = depth > 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (depth === 0) {
      if (opened || c !== OPEN_BRACE) return -1; // not one object, or something after it
      opened = true;
    }
    if (valueNext && c !== COLON) return c === OPEN_BRACKET ? i : -1;
    switch (c) {
      case QUOTE: {
        const end = stringEnd(text, i);
        if (end < 0) return -1;
        if (depth === 1 && expectKey) {
          expectKey = false;
          if (keyOf(text, i, end) === key) {
            // Twice: JSON.parse keeps the last one, so the caller must read it all.
            if (!stopAtKey) return -1;
            valueNext = true;
          }
        }
        i = end;
        break;
      }
      case OPEN_BRACE:
      case OPEN_BRACKET:
        if (++depth === 1) expectKey = true;
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        if (--depth < 0) return -1;
        break;
      case COMMA:
        if (depth === 1) expectKey = true;
        break;
    }
  }
  return stopAtKey || depth !== 0 ? -1 : text.length;
}

/** Index of the "]" that closes the array whose elements' level `from` is at (outside strings), or -1. */
function arrayClose(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      if (i < 0) return -1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) return c === CLOSE_BRACKET ? i : -1;
      depth--;
    }
  }
  return -1;
}

/**
 * Finds the array that is the value of `key` in the JSON object `text` and cuts its elements
 * into pieces of at least `pieceChars`. Null when the text is not shaped so (not an object, the
 * key missing, present twice, or not an array, unbalanced brackets): the caller then parses the
 * whole text, which gives the usual answer or error.
 *
 * Only the text around the array is walked character by character. Inside it, a cut is the
 * next "},{" (or "],[" for arrays of arrays, blanks allowed around the comma) at least
 * `pieceChars` on, found by a regular expression: the same characters inside a string or a
 * deeper level would make a piece that is not whole elements, and JSON.parse of that piece
 * fails (parsePiece), so a wrong cut can cost time (the caller reads the whole text) but never
 * change an answer. Elements that are not objects or arrays are not cut.
 */
export async function splitArrayField(
  text: string,
  key: string,
  pieceChars: number,
  pause: Pause
): Promise<ArraySplit | null> {
  const open = walkTopLevel(text, key, 0, 0, true);
  if (open < 0) return null;
  let first = open + 1;
  while (first < text.length && isSpace(text.charCodeAt(first))) first++;
  const kind = text.charCodeAt(first);
  const separator =
    kind === OPEN_BRACE ? /\}\s*,\s*\{/g : kind === OPEN_BRACKET ? /\]\s*,\s*\[/g : null;
  const pieces: [number, number][] = [];
  let start = open + 1;
  while (separator) {
    separator.lastIndex = start + pieceChars;
    const next = separator.exec(text);
    if (!next) break;
    const comma = next.index + next[0].indexOf(",");
    pieces.push([start, comma]);
    start = comma + 1;
    await pause();
  }
  const close = arrayClose(text, start);
  if (close < 0) return null;
  pieces.push([start, close]);
  if (walkTopLevel(text, key, close + 1, 1, false) < 0) return null;
  return { open, close, pieces, rest: `${text.slice(0, open)}[]${text.slice(close + 1)}` };
}

/**
 * The elements of one piece of a split: JSON.parse of `[` + piece + `]`. Null when the piece is
 * not a list of whole elements (the text was not valid JSON): only a lone blank piece ("[]"
 * itself) may be empty, since an empty piece between two commas is a syntax error in the whole.
 */
export function parsePiece(text: string, split: ArraySplit, index: number): unknown[] | null {
  const [start, end] = split.pieces[index];
  let elements: unknown;
  try {
    elements = JSON.parse(`[${text.slice(start, end)}]`);
  } catch {
    return null;
  }
  if (!Array.isArray(elements)) return null;
  if (elements.length === 0 && split.pieces.length > 1) return null;
  return elements;
}
