import { recordFailure } from "../core/diagnostics";
import type { Mailbox, SendMode } from "../core/model";
import { isSendAsDenial } from "../core/send-errors";
import { mailboxKeepsCopy } from "../core/rights";
import { MAX_CUSTOM_HEADERS } from "../core/fidelity";
import {
  attachedMessagesWithParts,
  copyAttachments,
  CopyProgress,
  listAttachments,
  lostInCopy,
  PartNotCarried,
  Uncarried,
  uncarried,
} from "./attachments";
import { GraphError, Http, json } from "./http";
import { type DraftHeaders, HeaderBlockError, readDraftHeaders } from "./mime-headers";
import { isMaking, LEFTOVER_LATE_MS, MAKING_BEAT_MS } from "../core/open-attempt";
import type { LeftoverCopy, OpenAttempt, OpenAttemptStore } from "../core/open-attempt";

export type SendStep =
  | "saving"
  | "waitingForDraft"
  | "tidying"
  | "preparing"
  | "uploading"
  | "sending"
  | "checking"
  | "closing";

/**
 * How long one removal of leftover copies (removeLeftoverCopies) may take, ms: at the pane's
 * start and before a send. A look whose answer hangs gets four tries of up to 60 s each in the
 * HTTP layer, and a send waiting behind it would be held for minutes (rev12e #5); past this the
 * removal stops (no delete starts after it), the records stay, and the next pane start or send
 * tries again. Ten seconds: a look and a delete take well under a second when Graph answers.
 */
export const LEFTOVER_CLEANUP_MS = 10_000;

/** Removals of leftover copies running at the pane's start in this realm (Sender.tidy). */
let tidying = 0;

/**
 * Leftover copies (by mailbox and Internet message id, sameCopy's key) whose removal ran out of
 * time in this realm (the pane): a send does not look for them again, so a look that hangs holds
 * Send for one LEFTOVER_CLEANUP_MS in all, not one at the pane's start and another before the
 * send (rev12f #6). Their records stay on the device; the next pane start looks again.
 */
const stalled = new Set<string>();
const stalledKey = (c: Pick<LeftoverCopy, "root" | "internetMessageId">) =>
  `${c.root.toLowerCase()} ${c.internetMessageId}`;

/**
 * What a failed request was doing: reading the user's own draft, writing the message into the
 * mailbox, uploading an attachment, or sending. The same Graph code means different things in
 * each (src/core/send-errors.ts).
 */
export type FailedAt = "reading" | "writing" | "uploading" | "sending";

export interface SendProgress {
  step: SendStep;
  upload?: CopyProgress;
  /** waitingForDraft: seconds waited so far for Outlook to upload the draft. */
  waited?: number;
}

/**
 * Classic Outlook in cached mode saves the draft locally and uploads it later: its id answers
 * 404 until then ("seconds, sometimes longer"; office-js-docs-pr#1051, office-js#210, #5939;
 * Microsoft's guidance is to poll). Waits before each look, ms: about 30 s in all.
 */
export const DRAFT_WAIT_MS = [1000, 2000, 3000, 5000, 8000, 11000];

/**
 * Waits before each look for the revision the pane stamped on the draft (Sender.waitForDraft),
 * ms: DRAFT_WAIT_MS, then every 15 s, two minutes in all. Classic Outlook in cached mode uploads a
 * change to a draft already on the server "1-2 minutes" later (office-js #6077), and until then
 * Graph serves the older copy; the message is not sent before the stamp is there, so a longer wait
 * costs only time (shown as it passes), while a shorter one would send nothing where Outlook is
 * merely slow. Past it, "draftNotUploaded": nothing sent, Try again.
 */
export const REVISION_WAIT_MS = [...DRAFT_WAIT_MS, 15000, 15000, 15000, 15000, 15000, 15000];

/**
 * How many times a send saves the compose item again because it changed after the save
 * (ComposeWindow.contentDigest): edits made while the pipeline waited are sent, not discarded.
 * Still changing after that, nothing is sent ("draftChanged", Try again): someone is still
 * writing, and a send that chased every keystroke would never end.
 */
export const RESAVE_ROUNDS = 3;

/** GraphError code: the compose item kept changing after each save (RESAVE_ROUNDS); nothing sent. */
export const DRAFT_CHANGED = "draftChanged";

/**
 * Thrown inside a send when the compose item no longer holds what was saved (Sender.unchanged):
 * whatever the send had made is undone by then, nothing went, and sendNow saves again.
 */
class ContentChanged extends Error {
  constructor(readonly now: string) {
    super("The message changed after it was saved.");
    this.name = "ContentChanged";
  }
}

/**
 * The fresh revision the pane stamped on the compose item just before saving it
 * (ComposeWindow.stampRevision): a custom property of the add-in (Office.js
 * item.loadCustomPropertiesAsync, set, saveAsync). Outlook keeps an add-in's custom properties on
 * the item as one JSON object in the named property `cecp-<add-in id>` of PS_PUBLIC_STRINGS
 * (MS-OXCEXT 2.2.5; learn.microsoft.com/office/dev/add-ins/outlook/metadata-for-an-outlook-add-in),
 * which Graph reads as a single-value extended property (`$expand=singleValueExtendedProperties(
 * $filter=id eq '…')`). It travels with the item, so the server copy carries it only once Outlook
 * has uploaded this save (office-js #210: the documented way to tell). Random, and nothing else.
 */
export interface DraftRevision {
  /** Graph's id of that extended property: `String {00020329-…} Name cecp-<add-in id>`. */
  property: string;
  /** The custom property's name in that JSON object. */
  name: string;
  /** Its fresh value for this save. */
  value: string;
}

/** Whether the custom properties' JSON (an extended property's value) holds `revision`. */
function carriesRevision(json: string | undefined, revision: DraftRevision): boolean {
  if (!json) return false;
  try {
    const props = JSON.parse(json) as unknown;
    return (
      typeof props === "object" &&
      props !== null &&
      (props as Record<string, unknown>)[revision.name] === revision.value
    );
  } catch {
    return false;
  }
}

/** The compose window, as the pipeline needs it (src/office/compose.ts implements it). */
export interface ComposeWindow {
  /** Saves the draft to the user's mailbox and returns its Graph (REST) id. */
  saveDraft(): Promise<string>;
  /**
   * Stamps the compose item with a fresh revision (DraftRevision) for the save that follows; null
   * where none is needed or possible. Classic Outlook on Windows in cached mode saves to the
   * computer and uploads later (saveAsync "returns before the item is synced", office-js #2118),
   * so Graph may still serve an older copy of a draft saved before (an autosave, an earlier save
   * or attempt) under the same id: the pipeline sends only once the server copy carries this
   * stamp (Sender.waitForDraft). Outlook on the web and new Outlook save on the server, where
   * there is nothing to wait for. A stamp that fails is recorded, and the send goes on as before.
   */
  stampRevision?(): Promise<DraftRevision | null>;
  /**
   * A digest of what the compose item holds now as Office reads it (subject, To/Cc/Bcc, body
   * text and link targets, sensitivity label, the attachments' names, kinds, inline flags and the
   * sizes Office reports stably; office/compose.ts contentDigest); null where Office cannot read
   * it. The window stays open and editable while the pipeline waits for the
   * upload (up to REVISION_WAIT_MS), copies attachments or waits out throttling, and is then
   * closed discarding the local item: an edit made meanwhile would exist nowhere (rev12o F5).
   * Compared with the digest taken at the save just before the send (Sender.unchanged): changed,
   * the item is saved (and stamped) again and that copy waited for, at most RESAVE_ROUNDS times.
   */
  contentDigest?(): Promise<string | null>;
  /** Closes the compose window without a "save changes?" prompt; rejects when it cannot. */
  close(): Promise<void>;
  /**
   * Where Outlook saved the draft when not in the user's own mailbox: the item's owner, for a
   * message written inside a shared mailbox or folder (item.getSharedPropertiesAsync). Outlook
   * saves it there, and its id does not belong to /me ("Item Id doesn't belong to the current
   * mailbox"; office-js #1116, #6701). Null or absent: the user's own Drafts. Undefined: the item
   * is a shared mailbox's but Office would not name it (a new message written in a shared mailbox:
   * getSharedPropertiesAsync fails until the draft is saved and opened again; office-js #6877,
   * delegate-access.md "Limitations"). The draft is then looked for in the chosen mailbox, where
   * such a message is written from, then in the user's own Drafts (a failure may only mean "not
   * shared"; a cached-mode draft not uploaded yet is waited for there: Sender.draftInChosen);
   * elsewhere it cannot be found, and a GraphError "draftOwnerUnknown" says what to do, once.
   */
  draftOwner?(): Promise<string | null | undefined>;
  /**
   * The Graph (REST) id the compose item is saved under now (item.getItemIdAsync, Mailbox 1.8),
   * or null when it cannot be told. After a Graph send it differs from the sent draft's id when
   * Outlook re-saved the message as a new draft (office-js #5551, #6393).
   */
  savedItemId?(): Promise<string | null>;
  /**
   * Whether the draft carries a sensitivity label (item.sensitivityLabel, Mailbox 1.13; office/
   * compose.ts readSensitivityLabel); null or absent where Office cannot tell. A recreated message
   * loses the label (src/core/fidelity.ts), so "mailbox" mode refuses a labelled draft by itself,
   * whatever the pane showed before Send.
   */
  labelled?(): Promise<boolean | null>;
  /**
   * Outlook's "Delay delivery" time (item.delayDeliveryTime.getAsync, Mailbox 1.13: a Date, or 0
   * when none is set; learn.microsoft.com/javascript/api/outlook/office.delaydeliverytime) as an
   * ISO-8601 UTC string; null when none is set (so too where the method is absent). Undefined
   * where Office cannot tell: below Mailbox 1.13, or the call failed. Then the pipeline goes by what the saved
   * draft itself carries (PidTagDeferredSendTime, DEFERRED_SEND_TIME): "mine" sends that draft
   * as it is, "mailbox" copies the property from it, so neither sends earlier than the draft says;
   * a delay Outlook kept only on the client is then not known, and the message goes at once.
   * Null (Office says none): a time the saved draft still carries does not apply, in either mode.
   */
  deliverAt?(): Promise<string | null | undefined>;
}

