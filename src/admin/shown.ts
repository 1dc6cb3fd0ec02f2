// How a value from the exports is shown to the admin: in prose it may be cut, visibly; inside a
// command a fix prints it is always whole, so the command runs on the value the file holds
// (rev11c finding 11: a DN or legacyExchangeDN cut at 80 characters looked complete).

import { cut, PROSE_MAX } from "../core/shown";

// One rule for every cut value, in the admin tool and the pane alike (src/core/shown.ts).
export { cut, PROSE_MAX };

/** `value` cut for prose (see cut) in double quotes, as messages quote values. */
export const quoted = (value: string, max = PROSE_MAX): string => `"${cut(value, max)}"`;

/**
 * `value`, whole, as a PowerShell double-quoted string for a command in a fix: the backtick,
 * "$" and the quotes PowerShell reads as double quotes (", “, ”, „) are escaped with a backtick
 * (about_Quoting_Rules), so the command receives exactly the value the file holds.
 */
export function psString(value: string): string {
  return `"${value.replace(/[`$"\u201c\u201d\u201e]/g, "`$&")}"`;
}

/**
 * The warning for an address read without the dot that ends its domain ("anna@contoso.com." as
 * "anna@contoso.com"; RFC 1034: a trailing dot ends a fully qualified name), with where it is.
 */
export function trailingDotWarning(
  file: string,
  line: number,
  column: string,
  raw: string,
  bare: string
): string {
  return `${file}, line ${line}, column ${column}: ${quoted(raw)} ends with a dot, which Exchange does not write in an address; it is read and published as ${bare} (the same domain in DNS): check that the file was not edited`;
}
