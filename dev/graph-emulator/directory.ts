// The tenant's directory: who exists, under which addresses and ids, and who holds which right.
import { DEFAULT_TENANT_ID, directoryIdFor } from "./tokens";
import type { EmulatorGroup, EmulatorTenant, EmulatorUser, MailboxRight, Recipient } from "./types";

/** Documented defaults: 35 MB message size (attachment-createuploadsession tip) and 30 messages
 * a minute per mailbox (Exchange Online service description, exchange-and-graph.md 3.3). */
export const DEFAULT_MAX_MESSAGE_SIZE = 35 * 1024 * 1024;
export const DEFAULT_SENDS_PER_MINUTE = 30;

export type Resolved =
  { type: "user"; user: EmulatorUser; id: string } | { type: "group"; group: EmulatorGroup };

const norm = (address: string) => address.trim().toLowerCase();

export class Directory {
  readonly tenant: EmulatorTenant;
  readonly tenantId: string;
  readonly maxMessageSizeBytes: number;
  readonly sendsPerMinute: number;
  private readonly byKey = new Map<string, Resolved>();
  private readonly rights = new Map<string, Set<MailboxRight>>();

  constructor(tenant: EmulatorTenant) {
    this.tenant = tenant;
    this.tenantId = tenant.tenantId ?? DEFAULT_TENANT_ID;
    this.maxMessageSizeBytes = tenant.maxMessageSizeBytes ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.sendsPerMinute = tenant.sendsPerMinute ?? DEFAULT_SENDS_PER_MINUTE;
    for (const user of tenant.users ?? []) {
      const entry: Resolved = { type: "user", user, id: directoryIdFor(user.address) };
      for (const key of [user.address, ...(user.aliases ?? []), entry.id]) this.add(key, entry);
      // The UPN is often also an alias (onmicrosoft.com); when it is not, it still names the user.
      const upn = user.userPrincipalName;
      if (upn && !this.byKey.has(norm(upn))) this.add(upn, entry);
    }
    for (const group of tenant.groups ?? []) this.add(group.address, { type: "group", group });
    for (const p of tenant.permissions ?? []) {
      const target = this.resolve(p.mailbox);
      const delegate = this.resolve(p.delegate);
      // Rights are keyed by primary addresses, so a grant written with an alias still counts.
      const mailboxKey = target ? this.primary(target) : norm(p.mailbox);
      const delegateKey = delegate ? this.primary(delegate) : norm(p.delegate);
      const key = `${mailboxKey}|${delegateKey}`;
      const set = this.rights.get(key) ?? new Set<MailboxRight>();
      for (const r of p.rights) set.add(r);
      this.rights.set(key, set);
    }
  }

  private add(key: string, entry: Resolved) {
    const k = norm(key);
    if (this.byKey.has(k)) throw new Error(`Tenant lists ${key} twice`);
    this.byKey.set(k, entry);
  }

  /** By primary SMTP address, alias, or (users) directory id. */
  resolve(idOrAddress: string): Resolved | undefined {
    return this.byKey.get(norm(idOrAddress));
  }

  user(idOrAddress: string): EmulatorUser | undefined {
    const r = this.resolve(idOrAddress);
    return r?.type === "user" ? r.user : undefined;
  }

  primary(r: Resolved): string {
    return norm(r.type === "user" ? r.user.address : r.group.address);
  }

  rightsOf(delegate: string, mailbox: string): Set<MailboxRight> {
    const d = this.resolve(delegate);
    const m = this.resolve(mailbox);
    const key = `${m ? this.primary(m) : norm(mailbox)}|${d ? this.primary(d) : norm(delegate)}`;
    return this.rights.get(key) ?? new Set();
  }

  /** The user's own primary address or one of its aliases. */
  isSelf(user: EmulatorUser, address: string): boolean {
    const r = this.resolve(address);
    return r?.type === "user" && r.user === user;
  }

  recipientOf(user: EmulatorUser, address = user.address): Recipient {
    return { emailAddress: { name: user.displayName, address } };
  }
}
