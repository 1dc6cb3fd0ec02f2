// An emulator tenant from a published directory: the rights the directory publishes are the
// rights Exchange enforces. Used by the playground, where the sample directory is the truth.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EmulatorGroup, EmulatorPermission, EmulatorTenant, EmulatorUser } from "./types";

interface ShardFile {
  user: string;
  aliases?: string[];
  mailboxes: {
    address: string;
    displayName: string;
    kind: string;
    rights: ("SendAs" | "SendOnBehalf" | "FullAccess")[];
    sentItemsCopy: { sendAs: boolean; sendOnBehalf: boolean };
  }[];
}

const GROUP_KINDS = new Set(["distributionList", "securityGroup", "microsoft365Group"]);

/** `people` adds users who appear in no shard (nothing published for them) and names users. */
export function tenantFromDirectory(
  folder: string,
  people: { address: string; displayName: string; upn?: string }[] = []
): EmulatorTenant {
  const users = new Map<string, EmulatorUser>();
  const groups = new Map<string, EmulatorGroup>();
  const permissions: EmulatorPermission[] = [];
  for (const p of people)
    users.set(p.address, {
      address: p.address,
      displayName: p.displayName,
      kind: "user",
      ...(p.upn && { userPrincipalName: p.upn }),
    });
  for (const file of readdirSync(join(folder, "users")).filter((f) => f.endsWith(".json"))) {
    const shard = JSON.parse(readFileSync(join(folder, "users", file), "utf8")) as ShardFile;
    const delegate = users.get(shard.user) ?? {
      address: shard.user,
      displayName: shard.user,
      kind: "user" as const,
    };
    users.set(shard.user, { ...delegate, aliases: shard.aliases ?? [] });
    for (const m of shard.mailboxes) {
      if (GROUP_KINDS.has(m.kind)) {
        groups.set(m.address, {
          address: m.address,
          displayName: m.displayName,
          kind: m.kind as EmulatorGroup["kind"],
        });
      } else if (!users.has(m.address) || users.get(m.address)!.displayName === m.address) {
        users.set(m.address, {
          address: m.address,
          displayName: m.displayName,
          kind: m.kind as EmulatorUser["kind"],
          messageCopyForSentAs: m.sentItemsCopy.sendAs,
          messageCopyForSendOnBehalf: m.sentItemsCopy.sendOnBehalf,
        });
      }
      permissions.push({ mailbox: m.address, delegate: shard.user, rights: m.rights });
    }
  }
  return { users: [...users.values()], groups: [...groups.values()], permissions };
}
