import { recordFailure } from "../core/diagnostics";
import type { Delegate } from "../core/identity";
import { callAsync } from "./async";
import { runtimeLocalStorage } from "./runtime-storage";

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

/**
 * The localStorage name (followed by the roaming settings' owner, userProfile's address in lower
 * case) of this device's list of the records every pane of that mailbox kept and forgot
 * (`Mirror`): the current list, where a pane's own copy of the roaming settings is not.
 */
export const RECORDS_MIRROR_KEY = "sendFrom.byContent.mirror";

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

/**
 * The device's list (localStorage, RECORDS_MIRROR_KEY): the records kept, and those forgotten
 * (`gone`: kind, digest and when) so that a pane's older copy of the roaming settings does not
 * bring them back. Both expire as the records do.
 */
interface Mirror {
  records: Stored[];
  gone: Pick<Stored, "k" | "d" | "at">[];
}

type Local = Pick<Storage, "getItem" | "setItem">;

/** The roaming settings' owner: userProfile's mailbox, whose store they are. */
function profileAddress(): string | null {
  try {
    return Office.context.mailbox?.userProfile?.emailAddress?.toLowerCase() || null;
  } catch {
    return null;
  }
}

const isStored = (r: unknown): r is Stored => {
  const x = r as Partial<Stored> | null;
  return (
    !!x &&
    (x.k === "s" || x.k === "a") &&
    typeof x.d === "string" &&
    /^[0-9a-f]{64}$/.test(x.d) &&
    typeof x.m === "string" &&
    typeof x.at === "string"
  );
};

function readMirror(local: Local | null, owner: string | null): Mirror {
  const empty: Mirror = { records: [], gone: [] };
  if (!local || !owner) return empty;
  try {
    const raw = JSON.parse(local.getItem(`${RECORDS_MIRROR_KEY}.${owner}`) ?? "null") as {
      records?: unknown;
      gone?: unknown;
    } | null;
    if (!raw || typeof raw !== "object") return empty;
    const list = (v: unknown) => (Array.isArray(v) ? (v as unknown[]) : []);
    return {
      records: list(raw.records).filter(isStored),
      gone: list(raw.gone).filter(
        (g): g is Mirror["gone"][number] =>
          isStored({ ...(g as object), m: "" }) && !Number.isNaN(Date.parse((g as Stored).at))
      ),
    };
  } catch (e) {
    recordFailure("office", "roamingRecordsRead", e);
    return empty;
  }
}

/**
 * The records of the runtime's copy and of the device's list together, newest first, one per
 * kind and digest (the latest), without those the list says were forgotten since.
 */
