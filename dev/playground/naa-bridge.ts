// A test double of the host's nested-app-auth bridge: the object @azure/msal-browser's
// createNestablePublicClientApplication looks for at window.nestedAppAuthBridge when Outlook
// supports NestedAppAuth 1.1 (msal-browser dist/naa/BridgeProxy.mjs). MSAL posts JSON
// "NestedAppAuthRequest" envelopes (GetInitContext, GetToken, GetTokenPopup) and listens for
// "message" events carrying "NestedAppAuthResponse" envelopes: success with initContext or
// token + account, or failure with { status, code, description }, where status is one of
// BridgeStatusCode (USER_INTERACTION_REQUIRED, USER_CANCEL, NO_NETWORK, PERSISTENT_ERROR...).
// It signs the simulator's user in with the Graph emulator's unsigned test tokens, so the real
// MSAL runs unchanged against it and product code cannot tell it from Outlook.
import {
  DEFAULT_TENANT_ID,
  directoryIdFor,
  GRAPH_AUDIENCE,
  issueTestToken,
} from "../graph-emulator/tokens";

export interface BridgeBehaviour {
  /** Silent requests fail with "interaction required" until a popup succeeds (first-run consent). */
  consentNeeded?: boolean;
  /** The user closes the sign-in popup. */
  cancelPopup?: boolean;
  /**
   * The sign-in popup ends in this host error instead of a token (after cancelPopup): the browser
   * blocks the window (MSAL's popup_window_error), Entra asks for an administrator's consent
   * (AADSTS90094) or for consent the user cannot give here (AADSTS65001), or Entra fails. The
   * status is the bridge's (USER_INTERACTION_REQUIRED, PERSISTENT_ERROR, ...), code and
   * description as MSAL hands them to the add-in.
   */
  popupError?: { status: string; code: string; description: string };
  /**
   * A claims challenge (Conditional Access step-up) needs the user: silent requests with claims
   * fail with "interaction required", the popup satisfies them. Without it the host satisfies
   * claims silently, as it does when the user already passed the check.
   */
  claimsNeedInteraction?: boolean;
  /**
   * The host has a bridge but nested app authentication is unavailable here: GetInitContext
   * fails with NESTED_APP_AUTH_UNAVAILABLE, and MSAL falls back to browser-based sign-in.
   */
  unavailable?: boolean;
  /** The host cannot reach the sign-in service: token requests fail with NO_NETWORK. */
  offline?: boolean;
  /**
   * Token lifetime in seconds (default one hour). Below MSAL's 5-minute renewal margin, every
   * request reaches the bridge; at 0 or less the Graph emulator refuses the tokens as expired.
   */
  lifetimeSeconds?: number;
  /**
   * A second account signed in to the host besides Office's user (say a personal or another work
   * account in the same Outlook). The host then names no account in its init context, so MSAL has
   * none active, and a token request that names no account (no platformBrokerId), silent or
   * popup, is answered for this other person: the token is for another identity and /me is
   * another mailbox (AzureAD/microsoft-authentication-library-for-js#7356; office-js#4798 shows
   * matching the account through Office's auth context). A request naming Office's user's
   * account gets Office's user. MSAL's NAA popup request carries no login hint to steer it.
   */
  otherAccount?: BridgeUser;
  /**
   * With `otherAccount`: whom the host's sign-in popup answers for when the request names no
   * account. "other" (default): the other person, as MSAL #7356 reports for requests naming
   * none (the popup carries no login hint to steer it). "user": the person, asked to choose an
   * account, picks their own (the add-in asked them to pick with prompt "select_account").
   * MSAL's nested app authentication hands the host no `prompt` (NestedAppAuthAdapter
   * toNaaTokenRequest), so the double cannot tell an asked choice from an unasked one: this says
   * what the person does in that popup.
   */
  popupPicks?: "other" | "user";
  /** Silent requests for the add-in's own API fail with "interaction required" until a popup succeeds. */
  apiConsentNeeded?: boolean;
  /**
   * Issues tokens for the add-in's own API (a scope `api://<host>/<client id>/access_as_user`,
   * the directory service's), signed by the local sign-in (dev/sign-in/local-sign-in.ts). Without
   * it such scopes are refused as for any resource other than Graph.
   */
  apiToken?: (
    scope: string,
    user: BridgeUser
  ) => Promise<{ accessToken: string; expiresIn: number }>;
}

