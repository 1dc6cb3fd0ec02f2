import { AuthError, fromDialogError, fromMsalError } from "../../../src/graph/auth/errors";
import { OfficeCallError } from "../../../src/office/async";
import { DialogUnavailableError } from "../../../src/office/dialog";

const msalError = (errorCode: string, errorMessage = "", name = "AuthError") =>
  Object.assign(new Error(errorMessage || errorCode), { errorCode, errorMessage, name });

describe("fromMsalError", () => {
  it.each([
    // MSAL's own codes, and those its bridge mapping produces (BridgeStatusCode -> ClientAuthError)
    ["user_cancelled", "cancelled"],
    ["user_canceled", "cancelled"],
    ["popup_window_error", "popupBlocked"],
    ["empty_window_error", "popupBlocked"],
    ["block_nested_popups", "popupBlocked"],
    ["consent_required", "consentRequired"],
    ["interaction_required", "interactionRequired"],
    ["login_required", "interactionRequired"],
    ["no_account_in_silent_request", "interactionRequired"],
    ["no_account_found", "interactionRequired"],
    ["no_network_connectivity", "network"],
    ["endpoints_resolution_error", "network"],
    ["post_request_failed", "network"],
    ["nested_app_auth_bridge_disabled", "unavailable"],
    ["something_else", "failed"],
  ])("%s is %s", (code, kind) => {
    expect(fromMsalError(msalError(code)).kind).toBe(kind);
  });

  it("reads Entra's AADSTS codes from the message, and keeps them as the code", () => {
    const server = (message: string) =>
      fromMsalError(msalError("invalid_grant", message, "ServerError"));
    expect(server("AADSTS65001: The user or administrator has not consented")).toMatchObject({
      kind: "consentRequired",
      code: "AADSTS65001",
    });
    expect(server("AADSTS90094: The grant requires admin permission.")).toMatchObject({
      kind: "adminConsentRequired",
      code: "AADSTS90094",
    });
    expect(server("AADSTS65004: User declined to consent to access the app.")).toMatchObject({
      kind: "cancelled",
      code: "AADSTS65004",
    });
    expect(server("AADSTS50058: A silent sign-in request was sent")).toMatchObject({
      kind: "failed",
      code: "AADSTS50058",
    });
    // The word "consent" alone does not make a consent error.
    expect(server("no consent logic here").kind).toBe("failed");
  });

  it("treats MSAL's InteractionRequiredAuthError by name, and passes AuthErrors through", () => {
    expect(fromMsalError(msalError("x", "", "InteractionRequiredAuthError")).kind).toBe(
      "interactionRequired"
    );
    const own = new AuthError("network", "offline");
    expect(fromMsalError(own)).toBe(own);
    expect(fromMsalError(undefined)).toMatchObject({ kind: "failed" });
  });
});

describe("fromDialogError", () => {
  it.each([
    [12006, "cancelled"],
    [12009, "cancelled"],
    [12011, "popupBlocked"],
    [12004, "failed"],
    [12007, "failed"],
  ])("Office code %i is %s", (code, kind) => {
    expect(fromDialogError(new OfficeCallError(code, "x"))).toMatchObject({
      kind,
      code: String(code),
    });
  });

  it("a host without a dialog API is unsupported", () => {
    expect(fromDialogError(new DialogUnavailableError()).kind).toBe("unsupported");
  });
});
