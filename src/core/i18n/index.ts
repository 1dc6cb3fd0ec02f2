import { en } from "./en";
import type { Messages } from "./types";

export type { AdviceValues, Messages } from "./types";

const catalogues: Record<string, Messages> = { en };

/** The catalogue for Office.context.displayLanguage ("de-DE", "fr-fr"…), falling back to English. */
export function messagesFor(displayLanguage: string | undefined): Messages {
  const language = (displayLanguage ?? "").toLowerCase().split(/[-_]/)[0];
  return catalogues[language] ?? en;
}
