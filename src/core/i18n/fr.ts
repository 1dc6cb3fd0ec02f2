import { formatDateTime, formatDuration, formatIn, formatNumber, plural } from "./format";
import type { Messages } from "./types";

// French, with the terms of French Outlook and Exchange Online: Envoyer en tant que, Envoyer de
// la part de, Accès total, Éléments envoyés, boîte aux lettres, annuaire (the published
// directory); Outlook’s From field is the champ « De » (French Outlook’s label, quoted so that
// "De d’Outlook" does not read as a stutter). A narrow no-break space goes before ? ! ; : and inside « ».
const nb = "\u202f";

export const fr: Messages = {
  locale: "fr-FR",
  kind: {
    user: "Boîte aux lettres utilisateur",
    shared: "Boîte aux lettres partagée",
    room: "Boîte aux lettres de salle",
    equipment: "Boîte aux lettres d’équipement",
    distributionList: "Liste de distribution",
    securityGroup: "Groupe de sécurité à extension messagerie",
    microsoft365Group: "Groupe Microsoft 365",
  },
  right: {
    SendAs: "Envoyer en tant que",
    SendOnBehalf: "Envoyer de la part de",
    FullAccess: "Accès total",
  },
  rightsList(rights) {
    return rights.length ? rights.map((r) => fr.right[r]).join(", ") : "Aucun droit";
  },
  advice: {
    "send.noRight": ({ mailbox }) =>
      `Vous ne pouvez pas envoyer depuis ${mailbox}${nb}: l’annuaire ne vous accorde ni «${nb}Envoyer en tant que${nb}» ni «${nb}Envoyer de la part de${nb}», donc Exchange refuserait le message (ErrorSendAsDenied). Demandez l’un de ces droits à votre administrateur.`,
    "send.fullAccessOnly": ({ mailbox }) =>
      `L’accès total vous permet d’ouvrir ${mailbox}, pas d’envoyer depuis cette boîte${nb}: Exchange refuserait le message (ErrorSendAsDenied). Demandez «${nb}Envoyer en tant que${nb}» ou «${nb}Envoyer de la part de${nb}» à votre administrateur.`,
    "recipients.sendAs": ({ mailbox }) =>
      `Les destinataires voient le message comme venant de ${mailbox} uniquement. Votre nom n’apparaît pas.`,
    "recipients.sendOnBehalf": ({ mailbox, user }) =>
      `Les destinataires voient «${nb}${user} de la part de ${mailbox}${nb}». Les réponses vont à ${mailbox}.`,
    "recipients.sendAsWins": () =>
      `Vous avez à la fois «${nb}Envoyer en tant que${nb}» et «${nb}Envoyer de la part de${nb}». Exchange utilise «${nb}Envoyer en tant que${nb}».`,
    "sentItems.yoursOnly": ({ mailbox }) =>
      `Quand Outlook l’envoie, la copie va dans vos propres Éléments envoyés, pas dans ceux de ${mailbox}.`,
    "sentItems.yoursAndMailbox": ({ mailbox }) =>
      `Quand Outlook l’envoie, la copie va dans vos Éléments envoyés, et ${mailbox} en garde aussi une dans ses propres Éléments envoyés.`,
    "sentItems.groupHasNone": ({ mailbox, kind }) =>
      `${mailbox} (${fr.kind[kind]}) n’a pas d’Éléments envoyés, donc la seule copie est dans vos Éléments envoyés.`,
    "fullAccess.missing": ({ mailbox }) =>
      `Vous n’avez pas l’accès total à ${mailbox}, vous ne pouvez donc pas envoyer par la boîte elle-même pour garder la copie dans ses Éléments envoyés${nb}: cela échouerait (ErrorAccessDenied).`,
    "fullAccess.present": ({ mailbox }) =>
      `Vous avez l’accès total, vous pouvez donc aussi envoyer par ${mailbox} elle-même et garder la copie dans ses Éléments envoyés.`,
    "mailbox.hidden": ({ mailbox }) =>
      `${mailbox} est masquée dans les listes d’adresses. Outlook pour ordinateur ne peut pas envoyer en tant que ou de la part d’une boîte masquée${nb}; Outlook sur le web le peut.`,
    "mailbox.noReply": ({ mailbox }) =>
      `${mailbox} est une boîte aux lettres sans réponse${nb}: personne ne lit les réponses. Indiquez dans le message comment vous joindre.`,
    "rights.mayNotBeActive": ({ generatedAt }) =>
      `Cet annuaire a été généré le ${generatedAt}. Les droits accordés peu avant peuvent mettre jusqu’à 60 minutes à s’appliquer${nb}; si l’envoi échoue, réessayez plus tard.`,
    "outlookFrom.matches": ({ mailbox }) =>
      `Le champ «${nb}De${nb}» d’Outlook affiche ${mailbox}${nb}: le bouton Envoyer d’Outlook envoie depuis cette boîte.`,
    "outlookFrom.pickInOutlook": ({ mailbox }) =>
      `Pour envoyer avec le bouton Envoyer d’Outlook, choisissez ${mailbox} dans le champ «${nb}De${nb}» d’Outlook. Les compléments ne peuvent pas modifier ce champ.`,
  },
  problem: {
    tooLarge: ({ bytes, limit }) =>
      `Le fichier fait ${new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(bytes / 1048576)}${nb}Mo${nb}; le complément lit au plus ${limit / 1048576}${nb}Mo.`,
    notJson: ({ detail }) => `Le fichier n’est pas du JSON valide (${detail}).`,
    wrongFormat: ({ found }) =>
      `Le fichier n’est pas un fichier d’annuaire Send From (format${nb}: ${found}).`,
    unsupportedVersion: ({ found, supported }) =>
      `L’annuaire utilise la version de format ${found}${nb}; ce complément lit la version ${supported}. Mettez à jour le complément ou publiez la version ${supported}.`,
    invalid: ({ at, detail }) =>
      `Le fichier ne respecte pas le schéma de l’annuaire en ${at}${nb}: ${detail}.`,
    wrongUser: ({ expected, found }) => `Le fichier concerne ${found}, pas ${expected}.`,
  },
  pane: {
    title: "Envoyer depuis",
    loading: "Chargement des boîtes aux lettres depuis lesquelles vous pouvez envoyer…",
    outlookFromLabel: `Champ «${nb}De${nb}» d’Outlook`,
    outlookFromUnknown: `Outlook n’a pas indiqué quelle adresse figure dans le champ «${nb}De${nb}».`,
    outlookFromYou: "Vous",
    outlookFromPermitted: "Vous pouvez envoyer depuis",
    outlookFromNotPermitted: "Vous ne pouvez pas envoyer depuis",
    outlookFromNotInDirectory: "Absente de votre annuaire",
    searchLabel: "Rechercher des boîtes aux lettres",
    searchPlaceholder: "Nom ou adresse",
    listLabel: "Boîtes aux lettres que vous pouvez utiliser",
    count: (shown, total) => {
      const n = (x: number) => formatNumber(fr.locale, x);
      const noun = plural(fr.locale, total, {
        one: "boîte aux lettres",
        other: "boîtes aux lettres",
      });
      return shown === total ? `${n(total)} ${noun}` : `${n(shown)} sur ${n(total)} ${noun}`;
    },
    noMatches: (query) => `Aucune boîte aux lettres ne correspond à «${nb}${query}${nb}».`,
    noMailboxes: "L’annuaire ne vous attribue aucune boîte aux lettres.",
    favouriteMarker: "Favori",
    recentMarker: "Utilisée récemment",
    selectPrompt:
      "Choisissez une boîte aux lettres pour voir comment les destinataires verront le message et où ira la copie envoyée.",
    detailsHeading: (mailbox) => `Envoi depuis ${mailbox}`,
    addFavourite: "Ajouter aux favoris",
    removeFavourite: "Retirer des favoris",
    adviceHeading: "Ce qui se passe à l’envoi",
    adviceMore: (count) =>
      plural(fr.locale, count, {
        one: "Afficher # autre conseil",
        other: "Afficher # autres conseils",
      }).replace("#", formatNumber(fr.locale, count)),
    adviceLess: "Afficher moins",
    sendHeading: "Envoyer",
  },
  directory: {
    checking: "Recherche de modifications dans l’annuaire…",
    asOf: (time) => `Annuaire affiché tel qu’au ${time}.`,
    failedTitle: "Impossible d’afficher vos boîtes aux lettres",
    answeredError: (detail) =>
      `L’annuaire a répondu par une erreur (${detail}) au lieu de votre liste de boîtes aux lettres${nb}: le service est peut-être surchargé ou indisponible. Réessayez dans quelques minutes${nb}; si cela se reproduit, prévenez votre administrateur.`,
    unreachable: (detail) =>
      `L’annuaire n’a pas pu être joint (${detail}). Vérifiez votre connexion et réessayez.`,
    missing: (url) =>
      `Aucun annuaire n’a été trouvé à ${url}. Prévenez votre administrateur${nb}: l’adresse de l’annuaire du complément est peut-être fausse.`,
    malformed: (problem) => `L’annuaire est mal formé${nb}: ${problem}`,
    otherPerson: ({ expected, found }) =>
      `La liste de boîtes aux lettres reçue par Send From concerne une autre personne (${found}), pas vous (${expected})${nb}: Send From est peut-être connecté avec un autre compte que celui d’Outlook, il n’affiche donc rien. Fermez puis rouvrez le volet et connectez-vous avec votre propre compte${nb}; si cela se reproduit, prévenez votre administrateur.`,
    signInNeeded: `Send From n’a pas pu vous connecter à l’annuaire. Fermez puis rouvrez le volet pour réessayer${nb}; si cela se reproduit, prévenez votre administrateur.`,
    notAllowed: `L’annuaire a refusé ce compte${nb}: il appartient peut-être à une autre organisation, ou le complément n’est pas configuré pour lui. Prévenez votre administrateur.`,
    notPublishedTitle: "Aucune boîte aux lettres publiée pour vous",
    notPublished: `Votre administrateur n’a publié aucune boîte aux lettres depuis laquelle vous pouvez envoyer${nb}; vous ne pouvez donc envoyer qu’en votre nom. Si vous devriez y avoir accès, demandez à votre administrateur «${nb}Envoyer en tant que${nb}» ou «${nb}Envoyer de la part de${nb}».`,
    retry: "Réessayer",
    rejectedParameter: (value) =>
      `Le complément devait utiliser l’annuaire situé à ${value}, qui n’est pas une adresse autorisée${nb}; il utilise l’annuaire par défaut.`,
    duplicate: (address) =>
      `L’annuaire cite ${address} plusieurs fois${nb}; la première entrée est affichée.`,
    suspiciousAddress: (address) =>
      `L’annuaire cite une adresse qui peut passer pour une autre (caractères invisibles, qui inversent le sens du texte ou trompeurs)${nb}: ${address}. Elle n’est ni proposée ni autorisée.`,
    tellAdmin: "Prévenez votre administrateur.",
  },
  send: {
    modeLabel: "Où va la copie envoyée",
    fidelityWarning: ({ mailbox, parts, label }) =>
      label
        ? `«${nb}Copie dans les Éléments envoyés de ${mailbox}${nb}» perdrait une partie de ce message${nb}: ${[...(parts ?? []), label === "unknown" ? "son étiquette de confidentialité, s’il en a une (cet Outlook ne peut pas le dire)" : "son étiquette de confidentialité"].join(", ")}. En recréant le message dans la boîte aux lettres, Microsoft 365 perd les étiquettes de confidentialité, les images incorporées de 3${nb}Mo ou plus, les liens des pièces jointes cloud et les messages joints de 3${nb}Mo ou plus ou ayant leurs propres pièces jointes. «${nb}Copie dans mes Éléments envoyés${nb}» l’envoie en entier, étiquette comprise.`
        : `«${nb}Copie dans les Éléments envoyés de ${mailbox}${nb}» perdrait une partie de ce message${nb}: ${(parts ?? []).join(", ")}. En recréant le message dans la boîte aux lettres, Microsoft 365 perd les images incorporées de 3${nb}Mo ou plus, les liens des pièces jointes cloud et les messages joints de 3${nb}Mo ou plus ou ayant leurs propres pièces jointes. «${nb}Copie dans mes Éléments envoyés${nb}» l’envoie en entier.`,
    useMine: `Utiliser «${nb}Copie dans mes Éléments envoyés${nb}»`,
    modeMine: "Copie dans mes Éléments envoyés",
    modeMailbox: (mailbox) => `Copie dans les Éléments envoyés de ${mailbox}`,
    mailboxModeNeedsFullAccess: (mailbox) =>
      `Indisponible${nb}: vous n’avez pas l’accès total à ${mailbox}, nécessaire pour envoyer par la boîte elle-même.`,
    explainMine: ({ mailbox, recipients, copies }) =>
      `Le message part de ${mailbox}, via votre propre boîte aux lettres. ${recipients} ${copies}`,
    explainMailbox: ({ mailbox, recipients }) =>
      `Le message part de ${mailbox} elle-même, grâce à votre accès total. ${recipients} La copie va dans les Éléments envoyés de ${mailbox}, pas dans les vôtres.`,
    recipientsSendAs: (mailbox) => `Pour les destinataires, le message vient de ${mailbox}.`,
    recipientsSendOnBehalf: (user, mailbox) =>
      `Les destinataires voient «${nb}${user} de la part de ${mailbox}${nb}».`,
    copiesMine: "La copie va dans vos Éléments envoyés.",
    copiesMineAndMailbox: (mailbox) =>
      `La copie va dans vos Éléments envoyés, et ${mailbox} en garde aussi une dans ses Éléments envoyés.`,
    button: (mailbox) => `Envoyer depuis ${mailbox}`,
    unavailable: `L’envoi depuis ce volet n’est pas configuré dans ce déploiement. Choisissez la boîte aux lettres dans le champ «${nb}De${nb}» d’Outlook et utilisez le bouton Envoyer d’Outlook.`,
    cannotSend: (mailbox) =>
      `Vous ne pouvez pas envoyer depuis ${mailbox}${nb}: vous n’avez ni «${nb}Envoyer en tant que${nb}» ni «${nb}Envoyer de la part de${nb}» sur cette boîte.`,
    progress: {
      saving: "Enregistrement de votre brouillon…",
      signingIn: "Connexion à Microsoft 365…",
      preparing: "Préparation du message…",
      uploading: (name, percent) => `Copie de ${name} (${percent}${nb}%)…`,
      sending: "Envoi…",
      checking: "Vérification de l’envoi du message…",
      closing: "Envoyé. Fermeture du message…",
      waiting: (seconds) =>
        `Microsoft 365 est occupé${nb}; nouvelle tentative ${formatIn(fr.locale, seconds)}…`,
      waitingForDraft: (seconds) =>
        `En attente de l’envoi de votre brouillon vers Microsoft 365 par Outlook (${formatDuration(fr.locale, seconds)} jusqu’ici)…`,
    },
    sentTitle: (mailbox) => `Envoyé depuis ${mailbox}`,
    scheduledTitle: (mailbox, time) => `Programmé depuis ${mailbox} pour le ${time}`,
    scheduled: (time) =>
      `«${nb}Différer la remise${nb}» est activé${nb}: Microsoft 365 garde le message et le remettra le ${time}, pas maintenant.`,
    sentCopies: (where) => `La copie est dans ${where}.`,
    confirmedLate: `La connexion a été coupée pendant l’envoi, mais le message est parti${nb}: il a été trouvé dans les Éléments envoyés.`,
    resultLabel: "Résultat de l’envoi",
    alreadySent: `Ce message a déjà été envoyé${nb}; Send From ne l’enverra pas une seconde fois. Fermez cette fenêtre sans enregistrer, ou supprimez le brouillon.`,
    notClosed: `Cette fenêtre de message n’a pas pu être fermée. Fermez-la sans enregistrer, et n’appuyez pas sur Envoyer dans Outlook${nb}: le message est déjà parti et partirait une seconde fois.`,
    whereMine: "vos Éléments envoyés",
    whereMailbox: (mailbox) => `les Éléments envoyés de ${mailbox}`,
    whereBoth: (mailbox) => `vos Éléments envoyés et dans ceux de ${mailbox}`,
    failedTitle: "Non envoyé",
    unknownTitle: "Peut-être envoyé",
    draftSafe: "Votre message est toujours là, inchangé.",
    adminFix: `Votre administrateur Exchange peut corriger cela avec${nb}:`,
    retry: "Réessayer",
    check: "Vérifier les Éléments envoyés",
    sendMine: "Envoyer avec la copie dans mes Éléments envoyés",
    details: (detail) => `Détails${nb}: ${detail}`,
    problem: {
      sendAsDenied: ({ mailbox }) =>
        `Exchange a refusé${nb}: vous n’avez ni «${nb}Envoyer en tant que${nb}» ni «${nb}Envoyer de la part de${nb}» sur ${mailbox} (ErrorSendAsDenied). Si le droit a été accordé dans l’heure, patientez puis réessayez.`,
      rightNotActiveYet: ({ mailbox, seconds }) =>
        `Exchange ne vous laisse pas encore envoyer depuis ${mailbox}, bien que votre annuaire, mis à jour il y a moins de deux heures, indique ce droit${nb}: un droit accordé récemment peut mettre jusqu’à deux heures à s’appliquer. Rien n’a été envoyé. Patientez et réessayez${seconds ? ` ${formatIn(fr.locale, seconds)}` : " plus tard"}.`,
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
      network: () =>
        "La connexion a été perdue avant le départ du message. Réessayez une fois de nouveau en ligne.",
      unknownOutcome: ({ mailbox }) =>
        `Microsoft 365 n’a pas confirmé l’envoi (la connexion a été coupée ou le service a échoué pendant l’envoi) et Send From n’a pas trouvé le message parmi les éléments envoyés${nb}: il a peut-être été envoyé, et Exchange peut encore terminer l’envoi plus tard. Regardez dans les Éléments envoyés (les vôtres ou ceux de ${mailbox}) avant de renvoyer, et n’utilisez pas le bouton Envoyer d’Outlook d’ici là. «${nb}Vérifier les Éléments envoyés${nb}» le recherche à nouveau${nb}; Send From ne le renvoie pas tant qu’il peut encore partir.`,
      provenUnsent: ({ mailbox }) =>
        `Non envoyé${nb}: une minute après la perte de la connexion, le message est toujours un brouillon et il n’existe aucune copie envoyée, donc Exchange ne l’a pas envoyé depuis ${mailbox}. Vous pouvez l’envoyer maintenant.`,
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
      wrongAccount: ({ account, unconfirmed }) =>
        unconfirmed
          ? `Send From n’a pas pu confirmer que ${account ?? "le compte connecté"} est le vôtre${nb}: cet Outlook n’indique pas quel compte il utilise, et la connexion de ce compte ne donne aucune de vos adresses e-mail. S’il n’est pas à vous, réessayez et choisissez le vôtre. S’il l’est, demandez à votre administrateur d’ajouter la revendication facultative «${nb}email${nb}» à l’inscription d’application de Send From dans Microsoft Entra, ou utilisez Outlook sur le web ou le nouvel Outlook.`
          : `La connexion a fourni un jeton pour ${account ?? "un autre compte"}, et non pour le compte connecté à Outlook${nb}: Send From n’agit qu’en votre nom. Réessayez et choisissez votre propre compte.`,
      signInFailed: () =>
        `La connexion à Microsoft 365 a échoué. Réessayez${nb}; si l’échec persiste, déconnectez-vous d’Outlook puis reconnectez-vous.`,
      other: () => "L’envoi a échoué pour une raison que Send From ne connaît pas.",
      draftNotUploaded: () =>
        "Outlook n’a pas encore envoyé votre brouillon vers Microsoft 365 (en mode mis en cache, Outlook l’enregistre d’abord sur votre ordinateur), rien n’a donc été envoyé. Patientez un instant, vérifiez qu’Outlook est connecté et réessayez.",
      draftHeadersUnreadable: ({ mailbox }) =>
        `Send From n’a pas pu lire les en-têtes Internet de votre brouillon dans Microsoft 365 (où sont gardés les en-têtes x- personnalisés et l’étiquette de confidentialité), il n’a donc pas recréé le message dans ${mailbox} sans eux. Rien n’a été envoyé. Réessayez, ou utilisez «${nb}Copie dans mes Éléments envoyés${nb}», qui envoie votre message tel quel.`,
      draftInOtherMailbox: () =>
        "Outlook a enregistré ce message dans les Brouillons d’une autre boîte aux lettres (il a été rédigé dans une boîte partagée), où Send From ne peut pas l’atteindre, rien n’a donc été envoyé. L’enregistrer de nouveau n’y change rien\u202f: envoyez-le avec le bouton Envoyer d’Outlook, ou commencez le message depuis votre propre boîte.",
      draftOwnerUnknown: ({ mailbox }) =>
        `Outlook a enregistré ce nouveau message dans les Brouillons d’une boîte partagée sans dire laquelle (il ne le dit pas pour un message tout juste commencé), et il n’est pas dans ceux de ${mailbox}, rien n’a donc été envoyé. Fermez le message, rouvrez-le depuis le dossier Brouillons de cette boîte et envoyez-le de là avec Send From, ou utilisez le bouton Envoyer d’Outlook.`,
      draftReadDenied: () =>
        `Microsoft 365 a refusé à Send From l’accès à votre brouillon enregistré, bien que Send From ait l’autorisation nécessaire, rien n’a donc été envoyé. Si vous avez rédigé le message dans une boîte partagée, Outlook le garde dans les Brouillons de cette boîte${nb}: envoyez-le avec le bouton Envoyer d’Outlook. Sinon, patientez un instant et réessayez.`,
      draftReadDeniedAgain: () =>
        `Microsoft 365 a de nouveau refusé à Send From l’accès à votre brouillon enregistré, rien n’a donc été envoyé. Le refus persiste, réessayer ne servira à rien${nb}: envoyez le message avec le bouton Envoyer d’Outlook, et transmettez les détails ci-dessous à votre administrateur.`,
      draftMailboxDenied: () =>
        `Outlook a enregistré ce message dans les Brouillons de la boîte où il a été rédigé, et Exchange ne laisse pas Send From l’y lire${nb}: il faut pour cela l’accès total à cette boîte, que vous n’avez pas. Rien n’a été envoyé. Envoyez-le avec le bouton Envoyer d’Outlook, ou demandez l’accès total à votre administrateur.`,
      uploadDenied: ({ mailbox, keepsCopy }) =>
        `Microsoft 365 a refusé de charger une grande pièce jointe dans ${mailbox} (une limite connue des boîtes partagées), rien n’a donc été envoyé. «${nb}Copie dans mes Éléments envoyés${nb}» envoie le message avec ses pièces jointes${keepsCopy ? `, et ${mailbox} en garde quand même une copie dans ses Éléments envoyés.` : `${nb}; la copie va alors dans vos seuls Éléments envoyés, sauf si un administrateur fait garder une copie à ${mailbox} aussi.`}`,
      modeCannotCarry: ({ mailbox, parts, label, headers }) => {
        const lost = [
          ...(parts ?? []),
          ...(label ? ["son étiquette de confidentialité"] : []),
          ...(headers ? [`ses ${formatNumber(fr.locale, headers)} en-têtes x- personnalisés`] : []),
        ];
        return `«${nb}Copie dans les Éléments envoyés de ${mailbox}${nb}» perdrait une partie de ce message${lost.length ? `${nb}: ${lost.join(", ")}` : ""}. Microsoft 365 perd ${label ? "les étiquettes de confidentialité et " : ""}une image incorporée de 3 Mo ou plus dans un message recréé et ne peut copier ni le lien d’une pièce jointe cloud, ni un message joint de 3 Mo ou plus, ni les pièces jointes d’un message joint.${headers ? " Un message recréé peut porter au plus 5 en-têtes x- personnalisés." : ""} «${nb}Copie dans mes Éléments envoyés${nb}» envoie votre message tel quel.`;
      },
    },
  },
  support: {
    heading: "Aide",
    copyDiagnostics: "Copier les diagnostics",
    copyHint:
      "Copie la liste des derniers problèmes pour votre support informatique. Elle ne contient aucun contenu de message, aucun jeton de connexion et aucun nom.",
    copied: "Diagnostics copiés. Collez-les dans votre message au support informatique.",
    copyFailed: "Copie impossible. Sélectionnez le texte ci-dessous et copiez-le vous-même.",
    textLabel: "Données de diagnostic",
  },
  startup: {
    officeMissing:
      "Office.js ne s’est pas chargé. Vérifiez votre connexion, puis fermez et rouvrez le complément.",
    notInCompose: "Ouvrez Send From depuis un message Outlook en cours de rédaction.",
    personUnknown:
      "Outlook n’a pas indiqué qui est connecté à cette boîte aux lettres, et aucune connexion n’a abouti. Connectez-vous lorsque cela vous est demandé, ou ouvrez Send From depuis un message de votre propre boîte aux lettres.",
    failed: (detail) => `Send From n’a pas pu démarrer${nb}: ${detail}`,
  },
  formatTime: (iso) => formatDateTime(fr.locale, iso),
};
