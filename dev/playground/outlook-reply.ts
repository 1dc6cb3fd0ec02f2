// What Outlook does on Reply, Reply all and Forward: a compose item made from a received message,
// carrying its thread. Outlook sets In-Reply-To to the original's Internet message id and
// References to the original's References followed by that id (RFC 5322 3.6.4), and Exchange
// keeps the reply in the original's conversation; the draft holds the two headers as MAPI
// properties PidTagInReplyToId (String 0x1042) and PidTagInternetReferences (String 0x1039)
// (field-reports.md: Softeria/ms-365-mcp-server#652, elie222/inbox-zero#1246), and Outlook's
// Thread-Index and Thread-Topic as PidTagConversationIndex (Binary 0x0071: the original's index
// and a child block) and PidTagConversationTopic (String 0x0070), by which Exchange files it into
// the original's conversation (MS-OXOMSG 2.2.1.2; the emulator's store.ts conversationOf). A reply written inside a shared mailbox's folder is saved in that
// mailbox's Drafts, not the user's (office-js #1116, #6701), and classic Outlook shows the
// mailbox in From (office-js #1832), so the response is composed from there.
import type { StoredMessage } from "../graph-emulator/types";
import type { SimAttachment, SimThread } from "./outlook-drafts";
import type { SimAddress } from "./sim-address";

export type ResponseKind = "reply" | "replyAll" | "forward";

export type { SimThread } from "./outlook-drafts";

/** Scenario.respondTo: the compose window is Outlook's response to a received message. */
export interface SimResponse {
  kind: ResponseKind;
  /** Whose Inbox the original is in: the user's own, or a shared mailbox's. */
  folder: SimAddress;
  /** The received message, as the Graph emulator stored it (GraphEmulator.receive). */
  original: StoredMessage;
  /** Forward: the original's attachments, which Outlook carries into the forward. */
  attachments?: SimAttachment[];
}

/** What Outlook fills in for the response: the fields of the compose window. */
export interface ComposedResponse {
  subject: string;
  to: string[];
  cc: string[];
  /** The quoted original below an empty line for the user's text, as HTML. */
  quote: string;
  thread: SimThread;
  attachments: SimAttachment[];
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!
  );

const PREFIX: Record<ResponseKind, string> = { reply: "RE: ", replyAll: "RE: ", forward: "FW: " };

/**
 * The compose window Outlook opens for `kind` on `response.original` in `response.folder`'s Inbox,
 * the user being `user`. Reply: to the original's sender. Reply all: also its other To and Cc
 * recipients, without the mailbox replying (nor the user). Forward: no recipients, the
 * attachments carried. The subject gets "RE: " / "FW: " once (not again on "RE: RE: ").
 */
export function composeResponse(response: SimResponse, user: SimAddress): ComposedResponse {
  const { kind, original, folder } = response;
  const self = new Set([folder.address.toLowerCase(), user.address.toLowerCase()]);
  const addresses = (list: { emailAddress: { address: string } }[]) =>
    list.map((r) => r.emailAddress.address).filter((a) => !self.has(a.toLowerCase()));
  const sender = original.from?.emailAddress.address ?? "";
  const prefix = PREFIX[kind];
  const subject =
    kind !== "forward" && /^re:\s/i.test(original.subject)
      ? original.subject
      : `${prefix}${original.subject}`;
  const to =
    kind === "forward"
      ? []
      : kind === "reply"
        ? [sender]
        : [sender, ...addresses(original.toRecipients)].filter((a, i, all) => all.indexOf(a) === i);
  const cc = kind === "replyAll" ? addresses(original.ccRecipients) : [];
  const who = (r: { emailAddress: { address: string; name?: string } } | null) =>
    r ? escapeHtml(r.emailAddress.name ?? r.emailAddress.address) : "";
  const quote =
    "<hr>" +
    `<p><b>From:</b> ${who(original.from)}<br>` +
    `<b>Sent:</b> ${escapeHtml(original.sentDateTime ?? "")}<br>` +
    `<b>To:</b> ${original.toRecipients.map(who).join("; ")}<br>` +
    `<b>Subject:</b> ${escapeHtml(original.subject)}</p>` +
    (original.body.contentType === "html"
      ? original.body.content
      : `<p>${escapeHtml(original.body.content)}</p>`);
  return {
    subject,
    to,
    cc,
    quote,
    thread: {
      inReplyTo: original.internetMessageId,
      references: [original.references, original.internetMessageId].filter(Boolean).join(" "),
      conversationId: original.conversationId,
      ...(original.conversationIndex && {
        conversationIndex: childIndex(original.conversationIndex),
      }),
      conversationTopic: threadTopic(original.subject),
    },
    attachments: kind === "forward" ? (response.attachments ?? []) : [],
  };
}

/**
 * A response's Thread-Index: the original's (base64) and a 5-byte child block, as MAPI's
 * ScCreateConversationIndex appends one (learn.microsoft.com/office/client-developer/outlook/
 * mapi/sccreateconversationindex; the block's time difference matters to no rule here).
 */
function childIndex(parent: string): string {
  const block = crypto.getRandomValues(new Uint8Array(5));
  return btoa(atob(parent) + String.fromCharCode(...block));
}

/**
 * The thread's topic as Outlook keeps it on a response: the original's subject without its
 * prefix (up to three characters, a colon and a space: MS-OXCMAIL 2.2.3.2.6.1, as the emulator's
 * normalizedSubject).
 */
const threadTopic = (subject: string) => subject.replace(/^\s*[^\s:]{1,3}:\s+/, "").trim();

/** A customer's question in a mailbox's Inbox: what the playground replies to. */
export function customerMail(to: SimAddress): Record<string, unknown> {
  return {
    from: { emailAddress: { address: "jordan@contoso.example", name: "Jordan Miller (Contoso)" } },
    toRecipients: [{ emailAddress: { address: to.address, name: to.displayName } }],
    ccRecipients: [{ emailAddress: { address: "procurement@contoso.example" } }],
    subject: "Order 4711: delivery date?",
    body: {
      contentType: "html",
      content: "<p>Hello,</p><p>when will order 4711 be delivered?</p><p>Jordan</p>",
    },
  };
}

/**
 * Puts `message` into `owner`'s Inbox in the Graph emulator at `emulator` (its control API, as
 * Exchange delivers mail from outside) and returns it as stored, thread and all.
 */
export async function receiveInInbox(
  emulator: string,
  owner: string,
  message: Record<string, unknown>
): Promise<StoredMessage> {
  const r = await fetch(`${emulator}/_emulator/mailboxes/${encodeURIComponent(owner)}/inbox`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ message }),
  });
  if (r.status !== 201) throw new Error(`The message could not be put in the Inbox (${r.status}).`);
  return (await r.json()) as StoredMessage;
}
