import { createRoot } from "react-dom/client";
import { resolveDirectoryLocation } from "../core/directory-location";
import { recordFailure } from "../core/diagnostics";
import { en } from "../core/i18n/en";
import { readCachedShard, unreachableState } from "../directory/cache";
import { memoryStorage, webStorage } from "../directory/storage";
import type { DialogSize } from "../office/dialog";
import {
  displayLanguage,
  getFrom,
  hasMailboxUser,
  hostDiagnostics,
  isSetSupported,
  officeAccountMissing,
  officeLoaded,
  officeReady,
  officeSignedIn,
  officeThemeIsDark,
  onOfficeThemeChanged,
  readItemOwner,
  userProfile,
} from "../office/mailbox";
import { delegateOf, expectedAccountOf } from "../core/identity";
import { roamingPreferences } from "../office/roaming";
import { devicePreferences } from "./device-preferences";
import { draftOwnerOf } from "./draft-owner";
import { panePreferences } from "./pane-preferences";
import { buildConfig } from "./build-config";
import { followColorScheme } from "./color-scheme";
import { afterNextPaint, directoryAuthorization } from "./directory-token";
import type { PaneHost } from "./host";
import { loadMessages } from "./load-messages";
import { Pane } from "./Pane";
import { accountNotProfile, panePerson } from "./person";
import { loadDiagnosticsText } from "./useDiagnostics";
import { createPause } from "./yield";

/**
 * The Office dialog (office/dialog.ts openDialog), loaded when sign-in first needs it: both
 * callers are already past a lazy load and a click, so it need not be in the first load.
 */
const openDialog = (url: string, size?: DialogSize): Promise<string> =>
  import(/* webpackChunkName: "office-dialog" */ "../office/dialog").then((m) =>
    m.openDialog(url, size)
  );

/**
 * The directory's network side (directory/client.ts), in its own chunk: the first frame paints
 * the cached list (directory/cache.ts) and needs none of it. Fetched once, from the start, so it
 * is here by the time the pane asks the directory; a chunk that cannot be fetched (offline)
 * answers that refresh as the network would (cache.ts unreachableState), and the next refresh
 * tries again.
 */
let directoryClient: Promise<typeof import("../directory/client")> | null = null;
function loadDirectoryClient(): Promise<typeof import("../directory/client")> {
  directoryClient ??= import(
    /* webpackChunkName: "directory-client" */ "../directory/client"
  ).catch((e: unknown) => {
    directoryClient = null;
    throw e;
  });
  return directoryClient;
}

function browserStorage() {
  try {
    // Reading the property itself throws in some privacy modes.
    return window.localStorage ? webStorage(window.localStorage) : memoryStorage();
  } catch (e) {
    recordFailure("pane", "localStorageUnavailable", e);
    return memoryStorage();
  }
}

function showFatal(text: string) {
  const root = document.getElementById("root");
  if (root) {
    root.textContent = "";
    const p = document.createElement("p");
    p.setAttribute("role", "alert");
    p.textContent = text;
    root.appendChild(p);
  }
}

// Before Office answers there is no display language; startup problems are told in English.
const startupMessages = en;

