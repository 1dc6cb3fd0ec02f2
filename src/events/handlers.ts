import { Address, SmtpAddress, toSmtpAddress } from "../core/address";
import { fromDigest, toDigest } from "../core/digest";
import { recordFailure } from "../core/diagnostics";
import {
  DirectoryKnowledge,
  fromNotifications,
  HandlerSettings,
  Notification,
  NOTIFICATION_KEYS,
  SendDecision,
  sendDecision,
} from "../core/events";
import type { Messages } from "../core/i18n";
import type { DirectoryState } from "../directory/client";

/** Outlook shows "taking longer than expected" after 5 s; the handlers never wait that long. */
export const FETCH_TIMEOUT_MS = 3000;

export interface HandlerDeps {
  user(): Address;
  /** Outlook's From; null when the host can't tell. */
  readFrom(): Promise<SmtpAddress | null>;
  messages(): Messages;
  directory: {
    cached(): Promise<DirectoryState | null>;
    refresh(timeoutMs: number): Promise<DirectoryState>;
  };
  digest: { read(): unknown; write(digest: unknown): Promise<void> };
  notify(wanted: Notification[], ours: readonly string[]): Promise<void>;
  supportsMarkdown(): boolean;
  settings: HandlerSettings;
}

const OUR_KEYS = Object.values(NOTIFICATION_KEYS);

function fromState(state: DirectoryState | null): DirectoryKnowledge | null {
  if (!state) return null;
  if ("shard" in state) return { kind: "shard", shard: state.shard };
  if (state.status === "notPublished") return { kind: "notPublished" };
  return null;
}

/** What is known without the network: the last good shard, else the roaming digest. */
async function fromCache(deps: HandlerDeps): Promise<DirectoryKnowledge | null> {
  const cached = fromState(
    await deps.directory.cached().catch((e) => (recordFailure("events", "cacheRead", e), null))
  );
  if (cached) return cached;
  const digest = fromDigest(deps.digest.read());
  return digest && digest.shard.user === deps.user().address
    ? { kind: "shard", shard: digest.shard, partial: digest.partial }
    : null;
}

/** Asks the directory (at most FETCH_TIMEOUT_MS), keeping the digest current; falls back to the cache. */
async function fromNetwork(deps: HandlerDeps): Promise<DirectoryKnowledge> {
  const state = await deps.directory
    .refresh(FETCH_TIMEOUT_MS)
    .catch((e) => (recordFailure("events", "directoryRefresh", e), null));
  if (state && (state.status === "ready" || state.status === "notPublished")) {
    if (state.status === "ready")
      await deps.digest
        .write(toDigest(state.shard))
        .catch((e) => recordFailure("events", "digestWrite", e));
    return fromState(state)!;
  }
  return fromState(state) ?? (await fromCache(deps)) ?? { kind: "unavailable" };
}

async function notifyForFrom(deps: HandlerDeps, knowledge: DirectoryKnowledge): Promise<void> {
  const from = await deps.readFrom().catch((e) => (recordFailure("events", "readFrom", e), null));
  if (!from) return;
  await deps.notify(fromNotifications(from, deps.user(), knowledge, deps.messages()), OUR_KEYS);
}

/** OnNewMessageCompose: nobody is waiting, so refresh the cache first, then advise on From. */
export async function onNewMessageCompose(
  deps: HandlerDeps,
  event: Office.MailboxEvent
): Promise<void> {
  try {
    await notifyForFrom(deps, await fromNetwork(deps));
  } catch (e) {
    // Advice is optional; the message must still open normally.
    recordFailure("events", "newMessageCompose", e);
  } finally {
    event.completed();
  }
}

/** OnMessageFromChanged: answer from the cache at once; ask the directory only if nothing is cached. */
export async function onMessageFromChanged(
  deps: HandlerDeps,
  event: Office.MailboxEvent
): Promise<void> {
  try {
    await notifyForFrom(deps, (await fromCache(deps)) ?? (await fromNetwork(deps)));
  } catch (e) {
    // as above
    recordFailure("events", "fromChanged", e);
  } finally {
    event.completed();
  }
}

/** OnMessageSend (Smart Alerts): allow at once when From is permitted; block a From Exchange will refuse. */
export async function onMessageSend(deps: HandlerDeps, event: Office.MailboxEvent): Promise<void> {
  let decision: SendDecision = { allowEvent: true };
  try {
    const from = await deps.readFrom().catch((e) => (recordFailure("events", "readFrom", e), null));
    if (from) {
      const knowledge = (await fromCache(deps)) ?? (await fromNetwork(deps));
      decision = sendDecision(from, deps.user(), knowledge, deps.settings, deps.messages());
    }
  } catch (e) {
    // Never block mail because the add-in failed, unless the admin chose to fail closed.
    recordFailure("events", "sendCheckFailed", e);
    decision = deps.settings.failClosed
      ? sendDecision(
          toSmtpAddress("?"),
          deps.user(),
          { kind: "unavailable" },
          deps.settings,
          deps.messages()
        )
      : { allowEvent: true };
  }
  if (decision.allowEvent) return event.completed({ allowEvent: true });
  const { errorMessageMarkdown, ...plain } = decision;
  event.completed(deps.supportsMarkdown() ? { ...plain, errorMessageMarkdown } : plain);
}