export type SendOutcome =
  /** Sent. `copies` says whose Sent Items got the copy. `confirmedLate` after an answer was lost. */
  | {
      ok: true;
      copies: SendMode[];
      confirmedLate: boolean;
      /** The compose window could not be closed: it still shows the sent message, and its
       * Send button would send it again. */
      notClosed?: true;
      /**
       * Delay delivery: Exchange holds the message until this time (ISO-8601 UTC), set as
       * PidTagDeferredSendTime on what was sent. Absent: delivered at once, as far as is known.
       */
      deferredUntil?: string;
    }
  /**
   * Not sent, proven (mayHaveGone: the failure came before the send request left, or Graph
   * refused it), and the draft is intact: safe to try again. With `cannotCarry`: this mode cannot
   * carry these parts of the message as Graph behaves; "mine" (sending the draft itself) can.
   */
  | {
      ok: false;
      error: GraphError;
      draftIntact: true;
      cannotCarry?: Uncarried[];
      /** Which step failed, so the explanation names what actually went wrong. */
      failedAt?: FailedAt;
      /**
       * The mailbox the user's draft was read in when not their own (ComposeWindow.draftOwner),
       * lower case: a refusal while reading is that mailbox's (core/send-errors.ts).
       */
      draftMailbox?: string;
    }
  /**
   * It may have been sent (mayHaveGone) and no look found it sent: check Sent Items before sending
   * again. The Sender keeps the attempt open: every later send or check only looks for it.
   */
  | { ok: false; error: GraphError; unknown: true };

interface MessageState {
  id: string;
  isDraft: boolean;
  internetMessageId?: string;
}

/**
 * After a send whose answer was lost, how long to wait before each look for the message (ms).
 * Exchange can finish a send after the client gave up (Microsoft Q&A 5629476: 5xx or timeout,
 * yet delivered), so one look right away proves nothing. The looks can prove that it went (a sent
 * copy shows up), never that it did not: see `mayHaveGone`.
 */
export const SETTLE_DELAYS_MS = [0, 1000, 2000, 4000, 8000];

/**
 * How long after the failed send request a message still found as a draft, with no sent copy
 * anywhere in the mailbox, is taken as not sent (ms). Exchange finishes a send it accepted within
 * seconds (field-reports.md: 1.5 s after the drop); a submission still pending a minute later has
 * not been reported. Only the pane's "Check" waits for it (bounded: at most this long), so
 * pressing Send again after that check can send the message once, as the issue asks ("until the
 * message is proven unsent: a bounded wait and re-check by its Internet message id").
 */
export const PROOF_AGE_MS = 60_000;

/**
 * What the looks found: the message went; it is still a draft long enough after the failure to
 * count as not sent (only when asked to prove it); or it cannot be known.
 */
type Settled = "sent" | "unsent" | "removed" | "unknown";

/**
 * Whether the open attempt's send request was answered "no such item" (404 ErrorItemNotFound) for
 * a copy the pane made in the mailbox ("Copy in <mailbox>'s Sent Items": `userDraft` is kept only
 * then): the copy was gone from the mailbox's Drafts when Exchange read the request (removed by a
 * colleague, or a clean-up), or an earlier copy of the same request got through and sent it.
 * Sent, it lands in the mailbox's Sent Items (a message Exchange sent from its Drafts is moved
 * there: learn.microsoft.com/graph/api/message-send), where a look finds it by its Internet
 * message id; so found nowhere in that mailbox PROOF_AGE_MS after the answer is proof that
 * nothing went (rev12m #8), and the pane's Check says so (`removed`).
 */
const copyRefusedAsGone = (p: Pending) =>
  !!p.userDraft && (p.error.code === "ErrorItemNotFound" || p.error.status === 404);

type Pending = Omit<OpenAttempt, "v" | "error" | "at"> & { error: GraphError; at: number };

const toStored = (p: Pending): OpenAttempt => ({
  v: 1,
  root: p.root,
  ...(p.internetMessageId && { internetMessageId: p.internetMessageId }),
  copies: p.copies,
  ...(p.userDraft && { userDraft: p.userDraft }),
  ...(p.draft && { draft: p.draft }),
  error: { status: p.error.status, code: p.error.code, message: p.error.message.slice(0, 300) },
  mailbox: p.mailbox,
  at: new Date(p.at).toISOString(),
  ...(p.deferredUntil && { deferredUntil: p.deferredUntil }),
});

const fromStored = (a: OpenAttempt): Pending => ({
  root: a.root,
  internetMessageId: a.internetMessageId,
  copies: a.copies,
  userDraft: a.userDraft,
  draft: a.draft,
  error: new GraphError(a.error.status, a.error.code, a.error.message),
  mailbox: a.mailbox,
  at: Date.parse(a.at),
  deferredUntil: a.deferredUntil,
});

/**
 * The error an open attempt carries while its POST …/send is in flight (Sender.submit writes it
 * before the request leaves): a pane closed or reloaded before the answer leaves it so, and a
 * reopened pane reads it as "may have been sent" (status 0: no answer seen).
 */
export const IN_FLIGHT = "paneClosedMidSend";

/**
 * The code of a failure whose cause is known: the copy the pane made in the mailbox's Drafts was
 * removed there before it was sent (by a colleague with Full Access, or a clean-up), so nothing
 * went and Send makes a new copy (core/send-errors.ts "copyRemoved"; rev12m #6, #8).
 */
export const COPY_REMOVED = "copyRemoved";

const inFlight = () =>
  new GraphError(
    0,
    IN_FLIGHT,
    "The pane was closed or reloaded while the send request was in flight; no answer was seen."
  );

/**
 * Whether a failed POST …/send may still have sent the message, so "Not sent" would be a guess.
 *
 * What proves that a message did not go, in both modes (mine: POST /me/messages/{id}/send of the
 * user's draft; mailbox: POST /users/{mailbox}/messages to create the copy, then POST …/send):
 * - The failure came before the send request left: saving, reading the draft, updating its From,
 *   creating the copy, uploading. Nothing asked Exchange to send (the send step is never reached).
 * - Graph answered the send request with a definite 4xx (ErrorSendAsDenied, ErrorInvalidRecipients,
 *   ErrorMessageSizeExceeded, 400, 401 after a fresh token, 403): Exchange read the request and
 *   refused it. So is any answer that names the Send As denial, whatever its status (a 500 with
 *   SendAsDeniedException, as users quote it: src/core/send-errors.ts isSendAsDenial).
 *
 * What does not prove it, so the outcome stays "may have been sent" (this returns true):
 * - No answer (connection dropped, timeout): the request may have reached Exchange before the
 *   connection broke; the client cannot tell a drop before from a drop after.
 * - Any 5xx, 408 and 429 (after the HTTP layer's own retries): the body was delivered and Graph's
 *   front end may have passed it on; Microsoft Q&A 5629476 reports sendMail answered with 5xx or a
 *   timeout while the mail went, finished by the server after the client gave up, with no bound on
 *   how late (field-reports.md, "Microsoft Graph").
 * - 404 on the send (ErrorItemNotFound): the item is gone from Drafts, which is what an earlier
 *   copy of the same request that did get through (a browser repeats a POST whose connection
 *   broke) leaves behind. For a copy the pane made in a mailbox, such a send leaves a sent
 *   message in that mailbox's Sent Items: found nowhere a minute later, it proves the copy was
 *   removed before it was sent (copyRefusedAsGone, COPY_REMOVED).
 * - A later look that finds the message still a draft, or nowhere: a submitted message stays a
 *   draft in Drafts until transport takes it (Graph's send only accepts it, 202; delivery is
 *   asynchronous: learn.microsoft.com/graph/outlook-things-to-know-about-send-mail), so a draft
 *   is exactly what a send in flight looks like. Graph v1.0 offers no way to cancel a
 *   submission or to see that none is pending. A sent copy in Sent Items settles it; so does
 *   the pane's Check finding it still a draft PROOF_AGE_MS after the failure (Sender.check).
 */
export function mayHaveGone(e: GraphError): boolean {
  if (e.status !== 0 && isSendAsDenial(e)) return false;
  return (
    e.status === 0 ||
    e.status >= 500 ||
    e.status === 408 ||
    e.status === 429 ||
    e.code === "ErrorItemNotFound"
  );
}

const enc = encodeURIComponent;

/** What "mailbox" mode copies from the user's draft into the recreated message. */
const COPIED = [
  "subject",
  "body",
  "toRecipients",
  "ccRecipients",
  "bccRecipients",
  "replyTo",
  "importance",
  "internetMessageId",
  "isReadReceiptRequested",
  "isDeliveryReceiptRequested",
  "categories",
  "flag",
];

/**
 * PidTagDeferredSendTime (MS-OXPROPS): Outlook's "Delay delivery", which Graph carries only as
 * this extended property, an ISO-8601 UTC value; Exchange holds the message until then (Microsoft
 * Q&A and Stack Overflow, "graph api schedule send email PidTagDeferredSendTime").
 */
export const DEFERRED_SEND_TIME = "SystemTime 0x3FEF";

