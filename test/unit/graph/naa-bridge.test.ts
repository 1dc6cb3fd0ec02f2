// The playground's stand-in for Outlook's nested-app-auth bridge, at the message level: the
// envelopes @azure/msal-browser's BridgeProxy posts and the answers it expects.
import {
  BridgeBehaviour,
  createNaaBridge,
  installNaaBridge,
  NestedAppAuthBridge,
} from "../../../dev/playground/naa-bridge";
import { decodeTestToken, directoryIdFor } from "../../../dev/graph-emulator";

const ALEX = { address: "alex.wilber@northwind.example", displayName: "Alex Wilber" };
const TENANT = "7f4e2c1a-0d5b-4c3e-9a8f-2b6d1e0c9a55";
const CLIENT = "00000000-0000-4000-8000-00000000f0ff";
const MAIL = "Mail.Send Mail.Send.Shared Mail.ReadWrite Mail.ReadWrite.Shared";
const ACRS =
  '{"access_token":{"acrs":{"essential":true,"value":"c1"},"xms_cc":{"values":["CP1"]}}}';

interface Response {
  messageType: string;
  requestId: string;
  success: boolean;
  initContext?: { accountContext: Record<string, string> };
  token?: { access_token: string; id_token: string; expires_in: number; scope: string };
  account?: Record<string, string>;
  error?: { status: string; code: string; description: string };
}

let sequence = 0;

/** Posts a request as MSAL's BridgeProxy.buildRequest shapes it and waits for its answer. */
function call(
  bridge: NestedAppAuthBridge,
  method: string,
  tokenParams?: Record<string, unknown>
): Promise<Response> {
  const requestId = `r${++sequence}`;
  return new Promise((resolve) => {
    const listener = (raw: string) => {
      const response = JSON.parse(raw) as Response;
      if (response.requestId !== requestId) return;
      bridge.removeEventListener("message", listener);
      resolve(response);
    };
    bridge.addEventListener("message", listener);
    bridge.postMessage(
      JSON.stringify({
        messageType: "NestedAppAuthRequest",
        method,
        requestId,
        sendTime: Date.now(),
        clientLibrary: "msal.js.browser",
        clientLibraryVersion: "5.29.0",
        ...(tokenParams && { tokenParams }),
      })
    );
  });
}

const getToken = (bridge: NestedAppAuthBridge, params: Record<string, unknown> = {}) =>
  call(bridge, "GetToken", { clientId: CLIENT, scope: MAIL, ...params });
const getTokenPopup = (bridge: NestedAppAuthBridge, params: Record<string, unknown> = {}) =>
  call(bridge, "GetTokenPopup", { clientId: CLIENT, scope: MAIL, ...params });
const bridgeWith = (behaviour: BridgeBehaviour = {}) => createNaaBridge(ALEX, behaviour);
const accessClaims = (r: Response) => decodeTestToken(r.token!.access_token)!;

