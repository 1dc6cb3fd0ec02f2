import { fromDigest, toDigest } from "../core/digest";
import {
  CANCEL_LABEL_MAX,
  DirectoryKnowledge,
  escapeMarkdown,
  fit,
  fitAlert,
  fitNotification,
  fromNotifications,
  HandlerSettings,
  Notification,
  NOTIFICATION_KEYS,
  OPEN_PANE_COMMAND,
  SendDecision,
  sendDecision,
} from "../core/events";
import type { EventMessages } from "../core/i18n";
import { isOwnAddress } from "../core/rights";
import { Address, SmtpAddress, toSmtpAddress } from "../core/address";
import type { FromReading } from "../core/identity";
import { recordFailure } from "../core/diagnostics";
import type { DirectoryState } from "../directory/client";

/**
 * Every handler calls event.completed within this many ms of the event, whatever the directory
 * host does: Outlook says "taking longer than expected" after 5 s, and under SoftBlock a send
 * that never completes waits for Outlook's own timeout (Microsoft Learn, "Handle OnMessageSend
 * and OnAppointmentSend events in your Outlook add-in with Smart Alerts"). The deadline is a
 * timer raced against the whole decision (reading From, the cache, a token, the request, the
 * body), not a fetch option: the JavaScript-only runtime of classic Outlook on Windows has no
 * AbortController to rely on.
 */
export const DECISION_DEADLINE_MS = 3000;

export interface HandlerDeps {
  /** The signed-in user; `aliases` where the host knows them (the directory's are used too). */
  user(): Address & { aliases?: readonly SmtpAddress[] };
  /**
   * Outlook's From; null when the host can't tell. A FromReading with `inferred` when the address
   * was not read but inferred from the item's owner (core/identity.ts readFromAs): then a refusal
   * is only a warning the user can send past, never a block.
   */
  readFrom(): Promise<SmtpAddress | FromReading | null>;
  messages(): EventMessages;
  directory: {
    /**
     * The last good answer without the network (a shard, or "nothing published"); the shard
     * may be narrowed to the mailbox `address` (readCachedFor), which is all a decision needs.
     */
    cached(address: SmtpAddress): Promise<DirectoryState | null>;
    /** Asks the directory; settles within timeoutMs. */
    refresh(timeoutMs: number): Promise<DirectoryState>;
  };
  /**
   * Public mode, where the delegate is uncertain because Office's account is another UPN than
   * userProfile (FromReading.uncertain "account") and nothing stored named the person: asks the
   * directory for the file under userProfile's own address, settling within `timeoutMs` (the
   * directory client's limit; the decision's deadline holds whatever it does), and stores what
   * it gets as any other answer. Resolves true when that file's user is userProfile: userProfile
   * is the person's own mailbox (a person whose UPN is not their mail address; the pane's
   * evidence, taskpane/person-behind-account.ts), and the delegate has been decided again with
   * its addresses (`user()` reads as userProfile). False otherwise (no such file, another user,
   * a failure). Absent (protected mode, where the person's own shard decides): not asked.
   */
  confirmProfile?(timeoutMs: number): Promise<boolean>;
  digest: { read(): unknown; write(digest: unknown): Promise<void> };
  notify(wanted: Notification[], ours: readonly string[]): Promise<void>;
  supportsMarkdown(): boolean;
  settings: HandlerSettings;
  /**
   * Whether event.completed takes sendModeOverride (Mailbox 1.14): a Smart Alert that offers
   * Send Anyway whatever the manifest's SendMode. Absent or false: an inferred From is allowed.
   */
  supportsPromptOverride?(): boolean;
  /** Starts the deadline timer; returns a function that cancels it. Default: setTimeout. */
  setTimer?(ms: number, fire: () => void): () => void;
  /**
   * The pane's record that it already sent this compose item through Graph (core/open-attempt.ts
   * SentRecord, kept in item.sessionData, under the draft's id or by its content), or null.
   * Outlook could not close the window after that send (office-js #5568), so its own Send would
   * deliver the message a second time (rev14c finding 1). Absent: nothing is known.
   */
  alreadySent?(): Promise<{ mailbox: string } | null>;
  /**
   * The pane's open attempt for this compose item (core/open-attempt.ts OpenAttempt): a Graph
   * send whose answer was lost or a 5xx, so the message may have gone, or may still go (Microsoft
   * Q&A 5629476), or null. Outlook's own Send would then deliver a second copy (rev12 review 3).
   * Absent: nothing is known.
   */
  mayHaveBeenSent?(): Promise<{ mailbox: string } | null>;
}

