import type { EventTexts } from "./types";

/** The event handlers' texts in English (types.ts EventTexts). */
export const enEvents: EventTexts = {
  recipientsSendAs: (mailbox) => `Send From: recipients will see this as from ${mailbox} only.`,
  recipientsSendOnBehalf: (user, mailbox) =>
    `Send From: recipients will see "${user} on behalf of ${mailbox}".`,
  copyMine: (mailbox) => `Send From: the sent copy goes to your Sent Items, not to ${mailbox}'s.`,
  copyBoth: (mailbox) => `Send From: the sent copy goes to your Sent Items and to ${mailbox}'s.`,
  deniedFullAccessOnly: (mailbox) =>
    `Sending from ${mailbox} will fail: Full Access doesn't allow sending. Ask your admin for Send As or Send on Behalf.`,
  deniedUnknown: (address) =>
    `Sending from ${address} will fail: you have neither Send As nor Send on Behalf on it. Ask your admin.`,
  blockedFullAccessOnly: (mailbox, address) =>
    `You can't send from ${mailbox} (${address}). You have Full Access to it, but not Send As or Send on Behalf, so Exchange would reject the message (ErrorSendAsDenied). Pick a mailbox you may send from, or ask your admin for Send As or Send on Behalf.`,
  blockedFullAccessOnlyMarkdown: (mailbox, address) =>
    `You can't send from **${mailbox}** (${address}).\n\nYou have **Full Access** to it, but not **Send As** or **Send on Behalf**, so Exchange would reject the message (ErrorSendAsDenied).\n\nPick a mailbox you may send from, or ask your admin for Send As or Send on Behalf.`,
  blockedUnknown: (address) =>
    `You can't send from ${address}: your admin's directory lists no Send As or Send on Behalf right for you on it, so Exchange would reject the message (ErrorSendAsDenied). Pick a mailbox you may send from, or ask your admin for the right.`,
  blockedUnknownMarkdown: (address) =>
    `You can't send from **${address}**.\n\nYour admin's directory lists no **Send As** or **Send on Behalf** right for you on it, so Exchange would reject the message (ErrorSendAsDenied).\n\nPick a mailbox you may send from, or ask your admin for the right.`,
  directoryTooLarge:
    "Send From can't read your mailbox list: it is over the size limit, so sending from other mailboxes isn't checked. Tell your admin.",
  fromUnchecked: (address) =>
    `Send From can't tell now whether you may send from ${address}: your mailbox list isn't available. Send checks again.`,
  fromPersonUncertain: (address) =>
    `Send From can't tell whether ${address} is your own address or a mailbox you may send from. Send checks again.`,
  mayHaveBeenSent: (mailbox) =>
    `Send From may already have sent this message from ${mailbox}: the answer was lost. Sending it again may deliver a second copy. Check Sent Items first: open Send From and choose "Check Sent Items".`,
  warnedInferredFrom: (address) =>
    `Outlook may send this from ${address}, the mailbox it is in, where you have no Send As or Send on Behalf: Exchange would reject it. If From is your own address, choose Send Anyway.`,
  alreadySent: (mailbox) =>
    `Send From already sent this message from ${mailbox}. Sending it again delivers a second copy: discard this draft with Outlook's Discard instead.`,
  warnedPersonUncertain: (address) =>
    `Send From can't tell whether you may send from ${address}: Outlook didn't say whose mailbox this message is in. If it's your own address, or you have Send As or Send on Behalf on it, choose Send Anyway. Otherwise pick a mailbox you may send from.`,
  warnedAccountNotProfile: (address, account) =>
    `Send From can't confirm that ${address} is yours: Outlook is signed in as ${account}. If it's your own address, or you have Send As or Send on Behalf on it, choose Send Anyway. Otherwise pick a mailbox you may send from.`,
  blockedUnavailable: (address) =>
    `Send From couldn't check whether you may send from ${address}, and your organization doesn't allow sending unchecked. Try again in a moment, or pick your own address.`,
  dontSend: "Don't send",
  pickMailbox: "Pick a mailbox",
};
