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

/**
 * The person's own addresses (their shard's `user`, then its `aliases`) as this device's stored
 * copies name them, for a delegate that is `uncertain` (core/identity.ts: Office would not name
 * the shared item's owner, office-js #6877, and its UPN differs from userProfile): the shard
 * cached under Office's UPN (the pane and handlers key by it where the mail address was unknown,
 * and by the mail address, which is often the UPN), else the roaming digest when it was loaded
 * for that UPN (Digest.key) or names it as its user. `read(key)` reads the cache under a key
 * (directory/client.ts readCachedFor). Empty when nothing stored is the person's: another
 * person's copy (another delegate of the same mailbox) never names them.
 */
export async function storedPersonAddresses(
  upn: SmtpAddress,
  read: (key: SmtpAddress) => Promise<DirectoryState | null>,
  readDigest: () => unknown
): Promise<SmtpAddress[]> {
  const cached = await read(upn);
  if (cached && "shard" in cached)
    return [cached.shard.user, ...(cached.shard.aliases ?? [])].filter(isAddress);
  const digest = fromDigest(readDigest());
  if (digest && (digest.key === upn || digest.shard.user === upn))
    return [digest.shard.user, ...(digest.shard.aliases ?? [])].filter(isAddress);
  return [];
}

function isAddress(a: string | undefined): a is SmtpAddress {
  return !!a;
}

/**
 * A shared mailbox added to new Outlook as its own account (office-js #5682): userProfile is the
 * shared mailbox, getSharedPropertiesAsync gives nothing (the item is that account's own), and
 * only Office's account (getAuthContext's UPN) names the person. When the delegate was taken from
 * userProfile (`profile`) while Office's UPN is another address, this device's stored copies
 * that name the person by that UPN (storedPersonAddresses) decide: addresses that exclude
 * userProfile prove it is a mailbox, not the person (core/identity.ts delegateOf, evidence b).
 * Else a shard stored under userProfile's own address whose user is userProfile (the pane keys
 * by it, and stores only a shard naming its key: in protected mode B/me answers the token's
 * person, so such a shard says userProfile is theirs; a person whose UPN is not their mail
 * address, in their own mailbox) gives the addresses, userProfile among them.
 * Returns those addresses; [] when nothing stored names the person (then nothing says whether
 * userProfile is the person: a UPN that differs from the mail address is no evidence either way,
 * so the caller takes the delegate as uncertain, OfficeIdentity.profileUnproven); null when the
 * check does not apply (no account from Office, its UPN is userProfile, or the delegate was not
 * taken from userProfile). Limit: in public mode the file under userProfile's address is anyone's
 * to fetch, so a shard published for a shared mailbox, stored by a pane opened in it, would count.
 */
export async function addressesBehindProfile(
  delegate: Delegate,
  profile: SmtpAddress,
  read: (key: SmtpAddress) => Promise<DirectoryState | null>,
  readDigest: () => unknown
): Promise<SmtpAddress[] | null> {
  const upn = delegate.account?.upn;
  if (!upn || upn === profile || delegate.user.address !== profile || delegate.openedMailbox)
    return null;
  const byUpn = await storedPersonAddresses(upn, read, readDigest);
  if (byUpn.length) return byUpn;
  return addressesOwnedByProfile(profile, read);
}

/**
 * userProfile's own addresses where this device stored a shard under userProfile's address whose
 * user is userProfile (the pane keys by it and keeps only a shard naming its key; in protected
 * mode B/me answers the token's person, so such a shard says userProfile is theirs): userProfile,
 * then the shard's aliases. [] when nothing such is stored. The evidence addressesBehindProfile
 * takes last, and the handlers' only evidence where Office should have named its account and did
 * not (core/identity.ts OfficeIdentity.accountMissing). Same limit as addressesBehindProfile.
 */
export async function addressesOwnedByProfile(
  profile: SmtpAddress,
  read: (key: SmtpAddress) => Promise<DirectoryState | null>
): Promise<SmtpAddress[]> {
  const byProfile = await read(profile);
  if (byProfile && "shard" in byProfile && byProfile.shard.user === profile)
    return [profile, ...(byProfile.shard.aliases ?? [])].filter(isAddress);
  return [];
}
