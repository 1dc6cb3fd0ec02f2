import { recordFailure } from "../core/diagnostics";
import { GraphError, Http, json } from "./http";

import { INLINE_LIMIT, JSON_PART_LIMIT } from "../core/fidelity";

/** A file this large or larger goes through an upload session (src/core/fidelity.ts). */
export { INLINE_LIMIT, JSON_PART_LIMIT };
/** Upload chunks must be at most 4 MiB; Graph asks for multiples of 320 KiB. 12 x 320 KiB = 3.75 MiB. */
export const CHUNK_SIZE = 12 * 320 * 1024;

export interface AttachmentInfo {
  id: string;
  "@odata.type": string;
  name: string;
  contentType?: string;
  size: number;
  isInline?: boolean;
  contentId?: string | null;
}

export interface CopyProgress {
  name: string;
  index: number;
  count: number;
  bytesDone: number;
  bytesTotal: number;
}

const enc = encodeURIComponent;
const isItem = (a: AttachmentInfo) => a["@odata.type"] === "#microsoft.graph.itemAttachment";

/** Lists the draft's attachments without their content (which can be 150 MB). */
export async function listAttachments(http: Http, source: string): Promise<AttachmentInfo[]> {
  const response = await http({
    method: "GET",
    path: `${source}/attachments?$select=id,name,contentType,size,isInline,contentId`,
    idempotent: true,
  });
  return (await json<{ value: AttachmentInfo[] }>(response)).value;
}

/**
 * Copies one attachment in one JSON request. A 413 (Graph's 4 MB request limit) is a part this
 * way cannot carry (PartNotCarried), not a message too large.
 */
async function copySmall(
  http: Http,
  source: string,
  target: string,
  a: AttachmentInfo
): Promise<void> {
  await postSmall(http, source, target, a).catch((e: unknown) => {
    if (e instanceof GraphError && e.status === 413)
      throw new PartNotCarried([
        {
          name: a.name,
          why: isItem(a) ? "attachedMessage" : a.isInline ? "largeInlineImage" : "attachment",
        },
      ]);
    throw e;
  });
}

async function postSmall(
  http: Http,
  source: string,
  target: string,
  a: AttachmentInfo
): Promise<void> {
  const item = isItem(a);
  const full = await json<Record<string, unknown>>(
    await http({
      method: "GET",
      path: `${source}/attachments/${enc(a.id)}${item ? "?$expand=microsoft.graph.itemattachment/item" : ""}`,
      idempotent: true,
    })
  );
  // Keep what defines the attachment; drop server-assigned fields the target would refuse.
  const copy: Record<string, unknown> = { "@odata.type": full["@odata.type"], name: full.name };
  for (const key of ["contentType", "isInline", "contentId", "contentBytes", "contentLocation"]) {
    if (full[key] !== undefined && full[key] !== null) copy[key] = full[key];
  }
  if (item && full.item && typeof full.item === "object") {
    const message = { ...(full.item as Record<string, unknown>) };
    for (const key of [
      "id",
      "@odata.etag",
      "changeKey",
      "createdDateTime",
      "lastModifiedDateTime",
      "parentFolderId",
      "conversationId",
      "webLink",
      // Read-only, and false on the copy anyway: Graph gave the message without its attachments.
      "hasAttachments",
    ])
      delete message[key];
    copy.item = message;
  }
  await http({ method: "POST", path: `${target}/attachments`, body: copy, idempotent: false });
}

/** Bytes of one download, handed out in order as the upload asks for them. */
class ByteSource {
  private pieces: Uint8Array[] = [];
  private buffered = 0;
  /** Offset in the file of the first buffered byte. */
  private start = 0;

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** Bytes [from, from + length) of the file; `from` never goes back before earlier calls' `from`. */
  async read(from: number, length: number): Promise<Uint8Array<ArrayBuffer> | null> {
    if (from < this.start) return null; // already dropped: the caller starts over
    this.drop(from - this.start);
    while (this.buffered < length) {
      const { done, value } = await this.reader.read();
      if (done) break;
      this.pieces.push(value);
      this.buffered += value.byteLength;
    }
    const out = new Uint8Array(Math.min(length, this.buffered));
    let at = 0;
    for (const piece of this.pieces) {
      if (at >= out.length) break;
      const take = piece.subarray(0, out.length - at);
      out.set(take, at);
      at += take.length;
    }
    return out;
  }

