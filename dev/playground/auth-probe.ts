// auth-probe.html: a bare page for the browser tests (test/browser/auth.test.ts) that signs in
// the way the task pane does (the lazy src/graph/auth chunk, the real @azure/msal-browser, the
// Office wrappers) under the simulated office.js, and answers the tests through window.authProbe.
// Built only into the playground.
import type { TokenOptions } from "../../src/graph/auth";
import { openDialog } from "../../src/office/dialog";
import { delegateOf, expectedAccountOf } from "../../src/core/identity";
import {
  isSetSupported,
  itemOwner,
  officeReady,
  officeSignedIn,
  userProfile,
} from "../../src/office/mailbox";
import { buildConfig } from "../../src/taskpane/build-config";

export type ProbeOutcome =
  | { ok: true; token: string }
  | { ok: false; name: string; kind?: string; code?: string; message: string };

export interface GraphProbeOutcome {
  /** Status of each request made: the first, and the retry after a 401 if there was one. */
  statuses: number[];
  /** The tokens used, in order. */
  tokens: string[];
  /** Why the renewed token could not be had, when it could not. */
  error?: ProbeOutcome;
}

export interface AuthProbe {
  getToken(options?: TokenOptions): Promise<ProbeOutcome>;
  /** GET a Graph path the way the send pipeline does: on a 401, a new token, then once more. */
  getGraph(path: string): Promise<GraphProbeOutcome>;
  /**
   * Who the pane takes the person to be where Office names nobody ("Open another mailbox"
   * without getAuthContext): src/taskpane/person-from-token.ts confirmedPersonFromToken, a
   * sign-in with no hint whose account the person confirms ("Is this you?", drawn in the page's
   * #root: the caller answers it). The UPN of the confirmed account, or null when nobody could
   * be named.
   */
  confirmedPerson(): Promise<string | null>;
}

declare global {
  interface Window {
    authProbe?: AuthProbe;
  }
}

function failure(e: unknown): ProbeOutcome {
  const err = (e ?? {}) as { name?: string; kind?: string; code?: string; message?: string };
  return {
    ok: false,
    name: err.name ?? "Error",
    kind: err.kind,
    code: err.code,
    message: err.message ?? String(e),
  };
}

async function start() {
  await officeReady();
  // Who Office's user is, as the pane decides it (src/taskpane/index.tsx).
  const [signedIn, owner] = await Promise.all([officeSignedIn(), itemOwner()]);
  const delegate = delegateOf({ profile: userProfile(), signedIn, owner });
  const auth = await import(/* webpackChunkName: "auth" */ "../../src/graph/auth");
  const manager = auth.createAccountManager({
    app: { clientId: buildConfig.clientId, authority: buildConfig.authority },
    nestedAppAuthSupported: () => isSetSupported("NestedAppAuth", "1.1"),
    openDialog,
    baseUrl: new URL(".", window.location.href).href,
    ...expectedAccountOf(delegate),
  });
  const graphUrl = new URL(buildConfig.graphUrl, window.location.href).href.replace(/\/$/, "");
  const get = (path: string, token: string) =>
    fetch(`${graphUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });

  window.authProbe = {
    getToken: (options) =>
      manager.getToken(options).then((token) => ({ ok: true, token }), failure),
    confirmedPerson: async () => {
      const { confirmedPersonFromToken } = await import("../../src/taskpane/person-from-token");
      if (!document.getElementById("root"))
        document.body.appendChild(Object.assign(document.createElement("div"), { id: "root" }));
      const person = await confirmedPersonFromToken(
        { profile: userProfile(), signedIn: null, owner: null, ownerUnknown: true },
        openDialog
      );
      return person?.signedIn?.upn ?? null;
    },
    async getGraph(path) {
      const outcome: GraphProbeOutcome = { statuses: [], tokens: [] };
      let token = await manager.getToken();
      outcome.tokens.push(token);
      let response = await get(path, token);
      outcome.statuses.push(response.status);
      if (response.status === 401) {
        try {
          token = await auth.tokenForChallenge(manager, response.headers.get("WWW-Authenticate"));
        } catch (e) {
          outcome.error = failure(e);
          return outcome;
        }
        outcome.tokens.push(token);
        response = await get(path, token);
        outcome.statuses.push(response.status);
      }
      return outcome;
    },
  };
  document.getElementById("root")!.textContent = "Auth probe ready.";
}

start().catch((e) => {
  document.getElementById("root")!.textContent = `Auth probe failed: ${String(e)}`;
});
