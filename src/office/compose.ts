import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex } from "@noble/hashes/utils";
import { recordFailure } from "../core/diagnostics";
import { utf8 } from "../core/shard-name";
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
    // Bounded: an Office that never answers would hold the send at "Preparing" for good (rev12j
    // finding D). Not knowing is safe: the send reads the draft's own headers for a label.
    const id = await answerWithin(
      callAsync<string>((cb) => label.getAsync!(cb)),
      LABEL_READ_MS
    );
    return typeof id === "string" && id.trim() !== "";
  } catch (e) {
    recordFailure("office", "sensitivityLabel", e);
    return null;
  }
}

/** The longest readSensitivityLabel waits for Office's answer, in ms. */
export const LABEL_READ_MS = 5_000;

/**
 * Outlook's "Delay delivery" time for the message being composed (item.delayDeliveryTime.getAsync,
 * Mailbox 1.13: a Date, or 0 when none is set; learn.microsoft.com/javascript/api/outlook/
 * office.delaydeliverytime), as an ISO-8601 UTC string; null when none is set. Undefined where
 * Office cannot tell: below Mailbox 1.13 (no delayDeliveryTime), or the call failed. The send
 * pipeline then goes by what the saved draft carries (src/graph/send.ts ComposeWindow.deliverAt).
 */
