import { useEffect, useState } from "react";
import { recordFailure } from "../core/diagnostics";
import type { Messages, SendProblemTexts } from "../core/i18n";
import { Language, languageOf } from "../core/i18n/languages";
import type { SendProblem } from "../core/send-errors";

/**
 * The send problems' texts, out of the pane's first load (its budget is 100 KB gzip of initial
 * JavaScript, docs/architecture.md): each language's in its own small chunk
 * (src/core/i18n/problems-*.ts), asked for when the send area first renders, long before a send
 * can fail. The first load keeps the few said before any send code has loaded
 * (Messages.send.problem: a send remembered from an earlier pane, the send code failing to
 * download, the directory's refused account).
 */
const loads = new Map<Language, Promise<SendProblemTexts>>();
const loaded = new Map<Language, SendProblemTexts>();

function importTexts(language: Language): Promise<SendProblemTexts> {
  switch (language) {
    case "de":
      return import(/* webpackChunkName: "problems-de" */ "../core/i18n/problems-de").then(
        (m) => m.deProblems
      );
    case "fr":
      return import(/* webpackChunkName: "problems-fr" */ "../core/i18n/problems-fr").then(
        (m) => m.frProblems
      );
    default:
      return import(/* webpackChunkName: "problems-en" */ "../core/i18n/problems-en").then(
        (m) => m.enProblems
      );
  }
}

/**
 * Loads the texts for the catalogue `t` (by its locale), once. Rejects when the chunk cannot be
 * downloaded; a later call tries again.
 */
export function loadProblemTexts(t: Messages): Promise<SendProblemTexts> {
  const language = languageOf(t.locale);
  let load = loads.get(language);
  if (!load) {
    load = importTexts(language).then((texts) => (loaded.set(language, texts), texts));
    // A failed download may work next time: do not keep the rejected promise.
    load.catch(() => loads.delete(language));
    loads.set(language, load);
  }
  return load;
}

/** The texts for `t`, null until they have loaded (asked for on the first render). */
export function useProblemTexts(t: Messages): SendProblemTexts | null {
  const language = languageOf(t.locale);
  const [, setReady] = useState(0);
  useEffect(() => {
    if (loaded.has(language)) return;
    let current = true;
    loadProblemTexts(t).then(
      () => current && setReady((n) => n + 1),
      (e) => recordFailure("pane", "problemTexts", e)
    );
    return () => {
      current = false;
    };
  }, [t, language]);
  return loaded.get(language) ?? null;
}

/**
 * A send problem's text with SendProblem's own values (parts, scope, account…) and the mailbox's
 * name. Before the texts have loaded (the chunk could not be downloaded: the connection is gone),
 * a problem the first load does not carry reads as `other`, with the details beside it.
 */
export function problemText(
  t: Messages,
  texts: SendProblemTexts | null,
  problem: SendProblem,
  mailbox: string
): string {
  const values = { ...problem, mailbox, seconds: problem.retryAfterSeconds };
  if (texts) return texts[problem.code](values);
  const first: Partial<SendProblemTexts> = t.send.problem;
  return (first[problem.code] ?? t.send.problem.other)(values);
}
