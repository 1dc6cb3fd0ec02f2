// auth-dialog.html's script: runs inside the Office dialog the pane opens where nested app
// authentication is unavailable (src/graph/auth/account-manager.ts).
import { createStandardPublicClientApplication } from "@azure/msal-browser";
import { diagnostics, recordFailure } from "../core/diagnostics";
import { formatDiagnosticEvent } from "../core/diagnostics-text";
import { dialogMsalConfiguration, runAuthDialog } from "../graph/auth/dialog";
import { loadMessages } from "./load-messages";
import { messageParent } from "../office/dialog";
import { displayLanguage, officeReady } from "../office/mailbox";
import { buildConfig } from "./build-config";

// The dialog has no "Copy diagnostics" of its own and its failures reach the pane as results;
// its records go to the console (developer tools) for whoever debugs sign-in.
diagnostics.subscribe((e) => console.log(`[Send From] ${formatDiagnosticEvent(e)}`));

officeReady().then(async () => {
  const status = document.getElementById("status");
  if (status)
    status.textContent =
      (
        await loadMessages(displayLanguage()).catch(
          (e) => (recordFailure("auth", "dialogCatalogueLoad", e), null)
        )
      )?.send.progress.signingIn ?? "";
  const pca = await createStandardPublicClientApplication(
    dialogMsalConfiguration(buildConfig, window.location)
  );
  await runAuthDialog({
    pca,
    search: window.location.search,
    messageParent,
    apiScope: buildConfig.apiScope || undefined,
  });
});
