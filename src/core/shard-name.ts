import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils";
import { normalizeAddress } from "./model";

// A pure-JS hash: the classic Outlook on Windows event runtime has no WebCrypto guarantee,
// and the admin CLI, the task pane and the handlers must all name shards the same way.

/** File name of a user's shard: lower-case hex SHA-256 of the lower-cased primary SMTP address. */
export function shardFileName(userAddress: string): string {
  return `${bytesToHex(sha256(utf8ToBytes(normalizeAddress(userAddress))))}.json`;
}

/** Path of a user's shard relative to the directory base URL. */
export function shardPath(userAddress: string): string {
  return `users/${shardFileName(userAddress)}`;
}
