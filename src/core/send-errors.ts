import { SmtpAddress, toSmtpAddress } from "./address";
import type { Mailbox, MailboxKind, Right, SendMode, SentItemsCopy } from "./model";
import { hasOwnSentItems } from "./rights";
import { NEW_RIGHT_DELAY_MS } from "./rights-seen";

/**
 * What went wrong with a send, in the user's terms. Each code has a title, an explanation and,
 * where an admin can fix it, the exact Exchange Online cmdlet (src/core/i18n words them).
 */
export type SendProblemCode =
  | "sendAsDenied"
  | "noFullAccess"
  | "rightNotActiveYet"
  | "draftNotFound"
  | "draftNotSaved"
  | "mailboxNotEnabled"
  | "messageTooLarge"
  | "throttled"
  | "serviceUnavailable"
  | "network"
  | "unknownOutcome"
  | "provenUnsent"
  | "copyRemoved"
  | "modeCannotCarry"
  | "draftElsewhereCannotCarry"
  | "draftNotUploaded"
  | "draftNotStamped"
  | "draftChanged"
  | "draftHeadersUnreadable"
  | "draftInOtherMailbox"
  | "draftNeedsMailboxMode"
  | "draftOwnerUnknown"
  | "draftReadDenied"
  | "draftReadDeniedAgain"
  | "recipientsRefused"
  | "draftMailboxDenied"
  | "uploadDenied"
  | "signInCancelled"
  | "signInBlocked"
  | "consentRequired"
  | "adminConsentRequired"
  | "signInUnsupported"
  | "wrongAccount"
  | "signInFailed"
  | "other";

export interface SendProblem {
  code: SendProblemCode;
  /** True when trying again may work without anyone changing anything. */
  retryable: boolean;
  /** The cmdlet an Exchange admin runs to fix it, values filled in. */
  adminFix?: string;
  /** Seconds to wait, when the service said (Retry-After). */
  retryAfterSeconds?: number;
  /** What the service said, for the "details" line and support. */
  detail?: string;
  /** The attachments the chosen way of sending cannot carry (modeCannotCarry). */
  parts?: string[];
  /** The draft's sensitivity label is among what the chosen way would lose (modeCannotCarry). */
  label?: boolean;
  /**
   * modeCannotCarry: how many custom x- headers the draft has, when more than Graph takes on a
   * recreated message (five; Microsoft Q&A 762243).
   */
  headers?: number;
  /**
   * consentRequired: the delegated permission the failed step needs and the token lacks
   * (Mail.ReadWrite, Mail.ReadWrite.Shared, Mail.Send.Shared), named so the user can ask the admin
   * for exactly that. Absent where the token's scopes could not be read.
   */
  scope?: string;
  /**
   * The way of sending that works, offered as the fix: "mine" carries the whole message;
   * "mailbox" reads a draft Outlook saved in another mailbox where it lives (draftNeedsMailboxMode).
   */
  offerMode?: SendMode;
  /**
   * draftInOtherMailbox, draftNeedsMailboxMode: the mailbox whose Drafts hold the message
   * (Outlook saved it there: written inside that mailbox), where known.
   */
  draft?: string;
  /** rightNotActiveYet: the right that does not work yet is Full Access (the mailbox's own way). */
  fullAccess?: boolean;
  /** wrongAccount: the account the sign-in gave and Send From refused, where it said. */
  account?: string;
  /**
   * wrongAccount: the account was not shown to be another person's, only not confirmed as
   * Outlook's user (Office named no account, its username is not the user's address, and its ID
   * token names no email address; graph/auth/account-manager.ts "accountUnconfirmed"). Picking it
   * again cannot help: an admin can add the `email` optional claim, or another Outlook names its
   * account.
   */
  unconfirmed?: boolean;
  /**
   * uploadDenied: whether the offered way ("mine") still leaves a copy in the mailbox's Sent Items
   * (its MessageCopyFor… flag); without it, `adminFix` sets that flag.
   */
  keepsCopy?: boolean;
}

export interface GraphFailure {
  status: number;
  code: string;
  message: string;
  retryAfterSeconds?: number | null;
}

