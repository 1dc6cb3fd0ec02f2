#!/usr/bin/env node
// `npm run sideload`: puts manifest.xml into your real Outlook. office-addin-debugging does this on
// Windows and Mac, but it cannot be installed from this project's registry (a dependency is
// missing), so it is not a dependency: this script uses it when you have it, and otherwise
// prints the manual steps, which work everywhere.
const { spawnSync } = require("child_process");
const path = require("path");

const manifest = path.resolve(__dirname, "..", "manifest.xml");
const probe = spawnSync("npx", ["--no-install", "office-addin-debugging", "--version"], {
  encoding: "utf8",
});
if (probe.status === 0) {
  const r = spawnSync(
    "npx",
    [
      "--no-install",
      "office-addin-debugging",
      "start",
      manifest,
      "desktop",
      "--dev-server",
      "npm start",
    ],
    { stdio: "inherit" }
  );
  process.exit(r.status ?? 1);
}

console.log(`Sideload Send From into Outlook by hand (office-addin-debugging is not installed):

  1. Run \`npm start\` and keep it running: the add-in is served on https://localhost:3000.
     Open https://localhost:3000/taskpane.html once in your browser and trust the certificate
     (or run \`npx office-addin-dev-certs install\`).
  2. Open https://aka.ms/olksideload in a browser where you are signed in to Outlook on the web
     (this opens Add-ins for Outlook), choose "My add-ins", then under "Custom Addins"
     "Add a custom add-in" > "Add from File...", and pick:
       ${manifest}
  3. Write a new message: the "Send from…" button is on the message ribbon (or under the
     "Apps" button). New Outlook and classic Outlook on Windows and Outlook on Mac pick up
     the same add-in from your mailbox after a restart.

To remove it: the same "My add-ins" page, "..." next to Send From, "Remove".
Event-based checks (OnMessageSend) run only when an admin deploys the add-in: see README.`);
