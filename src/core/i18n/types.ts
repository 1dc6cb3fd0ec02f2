import type { AdviceCode } from "../advice";
import type { MailboxKind, Right } from "../model";
import type { DirectoryProblem } from "../shard";
import type { SendProblemCode } from "../send-errors";

/** Values an advice message may use. Names are already safe display text. */
export interface AdviceValues {
  mailbox: string;
  user: string;
  kind: MailboxKind;
  /** When the directory was generated, already formatted for the user's locale. */
  generatedAt: string;
}

/** Every user-visible string of the pane and the handlers, per locale. */
export interface Messages {
  locale: string;
  kind: Record<MailboxKind, string>;
  right: Record<Right, string>;
  /** Joins a list of rights for display, e.g. "Send As, Full Access". */
  rightsList(rights: readonly Right[]): string;
  advice: Record<AdviceCode, (v: AdviceValues) => string>;
  problem: {
    [C in DirectoryProblem["code"]]: (p: Extract<DirectoryProblem, { code: C }>) => string;
  };
  pane: {
    /**
     * Where the person was confirmed by "Is this you?" (taskpane/confirm-account.ts): starts the
     * pane again, which asks again, for a "Yes" given to the wrong account (rev12f #2).
     */
    notYou: string;
    title: string;
    loading: string;
    outlookFromLabel: string;
    outlookFromUnknown: string;
    outlookFromYou: string;
    outlookFromPermitted: string;
    outlookFromNotPermitted: string;
    outlookFromNotInDirectory: string;
    searchLabel: string;
    searchPlaceholder: string;
    listLabel: string;
    count(shown: number, total: number): string;
    noMatches(query: string): string;
    noMailboxes: string;
    favouriteMarker: string;
    recentMarker: string;
    selectPrompt: string;
    detailsHeading(mailbox: string): string;
    addFavourite: string;
    removeFavourite: string;
    adviceHeading: string;
    /** The disclosure that shows the rest of the advice (`count` more lines). */
    adviceMore(count: number): string;
    adviceLess: string;
    sendHeading: string;
  };
  directory: {
    checking: string;
    asOf(time: string): string;
    failedTitle: string;
    /**
     * The directory answered with an HTTP error status (`detail` "HTTP 503"): it was reached but
     * did not serve the list, so the text must not blame the user's connection.
     */
    answeredError(detail: string): string;
    unreachable(detail: string): string;
    missing(url: string): string;
    malformed(problem: string): string;
    /**
     * The list answered is another person's (DirectoryProblem "wrongUser": the sign-in's account
     * is not Office's user, or the file names someone else): not "malformed", and nothing to fix
     * in the file from the person's side.
     */
    otherPerson(args: { expected: string; found: string }): string;
    /** Protected mode: the directory service needs a sign-in it could not get (401, or no token). */
    signInNeeded: string;
    /** Protected mode: the directory service refused this account (403). */
    notAllowed: string;
    notPublishedTitle: string;
    notPublished: string;
    retry: string;
    rejectedParameter(value: string): string;
    duplicate(address: string): string;
    /** A left-out address that could pass for another; `address` already shows hidden characters as <U+XXXX>. */
    suspiciousAddress(address: string): string;
    tellAdmin: string;
  };
  send: {
    modeLabel: string;
    /** Before Send: "Copy in <mailbox>'s Sent Items" would drop these attachments (names). */
    /**
     * `parts`: attachment names; `label`: the draft's sensitivity label would be lost too, or
     * "unknown": Office cannot tell whether the draft has one (below Mailbox 1.13, or it failed).
     */
    fidelityWarning(v: { mailbox: string; parts?: string[]; label?: boolean | "unknown" }): string;
    /**
     * Before Send: the draft lives in `draft` (another mailbox), so only recreating it can send
     * it from `mailbox`, and that would drop these parts: neither way can (rev12i finding 1).
     */
    fidelityDraftElsewhere(v: {
      draft: string;
      mailbox: string;
      parts?: string[];
      label?: boolean | "unknown";
    }): string;
    /** Before Send: Office has not yet listed the message's parts (useSend `checking`). */
    checkingParts: string;
    /** The fidelity warning's action: choose "Copy in my Sent Items", which carries them. */
    useMine: string;
    modeMine: string;
    modeMailbox(mailbox: string): string;
    mailboxModeNeedsFullAccess(mailbox: string): string;
    /**
     * Before Send: Outlook saved the draft in `draft`, another mailbox than the chosen one and the
     * person's own (written inside it; office-js #5682, #6701), so only "Copy in <mailbox>'s Sent
     * Items" can send it; `usable` false: that mode is not available (no Full Access), so Outlook's
     * own Send is the way.
     */
    draftElsewhere(v: { draft: string; mailbox: string; usable: boolean }): string;
    /**
     * Before Send: Outlook saved the draft in `mailbox` itself (written there), and the directory
     * lists no Full Access to it, which reading it there needs (rev12i finding 4).
     */
    draftInMailboxNoFullAccess(mailbox: string): string;
    explainMine(v: { mailbox: string; recipients: string; copies: string }): string;
    explainMailbox(v: { mailbox: string; recipients: string }): string;
    recipientsSendAs(mailbox: string): string;
    recipientsSendOnBehalf(user: string, mailbox: string): string;
    copiesMine: string;
    copiesMineAndMailbox(mailbox: string): string;
    button(mailbox: string): string;
    cannotSend(mailbox: string): string;
    unavailable: string;
    progress: {
      saving: string;
      signingIn: string;
      preparing: string;
      uploading(name: string, percent: number): string;
      sending: string;
      checking: string;
      closing: string;
      waiting(seconds: number): string;
      /** Cached mode: waiting for Outlook to upload the just-saved draft. */
      waitingForDraft(seconds: number): string;
      /**
       * Removing a copy an earlier unanswered attempt may have left in a mailbox's Drafts before
       * this send goes (bounded: graph/send.ts LEFTOVER_CLEANUP_MS).
       */
      tidying: string;
    };
    sentTitle(mailbox: string): string;
    /**
     * Sent with Outlook's Delay delivery: Exchange holds it until `time` (formatTime). Never says
     * it went now.
     */
    scheduledTitle(mailbox: string, time: string): string;
    scheduled(time: string): string;
    sentCopies(where: string): string;
    confirmedLate: string;
    /** Sent, but the message window is still open. */
    notClosed: string;
    /** The accessible name of the send's result, where focus lands after a send. */
    resultLabel: string;
    /** Under the disabled Send button once this compose item was sent: why, and what to do. */
    alreadySent: string;
    whereMine: string;
    whereMailbox(mailbox: string): string;
    whereBoth(mailbox: string): string;
    failedTitle: string;
    /** Title when it cannot be known whether the message went (never "Not sent"). */
    unknownTitle: string;
    draftSafe: string;
    adminFix: string;
    retry: string;
    /** The action that looks for the message in Sent Items; it never sends. */
    check: string;
    details(detail: string): string;
    /**
     * The problems said before the send code has loaded (a send remembered from an earlier pane,
     * the send code failing to download); every other text is in SendProblemTexts, loaded on
     * demand (src/taskpane/problem-texts.ts).
     */
    problem: Pick<SendProblemTexts, FirstLoadProblem>;
    /** The button that sends the whole message the way that carries it. */
    sendMine: string;
    /** The button that sends through the mailbox (a draft saved in another mailbox: draftNeedsMailboxMode). */
    sendMailbox(mailbox: string): string;
  };
  /** The pane's help area: "Copy diagnostics" for support (src/core/diagnostics.ts). */
  support: {
    heading: string;
    copyDiagnostics: string;
    /** Says what the copy holds and what it does not. */
    copyHint: string;
    copied: string;
    /** Shown with the text itself, selectable, when the clipboard refuses. */
    copyFailed: string;
    textLabel: string;
  };
  startup: {
    officeMissing: string;
    notInCompose: string;
    /**
     * "Open another mailbox" where Outlook names no account and the sign-in did not either: the
     * pane cannot tell who is sending, and will not take the opened mailbox for the person.
     */
    personUnknown: string;
    /**
     * The same case when a sign-in named an account: a token got without a hint may be another
     * account the host knows (MSAL #7356), so the person confirms it before anything is listed or
     * sent (taskpane/confirm-account.ts). `who` is "Name (sign-in name)", or the sign-in name.
     */
    confirmAccount: {
      heading: string;
      body(who: string): string;
      yes: string;
      another: string;
      /** Under the buttons: what helps when the wrong account keeps coming back. */
      hint: string;
    };
    failed(detail: string): string;
  };
  /** Formats a timestamp for display: "22 Nov 2026, 10:42". */
  formatTime(iso: string): string;
}

