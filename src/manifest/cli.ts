// `npm run validate`: offline checks of manifest.xml and dist/manifest.xml, then Microsoft's
// online validator where it can be reached. Exit 0 when every offline check passes.
import { execFile } from "child_process";
import { existsSync, readFileSync } from "fs";
import { dirname, join, resolve } from "path";
import { createContext, runInContext } from "vm";
import { formatProblem, validateManifest } from "./validate";

/** Runs the built handler file as Outlook's JavaScript-only runtime would and lists what it associates. */
export function associatedFunctions(bundlePath: string): string[] | null {
  if (!existsSync(bundlePath)) return null;
  const names: string[] = [];
  const context = createContext({
    Office: { actions: { associate: (n: string) => names.push(n) } },
    setTimeout,
    clearTimeout,
  });
  runInContext(readFileSync(bundlePath, "utf8"), context, { timeout: 5000 });
  return names;
}

/** Maps an https URL of the manifest to a local file: its path under dist/, else under the repo. */
function assetReader(roots: string[]) {
  return (url: string): Uint8Array | null => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(url).pathname).replace(/^\/+/, "");
    } catch {
      return null;
    }
    for (const root of roots) {
      const file = resolve(root, path);
      if (file.startsWith(resolve(root)) && existsSync(file)) return readFileSync(file);
    }
    return null;
  };
}

function online(file: string): Promise<{ ran: boolean; ok: boolean; output: string }> {
  return new Promise((done) => {
    const bin = resolve(
      "node_modules",
      ".bin",
      process.platform === "win32" ? "office-addin-manifest.cmd" : "office-addin-manifest"
    );
    if (!existsSync(bin))
      return done({ ran: false, ok: true, output: "office-addin-manifest is not installed" });
    execFile(
      bin,
      ["validate", file],
      { timeout: 30_000, env: { ...process.env, OFFICE_ADDIN_USAGE_DATA_LEVEL: "off" } },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (
          /Unable to contact|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|getaddrinfo/i.test(
            output
          ) ||
          (error && (error as { killed?: boolean }).killed)
        ) {
          return done({
            ran: false,
            ok: true,
            output: "the validation service could not be reached",
          });
        }
        done({ ran: true, ok: !error, output });
      }
    );
  });
}

/**
 * The loud warning `npm run validate` prints for a built manifest (dist/) that does not use
 * protected directory access, or null. A protected build with a client id carries
 * WebApplicationInfo (scripts/manifest-build.cjs), so its absence means the build was made
 * with SEND_FROM_DIRECTORY_ACCESS=public (the directory is readable by anyone who guesses an
 * address: issue 10) or without SEND_FROM_CLIENT_ID (nobody can sign in to the directory).
 * `env` is checked too, so the warning names public mode when the environment says so.
 */
export function directoryAccessWarning(
  builtXml: string,
  env: Record<string, string | undefined>
): string | null {
  const access = (env.SEND_FROM_DIRECTORY_ACCESS ?? "").trim();
  if (access === "public" || /<!-- Send From: directory access public -->/.test(builtXml))
    return 'WARNING: this build publishes the directory as PUBLIC static files (SEND_FROM_DIRECTORY_ACCESS=public): anyone on the internet who guesses a user\'s address can read every mailbox that user may send from. Use protected mode (the default) with the directory service unless your organisation chose this knowingly (README "Configuration").';
  if (!/<WebApplicationInfo>/.test(builtXml))
    return 'WARNING: this build has no SEND_FROM_CLIENT_ID, so in protected mode (the default) nobody can sign in to the directory service and the pane shows no mailboxes. Rebuild with SEND_FROM_CLIENT_ID (README "Configuration").';
  return null;
}

export async function main(argv: string[]): Promise<number> {
  const offlineOnly = argv.includes("--offline");
  const files = argv.filter((a) => !a.startsWith("--"));
  const targets = files.length ? files : ["manifest.xml", join("dist", "manifest.xml")];
  let failed = false;
  for (const file of targets) {
    // A built manifest is checked against the files built beside it; the source one against dist/.
    const folder = dirname(file);
    const bundle = [join(folder, "launchevent.js"), join("dist", "launchevent.js")].find((f) =>
      existsSync(f)
    );
    const functions = bundle ? associatedFunctions(bundle) : null;
    if (!existsSync(file)) {
      console.error(
        `${file}: not found${file.startsWith("dist") ? " (run `npm run build` first)" : ""}.`
      );
      failed = true;
      continue;
    }
    const xml = readFileSync(file);
    const problems = validateManifest(xml.toString("utf8"), {
      readAsset: assetReader([folder, "dist", "."]),
      associatedFunctions: functions,
      sizeBytes: xml.length,
    });
    if (problems.length) {
      failed = true;
      for (const p of problems) console.error(formatProblem(file, p));
    } else {
      console.log(
        `${file}: offline checks passed${functions ? "" : " (launch events not checked: build dist/launchevent.js first)"}.`
      );
    }
    if (file !== "manifest.xml") {
      const warning = directoryAccessWarning(xml.toString("utf8"), process.env);
      if (warning) console.error(`\n${"!".repeat(78)}\n${file}: ${warning}\n${"!".repeat(78)}\n`);
    }
    if (!offlineOnly) {
      const result = await online(file);
      if (!result.ran)
        console.log(`${file}: Microsoft's online validator skipped: ${result.output}.`);
      else if (result.ok) console.log(`${file}: Microsoft's online validator passed.`);
      else {
        failed = true;
        console.error(`${file}: Microsoft's online validator reported problems:\n${result.output}`);
      }
    }
  }
  return failed ? 1 : 0;
}