export async function readDelayDelivery(): Promise<string | null | undefined> {
  const compose = item() as Office.MessageCompose & {
    delayDeliveryTime?: { getAsync?: (cb: (r: Office.AsyncResult<Date | 0>) => void) => void };
  };
  const delay = compose.delayDeliveryTime;
  if (!isSetSupported("Mailbox", "1.13") || typeof delay?.getAsync !== "function") return undefined;
  try {
    const at = await callAsync<Date | 0>((cb) => delay.getAsync!(cb));
    if (!at) return null;
    const ms = new Date(at).getTime();
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  } catch (e) {
    recordFailure("office", "delayDeliveryTime", e);
    return undefined;
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

/** The name of the add-in's custom property that carries the pane's revision stamp. */
export const REVISION_PROPERTY = "sendFromRevision";

/**
 * Graph's id of the extended property in which Outlook keeps an add-in's custom properties: one
 * JSON object in the named property `cecp-<ID>` of PS_PUBLIC_STRINGS, where <ID> is the manifest's
 * <Id> in lower case without braces or a "urn:uuid:" prefix (MS-OXCEXT 2.2.5; learn.microsoft.com/
 * office/dev/add-ins/outlook/metadata-for-an-outlook-add-in). Graph matches the name with case.
 */
export function customPropertiesId(addinId: string): string {
  const id = addinId
    .trim()
    .toLowerCase()
    .replace(/^urn:uuid:/, "")
    .replace(/[{}]/g, "");
  return `String {00020329-0000-0000-C000-000000000046} Name cecp-${id}`;
}

/**
 * Stamps the compose item with a fresh random revision in the add-in's custom properties
 * (item.loadCustomPropertiesAsync, set, customProperties.saveAsync; Mailbox 1.1) for the save that
 * follows, and says where Graph will show it (src/graph/send.ts DraftRevision). Only in classic
 * Outlook on Windows (platform "PC"): its cached mode saves to the computer and uploads later, so
 * Graph may serve an older copy of the draft meanwhile (office-js #2118, #6077; Microsoft's advice
 * on #210: a custom property the server copy carries once uploaded). Outlook on the web and new
 * Outlook save on the server ("OfficeOnline"); Outlook on Mac does not cache custom properties
 * (learn.microsoft.com/javascript/api/outlook/office.customproperties), so a stamp there could
 * reach the server before the content it should vouch for. Null there, or with no add-in id.
 */
export async function stampRevision(addinId: string): Promise<{
  property: string;
  name: string;
  value: string;
} | null> {
  const platform = Office.context?.diagnostics?.platform ?? Office.context?.platform;
  const compose = item();
  if (
    String(platform) !== "PC" ||
    !addinId ||
    typeof compose.loadCustomPropertiesAsync !== "function"
  )
    return null;
  // Bounded: an Office that never answers would hold the send at "Saving" for good (rev12o F3;
  // office-js #3436: CustomProperties.saveAsync never calling back). The caller does not send.
  const props = await answerWithin(
    callAsync<Office.CustomProperties>((cb) => compose.loadCustomPropertiesAsync(cb)),
    STAMP_MS
  );
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const value = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  props.set(REVISION_PROPERTY, value);
  await answerWithin(
    callAsync<void>((cb) => props.saveAsync(cb)),
    STAMP_MS
  );
  return { property: customPropertiesId(addinId), name: REVISION_PROPERTY, value };
}

/** The longest each of stampRevision's Office calls is waited for, in ms. */
export const STAMP_MS = 5_000;

/** `answer`, or a rejection ("Office did not answer in N ms") once `ms` have passed without it. */
function answerWithin<T>(answer: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Office did not answer in ${ms} ms`)), ms);
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

/** An Office async call made a promise: callAsync, or bounded (answerWithin). */
type OfficeRead = <T>(
  invoke: (callback: (result: Office.AsyncResult<T>) => void) => void
) => Promise<T>;

/**
 * The compose item's subject (trimmed), To, Cc and Bcc addresses (lower case, sorted) and text
 * body (whitespace collapsed: line endings a host rewrites on a save are no edit), each read with
 * `read`: what a message's content is told by (contentDigest; open-attempt-store.ts contentKey).
 * Rejects when one read fails.
 */
export async function readMessageText(
  read: OfficeRead = callAsync
): Promise<{ subject: string; to: string[]; cc: string[]; bcc: string[]; text: string }> {
  const compose = item();
  const addresses = async (field: Office.Recipients) =>
    (await read<Office.EmailAddressDetails[]>((cb) => field.getAsync(cb)))
      .map((r) => r.emailAddress.toLowerCase())
      .sort();
  const [subject, to, cc, bcc, body] = await Promise.all([
    read<string>((cb) => compose.subject.getAsync(cb)),
    addresses(compose.to),
    addresses(compose.cc),
    addresses(compose.bcc),
    read<string>((cb) => compose.body.getAsync(Office.CoercionType.Text, cb)),
  ]);
  return { subject: subject.trim(), to, cc, bcc, text: body.replace(/\s+/g, " ").trim() };
}

/**
 * What the compose item holds now, as a SHA-256 hex digest, of what Office reads the same way
 * each time while nothing is edited:
 * - the subject and the To/Cc/Bcc addresses;
 * - the body as text with whitespace collapsed (Office.CoercionType.Text: markup or line endings
 *   that Outlook rewrites on a save do not count as a change), and the link targets (href
 *   values) of the HTML body (Office.CoercionType.Html; linkTargets), so a corrected link's
 *   address is a change although its text is not (rev12p P1). Formatting alone (bold, colour, a
 *   paragraph split) is not compared: how a host writes that markup back on a save is not stable
 *   enough to tell an edit from it;
 * - the attachments' names, kinds and inline flags, and the size of each file attachment that is
 *   not inline (getAttachmentsAsync, Mailbox 1.8; left out below it). Not the size of an attached
 *   message: classic Outlook reports a different size for the same .msg on every read (office-js
 *   #6856; #6058: a "Forward as attachment" message serialised anew each time; #4550, #6364:
 *   reported as 0), so the send would find it changed at every check (rev12p P3). Not the size
 *   of an inline image either: classic Outlook lists a pasted image with size 0 until the item is
 *   saved (office-js #4643), which would cost a second save and upload wait on every send;
 * - the sensitivity label's GUID where Office offers labels (item.sensitivityLabel.getAsync,
 *   Mailbox 1.13; rev12p P2): a label raised while the send waits goes with the message. A label
 *   Office will not read (no labels in the tenant) counts as none known, not as a failure.
 * The send compares it with the one read at the save (src/graph/send.ts
 * ComposeWindow.contentDigest): the window stays open and editable while the send waits, and is
 * then closed discarding the local item. Each Office call bounded (DIGEST_MS); rejects when one
 * of the others fails. Only the digest is kept, never the content.
 */
export async function contentDigest(): Promise<string> {
  const compose = item() as Office.MessageCompose & {
    sensitivityLabel?: { getAsync?: Office.SensitivityLabel["getAsync"] };
  };
  const read: OfficeRead = (invoke) => answerWithin(callAsync(invoke), DIGEST_MS);
  const label = compose.sensitivityLabel;
  const [message, html, attachments, labelId] = await Promise.all([
    readMessageText(read),
    read<string>((cb) => compose.body.getAsync(Office.CoercionType.Html, cb)),
    isSetSupported("Mailbox", "1.8") && typeof compose.getAttachmentsAsync === "function"
      ? read<Office.AttachmentDetailsCompose[]>((cb) => compose.getAttachmentsAsync(cb)).then(
          (list) =>
            list.map((a) => {
              const type = String(a.attachmentType);
              const sized = type === "file" && !a.isInline;
              return [a.name, sized ? a.size : null, type, !!a.isInline];
            })
        )
      : null,
    isSetSupported("Mailbox", "1.13") && typeof label?.getAsync === "function"
      ? read<string>((cb) => label.getAsync!(cb)).catch(
          (e: unknown) => (recordFailure("office", "digestSensitivityLabel", e), null)
        )
      : null,
  ]);
  const { subject, to, cc, bcc, text } = message;
  const digestOf = [subject, to, cc, bcc, text, attachments, linkTargets(html), labelId];
  return bytesToHex(sha256(utf8(JSON.stringify(digestOf))));
}

/**
 * The href values of an HTML body's links, in order, as the browser reads them (entities
 * decoded, whitespace at the ends trimmed): a host that writes the markup back another way on a
 * save (quotes, attribute order, `&amp;`) does not change them, an edited address does.
 */
export function linkTargets(html: string): string[] {
  const doc = new DOMParser().parseFromString(html, "text/html");
  return Array.from(doc.querySelectorAll("a[href], area[href]"), (a) =>
    (a.getAttribute("href") ?? "").trim()
  );
}

/** The longest each of contentDigest's Office calls is waited for, in ms. */
export const DIGEST_MS = 5_000;

/**
 * The compose window as the send pipeline uses it. `addinId`: the manifest's <Id> this build is
 * installed under (buildConfig.addinId), which names the add-in's custom properties.
 */
export function composeWindow(addinId = "") {
  // A message written inside a shared mailbox or folder is saved there (getSharedPropertiesAsync).
  return {
    saveDraft,
    stampRevision: () => stampRevision(addinId),
    contentDigest,
    close: closeCompose,
    draftOwner: itemOwner,
    savedItemId,
    labelled: readSensitivityLabel,
    deliverAt: readDelayDelivery,
  };
}
