// Exchange Online's rules for sending as someone else, where copies are filed, and the limits.
// Sources: the seed "Send Outlook messages from another user" (learn.microsoft.com/graph/
// outlook-send-mail-from-other-user) and exchange-and-graph.md sections 1.1, 2 and 3.
import type { Directory, Resolved } from "./directory";
import type { EmulatorUser, Recipient } from "./types";

export type Access = "read" | "write" | "send";

// Delegated scopes per operation (Graph permissions reference). The .Shared scopes cover the
// user's own mail too ("Read and write user and shared mail"); other mailboxes need them.
const OWN_SCOPES: Record<Access, string[]> = {
  read: [
    "Mail.ReadBasic",
    "Mail.Read",
    "Mail.ReadWrite",
    "Mail.Read.Shared",
    "Mail.ReadWrite.Shared",
  ],
  write: ["Mail.ReadWrite", "Mail.ReadWrite.Shared"],
  send: ["Mail.Send", "Mail.Send.Shared"],
};
const SHARED_SCOPES: Record<Access, string[]> = {
  read: ["Mail.Read.Shared", "Mail.ReadWrite.Shared"],
  write: ["Mail.ReadWrite.Shared"],
  send: ["Mail.Send.Shared"],
};
/** GET /me: User.Read or anything broader (user-get permissions table). */
export const PROFILE_SCOPES = [
  "User.Read",
  "User.ReadWrite",
  "User.ReadBasic.All",
  "User.Read.All",
  "User.ReadWrite.All",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
];

export function hasScope(granted: string[], accepted: string[]): boolean {
  const g = new Set(granted.map((s) => s.toLowerCase()));
  return accepted.some((s) => g.has(s.toLowerCase()));
}

export function scopesFor(access: Access, ownMailbox: boolean): string[] {
  return ownMailbox ? OWN_SCOPES[access] : SHARED_SCOPES[access];
}

/** /users/{other} needs Full Access on that mailbox (seed: "must have the Full Access mailbox
 * permission in addition to either the Send on Behalf or Send As permission"). */
export function hasFullAccess(dir: Directory, user: EmulatorUser, mailbox: EmulatorUser): boolean {
  return user === mailbox || dir.rightsOf(user.address, mailbox.address).has("FullAccess");
}

export type SenderDecision =
  | {
      ok: true;
      right: "SendAs" | "SendOnBehalf" | "none";
      from: Recipient;
      sender: Recipient;
      /** The mailbox behind from, when it is a mailbox (groups have none). */
      fromMailbox?: EmulatorUser;
    }
  | { ok: false };

/**
 * Who recipients see. Send As: "The sender and from properties have the same value"; Send on
 * Behalf: sender is the user, from the mailbox (seed). Both granted: "the Send As permission is
 * always used" (manage-permissions-for-recipients). The user's own aliases need no right.
 * Full Access alone "Doesn't allow the delegate to send messages".
 */
export function decideSender(
  dir: Directory,
  user: EmulatorUser,
  fromAddress: string
): SenderDecision {
  const target: Resolved | undefined = dir.resolve(fromAddress);
  const displayName = (r: Resolved) =>
    r.type === "user" ? r.user.displayName : r.group.displayName;
  if (target?.type === "user" && target.user === user) {
    const self = dir.recipientOf(user, fromAddress);
    return { ok: true, right: "none", from: self, sender: self };
  }
  if (!target) return { ok: false };
  const rights = dir.rightsOf(user.address, fromAddress);
  const from: Recipient = { emailAddress: { name: displayName(target), address: fromAddress } };
  const fromMailbox = target.type === "user" ? target.user : undefined;
  if (rights.has("SendAs")) return { ok: true, right: "SendAs", from, sender: from, fromMailbox };
  if (rights.has("SendOnBehalf")) {
    return { ok: true, right: "SendOnBehalf", from, sender: dir.recipientOf(user), fromMailbox };
  }
  return { ok: false };
}

/**
 * Which Sent Items folders get a copy (seed, "Sent Items behavior"; exchange-and-graph.md 2.1):
 * - the mailbox the endpoint addressed (/me = the user; /users/{from} = that mailbox), unless
 *   sendMail's saveToSentItems is false;
 * - the from mailbox too when its MessageCopyForSentAsEnabled / MessageCopyForSendOnBehalfEnabled
 *   matches the right used, "even if saveToSentItems is false";
 * - never two copies in one folder; groups and lists have no Sent Items.
 */
export function sentItemsTargets(
  addressed: EmulatorUser,
  saveToSentItems: boolean,
  decision: Extract<SenderDecision, { ok: true }>
): string[] {
  const targets: string[] = [];
  if (saveToSentItems) targets.push(addressed.address.toLowerCase());
  const m = decision.fromMailbox;
  const flagged =
    m &&
    ((decision.right === "SendAs" && m.messageCopyForSentAs) ||
      (decision.right === "SendOnBehalf" && m.messageCopyForSendOnBehalf));
  if (m && flagged && !targets.includes(m.address.toLowerCase())) {
    targets.push(m.address.toLowerCase());
  }
  return targets;
}

/** Sliding one-minute window of accepted sends per submitting mailbox. */
export class SendRateLimiter {
  private readonly sends = new Map<string, number[]>();

  constructor(private readonly perMinute: number) {}

  /** Seconds to wait before another send is accepted, or 0. */
  retryAfter(mailbox: string, now = Date.now()): number {
    const recent = (this.sends.get(mailbox) ?? []).filter((t) => now - t < 60_000);
    this.sends.set(mailbox, recent);
    if (recent.length < this.perMinute) return 0;
    return Math.max(1, Math.ceil((recent[0] + 60_000 - now) / 1000));
  }

  record(mailbox: string, now = Date.now()) {
    const list = this.sends.get(mailbox) ?? [];
    list.push(now);
    this.sends.set(mailbox, list);
  }
}
