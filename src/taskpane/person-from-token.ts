import { displayLanguage, isSetSupported } from "../office/mailbox";
import type { DialogSize } from "../office/dialog";
import { delegateOf, expectedAccountOf, OfficeIdentity } from "../core/identity";
import { identifyByToken } from "../core/person-from-token";
import { buildConfig } from "./build-config";
import { askInPane, confirmedPerson, SignedInAccount } from "./confirm-account";
import { loadMessages } from "./load-messages";

/**
 * "Open another mailbox" where Office names no account (Delegate.personUnknown), the pane's way
 * in (index.tsx, loaded on demand: the pane's first load does not carry this rare path): signs in
 * without a login hint, so never as the opened mailbox, and takes the person from the token
 * (rev12b #3) once the person confirms that account, every time the pane starts; "that is not
 * me" signs in again for them to pick (taskpane/confirm-account.ts; MSAL #7356, rev12e #1). The
 * sign-in takes the same expectations as every other sign-in of the pane (core/identity.ts
 * expectedAccountOf), so its scopes are theirs (no `email` scope without a hint) and MSAL caches
 * one scope set; with several accounts known and no hint, the person picks
 * (account-manager.ts unprovenAmongSeveral). One account manager for every attempt, so the
 * account picked is the one MSAL keeps active. `openDialog` is the pane's on-demand Office dialog
 * (sign-in where nested app authentication is missing). The question is asked in the page's
 * #root, in Office's display language. Resolves to the identity completed with the confirmed
 * account, or null when nobody can be named (no client id, sign-in cancelled, a token naming no
 * account, no #root to ask in).
 */
export async function confirmedPersonFromToken(
  identity: OfficeIdentity,
  openDialog: (url: string, size?: DialogSize) => Promise<string>
): Promise<OfficeIdentity | null> {
  const clientId = buildConfig.clientId;
  if (!clientId) return identifyByToken(identity);
  const root = document.getElementById("root");
  let manager: Promise<{
    signIn(interactive: boolean): Promise<SignedInAccount | null>;
  }> | null = null;
  const signInWith = () =>
    (manager ??= import(/* webpackChunkName: "directory-auth" */ "../graph/auth").then((auth) => {
      const accounts = auth.createAccountManager({
        app: { clientId, authority: buildConfig.authority },
        nestedAppAuthSupported: () => isSetSupported("NestedAppAuth", "1.1"),
        openDialog,
        baseUrl: new URL(".", window.location.href).href,
        ...expectedAccountOf(delegateOf(identity)),
      });
      return {
        signIn: async (interactive: boolean) =>
          auth.readAccessToken(await accounts.getToken({ interactive })),
      };
    }));
  const person = await confirmedPerson(identity, {
    signIn: async (interactive) => (await signInWith()).signIn(interactive),
    ask: async (who) => {
      const messages = await loadMessages(displayLanguage());
      // The question is in the person's language: the page says so before it is drawn, so a
      // screen reader reads it with the right voice (WCAG 3.1.1; rev12f #5). The pane sets the
      // same again when it paints (index.tsx).
      document.documentElement.lang = messages.locale;
      document.documentElement.dir = "ltr";
      // No pane to ask in: nobody can confirm, so the account is not taken (confirmedPerson).
      return root
        ? askInPane(root, messages.startup.confirmAccount, who)
        : Promise.reject(new Error("No #root to ask in."));
    },
  });
  if (person && root) focusPaneTitle(root);
  return person;
}

/**
 * After "Yes": the question's page is gone and the pane paints into `root` later. Its title (the
 * first h1) takes the focus when it appears, so a screen reader says where the pane begins
 * instead of the focus falling to the page's body (rev12f #5). Here, in this on-demand chunk,
 * not in the pane: the pane's first load does not carry this rare path.
 */
function focusPaneTitle(root: HTMLElement) {
  const focus = () => {
    const title = root.querySelector("h1");
    if (!title) return false;
    title.tabIndex = -1;
    title.focus();
    return true;
  };
  if (focus()) return;
  const watch = new MutationObserver(() => focus() && watch.disconnect());
  watch.observe(root, { childList: true, subtree: true });
}
