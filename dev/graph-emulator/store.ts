// Mailbox contents (Drafts and Sent Items) and the Graph JSON shapes of messages and attachments
// (learn.microsoft.com/graph/api/resources/message, .../fileattachment, .../itemattachment).
import { createHash, randomBytes } from "node:crypto";
import type {
  AttachmentSummary,
  DraftAttachmentInput,
  ItemBody,
  Recipient,
  StoredMessage,
} from "./types";

export interface AttachmentRecord {
  id: string;
  kind: "file" | "item" | "reference";
  /** Reference (cloud, "share link") attachments: the link. Only beta returns it on GET
   * (msgraph-sdk-dotnet#634, microsoft-graph-docs#20997 and #19289). */
  sourceUrl?: string;
  name: string;
  contentType: string;
  size: number;
  isInline: boolean;
  contentId?: string;
  bytes?: Buffer;
  item?: Record<string, unknown>;
  lastModifiedDateTime: string;
  sha256?: string;
}

export interface MessageRecord {
  id: string;
  ewsId: string;
  owner: string;
  folder: "drafts" | "sentitems" | "inbox";
  isDraft: boolean;
  subject: string;
  body: ItemBody;
  importance: "low" | "normal" | "high";
  from: Recipient | null;
  sender: Recipient | null;
  toRecipients: Recipient[];
  ccRecipients: Recipient[];
  bccRecipients: Recipient[];
  replyTo: Recipient[];
  isReadReceiptRequested: boolean;
  isDeliveryReceiptRequested: boolean;
  categories: string[];
  flag: { flagStatus: "notFlagged" | "flagged" | "complete" };
  /** Custom internet headers; Graph takes only x- names (see parseMessagePatch). */
  internetMessageHeaders: { name: string; value: string }[];
  /** MAPI properties set through singleValueExtendedProperties, by id ("String 0x1042"). */
  extended: Record<string, string>;
  attachments: AttachmentRecord[];
  internetMessageId: string;
  conversationId: string;
  /**
   * PidTagConversationIndex (Thread-Index), base64: a 22-byte header block (0x01, 5 bytes of
   * time, the conversation's 16-byte GUID) and a 5-byte child block per reply (MS-OXOMSG
   * 2.2.1.3; ScCreateConversationIndex). Set by conversationOf.
   */
  conversationIndex: string;
  /** PidTagConversationTopic (Thread-Topic): the thread's normalized subject (conversationOf). */
  conversationTopic: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  sentDateTime: string | null;
  /** Cached mode: not on the server (invisible to Graph) before this time (ms since epoch). */
  visibleAt?: number;
  /**
   * Cached mode: Outlook saved the draft again on the computer (its OST) and uploads the change
   * at `at` (ms since epoch); until then Graph serves the server copy as it was before that save
   * (subject, body, recipients, attachments, label, x- headers, the add-in's custom properties).
   * saveAsync "returns before the item is synced" (office-js #2118), the upload takes "1-2 minutes"
   * (office-js #6077), and Microsoft's advice is to poll or stamp a custom property and wait for
   * the server copy to carry it (office-js #210). MailStore applies it when due (settle).
   */
  pendingUpload?: PendingUpload;
  /** The sensitivity label (GUID) Outlook applied to the item; never set through Graph. */
  sensitivityLabel?: string;
}

/** A cached-mode save of a draft already on the server, not uploaded yet (MessageRecord.pendingUpload). */
export interface PendingUpload {
  at: number;
  patch: MessagePatch;
  /** The item's attachments as saved, replacing the server copy's; absent: unchanged. */
  attachments?: AttachmentRecord[];
  /** The label (GUID, "" none) as saved; absent: unchanged. */
  sensitivityLabel?: string;
  /** The x- headers as saved; absent: unchanged. */
  internetMessageHeaders?: { name: string; value: string }[];
}

/** A bad request body; the router answers 400 with its message. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly code = "BadRequest"
  ) {
    super(message);
  }
}

/**
 * Exchange item ids. Outlook hands add-ins the EWS form; Graph wants the REST form, which
 * Office.js's convertToRestId derives by replacing "/" with "-" and "+" with "_"
 * (learn.microsoft.com/office/dev/add-ins/outlook/use-rest-api). Always contains one of them so
 * a client that forgets the conversion fails here as it would against Exchange.
 */
