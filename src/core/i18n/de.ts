import { formatDateTime, formatDuration, formatIn, formatNumber, plural } from "./format";
import type { Messages } from "./types";

// German, with the terms of German Outlook and Exchange Online: Senden als, Senden im Auftrag
// von, Vollzugriff, Gesendete Elemente, Postfach, Verzeichnis (the published directory);
// Outlook's From field is the Feld „Von“ (German Outlook's label, quoted, never "Von-Feld von").
export const de: Messages = {
  locale: "de-DE",
  kind: {
    user: "Benutzerpostfach",
    shared: "Freigegebenes Postfach",
    room: "Raumpostfach",
    equipment: "Gerätepostfach",
    distributionList: "Verteilerliste",
    securityGroup: "E-Mail-aktivierte Sicherheitsgruppe",
    microsoft365Group: "Microsoft 365-Gruppe",
  },
  right: { SendAs: "Senden als", SendOnBehalf: "Senden im Auftrag von", FullAccess: "Vollzugriff" },
  rightsList(rights) {
    return rights.length ? rights.map((r) => de.right[r]).join(", ") : "Keine Rechte";
  },
  advice: {
    "send.noRight": ({ mailbox }) =>
      `Sie können nicht aus ${mailbox} senden: Das Verzeichnis führt für Sie weder „Senden als“ noch „Senden im Auftrag von“, daher würde Exchange die Nachricht ablehnen (ErrorSendAsDenied). Bitten Sie Ihren Administrator um „Senden als“ oder „Senden im Auftrag von“.`,
    "send.fullAccessOnly": ({ mailbox }) =>
      `Mit Vollzugriff können Sie ${mailbox} öffnen, aber nicht daraus senden: Exchange würde die Nachricht ablehnen (ErrorSendAsDenied). Bitten Sie Ihren Administrator um „Senden als“ oder „Senden im Auftrag von“.`,
    "recipients.sendAs": ({ mailbox }) =>
      `Empfänger sehen nur ${mailbox} als Absender. Ihr Name erscheint nicht.`,
    "recipients.sendOnBehalf": ({ mailbox, user }) =>
      `Empfänger sehen „${user} im Auftrag von ${mailbox}“. Antworten gehen an ${mailbox}.`,
    "recipients.sendAsWins": () =>
      "Sie haben sowohl „Senden als“ als auch „Senden im Auftrag von“. Exchange verwendet „Senden als“.",
    "sentItems.yoursOnly": ({ mailbox }) =>
      `Wenn Outlook sendet, landet die Kopie in Ihren eigenen Gesendeten Elementen, nicht in denen von ${mailbox}.`,
    "sentItems.yoursAndMailbox": ({ mailbox }) =>
      `Wenn Outlook sendet, landet die Kopie in Ihren Gesendeten Elementen, und ${mailbox} behält zusätzlich eine Kopie in seinen eigenen Gesendeten Elementen.`,
    "sentItems.groupHasNone": ({ mailbox, kind }) =>
      `${mailbox} (${de.kind[kind]}) hat keine eigenen Gesendeten Elemente, daher liegt die einzige Kopie in Ihren Gesendeten Elementen.`,
    "fullAccess.missing": ({ mailbox }) =>
      `Sie haben keinen Vollzugriff auf ${mailbox} und können daher nicht über das Postfach selbst senden, um die Kopie in dessen Gesendeten Elementen zu behalten: Das würde fehlschlagen (ErrorAccessDenied).`,
    "fullAccess.present": ({ mailbox }) =>
      `Sie haben Vollzugriff und können daher auch über ${mailbox} selbst senden und die Kopie in dessen Gesendeten Elementen behalten.`,
    "mailbox.hidden": ({ mailbox }) =>
      `${mailbox} ist in Adresslisten ausgeblendet. Outlook für den Desktop kann nicht als oder im Auftrag von ausgeblendeten Postfächern senden; Outlook im Web kann es.`,
    "mailbox.noReply": ({ mailbox }) =>
      `${mailbox} ist ein No-Reply-Postfach: Antworten darauf liest niemand. Schreiben Sie in die Nachricht, wie man Sie erreicht.`,
    "rights.mayNotBeActive": ({ generatedAt }) =>
      `Dieses Verzeichnis wurde am ${generatedAt} erstellt. Kurz zuvor erteilte Rechte können bis zu 60 Minuten brauchen, bis sie wirken; wenn das Senden fehlschlägt, versuchen Sie es später erneut.`,
    "outlookFrom.matches": ({ mailbox }) =>
      `Das Feld „Von“ in Outlook zeigt ${mailbox}: Die Senden-Schaltfläche von Outlook sendet daraus.`,
    "outlookFrom.pickInOutlook": ({ mailbox }) =>
      `Um mit der Senden-Schaltfläche von Outlook zu senden, wählen Sie ${mailbox} im Feld „Von“ in Outlook. Add-Ins können dieses Feld nicht ändern.`,
  },
  problem: {
    tooLarge: ({ bytes, limit }) =>
      `Die Datei ist ${new Intl.NumberFormat("de-DE", { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(bytes / 1048576)} MB groß; das Add-In liest höchstens ${limit / 1048576} MB.`,
    notJson: ({ detail }) => `Die Datei ist kein gültiges JSON (${detail}).`,
    wrongFormat: ({ found }) =>
      `Die Datei ist keine Verzeichnisdatei von Send From (Format: ${found}).`,
    unsupportedVersion: ({ found, supported }) =>
      `Das Verzeichnis hat die Formatversion ${found}; dieses Add-In liest Version ${supported}. Aktualisieren Sie das Add-In, oder veröffentlichen Sie Version ${supported}.`,
    invalid: ({ at, detail }) =>
      `Die Datei entspricht bei ${at} nicht dem Verzeichnisschema: ${detail}.`,
    wrongUser: ({ expected, found }) => `Die Datei gehört zu ${found}, nicht zu ${expected}.`,
  },
  pane: {
    notYou: "Nicht Sie? Mit einem anderen Konto anmelden",
    title: "Senden aus",
    loading: "Die Postfächer, aus denen Sie senden dürfen, werden geladen…",
    outlookFromLabel: "Feld „Von“ in Outlook",
    outlookFromUnknown: "Outlook hat nicht mitgeteilt, welche Adresse im Feld „Von“ steht.",
    outlookFromYou: "Sie",
    outlookFromPermitted: "Sie dürfen daraus senden",
    outlookFromNotPermitted: "Sie dürfen nicht daraus senden",
    outlookFromNotInDirectory: "Nicht in Ihrem Verzeichnis",
    searchLabel: "Postfächer durchsuchen",
    searchPlaceholder: "Name oder Adresse",
    listLabel: "Postfächer, die Sie verwenden dürfen",
    count: (shown, total) => {
      const n = (x: number) => formatNumber(de.locale, x);
      // "von" takes the dative: "1 von 14 Postfächern", but "14 Postfächer" alone.
      if (shown === total)
        return `${n(total)} ${plural(de.locale, total, { one: "Postfach", other: "Postfächer" })}`;
      const dative = plural(de.locale, total, { one: "Postfach", other: "Postfächern" });
      return `${n(shown)} von ${n(total)} ${dative}`;
    },
    noMatches: (query) => `Kein Postfach passt zu „${query}“.`,
    noMailboxes: "Das Verzeichnis führt keine Postfächer für Sie.",
    favouriteMarker: "Favorit",
    recentMarker: "Zuletzt verwendet",
    selectPrompt:
      "Wählen Sie ein Postfach, um zu sehen, wie Empfänger die Nachricht sehen und wohin die gesendete Kopie geht.",
    detailsHeading: (mailbox) => `Senden aus ${mailbox}`,
    addFavourite: "Zu Favoriten hinzufügen",
    removeFavourite: "Aus Favoriten entfernen",
    adviceHeading: "Was beim Senden geschieht",
    adviceMore: (count) =>
      plural(de.locale, count, {
        one: "# weiteren Hinweis zeigen",
        other: "# weitere Hinweise zeigen",
      }).replace("#", formatNumber(de.locale, count)),
    adviceLess: "Weniger zeigen",
    sendHeading: "Senden",
  },
  directory: {
    checking: "Das Verzeichnis wird auf Änderungen geprüft…",
    asOf: (time) => `Angezeigt wird das Verzeichnis vom ${time}.`,
    failedTitle: "Ihre Postfächer können nicht angezeigt werden",
    answeredError: (detail) =>
      `Das Verzeichnis hat statt Ihrer Postfachliste einen Fehler gemeldet (${detail}): Der Dienst ist vielleicht ausgelastet oder nicht verfügbar. Versuchen Sie es in einigen Minuten erneut; wenn das wiederholt vorkommt, informieren Sie Ihren Administrator.`,
    unreachable: (detail) =>
      `Das Verzeichnis war nicht erreichbar (${detail}). Prüfen Sie Ihre Verbindung, und versuchen Sie es erneut.`,
    missing: (url) =>
      `Unter ${url} wurde kein Verzeichnis gefunden. Informieren Sie Ihren Administrator: Die Verzeichnisadresse des Add-Ins ist möglicherweise falsch.`,
    malformed: (problem) => `Das Verzeichnis ist fehlerhaft: ${problem}`,
    otherPerson: ({ expected, found }) =>
      `Die Postfachliste, die Send From erhalten hat, gehört zu einer anderen Person (${found}), nicht zu Ihnen (${expected}): Send From ist vielleicht mit einem anderen Konto als Outlook angemeldet und zeigt daher nichts an. Schließen und öffnen Sie den Bereich erneut und melden Sie sich mit Ihrem eigenen Konto an; wenn das wieder passiert, wenden Sie sich an Ihren Administrator.`,
    signInNeeded:
      "Send From konnte Sie nicht beim Verzeichnis anmelden. Schließen und öffnen Sie den Bereich erneut; wenn das wieder passiert, wenden Sie sich an Ihren Administrator.",
    notAllowed:
      "Das Verzeichnis hat dieses Konto abgelehnt: Es gehört vielleicht zu einer anderen Organisation, oder das Add-In ist dafür nicht eingerichtet. Wenden Sie sich an Ihren Administrator.",
    notPublishedTitle: "Für Sie sind keine Postfächer veröffentlicht",
    notPublished:
      "Ihr Administrator hat kein Postfach veröffentlicht, aus dem Sie senden dürfen; Sie können daher nur als Sie selbst senden. Wenn Sie Zugriff haben sollten, bitten Sie Ihren Administrator um „Senden als“ oder „Senden im Auftrag von“.",
    retry: "Erneut versuchen",
    rejectedParameter: (value) =>
      `Das Add-In sollte das Verzeichnis unter ${value} verwenden; diese Adresse ist nicht zulässig, daher wird das Standardverzeichnis verwendet.`,
    duplicate: (address) =>
      `Das Verzeichnis führt ${address} mehrfach; angezeigt wird der erste Eintrag.`,
    suspiciousAddress: (address) =>
      `Das Verzeichnis führt eine Adresse, die sich als eine andere ausgeben könnte (unsichtbare, richtungsändernde oder verwechselbare Zeichen): ${address}. Sie wird weder angeboten noch erlaubt.`,
    tellAdmin: "Informieren Sie Ihren Administrator.",
  },
  send: {
    modeLabel: "Wohin die gesendete Kopie geht",
    fidelityWarning: ({ mailbox, parts, label }) =>
      label
        ? `„Kopie in den Gesendeten Elementen von ${mailbox}“ würde einen Teil dieser Nachricht verlieren: ${[...(parts ?? []), label === "unknown" ? "ihre Vertraulichkeitsbezeichnung, falls sie eine hat (dieses Outlook kann es nicht sagen)" : "ihre Vertraulichkeitsbezeichnung"].join(", ")}. Beim Neuerstellen der Nachricht im Postfach verliert Microsoft 365 Vertraulichkeitsbezeichnungen, eingebettete Bilder ab 3 MB, die Links von Cloudanlagen sowie angehängte Nachrichten ab 3 MB oder mit eigenen Anlagen. „Kopie in meinen Gesendeten Elementen“ sendet sie vollständig, mit Bezeichnung.`
        : `„Kopie in den Gesendeten Elementen von ${mailbox}“ würde einen Teil dieser Nachricht verlieren: ${(parts ?? []).join(", ")}. Beim Neuerstellen der Nachricht im Postfach verliert Microsoft 365 eingebettete Bilder ab 3 MB, die Links von Cloudanlagen sowie angehängte Nachrichten ab 3 MB oder mit eigenen Anlagen. „Kopie in meinen Gesendeten Elementen“ sendet sie vollständig.`,
    fidelityDraftElsewhere: ({ draft, mailbox, parts, label }) =>
      `Outlook hat diese Nachricht in den Entwürfen von ${draft} gespeichert. Send From kann sie von ${mailbox} nur senden, indem es sie dort neu anlegt, und dabei ginge ein Teil verloren: ${[...(parts ?? []), ...(label === "unknown" ? ["ihre Vertraulichkeitsbezeichnung, falls sie eine hat (dieses Outlook kann es nicht sagen)"] : label ? ["ihre Vertraulichkeitsbezeichnung"] : [])].join(", ")}. Senden Sie sie von ${draft}, wo sie liegt, oder mit der Senden-Schaltfläche von Outlook.`,
    checkingParts:
      "Es wird geprüft, was diese Nachricht enthält, bevor sie so gesendet werden kann …",
    useMine: "„Kopie in meinen Gesendeten Elementen“ verwenden",
    modeMine: "Kopie in meinen Gesendeten Elementen",
    modeMailbox: (mailbox) => `Kopie in den Gesendeten Elementen von ${mailbox}`,
    mailboxModeNeedsFullAccess: (mailbox) =>
      `Nicht verfügbar: Sie haben keinen Vollzugriff auf ${mailbox}, den das Senden über das Postfach selbst erfordert.`,
    draftElsewhere: ({ draft, mailbox, usable }) =>
      usable
        ? `Outlook hat diese Nachricht in den Entwürfen von ${draft} gespeichert: Von dort kann nur „Kopie in den Gesendeten Elementen von ${mailbox}“ sie senden.`
        : `Outlook hat diese Nachricht in den Entwürfen von ${draft} gespeichert, daher kann Send From sie nicht von ${mailbox} senden. Verwenden Sie die Senden-Schaltfläche von Outlook oder wählen Sie ein Postfach mit Vollzugriff.`,
    draftInMailboxNoFullAccess: (mailbox) =>
      `Outlook hat diese Nachricht in den Entwürfen von ${mailbox} gespeichert (sie wurde dort geschrieben). Send From kann sie nur von dort senden, und das erfordert Vollzugriff auf ${mailbox}, den Ihr Verzeichnis für Sie nicht aufführt. Verwenden Sie die Senden-Schaltfläche von Outlook.`,
    explainMine: ({ mailbox, recipients, copies }) =>
      `Sendet über Ihr eigenes Postfach, mit ${mailbox} als Absender. ${recipients} ${copies}`,
    explainMailbox: ({ mailbox, recipients }) =>
      `Sendet über ${mailbox} selbst, mit Ihrem Vollzugriff. ${recipients} Die Kopie landet in den Gesendeten Elementen von ${mailbox}, nicht in Ihren.`,
    recipientsSendAs: (mailbox) => `Empfänger sehen ${mailbox} als Absender.`,
    recipientsSendOnBehalf: (user, mailbox) =>
      `Empfänger sehen „${user} im Auftrag von ${mailbox}“.`,
    copiesMine: "Die Kopie landet in Ihren Gesendeten Elementen.",
    copiesMineAndMailbox: (mailbox) =>
      `Die Kopie landet in Ihren Gesendeten Elementen, und ${mailbox} behält eine in seinen Gesendeten Elementen.`,
    button: (mailbox) => `Von ${mailbox} senden`,
    unavailable:
      "Das Senden aus diesem Bereich ist in dieser Bereitstellung nicht eingerichtet. Wählen Sie das Postfach im Feld „Von“ in Outlook, und verwenden Sie die Senden-Schaltfläche von Outlook.",
    cannotSend: (mailbox) =>
      `Sie können nicht aus ${mailbox} senden: Sie haben dafür weder „Senden als“ noch „Senden im Auftrag von“.`,
    progress: {
      saving: "Ihr Entwurf wird gespeichert…",
      tidying:
        "Eine Kopie, die ein früherer Versuch in den Entwürfen eines Postfachs hinterlassen haben kann, wird entfernt…",
      signingIn: "Anmeldung bei Microsoft 365…",
      preparing: "Die Nachricht wird vorbereitet…",
      uploading: (name, percent) => `${name} wird kopiert (${percent} %)…`,
      sending: "Wird gesendet…",
      checking: "Es wird geprüft, ob die Nachricht gesendet wurde…",
      closing: "Gesendet. Die Nachricht wird geschlossen…",
      waiting: (seconds) =>
        `Microsoft 365 ist ausgelastet; neuer Versuch ${formatIn(de.locale, seconds)}…`,
      waitingForDraft: (seconds) =>
        `Warten, bis Outlook Ihren Entwurf zu Microsoft 365 hochgeladen hat (bisher ${formatDuration(de.locale, seconds)}). Was Sie jetzt ändern, wird mitgesendet: Send From speichert die Nachricht vor dem Senden erneut.`,
    },
    sentTitle: (mailbox) => `Von ${mailbox} gesendet`,
    scheduledTitle: (mailbox, time) => `Versand von ${mailbox} geplant für ${time}`,
    scheduled: (time) =>
      `„Übermittlung verzögern“ ist aktiv: Microsoft 365 hält die Nachricht zurück und stellt sie am ${time} zu, nicht jetzt.`,
    sentCopies: (where) => `Die Kopie liegt in ${where}.`,
    confirmedLate:
      "Die Verbindung brach beim Senden ab, aber die Nachricht wurde gesendet: Sie wurde in den Gesendeten Elementen gefunden.",
    resultLabel: "Ergebnis des Sendens",
    alreadySent:
      "Diese Nachricht wurde bereits gesendet; Send From sendet sie nicht noch einmal. Verwerfen Sie den Entwurf mit „Verwerfen“ in Outlook, damit keine Kopie in den Entwürfen bleibt.",
    notClosed:
      "Die Nachricht ist bereits gesendet, und dieses Fenster enthält sie noch. Verwerfen Sie den Entwurf mit „Verwerfen“ in Outlook, und klicken Sie nicht auf „Senden“ in Outlook: Sie würde ein zweites Mal gesendet.",
    whereMine: "Ihren Gesendeten Elementen",
    whereMailbox: (mailbox) => `den Gesendeten Elementen von ${mailbox}`,
    whereBoth: (mailbox) =>
      `Ihren Gesendeten Elementen und in den Gesendeten Elementen von ${mailbox}`,
    failedTitle: "Nicht gesendet",
    unknownTitle: "Möglicherweise gesendet",
    draftSafe: "Ihre Nachricht ist noch hier, unverändert.",
    adminFix: "Ihr Exchange-Administrator kann das beheben mit:",
    retry: "Erneut versuchen",
    check: "Gesendete Elemente prüfen",
    sendMine: "Mit Kopie in meinen Gesendeten Elementen senden",
    sendMailbox: (mailbox) => `Mit Kopie in den Gesendeten Elementen von ${mailbox} senden`,
    details: (detail) => `Details: ${detail}`,
    problem: {
      network: () =>
        "Die Verbindung brach ab, bevor die Nachricht gesendet wurde. Versuchen Sie es erneut, wenn Sie wieder online sind.",
      unknownOutcome: ({ mailbox }) =>
        `Microsoft 365 hat das Senden nicht bestätigt (die Verbindung brach ab oder der Dienst hatte beim Senden einen Fehler), und Send From hat die Nachricht nicht unter den gesendeten gefunden: Sie wurde möglicherweise gesendet, und Exchange kann das Senden noch später abschließen. Sehen Sie in den Gesendeten Elementen (Ihren oder denen von ${mailbox}) nach, bevor Sie erneut senden, und verwenden Sie bis dahin nicht die Senden-Schaltfläche von Outlook. „Gesendete Elemente prüfen“ sucht erneut danach; Send From sendet sie nicht noch einmal, solange sie noch unterwegs sein kann.`,
      wrongAccount: ({ account, unconfirmed }) =>
        unconfirmed
          ? `Send From konnte nicht bestätigen, dass ${account ?? "das angemeldete Konto"} Ihr Konto ist: Dieses Outlook teilt nicht mit, welches Konto es verwendet, und die Anmeldung dieses Kontos nennt keine E-Mail-Adresse von Ihnen. Wenn es Ihres ist, bitten Sie Ihren Administrator, den optionalen Anspruch „email“ in der App-Registrierung von Send From in Microsoft Entra hinzuzufügen, oder verwenden Sie Outlook im Web oder das neue Outlook. Wenn nicht, versuchen Sie es erneut und wählen Sie Ihr eigenes.`
          : `Die Anmeldung lieferte ein Token für ${account ?? "ein anderes Konto"}, nicht für das in Outlook angemeldete Konto: Send From arbeitet nur als Sie. Versuchen Sie es erneut und wählen Sie Ihr eigenes Konto.`,
      other: () => "Das Senden ist aus einem Grund fehlgeschlagen, den Send From nicht kennt.",
    },
  },
  support: {
    heading: "Hilfe",
    copyDiagnostics: "Diagnosedaten kopieren",
    copyHint:
      "Kopiert eine Liste der letzten Probleme für Ihren IT-Support. Sie enthält keine Nachrichteninhalte, keine Anmeldetokens und keine Namen.",
    copied: "Diagnosedaten kopiert. Fügen Sie sie in Ihre Nachricht an den IT-Support ein.",
    copyFailed: "Kopieren nicht möglich. Markieren Sie den Text unten und kopieren Sie ihn selbst.",
    textLabel: "Diagnosedaten",
  },
  startup: {
    officeMissing:
      "Office.js wurde nicht geladen. Prüfen Sie Ihre Verbindung, und schließen und öffnen Sie das Add-In dann erneut.",
    notInCompose: "Öffnen Sie Send From in einer Outlook-Nachricht, die Sie gerade verfassen.",
    personUnknown:
      "Outlook hat nicht mitgeteilt, wer an diesem Postfach angemeldet ist, und keine Anmeldung wurde abgeschlossen. Melden Sie sich an, wenn Sie dazu aufgefordert werden, oder öffnen Sie Send From in einer Nachricht Ihres eigenen Postfachs.",
    confirmAccount: {
      heading: "Sind Sie das?",
      body: (who) =>
        `Outlook hat nicht mitgeteilt, wer an diesem Postfach angemeldet ist. Die Anmeldung ergab ${who}. Send From listet die Postfächer, aus denen dieses Konto senden darf, und sendet mit seiner Anmeldung.`,
      yes: "Ja, das bin ich",
      another: "Nein, mit einem anderen Konto anmelden",
      hint: "Wenn immer wieder das falsche Konto erscheint, öffnen Sie Send From in einer Nachricht Ihres eigenen Postfachs.",
    },
    failed: (detail) => `Send From konnte nicht starten: ${detail}`,
  },
  formatTime: (iso) => formatDateTime(de.locale, iso),
};
