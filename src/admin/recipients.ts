import { SmtpAddress, toSmtpAddress } from "../core/address";
import { lookupKey } from "./values";

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
}

// How trustworthy a key is: an address names one recipient; names nearly always do; display
// names repeat. A key keeps only its best tier; two recipients on the same tier make it ambiguous.
const ADDRESS = 0;
const NAME = 1;
const DISPLAY = 2;
// Map values: id * 4 + tier, or -(tier + 1) when ambiguous on that tier. One map, one probe.
const encode = (id: number, tier: number) => id * 4 + tier;
const tierOf = (value: number) => (value >= 0 ? value & 3 : -value - 1);

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
  private readonly keys = new Map<string, number>();
  /** sAMAccountName (lower case) to id, or -1 when two recipients share it. */
  private readonly sams = new Map<string, number>();
  private readonly sids = new Map<string, number>();
  /** The recipients that came with a SID (a recipient without one could own any unmatched SID). */
  private readonly withSid = new Set<number>();
  /** Recipients sharing each ambiguous key (only the keys that are ambiguous). */
  private readonly shared = new Map<string, number[]>();
  /** Proxy addresses claimed by two recipients; the caller reports them with file and line. */
  readonly conflicts: AddressConflict[] = [];
  /** True once any recipient came with a sAMAccountName: a DOMAIN\\name matching none is then gone. */
  hasSamAccountNames = false;
  /** True when recipients.csv has a SamAccountName column at all (set by the reader). */
  samAccountNameColumn = false;

  get size(): number {
    return this.addresses.length;
  }

  /** The id of the recipient whose primary address this is, if any. */
  idOf(address: string): number | undefined {
    const a = toSmtpAddress(address);
    const value = this.keys.get(a);
    if (value === undefined || value < 0 || (value & 3) !== ADDRESS) return undefined;
    const id = value >> 2;
    return this.addresses[id] === a ? id : undefined;
  }

  /** Adds a recipient, or merges into the one with the same primary address; returns its id. */
  add(entry: RecipientEntry): number {
    const address = toSmtpAddress(entry.address);
    let id = this.idOf(address);
    if (id === undefined) {
      id = this.addresses.length;
      const before = this.keys.get(address);
      // Someone listed this address as a proxy address before its owner came: both claim it.
      if (before !== undefined && before >= 0 && (before & 3) === ADDRESS) {
        const other = before >> 2;
        if (this.aliases[other]?.includes(address)) {
          this.conflicts.push({ address, owner: id, claimant: other });
        }
      }
      this.addresses.push(address);
      this.displayNames.push(entry.displayName ?? "");
      this.aliases.push(undefined);
      this.objectIds.push("");
      // The primary address wins over a proxy address that another recipient claims.
      this.keys.set(address, encode(id, ADDRESS));
    } else if (!this.displayNames[id] && entry.displayName) {
      this.displayNames[id] = entry.displayName;
    }
    for (const proxy of entry.proxies ?? []) {
      const key = toSmtpAddress(lookupKey(proxy));
      if (!key || key === address) continue;
      const existing = this.keys.get(key);
      if (existing !== undefined && existing >= 0 && (existing & 3) === ADDRESS) {
        const other = existing >> 2;
        if (other !== id && (this.addresses[other] === key || this.aliases[other]?.includes(key))) {
          // Exchange lets one recipient own an address: publishing it as this user's alias
          // would let Outlook's From checks treat the other mailbox as the user's own.
          this.conflicts.push({ address: key, owner: other, claimant: id });
          continue;
        }
      }
      this.addAlias(id, key);
      this.claim(key, id, ADDRESS);
    }
    for (const other of entry.otherAddresses ?? []) {
      const key = lookupKey(other);
      if (key && key !== address) this.claim(key, id, ADDRESS);
    }
    let previous = "";
    for (const name of entry.names ?? []) {
      const key = lookupKey(name);
      // Identity and Name are usually the same string: one claim is enough.
      if (key && key !== previous) this.claim(key, id, NAME);
      previous = key;
    }
    const display = lookupKey(entry.displayName ?? "");
    if (display) this.claim(display, id, DISPLAY);
    const objectId = (entry.objectId ?? "").trim().toLowerCase();
    if (objectId && !this.objectIds[id]) this.objectIds[id] = objectId;
    const sam = lookupKey(entry.samAccountName ?? "");
    if (sam) {
      this.hasSamAccountNames = true;
      const had = this.sams.get(sam);
      this.sams.set(sam, had === undefined || had === id ? id : -1);
    }
    const sid = (entry.sid ?? "").trim().toUpperCase();
    if (sid) {
      this.withSid.add(id);
      const had = this.sids.get(sid);
      this.sids.set(sid, had === undefined || had === id ? id : -1);
    }
    return id;
  }

  /** Resolves a security identifier (S-1-5-21-...) through the exported Sid columns. */
  resolveSid(sid: string): Resolution {
    const found = this.sids.get(sid.trim().toUpperCase());
    return found === undefined ? "unresolved" : found < 0 ? "ambiguous" : found;
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
    return this.sids.size > 0 && this.withSid.size === this.addresses.length;
  }

  /** The recipients a name is shared by (for the report of an ambiguous value). */
  candidates(value: string): number[] {
    return this.shared.get(lookupKey(value)) ?? [];
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

  private addAlias(id: number, address: SmtpAddress): void {
    const list = this.aliases[id];
    if (!list) this.aliases[id] = [address];
    else if (!list.includes(address)) list.push(address);
  }

  private claim(key: string, id: number, tier: number): void {
    const existing = this.keys.get(key);
    if (existing === undefined || tierOf(existing) > tier) {
      this.keys.set(key, encode(id, tier));
      return;
    }
    if (tierOf(existing) < tier || existing === encode(id, tier)) return;
    if (existing < 0) {
      const ids = this.shared.get(key);
      if (ids && !ids.includes(id)) ids.push(id);
      return;
    }
    // Two recipients on one tier. A primary address stays with its owner.
    if (tier === ADDRESS && this.addresses[existing >> 2] === key) return;
    this.keys.set(key, -(tier + 1));
    this.shared.set(key, [existing >> 2, id]);
  }

  /**
   * Resolves a value in any form: addresses, then the unique names, then the display name
   * (one map holds the best tier per key), and for a canonical name
   * ("namprd.../Microsoft Exchange Hosted Organizations/contoso/Alex") its last part.
   */
  resolve(value: string): Resolution {
    const key = lookupKey(value);
    if (!key) return "unresolved";
    let found = this.keys.get(key);
    if (found === undefined) {
      // DOMAIN\\sAMAccountName (NT4 logon name), as on-premises and some EXO cmdlets write.
      const backslash = key.lastIndexOf("\\");
      if (backslash > 0 && backslash < key.length - 1) {
        const sam = this.sams.get(key.slice(backslash + 1));
        if (sam !== undefined) return sam < 0 ? "ambiguous" : sam;
      }
      const slash = key.lastIndexOf("/");
      if (slash >= 0 && slash < key.length - 1) {
        found = this.keys.get(key.slice(slash + 1));
        // An address after a slash is not what a canonical name ends with.
        if (found !== undefined && tierOf(found) === ADDRESS) found = undefined;
      }
    }
    if (found === undefined) return "unresolved";
    return found < 0 ? "ambiguous" : found >> 2;
  }
}
