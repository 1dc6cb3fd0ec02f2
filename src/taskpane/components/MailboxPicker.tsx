import {
  Label,
  makeStyles,
  mergeClasses,
  SearchBox,
  Text,
  tokens,
} from "@fluentui/react-components";
import { KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import type { Mailbox } from "../../core/model";
import { useMessages } from "../messages";

/** Rows have a fixed height so that only the visible ones are rendered (50,000 mailboxes stay smooth). */
export const ROW_HEIGHT = 60;
const VISIBLE_ROWS = 5;
const OVERSCAN = 5;

const useStyles = makeStyles({
  root: { display: "grid", gap: tokens.spacingVerticalXS, minWidth: 0 },
  // The search field shrinks with the pane: below 320 CSS px (Outlook's pane zoomed to 150 % is
  // about 213) the input's intrinsic width made the page scroll sideways (rev14b finding 11).
  search: { width: "100%", minWidth: 0, boxSizing: "border-box" },
  searchInput: { minWidth: 0, width: "100%" },
  count: { color: tokens.colorNeutralForeground3 },
  list: {
    position: "relative",
    overflowY: "auto",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    outlineStyle: "none",
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  option: {
    position: "absolute",
    left: 0,
    right: 0,
    boxSizing: "border-box",
    display: "grid",
    alignContent: "center",
    padding: `0 ${tokens.spacingHorizontalM}`,
    borderLeft: `${tokens.strokeWidthThicker} solid transparent`,
    cursor: "pointer",
    minWidth: 0,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  active: { backgroundColor: tokens.colorNeutralBackground1Selected },
  selected: { borderLeftColor: tokens.colorBrandStroke1 },
  // position: relative clips the visually hidden markers too: placed after a long name, they
  // made the whole list scroll sideways (issue 14).
  line: {
    position: "relative",
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
  },
  meta: { color: tokens.colorNeutralForeground3 },
  marker: { color: tokens.colorBrandForeground1, marginLeft: tokens.spacingHorizontalXS },
  hidden: {
    position: "absolute",
    left: 0,
    top: 0,
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
  },
});

interface Props {
  results: readonly Mailbox[];
  total: number;
  query: string;
  onQueryChange(query: string): void;
  selected: Mailbox | null;
  onSelect(mailbox: Mailbox): void;
  favourites: readonly string[];
  recent: readonly string[];
}

/**
 * Search box and list of mailboxes, as an ARIA combobox with an always-visible listbox: type to
 * filter, arrow keys to move, Enter to choose. The list itself is also focusable for people who
 * tab to it, and only renders the rows in view.
 */
export function MailboxPicker({
  results,
  total,
  query,
  onQueryChange,
  selected,
  onSelect,
  favourites,
  recent,
}: Props) {
  const t = useMessages();
  const styles = useStyles();
  const baseId = useId();
  const inputId = `${baseId}-search`;
  const listId = `${baseId}-list`;
  const optionId = (i: number) => `${baseId}-option-${i}`;
  const listRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  // The first row drawn, in steps of OVERSCAN rows: scrolling redraws the rows once every
  // OVERSCAN rows instead of on every scroll event (issue 14: 60 frames a second at 50,000).
  const [windowStart, setWindowStart] = useState(0);

  // Where the list is scrolled to, as its last scroll event said: reading scrollTop after a
  // keystroke would force a layout of the page before the frame (issue 14, bench/list.cjs).
  const scrolledTo = useRef(0);

  // A new result list, or a choice made elsewhere (Outlook's From), puts the active row on the
  // chosen mailbox when it is in the list, else at the top. Worked out while rendering (React's
  // "adjusting state when a prop changes"), not in an effect: a keystroke then draws the list
  // once, not twice.
  const selectedAddress = selected?.address;
  const [shownFor, setShownFor] = useState<{
    results: readonly Mailbox[];
    selectedAddress?: string;
    at: number;
  } | null>(null);
  if (shownFor?.results !== results || shownFor.selectedAddress !== selectedAddress) {
    const at = selectedAddress ? results.findIndex((m) => m.address === selectedAddress) : -1;
    setShownFor({ results, selectedAddress, at });
    setActive(Math.max(0, at));
  }
  const selectedAt = shownFor?.at ?? -1;
  useEffect(() => {
    if (listRef.current && selectedAt < 0 && scrolledTo.current !== 0) {
      listRef.current.scrollTop = 0;
      scrolledTo.current = 0;
    }
  }, [results, selectedAt]);

  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const top = active * ROW_HEIGHT;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + ROW_HEIGHT > list.scrollTop + list.clientHeight)
      list.scrollTop = top + ROW_HEIGHT - list.clientHeight;
  }, [active]);

  const n = results.length;
  const page = VISIBLE_ROWS - 1;
  const onKeyDown = (e: KeyboardEvent) => {
    const move = (to: number) => {
      e.preventDefault();
      setActive(Math.max(0, Math.min(n - 1, to)));
    };
    switch (e.key) {
      case "ArrowDown":
        return move(active + 1);
      case "ArrowUp":
        return move(active - 1);
      case "PageDown":
        return move(active + page);
      case "PageUp":
        return move(active - page);
      case "Home":
        // In the search box Home/End move the caret; in the list they go to the ends.
        if (e.target === listRef.current) move(0);
        return;
      case "End":
        if (e.target === listRef.current) move(n - 1);
        return;
      case "Enter":
      case " ":
        if (e.key === " " && e.target !== listRef.current) return;
        if (n > 0) {
          e.preventDefault();
          onSelect(results[active]);
        }
        return;
    }
  };

  const height = Math.max(1, Math.min(n, VISIBLE_ROWS)) * ROW_HEIGHT;
  // Rows windowStart - OVERSCAN .. windowStart + VISIBLE_ROWS + 2 * OVERSCAN: the top row in
  // view is at most OVERSCAN - 1 rows past windowStart, so every row in view is drawn.
  const first = Math.max(0, windowStart - OVERSCAN);
  const last = Math.min(n, windowStart + Math.ceil(height / ROW_HEIGHT) + 2 * OVERSCAN);
  const favouriteSet = new Set(favourites);
  const recentSet = new Set(recent);
  const activeId = n > 0 ? optionId(Math.min(active, n - 1)) : undefined;

  const rows = [];
  for (let i = first; i < last; i++) {
    const m = results[i];
    const isSelected = selected?.address === m.address;
    rows.push(
      <div
        // By position: a keystroke then rewrites the rows in view instead of replacing them.
        key={i}
        id={optionId(i)}
        role="option"
        aria-selected={isSelected}
        aria-setsize={n}
        aria-posinset={i + 1}
        data-address={m.address}
        className={mergeClasses(
          styles.option,
          i === active && styles.active,
          isSelected && styles.selected
        )}
        style={{ top: i * ROW_HEIGHT, height: ROW_HEIGHT }}
        onClick={() => {
          setActive(i);
          onSelect(m);
        }}
      >
        <Text weight="semibold" className={styles.line}>
          <bdi>{m.displayName}</bdi>
          {favouriteSet.has(m.address) && (
            <span className={styles.marker}>
              <span aria-hidden="true">★</span>
              <span className={styles.hidden}>, {t.pane.favouriteMarker}</span>
            </span>
          )}
          {!favouriteSet.has(m.address) && recentSet.has(m.address) && (
            <span className={styles.hidden}>, {t.pane.recentMarker}</span>
          )}
        </Text>
        <Text size={200} className={mergeClasses(styles.line, styles.meta)}>
          {m.address}
        </Text>
        <Text size={200} className={mergeClasses(styles.line, styles.meta)}>
          {t.kind[m.kind]} · {t.rightsList(m.rights)}
        </Text>
      </div>
    );
  }

  return (
    <div className={styles.root}>
      <Label htmlFor={inputId}>{t.pane.searchLabel}</Label>
      <SearchBox
        className={styles.search}
        input={{ className: styles.searchInput }}
        id={inputId}
        role="combobox"
        aria-expanded={true}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        placeholder={t.pane.searchPlaceholder}
        value={query}
        onChange={(_, data) => onQueryChange(data.value)}
        onKeyDown={onKeyDown}
        autoComplete="off"
      />
      <Text size={200} role="status" className={styles.count} data-testid="result-count">
        {n === 0 ? (query ? t.pane.noMatches(query) : t.pane.noMailboxes) : t.pane.count(n, total)}
      </Text>
      <div
        ref={listRef}
        id={listId}
        role="listbox"
        aria-label={t.pane.listLabel}
        aria-activedescendant={activeId}
        tabIndex={n > 0 ? 0 : -1}
        className={styles.list}
        style={{ height: n === 0 ? 0 : height, borderWidth: n === 0 ? 0 : undefined }}
        onScroll={(e) => {
          scrolledTo.current = e.currentTarget.scrollTop;
          setWindowStart(Math.floor(scrolledTo.current / ROW_HEIGHT / OVERSCAN) * OVERSCAN);
        }}
        onKeyDown={onKeyDown}
      >
        <div role="presentation" style={{ height: n * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
