import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { recordFailure } from "../core/diagnostics";
import type { Mailbox, Right, SendMode } from "../core/model";
import type { SmtpAddress } from "../core/address";
import {
  canSendAsMailboxItself,
  hasOwnSentItems,
  mailboxKeepsCopy,
  SendRight,
  sendRight,
} from "../core/rights";
import type { DroppedPart } from "../core/fidelity";
import type { SendProblem } from "../core/send-errors";
import type { SendEvent, SendService } from "../graph";
import type { PaneHost } from "./host";

export type SendState =
  | { status: "idle" }
  | { status: "working"; event: SendEvent }
  | {
      status: "sent";
      /** Whose Sent Items hold the copy ("both": the user's and the mailbox's). */
      where: SendMode | "both";
      confirmedLate: boolean;
      /** The window still shows the sent message: say so, and not to press Outlook's Send. */
      notClosed: boolean;
      /** The mailbox it went from (a check can find it after another mailbox was chosen). */
      mailbox: string;
      /**
       * Outlook's Delay delivery: Exchange holds the message until then (ISO-8601 UTC), so the
       * pane says it is scheduled, not that it went now.
       */
      deferredUntil?: string;
    }
  | { status: "failed"; problem: SendProblem; draftIntact: boolean }
  /**
   * It could not be found out whether the message went: never "Not sent" without proof. Kept
   * when another mailbox is chosen (it is about this message, whatever From says now): `mailbox`
   * names the one it was sent from.
   */
  | { status: "unknown"; problem: SendProblem; mailbox: string };

/** What sending from the selected mailbox can do, decided before the user presses Send. */
export interface SendPlan {
  /** What recipients will see; null when the user has no right to send from the mailbox. */
  right: SendRight | null;
  /** The mailbox has Sent Items of its own, so a copy there is worth offering. */
  offerMailboxMode: boolean;
  /** Sending through the mailbox (copy in its Sent Items) needs Full Access too. */
  mailboxModeAllowed: boolean;
  /** Sending through the user's mailbox also leaves a copy in the mailbox's Sent Items. */
  mailboxKeepsCopy: boolean;
  /**
   * Outlook saved the draft in this very mailbox (written inside it: PaneHost.itemOwner), so it
   * is sent where it lives, as the mailbox itself: either way, the copy is in its Sent Items only,
   * and nothing is recreated (nothing dropped).
   */
  draftInMailbox: boolean;
  /**
   * Outlook saved the draft in this mailbox, neither the chosen one nor the person's own (written
   * inside it: office-js #5682, #6701, "Open another mailbox"; PaneHost.draftMailbox): "Copy in
   * my Sent Items" cannot send it (graph/send.ts: the copy would land in that third mailbox's
   * Sent Items), so "Copy in <mailbox>'s Sent Items", which reads the draft where it lives, is
   * the only way, chosen for the person where `mailboxModeAllowed` (rev12f #3). Null otherwise.
   */
  draftElsewhere: SmtpAddress | null;
}

/**
 * How long (ms) Send waits, at the pane's start, for the reads of what an earlier pane left (the
 * open attempt, the sent record: item.sessionData, then localStorage). They answer in well under
 * a second; the bound only keeps an Office that never answers from locking Send.
 */
export const START_READ_MS = 5_000;

export interface SendModel {
  /** null while no mailbox is selected. */
  plan: SendPlan | null;
  available: boolean;
  mode: SendMode;
  setMode(mode: SendMode): void;
  state: SendState;
  /**
   * Send may be pressed: no send under way, no earlier send whose outcome is unknown (then only a
   * check may follow, so nothing goes twice), and this compose item not sent already (its window
   * may stay open after the send: rev14b finding 1), and not a draft saved in another mailbox
   * that no way of sending from this one can read (SendPlan.draftElsewhere; rev12g #3); nor
   * before what an earlier pane left for this compose item is read (at most START_READ_MS).
   */
  canSend: boolean;
  /**
   * The draft is saved in another mailbox and the one way of sending that reads it there is not
   * open for the chosen mailbox (a distribution list, or no Full Access): Send is disabled and the
   * pane says why (rev12g #3).
   */
  draftStuck: boolean;
  send(): void;
  /** Looks for the message after an unknown outcome; never sends. */
  check(): void;
  /** Chooses another way of sending and sends that way (the fix a problem offers). */
  sendInMode(mode: SendMode): void;
  /**
   * What the chosen way of sending would drop from the message, known before Send: with "Copy in
   * <mailbox>'s Sent Items", large inline images, cloud attachments and a sensitivity label
   * (core/fidelity.ts). Empty
   * when it carries everything, or when Outlook cannot list the attachments.
   */
  dropped: DroppedPart[];
  /**
   * "Copy in <mailbox>'s Sent Items" is chosen and Office has not yet said what the message
   * holds (its attachments, its label): a Send pressed now waits, at most CHECK_PARTS_MS, so what
   * that way would drop is said before anything is sent (rev12i finding 3: a slow host answered
   * 2 s late). Send stays enabled and in the Tab order meanwhile: a disabled button drops out of
   * it, and a keyboard user tabbing on from the choice skipped past Send (CI, stop 25).
   */
  checking: boolean;
  /**
   * The draft lives in another mailbox (only recreating it can send it from the chosen one) and
   * recreating would drop `dropped`: no way of Send From can send it from here whole, so Send is
   * disabled and the pane names what works (rev12i finding 1).
   */
  draftLossy: boolean;
}

