// Shards: the directory computed from the resolved grants. Groups are expanded and Deny applied
// (grants.ts), then one shard per delegate is laid out in address order. Sizes are counted in
// UTF-8 bytes against the pane's own limit (MAX_SHARD_BYTES) before anything is returned, so
// every warning and problem is in the summary when the build returns; the shard texts are made
// lazily while publishing, so a large tenant's shards never sit in memory together.
import { OVERSIZED_SHARD_FIX } from "./fixes";
import { MAX_SHARD_BYTES, utf8Length } from "../core/model";
import { shardFileName } from "../core/shard-name";
import { grantBits, grantDelegate, grantMailbox, GrantTable } from "./grants";
import { GroupMembership } from "./groups";
import { Problems } from "./problems";
import type { Target } from "./read";
import { RecipientIndex } from "./recipients";
import {
  indexText,
  mailboxJson,
  mailboxTemplate,
  MailboxTemplate,
  RIGHTS_JSON,
  shardText,
} from "./serialize";
import type { BuildSummary } from "./summary";
import { FULL_ACCESS, SEND_AS, SEND_ON_BEHALF } from "./values";

export interface ShardFile {
  user: string;
  /**
   * The user's Microsoft Entra object id (ExternalDirectoryObjectId) as exported, trimmed and
   * lower-cased, not yet checked; "" when the export has none. Not part of the shard: publish.ts
   * collects it into object-ids.json (object-ids.ts checks it and reports who is left out).
   */
  objectId: string;
  fileName: string;
  text: string;
}

export interface BuiltDirectory {
  indexText: string;
  /** The shards in file-name-independent order (by user address); generated lazily. */
  shards(): Iterable<ShardFile>;
}

export interface ShardProgress {
  phase(text: string, total?: number): void;
  step(done: number): void;
  done(): void;
}

const MAX_ALIASES = 1000;

/**
 * Lays out the directory. A shard over MAX_SHARD_BYTES would be refused by every pane, so its
 * user would lose every right in it: always a problem, failing the build.
 */
export function computeDirectory(input: {
  recipients: RecipientIndex;
  groups: GroupMembership;
  table: GrantTable;
  targets: ReadonlyMap<number, Target>;
  summary: BuildSummary;
  problems: Problems;
  progress?: ShardProgress;
}): BuiltDirectory {
  const { recipients, groups, table, targets, summary: s, problems, progress } = input;
  progress?.phase("expanding groups");
  const addresses = recipients.addresses;
  // Shards list mailboxes by address and come out by user address: rank ids by address once,
  // and the grant codes sort into exactly that order.
  const byAddress = addresses
    .map((_, id) => id)
    .sort((x, y) => (addresses[x] < addresses[y] ? -1 : addresses[x] > addresses[y] ? 1 : 0));
  const rank = new Int32Array(addresses.length);
  byAddress.forEach((id, r) => (rank[id] = r));
  const { codes: sorted, revokedByDeny } = table.toDelegates(groups, rank);
  s.revokedByDeny = revokedByDeny;
  progress?.done();
  s.groupCycles = groups.cycles.map((cycle) => cycle.map((id) => addresses[id]));
  for (const cycle of s.groupCycles) {
    s.warnings.push(`Groups nested in a cycle: ${cycle.join(" -> ")} (members counted once).`);
  }

  const generatedAt = s.generatedAt;
  // By recipient id (an array: a million grants look their mailbox up twice each).
  const templates: (MailboxTemplate & { bytes: number })[] = new Array(addresses.length);
  const template = (id: number) => {
    let t = templates[id];
    if (t === undefined) {
      const made = mailboxTemplate(targets.get(id) as Target);
      t = {
        head: made.head,
        tail: made.tail,
        bytes: utf8Length(made.head) + utf8Length(made.tail),
      };
      templates[id] = t;
    }
    return t;
  };
  const aliasesOf = (delegate: number, user: string): string[] => {
    const aliases = [...new Set(recipients.aliases[delegate] ?? [])]
      .filter((a) => a !== user)
      .sort();
    if (aliases.length > MAX_ALIASES) aliases.length = MAX_ALIASES;
    return aliases;
  };

  // One pass over the grants: counts, and each shard's size in bytes, before anything is written.
  let delegates = 0;
  for (let start = 0; start < sorted.length;) {
    const delegateRank = grantDelegate(sorted[start]);
    let bytes = 0;
    let end = start;
    for (; end < sorted.length && grantDelegate(sorted[end]) === delegateRank; end++) {
      const code = sorted[end];
      const bits = grantBits(code);
      if (bits & SEND_AS) s.grants.sendAs++;
      if (bits & SEND_ON_BEHALF) s.grants.sendOnBehalf++;
      if (bits & FULL_ACCESS) s.grants.fullAccess++;
      bytes += template(byAddress[grantMailbox(code)]).bytes + RIGHTS_JSON[bits & 7].length + 1;
    }
    delegates++;
    const delegate = byAddress[delegateRank];
    const user = addresses[delegate];
    const all = recipients.aliases[delegate]?.length ?? 0;
    if (all > MAX_ALIASES) {
      s.warnings.push(
        `${user} has ${all} proxy addresses; the first ${MAX_ALIASES} are published.`
      );
    }
    let aliasBytes = 0;
    for (const a of recipients.aliases[delegate] ?? []) aliasBytes += a.length * 4 + 3;
    if (bytes + aliasBytes + 512 > MAX_SHARD_BYTES) {
      // Only shards near the limit are measured exactly (header and aliases included).
      const total =
        bytes - 1 + utf8Length(shardText(generatedAt, user, aliasesOf(delegate, user), []));
      if (total > MAX_SHARD_BYTES) {
        // Never published, --allow-unresolved or not: the pane refuses it whole, so it would
        // be a shard that lists rights no one can use, with none of them listed as lost
        // (rev11d finding 3).
        problems.add({
          file: `users/${shardFileName(user)}`,
          message: `the shard of ${user} would be ${total.toLocaleString("en-US")} bytes (UTF-8), over the ${MAX_SHARD_BYTES.toLocaleString("en-US")} bytes the task pane accepts: the pane would refuse it, and ${user} could send from none of their ${(end - start).toLocaleString("en-US")} mailboxes (--allow-unresolved does not publish it either)`,
          fix: OVERSIZED_SHARD_FIX,
        });
      }
    }
    start = end;
  }
  s.grants.total = s.grants.sendAs + s.grants.sendOnBehalf + s.grants.fullAccess;
  s.delegates = delegates;
  s.computed = true;

  function* shards(): Iterable<ShardFile> {
    let start = 0;
    let done = 0;
    progress?.phase("writing shards", delegates);
    while (start < sorted.length) {
      const delegateRank = grantDelegate(sorted[start]);
      const entries: string[] = [];
      let end = start;
      for (; end < sorted.length; end++) {
        const code = sorted[end];
        if (grantDelegate(code) !== delegateRank) break;
        entries.push(mailboxJson(template(byAddress[grantMailbox(code)]), grantBits(code)));
      }
      const delegate = byAddress[delegateRank];
      const user = addresses[delegate];
      const text = shardText(generatedAt, user, aliasesOf(delegate, user), entries);
      yield {
        user,
        objectId: recipients.objectIds[delegate] ?? "",
        fileName: shardFileName(user),
        text,
      };
      start = end;
      if ((++done & 1023) === 0) progress?.step(done);
    }
    progress?.step(done);
    progress?.done();
  }

  return { indexText: indexText(generatedAt, s.tenant), shards };
}
