import type { Address, SmtpAddress } from "./address";
import type { EventMessages } from "./i18n";
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
  /** The directory can't be used (a shard over the size limit): sends are not checked. */
  directory: "sendFromDirectory",
  /** From is not the user's own and whether it is allowed cannot be told now (fromNotifications). */
  unchecked: "sendFromUnchecked",
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
      /**
       * "promptUser" (Office.MailboxEnums.SendModeOverride.PromptUser, Mailbox 1.14): the alert
       * offers Send Anyway whatever the manifest's SendMode. Set for a warning, not a block.
       */
      sendModeOverride?: "promptUser";
    };

/**
 * Splits text into user-perceived characters (grapheme clusters): Intl.Segmenter where the
 * runtime has it; otherwise (classic Outlook's JavaScript-only runtime promises no Intl
 * segmentation) code points, with combining marks, variation selectors, emoji modifiers, tags
 * and zero-width-joiner sequences kept on their base and regional-indicator flags kept in
 * pairs. Either way a surrogate pair is never split.
 */
export function graphemes(text: string): string[] {
  const Segmenter = typeof Intl === "object" ? Intl.Segmenter : undefined;
  if (typeof Segmenter === "function") {
    return Array.from(
      new Segmenter(undefined, { granularity: "grapheme" }).segment(text),
      (s) => s.segment
    );
  }
  return graphemesFallback(text);
}

const between = (c: number, lo: number, hi: number) => c >= lo && c <= hi;

/** Code points that never start a user-perceived character of their own. */
function isExtender(c: number): boolean {
  return (
    between(c, 0x0300, 0x036f) || // combining diacritical marks
    between(c, 0x0483, 0x0489) ||
    between(c, 0x0591, 0x05bd) ||
    between(c, 0x0610, 0x061a) ||
    between(c, 0x064b, 0x065f) ||
    between(c, 0x0900, 0x0903) ||
    between(c, 0x093a, 0x094f) ||
    between(c, 0x0e31, 0x0e31) ||
    between(c, 0x0e34, 0x0e3a) ||
    between(c, 0x0e47, 0x0e4e) ||
    between(c, 0x1ab0, 0x1aff) ||
    between(c, 0x1dc0, 0x1dff) ||
    between(c, 0x200c, 0x200d) || // ZWNJ, ZWJ
    between(c, 0x20d0, 0x20ff) || // combining marks for symbols (keycap)
    between(c, 0xfe00, 0xfe0f) || // variation selectors
    between(c, 0xfe20, 0xfe2f) ||
    between(c, 0x1f3fb, 0x1f3ff) || // skin tones
    between(c, 0xe0020, 0xe007f) || // tags (subdivision flags)
    between(c, 0xe0100, 0xe01ef)
  );
}

/** The fallback of graphemes(): exported so both paths can be tested in one runtime. */
export function graphemesFallback(text: string): string[] {
  const out: string[] = [];
  let joinNext = false;
  let regionalOpen = false;
  for (const ch of Array.from(text)) {
    const c = ch.codePointAt(0)!;
    const regional = between(c, 0x1f1e6, 0x1f1ff);
    if (out.length && (joinNext || isExtender(c) || (regional && regionalOpen))) {
      out[out.length - 1] += ch;
      regionalOpen = false;
    } else {
      out.push(ch);
      regionalOpen = regional;
    }
    joinNext = c === 0x200d;
  }
  return out;
}

const ELLIPSIS = "…";

/** The first `count` user-perceived characters of `clusters`, with an ellipsis when cut. */
function cutClusters(clusters: readonly string[], count: number): string {
  if (clusters.length <= count) return clusters.join("");
  return `${clusters.slice(0, count).join("").trimEnd()}${ELLIPSIS}`;
}

/**
 * Cuts text to Outlook's limit (UTF-16 units, as Outlook counts), between user-perceived
 * characters and on a word boundary where it can, with an ellipsis.
 */
