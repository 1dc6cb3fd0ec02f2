import { recordFailure } from "../core/diagnostics";
import {
  isMaking,
  LeftoverCopy,
  LeftoverCopyStore,
  OpenAttempt,
  OpenAttemptStore,
  parseLeftoverCopies,
  parseOpenAttempt,
  parseSentRecord,
  SentRecord,
} from "../core/open-attempt";
import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex } from "@noble/hashes/utils";
import { utf8 } from "../core/shard-name";
import { callAsync } from "./async";
import { readMessageText, savedItemId } from "./compose";
import { isSetSupported } from "./mailbox";
import { runtimeLocalStorage } from "./runtime-storage";
import type { ContentRecordKind, RoamingRecords } from "./roaming-records";

/** The name under the item's sessionData, and the prefix of the localStorage keys. */
export const OPEN_ATTEMPT_KEY = "sendFrom.openAttempt";

/** The same for the record that the compose item was sent (core/open-attempt.ts SentRecord). */
export const SENT_KEY = "sendFrom.sent";

/**
 * The localStorage key of the leftover copies (core/open-attempt.ts LeftoverCopy): one list for
 * every compose item, since the copy outlives the item that made it.
 */
export const LEFTOVER_KEY = "sendFrom.leftoverCopies";

type Local = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/**
 * How long (ms) a record kept by the message's content (contentKey) may be found by it: Outlook
 * re-saves the compose item within seconds or minutes of the send (office-js #5551, #6393), a
 * draft closed mid-doubt is opened again soon (the person looks at "may have been sent"), and a
 * later message with the same subject, recipients and text is more likely a new one.
 */
export const CONTENT_MATCH_MS = 60 * 60 * 1000;

/**
 * What the compose item holds now, as a SHA-256 hex digest: its subject, its To, Cc and Bcc
 * addresses (lower case, sorted) and its text body (whitespace collapsed). Null where Office
 * cannot read one of them or the message has no recipient (nothing to tell messages apart by).
 * The same message can come back as a compose item with another id and no sessionData: in "Copy
 * in my Sent Items" the draft itself is sent, and Outlook's re-save after the send makes a new
 * draft (office-js #5551, #6393; rev12h findings 1-2); a window closed while the send "may have
 * been sent", or after a send whose window could not be closed, leaves the draft Outlook saved,
 * under a new id and Internet message id when opened again (office-js #5897; rev12m findings 2,
 * 9). The same content is how a pane or a launch event finds the record then, in every version.
 * Only the digest is kept, never the content.
 */
export async function contentKey(): Promise<string | null> {
  try {
    const { subject, to, cc, bcc, text: body } = await readMessageText();
    if (!to.length && !cc.length && !bcc.length) return null;
    const text = JSON.stringify([subject, to, cc, bcc, body]);
    // Encoded by hand: the Smart Alert computes the same digest in classic Outlook's
    // JavaScript-only runtime, which promises no TextEncoder (core/shard-name.ts).
    return bytesToHex(sha256(utf8(text)));
  } catch (e) {
    recordFailure("office", "contentKey", e);
    return null;
  }
}

function sessionData(): Office.SessionData | null {
  const item = Office.context.mailbox.item as Office.MessageCompose | undefined;
  if (!isSetSupported("Mailbox", "1.11") || !item?.sessionData) return null;
  return item.sessionData;
}

