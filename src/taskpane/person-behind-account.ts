import type { SmtpAddress } from "../core/address";
import { recordFailure } from "../core/diagnostics";
import type { OfficeIdentity } from "../core/identity";
import type { DirectoryState } from "../directory/cache";
import type { PaneHost } from "./host";

/** The directory's files by key, as the pane reads them in public mode (index.tsx). */
export interface AccountFiles {
  /** The copy stored on this device under `key` (directory/cache.ts readCachedShard): no request. */
  stored(key: SmtpAddress): Promise<DirectoryState | null>;
  /**
   * The directory's answer under `key` (directory/client.ts loadUserShard, which never rejects;
   * it stores what it gets). `askAgain` false: a "nothing published" remembered on this device
   * is reused for NOT_PUBLISHED_REVALIDATE_MS without a request; true: always asked, as the pane
   * asks its own key.
   */
  load(key: SmtpAddress, askAgain: boolean): Promise<DirectoryState>;
}

/** What personBehindAccount found: the identity to start with, and where the pane's list comes from. */
export interface PersonBehindAccount {
  identity: OfficeIdentity;
  /**
   * The pane's directory (PaneHost.directory) where it is not the delegate's own key: public
   * mode reads the file under Office's UPN and the file under userProfile. Absent: the delegate's key.
   */
  directory?: PaneHost["directory"];
}

const shardOf = (state: DirectoryState | null) => (state && "shard" in state ? state.shard : null);

/**
 * Which of the two files names the person, by the rule below: the file under the UPN, else the
 * file under userProfile when its user is userProfile, else null (neither).
 */
function personFile(
  byUpn: DirectoryState | null,
  byProfile: DirectoryState | null,
  profile: SmtpAddress
): DirectoryState | null {
  if (shardOf(byUpn)) return byUpn;
  if (shardOf(byProfile)?.user === profile) return byProfile;
  return null;
}

/**
 * A shared mailbox added to new Outlook as an account of its own (office-js #5682): userProfile
 * is the shared mailbox, getSharedPropertiesAsync is not offered (the item is that account's
 * own), and only Office's account (getAuthContext's UPN and object id) names the person. A
 * person whose UPN is not their mail address, in their own mailbox, reads exactly the same
 * (learn.microsoft.com/entra/identity/hybrid/connect/plan-connect-userprincipalname), so the
 * pane asks for evidence before it takes userProfile as the person (taskpane/person.ts
 * accountNotProfile decides when):
 * - protected mode: none is needed here. The identity comes back with `profileUnproven`, so the
 *   delegate is `uncertain` with Office's UPN standing in (core/identity.ts delegateOf), and the
 *   directory service's B/me, for a token checked against Office's object id, answers the
 *   person's own shard (DirectoryOptions.keyIsSignInName); its user and aliases then decide
 *   (PaneHost.identify): userProfile among them, it is the person's own mailbox; else it is a
 *   mailbox they opened, judged against their rights as "Open another mailbox" is.
 * - public mode: the directory's files are asked for by mail address only, and anyone may fetch
 *   any of them. The file under Office's UPN (for most people their mail address) names the
 *   person: its user and aliases are `personAddresses`. Else a file under userProfile's own
 *   address whose user is userProfile says userProfile is a person's own mailbox (a shared
 *   mailbox has no list of its own; the same evidence the event handlers take,
 *   events/person-cache.ts addressesBehindProfile). Neither: `profileUnproven`, and the pane
 *   shows the answer under the UPN, which public mode cannot find (docs/architecture.md, limit).
 *   Only the copies stored on this device decide the identity this resolves to, so the pane's
 *   first frame (the stored list) never waits on a request: a person whose UPN is not their mail
 *   address opens it every day. The returned `directory` then asks the directory: `cached()` is
 *   the stored file that named the person (else the UPN's stored answer), and `refresh()` asks
 *   for both files at once (the UPN's remembered "nothing published" is reused for a few minutes
 *   where userProfile's stored file named userProfile, so it costs no request on every open) and
 *   answers by the same rule; where a file other than the stored one names the person, the pane
 *   decides again from its user and aliases (PaneHost.identify, usePane), so a shared mailbox
 *   taken for the person's own from an old copy becomes a mailbox they opened once the UPN's
 *   file comes. A failure under userProfile is shown where no file names the person; a stored or
 *   read copy that fails counts as no evidence.
 */
export async function personBehindAccount(
  identity: OfficeIdentity,
  protectedAccess: boolean,
  files: AccountFiles
): Promise<PersonBehindAccount> {
  const upn = identity.signedIn?.upn;
  if (protectedAccess || !upn) return { identity: { ...identity, profileUnproven: true } };
  const profile = identity.profile.address;
  const stored = (key: SmtpAddress) =>
    files.stored(key).catch((e: unknown) => {
      recordFailure("pane", "personBehindAccount", e);
      return null;
    });
  const storedUpn = await stored(upn);
  // userProfile's copy is read only where the UPN's names nobody: it may be a large list.
  const storedProfile = shardOf(storedUpn) ? null : await stored(profile);
  const found = shardOf(personFile(storedUpn, storedProfile, profile));
  const evidence: OfficeIdentity = found
    ? { ...identity, personAddresses: [found.user, ...(found.aliases ?? [])] }
    : { ...identity, profileUnproven: true };
  // Read once for the first frame; later calls read the device's copies again.
  let first: Promise<DirectoryState | null> | null = Promise.resolve(
    personFile(storedUpn, storedProfile, profile) ?? storedUpn
  );
  const upnNamedPerson = !!shardOf(storedUpn);
  const profileNamedPerson = !upnNamedPerson && !!found;
  return {
    identity: evidence,
    directory: {
      cached: async () => {
        const answer = first;
        first = null;
        if (answer) return answer;
        const byUpn = await stored(upn);
        const byProfile = shardOf(byUpn) ? null : await stored(profile);
        return personFile(byUpn, byProfile, profile) ?? byUpn;
      },
      refresh: async () => {
        // The UPN's stored file named the person: userProfile's is asked only if that is gone.
        const profileLoad = upnNamedPerson ? null : files.load(profile, true);
        const byUpn = await files.load(upn, !profileNamedPerson);
        const byProfile = shardOf(byUpn) ? null : await (profileLoad ?? files.load(profile, true));
        const named = personFile(byUpn, byProfile, profile);
        if (named) return named;
        return byProfile?.status === "failed" ? byProfile : byUpn;
      },
    },
  };
}