describe("the nested-app-auth bridge double", () => {
  it("answers GetInitContext with the signed-in user's account context", async () => {
    const { bridge } = bridgeWith();
    const r = await call(bridge, "GetInitContext");
    expect(r).toMatchObject({
      messageType: "NestedAppAuthResponse",
      success: true,
      initContext: {
        accountContext: {
          homeAccountId: `${directoryIdFor(ALEX.address)}.${TENANT}`,
          environment: "login.microsoftonline.com",
          tenantId: TENANT,
        },
      },
    });
  });

  it("issues a Graph token for the requested scopes only, and an id token for the add-in", async () => {
    const { bridge, state } = bridgeWith();
    const before = Math.floor(Date.now() / 1000);
    const r = await getToken(bridge, {
      scope: `openid profile https://graph.microsoft.com/Mail.Send Mail.ReadWrite`,
    });
    expect(r.success).toBe(true);
    const access = accessClaims(r);
    expect(access).toMatchObject({
      aud: "https://graph.microsoft.com",
      preferred_username: ALEX.address,
      name: ALEX.displayName,
      oid: directoryIdFor(ALEX.address),
      tid: TENANT,
      scp: "Mail.Send Mail.ReadWrite",
    });
    expect(Number(access.exp)).toBeGreaterThanOrEqual(before + 3600);
    expect(r.token!.expires_in).toBe(3600);
    expect(r.token!.scope).toBe("Mail.Send Mail.ReadWrite");
    const id = JSON.parse(Buffer.from(r.token!.id_token.split(".")[1], "base64url").toString());
    expect(id).toMatchObject({ aud: CLIENT, tid: TENANT, preferred_username: ALEX.address });
    expect(r.account).toMatchObject({ username: ALEX.address, tenantId: TENANT });
    expect(state.requests).toEqual([
      {
        method: "GetToken",
        scope: "openid profile https://graph.microsoft.com/Mail.Send Mail.ReadWrite",
        claims: undefined,
      },
    ]);
  });

  it("refuses requests a sign-in service would refuse", async () => {
    const { bridge } = bridgeWith();
    expect((await getToken(bridge, { scope: "openid profile" })).error).toMatchObject({
      status: "PERSISTENT_ERROR",
      code: "invalid_scope",
    });
    expect((await getToken(bridge, { scope: "api://other/access" })).error?.code).toBe(
      "invalid_resource"
    );
    expect((await getToken(bridge, { clientId: undefined })).error?.code).toBe("invalid_request");
    expect((await call(bridge, "GetTokenRedirect")).error).toMatchObject({
      status: "PERSISTENT_ERROR",
      code: "unsupported_method",
    });
  });

  it("ignores what is not a bridge request", async () => {
    const { bridge, state } = bridgeWith();
    const heard: string[] = [];
    bridge.addEventListener("message", (m) => heard.push(m));
    bridge.postMessage("not json");
    bridge.postMessage(
      JSON.stringify({ messageType: "Other", requestId: "x", method: "GetToken" })
    );
    // The bridge answers in the order it is asked: once a later request is answered, any answer
    // to the two above would already have come.
    const answered = await call(bridge, "GetInitContext");
    expect(heard.map((m) => (JSON.parse(m) as Response).requestId)).toEqual([answered.requestId]);
    expect(state.requests.map((r) => r.method)).toEqual(["GetInitContext"]);
  });

  it("consent needed: silent fails with interaction required until the popup succeeds", async () => {
    const { bridge } = bridgeWith({ consentNeeded: true });
    expect((await getToken(bridge)).error).toMatchObject({
      status: "USER_INTERACTION_REQUIRED",
      code: "consent_required",
    });
    expect((await getTokenPopup(bridge)).success).toBe(true);
    expect((await getToken(bridge)).success).toBe(true);
  });

  it("the user cancels the popup", async () => {
    const { bridge } = bridgeWith({ cancelPopup: true });
    expect((await getTokenPopup(bridge)).error).toMatchObject({ status: "USER_CANCEL" });
  });

  it("satisfies a claims request: the token carries the authentication context and capabilities", async () => {
    const { bridge } = bridgeWith();
    const access = accessClaims(await getToken(bridge, { claims: ACRS }));
    expect(access.acrs).toEqual(["c1"]);
    expect(access.xms_cc).toEqual(["CP1"]);
    expect(accessClaims(await getToken(bridge)).acrs).toBeUndefined();
  });

  it("a claims request that needs the user: silent fails, the popup satisfies it", async () => {
    const { bridge } = bridgeWith({ claimsNeedInteraction: true });
    expect((await getToken(bridge, { claims: ACRS })).error).toMatchObject({
      status: "USER_INTERACTION_REQUIRED",
      code: "interaction_required",
    });
    // Capabilities alone are no step-up.
    expect(
      (await getToken(bridge, { claims: '{"access_token":{"xms_cc":{"values":["CP1"]}}}' })).success
    ).toBe(true);
    expect(accessClaims(await getTokenPopup(bridge, { claims: ACRS })).acrs).toEqual(["c1"]);
  });

  it("tokens that expire, with behaviour read at each request", async () => {
    const { bridge, state } = bridgeWith({ lifetimeSeconds: 0 });
    const now = Math.floor(Date.now() / 1000);
    const r = await getToken(bridge);
    expect(r.token!.expires_in).toBe(0);
    expect(Number(accessClaims(r).exp)).toBeLessThanOrEqual(now + 1);
    state.behaviour.lifetimeSeconds = 120;
    expect((await getToken(bridge)).token!.expires_in).toBe(120);
  });

  it("offline, and unavailable in this context", async () => {
    expect((await getToken(bridgeWith({ offline: true }).bridge)).error?.status).toBe("NO_NETWORK");
    expect(
      (await call(bridgeWith({ unavailable: true }).bridge, "GetInitContext")).error?.status
    ).toBe("NESTED_APP_AUTH_UNAVAILABLE");
  });

  it("installs itself where MSAL looks: window.nestedAppAuthBridge", async () => {
    const target = {} as Window & { nestedAppAuthBridge?: NestedAppAuthBridge };
    const state = installNaaBridge(target, ALEX);
    expect(typeof target.nestedAppAuthBridge?.postMessage).toBe("function");
    await call(target.nestedAppAuthBridge!, "GetInitContext");
    expect(state.requests.map((r) => r.method)).toEqual(["GetInitContext"]);
  });
});
