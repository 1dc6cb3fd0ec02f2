// A stand-in for office.js: the Office global, shaped as @types/office-js describes it, backed
// by a ComposeSimulator. Inside the playground it uses the playground's simulator (same origin);
// loaded on its own (browser tests route the office.js CDN URL here) it makes one from
// window.__sendFromSim or the sample defaults. Product code cannot tell it from Outlook.
import { defaultScenario } from "./sample-tenant";
import { installNaaBridge } from "./naa-bridge";
import {
  ComposeItemState,
  ComposeSimulator,
  Scenario,
  SimulatorError,
  SimNotification,
  upnOf,
} from "./simulator";
import { DEFAULT_TENANT_ID, directoryIdFor } from "../graph-emulator/tokens";
import { simAttachedMessageEml, simAttachmentSize } from "./outlook-drafts";

declare global {
  interface Window {
    sendFromSimulator?: ComposeSimulator;
    __sendFromSim?: Scenario;
  }
}

type Callback = (result: unknown) => void;

/** Where a page of the pane on its own leaves the compose item for the next (keepComposeItem). */
const KEPT_ITEM = "send-from-sim:compose-item";

/**
 * Outlook keeps the compose item while the add-in's task pane is closed and opened again: its
 * saved draft (getItemIdAsync still answers the id) and the add-in's sessionData (Mailbox 1.11,
 * learn.microsoft.com/javascript/api/outlook/office.sessiondata). In the playground the
 * simulator lives in the page around the pane and outlives it anyway. A pane page on its own
 * (the browser tests) is the pane and "Outlook" at once, so the item goes to the tab's
 * sessionStorage on every change and is taken up by the next page of the same tab, if that page
 * is the same compose window (the same Scenario). A changed Scenario is another compose window,
 * and a sent or closed window leaves nothing (composeItem() is null).
 */
function keepComposeItem(sim: ComposeSimulator): void {
  const scenario = JSON.stringify(window.__sendFromSim ?? null);
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEPT_ITEM) ?? "null") as {
      scenario: string;
      item: ComposeItemState;
    } | null;
    if (kept?.scenario === scenario && kept.item?.v === 1) sim.restoreComposeItem(kept.item);
  } catch {
    // nothing kept, or not readable: a new compose window
  }
  const keep = () => {
    try {
      const item = sim.composeItem();
      if (item) sessionStorage.setItem(KEPT_ITEM, JSON.stringify({ scenario, item }));
      else sessionStorage.removeItem(KEPT_ITEM);
    } catch {
      // storage unavailable: the next page opens a new compose window
    }
  };
  keep();
  sim.subscribe(keep);
  window.addEventListener("pagehide", keep);
}

function findSimulator(): ComposeSimulator {
  try {
    const framed = window.parent !== window ? window.parent.sendFromSimulator : undefined;
    if (framed) return framed;
  } catch {
    // a cross-origin parent: not the playground
  }
  const sim = new ComposeSimulator(window.__sendFromSim ?? defaultScenario());
  keepComposeItem(sim);
  window.sendFromSimulator = sim;
  return sim;
}

/**
 * Office's async calling convention: optional options object, then a callback, answered later.
 * `run` may itself be asynchronous (saving to the mailbox). Errors that are not the simulator's
 * own come back with `otherwise`'s code, as Office reports an internal or a save error.
 */
function asyncCall<T>(
  args: unknown[],
  run: () => T | Promise<T>,
  otherwise = { code: 9002, name: "InternalError" }
): void {
  const callback = args.find((a): a is Callback => typeof a === "function");
  const options = args.find((a) => typeof a === "object" && a !== null) as
    { asyncContext?: unknown } | undefined;
  const asyncContext = options?.asyncContext;
  setTimeout(() => {
    Promise.resolve()
      .then(run)
      .then(
        (value) => callback?.({ status: "succeeded", value, asyncContext }),
        (e: unknown) => {
          const error =
            e instanceof SimulatorError
              ? { code: e.code, name: e.officeName, message: e.message }
              : { ...otherwise, message: e instanceof Error ? e.message : String(e) };
          callback?.({ status: "failed", error, asyncContext });
        }
      );
  }, 0);
}

