import { OVERSIZED_SHARD_FIX } from "./fixes";
import { notFileKind } from "./open-file";
import * as fs from "node:fs";
import * as path from "node:path";
import { toSmtpAddress } from "../core/address";
import { Mailbox, MAX_SHARD_BYTES } from "../core/model";
import { DirectoryProblem, parseIndex, parseShard, ShardNote } from "../core/shard";
import { OBJECT_IDS_FILE } from "../core/object-ids";
import { shardFileName } from "../core/shard-name";
import { checkObjectIdMap, OBJECT_IDS_DAMAGED_FIX } from "./object-ids";
import { escapedNonAscii, printable, Problem } from "./problems";

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
  /**
   * What is fine for one way of publishing and not another, said without failing: a directory
   * without object-ids.json is valid as public static files, which the pane reads, while the
   * directory service (`serve`) refuses it (src/service/store.ts; rev11p finding 8).
   */
  notes: string[];
}

/** validate's note for a directory without object-ids.json (DirectoryCheck.notes). */
export const NO_OBJECT_IDS_NOTE = `has no ${OBJECT_IDS_FILE}: fine for public static files, but \`send-from-admin serve\` refuses this directory; to serve it, publish the whole folder the build wrote`;

/**
 * What the pane does with a usable shard's oddity (core/shard.ts parseShard), in the words
 * validate and lookup print: a duplicate mailbox is shown once; a suspicious address
 * (suspiciousAddress: bidi, invisible, mixedScript) is left out, so its rights are not offered.
 */
export function describeShardNote(note: ShardNote): string {
  if (note.code === "duplicateMailbox") return `lists ${printable(note.address)} more than once`;
  const why =
    note.reason === "bidi"
      ? "it holds a bidirectional mark that reorders the text"
      : note.reason === "invisible"
        ? "it holds an invisible character"
        : "it mixes scripts or uses look-alike letters (e.g. Latin with Cyrillic, or fullwidth letters)";
  // In the notation build's messages use ("\u200B"), not the pane's <U+200B> (rev11t LOW 7).
  return `lists ${escapedNonAscii(note.raw)}, which the pane leaves out: ${why}, so it could be drawn as another address`;
}

/**
 * What can be wrong with a published file before the pane's parser sees it: it cannot be read
 * (permissions, a folder in its place), or its bytes are not UTF-8 text (the pane decodes UTF-8).
 */
export type FileProblem =
  { code: "unreadable"; detail: string } | { code: "notUtf8"; detail: string };

export function describeDirectoryProblem(p: DirectoryProblem | FileProblem): string {
  switch (p.code) {
    case "unreadable":
      return `exists but cannot be read (${p.detail})`;
    case "notUtf8":
      return `is not UTF-8 text: ${p.detail}; the task pane decodes UTF-8, so it would refuse the file or show damaged names`;
    case "tooLarge":
      return `${p.bytes} bytes, over the ${p.limit} bytes the task pane accepts`;
    case "notJson":
      return `not JSON (${p.detail})`;
    case "wrongFormat":
      // core/shard.ts describes a missing field as "nothing" (rev11c M4).
      return p.found === "nothing"
        ? `has no "format" field, so it is not a Send From directory file`
        : `its format is ${p.found}, not a Send From directory file`;
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
 * Reads a published file as the pane receives it. A file whose size (bytes) is over the pane's
 * limit (MAX_SHARD_BYTES, src/core/model.ts) is refused unread, as the pane refuses a declared
 * Content-Length over it (src/directory/client.ts); the text of a smaller file is then measured
 * by parseShard/parseIndex with the pane's own count (utf8Length: UTF-8 bytes, never
 * characters), so a shard of non-ASCII names under the limit in characters and over it in bytes
 * fails here exactly as in every pane. Only a regular file is read, and at most the limit + 1
 * bytes of it: a FIFO, a device or a link to one (/dev/zero) would block or never end (rev11d
 * finding 15); the web server serves regular files only.
 */
export function readPublishedFile(
  file: string
): { ok: true; text: string } | { ok: false; problem: DirectoryProblem | FileProblem } {
  let bytes: Buffer;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
    const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      const stat = fs.fstatSync(fd);
      if (stat.isDirectory()) throw Object.assign(new Error("EISDIR"), { code: "EISDIR" });
      if (!stat.isFile()) {
        const what = notFileKind(stat);
        return {
          ok: false,
          problem: {
            code: "unreadable",
            detail: `it is ${what}, not a regular file (or a link to one): the web server serves only files, so it was not read`,
          },
        };
      }
      if (stat.size > MAX_SHARD_BYTES) {
        // Too large, or damaged: a file that does not start as JSON text is not a shard grown
        // big, and its fix is a rebuild, never removing rights (rev11j finding 10: 20 MB of NUL
        // bytes were told to remove the rights its user does not send with).
        const head = Buffer.alloc(4096);
        const got = fs.readSync(fd, head, 0, head.length, 0);
        return {
          ok: false,
          problem: notJsonStart(head.subarray(0, got)) ?? {
            code: "tooLarge",
            bytes: stat.size,
            limit: MAX_SHARD_BYTES,
          },
        };
      }
      // A file that grows while read is still cut at the limit + 1 bytes.
      const buf = Buffer.alloc(Math.min(stat.size, MAX_SHARD_BYTES) + 1);
      let n = 0;
      for (let got = -1; got !== 0 && n < buf.length; n += got)
        got = fs.readSync(fd, buf, n, buf.length - n, null);
      if (n > MAX_SHARD_BYTES)
        return { ok: false, problem: { code: "tooLarge", bytes: n, limit: MAX_SHARD_BYTES } };
      bytes = buf.subarray(0, n);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === "EACCES" || err.code === "EPERM"
        ? "permission denied: the account running this command, and the web server, must be able to read it"
        : err.code === "EISDIR"
          ? "it is a folder, not a file"
          : err.code === "ENOENT"
            ? "no such file: a link to a file that is gone, or removed while being read"
            : err.message;
    return { ok: false, problem: { code: "unreadable", detail: why } };
  }
  return decodePublished(bytes);
}

