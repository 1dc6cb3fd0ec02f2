import { domainToUnicode } from "node:url";
import { SmtpAddress, toSmtpAddress } from "../core/address";
import { entraSidToObjectId, lookupKey, matchKey, withoutTrailingDot } from "./values";

/** What a trustee, user or Send on Behalf value resolved to: a recipient id, or why not. */
export type Resolution = number | "unresolved" | "ambiguous";

export interface RecipientEntry {
  /** Primary SMTP address. */
  address: string;
  displayName?: string;
  /** Other SMTP addresses (EmailAddresses): the user may send from these as themselves. */
  proxies?: string[];
  /** Other keys that name exactly one recipient but are not sent from: the UPN. */
  otherAddresses?: string[];
  /** Identity, Name, Alias, ExternalDirectoryObjectId: unique in practice, but not guaranteed. */
  names?: string[];
  /** The Alias (also one of names): kept to tell which form an ambiguous value matched by. */
  alias?: string;
  /** sAMAccountName: matched by the DOMAIN\\sAMAccountName form of trustees. */
  samAccountName?: string;
  /** Security identifier (S-1-5-21-...), when the export carries one. */
  sid?: string;
  /** ExternalDirectoryObjectId: the user's Microsoft Entra object id (kept for the shard map). */
  objectId?: string;
}

/** A proxy address that two recipients claim (Exchange lets only one own it). */
export interface AddressConflict {
  address: string;
  /** Who had it first (its primary address or a proxy address). */
  owner: number;
  /** Who claims it as well. */
  claimant: number;
  /**
   * "upn" when one side has it as its user principal name and the other as a proxy address
   * (rev11j finding 3): the user signs in with it, another mailbox publishes it as its alias.
   */
  upn?: boolean;
}

// The identity forms a key can come from. A key names one recipient; when two recipients claim
// the same key, through the same form or through different ones (the Name of one and the display
// name of another), it is ambiguous and names no one: the build never guesses.
const ADDRESS = 0;
const NAME = 1;
const DISPLAY = 2;
const SAM = 3;
// Map values: id * 4 + tier (the best form of this recipient's claim), or -1 when ambiguous.
const encode = (id: number, tier: number) => id * 4 + tier;
const tierOf = (value: number) => value & 3;

/** How an admin calls each form a value matched by, for the report of an ambiguous value. */
export const FORM_LABEL = [
  "address or UPN",
  "Identity, Name, Alias or object id",
  "display name",
  "SamAccountName",
] as const;

/** One recipient an ambiguous value names, and the form it matched by. */
export interface Candidate {
  id: number;
  /**
   * The form it matched by, as precisely as the exports tell: "primary SMTP address", "proxy
   * address", "UPN", "Alias", "object id", "Identity or Name", "Name" (a DN's CN), "display name", "SamAccountName".
   */
  form: string;
}

/**
 * The form in which two spellings of one address compare equal: Unicode NFC (String.prototype.
 * normalize), lower case, and the domain without trailing dots and in its Unicode form
 * (node:url domainToUnicode, so "xn--mnchen-3ya.de" is "münchen.de"). Only for comparing: the
 * published address stays as the export has it. Sources: RFC 6531 (UTF-8 addresses), RFC 5890
 * (IDNA A-labels and U-labels), RFC 1034 (a trailing dot ends a fully qualified name).
 */
export function sameAddress(address: string): string {
  // The common case (ASCII, no trailing dot, no punycode) costs one lower-casing: the build
  // reads millions of addresses.
  // eslint-disable-next-line no-control-regex -- ASCII is the point
  const ascii = /^[\u0000-\u007f]*$/.test(address);
  const text = (ascii ? address : address.normalize("NFC")).toLowerCase();
  if (!text.endsWith(".") && !text.includes("xn--")) return text;
  const at = text.lastIndexOf("@");
  if (at < 0) return text;
  const domain = text.slice(at + 1).replace(/\.+$/, "");
  const unicode = domain.includes("xn--") ? domainToUnicode(domain) : "";
  return `${text.slice(0, at)}@${(unicode || domain).normalize("NFC")}`;
}

/** A recipients.csv row that was not used, where it is and why (see RecipientIndex.refuse). */
export interface RefusedRow {
  file: string;
  line: number;
  why: string;
  fix?: string;
}