function recipients(sim: ComposeSimulator, field: "to" | "cc" | "bcc") {
  return {
    getAsync: (...args: unknown[]) =>
      asyncCall(args, () =>
        sim[field].map((emailAddress) => ({
          emailAddress,
          displayName: emailAddress,
          recipientType: "other",
        }))
      ),
    setAsync: (list: (string | { emailAddress: string })[], ...args: unknown[]) =>
      asyncCall(args, () =>
        sim.update({ [field]: list.map((r) => (typeof r === "string" ? r : r.emailAddress)) })
      ),
  };
}

/**
 * The page is classic Outlook's JavaScript-only event runtime (Scenario.classicOutlookWindows):
 * every page of the simulator but the task pane's (playground-commands.html, commands.html, and a
 * test that loads the handlers' entry on its own).
 */
function javascriptOnlyRuntime(sim: ComposeSimulator): boolean {
  return sim.classicOutlookWindows && !/taskpane\.html$/.test(window.location.pathname);
}

/**
 * Office.context.roamingSettings of one runtime (a compose window's task pane, an event runtime):
 * its own copy, as the mailbox held them when the runtime started; get and set work on that copy,
 * and saveAsync saves the whole copy, replacing what the mailbox held. So a runtime started before
 * another saved does not see that save, and its own later save drops it (classic Outlook loads
 * them when the item opens, office-js #440; an OnMessageSend handler read an older value than the
 * pane had set, office-js #6728; Office.RoamingSettings: loaded when the add-in is initialized,
 * "the in-memory copy of the settings property bag"). Office.js has no way to read them again.
 */
function roamingSettings(sim: ComposeSimulator) {
  const copy = sim.savedRoamingSettings();
  return {
    get: (name: string) => copy[name],
    set: (name: string, value: unknown) => (copy[name] = JSON.parse(JSON.stringify(value))),
    remove: (name: string) => delete copy[name],
    saveAsync: (...args: unknown[]) => asyncCall(args, () => sim.roamingSave(copy)),
  };
}