/**
 * Why the first bytes of a file over the size limit (`head`) show it is no JSON the build
 * writes (every published file is a JSON object, UTF-8 with or without BOM): a NUL byte (UTF-16
 * or binary), or a first character other than "{" after white space; null when they may be one.
 */
function notJsonStart(head: Buffer): FileProblem | DirectoryProblem | null {
  const nul = head.indexOf(0);
  if (nul >= 0)
    return { code: "notUtf8", detail: `it holds a NUL byte at byte ${nul} (UTF-16 or binary)` };
  const text = head
    .toString("latin1")
    .replace(/^\xef\xbb\xbf/, "")
    .trimStart();
  if (text === "" || text.startsWith("{")) return null;
  return {
    code: "notJson",
    detail: `it starts with ${JSON.stringify(text.slice(0, 20))}, not "{": a damaged file, not a large shard`,
  };
}

/**
 * The text of a published file as the pane decodes it: UTF-8, a leading UTF-8 BOM dropped
 * (the pane's TextDecoder and Response.text() do so, WHATWG Encoding "UTF-8 decode"); UTF-16 (a BOM or NUL
 * bytes) and invalid UTF-8 are named as what they are rather than "not JSON".
 */
function decodePublished(
  bytes: Buffer
): { ok: true; text: string } | { ok: false; problem: FileProblem } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      ok: false,
      problem: {
        code: "notUtf8",
        detail: `it is UTF-16 (${bytes[0] === 0xff ? "little" : "big"}-endian byte order mark), e.g. re-saved by an editor or Out-File`,
      },
    };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      ok: false,
      problem: { code: "notUtf8", detail: `it holds a NUL byte at byte ${nul} (UTF-16 or binary)` },
    };
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text };
  } catch {
    // Find where: the longest prefix that is valid, an unfinished last character allowed (stream
    // mode), ends at the first bad byte. Such prefixes stay valid up to it, so a binary search
    // finds it in log n decodes (a scan from the end took minutes on a large shard; rev11y Y8).
    const validPrefix = (end: number) => {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
        return true;
      } catch {
        return false;
      }
    };
    let lo = 0;
    let hi = bytes.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (validPrefix(mid)) lo = mid;
      else hi = mid - 1;
    }
    // The prefix may end in the first bytes of the character that goes wrong: back to its start.
    let at = lo;
    while (at > 0 && at > lo - 3) {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, at));
        break;
      } catch {
        at--;
      }
    }
    return {
      ok: false,
      problem: {
        code: "notUtf8",
        detail: `byte ${at} is not valid UTF-8 (e.g. saved in Windows-1252 / ANSI)`,
      },
    };
  }
}

const TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Whether a generatedAt value is a time that exists: ISO 8601 with a zone, a month 1-12, a day
 * of that month, hours 0-23, minutes and seconds 0-59. Date.parse alone accepts 2026-02-30
 * (rolled over to March); the pane shows the time in "rights seen" (rev11j finding 9:
 * "2026-13-45T99:30:00Z" passed validate).
 */
function isRealTime(value: string): boolean {
  const m = TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? "0"));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= days && hour < 24 && minute < 60 && second < 60
  );
}

/** The message for a generatedAt that is not a time (isRealTime). */
function notADate(value: string): string {
  return `generatedAt ${JSON.stringify(value)} is not a date and time (ISO 8601, e.g. 2026-11-01T06:00:00Z): the pane cannot show when the directory was built`;
}

/** A parser or validator that threw (e.g. on a value nested a million levels deep), as text. */
function thrown(e: unknown): string {
  return `could not be checked: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} (the task pane cannot read it either)`;
}

/**
 * Checks a published directory: every file against the JSON Schema (through the pane's own
 * parser, with the pane's byte limit), and the files against each other: shard names, one
 * generatedAt, no stray files, no duplicate or own addresses, no address claimed by two users,
 * the same facts for a mailbox everywhere. Never throws on what it finds: an unreadable or
 * pathological file is a problem naming that file.
 */
export function validateDirectory(dir: string, progress?: ValidateProgress): DirectoryCheck {
  const problems: Problem[] = [];
  const add = (file: string, message: string, fix: string) => problems.push({ file, message, fix });
  try {
    return check(dir, problems, add, progress);
  } catch (e) {
    add(dir, thrown(e), "check that the folder is readable; " + REBUILD);
    return { problems, shards: 0, notes: [] };
  }
}

