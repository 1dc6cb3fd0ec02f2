import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Advice, adviseFor } from "../core/advice";
import { recordFailure } from "../core/diagnostics";
import { Mailbox } from "../core/model";
import { classifyFrom, FromStatus } from "../core/rights";
import {
  buildSearchIndexInSlices,
  createSearcher,
  noteRecent,
  Preferences,
  toggleFavourite,
} from "../core/search";
import type { DirectoryFailure, DirectoryState } from "../directory/client";
import type { Address, SmtpAddress } from "../core/address";
import type { PaneHost } from "./host";
import { createPause } from "./yield";

/** How often the pane re-reads Outlook's From: the task pane gets no event when it changes. */
export const FROM_POLL_MS = 2000;

export type PaneDirectory = DirectoryState | { status: "loading" };

/** Outlook's From field as the pane shows it, with what the directory says about it. */
export interface OutlookFromView {
  address: SmtpAddress;
  /**
   * The directory's name for the mailbox, the user's own name, or the address when the directory
   * does not know it: Outlook on the web reports the user's own name for shared mailboxes
   * (OfficeDev/office-js#6713), so its name is never shown.
   */
  name: string;
  /**
   * What the directory says, or "unchecked" while no list of the person's is here (the first
   * frame with nothing stored, or a directory that could not answer): an address the pane cannot
   * place is then said to be nothing yet, not "Not in your directory" (the person's own address,
   * with a UPN that is not their mail address, read so for a moment; rev12f #7).
   */
  status: FromStatus["status"] | "unchecked";
}

export interface PaneModel {
  /** The signed-in person: host.user until a shard names their addresses (PaneHost.identify). */
  user: Address;
  directory: PaneDirectory;
  /** A request to the directory is in flight. */
  checking: boolean;
  /** undefined until first read; null when Outlook can't tell. */
  outlookFrom: OutlookFromView | null | undefined;
  preferences: Preferences;
  query: string;
  results: readonly Mailbox[];
  total: number;
  /** The search index for the shard is built (the list can show); false while it is built. */
  listReady: boolean;
  selected: Mailbox | null;
  /** What happens when sending from the selected mailbox. */
  advice: Advice[];
  setQuery(query: string): void;
  select(mailbox: Mailbox): void;
  toggleFavourite(mailbox: Mailbox): void;
  retry(): void;
}

/** A directory failure as a diagnostics record reads it: kind and problem code, and the detail. */
function directoryFailure(f: DirectoryFailure) {
  return {
    name: "DirectoryFailure",
    kind: f.kind,
    code: f.kind === "malformed" ? f.problem.code : undefined,
    message: "detail" in f ? f.detail : f.kind === "missing" ? f.url : "",
  };
}

const sameAddress = (a: Address | null | undefined, b: Address | null) =>
  a === b || (!!a && !!b && a.address === b.address && a.displayName === b.displayName);

