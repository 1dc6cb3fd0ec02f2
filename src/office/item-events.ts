import { recordFailure } from "../core/diagnostics";
import type { Notification } from "../core/events";
import { callAsync } from "./async";
import { withDeviceRecords } from "./roaming-records";

/** The icon informational notifications must name (a bt:Image id in the manifest). */
const NOTIFICATION_ICON = "Icon.16x16";

function item(): Office.MessageCompose {
  return Office.context.mailbox.item as Office.MessageCompose;
}

/**
 * Shows exactly these notifications of ours: adds or replaces each, and removes our other keys,
 * so a From change never leaves a stale message behind. Outlook's own and other add-ins' stay.
 */
export async function showNotifications(
  wanted: Notification[],
  ours: readonly string[]
): Promise<void> {
  const messages = item().notificationMessages;
  const keep = new Set(wanted.map((n) => n.key));
  for (const key of ours) {
    if (!keep.has(key))
      await callAsync<void>((cb) => messages.removeAsync(key, cb)).catch((e) =>
        recordFailure("office", "notificationRemove", e)
      );
  }
  for (const n of wanted) {
    const details: Office.NotificationMessageDetails =
      n.type === "errorMessage"
        ? { type: Office.MailboxEnums.ItemNotificationMessageType.ErrorMessage, message: n.message }
        : {
            type: Office.MailboxEnums.ItemNotificationMessageType.InformationalMessage,
            message: n.message,
            icon: NOTIFICATION_ICON,
            persistent: false,
          };
    await callAsync<void>((cb) => messages.replaceAsync(n.key, details, cb));
  }
}

const DIGEST_KEY = "directoryDigest";

export function readRoamingDigest(): unknown {
  try {
    return Office.context.roamingSettings?.get(DIGEST_KEY);
  } catch (e) {
    recordFailure("office", "digestRead", e);
    return undefined;
  }
}

/** Saves the digest next to the pane's preferences; best effort (the 32 KB limit is shared). */
export async function writeRoamingDigest(digest: unknown): Promise<void> {
  const settings = Office.context.roamingSettings;
  if (!settings) return;
  settings.set(DIGEST_KEY, digest);
  // The whole copy is saved: with the records the panes saved since this runtime started, where
  // it has localStorage (not classic Outlook's JavaScript-only runtime: roaming-records.ts).
  withDeviceRecords(settings);
  await callAsync<void>((cb) => settings.saveAsync(cb)).catch((e) =>
    recordFailure("office", "digestSave", e)
  );
}

/**
 * Binds a manifest FunctionName to its handler (Office.actions.associate). Outlook passes launch
 * events as Office.MailboxEvent (Mailbox 1.10: event-based activation and Smart Alerts), Office's
 * own type for them; Office.AddinCommands.Event is the function-command button's and carries a
 * `source` launch events do not have.
 */
export function associate(name: string, handler: (event: Office.MailboxEvent) => void): void {
  Office.actions.associate(name, handler);
}
