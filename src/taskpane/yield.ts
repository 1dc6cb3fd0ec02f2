import type { Pause } from "../core/json-slices";

/**
 * Longest stretch of work, in ms, between two yields to the page: half a 60 Hz frame, so a
 * keystroke or a scroll waits at most this long for a large shard's parsing, cache copy or
 * search index (issue 14: the Long Tasks API counts anything over 50 ms as blocking).
 */
export const SLICE_BUDGET_MS = 8;

type Scheduler = { yield?: () => Promise<void> };

/**
 * Gives the browser a turn: input, painting and other tasks run before the promise resolves.
 * scheduler.yield() where there is one (Chromium 129+, so Outlook on the web and the new Outlook's
 * WebView2): the work resumes ahead of other tasks. Elsewhere a MessageChannel message, which
 * unlike setTimeout(0) is not clamped to 4 ms once nested (HTML standard, timers).
 */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === "function") return scheduler.yield();
  if (typeof MessageChannel === "function") {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A Pause for sliced work: resolves at once while less than `budgetMs` of work has run since
 * the last yield, else yields to the page (yieldToPage). One pause may serve several jobs at
 * once (the cache read and the search index): they share the budget.
 */
export function createPause(budgetMs: number = SLICE_BUDGET_MS): Pause {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await yieldToPage();
    since = performance.now();
  };
}
