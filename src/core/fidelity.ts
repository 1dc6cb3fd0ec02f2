/**
 * What "Copy in <mailbox>'s Sent Items" (the message recreated in the mailbox through Graph) cannot
 * carry as Graph behaves in the field, judged from the compose window's attachments before Send:
 * - an inline image of INLINE_LIMIT or more goes through an upload session, and upload sessions
 *   reject or ignore `contentId` and `isInline` (microsoft-graph-docs-contrib #4850 and #785,
 *   msgraph-sdk-java #400): the delivered body would point at an image that is not there;
 * - a cloud ("share link") attachment: v1.0 cannot post its link (`sourceUrl` is beta only;
 *   msgraph-sdk-dotnet #634, microsoft-graph-docs #20997, #19289).
 * Sending the user's own draft ("Copy in my Sent Items") carries both. The send pipeline checks
 * the same kinds again from Graph's view of the draft (src/graph/attachments.ts `uncarried`).
 */

/** Graph's limit for a JSON request is about 4 MB; base64 makes 3 MiB of file the most that fits. */
export const INLINE_LIMIT = 3 * 1024 * 1024;

/** An attachment of the message being composed, as Office lists it (item.getAttachmentsAsync). */
export interface ComposeAttachment {
  name: string;
  /** Bytes. */
  size: number;
  isInline: boolean;
  /** Office's attachmentType: a file, an attached Outlook item, or a cloud (share link) file. */
  kind: "file" | "item" | "cloud";
}

export type DropReason = "largeInlineImage" | "cloudAttachment";

/** A part of the message a way of sending would lose, and why. */
export interface DroppedPart {
  name: string;
  why: DropReason;
}

/** The attachments that "Copy in <mailbox>'s Sent Items" would lose; empty when it carries all. */
export function droppedThroughMailbox(attachments: readonly ComposeAttachment[]): DroppedPart[] {
  const out: DroppedPart[] = [];
  for (const a of attachments) {
    if (a.kind === "cloud") out.push({ name: a.name, why: "cloudAttachment" });
    else if (a.kind === "file" && a.isInline && a.size >= INLINE_LIMIT)
      out.push({ name: a.name, why: "largeInlineImage" });
  }
  return out;
}