const quote = (value: string) => `"${value.replace(/"/g, '`"')}"`;

/** The Send As grant, and the Send on Behalf alternative, for this kind of recipient. */
export function sendRightCmdlets(
  mailbox: Pick<Mailbox, "address" | "kind">,
  user: string
): { sendAs: string; sendOnBehalf: string } {
  const m = quote(mailbox.address);
  const u = quote(user);
  const setter: Record<MailboxKind, string> = {
    user: "Set-Mailbox",
    shared: "Set-Mailbox",
    room: "Set-Mailbox",
    equipment: "Set-Mailbox",
    distributionList: "Set-DistributionGroup",
    securityGroup: "Set-DistributionGroup",
    microsoft365Group: "Set-UnifiedGroup",
  };
  return {
    sendAs: `Add-RecipientPermission -Identity ${m} -Trustee ${u} -AccessRights SendAs -Confirm:$false`,
    sendOnBehalf: `${setter[mailbox.kind]} -Identity ${m} -GrantSendOnBehalfTo @{Add=${u}}`,
  };
}

export function fullAccessCmdlet(mailbox: string, user: string): string {
  return `Add-MailboxPermission -Identity ${quote(mailbox)} -User ${quote(user)} -AccessRights FullAccess -InheritanceType All -AutoMapping $false`;
}

export { NEW_RIGHT_DELAY_MS };

/** The directory's evidence about a mailbox's rights: when it was generated, and now. */
export interface DirectoryTime {
  /** The shard's generatedAt (ISO-8601): the rights it lists existed then. */
  generatedAt: string;
  /**
   * When the pane first saw each right listed (core/rights-seen.ts rightsListedSince): the right
   * existed then. Where given it replaces generatedAt, which a directory rebuilt every hour would
   * keep under two hours old forever.
   */
  since?: Partial<Record<Right, string>>;
  now: Date;
}

/**
 * Seconds until a right the directory lists is surely in effect, when it may still be new: the
 * directory (generated at `generatedAt`) lists it, so it was granted at or before then (or at or
 * before `since`, when the pane first saw it listed); if that is
 * less than NEW_RIGHT_DELAY_MS ago, Exchange may not apply it yet. Null when the directory does not
 * list any of `rights` or is older than that (then the right really is missing in Exchange).
 */
export function secondsUntilRightsApply(
  listed: readonly Right[] | undefined,
  rights: readonly Right[],
  time: DirectoryTime | undefined
): number | null {
  const refused = listed?.filter((r) => rights.includes(r)) ?? [];
  if (!time || !refused.length) return null;
  // The earliest time any refused right is known to have existed: if one of them is old, the
  // refusal is real, whatever the others.
  const at = Math.min(...refused.map((r) => Date.parse(time.since?.[r] ?? time.generatedAt)));
  if (Number.isNaN(at)) return null;
  const left = at + NEW_RIGHT_DELAY_MS - time.now.getTime();
  return left > 0 ? Math.ceil(left / 1000) : null;
}

/**
 * Explains a Graph failure of a send from `mailbox` by `user`. `throughMailbox` is true for the
 * /users/{mailbox} route (copy in the mailbox's Sent Items), where Full Access is required.
 * With `directory`: a refusal of a right the directory lists and published less than two hours
 * ago is "rightNotActiveYet" (wait and try again, no cmdlet), not a missing right.
 */
export function explainGraphFailure(
  failure: GraphFailure,
  ctx: {
    mailbox: Pick<Mailbox, "address" | "kind"> & {
      rights?: readonly Right[];
      /** The mailbox's MessageCopyFor… flags, where the directory lists them (uploadDenied). */
      sentItemsCopy?: SentItemsCopy;
    };
    user: SmtpAddress;
    throughMailbox: boolean;
    /**
     * What failed: reading the user's own draft, writing into the mailbox, uploading, sending
     * (src/graph/send.ts FailedAt). Unknown: judged by the code alone.
     */
    failedAt?: "reading" | "writing" | "uploading" | "sending";
    /** When the directory that lists the mailbox's rights was generated, and now. */
    directory?: DirectoryTime;
    /**
     * The delegated scopes of the token the failed request carried (its `scp`; graph/auth/
     * token-claims.ts), null or absent where it could not be read. A 403 is "consent" only when
     * the scope the step needs is missing from it; with the scope granted the refusal is Exchange's.
     */
    scopes?: readonly string[] | null;
    /**
     * The mailbox Outlook saved the user's draft in when not their own (the item's owner; graph/
     * send.ts SendOutcome `draftMailbox`): a refusal while reading it is that mailbox's answer.
     */
    draftMailbox?: string;
    /**
     * What the previous attempt of this send was explained as, when the user pressed Try again
     * after it (the pane's last problem). A refusal that comes back the same is lasting: a
     * draftReadDenied met again is "draftReadDeniedAgain", without Try again.
     */
    previous?: SendProblemCode;
  }
): SendProblem {
  const problem = explainByCode(failure, ctx);
  // Graph refused to read the user's own draft once more, right after Try again: a refusal that
  // passes would have passed; one that repeats is how Exchange answers an id /me cannot open (a
  // draft kept in a shared mailbox, office-js #1116, #6701; microsoft-graph-docs #9429, #4749), so
  // a third try would only loop. Said as lasting, and no Try again. No cmdlet: the draft was read
  // through /me, so no other mailbox is known to name (a known one is draftMailboxDenied's).
  if (
    problem.code === "draftReadDenied" &&
    (ctx.previous === "draftReadDenied" || ctx.previous === "draftReadDeniedAgain")
  )
    return { code: "draftReadDeniedAgain", retryable: false, detail: problem.detail };
  // Exchange refused a right the directory lists: granted recently, it may not work yet. A draft
  // refused in the chosen mailbox is its Full Access too (the directory lists only that mailbox's
  // rights, so a draft in a third mailbox is not judged by them).
  const draftInChosen =
    !!ctx.draftMailbox && toSmtpAddress(ctx.draftMailbox) === toSmtpAddress(ctx.mailbox.address);
  const needed: Right[] | null =
    problem.code === "sendAsDenied"
      ? ["SendAs", "SendOnBehalf"]
      : problem.code === "noFullAccess" || (problem.code === "draftMailboxDenied" && draftInChosen)
        ? ["FullAccess"]
        : null;
  const wait = needed && secondsUntilRightsApply(ctx.mailbox.rights, needed, ctx.directory);
  if (wait) {
    // Full Access not working yet while a send right is listed: only the mailbox's own way
    // failed, and "Copy in my Sent Items" (the person's draft, sent with Send As or on Behalf)
    // works now - said and offered, where the draft is the person's (rev12i finding 2).
    const fullAccess = needed[0] === "FullAccess";
    const mineWorks =
      fullAccess &&
      !draftInChosen &&
      !!ctx.mailbox.rights?.some((r) => r === "SendAs" || r === "SendOnBehalf");
    return {
      code: "rightNotActiveYet",
      retryable: true,
      retryAfterSeconds: wait,
      detail: problem.detail,
      ...(fullAccess && { fullAccess: true }),
      ...(mineWorks && { offerMode: "mine" as const }),
    };
  }
  return problem;
}

/**
 * Whether a token's scopes include `scope` (Entra's scope names are case-insensitive); false when
 * the scopes are unknown.
 */
function hasScope(scopes: readonly string[] | null | undefined, scope: string): boolean {
  const wanted = scope.toLowerCase();
  return !!scopes?.some((s) => s.toLowerCase() === wanted);
}

/**
 * The delegated scopes each step needs, whichever mailbox it touches (the ".Shared" ones for
 * another mailbox's items; learn.microsoft.com/graph/permissions-reference "Mail.ReadWrite.Shared",
 * "Mail.Send.Shared"): reading a draft and writing the copy need read-write, sending needs send.
 */
const STEP_SCOPES: Record<
  NonNullable<Parameters<typeof explainGraphFailure>[1]["failedAt"]>,
  string[]
> = {
  reading: ["Mail.ReadWrite", "Mail.ReadWrite.Shared"],
  writing: ["Mail.ReadWrite.Shared"],
  uploading: ["Mail.ReadWrite.Shared"],
  sending: ["Mail.Send", "Mail.Send.Shared"],
};

/**
 * Consent is missing: not retryable (no retry grants a permission). Names the first of `needed`
 * the token lacks, when its scopes could be read, so the user can ask the admin for exactly that.
 */
function consent(
  scopes: readonly string[] | null | undefined,
  needed: readonly string[],
  detail: string
): SendProblem {
  const missing = scopes ? needed.find((scope) => !hasScope(scopes, scope)) : undefined;
  return { code: "consentRequired", retryable: false, ...(missing && { scope: missing }), detail };
}

function explainByCode(
  failure: GraphFailure,
  ctx: Parameters<typeof explainGraphFailure>[1]
): SendProblem {
  const detail = `${failure.code}: ${failure.message}`.slice(0, 300);
  const code = failure.code;
  // Cached mode: Outlook had not uploaded the draft within the pipeline's bounded wait.
  if (code === "draftNotUploaded") return { code: "draftNotUploaded", retryable: true, detail };
  // Classic Outlook refused the add-in's custom properties for the revision stamp (graph/send.ts
  // saveStamped; Office error 9020, office-js #3822, #5958, #6788, which can last for an item or
  // mailbox): no upload was late, so that is not what is said (rev12p P5).
  if (code === "draftNotStamped") return { code: "draftNotStamped", retryable: true, detail };
  // The message kept changing after each save while the send waited (graph/send.ts
  // DRAFT_CHANGED, RESAVE_ROUNDS): nothing went; Send again once the editing is done.
  if (code === "draftChanged") return { code: "draftChanged", retryable: true, detail };
  // "Copy in <mailbox>'s Sent Items": the copy made in the mailbox's Drafts was removed there
  // before it was sent (by a colleague, or a clean-up), proven by graph/send.ts (COPY_REMOVED):
  // nothing went, and Send makes a new copy (rev12m #6, #8).
  if (code === "copyRemoved") return { code: "copyRemoved", retryable: true, detail };
  // A new message written in a shared mailbox whose owner Office would not name (office-js
  // #6877) and that is not in the chosen mailbox: explained once, with the way that works (the
  // draft opened again from that mailbox's Drafts, where Office names the owner); trying again
  // would only fail the same way.
  if (code === "draftOwnerUnknown") return { code: "draftOwnerUnknown", retryable: false, detail };
  // "Copy in <mailbox>'s Sent Items" could not read the draft's internet headers (its MIME, where
  // custom x- headers and the sensitivity label are kept: src/graph/mime-headers.ts), so it did
  // not recreate the message without them. Nothing was sent; sending the draft itself carries them.
  if (code === "draftHeadersUnreadable")
    return { code: "draftHeadersUnreadable", retryable: true, offerMode: "mine", detail };
  const denied = code === "ErrorAccessDenied" || failure.status === 403;
  // A 403 while reading the user's own draft (GET, its MIME, the PATCH of its From) is judged by
  // the token's scopes, as the 403 on /send is: the draft needs Mail.ReadWrite
  // (learn.microsoft.com/graph/api/message-get, "Permissions"), never Full Access to the chosen
  // mailbox. Without the scope (or where the token cannot tell) consent is missing and no retry
  // brings it; with it, Graph refused for another reason, which no cmdlet of ours fixes.
  if (denied && ctx.failedAt === "reading") {
    // A draft Outlook saved in another mailbox (written there; office-js #1116, #6701) is read
    // there: that needs Mail.ReadWrite.Shared, and with it Exchange refuses only for want of
    // access to that mailbox (Graph's ErrorAccessDenied without Full Access, microsoft-graph-docs
    // #9429, #4749). The cmdlet names the mailbox the draft is in, not the chosen one.
    if (ctx.draftMailbox) {
      if (!hasScope(ctx.scopes, "Mail.ReadWrite.Shared") && ctx.scopes)
        return consent(ctx.scopes, ["Mail.ReadWrite.Shared"], detail);
      return {
        code: "draftMailboxDenied",
        retryable: false,
        adminFix: fullAccessCmdlet(ctx.draftMailbox, ctx.user),
        detail,
      };
    }
    // A .Shared scope covers the user's own mailbox too (permissions-reference). With the scope
    // granted, the refusal is about the item: an id /me cannot open (a draft written inside a
    // shared mailbox lives there, office-js #1116, #6701), or a refusal that passes. Said so,
    // with the way out, and retryable (a refusal that passes does pass; one that does not is
    // answered by the text's Outlook Send, not by another loop).
    if (hasScope(ctx.scopes, "Mail.ReadWrite") || hasScope(ctx.scopes, "Mail.ReadWrite.Shared"))
      return { code: "draftReadDenied", retryable: true, detail };
    return consent(ctx.scopes, ["Mail.ReadWrite"], detail);
  }
  // Writing into the chosen mailbox needs Mail.ReadWrite.Shared in the token (permissions-reference:
  // another user's mailbox) as well as Full Access in Exchange: a token known to lack the scope is
  // consent; with it (or unreadable) the refusal is Exchange's, the missing Full Access below.
  if (
    denied &&
    ctx.failedAt === "writing" &&
    ctx.scopes &&
    !hasScope(ctx.scopes, "Mail.ReadWrite.Shared")
  )
    return consent(ctx.scopes, ["Mail.ReadWrite.Shared"], detail);
  if (ctx.failedAt === "reading") {
    // The user's own draft, read through /me: Full Access to the mailbox has nothing to do with
    // it. "Item Id doesn't belong to the current mailbox": Outlook saved it in another mailbox
    // (written inside a shared mailbox; office-js#1116, #6701) - explained once: saving again
    // saves it there again, so "try again" would loop.
    if (code === "ErrorInvalidMailboxItemId") {
      // Saved in a named mailbox other than the chosen one, sent with the copy in the user's
      // Sent Items (graph/send.ts refuses that: the copy would land in that third mailbox's).
      // "Copy in <mailbox>'s Sent Items" reads the draft where it lives and recreates it in the
      // chosen mailbox: offered where Full Access allows it (rev12f #3; office-js #5682, #6701).
      const draft = ctx.draftMailbox?.toLowerCase();
      const elsewhere = !!draft && draft !== ctx.mailbox.address.toLowerCase();
      const rights = ctx.mailbox.rights;
      // Rights unknown (no directory entry to go by): offered, as the chosen mailbox was.
      // As core/rights.ts canSendAsMailboxItself: a Sent Items of its own, Full Access, a send right.
      const mailboxMode =
        hasOwnSentItems(ctx.mailbox.kind) &&
        (!rights ||
          (rights.includes("FullAccess") &&
            (rights.includes("SendAs") || rights.includes("SendOnBehalf"))));
      if (elsewhere && !ctx.throughMailbox && mailboxMode)
        return {
          code: "draftNeedsMailboxMode",
          retryable: false,
          offerMode: "mailbox",
          draft,
          detail,
        };
      return { code: "draftInOtherMailbox", retryable: false, detail, ...(elsewhere && { draft }) };
    }
    if (code === "ErrorItemNotFound" || code === "Request_ResourceNotFound")
      return { code: "draftNotFound", retryable: true, detail };
  }
  // Graph's documented known issue: delegated 403 on large attachments in shared or delegated
  // mailboxes (learn.microsoft.com/graph/known-issues, microsoft-graph-docs-contrib#3720): Full
  // Access is proven (the copy was created there), and no right fixes it. The other way of
  // sending carries them: the user's draft is in their own mailbox, where upload sessions work.
  // Its copy goes to the user's Sent Items, and to the mailbox's as well when the mailbox keeps
  // a copy of what is sent from it (Set-Mailbox -MessageCopyForSentAsEnabled /
  // -MessageCopyForSendOnBehalfEnabled, learn.microsoft.com/exchange/recipients-in-exchange-
  // online/manage-user-mailboxes/automatically-save-sent-items-in-delegator-s-mailbox): the one
  // documented way to get such a message into the mailbox's Sent Items, given to the admin.
  if (
    ctx.failedAt === "uploading" &&
    ctx.throughMailbox &&
    (code === "ErrorAccessDenied" || failure.status === 403)
  ) {
    const sendAs = !ctx.mailbox.rights || ctx.mailbox.rights.includes("SendAs");
    const keepsCopy = !!(sendAs
      ? ctx.mailbox.sentItemsCopy?.sendAs
      : ctx.mailbox.sentItemsCopy?.sendOnBehalf);
    return {
      code: "uploadDenied",
      retryable: false,
      offerMode: "mine",
      keepsCopy,
      adminFix: keepsCopy
        ? undefined
        : `Set-Mailbox -Identity ${quote(ctx.mailbox.address)} -${sendAs ? "MessageCopyForSentAsEnabled" : "MessageCopyForSendOnBehalfEnabled"} $true`,
      detail,
    };
  }
  // Graph refused a request of the copy as too large (413, "The maximum request length supported
  // is 4MB": microsoft-graph-docs-contrib#682, #7254): one part (an attached message, a file
  // near 3 MB) cannot be posted into the mailbox in one request. Not the mailbox's send size
  // limit (that is ErrorMessageSizeExceeded): sending the user's own draft carries it.
  if (
    ctx.throughMailbox &&
    failure.status === 413 &&
    code !== "ErrorMessageSizeExceeded" &&
    (ctx.failedAt === "writing" || ctx.failedAt === "uploading")
  )
    return { code: "modeCannotCarry", retryable: false, offerMode: "mine", detail };
  // Exchange refused the recipients: the message has none (a forward starts without any; Graph:
  // "A message can't be sent because it contains no recipients.") or an address is not valid.
  // Nothing went, and sending it unchanged fails the same: the user adds or corrects one.
  if (code === "ErrorInvalidRecipients")
    return { code: "recipientsRefused", retryable: false, detail };
  if (code === "ErrorSendAsDenied" || quotedSendAsDenial(failure.message)) {
    return {
      code: "sendAsDenied",
      retryable: false,
      adminFix: sendRightCmdlets(ctx.mailbox, ctx.user).sendAs,
      detail,
    };
  }
  // A refusal of /send itself that is not ErrorSendAsDenied (in "mailbox" mode the copy was
  // already written, so Full Access is proven). Sending as another mailbox needs Mail.Send.Shared
  // (learn.microsoft.com/graph/api/message-send: "Mail.Send.Shared" for a shared or delegated
  // mailbox): without it in the token, consent is what is missing, and no retry brings it. With it
  // granted, Exchange itself refused to let the person send as the mailbox (Send As / Send on
  // Behalf not granted or removed, or the mailbox's own refusal): the same as ErrorSendAsDenied.
  if (
    ctx.failedAt === "sending" &&
    // A 403 naming another cause (a quota, a blocked submission) is not about the right.
    (code === "ErrorAccessDenied" || (failure.status === 403 && code === "HTTP403"))
  ) {
    if (hasScope(ctx.scopes, "Mail.Send.Shared"))
      return {
        code: "sendAsDenied",
        retryable: false,
        adminFix: sendRightCmdlets(ctx.mailbox, ctx.user).sendAs,
        detail,
      };
    return consent(ctx.scopes, ["Mail.Send.Shared"], detail);
  }
  if (code === "ErrorAccessDenied" && ctx.throughMailbox) {
    return {
      code: "noFullAccess",
      retryable: false,
      adminFix: fullAccessCmdlet(ctx.mailbox.address, ctx.user),
      detail,
    };
  }
  // While uploading, the item was already created in the mailbox, so rights were fine: a 404 is
  // an upload session that expired or was dropped (the emulator answers so, uploads.ts) - try
  // again; no Full Access cmdlet (rev12 finding 2).
  if (ctx.failedAt === "uploading" && (code === "ErrorItemNotFound" || failure.status === 404))
    return { code: "other", retryable: true, detail };
  if (
    code === "ErrorItemNotFound" ||
    code === "ErrorInvalidMailboxItemId" ||
    code === "Request_ResourceNotFound"
  ) {
    return ctx.throughMailbox
      ? {
          code: "noFullAccess",
          retryable: false,
          adminFix: fullAccessCmdlet(ctx.mailbox.address, ctx.user),
          detail,
        }
      : { code: "draftNotFound", retryable: true, detail };
  }
  if (
    code === "MailboxNotEnabledForRESTAPI" ||
    /REST API is not yet supported/i.test(failure.message)
  ) {
    return {
      code: "mailboxNotEnabled",
      retryable: false,
      adminFix: `Get-Mailbox -Identity ${quote(ctx.mailbox.address)} | Format-List RecipientTypeDetails,IsInactiveMailbox,IsMailboxEnabled`,
      detail,
    };
  }
  if (code === "ErrorMessageSizeExceeded" || failure.status === 413) {
    const sender = ctx.throughMailbox ? ctx.mailbox.address : ctx.user;
    return {
      code: "messageTooLarge",
      retryable: false,
      adminFix: `Set-Mailbox -Identity ${quote(sender)} -MaxSendSize 150MB`,
      detail,
    };
  }
  if (failure.status === 429) {
    return {
      code: "throttled",
      retryable: true,
      retryAfterSeconds: failure.retryAfterSeconds ?? undefined,
      detail,
    };
  }
  // No answer at all. Whether the message went is for the pipeline to find out ("unknownOutcome").
  if (failure.status === 0) return { code: "network", retryable: true, detail };
  if (failure.status >= 500)
    return {
      code: "serviceUnavailable",
      retryable: true,
      retryAfterSeconds: failure.retryAfterSeconds ?? undefined,
      detail,
    };
  if (code === "ErrorAccessDenied" || failure.status === 403) {
    // Consent only when the token lacks a scope this step needs; with all of them granted the
    // refusal is not the app's permissions, and a consent prompt would not fix it.
    const needed = STEP_SCOPES[ctx.failedAt ?? "sending"];
    if (ctx.scopes && needed.every((scope) => hasScope(ctx.scopes, scope)))
      return { code: "other", retryable: false, detail };
    return consent(ctx.scopes, needed, detail);
  }
  if (failure.status === 401) return { code: "signInFailed", retryable: true, detail };
  return { code: "other", retryable: true, detail };
}

/**
 * Whether a failure says in so many words that the send was refused for a missing Send As / Send
 * on Behalf right, whatever its HTTP status (a 500 carrying SendAsDeniedException is a refusal,
 * not a lost answer).
 */
export function isSendAsDenial(failure: Pick<GraphFailure, "code" | "message">): boolean {
  return failure.code === "ErrorSendAsDenied" || quotedSendAsDenial(failure.message);
}

/**
 * The same denial as users quote it from other tools: Dynamics' "User does not have send-as
 * privilege" (0x8004480D), SMTP's 5.7.60 "Client does not have permissions to send as this
 * sender", the store's SendAsDeniedException, Outlook's "You do not have the permission to send
 * the message on behalf of the specified user".
 */
function quotedSendAsDenial(text: string): boolean {
  return /ErrorSendAsDenied|SendAsDenied(Exception)?|0x8004480D|send-as privilege|5\.7\.60|does not have permissions? to send as|permission to send the message on behalf|right to send mail on behalf/i.test(
    text
  );
}

/**
 * A problem as it stands for a draft Outlook saved in another mailbox (`draft`, SendPlan.
 * draftElsewhere): "Copy in my Sent Items" cannot send it (the draft is not the user's), so a
 * problem offering that way is told again without the offer. Where the mailbox's way failed for
 * what it would lose (modeCannotCarry, uploadDenied), neither way of Send From can send this
 * message from the chosen mailbox: draftElsewhereCannotCarry, which names the mailbox it lives in
 * and Outlook's own Send (rev12i finding 1: each problem offered the other way, a loop that never
 * ended). Shapes: SendProblem in and out; `draft` null leaves the problem as it is.
 */
export function forDraftElsewhere(problem: SendProblem, draft: string | null): SendProblem {
  if (!draft || problem.offerMode !== "mine") return problem;
  const rest: SendProblem = { ...problem };
  delete rest.offerMode;
  if (problem.code === "modeCannotCarry" || problem.code === "uploadDenied")
    return {
      ...rest,
      code: "draftElsewhereCannotCarry",
      retryable: false,
      adminFix: undefined,
      draft,
    };
  return rest;
}
