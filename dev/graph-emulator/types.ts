// Public types of the Graph emulator. JSON-safe throughout so the control API can carry them.
import type { IncomingMessage, ServerResponse } from "node:http";

export type MailboxKind = "user" | "shared" | "room" | "equipment";
export type GroupKind = "distributionList" | "securityGroup" | "microsoft365Group";
export type MailboxRight = "SendAs" | "SendOnBehalf" | "FullAccess";

export interface EmulatorUser {
  address: string;
  displayName: string;
  kind: MailboxKind;
  aliases?: string[];
  /** The person's sign-in name where it is not an address above (a token's preferred_username). */
  userPrincipalName?: string;
  /** Set-Mailbox -MessageCopyForSentAsEnabled (default $false). */
  messageCopyForSentAs?: boolean;
  /** Set-Mailbox -MessageCopyForSendOnBehalfEnabled (default $false). */
  messageCopyForSendOnBehalf?: boolean;
  /** false: every /me or /users/{this} call answers MailboxNotEnabledForRESTAPI. */
  restEnabled?: boolean;
}

export interface EmulatorGroup {
  address: string;
  displayName: string;
  kind: GroupKind;
}

export interface EmulatorPermission {
  /** The mailbox or group the right is on. */
  mailbox: string;
  /** The user who holds the right. */
  delegate: string;
  rights: MailboxRight[];
}

export interface EmulatorTenant {
  users: EmulatorUser[];
  groups?: EmulatorGroup[];
  permissions?: EmulatorPermission[];
  /** Default 35 MB, the documented tenant default (attachment-createuploadsession). */
  maxMessageSizeBytes?: number;
  /** Default 30, the Exchange Online per-mailbox sending limit. */
  sendsPerMinute?: number;
  /** The tenant id in upload URLs; tokens may carry any tid. */
  tenantId?: string;
  /**
   * Graph's known issue "Attaching large files to messages with delegated permissions can fail"
   * (learn.microsoft.com/graph/known-issues; microsoft-graph-docs-contrib#3720): "An app with
   * delegated permissions returns HTTP 403 Forbidden when attempting to attach large files to an
   * Outlook message or event that is in a shared or delegated mailbox. With delegated
   * permissions, createUploadSession succeeds only if the message or event is in the signed-in
   * user's mailbox." Microsoft titles it "can fail", and others report it gone
   * (microsoft-graph-docs#10831, contrib#4188), so it is a tenant behaviour, not the default:
   * true makes every createUploadSession on a message in another mailbox than the signed-in
   * user's answer 403 ErrorAccessDenied (every emulator token is delegated).
   */
  uploadSessionsOnlyInOwnMailbox?: boolean;
}

export interface EmailAddress {
  name?: string;
  address: string;
}

export interface Recipient {
  emailAddress: EmailAddress;
}

export interface ItemBody {
  contentType: "text" | "html";
  content: string;
}

/** An attachment as tests and the control API see it: bytes reduced to size and hash. */
export interface AttachmentSummary {
  id: string;
  kind: "file" | "item" | "reference";
  /** Reference (cloud) attachments: the link that arrives. */
  sourceUrl?: string;
  name: string;
  contentType: string;
  size: number;
  isInline: boolean;
  contentId?: string;
  /** Hex SHA-256 of the file's bytes (file attachments). */
  sha256?: string;
  /** The embedded message's subject (item attachments). */
  subject?: string;
  /** The names of the embedded message's own attachments (item attachments). */
  attachedNames?: string[];
}

export interface StoredMessage {
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
  attachments: AttachmentSummary[];
  internetMessageId: string;
  /** Exchange's conversation the message belongs to (its thread; store.ts conversationOf). */
  conversationId: string;
  /** PidTagConversationIndex (Thread-Index), base64: what Outlook's reply to it builds on. */
  conversationIndex: string;
  /** The thread headers it carries (PidTagInReplyToId, PidTagInternetReferences); null: none. */
  inReplyTo: string | null;
  references: string | null;
  createdDateTime: string;
  lastModifiedDateTime: string;
  sentDateTime: string | null;
}

export interface DeliveryEndpoint {
  method: string;
  /** The request path without the base path, e.g. /v1.0/users/support@x/messages/AAM.../send. */
  path: string;
  via: "sendMail" | "send";
  /** The mailbox the endpoint addressed (/me resolves to the signed-in user). */
  mailbox: string;
}

