import type { SendMode } from "./model";

/**
 * A send whose outcome is not known ("may have been sent"), kept beyond the pane's life: closing
 * and reopening the task pane must not enable Send again while the first send may still go
 * (rev12 finding 7; issue 12 "Honest outcomes"). Kept by what identifies the compose item
 * (office/open-attempt-store.ts: the item's sessionData, and localStorage under the draft's id and
 * under a digest of the message's content, for a draft opened again under a new id).
 * Nothing sensitive: no body, no recipients, no token; the Internet message id to look for, the
 * Graph path of the mailbox it went through, and the error's code for support.
 */
export interface OpenAttempt {
  v: 1;
  /** The mailbox the message was sent through: "/me" or "/users/{mailbox}". */
  root: string;
  /** Absent when Graph gave none: then no look can find it. */
  internetMessageId?: string;
  /** Whose Sent Items get the copy once it went. */
  copies: SendMode[];
  /** Through the mailbox: the user's own draft (Graph path), removed once the message went. */
  userDraft?: string;
  /**
   * The compose item's draft the send started from: the mailbox holding it ("/me" or
   * "/users/{owner}") and its Graph id. A reopened pane that finds the message sent compares the
   * item's id now with it: another id that is still a draft is Outlook's re-save after the send
   * (office-js #5551, #6393), removed before the window closes (graph/send.ts). Absent in records
   * written before it was kept: then no re-save can be told.
   */
  draft?: { root: string; id: string };
  /** The failure that left the outcome open (status 0: no answer). */
  error: { status: number; code: string; message: string };
  /** The display name of the mailbox it was sent from, for the pane. */
  mailbox: string;
  /** When the send request failed (ISO-8601). */
  at: string;
  /**
   * Delay delivery: the time (ISO-8601 UTC) the message carried as PidTagDeferredSendTime when
   * it was sent, so that a send confirmed late, even by a reopened pane, says "Scheduled … for"
   * that time rather than "Sent" (graph/send.ts SendOutcome.deferredUntil). Absent: none.
   */
  deferredUntil?: string;
}

/**
 * How long an open attempt is kept: a day. The pane offers a check at any time before; after a
 * day the person has long seen Sent Items (or the recipients replied), and a stale record must
 * not lock a reused compose item forever. Before any new send, both ways of sending still look
 * for the message by its Internet message id (graph/send.ts).
 */
