// Three projects: pure/unit code in Node, React components in jsdom, and browser tests that
// drive Debian's Chromium through playwright-core against the built add-in (run after `npm run build`).
const transform = {
  "^.+\\.tsx?$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }],
  // jose ships ES modules only, which Jest on Node 20 cannot require: compile them to CommonJS.
  "/node_modules/jose/.+\\.js$": [
    "babel-jest",
    { babelrc: false, configFile: false, plugins: ["@babel/plugin-transform-modules-commonjs"] },
  ],
};
const common = {
  transform,
  transformIgnorePatterns: ["/node_modules/(?!jose/)"],
  moduleNameMapper: {
    // office-addin-mock needs only the OfficeApp enum; the real module pulls ESM-only code Jest 30 on Node 20 cannot load.
    "^office-addin-manifest$": "<rootDir>/test/stubs/office-addin-manifest.js",
    "\\.css$": "<rootDir>/test/stubs/style.js",
  },
};

module.exports = {
  // No test may depend on machine speed: on a 2-core machine shared with builds, a test that takes
  // 1 s alone can take 10 s. Jest reads this from the top level only (not per project). Slow tests
  // (property tests, builds, child processes) carry their own, larger, timeouts.
  testTimeout: 60_000,
  // Jest's default is one worker fewer than the cores, and with one worker it runs every file in
  // Jest's own process, one after the other: on CI's 2-core machine, unit and components used one core
  // while the other idled. Two workers at least. The browser tests (`npm run test:browser`) run on two
  // workers too: each file starts its own servers on ports the system picks and its own Chromium,
  // and they mostly wait on the browser; layout is four files (one per language, and its checks).
  maxWorkers: Math.max(2, require("os").availableParallelism() - 1),
  projects: [
    {
      ...common,
      displayName: "unit",
      testEnvironment: "node",
      testMatch: ["<rootDir>/test/unit/**/*.test.ts"],
    },
    {
      ...common,
      displayName: "components",
      testEnvironment: "jsdom",
      testMatch: ["<rootDir>/test/components/**/*.test.tsx"],
      setupFiles: ["<rootDir>/test/components/setup.ts"],
    },
    {
      ...common,
      displayName: "browser",
      testEnvironment: "node",
      testMatch: ["<rootDir>/test/browser/**/*.test.ts"],
    },
  ],
};
