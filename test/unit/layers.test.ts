// The layer checks of `npm test` bite: a small tree that breaks each rule of
// .dependency-cruiser.cjs makes dependency-cruiser fail with that rule's name, and the Office
// global outside src/office makes ESLint fail. The real tree passing is `npm run check:layers`.
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join, resolve } from "path";

const ROOT = resolve(__dirname, "../..");
// Spawning a checker on a loaded 2-core machine can take a while; nothing here is timed.
jest.setTimeout(120_000);

function writeTree(dir: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

describe("dependency-cruiser layer rules", () => {
  let dir: string;
  let violations: Violation[];
  let errors: number;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "send-from-layers-"));
    writeTree(dir, {
      "tsconfig.json": JSON.stringify({
        compilerOptions: { module: "esnext", moduleResolution: "bundler", jsx: "react-jsx" },
      }),
      // core reaching up into the pane
      "src/core/model.ts": 'import { pane } from "../taskpane/pane";\nexport const model = pane;\n',
      "src/taskpane/pane.ts": "export const pane = 1;\n",
      // a middle layer importing a sibling middle layer
      "src/directory/client.ts":
        'import { ready } from "../office/ready";\nexport const c = ready;\n',
      "src/office/ready.ts": "export const ready = 1;\n",
      // product code importing the simulated world and a test
      "src/events/handlers.ts":
        'import { sim } from "../../dev/playground/sim";\nimport { fx } from "../../test/fx";\nexport const h = sim + fx;\n',
      "dev/playground/sim.ts": "export const sim = 1;\n",
      "test/fx.ts": "export const fx = 1;\n",
      // one entry layer importing another
      "src/admin/cli.ts": 'import { pane } from "../taskpane/pane";\nexport const cli = pane;\n',
      // a cycle inside graph
      "src/graph/http.ts":
        'import { claims } from "./claims";\nexport const http = () => claims;\n',
      "src/graph/claims.ts": 'import { http } from "./http";\nexport const claims = () => http;\n',
    });
    const run = spawnSync(
      process.execPath,
      [
        join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs"),
        "src",
        "dev",
        "test",
        "--config",
        join(ROOT, ".dependency-cruiser.cjs"),
        "--output-type",
        "json",
      ],
      { cwd: dir, encoding: "utf8" }
    );
    const summary = JSON.parse(run.stdout).summary;
    violations = summary.violations;
    errors = summary.error;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const broken = (rule: string) =>
    violations.filter((v) => v.rule.name === rule).map((v) => `${v.from} -> ${v.to}`);

  it("counts them as errors, which fail `npm run check:layers`", () => {
    expect(errors).toBe(violations.length);
    expect(errors).toBeGreaterThanOrEqual(6);
  });

  it("refuses core importing anything of ours outside core", () => {
    expect(broken("core-is-pure")).toContain("src/core/model.ts -> src/taskpane/pane.ts");
  });

  it("refuses directory, graph and office importing each other", () => {
    expect(broken("middle-layers-only-down")).toContain(
      "src/directory/client.ts -> src/office/ready.ts"
    );
  });

  it("refuses product code importing the simulator or tests", () => {
    expect(broken("product-not-simulator")).toEqual(
      expect.arrayContaining([
        "src/events/handlers.ts -> dev/playground/sim.ts",
        "src/events/handlers.ts -> test/fx.ts",
      ])
    );
  });

  it("refuses one entry layer importing another", () => {
    expect(broken("entry-layers-apart")).toContain("src/admin/cli.ts -> src/taskpane/pane.ts");
  });

  it("refuses import cycles", () => {
    expect(broken("no-cycles").length).toBeGreaterThan(0);
  });
});

describe("the Office global outside src/office", () => {
  function lint(filePath: string, text: string) {
    return spawnSync(
      process.execPath,
      [
        join(ROOT, "node_modules/eslint/bin/eslint.js"),
        "--stdin",
        "--stdin-filename",
        filePath,
        "--rule",
        '{"prettier/prettier": "off"}',
      ],
      { cwd: ROOT, input: text, encoding: "utf8" }
    );
  }
  const code = "export const language = () => Office.context.displayLanguage;\n";

  it("fails lint in the pane", () => {
    const run = lint("src/taskpane/language.ts", code);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain("Only src/office may use the Office global");
  });

  it("is allowed in src/office, and Office types are allowed anywhere", () => {
    expect(lint("src/office/language.ts", code).status).toBe(0);
    expect(
      lint("src/taskpane/host-type.ts", "export const host: Office.HostType | null = null;\n")
        .status
    ).toBe(0);
  });
});