  private drop(count: number) {
    this.start += count;
    this.buffered -= count;
    while (count > 0 && this.pieces.length) {
      const first = this.pieces[0];
      if (first.byteLength <= count) {
        count -= first.byteLength;
        this.pieces.shift();
      } else {
        this.pieces[0] = first.subarray(count);
        count = 0;
      }
    }
  }

  cancel() {
    void this.reader.cancel().catch((e) => recordFailure("send", "downloadCancel", e));
  }
}

class StartOver extends Error {}

/**
 * A large file, streamed: the download is read as the upload session takes it, in chunks of at
 * most 4 MiB, so the page holds about one chunk of the file, never the whole of it. A lost chunk
 * is resumed from the range the session says it expects.
 */
async function copyLarge(
  http: Http,
  source: string,
  target: string,
  a: AttachmentInfo,
  sameNameBefore: number,
  onBytes: (done: number) => void
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const download = await http({
      method: "GET",
      path: `${source}/attachments/${enc(a.id)}/$value`,
      idempotent: true,
    });
    // The session needs the exact byte count; the attachment's listed size is not it (Graph lists
    // the MAPI attachment's, a few hundred bytes more: microsoft-graph-docs #9796).
    const total = Number(download.headers.get("content-length"));
    if (total > 0 && total < INLINE_LIMIT) {
      // Listed at INLINE_LIMIT or more, but its bytes fit one request, and a session would
      // refuse them (under 3 MB).
      void download.body?.cancel().catch((e) => recordFailure("send", "downloadCancel", e));
      return copySmall(http, source, target, a);
    }
    const bytes: ByteSource | Blob =
      download.body && total > 0
        ? new ByteSource(download.body.getReader())
        : await download.blob();
    const size = bytes instanceof Blob ? bytes.size : total;
    try {
      return await upload(http, target, a, size, bytes, sameNameBefore, onBytes);
    } catch (e) {
      if (bytes instanceof ByteSource) bytes.cancel();
      if (!(e instanceof StartOver) || attempt > 0)
        throw e instanceof StartOver
          ? new GraphError(416, "uploadRestart", "The upload lost data it could not resend.")
          : e;
      recordFailure("send", "uploadStartOver", e);
    }
  }
}

async function upload(
  http: Http,
  target: string,
  a: AttachmentInfo,
  size: number,
  bytes: ByteSource | Blob,
  sameNameBefore: number,
  onBytes: (done: number) => void
): Promise<void> {
  const landed = () => hasUpload(http, target, a, size, sameNameBefore);
  const session = await json<{ uploadUrl: string }>(
    await http({
      method: "POST",
      path: `${target}/attachments/createUploadSession`,
      body: {
        AttachmentItem: {
          attachmentType: "file",
          name: a.name,
          size,
          contentType: a.contentType,
          isInline: !!a.isInline,
        },
      },
      idempotent: false,
    })
  );
  let start = 0;
  let resumes = 0;
  while (start < size) {
    const end = Math.min(start + CHUNK_SIZE, size);
    const body =
      bytes instanceof Blob ? bytes.slice(start, end) : await bytes.read(start, end - start);
    if (body === null) throw new StartOver();
    try {
      const response = await http({
        method: "PUT",
        path: session.uploadUrl,
        anonymous: true,
        // Not repeated blindly: after a lost answer the session says what it already has.
        idempotent: false,
        headers: { "Content-Range": `bytes ${start}-${end - 1}/${size}` },
        body,
      });
      if (response.status === 201 || end === size) {
        onBytes(size);
        return;
      }
      const next = (await json<{ nextExpectedRanges?: string[] }>(response))
        .nextExpectedRanges?.[0];
      start = next ? Number(next.split("-")[0]) : end;
      onBytes(start);
    } catch (e) {
      // 416 or a lost answer: ask the session where it stands and resume from there.
      if (!(e instanceof GraphError) || (e.status !== 416 && !e.ambiguous) || ++resumes > 5)
        throw e;
      recordFailure("send", "uploadResume", e);
      // The last chunk's answer lost: the upload may be complete, and a complete session's URL
      // answers 404, which the browser logs with the URL, its authtoken included (rev12 review
      // 4). The target message tells first; the session is asked only if the part is not there.
      if (end === size && e.status !== 416 && (await landed())) return onBytes(size);
      const next = await expectedStart(http, session.uploadUrl);
      if (next === null) {
        // The session is gone: complete (its URL answers 404 then) or expired. Only the
        // target message can tell which.
        if (await landed()) return onBytes(size);
        throw e;
      }
      start = next;
    }
  }
}