/** The longest Send waits for Office to list the message's parts (useSend `checking`), in ms. */
export const CHECK_PARTS_MS = 5_000;

/** A failure that is not Graph's: the Office save, the chunk download, or sign-in. */
function explainException(e: unknown): SendProblem {
  const record = (e ?? {}) as {
    name?: string;
    code?: unknown;
    kind?: string;
    message?: string;
    account?: string;
  };
  const detail = record.message
    ? `${record.code ? `${String(record.code)}: ` : ""}${String(record.message)}`.slice(0, 300)
    : undefined;
  if (record.name === "OfficeCallError") return { code: "draftNotSaved", retryable: true, detail };
  if (record.name === "ChunkLoadError") return { code: "network", retryable: true, detail };
  switch (record.kind) {
    case "cancelled":
      return { code: "signInCancelled", retryable: true, detail };
    case "popupBlocked":
      return { code: "signInBlocked", retryable: true, detail };
    case "consentRequired":
      return { code: "consentRequired", retryable: true, detail };
    case "adminConsentRequired":
      return { code: "adminConsentRequired", retryable: false, detail };
    case "unsupported":
      return { code: "signInUnsupported", retryable: false, detail };
    case "wrongAccount":
      // Trying again opens the sign-in with Office's user as the login hint; where the account
      // was only not confirmed (graph/auth AuthError code "accountUnconfirmed") the text says
      // what else can help, and Try again stays for when it has.
      return {
        code: "wrongAccount",
        retryable: true,
        detail,
        account: record.account,
        unconfirmed: record.code === "accountUnconfirmed",
      };
    case "network":
      return { code: "network", retryable: true, detail };
  }
  return { code: "signInFailed", retryable: true, detail };
}

/**
 * The send model for the chosen `mailbox`. `generatedAt`: when the directory listing its rights
 * was generated, and `rightsSince` when the pane first saw each right listed (useRightsSeen), so a
 * refusal of a right that may be new is explained as "wait and try again".
 */
