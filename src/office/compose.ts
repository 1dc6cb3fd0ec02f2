import { INLINE_LIMIT, type ComposeAttachment } from "../core/fidelity";
import { recordFailure } from "../core/diagnostics";
import { callAsync } from "./async";
import { isSetSupported, itemOwner } from "./mailbox";

function item(): Office.MessageCompose {
  return Office.context.mailbox.item as Office.MessageCompose;
}

/**
 * Saves the message being composed to the user's Drafts and returns its Graph (REST) id.
 * saveAsync gives an EWS id; Graph needs the REST form (Mailbox 1.3 convertToRestId).
 */
export async function saveDraft(): Promise<string> {
  const itemId = await callAsync<string>((cb) => item().saveAsync(cb));
  return Office.context.mailbox.convertToRestId(itemId, Office.MailboxEnums.RestVersion.v2_0);
}

/**
 * Closes the compose window without the "save changes?" prompt: closeAsync with discardItem
 * (Mailbox 1.14). Below 1.14 it rejects (CloseUnsupported) instead of calling close(): after a
 * Graph send, close() prompts to save and saving re-creates a draft of a message already sent
 * (office-js#6393, #5551); the pane then tells the user to close the window without sending.
 * Rejects too when closeAsync fails (office-js#5568, #5897).
 */
async function closeCompose(): Promise<void> {
  const compose = item();
  if (isSetSupported("Mailbox", "1.14") && typeof compose.closeAsync === "function") {
    await callAsync<void>((cb) => compose.closeAsync({ discardItem: true }, cb));
  } else {
    const e = new Error("This Outlook cannot close the message window without a prompt.");
    e.name = "CloseUnsupported";
    throw e;
  }
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
      ...(kind === "item" && size < INLINE_LIMIT
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

/**
 * Whether the message being composed carries a sensitivity label (item.sensitivityLabel.getAsync,
 * Mailbox 1.13: the label's GUID, empty when none; learn.microsoft.com/office/dev/add-ins/outlook/
 * sensitivity-label). Null where Outlook cannot tell (below 1.13, or the tenant has no labels
 * enabled and the call fails): the pane then says nothing rather than guess.
 */
export async function readSensitivityLabel(): Promise<boolean | null> {
  const compose = item() as Office.MessageCompose & {
    sensitivityLabel?: { getAsync?: Office.SensitivityLabel["getAsync"] };
  };
  const label = compose.sensitivityLabel;
  if (!isSetSupported("Mailbox", "1.13") || typeof label?.getAsync !== "function") return null;
  try {
    const id = await callAsync<string>((cb) => label.getAsync!(cb));
    return typeof id === "string" && id.trim() !== "";
  } catch (e) {
    recordFailure("office", "sensitivityLabel", e);
    return null;
  }
}

/**
 * The REST id the compose item is saved under now (getItemIdAsync, Mailbox 1.8); null where that
 * cannot be told (below 1.8, or the item was never saved).
 */
export async function savedItemId(): Promise<string | null> {
  const compose = item();
  if (!isSetSupported("Mailbox", "1.8") || typeof compose.getItemIdAsync !== "function")
    return null;
  const id = await callAsync<string>((cb) => compose.getItemIdAsync(cb)).catch(() => null);
  return id
    ? Office.context.mailbox.convertToRestId(id, Office.MailboxEnums.RestVersion.v2_0)
    : null;
}

/** The compose window as the send pipeline uses it. */
export function composeWindow() {
  // A message written inside a shared mailbox or folder is saved there (getSharedPropertiesAsync).
  return {
    saveDraft,
    close: closeCompose,
    draftOwner: itemOwner,
    savedItemId,
    labelled: readSensitivityLabel,
  };
}
