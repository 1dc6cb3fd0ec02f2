import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { Messages } from "../core/i18n";
import type { Mailbox } from "../core/model";
import { App } from "./components/App";
import type { PaneHost } from "./host";
import { MessagesProvider } from "./messages";
import { usePane } from "./usePane";

interface Props {
  host: PaneHost;
  messages: Messages;
  dark: boolean;
  renderSend?: (mailbox: Mailbox) => ReactNode;
}

/** The whole task pane for a host: theme, language, state. */
export function Pane({ host, messages, dark, renderSend }: Props) {
  const model = usePane(host);
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} dir="ltr" lang={messages.locale}>
      <MessagesProvider value={messages}>
        <App model={model} rejectedDirectory={host.rejectedDirectory} renderSend={renderSend} />
      </MessagesProvider>
    </FluentProvider>
  );
}
