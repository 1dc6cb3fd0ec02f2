import { formatDateTime, formatDuration, formatIn, formatNumber, plural } from "./format";
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
      `${mailbox} (${en.kind[kind]}) has no Sent Items of its own, so the only copy is in your Sent Items.`,
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
    notYou: "Not you? Sign in with another account",
    title: "Send from",
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
    count: (shown, total) => {
      const n = (x: number) => formatNumber(en.locale, x);
      const noun = plural(en.locale, total, { one: "mailbox", other: "mailboxes" });
      return shown === total ? `${n(total)} ${noun}` : `${n(shown)} of ${n(total)} ${noun}`;
    },
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
    adviceMore: (count) => (count === 1 ? "Show 1 more" : `Show ${count} more`),
    adviceLess: "Show less",
    sendHeading: "Send",
  },
  directory: {
    checking: "Checking the directory for changes…",
    asOf: (time) => `Showing the directory as of ${time}.`,
    failedTitle: "Can't show your mailboxes",
    unreachable: (detail) =>
      `The directory could not be reached (${detail}). Check your connection and try again.`,
    answeredError: (detail) =>
      `The directory answered with an error (${detail}) instead of your mailbox list: the service may be busy or down. Try again in a few minutes; if this keeps happening, tell your admin.`,
    missing: (url) =>
      `No directory was found at ${url}. Tell your admin: the add-in's directory address may be wrong.`,
    malformed: (problem) => `The directory is malformed: ${problem}`,
    otherPerson: ({ expected, found }) =>
      `The mailbox list Send From received is for another person (${found}), not for you (${expected}): Send From may be signed in as another account than Outlook's, so it shows nothing. Close and reopen the pane and sign in as yourself; if this keeps happening, tell your admin.`,
    signInNeeded:
      "Send From could not sign you in to the directory. Close and reopen the pane to try again; if this keeps happening, tell your admin.",
    notAllowed:
      "The directory refused this account: it may belong to another organisation, or the add-in is not set up for it. Tell your admin.",
    notPublishedTitle: "No mailboxes published for you",
    notPublished:
      "Your admin has not published any mailbox you may send from, so you can send only as yourself. If you should have access, ask your admin for Send As or Send on Behalf.",
    retry: "Try again",
    rejectedParameter: (value) =>
      `The add-in was told to use the directory at ${value}, which is not an allowed address; it uses the default directory instead.`,
    duplicate: (address) =>
      `The directory lists ${address} more than once; the first entry is shown.`,
    suspiciousAddress: (address) =>
      `The directory lists an address that could pass for another one (hidden, direction-changing or look-alike characters): ${address}. It is not offered or allowed.`,
    tellAdmin: "Tell your admin.",
  },
  send: {
    modeLabel: "Where the sent copy goes",
    fidelityWarning: ({ mailbox, parts, label }) =>
      label
        ? `"Copy in ${mailbox}'s Sent Items" would drop part of this message: ${[...(parts ?? []), label === "unknown" ? "its sensitivity label, if it has one (this Outlook cannot tell)" : "its sensitivity label"].join(", ")}. Recreating the message in the mailbox, Microsoft 365 loses sensitivity labels, inline images of 3 MB or more, the links of cloud attachments, and attached messages of 3 MB or more or with attachments of their own. "Copy in my Sent Items" sends it whole, label included.`
        : `"Copy in ${mailbox}'s Sent Items" would drop part of this message: ${(parts ?? []).join(", ")}. Recreating the message in the mailbox, Microsoft 365 loses inline images of 3 MB or more, the links of cloud attachments, and attached messages of 3 MB or more or with attachments of their own. "Copy in my Sent Items" sends it whole.`,
    fidelityDraftElsewhere: ({ draft, mailbox, parts, label }) =>
      `Outlook saved this message in ${draft}'s Drafts, so Send From can send it from ${mailbox} only by recreating it there, which would drop part of it: ${[...(parts ?? []), ...(label === "unknown" ? ["its sensitivity label, if it has one (this Outlook cannot tell)"] : label ? ["its sensitivity label"] : [])].join(", ")}. Send it from ${draft}, where it lives, or with Outlook's own Send button.`,
    checkingParts: "Checking what this message holds before it can be sent this way…",
    useMine: 'Use "Copy in my Sent Items"',
    modeMine: "Copy in my Sent Items",
    modeMailbox: (mailbox) => `Copy in ${mailbox}'s Sent Items`,
    mailboxModeNeedsFullAccess: (mailbox) =>
      `Not available: you don't have Full Access to ${mailbox}, which sending through the mailbox itself needs.`,
    draftElsewhere: ({ draft, mailbox, usable }) =>
      usable
        ? `Outlook saved this message in ${draft}'s Drafts: only "Copy in ${mailbox}'s Sent Items" can send it from there.`
        : `Outlook saved this message in ${draft}'s Drafts, so Send From can't send it from ${mailbox}. Use Outlook's own Send button, or choose a mailbox you have Full Access to.`,
    draftInMailboxNoFullAccess: (mailbox) =>
      `Outlook saved this message in ${mailbox}'s Drafts (it was written there). Send From can send it only from there, which needs Full Access to ${mailbox}, and your directory doesn't list it for you. Use Outlook's own Send button.`,
    explainMine: ({ mailbox, recipients, copies }) =>
      `Sends from ${mailbox} through your own mailbox. ${recipients} ${copies}`,
    explainMailbox: ({ mailbox, recipients }) =>
      `Sends through ${mailbox} itself, with your Full Access. ${recipients} The copy goes to ${mailbox}'s Sent Items, not yours.`,
    recipientsSendAs: (mailbox) => `Recipients see it as from ${mailbox}.`,
    recipientsSendOnBehalf: (user, mailbox) => `Recipients see "${user} on behalf of ${mailbox}".`,
    copiesMine: "The copy goes to your Sent Items.",
    copiesMineAndMailbox: (mailbox) =>
      `The copy goes to your Sent Items, and ${mailbox} keeps one in its Sent Items too.`,
    button: (mailbox) => `Send from ${mailbox}`,
    unavailable:
      "Sending from this pane isn't set up in this deployment. Choose the mailbox in Outlook's own From field and use Outlook's Send button.",
    cannotSend: (mailbox) =>
      `You can't send from ${mailbox}: you have no Send As or Send on Behalf right on it.`,
    progress: {
      saving: "Saving your draft…",
      signingIn: "Signing in to Microsoft 365…",
      preparing: "Preparing the message…",
      uploading: (name, percent) => `Copying ${name} (${percent}%)…`,
      sending: "Sending…",
      checking: "Checking whether the message went…",
      closing: "Sent. Closing the message…",
      waiting: (seconds) => `Microsoft 365 is busy; trying again ${formatIn(en.locale, seconds)}…`,
      tidying: "Removing a copy an earlier attempt may have left in a mailbox's Drafts…",
      waitingForDraft: (seconds) =>
        `Waiting for Outlook to upload your draft to Microsoft 365 (${formatDuration(en.locale, seconds)} so far). Changes you make now are included: Send From saves the message again before it sends.`,
    },
    sentTitle: (mailbox) => `Sent from ${mailbox}`,
    scheduledTitle: (mailbox, time) => `Scheduled from ${mailbox} for ${time}`,
    scheduled: (time) =>
      `Delay delivery is on: Microsoft 365 holds the message and delivers it at ${time}, not now.`,
    sentCopies: (where) => `The copy is in ${where}.`,
    confirmedLate:
      "The connection dropped while sending, but the message went: it was found in Sent Items.",
    resultLabel: "Result of sending",
    alreadySent:
      "This message was already sent, so Send From won't send it again. Discard the draft with Outlook's Discard, so that no copy stays in Drafts.",
    notClosed:
      "The message has already gone, and this window still holds it. Discard the draft with Outlook's Discard, and don't press Outlook's Send: it would go a second time.",
    whereMine: "your Sent Items",
    whereMailbox: (mailbox) => `${mailbox}'s Sent Items`,
    whereBoth: (mailbox) => `your Sent Items and ${mailbox}'s Sent Items`,
    failedTitle: "Not sent",
    unknownTitle: "May have been sent",
    draftSafe: "Your message is still here, unchanged.",
    adminFix: "Your Exchange admin can fix this with:",
    retry: "Try again",
    check: "Check Sent Items",
    sendMine: "Send with the copy in my Sent Items",
    sendMailbox: (mailbox) => `Send with the copy in ${mailbox}'s Sent Items`,
    details: (detail) => `Details: ${detail}`,
    problem: {
      network: () =>
        "The connection was lost before the message went. Try again when you are back online.",
      unknownOutcome: ({ mailbox }) =>
        `Microsoft 365 didn't confirm the send (the connection dropped or the service failed while sending) and Send From could not find the message among the sent ones: it may have been sent, and Exchange can still finish sending it later. Check Sent Items (yours or ${mailbox}'s) before sending again, and don't use Outlook's Send button until you have. "Check Sent Items" looks for it again; Send From won't send it again while it may still go.`,
      wrongAccount: ({ account, unconfirmed }) =>
        unconfirmed
          ? `Send From can't confirm that ${account ?? "this account"} is yours (Outlook doesn't name its account; this sign-in gives no email). If it is, ask your admin to add the "email" optional claim to Send From in Microsoft Entra, or use Outlook on the web or new Outlook. If not, try again and pick yours.`
          : `The sign-in gave ${account ?? "another account"}, not Outlook's account: Send From works only as you. Try again and pick your own.`,
      other: () => "Sending failed for a reason Send From doesn't recognise.",
    },
  },
  support: {
    heading: "Help",
    copyDiagnostics: "Copy diagnostics",
    copyHint:
      "Copies a list of recent problems for your IT support. It holds no message content, no sign-in tokens and no names.",
    copied: "Diagnostics copied. Paste them into your message to IT support.",
    copyFailed: "Couldn't copy. Select the text below and copy it yourself.",
    textLabel: "Diagnostics",
  },
  startup: {
    officeMissing:
      "Office.js did not load. Check your connection, then close and reopen the add-in.",
    notInCompose: "Open Send From from an Outlook message you are writing.",
    personUnknown:
      "Outlook did not say who is signed in to this mailbox, and no sign-in completed. Sign in when asked, or open Send From from a message in your own mailbox.",
    confirmAccount: {
      heading: "Is this you?",
      body: (who) =>
        `Outlook did not say who is signed in to this mailbox. The sign-in gave ${who}. Send From lists the mailboxes this account may send from, and sends with its sign-in.`,
      yes: "Yes, that's me",
      another: "No, sign in with another account",
      hint: "If the wrong account keeps coming back, open Send From from a message in your own mailbox.",
    },
    failed: (detail) => `Send From could not start: ${detail}`,
  },
  formatTime: (iso) => formatDateTime(en.locale, iso),
};
