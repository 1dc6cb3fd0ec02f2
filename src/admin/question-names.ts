// Names written with "?" for letters outside ASCII (an export written as ASCII or in an ANSI
// code page without those letters): which recipient's name a "?"-mangled value is. Used by the
// resolver (resolve.ts) to name the real recipient in a lost right's message and fix; moved out
// of it unchanged, so this part reads on its own.
import { asciiMangled, questionDamaged } from "./read";
import type { RecipientIndex } from "./recipients";
import { matchKey } from "./values";

/** Lookups from a "?"-mangled value to the recipients it may name; built on first use. */
export class QuestionNames {
  /** Lazily: "?"-mangled lookup key to the recipients whose real keys turn into it. */
  private mangled: Map<string, { key: string; id: number }[]> | null = null;

  constructor(private readonly recipients: RecipientIndex) {}

  /**
   * The one recipient whose own key is `value` with some letters outside ASCII written as "?"
   * (questionDamaged), or null (none, or several).
   */
  spelled(value: string): number | null {
    if (!this.questioned) {
      this.questioned = new Map();
      for (const [key, id] of this.recipients.questionKeys()) {
        const list = this.questioned.get(asciiMangled(key));
        if (list) list.push({ key, id });
        else this.questioned.set(asciiMangled(key), [{ key, id }]);
      }
    }
    const key = matchKey(value);
    const ids = new Set(
      (this.questioned.get(asciiMangled(key)) ?? [])
        .filter((k) => questionDamaged(k.key, key))
        .map((k) => k.id)
    );
    return ids.size === 1 ? [...ids][0] : null;
  }

  private questioned: Map<string, { key: string; id: number }[]> | null = null;

  /**
   * The real name behind a "?"-mangled value, when exactly one recipient's name turns into it
   * under ASCII encoding (e.g. "J?rgen Wei?" and "Jürgen Weiß"); null otherwise (none, or several).
   */
  unmangle(value: string): string | null {
    const all = this.candidates(value);
    return all.length === 1 ? all[0] : null;
  }

  /**
   * Every recipient's name (display name as the export spells it, else its lookup key) that
   * turns into `value` when its letters outside ASCII become "?"; empty when none does.
   */
  candidates(value: string): string[] {
    if (!this.mangled) {
      this.mangled = new Map();
      for (const [key, id] of this.recipients.nonAsciiKeys()) {
        const m = asciiMangled(key);
        const had = this.mangled.get(m);
        if (!had) this.mangled.set(m, [{ key, id }]);
        else if (!had.some((h) => h.id === id)) had.push({ key, id });
      }
    }
    const key = matchKey(value);
    let found = this.mangled.get(key) ?? [];
    // Some letters outside ASCII kept, others "?" (an ANSI code page that has some of them):
    // the same rule, checked letter by letter (f11 gap 3).
    if (found.length === 0)
      found = (this.mangled.get(asciiMangled(key)) ?? []).filter((p) =>
        questionDamaged(key, p.key)
      );
    return found.map(({ key: k, id }) => {
      const display = this.recipients.displayNames[id];
      return display && matchKey(display) === k ? display : k;
    });
  }
}
