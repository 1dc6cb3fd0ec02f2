import {
  createNestablePublicClientApplication,
  IPublicClientApplication,
  PublicClientApplication,
} from "@azure/msal-browser";
import type { NestedPcaConfig } from "./account-manager";

/**
 * MSAL talking to the host's nested-app-auth bridge, or null when the host offers none.
 * createNestablePublicClientApplication itself falls back to a standard application in that
 * case, whose popup would need a redirect page of its own; the Office dialog is the add-in's
 * fallback instead. Its factory argument is called only when the bridge answered, which is how
 * the two cases are told apart without looking at window.nestedAppAuthBridge ourselves.
 */
export async function createNestedPca(
  config: NestedPcaConfig
): Promise<IPublicClientApplication | null> {
  let nested = false;
  const pca = await createNestablePublicClientApplication(
    config,
    undefined,
    (configuration, controller) => {
      nested = true;
      return new PublicClientApplication(configuration, controller);
    }
  );
  return nested ? pca : null;
}