export interface Delivery {
  id: string;
  internetMessageId: string;
  subject: string;
  body: ItemBody;
  importance: "low" | "normal" | "high";
  from: Recipient;
  sender: Recipient;
  toRecipients: Recipient[];
  ccRecipients: Recipient[];
  bccRecipients: Recipient[];
  replyTo: Recipient[];
  attachments: AttachmentSummary[];
  /** What the recipient's client threads by: the In-Reply-To and References headers. */
  inReplyTo: string | null;
  references: string | null;
  /** The sender mailbox's conversation the Sent Items copy joined. */
  conversationId: string;
  isReadReceiptRequested: boolean;
  isDeliveryReceiptRequested: boolean;
  categories: string[];
  flag: { flagStatus: string };
  /** PidTagSensitivity as sent: 0 normal, 1 personal, 2 private, 3 confidential. */
  sensitivity: number;
  /** Custom (x-) headers as they arrive, and msip_labels when the sent item carried a label. */
  internetMessageHeaders: { name: string; value: string }[];
  /** The sensitivity label (GUID) the delivered message carries; null for none. */
  sensitivityLabel: string | null;
  /** When it reaches the recipients: the submission, or the deferred send time. */
  deliveredAt: string;
  /**
   * PidTagDeferredSendTime ("SystemTime 0x3FEF", Outlook's Delay delivery) when it was ahead of
   * the submission: Exchange holds the message until then. Null: delivered at once.
   */
  deferredUntil: string | null;
  signedInUser: string;
  /** The right Exchange used: none when from is the user or one of the user's aliases. */
  rightUsed: "SendAs" | "SendOnBehalf" | "none";
  endpoint: DeliveryEndpoint;
  /** Mailboxes whose Sent Items received a copy. */
  sentItemsCopies: string[];
}

interface FaultBase {
  // "METHOD pattern": METHOD or *, pattern a case-insensitive glob (* = anything) on the path
  // without the base path, e.g. "POST */send" or "* /v1.0/me/sendMail". The pattern "upload"
  // means every upload-session URL ("PUT upload").
  match: string;
  /** How many matching requests it affects; default 1; "always" never wears off. */
  times?: number | "always";
}

export type Fault =
  | (FaultBase & {
      kind: "status";
      status: number;
      code?: string;
      message?: string;
      /** Sets Retry-After (seconds). */
      retryAfter?: number;
      headers?: Record<string, string>;
    })
  | (FaultBase & { kind: "latency"; ms: number })
  | (FaultBase & { kind: "drop" })
  | (FaultBase & { kind: "applyThenDrop" })
  /** The request is carried out, then answered with a 5xx error (`status`, default 503): Graph
   * and Exchange can fail after the write landed (Microsoft Q&A 5629476, sendMail "failed" yet
   * delivered; learn.microsoft.com/graph/errors: 5xx and timeouts leave the outcome unknown),
   * so a 503 on a POST is no proof it was not done. */
  | (FaultBase & { kind: "applyThenStatus"; status?: number; code?: string; message?: string })
  /** The connection drops at once, and the server carries the request out `ms` later: the client
   * gave up before Exchange finished (Microsoft Q&A 5629476, sendMail "failed" yet delivered; the
   * report names no bound on how late). `ms: "held"`: carried out only when the host says
   * (releaseHeld), at any delay a test needs, without a real clock. */
  | (FaultBase & { kind: "dropThenApply"; ms: number | "held" })
  | (FaultBase & {
      kind: "claims";
      /** The claims request; default {"access_token":{"acrs":{"essential":true,"value":"c1"}}}.
       * Answered until a token carries every requested value (claim equals it or, for arrays,
       * contains it); then the fault is spent, whatever `times` says. */
      claims?: Record<string, unknown>;
    });

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  bytesIn: number;
  bytesOut: number;
  fault?: Fault["kind"];
  /** A streamed answer (a message's MIME) the client stopped reading before its end. */
  cancelled?: true;
}

export interface DraftAttachmentInput {
  "@odata.type"?: string;
  name?: string;
  contentType?: string;
  contentBytes?: string;
  /** Raw bytes from code, instead of contentBytes. */
  bytes?: Uint8Array;
  isInline?: boolean;
  contentId?: string;
  item?: Record<string, unknown>;
  /** #microsoft.graph.referenceAttachment: the cloud file's link. */
  sourceUrl?: string;
}