export function newItemId(prefix = "AAMkAD"): { id: string; ewsId: string } {
  for (;;) {
    const ewsId = prefix + randomBytes(66).toString("base64");
    if (/[+/]/.test(ewsId)) return { ewsId, id: ewsId.replace(/\//g, "-").replace(/\+/g, "_") };
  }
}

const nowIso = () => new Date().toISOString();

export function sha256Of(a: AttachmentRecord): string | undefined {
  if (a.kind !== "file" || !a.bytes) return undefined;
  a.sha256 ??= createHash("sha256").update(a.bytes).digest("hex");
  return a.sha256;
}

export function summarizeAttachment(a: AttachmentRecord): AttachmentSummary {
  const s: AttachmentSummary = {
    id: a.id,
    kind: a.kind,
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    isInline: a.isInline,
  };
  if (a.contentId !== undefined) s.contentId = a.contentId;
  if (a.sourceUrl !== undefined) s.sourceUrl = a.sourceUrl;
  if (a.kind === "file") s.sha256 = sha256Of(a);
  if (a.kind === "item" && typeof a.item?.subject === "string") s.subject = a.item.subject;
  if (a.kind === "item")
    s.attachedNames = nestedAttachments(a.item).map((x) => String(x.name ?? ""));
  return s;
}

export function summarizeMessage(m: MessageRecord): StoredMessage {
  return {
    id: m.id,
    ewsId: m.ewsId,
    owner: m.owner,
    folder: m.folder,
    isDraft: m.isDraft,
    subject: m.subject,
    body: { ...m.body },
    importance: m.importance,
    from: m.from,
    sender: m.sender,
    toRecipients: m.toRecipients,
    ccRecipients: m.ccRecipients,
    bccRecipients: m.bccRecipients,
    replyTo: m.replyTo,
    attachments: m.attachments.map(summarizeAttachment),
    internetMessageId: m.internetMessageId,
    conversationId: m.conversationId,
    conversationIndex: m.conversationIndex,
    inReplyTo: m.extended[MAPI.inReplyTo] ?? null,
    references: m.extended[MAPI.references] ?? null,
    createdDateTime: m.createdDateTime,
    lastModifiedDateTime: m.lastModifiedDateTime,
    sentDateTime: m.sentDateTime,
  };
}

// ---- Parsing request bodies ---------------------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseRecipient(v: unknown, property: string): Recipient {
  if (!isObject(v) || !isObject(v.emailAddress)) {
    throw new InputError(`Property '${property}' must hold { emailAddress: { address } } objects.`);
  }
  const { address, name } = v.emailAddress;
  if (typeof address !== "string" || (name !== undefined && typeof name !== "string")) {
    throw new InputError(`Property '${property}' has an invalid emailAddress.`);
  }
  return { emailAddress: name === undefined ? { address } : { name, address } };
}

function parseRecipients(v: unknown, property: string): Recipient[] {
  if (v === null) return [];
  if (!Array.isArray(v)) throw new InputError(`Property '${property}' must be an array.`);
  return v.map((r) => parseRecipient(r, property));
}

/** The message properties a client may set on create, PATCH or sendMail. */
export type MessagePatch = Partial<
  Pick<
    MessageRecord,
    | "subject"
    | "body"
    | "importance"
    | "from"
    | "toRecipients"
    | "ccRecipients"
    | "bccRecipients"
    | "replyTo"
    | "isReadReceiptRequested"
    | "isDeliveryReceiptRequested"
    | "categories"
    | "flag"
    | "internetMessageHeaders"
    | "internetMessageId"
    | "extended"
  >
>;

/** Most entries Graph takes in a message's internetMessageHeaders (Microsoft Q&A 762243). */
export const MAX_INTERNET_MESSAGE_HEADERS = 5;

/** MAPI properties that carry what Graph v1.0 has no property for (MS-OXPROPS). */
export const MAPI = {
  /** PidTagInReplyToId: the In-Reply-To header. */
  inReplyTo: "String 0x1042",
  /** PidTagInternetReferences: the References header. */
  references: "String 0x1039",
  /** PidTagSensitivity: 0 normal, 1 personal, 2 private, 3 confidential. */
  sensitivity: "Integer 0x0036",
  /**
   * PidTagDeferredSendTime: deliver not before this time (Outlook's "Delay delivery"; MS-OXPROPS
   * 2.659; set through Graph as a SystemTime extended property: Microsoft Q&A and Stack Overflow
   * "graph api schedule send email PidTagDeferredSendTime").
   */
  deferredSendTime: "SystemTime 0x3FEF",
  /** PidTagConversationIndex (MS-OXPROPS 2.651): Thread-Index, binary (base64 in Graph). */
  conversationIndex: "Binary 0x0071",
  /** PidTagConversationTopic (MS-OXPROPS 2.654): Thread-Topic. */
  conversationTopic: "String 0x0070",
} as const;

/** The value of extended property `id` on `m` (Graph's ids compare without case), or undefined. */
export function extendedOf(extended: Record<string, string>, id: string): string | undefined {
  const key = Object.keys(extended).find((k) => k.toLowerCase() === id.toLowerCase());
  return key === undefined ? undefined : extended[key];
}

/**
 * The subject without its prefix ("RE: ", "FW: ", "AW: "…): MS-OXCMAIL 2.2.3.2.6.1 takes up to
 * three characters before a colon and a space as the prefix; the rest is PidTagNormalizedSubject,
 * which a message's PidTagConversationTopic defaults to (MS-OXCMAIL 2.2.3.2.7).
 */
export function normalizedSubject(subject: string): string {
  return subject.replace(/^\s*[^\s:]{1,3}:\s+/, "").trim();
}

/** The 16-byte GUID of a conversation index (bytes 6-21), or null for an index Exchange would not
 * take as one (shorter than 22 bytes, or its first byte not 1: MS-OXOMSG 2.2.1.2). */
function indexGuid(index: Buffer): Buffer | null {
  return index.length >= 22 && index[0] === 1 ? index.subarray(6, 22) : null;
}

/** Graph's conversationId for a conversation GUID. */
const conversationIdOf = (guid: Buffer) => "AAQkADconv" + guid.toString("base64url");

/** A new conversation's index: the header block (MS-OXOMSG 2.2.1.3; ScCreateConversationIndex). */
function newConversationIndex(): Buffer {
  const filetime = (BigInt(Date.now()) + 11_644_473_600_000n) * 10_000n;
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(filetime);
  return Buffer.concat([Buffer.from([1]), time.subarray(0, 5), randomBytes(16)]);
}

/** A reply's index: its parent's and a 5-byte child block (the time since; random here). */
const childIndex = (parent: Buffer) => Buffer.concat([parent, randomBytes(5)]);

/**
 * How Exchange files a message into a conversation, as Microsoft documents it and the field
 * reports it (not by References alone):
 * 1. The message carries a conversation index (PidTagConversationIndex, the Thread-Index header;
 *    Outlook writes its parent's index and a child block on every reply and forward, MAPI's
 *    ScCreateConversationIndex, "a message store provider … should not alter" one already set):
 *    its conversation is the index's GUID (MS-OXOMSG 2.2.1.2 PidTagConversationId) - unless its
 *    topic differs from that conversation's: a reply whose subject does not normalize to the
 *    thread's topic gets a conversation of its own (ecederstrand/exchangelib#1223: a reply
 *    subject keeping a list's "[list-name]" prefix left the conversation).
 * 2. No index: a parent named by In-Reply-To (else the last id in References) that is in the same
 *    mailbox, with the same topic, gives its index and a child block: the same conversation.
 *    A parent only another mailbox holds is not seen, so a message created through Graph from
 *    References alone starts a new conversation there (Softeria/ms-365-mcp-server#652,
 *    elie222/inbox-zero#1246: messages created with POST /messages lose their thread).
 * 3. Otherwise a new conversation (a new GUID), whatever the subject: Exchange does not join
 *    messages by subject (unrelated messages of one subject stay apart).
 * The topic is PidTagConversationTopic (Thread-Topic) where the message carries it, else the
 * normalized subject (MS-OXCMAIL 2.2.3.2.7).
 */
function conversationOf(
  record: MessageRecord,
  others: Iterable<MessageRecord>
): Pick<MessageRecord, "conversationId" | "conversationIndex" | "conversationTopic"> {
  const topic =
    extendedOf(record.extended, MAPI.conversationTopic) ?? normalizedSubject(record.subject);
  const list = [...others].filter((m) => m !== record);
  const given = Buffer.from(extendedOf(record.extended, MAPI.conversationIndex) ?? "", "base64");
  const guid = indexGuid(given);
  if (guid) {
    const member = list.find((m) => {
      const g = indexGuid(Buffer.from(m.conversationIndex, "base64"));
      return g && g.equals(guid);
    });
    if (!member || member.conversationTopic === topic)
      return {
        conversationId: conversationIdOf(guid),
        conversationIndex: given.toString("base64"),
        conversationTopic: topic,
      };
  } else {
    const named =
      extendedOf(record.extended, MAPI.inReplyTo) ??
      (extendedOf(record.extended, MAPI.references) ?? "").match(/<[^<>\s]+>/g)?.at(-1);
    const parent =
      named &&
      list.find(
        (m) =>
          m.owner === record.owner && m.internetMessageId === named && m.conversationTopic === topic
      );
    if (parent) {
      const index = childIndex(Buffer.from(parent.conversationIndex, "base64"));
      return {
        conversationId: parent.conversationId,
        conversationIndex: index.toString("base64"),
        conversationTopic: topic,
      };
    }
  }
  const index = newConversationIndex();
  return {
    conversationId: conversationIdOf(indexGuid(index)!),
    conversationIndex: index.toString("base64"),
    conversationTopic: topic,
  };
}

/** Whether a change to a message can move it to another conversation (its thread or topic). */
const THREAD_IDS = [
  MAPI.conversationIndex,
  MAPI.conversationTopic,
  MAPI.inReplyTo,
  MAPI.references,
];

export function parseMessagePatch(input: unknown): MessagePatch {
  if (!isObject(input)) throw new InputError("The message must be a JSON object.");
  const patch: MessagePatch = {};
  if ("subject" in input) {
    if (input.subject !== null && typeof input.subject !== "string") {
      throw new InputError("Property 'subject' must be a string.");
    }
    patch.subject = (input.subject as string | null) ?? "";
  }
  if ("body" in input) {
    const b = input.body;
    if (!isObject(b) || typeof b.content !== "string") {
      throw new InputError("Property 'body' must be { contentType, content }.");
    }
    const type = String(b.contentType ?? "text").toLowerCase();
    if (type !== "text" && type !== "html") {
      throw new InputError(`Unknown body contentType '${String(b.contentType)}'.`);
    }
    patch.body = { contentType: type, content: b.content };
  }
  if ("importance" in input) {
    const i = String(input.importance).toLowerCase();
    if (i !== "low" && i !== "normal" && i !== "high") {
      throw new InputError(`Unknown importance '${String(input.importance)}'.`);
    }
    patch.importance = i;
  }
  // sender is ignored on purpose: "You don't need to set the sender property - Microsoft Graph
  // sets it appropriately, based on the mailbox permissions" (seed, "Sending with Microsoft Graph").
  if ("from" in input) patch.from = input.from === null ? null : parseRecipient(input.from, "from");
  if ("toRecipients" in input) patch.toRecipients = parseRecipients(input.toRecipients, "to");
  if ("ccRecipients" in input) patch.ccRecipients = parseRecipients(input.ccRecipients, "cc");
  if ("bccRecipients" in input) patch.bccRecipients = parseRecipients(input.bccRecipients, "bcc");
  if ("replyTo" in input) patch.replyTo = parseRecipients(input.replyTo, "replyTo");
  if ("isReadReceiptRequested" in input) {
    patch.isReadReceiptRequested = input.isReadReceiptRequested === true;
  }
  if ("isDeliveryReceiptRequested" in input) {
    patch.isDeliveryReceiptRequested = input.isDeliveryReceiptRequested === true;
  }
  if ("categories" in input) {
    if (!Array.isArray(input.categories) || input.categories.some((c) => typeof c !== "string"))
      throw new InputError("Property 'categories' must be an array of strings.");
    patch.categories = input.categories as string[];
  }
  if ("flag" in input && input.flag !== null) {
    const status = isObject(input.flag) ? input.flag.flagStatus : undefined;
    if (status !== "notFlagged" && status !== "flagged" && status !== "complete")
      throw new InputError("Property 'flag' must be { flagStatus: notFlagged|flagged|complete }.");
    patch.flag = { flagStatus: status };
  }
  if ("internetMessageHeaders" in input && input.internetMessageHeaders !== null) {
    const list = parseHeaderList(input.internetMessageHeaders);
    // Graph refuses a message with more than five custom headers, on create, update and sendMail
    // alike (Microsoft Q&A 762243: 400 InvalidInternetMessageHeaderCollection, "Maximum number of
    // headers in one message should be less than or equal to 5").
    if (list.length > MAX_INTERNET_MESSAGE_HEADERS)
      throw new InputError(
        "Maximum number of headers in one message should be less than or equal to 5.",
        "InvalidInternetMessageHeaderCollection"
      );
    patch.internetMessageHeaders = list;
  }
  if ("singleValueExtendedProperties" in input && input.singleValueExtendedProperties !== null) {
    const list = input.singleValueExtendedProperties;
    if (!Array.isArray(list))
      throw new InputError("singleValueExtendedProperties must be an array.");
    patch.extended = {};
    for (const p of list) {
      if (!isObject(p) || typeof p.id !== "string" || typeof p.value !== "string")
        throw new InputError("Each extended property needs an id and a string value.");
      // A SystemTime property takes an ISO-8601 date and time (extended-properties-overview).
      if (/^SystemTime /i.test(p.id) && Number.isNaN(Date.parse(p.value)))
        throw new InputError(`The value of '${p.id}' is not a valid date and time.`);
      patch.extended[p.id] = p.value;
    }
  }
  // message resource: internetMessageId is "updatable only if isDraft is true" (RFC 2822 form).
  if ("internetMessageId" in input) {
    const id = input.internetMessageId;
    if (typeof id !== "string" || !/^<[^<>\s]+@[^<>\s]+>$/.test(id)) {
      throw new InputError("Property 'internetMessageId' must look like <local@domain>.");
    }
    patch.internetMessageId = id;
  }
  return patch;
}

/** A list of internet message headers, x- names only (400 otherwise), in any number. */
function parseHeaderList(list: unknown): { name: string; value: string }[] {
  if (!Array.isArray(list)) throw new InputError("internetMessageHeaders must be an array.");
  return list.map((h) => {
    if (!isObject(h) || typeof h.name !== "string" || typeof h.value !== "string")
      throw new InputError("Each internet message header needs a name and a value.");
    // Graph takes only custom headers here: In-Reply-To or References are refused
    // (Softeria/ms-365-mcp-server#652, relaticle#743; message resource: "only ... x-").
    if (!/^x-/i.test(h.name))
      throw new InputError(
        `The internet message header name '${h.name}' should start with 'x-' or 'X-'.`,
        "InvalidInternetMessageHeader"
      );
    return { name: h.name, value: h.value };
  });
}

/**
 * Custom headers as Outlook keeps them on a draft (x- names only, as Graph takes them). Not
 * limited to five: Office.js internetHeaders.setAsync takes any number up to 256 KB in all
 * (learn.microsoft.com/javascript/api/outlook/office.internetheaders); the limit is Graph's.
 */
export function customHeaders(list: unknown): { name: string; value: string }[] {
  return parseHeaderList(list);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function parseAttachment(input: unknown): AttachmentRecord {
  if (!isObject(input)) throw new InputError("An attachment must be a JSON object.");
  const a = input as DraftAttachmentInput & Record<string, unknown>;
  const type = String(a["@odata.type"] ?? "")
    .replace(/^#/, "")
    .toLowerCase();
  const common = {
    id: newItemId("AAMkADAttach").id,
    isInline: a.isInline === true,
    contentId: typeof a.contentId === "string" ? a.contentId : undefined,
    lastModifiedDateTime: nowIso(),
  };
  if (type === "microsoft.graph.fileattachment") {
    if (typeof a.name !== "string" || !a.name)
      throw new InputError("A fileAttachment needs a name.");
    let bytes: Buffer;
    if (a.bytes instanceof Uint8Array) bytes = Buffer.from(a.bytes);
    else if (typeof a.contentBytes === "string" && BASE64.test(a.contentBytes.replace(/\s/g, ""))) {
      bytes = Buffer.from(a.contentBytes, "base64");
    } else {
      throw new InputError(
        "A fileAttachment needs contentBytes in base64.",
        "ErrorInvalidParameter"
      );
    }
    return {
      ...common,
      kind: "file",
      name: a.name,
      contentType: typeof a.contentType === "string" ? a.contentType : "application/octet-stream",
      size: bytes.length,
      bytes,
    };
  }
  if (type === "microsoft.graph.referenceattachment") {
    // A cloud ("share link") attachment: the link, no bytes. v1.0 has no property to post the
    // link with, so only a draft Outlook saved (the control API) carries one
    // (msgraph-sdk-dotnet#634; microsoft-graph-docs#20997).
    if (typeof a.sourceUrl !== "string" || !/^https:\/\//.test(a.sourceUrl))
      throw new InputError(
        "A referenceAttachment needs its link, which Microsoft Graph v1.0 cannot take.",
        "ErrorInvalidParameter"
      );
    return {
      ...common,
      kind: "reference",
      name: typeof a.name === "string" ? a.name : "",
      contentType: "",
      size: 0,
      sourceUrl: a.sourceUrl,
    };
  }
  if (type === "microsoft.graph.itemattachment") {
    if (!isObject(a.item)) throw new InputError("An itemAttachment needs an item.");
    const item = a.item;
    const name =
      typeof a.name === "string" ? a.name : typeof item.subject === "string" ? item.subject : "";
    return {
      ...common,
      kind: "item",
      name,
      contentType: "message/rfc822",
      size: Buffer.byteLength(JSON.stringify(item)),
      item,
    };
  }
  throw new InputError(
    `Unsupported attachment type '${String(a["@odata.type"])}': use #microsoft.graph.fileAttachment or #microsoft.graph.itemAttachment.`
  );
}

// ---- Graph JSON -------------------------------------------------------------------------------

function bodyPreview(body: ItemBody): string {
  const text = body.contentType === "html" ? body.content.replace(/<[^>]*>/g, " ") : body.content;
  return text.replace(/\s+/g, " ").trim().slice(0, 255);
}

export function messageJson(m: MessageRecord): Record<string, unknown> {
  return {
    id: m.id,
    createdDateTime: m.createdDateTime,
    lastModifiedDateTime: m.lastModifiedDateTime,
    changeKey: createHash("sha1")
      .update(m.lastModifiedDateTime + m.id)
      .digest("base64"),
    categories: m.categories,
    receivedDateTime: m.sentDateTime ?? m.createdDateTime,
    sentDateTime: m.sentDateTime,
    // Graph counts only non-inline attachments here.
    hasAttachments: m.attachments.some((a) => !a.isInline),
    internetMessageId: m.internetMessageId,
    subject: m.subject,
    bodyPreview: bodyPreview(m.body),
    importance: m.importance,
    parentFolderId: Buffer.from(`${m.owner}/${m.folder}`).toString("base64"),
    conversationId: m.conversationId,
    conversationIndex: m.conversationIndex,
    isDeliveryReceiptRequested: m.isDeliveryReceiptRequested,
    isReadReceiptRequested: m.isReadReceiptRequested,
    flag: m.flag,
    // Returned only for a received message: for a draft or a Sent Items copy "the field is not
    // even set" (microsoft-graph-docs#3066, #2716, #18761; office-js-docs-pr#5057: the headers an
    // add-in set are only in the item's MIME, GET …/$value, mime.ts). The store keeps them.
    ...(m.folder === "inbox" ? { internetMessageHeaders: m.internetMessageHeaders } : {}),
    isRead: true,
    isDraft: m.isDraft,
    body: m.body,
    sender: m.sender,
    from: m.from,
    toRecipients: m.toRecipients,
    ccRecipients: m.ccRecipients,
    bccRecipients: m.bccRecipients,
    replyTo: m.replyTo,
  };
}

/** The attachments of an attached message (an item attachment's item), as they were posted. */
function nestedAttachments(item: Record<string, unknown> | undefined): Record<string, unknown>[] {
  const list = item?.attachments;
  return Array.isArray(list) ? list.filter(isObject) : [];
}

/**
 * The `size` Graph lists for a file attachment: the MAPI attachment's, its properties included,
 * not the file's bytes. Reported a few hundred bytes larger than the file (microsoft-graph-docs
 * #9796, microsoft-graph-docs-contrib #4601: an 816-byte file listed as 1053). Modelled as a fixed
 * part plus the name (UTF-16, kept as both the long file name and the display name) and the
 * content type; the exact rule is not documented. The store keeps the file's bytes in `size`
 * (what arrives; summarizeAttachment); only Graph's JSON lists this.
 */
export function listedSize(a: Pick<AttachmentRecord, "kind" | "size" | "name" | "contentType">) {
  return a.kind === "file" ? a.size + 190 + 4 * a.name.length + a.contentType.length : a.size;
}

export function attachmentJson(
  a: AttachmentRecord,
  options: { content?: boolean; expandItem?: boolean } = {}
): Record<string, unknown> {
  const base: Record<string, unknown> = {
    "@odata.type":
      a.kind === "file"
        ? "#microsoft.graph.fileAttachment"
        : a.kind === "reference"
          ? "#microsoft.graph.referenceAttachment"
          : "#microsoft.graph.itemAttachment",
    id: a.id,
    lastModifiedDateTime: a.lastModifiedDateTime,
    name: a.name,
    contentType: a.contentType,
    size: listedSize(a),
    isInline: a.isInline,
  };
  if (a.kind === "file") {
    base["@odata.mediaContentType"] = a.contentType;
    base.contentId = a.contentId ?? null;
    base.contentLocation = null;
    if (options.content !== false && a.bytes) base.contentBytes = a.bytes.toString("base64");
  } else if (options.expandItem && a.item) {
    // Field: $expand of an item attachment returns the attached message without its own
    // attachments (hasAttachments true, no attachments collection), and nothing can fetch them
    // (microsoft-graph-docs#4763; msgraph-sdk-java#21, #678, #1114); nor does the nested item
    // carry an id (office-js#6233). A copy made from it loses them.
    const item: Record<string, unknown> = { ...a.item };
    delete item.attachments;
    delete item.id;
    // Graph counts only non-inline attachments in hasAttachments.
    item.hasAttachments = nestedAttachments(a.item).some((x) => x.isInline !== true);
    base.item = item;
  }
  return base;
}

/** $select: keep id plus the named properties (names compared case-insensitively). */
export function applySelect(
  json: Record<string, unknown>,
  select: string | null
): Record<string, unknown> {
  if (!select) return json;
  const wanted = new Set(select.split(",").map((s) => s.trim().toLowerCase()));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) {
    if (k === "id" || k.startsWith("@odata") || wanted.has(k.toLowerCase())) out[k] = v;
  }
  return out;
}

// ---- The store ---------------------------------------------------------------------------------

export class MailStore {
  private readonly messages = new Map<string, MessageRecord>();

  get(id: string): MessageRecord | undefined {
    const m = this.settle(this.messages.get(id));
    return m && !(m.visibleAt && m.visibleAt > Date.now()) ? m : undefined;
  }

  /** The record whatever its visibility: the host's own view (Outlook saving its draft again). */
  record(id: string): MessageRecord | undefined {
    return this.settle(this.messages.get(id));
  }

  /**
   * Applies a cached-mode upload that is due (MessageRecord.pendingUpload): from then on Graph
   * serves what Outlook saved. A draft sent or deleted meanwhile is gone from the store, and its
   * upload with it.
   */
  private settle(m: MessageRecord | undefined): MessageRecord | undefined {
    const p = m?.pendingUpload;
    if (!m || !p || p.at > Date.now()) return m;
    delete m.pendingUpload;
    if (!m.isDraft) return m;
    this.update(m, p.patch);
    if (p.attachments) m.attachments = p.attachments;
    if (p.sensitivityLabel !== undefined) {
      if (p.sensitivityLabel) m.sensitivityLabel = p.sensitivityLabel;
      else delete m.sensitivityLabel;
    }
    if (p.internetMessageHeaders) m.internetMessageHeaders = p.internetMessageHeaders;
    return m;
  }

  createDraft(owner: string, patch: MessagePatch, attachments: AttachmentRecord[] = []) {
    const now = nowIso();
    const { id, ewsId } = newItemId();
    const record: MessageRecord = {
      id,
      ewsId,
      owner: owner.toLowerCase(),
      folder: "drafts",
      isDraft: true,
      subject: "",
      body: { contentType: "text", content: "" },
      importance: "normal",
      from: null,
      sender: null,
      toRecipients: [],
      ccRecipients: [],
      bccRecipients: [],
      replyTo: [],
      isReadReceiptRequested: false,
      isDeliveryReceiptRequested: false,
      categories: [],
      flag: { flagStatus: "notFlagged" },
      internetMessageHeaders: [],
      extended: {},
      attachments,
      internetMessageId: `<${randomBytes(12).toString("hex")}@emulator.graph.local>`,
      conversationId: "",
      conversationIndex: "",
      conversationTopic: "",
      createdDateTime: now,
      lastModifiedDateTime: now,
      sentDateTime: null,
      ...patch,
    };
    Object.assign(record, conversationOf(record, this.messages.values()));
    this.messages.set(id, record);
    return record;
  }

  update(record: MessageRecord, patch: MessagePatch) {
    if (patch.extended) patch = { ...patch, extended: { ...record.extended, ...patch.extended } };
    Object.assign(record, patch);
    const moved =
      patch.subject !== undefined ||
      Object.keys(patch.extended ?? {}).some((id) =>
        THREAD_IDS.some((t) => t.toLowerCase() === id.toLowerCase())
      );
    if (moved) Object.assign(record, conversationOf(record, this.messages.values()));
    record.lastModifiedDateTime = nowIso();
  }

  delete(id: string) {
    this.messages.delete(id);
  }

  /**
   * A message that arrived from outside in `owner`'s Inbox: not a draft, From as given, in the
   * thread its References name, else starting its own (replies to it join it: conversationFor).
   */
  receive(owner: string, patch: MessagePatch, attachments: AttachmentRecord[] = []) {
    const record = this.createDraft(owner, patch, attachments);
    const at = nowIso();
    Object.assign(record, {
      folder: "inbox",
      isDraft: false,
      sentDateTime: at,
      sender: record.from,
    });
    // Filed again now that it is a received message (createDraft filed it as a draft).
    Object.assign(record, conversationOf(record, this.messages.values()));
    return record;
  }

  /** A Sent Items copy: a new item with a new id; attachment bytes are shared, not copied. */
  fileSentCopy(source: MessageRecord, owner: string, sentAt: string): MessageRecord {
    const { id, ewsId } = newItemId();
    const copy: MessageRecord = {
      ...source,
      id,
      ewsId,
      owner: owner.toLowerCase(),
      folder: "sentitems",
      isDraft: false,
      attachments: source.attachments.map((a) => ({ ...a, id: newItemId("AAMkADAttach").id })),
      lastModifiedDateTime: sentAt,
      sentDateTime: sentAt,
    };
    this.messages.set(id, copy);
    return copy;
  }

  /** Newest first, as Graph lists a folder by default. */
  folder(owner: string, folder: MessageRecord["folder"]): MessageRecord[] {
    const o = owner.toLowerCase();
    return [...this.messages.values()]
      .map((m) => this.settle(m)!)
      .filter((m) => m.owner === o && m.folder === folder)
      .filter((m) => !(m.visibleAt && m.visibleAt > Date.now()))
      .reverse();
  }
}

export function messageSize(m: Pick<MessageRecord, "subject" | "body" | "attachments">): number {
  return (
    Buffer.byteLength(m.subject) +
    Buffer.byteLength(m.body.content) +
    m.attachments.reduce((n, a) => n + a.size, 0)
  );
}
