import { recordFailure } from "../core/diagnostics";
import { DirectoryStorage, memoryStorage, webStorage } from "../directory/storage";
import { officeRuntimeStorage } from "../office/runtime-storage";

/**
 * The best cache each Outlook runtime offers the handlers: OfficeRuntime.storage in classic
 * Outlook on Windows, else localStorage (browser runtimes: shared with the task pane on the same
 * origin, so the pane's last good copy serves the handlers too), else memory.
 */
export function handlerStorage(): DirectoryStorage {
  const runtime = officeRuntimeStorage();
  if (runtime) {
    return {
      get: (key) => runtime.getItem(key),
      set: (key, value) => runtime.setItem(key, value),
      remove: (key) => runtime.removeItem(key),
    };
  }
  try {
    const local = (globalThis as { localStorage?: Storage }).localStorage;
    if (local) return webStorage(local);
  } catch (e) {
    // private mode: fall through
    recordFailure("events", "localStorageUnavailable", e);
  }
  return memoryStorage();
}
