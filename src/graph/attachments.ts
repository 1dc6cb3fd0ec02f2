import { GraphError, Http, json } from "./http";

/** Graph's limit for a JSON request is about 4 MB; base64 makes 3 MB of file the most that fits. */
export const INLINE_LIMIT = 3 * 1024 * 1024;
/** Upload chunks must be at most 4 MiB; Graph asks for multiples of 320 KiB. 12 x 320 KiB = 3.75 MiB. */
export const CHUNK_SIZE = 12 * 320 * 1024;

export interface AttachmentInfo {
  id: string;
  "@odata.type": string;
  name: string;
  contentType?: string;
  size: number;
  isInline?: boolean;
}

export interface CopyProgress {
  name: string;
  index: number;
  count: number;
  bytesDone: number;
  bytesTotal: number;
}

const enc = encodeURIComponent;

/** Lists the draft's attachments without their content (which can be 150 MB). */
export async function listAttachments(http: Http, source: string): Promise<AttachmentInfo[]> {
  const response = await http({
    method: "GET",
    path: `${source}/attachments?$select=id,name,contentType,size,isInline`,
    idempotent: true,
  });
  return (await json<{ value: AttachmentInfo[] }>(response)).value;
}

async function copySmall(
  http: Http,
  source: string,
  target: string,
  a: AttachmentInfo
): Promise<void> {
  const isItem = a["@odata.type"] === "#microsoft.graph.itemAttachment";
  const full = await json<Record<string, unknown>>(
    await http({
      method: "GET",
      path: `${source}/attachments/${enc(a.id)}${isItem ? "?$expand=microsoft.graph.itemattachment/item" : ""}`,
      idempotent: true,
    })
  );
  // Keep what defines the attachment; drop server-assigned fields the target would refuse.
  const copy: Record<string, unknown> = { "@odata.type": full["@odata.type"], name: full.name };
  for (const key of ["contentType", "isInline", "contentId", "contentBytes", "contentLocation"]) {
    if (full[key] !== undefined && full[key] !== null) copy[key] = full[key];
  }
  if (isItem && full.item && typeof full.item === "object") {
    const item = { ...(full.item as Record<string, unknown>) };
    for (const key of [
      "id",
      "@odata.etag",
      "changeKey",
      "createdDateTime",
      "lastModifiedDateTime",
      "parentFolderId",
      "conversationId",
      "webLink",
    ])
      delete item[key];
    copy.item = item;
  }
  await http({ method: "POST", path: `${target}/attachments`, body: copy, idempotent: false });
}

/**
 * A large file: download its bytes once (a Blob, which the browser may keep on disk) and upload
 * them in slices through an upload session. Blob.slice does not copy, so the page holds the file
 * about once, not twice. A lost chunk is resumed from the range the server says it expects.
 */
async function copyLarge(
  http: Http,
  source: string,
  target: string,
  a: AttachmentInfo,
  onBytes: (done: number) => void
): Promise<void> {
  const bytes = await (
    await http({
      method: "GET",
      path: `${source}/attachments/${enc(a.id)}/$value`,
      idempotent: true,
    })
  ).blob();
  const session = await json<{ uploadUrl: string }>(
    await http({
      method: "POST",
      path: `${target}/attachments/createUploadSession`,
      body: {
        AttachmentItem: {
          attachmentType: "file",
          name: a.name,
          size: bytes.size,
          contentType: a.contentType,
          isInline: !!a.isInline,
        },
      },
      idempotent: false,
    })
  );
  let start = 0;
  let resumes = 0;
  while (start < bytes.size) {
    const end = Math.min(start + CHUNK_SIZE, bytes.size);
    try {
      const response = await http({
        method: "PUT",
        path: session.uploadUrl,
        anonymous: true,
        // Not repeated blindly: after a lost answer the session says what it already has.
        idempotent: false,
        headers: { "Content-Range": `bytes ${start}-${end - 1}/${bytes.size}` },
        body: bytes.slice(start, end),
      });
      if (response.status === 201 || end === bytes.size) {
        onBytes(bytes.size);
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
      const next = await expectedStart(http, session.uploadUrl);
      if (next === null) {
        // The session is gone: complete (its URL answers 404 then) or expired. Only the
        // target message can tell which.
        if (await hasAttachment(http, target, a.name, bytes.size)) return onBytes(bytes.size);
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

async function hasAttachment(
  http: Http,
  target: string,
  name: string,
  size: number
): Promise<boolean> {
  const list = await listAttachments(http, target);
  return list.some((x) => x.name === name && x.size === size);
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
    if (isFile && a.size >= INLINE_LIMIT) await copyLarge(http, source, target, a, report);
    else await copySmall(http, source, target, a);
    before += a.size;
    report(0);
  }
}
