import { recordFailure } from "../core/diagnostics";
import { OfficeCallError } from "./async";

/** The host has no Office dialog API (Office.context.ui.displayDialogAsync). */
export class DialogUnavailableError extends Error {
  constructor() {
    super("This version of Outlook cannot open an add-in dialog.");
    this.name = "DialogUnavailableError";
  }
}

export interface DialogSize {
  /** Percent of the screen. */
  height: number;
  width: number;
}

/**
 * Opens an Office dialog (Office.context.ui.displayDialogAsync) and resolves with the first message
 * the page sends with messageParent. Rejects with a DialogUnavailableError where the host has no
 * dialog API, else with an OfficeCallError carrying Office's code: 12004/12005 the URL is not on
 * the add-in's https domain, 12007 a dialog is already open, 12009 the user ignored it, 12011 the
 * browser blocks pop-ups, 12002 the page did not load, 12006 the user closed it.
 *
 * Office on the web's own "allow this window?" prompt stays on (promptBeforeOpen's default): by
 * the time sign-in needs a dialog the click that started the send is long gone, and a pop-up
 * opened without it is what browsers block.
 */
export function openDialog(
  url: string,
  size: DialogSize = { height: 60, width: 30 }
): Promise<string> {
  return new Promise((resolve, reject) => {
    const ui = typeof Office === "undefined" ? undefined : Office.context?.ui;
    if (typeof ui?.displayDialogAsync !== "function") return reject(new DialogUnavailableError());
    const expectedOrigin = new URL(url).origin;
    let settled = false;
    const settle = (dialog: Office.Dialog, done: () => void) => {
      if (settled) return;
      settled = true;
      try {
        dialog.close();
      } catch (e) {
        // already gone
        recordFailure("office", "dialogClose", e);
      }
      done();
    };
    try {
      ui.displayDialogAsync(url, size, (result) => {
        if (result.status !== Office.AsyncResultStatus.Succeeded) {
          return reject(
            new OfficeCallError(
              result.error?.code,
              result.error?.message ?? "The dialog could not open."
            )
          );
        }
        const dialog = result.value;
        dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg) => {
          if (!("message" in arg)) return;
          // DialogApi 1.2 says who sent it: only our own page speaks for sign-in.
          if (arg.origin && arg.origin !== expectedOrigin) return;
          settle(dialog, () => resolve(String(arg.message)));
        });
        dialog.addEventHandler(Office.EventType.DialogEventReceived, (arg) => {
          const code = "error" in arg ? arg.error : undefined;
          settle(dialog, () =>
            reject(
              new OfficeCallError(
                code,
                code === 12006 ? "The dialog was closed." : `The dialog failed (${code}).`
              )
            )
          );
        });
      });
    } catch (e) {
      reject(e);
    }
  });
}

/** From inside a dialog: sends the result to the page that opened it. */
export function messageParent(message: string): void {
  const ui = typeof Office === "undefined" ? undefined : Office.context?.ui;
  if (typeof ui?.messageParent !== "function") throw new DialogUnavailableError();
  ui.messageParent(message);
}