export function createOffice(sim: ComposeSimulator) {
  // How many times getAttachmentsAsync has been answered (an attached message's size varies by it).
  let attachmentReads = 0;
  // Offered only on items in a shared folder or mailbox, as Office does (the documented check).
  // A new message written in a shared mailbox ("Open another mailbox") gets a failed call in
  // Outlook on the web and new Outlook; a draft saved there and opened again gets the owner
  // (office-js #6877: "returns an error" on New mail in a shared mailbox's Drafts, fine once
  // saved and reopened; delegate-access.md, Limitations; Scenario.reopenedDraft). The report
  // names no error code: Office's generic internal error stands in.
  const shared = sim.itemOwner
    ? {
        getSharedPropertiesAsync: (...args: unknown[]) =>
          asyncCall(args, () => {
            if (sim.sharedPropertiesFail)
              throw new SimulatorError(9002, "InternalError", "An internal error has occurred.");
            return {
              owner: sim.itemOwner,
              targetMailbox: sim.itemOwner,
              targetRestUrl: "https://outlook.office.com/api",
              delegatePermissions: 63,
            };
          }),
      }
    : {};
  // Mailbox 1.13: the item's sensitivity label, its GUID or "" (Outlook offers it from 1.13 on).
  const label = sim.isSetSupported("Mailbox", "1.13")
    ? {
        sensitivityLabel: {
          getAsync: (...args: unknown[]) =>
            asyncCall(args, () => {
              if (sim.sensitivityLabelFails) throw new Error("The label could not be read.");
              return sim.sensitivityLabel;
            }),
          setAsync: (value: string | { id: string }, ...args: unknown[]) =>
            asyncCall(args, () => {
              sim.sensitivityLabel = typeof value === "string" ? value : value.id;
            }),
        },
      }
    : {};
  // Mailbox 1.13: Outlook's "Delay delivery" time, a Date or 0 when none is set
  // (learn.microsoft.com/javascript/api/outlook/office.delaydeliverytime); absent below 1.13.
  const delay = sim.isSetSupported("Mailbox", "1.13")
    ? {
        delayDeliveryTime: {
          getAsync: (...args: unknown[]) => asyncCall(args, () => sim.delayDeliveryTime),
          setAsync: (value: Date, ...args: unknown[]) =>
            asyncCall(args, () => {
              sim.delayDeliveryTime = value;
            }),
        },
      }
    : {};
  // Mailbox 1.11: the add-in's key-value pairs on this compose item, kept while the item is open
  // whatever happens to the pane (learn.microsoft.com/javascript/api/outlook/office.sessiondata);
  // below 1.11 Office offers no sessionData at all.
  const session = sim.isSetSupported("Mailbox", "1.11")
    ? {
        sessionData: {
          getAsync: (name: string, ...args: unknown[]) =>
            asyncCall(args, () => sim.sessionGet(name)),
          setAsync: (name: string, value: string, ...args: unknown[]) =>
            asyncCall(args, () => sim.sessionSet(name, value)),
          getAllAsync: (...args: unknown[]) => asyncCall(args, () => sim.sessionGetAll()),
          removeAsync: (name: string, ...args: unknown[]) =>
            asyncCall(args, () => sim.sessionRemove(name)),
          clearAsync: (...args: unknown[]) => asyncCall(args, () => sim.sessionClear()),
        },
      }
    : {};
  const item = {
    ...shared,
    ...label,
    ...delay,
    ...session,
    itemType: "message",
    // Compose: null for a new message, the original's conversation for a reply or forward.
    conversationId: sim.thread?.conversationId ?? null,
    // Mailbox 1.8: the compose item's categories and custom internet headers (read only here).
    ...(sim.isSetSupported("Mailbox", "1.8")
      ? {
          categories: {
            getAsync: (...args: unknown[]) =>
              asyncCall(args, () =>
                (sim.extras.categories ?? []).map((displayName) => ({
                  displayName,
                  color: "Preset0",
                }))
              ),
          },
          internetHeaders: {
            getAsync: (names: string[], ...args: unknown[]) =>
              asyncCall(args, () =>
                Object.fromEntries(
                  (sim.extras.internetHeaders ?? [])
                    .filter((h) => names.some((n) => n.toLowerCase() === h.name.toLowerCase()))
                    .map((h) => [h.name, h.value])
                )
              ),
          },
        }
      : {}),
    from: {
      // Outlook on the web reports the signed-in user's display name even when From is a shared
      // mailbox (OfficeDev/office-js#6713); the simulator does the same so the pane must not trust it.
      getAsync: (...args: unknown[]) =>
        asyncCall(args, () => ({
          // Classic Outlook's reply in a shared mailbox (office-js #1832): the user's own address.
          emailAddress: sim.fromReadsAsUser ? sim.user.address : sim.from.address,
          displayName: sim.user.displayName,
          recipientType: "user",
        })),
    },
    subject: {
      getAsync: (...args: unknown[]) => asyncCall(args, () => sim.subject),
      setAsync: (subject: string, ...args: unknown[]) =>
        asyncCall(args, () => sim.update({ subject })),
    },
    body: {
      getAsync: (coercionType: string, ...args: unknown[]) =>
        asyncCall(args, () =>
          coercionType === "text"
            ? sim.body
                .replace(/<[^>]*>/g, " ")
                .replace(/\s+/g, " ")
                .trim()
            : sim.body
        ),
      setAsync: (body: string, ...args: unknown[]) => asyncCall(args, () => sim.update({ body })),
    },
    to: recipients(sim, "to"),
    cc: recipients(sim, "cc"),
    bcc: recipients(sim, "bcc"),
    // Mailbox 1.1: the add-in's custom properties on the item (office.customproperties). A copy
    // to change with set/remove; customProperties.saveAsync keeps it on the item, which carries it
    // to the server with its next save (outlook-drafts.ts: the `cecp-<add-in id>` property).
    loadCustomPropertiesAsync: (...args: unknown[]) =>
      asyncCall(args, () => {
        const values: Record<string, string> = { ...sim.customProperties };
        return {
          get: (name: string) => values[name],
          getAll: () => ({ ...values }),
          // "it's always passed to the server as a string" (office.customproperties set)
          set: (name: string, value: unknown) => void (values[name] = String(value)),
          remove: (name: string) => void delete values[name],
          saveAsync: (...saveArgs: unknown[]) =>
            asyncCall(saveArgs, () => {
              // "The maximum length of a CustomProperties JSON object is 2500 characters."
              if (JSON.stringify(values).length > 2500)
                throw new SimulatorError(9002, "InternalError", "Custom properties too long.");
              sim.saveCustomProperties(values);
            }),
        };
      }),
    // 9021: "Connection error occurred while trying to save the item on the server."
    saveAsync: (...args: unknown[]) =>
      asyncCall(args, () => sim.saveDraft(), { code: 9021, name: "SaveError" }),
    // Mailbox 1.8: AttachmentsChanged on the item, fired when the person adds or removes an
    // attachment (learn.microsoft.com/javascript/api/outlook/office.attachmentschangedeventargs).
    addHandlerAsync: (eventType: string, handler: (event: unknown) => void, ...args: unknown[]) =>
      asyncCall(args, () => {
        if (eventType !== "olkAttachmentsChanged" || !sim.isSetSupported("Mailbox", "1.8"))
          throw new Error(`The event ${eventType} is not supported here.`);
        sim.onAttachmentsChanged(handler);
      }),
    removeHandlerAsync: (eventType: string, ...args: unknown[]) =>
      asyncCall(args, () => {
        if (eventType === "olkAttachmentsChanged") sim.onAttachmentsChanged(null);
      }),
    // Mailbox 1.8: the compose window's attachments, sizes in bytes (a generated file's `size`,
    // else its base64 content's), cloud files with attachmentType "cloud". Classic Outlook on
    // Windows reports an attached message (attachmentType "item") with another size at every
    // read, the same .msg serialised anew each time (MIME boundary, header order, line wrapping:
    // office-js #6856; a "Forward as attachment" message, office-js #6058): a few bytes more or
    // less per read here.
    getAttachmentsAsync: (...args: unknown[]) =>
      asyncCall(args, () => {
        const read = ++attachmentReads;
        return sim.attachments.map((a, i) => ({
          id: `attachment-${i}`,
          name: a.name,
          contentType: a.contentType,
          size: simAttachmentSize(a) + (a.item && sim.platform === "PC" ? (read % 2) * 3 : 0),
          isInline: !!a.isInline,
          attachmentType: a.sourceUrl ? "cloud" : a.item ? "item" : "file",
        }));
      }),
    // Mailbox 1.8: a file's content as base64, a cloud file's as its URL, an attached message's
    // as .eml; one attached by drag-and-drop in Outlook on the web or new Outlook fails
    // (learn.microsoft.com/javascript/api/outlook/office.attachmentcontent).
    getAttachmentContentAsync: (id: string, ...args: unknown[]) =>
      asyncCall(args, () => {
        const a = sim.attachments[Number(/^attachment-(\d+)$/.exec(id)?.[1] ?? -1)];
        if (!a)
          throw new SimulatorError(9030, "InvalidAttachmentId", "The attachment id is invalid.");
        if (a.item?.draggedIn)
          throw new SimulatorError(
            9002,
            "InternalError",
            "The attachment content is not available."
          );
        if (a.item) return { format: "eml", content: simAttachedMessageEml(a.item) };
        if (a.sourceUrl) return { format: "url", content: a.sourceUrl };
        return { format: "base64", content: a.contentBytes ?? "" };
      }),
    getItemIdAsync: (...args: unknown[]) =>
      asyncCall(args, async () => {
        // Outlook's autosave ran meanwhile (Scenario.autosaveAfterSend): after a Graph send the
        // draft is gone, so this save makes a new one. Only while the window is open: a closed
        // compose window saves nothing more (rev12m finding 2: the pane's clear-up after
        // closeAsync asked for the id, and a new draft appeared in Drafts after the close).
        if (sim.autosaves && sim.drafts.savedEwsId && !sim.closed) await sim.saveDraft();
        if (!sim.drafts.savedEwsId)
          throw new SimulatorError(9030, "ItemNotSaved", "The item has not been saved yet.");
        return sim.drafts.savedEwsId;
      }),
    closeAsync: (...args: unknown[]) => {
      const options = args.find((a) => typeof a === "object" && a !== null) as
        { discardItem?: boolean } | undefined;
      asyncCall(args, () => sim.close(!!options?.discardItem));
    },
    close: () => sim.close(false, "close"),
    notificationMessages: {
      addAsync: (key: string, details: Omit<SimNotification, "key">, ...args: unknown[]) =>
        asyncCall(args, () => sim.addNotification(key, details)),
      replaceAsync: (key: string, details: Omit<SimNotification, "key">, ...args: unknown[]) =>
        asyncCall(args, () => sim.addNotification(key, details, true)),
      removeAsync: (key: string, ...args: unknown[]) =>
        asyncCall(args, () => sim.removeNotification(key)),
      getAllAsync: (...args: unknown[]) => asyncCall(args, () => [...sim.notifications.values()]),
    },
  };

  return {
    onReady(callback?: (info: unknown) => void) {
      const info = { host: "Outlook", platform: sim.platform };
      return new Promise((resolve) =>
        setTimeout(() => {
          callback?.(info);
          resolve(info);
        }, 0)
      );
    },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    HostType: { Outlook: "Outlook" },
    PlatformType: { OfficeOnline: "OfficeOnline", PC: "PC", Mac: "Mac" },
    CoercionType: { Html: "html", Text: "text" },
    EventType: {
      ItemChanged: "olkItemSelectedChanged",
      OfficeThemeChanged: "officeThemeChanged",
      AttachmentsChanged: "olkAttachmentsChanged",
    },
    actions: {
      associate: (name: string, handler: (event: Office.MailboxEvent) => void) =>
        sim.launchEvents.associate(name, handler),
    },
    MailboxEnums: {
      ItemType: { Message: "message", Appointment: "appointment" },
      RestVersion: { v1_0: "v1.0", v2_0: "v2.0", Beta: "beta" },
      ItemNotificationMessageType: {
        ProgressIndicator: "progressIndicator",
        InformationalMessage: "informationalMessage",
        ErrorMessage: "errorMessage",
        InsightMessage: "insightMessage",
      },
    },
    // Office's own account (NestedAppAuth 1.1; learn.microsoft.com/javascript/api/office/
    // office.authcontext): the user, even in "Open another mailbox", named by their UPN, which
    // need not be their mail address (SimAddress.upn), and their object id (the tokens' oid).
    auth: sim.isSetSupported("NestedAppAuth", "1.1")
      ? {
          getAuthContext: async () => {
            if (sim.authContextFails)
              throw new SimulatorError(13001, "AuthContextUnavailable", "No auth context.");
            return {
              userPrincipalName: upnOf(sim.user),
              userObjectId: directoryIdFor(sim.user.address),
              tenantId: DEFAULT_TENANT_ID,
              authorityType: "aad",
              authorityBaseUrl: "https://login.microsoftonline.com",
              loginHint: upnOf(sim.user),
            };
          },
        }
      : {},
    context: {
      get displayLanguage() {
        return sim.displayLanguage;
      },
      get officeTheme() {
        return sim.officeTheme ?? undefined;
      },
      platform: sim.platform,
      diagnostics: { host: "Outlook", platform: sim.platform, version: "16.0.simulator" },
      requirements: {
        isSetSupported: (name: string, version?: string) => sim.isSetSupported(name, version),
      },
      roamingSettings: roamingSettings(sim),
      mailbox: {
        // "Open another mailbox": the other mailbox, by design (office-js #3837).
        userProfile: {
          // "Open another mailbox" (office-js #3837) or a shared mailbox added as its own
          // account in new Outlook (office-js #5682): the mailbox, not the user.
          emailAddress: (sim.openedMailbox ?? sim.sharedAsAccount ?? sim.user).address,
          displayName: (sim.openedMailbox ?? sim.sharedAsAccount ?? sim.user).displayName,
          timeZone: "UTC",
          accountType: "enterprise",
        },
        diagnostics: { hostName: "Simulator", hostVersion: "16.0" },
        convertToRestId: (itemId: string) => sim.drafts.restId(itemId),
        // OfficeThemeChanged from Mailbox 1.14 on (learn.microsoft.com/javascript/api/outlook/
        // office.officethemechangedeventargs), the new theme in the event's officeTheme.
        addHandlerAsync: (
          eventType: string,
          handler: (event: unknown) => void,
          ...args: unknown[]
        ) =>
          asyncCall(args, () => {
            if (eventType !== "officeThemeChanged" || !sim.isSetSupported("Mailbox", "1.14"))
              throw new Error(`The event ${eventType} is not supported here.`);
            sim.onOfficeThemeChanged((officeTheme) =>
              handler({ type: "officeThemeChanged", officeTheme })
            );
          }),
        item,
      },
    },
  };
}

