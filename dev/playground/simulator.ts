// A compose window as Outlook presents it to an add-in: the state behind the simulated Office.js
// (office-sim.ts) and the playground page. It enforces the documented limits that matter to Send
// From (notification keys and lengths, at most 5 notifications, roaming settings size), so the
// real task pane and handlers meet them here before they meet Outlook.

import { CompletedOptions, EVENT_HANDLERS, LaunchEvents } from "./launch-events";
import { utf8Length } from "../../src/core/model";
import type { BridgeBehaviour } from "./naa-bridge";
import { OutlookDrafts, SavedDraft, SimAttachment } from "./outlook-drafts";
import { composeResponse, SimResponse, SimThread } from "./outlook-reply";

export type { SimAddress } from "./sim-address";
import type { SimAddress } from "./sim-address";

/** The person's sign-in name: their UPN, else their address. */
export function upnOf(person: SimAddress): string {
  return person.upn ?? person.address;
}

export interface SimNotification {
  key: string;
  type: string;
  message: string;
  icon?: string;
  persistent?: boolean;
  actions?: unknown[];
}

/** What the simulated Outlook starts with: the user, the compose item, the host and its bridge. */
/** The part of Office.OfficeTheme the pane reads ("#RRGGBB" colours). */
export interface OfficeThemeColours {
  bodyBackgroundColor: string;
  bodyForegroundColor: string;
}