/**
 * Every recipient of the tenant with the forms its identity takes in an export (primary and
 * proxy SMTP addresses, UPN, Identity, Name, Alias, ExternalDirectoryObjectId, display name),
 * so a value in any of these forms resolves to one primary SMTP address. A value that names two
 * recipients is ambiguous and resolves to nothing: a wrong grant is worse than a missing one.
 */
export class RecipientIndex {
  /** Primary SMTP address by id. */
  readonly addresses: SmtpAddress[] = [];
  readonly displayNames: string[] = [];
  /** The recipient's other SMTP addresses (lower case), by id; undefined when none. */
  readonly aliases: (SmtpAddress[] | undefined)[] = [];
  /** Microsoft Entra object id (ExternalDirectoryObjectId) by id, trimmed and lower case; "" when unknown. */
  readonly objectIds: string[] = [];
  /** The Alias's lookup key by id ("" when unknown): which form an ambiguous value matched by. */
  private readonly aliasKeys: string[] = [];
  private readonly keys = new Map<string, number>();
  /** sAMAccountName (lower case) to id, or -1 when two recipients share it. */
  private readonly sams = new Map<string, number>();
  /** The recipients sharing each ambiguous sAMAccountName. */
  private readonly samShared = new Map<string, number[]>();
  /** Primary SMTP address to id (merging rows of one recipient from several files). */
  private readonly primary = new Map<string, number>();
  private readonly sids = new Map<string, number>();
  /**
   * The recipients sharing each SID more than one has (no two accounts share a SID: a damaged or
   * edited Sid column), in the order met: a SID trustee is then named with both (rev11t 10).
   */
  private readonly sidShared = new Map<string, number[]>();
  /** The recipients.csv line of each recipient read from it (ExportReader), for messages. */
  readonly recipientsCsvLines: number[] = [];
  /** The recipients that came with a SID (a recipient without one could own any unmatched SID). */
  private readonly withSid = new Set<number>();
  /** Recipients whose type has no domain SID (values.hasNoDomainSid): markNoDomainSid. */
  private readonly noDomainSid = new Set<number>();
  /** Recipients sharing each ambiguous key, with the form each claimed it by (ambiguous keys only). */
  private readonly shared = new Map<string, { id: number; tier: number }[]>();
  /** sameAddress form of every primary and proxy address, to the recipient that has it first. */
  private readonly canonicalOwner = new Map<string, number>();
  /**
   * sameAddress form of every UPN (otherAddresses) other than its recipient's own primary address
   * (canonicalOwner holds those), to the recipient that has it first.
   */
  private readonly upnOwner = new Map<string, number>();
  /** Proxy addresses claimed by two recipients; the caller reports them with file and line. */
  readonly conflicts: AddressConflict[] = [];
  /**
   * Recipients of a type that cannot hold a right (a mail contact, a mail-enabled public folder:
   * cannotHoldRights), with that type and the recipients.csv line: never delegates.
   */
  private readonly noSignIn = new Map<number, { type: string; file: string; line: number }>();
  /** True once any recipient came with a sAMAccountName: a DOMAIN\\name matching none is then gone. */
  hasSamAccountNames = false;
  /** True when recipients.csv has a SamAccountName column at all (set by the reader). */
  samAccountNameColumn = false;

  get size(): number {
    return this.addresses.length;
  }

  /** The id of the recipient whose primary address this is, if any. */
  idOf(address: string): number | undefined {
    return this.primary.get(toSmtpAddress(address));
  }

  /** Notes that a recipient cannot hold a right nor sign in (a mail contact...): see noSignIn. */
  markCannotSignIn(id: number, type: string, file: string, line: number): void {
    if (!this.noSignIn.has(id)) this.noSignIn.set(id, { type, file, line });
  }

  /** The type and row of a recipient that cannot hold a right (markCannotSignIn); undefined for any other. */
  cannotSignIn(id: number): { type: string; file: string; line: number } | undefined {
    return this.noSignIn.size === 0 ? undefined : this.noSignIn.get(id);
  }

  /** Notes a UPN (`owner`'s) that is `claimant`'s proxy address, once per pair and address. */
  private upnConflict(address: string, owner: number, claimant: number): void {
    const seen = this.conflicts.some(
      (c) => c.upn && c.owner === owner && c.claimant === claimant && c.address === address
    );
    if (!seen) this.conflicts.push({ address, owner, claimant, upn: true });
  }

