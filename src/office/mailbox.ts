import { Address, SmtpAddress, toSmtpAddress } from "../core/address";
import { recordFailure } from "../core/diagnostics";
import type { OfficeAccount } from "../core/identity";
import { callAsync } from "./async";

/** Whether office.js loaded at all (the CDN can be blocked or offline). */
export function officeLoaded(): boolean {
  return typeof Office !== "undefined";
}

/** Whether the add-in runs in a mailbox with a signed-in user (not, say, opened in a plain tab). */
export function hasMailboxUser(): boolean {
  return !!Office.context?.mailbox?.userProfile;
}

export function officeReady(): Promise<{ host: Office.HostType | null }> {
  return Office.onReady().then((info) => ({ host: info.host ?? null }));
}

/** The signed-in user, address lower-cased (the directory's key). */
export function userProfile(): Address {
  const profile = Office.context.mailbox.userProfile;
  return {
    address: toSmtpAddress(profile.emailAddress),
    displayName: profile.displayName || profile.emailAddress,
  };
}

function composeItem(): Office.MessageCompose | null {
  const item = Office.context.mailbox?.item as Office.MessageCompose | null | undefined;
  return item ?? null;
}

/**
 * The address in Outlook's From field (Mailbox 1.7), or null when the host can't tell.
 * Its display name is not trusted: Outlook on the web reports the user's own name for shared
 * mailboxes (OfficeDev/office-js#6713), so callers take names from the directory.
 */
export async function getFrom(): Promise<Address | null> {
  const item = composeItem();
  if (!item?.from?.getAsync) return null;
  const from = await callAsync<Office.EmailAddressDetails>((cb) => item.from.getAsync(cb));
  if (!from?.emailAddress) return null;
  return { address: toSmtpAddress(from.emailAddress), displayName: from.displayName ?? "" };
}

/** How long the pane waits for Office's account before going on with userProfile. */
const AUTH_CONTEXT_WAIT_MS = 2000;

/**
 * The account Office signed in with (Office.auth.getAuthContext, NestedAppAuth 1.1:
 * userPrincipalName and userObjectId; learn.microsoft.com/javascript/api/office/office.authcontext),
 * or null where the host does not offer it, fails or names no UPN. Unlike userProfile it is the
 * person in Outlook on the web's "Open another mailbox" (office-js #3837, #4798); its UPN is the
 * Entra sign-in name, not necessarily the primary SMTP address (core/identity.ts).
 */
export async function officeSignedIn(): Promise<OfficeAccount | null> {
  const auth = (typeof Office !== "undefined" ? Office.auth : undefined) as
    { getAuthContext?: () => Promise<Office.AuthContext> } | undefined;
  if (typeof auth?.getAuthContext !== "function") return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // Bounded: the pane waits for this before it shows anything.
    const context = await Promise.race([
      auth.getAuthContext(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error("getAuthContext did not answer")),
          AUTH_CONTEXT_WAIT_MS
        );
      }),
    ]);
    if (!context?.userPrincipalName?.trim()) return null;
    const objectId = context.userObjectId?.trim().toLowerCase();
    const tenantId = context.tenantId?.trim().toLowerCase();
    return {
      upn: toSmtpAddress(context.userPrincipalName),
      objectId: objectId || null,
      ...(tenantId ? { tenantId } : {}),
    };
  } catch (e) {
    recordFailure("office", "authContext", e);
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * True where Office should have named its account but did not: the host offers NestedAppAuth 1.1
 * (Office.auth.getAuthContext) and is Outlook on the web or new Outlook on Windows (platform
 * "OfficeOnline"; learn.microsoft.com/javascript/api/office/office.contextinformation: "OfficeOnline
 * is returned if an add-in is running in Outlook on the web or in new Outlook on Windows"), the
 * hosts where userProfile may be a mailbox other than the person's ("Open another mailbox",
 * office-js #3837; a shared mailbox added as an account of its own, office-js #5682). Pass
 * officeSignedIn's answer: true only when it is null. See core/identity.ts OfficeIdentity.accountMissing.
 */
export function officeAccountMissing(signedIn: OfficeAccount | null): boolean {
  if (signedIn) return false;
  const platform = Office.context?.diagnostics?.platform ?? Office.context?.platform;
  return String(platform) === "OfficeOnline" && isSetSupported("NestedAppAuth", "1.1");
}

/**
 * What Office says about the mailbox the item being composed lives in:
 * - `owner`: the shared folder's or shared mailbox's address (item.getSharedPropertiesAsync:
 *   Mailbox 1.8 shared folders, 1.13 shared mailboxes; Office offers the method only on such
 *   items), else null;
 * - `unknown`: true when Office offers the method but it failed. In Outlook on the web and new
 *   Outlook it fails on a new message written in a shared mailbox ("Open another mailbox"
 *   included) and works only once the draft is saved and opened again (office-js #6877;
 *   learn.microsoft.com/office/dev/add-ins/outlook/delegate-access, Limitations). The item is
 *   then a shared mailbox's whose owner nobody named (core/identity.ts OfficeIdentity.ownerUnknown).
 *   A call that succeeds with no owner counts the same (office-js #4836: no data returned).
 * The failure is recorded in the diagnostics, never thrown.
 */
export async function readItemOwner(): Promise<{ owner: SmtpAddress | null; unknown: boolean }> {
  const item = composeItem() as
    | (Office.MessageCompose & {
        getSharedPropertiesAsync?: Office.MessageCompose["getSharedPropertiesAsync"];
      })
    | null;
  if (typeof item?.getSharedPropertiesAsync !== "function") return { owner: null, unknown: false };
  try {
    const shared = await callAsync<Office.SharedProperties>((cb) =>
      item.getSharedPropertiesAsync!(cb)
    );
    return shared?.owner
      ? { owner: toSmtpAddress(shared.owner), unknown: false }
      : { owner: null, unknown: true };
  } catch (e) {
    recordFailure("office", "sharedProperties", e);
    return { owner: null, unknown: true };
  }
}

/**
 * The mailbox the item being composed lives in, when Office names one (readItemOwner's `owner`),
 * else null: also when Office would not say (office-js #6877), where the caller knows no more
 * than before.
 */
export async function itemOwner(): Promise<SmtpAddress | null> {
  return (await readItemOwner()).owner;
}

export function displayLanguage(): string {
  return Office.context.displayLanguage || "en-US";
}

export function isSetSupported(name: string, version: string): boolean {
  return !!Office.context.requirements?.isSetSupported?.(name, version);
}

function luminance(hex: string): number | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const n = parseInt(m[1], 16);
  return (0.2126 * ((n >> 16) & 255) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255)) / 255;
}

