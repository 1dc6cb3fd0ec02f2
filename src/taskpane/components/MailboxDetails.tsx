import { Button, makeStyles, mergeClasses, Text, tokens } from "@fluentui/react-components";
import { ReactNode, useEffect, useId, useState } from "react";
import { Advice, AdviceTone, byImportance } from "../../core/advice";
import type { Mailbox } from "../../core/model";
import { useMessages } from "../messages";

const useStyles = makeStyles({
  root: { display: "grid", gap: tokens.spacingVerticalS },
  heading: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    overflowWrap: "anywhere",
  },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300 },
  meta: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  favourite: { justifySelf: "start" },
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "grid",
    gap: tokens.spacingVerticalXS,
  },
  item: {
    display: "grid",
    gridTemplateColumns: "auto 1fr",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    borderLeft: `${tokens.strokeWidthThicker} solid`,
    overflowWrap: "anywhere",
  },
  info: {
    borderLeftColor: tokens.colorNeutralStroke1,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  success: {
    borderLeftColor: tokens.colorStatusSuccessBorderActive,
    backgroundColor: tokens.colorStatusSuccessBackground1,
  },
  warning: {
    borderLeftColor: tokens.colorStatusWarningBorderActive,
    backgroundColor: tokens.colorStatusWarningBackground1,
  },
  error: {
    borderLeftColor: tokens.colorStatusDangerBorderActive,
    backgroundColor: tokens.colorStatusDangerBackground1,
  },
  icon: { fontWeight: tokens.fontWeightSemibold },
  more: { justifySelf: "start", maxWidth: "100%", minWidth: 0 },
});

/** A symbol per tone so the tone does not rest on colour alone. */
const TONE_SYMBOL: Record<AdviceTone, string> = {
  info: "i",
  success: "✓",
  warning: "!",
  error: "✕",
};

interface Props {
  mailbox: Mailbox;
  advice: readonly Advice[];
  user: string;
  generatedAt: string;
  favourite: boolean;
  onToggleFavourite(): void;
  /** The send controls (a later part of the pane) go here. */
  children?: ReactNode;
}

export function MailboxDetails({
  mailbox,
  advice,
  user,
  generatedAt,
  favourite,
  onToggleFavourite,
  children,
}: Props) {
  const t = useMessages();
  const styles = useStyles();
  const headingId = useId();
  const listId = useId();
  const [expanded, setExpanded] = useState(false);
  // Another mailbox starts compact again.
  useEffect(() => setExpanded(false), [mailbox.address]);
  const ordered = byImportance(advice);
  const values = {
    mailbox: mailbox.displayName,
    user,
    kind: mailbox.kind,
    generatedAt: t.formatTime(generatedAt),
  };
  return (
    <section
      className={styles.root}
      aria-labelledby={headingId}
      data-testid="mailbox-details"
      data-address={mailbox.address}
    >
      <h2 id={headingId} className={styles.heading}>
        <bdi>{t.pane.detailsHeading(mailbox.displayName)}</bdi>
      </h2>
      <Text size={200} className={styles.meta}>
        {mailbox.address}
        <br />
        {t.kind[mailbox.kind]} · {t.rightsList(mailbox.rights)}
      </Text>
      {/* A plain button whose name says what it does: a toggle button ("pressed") named "Remove
          from favourites" read as pressed and removing at once (WAI-ARIA APG, Button pattern:
          a toggle's name must not change with its state). */}
      <Button size="small" className={styles.favourite} onClick={onToggleFavourite}>
        {favourite ? t.pane.removeFavourite : t.pane.addFavourite}
      </Button>
      <h3 className={styles.subheading}>{t.pane.adviceHeading}</h3>
      {/* Compact at Outlook's pane size: the most important line shows, the rest behind a
          disclosure. Every line stays in the document (hidden), so no advice is lost. */}
      <ul className={styles.list} data-testid="advice" id={listId}>
        {ordered.map((a, i) => (
          <li
            key={a.code}
            className={mergeClasses(styles.item, styles[a.tone])}
            data-advice-code={a.code}
            data-tone={a.tone}
            hidden={i > 0 && !expanded}
          >
            <span aria-hidden="true" className={styles.icon}>
              {TONE_SYMBOL[a.tone]}
            </span>
            <Text size={200}>{t.advice[a.code](values)}</Text>
          </li>
        ))}
      </ul>
      {ordered.length > 1 && (
        <Button
          size="small"
          appearance="subtle"
          className={styles.more}
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setExpanded((e) => !e)}
          data-testid="advice-toggle"
        >
          {expanded ? t.pane.adviceLess : t.pane.adviceMore(ordered.length - 1)}
        </Button>
      )}
      {children}
    </section>
  );
}