  /** Adds a recipient, or merges into the one with the same primary address; returns its id. */
  add(entry: RecipientEntry): number {
    const address = toSmtpAddress(entry.address);
    // idOf without its second toSmtpAddress: `address` is normal already (hot path: every row).
    let id = this.primary.get(address);
    // A later row of a known recipient (mailboxes.csv repeating recipients.csv) claims again
    // what the index already holds, and claiming a value twice changes nothing (see claimOver):
    // what the index shows it has is skipped, told from the index itself. Keeping each first
    // row's entry to compare with cost more in garbage collection than it saved (the 1 M-row
    // bench, issue 11's 1.2x).
    const known = id !== undefined;
    /** The display name already claimed for a known recipient (before this row's is taken). */
    const claimedDisplay = known ? this.displayNames[id!] : "";
    if (id === undefined) {
      id = this.addresses.length;
      this.primary.set(address, id);
      const key = matchKey(address);
      const before = this.keys.get(key);
      this.addresses.push(address);
      this.displayNames.push(entry.displayName ?? "");
      this.aliases.push(undefined);
      this.objectIds.push("");
      this.aliasKeys.push("");
      const other = before !== undefined && before >= 0 ? before >> 2 : -1;
      if (other >= 0 && tierOf(before!) === ADDRESS && this.aliases[other]?.includes(address)) {
        // Someone listed this address as a proxy address before its owner came: both claim it
        // (reported by the reader); the primary address stays with its owner.
        this.conflicts.push({ address, owner: id, claimant: other });
        this.keys.set(key, encode(id, ADDRESS));
      } else this.claimOver(key, id, ADDRESS, before);
      // The same address in another form (NFD, punycode, a trailing dot) listed as a proxy
      // address of another recipient before its owner came (rev11d finding 21).
      const canonical = sameAddress(address);
      const claimant = this.canonicalOwner.get(canonical);
      if (claimant !== undefined && claimant !== id && claimant !== other)
        this.conflicts.push({ address, owner: id, claimant });
      this.canonicalOwner.set(canonical, id);
    } else if (!this.displayNames[id] && entry.displayName) {
      this.displayNames[id] = entry.displayName;
    }
    // A known proxy address only while no two recipients have claimed one address: after that,
    // its second claim reports the conflict on this row too.
    for (const proxy of entry.proxies ?? []) {
      const alias = toSmtpAddress(lookupKey(proxy));
      if (!alias || alias === address) continue;
      if (known && this.conflicts.length === 0 && this.aliases[id]?.includes(alias)) continue;
      const key = matchKey(alias);
      const existing = this.keys.get(key);
      // Already this recipient's alias (mailboxes.csv repeating recipients.csv): it passed every
      // check below when it was added, and claiming it again changes nothing. The common case on
      // a merge, so it skips three map lookups per address (the 1 M-row bench, rev11 perf).
      if (existing === encode(id, ADDRESS) && this.aliases[id]?.includes(alias)) continue;
      if (existing !== undefined && existing >= 0 && tierOf(existing) === ADDRESS) {
        const other = existing >> 2;
        if (
          other !== id &&
          (this.addresses[other] === alias || this.aliases[other]?.includes(alias))
        ) {
          // Exchange lets one recipient own an address: publishing it as this user's alias
          // would let Outlook's From checks treat the other mailbox as the user's own.
          this.conflicts.push({ address: alias, owner: other, claimant: id });
          continue;
        }
      }
      // The same address written otherwise (composed or decomposed letters, the punycode or the
      // Unicode form of its domain, a trailing dot) is the same mailbox for Exchange and DNS: it
      // is owned by whoever has it in any form (rev11d finding 21).
      const canonical = sameAddress(alias);
      const owner = this.canonicalOwner.get(canonical);
      if (owner !== undefined && owner !== id) {
        this.conflicts.push({ address: alias, owner, claimant: id });
        continue;
      }
      // Another recipient's UPN: that user signs in with it (rev11j finding 3).
      const upnOwner = this.upnOwner.get(canonical);
      if (upnOwner !== undefined && upnOwner !== id) {
        this.upnConflict(alias, upnOwner, id);
        continue;
      }
      // Already this recipient's (mailboxes.csv repeating recipients.csv): nothing to set.
      if (owner === undefined) this.canonicalOwner.set(canonical, id);
      this.addAlias(id, alias);
      // Nothing above changed this key's entry: `existing` is still current.
      this.claimOver(key, id, ADDRESS, existing);
    }
    for (const other of entry.otherAddresses ?? []) {
      const smtp = toSmtpAddress(other);
      const own = smtp === address;
      const key = matchKey(other);
      if (key && key !== address) this.claim(key, id, ADDRESS);
      // The UPN is this recipient's primary address (most users): whoever owns that address's
      // form is this recipient or one whose primary address has the same form, never a conflict,
      // and canonicalOwner already holds it for the proxy-address checks, so upnOwner need not
      // (two map operations per row fewer: the 1 M-row bench, issue 11's 1.2x).
      if (own) continue;
      // A UPN that is another recipient's proxy address (not its primary one): an address
      // belongs to one recipient (rev11j finding 3), whichever of the two came first.
      const canonical = sameAddress(smtp);
      if (!canonical) continue;
      if (!this.upnOwner.has(canonical)) this.upnOwner.set(canonical, id);
      const owner = this.canonicalOwner.get(canonical);
      if (owner !== undefined && owner !== id && sameAddress(this.addresses[owner]) !== canonical)
        this.upnConflict(toSmtpAddress(other), id, owner);
    }
    let previous = "";
    for (const name of entry.names ?? []) {
      const key = matchKey(name);
      // Identity and Name are usually the same string: one claim is enough.
      if (key && key !== previous) this.claim(key, id, NAME);
      previous = key;
    }
    const display =
      known && claimedDisplay === entry.displayName ? "" : matchKey(entry.displayName ?? "");
    if (display) this.claim(display, id, DISPLAY);
    const objectId = (entry.objectId ?? "").trim().toLowerCase();
    if (objectId && !this.objectIds[id]) this.objectIds[id] = objectId;
    const aliasKey = matchKey(entry.alias ?? "");
    if (aliasKey && !this.aliasKeys[id]) this.aliasKeys[id] = aliasKey;
    const sam = matchKey(entry.samAccountName ?? "");
    if (sam) {
      this.hasSamAccountNames = true;
      const had = this.sams.get(sam);
      // had === id: already this recipient's (mailboxes.csv repeating recipients.csv).
      if (had === undefined) this.sams.set(sam, id);
      else if (had !== id) {
        this.sams.set(sam, -1);
        const ids = this.samShared.get(sam) ?? (had >= 0 ? [had] : []);
        if (!ids.includes(id)) ids.push(id);
        this.samShared.set(sam, ids);
      }
    }
    const sid = (entry.sid ?? "").trim().toUpperCase();
    if (sid) {
      this.withSid.add(id);
      const had = this.sids.get(sid);
      this.sids.set(sid, had === undefined || had === id ? id : -1);
      if (had !== undefined && had !== id) {
        const ids = this.sidShared.get(sid) ?? (had >= 0 ? [had] : []);
        if (!ids.includes(id)) ids.push(id);
        this.sidShared.set(sid, ids);
      }
    }
    return id;
  }

