// The pieces of text the resolver's messages and fixes are built from (resolve.ts): the
// --allow-unresolved offer, how values are shown in prose and in commands, the right a bit
// names, the cmdlet that lists a group's members, and the tests on a value those texts depend
// on (a character that only looks like a space, a value a mixed-encoding file may have
// mis-decoded). Moved out of resolve.ts unchanged, so each part reads on its own.
import type { Right } from "../core/model";
import type { FileShape } from "./sources";
import { psString, quoted } from "./shown";
import { SEND_AS, SEND_ON_BEHALF } from "./values";

/** The offer that ends the fix of every lost right: publish without it, listed. */
export const ALLOW =
  "or build with --allow-unresolved to publish without this right (it is then listed in the summary and --report)";

/**
 * The same offer for a Deny the build cannot place, where it is otherwise: with
 * --allow-unresolved the holders keep the right (docs/admin-pipeline.md), which Exchange may
 * refuse them; the entry is listed under DENY NOT PLACED and in unplacedDenies.
 */
export const DENY_ALLOW =
  "or build with --allow-unresolved to publish with the holders keeping the right, which Exchange refuses to whoever the Deny is for (listed under DENY NOT PLACED in the summary and unplacedDenies in --report)";

/** A fix for a Deny the build cannot place, its offer of --allow-unresolved said truly (DENY_ALLOW). */
export function denyAllow(fix: string): string {
  return fix.split(ALLOW).join(DENY_ALLOW);
}

/**
 * The cmdlet that lists a group's members, by its RecipientTypeDetails: Get-DistributionGroupMember
 * refuses a dynamic distribution group and a Microsoft 365 group (Microsoft, "Get-DynamicDistribution
 * GroupMember", "Get-UnifiedGroupLinks"); an unknown type gets all three to choose from.
 */
export function memberCmdlet(type: string, group: string): string {
  const t = type.toLowerCase();
  if (t === "dynamicdistributiongroup")
    return `Get-DynamicDistributionGroupMember -Identity ${group}`;
  if (t === "groupmailbox") return `Get-UnifiedGroupLinks -Identity ${group} -LinkType Members`;
  if (t) return `Get-DistributionGroupMember -Identity ${group}`;
  return `Get-DistributionGroupMember -Identity ${group}; Get-DynamicDistributionGroupMember for a dynamic distribution group; Get-UnifiedGroupLinks -LinkType Members for a Microsoft 365 group`;
}

export function rightOf(bits: number): Right {
  return bits & SEND_AS ? "SendAs" : bits & SEND_ON_BEHALF ? "SendOnBehalf" : "FullAccess";
}

/** A value in prose: whole up to 80 characters, else cut with "…" (see shown.ts). */
export const quote = (v: string) => quoted(v);
/** A value inside a command a fix prints: always whole (rev11c finding 11). */
export const cmd = (v: string) => psString(v);

/** A value with its invisible and bidirectional characters taken out (for the diagnosis only). */
export function stripInvisible(value: string): string {
  return value
    .replace(/[\p{Cf}\p{Cc}\p{Zl}\p{Zp}\u00a0\u2000-\u200a\u3000\u115f\u1160\u3164\uffa0]/gu, "")
    .trim();
}

/**
 * Characters that look like a space but are not U+0020 (no-break space, the en/em/thin spaces,
 * the ideographic space U+3000): a value holding one where a name has a space is a name typed
 * or converted by another tool (rev11 finding 6).
 */
export const SPACE_LIKE = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/gu;

/**
 * "; or build with --allow-unresolved ...", except for a file that mixes encodings: that is a
 * problem of its own, which --allow-unresolved does not pass, so offering it would mislead.
 */
export function allowUnless(shape: FileShape): string {
  return shape.mixedEncodingLine === undefined ? `; ${ALLOW}` : "";
}

/**
 * A value that may have been mis-decoded: it has letters outside ASCII (ASCII reads the same in
 * every encoding the build decodes) and stands at or after the line where its file's encoding
 * changes (the part read with the other part's decoder).
 */
export function mixedBefore(shape: FileShape, line: number, value: string): boolean {
  return (
    shape.mixedEncodingLine !== undefined &&
    line >= shape.mixedEncodingLine &&
    // eslint-disable-next-line no-control-regex -- ASCII is the point
    /[^\u0000-\u007f]/.test(value)
  );
}
