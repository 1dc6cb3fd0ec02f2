import { shardFileName } from "../core/shard-name";
import { toSmtpAddress } from "../core/address";
import { DIRECTORY_VERSION } from "../core/model";
import { isGuid, OBJECT_IDS_FILE, OBJECT_IDS_FORMAT, parseObjectIdMap } from "../core/object-ids";

/**
 * Why a delegate with a shard is left out of object-ids.json, so the directory service cannot
 * give them their shard (the add-in in protected mode then shows only their own address):
 * - `noObjectId`: ExternalDirectoryObjectId is empty. Exchange leaves it empty for recipients
 *   that are not Entra objects, e.g. mailboxes still on premises in a hybrid organisation.
 * - `notAnObjectId`: the value is not a GUID (a damaged or hand-edited export).
 * - `sharedObjectId`: two delegates carry the same object id; neither can be told from the
 *   token alone, and giving one the other's shard is worse than giving none.
 */
export type LeftOutReason = "noObjectId" | "notAnObjectId" | "sharedObjectId";

export interface LeftOutUser {
  user: string;
  reason: LeftOutReason;
}

/** What the build reports about object-ids.json. */
export interface ObjectIdOutcome {
  /** Delegates the service can serve. */
  mapped: number;
  /** Delegates left out, by reason. */
  leftOut: Record<LeftOutReason, number>;
  /** The first MAX_LEFT_OUT_LISTED of them, with why. */
  leftOutUsers: LeftOutUser[];
}

export const MAX_LEFT_OUT_LISTED = 100;

/**
 * Collects each delegate's Entra object id while the shards are written, then writes
 * object-ids.json (docs/directory-format.md). Keys are lower-cased: tokens carry `oid` in lower
 * case, exports usually do too, but a GUID is case-insensitive.
 */
export class ObjectIdMapBuilder {
  private readonly byOid = new Map<string, string[]>();
  private readonly leftOut: LeftOutUser[] = [];

  add(user: string, objectId: string): void {
    const address = toSmtpAddress(user);
    const oid = objectId.trim().toLowerCase();
    if (oid === "") this.leftOut.push({ user: address, reason: "noObjectId" });
    else if (!isGuid(oid)) this.leftOut.push({ user: address, reason: "notAnObjectId" });
    else {
      const users = this.byOid.get(oid);
      if (users) users.push(address);
      else this.byOid.set(oid, [address]);
    }
  }

  /** The file's text (sorted by object id, so a build's bytes depend only on its input) and the outcome. */
  finish(generatedAt: string): { text: string; outcome: ObjectIdOutcome } {
    const entries: string[] = [];
    const leftOut = [...this.leftOut];
    for (const oid of [...this.byOid.keys()].sort()) {
      const users = this.byOid.get(oid) as string[];
      if (users.length === 1) entries.push(`${JSON.stringify(oid)}:${JSON.stringify(users[0])}`);
      else for (const user of users) leftOut.push({ user, reason: "sharedObjectId" });
    }
    leftOut.sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
    const counts: Record<LeftOutReason, number> = {
      noObjectId: 0,
      notAnObjectId: 0,
      sharedObjectId: 0,
    };
    for (const l of leftOut) counts[l.reason]++;
    const text =
      `{"format":${JSON.stringify(OBJECT_IDS_FORMAT)},"version":${DIRECTORY_VERSION},` +
      `"generatedAt":${JSON.stringify(generatedAt)},"users":{${entries.join(",")}}}\n`;
    return {
      text,
      outcome: {
        mapped: entries.length,
        leftOut: counts,
        leftOutUsers: leftOut.slice(0, MAX_LEFT_OUT_LISTED),
      },
    };
  }
}

/** The fix for a problem only object-ids.json's own text has (not JSON, not its format). */
export const OBJECT_IDS_DAMAGED_FIX =
  "object-ids.json is written by send-from-admin build (from each delegate's ExternalDirectoryObjectId in recipients.csv): publish it as the build wrote it, never edited; build again and publish the whole folder";

/** The fix when object-ids.json and the shards beside it come from different builds. */
const MIXED_BUILDS_FIX =
  "publish index.json, object-ids.json and users/ of one build together (copy the whole folder the build wrote; a shard copied or removed alone leaves object-ids.json naming the wrong shards)";

/**
 * Checks a directory's object-ids.json against its shards: readable, the build's generatedAt,
 * and every user it names has a shard (the directory service refuses a build that fails this).
 * A directory without the file is valid: only the service needs it. Each problem carries the fix
 * that fits its cause: a shard that exists but is unusable is fixed by that shard's own fix
 * (object-ids.json itself is right), files of two builds by publishing one build's folder whole.
 */
export function checkObjectIdMap(
  text: string,
  generatedAt: string | null,
  shardUsers: ReadonlySet<string>,
  /** Shard file names that exist but could not be read or parsed: not "no shard". */
  unusableShards: ReadonlySet<string> = new Set()
): { file: string; message: string; fix: string }[] {
  const parsed = parseObjectIdMap(text);
  if (!parsed.ok)
    return [{ file: OBJECT_IDS_FILE, message: parsed.detail, fix: OBJECT_IDS_DAMAGED_FIX }];
  const problems: { file: string; message: string; fix: string }[] = [];
  if (generatedAt !== null && parsed.value.generatedAt !== generatedAt)
    problems.push({
      file: OBJECT_IDS_FILE,
      message: `generatedAt is ${parsed.value.generatedAt} but index.json says ${generatedAt}: files of two builds are mixed`,
      fix: MIXED_BUILDS_FIX,
    });
  for (const user of Object.values(parsed.value.users)) {
    if (!shardUsers.has(user)) {
      const name = shardFileName(toSmtpAddress(user));
      const unusable = unusableShards.has(name);
      problems.push({
        file: OBJECT_IDS_FILE,
        message: unusable
          ? `names ${user}, whose shard users/${name} exists but is unusable (its own problem says why)`
          : `names ${user}, who has no shard`,
        fix: unusable
          ? `nothing to change in object-ids.json: fix users/${name} as its own problem says; this follows from it`
          : MIXED_BUILDS_FIX,
      });
      break;
    }
  }
  return problems;
}
