import { de } from "./de";
import { en } from "./en";
import { fr } from "./fr";
import { Language, languageOf } from "./languages";
import type { Messages } from "./types";

export type { AdviceValues, Messages } from "./types";
export { languageOf } from "./languages";

const catalogues: Record<Language, Messages> = { en, de, fr };

/**
 * Every catalogue at hand, for the event handlers (one file, no chunks). The task pane loads
 * only the one it needs (src/taskpane/load-messages.ts).
 */
export function messagesFor(displayLanguage: string | undefined): Messages {
  return catalogues[languageOf(displayLanguage)];
}