export interface Scenario {
  user: SimAddress;
  /** Outlook's From field; defaults to the user. */
  from?: SimAddress;
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  body?: string;
  displayLanguage?: string;
  /** Office's theme; null to leave it unset (Outlook on some platforms gives none). */
  officeTheme?: OfficeThemeColours | null;
  /** Highest supported version per requirement set, e.g. { Mailbox: "1.13", NestedAppAuth: "1.1" }. */
  requirementSets?: Record<string, string>;
  roamingSettings?: Record<string, unknown>;
  /** Office.context.platform; "PC" by default with `classicOutlookWindows`, else "OfficeOnline". */
  platform?: "OfficeOnline" | "PC" | "Mac";
  /**
   * Classic Outlook on Windows: the launch events run in the JavaScript-only runtime, which
   * "doesn't support local storage or cookies" (learn.microsoft.com/office/dev/add-ins/testing/
   * runtimes), so the event runtime's page has no localStorage (the task pane, a browser runtime,
   * has its own); it has OfficeRuntime.storage instead, the runtime's own, shared with no task
   * pane (@types/office-runtime: in Outlook for event-based activation on Windows only). It reads
   * the roaming settings as saved when it started, as every runtime does (office-sim.ts
   * roamingSettings).
   */
  classicOutlookWindows?: boolean;
  importance?: "low" | "normal" | "high";
  attachments?: SimAttachment[];
  /** Base URL of the Graph emulator that plays the user's mailbox (default "/graph"). */
  graphEmulatorUrl?: string;
  /** How the host's nested-app-auth bridge behaves (when requirementSets has NestedAppAuth). */
  naa?: BridgeBehaviour;
  /** closeAsync fails and the window stays open (office-js#5568, #5897: compose windows that
   * cannot be closed after a Graph send). */
  closeFails?: boolean;
  /**
   * Outlook's autosave saves the compose item again after the add-in sent it through Graph
   * (office-js #5551, #6393): the sent draft is gone, so the save makes a new draft of a message
   * already sent. Modelled as an autosave right before the add-in next asks for the item's id.
   */
  autosaveAfterSend?: boolean;
  /**
   * Outlook on the web's "Open another mailbox": userProfile is this mailbox, not the user, by
   * design (office-js #3837, #5271, #1348); the item lives there (getSharedPropertiesAsync gives
   * it as owner) and From starts as it. Office's own account (Office.auth.getAuthContext) is
   * still the user. A new message written there: on Outlook on the web and new Outlook
   * (platform "OfficeOnline") getSharedPropertiesAsync is offered but fails, unless
   * `reopenedDraft` (office-js #6877).
   */
  openedMailbox?: SimAddress;
  /**
   * New Outlook with this shared mailbox added as an account of its own (office-js #5682): the
   * message is written in that account, userProfile is the shared mailbox, and
   * getSharedPropertiesAsync is not offered (the item is that account's own, so Office gives
   * nothing to say it is shared). From starts as the mailbox; Office's own account
   * (getAuthContext) is still the user who signed in.
   */
  sharedAsAccount?: SimAddress;
  /**
   * Office.auth.getAuthContext() rejects where NestedAppAuth 1.1 is offered: hosts where it fails
   * or never answers (the product bounds the wait; office/mailbox.ts officeSignedIn). Office then
   * names the user only by userProfile, their mail address, not their UPN.
   */
  authContextFails?: boolean;
  /**
   * The compose item in `openedMailbox` is a draft saved there and opened again, not a new
   * message: getSharedPropertiesAsync then names the owner. A new message written in a shared
   * mailbox gets a failed call in Outlook on the web and new Outlook (office-js #6877, open
   * 2026-08: "works after saving the draft and reopening it"; delegate-access.md, Limitations: in
   * Message Compose only for drafts opened from a shared folder or mailbox).
   */
  reopenedDraft?: boolean;
  /**
   * The item lives in this shared mailbox or shared folder: Office offers
   * item.getSharedPropertiesAsync, with this owner (Mailbox 1.8 / 1.13; office-js #1116, #6701).
   */
  itemOwner?: string;
  /**
   * item.getSharedPropertiesAsync fails for this item although it lives in `itemOwner`: reported
   * with no data (office-js #4836) or as an error (#6651), so Office names no owner. Unset, it
   * fails only where #6877 says (a new message in the opened mailbox on the web / new Outlook).
   */
  sharedPropertiesFail?: boolean;
  /**
   * Classic Outlook's quirk: a reply inside a shared mailbox makes from.getAsync return the
   * user's own address while Outlook's From shows the mailbox (office-js #1832; #6934 on Mac).
   * With `from` set to the user (and `itemOwner` to the mailbox) it is the same reply after the
   * user deliberately chose their own address in From: from.getAsync reads the same, and Exchange
   * sends it as the user. The add-in cannot tell the two apart, so it may only warn.
   */
  fromReadsAsUser?: boolean;
  /**
   * Classic Outlook in cached mode: saveAsync answers with the draft's id at once, and the draft
   * reaches Microsoft 365 this many milliseconds later; until then Graph answers 404 for it
   * (office-js-docs-pr#1051; office-js#210, #5939). Default 0: saved on the server at once.
   */
  draftSyncDelayMs?: number;
  /**
   * The manifest <Id> Outlook installed the add-in under, which names its custom properties on
   * the item (`cecp-<id>`, MS-OXCEXT 2.2.5). Default SIM_ADDIN_ID, manifest.xml's own: the Id of
   * every build made without SEND_FROM_ADDIN_URL / SEND_FROM_MANIFEST_ID (the playground's, the
   * browser tests').
   */
  addinId?: string;
  /**
   * The GUID of the sensitivity label on the compose item (Microsoft Purview), as
   * item.sensitivityLabel.getAsync reports it (Mailbox 1.13; empty string: no label;
   * learn.microsoft.com/office/dev/add-ins/outlook/sensitivity-label).
   */
  sensitivityLabel?: string;
  /**
   * item.sensitivityLabel.getAsync fails (as where the tenant has no labels enabled: office/
   * compose.ts readSensitivityLabel): Office cannot tell whether the draft is labelled, while the
   * draft still carries `sensitivityLabel` where Exchange keeps it (msip_labels in its MIME).
   */
  sensitivityLabelFails?: boolean;
  /**
   * Outlook's "Delay delivery" (Options > Delay Delivery; "Do not deliver before"), ISO-8601, as
   * item.delayDeliveryTime.getAsync reports it (Mailbox 1.13: a Date, or 0 when none is set;
   * learn.microsoft.com/javascript/api/outlook/office.delaydeliverytime). Below 1.13 Office offers
   * no delayDeliveryTime. Whether Outlook writes it on the saved draft as PidTagDeferredSendTime
   * is not documented, so the simulated draft does not carry it: the add-in must set it itself.
   */
  delayDeliveryTime?: string;
  /**
   * The compose window is Outlook's Reply, Reply all or Forward to a message in `folder`'s Inbox
   * (outlook-reply.ts): subject, To, Cc and (forward) attachments are Outlook's, the draft carries
   * the thread (In-Reply-To, References; the original's conversation), and `body`, if given, is
   * what the user typed above the quoted original. In a shared mailbox's Inbox the item lives in
   * that mailbox (itemOwner; saved in its Drafts, office-js #1116, #6701) and From starts as it.
   */
  respondTo?: SimResponse;
  /** item.categories (Mailbox 1.8): the compose item's categories, saved with the draft. */
  categories?: string[];
  /** Outlook's "Request a read receipt" / "Request a delivery receipt" options. */
  isReadReceiptRequested?: boolean;
  isDeliveryReceiptRequested?: boolean;
  /** The item is flagged for follow-up. */
  flagged?: boolean;
  /** item.internetHeaders.setAsync (Mailbox 1.8): custom x- headers on the draft. */
  internetHeaders?: { name: string; value: string }[];
}

