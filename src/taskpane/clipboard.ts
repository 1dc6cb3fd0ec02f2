import { recordFailure } from "../core/diagnostics";

/**
 * Puts text on the clipboard: the Clipboard API first, else the older copy command on a
 * selected, invisible text area. Outlook hosts the pane in an iframe (Outlook on the web, new
 * Outlook) or a WebView, where the Clipboard API may be missing or refused for want of the
 * clipboard-write permission (developer.mozilla.org/docs/Web/API/Clipboard/writeText: "Security
 * considerations"). Rejects when neither works; focus returns to where it was.
 */
export async function copyText(text: string, doc: Document = document): Promise<void> {
  const clipboard = doc.defaultView?.navigator.clipboard;
  if (clipboard?.writeText) {
    try {
      return await clipboard.writeText(text);
    } catch (e) {
      recordFailure("pane", "clipboardApi", e);
    }
  }
  const focused = doc.activeElement as HTMLElement | null;
  const area = doc.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.setAttribute("aria-hidden", "true");
  area.style.position = "fixed";
  area.style.top = "0";
  area.style.opacity = "0";
  doc.body.appendChild(area);
  try {
    area.select();
    if (typeof doc.execCommand !== "function" || !doc.execCommand("copy"))
      throw new Error("The copy command was refused.");
  } finally {
    area.remove();
    focused?.focus?.();
  }
}
