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
  readonly names: readonly string[];
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

function indexFrom(entries: Entry[]): SearchIndex {
  // Sorting on the folded names (plain comparison) instead of localeCompare keeps a 50,000-entry
  // shard well under 100 ms to index, and still puts "Zoë" next to "Zoe".
  entries.sort(compareEntries);
  return {
    mailboxes: entries.map((e) => e.m),
    names: entries.map((e) => e.name),
    keys: entries.map((e) => e.key),
  };
}

export function buildSearchIndex(mailboxes: readonly Mailbox[]): SearchIndex {
  return indexFrom(mailboxes.map(entryOf));
}

/** Mailboxes folded per slice of buildSearchIndexInSlices: a few ms of work on a laptop. */
export const INDEX_SLICE = 2_000;

/**
 * The same index as buildSearchIndex, built a slice at a time with `pause()` awaited between
 * slices, so that the page stays responsive while 50,000 names are folded (Unicode
 * normalisation is the costly part); the final sort is one step. Resolves to null once
 * `cancelled()` is true (a newer shard arrived).
 */
export async function buildSearchIndexInSlices(
  mailboxes: readonly Mailbox[],
  pause: () => Promise<void>,
  cancelled: () => boolean = () => false
): Promise<SearchIndex | null> {
  const entries: Entry[] = new Array(mailboxes.length);
  for (let from = 0; from < mailboxes.length; from += INDEX_SLICE) {
    if (from > 0) {
      await pause();
      if (cancelled()) return null;
    }
    const to = Math.min(mailboxes.length, from + INDEX_SLICE);
    for (let i = from; i < to; i++) entries[i] = entryOf(mailboxes[i]);
  }
  if (mailboxes.length > INDEX_SLICE) await pause();
  return cancelled() ? null : indexFrom(entries);
}

function terms(query: string): string[] {
  return foldForSearch(query).split(/\s+/).filter(Boolean);
}

function matchesAll(key: string, queryTerms: readonly string[]): boolean {
  for (const term of queryTerms) if (!key.includes(term)) return false;
  return true;
}

/**
 * Positions (into index.mailboxes) of the mailboxes whose name or address contains every term of
 * the query. `within` narrows an earlier result, which is what typing one more letter does.
 */
export function filterPositions(
  index: SearchIndex,
  query: string,
  within?: readonly number[]
): number[] {
  const queryTerms = terms(query);
  const out: number[] = [];
  if (within) {
    for (const i of within) if (matchesAll(index.keys[i], queryTerms)) out.push(i);
  } else {
    const n = index.keys.length;
    for (let i = 0; i < n; i++) if (matchesAll(index.keys[i], queryTerms)) out.push(i);
  }
  return out;
}

/**
 * Orders matches for display: favourites, then recently used, then the rest; among the rest,
 * names that start with the query come before names that only contain it. `positions` null:
 * every mailbox (the empty query), which without favourites or recent ones is the index's own
 * order, handed out as it is (no copy of 50,000 entries on every change back to empty).
 */
function rankPositions(
  index: SearchIndex,
  positions: readonly number[] | null,
  prefs: Preferences,
  query: string
): readonly Mailbox[] {
  if (!positions && prefs.favourites.length === 0 && prefs.recent.length === 0)
    return index.mailboxes;
  const favourites = new Map(prefs.favourites.map((a, i) => [a, i]));
  const recent = new Map(prefs.recent.map((a, i) => [a, i]));
  const first = terms(query)[0];
  const fav: Mailbox[] = [];
  const rec: Mailbox[] = [];
  const prefix: Mailbox[] = [];
  const rest: Mailbox[] = [];
  const n = positions ? positions.length : index.mailboxes.length;
  for (let k = 0; k < n; k++) {
    const i = positions ? positions[k] : k;
    const m = index.mailboxes[i];
    if (favourites.has(m.address)) fav.push(m);
    else if (recent.has(m.address)) rec.push(m);
    else if (first && (index.names[i].startsWith(first) || m.address.startsWith(first)))
      prefix.push(m);
    else rest.push(m);
  }
  rec.sort((a, b) => (recent.get(a.address) ?? 0) - (recent.get(b.address) ?? 0));
  return fav.concat(rec, prefix, rest);
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
