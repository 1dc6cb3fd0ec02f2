// auth-dialog.html's script: runs inside the Office dialog the pane opens where nested app
// authentication is unavailable (src/graph/auth/account-manager.ts).
import { createStandardPublicClientApplication } from "@azure/msal-browser";
import { runAuthDialog } from "../graph/auth/dialog";
import { loadMessages } from "../taskpane/load-messages";
import { messageParent } from "../office/dialog";
import { displayLanguage } from "../office/mailbox";
import { buildConfig } from "./build-config";

Office.onReady(async () => {
  const status = document.getElementById("status");
  if (status)
    status.textContent =
      (await loadMessages(displayLanguage()).catch(() => null))?.send.progress.signingIn ?? "";
  const pca = await createStandardPublicClientApplication({
    auth: {
      clientId: buildConfig.clientId,
      authority: buildConfig.authority,
      redirectUri: `${window.location.origin}${window.location.pathname}`,
    },
    cache: { cacheLocation: "localStorage" },
  });
  await runAuthDialog({ pca, search: window.location.search, messageParent });
});
