// The diagnostics as text (core/diagnostics.ts keeps the log): read only when a person presses
// "Copy diagnostics" in the pane, or by the event runtime's console sink. Its own module so the
// pane loads it after the first paint, with the clipboard (taskpane/useDiagnostics.ts), not in
// the first load.
import { DiagnosticEvent, scrub } from "./diagnostics";

/** One line per event: `time area.event name [code] HTTP status request-id id: message`. */
export function formatDiagnosticEvent(e: DiagnosticEvent): string {
  return (
    `${e.time} ${e.area}.${e.event} ${e.name}` +
    (e.code ? ` [${e.code}]` : "") +
    (e.status ? ` HTTP ${e.status}` : "") +
    (e.requestId ? ` request-id ${e.requestId}` : "") +
    (e.message ? `: ${e.message}` : "")
  );
}

/**
 * The text "Copy diagnostics" puts on the clipboard: a heading, facts about the runtime
 * (`about`, values scrubbed too), then the events, oldest first.
 */
export function diagnosticsText(
  events: readonly DiagnosticEvent[],
  about: Readonly<Record<string, string>>,
  now: Date
): string {
  const lines = [`Send From diagnostics, ${now.toISOString()}`];
  for (const [key, value] of Object.entries(about)) lines.push(`${key}: ${scrub(value)}`);
  lines.push(
    events.length
      ? `${events.length} recorded failures, oldest first:`
      : "No failures recorded since the pane opened."
  );
  for (const e of events) lines.push(formatDiagnosticEvent(e));
  return lines.join("\n");
}
