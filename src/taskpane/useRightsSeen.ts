import { useEffect, useState } from "react";
import type { SmtpAddress } from "../core/address";
import { recordFailure } from "../core/diagnostics";
import type { ListedRights } from "../core/rights-seen";
import type { Right } from "../core/model";
import type { DirectoryStorage } from "../directory/storage";

/** When each of `rights` on `address` was first seen listed (core/rights-since.ts). */
export type RightsSince = (
  address: string,
  rights: readonly Right[]
) => Partial<Record<Right, string>>;

/** The storage key of the person's record (one per person: a shared device keeps them apart). */
export const rightsSeenKey = (user: SmtpAddress) => `sendFrom.rightsSeen.${user}`;

/**
 * When the pane first saw each of the person's rights (core/rights-seen.ts), kept in the pane's
 * `storage` and brought up to date with every shard that arrives; returns the lookup over that
 * record. Null until read, without
 * storage, or when storage fails (then "wait and try again" falls back to the shard's
 * generatedAt, as send-errors.ts does without it).
 */
export function useRightsSeen(
  storage: DirectoryStorage | undefined,
  user: SmtpAddress,
  shard: ListedRights | null,
  now: () => Date
): RightsSince | null {
  const [since, setSince] = useState<{ of: RightsSince } | null>(null);
  useEffect(() => {
    if (!storage || !shard) return;
    let current = true;
    const key = rightsSeenKey(user);
    // After the paint: hashing a large shard's rights is not worth delaying the list for.
    const timer = setTimeout(() => {
      void (async () => {
        // Its own chunk: hashing is not needed for the first paint.
        const { foldRightsSeen, parseRightsSeen, rightsListedSince } = await import(
          /* webpackChunkName: "pane-records" */ "../core/rights-seen"
        );
        const stored = await storage.get(key);
        const previous = stored ? parseRightsSeen(JSON.parse(stored)) : null;
        const next = foldRightsSeen(previous, shard, now());
        if (next !== previous) await storage.set(key, JSON.stringify(next));
        if (current)
          setSince({ of: (address, rights) => rightsListedSince(next, address, rights) });
      })().catch((e) => recordFailure("pane", "rightsSeen", e));
    }, 0);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [storage, user, shard, now]);
  return since?.of ?? null;
}