/**
 * Whether an Office theme has a dark body (its bodyBackgroundColor, "#RRGGBB", is darker than
 * mid-grey); undefined when there is no theme or no readable colour (then follow the OS).
 */
export function themeIsDark(
  theme: Pick<Office.OfficeTheme, "bodyBackgroundColor"> | null | undefined
): boolean | undefined {
  const background = theme?.bodyBackgroundColor;
  const l = background ? luminance(background) : null;
  return l === null ? undefined : l < 0.5;
}

/** Whether Office's theme has a dark body; undefined when Office does not say (then follow the OS). */
export function officeThemeIsDark(): boolean | undefined {
  return themeIsDark(Office.context.officeTheme);
}

/**
 * Calls `listener` with whether the new theme is dark (themeIsDark) each time the person changes
 * Outlook's theme while the pane is open: Office.EventType.OfficeThemeChanged, Mailbox 1.14
 * (learn.microsoft.com/javascript/api/outlook/office.officethemechangedeventargs). The theme is
 * read from the event, not Office.context.officeTheme: in Outlook on Windows and Mac that still
 * holds the previous theme when the event fires (office-js #6348). Does nothing where the host
 * has no such event; a refused registration is recorded in the diagnostics, never thrown.
 */
export function onOfficeThemeChanged(listener: (dark: boolean | undefined) => void): void {
  if (!isSetSupported("Mailbox", "1.14")) return;
  try {
    Office.context.mailbox.addHandlerAsync(
      Office.EventType.OfficeThemeChanged,
      (event: Office.OfficeThemeChangedEventArgs) => listener(themeIsDark(event?.officeTheme)),
      (result: Office.AsyncResult<void>) => {
        if (result.status === Office.AsyncResultStatus.Failed)
          recordFailure("office", "themeChangedHandler", result.error);
      }
    );
  } catch (e) {
    recordFailure("office", "themeChangedHandler", e);
  }
}

/**
 * What Outlook says about itself (Office.context.diagnostics: host, platform, version), for the
 * pane's "Copy diagnostics": support needs the client and build before anything else. Empty when
 * the host does not say.
 */
export function hostDiagnostics(): Record<string, string> {
  const d = Office.context?.diagnostics;
  const about: Record<string, string> = {};
  if (d) about.outlook = [d.host, d.platform, d.version].filter(Boolean).join(" ");
  if (Office.context?.displayLanguage) about.language = Office.context.displayLanguage;
  return about;
}
