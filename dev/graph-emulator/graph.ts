// The Graph v1.0 endpoints the add-in uses, with Exchange Online's documented semantics.
import type { IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import type { Directory } from "./directory";
import {
  accessDenied,
  badRequest,
  graphError,
  itemNotFound,
  MESSAGES,
  resourceNotFound,
  tooManyRequests,
  unauthorized,
  type GraphResult,
  type RequestIds,
} from "./errors";
import {
  decideSender,
  hasFullAccess,
  hasScope,
  PROFILE_SCOPES,
  scopesFor,
  sentItemsTargets,
  type Access,
  type SendRateLimiter,
} from "./rules";
import {
  applySelect,
  attachmentJson,
  MAPI,
  InputError,
  messageJson,
  messageSize,
  parseAttachment,
  parseMessagePatch,
  summarizeAttachment,
  type MailStore,
  type MessageRecord,
} from "./store";
import {
  decodeTestToken,
  GRAPH_APP_ID,
  GRAPH_AUDIENCE,
  scopesOf,
  type TestTokenClaims,
} from "./tokens";
import type { Delivery, EmulatorUser } from "./types";
import { messageMime } from "./mime";
import { MAX_SESSION_BYTES, MIN_SESSION_BYTES, type UploadSessions } from "./uploads";

export interface EmulatorState {
  dir: Directory;
  store: MailStore;
  uploads: UploadSessions;
  limiter: SendRateLimiter;
  deliveries: Delivery[];
}

export interface GraphRequest {
  req: IncomingMessage;
  method: string;
  /** Path without the base path, as sent, e.g. /v1.0/me/sendMail. */
  path: string;
  /** Its decoded segments, e.g. ["v1.0", "me", "sendMail"]. */
  segs: string[];
  query: URLSearchParams;
  ids: RequestIds;
  /** origin + base path, for URLs the emulator hands out. */
  root: string;
  /** The same for upload-session URLs, which Exchange hands out on another (Outlook) host. */
  uploadRoot: string;
  body?: Buffer;
}

interface Auth {
  user: EmulatorUser;
  claims: TestTokenClaims;
  scopes: string[];
}

type Result<T> = { ok: true; value: T } | { ok: false; result: GraphResult };

/**
 * The header Exchange stamps on a message that carries a sensitivity label: msip_labels, one
 * `MSIP_Label_<GUID>_<key>=<value>;` group per label (Enabled, SiteId = tenant, Method, ...).
 * Sources: Microsoft Purview, "Sensitivity labels: label metadata in email headers"
 * (learn.microsoft.com/purview/sensitivity-labels-office-apps, the msip_labels header) and
 * "Use sensitivity labels ... mail flow rules" (learn.microsoft.com/purview/
 * sensitivity-labels-exchange-mail-flow-rules): the label travels with the item Outlook saved, so
 * a sent draft arrives with it; a message created through Graph has none, and Graph cannot add
 * msip_labels (internetMessageHeaders takes x- names only).
 */
/** The msip_labels named property (PS_INTERNET_HEADERS), as Graph names it in
 * singleValueExtendedProperties (rev12b finding 2; MS-OXPROPS PSETID_InternetHeaders). */
export const MSIP_LABELS_PROPERTY =
  "String {00020386-0000-0000-C000-000000000046} Name msip_labels";

export function labelHeaders(label: string | undefined, tenantId: string) {
  if (!label) return [];
  const p = `MSIP_Label_${label}`;
  return [
    {
      name: "msip_labels",
      value: `${p}_Enabled=True; ${p}_SiteId=${tenantId}; ${p}_Method=Standard; ${p}_ContentBits=0;`,
    },
  ];
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ""));
  return m?.[1];
}

function authenticate(state: EmulatorState, r: GraphRequest): Result<Auth> {
  const token = bearerToken(r.req);
  const fail = (message: string): Result<Auth> => ({
    ok: false,
    result: unauthorized(r.ids, message),
  });
  if (!token) return fail(MESSAGES.tokenEmpty);
  const claims = decodeTestToken(token);
  if (!claims) return fail(MESSAGES.tokenMalformed);
  if (claims.aud !== GRAPH_AUDIENCE && claims.aud !== GRAPH_APP_ID)
    return fail(MESSAGES.tokenAudience);
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= Date.now())
    return fail(MESSAGES.tokenExpired);
  // Graph knows the caller by the token's object id; preferred_username (the UPN, often not the
  // mail address) only where the test token names no known oid.
  const user =
    (typeof claims.oid === "string" ? state.dir.user(claims.oid) : undefined) ??
    state.dir.user(claims.preferred_username);
  if (!user) return fail("The signed-in user is not in this tenant.");
  return { ok: true, value: { user, claims, scopes: scopesOf(claims) } };
}

