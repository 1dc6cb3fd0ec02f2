import { recordFailure } from "../core/diagnostics";
import type { Delegate } from "../core/identity";
import { callAsync } from "./async";

/**
 * The roaming settings' name of the content-keyed records (roamingRecords): one list for every
 * compose item, since the stale draft that must find it is another item.
 */
export const ROAMING_RECORDS_KEY = "sendFrom.byContent";

/**
 * At most this many records are kept (newest first). Each is a 64-character digest, a kind, a
 * time and a display name cut to MAX_MAILBOX_CHARS: about 250 bytes, so the list stays under
 * 5 KB of the 32 KB that roaming settings hold in all for the add-in (learn.microsoft.com/
 * javascript/api/outlook/office.roamingsettings), next to the preferences and the directory
 * digest. A person rarely has more than a handful of sends within CONTENT_MATCH_MS whose window
 * could not be closed or whose answer was lost.
 */
export const MAX_ROAMING_RECORDS = 16;

/**
 * How long (ms) a write waits for roamingSettings.saveAsync before it returns: the pane writes a
 * record before its send leaves (graph/send.ts), and saveAsync is a request to the mailbox that
 * an offline classic Outlook may hold; the save goes on after the wait, and its failure is
 * recorded.
 */
export const ROAMING_SAVE_WAIT_MS = 2_000;

/** The mailbox's display name is cut to this many characters (the Smart Alert names it). */
const MAX_MAILBOX_CHARS = 128;

/** "sent": a SentRecord (core/open-attempt.ts); "attempt": an OpenAttempt (may have been sent). */
export type ContentRecordKind = "sent" | "attempt";

/** One kept record as it is stored: nothing of the message but its digest. */
interface Stored {
  /** "s" sent, "a" open attempt. */
  k: "s" | "a";
  /** contentKey(): SHA-256 hex of subject, recipients and text body. */
  d: string;
  /** The display name of the mailbox it was (or may have been) sent from. */
  m: string;
  /** When it was sent or the send failed (ISO-8601). */
  at: string;
}

/** What a content-keyed record tells the Smart Alert. */
export interface ContentRecord {
  mailbox: string;
  at: string;
}

/**
 * Records that a message was sent (or may have been) by the pane, kept by its content digest
 * (office/open-attempt-store.ts contentKey) where BOTH of Outlook's runtimes read them:
 * - The add-in's roaming settings (Office.context.roamingSettings, Mailbox 1.1): per user and
 *   add-in, stored in the mailbox, offered to the task pane and to event-based activation alike
 *   (OfficeDev/Office-Add-in-samples outlook-set-signature reads them in its launch event,
 *   src/runtime/Js/autorunshared.js, and sets them in its task pane). Classic Outlook on Windows runs the launch events in a
 *   JavaScript-only runtime that "doesn't support local storage or cookies" (learn.microsoft.com/
 *   office/dev/add-ins/testing/runtimes), so localStorage, where the pane also keeps them, is
 *   not read there; without this a stale draft of a sent message, opened again under a new id
 *   with no sessionData, would pass the Smart Alert and deliver a second copy (rev12m).
 * - Not OfficeRuntime.storage: Microsoft documents it in Outlook for event-based activation in
 *   classic Outlook on Windows only ("not supported in Outlook on Mac or on the web",
 *   @types/office-runtime), and nowhere as shared with the task pane.
 * - Not item custom properties: they are saved with the item, and what is documented is the
 *   item in Sent Items (office.customproperties); nothing says Outlook's re-save after a Graph
 *   send, a new draft (office-js #5551, #6393), or a draft kept from a closed window carries them.
 * What Outlook does with roaming settings bounds what this can promise: each runtime reads them
 * as they were saved when it started (classic Outlook loads them when the item opens, office-js
 * #440; an OnMessageSend handler read an older value than the pane had set, office-js #6728), so
 * they serve the draft opened again later, not the window the pane sent from (sessionData serves
 * that one); and saveAsync saves a runtime's whole copy, so a runtime started before the pane
 * saved, saving later, may drop a record (a residual risk, docs/architecture.md).
 *
 * Kept only the digest, the mailbox's display name and a time; expired after `matchMs`
 * (CONTENT_MATCH_MS), at most MAX_ROAMING_RECORDS. `writable()` false: nothing is written or
 * removed (roaming settings are userProfile's mailbox's, which in "Open another mailbox" or with
 * a shared mailbox added as an account, office-js #5682, is not the person's: personOwnsRoaming).
 * Every failure is recorded and treated as "nothing kept"; nothing here rejects.
 */
