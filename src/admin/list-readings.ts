// Reading a Send on Behalf value joined into one cell (GrantSendOnBehalfTo with "," or ";", or
// names separated by spaces): which cuts of it name recipients, and which runs of it name no
// one. Display names may hold "," and ";" themselves, so a value is cut only where each piece
// names a recipient. The resolver (resolve.ts) decides from these readings what is granted and
// what is lost; moved out of it unchanged, so this part reads on its own.
import { misDecodedReadings } from "./decode";
import type { QuestionNames } from "./question-names";
import { firstInvisible } from "./read";
import type { RecipientIndex } from "./recipients";
import { stripInvisible } from "./resolve-texts";

/** Readings of a ","-joined Send on Behalf value looked for; two different ones already say "ambiguous". */
export const MAX_READINGS = 16;
/**
 * A value cut into more pieces than this is weighed with pieces of at most MAX_LONG_SPAN tokens
 * (a name holds a few separators at most: "Weiß, Jürgen", "contoso.com/Users/Weiß, Jürgen"), so
 * the work grows with the list, not with its square: GrantSendOnBehalfTo has no limit, and a
 * shared mailbox with hundreds of delegates joined with "," is real (rev11c finding 3).
 */
export const MAX_COMMA_PIECES = 200;
/** The most tokens one piece of a long list may span (see MAX_COMMA_PIECES). */
export const MAX_LONG_SPAN = 6;

/** The readings of joined values against the exported recipients. */
export class ListReadings {
  constructor(
    private readonly recipients: RecipientIndex,
    private readonly questionNames: QuestionNames
  ) {}

  /**
   * The runs of `tokens` that no piece of at most MAX_LONG_SPAN tokens names (joined back with
   * `sep`, "Ghost, User" stays whole), and how many tokens some piece names.
   */
  unnamedRuns(tokens: string[], sep: string): { unnamed: string[]; named: number } {
    const covered = new Array<boolean>(tokens.length).fill(false);
    for (let i = 0; i < tokens.length; i++)
      for (let j = i + 1; j <= Math.min(tokens.length, i + MAX_LONG_SPAN); j++) {
        const text = tokens.slice(i, j).join(sep).trim();
        if (text !== "" && this.identifiable(text)) covered.fill(true, i, j);
      }
    const unnamed: string[] = [];
    let run: string[] = [];
    for (let i = 0; i <= tokens.length; i++) {
      if (i < tokens.length && !covered[i]) run.push(tokens[i]);
      else if (run.length > 0) {
        const text = run.join(sep).trim();
        if (text !== "") unnamed.push(text);
        run = [];
      }
    }
    return { unnamed, named: covered.filter(Boolean).length };
  }

  /**
   * A GrantSendOnBehalfTo value written through a [string] cast or "$(...)" (PowerShell joins the
   * list with $OFS, a space: "juergen.weiss chloe.martin"; Exchange Online returns the delegates'
   * Names): its space-separated pieces, when the whole names no one and every piece names a
   * recipient by a form without spaces (address, UPN, Alias, Name, object id, sAMAccountName; a
   * one-word display name is no proof); null otherwise, so "Max Mustermann" is never cut into two
   * people (rev11c finding 16), and a value with a piece that names no one or several is one
   * unresolved value, never a partial grant (rev11d finding 4).
   */
  spaceList(value: string): string[] | null {
    const v = value.trim();
    if (!/\s/.test(v) || this.recipients.resolve(v) !== "unresolved") return null;
    const tokens = v.split(/\s+/);
    for (const token of tokens) {
      if (typeof this.recipients.resolve(token) !== "number") return null;
      if (this.recipients.candidateForms(token).some((c) => c.form === "display name")) return null;
    }
    return tokens;
  }

  /**
   * Every way (at most MAX_READINGS) to cut a value, split at `sep` into `tokens`, into pieces
   * that each resolve to one recipient, longest pieces first (so the unsplit value, when it names
   * someone, comes first); a piece spans at most `span` tokens.
   */
  commaReadings(tokens: string[], sep: string, span: number): string[][] {
    const memo = new Map<string, boolean>();
    const names = (i: number, j: number): string | null => {
      const text = tokens.slice(i, j).join(sep).trim();
      const k = `${i}:${j}`;
      let ok = memo.get(k);
      if (ok === undefined) {
        ok = text !== "" && this.identifiable(text);
        memo.set(k, ok);
      }
      return ok ? text : null;
    };
    // finish[i]: the tokens from i on can be cut into pieces that all name someone.
    const finish: boolean[] = [];
    finish[tokens.length] = true;
    for (let i = tokens.length - 1; i >= 0; i--) {
      finish[i] = false;
      for (let j = i + 1; j <= Math.min(tokens.length, i + span) && !finish[i]; j++)
        finish[i] = finish[j] && names(i, j) !== null;
    }
    if (!finish[0]) return [];
    const out: string[][] = [];
    const walk = (i: number, acc: string[]) => {
      if (out.length >= MAX_READINGS) return;
      if (i === tokens.length) {
        out.push([...acc]);
        return;
      }
      for (let j = Math.min(tokens.length, i + span); j > i; j--) {
        if (!finish[j]) continue;
        const piece = names(i, j);
        if (piece === null) continue;
        acc.push(piece);
        walk(j, acc);
        acc.pop();
      }
    };
    walk(0, []);
    return out;
  }