  /**
   * Notes a recipient row the reader refused (a reported problem: a .NET type name, an address
   * with a hidden character...) under every key it would have had, so that a right granted to
   * it is reported as lost because of that row, not as a trustee that names no one.
   */
  refuse(keys: readonly string[], file: string, line: number, why: string, fix?: string): void {
    for (const k of keys) {
      const key = matchKey(k);
      if (key && !this.refused.has(key)) this.refused.set(key, { file, line, why, fix });
    }
  }

  /**
   * The refused row a value would have named (see refuse), if any. Failure path only. `fix` is
   * set for a row skipped without a problem of its own (no PrimarySmtpAddress): what to do then.
   */
  refusedRow(value: string): RefusedRow | undefined {
    if (this.refused.size === 0) return undefined;
    const key = matchKey(value);
    const backslash = key.lastIndexOf("\\");
    const slash = key.lastIndexOf("/");
    return (
      this.refused.get(key) ??
      (backslash > 0 ? this.refused.get(key.slice(backslash + 1)) : undefined) ??
      (cnOf(key) !== null ? this.refused.get(cnOf(key)!) : undefined) ??
      (slash >= 0 ? this.refused.get(key.slice(slash + 1)) : undefined)
    );
  }

  private readonly refused = new Map<string, RefusedRow>();