/**
 * PidTagInReplyToId, PidTagInternetReferences, PidTagConversationIndex, PidTagConversationTopic,
 * PidTagSensitivity (MS-OXPROPS), and the delay. The conversation's index and topic (Thread-Index,
 * Thread-Topic) are what Exchange files a message into a conversation by: the index's GUID is the
 * conversation (MS-OXOMSG 2.2.1.2 PidTagConversationId) while the topic matches the thread's
 * (a reply whose topic differs leaves it: ecederstrand/exchangelib#1223); References alone join
 * only a parent the mailbox itself holds, so a copy recreated in another mailbox than the one the
 * customer's mail is in would start a conversation of its own without them. Outlook writes both
 * on every reply and forward (MAPI ScCreateConversationIndex; MS-OXCMAIL 2.2.3.2.7).
 */
const THREAD_AND_SENSITIVITY = [
  "String 0x1042",
  "String 0x1039",
  "Binary 0x0071",
  "String 0x0070",
  "Integer 0x0036",
  DEFERRED_SEND_TIME,
];

type Extended = { id: string; value: string }[] | undefined;

/** The value of extended property `id` in `list` (ids compare without case), or undefined. */
/**
 * Graph's answers that say an item id is not in the mailbox asked: 404 ErrorItemNotFound, or
 * ErrorInvalidMailboxItemId for an id of another mailbox ("Item Id doesn't belong to the current
 * mailbox"; office-js #1116). Anything else (403, 5xx, no answer) says nothing about where it is.
 */
const notThere = (e: GraphError) =>
  e.status === 404 || e.code === "ErrorItemNotFound" || e.code === "ErrorInvalidMailboxItemId";

const extendedValue = (list: Extended, id: string) =>
  list?.find((p) => p.id.toLowerCase() === id.toLowerCase())?.value;

const root = (mode: SendMode, mailbox: Mailbox) =>
  mode === "mine" ? "/me" : `/users/${enc(mailbox.address)}`;

const cannotCarryError = (parts: Uncarried[]) =>
  new GraphError(
    0,
    "cannotCarry",
    `Recreating the message would lose: ${parts.map((p) => `${p.name} (${p.why})`).join(", ")}`
  );

/** `copy` with `ids` added to its own copies (LeftoverCopy.own), each once. */
const withOwn = (copy: LeftoverCopy, ids: string[] | undefined): LeftoverCopy => {
  const own = [...new Set([...(copy.own ?? []), ...(ids ?? [])])];
  return own.length ? { ...copy, own } : copy;
};

/** Whether two leftover copies are the same: one mailbox (case aside), one Internet message id. */
const sameCopy = (
  a: Pick<LeftoverCopy, "root" | "internetMessageId">,
  b: Pick<LeftoverCopy, "root" | "internetMessageId">
) => a.root.toLowerCase() === b.root.toLowerCase() && a.internetMessageId === b.internetMessageId;

/**
 * The turn of the send or the leftover-copy removal running in this pane (one JS realm, every
 * Sender alike: the pane start's tidy and the Send button each build their own): they take turns,
 * so a removal never looks for a message's leftover copies while a send of that message has made
 * its own copy, still a draft with the same Internet message id (rev12d #4: the pane start's
 * removal deleted the copy a send had just made; /send then answered 404).
 */
let turn: Promise<unknown> = Promise.resolve();

/** Runs `task` once every earlier send or removal of this pane has ended (settled or failed). */
function inTurn<T>(task: () => Promise<T>): Promise<T> {
  const run = turn.then(task);
  turn = run.catch(() => undefined);
  return run;
}

/** Finds messages carrying an Internet message id, in any folder of a mailbox. */
async function findByMessageId(
  http: Http,
  mailboxRoot: string,
  internetMessageId: string
): Promise<MessageState[]> {
  const filter = enc(`internetMessageId eq '${internetMessageId.replace(/'/g, "''")}'`);
  const response = await http({
    method: "GET",
    path: `${mailboxRoot}/messages?$filter=${filter}&$select=id,isDraft,internetMessageId`,
    idempotent: true,
  });
  return (await json<{ value: MessageState[] }>(response)).value;
}

/**
 * Sends the message being composed from `mailbox`. Never sends twice: each message carries its
 * Internet message id from the draft, and after a send that may have gone (mayHaveGone) the
 * pipeline only looks for a sent message with that id; it never sends again while the first may
 * still go. Never loses the draft: the compose window
 * closes only after the send is confirmed.
 */
export class Sender {
  /**
   * The last attempt whose outcome is not settled: its Internet message id, so a retry can check
   * before sending again, and (through the mailbox) the user's draft to remove once it went. Kept
   * in `attempts` too, so a reopened pane (a new Sender) knows it: undefined until read from there.
   */
  private pending: Pending | null | undefined = undefined;

  constructor(
    private readonly http: Http,
    private readonly compose: ComposeWindow,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((r) => setTimeout(r, ms)),
    /** Where the open attempt outlives the pane (core/open-attempt.ts); absent: memory only. */
    private readonly attempts?: OpenAttemptStore,
    private readonly now: () => number = Date.now,
    /** LEFTOVER_CLEANUP_MS unless said (tests). */
    private readonly cleanupMs: number = LEFTOVER_CLEANUP_MS
  ) {}

  /** The open attempt: this pane's, else one a closed pane left for this compose item. */
  private async openAttempt(): Promise<Pending | null> {
    if (this.pending === undefined) {
      const stored = await (this.attempts?.load() ?? Promise.resolve(null)).catch(
        (e) => (recordFailure("send", "openAttemptRead", e), null)
      );
      // A pane of this Sender may have set one meanwhile.
      if (this.pending === undefined) this.pending = stored ? fromStored(stored) : null;
    }
    return this.pending;
  }

  private async setPending(pending: Pending | null): Promise<void> {
    this.pending = pending;
    if (!this.attempts) return;
    await (pending ? this.attempts.save(toStored(pending)) : this.attempts.clear()).catch((e) =>
      recordFailure("send", pending ? "openAttemptWrite" : "openAttemptClear", e)
    );
  }

  /**
   * Looks, for a bounded time, for the message by its Internet message id in the mailbox it was
   * sent through (any folder: Sent Items, Drafts): "sent" as soon as a sent copy shows up;
   * otherwise "unknown", whether it is still a draft, nowhere, or a look failed (mayHaveGone).
   * With `prove` (the pane's Check): when the message is still a draft, waits until PROOF_AGE_MS
   * after the failure and looks once more; a draft then, with no sent copy, is "unsent".
   */
  private async settle(
    pending: Pending,
    onProgress: (p: SendProgress) => void,
    prove = false
  ): Promise<Settled> {
    onProgress({ step: "checking" });
    // Without an Internet message id there is nothing to look for.
    if (!pending.internetMessageId) return "unknown";
    const look = async (): Promise<"sent" | "draft" | "none" | "failed"> => {
      try {
        const seen = await findByMessageId(this.http, pending.root, pending.internetMessageId!);
        if (seen.some((m) => !m.isDraft)) return "sent";
        return seen.length ? "draft" : "none";
      } catch (e) {
        // Whatever failed (Graph, the network, a sign-in, a proxy's page that is not JSON), the
        // look proved nothing: the message may still have gone, so the outcome stays open.
        recordFailure("send", "checkAfterLostAnswer", e);
        return "failed";
      }
    };
    let last: Awaited<ReturnType<typeof look>> = "none";
    for (const delay of SETTLE_DELAYS_MS) {
      if (delay) await this.sleep(delay);
      last = await look();
      if (last === "sent") return "sent";
      if (last === "failed") return "unknown";
    }
    // Nowhere at all proves nothing (moved, deleted, or in transit), except after Exchange
    // answered that the copy was not there (copyRefusedAsGone): then a sent copy would be found.
    const gone = copyRefusedAsGone(pending);
    if (!prove || (last !== "draft" && !(last === "none" && gone))) return "unknown";
    const left = PROOF_AGE_MS - (this.now() - pending.at);
    if (left > 0) {
      onProgress({ step: "checking" });
      await this.sleep(left);
    }
    last = await look();
    if (last === "sent") return "sent";
    if (last === "draft") return "unsent";
    return last === "none" && gone ? "removed" : "unknown";
  }

  /**
   * The pane's "Check": looks again for the last attempt whose outcome was unknown, and waits
   * for proof when it is still a draft (settle's `prove`). Sent: the compose window closes as
   * after any send. Proven unsent: the attempt is closed and the outcome says so (draftIntact,
   * code "provenUnsent"), so Send may send it once. Otherwise still unknown, and the attempt
   * stays open so no later send goes while the first may still go. Nothing is ever sent here.
   */
  async check(
    onProgress: (p: SendProgress) => void = () => undefined,
    prove = true
  ): Promise<SendOutcome> {
    const pending = await this.openAttempt();
    const nothing = new GraphError(0, "unknownOutcome", "No send is waiting for a check.");
    if (!pending) return { ok: false, error: nothing, draftIntact: true };
    const settled = await this.settle(pending, onProgress, prove);
    if (settled === "sent") {
      // The delay the message went with, as recorded: a reopened pane knows it only from there.
      this.noteDeferred(pending.deferredUntil);
      return this.finish(
        pending.copies,
        true,
        onProgress,
        pending.userDraft ? () => this.discard(pending.userDraft!) : undefined,
        // A reopened pane never saved the draft itself: the record names it (rev12b #5).
        pending.draft ?? this.draft
      );
    }
    if (settled === "removed") {
      await this.setPending(null);
      return {
        ok: false,
        error: new GraphError(
          404,
          COPY_REMOVED,
          `The copy in the mailbox's Drafts was gone when Exchange got the send (${pending.error.code}), and ${Math.round((this.now() - pending.at) / 1000)} s later no sent copy is there.`
        ),
        draftIntact: true,
        failedAt: "sending",
      };
    }
    if (settled === "unsent") {
      await this.setPending(null);
      return {
        ok: false,
        error: new GraphError(
          0,
          "provenUnsent",
          `Still a draft ${Math.round((this.now() - pending.at) / 1000)} s after the lost answer, with no sent copy.`
        ),
        draftIntact: true,
        failedAt: "sending",
      };
    }
    return { ok: false, error: pending.error, unknown: true };
  }

