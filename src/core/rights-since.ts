import type { Right } from "./model";

// The lookup part of core/rights-seen.ts (re-exported there): what a refusal is judged by.

/** The record's key of a right on a mailbox. */
export const keyOf = (address: string, right: Right) => `${address.toLowerCase()}|${right}`;

/**
 * When each of `rights` on `address` was first seen listed (ISO-8601): its `recent` time, else
 * the baseline: it was in the first shard seen, or it appeared later and is over two hours old by
 * now (pruned), and then the baseline, earlier still, is too. Empty without a record.
 */
export function rightsListedSince(
  record: { baseline: string; recent: Record<string, string> } | null,
  address: string,
  rights: readonly Right[]
): Partial<Record<Right, string>> {
  if (!record) return {};
  const since: Partial<Record<Right, string>> = {};
  for (const r of rights) since[r] = record.recent[keyOf(address, r)] ?? record.baseline;
  return since;
}
