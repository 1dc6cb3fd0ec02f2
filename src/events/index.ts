// The launch-event handlers' entry: one file with no imports at run time, used as is by classic
// Outlook on Windows (JavaScript-only runtime: no DOM, no localStorage, no module loader,
// Office.onReady never runs) and loaded by commands.html in the browser runtimes.
import { diagnostics, recordFailure } from "../core/diagnostics";
import { formatDiagnosticEvent } from "../core/diagnostics-text";
import { messagesFor } from "../core/i18n";
import { loadUserShard, readCachedFor } from "../directory/client";
import {
  associate,
  readRoamingDigest,
  showNotifications,
  writeRoamingDigest,
} from "../office/item-events";
import {
  displayLanguage,
  getFrom,
  isSetSupported,
  officeAccountMissing,
  officeSignedIn,
  readItemOwner,
  userProfile,
} from "../office/mailbox";
import { Delegate, delegateOf, OfficeIdentity, readFromAs } from "../core/identity";
import { identifyByToken } from "../core/person-from-token";
import { readAccessToken } from "../graph/auth/token-claims";
import { officeSsoToken } from "../office/sso";
import { handlerSettings } from "./settings";
import { HandlerDeps, onMessageFromChanged, onMessageSend, onNewMessageCompose } from "./handlers";
import { handlerStorage } from "./storage";
import { CONTENT_MATCH_MS, contentKey, openAttemptStore } from "../office/open-attempt-store";
import { ContentRecordKind, personOwnsRoaming, roamingRecords } from "../office/roaming-records";
import {
  addressesBehindProfile,
  addressesOwnedByProfile,
  personCache,
  storedPersonAddresses,
} from "./person-cache";

// The handlers have no UI to show a failure in: each record goes to the console, which classic
// Outlook writes to its runtime log (learn.microsoft.com/office/dev/add-ins/testing/runtime-logging)
// and the browser runtimes to their developer tools. console.log is what that log documents.
diagnostics.subscribe((e) => console.log(`[Send From] ${formatDiagnosticEvent(e)}`));

