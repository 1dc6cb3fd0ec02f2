import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import type { Messages } from "../core/i18n";
import { App } from "./components/App";
import { HelpSection } from "./components/HelpSection";
import { SendPanel } from "./components/SendPanel";
import type { PaneHost } from "./host";
import { MessagesProvider } from "./messages";
import { useDiagnostics } from "./useDiagnostics";
import { usePane } from "./usePane";
import { useSend } from "./useSend";

interface Props {
  host: PaneHost;
  messages: Messages;
  dark: boolean;
}

/** The whole task pane for a host: theme, language, state. */
export function Pane({ host, messages, dark }: Props) {
  const model = usePane(host);
  const send = useSend(
    host,
    model.selected,
    "shard" in model.directory ? model.directory.shard.generatedAt : undefined,
    model.user.address
  );
  const diagnostics = useDiagnostics(host);
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} dir="ltr" lang={messages.locale}>
      <MessagesProvider value={messages}>
        <App
          model={model}
          rejectedDirectory={host.rejectedDirectory}
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