function parseJson(r: GraphRequest): Result<Record<string, unknown>> {
  const text = r.body?.toString("utf8").trim() ?? "";
  if (!text) return { ok: false, result: badRequest(r.ids, "BadRequest", MESSAGES.emptyPayload) };
  try {
    const value = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return { ok: true, value };
  } catch {
    // Falls through to Graph's answer for unreadable JSON.
  }
  return { ok: false, result: badRequest(r.ids, "BadRequest", MESSAGES.badJson) };
}

interface Mailbox {
  mailbox: EmulatorUser;
  own: boolean;
}

/** /me or /users/{id | address | alias}: groups and unknown ids have no mailbox. */
function resolveMailbox(
  state: EmulatorState,
  r: GraphRequest,
  auth: Auth,
  segs: string[]
): Result<Mailbox> {
  let mailbox: EmulatorUser;
  if (segs[1].toLowerCase() === "me") mailbox = auth.user;
  else {
    const found = state.dir.resolve(segs[2]);
    if (found?.type !== "user") return { ok: false, result: resourceNotFound(r.ids, segs[2]) };
    mailbox = found.user;
  }
  if (mailbox.restEnabled === false) {
    return {
      ok: false,
      result: graphError(r.ids, 404, "MailboxNotEnabledForRESTAPI", MESSAGES.mailboxNotEnabled),
    };
  }
  return { ok: true, value: { mailbox, own: mailbox === auth.user } };
}

/** Scopes for the operation, and Full Access for anyone else's mailbox (seed: IMPORTANT note). */
function authorize(state: EmulatorState, r: GraphRequest, auth: Auth, mb: Mailbox, access: Access) {
  if (!hasScope(auth.scopes, scopesFor(access, mb.own))) return accessDenied(r.ids);
  if (!hasFullAccess(state.dir, auth.user, mb.mailbox)) return accessDenied(r.ids);
  return undefined;
}

/**
 * Whether two extended property ids name the same property: type, GUID and tag compare without
 * case, but a named property's string name with case ("Filtering the string name (Name) in the id
 * of an extended property is case-sensitive": learn.microsoft.com/graph/api/
 * singlevaluelegacyextendedproperty-get).
 */
function sameExtendedId(a: string, b: string): boolean {
  const split = (id: string) => {
    const at = id.search(/\sName\s/i);
    return at < 0 ? [id.toLowerCase(), ""] : [id.slice(0, at).toLowerCase(), id.slice(at + 6)];
  };
  const [x, y] = [split(a.trim()), split(b.trim())];
  return x[0] === y[0] && x[1] === y[1];
}

function findMessage(
  state: EmulatorState,
  r: GraphRequest,
  mb: Mailbox,
  id: string
): Result<MessageRecord> {
  const m = state.store.get(id);
  if (!m) return { ok: false, result: itemNotFound(r.ids) };
  if (m.owner !== mb.mailbox.address.toLowerCase()) {
    return {
      ok: false,
      result: badRequest(r.ids, "ErrorInvalidMailboxItemId", MESSAGES.invalidMailboxItemId),
    };
  }
  return { ok: true, value: m };
}

function userJson(user: EmulatorUser, id: string) {
  return {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
    businessPhones: [],
    displayName: user.displayName,
    givenName: null,
    jobTitle: null,
    mail: user.address,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: null,
    userPrincipalName: user.address,
    id,
  };
}

function withInputErrors(r: GraphRequest, fn: () => GraphResult): GraphResult {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InputError) return badRequest(r.ids, e.code, e.message);
    throw e;
  }
}

/**
 * Submission shared by sendMail and messages/{id}/send: rights, size, rate, then delivery and
 * the Sent Items copies. Delivery is recorded before 202 is returned so tests can assert at once
 * (Graph itself only accepts the message then; transport runs later, outlook-things-to-know-about-send-mail).
 */