/** Where an upload session wants the next bytes; null when the session no longer exists. */
async function expectedStart(http: Http, uploadUrl: string): Promise<number | null> {
  try {
    const status = await json<{ nextExpectedRanges?: string[] }>(
      await http({ method: "GET", path: uploadUrl, anonymous: true, idempotent: true })
    );
    const next = status.nextExpectedRanges?.[0];
    return next === undefined ? null : Number(next.split("-")[0]);
  } catch (e) {
    if (e instanceof GraphError && e.status === 404) return null;
    throw e;
  }
}

/**
 * How much larger than the file Graph may list an attachment: its `size` is the MAPI
 * attachment's, properties included, reported a few hundred bytes over the file's bytes
 * (microsoft-graph-docs #9796: an 816-byte file listed as 1053). No maximum is documented; this
 * bound is ours, generous for names of any length, and small against any file that needs an
 * upload session.
 */
const LISTED_OVERHEAD_MAX = 64 * 1024;

/**
 * Whether this upload finished though its last answer was lost: the copy holds one more
 * attachment of this name than before the upload (`sameNameBefore`: those the copy had already;
 * it is a new draft filled in order, so the caller knows), and it is this file: the same content
 * type (kept by upload sessions, which drop contentId and isInline: microsoft-graph-docs-contrib
 * #4850) and a listed size from the byte count up to the properties' overhead, never the exact
 * byte count (microsoft-graph-docs #9796, above).
 */
async function hasUpload(
  http: Http,
  target: string,
  a: AttachmentInfo,
  bytes: number,
  sameNameBefore: number
): Promise<boolean> {
  const named = (await listAttachments(http, target)).filter((x) => x.name === a.name);
  return (
    named.length > sameNameBefore &&
    named.some(
      (x) =>
        (!a.contentType ||
          !x.contentType ||
          x.contentType.toLowerCase() === a.contentType.toLowerCase()) &&
        x.size >= bytes &&
        x.size <= bytes + LISTED_OVERHEAD_MAX
    )
  );
}

/** A part "Copy in <mailbox>'s Sent Items" cannot carry (`name`: "" for the sensitivity label). */
export type Uncarried = {
  name: string;
  /** Why: the known kinds before Send; after the copy, `inlineImage` (lost or lost its
   * Content-ID) and `attachment` (any other part missing) name what actually went missing. */
  why:
    | "largeInlineImage"
    | "cloudAttachment"
    | "attachedMessage"
    | "sensitivityLabel"
    | "inlineImage"
    | "attachment"
    /** One of more custom x- headers than Graph takes on a message (`name`: the header's). */
    | "customHeader";
};

/**
 * What "Copy in <mailbox>'s Sent Items" (recreating the message) cannot carry as Graph behaves,
 * told from the attachment list alone: an inline image over JSON_PART_LIMIT fits no single
 * request and upload sessions drop contentId and isInline (microsoft-graph-docs-contrib#4850 and
 * #785, msgraph-sdk-java#400), so the body would point at nothing; a cloud attachment's link cannot be
 * read or posted in v1.0 (msgraph-sdk-dotnet#634, microsoft-graph-docs#20997 and #19289); an
 * attached message over JSON_PART_LIMIT cannot be posted (4 MiB request limit, measured in
 * msgraph-sdk-java PR #52: src/core/fidelity.ts). Attached messages with
 * attachments of their own: `attachedMessagesWithParts`.
 */
export function uncarried(attachments: AttachmentInfo[]): Uncarried[] {
  const out: Uncarried[] = [];
  for (const a of attachments) {
    if (a["@odata.type"] === "#microsoft.graph.referenceAttachment")
      out.push({ name: a.name, why: "cloudAttachment" });
    else if (
      a["@odata.type"] === "#microsoft.graph.fileAttachment" &&
      a.isInline &&
      a.size > JSON_PART_LIMIT
    )
      out.push({ name: a.name, why: "largeInlineImage" });
    // An attached message goes in one JSON request (upload sessions take files only), which
    // Graph refuses over 4 MiB (src/core/fidelity.ts).
    else if (isItem(a) && a.size > JSON_PART_LIMIT)
      out.push({ name: a.name, why: "attachedMessage" });
  }
  return out;
}

