import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Text,
  tokens,
} from "@fluentui/react-components";
import { Fragment, useEffect, useId, useRef } from "react";
import type { Messages } from "../../core/i18n";
import type { Mailbox } from "../../core/model";
import { useMessages } from "../messages";
import { problemText, useProblemTexts } from "../problem-texts";
import { ActionBar } from "./ActionBar";
import type { SendModel, SendPlan, SendState } from "../useSend";

const useStyles = makeStyles({
  root: { display: "grid", gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300 },
  reason: {
    color: tokens.colorNeutralForeground3,
    marginLeft: tokens.spacingHorizontalXXL,
    overflowWrap: "anywhere",
  },
  explain: { overflowWrap: "anywhere" },
  // In the action bar: each mode on at most two lines (a 256-character name would fill the pane).
  modes: {
    "& .fui-Radio__label": {
      overflowWrap: "anywhere",
      display: "-webkit-box",
      WebkitLineClamp: 2,
      WebkitBoxOrient: "vertical",
      overflow: "hidden",
      // Overflow clips at the padding edge: bottom padding would show a sliver of a third line.
      paddingBottom: 0,
      marginBottom: tokens.spacingVerticalS,
    },
  },
  // A name with a long unbroken word breaks anywhere, so the clamp's two lines show its start
  // instead of moving it whole to a hidden third line (rev14b finding 9).
  longName: { wordBreak: "break-all" },
  button: { width: "100%", minWidth: 0 },
  // The mailbox's name may be long: one line, ending in an ellipsis (the accessible name is whole).
  buttonLabel: { minWidth: 0, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  progress: { overflowWrap: "anywhere" },
  // Focus lands here after a send (for keyboard and screen reader users): it must show where.
  result: {
    minWidth: 0,
    borderRadius: tokens.borderRadiusMedium,
    ":focus": {
      outlineStyle: "solid",
      outlineWidth: tokens.strokeWidthThick,
      outlineColor: tokens.colorStrokeFocus2,
      outlineOffset: tokens.strokeWidthThick,
    },
  },
  bar: { overflowWrap: "anywhere" },
  announce: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  },
  fix: {
    display: "block",
    marginTop: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalS,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    overflowWrap: "anywhere",
    userSelect: "all",
  },
});

/**
 * What the send is doing, in words. `step`: an upload's percent rounded down to a multiple of it
 * (the spoken text, rev14b finding 10: a screen reader hears the upload at its start, each 25 %
 * and its end, not at every chunk); 1 for the text on screen.
 */
function progressText(
  t: Messages,
  state: Extract<SendState, { status: "working" }>,
  step = 1
): string {
  const e = state.event;
  switch (e.step) {
    case "waiting":
      return t.send.progress.waiting(e.seconds);
    case "waitingForDraft":
      return t.send.progress.waitingForDraft(e.waited ?? 0);
    case "uploading":
      return e.upload
        ? t.send.progress.uploading(
            e.upload.name,
            quantize(
              Math.round((100 * e.upload.bytesDone) / Math.max(1, e.upload.bytesTotal)),
              step
            )
          )
        : t.send.progress.preparing;
    default:
      return t.send.progress[e.step];
  }
}

/**
 * `text(name)` with the name in a span of its own (data-name marks it, so the layout test can
 * find where it starts; dir="auto" isolates it, so a right-to-left name reads from its start),
 * given `className` when it has a word too long for a line.
 */
function withName(text: (name: string) => string, name: string, className?: string): JSX.Element {
  const MARK = "\u0000";
  const parts = text(MARK).split(MARK);
  const long = /\S{20,}/.test(name);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && (
            // dir="auto": a right-to-left name keeps its own direction, its start first, and
            // does not reorder the words around it (as the bdi element does for the list's names).
            <span data-name="" dir="auto" className={long ? className : undefined}>
              {name}
            </span>
          )}
        </Fragment>
      ))}
    </>
  );
}

/** `percent` rounded down to a multiple of `step`, except 100 (the end is said as the end). */
const quantize = (percent: number, step: number) =>
  percent >= 100 ? 100 : Math.floor(percent / step) * step;

/** How often an upload's progress is said aloud: at its start, each 25 %, and its end. */
const SPOKEN_PERCENT_STEP = 25;

