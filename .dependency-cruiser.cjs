// The layer rules of docs/architecture.md as code. `npm run check:layers` (part of `npm test`)
// fails on any import that runs against the arrows, any cycle, and any product import of the
// simulated Microsoft 365 (dev/) or of test code. The Office-global rule lives in
// eslint.config.mjs (no-restricted-globals), since imports cannot show a global.
//
// Arrows: taskpane, events, admin, service, manifest -> directory, graph, office -> core.
// admin -> service is the one arrow between entry layers: `send-from-admin serve` starts it.

/** Folders of src/ that are entry layers (each ships as its own bundle or command). */
const ENTRY = "(taskpane|events|admin|service|manifest|pages)";
/** Folders of src/ that serve the entry layers. */
const MIDDLE = "(directory|graph|office)";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "Dependencies point one way: a cycle means two modules cannot be read apart.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "product-not-simulator",
      comment:
        "src/ is what ships (dist/, lib/): it never imports the simulated Microsoft 365 (dev/), tests or benches.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(dev|test|bench|scripts)/" },
    },
    {
      name: "core-is-pure",
      comment:
        "core imports nothing of ours outside core, and no UI, Office or sign-in library: it is a function of its arguments.",
      severity: "error",
      from: { path: "^src/core/" },
      to: {
        pathNot: "^src/core/",
        path: "^(src/|node_modules/(react|react-dom|@fluentui|@azure|@types/office))",
      },
    },
    {
      name: "middle-layers-only-down",
      comment:
        "directory, graph and office depend on core only (and on npm packages), never on each other or on an entry layer: pass a function down instead.",
      severity: "error",
      from: { path: `^src/${MIDDLE}/` },
      to: { path: "^src/", pathNot: ["^src/core/", "^src/$1/"] },
    },
    {
      name: "entry-layers-apart",
      comment:
        "An entry layer (taskpane, events, admin, service, manifest) does not import another; admin may start the service.",
      severity: "error",
      from: { path: `^src/${ENTRY}/` },
      to: {
        path: `^src/${ENTRY}/`,
        pathNot: ["^src/$1/", "^src/service/"],
      },
    },
    {
      name: "service-only-from-admin",
      comment: "Only the admin CLI starts the directory service; nothing in the add-in imports it.",
      severity: "error",
      from: { path: "^src/(taskpane|events|manifest|pages)/" },
      to: { path: "^src/service/" },
    },
    {
      name: "admin-service-not-browser",
      comment:
        "The admin CLI and the directory service run in Node: they never pull in the pane's browser layers.",
      severity: "error",
      from: { path: "^src/(admin|service)/" },
      to: { path: "^src/(graph|office|taskpane|events)/" },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves to nothing is a typo or a missing package.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|lib|\\.build)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".cjs", ".mjs", ".json"],
    },
  },
};