/** The add-in's own API scope, as the Office add-in convention names it. */
const API_SCOPE = /^api:\/\/[^/]+\/[0-9a-f-]{36}\/access_as_user$/i;

export interface BridgeUser {
  /** The person's primary SMTP address; their object id (oid) is the emulator's for it. */
  address: string;
  displayName: string;
  /** Their sign-in name where it is not `address` (dev/playground/simulator.ts SimAddress.upn). */
  upn?: string;
}

interface TokenParams {
  /** The account the request names (MSAL: request.account.homeAccountId). */
  platformBrokerId?: string;
  clientId?: string;
  scope?: string;
  claims?: string;
  correlationId?: string;
  forceRefresh?: boolean;
}

interface BridgeRequest {
  messageType?: string;
  method?: string;
  requestId?: string;
  tokenParams?: TokenParams;
}

export interface BridgeRecord {
  method: string;
  scope?: string;
  claims?: string;
}

export interface InstalledBridge {
  /** Every request MSAL made, in order, for tests. */
  requests: BridgeRecord[];
  /** Read at each request (consentNeeded only at install): tests may change it as the page runs. */
  behaviour: BridgeBehaviour;
}

/** What a host exposes as window.nestedAppAuthBridge. */
export interface NestedAppAuthBridge {
  addEventListener(type: "message", listener: (message: string) => void): void;
  removeEventListener(type: "message", listener: (message: string) => void): void;
  postMessage(message: string): void;
}

const ENVIRONMENT = "login.microsoftonline.com";
const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);
const GRAPH_PREFIX = `${GRAPH_AUDIENCE}/`;

function base64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

type ClaimSpec = { value?: string; values?: string[] };

/** What a claims request asks of the access token, e.g. {"access_token":{"acrs":{"values":["c1"]}}}. */
function requestedClaims(claims: string | undefined): { acrs: string[]; capabilities: string[] } {
  const values = (spec: ClaimSpec | undefined) =>
    spec ? [...(spec.values ?? []), ...(spec.value ? [spec.value] : [])] : [];
  try {
    const access =
      (claims &&
        (JSON.parse(claims) as { access_token?: Record<string, ClaimSpec> }).access_token) ||
      {};
    return { acrs: values(access.acrs), capabilities: values(access.xms_cc) };
  } catch {
    return { acrs: [], capabilities: [] };
  }
}

type Failure = { status: string; code: string; description: string };

