/**
 * Office single sign-on: a token for the add-in's own API (the Entra app named in the manifest's
 * WebApplicationInfo) from the Office host, with no MSAL and no popup. The documented way for
 * event handlers, where MSAL popups and the dialog API are blocked and classic Outlook on
 * Windows runs a JavaScript-only runtime (learn.microsoft.com/office/dev/add-ins/develop/
 * use-sso-in-event-based-activation: "OfficeRuntime.auth.getAccessToken"; Office.auth and
 * Office.context.auth are not available to event handlers).
 *
 * Resolves with the access token (a JWT; never logged); rejects with Office's error (e.g. 13001
 * not signed in, 13002 consent refused, 13012 SSO unsupported here) or when OfficeRuntime.auth
 * is absent. Prompts are off: nobody is there to answer one in an event handler.
 */
export function officeSsoToken(): Promise<string> {
  const runtime = (globalThis as { OfficeRuntime?: { auth?: OfficeRuntime.Auth } }).OfficeRuntime;
  if (!runtime?.auth?.getAccessToken)
    return Promise.reject(new Error("Office single sign-on is not available in this runtime."));
  return runtime.auth.getAccessToken({
    allowSignInPrompt: false,
    allowConsentPrompt: false,
    forMSGraphAccess: false,
  });
}
