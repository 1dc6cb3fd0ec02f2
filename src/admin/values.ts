// How single CSV fields of an Exchange Online export are read. Pure functions, no I/O.
import type { MailboxKind, Right } from "../core/model";
import type { SmtpAddress } from "../core/address";

/** Rights as bits, in the order shards list them: Send As, Send on Behalf, Full Access. */
export const SEND_AS = 1;
export const SEND_ON_BEHALF = 2;
export const FULL_ACCESS = 4;

export function rightsFromBits(bits: number): Right[] {
  const rights: Right[] = [];
  if (bits & SEND_AS) rights.push("SendAs");
  if (bits & SEND_ON_BEHALF) rights.push("SendOnBehalf");
  if (bits & FULL_ACCESS) rights.push("FullAccess");
  return rights;
}

/** The well-known SID of SELF; its name is localised (NT AUTHORITY\SELF, NT-AUTORITÄT\SELBST, ...). */
export const SELF_SID = "S-1-5-10";

// Only used when an export has no SID column value: the SID is the reliable test.
/**
 * SELF's name as Exchange writes it on a domain controller in English, German, French, Swedish,
 * Spanish, Italian, Dutch, Portuguese and Polish (rev11n finding 15: "AUTORIDAD NT\\SELF" without
 * a SID was "a domain account... a deleted account, or a live one").
 */
const SELF_NAMES = new Set(
  [
    "nt authority",
    "nt-autorität",
    "autorite nt",
    "autorité nt",
    "nt-instans",
    "nt instans",
    "autoridad nt",
    "autorità nt",
    "autorita nt",
    "nt-instantie",
    "autoridade nt",
    "zarządzanie nt",
    "zarzadzanie nt",
  ]
    .map((d) => `${d}\\self`)
    .concat(["nt-autorität\\selbst"])
);

export function isSelf(sid: string, name: string): boolean {
  if (sid === SELF_SID) return true;
  const s = sid.trim();
  if (s) return s.toUpperCase() === SELF_SID;
  return SELF_NAMES.has(name.trim().normalize("NFC").toLowerCase());
}

/**
 * The Microsoft Entra object id (GUID, lower case) that an Entra SID "S-1-12-1-a-b-c-d" encodes,
 * or null for any other value. The four numbers are the GUID's 16 bytes read as four 32-bit
 * little-endian integers, so the GUID's first three groups (little-endian in a GUID's byte form)
 * come from the first two numbers and the last two groups are the bytes of the last two in
 * order. Source: Microsoft, "Microsoft Entra ID: security identifiers (SIDs) of cloud objects"
 * (S-1-12-1 prefix) and the public SID-to-object-id converters (e.g. Oliver Kieselbach,
 * "Convert Azure AD object id to SID", oliverkieselbach.com).
 */
export function entraSidToObjectId(sid: string): string | null {
  const m = /^S-1-12-1-(\d{1,10})-(\d{1,10})-(\d{1,10})-(\d{1,10})$/i.exec(sid.trim());
  if (!m) return null;
  const bytes: number[] = [];
  for (const part of m.slice(1)) {
    const n = Number(part);
    if (n > 0xffffffff) return null;
    bytes.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  }
  const hex = (b: number[]) => b.map((x) => x.toString(16).padStart(2, "0")).join("");
  return [
    hex(bytes.slice(0, 4).reverse()),
    hex(bytes.slice(4, 6).reverse()),
    hex(bytes.slice(6, 8).reverse()),
    hex(bytes.slice(8, 10)),
    hex(bytes.slice(10, 16)),
  ].join("-");
}

/**
 * Export-Csv writes booleans as True/False. Yes/No and 1/0 are accepted for hand-made columns
 * such as NoReply; an empty field means false. Anything else returns null (a broken export).
 */
export function parseFlag(value: string): boolean | null {
  // Fast path: what Export-Csv writes, a million times per export.
  if (value === "False") return false;
  if (value === "True") return true;
  switch (value.trim().toLowerCase()) {
    case "true":
    case "yes":
    case "1":
      return true;
    case "false":
    case "no":
    case "0":
    case "":
      return false;
    default: {
      const word = excelBoolean(value);
      return word ? word.value : null;
    }
  }
}

/**
 * Excel's boolean words in other languages: Excel turns the text True/False into its boolean
 * when it opens a CSV and writes the word of its own language on every save, "CSV UTF-8"
 * included (rev11c finding 14). Source: Microsoft, the TRUE/FALSE functions in Excel's
 * localized function names (support.microsoft.com, "Excel functions translator").
 */
