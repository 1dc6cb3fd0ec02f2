import { SmtpAddress, toSmtpAddress } from "./address";
import type { Mailbox } from "./model";

/** The user's own ordering hints, kept in roaming settings. */
export interface Preferences {
  favourites: SmtpAddress[];
  /** Most recently used first. */
  recent: SmtpAddress[];
}

export const EMPTY_PREFERENCES: Preferences = { favourites: [], recent: [] };
export const MAX_RECENT = 8;
export const MAX_FAVOURITES = 50;

/** Lower case, diacritics removed, so "zoe" finds "Zoë" and "ÉQUIPE" finds "equipe". */
function foldForSearch(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

export interface SearchIndex {
  /** Mailboxes sorted by display name, the order shown when nothing else ranks them. */
  readonly mailboxes: readonly Mailbox[];
  /** Folded "display name + space + address" per mailbox, same order. */
  readonly keys: readonly string[];
  /** Folded display name per mailbox, same order. */
  readonly names: readonly string[];
  /**
   * Every key, in the same order, joined by "\n" into one flat string: a first keystroke finds
   * its matches by jumping from one `indexOf` hit to the next instead of testing 50,000 separate
   * strings (issue 14: the first keystroke after an empty box at 50,000 mailboxes). A term never
   * holds "\n" (terms are split on white space), so no hit spans two keys.
   */
  readonly haystack: string;
  /** Where each key starts in `haystack` (UTF-16 code units); one more entry: its length + 1. */
  readonly starts: Int32Array;
}

type Entry = { m: Mailbox; name: string; key: string };

function entryOf(m: Mailbox): Entry {
  const name = foldForSearch(m.displayName);
  return { m, name, key: `${name} ${m.address}` };
}

function compareEntries(a: Entry, b: Entry): number {
  return a.name < b.name
    ? -1
    : a.name > b.name
      ? 1
      : a.m.address < b.m.address
        ? -1
        : a.m.address > b.m.address
          ? 1
          : 0;
}

// Sorting on the folded names (plain comparison) instead of localeCompare keeps a 50,000-entry
// shard fast to index, and still puts "Zoë" next to "Zoe". Sorted once at load, so a query only
// splits its matches into ranks, in this order (no sort per keystroke).

/** Mailboxes handled per step of the index's build: a few ms of work on a laptop. */
export const INDEX_SLICE = 2_000;

/**
 * A stable merge sort by compareEntries, one step (yield) per INDEX_SLICE entries: runs of
 * INDEX_SLICE sorted by Array.prototype.sort (stable, ES2019), then merged pairwise, taking the
 * left entry on a tie, so the order is exactly Array.prototype.sort's. Array.sort of 50,000
 * entries in one go was one task of 50-110 ms when the pane reopened (issue 14, bench/list.cjs).
 */
function* sortInSteps(entries: Entry[]): Generator<void, Entry[]> {
  const n = entries.length;
  let src = entries;
  for (let from = 0; from < n; from += INDEX_SLICE) {
    if (from > 0) yield;
    const run = src.slice(from, from + INDEX_SLICE).sort(compareEntries);
    for (let k = 0; k < run.length; k++) src[from + k] = run[k];
  }
  let dst: Entry[] = new Array<Entry>(n);
  for (let width = INDEX_SLICE; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi;) {
        yield;
        const stop = Math.min(hi, k + INDEX_SLICE);
        while (k < stop)
          dst[k++] =
            j >= hi || (i < mid && compareEntries(src[i], src[j]) <= 0) ? src[i++] : src[j++];
      }
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/**
 * The index's whole build as steps: fold (Unicode normalisation is the costly part), sort, join
 * the keys into one string, cut them back out. Each `yield` ends about INDEX_SLICE mailboxes of
 * work, so buildSearchIndexInSlices can give the page a turn there; buildSearchIndex runs the
 * same steps straight through, so both give the same index.
 */
function* buildSteps(mailboxes: readonly Mailbox[]): Generator<void, SearchIndex> {
  const n = mailboxes.length;
  const folded: Entry[] = new Array<Entry>(n);
  for (let from = 0; from < n; from += INDEX_SLICE) {
    if (from > 0) yield;
    const to = Math.min(n, from + INDEX_SLICE);
    for (let i = from; i < to; i++) folded[i] = entryOf(mailboxes[i]);
  }
  if (n > INDEX_SLICE) yield;
  const entries = yield* sortInSteps(folded);
  const starts = new Int32Array(n + 1);
  const pieces: string[] = [];
  let at = 0;
  for (let from = 0; from < n; from += INDEX_SLICE) {
    yield;
    const to = Math.min(n, from + INDEX_SLICE);
    const slice: string[] = [];
    for (let i = from; i < to; i++) {
      starts[i] = at;
      at += entries[i].key.length + 1;
      slice.push(entries[i].key);
    }
    pieces.push(slice.join("\n"));
  }
  starts[n] = at;
  yield;
  const haystack = pieces.join("\n");
  const result = {
    mailboxes: new Array<Mailbox>(n),
    names: new Array<string>(n),
    keys: new Array<string>(n),
  };
  for (let from = 0; from < n; from += INDEX_SLICE) {
    yield;
    const to = Math.min(n, from + INDEX_SLICE);
    for (let i = from; i < to; i++) {
      result.mailboxes[i] = entries[i].m;
      result.names[i] = entries[i].name;
      // Cut from the one joined string: the keys built by concatenation are ropes that the first
      // `includes` on each would flatten, 50,000 copies on the first keystroke.
      result.keys[i] = haystack.slice(starts[i], starts[i + 1] - 1);
    }
  }
  return { ...result, haystack, starts };
}

/** The search index of `mailboxes`, built in one go (a few hundred mailboxes; tests). */
export function buildSearchIndex(mailboxes: readonly Mailbox[]): SearchIndex {
  const steps = buildSteps(mailboxes);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same index as buildSearchIndex, built a slice at a time with `pause()` awaited between
 * slices (about INDEX_SLICE mailboxes of folding, sorting, joining or cutting each), so that the
 * page stays responsive while 50,000 mailboxes are indexed (issue 14: reopening at 50,000
 * blocked the page for over 100 ms with the sort in one step). Resolves to null once
 * `cancelled()` is true (a newer shard arrived).
 */
export async function buildSearchIndexInSlices(
  mailboxes: readonly Mailbox[],
  pause: () => Promise<void>,
  cancelled: () => boolean = () => false
): Promise<SearchIndex | null> {
  const steps = buildSteps(mailboxes);
  for (;;) {
    const step = steps.next();
    if (step.done) return cancelled() ? null : step.value;
    await pause();
    if (cancelled()) return null;
  }
}

function terms(query: string): string[] {
  return foldForSearch(query).split(/\s+/).filter(Boolean);
}

function matchesAll(key: string, queryTerms: readonly string[]): boolean {
  for (const term of queryTerms) if (!key.includes(term)) return false;
  return true;
}

/**
 * Positions of every key holding `term`, in index order, found by jumping through the joined
 * keys with `indexOf`: the work follows the hits, not the 50,000 keys. The other terms are then
 * checked on the hits only.
 */
function scanPositions(index: SearchIndex, queryTerms: readonly string[]): number[] {
  // The longest term is the rarest, so the jumps are longest.
  let term = queryTerms[0];
  for (const t of queryTerms) if (t.length > term.length) term = t;
  const { haystack, starts, keys } = index;
  const checkOthers = queryTerms.length > 1;
  const out: number[] = [];
  let i = 0;
  let from = 0;
  for (;;) {
    const hit = haystack.indexOf(term, from);
    if (hit < 0) break;
    while (starts[i + 1] <= hit) i++;
    if (!checkOthers || matchesAll(keys[i], queryTerms)) out.push(i);
    // On to the next key: one hit per key is enough.
    from = starts[i + 1];
  }
  return out;
}

/**
 * Positions (into index.mailboxes) of the mailboxes whose name or address contains every term of
 * the query, in index order. `within` narrows an earlier result, which is what typing one more
 * letter does. No terms: every position.
 */
export function filterPositions(
  index: SearchIndex,
  query: string,
  within?: readonly number[]
): number[] {
  const queryTerms = terms(query);
  // A long earlier result is narrowed faster by jumping through the joined keys again than by
  // testing each of its keys (measured at 50,000 mailboxes, bench/search.cjs); both give the same.
  if (within && (queryTerms.length === 0 || within.length * 4 < index.mailboxes.length)) {
    const out: number[] = [];
    for (const i of within) if (matchesAll(index.keys[i], queryTerms)) out.push(i);
    return out;
  }
  if (queryTerms.length === 0) return Array.from(index.mailboxes, (_, i) => i);
  return scanPositions(index, queryTerms);
}

/**
 * Orders matches for display: favourites, then recently used (most recent first), then the rest;
 * among the rest, names or addresses that start with the query's first term come before the ones
 * that only contain it. Within each rank the index's order holds, so this is a stable split of the
 * matches into ranks, one pass, no comparison sort. `positions` null: every mailbox (the empty
 * query), which without favourites or recent ones is the index's own order, handed out as it is
 * (no copy of 50,000 entries on every change back to empty).
 */
function rankPositions(
  index: SearchIndex,
  positions: readonly number[] | null,
  prefs: Preferences,
  query: string
): readonly Mailbox[] {
  if (!positions && prefs.favourites.length === 0 && prefs.recent.length === 0)
    return index.mailboxes;
  const { mailboxes, haystack, starts, names } = index;
  const favourites = new Set<string>(prefs.favourites);
  const recent = new Map(prefs.recent.map((a, i) => [a as string, i]));
  const first = terms(query)[0];
  const n = positions ? positions.length : mailboxes.length;
  const byPreference = favourites.size > 0 || recent.size > 0;
  // One pass tags each match with its rank (0 favourite, 1 recent, 2 prefix, 3 the rest); a
  // second writes them out rank by rank into one array of the exact size.
  const rank = new Uint8Array(n);
  const counts = [0, 0, 0, 0];
  const rec: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = positions ? positions[k] : k;
    const address = byPreference ? mailboxes[i].address : "";
    let r = 3;
    if (byPreference && favourites.has(address)) r = 0;
    else if (byPreference && recent.has(address)) {
      r = 1;
      rec.push(i);
    } else if (
      first &&
      // The name starts the key and the address follows it after one space.
      (haystack.startsWith(first, starts[i]) ||
        haystack.startsWith(first, starts[i] + names[i].length + 1))
    )
      r = 2;
    rank[k] = r;
    counts[r]++;
  }
  const out: Mailbox[] = new Array(n);
  const next = [0, counts[0], counts[0] + counts[1], counts[0] + counts[1] + counts[2]];
  // At most MAX_RECENT of them.
  rec.sort((a, b) => recent.get(mailboxes[a].address)! - recent.get(mailboxes[b].address)!);
  for (const i of rec) out[next[1]++] = mailboxes[i];
  for (let k = 0; k < n; k++) {
    const r = rank[k];
    if (r !== 1) out[next[r]++] = mailboxes[positions ? positions[k] : k];
  }
  return out;
}

/** How many recent queries a searcher remembers (their matches and ranked lists). */
export const REMEMBERED_QUERIES = 16;

/**
 * A stateful searcher for one index: each keystroke that extends the last query only re-checks
 * the previous matches, and the last REMEMBERED_QUERIES queries' answers are kept, so Backspace
 * (and typing the same letters again) answers from memory instead of scanning every mailbox
 * (issue 14: the worst keystroke at 50,000 mailboxes, bench/list.cjs). Ranked lists are kept per
 * `prefs` object: new preferences rank afresh. Returns the same array for the same query and
 * preferences, so React can skip the list.
 */
export function createSearcher(
  index: SearchIndex
): (query: string, prefs: Preferences) => readonly Mailbox[] {
  let lastQuery: string | null = null;
  // null: every mailbox (the last query had no terms).
  let lastPositions: number[] | null = null;
  // Folded query -> its matches and, for `rankedFor`, its ranked list; oldest first (Map order).
  const remembered = new Map<string, { positions: number[] | null; ranked?: readonly Mailbox[] }>();
  let rankedFor: Preferences | null = null;
  return (query, prefs) => {
    const folded = foldForSearch(query).trim();
    if (prefs !== rankedFor) {
      for (const entry of remembered.values()) entry.ranked = undefined;
      rankedFor = prefs;
    }
    let entry = remembered.get(folded);
    if (entry) {
      // Most recently used last, so the oldest goes first.
      remembered.delete(folded);
    } else if (terms(folded).length === 0) {
      entry = { positions: null };
    } else {
      // Each term of an extended query contains the matching term of the shorter one, so its
      // matches are a subset of the previous matches.
      const narrows = lastQuery !== null && folded.startsWith(lastQuery) && lastPositions;
      entry = { positions: filterPositions(index, folded, narrows ? lastPositions! : undefined) };
    }
    remembered.set(folded, entry);
    if (remembered.size > REMEMBERED_QUERIES) remembered.delete(remembered.keys().next().value!);
    lastQuery = folded;
    lastPositions = entry.positions;
    entry.ranked ??= rankPositions(index, entry.positions, prefs, folded);
    return entry.ranked;
  };
}

/** Adds an address to the front of the recently used list. */
export function noteRecent(prefs: Preferences, a: SmtpAddress): Preferences {
  return { ...prefs, recent: [a, ...prefs.recent.filter((r) => r !== a)].slice(0, MAX_RECENT) };
}

export function toggleFavourite(prefs: Preferences, a: SmtpAddress): Preferences {
  const favourites = prefs.favourites.includes(a)
    ? prefs.favourites.filter((f) => f !== a)
    : [...prefs.favourites, a].slice(-MAX_FAVOURITES);
  return { ...prefs, favourites };
}

/** Reads preferences from untrusted storage: anything malformed is dropped, never thrown. */
export function readPreferences(value: unknown): Preferences {
  const list = (v: unknown, max: number) =>
    Array.isArray(v)
      ? v
          .filter((x): x is string => typeof x === "string" && x.length <= 320)
          .map(toSmtpAddress)
          .slice(0, max)
      : [];
  if (typeof value !== "object" || value === null) return EMPTY_PREFERENCES;
  const record = value as Record<string, unknown>;
  return {
    favourites: list(record.favourites, MAX_FAVOURITES),
    recent: list(record.recent, MAX_RECENT),
  };
}