  /**
   * Sends the message being composed from `mailbox` in `mode` (see the class). Waits for a
   * removal of leftover copies running in this pane (inTurn), and no removal starts before it ends.
   */
  send(
    mailbox: Mailbox,
    mode: SendMode,
    onProgress: (p: SendProgress) => void = () => undefined
  ): Promise<SendOutcome> {
    // Held behind the pane start's removal of leftover copies (bounded): said, not "saving".
    if (tidying) onProgress({ step: "tidying" });
    return inTurn(() => this.sendNow(mailbox, mode, onProgress));
  }

  private async sendNow(
    mailbox: Mailbox,
    mode: SendMode,
    onProgress: (p: SendProgress) => void
  ): Promise<SendOutcome> {
    const copies: SendMode[] =
      mode === "mailbox" ? ["mailbox"] : mailboxKeepsCopy(mailbox) ? ["mine", "mailbox"] : ["mine"];

    // An earlier attempt whose outcome is open (whatever mailbox or mode is chosen now, and even
    // one a closed pane left): it may have gone, or still go. Nothing is sent again; only a look
    // that finds it sent, or the pane's Check proving it unsent, ends this.
    if (await this.openAttempt()) {
      const checked = await this.check(onProgress, false);
      if (checked.ok || !("draftIntact" in checked)) return checked;
    }

    // What the window shows as it is saved (read first: an edit between the two is then seen as a
    // change and saved again, never missed), compared again just before the send (unchanged).
    this.saved = await this.readDigest();
    onProgress({ step: "saving" });
    const saved = await this.saveStamped();
    if (!("draftId" in saved)) return saved;
    let revision = saved.revision;
    let draftId = saved.draftId;
    const said = this.compose.draftOwner ? await this.compose.draftOwner() : null;
    let owner: string | null | undefined;
    try {
      owner =
        said === undefined
          ? await this.draftInChosen(mailbox, draftId, onProgress)
          : said?.toLowerCase() || null;
    } catch (e) {
      // draftNotUploaded after the bounded wait (or a look that failed otherwise): nothing sent.
      if (e instanceof GraphError)
        return { ok: false, error: e, draftIntact: true, failedAt: "reading" };
      throw e;
    }
    if (owner === undefined) {
      recordFailure("send", "draftOwnerUnknown");
      return {
        ok: false,
        error: new GraphError(
          0,
          "draftOwnerUnknown",
          "Outlook did not say which shared mailbox holds this new message's draft, and it is neither in the chosen one nor in the user's own."
        ),
        draftIntact: true,
        failedAt: "reading",
      };
    }
    // The draft is addressed where it lives: /me, or the mailbox Outlook saved it in.
    this.draftRoot = owner ? `/users/${enc(owner)}` : "/me";
    this.draft = { root: this.draftRoot, id: draftId };
    // A copy an unanswered create may have left in a mailbox goes first, whatever mode now, and
    // whichever pane or compose item left it (core/open-attempt.ts LeftoverCopy); never this
    // compose item's own draft.
    await this.removeLeftoverCopies(this.http, draftId, onProgress);
    this.failedAt = "reading";
    this.deferredUntil = null;
    const attempt = () =>
      // Written inside the chosen mailbox: the draft is sent where it lives, from that mailbox
      // (its Sent Items get the copy, whichever way was chosen: nothing else can be true).
      owner && owner === mailbox.address.toLowerCase()
        ? this.sendMine(mailbox, draftId, ["mailbox"], onProgress)
        : mode === "mine"
          ? owner
            ? // In another mailbox than the chosen one: sending it there would put the copy in
              // that third mailbox's Sent Items. Explained once (send-errors draftInOtherMailbox).
              Promise.reject(
                new GraphError(
                  400,
                  "ErrorInvalidMailboxItemId",
                  `Outlook saved the draft in ${owner}, not in your mailbox or the chosen one.`
                )
              )
            : this.sendMine(mailbox, draftId, copies, onProgress)
          : this.sendThroughMailbox(mailbox, draftId, copies, onProgress);
    try {
      for (let round = 0; ; round++) {
        try {
          // Classic Outlook in cached mode: the server copy may be an older save under the same
          // id until Outlook uploads this one. Nothing is read for sending before it carries the
          // stamp, and nothing is sent once the window holds something else than was saved.
          if (revision) await this.waitForDraft(draftId, onProgress, revision);
          await this.unchanged();
          try {
            return await attempt();
          } catch (e) {
            // The draft not on the server yet (cached mode): wait for it, then go on once.
            if (
              !(e instanceof GraphError) ||
              e.code !== "ErrorItemNotFound" ||
              this.failedAt !== "reading"
            )
              throw e;
            await this.waitForDraft(draftId, onProgress);
            return await attempt();
          }
        } catch (e) {
          // Edited while the send waited (the upload, a copy's attachments, throttling): what
          // was made is undone, nothing went. Saved again and that copy waited for, so what
          // arrives is what the window shows when it closes (rev12o F5); bounded.
          if (!(e instanceof ContentChanged)) throw e;
          recordFailure("send", "draftChangedAfterSave");
          if (round >= RESAVE_ROUNDS)
            return {
              ok: false,
              error: new GraphError(
                0,
                DRAFT_CHANGED,
                `The message changed after each of ${RESAVE_ROUNDS + 1} saves while Send From was sending it.`
              ),
              draftIntact: true,
              failedAt: "reading",
            };
          this.saved = e.now;
          this.failedAt = "reading";
          onProgress({ step: "saving" });
          const again = await this.saveStamped();
          if (!("draftId" in again)) return again;
          revision = again.revision;
          // Outlook keeps the item's id across saves; should it not, the new one is sent.
          draftId = again.draftId;
          this.draft = { root: this.draftRoot, id: draftId };
        }
      }
    } catch (e) {
      if (e instanceof GraphError)
        return {
          ok: false,
          error: e,
          draftIntact: true,
          failedAt: this.failedAt,
          ...(owner && { draftMailbox: owner }),
        };
      throw e;
    }
  }

  /** The compose item's content digest at the last save (ComposeWindow.contentDigest). */
  private saved: string | null = null;

  /** ComposeWindow.contentDigest, bounded by the window; null where it cannot be read. */
  private async readDigest(): Promise<string | null> {
    if (!this.compose.contentDigest) return null;
    return this.compose
      .contentDigest()
      .catch((e: unknown) => (recordFailure("send", "contentDigest", e), null));
  }

  /**
   * Throws ContentChanged (after `undo`: what this send made is taken back) when the compose item
   * no longer holds what was saved. A digest Office could not read, at the save or now, is no
   * change known: the send goes on as it would without this check.
   */
  private async unchanged(undo?: () => Promise<unknown>): Promise<void> {
    if (this.saved === null) return;
    const now = await this.readDigest();
    if (now === null || now === this.saved) return;
    await undo?.();
    throw new ContentChanged(now);
  }

  /**
   * Stamps (classic Outlook on Windows: ComposeWindow.stampRevision) and saves the compose item:
   * the draft's id and the revision its server copy will carry, or the outcome that ends the send.
   */
  private async saveStamped(): Promise<
    { draftId: string; revision: DraftRevision | null } | SendOutcome
  > {
    // Classic Outlook on Windows: the save is stamped so the send can wait for Graph's copy to
    // carry it. A stamp that fails twice (Office error 9020, office-js #3822, #5958; or no answer)
    // leaves no way to tell this save's copy from an older one: nothing is sent, said as what
    // failed ("draftNotStamped", rev12p P5), with Try again and Outlook's own Send should it
    // last (rev12o F1), never "Sent" for content the user replaced.
    let revision: DraftRevision | null = null;
    if (this.compose.stampRevision) {
      const stamp = this.compose.stampRevision;
      const once = () =>
        stamp().then(
          (r) => ({ r }),
          (e: unknown) => (recordFailure("send", "stampRevision", e), null)
        );
      const stamped = (await once()) ?? (await once());
      if (!stamped)
        return {
          ok: false,
          error: new GraphError(
            0,
            "draftNotStamped",
            "Send From could not mark this save of the draft, so it cannot tell it from an older copy on the server."
          ),
          draftIntact: true,
          failedAt: "reading",
        };
      revision = stamped.r;
    }
    return { draftId: await this.compose.saveDraft(), revision };
  }

