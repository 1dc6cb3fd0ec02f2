import { useCallback, useEffect, useRef, useState } from "react";
import type { Mailbox } from "../core/model";
import { explainGraphFailure, SendProblem } from "../core/send-errors";
import type { SendEvent, SendMode, SendService } from "../graph";
import type { PaneHost } from "./host";

export type SendState =
  | { status: "idle" }
  | { status: "working"; event: SendEvent }
  | {
      status: "sent";
      copies: ("mine" | "mailbox")[];
      confirmedLate: boolean;
      /** The window still shows the sent message: say so, and not to press Outlook's Send. */
      notClosed?: boolean;
    }
  | { status: "failed"; problem: SendProblem; draftIntact: boolean }
  /** It could not be found out whether the message went: never "Not sent" without proof. */
  | { status: "unknown"; problem: SendProblem };

export interface SendModel {
  available: boolean;
  mode: SendMode;
  setMode(mode: SendMode): void;
  state: SendState;
  send(): void;
  /** Looks for the message after an unknown outcome; never sends. */
  check(): void;
  /** Chooses another way of sending and sends that way (the fix a problem offers). */
  sendInMode(mode: SendMode): void;
}

/** A failure that is not Graph's: the Office save, the chunk download, or sign-in. */
function explainException(e: unknown): SendProblem {
  const record = (e ?? {}) as { name?: string; code?: unknown; kind?: string; message?: string };
  const detail = record.message
    ? `${record.code ? `${String(record.code)}: ` : ""}${String(record.message)}`.slice(0, 300)
    : undefined;
  if (record.name === "OfficeCallError") return { code: "draftNotSaved", retryable: true, detail };
  if (record.name === "ChunkLoadError") return { code: "network", retryable: true, detail };
  switch (record.kind) {
    case "cancelled":
      return { code: "signInCancelled", retryable: true, detail };
    case "popupBlocked":
      return { code: "signInBlocked", retryable: true, detail };
    case "consentRequired":
      return { code: "consentRequired", retryable: true, detail };
    case "adminConsentRequired":
      return { code: "adminConsentRequired", retryable: false, detail };
    case "unsupported":
      return { code: "signInUnsupported", retryable: false, detail };
    case "network":
      return { code: "network", retryable: true, detail };
  }
  return { code: "signInFailed", retryable: true, detail };
}

export function useSend(host: PaneHost, mailbox: Mailbox | null): SendModel {
  const [mode, setMode] = useState<SendMode>("mine");
  const [state, setState] = useState<SendState>({ status: "idle" });
  const service = useRef<Promise<SendService> | null>(null);
  const working = state.status === "working";

  // Another mailbox starts afresh; a send in progress finishes first (the controls are disabled).
  const address = mailbox?.address;
  useEffect(() => {
    setMode("mine");
    setState((s) => (s.status === "working" ? s : { status: "idle" }));
  }, [address]);

  const run = useCallback(
    async (action: "send" | "check", chosen: SendMode = mode) => {
      if (!mailbox || !host.loadSendService || working) return;
      setState({ status: "working", event: { step: action === "send" ? "saving" : "checking" } });
      try {
        if (!service.current) {
          service.current = host.loadSendService();
          // A failed download may work next time: do not keep the rejected promise.
          service.current.catch(() => (service.current = null));
        }
        const sender = await service.current;
        const onEvent = (event: SendEvent) => setState({ status: "working", event });
        const outcome =
          action === "send"
            ? await sender.send(mailbox, chosen, onEvent)
            : await sender.check(onEvent);
        if (outcome.ok) {
          setState({
            status: "sent",
            copies: outcome.copies,
            confirmedLate: outcome.confirmedLate,
            notClosed: !!outcome.notClosed,
          });
        } else if ("unknown" in outcome) {
          setState({
            status: "unknown",
            problem: {
              code: "unknownOutcome",
              retryable: false,
              detail: `${outcome.error.code}: ${outcome.error.message}`,
            },
          });
        } else if (outcome.cannotCarry) {
          setState({
            status: "failed",
            problem: {
              code: "modeCannotCarry",
              retryable: false,
              parts: outcome.cannotCarry.map((p) => p.name),
              offerMode: "mine",
            },
            draftIntact: true,
          });
        } else {
          const problem = explainGraphFailure(outcome.error, {
            mailbox,
            user: host.user.address,
            throughMailbox: chosen === "mailbox",
            failedAt: outcome.failedAt,
          });
          setState({ status: "failed", problem, draftIntact: true });
        }
      } catch (e) {
        setState({ status: "failed", problem: explainException(e), draftIntact: true });
      }
    },
    [host, mailbox, mode, working]
  );

  return {
    available: !!host.loadSendService,
    mode,
    setMode,
    state,
    send: () => void run("send"),
    check: () => void run("check"),
    sendInMode: (m: SendMode) => {
      setMode(m);
      void run("send", m);
    },
  };
}