const EXCEL_BOOLEANS: Readonly<Record<string, { value: boolean; words: string }>> = {
  wahr: { value: true, words: "WAHR/FALSCH (German)" },
  falsch: { value: false, words: "WAHR/FALSCH (German)" },
  vrai: { value: true, words: "VRAI/FAUX (French)" },
  faux: { value: false, words: "VRAI/FAUX (French)" },
  verdadero: { value: true, words: "VERDADERO/FALSO (Spanish)" },
  verdadeiro: { value: true, words: "VERDADEIRO/FALSO (Portuguese)" },
  vero: { value: true, words: "VERO/FALSO (Italian)" },
  falso: { value: false, words: "FALSO (Spanish, Italian or Portuguese)" },
  waar: { value: true, words: "WAAR/ONWAAR (Dutch)" },
  onwaar: { value: false, words: "WAAR/ONWAAR (Dutch)" },
  sant: { value: true, words: "SANT/FALSKT (Swedish)" },
  falskt: { value: false, words: "SANT/FALSKT (Swedish)" },
  prawda: { value: true, words: "PRAWDA/FAŁSZ (Polish)" },
  fałsz: { value: false, words: "PRAWDA/FAŁSZ (Polish)" },
  sand: { value: true, words: "SAND/FALSK (Danish)" },
  falsk: { value: false, words: "SAND/FALSK (Danish)" },
  tosi: { value: true, words: "TOSI/EPÄTOSI (Finnish)" },
  epätosi: { value: false, words: "TOSI/EPÄTOSI (Finnish)" },
  sann: { value: true, words: "SANN/USANN (Norwegian)" },
  usann: { value: false, words: "SANN/USANN (Norwegian)" },
  pravda: { value: true, words: "PRAVDA/NEPRAVDA (Czech)" },
  nepravda: { value: false, words: "PRAVDA/NEPRAVDA (Czech)" },
  igaz: { value: true, words: "IGAZ/HAMIS (Hungarian)" },
  hamis: { value: false, words: "IGAZ/HAMIS (Hungarian)" },
  doğru: { value: true, words: "DOĞRU/YANLIŞ (Turkish)" },
  yanlış: { value: false, words: "DOĞRU/YANLIŞ (Turkish)" },
  истина: { value: true, words: "ИСТИНА/ЛОЖЬ (Russian)" },
  ложь: { value: false, words: "ИСТИНА/ЛОЖЬ (Russian)" },
};

/**
 * The value and the language of an Excel boolean word in another language than English
 * ("FALSCH": false, German), or null for anything else (True/False included).
 */
export function excelBoolean(value: string): { value: boolean; words: string } | null {
  const v = value.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(EXCEL_BOOLEANS, v) ? EXCEL_BOOLEANS[v] : null;
}

/** AccessControlType of Get-RecipientPermission: Allow (or empty) and Deny; null for anything else. */
export function parseAccessControlType(value: string): "Allow" | "Deny" | null {
  const v = value.trim().toLowerCase();
  if (v === "allow" || v === "") return "Allow";
  if (v === "deny") return "Deny";
  return null;
}

/**
 * The rights named in an AccessRights field, as bits. The field may hold several rights joined
 * with ";" or ", ", with spaces (a `[string]` cast of the list, e.g. "FullAccess ReadPermission")
 * and "{...}" when someone exported a formatted table. Rights other than SendAs and FullAccess
 * (ReadPermission, ChangeOwner, ...) give no bit.
 */
export function parseAccessRights(value: string): number {
  if (value === "SendAs") return SEND_AS;
  if (value === "FullAccess") return FULL_ACCESS;
  let bits = 0;
  for (const token of value.split(/[;,{}\s]/)) {
    const right = token.trim().toLowerCase();
    if (right === "sendas") bits |= SEND_AS;
    else if (right === "fullaccess") bits |= FULL_ACCESS;
  }
  return bits;
}

// The rights Exchange writes in AccessRights: Get-MailboxPermission's MailboxRights (ChangeOwner,
// ChangePermission, DeleteItem, ExternalAccount, FullAccess, ReadPermission) and
// Get-RecipientPermission's SendAs. Source: Microsoft, "Add-MailboxPermission" -AccessRights and
// "Add-RecipientPermission" -AccessRights (learn.microsoft.com/powershell/module/exchange).
const KNOWN_RIGHTS: ReadonlySet<string> = new Set([
  "changeowner",
  "changepermission",
  "deleteitem",
  "externalaccount",
  "fullaccess",
  "readpermission",
  "sendas",
]);

