import { makeStyles, tokens } from "@fluentui/react-components";
import { ReactNode, useLayoutEffect, useRef } from "react";

/**
 * CSS custom property on the document element: the height in px the fixed action bar covers at
 * the bottom of the pane. The pane's layout pads its end by it, and scroll-padding-bottom keeps
 * focused elements (the send result) from being scrolled under the bar.
 */
export const ACTION_BAR_HEIGHT_VAR = "--send-from-action-bar";

const useStyles = makeStyles({
  bar: {
    position: "fixed",
    left: 0,
    right: 0,
    bottom: 0,
    zIndex: 1,
    boxSizing: "border-box",
    backgroundColor: tokens.colorNeutralBackground1,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    boxShadow: tokens.shadow8,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
  },
  inner: {
    display: "grid",
    gap: tokens.spacingVerticalXS,
    maxWidth: "640px",
    minWidth: 0,
    margin: "0 auto",
  },
});

interface Props {
  /** Accessible name of the region (e.g. "Send"). */
  label: string;
  children: ReactNode;
}

/**
 * The pane's main action, pinned to the bottom of the viewport: Outlook's task pane is about
 * 320-450 px wide and 600-700 px high, and the list and advice above would otherwise push the
 * Send button a screen or two down (issue 14). Stays in document order, so Tab reaches it right
 * after the content it belongs to.
 */
export function ActionBar({ label, children }: Props) {
  const styles = useStyles();
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const bar = ref.current;
    const root = document.documentElement;
    if (!bar) return;
    const apply = () => {
      const px = `${Math.ceil(bar.getBoundingClientRect().height)}px`;
      root.style.setProperty(ACTION_BAR_HEIGHT_VAR, px);
      root.style.scrollPaddingBottom = px;
    };
    apply();
    // jsdom (component tests) has no ResizeObserver; the bar's height then stays as first measured.
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(apply);
    observer?.observe(bar);
    return () => {
      observer?.disconnect();
      root.style.removeProperty(ACTION_BAR_HEIGHT_VAR);
      root.style.scrollPaddingBottom = "";
    };
  }, []);
  return (
    <div ref={ref} role="region" aria-label={label} className={styles.bar} data-testid="action-bar">
      <div className={styles.inner}>{children}</div>
    </div>
  );
}
