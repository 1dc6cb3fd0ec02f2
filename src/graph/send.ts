import { recordFailure } from "../core/diagnostics";
import type { Mailbox, SendMode } from "../core/model";
import { mailboxKeepsCopy } from "../core/rights";
import { copyAttachments, CopyProgress, listAttachments } from "./attachments";
import { GraphError, Http, json } from "./http";

export type SendStep = "saving" | "preparing" | "uploading" | "sending" | "checking" | "closing";

export interface SendProgress {
  step: SendStep;
  upload?: CopyProgress;
}

/** The compose window, as the pipeline needs it (src/office/compose.ts implements it). */
export interface ComposeWindow {
  /** Saves the draft to the user's mailbox and returns its Graph (REST) id. */
  saveDraft(): Promise<string>;
  /** Closes the compose window without a "save changes?" prompt. */
  close(): Promise<void>;
}

export type SendOutcome =
  /** Sent. `copies` says whose Sent Items got the copy. `confirmedLate` after an answer was lost. */
  | { ok: true; copies: SendMode[]; confirmedLate: boolean }
  /** Not sent, and the draft is intact: safe to try again. */
  | { ok: false; error: GraphError; draftIntact: true }
  /** We could not find out whether it went: check Sent Items before sending again. */
  | { ok: false; error: GraphError; unknown: true };

interface MessageState {
  id: string;
  isDraft: boolean;
  internetMessageId?: string;
}

const enc = encodeURIComponent;
const root = (mode: SendMode, mailbox: Mailbox) =>
  mode === "mine" ? "/me" : `/users/${enc(mailbox.address)}`;

/** Finds messages carrying an Internet message id, in any folder of a mailbox. */
async function findByMessageId(
  http: Http,
  mailboxRoot: string,
  internetMessageId: string
): Promise<MessageState[]> {
  const filter = enc(`internetMessageId eq '${internetMessageId.replace(/'/g, "''")}'`);
  const response = await http({
    method: "GET",
    path: `${mailboxRoot}/messages?$filter=${filter}&$select=id,isDraft,internetMessageId`,
    idempotent: true,
  });
  return (await json<{ value: MessageState[] }>(response)).value;
}

/**
 * Sends the message being composed from `mailbox`. Never sends twice: each message carries its
 * Internet message id from the draft, and after an answer is lost the pipeline looks for a sent
 * message with that id before it would send again. Never loses the draft: the compose window
 * closes only after the send is confirmed.
 */
export class Sender {
  /**
   * The last attempt whose outcome is not settled: its Internet message id, so a retry can check
   * before sending again, and (through the mailbox) the user's draft to remove once it went.
   */
  private pending: {
    mode: SendMode;
    mailbox: string;
    internetMessageId: string;
    userDraft?: string;
  } | null = null;

  constructor(
    private readonly http: Http,
    private readonly compose: ComposeWindow
  ) {}

  async send(
    mailbox: Mailbox,
    mode: SendMode,
    onProgress: (p: SendProgress) => void = () => undefined
  ): Promise<SendOutcome> {
    const copies: SendMode[] =
      mode === "mailbox" ? ["mailbox"] : mailboxKeepsCopy(mailbox) ? ["mine", "mailbox"] : ["mine"];

    // A retry of an attempt whose answer was lost: it may have gone already.
    if (this.pending && this.pending.mailbox === mailbox.address && this.pending.mode === mode) {
      onProgress({ step: "checking" });
      try {
        const found = await findByMessageId(
          this.http,
          root(mode, mailbox),
          this.pending.internetMessageId
        );
        const userDraft = this.pending.userDraft;
        if (found.some((m) => !m.isDraft)) {
          return this.finish(
            copies,
            true,
            onProgress,
            userDraft ? () => this.discard(userDraft) : undefined
          );
        }
      } catch (e) {
        if (e instanceof GraphError) return { ok: false, error: e, unknown: true };
        throw e;
      }
    }

    onProgress({ step: "saving" });
    const draftId = await this.compose.saveDraft();
    try {
      return mode === "mine"
        ? await this.sendMine(mailbox, draftId, copies, onProgress)
        : await this.sendThroughMailbox(mailbox, draftId, copies, onProgress);
    } catch (e) {
      if (e instanceof GraphError) return { ok: false, error: e, draftIntact: true };
      throw e;
    }
  }

  private async sendMine(
    mailbox: Mailbox,
    draftId: string,
    copies: SendMode[],
    onProgress: (p: SendProgress) => void
  ): Promise<SendOutcome> {
    const draft = `/me/messages/${enc(draftId)}`;
    onProgress({ step: "preparing" });
    const patched = await json<MessageState>(
      await this.http({
        method: "PATCH",
        path: draft,
        body: { from: { emailAddress: { address: mailbox.address, name: mailbox.displayName } } },
        idempotent: true,
      })
    );
    return this.submit(
      mailbox,
      "mine",
      draft,
      patched.internetMessageId,
      copies,
      onProgress,
      async () => {
        // The send was refused: put the draft's From back so Outlook's own Send behaves as before.
        await this.http({
          method: "PATCH",
          path: draft,
          body: { from: null },
          idempotent: true,
        }).catch((e) => recordFailure("send", "restoreFrom", e));
      }
    );
  }

