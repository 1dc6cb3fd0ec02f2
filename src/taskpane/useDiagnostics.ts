import { useCallback, useMemo, useState } from "react";
import { diagnostics, diagnosticsText, recordFailure } from "../core/diagnostics";
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

/** "Copy diagnostics": the last recorded failures as text, on the clipboard through the host. */
export function useDiagnostics(host: PaneHost): DiagnosticsModel {
  const [status, setStatus] = useState<DiagnosticsModel["status"]>("idle");
  const [text, setText] = useState("");

  const copy = useCallback(async () => {
    if (!host.copyText) return;
    // Back to idle first, so a second copy is announced again by the live region.
    setStatus("idle");
    const current = diagnosticsText(diagnostics.entries(), host.about?.() ?? {}, host.now());
    setText(current);
    try {
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
