import type { Address, SmtpAddress } from "./address";
import type { Messages } from "./i18n";
import type { UserShard } from "./model";
import { classifyFrom, mailboxKeepsCopy } from "./rights";

/** Outlook's limits (item.notificationMessages and SmartAlertsEventCompletedOptions). */
export const NOTIFICATION_MAX = 150;
export const ALERT_MAX = 500;
export const CANCEL_LABEL_MAX = 20;
/** The manifest's task pane button: the Smart Alert's second button opens the pane there. */
export const OPEN_PANE_COMMAND = "msgComposeOpenPaneButton";

export const NOTIFICATION_KEYS = {
  recipients: "sendFromRecipients",
  copy: "sendFromCopy",
  denied: "sendFromDenied",
} as const;

/** What the handlers know of the directory when they decide. */
export type DirectoryKnowledge =
  | {
      kind: "shard";
      shard: Pick<UserShard, "aliases" | "mailboxes" | "generatedAt">;
      partial?: boolean;
    }
  /** The directory answered 404 for this user: no rights, but their aliases are unknown. */
  | { kind: "notPublished" }
  /** Nothing could be read and nothing is cached. */
  | { kind: "unavailable" };

export interface HandlerSettings {
  /** Block sends when the directory can't be read (admin build setting; default: fail open). */
  failClosed: boolean;
}

export interface Notification {
  key: string;
  type: "informationalMessage" | "errorMessage";
  message: string;
}

export type SendDecision =
  | { allowEvent: true }
  | {
      allowEvent: false;
      errorMessage: string;
      errorMessageMarkdown: string;
      cancelLabel: string;
      commandId: string;
    };

/** Cuts text to Outlook's limit, on a word boundary where it can, with an ellipsis. */
export function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Names inside notifications are shortened so the sentence around them survives the limit. */
const short = (name: string) => fit(name, 40);

/** Markdown special characters in names must show as themselves in the Smart Alert. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, "\\$1");
}

/**
 * The notifications for the address in Outlook's From field: at most two. Nothing for the user's
 * own address, aliases, or when the directory can't say.
 */
export function fromNotifications(
  from: SmtpAddress,
  user: Address,
  knowledge: DirectoryKnowledge,
  t: Messages
): Notification[] {
  if (knowledge.kind !== "shard") return [];
  const status = classifyFrom(from, user.address, knowledge.shard);
  const info = (key: string, message: string): Notification => ({
    key,
    type: "informationalMessage",
    message: fit(message, NOTIFICATION_MAX),
  });
  switch (status.status) {
    case "own":
      return [];
    case "permitted": {
      const name = short(status.mailbox.displayName);
      return [
        info(
          NOTIFICATION_KEYS.recipients,
          status.right === "SendAs"
            ? t.events.recipientsSendAs(name)
            : t.events.recipientsSendOnBehalf(short(user.displayName), name)
        ),
        info(
          NOTIFICATION_KEYS.copy,
          mailboxKeepsCopy(status.mailbox) ? t.events.copyBoth(name) : t.events.copyMine(name)
        ),
      ];
    }
    case "notPermitted":
      return [
        {
          key: NOTIFICATION_KEYS.denied,
          type: "errorMessage",
          message: fit(
            t.events.deniedFullAccessOnly(short(status.mailbox.displayName)),
            NOTIFICATION_MAX
          ),
        },
      ];
    case "unknown":
      // A partial digest (roaming settings hold 32 KB) can't prove a right is missing.
      if (knowledge.partial) return [];
      return [
        {
          key: NOTIFICATION_KEYS.denied,
          type: "errorMessage",
          message: fit(t.events.deniedUnknown(short(from)), NOTIFICATION_MAX),
        },
      ];
  }
}

/**
 * Whether to let the message go. Allows at once for the user and permitted mailboxes; blocks a
 * From the directory says will be refused; never blocks because the add-in is down unless the
 * admin built it to fail closed.
 */
export function sendDecision(
  from: SmtpAddress,
  user: Address,
  knowledge: DirectoryKnowledge,
  settings: HandlerSettings,
  t: Messages
): SendDecision {
  const block = (plain: string, markdown: string): SendDecision => ({
    allowEvent: false,
    errorMessage: fit(plain, ALERT_MAX),
    errorMessageMarkdown: fit(markdown, ALERT_MAX),
    cancelLabel: fit(t.events.pickMailbox, CANCEL_LABEL_MAX),
    commandId: OPEN_PANE_COMMAND,
  });
  if (knowledge.kind === "unavailable") {
    return settings.failClosed && from !== user.address
      ? block(t.events.blockedUnavailable(from), t.events.blockedUnavailable(escapeMarkdown(from)))
      : { allowEvent: true };
  }
  if (knowledge.kind === "notPublished") return { allowEvent: true };
  const status = classifyFrom(from, user.address, knowledge.shard);
  if (status.status === "own" || status.status === "permitted") return { allowEvent: true };
  if (status.status === "unknown" && knowledge.partial) return { allowEvent: true };
  const name = status.status === "notPermitted" ? status.mailbox.displayName : from;
  const plain =
    status.status === "notPermitted"
      ? t.events.blockedFullAccessOnly(name, from)
      : t.events.blockedUnknown(from);
  const markdown =
    status.status === "notPermitted"
      ? t.events.blockedFullAccessOnlyMarkdown(escapeMarkdown(name), escapeMarkdown(from))
      : t.events.blockedUnknownMarkdown(escapeMarkdown(from));
  return block(plain, markdown);
}
