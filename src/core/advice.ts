import type { SmtpAddress } from "./address";
import type { Mailbox } from "./model";
import { hasOwnSentItems, hasRight, isGroup, mailboxKeepsCopy, sendRight } from "./rights";

/** Exchange takes up to 60 minutes to apply a permission change. */
export const PROPAGATION_MS = 60 * 60 * 1000;

export type AdviceTone = "info" | "success" | "warning" | "error";

/**
 * Stable codes: the UI shows each with data-advice-code, the message catalogue words it, and
 * docs/advice-codes.md explains when it appears.
 */
export type AdviceCode =
  | "send.noRight"
  | "send.fullAccessOnly"
  | "recipients.sendAs"
  | "recipients.sendOnBehalf"
  | "recipients.sendAsWins"
  | "sentItems.yoursOnly"
  | "sentItems.yoursAndMailbox"
  | "sentItems.groupHasNone"
  | "fullAccess.missing"
  | "fullAccess.present"
  | "mailbox.hidden"
  | "mailbox.noReply"
  | "rights.mayNotBeActive"
  | "outlookFrom.matches"
  | "outlookFrom.pickInOutlook";

/**
 * The order a person needs the advice in before sending, most needed first (rev14b finding 5;
 * issue 14 "the most important line first"): whether the send can work at all; warnings that
 * change the outcome (nobody reads replies, a right perhaps not active yet, Outlook for the
 * desktop refusing a hidden mailbox); how recipients see the message; where the copy lands; Full
 * Access (the way of sending through the mailbox, whose radio says the same); Outlook's own From
 * field last. A Record, so a new code cannot be left without a place.
 */
export const ADVICE_RANK: Record<AdviceCode, number> = {
  "send.noRight": 0,
  "send.fullAccessOnly": 0,
  "mailbox.noReply": 1,
  "rights.mayNotBeActive": 1,
  "mailbox.hidden": 1,
  "recipients.sendAs": 2,
  "recipients.sendOnBehalf": 2,
  "recipients.sendAsWins": 2,
  "sentItems.yoursOnly": 3,
  "sentItems.yoursAndMailbox": 3,
  "sentItems.groupHasNone": 3,
  "fullAccess.missing": 4,
  "fullAccess.present": 4,
  "outlookFrom.matches": 5,
  "outlookFrom.pickInOutlook": 5,
};

/** `advice` in ADVICE_RANK's order; within a rank, adviseFor's order. Nothing is dropped. */
export function byImportance(advice: readonly Advice[]): Advice[] {
  return advice
    .map((a, i) => ({ a, i }))
    .sort((x, y) => ADVICE_RANK[x.a.code] - ADVICE_RANK[y.a.code] || x.i - y.i)
    .map((x) => x.a);
}

export interface Advice {
  code: AdviceCode;
  tone: AdviceTone;
}

export interface AdviceContext {
  /** The signed-in user's primary SMTP address. */
  user: string;
  /** When the directory was generated (ISO-8601). */
  generatedAt: string;
  now: Date;
  /** The address in Outlook's own From field, when known. */
  outlookFrom?: SmtpAddress | null;
}

/** True while rights published by a directory generated at `generatedAt` may still be propagating. */
export function mayNotBeActiveYet(generatedAt: string, now: Date): boolean {
  const at = Date.parse(generatedAt);
  if (Number.isNaN(at)) return false;
  return now.getTime() - at < PROPAGATION_MS;
}

/** What the user should know before sending from `mailbox`, most important first. */
export function adviseFor(mailbox: Mailbox, ctx: AdviceContext): Advice[] {
  const advice: Advice[] = [];
  const right = sendRight(mailbox);
  const fullAccess = hasRight(mailbox, "FullAccess");
  const group = isGroup(mailbox.kind);

  if (!right) {
    advice.push({ code: fullAccess ? "send.fullAccessOnly" : "send.noRight", tone: "error" });
  } else {
    if (right === "SendAs") {
      advice.push({ code: "recipients.sendAs", tone: "info" });
      if (hasRight(mailbox, "SendOnBehalf"))
        advice.push({ code: "recipients.sendAsWins", tone: "info" });
    } else {
      advice.push({ code: "recipients.sendOnBehalf", tone: "info" });
    }
    if (group) advice.push({ code: "sentItems.groupHasNone", tone: "info" });
    else if (mailboxKeepsCopy(mailbox))
      advice.push({ code: "sentItems.yoursAndMailbox", tone: "info" });
    else advice.push({ code: "sentItems.yoursOnly", tone: "info" });

    if (hasOwnSentItems(mailbox.kind)) {
      advice.push(
        fullAccess
          ? { code: "fullAccess.present", tone: "info" }
          : { code: "fullAccess.missing", tone: "warning" }
      );
    }
  }

  if (mailbox.hiddenFromAddressLists && right)
    advice.push({ code: "mailbox.hidden", tone: "warning" });
  if (mailbox.noReply) advice.push({ code: "mailbox.noReply", tone: "warning" });
  if (mayNotBeActiveYet(ctx.generatedAt, ctx.now))
    advice.push({ code: "rights.mayNotBeActive", tone: "warning" });

  if (right && ctx.outlookFrom) {
    advice.push(
      ctx.outlookFrom === mailbox.address
        ? { code: "outlookFrom.matches", tone: "success" }
        : { code: "outlookFrom.pickInOutlook", tone: "info" }
    );
  }
  return advice;
}
