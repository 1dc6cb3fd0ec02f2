import { Button, makeStyles, Text, tokens } from "@fluentui/react-components";
import { lazy, memo, Suspense, useId } from "react";
import { useMessages } from "../messages";
import type { DiagnosticsModel } from "../useDiagnostics";

const useStyles = makeStyles({
  root: {
    display: "grid",
    gap: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalM,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300 },
  hint: { color: tokens.colorNeutralForeground3 },
  action: { justifySelf: "start" },
  text: { fontFamily: tokens.fontFamilyMonospace },
});

const DiagnosticsText = lazy(
  () => import(/* webpackChunkName: "diagnostics-text" */ "./DiagnosticsText")
);

interface Props {
  diagnostics: DiagnosticsModel;
}

/**
 * The pane's help area: "Copy diagnostics" for IT support, with a visible confirmation. Drawn
 * again only when the diagnostics model changes, not on every keystroke (issue 14).
 */
export const HelpSection = memo(function HelpSection({ diagnostics }: Props) {
  const t = useMessages();
  const styles = useStyles();
  const headingId = useId();
  const hintId = useId();
  if (!diagnostics.available) return null;
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {t.support.heading}
      </h2>
      <Text id={hintId} size={200} className={styles.hint}>
        {t.support.copyHint}
      </Text>
      <Button className={styles.action} aria-describedby={hintId} onClick={diagnostics.copy}>
        {t.support.copyDiagnostics}
      </Button>
      {/* A polite live region, present before it has anything to say, so the change is read out. */}
      <Text aria-live="polite" aria-atomic size={200} data-testid="diagnostics-status">
        {diagnostics.status === "copied"
          ? t.support.copied
          : diagnostics.status === "failed"
            ? t.support.copyFailed
            : ""}
      </Text>
      {diagnostics.status === "failed" && (
        <Suspense fallback={null}>
          <DiagnosticsText
            className={styles.text}
            label={t.support.textLabel}
            text={diagnostics.text}
          />
        </Suspense>
      )}
    </section>
  );
});
