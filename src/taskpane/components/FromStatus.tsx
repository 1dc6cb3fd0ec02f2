import { memo } from "react";
import { Badge, BadgeProps, makeStyles, Text, tokens } from "@fluentui/react-components";
import type { Messages } from "../../core/i18n";
import { useMessages } from "../messages";
import type { OutlookFromView } from "../usePane";

const useStyles = makeStyles({
  root: {
    display: "grid",
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  // The badge follows the name on its line while both fit, else wraps to its own line below it
  // ("Sie dürfen daraus senden" next to "Customer Support" is too wide at 320 px; rev14 finding 1).
  line: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    minWidth: 0,
  },
  // One line with an ellipsis; the whole name stays in the DOM, read whole by screen readers.
  name: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", minWidth: 0 },
  // Fluent's badge is a pill of fixed height: translated words too long for one line spilled out
  // of it. Here it grows with its text, which wraps inside its outline (a flex item, it shrinks
  // to the line; the pane breaks long words: App's overflowWrap).
  badge: { height: "auto" },
  label: { color: tokens.colorNeutralForeground3 },
});

/** How each status looks: its words and the badge's colour; "unchecked" has no badge. */
const BADGE: Record<
  Exclude<OutlookFromView["status"], "unchecked">,
  { text: (t: Messages) => string; color: BadgeProps["color"] }
> = {
  own: { text: (t) => t.pane.outlookFromYou, color: "informative" },
  permitted: { text: (t) => t.pane.outlookFromPermitted, color: "success" },
  notPermitted: { text: (t) => t.pane.outlookFromNotPermitted, color: "danger" },
  unknown: { text: (t) => t.pane.outlookFromNotInDirectory, color: "warning" },
};

interface Props {
  /** undefined while reading; null when Outlook can't tell. */
  from: OutlookFromView | null | undefined;
}

/**
 * Outlook's own From field and what the directory says about it (decided in usePane). Drawn
 * again only when that changes, not on every keystroke in the search box (issue 14).
 */
export const FromStatus = memo(function FromStatus({ from }: Props) {
  const t = useMessages();
  const styles = useStyles();
  if (from === undefined) return null;
  if (from === null) {
    return (
      <section
        className={styles.root}
        aria-label={t.pane.outlookFromLabel}
        data-testid="outlook-from"
      >
        <Text size={200}>{t.pane.outlookFromUnknown}</Text>
      </section>
    );
  }
  const badge = from.status === "unchecked" ? null : BADGE[from.status];
  return (
    <section
      className={styles.root}
      aria-label={t.pane.outlookFromLabel}
      data-testid="outlook-from"
      data-from-status={from.status}
    >
      <Text size={200} className={styles.label}>
        {t.pane.outlookFromLabel}
      </Text>
      <div className={styles.line}>
        <Text weight="semibold" className={styles.name}>
          <bdi>{from.name}</bdi>
        </Text>
        {badge && (
          <Badge appearance="tint" color={badge.color} size="small" className={styles.badge}>
            {badge.text(t)}
          </Badge>
        )}
      </div>
      {from.name !== from.address && (
        <Text size={200} className={styles.name}>
          {from.address}
        </Text>
      )}
    </section>
  );
});
