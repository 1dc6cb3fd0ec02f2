import type { SmtpAddress } from "../core/address";
import { recordFailure } from "../core/diagnostics";
import type { OfficeIdentity } from "../core/identity";
import type { DirectoryState } from "../directory/cache";

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
 *   any of them. `read(key)` answers the file under `key` (the stored copy, else the directory).
 *   The file under Office's UPN (for most people their mail address) names the person: its user
 *   and aliases become `personAddresses`. Else a file under userProfile's own address whose user
 *   is userProfile says userProfile is a person's own mailbox (a shared mailbox has no list of
 *   its own; the same evidence the event handlers take, events/person-cache.ts
 *   addressesBehindProfile). Neither: `profileUnproven`, and the pane shows the list under the
 *   UPN, which public mode cannot find (docs/architecture.md, limit).
 * Resolves to the identity with the evidence added; a failed read counts as no evidence.
 */
export async function personBehindAccount(
  identity: OfficeIdentity,
  protectedAccess: boolean,
  read: (key: SmtpAddress) => Promise<DirectoryState | null>
): Promise<OfficeIdentity> {
  const upn = identity.signedIn?.upn;
  if (protectedAccess || !upn) return { ...identity, profileUnproven: true };
  const shardOf = async (key: SmtpAddress) => {
    try {
      const state = await read(key);
      return state && "shard" in state ? state.shard : null;
    } catch (e) {
      recordFailure("pane", "personBehindAccount", e);
      return null;
    }
  };
  const byUpn = await shardOf(upn);
  if (byUpn) return { ...identity, personAddresses: [byUpn.user, ...(byUpn.aliases ?? [])] };
  const profile = identity.profile.address;
  const byProfile = await shardOf(profile);
  if (byProfile?.user === profile)
    return { ...identity, personAddresses: [profile, ...(byProfile.aliases ?? [])] };
  return { ...identity, profileUnproven: true };
}
