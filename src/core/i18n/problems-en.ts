import { formatIn, formatNumber } from "./format";
import { en } from "./en";
import type { SendProblemTexts } from "./types";

/**
 * The send problems' texts (en) beyond the few the pane's first load carries (send.problem:
 * network, unknownOutcome, other): loaded with the pane's first render, in their own chunk
 * (src/taskpane/problem-texts.ts), so the long explanations stay out of the first paint.
 */
export const enProblems: SendProblemTexts = {
  ...en.send.problem,
  sendAsDenied: ({ mailbox }) =>
    `Exchange refused: you don't have Send As or Send on Behalf on ${mailbox} (ErrorSendAsDenied). If it was granted in the last hour, wait and try again.`,
  rightNotActiveYet: ({ mailbox, seconds, fullAccess, offerMode }) =>
    fullAccess
      ? `Exchange doesn't let you write into ${mailbox} yet, although your directory, updated less than two hours ago, lists your Full Access: a newly granted right can take up to two hours to work. Nothing was sent. ${offerMode === "mine" ? `"Copy in my Sent Items" does not need Full Access, or wait` : "Wait"} and try again${seconds ? ` ${formatIn(en.locale, seconds)}` : " later"}.`
      : `Exchange doesn't let you send from ${mailbox} yet, although your directory, updated less than two hours ago, lists the right: a newly granted right can take up to two hours to work. Nothing was sent. Wait and try again${seconds ? ` ${formatIn(en.locale, seconds)}` : " later"}.`,
  noFullAccess: ({ mailbox }) =>
    `Sending through ${mailbox} itself needs Full Access, which you don't have. Choose "Copy in my Sent Items" instead, or ask for Full Access.`,
  draftNotFound: () =>
    "Outlook's saved copy of this message could not be found in your mailbox. Make a small change to the message and try again.",
  draftNotSaved: () =>
    "Outlook couldn't save the message before sending, so nothing was sent. Check your connection and try again.",
  mailboxNotEnabled: ({ mailbox }) =>
    `${mailbox} can't be used through Microsoft 365's mail service: it is inactive, deleted or kept on an on-premises server.`,
  messageTooLarge: () =>
    "The message is larger than this mailbox may send. Remove or shrink attachments, or ask your admin to raise the limit.",
  throttled: ({ seconds }) =>
    `${seconds && seconds >= 3600 ? "Microsoft 365 is limiting how much this mailbox sends for now." : "Microsoft 365 is limiting how fast this mailbox sends (at most 30 messages a minute)."}${seconds ? ` Try again ${formatIn(en.locale, seconds)}.` : " Try again in a minute."}`,
  serviceUnavailable: () => "Microsoft 365 had a problem. Try again in a minute.",
  provenUnsent: ({ mailbox }) =>
    `Not sent from ${mailbox}: a minute after the lost connection it is still a draft, with no sent copy. You can send it now.`,
  copyRemoved: ({ mailbox }) =>
    `Not sent: the copy in ${mailbox}'s Drafts was removed before it could be sent. You can send it now.`,
  signInCancelled: () => "Sign-in was cancelled, so nothing was sent.",
  signInBlocked: () => "The sign-in window was blocked. Allow pop-ups for Outlook, then try again.",
  consentRequired: ({ scope }) =>
    scope
      ? `Send From doesn't have the ${scope} permission it needs for this, so nothing was sent. Ask your admin to grant consent for ${scope} to Send From in Microsoft Entra (Enterprise applications, Send From, Permissions).`
      : "Send From isn't allowed to send mail for you yet. Ask your admin to grant consent to Send From in Microsoft Entra (Enterprise applications, Send From, Permissions).",
  adminConsentRequired: () =>
    "Only an administrator can allow Send From to send mail for you in this organization. Ask your admin to grant admin consent to Send From in Microsoft Entra (Enterprise applications, Send From, Permissions).",
  signInUnsupported: () =>
    "This Outlook can't sign add-ins in to Microsoft 365 (it has neither nested app authentication nor add-in dialogs). Use Outlook on the web or new Outlook, or update Outlook.",
  signInFailed: () =>
    "Signing in to Microsoft 365 failed. Try again; if it keeps failing, sign out of Outlook and back in.",
  draftChanged: () =>
    "Your message kept changing while Send From was sending it, so nothing was sent: Send From sends only what the message window shows. Finish your changes, then try again.",
  draftNotUploaded: () =>
    "Outlook has not uploaded your draft, or your latest changes to it, to Microsoft 365 yet (Outlook in cached mode saves it on your computer first), so nothing was sent. Wait a moment, check that Outlook is connected, and try again.",
  draftNotStamped: () =>
    "Outlook would not let Send From mark this save of your draft, so Send From can't tell it from an older copy on Microsoft 365, and nothing was sent. Try again; if it keeps happening, send the message with Outlook's own Send button.",
  draftHeadersUnreadable: ({ mailbox, offerMode }) =>
    `Send From could not read your draft's internet headers from Microsoft 365 (where custom x- headers and the sensitivity label are kept), so it did not recreate the message in ${mailbox} without them. Nothing was sent. Try again${offerMode === "mine" ? `, or use "Copy in my Sent Items", which sends your message as it is` : ""}.`,
  draftInOtherMailbox: ({ mailbox, draft }) =>
    draft
      ? `Outlook saved this message in ${draft}'s Drafts (it was written there), so Send From can't send it from ${mailbox}, and nothing was sent. Send it with Outlook's own Send button, or choose a mailbox you have Full Access to.`
      : "Outlook saved this message in another mailbox's Drafts (it was written inside a shared mailbox) without saying which, so Send From couldn't find it and nothing was sent. Saving again won't change that: send it with Outlook's own Send button, or start the message from your own mailbox.",
  draftNeedsMailboxMode: ({ mailbox, draft }) =>
    `Outlook saved this message in ${draft ?? "another mailbox"}'s Drafts (it was written there), so "Copy in my Sent Items" can't send it and nothing was sent. "Copy in ${mailbox}'s Sent Items" can: it sends the draft from there.`,
  draftOwnerUnknown: ({ mailbox }) =>
    `Outlook saved this new message in a shared mailbox's Drafts without saying which mailbox (it doesn't for a message just started there), and it isn't in ${mailbox}'s, so nothing was sent. Close the message, open it again from that mailbox's Drafts folder and send it from there with Send From, or use Outlook's own Send button.`,
  draftReadDenied: () =>
    "Microsoft 365 refused to let Send From read your saved draft, although Send From has the permission it needs, so nothing was sent. If you wrote the message inside a shared mailbox, Outlook keeps it in that mailbox's Drafts: send it with Outlook's own Send button. Otherwise wait a moment and try again.",
  draftReadDeniedAgain: () =>
    "Microsoft 365 refused again to let Send From read your saved draft, so nothing was sent. Trying again won't help: send it with Outlook's own Send button, and give your admin the details below.",
  recipientsRefused: () =>
    "Exchange refused the recipients, so nothing was sent: the message has none yet (a forward starts without any), or an address isn't valid. Add a recipient or correct the address, then send again.",
  draftMailboxDenied: () =>
    "Outlook saved this message in the Drafts of the mailbox it was written in, and Exchange doesn't let Send From read it there: that needs Full Access to that mailbox, which you don't have. Nothing was sent. Send it with Outlook's own Send button, or ask your admin for Full Access.",
  uploadDenied: ({ mailbox, keepsCopy }) =>
    `Microsoft 365 refused to upload a large attachment into ${mailbox} (a known limitation for shared mailboxes), so nothing was sent. "Copy in my Sent Items" sends the message with its attachments${keepsCopy ? `, and ${mailbox} still keeps a copy in its Sent Items.` : `; the copy then goes to your Sent Items only, unless an admin has ${mailbox} keep a copy too.`}`,
  draftElsewhereCannotCarry: ({ mailbox, draft, parts, label, headers }) => {
    const lost = [
      ...(parts ?? []),
      ...(label ? ["its sensitivity label"] : []),
      ...(headers ? [`its ${formatNumber(en.locale, headers)} custom x- headers`] : []),
    ];
    return `Outlook saved this message in ${draft ?? "another mailbox"}'s Drafts (it was written there), so Send From can send it from ${mailbox} only by recreating it there, and that would lose part of it${lost.length ? `: ${lost.join(", ")}` : " (a large attachment Microsoft 365 would not upload there)"}. Nothing was sent. Send it from ${draft ?? "the mailbox it was written in"}, where it lives, or with Outlook's own Send button.`;
  },
  modeCannotCarry: ({ mailbox, parts, label, headers }) => {
    const lost = [
      ...(parts ?? []),
      ...(label ? ["its sensitivity label"] : []),
      ...(headers ? [`its ${formatNumber(en.locale, headers)} custom x- headers`] : []),
    ];
    return `"Copy in ${mailbox}'s Sent Items" would lose part of this message${lost.length ? `: ${lost.join(", ")}` : ""}. Microsoft 365 drops ${label ? "sensitivity labels and " : ""}an inline image of 3 MB or more from a recreated message, and cannot copy a cloud attachment's link, an attached message of 3 MB or more, or an attached message's own attachments.${headers ? " A recreated message can carry at most 5 custom x- headers." : ""} "Copy in my Sent Items" sends your message as it is.`;
  },
};