export interface DraftOptions {
  /**
   * Classic Outlook in cached mode: the draft reaches the server this long after saveAsync
   * returned; until then Graph answers 404 for its id (office-js-docs-pr#1051, office-js#210,
   * #5939: "seconds, sometimes longer"; Microsoft's guidance is to poll).
   */
  syncDelayMs?: number;
  /**
   * The sensitivity label Outlook applied to the message (its GUID; item.sensitivityLabel,
   * Mailbox 1.13). Only Outlook sets it: Graph v1.0 has no property for it, and a message created
   * through Graph starts without one.
   */
  sensitivityLabel?: string;
  /**
   * The custom headers an add-in set with Office.js item.internetHeaders.setAsync (Mailbox 1.8):
   * Outlook keeps them on the draft as named properties (PS_INTERNET_HEADERS; office-js#2791),
   * which Graph shows only in the item's MIME (GET …/$value), never in internetMessageHeaders of
   * a draft (office-js-docs-pr#5057, microsoft-graph-docs#3066). Exchange sends them with the item.
   */
  internetHeaders?: { name: string; value: string }[];
}

/** What else a cached-mode save carries (GraphEmulator.saveLocalDraft). */
export interface LocalSaveOptions {
  /** How long after this save Outlook uploads it, for a draft already on the server (ms). */
  syncDelayMs?: number;
  /** The item's attachments as saved (replacing the draft's). */
  attachments?: DraftAttachmentInput[];
  /** The label's GUID as saved, "" for none. */
  sensitivityLabel?: string;
  /** The add-in's x- headers as saved (item.internetHeaders.setAsync). */
  internetHeaders?: { name: string; value: string }[];
}

/** The emulator as its host (test, playground, bench) drives it. */
export interface GraphEmulator {
  readonly basePath: string;
  /** Answers the request if it is the emulator's; false otherwise (the caller carries on). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  deliveries(): Delivery[];
  sentItems(address: string): StoredMessage[];
  drafts(address: string): StoredMessage[];
  /** The mailbox's Inbox, newest first: messages put there with `receive`. */
  inbox(address: string): StoredMessage[];
  /**
   * A message that arrived in `owner`'s Inbox from outside (a customer's mail to support@), for a
   * reply or forward to start from. `message` is Graph message JSON (from, toRecipients, subject,
   * body, internetMessageId?, singleValueExtendedProperties? for a message that is itself a
   * reply, and its Thread-Index as "Binary 0x0071" where the sender's client set one). It joins
   * the conversation of a parent it names that this mailbox holds with the same topic, else
   * starts its own (store.ts conversationOf: Exchange's rules, with their sources).
   */
  receive(
    owner: string,
    message: Record<string, unknown>,
    attachments?: DraftAttachmentInput[]
  ): StoredMessage;
  /** What Outlook does on item.saveAsync: the compose item becomes a draft in owner's Drafts. */
  createDraft(
    owner: string,
    message: Record<string, unknown>,
    attachments?: DraftAttachmentInput[],
    options?: DraftOptions
  ): { id: string; ewsId: string };
  /**
   * What Outlook does when it saves a draft again after the user applied, changed or removed its
   * sensitivity label (item.sensitivityLabel.setAsync, Mailbox 1.13): Exchange keeps the label on
   * the item (learn.microsoft.com/purview/sensitivity-labels-office-apps: the label is stored in
   * the message's metadata), so the draft carries the label of its last save. `label` is the
   * label's GUID, "" for none. Not reachable through Graph (v1.0 has no property for it).
   * Throws for an id that is not a draft.
   */
  labelDraft(id: string, label: string): void;
  /**
   * Classic Outlook in cached mode saved the draft again (`message`: a Graph message patch; the
   * options: its attachments, label and x- headers as saved, each replacing what the item had).
   * A draft not uploaded yet (visibleAt still ahead) takes this content and keeps its id and
   * upload time. A draft already on the server keeps serving its older copy through Graph for
   * `syncDelayMs` (MessageRecord.pendingUpload; office-js #2118, #6077, #210), then this one;
   * without `syncDelayMs` the server copy changes at once.
   */
  saveLocalDraft(id: string, message: Record<string, unknown>, options?: LocalSaveOptions): void;
  /**
   * What Outlook does when it saves a draft again after an add-in set internet headers
   * (item.internetHeaders.setAsync): the draft's custom headers become `headers`
   * (DraftOptions.internetHeaders). Throws for an id that is not a draft.
   */
  setDraftHeaders(id: string, headers: { name: string; value: string }[]): void;
  /**
   * Carries out now every request held by a dropThenApply fault with `ms: "held"` (Exchange
   * finishing a send long after the client gave up); resolves with how many were carried out.
   */
  releaseHeld(): Promise<number>;
  setFaults(faults: Fault[]): void;
  addFault(fault: Fault): void;
  faults(): Fault[];
  /** Empties every mailbox, delivery, fault and log entry; optionally swaps the tenant. */
  reset(tenant?: EmulatorTenant): void;
  tenant(): EmulatorTenant;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
}