/**
 * The first part of an AccessRights field that is no right Exchange writes ("Full Access",
 * "Vollzugriff", a shifted column), or the whole value when it names no right at all (empty);
 * null when every part is a right. Only asked of rows that give no right the file is read for,
 * so such a row is reported instead of dropped as "other rights".
 */
export function unknownAccessRight(value: string): string | null {
  let any = false;
  for (const token of value.split(/[;,{}\s]/)) {
    const right = token.trim();
    if (!right) continue;
    if (!KNOWN_RIGHTS.has(right.toLowerCase())) return right;
    any = true;
  }
  return any ? null : value;
}

/** Splits a ";"-joined multi-valued field. Not on ",": display names such as "Wilber, Alex" contain commas. */
export function splitValues(value: string): string[] {
  const values: string[] = [];
  for (const part of value.split(";")) {
    const v = part.trim();
    if (v) values.push(v);
  }
  return values;
}

/**
 * Splits a list field whose items never contain ",", ";" or spaces (EmailAddresses: proxy
 * addresses), whichever of those an export joined it with: ";" (Export-SendFromData.ps1), ","
 * or ", " (`-join ","`), or a space (a `[string]` cast of the list).
 */
export function splitAddressList(value: string): string[] {
  const values: string[] = [];
  // ASCII spaces only: a no-break space, BOM or other invisible character inside an address is
  // part of it, so the reader refuses the address for that character instead of cutting it.
  for (const part of value.split(/[;,\t\n\r ]+/)) if (part) values.push(part);
  return values;
}