export const MAX_NOTIFICATIONS = 5;
export const MAX_NOTIFICATION_KEY = 32;
export const MAX_NOTIFICATION_MESSAGE = 150;
/** Roaming settings are limited to 32 KB per add-in. */
export const MAX_ROAMING_BYTES = 32 * 1024;

/**
 * item.sessionData's size limit, in characters, for the whole object of one add-in on one item:
 * 50,000 in clients up to Mailbox 1.15, 2,621,440 from 1.16
 * (learn.microsoft.com/javascript/api/outlook/office.sessiondata, "Important").
 */
export const MAX_SESSION_DATA_CHARS = 50_000;
export const MAX_SESSION_DATA_CHARS_1_16 = 2_621_440;

/**
 * What Outlook keeps of a compose item while the add-in's task pane is closed and opened again
 * (the item stays open): its fields as the person left them, the draft it was saved as (so
 * getItemIdAsync still answers its id, Mailbox 1.8) and the add-in's sessionData (Mailbox 1.11:
 * "specific to a single mail item", learn.microsoft.com/javascript/api/outlook/office.sessiondata).
 * Plain JSON, so a page of the pane can hand it to the next (office-sim.ts).
 */
export interface ComposeItemState {
  v: 1;
  from: SimAddress;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  sensitivityLabel: string;
  /** item.delayDeliveryTime, ISO-8601; absent for none. */
  delayDeliveryTime?: string;
  /** The add-in's custom properties on the item (customProperties.saveAsync). */
  customProperties?: Record<string, string>;
  draft: SavedDraft | null;
  sessionData: Record<string, string>;
}

/** manifest.xml's <Id>: the add-in as Outlook knows it in the playground and browser tests. */
export const SIM_ADDIN_ID = "6d8ecaa1-eff5-4a14-9bef-e346957c06dd";

