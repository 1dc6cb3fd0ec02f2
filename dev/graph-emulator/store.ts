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
  kind: "file" | "item";
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
  folder: "drafts" | "sentitems";
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
  attachments: AttachmentRecord[];
  internetMessageId: string;
  conversationId: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  sentDateTime: string | null;
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
  if (a.kind === "file") s.sha256 = sha256Of(a);
  if (a.kind === "item" && typeof a.item?.subject === "string") s.subject = a.item.subject;
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
    | "internetMessageId"
  >
>;

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
    categories: [],
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
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: m.isReadReceiptRequested,
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

export function attachmentJson(
  a: AttachmentRecord,
  options: { content?: boolean; expandItem?: boolean } = {}
): Record<string, unknown> {
  const base: Record<string, unknown> = {
    "@odata.type":
      a.kind === "file" ? "#microsoft.graph.fileAttachment" : "#microsoft.graph.itemAttachment",
    id: a.id,
    lastModifiedDateTime: a.lastModifiedDateTime,
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    isInline: a.isInline,
  };
  if (a.kind === "file") {
    base["@odata.mediaContentType"] = a.contentType;
    base.contentId = a.contentId ?? null;
    base.contentLocation = null;
    if (options.content !== false && a.bytes) base.contentBytes = a.bytes.toString("base64");
  } else if (options.expandItem) {
    base.item = a.item;
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
    return this.messages.get(id);
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
      attachments,
      internetMessageId: `<${randomBytes(12).toString("hex")}@emulator.graph.local>`,
      conversationId: newItemId("AAQkAD").id,
      createdDateTime: now,
      lastModifiedDateTime: now,
      sentDateTime: null,
      ...patch,
    };
    this.messages.set(id, record);
    return record;
  }

  update(record: MessageRecord, patch: MessagePatch) {
    Object.assign(record, patch);
    record.lastModifiedDateTime = nowIso();
  }

  delete(id: string) {
    this.messages.delete(id);
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
  folder(owner: string, folder: "drafts" | "sentitems"): MessageRecord[] {
    const o = owner.toLowerCase();
    return [...this.messages.values()]
      .filter((m) => m.owner === o && m.folder === folder)
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
