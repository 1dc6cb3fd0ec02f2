// Build-time settings from environment variables, validated once. Shared by webpack.config.js,
// the dev server and the build checks. Documented in README "Configuration".
const DEV_ORIGIN = "https://localhost:3000";
const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const GRAPH_DEFAULT = "https://graph.microsoft.com/v1.0";
// Not a real app registration: the playground's simulated Outlook hands out test tokens for any id.
const PLAYGROUND_CLIENT_ID = "00000000-0000-4000-8000-00000000f0ff";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class SettingsError extends Error {}

function httpsOrigin(name, value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new SettingsError(
      `${name} must be an https URL such as https://sendfrom.example.org (got "${value}").`
    );
  }
  if (url.protocol !== "https:")
    throw new SettingsError(
      `${name} must use https (got "${value}"): Office add-ins load only over https.`
    );
  return url;
}

function list(value) {
  return (value || "")
    .split(/[\s,]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

function readSettings(env, mode, flags = {}) {
  const addinUrl = httpsOrigin("SEND_FROM_ADDIN_URL", env.SEND_FROM_ADDIN_URL || DEV_ORIGIN);
  const addinOrigin = addinUrl.origin;
  const directoryUrl = (env.SEND_FROM_DIRECTORY_URL || "").trim();
  if (directoryUrl && /^[a-z]+:/i.test(directoryUrl))
    httpsOrigin("SEND_FROM_DIRECTORY_URL", directoryUrl);
  const directoryOrigins = list(env.SEND_FROM_DIRECTORY_ORIGINS).map(
    (o) => httpsOrigin("SEND_FROM_DIRECTORY_ORIGINS", o).origin
  );
  const playgroundBuild = mode === "development" || !!flags.playground;
  // The playground sends to the Graph emulator on its own origin, as a stand-in app registration.
  const graphUrl = (
    env.SEND_FROM_GRAPH_URL || (playgroundBuild ? "graph/v1.0" : GRAPH_DEFAULT)
  ).replace(/\/+$/, "");
  // Relative only for the playground's emulator on the page's own origin.
  if (/^[a-z]+:/i.test(graphUrl)) {
    const host = httpsOrigin("SEND_FROM_GRAPH_URL", graphUrl).hostname.toLowerCase();
    // Another host would leave the upload-session hosts unknown: the CSP would block every
    // attachment over 3 MB, and the browser would print the upload URL with its token.
    if (!Object.hasOwn(UPLOAD_ORIGINS, host))
      throw new SettingsError(
        `SEND_FROM_GRAPH_URL must be a Microsoft Graph endpoint Send From knows the upload-session hosts of (${Object.keys(UPLOAD_ORIGINS).join(", ")}; got "${host}"): the Content-Security-Policy is built from them.`
      );
  }
  // The sign-in service of the Graph URL's cloud: a national cloud's tenant signs in only at its
  // own (learn.microsoft.com/graph/deployments, "App registration and token service root
  // endpoints"); the worldwide default there would fail every sign-in.
  const cloudLogin = loginHostsFor(graphUrl);
  const authority = (env.SEND_FROM_AUTHORITY || `https://${cloudLogin[0]}/common`)
    .trim()
    .replace(/\/+$/, "");
  const authorityHost = httpsOrigin("SEND_FROM_AUTHORITY", authority).hostname.toLowerCase();
  const knownLogin = Object.values(LOGIN_HOSTS).flat();
  if (knownLogin.includes(authorityHost) && !cloudLogin.includes(authorityHost))
    throw new SettingsError(
      `SEND_FROM_AUTHORITY (${authorityHost}) and SEND_FROM_GRAPH_URL are in different Microsoft clouds: for ${graphUrl} sign in at https://${cloudLogin[0]}/<tenant id> (learn.microsoft.com/graph/deployments).`
    );
  const clientId = (env.SEND_FROM_CLIENT_ID || "").trim();
  if (clientId && !GUID.test(clientId)) {
    throw new SettingsError(
      `SEND_FROM_CLIENT_ID must be the Entra app's Application (client) ID, a GUID (got "${clientId}").`
    );
  }
  const playground = playgroundBuild;
  const sendMode = env.SEND_FROM_SEND_MODE || "SoftBlock";
  if (sendMode !== "SoftBlock" && sendMode !== "PromptUser") {
    throw new SettingsError(
      `SEND_FROM_SEND_MODE must be SoftBlock (block, with the pane's help) or PromptUser (warn, let the user send anyway); got "${sendMode}".`
    );
  }
  const failClosed = /^(1|true|yes)$/i.test(env.SEND_FROM_FAIL_CLOSED || "");
  if (env.SEND_FROM_MANIFEST_ID && !GUID.test(env.SEND_FROM_MANIFEST_ID)) {
    throw new SettingsError(
      `SEND_FROM_MANIFEST_ID must be a GUID (got "${env.SEND_FROM_MANIFEST_ID}").`
    );
  }
  const directoryAccess = (env.SEND_FROM_DIRECTORY_ACCESS || "protected").trim();
  if (directoryAccess !== "protected" && directoryAccess !== "public") {
    throw new SettingsError(
      `SEND_FROM_DIRECTORY_ACCESS must be protected (each user reads only their own shard through the directory service, with a token) or public (static files anyone can read); got "${directoryAccess}".`
    );
  }
  const effectiveClientId = clientId || (playgroundBuild ? PLAYGROUND_CLIENT_ID : "");
  return {
    mode,
    addinOrigin,
    directoryAccess,
    // The add-in's own API, by the Office add-in convention (Application ID URI api://<host>/<client id>).
    apiScope: effectiveClientId ? `api://${addinUrl.host}/${effectiveClientId}/access_as_user` : "",
    directoryUrl,
    directoryOrigins,
    graphUrl,
    authority,
    clientId: effectiveClientId,
    playground,
    sendMode,
    failClosed,
    // Dev and each deployed origin must not collide in the admin center: its own Id and name.
    manifestId:
      env.SEND_FROM_MANIFEST_ID ||
      (addinOrigin === DEV_ORIGIN ? null : require("./manifest-build.cjs").uuidV5(addinOrigin)),
    displayName: env.SEND_FROM_DISPLAY_NAME || (addinOrigin === DEV_ORIGIN ? null : "Send From"),
    // The event runtime in classic Outlook on Windows has no page URL to resolve against, so
    // production handlers get an absolute URL. The playground's runtime is a browser page, which
    // may be served from any local origin (tests), so there it stays relative to the page.
    eventsDirectoryUrl: playground
      ? (directoryUrl || "directory/").replace(/\/?$/, "/")
      : new URL(directoryUrl || "directory/", `${addinOrigin}/`).href.replace(/\/?$/, "/"),
    outDir:
      env.SEND_FROM_OUT || (playground && mode === "production" ? ".build/playground" : "dist"),
  };
}

/**
 * What an admin must hear about these settings before deploying, one line each (empty: nothing).
 * A production build in public mode publishes who may send as whom to anyone who guesses an
 * address (issue 10); protected mode without a client id cannot get a token at all.
 */
function accessWarnings(settings) {
  if (settings.playground || settings.mode !== "production") return [];
  if (settings.directoryAccess === "public")
    return [
      "SEND_FROM_DIRECTORY_ACCESS=public: the directory is published as static files ANYONE on the internet can read. " +
        "Whoever guesses a user's address can download every mailbox that user may send from. " +
        'Use protected mode (the default) with the directory service (send-from-admin serve) unless your organisation chose this knowingly (README "Configuration").',
    ];
  if (!settings.clientId)
    return [
      "SEND_FROM_DIRECTORY_ACCESS=protected needs SEND_FROM_CLIENT_ID (the Entra app whose API the directory service checks): " +
        'without it no user can sign in to the directory and the pane shows no mailboxes (README "Configuration").',
    ];
  return [];
}

/** Prints accessWarnings loudly on stderr (a boxed block, so it is not lost in webpack's output). */
function printAccessWarnings(settings, stream = process.stderr) {
  const warnings = accessWarnings(settings);
  if (!warnings.length) return warnings;
  const bar = "!".repeat(78);
  stream.write(`\n${bar}\n${warnings.map((w) => `WARNING: ${w}`).join("\n")}\n${bar}\n\n`);
  return warnings;
}

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Where Exchange hands out attachment upload-session URLs, by the cloud of the Graph URL: an
 * Outlook host, not Graph's own (learn.microsoft.com/graph/api/attachment-createuploadsession,
 * the uploadUrl example on outlook.office.com; field-reports.md "Upload sessions return an
 * upload URL on an Outlook host"). Hosts per cloud: learn.microsoft.com/microsoft-365/enterprise
 * urls-and-ip-address-ranges (worldwide), microsoft-365-u-s-government-gcc-high-endpoints,
 * microsoft-365-u-s-government-dod-endpoints, urls-and-ip-address-ranges-21vianet. Exact origins
 * only, never a wildcard: connect-src stays as narrow as the product's needs.
 */
const UPLOAD_ORIGINS = {
  "graph.microsoft.com": ["https://outlook.office.com", "https://outlook.office365.com"],
  "graph.microsoft.us": ["https://outlook.office365.us"],
  "dod-graph.microsoft.us": ["https://outlook-dod.office365.us"],
  "microsoftgraph.chinacloudapi.cn": ["https://partner.outlook.cn"],
};

/**
 * The sign-in (Microsoft Entra ID) hosts of each Graph cloud, the first the default authority's
 * (learn.microsoft.com/graph/deployments: login.microsoftonline.us for both US Government clouds,
 * login.chinacloudapi.cn for 21Vianet; login.microsoft.com is the worldwide alias).
 */
const LOGIN_HOSTS = {
  "graph.microsoft.com": ["login.microsoftonline.com", "login.microsoft.com"],
  "graph.microsoft.us": ["login.microsoftonline.us"],
  "dod-graph.microsoft.us": ["login.microsoftonline.us"],
  "microsoftgraph.chinacloudapi.cn": ["login.chinacloudapi.cn"],
};

/** The sign-in hosts for a Graph URL (relative = the playground's stand-in for worldwide). */
function loginHostsFor(graphUrl) {
  let host = null;
  try {
    host = new URL(graphUrl).hostname.toLowerCase();
  } catch {
    // relative: the emulator, playing the worldwide cloud
  }
  return LOGIN_HOSTS[host] || LOGIN_HOSTS["graph.microsoft.com"];
}

/** The upload-session origins for a Graph URL (relative = the playground's stand-in for worldwide). */
function uploadOrigins(graphUrl) {
  let host = null;
  try {
    host = new URL(graphUrl).hostname.toLowerCase();
  } catch {
    // relative: the emulator, playing the worldwide cloud
  }
  // readSettings refuses any other absolute host, so only the relative URL falls back here.
  return UPLOAD_ORIGINS[host] || UPLOAD_ORIGINS["graph.microsoft.com"];
}

/**
 * The pages' Content-Security-Policy: scripts only from the add-in and Office's CDN (office.js
 * loads MicrosoftAjax from ajax.aspnetcdn.com), data only from the add-in, the directory, Graph,
 * Exchange's upload-session hosts for that cloud, and the sign-in service. 'unsafe-inline' styles are needed by office.js and Fluent's theme.
 */
function contentSecurityPolicy(settings) {
  const connect = new Set(["'self'"]);
  for (const o of [
    originOf(settings.directoryUrl),
    ...settings.directoryOrigins,
    originOf(settings.graphUrl),
    ...uploadOrigins(settings.graphUrl),
    originOf(settings.authority),
  ]) {
    if (o && o !== "null") connect.add(o);
  }
  return [
    "default-src 'none'",
    "script-src 'self' https://appsforoffice.microsoft.com https://ajax.aspnetcdn.com",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${[...connect].join(" ")}`,
    `frame-src 'self' ${originOf(settings.authority)}`,
    "base-uri 'self'",
    "form-action 'none'",
    "object-src 'none'",
  ].join("; ");
}

module.exports = {
  readSettings,
  accessWarnings,
  printAccessWarnings,
  contentSecurityPolicy,
  uploadOrigins,
  SettingsError,
  DEV_ORIGIN,
  OFFICE_JS_CDN,
  GRAPH_DEFAULT,
};
