import { useCallback, useMemo, useState } from "react";
import { diagnostics, recordFailure } from "../core/diagnostics";
import type { PaneHost } from "./host";

export interface DiagnosticsModel {
  /** Whether the host can copy at all (the action is shown only then). */
  available: boolean;
  /** "copied" after a copy worked; "failed" when the clipboard refused (then `text` is shown). */
  status: "idle" | "copied" | "failed";
  /** The text last copied or offered: the runtime's diagnostics, scrubbed (src/core/diagnostics.ts). */
  text: string;
  copy(): void;
}

let textModule: typeof import("../core/diagnostics-text") | undefined;

/**
 * Loads how the diagnostics are written as text (core/diagnostics-text.ts), in the clipboard's
 * chunk: index.tsx asks for it after the first paint, so by the time a person presses Copy it is
 * there and the copy runs inside the click, where Safari allows the clipboard (see index.tsx).
 * Rejects when the chunk cannot be fetched (offline); a later call tries again.
 */
export function loadDiagnosticsText(): Promise<typeof import("../core/diagnostics-text")> {
  return import(/* webpackChunkName: "clipboard" */ "../core/diagnostics-text").then(
    (m) => (textModule = m)
  );
}

/** "Copy diagnostics": the last recorded failures as text, on the clipboard through the host. */
export function useDiagnostics(host: PaneHost): DiagnosticsModel {
  const [status, setStatus] = useState<DiagnosticsModel["status"]>("idle");
  const [text, setText] = useState("");

  const copy = useCallback(async () => {
    if (!host.copyText) return;
    // Back to idle first, so a second copy is announced again by the live region.
    setStatus("idle");
    try {
      // Already loaded after the first paint; awaited only when pressed before that.
      const { diagnosticsText } = textModule ?? (await loadDiagnosticsText());
      const current = diagnosticsText(diagnostics.entries(), host.about?.() ?? {}, host.now());
      setText(current);
      await host.copyText(current);
      setStatus("copied");
    } catch (e) {
      recordFailure("pane", "copyDiagnostics", e);
      setStatus("failed");
    }
  }, [host]);

  // One object per change, so the help area is not drawn again on every keystroke (issue 14).
  return useMemo(
    () => ({ available: !!host.copyText, status, text, copy: () => void copy() }),
    [host, status, text, copy]
  );
}