function merge(copy: Stored[], mirror: Mirror): Stored[] {
  const forgotten = (r: Stored) =>
    mirror.gone.some((g) => g.k === r.k && g.d === r.d && Date.parse(g.at) >= Date.parse(r.at));
  const latest = new Map<string, Stored>();
  for (const r of [...mirror.records, ...copy]) {
    if (forgotten(r)) continue;
    const key = r.k + r.d;
    const before = latest.get(key);
    if (!before || Date.parse(r.at) > Date.parse(before.at)) latest.set(key, r);
  }
  return [...latest.values()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/**
 * Before any saveAsync of the roaming settings (the preferences, the directory digest): puts the
 * records of the device's list into this runtime's copy, so that its save, which writes the
 * whole copy, does not drop a record another pane saved after this runtime started (see
 * roamingRecords). Nothing where the runtime has no localStorage or the copy holds no records
 * and the list none either.
 */
export function withDeviceRecords(
  settings: Pick<Office.RoamingSettings, "get" | "set" | "remove">,
  local: Local | null = runtimeLocalStorage(),
  owner: string | null = profileAddress()
): void {
  try {
    const mirror = readMirror(local, owner);
    if (!mirror.records.length && !mirror.gone.length) return;
    const raw = settings.get(ROAMING_RECORDS_KEY) as unknown;
    const copy = Array.isArray(raw) ? raw.filter(isStored) : [];
    const merged = merge(copy, mirror).slice(0, MAX_ROAMING_RECORDS);
    if (JSON.stringify(merged) === JSON.stringify(copy)) return;
    if (merged.length) settings.set(ROAMING_RECORDS_KEY, merged);
    else settings.remove(ROAMING_RECORDS_KEY);
  } catch (e) {
    recordFailure("office", "roamingRecordsSave", e);
  }
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
 * that one). And saveAsync saves a runtime's whole copy (Office.RoamingSettings: the settings
 * are loaded when the add-in starts and set and get work on that in-memory copy), so a second
 * compose window's pane, started before this one saved, would drop this record with its own
 * save: Office.js offers no way to read them again. So every pane also keeps the list in
 * localStorage, which same-origin add-in instances share ("Persist data across add-in instances
 * with ... localStorage", learn.microsoft.com/office/dev/add-ins/develop/persisting-add-in-state-
 * and-settings), under the roaming settings' owner (RECORDS_MIRROR_KEY), with the records it
 * forgot; every write (and every other save of the roaming settings in a runtime with
 * localStorage: `withDeviceRecords`) saves the records of both, so the last saver keeps the
 * others'. Left: classic Outlook's JavaScript-only runtime has no localStorage, so its save of
 * the directory digest may still drop a record saved after it started (docs/architecture.md).
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
    Office.context.roamingSettings ?? undefined,
  local: Local | null = runtimeLocalStorage(),
  owner: () => string | null = profileAddress
) {
  const code = (kind: ContentRecordKind): Stored["k"] => (kind === "sent" ? "s" : "a");
  const fresh = (r: Stored) => {
    const at = Date.parse(r.at);
    const t = now().getTime();
    return !Number.isNaN(at) && t - at <= matchMs && at <= t + 60_000;
  };
  /** The runtime's copy alone: what this runtime would save. */
  const copy = (): Stored[] => {
    try {
      const list = settings()?.get(ROAMING_RECORDS_KEY) as unknown;
      return Array.isArray(list) ? list.filter(isStored) : [];
    } catch (e) {
      recordFailure("office", "roamingRecordsRead", e);
      return [];
    }
  };
  const mirror = () => {
    const m = readMirror(local, owner());
    return {
      records: m.records.filter(fresh),
      gone: m.gone.filter((g) => fresh({ ...g, m: "" })),
    };
  };
  const saveMirror = (m: Mirror) => {
    const who = owner();
    if (!local || !who) return;
    try {
      local.setItem(`${RECORDS_MIRROR_KEY}.${who}`, JSON.stringify(m));
    } catch (e) {
      recordFailure("office", "roamingRecordsSave", e);
    }
  };
  /** The runtime's copy and this device's list together, unexpired. */
  const read = (m: Mirror = mirror()): Stored[] => merge(copy(), m).filter(fresh);
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
      const m = mirror();
      const other = (r: Stored) => !(r.k === entry.k && r.d === digest);
      // Kept again (the message edited back, sent again): no longer forgotten.
      const next = {
        records: [entry, ...m.records.filter(other)].slice(0, MAX_ROAMING_RECORDS),
        gone: m.gone.filter((g) => !(g.k === entry.k && g.d === digest)),
      };
      saveMirror(next);
      await write([entry, ...read(next).filter(other)]);
    },
    /** Removes the records of `kind` for these digests; saves only when one was there. */
    async forget(kind: ContentRecordKind, digests: (string | null)[]): Promise<void> {
      if (!writable()) return;
      const k = code(kind);
      const named = digests.filter((d): d is string => !!d);
      const m = mirror();
      const hit = (r: Pick<Stored, "k" | "d">) => r.k === k && named.includes(r.d);
      const list = read(m);
      const at = now().toISOString();
      // Remembered as forgotten, so a pane's older copy does not save it back.
      const next: Mirror = {
        records: m.records.filter((r) => !hit(r)),
        gone: [...named.map((d) => ({ k, d, at })), ...m.gone.filter((g) => !hit(g))].slice(
          0,
          MAX_ROAMING_RECORDS
        ),
      };
      if (list.some(hit) || m.records.some(hit)) saveMirror(next);
      const kept = list.filter((r) => !hit(r));
      // Expired ones go too, so the list does not wait for the next keep to shrink.
      const raw: unknown = settings()?.get(ROAMING_RECORDS_KEY);
      if (JSON.stringify(kept) !== JSON.stringify(Array.isArray(raw) ? raw : [])) await write(kept);
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
