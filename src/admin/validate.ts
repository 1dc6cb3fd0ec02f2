import * as fs from "node:fs";
import * as path from "node:path";
import { toSmtpAddress } from "../core/address";
import { Mailbox } from "../core/model";
import { DirectoryProblem, parseIndex, parseShard } from "../core/shard";
import { OBJECT_IDS_FILE } from "../core/object-ids";
import { shardFileName } from "../core/shard-name";
import { checkObjectIdMap } from "./object-ids";
import { Problem } from "./problems";

const SHARD_NAME = /^[0-9a-f]{64}\.json$/;
const REBUILD = "rebuild the directory with send-from-admin build and publish the whole folder";

export interface ValidateProgress {
  phase(text: string, total?: number): void;
  step(done: number): void;
  done(): void;
}

export interface DirectoryCheck {
  problems: Problem[];
  shards: number;
}

export function describeDirectoryProblem(p: DirectoryProblem): string {
  switch (p.code) {
    case "tooLarge":
      return `${p.bytes} bytes, over the ${p.limit} bytes the task pane accepts`;
    case "notJson":
      return `not JSON (${p.detail})`;
    case "wrongFormat":
      return `its format is ${p.found}, not a Send From directory file`;
    case "unsupportedVersion":
      return `format version ${p.found}; this tool knows version ${p.supported}`;
    case "invalid":
      return `does not match the schema at ${p.at}: ${p.detail}`;
    case "wrongUser":
      return `is for ${p.found}, not ${p.expected}`;
  }
}

interface RawShard {
  user?: unknown;
  aliases?: unknown[];
  mailboxes?: { address?: unknown }[];
}

function rawAddresses(raw: RawShard): string[] {
  const all = [raw.user, ...(raw.aliases ?? []), ...(raw.mailboxes ?? []).map((m) => m.address)];
  return all.filter((a): a is string => typeof a === "string");
}

/** What a mailbox looks like in every shard that lists it (rights aside): it must not differ. */
function facts(m: Mailbox): string {
  return JSON.stringify([
    m.displayName,
    m.kind,
    m.sentItemsCopy,
    !!m.noReply,
    !!m.hiddenFromAddressLists,
  ]);
}

/**
 * Checks a published directory: every file against the JSON Schema (through the pane's own
 * parser), and the files against each other: shard names, one generatedAt, no stray files, no
 * duplicate or own addresses, no address claimed by two users, the same facts for a mailbox
 * everywhere.
 */
export function validateDirectory(dir: string, progress?: ValidateProgress): DirectoryCheck {
  const problems: Problem[] = [];
  const add = (file: string, message: string, fix: string) => problems.push({ file, message, fix });
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error();
  } catch {
    add(dir, "is not a folder", "pass the folder send-from-admin build wrote (its --out)");
    return { problems, shards: 0 };
  }

  let generatedAt: string | null = null;
  const indexFile = path.join(dir, "index.json");
  if (!fs.existsSync(indexFile)) {
    add("index.json", "is missing: the task pane cannot tell this is a directory", REBUILD);
  } else {
    const parsed = parseIndex(fs.readFileSync(indexFile, "utf8"));
    if (parsed.ok) generatedAt = parsed.value.generatedAt;
    else add("index.json", describeDirectoryProblem(parsed.problem), REBUILD);
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "index.json" || entry.name === OBJECT_IDS_FILE) continue;
    if (entry.name === "users" && entry.isDirectory()) continue;
    add(
      entry.name,
      `is a stray file: a directory holds only index.json, ${OBJECT_IDS_FILE} and users/`,
      "remove it, or publish it outside the directory folder"
    );
  }
  const usersDir = path.join(dir, "users");
  if (!fs.existsSync(usersDir)) {
    add("users/", "is missing", REBUILD);
    return { problems, shards: 0 };
  }

  const entries = fs
    .readdirSync(usersDir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  progress?.phase("validating shards", entries.length);
  /** Who claims each address (as user or alias), to find one address in two shards. */
  const owner = new Map<string, string>();
  const mailboxFacts = new Map<string, { facts: string; file: string }>();
  const users = new Set<string>();
  let shards = 0;
  let done = 0;
  for (const entry of entries) {
    if ((++done & 1023) === 0) progress?.step(done);
    const file = `users/${entry.name}`;
    if (!entry.isFile() || !SHARD_NAME.test(entry.name)) {
      add(
        file,
        "is a stray file: users/ holds only <sha256>.json shards",
        "remove it, or rebuild the directory"
      );
      continue;
    }
    shards++;
    const text = fs.readFileSync(path.join(usersDir, entry.name), "utf8");
    let raw: RawShard = {};
    try {
      raw = (JSON.parse(text) as RawShard) ?? {};
    } catch {
      // parseShard reports it.
    }
    const rawUser = typeof raw.user === "string" ? raw.user : "";
    const parsed = parseShard(text, toSmtpAddress(rawUser));
    if (!parsed.ok) {
      add(file, describeDirectoryProblem(parsed.problem), REBUILD);
      continue;
    }
    const shard = parsed.value;
    const user = shard.user;
    users.add(user);
    if (shardFileName(user) !== entry.name) {
      add(
        file,
        `is the shard of ${user} but named as another user's (expected users/${shardFileName(user)})`,
        "do not rename shards; " + REBUILD
      );
    }
    if (rawAddresses(raw).some((a) => a !== a.toLowerCase())) {
      add(
        file,
        "has addresses that are not lower case (the pane compares them in lower case)",
        REBUILD
      );
    }
    if (generatedAt !== null && shard.generatedAt !== generatedAt) {
      add(
        file,
        `generatedAt is ${shard.generatedAt} but index.json says ${generatedAt}: files of two builds are mixed`,
        REBUILD
      );
    }
    for (const note of parsed.notes) {
      add(file, `lists ${note.address} more than once`, REBUILD);
    }
    if (shard.mailboxes.length === 0) {
      add(file, "lists no mailbox: a user without rights must have no shard", REBUILD);
    }
    const own = new Set([user, ...(shard.aliases ?? [])]);
    if (shard.aliases?.includes(user))
      add(file, `lists the user's own address ${user} among its aliases`, REBUILD);
    for (const m of shard.mailboxes) {
      if (own.has(m.address))
        add(file, `lists the user's own address ${m.address} as a mailbox to send from`, REBUILD);
      if (m.rights.length === 0) add(file, `lists ${m.address} with no right`, REBUILD);
      const seen = mailboxFacts.get(m.address);
      const f = facts(m);
      if (!seen) mailboxFacts.set(m.address, { facts: f, file });
      else if (seen.facts !== f) {
        add(
          file,
          `describes ${m.address} differently from ${seen.file} (name, kind, Sent Items copy or flags)`,
          REBUILD
        );
      }
    }
    for (const address of own) {
      const other = owner.get(address);
      if (other && other !== file)
        add(
          file,
          `claims ${address}, which ${other} claims too`,
          "an address belongs to one user; " + REBUILD
        );
      else owner.set(address, file);
    }
  }
  progress?.step(done);
  progress?.done();
  const objectIds = path.join(dir, OBJECT_IDS_FILE);
  if (fs.existsSync(objectIds)) {
    for (const p of checkObjectIdMap(fs.readFileSync(objectIds, "utf8"), generatedAt, users))
      add(p.file, p.message, REBUILD);
  }
  return { problems, shards };
}
