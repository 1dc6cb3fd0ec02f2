import { GroupMembership } from "./groups";
import { SEND_ON_BEHALF } from "./values";

/**
 * A grant is kept as one number: (delegate rank * SPAN + mailbox rank) * 8 + rights bits.
 * Sorting these numbers orders grants by delegate, then mailbox, which is the order shards are
 * written in, and puts the entries of one pair next to each other for merging.
 */
export const SPAN = 2 ** 24;

export const encodeGrant = (delegate: number, mailbox: number, bits: number): number =>
  (delegate * SPAN + mailbox) * 8 + bits;
export const grantBits = (code: number): number => code % 8;
export const grantPair = (code: number): number => Math.floor(code / 8);
export const grantDelegate = (code: number): number => Math.floor(code / 8 / SPAN);
export const grantMailbox = (code: number): number => Math.floor(code / 8) % SPAN;

function bitCount(bits: number): number {
  return (bits & 1) + ((bits >> 1) & 1) + ((bits >> 2) & 1);
}

/** An append-only list of (principal, mailbox, bits): no hashing per exported row. */
class EntryList {
  principals = new Int32Array(1024);
  mailboxes = new Int32Array(1024);
  bits = new Uint8Array(1024);
  length = 0;

  push(principal: number, mailbox: number, bits: number): void {
    if (this.length === this.principals.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.principals = grow(this.principals);
      this.mailboxes = grow(this.mailboxes);
      this.bits = grow(this.bits);
    }
    this.principals[this.length] = principal;
    this.mailboxes[this.length] = mailbox;
    this.bits[this.length] = bits;
    this.length++;
  }
}

export interface DelegateGrants {
  /** Sorted grant codes (see encodeGrant), one per (delegate, mailbox), in rank space. */
  codes: Float64Array;
  /** Rights (delegate, mailbox, right) that an explicit Deny took away. */
  revokedByDeny: number;
}

/**
 * Allow and Deny entries as exported, per principal (a user or a group) and mailbox. Expansion
 * waits until every file is read, so a Deny anywhere in the export counts against every Allow.
 */
export class GrantTable {
  private readonly allow = new EntryList();
  private readonly deny = new EntryList();

  addAllow(principal: number, mailbox: number, bits: number): void {
    this.allow.push(principal, mailbox, bits);
  }

  addDeny(principal: number, mailbox: number, bits: number): void {
    this.deny.push(principal, mailbox, bits);
  }

  /**
   * The principals (users or groups) an Allow gives any of `bits` on `mailbox`: a scan of every
   * Allow, for the few ambiguous Deny entries only (Resolver.finish).
   */
  allowedOn(mailbox: number, bits: number): number[] {
    const a = this.allow;
    const out: number[] = [];
    for (let i = 0; i < a.length; i++)
      if (a.mailboxes[i] === mailbox && a.bits[i] & bits) out.push(a.principals[i]);
    return out;
  }

  /**
   * Rights per delegate, groups expanded. A Deny takes the same right away from the same
   * principal, and a Deny on a group from each of its members (for Full Access and Send As those
   * reached through security groups: GroupMembership.usersFor), as Exchange evaluates
   * permissions ("deny overrides allow"). `rank` maps ids to their position in address order.
   */
  toDelegates(groups: GroupMembership, rank: Int32Array): DelegateGrants {
    const granted = spread(this.allow, groups, rank);
    const denied = spread(this.deny, groups, rank);
    if (denied.length === 0) return { codes: granted, revokedByDeny: 0 };
    const out = new Float64Array(granted.length);
    let n = 0;
    let d = 0;
    let revokedByDeny = 0;
    for (const code of granted) {
      const pair = grantPair(code);
      while (d < denied.length && grantPair(denied[d]) < pair) d++;
      let bits = grantBits(code);
      if (d < denied.length && grantPair(denied[d]) === pair) {
        revokedByDeny += bitCount(bits & grantBits(denied[d]));
        bits &= ~grantBits(denied[d]);
      }
      if (bits) out[n++] = pair * 8 + bits;
    }
    return { codes: out.subarray(0, n), revokedByDeny };
  }
}

/** Expands groups, drops a delegate's own mailbox, sorts, and merges the bits of equal pairs. */
function spread(entries: EntryList, groups: GroupMembership, rank: Int32Array): Float64Array {
  let codes = new Float64Array(Math.max(16, entries.length));
  let n = 0;
  const push = (code: number) => {
    if (n === codes.length) {
      const bigger = new Float64Array(codes.length * 2);
      bigger.set(codes);
      codes = bigger;
    }
    codes[n++] = code;
  };
  for (let i = 0; i < entries.length; i++) {
    const principal = entries.principals[i];
    const mailbox = entries.mailboxes[i];
    const bits = entries.bits[i];
    if (!groups.isGroup(principal)) {
      if (principal !== mailbox) push(encodeGrant(rank[principal], rank[mailbox], bits));
      continue;
    }
    // Full Access and Send As reach a group's members through security groups only, Send on
    // Behalf every member (GroupMembership.usersFor): an entry with both is spread in two.
    const acl = bits & ~SEND_ON_BEHALF;
    const sob = bits & SEND_ON_BEHALF;
    const first = acl ? acl : sob;
    for (const member of groups.usersFor(principal, first)) {
      // A delegate's own mailbox never appears in their shard, also when a group brings it.
      if (member !== mailbox) push(encodeGrant(rank[member], rank[mailbox], first));
    }
    if (acl && sob)
      for (const member of groups.usersOf(principal))
        if (member !== mailbox) push(encodeGrant(rank[member], rank[mailbox], sob));
  }
  const sorted = codes.subarray(0, n).sort();
  let m = 0;
  for (let i = 0; i < n; i++) {
    const code = sorted[i];
    if (m > 0 && grantPair(sorted[m - 1]) === grantPair(code)) {
      sorted[m - 1] = grantPair(code) * 8 + (grantBits(sorted[m - 1]) | grantBits(code));
    } else {
      sorted[m++] = code;
    }
  }
  return sorted.subarray(0, m);
}