function submit(
  state: EmulatorState,
  r: GraphRequest,
  auth: Auth,
  mb: Mailbox,
  message: MessageRecord,
  via: "sendMail" | "send",
  saveToSentItems: boolean
): GraphResult {
  const recipients = [...message.toRecipients, ...message.ccRecipients, ...message.bccRecipients];
  if (recipients.length === 0 || recipients.some((x) => !x.emailAddress.address.includes("@"))) {
    return badRequest(
      r.ids,
      "ErrorInvalidRecipients",
      "At least one recipient isn't valid., A message can't be sent because it contains no recipients."
    );
  }
  // from defaults to the mailbox the message is sent from (message resource: "The owner of the
  // mailbox from which the message is sent").
  const fromAddress = message.from?.emailAddress.address || mb.mailbox.address;
  const decision = decideSender(state.dir, auth.user, fromAddress);
  if (decision.ok && decision.right !== "none" && !hasScope(auth.scopes, ["Mail.Send.Shared"])) {
    // Seed: sending from another user with a user token needs Mail.Send.Shared.
    return accessDenied(r.ids);
  }
  if (!decision.ok) return graphError(r.ids, 403, "ErrorSendAsDenied", MESSAGES.sendAsDenied);
  if (messageSize(message) > state.dir.maxMessageSizeBytes) {
    return badRequest(r.ids, "ErrorMessageSizeExceeded", MESSAGES.messageSizeExceeded);
  }
  const submitter = mb.mailbox.address.toLowerCase();
  const wait = state.limiter.retryAfter(submitter);
  if (wait > 0) return tooManyRequests(r.ids, wait);
  state.limiter.record(submitter);

  const sentAt = new Date().toISOString();
  // Delay delivery: Exchange holds a message whose PidTagDeferredSendTime is ahead and delivers it
  // then (Stack Overflow / Microsoft Q&A "graph api schedule send email PidTagDeferredSendTime").
  // The emulator records the delivery at once, with `deferredUntil` and `deliveredAt` that time.
  const deferredProperty = Object.entries(message.extended).find(
    ([id]) => id.toLowerCase() === MAPI.deferredSendTime.toLowerCase()
  )?.[1];
  const deferredAt = deferredProperty ? Date.parse(deferredProperty) : NaN;
  const deferredUntil = deferredAt > Date.parse(sentAt) ? new Date(deferredAt).toISOString() : null;
  message.from = decision.from;
  message.sender = decision.sender;
  const targets = sentItemsTargets(mb.mailbox, saveToSentItems, decision);
  for (const owner of targets) state.store.fileSentCopy(message, owner, sentAt);
  state.deliveries.push({
    id: randomUUID(),
    internetMessageId: message.internetMessageId,
    subject: message.subject,
    body: { ...message.body },
    importance: message.importance,
    from: decision.from,
    sender: decision.sender,
    toRecipients: message.toRecipients,
    ccRecipients: message.ccRecipients,
    bccRecipients: message.bccRecipients,
    replyTo: message.replyTo,
    attachments: message.attachments.map(summarizeAttachment),
    inReplyTo: message.extended[MAPI.inReplyTo] ?? null,
    references: message.extended[MAPI.references] ?? null,
    conversationId: message.conversationId,
    isReadReceiptRequested: message.isReadReceiptRequested,
    isDeliveryReceiptRequested: message.isDeliveryReceiptRequested,
    categories: [...message.categories],
    flag: { ...message.flag },
    sensitivity: Number(message.extended[MAPI.sensitivity] ?? 0),
    internetMessageHeaders: [
      ...message.internetMessageHeaders.map((h) => ({ ...h })),
      ...labelHeaders(message.sensitivityLabel, state.dir.tenantId),
    ],
    sensitivityLabel: message.sensitivityLabel ?? null,
    deliveredAt: deferredUntil ?? sentAt,
    deferredUntil,
    signedInUser: auth.user.address,
    rightUsed: decision.right,
    endpoint: { method: r.method, path: r.path, via, mailbox: mb.mailbox.address },
    sentItemsCopies: targets,
  });
  // Sending moves the draft: its id stops resolving (ids are not immutable by default).
  state.store.delete(message.id);
  return { status: 202 };
}

function asBoolean(v: unknown, fallback: boolean): boolean {
  // user-sendmail's own example passes "false" as a string.
  if (v === undefined || v === null) return fallback;
  if (typeof v === "string") return v.toLowerCase() !== "false";
  return v !== false;
}

