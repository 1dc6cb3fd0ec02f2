import { readFileSync, existsSync } from "fs";
import { join } from "path";
import { formatProblem, ManifestProblem, validateManifest } from "../../../src/manifest/validate";
import { OPEN_PANE_COMMAND } from "../../../src/core/events";

const ROOT = join(__dirname, "../../..");
const GOOD = readFileSync(join(ROOT, "manifest.xml"), "utf8");
// The names src/events/index.ts registers with Office.actions.associate.
const ASSOCIATED = [
  ...readFileSync(join(ROOT, "src/events/index.ts"), "utf8").matchAll(/register\("(\w+)"/g),
].map((m) => m[1]);

function check(
  xml: string,
  overrides: { associated?: string[]; size?: number; assets?: Record<string, string> } = {}
): ManifestProblem[] {
  return validateManifest(xml, {
    readAsset: (url) => {
      const path = new URL(url).pathname.replace(/^\//, "");
      const mapped = overrides.assets?.[path] ?? path;
      const file = join(ROOT, mapped);
      return existsSync(file) ? readFileSync(file) : null;
    },
    associatedFunctions: overrides.associated ?? ASSOCIATED,
    sizeBytes: overrides.size ?? Buffer.byteLength(xml),
  });
}

/** Exactly one problem, about `element`, with a fix. */
function expectOne(problems: ManifestProblem[], element: string, text: RegExp) {
  expect(problems).toHaveLength(1);
  expect(problems[0].element).toBe(element);
  expect(problems[0].problem).toMatch(text);
  expect(problems[0].fix.length).toBeGreaterThan(5);
  expect(formatProblem("manifest.xml", problems[0])).toMatch(
    /^manifest\.xml(:\d+)? <.+>: .+\. Fix: .+\.$/
  );
}

describe("manifest checks", () => {
  it("pass on the project's manifest", () => {
    expect(check(GOOD).map((p) => formatProblem("manifest.xml", p))).toEqual([]);
  });

  it("the Smart Alert's commandId names a control in the manifest", () => {
    expect(GOOD).toContain(`<Control xsi:type="Button" id="${OPEN_PANE_COMMAND}">`);
  });

  it("refuses XML that is not well-formed, with the line", () => {
    const problems = check(GOOD.replace("</ProviderName>", "</Provider>"));
    expect(problems[0]).toMatchObject({ element: "XML", line: expect.any(Number) });
    expect(problems[0].problem).toMatch(/not well-formed/);
  });

  it("refuses elements out of schema order", () => {
    const support = GOOD.match(/ *<SupportUrl[^>]*\/>\n/)![0];
    const moved = GOOD.replace(support, "").replace(/( *<IconUrl)/, `${support}$1`);
    expectOne(check(moved), "<IconUrl>", /comes after <SupportUrl>/);
  });

  it("refuses a resid that is not defined, and one longer than 32 characters", () => {
    expectOne(
      check(
        GOOD.replace('<FunctionFile resid="Commands.Url"/>', '<FunctionFile resid="Command.Url"/>')
      ),
      "<FunctionFile>",
      /not defined/
    );
    const long = "Commands.Url.That.Is.Far.Too.Long.For.Outlook";
    const problems = check(GOOD.split("Commands.Url").join(long));
    expect(problems.map((p) => p.element)).toEqual(
      expect.arrayContaining(["<bt:Url>", "<FunctionFile>"])
    );
    expect(problems.every((p) => /at most 32/.test(p.problem))).toBe(true);
  });

  it("refuses http URLs and URLs on another origin not listed in AppDomains", () => {
    expectOne(
      check(GOOD.replace('SupportUrl DefaultValue="https://', 'SupportUrl DefaultValue="http://')),
      "<SupportUrl>",
      /not https/
    );
    const other = GOOD.replace(
      'SupportUrl DefaultValue="https://localhost:3000/support.html"',
      'SupportUrl DefaultValue="https://help.example.org/sendfrom"'
    );
    expectOne(check(other), "<SupportUrl>", /not on the add-in's origin/);
    expect(
      check(
        other.replace(
          "<AppDomain>https://localhost:3000</AppDomain>",
          "<AppDomain>https://localhost:3000</AppDomain><AppDomain>https://help.example.org</AppDomain>"
        )
      )
    ).toEqual([]);
  });

  it("refuses icons of the wrong size or missing", () => {
    expectOne(
      check(GOOD.replace("assets/icon-64.png", "assets/icon-32.png")),
      "<IconUrl>",
      /32×32; Outlook needs 64×64/
    );
    const problems = check(GOOD.split("assets/icon-80.png").join("assets/icon-81.png"));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.element === "<bt:Image>" && /not found/.test(p.problem))).toBe(
      true
    );
    expectOne(
      check(GOOD, { assets: { "assets/icon-128.png": "manifest.xml" } }),
      "<HighResolutionIconUrl>",
      /not a PNG/
    );
  });

  it("requires a SupportUrl", () => {
    expectOne(
      check(GOOD.replace(/ *<SupportUrl[^>]*\/>\n/, "")),
      "<SupportUrl>",
      /missing <SupportUrl>/
    );
  });

  it("refuses permissions broader than ReadWriteItem", () => {
    expectOne(
      check(
        GOOD.replace(
          "<Permissions>ReadWriteItem</Permissions>",
          "<Permissions>ReadWriteMailbox</Permissions>"
        )
      ),
      "<Permissions>",
      /more than Send From needs/
    );
  });

  it("requires SupportsSharedFolders in the 1.1 overrides, and only there", () => {
    expectOne(
      check(GOOD.replace("<SupportsSharedFolders>true</SupportsSharedFolders>", "")),
      "<SupportsSharedFolders>",
      /not true/
    );
  });

  it("requires every LaunchEvent FunctionName to be associated by the handler bundle", () => {
    expectOne(
      check(GOOD, { associated: ASSOCIATED.filter((n) => n !== "onMessageSendHandler") }),
      "<LaunchEvent>",
      /onMessageSendHandler.*not associated/
    );
  });

  it("refuses a manifest over 256 KB", () => {
    expectOne(check(GOOD, { size: 300 * 1024 }), "<OfficeApp>", /at most 256 KB/);
  });

  it("refuses texts longer than the schema allows, localized ones too", () => {
    const long = "x".repeat(130);
    // String.replace changes the first of the two (1.0 and 1.1 overrides each carry the label).
    expectOne(
      check(GOOD.replace('Value="Senden aus…"', `Value="${long}"`)),
      "<bt:Override>",
      /130 characters; at most 125/
    );
    expectOne(
      check(
        GOOD.replace(
          /<Override Locale="fr-fr" Value="[^"]*"\/>/,
          `<Override Locale="fr-fr" Value="${"y".repeat(260)}"/>`
        )
      ),
      "<Override>",
      /260 characters; at most 250/
    );
  });

  it("refuses bare language tags on overrides", () => {
    const withOverride = GOOD.replace(
      '<DisplayName DefaultValue="Send From (dev)"/>',
      '<DisplayName DefaultValue="Send From (dev)"><Override Locale="de" Value="Send From"/></DisplayName>'
    );
    expect(check(withOverride).map((p) => p.problem)).toEqual([
      expect.stringContaining('Locale "de" is not a full culture tag'),
    ]);
  });
});