export const OPEN_ATTEMPT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * This compose item was sent from the pane, and Outlook could not close its window (closeAsync
 * fails: office-js #5568, #5897; or no closeAsync below Mailbox 1.14): the window still shows the
 * message, and a second press of the pane's Send would send it again (rev14b finding 1). Kept like
 * an open attempt (office/open-attempt-store.ts), so that neither choosing another mailbox nor a
 * reopened pane offers Send again. Nothing sensitive: the mailbox's display name, where the copy
 * went, and when.
 */
export interface SentRecord {
  v: 1;
  /** The display name of the mailbox it was sent from, for the pane. */
  mailbox: string;
  /** Whose Sent Items hold the copy ("both": the user's and the mailbox's). */
  where: SendMode | "both";
  /** When it was sent (ISO-8601). */
  at: string;
}

/**
 * A copy of a message that "Copy in <mailbox>'s Sent Items" may have left in the mailbox's Drafts:
 * its create went unanswered (no answer, or a 5xx) and may have landed (Microsoft Q&A 5629476),
 * and the look that would remove it failed. Kept beyond the pane and the compose item (the copy
 * is in a shared mailbox, not in the item), so the next pane start or send, whichever compose
 * item, removes it (graph/send.ts). Only a draft carrying this Internet message id, in this
 * mailbox, is ever removed. Nothing sensitive: the Graph path of the mailbox, the id, the time.
 */
export interface LeftoverCopy {
  v: 1;
  /** The mailbox the copy was created in: "/users/{mailbox}". */
  root: string;
  /** The Internet message id the copy carries (the user's draft's). */
  internetMessageId: string;
  /** When the create failed (ISO-8601). */
  at: string;
  /**
   * Graph ids of copies with this Internet message id that a later send made and sent itself
   * (graph/send.ts claimCopy): such a copy stays a draft until transport takes it, and is never
   * the leftover. Absent: none.
   */
  own?: string[];
  /**
   * A send in a live pane is making a copy of this message in this mailbox (created, uploading
   * its attachments, not yet sent): written before its create request leaves, with `beat` (ISO-
   * 8601) refreshed every MAKING_BEAT_MS while that send runs (graph/send.ts), and removed when it
   * ends. While the beat is fresh (isMaking) no removal in another pane of the device touches the
   * copies of this record (rev12m #6: a second compose window's pane start deleted the copy the
   * first was uploading into). A beat gone stale means the pane that made it is gone: the copy is a
   * leftover like any other. Absent: no live send is making it.
   */
  making?: { beat: string };
}

/**
 * How often a live send refreshes LeftoverCopy.making's beat (ms) while it makes and sends its
 * copy in a mailbox.
 */
export const MAKING_BEAT_MS = 15_000;

/**
 * How long after its last beat a copy being made is still taken as its pane's (ms): five
 * minutes. A browser throttles the timers of a hidden page to one run a minute (Chrome's
 * "intensive throttling"), so a popped-out compose window's pane may beat only once a minute;
 * five minutes leaves room for that, and a pane closed mid-upload leaves its copy in the
 * mailbox's Drafts at most this long before a pane start or send removes it.
 */
export const MAKING_STALE_MS = 5 * 60_000;

/** Whether a live pane is making this copy now (LeftoverCopy.making, beat within MAKING_STALE_MS). */
export function isMaking(copy: LeftoverCopy, now: number): boolean {
  const beat = copy.making ? Date.parse(copy.making.beat) : NaN;
  return !Number.isNaN(beat) && now - beat <= MAKING_STALE_MS && beat <= now + 60_000;
}

/**
 * How long after its create failed a leftover copy is looked for even when a look finds nothing:
 * Exchange may carry the create out after the client gave up (Microsoft Q&A 5629476, sendMail
 * "failed" yet delivered, names no bound), so an empty look right after the failure proves
 * nothing. An hour: no report names a bound, and Exchange carries one item's create out within
 * seconds (1.5 s in issue 12's reproduction), so an hour leaves a wide margin; a look that finds
 * nothing after that forgets the record (graph/send.ts removeLeftoverCopies), and the pane start
 * stops loading the send code for it. A copy found and removed ends the record at once.
 */
export const LEFTOVER_LATE_MS = 60 * 60 * 1000;

/**
 * How long a leftover copy is looked for: a week. A record that stays longer is one whose looks
 * keep failing (another person on the same computer without Full Access, a mailbox removed); by
 * then a person has long seen the stray draft in the mailbox's Drafts.
 */
export const LEFTOVER_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** `value` (parsed JSON) as the leftover copies still within LEFTOVER_TTL_MS of `now`. */
export function parseLeftoverCopies(value: unknown, now: Date): LeftoverCopy[] {
  if (!Array.isArray(value)) return [];
  return value.filter((c: Partial<LeftoverCopy> | null): c is LeftoverCopy => {
    if (
      !c ||
      c.v !== 1 ||
      typeof c.root !== "string" ||
      !/^\/users\/[^/]+$/.test(c.root) ||
      typeof c.internetMessageId !== "string" ||
      !c.internetMessageId ||
      typeof c.at !== "string" ||
      (c.own !== undefined &&
        (!Array.isArray(c.own) || !c.own.every((id) => typeof id === "string" && id))) ||
      (c.making !== undefined && (!c.making || typeof c.making.beat !== "string"))
    )
      return false;
    const at = Date.parse(c.at);
    return (
      !Number.isNaN(at) && now.getTime() - at <= LEFTOVER_TTL_MS && at <= now.getTime() + 60_000
    );
  });
}

/** Where leftover copies are kept (every method may reject: best effort). */
export interface LeftoverCopyStore {
  list(): Promise<LeftoverCopy[]>;
  add(copy: LeftoverCopy): Promise<void>;
  /** Forgets the copy with this mailbox and Internet message id. */
  remove(copy: Pick<LeftoverCopy, "root" | "internetMessageId">): Promise<void>;
  /**
   * Replaces the kept record of this copy (same mailbox and Internet message id) by `change`'s
   * answer, in one step; nothing when none is kept (a record forgotten meanwhile stays forgotten).
   */
  change(
    copy: Pick<LeftoverCopy, "root" | "internetMessageId">,
    change: (kept: LeftoverCopy) => LeftoverCopy
  ): Promise<void>;
}

/** Where an open attempt is kept for the compose item; every method may reject (best effort). */
export interface OpenAttemptStore {
  /** Leftover copies (LeftoverCopy), kept for every compose item alike; absent: memory only. */
  leftovers?: LeftoverCopyStore;
  load(): Promise<OpenAttempt | null>;
  save(attempt: OpenAttempt): Promise<void>;
  clear(): Promise<void>;
  /** The record that this compose item was sent (SentRecord), kept the same way. */
  loadSent(): Promise<SentRecord | null>;
  saveSent(record: SentRecord): Promise<void>;
}

/**
 * `value` (parsed JSON) as a SentRecord within OPEN_ATTEMPT_TTL_MS of `now`, else null: a compose
 * item reused a day later is not kept locked by a stale record (as parseOpenAttempt).
 */
export function parseSentRecord(value: unknown, now: Date): SentRecord | null {
  const r = value as Partial<SentRecord> | null;
  if (
    !r ||
    r.v !== 1 ||
    typeof r.mailbox !== "string" ||
    (r.where !== "mine" && r.where !== "mailbox" && r.where !== "both") ||
    typeof r.at !== "string"
  )
    return null;
  const at = Date.parse(r.at);
  if (Number.isNaN(at) || now.getTime() - at > OPEN_ATTEMPT_TTL_MS || at > now.getTime() + 60_000)
    return null;
  return r as SentRecord;
}

/** `value` (parsed JSON) as an OpenAttempt still within OPEN_ATTEMPT_TTL_MS of `now`, else null. */
export function parseOpenAttempt(value: unknown, now: Date): OpenAttempt | null {
  const a = value as Partial<OpenAttempt> | null;
  if (
    !a ||
    a.v !== 1 ||
    typeof a.root !== "string" ||
    !/^\/(me|users\/[^/]+)$/.test(a.root) ||
    (a.internetMessageId !== undefined && typeof a.internetMessageId !== "string") ||
    !Array.isArray(a.copies) ||
    !a.copies.every((c) => c === "mine" || c === "mailbox") ||
    (a.userDraft !== undefined && typeof a.userDraft !== "string") ||
    (a.draft !== undefined &&
      (!a.draft ||
        typeof a.draft.root !== "string" ||
        !/^\/(me|users\/[^/]+)$/.test(a.draft.root) ||
        typeof a.draft.id !== "string" ||
        !a.draft.id)) ||
    !a.error ||
    typeof a.error.status !== "number" ||
    typeof a.error.code !== "string" ||
    typeof a.error.message !== "string" ||
    typeof a.mailbox !== "string" ||
    typeof a.at !== "string" ||
    (a.deferredUntil !== undefined &&
      (typeof a.deferredUntil !== "string" || Number.isNaN(Date.parse(a.deferredUntil))))
  )
    return null;
  const at = Date.parse(a.at);
  if (Number.isNaN(at) || now.getTime() - at > OPEN_ATTEMPT_TTL_MS || at > now.getTime() + 60_000)
    return null;
  return a as OpenAttempt;
}
