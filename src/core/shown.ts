// How a value from untrusted input (exports, a directory file) is shown in a message: cut
// visibly, so a cut value is never taken for the whole one. Shared by the pane's directory
// checks (shard.ts) and the admin tool's messages (src/admin/shown.ts).

/** The longest value shown whole in prose (characters, not UTF-16 units). */
export const PROSE_MAX = 80;

/**
 * `value` for prose: whole when it has at most `max` characters, else its first `max - 1`
 * characters and "…", so a cut is never taken for the whole value. Never cuts a character
 * (surrogate pair) in two.
 */
export function cut(value: string, max = PROSE_MAX): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join("")}…`;
}
