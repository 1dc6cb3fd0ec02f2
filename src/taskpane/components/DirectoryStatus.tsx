import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
  makeStyles,
} from "@fluentui/react-components";
import { memo } from "react";
import type { DirectoryLocation } from "../../core/directory-location";
import type { Messages } from "../../core/i18n";
import type { DirectoryProblem, ShardNote } from "../../core/shard";
import type { DirectoryFailure } from "../../directory/client";
import { useMessages } from "../messages";
import type { PaneDirectory } from "../usePane";

const useStyles = makeStyles({
  stack: { display: "grid", gap: tokens.spacingVerticalS },
  quiet: { color: tokens.colorNeutralForeground3 },
});

function describeProblem(t: Messages, problem: DirectoryProblem): string {
  // Each code has its own formatter; the cast pairs the problem with it.
  const format = t.problem[problem.code] as (p: DirectoryProblem) => string;
  return format(problem);
}

function describeFailure(t: Messages, failure: DirectoryFailure): string {
  switch (failure.kind) {
    case "unreachable":
      // An HTTP status means the directory answered: the connection is not the problem.
      return failure.status
        ? t.directory.answeredError(failure.detail)
        : t.directory.unreachable(failure.detail);
    case "missing":
      return t.directory.missing(failure.url);
    case "malformed":
      // Another person's list is not a broken file: it says so (the sign-in's account, most
      // likely; account-manager.ts refuses such tokens, a directory file can still name another).
      return failure.problem.code === "wrongUser"
        ? t.directory.otherPerson(failure.problem)
        : t.directory.malformed(describeProblem(t, failure.problem));
    case "signInNeeded":
      return t.directory.signInNeeded;
    case "wrongAccount":
      // The send path's wording (graph/auth wrongAccount): which account was refused and what
      // helps; the bar's title, or its "as of" line, says the list is not current.
      return t.send.problem.wrongAccount({ mailbox: "", ...failure });
    case "notAllowed":
      return t.directory.notAllowed;
  }
}

interface Props {
  directory: PaneDirectory;
  checking: boolean;
  onRetry(): void;
  rejected?: DirectoryLocation["rejected"];
}

/**
 * Where the list comes from, and what went wrong getting it: never a blank pane. Drawn again
 * only when that changes, not on every keystroke in the search box (issue 14).
 */
export const DirectoryStatus = memo(function DirectoryStatus({
  directory,
  checking,
  onRetry,
  rejected,
}: Props) {
  const t = useMessages();
  const styles = useStyles();
  const retry = (
    <MessageBarActions>
      <Button size="small" onClick={onRetry} disabled={checking}>
        {t.directory.retry}
      </Button>
    </MessageBarActions>
  );
  const notes: ShardNote[] = "notes" in directory ? directory.notes : [];
  return (
    <div
      className={styles.stack}
      data-testid="directory-status"
      data-directory-status={directory.status}
    >
      {rejected && (
        <MessageBar layout="multiline" intent="warning">
          <MessageBarBody>{t.directory.rejectedParameter(rejected.value)}</MessageBarBody>
        </MessageBar>
      )}
      {directory.status === "loading" && (
        <Text role="status" className={styles.quiet}>
          {t.pane.loading}
        </Text>
      )}
      {directory.status === "cached" && checking && (
        <Text role="status" size={200} className={styles.quiet}>
          {t.directory.checking}
        </Text>
      )}
      {directory.status === "stale" && (
        <MessageBar
          layout="multiline"
          intent="warning"
          data-testid="stale"
          data-failure={directory.failure.kind}
        >
          {/* What went wrong, once and with its detail, then how old the list is (rev14b #6). */}
          <MessageBarBody>
            {describeFailure(t, directory.failure)}{" "}
            {t.directory.asOf(t.formatTime(directory.fetchedAt))}
          </MessageBarBody>
          {retry}
        </MessageBar>
      )}
      {directory.status === "failed" && (
        <MessageBar
          layout="multiline"
          intent="error"
          data-testid="failed"
          data-failure={directory.failure.kind}
        >
          <MessageBarBody>
            <MessageBarTitle>{t.directory.failedTitle}</MessageBarTitle>
            {describeFailure(t, directory.failure)}
          </MessageBarBody>
          {retry}
        </MessageBar>
      )}
      {directory.status === "notPublished" && (
        <MessageBar layout="multiline" intent="info" data-testid="not-published">
          <MessageBarBody>
            <MessageBarTitle>{t.directory.notPublishedTitle}</MessageBarTitle>
            {t.directory.notPublished}
          </MessageBarBody>
        </MessageBar>
      )}
      {notes.map((note) => (
        <MessageBar layout="multiline" intent="warning" key={`${note.code}:${note.address}`}>
          <MessageBarBody>
            {note.code === "duplicateMailbox"
              ? t.directory.duplicate(note.address)
              : t.directory.suspiciousAddress(note.address)}{" "}
            {t.directory.tellAdmin}
          </MessageBarBody>
        </MessageBar>
      ))}
    </div>
  );
});
