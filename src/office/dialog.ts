import { OfficeCallError } from "./async";

/**
 * Opens an Office dialog (Office.context.ui.displayDialogAsync) and resolves with the first message
 * the page sends with messageParent. Rejects with an OfficeCallError carrying Office's code:
 * 12006 the user closed it, 12009 the user ignored it, 12002 the page was not found, 12007 a
 * dialog is already open.
 */
export function openDialog(url: string, size = { height: 60, width: 30 }): Promise<string> {
  return new Promise((resolve, reject) => {
    Office.context.ui.displayDialogAsync(url, { ...size, promptBeforeOpen: false }, (result) => {
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
        dialog.close();
        resolve("message" in arg ? arg.message : "");
      });
      dialog.addEventHandler(Office.EventType.DialogEventReceived, (arg) => {
        const code = "error" in arg ? arg.error : undefined;
        reject(
          new OfficeCallError(
            code,
            code === 12006 ? "The dialog was closed." : "The dialog failed."
          )
        );
      });
    });
  });
}

/** From inside a dialog: sends the result to the page that opened it. */
export function messageParent(message: string): void {
  Office.context.ui.messageParent(message);
}