  /**
   * Where a draft lives whose owner Office would not name (ComposeWindow.draftOwner undefined):
   * the chosen mailbox's address (lower case) when Graph finds the id there, else null when it is
   * in the user's own mailbox (/me), else the chosen mailbox again when it refused for another
   * reason than "no such item" (403, 5xx) and the directory lists Full Access on it (the send
   * then meets that refusal and it is explained as what it is), else undefined (both said "no such
   * item": ErrorInvalidMailboxItemId for an id of another mailbox; office-js #1116, #6701).
   * getSharedPropertiesAsync fails on a new message written in a shared mailbox (office-js #6877),
   * but a failure says no more than that: Microsoft's own sample reads Failed as "the current
   * folder or mailbox isn't shared" (learn.microsoft.com/javascript/api/outlook/
   * office.sharedproperties), so the draft may well be the person's own, and classic Outlook in
   * cached mode may not have uploaded it yet: /me then answers 404 ErrorItemNotFound, not
   * ErrorInvalidMailboxItemId (office-js-docs-pr#1051, office-js#210, #5939). That is waited for
   * as an own draft is (DRAFT_WAIT_MS, with progress, looking in both mailboxes), and a draft
   * still not there throws GraphError "draftNotUploaded". An id resolves in one mailbox only, so
   * the order only sets how many requests are made: the chosen mailbox first (the #6877 case).
   */
  private async draftInChosen(
    mailbox: Mailbox,
    draftId: string,
    onProgress: (p: SendProgress) => void
  ): Promise<string | null | undefined> {
    const address = mailbox.address.toLowerCase();
    // The chosen mailbox refused for another reason than "no such item" (a 403 while a recent
    // Full Access is not active yet, a 503): the draft may well be there.
    let chosenRefused = false;
    // /me answered 404 ErrorItemNotFound: the id is no other mailbox's that /me can tell, so it
    // may be the user's own draft that Outlook has not uploaded yet.
    let ownNotYet = false;
    const look = async (): Promise<string | null | undefined> => {
      chosenRefused = false;
      ownNotYet = false;
      for (const root of [`/users/${enc(address)}`, "/me"]) {
        try {
          await this.http({
            method: "GET",
            path: `${root}/messages/${enc(draftId)}?$select=id`,
            idempotent: true,
          });
          return root === "/me" ? null : address;
        } catch (e) {
          if (!(e instanceof GraphError)) throw e;
          recordFailure(
            "send",
            root === "/me" ? "draftNotInOwnMailbox" : "draftNotInChosenMailbox",
            e
          );
          // Only where the directory lists Full Access: a new message can be written in a shared
          // mailbox only with it, and without it Exchange refuses every read there anyway.
          if (root !== "/me" && !notThere(e) && mailbox.rights.includes("FullAccess"))
            chosenRefused = true;
          if (root === "/me")
            ownNotYet =
              e.code === "ErrorItemNotFound" ||
              (e.status === 404 && e.code !== "ErrorInvalidMailboxItemId");
        }
      }
      return undefined;
    };
    let found = await look();
    let waited = 0;
    for (const delay of DRAFT_WAIT_MS) {
      // Not the user's own: read it in the chosen mailbox as the send does, so the refusal is
      // explained for what it is (wait for a recent grant, try again after an outage) rather
      // than as a draft that is nowhere.
      if (found !== undefined || chosenRefused || !ownNotYet) break;
      onProgress({ step: "waitingForDraft", waited: Math.round(waited / 1000) });
      await this.sleep(delay);
      waited += delay;
      found = await look();
    }
    if (found !== undefined) return found;
    if (chosenRefused) return address;
    if (ownNotYet)
      throw new GraphError(
        404,
        "draftNotUploaded",
        `Outlook had not uploaded the draft after ${Math.round(waited / 1000)} s.`
      );
    return undefined;
  }

  /** The step under way, for explaining a failure. */
  private failedAt: FailedAt = "reading";
  /** This send's delay delivery time when ahead of now (ISO-8601 UTC), for the outcome. */
  private deferredUntil: string | null = null;

  /**
   * Office's delay delivery time (ComposeWindow.deliverAt): ISO, null for none, undefined when
   * Office cannot tell. A compose window without deliverAt offers no delay delivery: none.
   */
  private async officeDeliverAt(): Promise<string | null | undefined> {
    if (!this.compose.deliverAt) return null;
    const at = await this.compose.deliverAt().catch((e) => {
      recordFailure("send", "readDelayDelivery", e);
      return undefined;
    });
    if (typeof at !== "string") return at;
    const ms = Date.parse(at);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }

  /** Records the time the message will be delivered at, if it lies ahead. */
  private noteDeferred(at: string | undefined | null): void {
    const ms = at ? Date.parse(at) : NaN;
    this.deferredUntil = ms > this.now() ? new Date(ms).toISOString() : null;
  }
  /** The mailbox holding the user's draft: "/me" or "/users/{owner}" (ComposeWindow.draftOwner). */
  private draftRoot = "/me";
  /** The draft the last send started from, to tell a re-saved copy of it after the send. */
  private draft: { root: string; id: string } | null = null;

  /**
   * Polls the user's draft until Graph sees it, and with a `revision` (the pane's stamp on this
   * save) until Graph's copy carries it, with progress: bounded by DRAFT_WAIT_MS (first look after
   * the first wait: the send just met a 404), with a revision by REVISION_WAIT_MS (first look at
   * once). Then a GraphError "draftNotUploaded": Outlook has not uploaded the draft, or its last
   * changes, yet; nothing was sent.
   */
  private async waitForDraft(
    draftId: string,
    onProgress: (p: SendProgress) => void,
    revision?: DraftRevision
  ): Promise<void> {
    const path =
      `${this.draftRoot}/messages/${enc(draftId)}?$select=id` +
      (revision
        ? `&$expand=singleValueExtendedProperties($filter=id eq '${revision.property}')`
        : "");
    let waited = 0;
    for (const delay of revision ? [0, ...REVISION_WAIT_MS] : DRAFT_WAIT_MS) {
      if (delay) {
        onProgress({ step: "waitingForDraft", waited: Math.round(waited / 1000) });
        await this.sleep(delay);
        waited += delay;
      }
      try {
        const seen = await json<{ singleValueExtendedProperties?: Extended }>(
          await this.http({ method: "GET", path, idempotent: true })
        );
        if (!revision) return;
        const stamp = extendedValue(seen.singleValueExtendedProperties, revision.property);
        if (carriesRevision(stamp, revision)) return;
        // An older copy of the draft: this save is not uploaded yet.
        recordFailure("send", "draftRevisionNotYet");
      } catch (e) {
        if (!(e instanceof GraphError) || e.code !== "ErrorItemNotFound") throw e;
        recordFailure("send", "draftNotVisibleYet", e);
      }
    }
    throw new GraphError(
      404,
      "draftNotUploaded",
      revision
        ? `Outlook had not uploaded the saved draft after ${Math.round(waited / 1000)} s: Microsoft 365 still had an older copy, or none.`
        : `Outlook had not uploaded the draft after ${Math.round(waited / 1000)} s.`
    );
  }

  private async sendMine(
    mailbox: Mailbox,
    draftId: string,
    copies: SendMode[],
    onProgress: (p: SendProgress) => void
  ): Promise<SendOutcome> {
    const draft = `${this.draftRoot}/messages/${enc(draftId)}`;
    onProgress({ step: "preparing" });
    // The send refused, or the window edited since the save: the draft's From is put back, so
    // Outlook's own Send behaves as before.
    const restoreFrom = async () => {
      await this.http({
        method: "PATCH",
        path: draft,
        body: { from: null },
        idempotent: true,
      }).catch((e) => recordFailure("send", "restoreFrom", e));
    };
    // Delay delivery: Exchange sends the saved draft as it is, so the draft must carry the time.
    // Whether Outlook saves it there is not documented: the time Office gives is set on the draft
    // with From (the same value again if it was there). Where Office says "none" or cannot tell,
    // the draft is asked what it carries, which is what Exchange will go by, as "mailbox" mode
    // reads it with the copied fields: Office's "none" then clears a stale time the draft still
    // carries (below), and where Office cannot tell (below Mailbox 1.13) the draft's time stands.
    const office = await this.officeDeliverAt();
    let carried: string | undefined;
    let created: string | undefined;
    if (office === undefined || (office === null && this.compose.deliverAt)) {
      const seen = await json<{
        createdDateTime?: string;
        singleValueExtendedProperties?: Extended;
      }>(
        await this.http({
          method: "GET",
          path: `${draft}?$select=id,createdDateTime&$expand=singleValueExtendedProperties($filter=id eq '${DEFERRED_SEND_TIME}')`,
          idempotent: true,
        })
      );
      carried = extendedValue(seen.singleValueExtendedProperties, DEFERRED_SEND_TIME);
      created = seen.createdDateTime;
    }
    // Office said "none" and the draft still carries a time ahead: replaced by a time already past,
    // which Exchange treats as no delay (a deferred send time already past goes at once; MS-OXOMSG
    // PidTagDeferredSendTime). Graph offers no way to delete an extended property. Not the pane's
    // "now": a computer clock ahead of Exchange's would hold the message that long. The draft's
    // own createdDateTime is Exchange's clock, and past; else a day before the pane's now.
    // Any carried time, not only one ahead of the pane's clock: a time ahead of Exchange's clock
    // but behind a computer clock that runs fast would still hold the message.
    const stale = office === null && carried !== undefined;
    const past =
      created && !Number.isNaN(Date.parse(created))
        ? new Date(Date.parse(created)).toISOString()
        : new Date(this.now() - 24 * 3600_000).toISOString();
    const delay = office || (stale ? past : undefined);
    this.noteDeferred(office === undefined ? carried : office);
    const patched = await json<MessageState>(
      await this.http({
        method: "PATCH",
        path: draft,
        body: {
          from: { emailAddress: { address: mailbox.address, name: mailbox.displayName } },
          ...(delay && {
            singleValueExtendedProperties: [{ id: DEFERRED_SEND_TIME, value: delay }],
          }),
        },
        idempotent: true,
      })
    );
    // Already sent (an earlier pane's attempt went; Outlook re-saved the message as a draft):
    // a sent copy with the same Internet message id ends it here, without a second send.
    // Best effort: a look that fails does not stop the send (the open attempt, kept for the
    // compose item, is what guards a reopened pane; this look catches what it cannot see).
    if (patched.internetMessageId) {
      const seen = await findByMessageId(
        this.http,
        this.draftRoot,
        patched.internetMessageId
      ).catch((e) => (recordFailure("send", "lookBeforeSend", e), []));
      if (seen.some((m) => !m.isDraft))
        return this.finish(copies, true, onProgress, () => this.discard(draft));
    }
    // Edited since the save (a throttled request, a slow answer): From is put back as on a
    // refusal, and sendNow saves again.
    await this.unchanged(() => restoreFrom());
    return this.submit(
      mailbox,
      // Sent where it lives: a draft in the mailbox itself is looked for there after a lost answer.
      this.draftRoot === "/me" ? "mine" : "mailbox",
      draft,
      patched.internetMessageId,
      copies,
      onProgress,
      restoreFrom
    );
  }