const simulator = findSimulator();
const jsOnly = javascriptOnlyRuntime(simulator);
(window as unknown as { Office: unknown }).Office = createOffice(simulator);
if (jsOnly) {
  // No localStorage in the JavaScript-only runtime (runtimes.md: "It doesn't support local
  // storage or cookies"): reading it gives nothing, as where a runtime has none.
  Object.defineProperty(window, "localStorage", { configurable: true, get: () => undefined });
  // Its own client-side storage instead (OfficeRuntime.storage, 10 MB per domain), not the pane's.
  const storage = simulator.runtimeStorage;
  ((window as unknown as { OfficeRuntime?: Record<string, unknown> }).OfficeRuntime ??=
    {}).storage = {
    getItem: async (key: string) => storage.get(key) ?? null,
    setItem: async (key: string, value: string) => void storage.set(key, value),
    removeItem: async (key: string) => void storage.delete(key),
  };
}

/**
 * Tokens for the add-in's own API (the directory service) from the local sign-in that the
 * playground's dev server and the browser tests' harness run (dev/sign-in/local-sign-in.ts).
 * `scope` absent: Office single sign-on, where the manifest names the app.
 */
async function localSignIn(
  scope?: string,
  user: { address: string; displayName: string; upn?: string } = simulator.user
): Promise<{ accessToken: string; expiresIn: number }> {
  const r = await fetch(`${window.location.origin}/dev/sign-in/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user: user.address, upn: upnOf(user), scope }),
  });
  if (!r.ok) throw new Error(`The local sign-in answered HTTP ${r.status}.`);
  const body = (await r.json()) as { access_token: string; expires_in: number };
  return { accessToken: body.access_token, expiresIn: body.expires_in };
}
// For the account the bridge answers for: the host's second account (naa.otherAccount) gets a
// token of its own, not Office's user's (MSAL #7356: the other identity's token).
simulator.naa.apiToken ??= (scope, user) => localSignIn(scope, user);
// Office single sign-on as the event handlers use it (OfficeRuntime.auth.getAccessToken).
const runtime = ((
  window as unknown as { OfficeRuntime?: Record<string, unknown> }
).OfficeRuntime ??= {});
runtime.auth ??= {
  getAccessToken: async () => (await localSignIn()).accessToken,
};
// Outlook sets up its nested-app-auth bridge for add-ins where NestedAppAuth 1.1 is supported.
if (simulator.isSetSupported("NestedAppAuth", "1.1")) {
  (window as unknown as { sendFromNaa: unknown }).sendFromNaa = installNaaBridge(
    window,
    simulator.user,
    simulator.naa
  );
}
