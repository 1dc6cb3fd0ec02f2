import { toSmtpAddress } from "./address";
import type { Mailbox, UserShard } from "./model";

/**
 * A compact copy of what the event handlers need from a shard, small enough for roaming
 * settings (32 KB in all, shared with the pane's preferences): per mailbox only the address,
 * the send right and the Sent Items copy flag. When the shard does not fit, the digest keeps as
 * many mailboxes as fit and says it is partial, so a missing entry is not read as "no right".
 */
export interface Digest {
  v: 1;
  user: string;
  /**
   * The directory key it was loaded under where that is not `user`: Office's UPN standing in for
   * a mail address that was unknown ("Open another mailbox"; core/identity.ts
   * Delegate.addressUnknown). The digest is then found by that key too.
   */
  key?: string;
  generatedAt: string;
  aliases: string[];
  /** address -> flags: "A" Send As, "B" Send on Behalf, "F" Full Access, "c" the mailbox keeps a copy, "g" a group. */
  m: Record<string, string>;
  partial?: true;
}

export const DIGEST_MAX_BYTES = 24 * 1024;

function flags(m: Mailbox): string {
  let f = "";
  if (m.rights.includes("SendAs")) f += "A";
  if (m.rights.includes("SendOnBehalf")) f += "B";
  if (m.rights.includes("FullAccess")) f += "F";
  if (m.sentItemsCopy.sendAs) f += "c";
  if (m.sentItemsCopy.sendOnBehalf) f += "o";
  if (m.kind === "distributionList" || m.kind === "securityGroup" || m.kind === "microsoft365Group")
    f += "g";
  return f;
}

/**
 * Builds the digest, preferring the mailboxes the user uses (favourites and recent first). `key`:
 * the directory key the shard was loaded under (Digest.key), recorded when it is not the shard's user.
 */
export function toDigest(
  shard: UserShard,
  preferred: readonly string[] = [],
  maxBytes = DIGEST_MAX_BYTES,
  key: string = shard.user
): Digest {
  const digest: Digest = {
    v: 1,
    user: shard.user,
    ...(key !== shard.user && { key }),
    generatedAt: shard.generatedAt,
    aliases: shard.aliases ?? [],
    m: {},
  };
  const rank = new Map(preferred.map((a, i) => [a, i]));
  const ordered = [...shard.mailboxes].sort(
    (a, b) => (rank.get(a.address) ?? Infinity) - (rank.get(b.address) ?? Infinity)
  );
  let size = JSON.stringify(digest).length + 16;
  for (const m of ordered) {
    const entry = JSON.stringify(m.address).length + JSON.stringify(flags(m)).length + 2;
    if (size + entry > maxBytes) {
      digest.partial = true;
      break;
    }
    digest.m[m.address] = flags(m);
    size += entry;
  }
  return digest;
}

/**
 * The digest as the shard shape the decisions take (display names are the addresses), with the
 * key it was loaded under (Digest.key; the shard's user where none was recorded).
 */
export function fromDigest(value: unknown): {
  shard: Pick<UserShard, "aliases" | "mailboxes" | "generatedAt" | "user">;
  key: string;
  partial: boolean;
} | null {
  if (typeof value !== "object" || value === null) return null;
  const d = value as Partial<Digest>;
  if (d.v !== 1 || typeof d.user !== "string" || typeof d.m !== "object" || d.m === null)
    return null;
  const mailboxes: Mailbox[] = [];
  for (const [address, f] of Object.entries(d.m)) {
    if (typeof f !== "string") continue;
    mailboxes.push({
      address: toSmtpAddress(address),
      displayName: address,
      kind: f.includes("g") ? "distributionList" : "shared",
      rights: [
        ...(f.includes("A") ? ["SendAs" as const] : []),
        ...(f.includes("B") ? ["SendOnBehalf" as const] : []),
        ...(f.includes("F") ? ["FullAccess" as const] : []),
      ],
      sentItemsCopy: { sendAs: f.includes("c"), sendOnBehalf: f.includes("o") },
    });
  }
  return {
    shard: {
      user: toSmtpAddress(d.user),
      generatedAt: typeof d.generatedAt === "string" ? d.generatedAt : "",
      aliases: Array.isArray(d.aliases)
        ? d.aliases.filter((a) => typeof a === "string").map(toSmtpAddress)
        : [],
      mailboxes,
    },
    key: typeof d.key === "string" ? toSmtpAddress(d.key) : toSmtpAddress(d.user),
    partial: !!d.partial,
  };
}
