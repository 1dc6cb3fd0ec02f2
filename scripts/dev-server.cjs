// `npm start`: the add-in and the playground on https://localhost:3000, with the sample directory.
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const SAMPLE_DIRECTORY = path.join(root, ".build", "sample-directory");
const EMULATOR = path.join(root, ".build", "tools", "dev", "graph-emulator");

/**
 * office-addin-dev-certs makes a localhost certificate and asks the OS to trust it. Where it
 * can't install the CA (no sudo, a container), the certificate still serves, with a browser warning.
 */
async function httpsOptions() {
  const certs = require("office-addin-dev-certs");
  try {
    return await certs.getHttpsServerOptions();
  } catch (e) {
    const defaults = require("office-addin-dev-certs/lib/defaults");
    if (!fs.existsSync(defaults.localhostCertificatePath)) await certs.generateCertificates();
    console.warn(
      `\nThe development certificate could not be installed as trusted (${String(e.message || e).split("\n")[0]}).\n` +
        "The server still runs; your browser will warn about the certificate. To trust it, run: npx office-addin-dev-certs install\n"
    );
    return {
      ca: fs.readFileSync(defaults.caCertificatePath),
      cert: fs.readFileSync(defaults.localhostCertificatePath),
      key: fs.readFileSync(defaults.localhostKeyPath),
    };
  }
}

function devServer(settings) {
  if (settings.mode !== "development") return undefined;
  return {
    port: Number(process.env.PORT || 3000),
    server: { type: "https", options: {} },
    // No HMR client: the classic Outlook event runtime cannot run it, and reloads would drop a draft.
    hot: false,
    liveReload: false,
    client: false,
    headers: { "Cache-Control": "no-store" },
    static: [{ directory: SAMPLE_DIRECTORY, publicPath: "/directory", watch: false }],
    open: process.env.SEND_FROM_NO_OPEN ? false : ["/playground.html"],
    // The Graph emulator plays Exchange Online for the playground, with the sample tenant's rights.
    setupMiddlewares: (middlewares, server) => {
      const { createGraphEmulator, tenantFromDirectory } = require(EMULATOR);
      const people = require(path.join(root, "samples", "northwind", "people.json"));
      const emulator = createGraphEmulator(tenantFromDirectory(SAMPLE_DIRECTORY, people), {
        basePath: "/graph",
        // Exchange's upload host (outlook.office.com) is not reachable from here, so the dev
        // playground uploads to its own origin; the browser tests route the real host name.
        uploadOrigin: `https://localhost:${Number(process.env.PORT || 3000)}`,
      });
      server.app.use("/graph", (req, res, next) =>
        emulator.handle(req, res).then((handled) => handled || next(), next)
      );
      return middlewares;
    },
  };
}

module.exports = { devServer, httpsOptions, SAMPLE_DIRECTORY };