export class SimulatorError extends Error {
  constructor(
    readonly code: number,
    readonly officeName: string,
    message: string
  ) {
    super(message);
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export class ComposeSimulator {
  readonly user: SimAddress;
  from: SimAddress;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  displayLanguage: string;
  officeTheme: Scenario["officeTheme"];
  platform: NonNullable<Scenario["platform"]>;
  /** Scenario.classicOutlookWindows: the event runtime is the JavaScript-only one. */
  readonly classicOutlookWindows: boolean;
  /** OfficeRuntime.storage of the JavaScript-only event runtime (classicOutlookWindows). */
  readonly runtimeStorage = new Map<string, string>();
  readonly requirementSets: Record<string, string>;
  readonly notifications = new Map<string, SimNotification>();
  private roaming: Record<string, unknown>;
  private savedRoaming: Record<string, unknown>;
  private readonly listeners = new Set<() => void>();
  readonly launchEvents = new LaunchEvents(() => this.changed());
  /** The Smart Alert dialog Outlook is showing, if any. */
  alert: CompletedOptions | null = null;
  /** Set once Outlook has sent the message (the compose window is gone). */
  sent: { from: SimAddress; at: string } | null = null;
  /** Set when Exchange refused what Outlook sent (the user would get a non-delivery report). */
  rejected: { code: string; message: string } | null = null;
  /** Set when the add-in asked Outlook to open its task pane (a Smart Alert's commandId). */
  openedCommand: string | null = null;
  /** Set when the add-in closed the compose window (closeAsync / close). */
  closed: { discarded: boolean } | null = null;
  importance: "low" | "normal" | "high";
  attachments: SimAttachment[];
  readonly drafts: OutlookDrafts;
  readonly naa: BridgeBehaviour;

  /** Scenario.openedMailbox, itemOwner and fromReadsAsUser: who Office says is who. */
  readonly openedMailbox: SimAddress | null;
  /** Scenario.sharedAsAccount: userProfile without any sign of a shared item. */
  readonly sharedAsAccount: SimAddress | null;
  /** Scenario.authContextFails. */
  readonly authContextFails: boolean;
  readonly itemOwner: string | null;
  readonly fromReadsAsUser: boolean;
  /**
   * getSharedPropertiesAsync is offered (the item is the shared mailbox's) but fails: a new
   * message in `openedMailbox` on Outlook on the web or new Outlook (Scenario.reopenedDraft).
   */
  readonly sharedPropertiesFail: boolean;
  /** Scenario.sensitivityLabel ("" for none). */
  sensitivityLabel: string;
  /** Scenario.sensitivityLabelFails. */
  readonly sensitivityLabelFails: boolean;
  /** Scenario.delayDeliveryTime as item.delayDeliveryTime holds it: a Date, or 0 for none. */
  delayDeliveryTime: Date | 0;
  /** A reply or forward: the thread the draft carries (Scenario.respondTo); null for a new message. */
  readonly thread: SimThread | null;
  /** Scenario.categories, receipts, flag and internetHeaders: saved with the draft. */
  readonly extras: Pick<
    Scenario,
    | "categories"
    | "isReadReceiptRequested"
    | "isDeliveryReceiptRequested"
    | "flagged"
    | "internetHeaders"
  >;

  /**
   * The add-in's custom properties on this item, as customProperties.saveAsync left them
   * (item.loadCustomPropertiesAsync, Mailbox 1.1): kept on the item and saved to the server with
   * it, as one JSON object in the named property `cecp-<add-in id>` (MS-OXCEXT 2.2.5;
   * outlook-drafts.ts). In cached mode they reach Graph only when Outlook uploads the save.
   */
  customProperties: Record<string, string> = {};
  /** Scenario.addinId. */
  readonly addinId: string;

  /** item.sessionData (Mailbox 1.11): this add-in's key-value pairs on this compose item. */
  private session: Record<string, string> = {};

  /** closeAsync fails (Scenario.closeFails). */
  private readonly closeFails: boolean;
  /** Scenario.autosaveAfterSend. */
  readonly autosaves: boolean;

  constructor(scenario: Scenario) {
    this.closeFails = !!scenario.closeFails;
    this.autosaves = !!scenario.autosaveAfterSend;
    this.addinId = scenario.addinId ?? SIM_ADDIN_ID;
    this.openedMailbox = scenario.openedMailbox ?? null;
    this.sharedAsAccount = scenario.sharedAsAccount ?? null;
    this.authContextFails = !!scenario.authContextFails;
    const response = scenario.respondTo ? composeResponse(scenario.respondTo, scenario.user) : null;
    // A response inside a shared mailbox's folder lives in that mailbox (office-js #1116, #6701)
    // and classic Outlook shows the mailbox in From (office-js #1832).
    const sharedFolder =
      scenario.respondTo &&
      scenario.respondTo.folder.address.toLowerCase() !== scenario.user.address.toLowerCase()
        ? scenario.respondTo.folder
        : null;
    // A shared mailbox added as an account of its own (office-js #5682): its items are that
    // account's own to Office, so no owner is named even for a reply in its Inbox.
    this.itemOwner =
      scenario.itemOwner ??
      (scenario.sharedAsAccount
        ? null
        : (sharedFolder?.address ?? scenario.openedMailbox?.address ?? null));
    this.fromReadsAsUser = !!scenario.fromReadsAsUser;
    // office-js #6877: a new message (not a response, not a reopened draft) in the mailbox opened;
    // an explicit itemOwner is an item Office names (a saved draft opened from the mailbox).
    this.sharedPropertiesFail =
      scenario.sharedPropertiesFail ??
      (!!scenario.openedMailbox &&
        !scenario.itemOwner &&
        !scenario.respondTo &&
        !scenario.reopenedDraft &&
        (scenario.platform ?? (scenario.classicOutlookWindows ? "PC" : "OfficeOnline")) ===
          "OfficeOnline");
    this.sensitivityLabel = scenario.sensitivityLabel ?? "";
    this.sensitivityLabelFails = !!scenario.sensitivityLabelFails;
    this.delayDeliveryTime = scenario.delayDeliveryTime ? new Date(scenario.delayDeliveryTime) : 0;
    this.user = scenario.user;
    this.from =
      scenario.from ??
      sharedFolder ??
      scenario.openedMailbox ??
      scenario.sharedAsAccount ??
      scenario.user;
    this.thread = response?.thread ?? null;
    this.extras = {
      categories: scenario.categories,
      isReadReceiptRequested: scenario.isReadReceiptRequested,
      isDeliveryReceiptRequested: scenario.isDeliveryReceiptRequested,
      flagged: scenario.flagged,
      internetHeaders: scenario.internetHeaders,
    };
    this.to = response?.to ?? scenario.to ?? [];
    this.cc = response?.cc ?? scenario.cc ?? [];
    this.bcc = scenario.bcc ?? [];
    this.subject = response?.subject ?? scenario.subject ?? "";
    this.body = response ? `${scenario.body ?? "<p></p>"}${response.quote}` : (scenario.body ?? "");
    this.displayLanguage = scenario.displayLanguage ?? "en-US";
    this.officeTheme =
      scenario.officeTheme === undefined
        ? { bodyBackgroundColor: "#FFFFFF", bodyForegroundColor: "#000000" }
        : scenario.officeTheme;
    this.classicOutlookWindows = !!scenario.classicOutlookWindows;
    this.platform = scenario.platform ?? (this.classicOutlookWindows ? "PC" : "OfficeOnline");
    this.requirementSets = { Mailbox: "1.13", ...scenario.requirementSets };
    this.importance = scenario.importance ?? "normal";
    this.attachments = [...(response?.attachments ?? []), ...(scenario.attachments ?? [])];
    this.drafts = new OutlookDrafts(scenario.graphEmulatorUrl ?? "/graph", {
      syncDelayMs: scenario.draftSyncDelayMs,
    });
    this.naa = scenario.naa ?? {};
    this.roaming = { ...scenario.roamingSettings };
    this.savedRoaming = { ...this.roaming };
  }

  /** Called after every change the playground should show. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected changed(): void {
    for (const l of this.listeners) l();
  }

  isSetSupported(name: string, version?: string): boolean {
    const supported = this.requirementSets[name];
    return supported !== undefined && (!version || compareVersions(supported, version) >= 0);
  }

  /** The add-in's OfficeThemeChanged handlers (mailbox.addHandlerAsync, Mailbox 1.14). */
  private readonly themeHandlers = new Set<(theme: OfficeThemeColours) => void>();

  /** Registers an OfficeThemeChanged handler; office-sim.ts checks the requirement set. */
  onOfficeThemeChanged(handler: (theme: OfficeThemeColours) => void): void {
    this.themeHandlers.add(handler);
  }

  /**
   * The person changes Outlook's theme while the pane is open: OfficeThemeChanged carries the
   * new theme. Office.context.officeTheme changes at once only on the web; in Outlook on Windows
   * and Mac it still reads the previous theme (office-js #6348), so there it keeps the old one.
   */
  setOfficeTheme(theme: OfficeThemeColours): void {
    if (this.platform === "OfficeOnline") this.officeTheme = theme;
    // Office answers its events later, never inside the call that caused them.
    setTimeout(() => this.themeHandlers.forEach((h) => h({ ...theme })), 0);
    this.changed();
  }

  /** The add-in's AttachmentsChanged handler on the compose item (one per event type, as Office). */
  private attachmentsHandler: ((event: unknown) => void) | null = null;

  /** Registers (or, with null, removes) the item's AttachmentsChanged handler (office-sim.ts). */
  onAttachmentsChanged(handler: ((event: unknown) => void) | null): void {
    this.attachmentsHandler = handler;
  }

  /**
   * The person attaches a file in the message while the pane is open: Outlook fires
   * AttachmentsChanged (Mailbox 1.8) with the attachment and "added", later than the call.
   */
  addAttachment(attachment: SimAttachment): void {
    this.attachments.push(attachment);
    this.changed();
    const handler = this.attachmentsHandler;
    setTimeout(
      () =>
        handler?.({
          type: "olkAttachmentsChanged",
          attachmentStatus: "added",
          attachmentDetails: { name: attachment.name },
        }),
      0
    );
  }

  /** The person at the keyboard picks another address in Outlook's From field. */
  setFrom(from: SimAddress): void {
    this.from = from;
    this.changed();
    void this.launchEvents.fire(EVENT_HANDLERS.fromChanged);
  }

  /**
   * Outlook's Send button: Smart Alerts first (OnMessageSend), then the message goes, or the
   * dialog shows the add-in's message. `sendAnyway` is the PromptUser dialog's "Send anyway".
   */
  async pressSend(sendAnyway = false): Promise<"sent" | "blocked"> {
    this.alert = null;
    const decision = sendAnyway
      ? { allowEvent: true }
      : await this.launchEvents.fire(EVENT_HANDLERS.send);
    if (decision && decision.allowEvent === false) {
      this.alert = decision;
      this.changed();
      return "blocked";
    }
    // Outlook submits the message; Exchange decides (the emulator applies its rules).
    const result = await this.drafts
      .sendAsOutlook(this.content(), this.from.address)
      .catch((e: unknown) => ({
        ok: false as const,
        code: "network",
        message: e instanceof Error ? e.message : String(e),
      }));
    if (!result.ok) {
      this.rejected = { code: result.code, message: result.message };
      this.changed();
      return "blocked";
    }
    this.rejected = null;
    this.sent = { from: this.from, at: new Date().toISOString() };
    this.changed();
    return "sent";
  }

  private content() {
    return {
      // A message written inside a shared mailbox or folder is saved there, not in the user's
      // Drafts (office-js #1116, #6701: "Item Id doesn't belong to the current mailbox" via /me).
      // A shared mailbox added to new Outlook as an account of its own saves that account's
      // drafts in the shared mailbox's Drafts, though Office names no owner (office-js #5682: the
      // mailbox is the account; its reporter reads the address from userProfile).
      owner: this.itemOwner ?? this.sharedAsAccount?.address ?? this.user.address,
      subject: this.subject,
      body: this.body,
      to: this.to,
      cc: this.cc,
      bcc: this.bcc,
      importance: this.importance,
      attachments: this.attachments,
      sensitivityLabel: this.sensitivityLabel,
      thread: this.thread ?? undefined,
      customProperties: { id: this.addinId, values: { ...this.customProperties } },
      ...this.extras,
    };
  }

  /** customProperties.saveAsync: the add-in's custom properties, kept on the item. */
  saveCustomProperties(values: Record<string, string>): void {
    this.customProperties = { ...values };
    this.changed();
  }

  /** item.saveAsync: the message as composed, saved as a draft in the user's mailbox. */
  async saveDraft(): Promise<string> {
    const id = await this.drafts.save(this.content());
    // The item now has a saved id that outlives the pane (composeItem).
    this.changed();
    return id;
  }

  /** The size limit of sessionData where this Outlook's requirement sets put it (characters). */
  get sessionDataLimit(): number {
    return this.isSetSupported("Mailbox", "1.16")
      ? MAX_SESSION_DATA_CHARS_1_16
      : MAX_SESSION_DATA_CHARS;
  }

  /**
   * sessionData.getAsync. A name never set fails with KeyNotFound, as Outlook on the web's own
   * session-data code does (owa-addins sessionDataUtils, published in a public repository:
   * `throw ApiErrorCode.KeyNotFound`); Microsoft's reference documents neither that nor a number
   * for it (9046 here, the simulator's KeyNotFound). The product reads any failure as "nothing
   * kept" (src/office/open-attempt-store.ts).
   */
  sessionGet(name: string): string {
    if (!Object.prototype.hasOwnProperty.call(this.session, name))
      throw new SimulatorError(9046, "KeyNotFound", `No session data named ${name}.`);
    return this.session[name];
  }

  /**
   * sessionData.setAsync(name, value: string). The whole object of one add-in on one item may
   * hold at most sessionDataLimit characters (office.sessiondata "Important"); Outlook on the web
   * counts each name and value in UTF-8 bytes (owa-addins sessionDataUtils: `new Blob([str]).size`,
   * limit 50000), so that is what is counted here. A set that would pass it fails with
   * SessionDataObjectMaxLengthExceeded (the name in that code; its number is not documented) and
   * changes nothing; replacing a value counts the new one instead of the old.
   */
  sessionSet(name: string, value: string): void {
    if (typeof name !== "string" || typeof value !== "string")
      throw new SimulatorError(9041, "ArgumentOutOfRange", "Session data are strings.");
    const next = { ...this.session, [name]: value };
    const bytes = (text: string) => new TextEncoder().encode(text).length;
    const size = Object.entries(next).reduce((n, [k, v]) => n + bytes(k) + bytes(v), 0);
    if (size > this.sessionDataLimit)
      throw new SimulatorError(
        9002,
        "SessionDataObjectMaxLengthExceeded",
        `Session data are limited to ${this.sessionDataLimit} characters per add-in (${size}).`
      );
    this.session = next;
    this.changed();
  }

  /** sessionData.getAllAsync: every key-value pair (a copy). */
  sessionGetAll(): Record<string, string> {
    return { ...this.session };
  }

  /** sessionData.removeAsync: a name never set fails with KeyNotFound (as sessionGet). */
  sessionRemove(name: string): void {
    if (!Object.prototype.hasOwnProperty.call(this.session, name))
      throw new SimulatorError(9046, "KeyNotFound", `No session data named ${name}.`);
    const rest = { ...this.session };
    delete rest[name];
    this.session = rest;
    this.changed();
  }

  /** sessionData.clearAsync. */
  sessionClear(): void {
    this.session = {};
    this.changed();
  }

  /**
   * What Outlook keeps of this compose item for the pane's next opening; null once the window is
   * gone (sent or closed): a pane opened then is on another item.
   */
  composeItem(): ComposeItemState | null {
    if (this.sent || this.closed) return null;
    return {
      v: 1,
      from: this.from,
      to: this.to,
      cc: this.cc,
      bcc: this.bcc,
      subject: this.subject,
      body: this.body,
      sensitivityLabel: this.sensitivityLabel,
      ...(this.delayDeliveryTime && { delayDeliveryTime: this.delayDeliveryTime.toISOString() }),
      ...(Object.keys(this.customProperties).length && {
        customProperties: { ...this.customProperties },
      }),
      draft: this.drafts.saved,
      sessionData: { ...this.session },
    };
  }

  /** The same compose item as an earlier page of the pane left it (composeItem). */
  restoreComposeItem(state: ComposeItemState): void {
    Object.assign(this, {
      from: state.from,
      to: state.to,
      cc: state.cc,
      bcc: state.bcc,
      subject: state.subject,
      body: state.body,
      sensitivityLabel: state.sensitivityLabel,
      delayDeliveryTime: state.delayDeliveryTime ? new Date(state.delayDeliveryTime) : 0,
    });
    this.drafts.restore(state.draft);
    this.customProperties = { ...state.customProperties };
    this.session = { ...state.sessionData };
  }

  /** Set when close() (below Mailbox 1.14) put up Outlook's "save changes?" prompt. */
  savePrompt = false;

  /**
   * item.closeAsync / item.close: the compose window goes away. close() on a message that was
   * sent through Graph prompts to save instead (office-js#6393, #5551: the item is "changed"), and
   * saving re-creates a draft of a message already sent; closeAsync can fail (office-js#5568).
   */
  close(discarded: boolean, how: "closeAsync" | "close" = "closeAsync"): void {
    if (how === "close") {
      this.savePrompt = true;
      this.changed();
      return;
    }
    if (this.closeFails)
      throw new SimulatorError(9002, "InternalError", "The item could not be closed.");
    this.closed = { discarded };
    this.changed();
  }

  /** The Smart Alert's own button (cancelLabel): Outlook runs the command the add-in named. */
  runAlertCommand(): void {
    this.openedCommand = this.alert?.commandId ?? null;
    this.alert = null;
    this.changed();
  }

  dismissAlert(): void {
    this.alert = null;
    this.changed();
  }

  update(fields: Partial<Pick<ComposeSimulator, "to" | "cc" | "bcc" | "subject" | "body">>): void {
    Object.assign(this, fields);
    this.changed();
  }

  addNotification(key: string, details: Omit<SimNotification, "key">, replace = false): void {
    if (!key || key.length > MAX_NOTIFICATION_KEY) {
      throw new SimulatorError(
        9041,
        "ArgumentOutOfRange",
        `The notification key must be 1 to ${MAX_NOTIFICATION_KEY} characters.`
      );
    }
    if (typeof details.message !== "string" || details.message.length > MAX_NOTIFICATION_MESSAGE) {
      throw new SimulatorError(
        9041,
        "ArgumentOutOfRange",
        `The notification message must be at most ${MAX_NOTIFICATION_MESSAGE} characters.`
      );
    }
    const kind = details.type;
    if (
      (kind === "errorMessage" || kind === "progressIndicator") &&
      (details.icon !== undefined || details.persistent !== undefined)
    ) {
      throw new SimulatorError(
        9042,
        "ArgumentException",
        "Icon and persistent are not valid for this notification type."
      );
    }
    if ((kind === "informationalMessage" || kind === "insightMessage") && !details.icon) {
      throw new SimulatorError(
        9042,
        "ArgumentException",
        "An icon is required for this notification type."
      );
    }
    if (!replace && this.notifications.has(key)) {
      throw new SimulatorError(
        9043,
        "DuplicateNotificationKey",
        `A notification with key ${key} already exists.`
      );
    }
    if (!this.notifications.has(key) && this.notifications.size >= MAX_NOTIFICATIONS) {
      throw new SimulatorError(
        9044,
        "NumberOfNotificationsExceeded",
        `At most ${MAX_NOTIFICATIONS} notifications.`
      );
    }
    this.notifications.set(key, { ...details, key });
    this.changed();
  }

  removeNotification(key: string): void {
    if (!this.notifications.delete(key)) {
      throw new SimulatorError(9046, "KeyNotFound", `No notification with key ${key}.`);
    }
    this.changed();
  }

  roamingGet(name: string): unknown {
    return this.roaming[name];
  }

  roamingSet(name: string, value: unknown): void {
    // Roaming settings store JSON: what is set is what a later get returns, by value.
    this.roaming[name] = JSON.parse(JSON.stringify(value));
  }

  roamingRemove(name: string): void {
    delete this.roaming[name];
  }

  /**
   * saveAsync: the runtime's whole copy of the settings is saved (`copy`: each runtime keeps its
   * own, office-sim.ts roamingSettings), replacing what the mailbox held; without `copy`, the
   * copy of roamingGet/roamingSet (a runtime of a test's own).
   */
  roamingSave(copy?: Record<string, unknown>): void {
    if (copy) this.roaming = JSON.parse(JSON.stringify(copy));
    const size = utf8Length(JSON.stringify(this.roaming));
    if (size > MAX_ROAMING_BYTES) {
      throw new SimulatorError(
        9057,
        "SettingsSizeExceeded",
        "Roaming settings are limited to 32 KB."
      );
    }
    this.savedRoaming = JSON.parse(JSON.stringify(this.roaming));
    this.changed();
  }

  /** Roaming settings as the mailbox stores them (after the last saveAsync). */
  savedRoamingSettings(): Record<string, unknown> {
    return JSON.parse(JSON.stringify(this.savedRoaming));
  }
}
