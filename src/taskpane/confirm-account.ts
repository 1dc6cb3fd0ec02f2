import { recordFailure } from "../core/diagnostics";
import type { Messages } from "../core/i18n/types";
import { delegateOf, OfficeIdentity } from "../core/identity";
import { accountOfToken, TokenAccount } from "../core/person-from-token";

/**
 * "Open another mailbox" (or a shared mailbox's new message, office-js #6877) where Office names
 * no account (getAuthContext missing, failed or timed out; Delegate.personUnknown): the person is
 * learnt from a sign-in that names nobody, and such a token may be another account the host knows.
 * A fresh pane's MSAL knows no account, so a host with two answers a request naming none for the
 * other one (AzureAD/microsoft-authentication-library-for-js#7356; rev12e #1), and nothing in the
 * token tells. So the person confirms the account ("Is this you?") before anything is listed or
 * sent, or signs in again, picking their account (TokenOptions.interactive: prompt
 * "select_account"), and confirms that one. The answer holds for this pane only (later sign-ins
 * name that account to the host, its object id and tenant: AccountManager.officeAccount, and
 * refuse any other by object id) and is never remembered on the device: an answer remembered per
 * opened mailbox was given to whoever opened that mailbox next on the same browser, and a host
 * that knows the remembered account hands its token to a request naming none (MSAL #7356), so
 * nothing in the sign-in tells the next person from the one who answered (rev12f #1, #2). Asked
 * every time the pane starts on this path; "Not you?" (PaneHost.notYou) starts it again.
 */

/** What a sign-in says about its account: the token's account and its display name (`name`). */
export type SignedInAccount = TokenAccount & { name?: string | null };

export interface ConfirmAccountDeps {
  /**
   * Signs in and reads the token's account (graph/auth/token-claims.ts); `interactive` is the
   * person asking to sign in with another account. Rejects or resolves null when nobody signed in.
   */
  signIn(interactive: boolean): Promise<SignedInAccount | null>;
  /** The person's answer to "Is this you?" for `who` ("Name (sign-in name)"). */
  ask(who: string): Promise<"yes" | "another">;
}

/**
 * Office's answers completed with a confirmed account, as identifyByToken
 * (core/person-from-token.ts) does, but never with an account nobody confirmed. Resolves to the
 * identity unchanged when the person is known, with the confirmed account as Office's
 * otherwise, and to null when no sign-in completed (the pane then says so).
 */
export async function confirmedPerson(
  identity: OfficeIdentity,
  deps: ConfirmAccountDeps
): Promise<OfficeIdentity | null> {
  if (!delegateOf(identity).personUnknown) return identity;
  let interactive = false;
  for (;;) {
    const token = await deps.signIn(interactive).catch((e: unknown) => {
      recordFailure("auth", "personFromToken", e);
      return null;
    });
    const account = accountOfToken(token);
    if (!account) return null;
    const name = token?.name?.trim();
    const answer = await deps
      .ask(name ? `${name} (${account.upn})` : account.upn)
      .catch((e: unknown) => (recordFailure("pane", "confirmAccountUnasked", e), null));
    // Nobody could be asked: the account is not taken.
    if (!answer) return null;
    if (answer === "yes") return { ...identity, signedIn: account };
    interactive = true;
  }
}

/**
 * Asks "Is this you?" in `root` (the pane's, before the pane is painted): a heading that takes
 * the focus (a screen reader reads it and the text), the text, and two native buttons (keyboard:
 * Tab, Enter or Space). Text only, never HTML. Resolves with the answer and clears `root`.
 */
export function askInPane(
  root: HTMLElement,
  texts: Messages["startup"]["confirmAccount"],
  who: string
): Promise<"yes" | "another"> {
  return new Promise((resolve) => {
    root.textContent = "";
    const section = document.createElement("section");
    section.setAttribute("aria-labelledby", "confirm-account-heading");
    section.dataset.testid = "confirm-account";
    section.style.padding = "12px";
    const heading = document.createElement("h1");
    heading.id = "confirm-account-heading";
    heading.tabIndex = -1;
    heading.style.fontSize = "20px";
    heading.textContent = texts.heading;
    const body = document.createElement("p");
    body.textContent = texts.body(who);
    const answer = (value: "yes" | "another") => () => {
      root.textContent = "";
      resolve(value);
    };
    const buttons = document.createElement("p");
    buttons.style.display = "flex";
    buttons.style.flexWrap = "wrap";
    buttons.style.gap = "8px";
    for (const [label, value] of [
      [texts.yes, "yes"],
      [texts.another, "another"],
    ] as const) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.style.minHeight = "32px";
      button.addEventListener("click", answer(value));
      buttons.appendChild(button);
    }
    const hint = document.createElement("p");
    hint.textContent = texts.hint;
    section.append(heading, body, buttons, hint);
    root.appendChild(section);
    heading.focus();
  });
}
