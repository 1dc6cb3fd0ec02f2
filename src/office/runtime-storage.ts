/**
 * OfficeRuntime.storage (10 MB per origin): available to event handlers in classic Outlook on
 * Windows, whose JavaScript-only runtime has no localStorage. Null elsewhere.
 */
export function officeRuntimeStorage(): Pick<
  OfficeRuntime.Storage,
  "getItem" | "setItem" | "removeItem"
> | null {
  const runtime = (globalThis as { OfficeRuntime?: { storage?: OfficeRuntime.Storage } })
    .OfficeRuntime;
  return runtime?.storage ?? null;
}

/**
 * The runtime's localStorage, or null where it has none or refuses it (classic Outlook's
 * JavaScript-only event runtime; storage blocked by the browser's settings).
 */
export function runtimeLocalStorage(): Storage | null {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? null;
  } catch {
    return null;
  }
}