  /** Resolves a security identifier (S-1-5-21-...) through the exported Sid columns. */
  resolveSid(sid: string): Resolution {
    const found = this.sids.get(sid.trim().toUpperCase());
    if (found === undefined) return this.resolveEntraSid(sid);
    return found < 0 ? "ambiguous" : found;
  }

  /** The recipients that share this SID (a damaged Sid column), or [] when at most one has it. */
  sidSharers(sid: string): readonly number[] {
    return this.sidShared.get(sid.trim().toUpperCase()) ?? [];
  }

  /**
   * A Microsoft Entra SID (S-1-12-1-...) resolved through the object id it encodes
   * (entraSidToObjectId) to the recipient whose ExternalDirectoryObjectId it is (rev11c finding
   * 12); "unresolved" for any other value or an object id no exported recipient has.
   */
  resolveEntraSid(value: string): Resolution {
    const objectId = entraSidToObjectId(value);
    if (objectId === null) return "unresolved";
    const found = this.keys.get(objectId);
    if (found === undefined) return "unresolved";
    if (found < 0) {
      // The key is shared (e.g. another recipient's Name is this GUID): the object id decides.
      const owners = (this.shared.get(objectId) ?? []).filter(
        (c) => this.objectIds[c.id] === objectId
      );
      return owners.length === 1 ? owners[0].id : "ambiguous";
    }
    return this.objectIds[found >> 2] === objectId ? found >> 2 : "unresolved";
  }

  /** Whether recipient `id` came with a SID of its own (a Sid column value). */
  hasOwnSid(id: number): boolean {
    return this.withSid.has(id);
  }

  /** Whether any recipient came with a logon name (SamAccountName), so DOMAIN\\name is matched by it. */
  get hasSams(): boolean {
    return this.sams.size > 0;
  }

  /** Whether any recipient came with a SID, so that a SID can be matched at all. */
  get hasSids(): boolean {
    return this.sids.size > 0;
  }

  /**
   * Whether EVERY recipient came with a SID, so that a SID none of them has is proven to be no
   * live recipient's. One recipient with an empty Sid (an export that lost some values) could be
   * the owner of any unmatched SID, so then nothing is proven.
   */
  get everyRecipientHasSid(): boolean {
    if (this.sids.size === 0) return false;
    if (this.withSid.size === this.addresses.length) return true;
    // Recipients that cannot have a domain SID (a mail contact, a dynamic distribution group...)
    // are no gap in the proof. Counted on demand: only the failure path asks with any missing.
    let sidless = 0;
    for (const id of this.noDomainSid) if (!this.withSid.has(id)) sidless++;
    return this.withSid.size + sidless === this.addresses.length;
  }

  /**
   * Notes that recipient `id` is of a type with no domain SID (values.hasNoDomainSid: a mail
   * contact, a dynamic distribution group, a Microsoft 365 group...): its empty Sid proves nothing.
   */
  markNoDomainSid(id: number): void {
    this.noDomainSid.add(id);
  }

  /**
   * The addresses of the first `max` recipients without a SID (missing from recipients.csv and
   * known from mailboxes.csv only, or an empty Sid) that could have one (not markNoDomainSid): an
   * unmatched SID may be theirs. Failure path.
   */
  withoutSid(max = 3): string[] {
    const out: string[] = [];
    for (let id = 0; id < this.addresses.length && out.length < max; id++)
      if (!this.withSid.has(id) && !this.noDomainSid.has(id)) out.push(this.addresses[id]);
    return out;
  }

  /** The recipients a name is shared by (for the report of an ambiguous value). */
  candidates(value: string): number[] {
    return this.candidateForms(value).map((c) => c.id);
  }

