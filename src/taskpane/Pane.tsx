import { FluentProvider, Theme, webLightTheme } from "@fluentui/react-components";
import { useMemo } from "react";
import type { Messages } from "../core/i18n";
import { ColorScheme, useColorScheme, usePageTheme } from "./color-scheme";
import { App } from "./components/App";
import { HelpSection } from "./components/HelpSection";
import { SendPanel } from "./components/SendPanel";
import type { PaneHost } from "./host";
import { MessagesProvider } from "./messages";
import { useDiagnostics } from "./useDiagnostics";
import { usePane } from "./usePane";
import { useSend } from "./useSend";
import { useRightsSeen } from "./useRightsSeen";

interface Props {
  host: PaneHost;
  messages: Messages;
  /**
   * Fluent theme; light when absent. The dark theme is a chunk of its own (dark-theme.ts) that
   * index.tsx loads before the first paint only for dark Office themes: it is about 1.7 KB
   * gzip of the 100 KB first-load budget that light-theme users would otherwise pay for.
   */
  theme?: Theme;
  /**
   * Followed while the pane is open (Outlook's theme-change event, or the OS's colour scheme
   * where Office gives no theme): the pane turns dark or light without being reopened.
   */
  colorScheme?: ColorScheme;
  /** Loads the dark theme's chunk for `colorScheme`; resolves undefined when it cannot (light). */
  loadDarkTheme?: () => Promise<Theme | undefined>;
}

/** The whole task pane for a host: theme, language, state. */
export function Pane({
  host,
  messages,
  theme: initialTheme = webLightTheme,
  colorScheme,
  loadDarkTheme,
}: Props) {
  const theme = useColorScheme(initialTheme, colorScheme, loadDarkTheme);
  usePageTheme(theme);
  const model = usePane(host);
  const shard = "shard" in model.directory ? model.directory.shard : null;
  // "Wait and try again" is keyed on when a right was first seen listed, not on the shard's age.
  const seen = useRightsSeen(host.paneStorage, model.user.address, shard, host.now);
  const selected = model.selected;
  const since = useMemo(
    () => (selected && seen ? seen(selected.address, selected.rights) : undefined),
    [selected, seen]
  );
  const send = useSend(host, selected, shard?.generatedAt, model.user.address, since);
  const diagnostics = useDiagnostics(host);
  return (
    <FluentProvider theme={theme} dir="ltr" lang={messages.locale}>
      <MessagesProvider value={messages}>
        <App
          model={model}
          rejectedDirectory={host.rejectedDirectory}
          onNotYou={host.notYou}
          sending={send.state.status === "working"}
          help={<HelpSection diagnostics={diagnostics} />}
          renderSend={(mailbox) =>
            send.plan && (
              <SendPanel
                mailbox={mailbox}
                user={model.user.displayName}
                plan={send.plan}
                send={send}
              />
            )
          }
        />
      </MessagesProvider>
    </FluentProvider>
  );
}
