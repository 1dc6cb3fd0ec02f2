import { Textarea } from "@fluentui/react-components";

/**
 * The diagnostics text to copy by hand, shown only when the clipboard refused it (HelpSection).
 * Its own chunk: Fluent's Textarea is needed on that rare path only, not on the pane's first load.
 */
export default function DiagnosticsText(props: { className: string; label: string; text: string }) {
  return (
    <Textarea
      className={props.className}
      aria-label={props.label}
      readOnly
      resize="vertical"
      value={props.text}
    />
  );
}
