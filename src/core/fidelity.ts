/**
 * What "Copy in <mailbox>'s Sent Items" (the message recreated in the mailbox through Graph) cannot
 * carry as Graph behaves in the field, judged from the compose window's attachments before Send:
 * - an inline image over JSON_PART_LIMIT fits no single JSON request, and an upload session
 *   rejects or ignores `contentId` and `isInline` (microsoft-graph-docs-contrib #4850 and #785,
 *   msgraph-sdk-java #400): the delivered body would point at an image that is not there;
 * - a cloud ("share link") attachment: v1.0 cannot post its link (`sourceUrl` is beta only;
 *   msgraph-sdk-dotnet #634, microsoft-graph-docs #20997, #19289).
 * - an attached message (Office's attachmentType "item", e.g. a forwarded mail) over
 *   JSON_PART_LIMIT: Graph copies an item attachment only as one JSON request (upload sessions
 *   take files only: attachment-createuploadsession, attachmentType "file"), and a request over
 *   REQUEST_LIMIT is refused with 413 (microsoft-graph-docs-contrib #682, #7254). One that has
 *   attachments of its own loses
 *   them in any size: Graph returns the attached message without its attachments
 *   (microsoft-graph-docs #4763; msgraph-sdk-java #21, #678). Office's attachment list does not
 *   show those; the pane reads the attached message's .eml where Office gives it
 *   (`hasOwnAttachments`), and the send pipeline checks them from Graph before it creates
 *   anything in any case (src/graph/attachments.ts `attachedMessagesWithParts`).
 * - a sensitivity label (Microsoft Purview): the recreated message is a new item, and of the
 *   draft's internet headers only x- ones can be copied (Graph's internetMessageHeaders accepts
 *   only names starting x- or X-: learn.microsoft.com/graph/api/resources/internetmessageheader,
 *   "Only header names starting with x- or X- can be added"), so the label, kept in the item's
 *   label metadata and its msip_labels header, does not arrive.
 * - more than MAX_CUSTOM_HEADERS custom x- headers: Graph refuses a message whose
 *   internetMessageHeaders holds more than five (400 InvalidInternetMessageHeaderCollection,
 *   "Maximum number of headers in one message should be less than or equal to 5": Microsoft Q&A
 *   762243), and dropping some would send a different message. Office.js cannot list a draft's
 *   internet headers (internetHeaders.getAsync takes the names to read), so only the send pipeline
 *   can tell, from the draft's MIME, before it creates anything (src/graph/send.ts).
 * Sending the user's own draft ("Copy in my Sent Items") carries them all. The send pipeline checks
 * the same kinds again from Graph's view of the draft (src/graph/attachments.ts `uncarried`).
 */

/**
 * Graph's limit on one request: "The maximum request length supported is 4MB"
 * (microsoft-graph-docs-contrib #682, #7254; microsoft-graph-docs #85). Which megabyte the docs
 * do not say; it was measured: "Maximum POST byte size for uploading is exactly 3145611 bytes"
 * (gantners, microsoftgraph/msgraph-sdk-java PR #52, 2020; also microsoft-graph-docs #9589), a
 * file whose base64 (4,194,148 bytes) and the request's other fields make 4 MiB.
 */
export const REQUEST_LIMIT = 4 * 1024 * 1024;

/**
 * The largest part that only one JSON request can carry (an inline image with its Content-ID,
 * an attached message) and that "Copy in <mailbox>'s Sent Items" takes: the measured maximum
 * above (REQUEST_LIMIT). A longer name or Content-ID than the measurement's leaves a few bytes
 * less; Graph's 413 then is caught while copying (graph/attachments.ts PartNotCarried): nothing
 * is sent, and "Copy in my Sent Items" is offered, as for a larger part before Send.
 */
export const JSON_PART_LIMIT = 3_145_611;

/**
 * The bytes from which a file (not inline) goes through an upload session, not inside one JSON
 * request: where upload sessions start ("if the file size is between 3 MB and 150 MB",
 * learn.microsoft.com/graph/outlook-large-attachments; the measured minimum is lower, 2,097,152
 * bytes: msgraph-sdk-java PR #52), read as 3,000,000 bytes, whose base64 (4,000,000) fits
 * REQUEST_LIMIT with room for the request's other fields. Measured in the file's bytes: Graph's
 * listed `size` is larger (src/graph/attachments.ts).
 */
export const INLINE_LIMIT = 3_000_000;

/**
 * Most custom headers a recreated message can carry: Graph's limit on internetMessageHeaders
 * (Microsoft Q&A 762243; 400 InvalidInternetMessageHeaderCollection above it).
 */
export const MAX_CUSTOM_HEADERS = 5;

/** An attachment of the message being composed, as Office lists it (item.getAttachmentsAsync). */
export interface ComposeAttachment {
  name: string;
  /** Bytes. */
  size: number;
  isInline: boolean;
  /** Office's attachmentType: a file, an attached Outlook item, or a cloud (share link) file. */
  kind: "file" | "item" | "cloud";
  /**
   * An attached message (kind "item") of JSON_PART_LIMIT or less: whether it has attachments of its own
   * (office/compose.ts reads its .eml); null or absent where Office cannot tell.
   */
  hasOwnAttachments?: boolean | null;
}

export type DropReason =
  | "largeInlineImage"
  | "cloudAttachment"
  | "attachedMessage"
  | "sensitivityLabel"
  /** Office cannot tell whether the draft is labelled: a label, if any, would be lost. */
  | "sensitivityLabelUnknown";

/** A part of the message a way of sending would lose, and why (`name`: "" for the label). */
export interface DroppedPart {
  name: string;
  why: DropReason;
}

/**
 * What "Copy in <mailbox>'s Sent Items" would lose: the attachments above, then the sensitivity
 * label when the draft carries one (`labelled`: item.sensitivityLabel, office/compose.ts
 * readSensitivityLabel), or "sensitivityLabelUnknown" when Office cannot tell (null: below
 * Mailbox 1.13, or getAsync failed; the send pipeline then looks for the label in the draft's
 * MIME and refuses if it finds one). Empty when it carries all.
 */
export function droppedThroughMailbox(
  attachments: readonly ComposeAttachment[],
  labelled: boolean | null = false
): DroppedPart[] {
  const out: DroppedPart[] = [];
  for (const a of attachments) {
    if (a.kind === "cloud") out.push({ name: a.name, why: "cloudAttachment" });
    else if (a.kind === "file" && a.isInline && a.size > JSON_PART_LIMIT)
      out.push({ name: a.name, why: "largeInlineImage" });
    else if (a.kind === "item" && (a.size > JSON_PART_LIMIT || a.hasOwnAttachments === true))
      out.push({ name: a.name, why: "attachedMessage" });
  }
  if (labelled === true) out.push({ name: "", why: "sensitivityLabel" });
  else if (labelled === null) out.push({ name: "", why: "sensitivityLabelUnknown" });
  return out;
}