async function start() {
  void loadDirectoryClient().catch((e) => recordFailure("pane", "directoryClientLoad", e));
  if (!officeLoaded()) {
    showFatal(startupMessages.startup.officeMissing);
    return;
  }
  await officeReady();
  if (!hasMailboxUser()) {
    showFatal((await loadMessages(displayLanguage())).startup.notInCompose);
    return;
  }
  // The delegate is the signed-in person even where userProfile is another mailbox ("Open
  // another mailbox"), and From is the item's mailbox where from.getAsync reads as the user.
  // A shared mailbox's new message: Office may fail to name its owner (office-js #6877), and
  // userProfile is then not taken as the person without other evidence (core/identity.ts).
  const [signedIn, { owner, unknown: ownerUnknown }] = await Promise.all([
    officeSignedIn(),
    readItemOwner(),
  ]);
  // "Open another mailbox" where Office names no account: the sign-in's token says who the person
  // is (asked without a hint, so never as the opened mailbox), once the person confirms that
  // account (a host's other account may answer; taskpane/confirm-account.ts); nobody named, the
  // pane says so.
  // Where Office should have named its account and did not, userProfile may be a shared mailbox
  // added as an account (office-js #5682): the person is asked for the same way (rev12e #3).
  // Without a sign-in configured nobody could be asked, and nothing can be sent: userProfile
  // stands, as before (docs/architecture.md, limit).
  const officeIdentity = {
    profile: userProfile(),
    signedIn,
    owner,
    ownerUnknown,
    accountMissing: !!buildConfig.clientId && officeAccountMissing(signedIn),
  };
  const location = resolveDirectoryLocation({
    pageUrl: window.location.href,
    defaultUrl: buildConfig.directoryUrl,
    allowedOrigins: buildConfig.directoryOrigins,
  });
  const named = delegateOf(officeIdentity).personUnknown
    ? await import(/* webpackChunkName: "person-from-token" */ "./person-from-token").then((m) =>
        m.confirmedPersonFromToken(officeIdentity, openDialog)
      )
    : officeIdentity;
  const protectedAccess = buildConfig.directoryAccess === "protected";
  // One storage for every read, so the decoded list is read once (directory/cache.ts readCache).
  const storage = browserStorage();
  // The same pause as the pane's loads: a large stored list is read a slice at a time.
  const pause = createPause();
  // A shared mailbox added to new Outlook as an account (office-js #5682): userProfile is the
  // mailbox, Office's account (another UPN) the person, as for every person whose UPN is not
  // their mail address. The pane is the person's: the directory (protected: B/me for the token;
  // public: the file under the UPN, or one naming userProfile as its user) decides whether
  // userProfile is theirs or a mailbox they opened. Public mode starts from this device's stored
  // copies and asks the directory after the first frame, deciding again if it answers otherwise.
  const behind =
    named && accountNotProfile(named)
      ? await import(
          /* webpackChunkName: "person-behind-account" */ "./person-behind-account"
        ).then((m) =>
          m.personBehindAccount(named, protectedAccess, {
            stored: (key) =>
              readCachedShard({ baseUrl: location.baseUrl, user: key, storage, pause }),
            load: (key, askAgain) => {
              const keyed = {
                baseUrl: location.baseUrl,
                user: key,
                storage,
                pause,
                ...(askAgain && { notPublishedMaxAgeMs: 0 }),
              };
              return loadDirectoryClient().then(
                (client) => client.loadUserShard(keyed),
                (e: unknown) => unreachableState(keyed, e instanceof Error ? e.message : String(e))
              );
            },
          })
        )
      : null;
  const identity = behind?.identity ?? named;
  if (!identity) {
    showFatal((await loadMessages(displayLanguage())).startup.personUnknown);
    return;
  }
  // Decided again once the directory names the person's addresses (taskpane/person.ts).
  const person = panePerson(identity);
  const delegate = person.delegate();
  const user = delegate.user;
  // The sign-in asks for Office's account by its UPN (Entra's login hint) and refuses a token
  // for anyone else (by object id where Office gives it): the UPN need not be user.address.
  const expectedAccount = expectedAccountOf(delegate);
  const readFrom = async () => {
    const from = await getFrom();
    const address = person.from(from?.address ?? null);
    // From's display name is not trusted anyway (office-js#6713): names come from the directory.
    return address
      ? { address, displayName: address === from?.address ? from.displayName : "" }
      : null;
  };
  const baseUrl = new URL(".", window.location.href).href;
  const directoryOptions = {
    baseUrl: location.baseUrl,
    user: user.address,
    storage,
    // The pane is opened by hand, rarely: it always asks, so a new grant shows at once (the
    // event handlers reuse a remembered 404 for a few minutes).
    notPublishedMaxAgeMs: 0,
    // A large shard is parsed, cached and read back a slice at a time, so the pane keeps
    // answering keys and painting while 50,000 mailboxes load (issue 14).
    pause,
    // Protected mode: the directory service answers the signed-in user's own shard at B/me, for
    // a token for the add-in's own API. MSAL loads in its own chunk when the first request
    // needs a token, while the cached list is already on screen (usePane paints it first).
    ...(protectedAccess && {
      protected: true,
      shardUrl: `${location.baseUrl}me`,
      // Keyed by the UPN (mail address unknown): B/me's shard for the checked token is the person's.
      keyIsSignInName: delegate.addressUnknown,
      headers: directoryAuthorization(async () => {
        if (!buildConfig.clientId || !buildConfig.apiScope)
          throw new Error("SEND_FROM_CLIENT_ID is not set: the directory needs a sign-in.");
        // The cached list first: parsing MSAL would otherwise hold up its paint.
        await afterNextPaint();
        const auth = await import(/* webpackChunkName: "directory-auth" */ "../graph/auth");
        return auth.createAccountManager({
          app: { clientId: buildConfig.clientId, authority: buildConfig.authority },
          scopes: [buildConfig.apiScope],
          nestedAppAuthSupported: () => isSetSupported("NestedAppAuth", "1.1"),
          openDialog,
          baseUrl,
          ...expectedAccount,
        });
      }),
    }),
  };
  // A send that may have gone is kept for the compose item, so a reopened pane does not send it
  // again (rev12 finding 7); the Sender writes it, the pane reads it at start.
  // Its own chunk, loaded after the first paint.
  // Its digest also goes to the roaming settings, which classic Outlook's JavaScript-only event
  // runtime reads (it has no localStorage), only while they are the person's own.
  const store = Promise.all([
    import(/* webpackChunkName: "pane-records" */ "../office/open-attempt-store"),
    import(/* webpackChunkName: "pane-records" */ "../office/roaming-records"),
  ]).then(([m, r]) =>
    m.openAttemptStore(
      undefined,
      undefined,
      r.roamingRecords(() => r.personOwnsRoaming(person.delegate()), m.CONTENT_MATCH_MS)
    )
  );
  // "Copy" (diagnostics, cmdlets) in its own chunk, fetched after the first paint so that it is
  // loaded by the time a person presses Copy: the copy then runs inside the click, where Safari
  // (Outlook on Mac) allows the clipboard (webkit.org/blog/10855: writeText needs a user gesture).
  let clipboard: typeof import("./clipboard") | undefined;
  const loadClipboard = () =>
    import(/* webpackChunkName: "clipboard" */ "./clipboard").then((m) => (clipboard = m));
  // The diagnostics' text goes in the same chunk (useDiagnostics.ts): one request.
  afterNextPaint()
    .then(() => Promise.all([loadClipboard(), loadDiagnosticsText()]))
    .catch((e) => recordFailure("pane", "clipboardLoad", e));
  const host: PaneHost = {
    user,
    identify: person.identify,
    readFrom,
    // Roaming settings are userProfile's mailbox's: not the person's where that is a mailbox they
    // opened or may not be theirs (rev12e #6; office-js #5682), so this device keeps them there;
    // decided again once the directory names the person (rev12f #4).
    preferences: panePreferences(
      person.delegate,
      devicePreferences(user.address),
      roamingPreferences()
    ),
    // Public mode's two files where Office's account is another UPN (person-behind-account.ts).
    directory: behind?.directory ?? {
      cached: () => readCachedShard(directoryOptions),
      refresh: () =>
        loadDirectoryClient().then(
          (m) => m.loadUserShard(directoryOptions),
          (e: unknown) =>
            unreachableState(directoryOptions, e instanceof Error ? e.message : String(e))
        ),
    },
    now: () => new Date(),
    rejectedDirectory: location.rejected,
    // The person confirmed by "Is this you?" (Office named nobody): "Not you?" starts the pane
    // again, which asks again (taskpane/confirm-account.ts; the answer is not remembered).
    notYou:
      named && delegateOf(officeIdentity).personUnknown
        ? () => window.location.reload()
        : undefined,
    copyText: (text) =>
      clipboard ? clipboard.copyText(text) : loadClipboard().then((m) => m.copyText(text)),
    about: hostDiagnostics,
    // Only when "Copy in <mailbox>'s Sent Items" is chosen: its own chunk.
    readAttachments: () =>
      import(/* webpackChunkName: "before-send" */ "../office/compose-attachments").then((m) =>
        m.readAttachments()
      ),
    // In the same chunk, registered only while that mode is chosen.
    onAttachmentsChanged: (listener) => {
      let stop: (() => void) | null = null;
      let stopped = false;
      void import(/* webpackChunkName: "before-send" */ "../office/compose-attachments").then(
        (m) => {
          if (!stopped) stop = m.onAttachmentsChanged(listener);
        }
      );
      return () => {
        stopped = true;
        stop?.();
      };
    },
    // Read with the attachments, in the same chunk: the compose item's own calls (office/compose)
    // are needed only in that mode and for a send, never for the first paint.
    readSensitivityLabel: () =>
      import(/* webpackChunkName: "before-send" */ "../office/compose").then((m) =>
        m.readSensitivityLabel()
      ),
    paneStorage: browserStorage(),
    openAttempt: () =>
      store.then((s) => s.load()).catch((e) => (recordFailure("pane", "openAttemptRead", e), null)),
    sentRecord: {
      load: () =>
        store
          .then((s) => s.loadSent())
          .catch((e) => (recordFailure("pane", "sentRecordRead", e), null)),
      save: (r) =>
        store.then((s) => s.saveSent(r)).catch((e) => recordFailure("pane", "sentRecordWrite", e)),
    },
    itemOwner: owner,
    // Before Send: a draft saved in another mailbox than the chosen one (useSend's draftElsewhere).
    draftMailbox: () => draftOwnerOf({ owner, unknown: ownerUnknown }, person.delegate()),
    // The Graph send pipeline, the compose window's calls and MSAL load on the first send, in
    // their own chunks.
    loadSendService: buildConfig.clientId
      ? async () => {
          const [graph, { composeWindow }] = await Promise.all([
            import(/* webpackChunkName: "send" */ "../graph"),
            import(/* webpackChunkName: "send" */ "../office/compose"),
          ]);
          return graph.createSendService({
            graphUrl: new URL(buildConfig.graphUrl, window.location.href).href.replace(/\/$/, ""),
            compose: {
              ...composeWindow(buildConfig.addinId),
              // Asked again after the save; a shared mailbox's new message may have no owner
              // Office names (office-js #6877): then not /me (taskpane/draft-owner.ts).
              draftOwner: async () => draftOwnerOf(await readItemOwner(), person.delegate()),
            },
            // The store itself: it also keeps leftover copies, for the device (not the item).
            attempts: await store,
            tokens: graph.createAccountManager({
              app: { clientId: buildConfig.clientId, authority: buildConfig.authority },
              nestedAppAuthSupported: () => isSetSupported("NestedAppAuth", "1.1"),
              openDialog,
              baseUrl,
              ...expectedAccount,
            }),
          });
        }
      : undefined,
  };
  // A copy an unanswered create left in a mailbox's Drafts is removed at the start (only when
  // the device remembers one: then the send chunk loads; office/open-attempt-store.ts).
  void store.then((s) => s.tidyAtStart(host.loadSendService));
  // Followed while the pane is open: Outlook's theme-change event, else the OS's scheme.
  const colorScheme = followColorScheme(
    { isDark: officeThemeIsDark, onChange: onOfficeThemeChanged },
    window.matchMedia?.("(prefers-color-scheme: dark)")
  );
  // A missing language chunk (offline) must not stop the pane: English then.
  const messages = await loadMessages(displayLanguage()).catch(
    (e) => (recordFailure("pane", "catalogueLoad", e), en)
  );
  document.documentElement.lang = messages.locale;
  // Like a missing language, a missing dark theme chunk must not stop the pane: light then.
  const loadDarkTheme = () =>
    import(/* webpackChunkName: "dark-theme" */ "./dark-theme").then(
      (m) => m.darkTheme,
      (e) => (recordFailure("pane", "themeLoad", e), undefined)
    );
  const theme = colorScheme.isDark() ? await loadDarkTheme() : undefined;
  createRoot(document.getElementById("root")!).render(
    <Pane
      host={host}
      messages={messages}
      theme={theme}
      colorScheme={colorScheme}
      loadDarkTheme={loadDarkTheme}
    />
  );
}

start().catch((e) =>
  showFatal(startupMessages.startup.failed(e instanceof Error ? e.message : String(e)))
);
