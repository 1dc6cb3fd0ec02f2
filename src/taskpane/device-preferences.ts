import { recordFailure } from "../core/diagnostics";
import { Preferences, readPreferences } from "../core/search";

/**
 * Favourites and recently used mailboxes on this device only (localStorage, under
 * `sendFrom.preferences.<person's address>`), for where roaming settings are not the person's:
 * they belong to userProfile's mailbox, which in "Open another mailbox" or a shared mailbox added
 * to new Outlook as an account (office-js #5682: data there is "shared with other users") is a
 * mailbox co-delegates open too (rev12e #6). Best effort: no storage, nothing kept.
 */
export function devicePreferences(person: string) {
  const key = `sendFrom.preferences.${person.toLowerCase()}`;
  const storage = (): Storage | null => {
    try {
      return window.localStorage ?? null;
    } catch (e) {
      recordFailure("pane", "localStorageUnavailable", e);
      return null;
    }
  };
  return {
    load(): Preferences {
      try {
        const raw = storage()?.getItem(key);
        return readPreferences(raw ? JSON.parse(raw) : undefined);
      } catch (e) {
        recordFailure("pane", "preferencesLoad", e);
        return readPreferences(undefined);
      }
    },
    async save(prefs: Preferences): Promise<void> {
      storage()?.setItem(
        key,
        JSON.stringify({ favourites: prefs.favourites, recent: prefs.recent })
      );
    },
  };
}
