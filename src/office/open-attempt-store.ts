import { recordFailure } from "../core/diagnostics";
import {
  LeftoverCopy,
  LeftoverCopyStore,
  OpenAttempt,
  OpenAttemptStore,
  parseLeftoverCopies,
  parseOpenAttempt,
  parseSentRecord,
  SentRecord,
} from "../core/open-attempt";
import { callAsync } from "./async";
import { savedItemId } from "./compose";
import { isSetSupported } from "./mailbox";

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
 * The runtime's localStorage, or null where it has none or refuses it (classic Outlook's
 * JavaScript-only event runtime; storage blocked by the browser's settings).
 */
function runtimeLocalStorage(): Local | null {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? null;
  } catch {
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
 * Both are written; the first that answers is read. Expired records (OPEN_ATTEMPT_TTL_MS) are
 * treated as none and removed. Every failure is recorded and treated as "nothing kept".
 * The record that the item was sent (loadSent/saveSent, SentRecord) is kept the same way, under
 * SENT_KEY.
 */
export function openAttemptStore(
  local: Local | null = runtimeLocalStorage(),
  now: () => Date = () => new Date()
): OpenAttemptStore & {
  tidyAtStart(load?: () => Promise<{ tidy?(): Promise<void> }>): Promise<void>;
} {
  const localKey = async (name: string) => {
    const id = await savedItemId().catch(() => null);
    return id ? `${name}.${id}` : null;
  };
  // One record under `name`: read, written and removed alike in both places.
  function record<T>(name: string, parseValue: (value: unknown, now: Date) => T | null) {
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
        if (!local || !key) return null;
        const text = local.getItem(key);
        const found = parse(text);
        if (text && !found) local.removeItem(key);
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
      },
      async clear() {
        const session = sessionData();
        if (session)
          await callAsync<void>((cb) => session.removeAsync(name, cb)).catch(() => undefined);
        const key = local && (await localKey(name));
        if (local && key) local.removeItem(key);
      },
    };
  }
  const attempt = record<OpenAttempt>(OPEN_ATTEMPT_KEY, parseOpenAttempt);
  const sent = record<SentRecord>(SENT_KEY, parseSentRecord);
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
        if (load && (await leftovers?.list())?.length) await (await load()).tidy?.();
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
  };
}