export function usePane(host: PaneHost): PaneModel {
  const [directory, setDirectory] = useState<PaneDirectory>({ status: "loading" });
  const [checking, setChecking] = useState(true);
  const [outlookFrom, setOutlookFrom] = useState<Address | null | undefined>(undefined);
  const [preferences, setPreferences] = useState<Preferences>(() => host.preferences.load());
  // Ordering uses the preferences the pane opened with, so the list does not jump under the
  // pointer when a click makes a mailbox "recently used".
  const [rankingPreferences, setRankingPreferences] = useState(preferences);
  const [query, setQuery] = useState("");
  const [selectedAddress, setSelectedAddress] = useState<SmtpAddress | null>(null);
  const live = useRef(true);

  const refresh = useCallback(async () => {
    setChecking(true);
    const state = await host.directory.refresh();
    // Shown to the user; recorded too, so support sees what the pane saw and when.
    if ("failure" in state)
      recordFailure("pane", "directoryRefresh", directoryFailure(state.failure));
    if (!live.current) return;
    setDirectory(state);
    setChecking(false);
  }, [host]);

  useEffect(() => {
    live.current = true;
    host.directory.cached().then(
      (cached) => {
        // Show the last good copy at once; the server's answer replaces it when it comes.
        if (cached && live.current)
          setDirectory((current) => (current.status === "loading" ? cached : current));
      },
      (e) => recordFailure("pane", "cacheRead", e)
    );
    void refresh();
    return () => {
      live.current = false;
    };
  }, [host, refresh]);

  const shard = "shard" in directory ? directory.shard : null;
  // The person as the directory names them: in "Open another mailbox" with a UPN that is not
  // the mail address, Office alone left it unknown (taskpane/person.ts).
  const [user, setUser] = useState<Address>(host.user);
  const shardUser = shard?.user;
  const shardAliases = shard?.aliases;
  useEffect(() => {
    if (!shardUser || !host.identify) return;
    const person = host.identify({ user: shardUser, aliases: shardAliases });
    setUser((previous) => (sameAddress(previous, person) ? previous : person));
  }, [host, shardUser, shardAliases]);

  // Where the favourites are kept may change with the person (taskpane/pane-preferences.ts: a
  // UPN that is not the mail address starts on this device's, and their own mailbox's roaming
  // settings hold them; rev12f #4): read again, ordering too, when the directory names them.
  const shownFor = useRef(user);
  useEffect(() => {
    if (shownFor.current === user) return;
    shownFor.current = user;
    const loaded = host.preferences.load();
    setPreferences(loaded);
    setRankingPreferences(loaded);
  }, [host, user]);

  // Read again when the person changes: From is read for them (taskpane/person.ts).
  useEffect(() => {
    const read = () =>
      host.readFrom().then(
        (from) => setOutlookFrom((previous) => (sameAddress(previous, from) ? previous : from)),
        () => setOutlookFrom(null)
      );
    void read();
    const timer = setInterval(read, FROM_POLL_MS);
    window.addEventListener("focus", read);
    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", read);
    };
  }, [host, user]);

  // The search index is built in slices between frames: a 20,000-mailbox shard folded in one go
  // blocked the page for a quarter of a second (issue 14). Until it is ready, the list is empty.
  const [searcher, setSearcher] = useState<ReturnType<typeof createSearcher> | null>(null);
  useEffect(() => {
    let cancelled = false;
    if (!shard) {
      setSearcher(null);
      return;
    }
    void buildSearchIndexInSlices(shard.mailboxes, createPause(), () => cancelled).then((index) => {
      if (index) setSearcher(() => createSearcher(index));
    });
    return () => {
      cancelled = true;
    };
  }, [shard]);
  const results = useMemo(
    () => (searcher ? searcher(query, rankingPreferences) : []),
    [searcher, query, rankingPreferences]
  );

  // Start on the mailbox Outlook's From already shows, when the directory knows it.
  const preselected = useRef(false);
  useEffect(() => {
    if (preselected.current || !shard || outlookFrom === undefined) return;
    preselected.current = true;
    const match = outlookFrom && shard.mailboxes.find((m) => m.address === outlookFrom.address);
    if (match) setSelectedAddress((current) => current ?? match.address);
  }, [shard, outlookFrom]);

  const selected = useMemo(
    () =>
      shard && selectedAddress
        ? (shard.mailboxes.find((m) => m.address === selectedAddress) ?? null)
        : null,
    [shard, selectedAddress]
  );

  const outlookFromView = useMemo((): OutlookFromView | null | undefined => {
    if (!outlookFrom) return outlookFrom;
    const status = classifyFrom(outlookFrom.address, user.address, shard);
    const name =
      status.status === "own"
        ? user.displayName
        : status.status === "unknown"
          ? outlookFrom.address
          : status.mailbox.displayName;
    return {
      address: outlookFrom.address,
      name,
      status: status.status === "unknown" && !shard ? "unchecked" : status.status,
    };
  }, [outlookFrom, user, shard]);

  const generatedAt = shard?.generatedAt;
  const advice = useMemo(
    () =>
      selected && generatedAt
        ? adviseFor(selected, {
            user: user.address,
            generatedAt,
            now: host.now(),
            outlookFrom: outlookFrom?.address,
          })
        : [],
    [selected, generatedAt, host, user, outlookFrom]
  );

  // Stable, so the directory status is not drawn again on every keystroke (issue 14).
  const retry = useCallback(() => void refresh(), [refresh]);

  const savePreferences = useCallback(
    (next: Preferences) => {
      setPreferences(next);
      // Losing a favourite because roaming settings failed to save is not worth an error on screen.
      host.preferences.save(next).catch((e) => recordFailure("pane", "preferencesSave", e));
    },
    [host]
  );

  return {
    user,
    directory,
    checking,
    outlookFrom: outlookFromView,
    preferences,
    query,
    results,
    total: shard?.mailboxes.length ?? 0,
    listReady: searcher !== null,
    selected,
    advice,
    setQuery,
    select: (mailbox) => {
      setSelectedAddress(mailbox.address);
      savePreferences(noteRecent(preferences, mailbox.address));
    },
    toggleFavourite: (mailbox) => savePreferences(toggleFavourite(preferences, mailbox.address)),
    retry,
  };
}
