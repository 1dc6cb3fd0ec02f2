// Offline checks of an add-in only (XML) manifest for a MailApp: what the Microsoft 365 admin
// center and Outlook would reject, or accept and then fail on a day later. Every problem names
// the element, its line and the fix. The manifest is parsed and indexed once (./model); each
// check is a named rule (./rules) with its own test.
import { parseManifest, type ManifestContext, type ManifestProblem } from "./model";
import { MANIFEST_RULES, manifestSize } from "./rules";

export type { ManifestContext, ManifestProblem } from "./model";
export { MAX_MANIFEST_BYTES, MAX_RESID } from "./rules";

/**
 * Every problem of the manifest text, in print order: the file size first, then XML that is not
 * well-formed or has no <OfficeApp> root (which stops the other checks), then each rule of
 * MANIFEST_RULES in turn. [] when the manifest passes.
 */
export function validateManifest(xml: string, ctx: ManifestContext): ManifestProblem[] {
  const problems = manifestSize.check(ctx);
  const parsed = parseManifest(xml, ctx);
  if ("problems" in parsed) return [...problems, ...parsed.problems];
  return [...problems, ...MANIFEST_RULES.flatMap((rule) => rule.check(parsed.model))];
}

/** One line for a terminal: "file:line <Element>: problem. Fix: fix." */
export function formatProblem(file: string, p: ManifestProblem): string {
  return `${file}${p.line ? `:${p.line}` : ""} ${p.element}: ${p.problem}. Fix: ${p.fix}.`;
}
