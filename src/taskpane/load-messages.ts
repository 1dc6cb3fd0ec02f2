import { en } from "../core/i18n/en";
import { languageOf } from "../core/i18n/languages";
import type { Messages } from "../core/i18n/types";

/** The pane's catalogue: English is built in; German and French load as small chunks when asked for. */
export async function loadMessages(displayLanguage: string | undefined): Promise<Messages> {
  switch (languageOf(displayLanguage)) {
    case "de":
      return (await import(/* webpackChunkName: "messages-de" */ "../core/i18n/de")).de;
    case "fr":
      return (await import(/* webpackChunkName: "messages-fr" */ "../core/i18n/fr")).fr;
    default:
      return en;
  }
}