function check(
  dir: string,
  problems: Problem[],
  add: (file: string, message: string, fix: string) => void,
  progress?: ValidateProgress
): DirectoryCheck {
  let exists = true;
  try {
    fs.lstatSync(dir);
  } catch {
    exists = false;
  }
  let folder = false;
  try {
    folder = fs.statSync(dir).isDirectory();
  } catch {
    folder = false;
  }
  if (!exists) {
    add(dir, "does not exist", "pass the folder send-from-admin build wrote (its --out)");
    return { problems, shards: 0, notes: [] };
  }
  if (!folder) {
    add(dir, "is not a folder", "pass the folder send-from-admin build wrote (its --out)");
    return { problems, shards: 0, notes: [] };
  }

  let generatedAt: string | null = null;
  const indexFile = path.join(dir, "index.json");
  if (!fs.existsSync(indexFile)) {
    add("index.json", "is missing: the task pane cannot tell this is a directory", REBUILD);
  } else {
    try {
      const read = readPublishedFile(indexFile);
      const parsed = read.ok ? parseIndex(read.text) : read;
      if (parsed.ok) {
        generatedAt = parsed.value.generatedAt;
        if (!isRealTime(generatedAt)) {
          add("index.json", notADate(generatedAt), REBUILD);
          // Each shard's own time is then checked alone, never called "two builds mixed".
          generatedAt = null;
        }
      } else add("index.json", describeDirectoryProblem(parsed.problem), REBUILD);
    } catch (e) {
      add("index.json", thrown(e), REBUILD);
    }
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
    return { problems, shards: 0, notes: [] };
  }

  const entries = fs
    .readdirSync(usersDir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  progress?.phase("validating shards", entries.length);
  const seen: ShardsSeen = {
    owner: new Map(),
    mailboxFacts: new Map(),
    users: new Set(),
    unusable: new Set(),
    aliases: new Map(),
  };
  let shards = 0;
  let done = 0;
  for (const entry of entries) {
    if ((++done & 1023) === 0) progress?.step(done);
    const file = `users/${entry.name}`;
    // A shard name that is not a plain file (a folder, a link) is still read: what is wrong
    // with it is then said, rather than calling it stray or the user shard-less.
    if (!SHARD_NAME.test(entry.name)) {
      add(
        file,
        "is a stray file: users/ holds only <sha256>.json shards",
        "remove it, or rebuild the directory"
      );
      continue;
    }
    shards++;
    try {
      if (!checkShard(path.join(usersDir, entry.name), file, generatedAt, seen, add))
        seen.unusable.add(entry.name);
    } catch (e) {
      seen.unusable.add(entry.name);
      add(file, thrown(e), REBUILD);
    }
  }
  progress?.step(done);
  progress?.done();
  const objectIds = path.join(dir, OBJECT_IDS_FILE);
  const notes: string[] = [];
  if (!fs.existsSync(objectIds)) notes.push(NO_OBJECT_IDS_NOTE);
  else {
    try {
      const read = readPublishedFile(objectIds);
      if (!read.ok)
        add(OBJECT_IDS_FILE, describeDirectoryProblem(read.problem), OBJECT_IDS_DAMAGED_FIX);
      else
        for (const p of checkObjectIdMap(read.text, generatedAt, seen.users, seen.unusable))
          add(p.file, p.message, p.fix);
    } catch (e) {
      add(OBJECT_IDS_FILE, thrown(e), OBJECT_IDS_DAMAGED_FIX);
    }
  }
  return { problems, shards, notes };
}

/** What the shards checked so far claim, for the checks across files. */
interface ShardsSeen {
  /** Who claims each address (as user or alias), to find one address in two shards. */
  owner: Map<string, string>;
  mailboxFacts: Map<string, { facts: string; file: string }>;
  /** Every shard's user, for object-ids.json. */
  users: Set<string>;
  /** Names of shard files that exist but could not be read or parsed (reported on their own). */
  unusable: Set<string>;
  /** Each alias claimed so far, with its shard: an alias is never another shard's mailbox. */
  aliases: Map<string, string>;
}

function checkShard(
  fullPath: string,
  file: string,
  generatedAt: string | null,
  seen: ShardsSeen,
  add: (file: string, message: string, fix: string) => void
): boolean {
  const { owner, mailboxFacts, users } = seen;
  {
    const read = readPublishedFile(fullPath);
    if (!read.ok) {
      add(
        file,
        describeDirectoryProblem(read.problem),
        // Rebuilding writes the same shard: the fix is the rights its user holds (rev11d 3).
        read.problem.code === "tooLarge" ? OVERSIZED_SHARD_FIX : REBUILD
      );
      return false;
    }
    const text = read.text;
    let raw: RawShard = {};
    try {
      const data = JSON.parse(text) as unknown;
      if (typeof data === "object" && data !== null && !Array.isArray(data)) raw = data as RawShard;
    } catch {
      // parseShard reports it.
    }
    const rawUser = typeof raw.user === "string" ? raw.user : "";
    const parsed = parseShard(text, toSmtpAddress(rawUser));
    if (!parsed.ok) {
      add(file, describeDirectoryProblem(parsed.problem), REBUILD);
      return false;
    }
    const shard = parsed.value;
    const user = shard.user;
    users.add(user);
    if (shardFileName(user) !== path.basename(fullPath)) {
      // The file's own user has no shard under this name: unusable for that user, which
      // object-ids.json's check says so, not "has no shard" (rev11o finding 1).
      seen.unusable.add(path.basename(fullPath));
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
    if (!isRealTime(shard.generatedAt)) add(file, notADate(shard.generatedAt), REBUILD);
    else if (generatedAt !== null && shard.generatedAt !== generatedAt) {
      add(
        file,
        `generatedAt is ${shard.generatedAt} but index.json says ${generatedAt}: files of two builds are mixed`,
        REBUILD
      );
    }
    for (const note of parsed.notes) add(file, describeShardNote(note), REBUILD);
    if (shard.mailboxes.length === 0) {
      add(
        file,
        parsed.notes.some((n) => n.code === "suspiciousAddress")
          ? "lists no mailbox the pane shows (it leaves out each one named above)"
          : "lists no mailbox: a user without rights must have no shard",
        REBUILD
      );
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
    // An alias that another shard lists as a mailbox is another recipient's address: Outlook's
    // From checks would take that mailbox for the user's own (issue 11 item 4; rev11o 15).
    for (const alias of shard.aliases ?? []) {
      const listed = mailboxFacts.get(alias);
      if (listed && listed.file !== file)
        add(
          file,
          `claims ${alias} as the user's own address, which ${listed.file} lists as a mailbox to send from`,
          "an address belongs to one recipient; " + REBUILD
        );
      else if (!seen.aliases.has(alias)) seen.aliases.set(alias, file);
    }
    for (const m of shard.mailboxes) {
      const claimant = seen.aliases.get(m.address);
      if (claimant && claimant !== file)
        add(
          file,
          `lists ${m.address} as a mailbox to send from, which ${claimant} claims as its user's own address`,
          "an address belongs to one recipient; " + REBUILD
        );
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
  return true;
}
