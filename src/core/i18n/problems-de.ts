import { formatIn, formatNumber } from "./format";
import { de } from "./de";
import type { SendProblemTexts } from "./types";

/**
 * The send problems' texts (de) beyond the few the pane's first load carries (send.problem:
 * network, unknownOutcome, other): loaded with the pane's first render, in their own chunk
 * (src/taskpane/problem-texts.ts), so the long explanations stay out of the first paint.
 */
export const deProblems: SendProblemTexts = {
  ...de.send.problem,
  sendAsDenied: ({ mailbox }) =>
    `Exchange hat abgelehnt: Sie haben für ${mailbox} weder „Senden als“ noch „Senden im Auftrag von“ (ErrorSendAsDenied). Wenn das Recht in der letzten Stunde erteilt wurde, warten Sie, und versuchen Sie es erneut.`,
  rightNotActiveYet: ({ mailbox, seconds, fullAccess, offerMode }) =>
    fullAccess
      ? `Exchange lässt Sie noch nicht in ${mailbox} schreiben, obwohl Ihr Verzeichnis, vor weniger als zwei Stunden aktualisiert, Ihren Vollzugriff aufführt: Ein neu erteiltes Recht kann bis zu zwei Stunden brauchen, bis es wirkt. Es wurde nichts gesendet. ${offerMode === "mine" ? "„Kopie in meinen Gesendeten Elementen“ braucht keinen Vollzugriff, oder warten Sie" : "Warten Sie,"} und versuchen Sie es${seconds ? ` ${formatIn(de.locale, seconds)}` : " später"} erneut.`
      : `Exchange lässt Sie noch nicht von ${mailbox} senden, obwohl Ihr Verzeichnis, vor weniger als zwei Stunden aktualisiert, das Recht aufführt: Ein neu erteiltes Recht kann bis zu zwei Stunden brauchen, bis es wirkt. Es wurde nichts gesendet. Warten Sie, und versuchen Sie es${seconds ? ` ${formatIn(de.locale, seconds)}` : " später"} erneut.`,
  noFullAccess: ({ mailbox }) =>
    `Das Senden über ${mailbox} selbst erfordert Vollzugriff, den Sie nicht haben. Wählen Sie stattdessen „Kopie in meinen Gesendeten Elementen“, oder bitten Sie um Vollzugriff.`,
  draftNotFound: () =>
    "Die von Outlook gespeicherte Kopie dieser Nachricht wurde in Ihrem Postfach nicht gefunden. Ändern Sie die Nachricht geringfügig, und versuchen Sie es erneut.",
  draftNotSaved: () =>
    "Outlook konnte die Nachricht vor dem Senden nicht speichern, daher wurde nichts gesendet. Prüfen Sie Ihre Verbindung, und versuchen Sie es erneut.",
  mailboxNotEnabled: ({ mailbox }) =>
    `${mailbox} kann über den E-Mail-Dienst von Microsoft 365 nicht verwendet werden: Es ist inaktiv, gelöscht oder liegt auf einem lokalen Server.`,
  messageTooLarge: () =>
    "Die Nachricht ist größer, als dieses Postfach senden darf. Entfernen oder verkleinern Sie Anlagen, oder bitten Sie Ihren Administrator, das Limit zu erhöhen.",
  throttled: ({ seconds }) =>
    `${seconds && seconds >= 3600 ? "Microsoft 365 begrenzt vorerst, wie viel dieses Postfach sendet." : "Microsoft 365 begrenzt, wie schnell dieses Postfach sendet (höchstens 30 Nachrichten pro Minute)."}${seconds ? ` Versuchen Sie es ${formatIn(de.locale, seconds)} erneut.` : " Versuchen Sie es in einer Minute erneut."}`,
  serviceUnavailable: () =>
    "Bei Microsoft 365 ist ein Problem aufgetreten. Versuchen Sie es in einer Minute erneut.",
  provenUnsent: ({ mailbox }) =>
    `Nicht gesendet: Eine Minute nach dem Verbindungsabbruch ist die Nachricht noch ein Entwurf und es gibt keine gesendete Kopie, Exchange hat sie also nicht aus ${mailbox} gesendet. Sie können sie jetzt senden.`,
  copyRemoved: ({ mailbox }) =>
    `Nicht gesendet: Die Kopie in den Entwürfen von ${mailbox} wurde entfernt, bevor sie gesendet werden konnte. Sie können die Nachricht jetzt senden.`,
  signInCancelled: () => "Die Anmeldung wurde abgebrochen, daher wurde nichts gesendet.",
  signInBlocked: () =>
    "Das Anmeldefenster wurde blockiert. Lassen Sie Popups für Outlook zu, und versuchen Sie es erneut.",
  consentRequired: ({ scope }) =>
    scope
      ? `Send From fehlt die Berechtigung ${scope}, die es dafür braucht, daher wurde nichts gesendet. Bitten Sie Ihren Administrator, Send From in Microsoft Entra die Berechtigung ${scope} zu erteilen (Unternehmensanwendungen, Send From, Berechtigungen).`
      : "Send From darf noch keine E-Mails für Sie senden. Bitten Sie Ihren Administrator, Send From in Microsoft Entra zuzustimmen (Unternehmensanwendungen, Send From, Berechtigungen).",
  adminConsentRequired: () =>
    "In dieser Organisation kann nur ein Administrator Send From das Senden von E-Mails für Sie erlauben. Bitten Sie Ihren Administrator, Send From in Microsoft Entra die Administratorzustimmung zu erteilen (Unternehmensanwendungen, Send From, Berechtigungen).",
  signInUnsupported: () =>
    "Dieses Outlook kann Add-Ins nicht bei Microsoft 365 anmelden (es unterstützt weder die Authentifizierung geschachtelter Apps noch Add-In-Dialoge). Verwenden Sie Outlook im Web oder das neue Outlook, oder aktualisieren Sie Outlook.",
  signInFailed: () =>
    "Die Anmeldung bei Microsoft 365 ist fehlgeschlagen. Versuchen Sie es erneut; wenn es weiter fehlschlägt, melden Sie sich bei Outlook ab und wieder an.",
  draftChanged: () =>
    "Ihre Nachricht wurde geändert, während Send From sie gesendet hat, daher wurde nichts gesendet: Send From sendet nur, was das Nachrichtenfenster zeigt. Schließen Sie Ihre Änderungen ab und versuchen Sie es erneut.",
  draftNotUploaded: () =>
    "Outlook hat Ihren Entwurf oder Ihre letzten Änderungen daran noch nicht zu Microsoft 365 hochgeladen (Outlook im Exchange-Cache-Modus speichert ihn zuerst auf Ihrem Computer), daher wurde nichts gesendet. Warten Sie einen Moment, prüfen Sie, ob Outlook verbunden ist, und versuchen Sie es erneut.",
  draftNotStamped: () =>
    "Outlook hat Send From nicht erlaubt, diese Speicherung Ihres Entwurfs zu kennzeichnen, daher kann Send From sie nicht von einer älteren Kopie in Microsoft 365 unterscheiden, und es wurde nichts gesendet. Versuchen Sie es erneut; wenn es weiter passiert, senden Sie die Nachricht mit der Senden-Schaltfläche von Outlook.",
  draftHeadersUnreadable: ({ mailbox, offerMode }) =>
    `Send From konnte die Internetkopfzeilen Ihres Entwurfs nicht aus Microsoft 365 lesen (dort liegen eigene x-Kopfzeilen und die Vertraulichkeitsbezeichnung), daher wurde die Nachricht nicht ohne sie in ${mailbox} neu erstellt. Es wurde nichts gesendet. Versuchen Sie es erneut${offerMode === "mine" ? " oder verwenden Sie „Kopie in meinen Gesendeten Elementen“, das Ihre Nachricht so sendet, wie sie ist" : ""}.`,
  draftInOtherMailbox: ({ mailbox, draft }) =>
    draft
      ? `Outlook hat diese Nachricht in den Entwürfen von ${draft} gespeichert (sie wurde dort verfasst), daher kann Send From sie nicht von ${mailbox} senden, und es wurde nichts gesendet. Senden Sie sie mit der Senden-Schaltfläche von Outlook oder wählen Sie ein Postfach mit Vollzugriff.`
      : "Outlook hat diese Nachricht in den Entwürfen eines anderen Postfachs gespeichert (sie wurde in einem freigegebenen Postfach verfasst), ohne zu sagen, in welchem, daher konnte Send From sie nicht finden, und es wurde nichts gesendet. Erneutes Speichern ändert daran nichts: Senden Sie sie mit der Senden-Schaltfläche von Outlook oder beginnen Sie die Nachricht in Ihrem eigenen Postfach.",
  draftNeedsMailboxMode: ({ mailbox, draft }) =>
    `Outlook hat diese Nachricht in den Entwürfen von ${draft ?? "einem anderen Postfach"} gespeichert (sie wurde dort verfasst), daher kann „Kopie in meinen Gesendeten Elementen“ sie nicht senden, und es wurde nichts gesendet. „Kopie in den Gesendeten Elementen von ${mailbox}“ kann es: Es sendet den Entwurf von dort.`,
  draftOwnerUnknown: ({ mailbox }) =>
    `Outlook hat diese neue Nachricht in den Entwürfen eines freigegebenen Postfachs gespeichert, ohne zu sagen, welches (bei einer gerade begonnenen Nachricht sagt es das nicht), und in den Entwürfen von ${mailbox} liegt sie nicht, daher wurde nichts gesendet. Schließen Sie die Nachricht, öffnen Sie sie erneut aus dem Ordner „Entwürfe“ dieses Postfachs und senden Sie sie von dort mit Send From, oder verwenden Sie die Senden-Schaltfläche von Outlook.`,
  draftReadDenied: () =>
    "Microsoft 365 hat Send From den Zugriff auf Ihren gespeicherten Entwurf verweigert, obwohl Send From die nötige Berechtigung hat, daher wurde nichts gesendet. Wenn Sie die Nachricht in einem freigegebenen Postfach verfasst haben, liegt sie in dessen Entwürfen: Senden Sie sie mit der Senden-Schaltfläche von Outlook. Andernfalls warten Sie einen Moment und versuchen Sie es erneut.",
  draftReadDeniedAgain: () =>
    "Microsoft 365 hat Send From den Zugriff auf Ihren gespeicherten Entwurf erneut verweigert, daher wurde nichts gesendet. Die Verweigerung bleibt bestehen, ein weiterer Versuch hilft nicht: Senden Sie die Nachricht mit der Senden-Schaltfläche von Outlook, und geben Sie Ihrem Administrator die Details unten.",
  recipientsRefused: () =>
    "Exchange hat die Empfänger abgelehnt, daher wurde nichts gesendet: Die Nachricht hat noch keine (eine Weiterleitung beginnt ohne Empfänger), oder eine Adresse ist ungültig. Fügen Sie einen Empfänger hinzu oder korrigieren Sie die Adresse, und senden Sie dann erneut.",
  draftMailboxDenied: () =>
    "Outlook hat diese Nachricht in den Entwürfen des Postfachs gespeichert, in dem sie verfasst wurde, und Exchange lässt Send From sie dort nicht lesen: Dafür ist Vollzugriff auf dieses Postfach nötig, den Sie nicht haben. Es wurde nichts gesendet. Senden Sie sie mit der Senden-Schaltfläche von Outlook oder bitten Sie Ihren Administrator um Vollzugriff.",
  uploadDenied: ({ mailbox, keepsCopy }) =>
    `Microsoft 365 hat das Hochladen einer großen Anlage in ${mailbox} verweigert (eine bekannte Einschränkung bei freigegebenen Postfächern), daher wurde nichts gesendet. „Kopie in meinen Gesendeten Elementen“ sendet die Nachricht mit ihren Anlagen${keepsCopy ? `, und ${mailbox} behält trotzdem eine Kopie in seinen Gesendeten Elementen.` : `; die Kopie geht dann nur in Ihre Gesendeten Elemente, es sei denn, ein Administrator lässt ${mailbox} ebenfalls eine Kopie behalten.`}`,
  draftElsewhereCannotCarry: ({ mailbox, draft, parts, label, headers }) => {
    const lost = [
      ...(parts ?? []),
      ...(label ? ["ihre Vertraulichkeitsbezeichnung"] : []),
      ...(headers ? [`ihre ${formatNumber(de.locale, headers)} eigenen x-Kopfzeilen`] : []),
    ];
    return `Outlook hat diese Nachricht in den Entwürfen von ${draft ?? "einem anderen Postfach"} gespeichert (sie wurde dort geschrieben). Send From kann sie von ${mailbox} nur senden, indem es sie dort neu anlegt, und dabei ginge ein Teil verloren${lost.length ? `: ${lost.join(", ")}` : " (eine große Anlage, die Microsoft 365 dort nicht hochlädt)"}. Es wurde nichts gesendet. Senden Sie sie von ${draft ?? "dem Postfach, in dem sie geschrieben wurde"}, wo sie liegt, oder mit der Senden-Schaltfläche von Outlook.`;
  },
  modeCannotCarry: ({ mailbox, parts, label, headers }) => {
    const lost = [
      ...(parts ?? []),
      ...(label ? ["ihre Vertraulichkeitsbezeichnung"] : []),
      ...(headers ? [`ihre ${formatNumber(de.locale, headers)} eigenen x-Kopfzeilen`] : []),
    ];
    return `„Kopie in den Gesendeten Elementen von ${mailbox}“ würde einen Teil dieser Nachricht verlieren${lost.length ? `: ${lost.join(", ")}` : ""}. Microsoft 365 verliert in einer neu erstellten Nachricht ${label ? "Vertraulichkeitsbezeichnungen und " : ""}ein eingebettetes Bild ab 3 MB und kann weder den Link einer Cloud-Anlage noch eine angehängte Nachricht ab 3 MB oder die Anlagen einer angehängten Nachricht kopieren.${headers ? " Eine neu erstellte Nachricht kann höchstens 5 eigene x-Kopfzeilen tragen." : ""} „Kopie in meinen Gesendeten Elementen“ sendet Ihre Nachricht so, wie sie ist.`;
  },
};