/**
 * The copy's attachments against the source's: every one there, inline ones still inline under
 * the same Content-ID. Returns what was lost (the whole kind, not only the known cases).
 */
export function lostInCopy(source: AttachmentInfo[], copy: AttachmentInfo[]): Uncarried[] {
  const left = [...copy];
  const lost: Uncarried[] = [];
  for (const a of source) {
    const i = left.findIndex(
      (c) =>
        c.name === a.name &&
        (!a.isInline || (c.isInline && (c.contentId ?? null) === (a.contentId ?? null)))
    );
    if (i < 0)
      lost.push({
        name: a.name,
        // Name the true reason (rev12 finding 9): only a large inline image is "large".
        why:
          a["@odata.type"] === "#microsoft.graph.referenceAttachment"
            ? "cloudAttachment"
            : isItem(a)
              ? "attachedMessage"
              : a.isInline
                ? a.size > JSON_PART_LIMIT
                  ? "largeInlineImage"
                  : "inlineImage"
                : "attachment",
      });
    else left.splice(i, 1);
  }
  return lost;
}

/**
 * A part the copy could not take, found while copying: Graph refused the request that carries it
 * as too large (413, "The maximum request length supported is 4MB": microsoft-graph-docs-contrib
 * #682, #7254). Not the mailbox's send size limit (that is ErrorMessageSizeExceeded on the send):
 * only this way of sending is stuck; sending the user's own draft carries the part.
 */
export class PartNotCarried extends Error {
  constructor(readonly parts: Uncarried[]) {
    super(`Graph refused to copy: ${parts.map((p) => p.name).join(", ")}`);
    this.name = "PartNotCarried";
  }
}

/**
 * The attached messages (item attachments) of JSON_PART_LIMIT or less that a copy would still lose: those
 * with attachments of their own. Graph returns an attached message without its attachments and
 * offers no way to fetch them (microsoft-graph-docs #4763; msgraph-sdk-java #21, #678, #1114), so
 * a copy would arrive without them. Told by the expanded item's hasAttachments (non-inline ones)
 * and by `cid:` references in its body (inline images, which hasAttachments leaves out). One GET
 * per attached message; the larger ones are already refused by `uncarried`.
 */
export async function attachedMessagesWithParts(
  http: Http,
  source: string,
  attachments: AttachmentInfo[]
): Promise<Uncarried[]> {
  const out: Uncarried[] = [];
  for (const a of attachments) {
    if (!isItem(a) || a.size > JSON_PART_LIMIT) continue;
    const full = await json<{ item?: { hasAttachments?: unknown; body?: { content?: unknown } } }>(
      await http({
        method: "GET",
        path: `${source}/attachments/${enc(a.id)}?$expand=microsoft.graph.itemattachment/item`,
        idempotent: true,
      })
    );
    const body = full.item?.body?.content;
    if (full.item?.hasAttachments === true || (typeof body === "string" && /cid:/i.test(body)))
      out.push({ name: a.name, why: "attachedMessage" });
  }
  return out;
}

/** Copies every attachment of the source message to the target draft. */
export async function copyAttachments(
  http: Http,
  source: string,
  target: string,
  attachments: AttachmentInfo[],
  onProgress: (p: CopyProgress) => void
): Promise<void> {
  const bytesTotal = attachments.reduce((n, a) => n + a.size, 0);
  let before = 0;
  for (const [index, a] of attachments.entries()) {
    const report = (done: number) =>
      onProgress({
        name: a.name,
        index,
        count: attachments.length,
        bytesDone: before + done,
        bytesTotal,
      });
    report(0);
    const isFile = a["@odata.type"] === "#microsoft.graph.fileAttachment";
    // Every attachment before this one is in the copy (each is copied or the copy fails).
    const sameNameBefore = attachments.slice(0, index).filter((x) => x.name === a.name).length;
    // An inline image goes in one request whatever its size (uncarried refused those over
    // JSON_PART_LIMIT): an upload session would drop its Content-ID.
    if (isFile && !a.isInline && a.size >= INLINE_LIMIT)
      await copyLarge(http, source, target, a, sameNameBefore, report);
    else await copySmall(http, source, target, a);
    before += a.size;
    report(0);
  }
}