/**
 * The open attempt of the compose item being written (core/open-attempt.ts), kept where a
 * reopened task pane finds it:
 * - item.sessionData (Mailbox 1.11): per compose item and per add-in, kept while the item is
 *   open, whatever happens to the pane (learn.microsoft.com/javascript/api/outlook/
 *   office.sessiondata; gone once the item is closed and opened again as a draft);
 * - localStorage under the saved item's REST id (item.getItemIdAsync, Mailbox 1.8): where
 *   sessionData is missing, and for a draft opened again later (the id stays the draft's).
 * - localStorage under the message's content (contentKey), found by it for CONTENT_MATCH_MS, in
 *   every version: sessionData goes with the closed window, and the draft Outlook saved of it
 *   comes back under a new id (office-js #5551, #6393, #5897; rev12h findings 1-2, rev12m
 *   findings 2 and 9), so only its content names it then.
 * All are written; the first that answers is read, in that order. Expired records
 * (OPEN_ATTEMPT_TTL_MS) are treated as none and removed. Every failure is recorded and treated
 * as "nothing kept". The record that the item was sent (loadSent/saveSent, SentRecord) is kept
 * the same way, under SENT_KEY: a stale draft of a sent message, opened again, starts at "sent".
 * Classic Outlook's JavaScript-only event runtime has no localStorage: for its launch events the
 * same digest, with the mailbox's name and the time, is also kept in the add-in's roaming
 * settings (`roaming`, office/roaming-records.ts: written and removed with the content record,
 * never where they are not the person's), which the Smart Alert reads there (events/index.ts).
 */
export function openAttemptStore(
  local: Local | null = runtimeLocalStorage(),
  now: () => Date = () => new Date(),
  roaming: RoamingRecords | null = null,
  /**
   * The message's content digest now (contentKey): a launch event, whose message does not
   * change while it decides, passes one it reads once for every lookup.
   */
  digestOf: () => Promise<string | null> = contentKey
): OpenAttemptStore & {
  tidyAtStart(load?: () => Promise<{ tidy?(): Promise<void> }>): Promise<void>;
} {
  const localKey = async (name: string) => {
    const id = await savedItemId().catch(() => null);
    return id ? `${name}.${id}` : null;
  };
  // One record under `name`: read, written and removed alike in both places.
  function record<T extends { at: string; mailbox: string }>(
    name: string,
    kind: ContentRecordKind,
    parseValue: (value: unknown, now: Date) => T | null
  ) {
    // The content key this page last kept the record under: removed with it, even if the
    // message was edited since.
    let keptByContent: string | null = null;
    // The id key the record found by content was kept under (the draft's id before the re-save):
    // removed with it, so it does not linger until it expires.
    let keptUnder: string | null = null;
    const contentName = (digest: string) => `${name}.content.${digest}`;
    const parse = (text: string | null | undefined) => {
      if (!text) return null;
      try {
        return parseValue(JSON.parse(text), now());
      } catch {
        return null;
      }
    };
    return {
      async load(): Promise<T | null> {
        const session = sessionData();
        if (session) {
          const text = await callAsync<string>((cb) => session.getAsync(name, cb)).catch(
            () => null // Not set: Office answers with an error.
          );
          const found = parse(text);
          if (found) return found;
        }
        const key = local && (await localKey(name));
        if (local && key) {
          const text = local.getItem(key);
          const found = parse(text);
          if (text && !found) local.removeItem(key);
          if (found) return found;
        }
        // The same message under a new id (Outlook's re-save, a draft opened again): by content.
        if (!local) return null;
        const digest = await digestOf();
        if (!digest) return null;
        const text = local.getItem(contentName(digest));
        const found = parse(text) as (T & { keptUnder?: unknown }) | null;
        if (!found || now().getTime() - Date.parse(found.at) > CONTENT_MATCH_MS) {
          if (text) local.removeItem(contentName(digest));
          return null;
        }
        keptByContent = digest;
        const under = found.keptUnder;
        delete found.keptUnder;
        keptUnder = typeof under === "string" && under.startsWith(`${name}.`) ? under : null;
        return found;
      },
      async save(value: T) {
        const text = JSON.stringify(value);
        const session = sessionData();
        if (session)
          await callAsync<void>((cb) => session.setAsync(name, text, cb)).catch((e) =>
            recordFailure("office", "sessionDataWrite", e)
          );
        const key = local && (await localKey(name));
        if (local && key) local.setItem(key, text);
        if (local || roaming) {
          const digest = await digestOf();
          const before = keptByContent;
          if (local && before && before !== digest) local.removeItem(contentName(before));
          keptByContent = digest;
          if (local && digest)
            local.setItem(contentName(digest), JSON.stringify({ ...value, keptUnder: key }));
          // The message edited since: its old digest no longer names it.
          if (roaming && before && before !== digest) await roaming.forget(kind, [before]);
          if (roaming && digest)
            await roaming.keep(kind, digest, { mailbox: value.mailbox, at: value.at });
        }
      },
      async clear() {
        const session = sessionData();
        if (session)
          await callAsync<void>((cb) => session.removeAsync(name, cb)).catch(() => undefined);
        const key = local && (await localKey(name));
        if (local && key) local.removeItem(key);
        if (local || roaming) {
          const digest = await digestOf();
          if (local) {
            for (const d of new Set([keptByContent, digest]))
              if (d) local.removeItem(contentName(d));
            if (keptUnder) local.removeItem(keptUnder);
          }
          await roaming?.forget(kind, [keptByContent, digest]);
          keptByContent = keptUnder = null;
        }
      },
    };
  }
  const attempt = record<OpenAttempt>(OPEN_ATTEMPT_KEY, "attempt", parseOpenAttempt);
  const sent = record<SentRecord>(SENT_KEY, "sent", parseSentRecord);
  const leftovers = local ? leftoverCopyStore(local, now) : undefined;
  return {
    ...(leftovers && { leftovers }),
    /**
     * The pane's start: where a leftover copy is remembered, loads the send service (`load`, the
     * pane's loadSendService) and has it remove the copy (SendService.tidy: a silent sign-in
     * only); nothing is loaded otherwise. Never rejects: a failure is recorded, and the next send
     * looks again.
     */
    async tidyAtStart(load) {
      try {
        // Copies a live send in another pane is making are its own (LeftoverCopy.making): not
        // a reason to load the send code.
        const at = now().getTime();
        const listed = (await leftovers?.list()) ?? [];
        if (load && listed.some((c) => !isMaking(c, at))) await (await load()).tidy?.();
      } catch (e) {
        recordFailure("pane", "tidyAtStart", e);
      }
    },
    load: attempt.load,
    save: attempt.save,
    clear: attempt.clear,
    loadSent: sent.load,
    saveSent: sent.save,
  };
}