export function roamingRecords(
  writable: () => boolean,
  matchMs: number,
  now: () => Date = () => new Date(),
  settings: () => Office.RoamingSettings | undefined = () =>
    Office.context.roamingSettings ?? undefined
) {
  const code = (kind: ContentRecordKind) => (kind === "sent" ? "s" : "a");
  const fresh = (r: Stored) => {
    const at = Date.parse(r.at);
    const t = now().getTime();
    return !Number.isNaN(at) && t - at <= matchMs && at <= t + 60_000;
  };
  const read = (): Stored[] => {
    try {
      const list = settings()?.get(ROAMING_RECORDS_KEY) as unknown;
      if (!Array.isArray(list)) return [];
      return (list as Partial<Stored>[]).filter(
        (r): r is Stored =>
          !!r &&
          (r.k === "s" || r.k === "a") &&
          typeof r.d === "string" &&
          /^[0-9a-f]{64}$/.test(r.d) &&
          typeof r.m === "string" &&
          typeof r.at === "string" &&
          fresh(r as Stored)
      );
    } catch (e) {
      recordFailure("office", "roamingRecordsRead", e);
      return [];
    }
  };
  const write = async (list: Stored[]) => {
    const s = settings();
    if (!s || !writable()) return;
    try {
      if (list.length) s.set(ROAMING_RECORDS_KEY, list.slice(0, MAX_ROAMING_RECORDS));
      else s.remove(ROAMING_RECORDS_KEY);
    } catch (e) {
      recordFailure("office", "roamingRecordsSave", e);
      return;
    }
    const saved = callAsync<void>((cb) => s.saveAsync(cb)).catch((e) =>
      recordFailure("office", "roamingRecordsSave", e)
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      saved,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, ROAMING_SAVE_WAIT_MS))),
    ]);
    clearTimeout(timer);
  };
  return {
    /** The record of `kind` kept for `digest`, or null (none, expired, or unreadable). */
    find(kind: ContentRecordKind, digest: string | null): ContentRecord | null {
      if (!digest) return null;
      const found = read().find((r) => r.k === code(kind) && r.d === digest);
      return found ? { mailbox: found.m, at: found.at } : null;
    },
    /** Keeps `record` for `digest` (replacing one of the same kind), newest first. */
    async keep(kind: ContentRecordKind, digest: string, record: ContentRecord): Promise<void> {
      if (!writable()) return;
      const entry: Stored = {
        k: code(kind),
        d: digest,
        m: record.mailbox.slice(0, MAX_MAILBOX_CHARS),
        at: record.at,
      };
      if (!fresh(entry)) return;
      await write([entry, ...read().filter((r) => !(r.k === entry.k && r.d === digest))]);
    },
    /** Removes the records of `kind` for these digests; saves only when one was there. */
    async forget(kind: ContentRecordKind, digests: (string | null)[]): Promise<void> {
      if (!writable()) return;
      const list = read();
      const kept = list.filter((r) => !(r.k === code(kind) && digests.includes(r.d)));
      // Expired ones go too, so the list does not wait for the next keep to shrink.
      const raw = settings()?.get(ROAMING_RECORDS_KEY);
      if (kept.length !== list.length || (Array.isArray(raw) && raw.length !== list.length))
        await write(kept);
    },
  };
}

export type RoamingRecords = ReturnType<typeof roamingRecords>;

/**
 * Whether the add-in's roaming settings are the person's own to write: not where userProfile's
 * mailbox is one they opened ("Open another mailbox", office-js #3837), may not be theirs (a
 * shared mailbox added as an account, office-js #5682, whose reporter notes such data is "shared
 * with other users"), or nobody named is known to be theirs (rev12e #6). The same rule as the
 * event handlers' directory digest (events/index.ts).
 */
export function personOwnsRoaming(delegate: Delegate): boolean {
  return !delegate.openedMailbox && !delegate.uncertain && !delegate.personUnknown;
}