  /**
   * Each recipient a value names and the form it matched by ("Chloé Martin": the Name of one,
   * the display name of another), for the report of an ambiguous value. Failure path only.
   */
  candidateForms(value: string): Candidate[] {
    let key = matchKey(value);
    let nameOnly = false;
    if (!this.keys.has(key)) {
      // A distinguished name or canonical name names recipients by its last part, as resolve()
      // reads it (rev11 finding 3): list those, not nothing.
      const dn = cnOf(key);
      const slash = key.lastIndexOf("/");
      if (dn !== null) {
        key = dn;
        nameOnly = true;
      } else if (slash > 0 && slash < key.length - 1 && !/[,;]/.test(key.slice(0, slash))) {
        key = key.slice(slash + 1);
        nameOnly = true;
      }
    }
    const out: Candidate[] = [];
    const push = (id: number, tier: number) => {
      if (nameOnly && tier === ADDRESS) return;
      // A DN's CN and a canonical name's last part are the object's Name (its AD cn).
      const form = nameOnly && tier === NAME ? "Name" : this.formOf(id, key, tier);
      if (!out.some((c) => c.id === id)) out.push({ id, form });
    };
    const found = this.keys.get(key);
    if (found !== undefined && found >= 0) push(found >> 2, tierOf(found));
    for (const c of this.shared.get(key) ?? []) push(c.id, c.tier);
    const backslash = key.lastIndexOf("\\");
    const sam = backslash > 0 ? key.slice(backslash + 1) : key;
    const samId = this.sams.get(sam);
    if (samId !== undefined && samId >= 0) push(samId, SAM);
    for (const id of this.samShared.get(sam) ?? []) push(id, SAM);
    return out;
  }

  /** Which form of recipient `id` the lookup key is, as precisely as the exports tell. */
  private formOf(id: number, key: string, tier: number): string {
    if (tier === ADDRESS) {
      if (matchKey(this.addresses[id]) === key) return "primary SMTP address";
      if (this.aliases[id]?.some((a) => matchKey(a) === key)) return "proxy address";
      return "UPN";
    }
    if (tier === NAME) {
      if (this.objectIds[id] && this.objectIds[id] === key) return "object id";
      if (this.aliasKeys[id] === key) return "Alias";
      return "Identity or Name";
    }
    return FORM_LABEL[tier];
  }

  /**
   * Every lookup key that holds letters outside ASCII, with the recipient it names, for telling
   * a "?"-mangled value ("J?rgen Wei?") from an unknown one. Only called on the failure path.
   */
  *nonAsciiKeys(): Iterable<[string, number]> {
    for (const [key, value] of this.keys) {
      // eslint-disable-next-line no-control-regex -- ASCII is the point
      if (value >= 0 && /[^\u0000-\u007f]/.test(key)) yield [key, value >> 2];
    }
  }

  /**
   * Every lookup key that holds "?", with the recipient it names, for telling a value whose
   * recipient's own name has "?" for some of its letters. Only called on the failure path.
   */
  *questionKeys(): Iterable<[string, number]> {
    for (const [key, value] of this.keys)
      if (value >= 0 && key.includes("?")) yield [key, value >> 2];
  }

  private addAlias(id: number, address: SmtpAddress): void {
    const list = this.aliases[id];
    if (!list) this.aliases[id] = [address];
    else if (!list.includes(address)) list.push(address);
  }

  private claim(key: string, id: number, tier: number): void {
    this.claimOver(key, id, tier, this.keys.get(key));
  }

  /** claim, given the key's current entry (`keys.get(key)`), which the caller has just read. */
  private claimOver(key: string, id: number, tier: number, existing: number | undefined): void {
    if (existing === undefined) {
      this.keys.set(key, encode(id, tier));
      return;
    }
    if (existing >= 0) {
      const other = existing >> 2;
      if (other === id) {
        // The same recipient by a better form (its UPN equal to its display name...).
        if (tierOf(existing) > tier) this.keys.set(key, encode(id, tier));
        return;
      }
      // Two recipients, through one form or two (a UPN that is another's primary address, a
      // Name that is another's display name): the key names no one. (A proxy address another
      // recipient owns never gets here: the reader reports it as an error.)
      this.keys.set(key, -1);
      this.shared.set(key, [
        { id: other, tier: tierOf(existing) },
        { id, tier },
      ]);
      return;
    }
    const list = this.shared.get(key);
    if (list && !list.some((c) => c.id === id)) list.push({ id, tier });
  }

