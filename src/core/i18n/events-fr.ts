import type { EventTexts } from "./types";

/** Narrow no-break space before French double punctuation (as in fr.ts). */
const nb = "\u202f";

/** The event handlers' texts in French (types.ts EventTexts). */
export const frEvents: EventTexts = {
  recipientsSendAs: (mailbox) =>
    `Send From${nb}: les destinataires verront ce message comme venant de ${mailbox} seule.`,
  recipientsSendOnBehalf: (user, mailbox) =>
    `Send From${nb}: les destinataires verront «${nb}${user} de la part de ${mailbox}${nb}».`,
  copyMine: (mailbox) =>
    `Send From${nb}: la copie ira dans vos Éléments envoyés, pas dans ceux de ${mailbox}.`,
  copyBoth: (mailbox) =>
    `Send From${nb}: la copie ira dans vos Éléments envoyés et dans ceux de ${mailbox}.`,
  deniedFullAccessOnly: (mailbox) =>
    `L’envoi depuis ${mailbox} échouera${nb}: l’accès total ne permet pas d’envoyer. Demandez un droit d’envoi.`,
  deniedUnknown: (address) =>
    `L’envoi depuis ${address} échouera${nb}: vous n’y avez aucun droit d’envoi. Demandez-le à votre administrateur.`,
  blockedFullAccessOnly: (mailbox, address) =>
    `Vous ne pouvez pas envoyer depuis ${mailbox} (${address}). Vous y avez l’accès total, mais ni «${nb}Envoyer en tant que${nb}» ni «${nb}Envoyer de la part de${nb}», donc Exchange refuserait le message (ErrorSendAsDenied). Choisissez une boîte aux lettres depuis laquelle vous pouvez envoyer, ou demandez ce droit à votre administrateur.`,
  blockedFullAccessOnlyMarkdown: (mailbox, address) =>
    `Vous ne pouvez pas envoyer depuis **${mailbox}** (${address}).\n\nVous y avez l’**accès total**, mais ni **Envoyer en tant que** ni **Envoyer de la part de**, donc Exchange refuserait le message (ErrorSendAsDenied).\n\nChoisissez une boîte aux lettres depuis laquelle vous pouvez envoyer, ou demandez ce droit à votre administrateur.`,
  blockedUnknown: (address) =>
    `Vous ne pouvez pas envoyer depuis ${address}${nb}: l’annuaire de votre administrateur ne vous y accorde ni «${nb}Envoyer en tant que${nb}» ni «${nb}Envoyer de la part de${nb}», donc Exchange refuserait le message (ErrorSendAsDenied). Choisissez une boîte aux lettres depuis laquelle vous pouvez envoyer, ou demandez ce droit à votre administrateur.`,
  blockedUnknownMarkdown: (address) =>
    `Vous ne pouvez pas envoyer depuis **${address}**.\n\nL’annuaire de votre administrateur ne vous y accorde ni **Envoyer en tant que** ni **Envoyer de la part de**, donc Exchange refuserait le message (ErrorSendAsDenied).\n\nChoisissez une boîte aux lettres depuis laquelle vous pouvez envoyer, ou demandez ce droit à votre administrateur.`,
  directoryTooLarge: `Send From ne peut pas lire votre liste de boîtes (trop grande)${nb}: l’envoi depuis d’autres boîtes n’est pas vérifié. Prévenez votre administrateur.`,
  fromUnchecked: (address) =>
    `Send From ne peut pas vérifier si vous pouvez envoyer depuis ${address}${nb}: votre liste de boîtes est indisponible. L’envoi revérifie.`,
  fromPersonUncertain: (address) =>
    `Send From ne peut pas savoir si ${address} est votre adresse ou une boîte depuis laquelle vous pouvez envoyer. L’envoi revérifie.`,
  mayHaveBeenSent: (mailbox) =>
    `Send From a peut-être déjà envoyé ce message depuis ${mailbox}${nb}: la réponse a été perdue. Le renvoyer pourrait en remettre une deuxième copie. Regardez d’abord dans les Éléments envoyés${nb}: ouvrez Send From et choisissez «${nb}Vérifier les Éléments envoyés${nb}».`,
  warnedInferredFrom: (address) =>
    `Outlook envoie peut-être ce message depuis ${address}, la boîte où il se trouve, et vous n’y avez ni «${nb}Envoyer en tant que${nb}» ni «${nb}Envoyer de la part de${nb}», donc Exchange le refuserait (ErrorSendAsDenied). Si vous avez mis votre propre adresse dans le champ «${nb}De${nb}», choisissez «${nb}Envoyer quand même${nb}». Sinon, choisissez une boîte depuis laquelle vous pouvez envoyer.`,
  alreadySent: (mailbox) =>
    `Send From a déjà envoyé ce message depuis ${mailbox}. Le renvoyer en remettrait une deuxième copie${nb}: supprimez plutôt ce brouillon avec Ignorer dans Outlook.`,
  warnedPersonUncertain: (address) =>
    `Send From ne peut pas vérifier si vous pouvez envoyer depuis ${address}${nb}: Outlook n’a pas indiqué dans quelle boîte se trouve ce message. Si c’est votre propre adresse, ou si vous avez «${nb}Envoyer en tant que${nb}» ou «${nb}Envoyer de la part de${nb}» sur cette boîte, choisissez «${nb}Envoyer quand même${nb}». Sinon, choisissez une boîte depuis laquelle vous pouvez envoyer.`,
  warnedAccountNotProfile: (address, account) =>
    `Send From ne peut pas confirmer que ${address} est à vous${nb}: Outlook est connecté en tant que ${account}. Si c’est votre propre adresse, ou si vous avez «${nb}Envoyer en tant que${nb}» ou «${nb}Envoyer de la part de${nb}» sur cette boîte, choisissez «${nb}Envoyer quand même${nb}». Sinon, choisissez une boîte depuis laquelle vous pouvez envoyer.`,
  blockedUnavailable: (address) =>
    `Send From n’a pas pu vérifier si vous pouvez envoyer depuis ${address}, et votre organisation n’autorise pas l’envoi sans vérification. Réessayez dans un instant ou choisissez votre propre adresse.`,
  dontSend: "Ne pas envoyer",
  pickMailbox: "Choisir une boîte",
};