export function useSend(
  host: PaneHost,
  mailbox: Mailbox | null,
  generatedAt?: string,
  /** The person as the pane knows them now (PaneModel.user); default host.user. */
  user: SmtpAddress = host.user.address,
  rightsSince?: Partial<Record<Right, string>>
): SendModel {
  const [chosenMode, setMode] = useState<SendMode>("mine");
  const [state, setState] = useState<SendState>({ status: "idle" });
  const service = useRef<Promise<SendService> | null>(null);
  // Where the draft lives as now known (the delegate may be decided again after the shard loads).
  const draftAt = host.draftMailbox?.();
  const plan = useMemo((): SendPlan | null => {
    if (!mailbox) return null;
    const draftInMailbox = draftAt
      ? draftAt === mailbox.address
      : !!host.itemOwner && host.itemOwner === mailbox.address && host.itemOwner !== user;
    return {
      right: sendRight(mailbox),
      offerMailboxMode: hasOwnSentItems(mailbox.kind),
      mailboxModeAllowed: canSendAsMailboxItself(mailbox),
      mailboxKeepsCopy: mailboxKeepsCopy(mailbox),
      draftInMailbox,
      draftElsewhere: draftAt && !draftInMailbox && draftAt !== user ? draftAt : null,
    };
  }, [mailbox, host.itemOwner, user, draftAt]);
  // A draft saved in another mailbox goes only through the chosen mailbox (SendPlan.draftElsewhere).
  const mode: SendMode =
    plan?.draftElsewhere && plan.offerMailboxMode && plan.mailboxModeAllowed
      ? "mailbox"
      : chosenMode;
  // ...and where that way is not open (a distribution list, or no Full Access), nothing can send
  // it from this mailbox: Send is disabled, the reason said (SendPanel; rev12g #3).
  // The same for a draft saved in the chosen mailbox itself when the directory lists no Full
  // Access there: only that mailbox's way can read it (rev12i finding 4: said only after Send).
  const draftStuck =
    (!!plan?.draftElsewhere && !(plan.offerMailboxMode && plan.mailboxModeAllowed)) ||
    (!!plan?.draftInMailbox && !plan.mailboxModeAllowed);
  const working = state.status === "working";

  // Before Send: what "Copy in <mailbox>'s Sent Items" would drop, read from Outlook's attachment
  // list when that mode is chosen and again whenever the pane gets the focus back (the person may
  // have added an attachment in the message meanwhile).
  const [dropped, setDropped] = useState<DroppedPart[]>([]);
  // Which choice (mailbox and way) Office's list of parts has answered for, or the bound ran out
  // for: `checking` is derived in the render that makes the choice, so Send is never enabled for a
  // frame before it (rev12j finding B).
  const [checkedFor, setCheckedFor] = useState<string | null>(null);
  const readAttachments = host.readAttachments;
  const readLabel = host.readSensitivityLabel;
  const watchAttachments = host.onAttachmentsChanged;
  const recreates = mode === "mailbox" && !plan?.draftInMailbox;
  const partsKey = `${mailbox?.address ?? ""}|${recreates}`;
  const checking = recreates && !!(readAttachments || readLabel) && checkedFor !== partsKey;
  useEffect(() => {
    if (!recreates || (!readAttachments && !readLabel)) {
      setDropped([]);
      return;
    }
    let current = true;
    // Bounded: a host that never answers does not hold Send; the pipeline checks the parts again
    // before it recreates the message (modeCannotCarry), so nothing is lost unsaid either way.
    const bound = setTimeout(() => current && setCheckedFor(partsKey), CHECK_PARTS_MS);
    const read = () =>
      Promise.all([
        (readAttachments?.() ?? Promise.resolve(null)).catch(
          (e) => (recordFailure("send", "readAttachments", e), null)
        ),
        // Null: Office cannot tell (below Mailbox 1.13, or it failed), said as "if it has one".
        (readLabel?.() ?? Promise.resolve(false)).catch(
          (e) => (recordFailure("send", "readSensitivityLabel", e), null)
        ),
        // Only in this mode: its own chunk, not the pane's first load.
        import(/* webpackChunkName: "before-send" */ "../core/fidelity"),
      ]).then(([list, labelled, { droppedThroughMailbox }]) => {
        if (!current) return;
        setDropped(droppedThroughMailbox(list ?? [], labelled));
        setCheckedFor(partsKey);
      });
    void read();
    window.addEventListener("focus", read);
    // An attachment added with the pane open (rev12n LOW 7: the list was read only on focus).
    const stopWatching = watchAttachments?.(() => void read());
    return () => {
      current = false;
      clearTimeout(bound);
      window.removeEventListener("focus", read);
      stopWatching?.();
    };
  }, [recreates, readAttachments, readLabel, watchAttachments, mailbox?.address, partsKey]);

  // A label Office cannot tell about (below Mailbox 1.13, or no labels in the tenant) is no part
  // known to be lost: it alone does not hold Send (rev12j finding A); the pipeline reads the draft's
  // own headers before it recreates anything and refuses a labelled one (modeCannotCarry).
  const draftLossy =
    !!plan?.draftElsewhere && recreates && dropped.some((p) => p.why !== "sensitivityLabelUnknown");

  // A Send pressed while Office's list of parts is still coming: kept, and carried out when the
  // list has answered (or CHECK_PARTS_MS ran out), unless it showed parts this way would drop,
  // which are then said before anything is sent. It holds the choice it was pressed for: another
  // mailbox or way forgets it.
  const [sendWhenChecked, setSendWhenChecked] = useState<string | null>(null);

  // What an earlier pane of this compose item left (closed and opened again): a send that may
  // have gone (the pane starts at "may have been sent", Send disabled, with Check: rev12 finding
  // 7), or a send that went whose window Outlook could not close (the pane starts at "sent":
  // rev14b finding 1; it wins, since a send found sent closes the attempt). Send stays disabled
  // until both reads have answered (or START_READ_MS passed): a pane reopened while its first
  // send was in flight offered Send for the second or two the reads take (rev12g #1).
  const readOpenAttempt = host.openAttempt;
  const sentRecord = host.sentRecord;
  const [reading, setReading] = useState(!!(readOpenAttempt || sentRecord));
  useEffect(() => {
    if (!readOpenAttempt && !sentRecord) return;
    let current = true;
    const nothing = () => null;
    const open = (readOpenAttempt?.() ?? Promise.resolve(null)).catch(nothing).then((a) => {
      if (!current || !a) return;
      setState((s) =>
        s.status === "idle"
          ? {
              status: "unknown",
              mailbox: a.mailbox,
              problem: {
                code: "unknownOutcome",
                retryable: false,
                detail: `${a.error.code}: ${a.error.message}`,
              },
            }
          : s
      );
    });
    const sent = (sentRecord?.load() ?? Promise.resolve(null)).catch(nothing).then((record) => {
      if (!current || !record) return;
      setState((s) =>
        s.status === "idle" || s.status === "unknown"
          ? {
              status: "sent",
              where: record.where,
              confirmedLate: false,
              notClosed: true,
              mailbox: record.mailbox,
            }
          : s
      );
    });
    // An Office that never answers must not lock Send: the Sender still reads the open attempt
    // itself before any send (graph/send.ts sendNow), so nothing goes twice either way.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<void>((r) => (timer = setTimeout(r, START_READ_MS)));
    void Promise.race([Promise.all([open, sent]), bound]).then(() => {
      clearTimeout(timer);
      if (current) setReading(false);
    });
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [readOpenAttempt, sentRecord]);

  // Another mailbox starts afresh; a send in progress finishes first (the controls are disabled).
  // A send that may have gone, or went, stays said: choosing another mailbox does not make it
  // unsent, and the same message must not go again from there (rev14b finding 1).
  const address = mailbox?.address;
  useEffect(() => {
    setMode("mine");
    setState((s) =>
      s.status === "working" || s.status === "unknown" || s.status === "sent"
        ? s
        : { status: "idle" }
    );
  }, [address]);

  const inFlight = useRef(false);
  const run = useCallback(
    async (action: "send" | "check", chosen: SendMode = mode) => {
      if (!mailbox || !host.loadSendService || working) return;
      // Sent already: this compose item never goes twice from the pane (rev14b finding 1).
      if (state.status === "sent") return;
      // One run at a time, decided now: `working` reaches the next render only, and a second
      // press in between (a Send pressed while the parts were checked, then again as the check
      // ended) started a second send of the same message (rev12k finding 1: delivered twice).
      if (inFlight.current) return;
      inFlight.current = true;
      // While an outcome is open, a check and a send alike report on that message first (the
      // Sender never sends again before it is settled): it went from the mailbox named then.
      const from = state.status === "unknown" ? state.mailbox : mailbox.displayName;
      setState({ status: "working", event: { step: action === "send" ? "saving" : "checking" } });
      try {
        if (!service.current) {
          service.current = host.loadSendService();
          // A failed download may work next time: do not keep the rejected promise.
          service.current.catch(() => (service.current = null));
        }
        const sender = await service.current;
        const onEvent = (event: SendEvent) => setState({ status: "working", event });
        const outcome =
          action === "send"
            ? await sender.send(mailbox, chosen, onEvent)
            : await sender.check(onEvent);
        if (!outcome.ok)
          recordFailure(
            "send",
            "unknown" in outcome ? "sendUnknown" : "sendRefused",
            outcome.error
          );
        if (outcome.ok) {
          const where = outcome.copies.length > 1 ? "both" : (outcome.copies[0] ?? "mine");
          // The window still shows the sent message: a reopened pane, or the Smart Alert of the
          // draft Outlook kept, must know it went. Kept before "sent" is said, since the person
          // closes the window as soon as they read it (CI run of stop 28: a record still being
          // written when the window closed was lost, and the stale draft's Send went again);
          // bounded like the start's reads (START_READ_MS), so an Office that never answers
          // cannot hold the result back.
          if (outcome.notClosed && host.sentRecord) {
            let timer: ReturnType<typeof setTimeout> | undefined;
            await Promise.race([
              host.sentRecord.save({ v: 1, mailbox: from, where, at: host.now().toISOString() }),
              new Promise<void>((r) => (timer = setTimeout(r, START_READ_MS))),
            ]);
            clearTimeout(timer);
          }
          setState({
            status: "sent",
            where,
            confirmedLate: outcome.confirmedLate,
            notClosed: !!outcome.notClosed,
            mailbox: from,
            ...(outcome.deferredUntil && { deferredUntil: outcome.deferredUntil }),
          });
        } else if (
          "unknown" in outcome ||
          // A Check whose Sender finds no attempt (the record was not found again, e.g. under a
          // new id after Outlook's re-save: rev12h finding 2) proves nothing: the message may
          // still have gone, so it stays "may have been sent", never "Not sent" with Try again.
          (action === "check" && outcome.error.code === "unknownOutcome")
        ) {
          setState({
            status: "unknown",
            mailbox: from,
            problem: {
              code: "unknownOutcome",
              retryable: false,
              detail: `${outcome.error.code}: ${outcome.error.message}`,
            },
          });
        } else if (outcome.error.code === "provenUnsent") {
          // The check proved it unsent: Send may send it (once) again.
          setState({
            status: "failed",
            problem: { code: "provenUnsent", retryable: true, detail: outcome.error.message },
            draftIntact: true,
          });
        } else if (outcome.cannotCarry) {
          const { forDraftElsewhere } = await import(
            /* webpackChunkName: "send" */ "../core/send-errors"
          );
          setState({
            status: "failed",
            problem: forDraftElsewhere(
              {
                code: "modeCannotCarry",
                retryable: false,
                parts: outcome.cannotCarry
                  .filter((p) => p.why !== "sensitivityLabel" && p.why !== "customHeader")
                  .map((p) => p.name),
                label: outcome.cannotCarry.some((p) => p.why === "sensitivityLabel"),
                ...(outcome.cannotCarry.some((p) => p.why === "customHeader") && {
                  headers: outcome.cannotCarry.filter((p) => p.why === "customHeader").length,
                }),
                offerMode: "mine",
              },
              plan?.draftElsewhere ?? null
            ),
            draftIntact: true,
          });
        } else {
          // The explanations are only needed after a failure: they travel in the send chunk,
          // which is already loaded here, instead of the pane's first load.
          const { explainGraphFailure, forDraftElsewhere } = await import(
            /* webpackChunkName: "send" */ "../core/send-errors"
          );
          const explained = explainGraphFailure(outcome.error, {
            mailbox,
            user,
            throughMailbox: chosen === "mailbox",
            failedAt: outcome.failedAt,
            scopes: outcome.tokenScopes,
            draftMailbox: outcome.draftMailbox,
            // What this send met last time: a refusal repeated after Try again is lasting.
            previous: (state as { problem?: SendProblem }).problem?.code,
            directory: generatedAt
              ? { generatedAt, since: rightsSince, now: host.now() }
              : undefined,
          });
          // "Copy in my Sent Items" is never offered for a draft it cannot send (rev12i #1).
          const problem = forDraftElsewhere(explained, plan?.draftElsewhere ?? null);
          setState({ status: "failed", problem, draftIntact: true });
        }
      } catch (e) {
        recordFailure("send", "sendFailed", e);
        setState({ status: "failed", problem: explainException(e), draftIntact: true });
      } finally {
        inFlight.current = false;
      }
    },
    [host, user, mailbox, mode, working, generatedAt, rightsSince, state, plan]
  );

  const canSend =
    !working &&
    !reading &&
    !draftStuck &&
    !draftLossy &&
    state.status !== "unknown" &&
    state.status !== "sent";
  // As for draftLossy: a label Office cannot tell about is no part known lost (rev12k finding 2:
  // a press during the check was dropped for it, while a second press sent the message whole).
  const lossy = recreates && dropped.some((p) => p.why !== "sensitivityLabelUnknown");
  useEffect(() => {
    if (sendWhenChecked === null || checking) return;
    setSendWhenChecked(null);
    if (sendWhenChecked === partsKey && canSend && !lossy) void run("send");
  }, [sendWhenChecked, partsKey, checking, canSend, lossy, run]);

  return {
    plan,
    available: !!host.loadSendService,
    mode,
    setMode,
    state,
    canSend,
    draftStuck,
    draftLossy,
    checking,
    send: () => (checking ? setSendWhenChecked(partsKey) : void run("send")),
    check: () => void run("check"),
    sendInMode: (m: SendMode) => {
      setMode(m);
      void run("send", m);
    },
    dropped,
  };
}
