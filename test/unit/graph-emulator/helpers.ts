// Shared fixture for the emulator tests: a small tenant covering every kind of right and flag,
// and a fetch wrapper that talks to a running emulator.
import {
  issueTestToken,
  startGraphEmulator,
  type EmulatorTenant,
  type IssueTokenInput,
  type RunningGraphEmulator,
} from "../../../dev/graph-emulator";

export const ADELE = "adele@n.example";
export const MEGAN = "megan@n.example";

export const TENANT: EmulatorTenant = {
  users: [
    { address: ADELE, displayName: "Adele Vance", kind: "user", aliases: ["av@n.example"] },
    { address: MEGAN, displayName: "Megan Bowen", kind: "user" },
    { address: "support@n.example", displayName: "Customer Support", kind: "shared" },
    { address: "sales@n.example", displayName: "Sales", kind: "shared" },
    { address: "hr@n.example", displayName: "Human Resources", kind: "shared" },
    { address: "legal@n.example", displayName: "Legal", kind: "shared" },
    { address: "both@n.example", displayName: "Both Rights", kind: "shared" },
    {
      address: "billing@n.example",
      displayName: "Billing",
      kind: "shared",
      messageCopyForSentAs: true,
    },
    {
      address: "press@n.example",
      displayName: "Press Office",
      kind: "shared",
      messageCopyForSendOnBehalf: true,
    },
    {
      address: "quiet@n.example",
      displayName: "Quiet (copy on Send As only)",
      kind: "shared",
      messageCopyForSentAs: true,
    },
    { address: "boardroom@n.example", displayName: "Boardroom", kind: "room" },
    { address: "onprem@n.example", displayName: "On-premises", kind: "shared", restEnabled: false },
  ],
  groups: [
    { address: "all-staff@n.example", displayName: "All Staff", kind: "distributionList" },
    { address: "falcon@n.example", displayName: "Project Falcon", kind: "microsoft365Group" },
    { address: "finance@n.example", displayName: "Finance", kind: "securityGroup" },
  ],
  permissions: [
    { mailbox: "support@n.example", delegate: ADELE, rights: ["SendAs", "FullAccess"] },
    { mailbox: "sales@n.example", delegate: ADELE, rights: ["SendOnBehalf", "FullAccess"] },
    { mailbox: "hr@n.example", delegate: ADELE, rights: ["SendAs"] },
    { mailbox: "legal@n.example", delegate: ADELE, rights: ["FullAccess"] },
    { mailbox: "both@n.example", delegate: ADELE, rights: ["SendOnBehalf", "SendAs"] },
    { mailbox: "billing@n.example", delegate: ADELE, rights: ["SendAs", "FullAccess"] },
    { mailbox: "press@n.example", delegate: ADELE, rights: ["SendOnBehalf", "FullAccess"] },
    { mailbox: "quiet@n.example", delegate: ADELE, rights: ["SendOnBehalf", "FullAccess"] },
    { mailbox: "boardroom@n.example", delegate: ADELE, rights: ["SendAs", "FullAccess"] },
    { mailbox: "onprem@n.example", delegate: ADELE, rights: ["SendAs", "FullAccess"] },
    { mailbox: "all-staff@n.example", delegate: ADELE, rights: ["SendAs"] },
    { mailbox: "falcon@n.example", delegate: ADELE, rights: ["SendOnBehalf"] },
  ],
};

export const token = (claims: Partial<IssueTokenInput> = {}) =>
  issueTestToken({ preferred_username: ADELE, name: "Adele Vance", ...claims });

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface CallOptions {
  body?: unknown;
  raw?: Uint8Array | string;
  auth?: string | null;
  headers?: Record<string, string>;
}

export function client(emu: RunningGraphEmulator) {
  return async function call(
    method: string,
    path: string,
    options: CallOptions = {}
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.auth === undefined ? token() : options.auth;
    if (auth !== null) headers.Authorization = `Bearer ${auth}`;
    let body: BodyInit | undefined;
    if (options.raw !== undefined) body = options.raw as BodyInit;
    else if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    const url = path.startsWith("http") ? path : `${emu.url}${path}`;
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
}

export const to = (...addresses: string[]) =>
  addresses.map((address) => ({ emailAddress: { address } }));

export const fromAddress = (address: string) => ({ emailAddress: { address } });

export function plainMessage(extra: Record<string, unknown> = {}) {
  return {
    subject: "Quarterly figures",
    body: { contentType: "html", content: "<p>Hello</p>" },
    toRecipients: to(MEGAN),
    ...extra,
  };
}

export async function withEmulator(tenant: EmulatorTenant = TENANT) {
  return startGraphEmulator(tenant, { port: 0 });
}

/** Deterministic bytes so hashes can be compared without keeping two copies around. */
export function pattern(size: number, seed = 7): Buffer {
  const b = Buffer.allocUnsafe(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x >>> 16;
  }
  return b;
}