interface MailboxEvent {
  completed(options?: Record<string, unknown>): void;
}

/** Keys the From advice manages; the directory notice is managed only when the directory answered. */
const FROM_KEYS = [
  NOTIFICATION_KEYS.recipients,
  NOTIFICATION_KEYS.copy,
  NOTIFICATION_KEYS.denied,
  NOTIFICATION_KEYS.unchecked,
];
const ALL_KEYS = [...FROM_KEYS, NOTIFICATION_KEYS.directory];

interface Known {
  knowledge: DirectoryKnowledge;
  /** The directory answered with a shard over MAX_SHARD_BYTES: handled as unreachable, and said. */
  tooLarge?: boolean;
  /** The answer came from the directory just now (not only from a cache). */
  fromNetwork?: boolean;
}

function fromState(state: DirectoryState | null): DirectoryKnowledge | null {
  if (!state) return null;
  if ("shard" in state) return { kind: "shard", shard: state.shard };
  if (state.status === "notPublished") return { kind: "notPublished" };
  return null;
}

/** deps.readFrom as an address and whether it was inferred; null when Outlook can't say. */
async function readFrom(deps: HandlerDeps): Promise<FromReading | null> {
  const read = await deps.readFrom().catch((e) => (recordFailure("events", "readFrom", e), null));
  if (read === null) return null;
  const reading: FromReading = typeof read === "string" ? { address: read, inferred: false } : read;
  return reading.address ? reading : null;
}

/**
 * A reading whose delegate is uncertain because Office's account is another UPN than userProfile
 * (office-js #5682, or a person whose UPN is not their mail address), or because Office named no
 * account where it should have ("person", core/identity.ts OfficeIdentity.accountMissing): the
 * file under userProfile asked for (HandlerDeps.confirmProfile), and the reading no longer
 * uncertain where it names userProfile as its user. Any other reading is returned as it is.
 */
async function confirmAccount(deps: HandlerDeps, reading: FromReading): Promise<FromReading> {
  if ((reading.uncertain !== "account" && reading.uncertain !== "person") || !deps.confirmProfile)
    return reading;
  const confirmed = await deps
    .confirmProfile(DECISION_DEADLINE_MS)
    .catch((e) => (recordFailure("events", "confirmProfile", e), false));
  return confirmed ? { ...reading, uncertain: undefined } : reading;
}

/** What is known without the network: the last good answer, else the roaming digest. */
async function fromCache(deps: HandlerDeps, from: SmtpAddress): Promise<DirectoryKnowledge | null> {
  const cached = fromState(
    await deps.directory.cached(from).catch((e) => (recordFailure("events", "cacheRead", e), null))
  );
  if (cached) return cached;
  const digest = fromDigest(deps.digest.read());
  // The person's, found by their address, an alias, or the key it was loaded under: Office's UPN
  // where the mail address was unknown (Digest.key), so either way of keying finds the other's copy.
  const user = deps.user().address;
  const person =
    digest &&
    (digest.shard.user === user || digest.key === user || digest.shard.aliases?.includes(user));
  return digest && person ? { kind: "shard", shard: digest.shard, partial: digest.partial } : null;
}

/** Asks the directory, keeping the digest current; falls back to the cache, then "unavailable". */
async function fromNetwork(deps: HandlerDeps, from: SmtpAddress): Promise<Known> {
  const state = await deps.directory
    .refresh(DECISION_DEADLINE_MS)
    .catch((e) => (recordFailure("events", "directoryRefresh", e), null));
  if (state && state.status === "ready")
    await deps.digest
      .write(toDigest(state.shard, [], undefined, deps.user().address))
      .catch((e) => recordFailure("events", "digestWrite", e));
  const tooLarge =
    !!state &&
    "failure" in state &&
    state.failure.kind === "malformed" &&
    state.failure.problem.code === "tooLarge";
  const knowledge = fromState(state) ??
    (await fromCache(deps, from)) ?? { kind: "unavailable" as const };
  return { knowledge, tooLarge, fromNetwork: true };
}

function directoryNotice(t: EventMessages): Notification {
  return {
    key: NOTIFICATION_KEYS.directory,
    type: "errorMessage",
    message: fitNotification(() => t.events.directoryTooLarge, []),
  };
}