interface Props {
  mailbox: Mailbox;
  /** The user's display name. */
  user: string;
  /** What sending from `mailbox` can do (useSend decides). */
  plan: SendPlan;
  send: SendModel;
}

/** The two ways to send from the chosen mailbox, explained before the button, and what happened. */
export function SendPanel({ mailbox, user, plan, send }: Props) {
  const t = useMessages();
  const problems = useProblemTexts(t);
  const styles = useStyles();
  const headingId = useId();
  const reasonId = useId();
  const draftId = useId();
  const droppedId = useId();
  const checkingId = useId();
  const sentId = useId();
  const { right, offerMailboxMode, mailboxModeAllowed } = plan;
  const name = mailbox.displayName;
  const working = send.state.status === "working";
  const resultRef = useRef<HTMLDivElement>(null);
  const outcome =
    send.state.status === "sent" ||
    send.state.status === "failed" ||
    send.state.status === "unknown";
  // When a send ends, focus goes to what happened (people using a screen reader or the keyboard
  // land on the result, not back at the top); the live region below says it aloud.
  const previous = useRef(send.state.status);
  useEffect(() => {
    if (outcome && previous.current === "working") {
      // focus() alone scrolls a result taller than the view (a long error at 320 px) to its
      // middle, so the reader lands mid-sentence; it opens at its start instead (rev14 finding 5).
      const result = resultRef.current;
      result?.focus();
      result?.scrollIntoView(true);
    }
    previous.current = send.state.status;
  }, [send.state.status, outcome]);

  if (!right) {
    return (
      <section className={styles.root} aria-labelledby={headingId} data-testid="send-panel">
        <h3 id={headingId} className={styles.heading}>
          {t.pane.sendHeading}
        </h3>
        {/* Where the Send button would be, pinned in view: why there is none (issue 14). */}
        <ActionBar label={t.pane.sendHeading}>
          <Text size={200} className={styles.explain} data-testid="cannot-send">
            {t.send.cannotSend(name)}
          </Text>
        </ActionBar>
      </section>
    );
  }

  const recipients =
    right === "SendAs" ? t.send.recipientsSendAs(name) : t.send.recipientsSendOnBehalf(user, name);
  const explanation =
    // A draft Outlook saved in the mailbox itself goes from there whichever way is chosen.
    send.mode === "mailbox" || plan.draftInMailbox
      ? t.send.explainMailbox({ mailbox: name, recipients })
      : t.send.explainMine({
          mailbox: name,
          recipients,
          copies: plan.mailboxKeepsCopy ? t.send.copiesMineAndMailbox(name) : t.send.copiesMine,
        });
  const state = send.state;
  const sent = state.status === "sent";
  // Send is disabled then (useSend canSend), and how it would send is not explained: it cannot.
  const draftStuck = send.draftStuck;
  const droppedText = {
    mailbox: name,
    parts: send.dropped
      .filter((p) => p.why !== "sensitivityLabel" && p.why !== "sensitivityLabelUnknown")
      .map((p) => p.name),
    label: send.dropped.some((p) => p.why === "sensitivityLabel")
      ? true
      : send.dropped.some((p) => p.why === "sensitivityLabelUnknown") && "unknown",
  } as const;

  return (
    <section className={styles.root} aria-labelledby={headingId} data-testid="send-panel">
      <h3 id={headingId} className={styles.heading}>
        {t.pane.sendHeading}
      </h3>
      {offerMailboxMode && !mailboxModeAllowed && (
        <Text id={reasonId} size={200} className={styles.reason}>
          {t.send.mailboxModeNeedsFullAccess(name)}
        </Text>
      )}
      {plan.draftElsewhere && (
        // Said before Send: "Copy in my Sent Items" cannot send a draft saved in another mailbox
        // (rev12f #3); the mode that can is chosen, or Outlook's Send is the way.
        <Text id={draftId} size={200} className={styles.explain} data-testid="draft-elsewhere">
          {t.send.draftElsewhere({
            draft: plan.draftElsewhere,
            mailbox: name,
            usable: offerMailboxMode && mailboxModeAllowed,
          })}
        </Text>
      )}
      {!plan.draftElsewhere && draftStuck && (
        // Said before Send: the draft is in the chosen mailbox, and reading it there needs Full
        // Access the directory does not list (rev12i finding 4).
        <Text id={draftId} size={200} className={styles.explain} data-testid="draft-elsewhere">
          {t.send.draftInMailboxNoFullAccess(name)}
        </Text>
      )}
      {!draftStuck && (
        <Text size={200} className={styles.explain} data-testid="send-explanation">
          {explanation}
        </Text>
      )}
      {!send.available && (
        <Text size={200} className={styles.explain}>
          {t.send.unavailable}
        </Text>
      )}
      {send.available && send.mode === "mailbox" && send.dropped.length > 0 && (
        // Said before Send: this way of sending would lose part of the message; the other carries it.
        <MessageBar intent="warning" layout="multiline" data-testid="fidelity-warning">
          <MessageBarBody id={droppedId} className={styles.bar}>
            {plan.draftElsewhere
              ? // Neither way can send it from here whole: Send is disabled (rev12i finding 1).
                t.send.fidelityDraftElsewhere({ ...droppedText, draft: plan.draftElsewhere })
              : t.send.fidelityWarning(droppedText)}
          </MessageBarBody>
          {/* Not where the draft lives elsewhere: "Copy in my Sent Items" cannot send it. */}
          {!plan.draftElsewhere && (
            <MessageBarActions>
              <Button size="small" onClick={() => send.setMode("mine")} disabled={working}>
                {t.send.useMine}
              </Button>
            </MessageBarActions>
          )}
        </MessageBar>
      )}
      {send.available && send.checking && (
        // Said while Send waits for Office's list of attachments (at most CHECK_PARTS_MS).
        <Text id={checkingId} size={200} className={styles.explain} data-testid="checking-parts">
          {t.send.checkingParts}
        </Text>
      )}
      {send.available && (
        <ActionBar label={t.pane.sendHeading}>
          {offerMailboxMode && (
            <RadioGroup
              className={styles.modes}
              aria-label={t.send.modeLabel}
              value={send.mode}
              onChange={(_, d) => send.setMode(d.value === "mailbox" ? "mailbox" : "mine")}
              // Once sent, the way of sending is settled like Send itself, for the same reason.
              disabled={working || sent}
              aria-describedby={sent ? sentId : undefined}
            >
              <Radio
                value="mine"
                label={t.send.modeMine}
                disabled={working || sent || (!!plan.draftElsewhere && mailboxModeAllowed)}
                aria-describedby={plan.draftElsewhere ? draftId : undefined}
              />
              <Radio
                value="mailbox"
                label={withName(t.send.modeMailbox, name, styles.longName)}
                // The name in one piece: some name computations put a space around the span.
                aria-label={t.send.modeMailbox(name)}
                disabled={working || sent || !mailboxModeAllowed}
                aria-describedby={mailboxModeAllowed ? undefined : reasonId}
              />
            </RadioGroup>
          )}
          <Button
            appearance="primary"
            className={styles.button}
            onClick={send.send}
            disabled={!send.canSend}
            // The name in one piece: some name computations put a space around the span.
            aria-label={t.send.button(name)}
            aria-describedby={
              sent
                ? sentId
                : draftStuck
                  ? draftId
                  : send.mode === "mailbox" && send.dropped.length > 0
                    ? droppedId
                    : send.checking
                      ? checkingId
                      : undefined
            }
            data-testid="send-button"
          >
            <span className={styles.buttonLabel}>{withName(t.send.button, name)}</span>
          </Button>
          {state.status === "sent" && (
            // Why Send stays disabled: the window may still show the sent message (rev14b #1).
            <Text id={sentId} size={200} className={styles.explain} data-testid="already-sent">
              {t.send.alreadySent}
            </Text>
          )}
          {state.status === "working" && (
            // On screen at every step; not live (a chunk at a time would be read out each time).
            <Text size={200} className={styles.progress} data-testid="send-progress">
              {progressText(t, state)}
            </Text>
          )}
          {/* Said aloud sparingly: each step, and an upload at its start, each 25 %, its end. */}
          <div role="status" className={styles.announce} data-testid="send-progress-announcement">
            {state.status === "working" && progressText(t, state, SPOKEN_PERCENT_STEP)}
          </div>
        </ActionBar>
      )}
      <div role="status" className={styles.announce} data-testid="send-announcement">
        {state.status === "sent" &&
          (state.deferredUntil
            ? t.send.scheduledTitle(state.mailbox, t.formatTime(state.deferredUntil))
            : t.send.sentTitle(state.mailbox))}
        {state.status === "unknown" && t.send.unknownTitle}
        {state.status === "failed" &&
          `${t.send.failedTitle}. ${problemText(t, problems, state.problem, name)}`}
      </div>
      {/* The focus target after a send: named (a group with a short name, not the result's words,
          which the status region above already says: heard once), with a visible outline. */}
      <div
        ref={resultRef}
        tabIndex={-1}
        className={styles.result}
        role={outcome ? "group" : undefined}
        aria-label={outcome ? t.send.resultLabel : undefined}
        data-testid="send-result-focus"
      >
        {state.status === "sent" && (
          <MessageBar
            intent="success"
            layout="multiline"
            data-testid="send-result"
            data-result="sent"
          >
            <MessageBarBody>
              <MessageBarTitle>
                {state.deferredUntil
                  ? t.send.scheduledTitle(state.mailbox, t.formatTime(state.deferredUntil))
                  : t.send.sentTitle(state.mailbox)}
              </MessageBarTitle>
              {state.deferredUntil && (
                <Text block data-testid="sent-scheduled">
                  {t.send.scheduled(t.formatTime(state.deferredUntil))}
                </Text>
              )}
              {t.send.sentCopies(
                state.where === "both"
                  ? t.send.whereBoth(state.mailbox)
                  : state.where === "mailbox"
                    ? t.send.whereMailbox(state.mailbox)
                    : t.send.whereMine
              )}{" "}
              {state.confirmedLate && t.send.confirmedLate}
              {state.notClosed && (
                <Text block weight="semibold" data-testid="sent-not-closed">
                  {t.send.notClosed}
                </Text>
              )}
            </MessageBarBody>
          </MessageBar>
        )}
        {state.status === "unknown" && (
          <MessageBar
            intent="warning"
            layout="multiline"
            data-testid="send-result"
            data-result="unknown"
            data-problem={state.problem.code}
          >
            <MessageBarBody>
              <MessageBarTitle>{t.send.unknownTitle}</MessageBarTitle>
              {problemText(t, problems, state.problem, state.mailbox)}
              {state.problem.detail && (
                <Text size={100} block>
                  {t.send.details(state.problem.detail)}
                </Text>
              )}
            </MessageBarBody>
            <MessageBarActions>
              <Button size="small" onClick={send.check}>
                {t.send.check}
              </Button>
            </MessageBarActions>
          </MessageBar>
        )}
        {state.status === "failed" && (
          <MessageBar
            intent="error"
            layout="multiline"
            data-testid="send-result"
            data-result="failed"
            data-problem={state.problem.code}
          >
            <MessageBarBody>
              <MessageBarTitle>{t.send.failedTitle}</MessageBarTitle>
              {/* The values each text takes are SendProblem's own (parts, scope, account…). */}
              {problemText(t, problems, state.problem, name)}{" "}
              {state.draftIntact && t.send.draftSafe}
              {state.problem.adminFix && (
                <>
                  <br />
                  {t.send.adminFix}
                  <code className={styles.fix} data-testid="admin-fix">
                    {state.problem.adminFix}
                  </code>
                </>
              )}
              {state.problem.detail && (
                <Text size={100} block>
                  {t.send.details(state.problem.detail)}
                </Text>
              )}
            </MessageBarBody>
            {(state.problem.offerMode || state.problem.retryable) && (
              // One actions area: two of them in one bar overlap, the second covering the first
              // so that a mouse could not press it (rev12j finding E).
              <MessageBarActions>
                {state.problem.offerMode && (
                  <Button size="small" onClick={() => send.sendInMode(state.problem.offerMode!)}>
                    {state.problem.offerMode === "mailbox"
                      ? t.send.sendMailbox(name)
                      : t.send.sendMine}
                  </Button>
                )}
                {state.problem.retryable && (
                  <Button size="small" onClick={send.send}>
                    {t.send.retry}
                  </Button>
                )}
              </MessageBarActions>
            )}
          </MessageBar>
        )}
      </div>
    </section>
  );
}
