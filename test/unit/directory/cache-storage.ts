// Storage doubles for the directory cache tests (issue 14 item 4, cache format 4).
import type { SmtpAddress } from "../../../src/core/address";
import { cacheChunkKey, cacheKey } from "../../../src/directory/client";
import { DirectoryStorage, webStorage } from "../../../src/directory/storage";

/**
 * localStorage as browsers keep it: keys and values count against a quota in UTF-16 code units
 * (Chromium and Firefox count characters of key + value, about 5 M per origin); a setItem that
 * would pass the quota throws a DOMException named "QuotaExceededError" and leaves the key's old
 * value in place (HTML Standard, Web Storage, setItem step "If this fails, throw a
 * QuotaExceededError"). `limit`: characters the origin may hold; `setsLeft`: after that many
 * successful setItem calls every further one throws the same error (a quota reached part-way
 * through a write, whatever its size).
 */
export function quotaStore(limit = Infinity, setsLeft = Infinity) {
  const items = new Map<string, string>();
  const used = () => {
    let n = 0;
    for (const [k, v] of items) n += k.length + v.length;
    return n;
  };
  const store = {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      const after = used() - (items.has(key) ? key.length + items.get(key)!.length : 0);
      if (setsLeft <= 0 || after + key.length + value.length > limit)
        throw new DOMException(
          `Setting the value of '${key}' exceeded the quota.`,
          "QuotaExceededError"
        );
      setsLeft--;
      items.set(key, value);
    },
    removeItem: (key: string) => void items.delete(key),
  };
  return { store, storage: webStorage(store), items, used };
}

/** A storage that records each set and remove by key, around `inner`. */
export function recording(inner: DirectoryStorage) {
  const log: string[] = [];
  const storage: DirectoryStorage = {
    get: (key) => inner.get(key),
    set: async (key, value) => {
      log.push(`set ${key}`);
      await inner.set(key, value);
    },
    remove: async (key) => {
      log.push(`remove ${key}`);
      await inner.remove(key);
    },
  };
  return { storage, log };
}

/** The chunk numbers stored for `user` under `baseUrl` (keys `<cache key>#<k>`), sorted. */
export function chunkNumbers(keys: Iterable<string>, baseUrl: string, user: SmtpAddress): number[] {
  const prefix = `${cacheKey(baseUrl, user)}#`;
  return [...keys]
    .filter((k) => k.startsWith(prefix))
    .map((k) => Number(k.slice(prefix.length)))
    .sort((a, b) => a - b);
}

/** Copies every key of a map-backed store into a plain record (what a test seeds again). */
export function snapshot(items: Map<string, string>): Record<string, string> {
  return Object.fromEntries(items);
}

export { cacheChunkKey, cacheKey };
