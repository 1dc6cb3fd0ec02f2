// What `npm run build` does to manifest.xml for an environment, and the release-version guard.
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const RELEASE_FILE = path.resolve(__dirname, "..", "manifest.release.json");
// Namespace for name-based (v5) ids: each add-in origin gets its own stable manifest Id.
const ID_NAMESPACE = "4f1c2d7e-8b3a-4c55-9e1f-6a2b7c9d0e13";

function uuidV5(name, namespace = ID_NAMESPACE) {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = crypto
    .createHash("sha1")
    .update(Buffer.concat([ns, Buffer.from(name, "utf8")]))
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The manifest's content apart from its Version: what a release is compared on. */
function contentHash(xml) {
  const withoutVersion = xml
    .replace(/<Version>[^<]*<\/Version>/, "<Version/>")
    .replace(/\r\n/g, "\n");
  return crypto.createHash("sha256").update(withoutVersion).digest("hex");
}

function versionOf(xml) {
  const m = /<Version>\s*([^<\s]+)\s*<\/Version>/.exec(xml);
  return m ? m[1] : null;
}

function compareVersions(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d) return d;
  }
  return 0;
}

function readRelease() {
  try {
    return JSON.parse(fs.readFileSync(RELEASE_FILE, "utf8"));
  } catch {
    return null;
  }
}

/**
 * Refuses a manifest whose content changed since the last release while its Version did not go
 * up: Microsoft 365 updates a deployed add-in only to a higher Version. Returns an error text or null.
 */
function releaseProblem(xml, release = readRelease()) {
  if (!release) return null;
  const version = versionOf(xml);
  if (!version) return "manifest.xml has no <Version>.";
  if (contentHash(xml) === release.sha256) return null;
  if (compareVersions(version, release.version) > 0) return null;
  return (
    `manifest.xml changed since release ${release.version}, but its <Version> is still ${version}. ` +
    `Raise <Version> in manifest.xml above ${release.version} (for example ${bump(release.version)}) so the admin center takes the update; ` +
    "after publishing, record the release with `npm run release:manifest`."
  );
}

function bump(version) {
  const parts = version.split(".").map(Number);
  while (parts.length < 4) parts.push(0);
  parts[2] += 1;
  parts[3] = 0;
  return parts.join(".");
}

/** manifest.xml as published for `settings`: URLs, Id and DisplayName of that environment, the send mode. */
function manifestForBuild(xml, settings, devOrigin) {
  let out = xml
    .split(devOrigin)
    .join(settings.addinOrigin)
    .replace(/SendMode="SoftBlock"/, `SendMode="${settings.sendMode}"`);
  if (settings.manifestId) out = out.replace(/<Id>[^<]*<\/Id>/, `<Id>${settings.manifestId}</Id>`);
  if (settings.displayName) {
    out = out.replace(
      /<DisplayName DefaultValue="[^"]*"/,
      `<DisplayName DefaultValue="${settings.displayName.replace(/[<>&"]/g, "")}"`
    );
  }
  if (settings.directoryAccess === "public") {
    // Lets `npm run validate` warn about this build without the environment it was built in.
    out = out.replace(/(<\/OfficeApp>\s*)$/, "<!-- Send From: directory access public -->\n$1");
  } else if (settings.directoryAccess === "protected" && settings.clientId && settings.apiScope) {
    // Office single sign-on for the event handlers (OfficeRuntime.auth.getAccessToken) needs the
    // app and its API in the manifest: learn.microsoft.com/office/dev/add-ins/develop/
    // use-sso-in-event-based-activation. Last child of VersionOverrides 1.1, after Resources.
    const resource = settings.apiScope.replace(/\/access_as_user$/, "");
    out = out.replace(
      /(<\/Resources>\s*)(<\/VersionOverrides>\s*<\/VersionOverrides>)/,
      `$1  <WebApplicationInfo>\n        <Id>${settings.clientId}</Id>\n        <Resource>${resource}</Resource>\n        <Scopes>\n          <Scope>openid</Scope>\n          <Scope>profile</Scope>\n        </Scopes>\n      </WebApplicationInfo>\n    $2`
    );
  }
  return out;
}

function recordRelease() {
  const xml = fs.readFileSync(path.resolve(__dirname, "..", "manifest.xml"), "utf8");
  const record = { version: versionOf(xml), sha256: contentHash(xml) };
  fs.writeFileSync(RELEASE_FILE, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`Recorded release ${record.version} of manifest.xml in manifest.release.json.`);
}

module.exports = {
  uuidV5,
  contentHash,
  releaseProblem,
  manifestForBuild,
  recordRelease,
  compareVersions,
  bump,
};

if (require.main === module && process.argv[2] === "record") recordRelease();