/**
 * The event handlers' texts: notifications (at most 150 characters) and the Smart Alert (at most
 * 500). Kept apart from the pane's catalogue (Messages): the pane never shows them, and its first
 * load stays within the bundle budget (bench/bundle.cjs); the events bundle has every language.
 */
export interface EventTexts {
  recipientsSendAs(mailbox: string): string;
  recipientsSendOnBehalf(user: string, mailbox: string): string;
  copyMine(mailbox: string): string;
  copyBoth(mailbox: string): string;
  deniedFullAccessOnly(mailbox: string): string;
  deniedUnknown(address: string): string;
  blockedFullAccessOnly(mailbox: string, address: string): string;
  blockedFullAccessOnlyMarkdown(mailbox: string, address: string): string;
  blockedUnknown(address: string): string;
  blockedUnknownMarkdown(address: string): string;
  blockedUnavailable(address: string): string;
  /**
   * Smart Alert with Send Anyway: From was not read but inferred as the mailbox the reply lives
   * in (classic Outlook reads a shared mailbox's From as the user's own; office-js #1832), and
   * the user may not send from it, unless they did set From to their own address.
   */
  warnedInferredFrom(address: string): string;
  /**
   * Smart Alert with Send Anyway: Outlook did not say whose mailbox this new message is in
   * (office-js #6877) and nothing stored says who the person is, so Send From cannot tell
   * whether they may send from `address`.
   */
  warnedPersonUncertain(address: string): string;
  /**
   * Smart Alert with Send Anyway: Outlook is signed in as `account` (getAuthContext's UPN), its
   * mailbox is `address` (userProfile), and nothing stored says that mailbox is the account's
   * own: it may be a shared mailbox added to new Outlook as an account (office-js #5682), or,
   * as often, the person's own mailbox under a UPN that differs from their address, so the text
   * says only that Send From cannot confirm `address` is theirs, never that it is a shared one.
   * Within ALERT_MAX once both addresses are shortened (events/handlers.ts passes them to fitAlert).
   */
  warnedAccountNotProfile(address: string, account: string): string;
  /** Outlook's Send on a message the pane already sent from `mailbox` (the window stayed open). */
  alreadySent(mailbox: string): string;
  /** Notification (150 characters at most): the user's shard is over the size limit. */
  directoryTooLarge: string;
  /**
   * Notification (150 characters at most), informational: From changed to `address`, and Send
   * From cannot tell whether the user may send from it (the directory unreachable and nothing
   * cached, or only part of it roamed); nothing is blocked, and Send checks again.
   */
  fromUnchecked(address: string): string;
  /**
   * Notification (150 characters at most), informational: From is `address` and who the person
   * is is uncertain (a shared mailbox's new message, or a mailbox added as an account; no shard of
   * theirs answered), so Send From cannot tell whether it is their own or one they may send from.
   */
  fromPersonUncertain(address: string): string;
  /**
   * Outlook's Send on a message the pane's send may already have sent from `mailbox` (its
   * answer was lost; the open attempt): check Sent Items first.
   */
  mayHaveBeenSent(mailbox: string): string;
  pickMailbox: string;
  /** The Smart Alert's cancel button for a message already sent (at most 20 characters). */
  dontSend: string;
}

