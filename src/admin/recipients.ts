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
  private readonly keys = new Map<string, number>();

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
      this.addresses.push(address);
      this.displayNames.push(entry.displayName ?? "");
      this.aliases.push(undefined);
      // The primary address wins over a proxy address that another recipient claims.
      this.keys.set(address, encode(id, ADDRESS));
    } else if (!this.displayNames[id] && entry.displayName) {
      this.displayNames[id] = entry.displayName;
    }
    for (const proxy of entry.proxies ?? []) {
      const key = lookupKey(proxy);
      if (!key || key === address) continue;
      this.addAlias(id, toSmtpAddress(key));
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
    return id;
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
    if (tierOf(existing) < tier || existing === encode(id, tier) || existing < 0) return;
    // Two recipients on one tier. A primary address stays with its owner.
    if (tier === ADDRESS && this.addresses[existing >> 2] === key) return;
    this.keys.set(key, -(tier + 1));
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
