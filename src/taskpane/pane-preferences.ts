import type { Delegate } from "../core/identity";
import type { Preferences } from "../core/search";

/** Favourites and recently used mailboxes: one store (PaneHost.preferences). */
export interface PreferenceStore {
  load(): Preferences;
  save(prefs: Preferences): Promise<void>;
}

/**
 * The person's favourites where they are now known to be (PaneHost.preferences), decided at every
 * load and save from the delegate as now known (taskpane/person.ts panePerson), not once at start:
 * - `device` (this device only) while userProfile is a mailbox the person opened
 *   (Delegate.openedMailbox: "Open another mailbox", or a shared mailbox added to new Outlook as
 *   an account, office-js #5682) or may not be theirs (Delegate.uncertain): roaming settings
 *   are userProfile's mailbox's, which co-delegates open too (rev12e #6);
 * - `roaming` (the person's roaming settings) once the directory shows userProfile is their own
 *   mailbox: a person whose UPN is not their mail address starts `uncertain` and would otherwise
 *   lose the favourites that follow them to every Outlook (rev12f #4).
 * The pane loads again when the person changes (usePane.ts).
 */
export function panePreferences(
  delegate: () => Delegate,
  device: PreferenceStore,
  roaming: PreferenceStore
): PreferenceStore {
  const store = () => {
    const d = delegate();
    return d.openedMailbox || d.uncertain ? device : roaming;
  };
  return {
    load: () => store().load(),
    save: (prefs) => store().save(prefs),
  };
}