export function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  const clusters = graphemes(text);
  let used = ELLIPSIS.length;
  let count = 0;
  while (count < clusters.length && used + clusters[count].length <= max)
    used += clusters[count++].length;
  const cut = clusters.slice(0, count).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}${ELLIPSIS}`;
}

/** Largest k in [0, hi] with ok(k), given ok is monotone (true then false); -1 when none. */
function largest(hi: number, ok: (k: number) => boolean): number {
  let lo = 0;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/**
 * Renders a message so it stays within `max` UTF-16 units, shortening the display names (and
 * only them) first: every name is cut to the same number of user-perceived characters, the
 * largest that fits, so the address, the missing right and the fix in the template survive.
 * `escape` is applied to each name after shortening (Markdown), so an escape is never cut in
 * half and the template's own `**` stay balanced. Returns null when even one-character names
 * leave the message too long (an absurdly long address): the caller falls back to plain text.
 */
export function fitNames(
  render: (names: string[]) => string,
  names: readonly string[],
  max: number,
  escape: (name: string) => string = (name) => name
): string | null {
  const whole = render(names.map(escape));
  if (whole.length <= max) return whole;
  const clusters = names.map(graphemes);
  const at = (k: number) => render(clusters.map((c) => escape(cutClusters(c, k))));
  const longest = Math.max(0, ...clusters.map((c) => c.length));
  const k = largest(longest, (n) => at(n).length <= max);
  return k < 0 ? null : at(k);
}

/** Plain text turned into Markdown that shows as itself, cut to `max` after escaping. */
function fitEscaped(plain: string, max: number): string {
  const clusters = graphemes(plain);
  const k = largest(clusters.length, (n) => escapeMarkdown(cutClusters(clusters, n)).length <= max);
  return escapeMarkdown(cutClusters(clusters, Math.max(k, 0)));
}

/**
 * A Smart Alert's two forms (errorMessage and errorMessageMarkdown), each within ALERT_MAX:
 * names shortened first; if the address alone is too long, the plain text is cut and the
 * Markdown form becomes that plain text escaped (no formatting, nothing left open).
 */
export function fitAlert(
  plain: (names: string[]) => string,
  markdown: (names: string[]) => string,
  names: readonly string[],
  max = ALERT_MAX
): { plain: string; markdown: string } {
  const p = fitNames(plain, names, max) ?? fit(plain(names.slice()), max);
  const md = fitNames(markdown, names, max, escapeMarkdown) ?? fitEscaped(p, max);
  return { plain: p, markdown: md };
}

/** A notification within NOTIFICATION_MAX: names shortened first, else the text cut. */
export function fitNotification(
  render: (names: string[]) => string,
  names: readonly string[],
  max = NOTIFICATION_MAX
): string {
  return fitNames(render, names, max) ?? fit(render(names.slice()), max);
}

/** Markdown special characters in names must show as themselves in the Smart Alert. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, "\\$1");
}

/**
 * The notifications for the address in Outlook's From field: at most two. Nothing for the user's
 * own address and aliases. When the directory can't say (unreachable with nothing cached, or a
 * partial roamed digest that does not list the mailbox), one informational "can't tell"
 * notification (NOTIFICATION_KEYS.unchecked; Messages.events.fromUnchecked): it blocks nothing,
 * and OnMessageSend decides again. "Not published" (the directory has no list for the user) says
 * nothing: the user has no rights to report, and their aliases are unknown.
 */
export function fromNotifications(
  from: SmtpAddress,
  user: Address,
  knowledge: DirectoryKnowledge,
  t: EventMessages
): Notification[] {
  const note = (
    key: string,
    type: Notification["type"],
    render: (names: string[]) => string,
    names: string[]
  ): Notification => ({ key, type, message: fitNotification(render, names) });
  const cannotTell = () => [
    note(NOTIFICATION_KEYS.unchecked, "informationalMessage", ([a]) => t.events.fromUnchecked(a), [
      from,
    ]),
  ];
  if (knowledge.kind === "unavailable") return cannotTell();
  if (knowledge.kind !== "shard") return [];
  const status = classifyFrom(from, user.address, knowledge.shard);
  switch (status.status) {
    case "own":
      return [];
    case "permitted": {
      const name = status.mailbox.displayName;
      const copy = mailboxKeepsCopy(status.mailbox) ? t.events.copyBoth : t.events.copyMine;
      return [
        status.right === "SendAs"
          ? note(
              NOTIFICATION_KEYS.recipients,
              "informationalMessage",
              ([m]) => t.events.recipientsSendAs(m),
              [name]
            )
          : note(
              NOTIFICATION_KEYS.recipients,
              "informationalMessage",
              ([u, m]) => t.events.recipientsSendOnBehalf(u, m),
              [user.displayName, name]
            ),
        note(NOTIFICATION_KEYS.copy, "informationalMessage", ([m]) => copy(m), [name]),
      ];
    }
    case "notPermitted":
      return [
        note(NOTIFICATION_KEYS.denied, "errorMessage", ([m]) => t.events.deniedFullAccessOnly(m), [
          status.mailbox.displayName,
        ]),
      ];
    case "unknown":
      // A partial digest (roaming settings hold 32 KB) can't prove a right is missing.
      if (knowledge.partial) return cannotTell();
      return [
        note(NOTIFICATION_KEYS.denied, "errorMessage", () => t.events.deniedUnknown(from), []),
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
  t: EventMessages
): SendDecision {
  const block = (
    plain: (names: string[]) => string,
    markdown: (names: string[]) => string,
    names: string[]
  ): SendDecision => {
    const text = fitAlert(plain, markdown, names);
    return {
      allowEvent: false,
      errorMessage: text.plain,
      errorMessageMarkdown: text.markdown,
      cancelLabel: fit(t.events.pickMailbox, CANCEL_LABEL_MAX),
      commandId: OPEN_PANE_COMMAND,
    };
  };
  if (knowledge.kind === "unavailable") {
    return settings.failClosed && from !== user.address
      ? block(
          () => t.events.blockedUnavailable(from),
          () => t.events.blockedUnavailable(escapeMarkdown(from)),
          []
        )
      : { allowEvent: true };
  }
  if (knowledge.kind === "notPublished") return { allowEvent: true };
  const status = classifyFrom(from, user.address, knowledge.shard);
  if (status.status === "own" || status.status === "permitted") return { allowEvent: true };
  if (status.status === "unknown" && knowledge.partial) return { allowEvent: true };
  if (status.status === "notPermitted") {
    return block(
      ([m]) => t.events.blockedFullAccessOnly(m, from),
      ([m]) => t.events.blockedFullAccessOnlyMarkdown(m, escapeMarkdown(from)),
      [status.mailbox.displayName]
    );
  }
  return block(
    () => t.events.blockedUnknown(from),
    () => t.events.blockedUnknownMarkdown(escapeMarkdown(from)),
    []
  );
}
