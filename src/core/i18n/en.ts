import type { Messages } from "./types";

export const en: Messages = {
  locale: "en-US",
  kind: {
    user: "User mailbox",
    shared: "Shared mailbox",
    room: "Room mailbox",
    equipment: "Equipment mailbox",
    distributionList: "Distribution list",
    securityGroup: "Mail-enabled security group",
    microsoft365Group: "Microsoft 365 group",
  },
  right: { SendAs: "Send As", SendOnBehalf: "Send on Behalf", FullAccess: "Full Access" },
  rightsList(rights) {
    return rights.length ? rights.map((r) => en.right[r]).join(", ") : "No rights";
  },
  advice: {
    "send.noRight": ({ mailbox }) =>
      `You can't send from ${mailbox}: the directory lists no Send As or Send on Behalf right for you, so Exchange would reject the message (ErrorSendAsDenied). Ask your admin for Send As or Send on Behalf.`,
    "send.fullAccessOnly": ({ mailbox }) =>
      `Full Access lets you open ${mailbox}, not send from it: Exchange would reject the message (ErrorSendAsDenied). Ask your admin for Send As or Send on Behalf.`,
    "recipients.sendAs": ({ mailbox }) =>
      `Recipients see the message as from ${mailbox} only. Your name does not appear.`,
    "recipients.sendOnBehalf": ({ mailbox, user }) =>
      `Recipients see "${user} on behalf of ${mailbox}". Replies go to ${mailbox}.`,
    "recipients.sendAsWins": () =>
      "You have both Send As and Send on Behalf. Exchange uses Send As.",
    "sentItems.yoursOnly": ({ mailbox }) =>
      `When Outlook sends it, the copy goes to your own Sent Items, not to ${mailbox}'s.`,
    "sentItems.yoursAndMailbox": ({ mailbox }) =>
      `When Outlook sends it, the copy goes to your Sent Items, and ${mailbox} keeps a copy in its own Sent Items too.`,
    "sentItems.groupHasNone": ({ mailbox, kind }) =>
      `${mailbox} is a ${en.kind[kind].toLowerCase()}: it has no Sent Items of its own, so the only copy is in your Sent Items.`,
    "fullAccess.missing": ({ mailbox }) =>
      `You don't have Full Access to ${mailbox}, so you can't send through the mailbox itself to keep the copy in its Sent Items: that would fail (ErrorAccessDenied).`,
    "fullAccess.present": ({ mailbox }) =>
      `You have Full Access, so you can also send through ${mailbox} itself and keep the copy in its Sent Items.`,
    "mailbox.hidden": ({ mailbox }) =>
      `${mailbox} is hidden from address lists. Outlook desktop can't send as or on behalf of hidden mailboxes; Outlook on the web can.`,
    "mailbox.noReply": ({ mailbox }) =>
      `${mailbox} is a no-reply mailbox: nobody reads replies to it. Tell recipients in the message how to reach you.`,
    "rights.mayNotBeActive": ({ generatedAt }) =>
      `This directory was generated at ${generatedAt}. Rights granted shortly before can take up to 60 minutes to work; if sending fails, try again later.`,
    "outlookFrom.matches": ({ mailbox }) =>
      `Outlook's From field shows ${mailbox}: Outlook's Send button sends from it.`,
    "outlookFrom.pickInOutlook": ({ mailbox }) =>
      `To send with Outlook's own Send button, choose ${mailbox} in Outlook's From field. Add-ins can't change that field.`,
  },
  problem: {
    tooLarge: ({ bytes, limit }) =>
      `The file is ${(bytes / 1048576).toFixed(1)} MB; the add-in reads at most ${limit / 1048576} MB.`,
    notJson: ({ detail }) => `The file is not valid JSON (${detail}).`,
    wrongFormat: ({ found }) => `The file is not a Send From directory file (format: ${found}).`,
    unsupportedVersion: ({ found, supported }) =>
      `The directory uses format version ${found}; this add-in reads version ${supported}. Update the add-in or publish version ${supported}.`,
    invalid: ({ at, detail }) =>
      `The file does not match the directory schema at ${at}: ${detail}.`,
    wrongUser: ({ expected, found }) => `The file is for ${found}, not for ${expected}.`,
  },
  pane: {
    title: "Send from",
    simulatorBadge: "Simulator",
    loading: "Loading the mailboxes you may send from…",
    outlookFromLabel: "Outlook's From field",
    outlookFromUnknown: "Outlook did not say which address is in the From field.",
    outlookFromYou: "You",
    outlookFromPermitted: "You may send from it",
    outlookFromNotPermitted: "You can't send from it",
    outlookFromNotInDirectory: "Not in your directory",
    searchLabel: "Search mailboxes",
    searchPlaceholder: "Name or address",
    listLabel: "Mailboxes you may use",
    count: (shown, total) =>
      shown === total ? `${total} mailboxes` : `${shown} of ${total} mailboxes`,
    noMatches: (query) => `No mailbox matches "${query}".`,
    noMailboxes: "The directory lists no mailboxes for you.",
    favouriteMarker: "Favourite",
    recentMarker: "Recently used",
    selectPrompt:
      "Choose a mailbox to see how recipients will see the message and where the sent copy goes.",
    detailsHeading: (mailbox) => `Sending from ${mailbox}`,
    addFavourite: "Add to favourites",
    removeFavourite: "Remove from favourites",
    adviceHeading: "What happens when you send",
    sendHeading: "Send",
  },
  directory: {
    checking: "Checking the directory for changes…",
    asOf: (time) => `Showing the directory as of ${time}.`,
    staleBecause: {
      unreachable: "The directory could not be reached.",
      missing: "The directory was not found at its address.",
      malformed: "The directory sent a file the add-in can't use.",
    },
    failedTitle: "Can't show your mailboxes",
    unreachable: (detail) =>
      `The directory could not be reached (${detail}). Check your connection and try again.`,
    missing: (url) =>
      `No directory was found at ${url}. Tell your admin: the add-in's directory address may be wrong.`,
    malformed: (problem) => `The directory is malformed: ${problem}`,
    notPublishedTitle: "No mailboxes published for you",
    notPublished:
      "Your admin has not published any mailbox you may send from, so you can send only as yourself. If you should have access, ask your admin for Send As or Send on Behalf.",
    retry: "Try again",
    rejectedParameter: (value) =>
      `The add-in was told to use the directory at ${value}, which is not an allowed address; it uses the default directory instead.`,
    duplicate: (address) =>
      `The directory lists ${address} more than once; the first entry is shown.`,
    tellAdmin: "Tell your admin.",
  },
  startup: {
    officeMissing:
      "Office.js did not load. Check your connection, then close and reopen the add-in.",
    notInCompose: "Open Send From from an Outlook message you are writing.",
    failed: (detail) => `Send From could not start: ${detail}`,
  },
  formatTime(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return new Intl.DateTimeFormat(en.locale, { dateStyle: "medium", timeStyle: "short" }).format(
      date
    );
  },
};
