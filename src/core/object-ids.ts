import { toSmtpAddress } from "./address";
import { DIRECTORY_VERSION } from "./model";

// object-ids.json: which shard belongs to which Entra user, for the directory service
// (send-from-admin serve). The service picks the caller's shard from the token's `oid` claim
// alone, so this map is the only link between a token and a shard. Format: docs/directory-format.md.

export const OBJECT_IDS_FORMAT = "send-from-directory/object-ids";
export const OBJECT_IDS_FILE = "object-ids.json";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value has the form of an Entra object id or tenant id (a GUID, any case), as in the
 * `oid` and `tid` token claims and Exchange's ExternalDirectoryObjectId.
 */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Larger than any tenant's map (1,000,000 users is about 80 MB); refused unread beyond. */
export const MAX_OBJECT_IDS_BYTES = 256 * 1024 * 1024;

export interface ObjectIdMap {
  format: typeof OBJECT_IDS_FORMAT;
  version: typeof DIRECTORY_VERSION;
  generatedAt: string;
  /** Entra object id (lower case) -> the user's primary SMTP address, i.e. whose shard. */
  users: Record<string, string>;
}

/** Why an object-ids.json cannot be used; `detail` is for the admin's log. */
export type ObjectIdMapParse = { ok: true; value: ObjectIdMap } | { ok: false; detail: string };

/**
 * Parses object-ids.json text. Every key must be an object id in lower case and every value a
 * lower-case address; one address may appear once (two object ids for one user would mean the
 * build is corrupt). Unknown top-level fields are ignored, as in every version-1 file.
 */
export function parseObjectIdMap(text: string): ObjectIdMapParse {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, detail: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return { ok: false, detail: "not a JSON object" };
  const r = data as Record<string, unknown>;
  if (r.format !== OBJECT_IDS_FORMAT)
    return { ok: false, detail: "its format is not " + OBJECT_IDS_FORMAT };
  if (r.version !== DIRECTORY_VERSION)
    return {
      ok: false,
      detail: `format version ${String(r.version)}; this tool knows version ${DIRECTORY_VERSION}`,
    };
  if (typeof r.generatedAt !== "string" || r.generatedAt === "")
    return { ok: false, detail: "generatedAt is missing" };
  const users = r.users;
  if (typeof users !== "object" || users === null || Array.isArray(users))
    return { ok: false, detail: "users is not an object" };
  const seen = new Set<string>();
  // A null-prototype copy: an object id can never collide with Object.prototype's keys.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [oid, user] of Object.entries(users as Record<string, unknown>)) {
    if (!isGuid(oid) || oid !== oid.toLowerCase())
      return { ok: false, detail: `"${oid.slice(0, 60)}" is not a lower-case object id` };
    if (typeof user !== "string" || user === "" || user !== toSmtpAddress(user))
      return { ok: false, detail: `the user of ${oid} is not a lower-case address` };
    if (seen.has(user)) return { ok: false, detail: `${user} is listed under two object ids` };
    seen.add(user);
    out[oid] = user;
  }
  return {
    ok: true,
    value: {
      format: OBJECT_IDS_FORMAT,
      version: DIRECTORY_VERSION,
      generatedAt: r.generatedAt,
      users: out,
    },
  };
}
