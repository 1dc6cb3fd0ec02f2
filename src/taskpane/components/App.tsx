import { Button, makeStyles, Text, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { DirectoryLocation } from "../../core/directory-location";
import type { Mailbox } from "../../core/model";
import { useMessages } from "../messages";
import type { PaneModel } from "../usePane";
import { DirectoryStatus } from "./DirectoryStatus";
import { FromStatus } from "./FromStatus";
import { MailboxDetails } from "./MailboxDetails";
import { MailboxPicker } from "./MailboxPicker";

const useStyles = makeStyles({
  root: {
    display: "grid",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    maxWidth: "640px",
    minWidth: 0,
    margin: "0 auto",
    // Long names, addresses and URLs break rather than widen the pane (issue 14).
    overflowWrap: "anywhere",
    // Room at the end for the fixed action bar, so nothing stays hidden under it. The name is
    // ActionBar's ACTION_BAR_HEIGHT_VAR, written out: Griffel evaluates styles at build time.
    paddingBottom: `calc(${tokens.spacingHorizontalM} + var(--send-from-action-bar, 0px))`,
  },
  quiet: { color: tokens.colorNeutralForeground3 },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
});

interface Props {
  model: PaneModel;
  rejectedDirectory?: DirectoryLocation["rejected"];
  /** The send controls for the selected mailbox (Graph send), when available. */
  renderSend?: (mailbox: Mailbox) => ReactNode;
  /** The help area, last on the page. */
  help?: ReactNode;
  /** "Not you? Sign in with another account" (PaneHost.notYou); absent: not offered. */
  onNotYou?: () => void;
  /**
   * A send is running: "Not you?" is disabled, since starting the pane again mid-send leaves the
   * outcome to a reopened pane's look (rev12g #1).
   */
  sending?: boolean;
}

export function App({ model, rejectedDirectory, renderSend, help, onNotYou, sending }: Props) {
  const t = useMessages();
  const styles = useStyles();
  const shard = "shard" in model.directory ? model.directory.shard : null;
  return (
    <main className={styles.root}>
      <h1 className={styles.title}>{t.pane.title}</h1>
      {onNotYou && (
        <div>
          <Button appearance="secondary" onClick={onNotYou} disabled={sending}>
            {t.pane.notYou}
          </Button>
        </div>
      )}
      <FromStatus from={model.outlookFrom} />
      <DirectoryStatus
        directory={model.directory}
        checking={model.checking}
        onRetry={model.retry}
        rejected={rejectedDirectory}
      />
      {shard && !model.listReady && (
        <Text role="status" className={styles.quiet}>
          {t.pane.loading}
        </Text>
      )}
      {shard && model.listReady && (
        <MailboxPicker
          results={model.results}
          total={model.total}
          query={model.query}
          onQueryChange={model.setQuery}
          selected={model.selected}
          onSelect={model.select}
          favourites={model.preferences.favourites}
          recent={model.preferences.recent}
        />
      )}
      {shard && model.selected && (
        <MailboxDetails
          mailbox={model.selected}
          advice={model.advice}
          user={model.user.displayName}
          generatedAt={shard.generatedAt}
          favourite={model.preferences.favourites.includes(model.selected.address)}
          onToggleFavourite={() => model.selected && model.toggleFavourite(model.selected)}
        >
          {renderSend?.(model.selected)}
        </MailboxDetails>
      )}
      {shard && !model.selected && model.results.length > 0 && <p>{t.pane.selectPrompt}</p>}
      {help}
    </main>
  );
}
