// Each manifest rule on its own: a manifest that breaks exactly that rule (and no other), and the
// project's manifest, which passes it. A new rule without a case here fails the coverage test.
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import {
  parseManifest,
  type ManifestContext,
  type ManifestModel,
} from "../../../src/manifest/model";
import { MANIFEST_RULES, manifestSize, type ManifestRule } from "../../../src/manifest/rules";
import { formatProblem } from "../../../src/manifest/validate";

const ROOT = join(__dirname, "../../..");
const GOOD = readFileSync(join(ROOT, "manifest.xml"), "utf8");
// The names src/events/index.ts registers with Office.actions.associate.
const ASSOCIATED = [
  ...readFileSync(join(ROOT, "src/events/index.ts"), "utf8").matchAll(/register\("(\w+)"/g),
].map((m) => m[1]);

function env(xml: string, overrides: Partial<ManifestContext> = {}): ManifestContext {
  return {
    readAsset: (url) => {
      const file = join(ROOT, new URL(url).pathname);
      return existsSync(file) ? readFileSync(file) : null;
    },
    associatedFunctions: ASSOCIATED,
    sizeBytes: Buffer.byteLength(xml),
    ...overrides,
  };
}

function model(xml: string, overrides: Partial<ManifestContext> = {}): ManifestModel {
  const parsed = parseManifest(xml, env(xml, overrides));
  if ("problems" in parsed) throw new Error(JSON.stringify(parsed.problems));
  return parsed.model;
}

/** Replaces exactly one occurrence, so a fixture never silently stops breaking anything. */
function replaceOnce(xml: string, from: string | RegExp, to: string): string {
  const count =
    typeof from === "string"
      ? xml.split(from).length - 1
      : (xml.match(new RegExp(from, "g")) ?? []).length;
  if (count < 1) throw new Error(`fixture: ${String(from)} not in manifest.xml`);
  return xml.replace(from, to);
}

interface Case {
  /** A manifest (and context) breaking only this rule. */
  broken: () => { xml: string; env?: Partial<ManifestContext> };
  element: string;
  problem: RegExp;
}

const supportLine = GOOD.match(/ *<SupportUrl[^>]*\/>\n/)![0];

const CASES: Record<string, Case> = {
  "mail-app-type": {
    broken: () => ({ xml: replaceOnce(GOOD, 'xsi:type="MailApp"', 'xsi:type="TaskPaneApp"') }),
    element: "<OfficeApp>",
    problem: /xsi:type is "TaskPaneApp", not MailApp/,
  },
  "element-order": {
    broken: () => ({
      xml: replaceOnce(GOOD.replace(supportLine, ""), /( *<IconUrl)/, `${supportLine}$1`),
    }),
    element: "<IconUrl>",
    problem: /comes after <SupportUrl>, but the schema requires it before/,
  },
  "required-elements": {
    broken: () => ({ xml: replaceOnce(GOOD, supportLine, "") }),
    element: "<SupportUrl>",
    problem: /is missing <SupportUrl>/,
  },
  "id-is-guid": {
    broken: () => ({ xml: replaceOnce(GOOD, /<Id>[^<]*<\/Id>/, "<Id>send-from-dev</Id>") }),
    element: "<Id>",
    problem: /"send-from-dev" is not a GUID/,
  },
  "version-format": {
    broken: () => ({
      xml: replaceOnce(GOOD, "<Version>1.0.0.0</Version>", "<Version>1.0.0.0.1</Version>"),
    }),
    element: "<Version>",
    problem: /"1\.0\.0\.0\.1" is not a version like 1\.0\.0\.0/,
  },
  "least-permission": {
    broken: () => ({
      xml: replaceOnce(GOOD, "<Permissions>ReadWriteItem<", "<Permissions>ReadWriteMailbox<"),
    }),
    element: "<Permissions>",
    problem: /asks for ReadWriteMailbox, more than Send From needs/,
  },
  "support-url-value": {
    broken: () => ({ xml: replaceOnce(GOOD, supportLine, '  <SupportUrl DefaultValue=""/>\n') }),
    element: "<SupportUrl>",
    problem: /has no DefaultValue/,
  },
  "resource-id-length": {
    // An extra, unreferenced string, so that no resid breaks with it.
    broken: () => ({
      xml: replaceOnce(
        GOOD,
        '<bt:String id="GroupLabel" DefaultValue="Send From"/>',
        '<bt:String id="GroupLabel" DefaultValue="Send From"/><bt:String id="Unused.String.With.A.Very.Long.Id" DefaultValue="x"/>'
      ),
    }),
    element: "<bt:String>",
    problem: /id "Unused\.String\.With\.A\.Very\.Long\.Id" is 33 characters; at most 32/,
  },
  "resid-resolves": {
    broken: () => ({
      xml: replaceOnce(
        GOOD,
        '<FunctionFile resid="Commands.Url"/>',
        '<FunctionFile resid="Command.Url"/>'
      ),
    }),
    element: "<FunctionFile>",
    problem: /resid "Command\.Url" is not defined in <Resources>/,
  },
  "app-domains-https": {
    broken: () => ({
      xml: replaceOnce(
        GOOD,
        "<AppDomain>https://localhost:3000<",
        "<AppDomain>http://localhost:3000<"
      ),
    }),
    element: "<AppDomain>",
    problem: /"http:\/\/localhost:3000" is not an https origin/,
  },
  "urls-https-one-origin": {
    broken: () => ({
      xml: replaceOnce(
        GOOD,
        'SupportUrl DefaultValue="https://',
        'SupportUrl DefaultValue="http://'
      ),
    }),
    element: "<SupportUrl>",
    problem: /"http:\/\/localhost:3000\/support\.html" is not https/,
  },
  "icon-files": {
    broken: () => ({
      xml: replaceOnce(
        GOOD,
        '<IconUrl DefaultValue="https://localhost:3000/assets/icon-64.png"',
        '<IconUrl DefaultValue="https://localhost:3000/assets/icon-32.png"'
      ),
    }),
    element: "<IconUrl>",
    problem: /the icon .*icon-32\.png is 32×32; Outlook needs 64×64/,
  },
  "icon-sizes-complete": {
    broken: () => ({
      xml: replaceOnce(GOOD, /\n *<bt:Image size="80" resid="Icon\.80x80"\/>/, ""),
    }),
    element: "<Icon>",
    problem: /has no 80px image/,
  },
  "shared-folders-supported": {
    broken: () => ({
      xml: replaceOnce(GOOD, "<SupportsSharedFolders>true<", "<SupportsSharedFolders>false<"),
    }),
    element: "<SupportsSharedFolders>",
    problem: /SupportsSharedFolders is not true/,
  },
  "shared-folders-placement": {
    // The first DesktopFormFactor is the 1.0 one, whose schema has no SupportsSharedFolders.
    broken: () => ({
      xml: replaceOnce(
        GOOD,
        /(<DesktopFormFactor>)(\s*<ExtensionPoint)/,
        "$1<SupportsSharedFolders>true</SupportsSharedFolders>$2"
      ),
    }),
    element: "<SupportsSharedFolders>",
    problem: /is only valid in VersionOverridesV1_1/,
  },
  "launch-events-associated": {
    broken: () => ({
      xml: GOOD,
      env: { associatedFunctions: ASSOCIATED.filter((n) => n !== "onMessageSendHandler") },
    }),
    element: "<LaunchEvent>",
    problem: /FunctionName "onMessageSendHandler" is not associated in the handler bundle/,
  },
  "launch-event-send-mode": {
    broken: () => ({ xml: replaceOnce(GOOD, 'SendMode="SoftBlock"', 'SendMode="Never"') }),
    element: "<LaunchEvent>",
    problem: /SendMode "Never" is not PromptUser, SoftBlock or Block/,
  },
  "text-lengths": {
    broken: () => ({
      xml: replaceOnce(
        GOOD,
        'DisplayName DefaultValue="Send From (dev)"',
        `DisplayName DefaultValue="${"x".repeat(126)}"`
      ),
    }),
    element: "<DisplayName>",
    problem: /is 126 characters; at most 125 are allowed/,
  },
  "resource-string-lengths": {
    broken: () => ({ xml: replaceOnce(GOOD, 'Value="Senden aus…"', `Value="${"x".repeat(126)}"`) }),
    element: "<bt:Override>",
    problem: /is 126 characters; at most 125 are allowed in <bt:ShortStrings>/,
  },
  "override-locales": {
    broken: () => ({
      xml: replaceOnce(
        GOOD,
        '<bt:Override Locale="de-de" Value="Senden aus…"/>',
        '<bt:Override Locale="de" Value="Senden aus…"/>'
      ),
    }),
    element: "<bt:Override>",
    problem: /Locale "de" is not a full culture tag/,
  },
};

describe("manifest rules", () => {
  it("every rule has a name of its own and a case here", () => {
    const names = MANIFEST_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(CASES).sort()).toEqual([...names].sort());
  });

  describe.each(MANIFEST_RULES.map((rule) => [rule.name, rule] as const))(
    "%s",
    (_, rule: ManifestRule) => {
      const c = CASES[rule.name];

      it("passes on the project's manifest", () => {
        expect(rule.check(model(GOOD))).toEqual([]);
      });

      it("reports the broken fixture, and no other rule does", () => {
        const { xml, env: overrides } = c.broken();
        const m = model(xml, overrides);
        const problems = rule.check(m);
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatchObject({ element: c.element, line: expect.any(Number) });
        expect(problems[0].problem).toMatch(c.problem);
        expect(formatProblem("manifest.xml", problems[0])).toMatch(
          /^manifest\.xml:\d+ <.+>: .+\. Fix: .+\.$/
        );
        const others = MANIFEST_RULES.filter((r) => r !== rule).flatMap((r) =>
          r.check(m).map((p) => `${r.name}: ${p.problem}`)
        );
        expect(others).toEqual([]);
      });
    }
  );

  describe("manifest-size (checked before parsing)", () => {
    it("passes at 256 KB", () => {
      expect(manifestSize.check(env(GOOD, { sizeBytes: 256 * 1024 }))).toEqual([]);
    });
    it("reports a manifest over 256 KB, in KB", () => {
      expect(manifestSize.check(env(GOOD, { sizeBytes: 256 * 1024 + 1 }))).toEqual([
        expect.objectContaining({
          element: "<OfficeApp>",
          problem: expect.stringMatching(/257 KB; Outlook accepts at most 256 KB/),
        }),
      ]);
    });
  });
});

describe("the parsed manifest", () => {
  it("knows the closest VersionOverrides of nested elements, so each check sees each element once", () => {
    const m = model(GOOD);
    const [v10, v11] = m.named("VersionOverrides");
    const icons = m.named("Icon");
    expect(icons.map((i) => m.overridesOf(i))).toEqual([v10, v11]);
    expect(m.descendantsOf(v10)).toContain(icons[1]);
    expect(m.descendantsOf(v11)).not.toContain(icons[0]);
  });

  it("reports an image that does not exist once per size, not once per control using it", () => {
    const xml = GOOD.split("assets/icon-80.png").join("assets/icon-81.png");
    const rule = MANIFEST_RULES.find((r) => r.name === "icon-files")!;
    // One bt:Image resource per VersionOverrides; each is used by that VersionOverrides' button.
    const lines = rule.check(model(xml)).map((p) => p.line);
    expect(lines).toHaveLength(2);
    expect(new Set(lines).size).toBe(2);
  });
});