  private async sendThroughMailbox(
    mailbox: Mailbox,
    draftId: string,
    copies: SendMode[],
    onProgress: (p: SendProgress) => void
  ): Promise<SendOutcome> {
    const source = `/me/messages/${enc(draftId)}`;
    const target = root("mailbox", mailbox);
    // Sent from the mailbox, the user's own draft of the message is no longer needed. It goes
    // before the compose window closes: closing may end the add-in.
    const removeUserDraft = () => this.discard(source);
    onProgress({ step: "preparing" });
    const original = await json<Record<string, unknown> & MessageState>(
      await this.http({
        method: "GET",
        path: `${source}?$select=subject,body,toRecipients,ccRecipients,bccRecipients,replyTo,importance,internetMessageId`,
        idempotent: true,
      })
    );
    // A half-made copy from an earlier attempt is removed, so the mailbox never keeps two drafts.
    if (original.internetMessageId) {
      const leftovers = await findByMessageId(this.http, target, original.internetMessageId);
      if (leftovers.some((m) => !m.isDraft))
        return this.finish(copies, true, onProgress, removeUserDraft);
      for (const m of leftovers) await this.discard(`${target}/messages/${enc(m.id)}`);
    }
    const body: Record<string, unknown> = {
      from: { emailAddress: { address: mailbox.address, name: mailbox.displayName } },
    };
    for (const key of [
      "subject",
      "body",
      "toRecipients",
      "ccRecipients",
      "bccRecipients",
      "replyTo",
      "importance",
      "internetMessageId",
    ]) {
      if (original[key] !== undefined && original[key] !== null) body[key] = original[key];
    }
    const created = await json<MessageState>(
      await this.http({ method: "POST", path: `${target}/messages`, body, idempotent: false })
    );
    const copy = `${target}/messages/${enc(created.id)}`;
    const discardCopy = () => this.discard(copy);
    try {
      // Listed even when hasAttachments is false: Graph leaves inline images out of that flag.
      const attachments = await listAttachments(this.http, source);
      if (attachments.length) {
        onProgress({ step: "uploading" });
        await copyAttachments(this.http, source, copy, attachments, (upload) =>
          onProgress({ step: "uploading", upload })
        );
      }
    } catch (e) {
      await discardCopy();
      throw e;
    }
    return this.submit(
      mailbox,
      "mailbox",
      copy,
      created.internetMessageId ?? original.internetMessageId,
      copies,
      onProgress,
      discardCopy,
      source
    );
  }

  /** Deletes a message; best effort (a leftover draft is untidy, never harmful). */
  private async discard(path: string): Promise<void> {
    await this.http({ method: "DELETE", path, idempotent: true }).catch((e) =>
      recordFailure("send", "discard", e)
    );
  }

  /** POST …/send, telling "refused" from "answer lost", and checking before anything is repeated. */
  private async submit(
    mailbox: Mailbox,
    mode: SendMode,
    message: string,
    internetMessageId: string | undefined,
    copies: SendMode[],
    onProgress: (p: SendProgress) => void,
    onRefused: () => Promise<void>,
    /** Through the mailbox: the user's own draft, removed once the message went. */
    userDraft?: string
  ): Promise<SendOutcome> {
    if (internetMessageId)
      this.pending = { mode, mailbox: mailbox.address, internetMessageId, userDraft };
    const beforeClose = userDraft ? () => this.discard(userDraft) : undefined;
    onProgress({ step: "sending" });
    try {
      await this.http({ method: "POST", path: `${message}/send`, idempotent: false });
    } catch (e) {
      if (!(e instanceof GraphError)) throw e;
      // A draft that is gone may have gone out: a browser repeats a POST whose connection broke,
      // and the repeat finds the draft already in Sent Items. Only a look tells.
      const maybeSent = e.ambiguous || e.code === "ErrorItemNotFound";
      if (!maybeSent) {
        await onRefused();
        this.pending = null;
        return { ok: false, error: e, draftIntact: true };
      }
      if (!internetMessageId) return { ok: false, error: e, unknown: true };
      onProgress({ step: "checking" });
      try {
        const found = await findByMessageId(this.http, root(mode, mailbox), internetMessageId);
        if (found.some((m) => !m.isDraft))
          return this.finish(copies, true, onProgress, beforeClose);
        // Still a draft (or really not found): it did not go. Sending again is safe.
        return { ok: false, error: e, draftIntact: true };
      } catch (check) {
        recordFailure("send", "checkAfterLostAnswer", check);
        return { ok: false, error: e, unknown: true };
      }
    }
    return this.finish(copies, false, onProgress, beforeClose);
  }

  private async finish(
    copies: SendMode[],
    confirmedLate: boolean,
    onProgress: (p: SendProgress) => void,
    beforeClose?: () => Promise<void>
  ): Promise<SendOutcome> {
    this.pending = null;
    await beforeClose?.();
    onProgress({ step: "closing" });
    await this.compose.close().catch((e) => recordFailure("send", "closeCompose", e));
    return { ok: true, copies, confirmedLate };
  }
}