/**
 * Runs `decide` against the deadline: `complete` is called exactly once, with decide's answer
 * or, at the deadline, with `atDeadline()` (which must answer from what is already known).
 */
function raceDeadline<T>(
  deps: HandlerDeps,
  /** The diagnostics event recorded when `decide` fails. */
  failure: string,
  decide: () => Promise<T>,
  atDeadline: () => T,
  fallback: () => T,
  complete: (value: T) => void
): Promise<void> {
  let done = false;
  const finish = (value: T) => {
    if (done) return;
    done = true;
    try {
      complete(value);
    } catch (e) {
      recordFailure("events", "completed", e);
      // Outlook refused the answer (e.g. the item is gone): nothing more to do.
    }
  };
  const start =
    deps.setTimer ??
    ((ms: number, fire: () => void) => {
      const id = setTimeout(fire, ms);
      return () => clearTimeout(id);
    });
  let cancel = () => undefined as void;
  return new Promise<void>((resolve) => {
    cancel = start(DECISION_DEADLINE_MS, () => {
      let value: T;
      try {
        value = atDeadline();
      } catch (e) {
        recordFailure("events", "deadlineAnswer", e);
        value = fallback();
      }
      finish(value);
      resolve();
    });
    decide()
      .then(
        (value) => {
          cancel();
          finish(value);
        },
        (e) => {
          // Never block mail because the add-in failed, unless the admin chose to fail closed.
          recordFailure("events", failure, e);
          cancel();
          finish(fallback());
        }
      )
      .then(resolve);
  });
}

/** The advice for From, and which of our keys it manages; null when there is nothing to say. */
async function adviceForFrom(
  deps: HandlerDeps,
  refreshFirst: boolean
): Promise<{ wanted: Notification[]; ours: readonly string[] } | null> {
  const read = await readFrom(deps);
  const from = read?.address;
  if (!read || !from) return null;
  const reading = await confirmAccount(deps, read);
  const user = deps.user();
  const t = deps.messages();
  // Nobody named where Office should have named its account (rev12e #3): no list can be the
  // person's, so the advice says it cannot tell, as Send will, without asking the directory.
  if (reading.uncertain === "person")
    return {
      wanted: [
        {
          key: NOTIFICATION_KEYS.unchecked,
          type: "informationalMessage",
          message: fitNotification(([a]) => t.events.fromPersonUncertain(a), [from]),
        },
      ],
      ours: FROM_KEYS,
    };
  // The user's own address needs no directory at all: clear our advice, ask nobody.
  if (isOwnAddress(from, user.address, user.aliases)) return { wanted: [], ours: FROM_KEYS };
  let known: Known | null = null;
  if (!refreshFirst) {
    const cached = await fromCache(deps, from);
    if (cached) known = { knowledge: cached };
  }
  known ??= await fromNetwork(deps, from);
  // Who the person is is uncertain (FromReading.uncertain) and no shard of theirs answered:
  // From may be their own address or a mailbox, so the advice says it cannot tell, as Send will.
  const wanted =
    reading.uncertain && known.knowledge.kind !== "shard"
      ? [
          {
            key: NOTIFICATION_KEYS.unchecked,
            type: "informationalMessage" as const,
            message: fitNotification(([a]) => t.events.fromPersonUncertain(a), [from]),
          },
        ]
      : fromNotifications(from, user, known.knowledge, t);
  if (known.tooLarge) wanted.push(directoryNotice(t));
  return { wanted, ours: known.fromNetwork ? ALL_KEYS : FROM_KEYS };
}

async function advise(deps: HandlerDeps, event: MailboxEvent, refreshFirst: boolean) {
  await raceDeadline(
    deps,
    refreshFirst ? "newMessageCompose" : "fromChanged",
    async () => {
      const advice = await adviceForFrom(deps, refreshFirst);
      if (advice) await deps.notify(advice.wanted, advice.ours);
    },
    // Advice is optional: at the deadline the compose form must simply carry on.
    () => undefined,
    () => undefined,
    () => event.completed()
  );
}

/** OnNewMessageCompose: refresh the cache first (nobody is waiting), then advise on From; completes by the deadline. */
export function onNewMessageCompose(deps: HandlerDeps, event: MailboxEvent): Promise<void> {
  return advise(deps, event, true);
}

/** OnMessageFromChanged: own address at once, else the cache, else the directory; completes by the deadline. */
export function onMessageFromChanged(deps: HandlerDeps, event: MailboxEvent): Promise<void> {
  return advise(deps, event, false);
}