  /**
   * When no cut of a value (split at `sep` into `tokens`) names someone in every piece: the cuts
   * that name someone in as many tokens as possible, every other token (adjacent ones joined back
   * with `sep`) left as one piece that names no one, for grant() to report alone. Empty when no
   * token names anyone (the whole value is then reported as it stands, e.g. "Last, First"). A
   * piece spans at most `span` tokens.
   */
  partialReadings(tokens: string[], sep: string, span: number): string[][] {
    const memo = new Map<string, boolean>();
    const names = (i: number, j: number): boolean => {
      const k = `${i}:${j}`;
      let ok = memo.get(k);
      if (ok === undefined) {
        const text = tokens.slice(i, j).join(sep).trim();
        ok = text !== "" && this.identifiable(text);
        memo.set(k, ok);
      }
      return ok;
    };
    // cost[i]: fewest tokens from i on that stay unnamed.
    const cost: number[] = [];
    cost[tokens.length] = 0;
    for (let i = tokens.length - 1; i >= 0; i--) {
      let best = 1 + cost[i + 1];
      for (let j = i + 1; j <= Math.min(tokens.length, i + span); j++)
        if (names(i, j)) best = Math.min(best, cost[j]);
      cost[i] = best;
    }
    if (cost[0] >= tokens.length) return [];
    const out: string[][] = [];
    const walk = (i: number, acc: { text: string; known: boolean }[]) => {
      if (out.length >= MAX_READINGS) return;
      if (i === tokens.length) {
        // Adjacent unnamed tokens are one unknown piece ("Ghost, User" stays whole).
        const pieces: string[] = [];
        let unknown: string[] = [];
        for (const a of acc) {
          if (a.known) {
            if (unknown.length) pieces.push(unknown.join(sep).trim());
            unknown = [];
            pieces.push(a.text);
          } else unknown.push(a.text);
        }
        if (unknown.length) pieces.push(unknown.join(sep).trim());
        out.push(pieces.filter((x) => x !== ""));
        return;
      }
      for (let j = Math.min(tokens.length, i + span); j > i; j--) {
        if (names(i, j) && cost[j] === cost[i]) {
          acc.push({ text: tokens.slice(i, j).join(sep).trim(), known: true });
          walk(j, acc);
          acc.pop();
        }
      }
      if (1 + cost[i + 1] === cost[i]) {
        acc.push({ text: tokens[i], known: false });
        walk(i + 1, acc);
        acc.pop();
      }
    };
    walk(0, []);
    return out;
  }

  /**
   * Whether a piece of a ","-joined value names one recipient, or is one recipient's name
   * damaged ("?" for letters, mis-decoded, a hidden character): such a piece is cut out and
   * diagnosed alone, so "J?rgen Wei?,Chlo? Martin" is two damaged names, not one unknown trustee.
   */
  identifiable(text: string): boolean {
    if (typeof this.recipients.resolve(text) === "number") return true;
    // A SID, as grant() reads a trustee that is one (a Sid column, or an Entra SID's object id):
    // "S-1-5-21-…;S-1-5-21-…" is two accounts, never one unknown trustee (rev11r finding 5), each
    // judged alone by grant(): its owner's right, an orphaned SID, or a lost right of its own
    // (rev11s finding 3: a list of orphaned SIDs was one value naming no one). No name is a SID.
    const v = text.trim();
    if (/^S-1-\d+(-\d+)+$/i.test(v) && (this.recipients.hasSids || /^S-1-12-1-/i.test(v)))
      return true;
    // An address ending in its domain's dot ("chloe.martin@contoso.example."), which grant()
    // reads without it, with a warning: a piece like any other (rev11g S6).
    const bare = this.recipients.dotless(text);
    if (bare !== null && typeof bare.who === "number") return true;
    if (text.includes("?") && this.questionNames.candidates(text).length > 0) return true;
    // Mis-decoded once or more (misDecodedReadings): a reading names someone.
    for (const recovered of misDecodedReadings(text))
      if (typeof this.recipients.resolve(recovered) === "number") return true;
    return (
      firstInvisible(text) !== null &&
      typeof this.recipients.resolve(stripInvisible(text)) === "number"
    );
  }
}
