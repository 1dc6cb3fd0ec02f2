import { formatDateTime, formatDuration, formatIn, formatNumber, plural } from "./format";
import type { Messages } from "./types";

// French, with the terms of French Outlook and Exchange Online: Envoyer en tant que, Envoyer de
// la part de, Accès total, Éléments envoyés, boîte aux lettres, annuaire (the published
// directory); Outlook’s From field is the champ « De » (French Outlook’s label, quoted so that
// "De d’Outlook" does not read as a stutter). A narrow no-break space goes before ? ! ; : and inside « ».
/** The narrow no-break space French puts before ":", "?" and inside « ». */
export const nb = "\u202f";

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
    notYou: "Ce n'est pas vous ? Se connecter avec un autre compte",
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
    fidelityDraftElsewhere: ({ draft, mailbox, parts, label }) =>
      `Outlook a enregistré ce message dans les brouillons de ${draft} : Send From ne peut l’envoyer depuis ${mailbox} qu’en le recréant là-bas, ce qui en perdrait une partie : ${[...(parts ?? []), ...(label === "unknown" ? ["son étiquette de confidentialité, s’il en a une (cet Outlook ne peut pas le dire)"] : label ? ["son étiquette de confidentialité"] : [])].join(", ")}. Envoyez-le depuis ${draft}, où il se trouve, ou avec le bouton Envoyer d’Outlook.`,
    checkingParts: "Vérification du contenu du message avant de pouvoir l’envoyer ainsi…",
    useMine: `Utiliser «${nb}Copie dans mes Éléments envoyés${nb}»`,
    modeMine: "Copie dans mes Éléments envoyés",
    modeMailbox: (mailbox) => `Copie dans les Éléments envoyés de ${mailbox}`,
    mailboxModeNeedsFullAccess: (mailbox) =>
      `Indisponible${nb}: vous n’avez pas l’accès total à ${mailbox}, nécessaire pour envoyer par la boîte elle-même.`,
    draftElsewhere: ({ draft, mailbox, usable }) =>
      usable
        ? `Outlook a enregistré ce message dans les Brouillons de ${draft}${nb}: seul «${nb}Copie dans les Éléments envoyés de ${mailbox}${nb}» peut l’envoyer depuis là.`
        : `Outlook a enregistré ce message dans les Brouillons de ${draft}${nb}: Send From ne peut donc pas l’envoyer depuis ${mailbox}. Utilisez le bouton Envoyer d’Outlook, ou choisissez une boîte avec accès total.`,
    draftInMailboxNoFullAccess: (mailbox) =>
      `Outlook a enregistré ce message dans les brouillons de ${mailbox} (il y a été rédigé). Send From ne peut l’envoyer que depuis là, ce qui nécessite l’accès total à ${mailbox}, que votre annuaire n’indique pas pour vous. Utilisez le bouton Envoyer d’Outlook.`,
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
      tidying:
        "Suppression d’une copie qu’une tentative précédente a pu laisser dans les Brouillons d’une boîte aux lettres…",
      signingIn: "Connexion à Microsoft 365…",
      preparing: "Préparation du message…",
      uploading: (name, percent) => `Copie de ${name} (${percent}${nb}%)…`,
      sending: "Envoi…",
      checking: "Vérification de l’envoi du message…",
      closing: "Envoyé. Fermeture du message…",
      waiting: (seconds) =>
        `Microsoft 365 est occupé${nb}; nouvelle tentative ${formatIn(fr.locale, seconds)}…`,
      waitingForDraft: (seconds) =>
        `En attente de l’envoi de votre brouillon vers Microsoft 365 par Outlook (${formatDuration(fr.locale, seconds)} jusqu’ici). Ce que vous modifiez maintenant sera envoyé : Send From enregistre de nouveau le message avant de l’envoyer.`,
    },
    sentTitle: (mailbox) => `Envoyé depuis ${mailbox}`,
    scheduledTitle: (mailbox, time) => `Programmé depuis ${mailbox} pour le ${time}`,
    scheduled: (time) =>
      `«${nb}Différer la remise${nb}» est activé${nb}: Microsoft 365 garde le message et le remettra le ${time}, pas maintenant.`,
    sentCopies: (where) => `La copie est dans ${where}.`,
    confirmedLate: `La connexion a été coupée pendant l’envoi, mais le message est parti${nb}: il a été trouvé dans les Éléments envoyés.`,
    resultLabel: "Résultat de l’envoi",
    alreadySent: `Ce message a déjà été envoyé${nb}; Send From ne l’enverra pas une seconde fois. Supprimez le brouillon avec Ignorer dans Outlook, pour qu’aucune copie ne reste dans les Brouillons.`,
    notClosed: `Le message est déjà parti, et cette fenêtre le contient encore. Supprimez le brouillon avec Ignorer dans Outlook, et n’appuyez pas sur Envoyer dans Outlook${nb}: il partirait une seconde fois.`,
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
    sendMailbox: (mailbox) => `Envoyer avec la copie dans les Éléments envoyés de ${mailbox}`,
    details: (detail) => `Détails${nb}: ${detail}`,
    problem: {
      network: () =>
        "La connexion a été perdue avant le départ du message. Réessayez une fois de nouveau en ligne.",
      unknownOutcome: ({ mailbox }) =>
        `Microsoft 365 n’a pas confirmé l’envoi (la connexion a été coupée ou le service a échoué pendant l’envoi) et Send From n’a pas trouvé le message parmi les éléments envoyés${nb}: il a peut-être été envoyé, et Exchange peut encore terminer l’envoi plus tard. Regardez dans les Éléments envoyés (les vôtres ou ceux de ${mailbox}) avant de renvoyer, et n’utilisez pas le bouton Envoyer d’Outlook d’ici là. «${nb}Vérifier les Éléments envoyés${nb}» le recherche à nouveau${nb}; Send From ne le renvoie pas tant qu’il peut encore partir.`,
      wrongAccount: ({ account, unconfirmed }) =>
        unconfirmed
          ? `Send From n’a pas pu confirmer que ${account ?? "le compte connecté"} est le vôtre${nb}: cet Outlook n’indique pas quel compte il utilise, et la connexion de ce compte ne donne aucune de vos adresses e-mail. S’il est à vous, demandez à votre administrateur d’ajouter la revendication facultative «${nb}email${nb}» à l’inscription d’application de Send From dans Microsoft Entra, ou utilisez Outlook sur le web ou le nouvel Outlook. Sinon, réessayez et choisissez le vôtre.`
          : `La connexion a fourni un jeton pour ${account ?? "un autre compte"}, et non pour le compte connecté à Outlook${nb}: Send From n’agit qu’en votre nom. Réessayez et choisissez votre propre compte.`,
      other: () => "L’envoi a échoué pour une raison que Send From ne connaît pas.",
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
    confirmAccount: {
      heading: `Est-ce bien vous${nb}?`,
      body: (who) =>
        `Outlook n’a pas indiqué qui est connecté à cette boîte aux lettres. La connexion a donné ${who}. Send From affiche les boîtes aux lettres depuis lesquelles ce compte peut envoyer, et envoie avec sa connexion.`,
      yes: "Oui, c’est moi",
      another: "Non, se connecter avec un autre compte",
      hint: "Si le mauvais compte revient sans cesse, ouvrez Send From depuis un message de votre propre boîte aux lettres.",
    },
    failed: (detail) => `Send From n’a pas pu démarrer${nb}: ${detail}`,
  },
  formatTime: (iso) => formatDateTime(fr.locale, iso),
};
