// A test double of the host's nested-app-auth bridge: the object MSAL's createNestablePublic-
// ClientApplication talks to when Outlook supports NestedAppAuth (window.nestedAppAuthBridge,
// JSON messages "NestedAppAuthRequest" / "NestedAppAuthResponse" with GetInitContext, GetToken,
// GetTokenPopup). It signs the simulator's user in with test tokens the Graph emulator accepts,
// so the real @azure/msal-browser runs unchanged against it.
import {
  DEFAULT_TENANT_ID,
  directoryIdFor,
  issueTestToken,
} from "../../test/graph-emulator/tokens";

export interface BridgeBehaviour {
  /** Silent requests fail with "interaction required" until a popup succeeds (first-run consent). */
  consentNeeded?: boolean;
  /** The user closes the sign-in popup. */
  cancelPopup?: boolean;
  /** Token lifetime in seconds (default one hour). */
  lifetimeSeconds?: number;
}

interface Request {
  messageType: "NestedAppAuthRequest";
  method: "GetInitContext" | "GetToken" | "GetTokenPopup" | string;
  requestId: string;
  tokenParams?: { clientId: string; scope?: string; claims?: string; correlationId?: string };
}

const ENVIRONMENT = "login.microsoftonline.com";
const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);

function base64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Values a claims request asks for in the access token (e.g. {"access_token":{"acrs":{"values":["c1"]}}}). */
function requestedAcrs(claims: string | undefined): string[] {
  if (!claims) return [];
  try {
    const acrs = (
      JSON.parse(claims) as { access_token?: { acrs?: { value?: string; values?: string[] } } }
    ).access_token?.acrs;
    return acrs ? [...(acrs.values ?? []), ...(acrs.value ? [acrs.value] : [])] : [];
  } catch {
    return [];
  }
}

export interface InstalledBridge {
  /** Every request MSAL made, for tests: method and requested scopes. */
  requests: { method: string; scope?: string; claims?: string }[];
  behaviour: BridgeBehaviour;
}

export function installNaaBridge(
  target: Window,
  user: { address: string; displayName: string },
  behaviour: BridgeBehaviour = {}
): InstalledBridge {
  const listeners = new Set<(message: string) => void>();
  const state: InstalledBridge = { requests: [], behaviour };
  let consented = !behaviour.consentNeeded;
  const oid = directoryIdFor(user.address);
  const account = {
    homeAccountId: `${oid}.${DEFAULT_TENANT_ID}`,
    environment: ENVIRONMENT,
    tenantId: DEFAULT_TENANT_ID,
    username: user.address,
    localAccountId: oid,
    name: user.displayName,
  };

  const reply = (body: Record<string, unknown>) => {
    const message = JSON.stringify({ messageType: "NestedAppAuthResponse", ...body });
    // Asynchronously, as the host answers over its own channel.
    setTimeout(() => listeners.forEach((l) => l(message)), 0);
  };
  const fail = (requestId: string, status: string, code: string, description: string) =>
    reply({ requestId, success: false, error: { status, code, description } });

  const token = (request: Request) => {
    const params = request.tokenParams!;
    const now = Math.floor(Date.now() / 1000);
    const scopes = (params.scope ?? "")
      .split(" ")
      .filter((s) => s && !OIDC_SCOPES.has(s))
      .map((s) => s.replace(/^https:\/\/graph\.microsoft\.com\//, ""));
    const acrs = requestedAcrs(params.claims);
    const lifetime = behaviour.lifetimeSeconds ?? 3600;
    const accessToken = issueTestToken({
      preferred_username: user.address,
      name: user.displayName,
      scopes,
      lifetimeSeconds: lifetime,
      ...(acrs.length ? { acrs } : {}),
    });
    const idToken = `${base64Url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64Url(
      JSON.stringify({
        aud: params.clientId,
        iss: `https://${ENVIRONMENT}/${DEFAULT_TENANT_ID}/v2.0`,
        tid: DEFAULT_TENANT_ID,
        oid,
        sub: oid,
        preferred_username: user.address,
        name: user.displayName,
        iat: now,
        nbf: now,
        exp: now + lifetime,
      })
    )}.`;
    reply({
      requestId: request.requestId,
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

  const bridge = {
    addEventListener: (_type: string, listener: (message: string) => void) =>
      listeners.add(listener),
    removeEventListener: (_type: string, listener: (message: string) => void) =>
      listeners.delete(listener),
    postMessage: (raw: string) => {
      const request = JSON.parse(raw) as Request;
      state.requests.push({
        method: request.method,
        scope: request.tokenParams?.scope,
        claims: request.tokenParams?.claims,
      });
      switch (request.method) {
        case "GetInitContext":
          return reply({
            requestId: request.requestId,
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
          if (!consented)
            return fail(
              request.requestId,
              "USER_INTERACTION_REQUIRED",
              "consent_required",
              "AADSTS65001: The user has not consented to the application."
            );
          return token(request);
        case "GetTokenPopup":
          if (behaviour.cancelPopup)
            return fail(
              request.requestId,
              "USER_CANCEL",
              "user_cancelled",
              "The user closed the sign-in window."
            );
          consented = true;
          return token(request);
        default:
          return fail(
            request.requestId,
            "PERSISTENT_ERROR",
            "unsupported_method",
            `The simulator's bridge does not support ${request.method}.`
          );
      }
    },
  };
  (target as unknown as { nestedAppAuthBridge: unknown }).nestedAppAuthBridge = bridge;
  return state;
}
