// `npm start`: the add-in and the playground on https://localhost:3000, with the sample directory.
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const SAMPLE_DIRECTORY = path.join(root, ".build", "sample-directory");
const EMULATOR = path.join(root, ".build", "tools", "dev", "graph-emulator");
const LOCAL_SIGN_IN = path.join(root, ".build", "tools", "dev", "sign-in", "local-sign-in");
const SERVICE = path.join(root, "lib", "service", "server");
const SERVICE_SETTINGS = path.join(root, "lib", "service", "settings");

/**
 * Protected mode for `npm start`: the directory service's real handler (lib/service, the code
 * `send-from-admin serve` runs) at /directory/me, validating tokens from the local sign-in
 * (dev/sign-in/local-sign-in.ts), which the playground's bridge asks at /dev/sign-in/token.
 * Only the issuer and key-set URL differ from production, through the service's own settings.
 */
function directoryService(settings) {
  const { startLocalSignIn } = require(LOCAL_SIGN_IN);
  const { createService, nodeListener } = require(SERVICE);
  const { resolveSettings } = require(SERVICE_SETTINGS);
  return (async () => {
    const signIn = await startLocalSignIn({
      directory: SAMPLE_DIRECTORY,
      clientId: settings.clientId,
    });
    const service = createService(
      resolveSettings(
        {
          directory: SAMPLE_DIRECTORY,
          tenantId: signIn.tenantId,
          clientId: settings.clientId,
          origins: [settings.addinOrigin],
          issuer: signIn.issuer,
          jwksUrl: signIn.jwksUrl,
        },
        (s) => s
      ),
      {
        log: (level, message) =>
          console[level === "error" ? "error" : "log"](`[directory service] ${message}`),
      }
    );
    if (!(await service.store.check()))
      throw new Error(`The directory service could not load ${SAMPLE_DIRECTORY}.`);
    service.store.start();
    return { signIn, listener: nodeListener(service.handler) };
  })();
}

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
    // Protected mode has no public shard files: the service answers /directory/me instead.
    static:
      settings.directoryAccess === "public"
        ? [{ directory: SAMPLE_DIRECTORY, publicPath: "/directory", watch: false }]
        : [],
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
      if (settings.directoryAccess !== "public") {
        const ready = directoryService(settings);
        ready.catch((e) => console.error(String(e.message || e)));
        server.app.use("/dev/sign-in", (req, res, next) => {
          req.url = `/dev/sign-in${req.url}`;
          ready.then(({ signIn }) => signIn.handle(req, res)).then((done) => done || next(), next);
        });
        server.app.use("/directory", (req, res, next) => {
          req.url = `/directory${req.url}`;
          ready.then(({ listener }) => listener(req, res), next);
        });
      }
      return middlewares;
    },
  };
}

module.exports = { devServer, httpsOptions, SAMPLE_DIRECTORY };