  private async sendThroughMailbox(
    mailbox: Mailbox,
    draftId: string,
    copies: SendMode[],
    onProgress: (p: SendProgress) => void
  ): Promise<SendOutcome> {
    const source = `${this.draftRoot}/messages/${enc(draftId)}`;
    const target = root("mailbox", mailbox);
    // Sent from the mailbox, the user's own draft of the message is no longer needed. It goes
    // before the compose window closes: closing may end the add-in.
    const removeUserDraft = () => this.discard(source);
    onProgress({ step: "preparing" });
    // Listed even when hasAttachments is false: Graph leaves inline images out of that flag.
    const attachments = await listAttachments(this.http, source);
    // Refused before anything is created: what arrives must be what the user wrote.
    const cannot = [
      ...uncarried(attachments),
      ...(await attachedMessagesWithParts(this.http, source, attachments)),
    ];
    const labelled = await (this.compose.labelled?.() ?? Promise.resolve(null)).catch(
      (e) => (recordFailure("send", "readSensitivityLabel", e), null)
    );
    if (labelled === true) cannot.push({ name: "", why: "sensitivityLabel" });
    if (cannot.length)
      return { ok: false, error: cannotCarryError(cannot), cannotCarry: cannot, draftIntact: true };
    // The draft's custom headers and its label, where Graph shows them (mime-headers.ts). A label
    // found there is refused as one Office reports: whether Office said "none" or could not tell
    // (below Mailbox 1.13, or sensitivityLabel.getAsync failed), the header is what Exchange keeps.
    const headers = await this.draftHeaders(source);
    if (headers.labelled) {
      const label = [{ name: "", why: "sensitivityLabel" as const }];
      return { ok: false, error: cannotCarryError(label), cannotCarry: label, draftIntact: true };
    }
    // Graph refuses more than five custom headers on a message (Microsoft Q&A 762243), and
    // leaving some out would send another message than the user wrote: refused here, before
    // anything is created in the mailbox (src/core/fidelity.ts MAX_CUSTOM_HEADERS).
    if (headers.custom.length > MAX_CUSTOM_HEADERS) {
      const many = headers.custom.map((h) => ({ name: h.name, why: "customHeader" as const }));
      return { ok: false, error: cannotCarryError(many), cannotCarry: many, draftIntact: true };
    }
    const original = await json<
      Record<string, unknown> &
        MessageState & { singleValueExtendedProperties?: { id: string; value: string }[] }
    >(
      await this.http({
        method: "GET",
        path:
          `${source}?$select=${COPIED.join(",")}` +
          `&$expand=singleValueExtendedProperties($filter=${THREAD_AND_SENSITIVITY.map((id) => `id eq '${id}'`).join(" or ")})`,
        idempotent: true,
      })
    );
    // From here every request goes into the chosen mailbox: its 404/403 is the mailbox's answer
    // (Full Access), not the user's draft, and is not waited for as cached mode (rev12b #4).
    this.failedAt = "writing";
    // A half-made copy from an earlier attempt is removed, so the mailbox never keeps two drafts.
    if (original.internetMessageId) {
      const leftovers = await findByMessageId(this.http, target, original.internetMessageId);
      if (leftovers.some((m) => !m.isDraft))
        return this.finish(copies, true, onProgress, removeUserDraft);
      let removed = 0;
      for (const m of leftovers)
        if (await this.discard(`${target}/messages/${enc(m.id)}`)) removed++;
      // A remembered copy is forgotten only once found and removed: found nowhere yet, it may
      // still land (Exchange finishing a lost create late); it is then looked for again later,
      // and the copy this send makes is claimed as its own (claimCopy), never taken for it.
      if (removed && removed === leftovers.length)
        await this.forgetLeftover({ root: target, internetMessageId: original.internetMessageId });
    }
    const body: Record<string, unknown> = {
      from: { emailAddress: { address: mailbox.address, name: mailbox.displayName } },
    };
    for (const key of COPIED) {
      if (original[key] !== undefined && original[key] !== null) body[key] = original[key];
    }
    // Custom headers, from the draft's MIME: Graph takes only x- names on create.
    if (headers.custom.length) body.internetMessageHeaders = headers.custom;
    // The thread: a created message has no In-Reply-To/References and cannot get them as
    // headers, only as their MAPI properties (Softeria/ms-365-mcp-server#652,
    // elie222/inbox-zero#1246, relaticle#743); sensitivity has no v1.0 property either.
    // Delay delivery: Office's answer where it gives one (a time replaces the draft's, "none"
    // removes it), else the time the draft carries (ComposeWindow.deliverAt).
    const office = await this.officeDeliverAt();
    const isDelay = (p: { id: string }) => p.id.toLowerCase() === DEFERRED_SEND_TIME.toLowerCase();
    const extended = (original.singleValueExtendedProperties ?? [])
      .filter((p) => THREAD_AND_SENSITIVITY.some((id) => id.toLowerCase() === p.id.toLowerCase()))
      .filter((p) => office === undefined || !isDelay(p))
      .map(({ id, value }) => ({ id, value }));
    if (office) extended.push({ id: DEFERRED_SEND_TIME, value: office });
    if (extended.length) body.singleValueExtendedProperties = extended;
    this.noteDeferred(extendedValue(extended, DEFERRED_SEND_TIME));
    const key = original.internetMessageId
      ? { root: target, internetMessageId: original.internetMessageId }
      : null;
    // A record kept before this send (an earlier lost create, or a copy whose delete failed)
    // stays that record: this send's copy is claimed in it once it is sent, never taken for it.
    const recorded = !!key && (await this.knownLeftovers()).some((c) => sameCopy(c, key));
    const remembered = !!key && !recorded;
    // The copy is remembered before its create leaves (rev12g #2: a pane closed or reloaded
    // during the upload would otherwise leave a full copy in the mailbox's Drafts, which a
    // colleague could send, that nothing removes), as being made by this live pane
    // (LeftoverCopy.making, its beat refreshed while this send runs): no removal in another pane
    // of the device touches it meanwhile (rev12m #6: a second compose window's pane start deleted
    // it mid-upload). Once this pane is gone the beat goes stale, and it is a leftover like any.
    const making = key ? await this.startMaking(key) : null;
    try {
      return await this.makeAndSend(
        mailbox,
        target,
        source,
        original,
        body,
        attachments,
        copies,
        onProgress,
        removeUserDraft,
        key,
        remembered,
        making
      );
    } finally {
      await making?.end();
    }
  }

  /**
   * sendThroughMailbox's second half: creates the copy in `target`, uploads its attachments and
   * sends it. `key`: the copy's record (LeftoverCopy), `remembered` when this send wrote it.
   */
  private async makeAndSend(
    mailbox: Mailbox,
    target: string,
    source: string,
    original: MessageState,
    body: Record<string, unknown>,
    attachments: Awaited<ReturnType<typeof listAttachments>>,
    copies: SendMode[],
    onProgress: (p: SendProgress) => void,
    removeUserDraft: () => Promise<boolean>,
    key: Pick<LeftoverCopy, "root" | "internetMessageId"> | null,
    remembered: boolean,
    making: { beat(): void } | null
  ): Promise<SendOutcome> {
    let created: MessageState;
    try {
      created = await json<MessageState>(
        await this.http({ method: "POST", path: `${target}/messages`, body, idempotent: false })
      );
    } catch (e) {
      // A create answered 5xx, or not at all, may have landed (Microsoft Q&A 5629476): the copy,
      // found by its Internet message id, is removed now, or at the next send in either mode.
      if (e instanceof GraphError && e.ambiguous && key) {
        await this.rememberLeftover({ v: 1, ...key, at: new Date(this.now()).toISOString() });
        await this.removeLeftoverCopies();
      } else if (remembered && key) {
        // Refused, or never sent (no token): no copy was made, nothing to look for.
        await this.forgetLeftover(key);
      }
      throw e;
    }
    const copy = `${target}/messages/${enc(created.id)}`;
    // The copy is removed when the message will not go this way; a failed delete leaves a full
    // copy in the mailbox's Drafts that a colleague could send, so it is remembered as a lost
    // create's is and removed at the next send or pane start (rev12e #4).
    const discardCopy = async () => {
      if (!(await this.discard(copy))) {
        if (key) await this.rememberStray(key, created.id);
      } else if (remembered && key) await this.forgetLeftover(key);
    };
    try {
      if (attachments.length) {
        this.failedAt = "uploading";
        onProgress({ step: "uploading" });
        await copyAttachments(this.http, source, copy, attachments, (upload) => {
          making?.beat();
          onProgress({ step: "uploading", upload });
        });
        // Never "Sent" for a message that lost content: the copy is checked before it goes.
        const lost = lostInCopy(attachments, await listAttachments(this.http, copy));
        if (lost.length) {
          await discardCopy();
          return { ok: false, error: cannotCarryError(lost), cannotCarry: lost, draftIntact: true };
        }
      }
    } catch (e) {
      // The copy itself is gone from the mailbox (removed there meanwhile: a colleague tidying
      // its Drafts): said as what it is, nothing was sent and Send makes a new copy, not as a
      // reason Send From does not recognise (rev12m #6).
      if (e instanceof GraphError && notThere(e) && (await this.isGone(copy))) {
        if (remembered && key) await this.forgetLeftover(key);
        throw new GraphError(
          404,
          COPY_REMOVED,
          `The copy in the mailbox's Drafts was removed while its attachments were uploaded (${e.code}: ${e.message})`.slice(
            0,
            300
          )
        );
      }
      await discardCopy();
      // A part Graph would not take in this way (too large for one request): the other carries it.
      if (e instanceof PartNotCarried)
        return {
          ok: false,
          error: cannotCarryError(e.parts),
          cannotCarry: e.parts,
          draftIntact: true,
        };
      throw e;
    }
    // Edited while the attachments were copied: this copy holds what was saved before and is
    // removed (sendNow saves again and makes a new one).
    await this.unchanged(discardCopy);
    // Being sent: no removal may take it now, in any pane (it stays a draft until transport
    // takes it), whatever the outcome.
    if (key) await this.claimCopy(key, created.id);
    const outcome = await this.submit(
      mailbox,
      "mailbox",
      copy,
      created.internetMessageId ?? original.internetMessageId,
      copies,
      onProgress,
      discardCopy,
      source
    );
    if (outcome.ok && remembered && key) await this.forgetLeftover(key);
    return outcome;
  }

