// The rules: which exported rows give which right, and why a row or value gives none. A reason
// is either an expected drop (the export itself shows there is no right for anyone to lose) or
// a loss (a right the export grants that the build could not place): losses fail the build
// unless --allow-unresolved is given, and are then listed one by one.
import { FULL_ACCESS, isSelf, SEND_AS } from "./values";

/** Why an exported row (or one Send on Behalf value) gives no right. Order = order in the summary. */
export const DROP_REASONS = [
  "inherited",
  "self",
  "deny",
  "otherRights",
  "unknownMailbox",
  "orphanedSid",
  "systemAccount",
  "emptyGroup",
  "unsupportedRecipientType",
  // A Deny of Full Access or Send As for a distribution group: Exchange never applies it.
  "distributionGroupDeny",
  // Losses from here on (LOST_REASONS).
  "unresolvedTrustee",
  "ambiguousTrustee",
  "unresolvedMailbox",
  "damagedText",
  "groupMembersUnknown",
  "cannotSignIn",
  "distributionGroup",
  "groupCategoryUnknown",
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** Reasons that lose a right the export grants: the build fails on them without --allow-unresolved. */
export const LOST_REASONS: ReadonlySet<DropReason> = new Set<DropReason>([
  "unresolvedTrustee",
  "ambiguousTrustee",
  "unresolvedMailbox",
  "damagedText",
  "groupMembersUnknown",
  // A trustee that names a mail contact or public folder: Exchange lets no such recipient hold
  // a right, so the right is someone's the exports do not show (or stale): lost, not "gone".
  "cannotSignIn",
  // Full Access or Send As granted to a distribution group: Exchange lets no distribution group
  // hold them, so none of its members has the right; the grant is the admin's, lost, not "gone".
  "distributionGroup",
  // Full Access or Send As (or a Deny of them) held by a group whose category the exports do not
  // tell (a MailNonUniversalGroup without GroupType: security or distribution): whether its
  // members hold the right cannot be told (rev11r finding 4).
  "groupCategoryUnknown",
]);

/** One row of recipient-permissions.csv or mailbox-permissions.csv, fields already parsed. */
export interface PermissionRow {
  inherited: boolean;
  deny: boolean;
  /** TrusteeSidString / UserSid; may be empty. */
  sid: string;
  trustee: string;
  /** Rights named in AccessRights, as bits. */
  rights: number;
}

export type PermissionVerdict =
  | { drop: DropReason }
  /** The right this row grants (deny false) or takes away (deny true), once its names resolve. */
  | { bits: number; deny: boolean };

/**
 * The rules that need no lookup, in the order they are counted: inherited rows first (they
 * include the default inherited Deny entries of admin groups), then SELF by SID whatever its
 * localised name, then rows without the one right the file is read for.
 */
export function judgePermission(
  row: PermissionRow,
  file: "recipient" | "mailbox"
): PermissionVerdict {
  if (row.inherited) return { drop: "inherited" };
  // A SELF SID beside a name that is not SELF's (yamada@... with S-1-5-10: a misaligned Sid
  // column) is judged with the recipients (Resolver.grant), never dropped here (rev11i 5).
  if (isSelf(row.sid, row.trustee) && selfNameFits(row.trustee, row.sid)) return { drop: "self" };
  const wanted = file === "recipient" ? SEND_AS : FULL_ACCESS;
  if (!(row.rights & wanted)) return { drop: "otherRights" };
  return { bits: wanted, deny: row.deny };
}

/**
 * Whether a trustee name beside the SELF SID may be SELF's: empty, the SID itself, SELF's name in
 * a language Exchange writes, or any built-in account's name (NT AUTHORITY\..., localised). Any
 * other name may be a recipient's, and is looked up before the row is counted as SELF.
 */
function selfNameFits(name: string, sid: string): boolean {
  const v = name.trim();
  return (
    v === "" ||
    v.toUpperCase() === sid.trim().toUpperCase() ||
    isSelf("", v) ||
    // A space after the "\\" may be a name of two words ("NT AUTHORITY\\Authenticated Users") or a
    // person joined on ("NT AUTHORITY\\SELF chloe@…", "… & CONTOSO\\chloe"): the resolver tells
    // them apart (Resolver.builtInConflict; rev11l finding 2: Chloé's right was dropped as SELF).
    (SYSTEM_DOMAIN.test(v) && !/\s/.test(v.slice(v.indexOf("\\") + 1)))
  );
}

const SID = /^S-1-\d+(-\d+)+$/i;
/** NT AUTHORITY in the languages Exchange reports it in (a part of SYSTEM_DOMAIN). */
const NT_AUTHORITY =
  /^(nt authority|nt-autorität|autorite nt|autorité nt|nt-instans|nt instans|autoridad nt|autorità nt|autorita nt|nt-instantie|autoridade nt|zarządzanie nt|zarzadzanie nt)\\/iu;
/**
 * NT AUTHORITY's accounts that are no person and hold no person: the machine and its services
 * (SYSTEM, LOCAL SERVICE, NETWORK SERVICE, with their German, French, Spanish, Italian, Dutch,
 * Portuguese, Swedish and Polish names), ANONYMOUS LOGON, RESTRICTED, ENTERPRISE DOMAIN
 * CONTROLLERS, and SELF (which isSelf handles first). Source: Microsoft, "Well-known SIDs"
 * (S-1-5-18, -19, -20, -7, -12, -9, -10).
 */
const NT_SERVICE_ACCOUNTS = new Set([
  "system",
  "système",
  "systeme",
  "sistema",
  "systeem",
  "local service",
  "lokaler dienst",
  "service local",
  "servicio local",
  "servizio locale",
  "lokale service",
  "serviço local",
  "lokal tjänst",
  "usługa lokalna",
  "network service",
  "netzwerkdienst",
  "service réseau",
  "service reseau",
  "servicio de red",
  "servizio di rete",
  "netwerkservice",
  "serviço de rede",
  "nätverkstjänst",
  "usługa sieciowa",
  "anonymous logon",
  "anonymous-anmeldung",
  "ouverture de session anonyme",
  "restricted",
  "enterprise domain controllers",
  "self",
  "selbst",
  "soi",
  "yo",
  "io",
  "zelf",
  "próprio",
  "jag",
  "ja",
]);
// The built-in "domains" of Windows accounts, in the languages Exchange reports them in
// (NT AUTHORITY\SYSTEM, NT-AUTORITÄT\SYSTEM, AUTORITE NT\..., BUILTIN\Administrators,
// VORDEFINIERT\..., NT SERVICE\...). The whole value is one such name: no account's name holds a
// list separator, so "NT AUTHORITY\SELF;chloe" is trustees joined into one cell, never SELF or a
// built-in account, whose drop would lose Chloé's right (rev11k follow-up, g12d item 6).
// Nor does one hold "@", a space other than the ASCII one (U+00A0, U+3000...), brackets or
// quotes: "NT AUTHORITY\SELF chloe@…", "…SELF\u00A0chloe", "…SELF (chloe)" are a built-in's name
// with a second piece, a person's right in it (rev11m findings 2 and 3).
const SYSTEM_DOMAIN =
  /^(nt authority|nt-autorität|autorite nt|autorité nt|nt-instans|nt instans|autoridad nt|autorità nt|autorita nt|nt-instantie|autoridade nt|zarządzanie nt|zarzadzanie nt|builtin|vordefiniert|intégré|integre|nt service)\\[\p{L}\p{M}\p{N} ._$'-]*$/iu;
/**
 * The accounts and groups Exchange itself puts on every mailbox, under the domain's or the
 * Exchange Online forest's name (NAMPR01A001\Domain Admins, CONTOSO\Exchange Servers...): Microsoft,
 * "Get-MailboxPermission" default entries (Administrator, Domain Admins, Enterprise Admins,
 * Organization Management deny; Exchange Servers, Exchange Trusted Subsystem, Managed
 * Availability Servers inherited), and the other Exchange setup groups. None is a mail user; the
 * role groups among them (ROLE_GROUPS) and the domain's admin groups hold people, though: a Deny
 * for one is a Deny the build cannot place, and an Allow is said in a warning (builtInPeopleGroup).
 */
const SYSTEM_NAMES = new Set([
  "administrator",
  "domain admins",
  "enterprise admins",
  "schema admins",
  "exchange servers",
  "exchange trusted subsystem",
  "exchange windows permissions",
  "managed availability servers",
  "exchange domain servers",
  "exchange enterprise servers",
  "jitusers",
]);
/**
 * Exchange's role groups and admin groups whose members are people (the Exchange administrators,
 * who have mailboxes and may be delegates), unlike the machine groups above (Exchange Servers,
 * Exchange Trusted Subsystem...). An explicit Deny for Organization Management is the documented
 * way to keep admins out of a mailbox, so such a Deny may be for a delegate the directory offers
 * the right to (rev11n finding 14: it was ignored as a built-in account, exit 0).
 */
const ROLE_GROUPS = new Set([
  "organization management",
  "recipient management",
  "delegated setup",
  "public folder management",
  "exchange organization administrators",
  "exchange recipient administrators",
]);
/** The name after DOMAIN\ (lower case), or "" when there is no DOMAIN\. */
function accountName(value: string): string {
  const v = value.trim();
  const backslash = v.indexOf("\\");
  return backslash > 0
    ? v
        .slice(backslash + 1)
        .trim()
        .toLowerCase()
    : "";
}
const DOMAIN_SID = /^S-1-5-21-\d+-\d+-\d+-(\d+)$/i;

/**
 * The names of the well-known SIDs a trustee row may carry, for messages. Source: Microsoft,
 * "Well-known SIDs" (learn.microsoft.com/windows/win32/secauthz/well-known-sids).
 */
const WELL_KNOWN_SIDS: Record<string, string> = {
  "S-1-1-0": "Everyone",
  "S-1-3-0": "CREATOR OWNER",
  "S-1-5-7": "ANONYMOUS LOGON",
  "S-1-5-10": "SELF",
  "S-1-5-11": "Authenticated Users",
  "S-1-5-18": "SYSTEM",
  "S-1-5-19": "LOCAL SERVICE",
  "S-1-5-20": "NETWORK SERVICE",
  "S-1-5-4": "INTERACTIVE",
  "S-1-5-14": "Remote Interactive Logon",
  "S-1-5-15": "This Organization",
  "S-1-5-32-544": "BUILTIN\\Administrators",
  "S-1-5-32-545": "BUILTIN\\Users",
  "S-1-5-32-548": "BUILTIN\\Account Operators",
  "S-1-5-32-549": "BUILTIN\\Server Operators",
  "S-1-5-32-551": "BUILTIN\\Backup Operators",
};
/** The domain accounts and groups whose relative id (the SID's last number) is fixed. Same source. */
const DOMAIN_RIDS: Record<string, number> = {
  administrator: 500,
  guest: 501,
  krbtgt: 502,
  "domain admins": 512,
  "domain users": 513,
  "domain guests": 514,
  "domain computers": 515,
  "domain controllers": 516,
  "cert publishers": 517,
  "schema admins": 518,
  "enterprise admins": 519,
  "group policy creator owners": 520,
};

/**
 * What a message calls a built-in SID (isBuiltInSid): "SELF", "Everyone", "the domain's
 * Domain Users (RID 513)", or "a built-in account" for one without a well-known name; null for
 * any other SID (a person's or group's). Source: Microsoft, "Well-known SIDs".
 */
export function builtInSidName(sid: string): string | null {
  const s = sid.trim().toUpperCase();
  if (!isBuiltInSid(s)) return null;
  const named = WELL_KNOWN_SIDS[s];
  if (named) return named;
  const domain = DOMAIN_SID.exec(s);
  if (domain) {
    const rid = Number(domain[1]);
    const name = Object.keys(DOMAIN_RIDS).find((n) => DOMAIN_RIDS[n] === rid);
    return name
      ? `the domain's ${name.replace(/\b\w/g, (c) => c.toUpperCase())} (RID ${rid})`
      : `a built-in domain account (RID ${rid})`;
  }
  return "a built-in account";
}

/**
 * Whether a domain RID is a built-in group's, whose members may be people: every RID below 1000
 * but 500 (Administrator) and 501 (Guest), the only fixed ones that are one account (502 krbtgt
 * signs in as no one). 512-520 (Domain Admins, Domain Users...), 525 Protected Users, 526 Key
 * Admins, 572 Denied RODC Password Replication Group...: never one person (rev11m finding 1).
 * Source: Microsoft, "Well-known SIDs".
 */
function peopleRid(rid: number): boolean {
  return rid < 1000 && rid !== 500 && rid !== 501 && rid !== 502;
}

/**
 * The well-known groups every user signing in a certain way is in (not one account): LOCAL and
 * CONSOLE LOGON (S-1-2-0/1), DIALUP, NETWORK, BATCH, INTERACTIVE (S-1-5-1..4), Terminal Server
 * User, Remote Interactive Logon, This Organization (S-1-5-13..15), the authentication packages
 * (S-1-5-64-*), This Organization Certificate (S-1-5-65-1), Local account (S-1-5-113/114), the
 * integrity levels (S-1-16-*), the authentication assertions (S-1-18-*), and the BUILTIN groups
 * (S-1-5-32-*). Source: Microsoft, "Well-known SIDs" (rev11m finding 1: NETWORK with Chloé's
 * name denied Chloé alone).
 */
const PEOPLE_SIDS = /^S-1-(2-[01]|5-([1-4]|1[3-5]|32-\d+|64-\d+|65-1|11[34])|16-\d+|18-\d+)$/i;

/**
 * The built-in group of people a Deny's trustee is (by the value itself or the row's SID), or
 * null: a domain's Domain Admins, Domain Users, Domain Guests, Schema Admins, Enterprise Admins,
 * Group Policy Creator Owners (fixed RIDs 512-514, 518-520), a BUILTIN group (S-1-5-32-*,
 * BUILTIN\Users holds Domain Users), INTERACTIVE (S-1-5-4), Remote Interactive Logon (S-1-5-14)
 * or This Organization (S-1-5-15); by name, DOMAIN\Domain Users and the like or BUILTIN\*.
 * Such a group may hold delegates the directory offers a right to, but no export lists its
 * members, so a Deny for it is one the build cannot place (rev11i finding 11: a Deny for
 * CONTOSO\Domain Users was dropped as a built-in account, exit 0). Everyone and Authenticated
 * Users are not here: isEveryone covers them. Source: Microsoft, "Well-known SIDs".
 */
export function builtInPeopleGroup(value: string, sid: string): string | null {
  for (const x of [sid.trim(), value.trim()]) {
    if (!SID.test(x)) continue;
    const domain = DOMAIN_SID.exec(x);
    if ((domain && peopleRid(Number(domain[1]))) || PEOPLE_SIDS.test(x))
      return isLogonGroup(value, sid) ? "a logon group of Windows" : builtInSidName(x);
  }
  const v = value.trim();
  if (/^(builtin|vordefiniert|intégré|integre)\\/i.test(v)) return v;
  // NT AUTHORITY's other names (This Organization, NETWORK, INTERACTIVE, Terminal Server User...,
  // in any language) are logon groups every person may be in: by name as by SID (PEOPLE_SIDS),
  // never an account to ignore (rev11o finding 14: a Deny for "NT AUTHORITY\This Organization"
  // was dropped as a built-in account, exit 0). Only the service accounts are no one.
  if (NT_AUTHORITY.test(v) && SYSTEM_DOMAIN.test(v) && !NT_SERVICE_ACCOUNTS.has(accountName(v)))
    return "a logon group of Windows";
  if (ROLE_GROUPS.has(accountName(v))) return `the Exchange role group ${v}`;
  const backslash = v.indexOf("\\");
  const rid =
    backslash > 0
      ? DOMAIN_RIDS[
          v
            .slice(backslash + 1)
            .trim()
            .toLowerCase()
        ]
      : undefined;
  return rid !== undefined && peopleRid(rid) ? `the domain's group ${v}` : null;
}

/**
 * Whether a built-in group of people (builtInPeopleGroup) is a logon group rather than a group of
 * the directory: NT AUTHORITY's groups by name (This Organization, NETWORK, INTERACTIVE...) or by
 * SID (S-1-2-*, S-1-5-1..4, -13..15, -64-*, -65-1, -113, -114, S-1-16-*, S-1-18-*). Windows adds
 * people to them as they sign in, so no cmdlet lists their members (rev11o finding 14: the fix
 * said to check membership with Get-ADGroupMember). Source: Microsoft, "Well-known SIDs".
 */
export function isLogonGroup(value: string, sid: string): boolean {
  const v = value.trim();
  if (NT_AUTHORITY.test(v)) return true;
  return [sid.trim(), v].some((x) => PEOPLE_SIDS.test(x) && !/^S-1-5-32-/i.test(x));
}

/**
 * Whether a trustee name is the name of a built-in account whose SID is fixed (NT AUTHORITY\*,
 * BUILTIN\*, SELF, Everyone, Authenticated Users in the languages isBuiltInName and isEveryone
 * know, and DOMAIN\Administrator, DOMAIN\Domain Users... by their fixed RID) while `sid`, a SID
 * in the same row, is no such account's: a domain account's (RID 1000 or more) or an Entra
 * object's. Exchange's own groups (Organization Management...) have no fixed RID and are never
 * said to disagree. Source: Microsoft, "Well-known SIDs" (rev11i finding 5: "NT AUTHORITY\SELF"
 * with a user's SID gave the user the right).
 */
export function builtInNameDisagrees(name: string, sid: string): boolean {
  const v = name.trim();
  // Every such name holds a "\\" but Everyone's: the common trustee (an address) stops here,
  // once per permission row.
  if (!v.includes("\\") && !isEveryoneName(v)) return false;
  const s = sid.trim();
  if (!SID.test(s)) return false;
  if (SYSTEM_DOMAIN.test(v) || isSelf("", v) || isEveryoneName(v)) return !isBuiltInSid(s);
  const backslash = v.indexOf("\\");
  if (backslash <= 0) return false;
  const rid =
    DOMAIN_RIDS[
      v
        .slice(backslash + 1)
        .trim()
        .toLowerCase()
    ];
  if (rid === undefined) return false;
  const domain = DOMAIN_SID.exec(s);
  return domain ? Number(domain[1]) !== rid : !isBuiltInSid(s);
}

/**
 * Whether a SID is a built-in account or group rather than a person: the well-known SIDs outside
 * a domain (S-1-1-0 Everyone, S-1-5-10 SELF, S-1-5-18/19/20 SYSTEM / LOCAL SERVICE / NETWORK
 * SERVICE, S-1-5-32-* BUILTIN groups, S-1-5-80-* services...) and the domain's well-known
 * accounts below RID 1000 (500 Administrator, 512 Domain Admins, 519 Enterprise Admins...).
 * A domain account's SID (S-1-5-21-..., RID 1000 or more) and an Entra ID object's SID
 * (S-1-12-1-...) are people or their groups: never built-in.
 * Source: Microsoft, "Well-known SIDs" (learn.microsoft.com/windows/win32/secauthz/well-known-sids).
 */
export function isBuiltInSid(sid: string): boolean {
  const s = sid.trim();
  if (!SID.test(s)) return false;
  const domain = DOMAIN_SID.exec(s);
  if (domain) return Number(domain[1]) < 1000;
  if (/^S-1-5-21-/i.test(s)) return false;
  // Authorities of built-in principals: null, world, local, creator, NT, app package, integrity,
  // authentication assertion (S-1-18-*).
  return /^S-1-(0|1|2|3|5|15|16|18)-/i.test(s);
}

/**
 * Whether a permission row's trustee value and SID can name neither a built-in account nor
 * Everyone in any of the rules above: the value holds no "\\", starts with no white space and
 * with no "S-" (so it is no SID, no DOMAIN\\name, no NT AUTHORITY\\ name) and is no Everyone
 * name (isEveryoneName; an address never is), and the SID is empty or a domain account's or
 * group's (S-1-5-21-x-y-z-RID with RID 1000 or more, as DOMAIN_SID reads it: never built-in).
 * For such a row isBuiltInSid, builtInSidName, builtInNameDisagrees, isEveryone and
 * isEveryoneName all say no, so the resolver skips them: most of a million rows are such (an
 * address beside a user's SID). Checked with char codes, without a regex: run on every row.
 */
export function plainTrustee(value: string, sid: string): boolean {
  const c0 = value.charCodeAt(0);
  if (!(c0 > 32) || value.includes("\\")) return false;
  if ((c0 === 83 || c0 === 115) && value.charCodeAt(1) === 45) return false;
  if (!value.includes("@") && isEveryoneName(value)) return false;
  return sid === "" || domainAccountRid(sid) >= 1000;
}

/**
 * The relative id of a domain SID as DOMAIN_SID reads it (S-1-5-21-x-y-z-RID, any case, nothing
 * around it), or -1 for any other text. Char codes: plainTrustee runs it on every row.
 */
function domainAccountRid(sid: string): number {
  const prefix = "S-1-5-21-";
  if (sid.length <= prefix.length) return -1;
  for (let i = 0; i < prefix.length; i++) {
    const c = sid.charCodeAt(i);
    if (c !== prefix.charCodeAt(i) && !(i === 0 && c === 115)) return -1;
  }
  // Three numbers each followed by "-", then the RID to the end.
  let i = prefix.length;
  for (let part = 0; part < 3; part++) {
    const start = i;
    while (i < sid.length && sid.charCodeAt(i) >= 48 && sid.charCodeAt(i) <= 57) i++;
    if (i === start || sid.charCodeAt(i) !== 45) return -1;
    i++;
  }
  const start = i;
  while (i < sid.length && sid.charCodeAt(i) >= 48 && sid.charCodeAt(i) <= 57) i++;
  if (i === start || i !== sid.length) return -1;
  return Number(sid.slice(start));
}

/**
 * Whether a trustee is everyone who can sign in: Everyone (S-1-1-0) or Authenticated Users
 * (S-1-5-11), by the value or the row's SID. A right given to it is every user's, which the
 * directory (rights listed per delegate) cannot express: reported, never silent (rev11d 23).
 * Source: Microsoft, "Well-known SIDs".
 */
export function isEveryone(value: string, sid: string): boolean {
  const everyoneSid = (x: string) => /^S-1-(1-0|5-11)$/i.test(x.trim());
  const v = value.trim().toLowerCase();
  return (
    everyoneSid(value) ||
    everyoneSid(sid) ||
    v === "everyone" ||
    v === "\\everyone" ||
    (NT_AUTHORITY.test(v) && AUTHENTICATED_USERS.has(accountName(v)))
  );
}

/**
 * Authenticated Users' name after NT AUTHORITY (localised the same way) in English, German,
 * French, Spanish, Italian, Dutch, Portuguese, Swedish and Polish Windows: a Deny under any of
 * them takes the right from everyone, as the English one does (rev11o finding 14: the German
 * "NT-AUTORITÄT\Authentifizierte Benutzer" was ignored as a built-in account, exit 0).
 * Source: Microsoft, "Well-known SIDs" (S-1-5-11; the name is localised).
 */
const AUTHENTICATED_USERS = new Set([
  "authenticated users",
  "authentifizierte benutzer",
  "utilisateurs authentifiés",
  "utilisateurs authentifies",
  "usuarios autentificados",
  "usuarios autenticados",
  "utenti autenticati",
  "geverifieerde gebruikers",
  "usuários autenticados",
  "autentiserade användare",
  "użytkownicy uwierzytelnieni",
]);

/**
 * Everyone's name as Windows writes it in English and in the display languages the exports are
 * most often made in (German "Jeder", French "Tout le monde", Spanish/Portuguese "Todos", Dutch
 * "Iedereen", Italian "Tutti"), or Authenticated Users' English name. Used only beside a row's
 * SID, to tell a localised Everyone from the person the SID names (rev11k finding 6: "Jeder" with
 * Chloé's SID gave Chloé the right); alone, such a name is read as any name. Source: Microsoft,
 * "Well-known SIDs" (S-1-1-0's name is localised).
 */
export function isEveryoneName(value: string): boolean {
  return isEveryone(value, "") || EVERYONE_NAMES.has(value.trim().toLowerCase());
}

const EVERYONE_NAMES = new Set(["jeder", "tout le monde", "todos", "iedereen", "tutti"]);

/**
 * Whether `name` (bare, or the part after DOMAIN\\) is a name Windows or Exchange gives a built-in
 * account or group: Domain Users, Organization Management, SELF, Everyone... (DOMAIN_RIDS,
 * SYSTEM_NAMES, isEveryoneName), or DOMAIN\\name is a built-in domain's (SYSTEM_DOMAIN). Never
 * a mail user's; used beside a recipient's SID (rev11m finding 1: "Domain Users" with Chloé's
 * SID was read as Chloé).
 */
export function builtInLookingName(value: string): boolean {
  const v = value.trim();
  if (SYSTEM_DOMAIN.test(v) || isSelf("", v) || isEveryoneName(v)) return true;
  const n = v
    .slice(v.indexOf("\\") + 1)
    .trim()
    .toLowerCase();
  return (
    Object.hasOwn(DOMAIN_RIDS, n) ||
    SYSTEM_NAMES.has(n) ||
    ROLE_GROUPS.has(n) ||
    n === "self" ||
    isEveryoneName(n)
  );
}

/**
 * Whether a value is exactly one built-in account's name as Windows writes it (DOMAIN\\NAME or
 * NAME, words of letters joined by one ASCII space or "-": "NT AUTHORITY\\Authenticated Users"),
 * so it may be dropped as the built-in its row's SID is: a value with more in it (another space,
 * "@", brackets, quotes; a second name is caught before, by Resolver.joinedTrustees) is a person
 * joined on, never dropped (rev11m finding 3: "NT AUTHORITY\\SELF\u00A0chloe@…" beside SELF's SID lost
 * Chloé's right, exit 0).
 */
export function plainBuiltInName(value: string): boolean {
  return /^([\p{L}\p{M}]+([ -][\p{L}\p{M}]+)*\\)?[\p{L}\p{M}]+([ -][\p{L}\p{M}]+)*$/u.test(
    value.trim()
  );
}

/** Whether a trustee name is a built-in account or group (see SYSTEM_DOMAIN and SYSTEM_NAMES). */
export function isBuiltInName(value: string): boolean {
  const v = value.trim();
  if (SYSTEM_DOMAIN.test(v)) return true;
  const backslash = v.indexOf("\\");
  if (backslash <= 0) return false;
  const n = accountName(v);
  return SYSTEM_NAMES.has(n) || ROLE_GROUPS.has(n);
}

/** What the exports prove about a trustee that resolved to no recipient. */
export interface UnresolvedFacts {
  /**
   * Every exported recipient carries a SID (a Sid column with a value on every row), so a SID
   * none of them has is no live recipient's. One empty Sid leaves an unmatched SID unproven.
   */
  hasSids: boolean;
  /**
   * Some recipient came with a SamAccountName, so DOMAIN\name is matched by it. Without any,
   * DOMAIN\Administrator may be the very recipient with the Administrator mailbox (rev11n
   * finding 14), so it is not dropped as a built-in account.
   */
  hasSamAccountNames: boolean;
}

/**
 * Why a trustee value names no recipient, as far as the exports prove it:
 * - a built-in account or group (a well-known SID in the value or the row's SID column,
 *   NT AUTHORITY\*, BUILTIN\*, Exchange's own groups) gives no mail user a right: systemAccount;
 * - a domain account's SID (S-1-5-21-..., RID 1000 or more) as the trustee itself, when the
 *   exports carry every recipient's SID and none is this one: orphanedSid. Exchange writes the raw SID
 *   only when it can no longer resolve the account, i.e. the account was deleted (Microsoft,
 *   "Get-MailboxPermission": orphaned permissions show as SIDs), and the exports prove no live
 *   recipient has it;
 * - anything else is unresolvedTrustee, a lost right: a DOMAIN\name that Exchange could still
 *   print is an account that exists, and without recipients' SIDs an unmatched SID may be a live
 *   one the exports do not list.
 */
export function diagnoseUnresolved(
  value: string,
  sid: string,
  facts: UnresolvedFacts
): "orphanedSid" | "systemAccount" | "unresolvedTrustee" {
  const v = value.trim();
  if (SID.test(v)) {
    if (isBuiltInSid(v)) return "systemAccount";
    return DOMAIN_SID.test(v) && facts.hasSids ? "orphanedSid" : "unresolvedTrustee";
  }
  if (accountName(v) === "administrator" && !facts.hasSamAccountNames) return "unresolvedTrustee";
  if (sid && isBuiltInSid(sid)) return "systemAccount";
  if (isBuiltInName(v)) return "systemAccount";
  return "unresolvedTrustee";
}
