import type { EventTexts } from "./types";

/** The event handlers' texts in German (types.ts EventTexts). */
export const deEvents: EventTexts = {
  recipientsSendAs: (mailbox) => `Send From: Empfänger sehen nur ${mailbox} als Absender.`,
  recipientsSendOnBehalf: (user, mailbox) =>
    `Send From: Empfänger sehen „${user} im Auftrag von ${mailbox}“.`,
  copyMine: (mailbox) =>
    `Send From: Die Kopie landet in Ihren Gesendeten Elementen, nicht in denen von ${mailbox}.`,
  copyBoth: (mailbox) =>
    `Send From: Die Kopie landet in Ihren Gesendeten Elementen und in denen von ${mailbox}.`,
  deniedFullAccessOnly: (mailbox) =>
    `Von ${mailbox} kann nicht gesendet werden: Vollzugriff erlaubt kein Senden. Bitten Sie um ein Senderecht.`,
  deniedUnknown: (address) =>
    `Von ${address} kann nicht gesendet werden: Sie haben dafür kein Senderecht. Fragen Sie Ihren Administrator.`,
  blockedFullAccessOnly: (mailbox, address) =>
    `Sie können nicht aus ${mailbox} (${address}) senden. Sie haben Vollzugriff darauf, aber weder „Senden als“ noch „Senden im Auftrag von“, daher würde Exchange die Nachricht ablehnen (ErrorSendAsDenied). Wählen Sie ein Postfach, aus dem Sie senden dürfen, oder bitten Sie Ihren Administrator um „Senden als“ oder „Senden im Auftrag von“.`,
  blockedFullAccessOnlyMarkdown: (mailbox, address) =>
    `Sie können nicht aus **${mailbox}** (${address}) senden.\n\nSie haben **Vollzugriff** darauf, aber weder **Senden als** noch **Senden im Auftrag von**, daher würde Exchange die Nachricht ablehnen (ErrorSendAsDenied).\n\nWählen Sie ein Postfach, aus dem Sie senden dürfen, oder bitten Sie Ihren Administrator um das Recht.`,
  blockedUnknown: (address) =>
    `Sie können nicht aus ${address} senden: Das Verzeichnis Ihres Administrators führt für Sie dort weder „Senden als“ noch „Senden im Auftrag von“, daher würde Exchange die Nachricht ablehnen (ErrorSendAsDenied). Wählen Sie ein Postfach, aus dem Sie senden dürfen, oder bitten Sie Ihren Administrator um das Recht.`,
  blockedUnknownMarkdown: (address) =>
    `Sie können nicht aus **${address}** senden.\n\nDas Verzeichnis Ihres Administrators führt für Sie dort weder **Senden als** noch **Senden im Auftrag von**, daher würde Exchange die Nachricht ablehnen (ErrorSendAsDenied).\n\nWählen Sie ein Postfach, aus dem Sie senden dürfen, oder bitten Sie Ihren Administrator um das Recht.`,
  directoryTooLarge:
    "Send From kann Ihre Postfachliste nicht lesen (zu groß): Das Senden aus anderen Postfächern wird nicht geprüft. Informieren Sie Ihren Administrator.",
  fromUnchecked: (address) =>
    `Send From kann nicht prüfen, ob Sie von ${address} senden dürfen: Ihre Postfachliste fehlt gerade. Beim Senden wird neu geprüft.`,
  fromPersonUncertain: (address) =>
    `Send From weiß nicht, ob ${address} Ihre Adresse ist oder ein Postfach, aus dem Sie senden dürfen. Beim Senden wird neu geprüft.`,
  mayHaveBeenSent: (mailbox) =>
    `Send From hat diese Nachricht möglicherweise bereits von ${mailbox} gesendet: Die Antwort ging verloren. Erneutes Senden stellt eventuell eine zweite Kopie zu. Sehen Sie zuerst in „Gesendete Elemente“ nach: Öffnen Sie Send From, und wählen Sie „Gesendete Elemente prüfen“.`,
  warnedInferredFrom: (address) =>
    `Outlook sendet diese Nachricht möglicherweise aus ${address}, dem Postfach, in dem sie liegt, und dort haben Sie weder „Senden als“ noch „Senden im Auftrag von“, daher würde Exchange sie ablehnen (ErrorSendAsDenied). Wenn Sie im Feld „Von“ Ihre eigene Adresse gewählt haben, wählen Sie „Trotzdem senden“. Sonst wählen Sie ein Postfach, aus dem Sie senden dürfen.`,
  alreadySent: (mailbox) =>
    `Send From hat diese Nachricht bereits von ${mailbox} gesendet. Erneutes Senden stellt eine zweite Kopie zu: Verwerfen Sie stattdessen diesen Entwurf mit „Verwerfen“ in Outlook.`,
  warnedPersonUncertain: (address) =>
    `Send From kann nicht prüfen, ob Sie aus ${address} senden dürfen: Outlook hat nicht mitgeteilt, in welchem Postfach diese Nachricht liegt. Wenn das Ihre eigene Adresse ist oder Sie dafür „Senden als“ oder „Senden im Auftrag von“ haben, wählen Sie „Trotzdem senden“. Sonst wählen Sie ein Postfach, aus dem Sie senden dürfen.`,
  warnedAccountNotProfile: (address, account) =>
    `Send From kann nicht bestätigen, dass ${address} Ihre Adresse ist: Outlook ist als ${account} angemeldet. Wenn das Ihre eigene Adresse ist oder Sie dafür „Senden als“ oder „Senden im Auftrag von“ haben, wählen Sie „Trotzdem senden“. Sonst wählen Sie ein Postfach, aus dem Sie senden dürfen.`,
  blockedUnavailable: (address) =>
    `Send From konnte nicht prüfen, ob Sie aus ${address} senden dürfen, und Ihre Organisation erlaubt kein ungeprüftes Senden. Versuchen Sie es gleich erneut, oder wählen Sie Ihre eigene Adresse.`,
  dontSend: "Nicht senden",
  pickMailbox: "Postfach wählen",
};