export function handleGraph(state: EmulatorState, r: GraphRequest): GraphResult {
  const segs = r.segs;
  const lower = segs.map((s) => s.toLowerCase());
  const auth = authenticate(state, r);
  if (!auth.ok) return auth.result;
  const a = auth.value;
  const notFound = () =>
    badRequest(
      r.ids,
      "BadRequest",
      `Resource not found for the segment '${segs[segs.length - 1] ?? ""}'.`
    );
  const methodNotAllowed = () =>
    graphError(r.ids, 405, "BadRequest", `The HTTP method '${r.method}' is not allowed here.`);

  if (lower[1] === "me" && segs.length === 2) {
    if (r.method !== "GET") return methodNotAllowed();
    if (a.user.restEnabled === false) {
      return graphError(r.ids, 404, "MailboxNotEnabledForRESTAPI", MESSAGES.mailboxNotEnabled);
    }
    if (!hasScope(a.scopes, PROFILE_SCOPES)) return accessDenied(r.ids);
    const id = state.dir.resolve(a.user.address);
    return { status: 200, body: userJson(a.user, id?.type === "user" ? id.id : "") };
  }
  let rest: string[];
  if (lower[1] === "me") rest = lower.slice(2);
  else if (lower[1] === "users" && segs.length >= 4) rest = lower.slice(3);
  else return notFound();
  const offset = segs.length - rest.length;
  const raw = (i: number) => segs[offset + i];

  const mbr = resolveMailbox(state, r, a, segs);
  if (!mbr.ok) return mbr.result;
  const mb = mbr.value;
  const guard = (access: Access) => authorize(state, r, a, mb, access);

  // POST .../sendMail {message, saveToSentItems?}
  if (rest.length === 1 && rest[0] === "sendmail") {
    if (r.method !== "POST") return methodNotAllowed();
    const denied = guard("send");
    if (denied) return denied;
    const json = parseJson(r);
    if (!json.ok) return json.result;
    return withInputErrors(r, () => {
      const patch = parseMessagePatch(json.value.message);
      const list = (json.value.message as { attachments?: unknown }).attachments;
      const attachments = Array.isArray(list) ? list.map(parseAttachment) : [];
      // sendMail creates the message in the sender mailbox's Drafts, then submits it.
      const message = state.store.createDraft(mb.mailbox.address, patch, attachments);
      const result = submit(
        state,
        r,
        a,
        mb,
        message,
        "sendMail",
        asBoolean(json.value.saveToSentItems, true)
      );
      if (result.status !== 202) state.store.delete(message.id);
      return result;
    });
  }

  // GET .../mailFolders/{sentitems|drafts}/messages
  if (rest[0] === "mailfolders" && rest.length === 3 && rest[2] === "messages") {
    if (r.method !== "GET") return methodNotAllowed();
    const denied = guard("read");
    if (denied) return denied;
    const folder =
      rest[1] === "sentitems"
        ? "sentitems"
        : rest[1] === "drafts"
          ? "drafts"
          : rest[1] === "inbox"
            ? "inbox"
            : undefined;
    if (!folder) return itemNotFound(r.ids);
    const top = Number(r.query.get("$top") ?? 10);
    const list = state.store.folder(mb.mailbox.address, folder).slice(0, top > 0 ? top : 10);
    return {
      status: 200,
      body: { value: list.map((m) => applySelect(messageJson(m), r.query.get("$select"))) },
    };
  }

  if (rest[0] !== "messages") return notFound();

  if (rest.length === 1) {
    if (r.method === "GET") {
      const denied = guard("read");
      if (denied) return denied;
      // Every folder, as /messages lists them (message resource: "all the messages in the mailbox").
      let all = [
        ...state.store.folder(mb.mailbox.address, "drafts"),
        ...state.store.folder(mb.mailbox.address, "sentitems"),
        ...state.store.folder(mb.mailbox.address, "inbox"),
      ];
      // Only the filter the add-in uses (finding a message by its Internet message id after a
      // lost answer); anything else is refused as Graph refuses a filter it can't apply.
      const filter = r.query.get("$filter");
      if (filter !== null) {
        const m = /^\s*internetMessageId\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter);
        if (!m) {
          return graphError(
            r.ids,
            400,
            "ErrorInvalidUrlQueryFilter",
            "The query filter contains one or more invalid nodes."
          );
        }
        const wanted = m[1].replace(/''/g, "'");
        all = all.filter((x) => x.internetMessageId === wanted);
      }
      const top = Number(r.query.get("$top") ?? 10);
      return {
        status: 200,
        body: {
          value: all.slice(0, top).map((m) => applySelect(messageJson(m), r.query.get("$select"))),
        },
      };
    }
    if (r.method !== "POST") return methodNotAllowed();
    const denied = guard("write");
    if (denied) return denied;
    const json = parseJson(r);
    if (!json.ok) return json.result;
    return withInputErrors(r, () => {
      const patch = parseMessagePatch(json.value);
      const attachments = Array.isArray(json.value.attachments)
        ? json.value.attachments.map(parseAttachment)
        : [];
      const m = state.store.createDraft(mb.mailbox.address, patch, attachments);
      return { status: 201, body: messageJson(m) };
    });
  }

  const found = findMessage(state, r, mb, raw(1));
  if (!found.ok) {
    // Access is checked before existence, as Exchange does not reveal items to outsiders.
    const denied = guard(r.method === "GET" ? "read" : rest[2] === "send" ? "send" : "write");
    return denied ?? found.result;
  }
  const m = found.value;

  if (rest.length === 2) {
    if (r.method === "GET") {
      const denied = guard("read");
      if (denied) return denied;
      const body = applySelect(messageJson(m), r.query.get("$select"));
      // $expand=singleValueExtendedProperties($filter=id eq '...' or id eq '...'): the MAPI
      // properties the filter names (learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get).
      const expand = r.query.get("$expand") ?? "";
      if (/^singleValueExtendedProperties/i.test(expand)) {
        const named = [...expand.matchAll(/id\s+eq\s+'([^']+)'/gi)].map((x) => x[1]);
        // The label as Exchange keeps it: the msip_labels named property of PS_INTERNET_HEADERS.
        const label = labelHeaders(m.sensitivityLabel, state.dir.tenantId).map(
          (h) => [MSIP_LABELS_PROPERTY, h.value] as const
        );
        // Exchange sets the conversation's index and topic on every item (store.ts
        // conversationOf), so they read back whether or not a client set them.
        const conversation = [
          [MAPI.conversationIndex, m.conversationIndex],
          [MAPI.conversationTopic, m.conversationTopic],
        ] as const;
        const own = Object.entries(m.extended).filter(
          ([id]) => !conversation.some(([c]) => c.toLowerCase() === id.toLowerCase())
        );
        body.singleValueExtendedProperties = [...own, ...conversation, ...label]
          .filter(([id]) => !named.length || named.some((n) => sameExtendedId(n, id)))
          .map(([id, value]) => ({ id, value }));
      }
      return { status: 200, body };
    }
    if (r.method === "PATCH") {
      const denied = guard("write");
      if (denied) return denied;
      const json = parseJson(r);
      if (!json.ok) return json.result;
      return withInputErrors(r, () => {
        state.store.update(m, parseMessagePatch(json.value));
        return { status: 200, body: messageJson(m) };
      });
    }
    if (r.method === "DELETE") {
      const denied = guard("write");
      if (denied) return denied;
      state.store.delete(m.id);
      return { status: 204 };
    }
    return methodNotAllowed();
  }

  // GET .../messages/{id}/$value: the item's MIME (message-get, "Get MIME content"), streamed.
  if (rest.length === 3 && rest[2] === "$value") {
    if (r.method !== "GET") return methodNotAllowed();
    const denied = guard("read");
    if (denied) return denied;
    return {
      status: 200,
      headers: { "Content-Type": "message/rfc822" },
      stream: messageMime(m, labelHeaders(m.sensitivityLabel, state.dir.tenantId)),
    };
  }

  if (rest.length === 3 && rest[2] === "send") {
    if (r.method !== "POST") return methodNotAllowed();
    const denied = guard("send");
    if (denied) return denied;
    if (!m.isDraft)
      return badRequest(r.ids, "ErrorInvalidOperation", "Only draft messages can be sent.");
    // A draft sent by id always leaves its copy in its own mailbox's Sent Items.
    return submit(state, r, a, mb, m, "send", true);
  }

  if (rest[2] !== "attachments") return notFound();

  if (rest.length === 3) {
    if (r.method === "GET") {
      const denied = guard("read");
      if (denied) return denied;
      const expand = Boolean(r.query.get("$expand"));
      return {
        status: 200,
        body: {
          value: m.attachments.map((x) =>
            applySelect(attachmentJson(x, { expandItem: expand }), r.query.get("$select"))
          ),
        },
      };
    }
    if (r.method !== "POST") return methodNotAllowed();
    const denied = guard("write");
    if (denied) return denied;
    const json = parseJson(r);
    if (!json.ok) return json.result;
    return withInputErrors(r, () => {
      const att = parseAttachment(json.value);
      m.attachments.push(att);
      m.lastModifiedDateTime = new Date().toISOString();
      return { status: 201, body: attachmentJson(att, { expandItem: true }) };
    });
  }

  if (rest.length === 4 && rest[3] === "createuploadsession") {
    if (r.method !== "POST") return methodNotAllowed();
    const denied = guard("write");
    if (denied) return denied;
    const json = parseJson(r);
    if (!json.ok) return json.result;
    const item = (json.value.AttachmentItem ?? json.value.attachmentItem) as
      Record<string, unknown> | undefined;
    if (
      !item ||
      item.attachmentType !== "file" ||
      typeof item.name !== "string" ||
      typeof item.size !== "number"
    ) {
      return badRequest(
        r.ids,
        "BadRequest",
        "AttachmentItem needs attachmentType 'file', a name and a size."
      );
    }
    if (item.size < MIN_SESSION_BYTES) {
      // outlook-large-attachments, "Errors": sessions are for files of 3 MB or more.
      return badRequest(
        r.ids,
        "ErrorAttachmentSizeShouldNotBeLessThanMinimumSize",
        "Attachment size must be at least 3 MB; attach smaller files with a single POST."
      );
    }
    if (item.size > MAX_SESSION_BYTES) {
      return badRequest(
        r.ids,
        "ErrorAttachmentSizeShouldNotBeGreaterThanMaximumSize",
        "Attachment size must not be greater than 150 MB."
      );
    }
    // Known issue, as a tenant behaviour (EmulatorTenant.uploadSessionsOnlyInOwnMailbox;
    // microsoft-graph-docs-contrib#3720): with a delegated token, only the signed-in user's own
    // mailbox takes an upload session; a shared or delegated one answers 403.
    if (state.dir.tenant.uploadSessionsOnlyInOwnMailbox && !mb.own) return accessDenied(r.ids);
    const session = state.uploads.create({
      owner: mb.mailbox.address,
      ownerId: idOf(state, mb.mailbox),
      messageId: m.id,
      name: item.name,
      size: item.size,
      contentType:
        typeof item.contentType === "string" ? item.contentType : "application/octet-stream",
      // Field: upload sessions ignore contentId and isInline; the attachment lands as a plain,
      // non-inline file, so a body's cid: reference to it shows nothing
      // (microsoft-graph-docs-contrib#4850 and #785, msgraph-sdk-java#400).
      isInline: false,
      contentId: undefined,
    });
    return {
      status: 201,
      body: {
        "@odata.context":
          "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.uploadSession",
        uploadUrl: state.uploads.urlFor(session, r.uploadRoot, state.dir.tenantId),
        ...state.uploads.status(session),
      },
    };
  }

  const att = m.attachments.find((x) => x.id === raw(3));
  if (!att) return guard(r.method === "GET" ? "read" : "write") ?? itemNotFound(r.ids);

  if (rest.length === 4) {
    if (r.method === "GET") {
      const denied = guard("read");
      return (
        denied ?? {
          status: 200,
          body: applySelect(
            attachmentJson(att, { expandItem: Boolean(r.query.get("$expand")) }),
            r.query.get("$select")
          ),
        }
      );
    }
    if (r.method === "DELETE") {
      const denied = guard("write");
      if (denied) return denied;
      m.attachments = m.attachments.filter((x) => x !== att);
      return { status: 204 };
    }
    return methodNotAllowed();
  }

  if (rest.length === 5 && rest[4] === "$value") {
    if (r.method !== "GET") return methodNotAllowed();
    const denied = guard("read");
    if (denied) return denied;
    if (att.kind === "file") {
      return {
        status: 200,
        headers: { "Content-Type": att.contentType },
        raw: att.bytes ?? Buffer.alloc(0),
      };
    }
    // An item attachment's raw value is the embedded message as MIME; a minimal rendering.
    const item = att.item ?? {};
    const body = (item.body as { content?: string } | undefined)?.content ?? "";
    const mime = `Subject: ${String(item.subject ?? "")}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`;
    return { status: 200, headers: { "Content-Type": "message/rfc822" }, raw: Buffer.from(mime) };
  }
  return notFound();
}

function idOf(state: EmulatorState, user: EmulatorUser): string {
  const r = state.dir.resolve(user.address);
  return r?.type === "user" ? r.id : "";
}
