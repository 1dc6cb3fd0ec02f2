import { sha256 } from "@noble/hashes/sha256";
import { bytesToHex } from "@noble/hashes/utils";
import type { SmtpAddress } from "./address";

// A pure-JS hash and encoder: the event handlers' JavaScript-only runtime (classic Outlook on
// Windows) promises neither WebCrypto nor TextEncoder, and the admin CLI, the task pane and the
// handlers must all name shards the same way.

/** UTF-8 bytes of a string, without TextEncoder. */
export function utf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else
      bytes.push(
        0xf0 | (c >> 18),
        0x80 | ((c >> 12) & 63),
        0x80 | ((c >> 6) & 63),
        0x80 | (c & 63)
      );
  }
  return Uint8Array.from(bytes);
}

/** File name of a user's shard: lower-case hex SHA-256 of the lower-cased primary SMTP address. */
export function shardFileName(userAddress: SmtpAddress): string {
  return `${bytesToHex(sha256(utf8(userAddress)))}.json`;
}

/** Path of a user's shard relative to the directory base URL. */
export function shardPath(userAddress: SmtpAddress): string {
  return `users/${shardFileName(userAddress)}`;
}
