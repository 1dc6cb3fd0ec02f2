import type { SmtpAddress } from "../core/address";
import { fromDigest } from "../core/digest";
import type { Delegate } from "../core/identity";
import type { DirectoryState } from "../directory/client";

/**
 * The person's last good answer for the event handlers, under whichever key it was stored. The
 * directory is keyed by the person's mail address, or by Office's UPN where that address was
 * unknown ("Open another mailbox"; core/identity.ts Delegate.addressUnknown), so the pane and
 * handlers may have stored it under the other key. `read(key)` reads the cache under a key
 * (directory/client.ts readCachedFor). Tried in order:
 * - the delegate's own key;
 * - keyed by mail: Office's UPN (delegate.account.upn), taken only when its shard's user is the
 *   delegate (the service chose it by the checked token, so it is this person's);
 * - keyed by the UPN: `knownMail`, the person's mail address where something the person wrote
 *   says so (the roaming digest loaded under this UPN, core/digest.ts Digest.key), taken only
 *   when its shard's user is that address.
 * A "nothing published" under the other key is not taken: it says nothing about who it was for.
 */
export async function readPersonCache(
  read: (key: SmtpAddress) => Promise<DirectoryState | null>,
  delegate: Delegate,
  knownMail: SmtpAddress | null
): Promise<DirectoryState | null> {
  const own = await read(delegate.user.address);
  if (own) return own;
  const upn = delegate.account?.upn;
  const other = delegate.addressUnknown ? knownMail : upn;
  const person = delegate.addressUnknown ? knownMail : delegate.user.address;
  if (!other || !person || other === delegate.user.address) return null;
  const found = await read(other);
  return found && "shard" in found && found.shard.user === person ? found : null;
}

/**
 * The handlers' `directory.cached` (HandlerDeps): readPersonCache for the current delegate, with
 * the mail address named by the roaming digest when that digest was loaded under the delegate's
 * key. `delegate` is read on each call, since readFrom decides the delegate again per event;
 * `read(key, address)` reads the cache under `key` for one mailbox (readCachedFor).
 */
export function personCache(
  delegate: () => Delegate,
  readDigest: () => unknown,
  read: (key: SmtpAddress, address: SmtpAddress) => Promise<DirectoryState | null>
): (address: SmtpAddress) => Promise<DirectoryState | null> {
  return (address) => {
    const current = delegate();
    const digest = fromDigest(readDigest());
    const knownMail = digest && digest.key === current.user.address ? digest.shard.user : null;
    return readPersonCache((key) => read(key, address), current, knownMail);
  };
}