  /**
   * Whether Graph says the message at `path` is not there (404 ErrorItemNotFound); false when
   * it is there, or the look failed otherwise (nothing known).
   */
  private async isGone(path: string): Promise<boolean> {
    return this.http({ method: "GET", path: `${path}?$select=id`, idempotent: true }).then(
      () => false,
      (e) => (recordFailure("send", "copyLook", e), e instanceof GraphError && notThere(e))
    );
  }

  /**
   * Marks the copy of `key` as being made by this pane's live send (LeftoverCopy.making), here and
   * in the store, and keeps its beat fresh every MAKING_BEAT_MS (and on `beat()`) until `end()`,
   * which takes the mark off whatever record is kept then (one a forget removed stays removed).
   */
  private async startMaking(
    key: Pick<LeftoverCopy, "root" | "internetMessageId">
  ): Promise<{ beat(): void; end(): Promise<void> }> {
    const stamp = () => ({ beat: new Date(this.now()).toISOString() });
    const known = (await this.knownLeftovers()).find((c) => sameCopy(c, key));
    await this.rememberLeftover({
      ...(known ?? { v: 1 as const, ...key, at: new Date(this.now()).toISOString() }),
      making: stamp(),
    });
    let last = this.now();
    const beat = () => {
      last = this.now();
      void this.changeLeftover(key, (c) => (c.making ? { ...c, making: stamp() } : c));
    };
    const timer = setInterval(beat, MAKING_BEAT_MS);
    return {
      beat: () => {
        if (this.now() - last >= MAKING_BEAT_MS) beat();
      },
      end: async () => {
        clearInterval(timer);
        await this.changeLeftover(key, (c) => {
          const rest = { ...c };
          delete rest.making;
          return rest;
        });
      },
    };
  }

  /** Changes the record of `key`, if kept, here and in the store (best effort, one step each). */
  private async changeLeftover(
    key: Pick<LeftoverCopy, "root" | "internetMessageId">,
    change: (c: LeftoverCopy) => LeftoverCopy
  ): Promise<void> {
    this.leftovers = this.leftovers.map((c) => (sameCopy(c, key) ? change(c) : c));
    await (this.attempts?.leftovers?.change(key, change) ?? Promise.resolve()).catch((e) =>
      recordFailure("send", "leftoverCopyWrite", e)
    );
  }

  /**
   * The user's draft's custom headers and label, from its MIME header block (mime-headers.ts).
   * A 404 stays itself (the draft not uploaded yet: send() waits for it). Any other failure is a
   * GraphError "draftHeadersUnreadable" at "reading": the message is not recreated without
   * headers it may carry, and nothing was sent (src/core/send-errors.ts explains it).
   */
  private async draftHeaders(source: string): Promise<DraftHeaders> {
    try {
      return await readDraftHeaders(this.http, source);
    } catch (e) {
      if (e instanceof GraphError && (e.code === "ErrorItemNotFound" || e.status === 404)) throw e;
      if (!(e instanceof GraphError) && !(e instanceof HeaderBlockError)) throw e;
      recordFailure("send", "readDraftHeaders", e);
      throw new GraphError(
        e instanceof GraphError ? e.status : 0,
        "draftHeadersUnreadable",
        `The draft's internet headers could not be read (${e instanceof GraphError ? e.code : e.reason}: ${e.message})`.slice(
          0,
          300
        )
      );
    }
  }

  /**
   * Copies of a message whose create in a mailbox went unanswered (lost or 5xx) and may have
   * landed there, in its Drafts, known to this pane; the store (`attempts.leftovers`, core/
   * open-attempt.ts LeftoverCopy) keeps them for every later pane and compose item.
   */
  private leftovers: LeftoverCopy[] = [];

  /**
   * The leftover copies known: this pane's and the store's (read failures recorded: then this
   * pane's only); one entry per mailbox and Internet message id, its `own` ids merged.
   */
  private async knownLeftovers(): Promise<LeftoverCopy[]> {
    const stored = await (this.attempts?.leftovers?.list() ?? Promise.resolve([])).catch(
      (e) => (recordFailure("send", "leftoverCopyRead", e), [] as LeftoverCopy[])
    );
    const all = [...this.leftovers];
    for (const c of stored) {
      const i = all.findIndex((m) => sameCopy(m, c));
      if (i < 0) all.push(c);
      else all[i] = withOwn(all[i], c.own);
    }
    return all;
  }

  /**
   * Notes `id`, a copy this send made and is about to send, as the send's own in its message's
   * record (LeftoverCopy.own), so no removal, in this pane or another, deletes it while it waits
   * as a draft for transport. No record: nothing to do.
   */
  private async claimCopy(
    copy: Pick<LeftoverCopy, "root" | "internetMessageId">,
    id: string
  ): Promise<void> {
    const known = (await this.knownLeftovers()).find((c) => sameCopy(c, copy));
    if (known) await this.rememberLeftover(withOwn(known, [id]));
  }

  /**
   * Remembers a leftover copy here and in the store (best effort), keeping the `own` ids
   * already known for it (a second unanswered create of the same message).
   */
  private async rememberLeftover(fresh: LeftoverCopy): Promise<void> {
    const known = (await this.knownLeftovers()).find((c) => sameCopy(c, fresh));
    const copy = known ? withOwn(fresh, known.own) : fresh;
    this.leftovers = [...this.leftovers.filter((c) => !sameCopy(c, copy)), copy];
    await (this.attempts?.leftovers?.add(copy) ?? Promise.resolve()).catch((e) =>
      recordFailure("send", "leftoverCopyWrite", e)
    );
  }

  /**
   * Remembers `id`, a copy this send made and then failed to delete, as a leftover copy (here and
   * in the store, best effort), no longer among the send's own (LeftoverCopy.own), which no
   * removal touches: the next send or pane start removes it, and only drafts carrying the
   * message's Internet message id in that mailbox (removeLeftoverCopies).
   */
  private async rememberStray(
    copy: Pick<LeftoverCopy, "root" | "internetMessageId">,
    id: string
  ): Promise<void> {
    const known = (await this.knownLeftovers()).find((c) => sameCopy(c, copy));
    const own = (known?.own ?? []).filter((o) => o !== id);
    const stray: LeftoverCopy = {
      v: 1,
      ...copy,
      at: new Date(this.now()).toISOString(),
      ...(own.length && { own }),
    };
    this.leftovers = [...this.leftovers.filter((c) => !sameCopy(c, stray)), stray];
    await (this.attempts?.leftovers?.add(stray) ?? Promise.resolve()).catch((e) =>
      recordFailure("send", "leftoverCopyWrite", e)
    );
  }

  /** Forgets a leftover copy here and in the store (best effort). */
  private async forgetLeftover(copy: Pick<LeftoverCopy, "root" | "internetMessageId">) {
    this.leftovers = this.leftovers.filter((c) => !sameCopy(c, copy));
    await (this.attempts?.leftovers?.remove(copy) ?? Promise.resolve()).catch((e) =>
      recordFailure("send", "leftoverCopyClear", e)
    );
  }