  /**
   * Resolves a value in any form: a primary or proxy address, UPN, Identity, Name, Alias, object
   * id, display name, sAMAccountName (bare, or DOMAIN\\sAMAccountName), for a canonical name
   * ("contoso.com/Users/Alex", "namprd.../Microsoft Exchange Hosted Organizations/contoso/Alex")
   * its last part (when the path before it holds no "," or ";", which would make it a list), and for a distinguished name ("CN=Alex Wilber,OU=Users,DC=contoso,DC=com")
   * its CN. Names are compared case-insensitively and in Unicode NFC. A value that names two
   * recipients, through the same form or different ones, is ambiguous: never guessed.
   */
  /**
   * A value that names no one as written but is an address ending in a dot ("anna@contoso.com."):
   * the recipient its address without the dot names (RFC 1034: the same domain), and that
   * address; null when the value is no such address or the bare address names no one either.
   * The caller warns with the line (issue 11: never silent). A recipient owning the dotted form
   * itself is matched by resolve first; a bare address several share stays "ambiguous".
   */
  dotless(value: string): { who: Exclude<Resolution, "unresolved">; address: string } | null {
    const v = value.trim();
    if (!v.endsWith(".") || !v.includes("@")) return null;
    const bare = withoutTrailingDot(toSmtpAddress(v));
    if (bare === v) return null;
    const who = this.resolve(bare);
    return who === "unresolved" ? null : { who, address: bare };
  }

  resolve(value: string): Resolution {
    const key = matchKey(value);
    if (!key) return "unresolved";
    let found = this.keys.get(key);
    if (found === undefined) {
      // DOMAIN\\sAMAccountName (NT4 logon name), as on-premises and some EXO cmdlets write. The
      // DOMAIN is a NetBIOS domain name, 1 to 15 characters (Microsoft, "Naming conventions in
      // Active Directory for computers, domains, sites, and OUs"): one that is longer or holds a
      // list separator or "@" is a list ending in a logon name ("chloe@contoso.example;CONTOSO\\
      // omar"), not omar's (rev11j finding 1), as for a canonical name's path below.
      const backslash = key.lastIndexOf("\\");
      if (
        backslash > 0 &&
        backslash <= 15 &&
        !/[,;@|\r\n\t]/.test(key.slice(0, backslash)) &&
        backslash < key.length - 1
      ) {
        const sam = this.sams.get(key.slice(backslash + 1));
        if (sam !== undefined) return sam < 0 ? "ambiguous" : sam;
      }
      const dn = cnOf(key);
      if (dn !== null) {
        found = this.keys.get(dn);
        // A CN is a name, never an address.
        if (found !== undefined && found >= 0 && tierOf(found) === ADDRESS) found = undefined;
      } else {
        const slash = key.lastIndexOf("/");
        // Its path (domain/OU/...) holds no list separator: "contoso.com/Users/a, contoso.com/
        // Users/b" is a list of two canonical names, not one ending in "b" (rev11 finding 14).
        if (slash > 0 && slash < key.length - 1 && !/[,;]/.test(key.slice(0, slash))) {
          found = this.keys.get(key.slice(slash + 1));
          // An address after a slash is not what a canonical name ends with.
          if (found !== undefined && found >= 0 && tierOf(found) === ADDRESS) found = undefined;
        }
      }
    }
    // A bare sAMAccountName ("cmartin"); when it is also another recipient's name, it is ambiguous.
    if (this.sams.size > 0 && !key.includes("@")) {
      const sam = this.sams.get(key);
      if (sam !== undefined) {
        if (sam < 0) return "ambiguous";
        if (found === undefined) return sam;
        if (found < 0 || found >> 2 !== sam) return "ambiguous";
      }
    }
    if (found === undefined) return this.resolveEntraSid(value);
    return found < 0 ? "ambiguous" : found >> 2;
  }
}

/**
 * The CN of an LDAP distinguished name ("cn=chloé martin,ou=users,dc=contoso,dc=com", already a
 * lookup key), with its escapes ("\\," for a comma in the name) undone; null when the value is
 * not a DN, or is DNs joined with an unescaped ";". Exchange on-premises writes Identity and trustees this way (RFC 4514).
 */
export function cnOf(key: string): string | null {
  if (!key.startsWith("cn=") || !/,(ou|dc|cn)=/.test(key)) return null;
  let cn = "";
  for (let i = 3; i < key.length; i++) {
    const ch = key[i];
    if (ch === "\\" && i + 1 < key.length) {
      cn += key[++i];
      continue;
    }
    // An unescaped ";" after it: DNs joined into a list ("CN=juergen,OU=...;chloe"), not one
    // DN (RFC 4514 escapes ";" in a value; rev11i finding 9).
    if (ch === ",") return /(^|[^\\]);/.test(key.slice(i)) ? null : cn.trim() || null;
    cn += ch;
  }
  return null;
}
