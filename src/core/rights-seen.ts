import type { Right } from "./model";
import { keyOf, rightsListedSince } from "./rights-since";

/**
 * How long a newly granted right can take to work in Exchange Online. Microsoft: mailbox
 * permissions "can take up to 60 minutes" (learn.microsoft.com/microsoft-365/admin/add-users/
 * give-mailbox-permissions-to-another-user); a group's Send As or Send on Behalf up to two hours
 * (MicrosoftDocs/microsoft-365-docs #1621, PR #2213). The directory cannot say whether a right
 * came through a group (the admin pipeline expands group grants into members), so two hours for
 * every right.
 */
export const NEW_RIGHT_DELAY_MS = 2 * 60 * 60 * 1000;

/**
 * When the pane first saw each of the person's rights listed, so that "wait and try again"
 * (send-errors.ts rightNotActiveYet) is keyed on when a right appeared, not on the shard's
 * generatedAt: a directory rebuilt more often than every two hours would otherwise turn every
 * refusal of a listed right into "wait" forever (rev12 finding 13). Exchange can take up to two
 * hours to apply a new right (groups; MicrosoftDocs/microsoft-365-docs #1621, PR #2213).
 *
 * Kept small whatever the shard's size (50,000 mailboxes): a 32-bit hash of every
 * "address|right" listed in the last shard seen (4 bytes each, base64), the generatedAt of the
 * first shard seen (`baseline`), and only the rights that appeared later and are still under two
 * hours old (`recent`, address|right → the generatedAt of the first shard that listed it). A
 * right that was listed, dropped and listed again is new again. Nothing sensitive: addresses and
 * right names are in the directory already; no message, no token.
 *
 * Limits (docs/architecture.md "Rights granted recently"): a right is known to exist only from
 * the first shard the pane saw with it. For the first two hours after the pane's first shard,
 * and after a pane that was not opened while a right was added, a refusal may still say "wait"
 * for up to two hours from that shard's generatedAt. A hash collision makes a new right look old
 * (the refusal is then explained as a missing right, as before this record existed).
 */
export interface RightsSeen {
  v: 1;
  /** generatedAt (ISO-8601) of the first shard this record saw. */
  baseline: string;
  /** generatedAt of the last shard folded in; an older or equal one changes nothing. */
  last: string;
  /** Base64 of the sorted 32-bit hashes of "address|right" in the last shard. */
  hashes: string;
  /** Rights that appeared after the baseline, less than two hours ago: key → generatedAt. */
  recent: Record<string, string>;
}

/** The shard as this record needs it. */
export interface ListedRights {
  generatedAt: string;
  mailboxes: readonly { address: string; rights: readonly Right[] }[];
}

export { rightsListedSince };

/** FNV-1a, 32 bits: a stable, cheap fingerprint (not a security measure). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function encode(values: Uint32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function decode(text: string): Uint32Array {
  const binary = atob(text);
  if (binary.length % 4) throw new Error("not a hash list");
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Uint32Array(bytes.buffer);
}

/** `value` as a RightsSeen, or null when it is not one (damaged, another version). */
export function parseRightsSeen(value: unknown): RightsSeen | null {
  const r = value as Partial<RightsSeen> | null;
  if (
    !r ||
    r.v !== 1 ||
    typeof r.baseline !== "string" ||
    typeof r.last !== "string" ||
    typeof r.hashes !== "string" ||
    !r.recent ||
    typeof r.recent !== "object" ||
    Object.values(r.recent).some((t) => typeof t !== "string")
  )
    return null;
  try {
    decode(r.hashes);
  } catch {
    return null;
  }
  return r as RightsSeen;
}

/**
 * Folds a shard into the record (null: none yet, or unreadable). Returns the record to store;
 * the same object when nothing changed (an older or the same shard), so callers can skip the
 * write. `now` prunes `recent` entries over NEW_RIGHT_DELAY_MS old.
 */
export function foldRightsSeen(
  previous: RightsSeen | null,
  shard: ListedRights,
  now: Date
): RightsSeen {
  const at = Date.parse(shard.generatedAt);
  if (Number.isNaN(at)) return previous ?? emptyFrom(shard.generatedAt);
  if (previous && Date.parse(previous.last) >= at) return previous;
  const keys = shard.mailboxes.flatMap((m) => m.rights.map((r) => keyOf(m.address, r)));
  const hashes = Uint32Array.from(new Set(keys.map(hash))).sort();
  if (!previous)
    return {
      v: 1,
      baseline: shard.generatedAt,
      last: shard.generatedAt,
      hashes: encode(hashes),
      recent: {},
    };
  const before = new Set(decode(previous.hashes));
  const listed = new Set(keys);
  const recent: Record<string, string> = {};
  const old = now.getTime() - NEW_RIGHT_DELAY_MS;
  // Still listed and still under two hours old: kept with its first time.
  for (const [key, time] of Object.entries(previous.recent))
    if (listed.has(key) && Date.parse(time) > old) recent[key] = time;
  for (const key of keys)
    if (!before.has(hash(key)) && !(key in recent) && at > old) recent[key] = shard.generatedAt;
  return {
    v: 1,
    baseline: previous.baseline,
    last: shard.generatedAt,
    hashes: encode(hashes),
    recent,
  };
}

function emptyFrom(generatedAt: string): RightsSeen {
  return { v: 1, baseline: generatedAt, last: generatedAt, hashes: "", recent: {} };
}