/**
 * OnMessageSend (Smart Alerts): allows the user's own address and aliases with no request at
 * all, decides from the cache when there is one (milliseconds), else asks the directory. At
 * the deadline the answer is what is known by then: the cache, else fail open (or closed, when
 * the admin built it so). Blocks only a From Exchange will refuse. Where who the person is is
 * uncertain (a new message in a shared mailbox, office-js #6877: FromReading.uncertain) only the
 * person's own shard decides; without it the alert says it cannot tell, with Send Anyway. Where
 * it is uncertain because Office's account is another UPN, the file under userProfile is asked
 * for first (confirmAccount); until it answers, the deadline's answer is still "cannot tell".
 */
export function onMessageSend(deps: HandlerDeps, event: MailboxEvent): Promise<void> {
  const seen: {
    from: SmtpAddress | null;
    inferred: boolean;
    uncertain: FromReading["uncertain"];
    cached: DirectoryKnowledge | null;
  } = {
    from: null,
    inferred: false,
    uncertain: undefined,
    cached: null,
  };
  const t = () => deps.messages();
  /**
   * Who the person is is unknown (FromReading.uncertain: a new message in a shared mailbox whose
   * owner Office would not name, office-js #6877; or Office's account is another UPN than
   * userProfile and nothing stored says userProfile is theirs, as with a shared mailbox added to
   * new Outlook as an account, office-js #5682) and no shard of theirs decides: neither allowed
   * as the person's own (Exchange may refuse it: ErrorSendAsDenied) nor blocked (it may be their
   * own address or a permitted mailbox). A warning with Send Anyway (sendModeOverride promptUser,
   * Mailbox 1.14) says so; where Outlook cannot offer Send Anyway the send is allowed, as any
   * decision the add-in cannot make.
   */
  const cannotTell = (from: SmtpAddress): SendDecision => {
    if (!deps.supportsPromptOverride?.()) return { allowEvent: true };
    // "account": the delegate's address is Office's UPN standing in (core/identity.ts).
    const account = deps.user().address;
    // Both addresses are names fitAlert may shorten: two long ones overrun 500 in de/fr.
    const names = seen.uncertain === "account" ? [from, account] : [from];
    const say = ([a, b]: string[]) =>
      seen.uncertain === "account"
        ? t().events.warnedAccountNotProfile(a, b)
        : t().events.warnedPersonUncertain(a);
    // Markdown: the text around the names escaped, the names as fitAlert escaped them (once).
    const slots = names.map((_, i) => `\u0000${i}\u0000`);
    const markdown = (n: string[]) =>
      n.reduce((text, name, i) => text.split(slots[i]).join(name), escapeMarkdown(say(slots)));
    const text = fitAlert(say, markdown, names);
    return {
      allowEvent: false,
      errorMessage: text.plain,
      errorMessageMarkdown: text.markdown,
      cancelLabel: fit(t().events.pickMailbox, CANCEL_LABEL_MAX),
      commandId: OPEN_PANE_COMMAND,
      sendModeOverride: "promptUser",
    };
  };
  const decideWith = (knowledge: DirectoryKnowledge): SendDecision => {
    if (!seen.from) return { allowEvent: true };
    // Only the person's own shard (keyed by their sign-in name, or chosen by the token) tells;
    // an administrator's fail-closed choice still blocks when nothing answered.
    if (
      seen.uncertain &&
      knowledge.kind !== "shard" &&
      !(knowledge.kind === "unavailable" && deps.settings.failClosed)
    )
      return cannotTell(seen.from);
    return sendDecision(seen.from, deps.user(), knowledge, deps.settings, t());
  };

  /** The From check alone: what Outlook's From may do, read into `seen` as it goes. */
  const checkFrom = async (): Promise<SendDecision> => {
    const reading = await readFrom(deps);
    seen.from = reading?.address ?? null;
    seen.inferred = !!reading?.inferred;
    seen.uncertain = reading?.uncertain;
    // Outlook can't say who the sender is: nothing to check.
    if (!reading || !seen.from) return { allowEvent: true };
    // Until the file under userProfile answers, the deadline's answer is "cannot tell".
    seen.uncertain = (await confirmAccount(deps, reading)).uncertain;
    // Nobody named where Office should have named its account (userProfile may be a shared
    // mailbox added as an account, office-js #5682; rev12e #3): From is neither the person's own
    // nor checked against anybody's list.
    if (seen.uncertain === "person") return cannotTell(seen.from);
    const user = deps.user();
    if (isOwnAddress(seen.from, user.address, user.aliases)) return { allowEvent: true };
    seen.cached = await fromCache(deps, seen.from);
    if (seen.cached) return decideWith(seen.cached);
    const known = await fromNetwork(deps, seen.from);
    if (known.tooLarge)
      await deps
        .notify([directoryNotice(t())], [NOTIFICATION_KEYS.directory])
        .catch((e) => recordFailure("events", "notify", e));
    return decideWith(known.knowledge);
  };
  const decide = async (): Promise<SendDecision> => {
    // The From check runs alongside the stale-draft lookups: those read and hash the whole body
    // (sessionData, localStorage and roaming settings each), which for a long message takes much
    // of the deadline, and the deadline answers from what the From check knows by then
    // (rev12n finding 3: a 1 MB body left From unread, and the send went unchecked).
    const fromCheck = checkFrom();
    // Answered by the lookups instead: its outcome (or failure) is not wanted.
    fromCheck.catch(() => undefined);
    // Sent already by the pane: a second copy is the harm, whatever From says. A warning with
    // Send Anyway where Outlook offers it (Mailbox 1.14), else a block.
    // Or it may have gone: the pane's send lost its answer (an open attempt), and until a look
    // finds it sent or proves it unsent, Outlook's Send may deliver it twice. Both looked up at
    // once (each reads the body); "sent" wins.
    const [sent, mayHave] = await Promise.all([
      (deps.alreadySent?.() ?? Promise.resolve(null)).catch((e) => {
        recordFailure("events", "alreadySent", e);
        return null;
      }),
      (deps.mayHaveBeenSent?.() ?? Promise.resolve(null)).catch((e) => {
        recordFailure("events", "mayHaveBeenSent", e);
        return null;
      }),
    ]);
    const maybe = sent ? null : mayHave;
    if (sent || maybe) {
      const say = () =>
        sent ? t().events.alreadySent(sent.mailbox) : t().events.mayHaveBeenSent(maybe!.mailbox);
      const text = fitAlert(say, () => escapeMarkdown(say()), []);
      return {
        allowEvent: false,
        errorMessage: text.plain,
        errorMessageMarkdown: text.markdown,
        // "Don't send" opens the pane, which shows the message as sent.
        cancelLabel: fit(t().events.dontSend, CANCEL_LABEL_MAX),
        commandId: OPEN_PANE_COMMAND,
        ...(deps.supportsPromptOverride?.() && { sendModeOverride: "promptUser" as const }),
      };
    }
    return fromCheck;
  };
  // Never block mail because the add-in failed, unless the admin chose to fail closed.
  const fallback = (): SendDecision =>
    deps.settings.failClosed
      ? sendDecision(
          seen.from ?? toSmtpAddress("?"),
          deps.user(),
          { kind: "unavailable" },
          deps.settings,
          t()
        )
      : { allowEvent: true };
  const atDeadline = (): SendDecision => decideWith(seen.cached ?? { kind: "unavailable" });

  /**
   * A From inferred from the item's owner may be the user's own address (identity.ts
   * FromReading): the user gets a warning they can send past (sendModeOverride promptUser,
   * Mailbox 1.14: Send Anyway even under SoftBlock), never a block they cannot fix. Where Outlook
   * cannot offer Send Anyway, the send is allowed.
   */
  const soften = (decision: SendDecision): SendDecision => {
    if (decision.allowEvent || !seen.inferred || !seen.from) return decision;
    if (!deps.supportsPromptOverride?.()) return { allowEvent: true };
    const from = seen.from;
    const text = fitAlert(
      () => t().events.warnedInferredFrom(from),
      // Plain text, escaped: a warning needs no emphasis, and the catalogue stays small.
      () => escapeMarkdown(t().events.warnedInferredFrom(from)),
      []
    );
    return {
      ...decision,
      errorMessage: text.plain,
      errorMessageMarkdown: text.markdown,
      sendModeOverride: "promptUser",
    };
  };

  return raceDeadline(deps, "sendCheckFailed", decide, atDeadline, fallback, (raw) => {
    const decision = soften(raw);
    if (decision.allowEvent) return event.completed({ allowEvent: true });
    const { errorMessageMarkdown, ...plain } = decision;
    event.completed(deps.supportsMarkdown() ? { ...plain, errorMessageMarkdown } : plain);
  });
}
