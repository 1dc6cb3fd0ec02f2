// SEND_FROM_DIRECTORY_ACCESS (issue 10, item 4): protected by default, public only by choice and
// then loudly, in `npm run build` (webpack.config.js) and `npm run validate` (src/manifest/cli.ts).
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { directoryAccessWarning, main as validateMain } from "../../../src/manifest/cli";
import { validateManifest } from "../../../src/manifest/validate";

type Settings = Record<string, unknown> & {
  directoryAccess: string;
  apiScope: string;
  clientId: string;
};
const settingsModule = require("../../../scripts/settings.cjs") as {
  readSettings(env: Record<string, string>, mode: string, flags?: object): Settings;
  accessWarnings(settings: Settings): string[];
  contentSecurityPolicy(settings: Settings): string;
  SettingsError: new () => Error;
  DEV_ORIGIN: string;
};
const { manifestForBuild } = require("../../../scripts/manifest-build.cjs") as {
  manifestForBuild(xml: string, settings: Settings, devOrigin: string): string;
};
const webpackConfig = require("../../../webpack.config.js") as (
  env: object,
  argv: object
) => Promise<unknown>;

const XML = readFileSync(join(__dirname, "../../../manifest.xml"), "utf8");
const CLIENT = "c0ffee00-1234-4abc-8def-0123456789ab";
const PROD = {
  SEND_FROM_ADDIN_URL: "https://sendfrom.contoso.example",
  SEND_FROM_CLIENT_ID: CLIENT,
  SEND_FROM_DIRECTORY_URL: "https://directory.contoso.example/api/",
};
const read = (env: Record<string, string>, mode = "production") =>
  settingsModule.readSettings(env, mode);

describe("settings", () => {
  it("defaults to protected, with the add-in's own API scope by the Office add-in convention", () => {
    const s = read(PROD);
    expect(s.directoryAccess).toBe("protected");
    expect(s.apiScope).toBe(`api://sendfrom.contoso.example/${CLIENT}/access_as_user`);
    expect(settingsModule.accessWarnings(s)).toEqual([]);
  });

  it("takes public when chosen, and refuses anything else, naming the setting", () => {
    expect(read({ ...PROD, SEND_FROM_DIRECTORY_ACCESS: "public" }).directoryAccess).toBe("public");
    for (const bad of ["Protected", "private", "open", "none"])
      expect(() => read({ ...PROD, SEND_FROM_DIRECTORY_ACCESS: bad })).toThrow(
        /SEND_FROM_DIRECTORY_ACCESS must be protected .* or public/
      );
  });

  it("lets the pages reach the directory service's origin (CSP connect-src)", () => {
    const csp = settingsModule.contentSecurityPolicy(read(PROD));
    expect(csp).toMatch(/connect-src [^;]*https:\/\/directory\.contoso\.example/);
  });

  it("warns about a public production build, and a protected one without a client id", () => {
    const publicWarnings = settingsModule.accessWarnings(
      read({ ...PROD, SEND_FROM_DIRECTORY_ACCESS: "public" })
    );
    expect(publicWarnings.join(" ")).toMatch(/ANYONE on the internet can read/);
    const noClient = settingsModule.accessWarnings(
      read({ SEND_FROM_ADDIN_URL: PROD.SEND_FROM_ADDIN_URL })
    );
    expect(noClient.join(" ")).toMatch(/needs SEND_FROM_CLIENT_ID/);
    // The playground and development builds are not deployed: nothing to warn about.
    expect(
      settingsModule.accessWarnings(
        settingsModule.readSettings({ SEND_FROM_DIRECTORY_ACCESS: "public" }, "production", {
          playground: true,
        })
      )
    ).toEqual([]);
    expect(
      settingsModule.accessWarnings(read({ SEND_FROM_DIRECTORY_ACCESS: "public" }, "development"))
    ).toEqual([]);
  });
});

describe("npm run build", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  async function buildOutput(env: Record<string, string>): Promise<string> {
    process.env = { ...saved, ...env };
    let out = "";
    jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    await webpackConfig({}, { mode: "production" });
    return out;
  }

  it("warns loudly when a production build uses public access", async () => {
    expect(await buildOutput({ ...PROD, SEND_FROM_DIRECTORY_ACCESS: "public" })).toMatch(
      /WARNING: SEND_FROM_DIRECTORY_ACCESS=public/
    );
  });

  it("says nothing for a protected build with a client id", async () => {
    expect(await buildOutput({ ...PROD, SEND_FROM_DIRECTORY_ACCESS: "protected" })).not.toMatch(
      /WARNING/
    );
  });
});

describe("the built manifest and npm run validate", () => {
  it("a protected build names the app and its API for Office single sign-on, and stays valid", () => {
    const built = manifestForBuild(XML, read(PROD), settingsModule.DEV_ORIGIN);
    expect(built).toContain(`<Id>${CLIENT}</Id>`);
    expect(built).toContain(`<Resource>api://sendfrom.contoso.example/${CLIENT}</Resource>`);
    // The manifest checks say of it exactly what they say of the same build without it.
    const check = (xml: string) =>
      validateManifest(xml, { readAsset: () => null, associatedFunctions: null, sizeBytes: 0 });
    const without = manifestForBuild(
      XML,
      read({ ...PROD, SEND_FROM_DIRECTORY_ACCESS: "public" }),
      settingsModule.DEV_ORIGIN
    );
    expect(check(built)).toEqual(check(without));
    expect(directoryAccessWarning(built, {})).toBeNull();
  });

  it("validate warns about a public build even without the environment it was built in", async () => {
    const built = manifestForBuild(
      XML,
      read({ ...PROD, SEND_FROM_DIRECTORY_ACCESS: "public" }),
      settingsModule.DEV_ORIGIN
    );
    expect(directoryAccessWarning(built, {})).toMatch(/PUBLIC static files/);
    const dir = mkdtempSync(join(tmpdir(), "send-from-validate-"));
    const file = join(dir, "manifest.xml");
    writeFileSync(file, built);
    const errors: string[] = [];
    jest.spyOn(console, "error").mockImplementation((m: string) => void errors.push(m));
    jest.spyOn(console, "log").mockImplementation(() => undefined);
    await validateMain([file, "--offline"]);
    jest.restoreAllMocks();
    expect(errors.join("\n")).toMatch(/WARNING: this build publishes the directory as PUBLIC/);
  });

  it("validate warns about a protected build without a client id", () => {
    const built = manifestForBuild(
      XML,
      read({ SEND_FROM_ADDIN_URL: PROD.SEND_FROM_ADDIN_URL }),
      settingsModule.DEV_ORIGIN
    );
    expect(directoryAccessWarning(built, {})).toMatch(/no SEND_FROM_CLIENT_ID/);
  });
});
