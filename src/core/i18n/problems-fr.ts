import { formatIn, formatNumber } from "./format";
import { fr, nb } from "./fr";
import type { SendProblemTexts } from "./types";

/**
 * The send problems' texts (fr) beyond the few the pane's first load carries (send.problem:
 * network, unknownOutcome, other): loaded with the pane's first render, in their own chunk
 * (src/taskpane/problem-texts.ts), so the long explanations stay out of the first paint.
 */
export const frProblems: SendProblemTexts = {
  ...fr.send.problem,
  sendAsDenied: ({ mailbox }) =>
    `Exchange a refusé${nb}: vous n’avez ni «${nb}Envoyer en tant que${nb}» ni «${nb}Envoyer de la part de${nb}» sur ${mailbox} (ErrorSendAsDenied). Si le droit a été accordé dans l’heure, patientez puis réessayez.`,
  rightNotActiveYet: ({ mailbox, seconds, fullAccess, offerMode }) =>
    fullAccess
      ? `Exchange ne vous laisse pas encore écrire dans ${mailbox}, bien que votre annuaire, mis à jour il y a moins de deux heures, indique votre accès total${nb}: un droit accordé récemment peut mettre jusqu’à deux heures à s’appliquer. Rien n’a été envoyé. ${offerMode === "mine" ? `«${nb}Copie dans mes Éléments envoyés${nb}» n’a pas besoin de l’accès total, ou patientez` : "Patientez"} et réessayez${seconds ? ` ${formatIn(fr.locale, seconds)}` : " plus tard"}.`
      : `Exchange ne vous laisse pas encore envoyer depuis ${mailbox}, bien que votre annuaire, mis à jour il y a moins de deux heures, indique ce droit${nb}: un droit accordé récemment peut mettre jusqu’à deux heures à s’appliquer. Rien n’a été envoyé. Patientez et réessayez${seconds ? ` ${formatIn(fr.locale, seconds)}` : " plus tard"}.`,
  noFullAccess: ({ mailbox }) =>
    `Envoyer par ${mailbox} elle-même nécessite l’accès total, que vous n’avez pas. Choisissez plutôt «${nb}Copie dans mes Éléments envoyés${nb}» ou demandez l’accès total.`,
  draftNotFound: () =>
    "La copie de ce message enregistrée par Outlook est introuvable dans votre boîte aux lettres. Modifiez légèrement le message et réessayez.",
  draftNotSaved: () =>
    "Outlook n’a pas pu enregistrer le message avant l’envoi, rien n’a donc été envoyé. Vérifiez votre connexion et réessayez.",
  mailboxNotEnabled: ({ mailbox }) =>
    `${mailbox} ne peut pas être utilisée par le service de messagerie de Microsoft 365${nb}: elle est inactive, supprimée ou hébergée sur un serveur local.`,
  messageTooLarge: () =>
    "Le message dépasse la taille que cette boîte aux lettres peut envoyer. Retirez ou réduisez des pièces jointes, ou demandez à votre administrateur d’augmenter la limite.",
  throttled: ({ seconds }) =>
    `${seconds && seconds >= 3600 ? "Microsoft 365 limite pour l’instant le volume d’envoi de cette boîte." : "Microsoft 365 limite la vitesse d’envoi de cette boîte (30 messages par minute au plus)."}${seconds ? ` Réessayez ${formatIn(fr.locale, seconds)}.` : " Réessayez dans une minute."}`,
  serviceUnavailable: () => "Microsoft 365 a rencontré un problème. Réessayez dans une minute.",
  provenUnsent: ({ mailbox }) =>
    `Non envoyé${nb}: une minute après la perte de la connexion, le message est toujours un brouillon et il n’existe aucune copie envoyée, donc Exchange ne l’a pas envoyé depuis ${mailbox}. Vous pouvez l’envoyer maintenant.`,
  copyRemoved: ({ mailbox }) =>
    `Non envoyé${nb}: la copie dans les Brouillons de ${mailbox} a été supprimée avant d’avoir pu être envoyée. Vous pouvez l’envoyer maintenant.`,
  signInCancelled: () => "La connexion a été annulée, rien n’a donc été envoyé.",
  signInBlocked: () =>
    "La fenêtre de connexion a été bloquée. Autorisez les fenêtres contextuelles pour Outlook, puis réessayez.",
  consentRequired: ({ scope }) =>
    scope
      ? `Il manque à Send From l’autorisation ${scope} dont il a besoin ici, rien n’a donc été envoyé. Demandez à votre administrateur d’accorder l’autorisation ${scope} à Send From dans Microsoft Entra (Applications d’entreprise, Send From, Autorisations).`
      : "Send From n’est pas encore autorisé à envoyer du courrier pour vous. Demandez à votre administrateur de donner son consentement à Send From dans Microsoft Entra (Applications d’entreprise, Send From, Autorisations).",
  adminConsentRequired: () =>
    "Dans cette organisation, seul un administrateur peut autoriser Send From à envoyer du courrier pour vous. Demandez à votre administrateur de donner le consentement administrateur à Send From dans Microsoft Entra (Applications d’entreprise, Send From, Autorisations).",
  signInUnsupported: () =>
    "Cet Outlook ne peut pas connecter les compléments à Microsoft 365 (il n’a ni l’authentification d’applications imbriquées ni les boîtes de dialogue de complément). Utilisez Outlook sur le web ou le nouvel Outlook, ou mettez Outlook à jour.",
  signInFailed: () =>
    `La connexion à Microsoft 365 a échoué. Réessayez${nb}; si l’échec persiste, déconnectez-vous d’Outlook puis reconnectez-vous.`,
  draftChanged: () =>
    "Votre message a été modifié pendant que Send From l’envoyait, rien n’a donc été envoyé : Send From n’envoie que ce que montre la fenêtre du message. Terminez vos modifications, puis réessayez.",
  draftNotUploaded: () =>
    "Outlook n’a pas encore envoyé votre brouillon, ou vos dernières modifications, vers Microsoft 365 (en mode mis en cache, Outlook l’enregistre d’abord sur votre ordinateur), rien n’a donc été envoyé. Patientez un instant, vérifiez qu’Outlook est connecté et réessayez.",
  draftNotStamped: () =>
    `Outlook n’a pas permis à Send From de marquer cet enregistrement de votre brouillon, Send From ne peut donc pas le distinguer d’une copie plus ancienne dans Microsoft 365, et rien n’a été envoyé. Réessayez${nb}; si cela se reproduit, envoyez le message avec le bouton Envoyer d’Outlook.`,
  draftHeadersUnreadable: ({ mailbox, offerMode }) =>
    `Send From n’a pas pu lire les en-têtes Internet de votre brouillon dans Microsoft 365 (où sont gardés les en-têtes x- personnalisés et l’étiquette de confidentialité), il n’a donc pas recréé le message dans ${mailbox} sans eux. Rien n’a été envoyé. Réessayez${offerMode === "mine" ? `, ou utilisez «${nb}Copie dans mes Éléments envoyés${nb}», qui envoie votre message tel quel` : ""}.`,
  draftInOtherMailbox: ({ mailbox, draft }) =>
    draft
      ? `Outlook a enregistré ce message dans les Brouillons de ${draft} (il y a été rédigé)\u202f: Send From ne peut donc pas l’envoyer depuis ${mailbox}, et rien n’a été envoyé. Envoyez-le avec le bouton Envoyer d’Outlook, ou choisissez une boîte avec accès total.`
      : "Outlook a enregistré ce message dans les Brouillons d’une autre boîte aux lettres (il a été rédigé dans une boîte partagée) sans dire laquelle, Send From n’a donc pas pu le trouver et rien n’a été envoyé. L’enregistrer de nouveau n’y change rien\u202f: envoyez-le avec le bouton Envoyer d’Outlook, ou commencez le message depuis votre propre boîte.",
  draftNeedsMailboxMode: ({ mailbox, draft }) =>
    `Outlook a enregistré ce message dans les Brouillons de ${draft ?? "une autre boîte aux lettres"} (il y a été rédigé), donc «\u202fCopie dans mes Éléments envoyés\u202f» ne peut pas l’envoyer, et rien n’a été envoyé. «\u202fCopie dans les Éléments envoyés de ${mailbox}\u202f» le peut\u202f: il envoie le brouillon depuis là.`,
  draftOwnerUnknown: ({ mailbox }) =>
    `Outlook a enregistré ce nouveau message dans les Brouillons d’une boîte partagée sans dire laquelle (il ne le dit pas pour un message tout juste commencé), et il n’est pas dans ceux de ${mailbox}, rien n’a donc été envoyé. Fermez le message, rouvrez-le depuis le dossier Brouillons de cette boîte et envoyez-le de là avec Send From, ou utilisez le bouton Envoyer d’Outlook.`,
  draftReadDenied: () =>
    `Microsoft 365 a refusé à Send From l’accès à votre brouillon enregistré, bien que Send From ait l’autorisation nécessaire, rien n’a donc été envoyé. Si vous avez rédigé le message dans une boîte partagée, Outlook le garde dans les Brouillons de cette boîte${nb}: envoyez-le avec le bouton Envoyer d’Outlook. Sinon, patientez un instant et réessayez.`,
  draftReadDeniedAgain: () =>
    `Microsoft 365 a de nouveau refusé à Send From l’accès à votre brouillon enregistré, rien n’a donc été envoyé. Le refus persiste, réessayer ne servira à rien${nb}: envoyez le message avec le bouton Envoyer d’Outlook, et transmettez les détails ci-dessous à votre administrateur.`,
  recipientsRefused: () =>
    `Exchange a refusé les destinataires, rien n’a donc été envoyé${nb}: le message n’en a pas encore (un transfert commence sans destinataire), ou une adresse n’est pas valide. Ajoutez un destinataire ou corrigez l’adresse, puis envoyez à nouveau.`,
  draftMailboxDenied: () =>
    `Outlook a enregistré ce message dans les Brouillons de la boîte où il a été rédigé, et Exchange ne laisse pas Send From l’y lire${nb}: il faut pour cela l’accès total à cette boîte, que vous n’avez pas. Rien n’a été envoyé. Envoyez-le avec le bouton Envoyer d’Outlook, ou demandez l’accès total à votre administrateur.`,
  uploadDenied: ({ mailbox, keepsCopy }) =>
    `Microsoft 365 a refusé de charger une grande pièce jointe dans ${mailbox} (une limite connue des boîtes partagées), rien n’a donc été envoyé. «${nb}Copie dans mes Éléments envoyés${nb}» envoie le message avec ses pièces jointes${keepsCopy ? `, et ${mailbox} en garde quand même une copie dans ses Éléments envoyés.` : `${nb}; la copie va alors dans vos seuls Éléments envoyés, sauf si un administrateur fait garder une copie à ${mailbox} aussi.`}`,
  draftElsewhereCannotCarry: ({ mailbox, draft, parts, label, headers }) => {
    const lost = [
      ...(parts ?? []),
      ...(label ? ["son étiquette de confidentialité"] : []),
      ...(headers ? [`ses ${formatNumber(fr.locale, headers)} en-têtes x- personnalisés`] : []),
    ];
    return `Outlook a enregistré ce message dans les brouillons de ${draft ?? "une autre boîte aux lettres"} (il y a été rédigé) : Send From ne peut l’envoyer depuis ${mailbox} qu’en le recréant là-bas, ce qui en perdrait une partie${lost.length ? ` : ${lost.join(", ")}` : " (une grande pièce jointe que Microsoft 365 n’y chargerait pas)"}. Rien n’a été envoyé. Envoyez-le depuis ${draft ?? "la boîte aux lettres où il a été rédigé"}, où il se trouve, ou avec le bouton Envoyer d’Outlook.`;
  },
  modeCannotCarry: ({ mailbox, parts, label, headers }) => {
    const lost = [
      ...(parts ?? []),
      ...(label ? ["son étiquette de confidentialité"] : []),
      ...(headers ? [`ses ${formatNumber(fr.locale, headers)} en-têtes x- personnalisés`] : []),
    ];
    return `«${nb}Copie dans les Éléments envoyés de ${mailbox}${nb}» perdrait une partie de ce message${lost.length ? `${nb}: ${lost.join(", ")}` : ""}. Microsoft 365 perd ${label ? "les étiquettes de confidentialité et " : ""}une image incorporée de 3 Mo ou plus dans un message recréé et ne peut copier ni le lien d’une pièce jointe cloud, ni un message joint de 3 Mo ou plus, ni les pièces jointes d’un message joint.${headers ? " Un message recréé peut porter au plus 5 en-têtes x- personnalisés." : ""} «${nb}Copie dans mes Éléments envoyés${nb}» envoie votre message tel quel.`;
  },
};
