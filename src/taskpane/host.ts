import type { Address, SmtpAddress } from "../core/address";
import type { DirectoryLocation } from "../core/directory-location";
import type { ComposeAttachment } from "../core/fidelity";
import type { Preferences } from "../core/search";
import type { DirectoryState } from "../directory/client";
import type { DirectoryStorage } from "../directory/storage";
import type { OpenAttempt, SentRecord } from "../core/open-attempt";
import type { SendService } from "../graph";

/**
 * Everything the pane needs from the outside world. index.tsx builds it from Office.js and the
 * directory client; component tests build it from plain objects.
 */
export interface PaneHost {
  /** The signed-in person as Office alone tells (the delegate at start; core/identity.ts). */
  user: Address;
  /**
   * Called with the person's own addresses whenever a shard arrives (its `user` and `aliases`):
   * decides the delegate again with them (taskpane/person.ts) and returns the person, whom the
   * pane then shows and judges From against; later readFrom answers read From for them. Absent:
   * `user` stands.
   */
  identify?(person: { user: SmtpAddress; aliases?: readonly SmtpAddress[] }): Address;
  /** Outlook's From field; null when the host can't tell. */
  readFrom(): Promise<Address | null>;
  preferences: { load(): Preferences; save(prefs: Preferences): Promise<void> };
  directory: { cached(): Promise<DirectoryState | null>; refresh(): Promise<DirectoryState> };
  now(): Date;
  /** Loads the Graph send pipeline (a separate chunk) on first use; absent where sending is unavailable. */
  loadSendService?: () => Promise<SendService>;
  /**
   * Present where the person was confirmed by "Is this you?" (Office named nobody;
   * taskpane/confirm-account.ts): starts the pane again, which asks again (rev12f #2: a "Yes" to
   * the wrong account is not kept for the pane's life).
   */
  notYou?: () => void;
  /** Set when the page's `directory` parameter was refused. */
  rejectedDirectory?: DirectoryLocation["rejected"];
  /** Puts text on the clipboard; rejects when it cannot. Absent: no "Copy diagnostics" action. */
  copyText?: (text: string) => Promise<void>;
  /** Facts about the runtime that head the copied diagnostics (Outlook's host and version). */
  about?: () => Record<string, string>;
  /**
   * The compose window's attachments (office/compose.ts readAttachments); null where Outlook
   * cannot list them. Absent: the pane cannot say before Send what a way of sending would drop.
   */
  readAttachments?: () => Promise<ComposeAttachment[] | null>;
  /**
   * Calls `listener` each time the person adds or removes an attachment while the pane is open
   * (office/compose-attachments.ts onAttachmentsChanged); returns what stops it. Absent: the
   * list is read again only when the pane gets the focus back.
   */
  onAttachmentsChanged?: (listener: () => void) => () => void;
  /**
   * Whether the draft carries a sensitivity label (office/compose.ts readSensitivityLabel); null
   * where Outlook cannot tell. Absent: treated as unknown.
   */
  readSensitivityLabel?: () => Promise<boolean | null>;
  /**
   * The pane's own small records on this device (localStorage): when each right was first seen
   * listed (core/rights-seen.ts). Absent: none kept.
   */
  paneStorage?: DirectoryStorage;
  /**
   * A send of this compose item whose outcome is unknown, left by an earlier pane
   * (office/open-attempt-store.ts): the pane then starts at "may have been sent", Send disabled,
   * with Check. Absent or null: none.
   */
  openAttempt?: () => Promise<OpenAttempt | null>;
  /**
   * That this compose item was sent from the pane while its window stayed open (SentRecord,
   * office/open-attempt-store.ts): the pane writes it after such a send, before it says "sent", and reads it at start, so
   * it never offers Send for the item again (rev14b finding 1). `load` answers null when none is
   * kept or it cannot be read; neither method rejects. Absent: kept in the pane's memory only.
   */
  sentRecord?: {
    load(): Promise<SentRecord | null>;
    save(record: SentRecord): Promise<void>;
  };
  /**
   * The mailbox the compose item lives in when Office names one (item.getSharedPropertiesAsync):
   * a reply written inside a shared mailbox's folder is saved in that mailbox (office-js #1116,
   * #6701), and the send pipeline then sends it where it lives (graph/send.ts), so the copy goes
   * to that mailbox's Sent Items whichever way is chosen. Absent or null: the person's own Drafts.
   */
  itemOwner?: SmtpAddress | null;
  /**
   * Where Outlook saved the draft as the pane knows it now (taskpane/draft-owner.ts draftOwnerOf over
   * Office's answer at start and the delegate as now known): an address for a mailbox's Drafts
   * (the item's owner, or in "Open another mailbox" and a shared mailbox added as an account,
   * office-js #5682, the mailbox opened), null for the person's own, undefined when unknown. Read
   * at each render, since the delegate is decided again once the person's shard arrives. Absent:
   * `itemOwner` alone says.
   */
  draftMailbox?(): SmtpAddress | null | undefined;
}
