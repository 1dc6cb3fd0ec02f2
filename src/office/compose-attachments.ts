import { JSON_PART_LIMIT, type ComposeAttachment } from "../core/fidelity";
import { recordFailure } from "../core/diagnostics";
import { callAsync } from "./async";
import { isSetSupported } from "./mailbox";

// Read only when "Copy in <mailbox>'s Sent Items" is chosen: its own chunk (before-send), so
// the pane's first load does not carry it (issue 14's budget).

function item(): Office.MessageCompose {
  return Office.context.mailbox.item as Office.MessageCompose;
}

/**
 * The attachments of the message being composed, as Office lists them (item.getAttachmentsAsync,
 * Mailbox 1.8): name, size in bytes, inline or not, and whether a file, an Outlook item or a cloud
 * (share link) file. Null where Outlook cannot list them (below 1.8); rejects when the call fails.
 */
export async function readAttachments(): Promise<ComposeAttachment[] | null> {
  const compose = item();
  if (!isSetSupported("Mailbox", "1.8") || typeof compose.getAttachmentsAsync !== "function")
    return null;
  const list = await callAsync<Office.AttachmentDetailsCompose[]>((cb) =>
    compose.getAttachmentsAsync(cb)
  );
  const out: ComposeAttachment[] = [];
  for (const a of list) {
    const type = String(a.attachmentType).toLowerCase();
    const kind = type === "cloud" ? "cloud" : type === "item" ? "item" : "file";
    const size = Number(a.size) || 0;
    out.push({
      name: String(a.name ?? ""),
      size,
      isInline: !!a.isInline,
      kind,
      // A large one is refused by its size alone; a smaller one is looked into.
      ...(kind === "item" && size <= JSON_PART_LIMIT
        ? { hasOwnAttachments: await attachedMessageHasParts(compose, String(a.id ?? "")) }
        : {}),
    });
  }
  return out;
}

/**
 * Whether an attached message has attachments of its own, which "Copy in <mailbox>'s Sent Items"
 * would lose (src/core/fidelity.ts): item.getAttachmentContentAsync (Mailbox 1.8) gives an
 * attached message as .eml, whose own attachments are MIME parts with a Content-Disposition of
 * attachment (or inline with a file name) or a Content-ID. Null where Office cannot tell: the call fails for a message attached by
 * drag-and-drop in Outlook on the web and new Outlook (learn.microsoft.com/javascript/api/
 * outlook/office.attachmentcontent), or gives another format. Only headers are looked at; the
 * content is never shown or kept.
 */
async function attachedMessageHasParts(
  compose: Office.MessageCompose,
  id: string
): Promise<boolean | null> {
  if (typeof compose.getAttachmentContentAsync !== "function") return null;
  try {
    const content = await callAsync<Office.AttachmentContent>((cb) =>
      compose.getAttachmentContentAsync(id, cb)
    );
    if (String(content.format).toLowerCase() !== "eml") return null;
    // A part that is a file (attachment, or inline with a file name) or is referred to by cid:;
    // not a body part marked inline, as some mail programs mark their text.
    return /^content-(disposition:\s*(attachment|inline\s*;\s*filename)|id:)/im.test(
      String(content.content)
    );
  } catch (e) {
    recordFailure("send", "readAttachedMessage", e);
    return null;
  }
}

/** The listeners of onAttachmentsChanged, served by one handler on the item. */
const listeners = new Set<() => void>();
/** That handler: none, asked for (Office has not answered), or registered. */
let registration: "none" | "asked" | "added" = "none";

/**
 * Calls `listener` each time an attachment is added to or removed from the message being
 * composed (Office.EventType.AttachmentsChanged on the item, Mailbox 1.8:
 * learn.microsoft.com/javascript/api/outlook/office.attachmentschangedeventargs): a person may
 * attach a file with the pane open and press Send without leaving it, so what a way of sending
 * would drop is read again then, not only when the pane gets the focus back (rev12n LOW 7).
 * Returns what stops it. Outlook keeps one handler per event type and removeHandlerAsync removes
 * the type's, whichever: so one handler serves every listener, and it is removed only when none
 * is left and Office has answered its registration (rev12o F2: a late removal took the next
 * listener's handler). Does nothing where the host has no such event; a refused registration is
 * recorded in the diagnostics, never thrown.
 */
export function onAttachmentsChanged(listener: () => void): () => void {
  const compose = item();
  if (!isSetSupported("Mailbox", "1.8") || typeof compose.addHandlerAsync !== "function")
    return () => undefined;
  listeners.add(listener);
  const removeIfUnused = () => {
    if (listeners.size > 0 || registration !== "added") return;
    registration = "none";
    compose.removeHandlerAsync(
      Office.EventType.AttachmentsChanged,
      (r: Office.AsyncResult<void>) => {
        if (r.status === Office.AsyncResultStatus.Failed)
          recordFailure("office", "attachmentsChangedHandler", r.error);
      }
    );
  };
  if (registration === "none") {
    registration = "asked";
    try {
      compose.addHandlerAsync(
        Office.EventType.AttachmentsChanged,
        () => [...listeners].forEach((l) => l()),
        (result: Office.AsyncResult<void>) => {
          if (result.status === Office.AsyncResultStatus.Failed) {
            registration = "none";
            recordFailure("office", "attachmentsChangedHandler", result.error);
            return;
          }
          registration = "added";
          // Every listener stopped before Office answered: removed now.
          removeIfUnused();
        }
      );
    } catch (e) {
      registration = "none";
      recordFailure("office", "attachmentsChangedHandler", e);
    }
  }
  return () => {
    if (listeners.delete(listener)) removeIfUnused();
  };
}