/** The event handlers' catalogue: the pane's texts (advice, kinds) and their own. */
export interface EventMessages extends Messages {
  events: EventTexts;
}

/** The send problems whose texts the pane's first load carries (Messages.send.problem). */
export type FirstLoadProblem = "network" | "unknownOutcome" | "other" | "wrongAccount";

/**
 * Every send problem's text (src/core/i18n/problems-*.ts), by SendProblemCode: the values each
 * takes are SendProblem's own.
 */
export type SendProblemTexts = Record<
  SendProblemCode,
  /**
   * `label`: the draft's sensitivity label is among what would be lost (modeCannotCarry);
   * `parts` may be empty when Graph refused a part it did not name. `keepsCopy`
   * (uploadDenied): the mailbox keeps a copy of what is sent from it, so the offered way
   * still leaves one in its Sent Items.
   */
  (v: {
    mailbox: string;
    seconds?: number;
    parts?: string[];
    label?: boolean;
    /** consentRequired: the permission the token lacks (Mail.ReadWrite…), where known. */
    scope?: string;
    /** modeCannotCarry: the draft's custom x- headers, more than the five Graph takes. */
    headers?: number;
    keepsCopy?: boolean;
    /** draftInOtherMailbox, draftNeedsMailboxMode: the mailbox whose Drafts hold the message. */
    draft?: string;
    /** rightNotActiveYet: the right not working yet is Full Access (SendProblem.fullAccess). */
    fullAccess?: boolean;
    /**
     * The way of sending the problem offers (SendProblem.offerMode): a text names "Copy in my Sent
     * Items" only where it is offered, never for a draft that way cannot send (rev12j finding C).
     */
    offerMode?: "mine" | "mailbox";
    /** wrongAccount: the account the sign-in gave (SendProblem.account), where known. */
    account?: string;
    /** wrongAccount: not confirmed rather than another person's (SendProblem.unconfirmed). */
    unconfirmed?: boolean;
  }) => string
>;