function deps(): HandlerDeps {
  // userProfile until From is read; then the signed-in person, even where userProfile is another
  // mailbox ("Open another mailbox", office-js #3837). Read inside the handlers' deadline.
  const profile = userProfile();
  let delegate: Delegate = { user: profile, openedMailbox: null, account: null };
  // What Office said at the last readFrom, for deciding the delegate again (confirmProfile).
  let office: OfficeIdentity | null = null;
  const storage = handlerStorage();
  const options = (timeoutMs?: number) => ({
    baseUrl: handlerSettings.directoryUrl,
    user: delegate.user.address,
    storage,
    timeoutMs,
    // Protected mode: the directory service's B/me with an Office single sign-on token. Only
    // asked when the cache cannot decide; its time counts against the handler's deadline, and
    // without a token the handler fails open (handlers.ts). MSAL is not bundled here: this
    // one-file bundle runs in classic Outlook's JavaScript-only runtime, where MSAL's popups
    // and the dialog API are unavailable (README "Directory access", docs/architecture.md).
    ...(handlerSettings.directoryAccess === "protected" && {
      protected: true,
      shardUrl: `${handlerSettings.directoryUrl}me`,
      // Office's SSO token is Office's own account: its shard is the person's (identity.ts).
      keyIsSignInName: delegate.addressUnknown,
      // After a 401 the client asks once more: Office renews an expired token itself (there is
      // no force-refresh option); the same token again is not re-sent (directory/client.ts).
      headers: async () => ({ Authorization: `Bearer ${await officeSsoToken()}` }),
    }),
  });
  // The message's content digest, read and hashed once per event: the sent record and the open
  // attempt are each looked up by it, in localStorage and in roaming settings, and reading a
  // long body takes much of the handler's deadline (rev12n finding 3).
  let digestOnce: Promise<string | null> | undefined;
  const digest = () => (digestOnce ??= contentKey());
  const records = () => openAttemptStore(undefined, undefined, null, digest);
  return {
    user: () => delegate.user,
    readFrom: async () => {
      const [from, signedIn, { owner, unknown: ownerUnknown }] = await Promise.all([
        getFrom(),
        officeSignedIn(),
        readItemOwner(),
      ]);
      office = {
        profile,
        signedIn,
        owner,
        ownerUnknown,
        accountMissing: officeAccountMissing(signedIn),
      };
      delegate = delegateOf(office);
      // "Open another mailbox" where Office names no account: Office's single sign-on token (its
      // own account, protected mode) names the person; without it nobody is checked as the
      // opened mailbox: the handler has nothing to check, as when Outlook cannot say who sends.
      // Where Office should have named its account and did not, and userProfile is no mailbox
      // known to be opened (it may be a shared mailbox added as an account, office-js #5682),
      // nobody named is not "nothing to check": From is not allowed as the person's own, the
      // send check says it cannot tell (handlers.ts, uncertain "person"; rev12e #3) unless the
      // file under userProfile names userProfile as its user (confirmProfile, public mode).
      if (delegate.personUnknown) {
        const identity = await identifyByToken(
          office,
          handlerSettings.directoryAccess === "protected"
            ? async () => readAccessToken(await officeSsoToken())
            : undefined
        );
        if (!identity && office.accountMissing && !delegate.openedMailbox) {
          const own = await addressesOwnedByProfile(profile.address, (key) =>
            readCachedFor({ ...options(), user: key }, profile.address)
          );
          if (!own.length)
            return { address: from?.address ?? null, inferred: false, uncertain: "person" };
          delegate = delegateOf({ ...office, personAddresses: own });
          return readFromAs(from?.address ?? null, delegate, owner);
        }
        if (!identity) throw new Error("Outlook named nobody signed in to the mailbox opened.");
        // The token's account stands as Office's for the checks below (addressesBehindProfile).
        office = identity;
        delegate = delegateOf(identity);
      }
      // A new message in a shared mailbox whose owner Office would not name (office-js #6877),
      // and a UPN that is not userProfile: the person's stored shard or digest says who they
      // are (their addresses include userProfile or not); without them the send check says it
      // cannot tell (handlers.ts) rather than take userProfile for the person.
      if (delegate.uncertain) {
        const upn = delegate.user.address;
        const personAddresses = await storedPersonAddresses(
          upn,
          (key) => readCachedFor({ ...options(), user: key }, upn),
          readRoamingDigest
        );
        if (personAddresses.length)
          delegate = delegateOf({ ...office, signedIn: delegate.account, personAddresses });
      }
      // A shared mailbox added as its own account in new Outlook (office-js #5682): userProfile
      // is the mailbox while Office's account (another UPN) is the person. What this device
      // stored under that UPN says whether userProfile is theirs; with nothing stored, nothing
      // does (a person whose UPN is not their mail address reads the same), so the delegate is
      // uncertain: Office's UPN stands in, the person's own shard decides (protected mode: B/me
      // for Office's single sign-on token, keyIsSignInName), and without it the send check says
      // it cannot tell (handlers.ts) instead of allowing userProfile as the person's own From.
      else if (!delegate.personUnknown) {
        const personAddresses = await addressesBehindProfile(
          delegate,
          profile.address,
          (key) => readCachedFor({ ...options(), user: key }, profile.address),
          readRoamingDigest
        );
        if (personAddresses?.length) delegate = delegateOf({ ...office, personAddresses });
        else if (personAddresses) delegate = delegateOf({ ...office, profileUnproven: true });
      }
      // Classic Outlook's reply in a shared mailbox reads as the user (office-js #1832): the
      // owner is inferred, and only warned about (handlers.ts onMessageSend).
      const reading = readFromAs(from?.address ?? null, delegate, owner);
      if (!delegate.uncertain) return reading;
      return { ...reading, uncertain: ownerUnknown ? "owner" : "account" };
    },
    // Public mode, nothing stored and Office's account another UPN than userProfile: the file
    // under userProfile's address, fetched within the decision's deadline and stored, says
    // whether userProfile is the person's own (a person whose UPN is not their mail address);
    // the same evidence the pane takes (taskpane/person-behind-account.ts). Protected mode's B/me
    // answers for the token's person instead.
    ...(handlerSettings.directoryAccess !== "protected" && {
      confirmProfile: async (timeoutMs: number) => {
        const known = office;
        // Uncertain, or nobody named where Office should have named its account (uncertain
        // "person"): the same file decides whether userProfile is the person's own.
        const unproven =
          delegate.uncertain ||
          (delegate.personUnknown && known?.accountMissing && !delegate.openedMailbox);
        if (!known || !unproven || known.ownerUnknown) return false;
        const state = await loadUserShard({ ...options(timeoutMs), user: profile.address });
        const shard = "shard" in state ? state.shard : null;
        if (shard?.user !== profile.address) return false;
        delegate = delegateOf({
          ...known,
          personAddresses: [profile.address, ...(shard.aliases ?? [])],
        });
        return true;
      },
    }),
    messages: () => messagesFor(displayLanguage()),
    directory: {
      // Under the person's mail address or Office's UPN, whichever the pane or an earlier
      // handler stored it by (person-cache.ts).
      cached: personCache(
        () => delegate,
        readRoamingDigest,
        (key, address) => readCachedFor({ ...options(), user: key }, address)
      ),
      refresh: (timeoutMs) => loadUserShard(options(timeoutMs)),
    },
    digest: {
      read: readRoamingDigest,
      // Roaming settings belong to userProfile's mailbox: where that is a mailbox the person
      // opened or may not be theirs (Open another mailbox; a shared mailbox added as an account,
      // office-js #5682, whose reporter notes such data is "shared with other users"), the
      // person's list is not written there for co-delegates to read (rev12e #6).
      write: (digest) =>
        personOwnsRoaming(delegate) ? writeRoamingDigest(digest) : Promise.resolve(),
    },
    notify: showNotifications,
    supportsMarkdown: () => isSetSupported("Mailbox", "1.15"),
    supportsPromptOverride: () => isSetSupported("Mailbox", "1.14"),
    // The pane's sent record, where the pane keeps it (item.sessionData, localStorage under the
    // draft's id and under the message's content), else the digest the pane kept in roaming
    // settings: classic Outlook's JavaScript-only runtime has no localStorage, and a stale draft
    // opened again under a new id has no sessionData (office/roaming-records.ts).
    alreadySent: async () => (await records().loadSent()) ?? byContent("sent", digest()),
    // The pane's open attempt (a send whose answer was lost), kept the same way.
    mayHaveBeenSent: async () => (await records().load()) ?? byContent("attempt", digest()),
    settings: handlerSettings,
  };
}

/**
 * The pane's record of `kind` for this message, found by its content digest in the add-in's
 * roaming settings (office/roaming-records.ts); read only: the handlers never write it.
 */
async function byContent(
  kind: ContentRecordKind,
  digest: Promise<string | null>
): Promise<{ mailbox: string } | null> {
  return roamingRecords(() => false, CONTENT_MATCH_MS).find(kind, await digest);
}

type Handler = (deps: HandlerDeps, event: Office.MailboxEvent) => Promise<void>;

function register(name: string, handler: Handler): void {
  associate(name, (event) => {
    let d: HandlerDeps;
    try {
      d = deps();
    } catch (e) {
      // Without a mailbox context there is nothing to check: let Outlook carry on.
      recordFailure("events", "noMailboxContext", e);
      return event.completed(name === "onMessageSendHandler" ? { allowEvent: true } : undefined);
    }
    void handler(d, event);
  });
}

register("onNewMessageComposeHandler", onNewMessageCompose);
register("onMessageFromChangedHandler", onMessageFromChanged);
register("onMessageSendHandler", onMessageSend);
