import {
  createNestablePublicClientApplication,
  IPublicClientApplication,
  PublicClientApplication,
} from "@azure/msal-browser";
import type { NestedPcaConfiguration } from "./account-manager";

/**
 * MSAL talking to the host's nested-app-auth bridge, or null when the host offers none.
 * createNestablePublicClientApplication itself falls back to a standard application in that
 * case, whose popup would need a redirect page of its own; the Office dialog is the add-in's
 * fallback instead. Its factory argument is called only when the bridge answered, which is how
 * the two cases are told apart without looking at window.nestedAppAuthBridge ourselves.
 */
export async function createNestedPca(
  configuration: NestedPcaConfiguration
): Promise<IPublicClientApplication | null> {
  let nested = false;
  const pca = await createNestablePublicClientApplication(
    configuration,
    undefined,
    (nestedConfiguration, controller) => {
      nested = true;
      return new PublicClientApplication(nestedConfiguration, controller);
    }
  );
  return nested ? pca : null;
}
