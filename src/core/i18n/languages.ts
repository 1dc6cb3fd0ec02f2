/** The languages with a catalogue. */
export type Language = "en" | "de" | "fr";

/** The catalogue for Office.context.displayLanguage ("de-DE", "fr-fr"…): English when there is none. */
export function languageOf(displayLanguage: string | undefined): Language {
  const language = (displayLanguage ?? "").toLowerCase().split(/[-_]/)[0];
  return language === "de" || language === "fr" ? language : "en";
}
