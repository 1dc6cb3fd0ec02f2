/**
 * Where the last good shard is kept. Async so that the event runtime can back it with
 * OfficeRuntime.storage; the task pane uses localStorage. Implementations may throw (quota,
 * private mode): callers treat storage as best effort.
 */
export interface DirectoryStorage {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
}

export function memoryStorage(initial: Record<string, string> = {}): DirectoryStorage {
  const items = new Map(Object.entries(initial));
  return {
    get: async (key) => items.get(key) ?? null,
    set: async (key, value) => void items.set(key, value),
    remove: async (key) => void items.delete(key),
  };
}

/** Web Storage (localStorage) behind the async interface. */
export function webStorage(
  store: Pick<Storage, "getItem" | "setItem" | "removeItem">
): DirectoryStorage {
  return {
    get: async (key) => store.getItem(key),
    set: async (key, value) => store.setItem(key, value),
    remove: async (key) => store.removeItem(key),
  };
}