// What Export-Csv writes for a property it cannot flatten: the .NET type name, e.g.
// System.Collections.ArrayList (Get-Mailbox | Select * | Export-Csv), System.Object[],
// System.Collections.Generic.List`1[System.String], Deserialized.Microsoft.Exchange.Data.
// MultiValuedProperty`1[...] (remote sessions), Microsoft.Exchange.Data.ProxyAddressCollection.
// A name with one dot and no brackets ("System.Admin") could be someone's display name: a type
// name needs brackets, a namespace and a type (System.Collections.ArrayList), or Deserialized.
const TYPE_NAME =
  /^(?:(?:System|Microsoft)\.[\w+.]+(?:`\d+)?\[[\s\S]*\]|(?:System|Microsoft)\.[A-Za-z_][\w+]*(?:\.[A-Za-z_][\w+`]*)+|Deserialized\.(?:System|Microsoft)\.[\w+.`]+(?:\[[\s\S]*\])?)$/;

/**
 * Whether a value is PowerShell's text for an object with properties, "@{Name=Jürgen Weiß}" or
 * "@{Name=a; Alias=b}": what Export-Csv writes for a property selected as an object (Select-Object
 * Name without -ExpandProperty, or a list of such objects joined). Not a name a recipient has, so
 * it is refused with the exporting command's fix, never "names no recipient" (rev11o finding 9).
 */
export function isPowerShellObjectText(value: string): boolean {
  // Cheap first test ("@" or white space), run on every field of every row.
  const c = value.charCodeAt(0);
  if (c !== 64 && !(c <= 32)) return false;
  return /^\s*@\{[^{}=;]+=[\s\S]*\}\s*$/.test(value);
}

export function isDotNetTypeName(value: string): boolean {
  // Cheap first test on the first character (S, M or D), run on every field of every row.
  const c = value.charCodeAt(0);
  if (c !== 83 && c !== 77 && c !== 68) {
    if (!(c <= 32)) return false;
    // Leading white space: test the trimmed value. A control character that trim() keeps
    // (U+0001...) starts no type name, and must not send this round again.
    const trimmed = value.trim();
    return trimmed !== value && isDotNetTypeName(trimmed);
  }
  return (
    (value.startsWith("System.") ||
      value.startsWith("Microsoft.") ||
      value.startsWith("Deserialized.")) &&
    TYPE_NAME.test(value.trim())
  );
}

// The schema's smtp pattern: addresses that do not match it cannot be published.
const SMTP = /^[^\s@<>"]+@[^\s@<>"]+$/;

export function isSmtpAddress(value: string): boolean {
  return value.length >= 3 && value.length <= 320 && SMTP.test(value);
}

/**
 * An address without the dot that ends its domain ("anna@contoso.com." to "anna@contoso.com"): a
 * trailing dot ends a fully qualified domain name (RFC 1034), so both are one mailbox; Exchange
 * never writes the dotted form. One dot only: "contoso.com.." holds an empty label, which RFC 1034
 * allows nowhere but the root, so it is no domain and not read as contoso.com (rev11g S6). The
 * value itself when it has none, or when nothing valid is left.
 */
export function withoutTrailingDot(value: SmtpAddress): SmtpAddress {
  if (!value.endsWith(".")) return value;
  const bare = value.slice(0, -1) as SmtpAddress;
  if (bare.endsWith(".")) return value;
  return bare.includes("@") && !bare.endsWith("@") && isSmtpAddress(bare) ? bare : value;
}

/** "SMTP:a@b" / "smtp:a@b" to "a@b"; other proxy types (X500:, SIP:, SPO:) give null. */
export function smtpFromProxy(value: string): string | null {
  const v = value.trim();
  const colon = v.indexOf(":");
  if (colon < 0) return v.includes("@") ? v : null;
  return v.slice(0, colon).toLowerCase() === "smtp" ? v.slice(colon + 1).trim() : null;
}

function needsTrim(value: string): boolean {
  return (
    value.length > 0 && (value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32)
  );
}

/** Normal form of a lookup key: trimmed, lower case, without an "smtp:" prefix. */
export function lookupKey(value: string): string {
  const v = (needsTrim(value) ? value.trim() : value).toLowerCase();
  return v.startsWith("smtp:") ? v.slice(5).trim() : v;
}

// eslint-disable-next-line no-control-regex -- ASCII needs no normalisation
const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * The key a value is matched by: lookupKey, and Unicode NFC, so a name written decomposed
 * ("Chloe\u0301 Martin", as macOS tools and some web forms write it) matches the composed
 * "Chloé Martin" Exchange returns. Only for matching: published addresses and names keep the
 * exports' own text. Source: Unicode Standard Annex #15 (canonical equivalence).
 */
export function matchKey(value: string): string {
  const key = lookupKey(value);
  return NON_ASCII.test(key) ? key.normalize("NFC") : key;
}

/**
 * Exchange's RecipientTypeDetails of the mailboxes and groups one may send from, and their kinds
 * (rev11c finding 7: every type that can hold Send As, Send on Behalf or Full Access and be sent
 * from). Linked mailboxes (LinkedMailbox, LinkedRoomMailbox: a mailbox whose owner signs in from
 * another, trusted forest) are user and room mailboxes; Remote* types are how Exchange
 * on-premises lists a mailbox that lives in Exchange Online (hybrid), where the add-in sends from
 * it; SchedulingMailbox is a Microsoft Bookings mailbox and TeamMailbox a site mailbox, both
 * shared by their members; RoomList is a distribution group one can be granted Send As or Send
 * on Behalf on. MailNonUniversalGroup is a mail-enabled global or domain-local group (synced into
 * Exchange Online from Active Directory) of EITHER category, security or distribution: its kind
 * here is only what the pane sends from ("distributionList"); whether its Full Access, Send As
 * and Deny reach its members only GroupType tells (groupTypeSecurity, GroupMembership
 * .markGroupType; without it the build does not guess: rev11r finding 4). Sources: Microsoft, RecipientTypeDetails enumeration
 * (learn.microsoft.com/previous-versions/office/exchange-server-api/ff344739), "Recipients"
 * (learn.microsoft.com/exchange/recipients/recipients: linked mailbox, site mailbox, room list).
 */
export const KIND_BY_TYPE: Readonly<Record<string, MailboxKind>> = {
  usermailbox: "user",
  linkedmailbox: "user",
  remoteusermailbox: "user",
  sharedmailbox: "shared",
  remotesharedmailbox: "shared",
  schedulingmailbox: "shared",
  teammailbox: "shared",
  remoteteammailbox: "shared",
  roommailbox: "room",
  linkedroommailbox: "room",
  remoteroommailbox: "room",
  equipmentmailbox: "equipment",
  remoteequipmentmailbox: "equipment",
  mailuniversaldistributiongroup: "distributionList",
  dynamicdistributiongroup: "distributionList",
  mailnonuniversalgroup: "distributionList",
  roomlist: "distributionList",
  mailuniversalsecuritygroup: "securityGroup",
  groupmailbox: "microsoft365Group",
};

/** GroupTypeFlags, as Get-DistributionGroup's GroupType writes them (lower case). */
const GROUP_TYPE_FLAGS: ReadonlySet<string> = new Set([
  "none",
  "global",
  "domainlocal",
  "builtinlocal",
  "universal",
  "securityenabled",
]);

/**
 * What a group's GroupType (Get-DistributionGroup's; groups.csv's optional column) says of its
 * category: true for a security group (SecurityEnabled among its flags, or Active Directory's
 * groupType number with its security bit 0x80000000 set), false for a distribution group (flags
 * without SecurityEnabled: "Universal", "Global"), null when empty (dynamic and Microsoft 365
 * groups have none: their RecipientTypeDetails says what they are), "invalid" for a value that
 * is neither (a shifted column, an edit). Only GroupType tells a mail-enabled global security
 * group from a global distribution group: both are MailNonUniversalGroup (rev11r finding 4).
 * Sources: Microsoft, "Get-DistributionGroup" (GroupType: "Universal, SecurityEnabled"),
 * GroupTypeFlags (None, Global, DomainLocal, BuiltinLocal, Universal, SecurityEnabled), Active
 * Directory "Group-Type attribute" (learn.microsoft.com/windows/win32/adschema/a-grouptype).
 */
export function groupTypeSecurity(value: string): boolean | null | "invalid" {
  const v = value.trim();
  if (v === "") return null;
  if (/^-?\d{1,10}$/.test(v)) {
    const n = Number(v);
    if (n < -0x80000000 || n > 0xffffffff) return "invalid";
    return n < 0 || n >= 0x80000000;
  }
  const flags = v
    .toLowerCase()
    .split(/[\s,;|]+/)
    .filter((t) => t !== "");
  if (flags.length === 0 || !flags.every((t) => GROUP_TYPE_FLAGS.has(t))) return "invalid";
  return flags.includes("securityenabled");
}

export function kindOf(recipientTypeDetails: string): MailboxKind | null {
  const v = recipientTypeDetails.trim().toLowerCase();
  // Own keys only: "constructor" or "toString" in the column is no kind (a value from the file).
  return Object.prototype.hasOwnProperty.call(KIND_BY_TYPE, v) ? KIND_BY_TYPE[v] : null;
}

export const GROUP_KINDS: ReadonlySet<string> = new Set([
  "distributionList",
  "securityGroup",
  "microsoft365Group",
]);

/**
 * Whether a RecipientTypeDetails names a group of any kind, also those one cannot send from
 * (RoleGroup, UniversalSecurityGroup, a non-mail group...): a right granted to a
 * group belongs to its members, never to the group as a delegate. Source: Microsoft,
 * "Get-Recipient" -RecipientTypeDetails values (learn.microsoft.com/powershell/module/exchange/get-recipient).
 */
export function isGroupType(recipientTypeDetails: string): boolean {
  const v = recipientTypeDetails.trim();
  if (!v) return false;
  const kind = kindOf(v);
  return (kind !== null && GROUP_KINDS.has(kind)) || /group|^roomlist$/i.test(v);
}

/**
 * The RecipientTypeDetails of recipients that are no security principal, so Exchange never lets
 * them hold Full Access, Send As or Send on Behalf, and no one signs in as them: mail contacts
 * (MailContact, MailForestContact) and mail-enabled public folders (PublicFolder). Mail users
 * (MailUser, GuestMailUser) and mailboxes can sign in and are delegates; groups are expanded.
 * A distribution group (MailUniversalDistributionGroup, DynamicDistributionGroup, RoomList, or a
 * group whose GroupType lacks SecurityEnabled) is no security principal either: it holds no
 * Full Access or Send As and passes none to its members, but may hold Send on Behalf
 * (GroupMembership.markDistribution, Resolver.distributionTrustee). A MailNonUniversalGroup may
 * be either, told only by its GroupType. Source: Microsoft, "Add-MailboxPermission" -User ("must be a user or security group (a
 * security principal that can have permissions assigned)"), "Add-RecipientPermission" -Trustee
 * (mailbox users, mail users, security groups) and "Set-Mailbox" -GrantSendOnBehalfTo ("a
 * mailbox, mail user or mail-enabled security group"), learn.microsoft.com/powershell/module/exchange.
 */
export function cannotHoldRights(recipientTypeDetails: string): boolean {
  return NO_SIGN_IN_TYPES.has(recipientTypeDetails.trim().toLowerCase());
}

const NO_SIGN_IN_TYPES: ReadonlySet<string> = new Set([
  "mailcontact",
  "mailforestcontact",
  "publicfolder",
]);

/**
 * Whether a RecipientTypeDetails names a recipient that has no account in a domain, so no domain
 * SID (S-1-5-21-...) can be its: mail contacts (MailContact, MailForestContact) and mail-enabled
 * public folders (no security principal, see cannotHoldRights), dynamic distribution groups
 * (a query, not a group object with a SID) and Microsoft 365 groups (GroupMailbox: cloud objects,
 * whose SID is Microsoft Entra's S-1-12-1-...). Export-SendFromData.ps1 writes an empty Sid for
 * them (Get-User and Get-Group return none of them), so they never count against the proof that
 * a domain SID no recipient has is an orphaned one (rev11r finding 1: one mail contact switched
 * the proof off, and a group's right went to a mailbox of the same name). Sources: Microsoft,
 * "Add-MailboxPermission" -User (a user or security group), "Dynamic distribution groups"
 * (learn.microsoft.com/exchange/recipients-in-exchange-online/manage-dynamic-distribution-groups),
 * "Security identifiers" (learn.microsoft.com/windows-server/identity/ad-ds/manage/understand-security-identifiers).
 */
export function hasNoDomainSid(recipientTypeDetails: string): boolean {
  return NO_DOMAIN_SID_TYPES.has(recipientTypeDetails.trim().toLowerCase());
}

const NO_DOMAIN_SID_TYPES: ReadonlySet<string> = new Set([
  ...NO_SIGN_IN_TYPES,
  "dynamicdistributiongroup",
  "groupmailbox",
]);

/**
 * Whether a RecipientTypeDetails names a recipient that can be granted Send As (and Full Access
 * or Send on Behalf) but is no Exchange Online mailbox: a mail user or guest mail user (in a
 * hybrid tenant, an on-premises mailbox shows in Exchange Online as a MailUser) or a mail
 * contact. Send From's directory lists only Exchange Online mailboxes and groups (its kinds), so
 * a right on such a recipient cannot be published: it is a lost right, never "not a mailbox".
 * Source: Microsoft, "Add-RecipientPermission" ("SendAs permission allows a user or group members
 * to send messages that appear to come from the specified mailbox, mail contact, mail user, or
 * group"; -SkipDomainValidationForMailContact/-MailUser), learn.microsoft.com/powershell/module/exchange/add-recipientpermission.
 */
export function isNonExchangeOnlineMailboxType(recipientTypeDetails: string): boolean {
  return NOT_EXO_MAILBOX_TYPES.has(recipientTypeDetails.trim().toLowerCase());
}

const NOT_EXO_MAILBOX_TYPES: ReadonlySet<string> = new Set([
  "mailuser",
  "guestmailuser",
  "mailcontact",
  "mailforestcontact",
]);

/**
 * Whether a RecipientTypeDetails is one Exchange writes (lower case, trimmed), so a value that is
 * not (empty, mistyped, a column shifted by an edit) is reported instead of read as "a type one
 * cannot send from", which would drop every right on that mailbox without a word. Sources:
 * Microsoft, "Get-Recipient" and "Get-User" -RecipientTypeDetails values, and the system
 * mailboxes of "Get-Mailbox" -Arbitration/-AuditLog/-AuxAuditLog/-Monitoring
 * (learn.microsoft.com/powershell/module/exchange).
 */
export function isKnownRecipientType(recipientTypeDetails: string): boolean {
  const v = recipientTypeDetails.trim().toLowerCase();
  return kindOf(v) !== null || OTHER_TYPES.has(v) || (v !== "" && isGroupType(v));
}

const OTHER_TYPES: ReadonlySet<string> = new Set([
  "discoverymailbox",
  "legacymailbox",
  "linkedmailbox",
  "linkedroommailbox",
  "mailuser",
  "guestmailuser",
  "mailcontact",
  "mailforestcontact",
  "publicfolder",
  "publicfoldermailbox",
  "remoteequipmentmailbox",
  "remoteroommailbox",
  "remotesharedmailbox",
  "remoteteammailbox",
  "remoteusermailbox",
  "schedulingmailbox",
  "sharedwithmailuser",
  "teammailbox",
  "user",
  "disableduser",
  "linkeduser",
  "arbitrationmailbox",
  "auditlogmailbox",
  "auxauditlogmailbox",
  "monitoringmailbox",
  "systemattendantmailbox",
  "systemmailbox",
  "computerrecipient",
]);
