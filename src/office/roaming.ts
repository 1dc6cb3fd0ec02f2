import { recordFailure } from "../core/diagnostics";
import { Preferences, readPreferences } from "../core/search";
import { callAsync } from "./async";

const KEY = "preferences";

/**
 * Favourites and recently used mailboxes, in the user's roaming settings so they follow the user
 * to every Outlook. Roaming settings hold 32 KB in all; preferences stay far below that.
 */
export function roamingPreferences() {
  const settings = (): Office.RoamingSettings | undefined =>
    Office.context.roamingSettings ?? undefined;
  return {
    load(): Preferences {
      try {
        return readPreferences(settings()?.get(KEY));
      } catch (e) {
        recordFailure("office", "preferencesLoad", e);
        return readPreferences(undefined);
      }
    },
    async save(prefs: Preferences): Promise<void> {
      const s = settings();
      if (!s) return;
      s.set(KEY, { favourites: prefs.favourites, recent: prefs.recent });
      // The whole copy is saved: with the records other panes saved since this one started.
      // Loaded on the first save, in the records' own chunk: not the pane's first load.
      const { withDeviceRecords } = await import(
        /* webpackChunkName: "pane-records" */ "./roaming-records"
      );
      withDeviceRecords(s);
      await callAsync<void>((cb) => s.saveAsync(cb));
    },
  };
}
