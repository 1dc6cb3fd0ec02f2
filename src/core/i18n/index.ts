import { de } from "./de";
import { en } from "./en";
import { deEvents } from "./events-de";
import { enEvents } from "./events-en";
import { frEvents } from "./events-fr";
import { fr } from "./fr";
import { Language, languageOf } from "./languages";
import type { EventMessages } from "./types";

export type { AdviceValues, EventMessages, EventTexts, Messages, SendProblemTexts } from "./types";
export { languageOf } from "./languages";

const catalogues: Record<Language, EventMessages> = {
  en: { ...en, events: enEvents },
  de: { ...de, events: deEvents },
  fr: { ...fr, events: frEvents },
};

/**
 * Every catalogue at hand, with the event handlers' texts, for the event handlers (one file, no
 * chunks). The task pane loads only its own catalogue, without them (src/taskpane/load-messages.ts).
 */
export function messagesFor(displayLanguage: string | undefined): EventMessages {
  return catalogues[languageOf(displayLanguage)];
}