  /**
   * Removes the leftover copies this pane or an earlier one (any compose item) left: for each,
   * the drafts in its mailbox carrying its Internet message id (a copy that is no draft went, and
   * is left alone), then forgets it once such a copy was found and removed. A look that finds
   * none keeps it until LEFTOVER_LATE_MS after the failed create (core/open-attempt.ts): Exchange
   * may still carry that create out (Microsoft Q&A 5629476; issue 12: 1.5 s after the drop). Best
   * effort: a failed look or delete keeps it for the next pane start or send, whichever mode (the
   * mailbox's Drafts must not keep a full copy of the message). Never touched: a copy of the
   * attempt still open here (its send may be in flight, and a submitted message stays a draft
   * until transport takes it), a copy a later send claimed (LeftoverCopy.own), the copies of a
   * record a live send in another pane of the device is making (LeftoverCopy.making: skipped,
   * and the record read again before any delete; rev12m #6), and `keep`, the compose item's own
   * draft. `http`: the pane start's, which signs in silently only (SendService.tidy). Callers run
   * in this pane's turn (inTurn): no send of this pane has a fresh copy.
   * Bounded by LEFTOVER_CLEANUP_MS; copies not dealt with by then are `stalled`, and a send
   * (not `atStart`) skips them: one bound in all before a Send (rev12f #6).
   */
  private async removeLeftoverCopies(
    http: Http = this.http,
    keep?: string | null,
    onProgress?: (p: SendProgress) => void,
    atStart = false
  ): Promise<void> {
    // A send leaves alone what an earlier removal in this pane gave up on (`stalled`).
    const all = (await this.knownLeftovers()).filter((c) => atStart || !stalled.has(stalledKey(c)));
    if (!all.length) return;
    onProgress?.({ step: "tidying" });
    // Bounded (LEFTOVER_CLEANUP_MS): past it no request of this removal starts, so a delete never
    // follows a look answered after a send of the message made its own copy (inTurn's reason).
    let over = false;
    const bounded: Http = (request) =>
      over
        ? Promise.reject(
            new GraphError(0, "timeout", "The removal of leftover copies ran out of time.")
          )
        : http(request);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settled = new Set<LeftoverCopy>();
    const done = await Promise.race([
      this.removeEach(all, bounded, keep, settled).then(() => true),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), this.cleanupMs))),
    ]);
    over = true;
    clearTimeout(timer);
    if (!done) {
      for (const c of all) if (!settled.has(c)) stalled.add(stalledKey(c));
      recordFailure(
        "send",
        "leftoverCopySlow",
        new Error(
          `The removal of leftover copies stopped after ${this.cleanupMs} ms; kept for the next pane start.`
        )
      );
    }
  }

  /** removeLeftoverCopies' work for `all`, through `http`; each copy dealt with goes in `settled`. */
  private async removeEach(
    all: LeftoverCopy[],
    http: Http,
    keep: string | null | undefined,
    settled: Set<LeftoverCopy>
  ): Promise<void> {
    const open = await this.openAttempt();
    for (const leftover of all) {
      if (
        (open &&
          open.internetMessageId &&
          sameCopy(leftover, { root: open.root, internetMessageId: open.internetMessageId })) ||
        // A live send in another pane of this device is making this copy (rev12m #6).
        isMaking(leftover, this.now())
      ) {
        settled.add(leftover);
        continue;
      }
      try {
        const found = await findByMessageId(http, leftover.root, leftover.internetMessageId);
        // Read again after the look, before any delete: a send in another pane that started
        // making a copy of this message meanwhile has marked it (LeftoverCopy.making is written
        // before its create leaves), so a copy the look found is never that send's; and a copy
        // claimed meanwhile is among `own`.
        const now = (await this.knownLeftovers()).find((c) => sameCopy(c, leftover));
        if (now && isMaking(now, this.now())) {
          settled.add(leftover);
          continue;
        }
        const own = [...(leftover.own ?? []), ...(now?.own ?? [])];
        const strays = found.filter(
          (m) =>
            m.isDraft &&
            m.internetMessageId === leftover.internetMessageId &&
            m.id !== keep &&
            !own.includes(m.id)
        );
        let removed = 0;
        for (const m of strays)
          if (await this.discard(`${leftover.root}/messages/${enc(m.id)}`, http)) removed++;
        const late = this.now() - Date.parse(leftover.at) > LEFTOVER_LATE_MS;
        if (strays.length ? removed === strays.length : late) await this.forgetLeftover(leftover);
      } catch (e) {
        recordFailure("send", "leftoverCopyLook", e);
      }
      settled.add(leftover);
    }
  }

  /**
   * The pane start's clean-up (SendService.tidy): removes leftover copies (removeLeftoverCopies)
   * through `http`, keeping the compose item's own draft. Sends nothing; never throws.
   */
  tidy(http: Http): Promise<void> {
    tidying++;
    return inTurn(() => this.tidyNow(http)).finally(() => tidying--);
  }

  private async tidyNow(http: Http): Promise<void> {
    const own = await (this.compose.savedItemId?.() ?? Promise.resolve(null)).catch(
      (e) => (recordFailure("send", "savedItemId", e), null)
    );
    await this.removeLeftoverCopies(http, own, undefined, true).catch((e) =>
      recordFailure("send", "tidy", e)
    );
  }

  /**
   * Deletes a message; best effort (a leftover draft is untidy, never harmful): true when Graph
   * confirmed the delete, false (recorded) when it failed.
   */
  private async discard(path: string, http: Http = this.http): Promise<boolean> {
    return http({ method: "DELETE", path, idempotent: true }).then(
      () => true,
      (e) => (recordFailure("send", "discard", e), false)
    );
  }

  /** POST …/send, telling "refused" from "answer lost", and settling before anything is repeated. */
  private async submit(
    mailbox: Mailbox,
    mode: SendMode,
    message: string,
    internetMessageId: string | undefined,
    copies: SendMode[],
    onProgress: (p: SendProgress) => void,
    onRefused: () => Promise<void>,
    /** Through the mailbox: the user's own draft, removed once the message went. */
    userDraft?: string
  ): Promise<SendOutcome> {
    const beforeClose = userDraft ? () => this.discard(userDraft) : undefined;
    this.failedAt = "sending";
    onProgress({ step: "sending" });
    const open = (error: GraphError): Pending => ({
      root: root(mode, mailbox),
      internetMessageId,
      copies,
      userDraft,
      ...(this.draft && { draft: this.draft }),
      error,
      mailbox: mailbox.displayName,
      at: this.now(),
      ...(this.deferredUntil && { deferredUntil: this.deferredUntil }),
    });
    // Written before the request leaves (IN_FLIGHT): a pane closed or reloaded while it is in
    // flight leaves the attempt open, and the reopened pane starts at "may have been sent" and
    // looks, rather than offering Send again (rev12g #1: Outlook re-saves the draft under a new
    // id and Internet message id, office-js #5897, so a new send's look finds nothing).
    await this.setPending(open(inFlight()));
    try {
      await this.http({
        method: "POST",
        path: `${message}/send`,
        idempotent: false,
        // Throttled (429: "not done", learn.microsoft.com/graph/throttling) and repeated after
        // its Retry-After, shown as "Microsoft 365 is busy; trying again…": the window is looked
        // at again first, and an edit made meanwhile undoes this attempt (onRefused) and is
        // saved and sent by sendNow, within RESAVE_ROUNDS, not discarded (rev12p P7).
        beforeRepeat: () => this.unchanged(onRefused),
      });
    } catch (e) {
      // Not a Graph answer: the token (getToken, or a fresh one after a 401) failed before any
      // request reached Exchange with it (graph/http.ts), so nothing went; or the window changed
      // during a throttling wait (ContentChanged, after onRefused), and nothing went either.
      if (!(e instanceof GraphError)) {
        await this.setPending(null);
        throw e;
      }
      // Refused for sure: the draft is as it was, and trying again is safe.
      if (!mayHaveGone(e)) {
        await this.setPending(null);
        await onRefused();
        return { ok: false, error: e, draftIntact: true, failedAt: "sending" };
      }
      // It may have gone, or may still go: looks can only find it sent. The attempt stays open
      // (even without an id to look for) so nothing is sent a second time. A copy Exchange
      // answered "not there" is looked for until it is proven gone or sent (copyRefusedAsGone:
      // bounded by PROOF_AGE_MS), so the pane says which, not "may have been sent".
      const pending = open(e);
      await this.setPending(pending);
      return this.check(onProgress, copyRefusedAsGone(pending));
    }
    return this.finish(copies, false, onProgress, beforeClose);
  }

  /**
   * Outlook can save the compose item again after a Graph send (autosave; office-js #5551,
   * #6393): the sent message then sits in Drafts once more, a stale copy whose Send would send it
   * a second time. When the item is saved under another id than the draft that went, that new
   * draft is deleted before the window closes (closing may end the add-in). Best effort.
   */
  private async removeResavedDraft(draft: { root: string; id: string } | null): Promise<void> {
    if (!draft || !this.compose.savedItemId) return;
    const now = await this.compose.savedItemId().catch((e) => {
      recordFailure("send", "savedItemId", e);
      return null;
    });
    if (!now || now === draft.id) return;
    const path = `${draft.root}/messages/${enc(now)}`;
    // Only a draft is Outlook's re-save: a host may name the sent message itself (its id changes
    // when it moves to Sent Items), and that copy must never be deleted. Unknown: keep it.
    const isDraft = await this.http({
      method: "GET",
      path: `${path}?$select=isDraft`,
      idempotent: true,
    })
      .then((r) => json<{ isDraft?: unknown }>(r))
      .then(
        (m) => m.isDraft === true,
        (e) => (recordFailure("send", "savedItemCheck", e), false)
      );
    if (isDraft) await this.discard(path);
  }

  private async finish(
    copies: SendMode[],
    confirmedLate: boolean,
    onProgress: (p: SendProgress) => void,
    beforeClose?: () => Promise<unknown>,
    /** The draft the message was sent from: this pane's, or the open attempt's record of it. */
    draft = this.draft
  ): Promise<SendOutcome> {
    await beforeClose?.();
    await this.removeResavedDraft(draft);
    onProgress({ step: "closing" });
    const closed = await this.compose.close().then(
      () => true,
      (e) => {
        recordFailure("send", "closeCompose", e);
        return false;
      }
    );
    // Closed only now: a pane that goes before the window closes leaves the open attempt, and the
    // reopened pane finds the message sent rather than offering Send again (rev12g #1).
    await this.setPending(null);
    const deferred = this.deferredUntil ? { deferredUntil: this.deferredUntil } : {};
    return closed
      ? { ok: true, copies, confirmedLate, ...deferred }
      : { ok: true, copies, confirmedLate, notClosed: true, ...deferred };
  }
}
