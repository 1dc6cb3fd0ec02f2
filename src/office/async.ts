/** An Office.js call that reported failure, with Office's error code (e.g. 9021) when it gave one. */
export class OfficeCallError extends Error {
  constructor(
    readonly code: number | undefined,
    message: string
  ) {
    super(message);
    this.name = "OfficeCallError";
  }
}

/**
 * Turns an Office.js callback API into a promise. Errors become rejections: throwing inside the
 * callback (as the official template does) escapes any try/catch around the call.
 */
export function callAsync<T>(
  invoke: (callback: (result: Office.AsyncResult<T>) => void) => void
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      invoke((result) => {
        if (result.status === Office.AsyncResultStatus.Succeeded) resolve(result.value);
        else
          reject(
            new OfficeCallError(result.error?.code, result.error?.message ?? "Office call failed")
          );
      });
    } catch (e) {
      reject(e);
    }
  });
}