/** The bridge object and its record; installNaaBridge puts it where MSAL looks. */
export function createNaaBridge(
  user: BridgeUser,
  behaviour: BridgeBehaviour = {}
): { bridge: NestedAppAuthBridge; state: InstalledBridge } {
  const listeners = new Set<(message: string) => void>();
  const state: InstalledBridge = { requests: [], behaviour };
  let consented = !behaviour.consentNeeded;
  // Consent is per resource in Entra: the admin guide has admins grant consent for the add-in's
  // own API (README "Expose the API"), so only apiConsentNeeded makes its tokens wait for a popup.
  let apiConsented = !behaviour.apiConsentNeeded;
  const oid = directoryIdFor(user.address);
  // Entra names the account by its UPN (preferred_username, MSAL's username), not by its mail
  // address (access-token-claims-reference: preferred_username "the primary username", the UPN).
  const upn = user.upn ?? user.address;
  const account = {
    homeAccountId: `${oid}.${DEFAULT_TENANT_ID}`,
    environment: ENVIRONMENT,
    tenantId: DEFAULT_TENANT_ID,
    username: upn,
    localAccountId: oid,
    name: user.displayName,
    loginHint: upn,
  };

  const reply = (requestId: string, body: Record<string, unknown>) => {
    const message = JSON.stringify({ messageType: "NestedAppAuthResponse", requestId, ...body });
    // Asynchronously, as the host answers over its own channel.
    setTimeout(() => listeners.forEach((l) => l(message)), 0);
  };
  const fail = (requestId: string, error: Failure) => reply(requestId, { success: false, error });

  /** The Graph scopes asked for, or a failure as the sign-in service would give it. */
  const graphScopes = (params: TokenParams): string[] | Failure => {
    const requested = (params.scope ?? "").split(" ").filter(Boolean);
    const resource = requested.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
    if (!params.clientId)
      return {
        status: "PERSISTENT_ERROR",
        code: "invalid_request",
        description:
          "AADSTS900144: The request body must contain the following parameter: 'client_id'.",
      };
    if (!resource.length)
      // Nested app authentication needs a resource scope besides the OpenID ones.
      return {
        status: "PERSISTENT_ERROR",
        code: "invalid_scope",
        description: "AADSTS70011: The provided request must include a resource scope.",
      };
    const foreign = resource.find((s) => s.includes("/") && !s.startsWith(GRAPH_PREFIX));
    if (foreign)
      return {
        status: "PERSISTENT_ERROR",
        code: "invalid_resource",
        description: `AADSTS500011: The simulator issues tokens for Microsoft Graph only, not for ${foreign}.`,
      };
    return resource.map((s) => (s.startsWith(GRAPH_PREFIX) ? s.slice(GRAPH_PREFIX.length) : s));
  };

  const issue = (request: BridgeRequest, scopes: string[]) => {
    const params = request.tokenParams ?? {};
    const { acrs, capabilities } = requestedClaims(params.claims);
    const lifetime = behaviour.lifetimeSeconds ?? 3600;
    const accessToken = issueTestToken({
      preferred_username: upn,
      oid,
      upn,
      name: user.displayName,
      scopes,
      lifetimeSeconds: lifetime,
      ...(acrs.length ? { acrs } : {}),
      ...(capabilities.length ? { xms_cc: capabilities } : {}),
    });
    const idToken = idTokenFor(params, lifetime);
    reply(request.requestId!, {
      success: true,
      token: {
        access_token: accessToken,
        id_token: idToken,
        expires_in: lifetime,
        scope: scopes.join(" "),
        authority: `https://${ENVIRONMENT}/${DEFAULT_TENANT_ID}`,
      },
      account,
    });
  };

  /** The ID token the host hands MSAL with every access token (unsigned: MSAL does not check it). */
  const idTokenFor = (params: TokenParams, lifetime: number) => {
    const now = Math.floor(Date.now() / 1000);
    return `${base64Url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64Url(
      JSON.stringify({
        ver: "2.0",
        aud: params.clientId,
        iss: `https://${ENVIRONMENT}/${DEFAULT_TENANT_ID}/v2.0`,
        tid: DEFAULT_TENANT_ID,
        oid,
        sub: oid,
        preferred_username: upn,
        name: user.displayName,
        login_hint: upn,
        // The `email` scope asks for the person's address as the `email` claim
        // (learn.microsoft.com/entra/identity-platform/scopes-oidc#email).
        ...(/(^|\s)email(\s|$)/i.test(params.scope ?? "") && { email: user.address }),
        iat: now,
        nbf: now,
        exp: now + lifetime,
      })
    )}.`;
  };

  /** A token for the add-in's own API from the local sign-in, or the sign-in service's failure. */
  const apiToken = (request: BridgeRequest, scope: string) => {
    const requestId = request.requestId!;
    behaviour.apiToken!(scope, user).then(
      ({ accessToken, expiresIn }) =>
        reply(requestId, {
          success: true,
          token: {
            access_token: accessToken,
            id_token: idTokenFor(request.tokenParams ?? {}, expiresIn),
            expires_in: expiresIn,
            scope,
            authority: `https://${ENVIRONMENT}/${DEFAULT_TENANT_ID}`,
          },
          account,
        }),
      (e: unknown) =>
        fail(requestId, {
          status: "NO_NETWORK",
          code: "no_network",
          description: `The sign-in service cannot be reached (${String(e)}).`,
        })
    );
  };

  const token = (request: BridgeRequest, interactive: boolean) => {
    const requestId = request.requestId!;
    // The add-in's own API goes through the same consent, popup and network rules as Graph.
    const api = behaviour.apiToken
      ? (request.tokenParams?.scope ?? "").split(" ").find((s) => API_SCOPE.test(s))
      : undefined;
    const scopes = api ? [api] : graphScopes(request.tokenParams ?? {});
    const grant = () => (api ? apiToken(request, api) : issue(request, scopes as string[]));
    if (!Array.isArray(scopes)) return fail(requestId, scopes);
    if (behaviour.offline)
      return fail(requestId, {
        status: "NO_NETWORK",
        code: "no_network",
        description: "The sign-in service cannot be reached.",
      });
    if (interactive) {
      if (behaviour.cancelPopup)
        return fail(requestId, {
          status: "USER_CANCEL",
          code: "user_cancelled",
          description: "The user closed the sign-in window.",
        });
      if (behaviour.popupError) return fail(requestId, behaviour.popupError);
      if (api) apiConsented = true;
      else consented = true;
      return grant();
    }
    if (!(api ? apiConsented : consented))
      return fail(requestId, {
        status: "USER_INTERACTION_REQUIRED",
        code: "consent_required",
        description:
          "AADSTS65001: The user or administrator has not consented to use the application.",
      });
    if (behaviour.claimsNeedInteraction && requestedClaims(request.tokenParams?.claims).acrs.length)
      return fail(requestId, {
        status: "USER_INTERACTION_REQUIRED",
        code: "interaction_required",
        description:
          "AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.",
      });
    return grant();
  };

  // The host's second account (behaviour.otherAccount): a bridge of its own, whose answers reach
  // the same listeners; requests that name no account go there.
  const other = behaviour.otherAccount
    ? createNaaBridge(behaviour.otherAccount, { ...behaviour, otherAccount: undefined })
    : null;
  other?.bridge.addEventListener("message", (message) => listeners.forEach((l) => l(message)));
  const routeToOther = (request: BridgeRequest, raw: string): boolean => {
    if (request.method === "GetInitContext" && !behaviour.unavailable) {
      state.requests.push({ method: "GetInitContext" });
      // Two accounts: the host names neither (no accountContext), so MSAL has none active.
      reply(request.requestId!, {
        success: true,
        initContext: { sdkName: "send-from-simulator", sdkVersion: "1.0.0", capabilities: {} },
      });
      return true;
    }
    const named = request.tokenParams?.platformBrokerId;
    // The person picks their own account in the popup (popupPicks): Office's user answers.
    if (request.method === "GetTokenPopup" && !named && behaviour.popupPicks === "user")
      return false;
    if ((request.method !== "GetToken" && request.method !== "GetTokenPopup") || named)
      return named !== undefined && named !== account.homeAccountId && !!other
        ? (other.bridge.postMessage(raw), true)
        : false;
    state.requests.push({
      method: String(request.method),
      scope: request.tokenParams?.scope,
      claims: request.tokenParams?.claims,
    });
    other!.bridge.postMessage(raw);
    return true;
  };

  const bridge: NestedAppAuthBridge = {
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
    postMessage: (raw) => {
      let request: BridgeRequest;
      try {
        request = JSON.parse(raw) as BridgeRequest;
      } catch {
        return; // not a bridge message; a host ignores it
      }
      if (request.messageType !== "NestedAppAuthRequest" || !request.requestId) return;
      if (other && routeToOther(request, raw)) return;
      state.requests.push({
        method: String(request.method),
        scope: request.tokenParams?.scope,
        claims: request.tokenParams?.claims,
      });
      switch (request.method) {
        case "GetInitContext":
          if (behaviour.unavailable)
            return fail(request.requestId, {
              status: "NESTED_APP_AUTH_UNAVAILABLE",
              code: "nested_app_auth_unavailable",
              description: "Nested app authentication is not available in this context.",
            });
          return reply(request.requestId, {
            success: true,
            initContext: {
              sdkName: "send-from-simulator",
              sdkVersion: "1.0.0",
              accountContext: {
                homeAccountId: account.homeAccountId,
                environment: ENVIRONMENT,
                tenantId: DEFAULT_TENANT_ID,
              },
              capabilities: {},
            },
          });
        case "GetToken":
          return token(request, false);
        case "GetTokenPopup":
          return token(request, true);
        default:
          return fail(request.requestId, {
            status: "PERSISTENT_ERROR",
            code: "unsupported_method",
            description: `The simulator's bridge does not support ${request.method}.`,
          });
      }
    },
  };
  return { bridge, state };
}

/** Puts the bridge at target.nestedAppAuthBridge, as Outlook does for its add-ins. */
export function installNaaBridge(
  target: Window,
  user: BridgeUser,
  behaviour: BridgeBehaviour = {}
): InstalledBridge {
  const { bridge, state } = createNaaBridge(user, behaviour);
  (target as unknown as { nestedAppAuthBridge: NestedAppAuthBridge }).nestedAppAuthBridge = bridge;
  return state;
}