/**
 * Leftover copies in localStorage under LEFTOVER_KEY: a JSON list, read and written whole within
 * one task (so two panes of the same origin do not interleave a change); expired and damaged
 * entries are dropped on every write (core/open-attempt.ts parseLeftoverCopies). Not in the
 * item's sessionData: that goes with the compose item, and the copy does not.
 */
export function leftoverCopyStore(
  local: Local,
  now: () => Date = () => new Date()
): LeftoverCopyStore {
  const read = (): LeftoverCopy[] => {
    try {
      return parseLeftoverCopies(JSON.parse(local.getItem(LEFTOVER_KEY) ?? "[]"), now());
    } catch {
      return [];
    }
  };
  const write = (list: LeftoverCopy[]) =>
    list.length
      ? local.setItem(LEFTOVER_KEY, JSON.stringify(list))
      : local.removeItem(LEFTOVER_KEY);
  const same = (a: Pick<LeftoverCopy, "root" | "internetMessageId">) => (b: LeftoverCopy) =>
    a.root.toLowerCase() === b.root.toLowerCase() && a.internetMessageId === b.internetMessageId;
  return {
    list: async () => read(),
    async add(copy) {
      write([...read().filter((c) => !same(copy)(c)), copy]);
    },
    async remove(copy) {
      write(read().filter((c) => !same(copy)(c)));
    },
    async change(copy, change) {
      const list = read();
      if (list.some(same(copy))) write(list.map((c) => (same(copy)(c) ? change(c) : c)));
    },
  };
}
