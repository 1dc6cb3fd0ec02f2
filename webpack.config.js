// Builds the add-in into dist/ (or SEND_FROM_OUT). Settings are environment variables, read once
// in scripts/settings.cjs and documented in README "Configuration". Two compilations:
// - "pane": the task pane (React + Fluent) and, in development or with --env playground, the
//   playground pages;
// - "events": the launch-event handlers as ONE self-contained file (launchevent.js) for classic
//   Outlook on Windows' JavaScript-only runtime, plus commands.html for the browser runtimes.
const path = require("path");
const webpack = require("webpack");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const MiniCssExtractPlugin = require("mini-css-extract-plugin");
const { GriffelCSSExtractionPlugin } = require("@griffel/webpack-extraction-plugin");
const {
  readSettings,
  printAccessWarnings,
  contentSecurityPolicy,
  DEV_ORIGIN,
  OFFICE_JS_CDN,
} = require("./scripts/settings.cjs");
const { manifestForBuild, releaseProblem } = require("./scripts/manifest-build.cjs");

const EVENTS_FILE = "launchevent.js";

/** manifest.xml as written (the development add-in's; a build replaces its Id per environment). */
const MANIFEST_XML = require("fs").readFileSync(path.join(__dirname, "manifest.xml"), "utf8");

/** The <Id> of a manifest's OfficeApp. */
function manifestIdOf(xml) {
  const id = /<Id>\s*([^<\s]+)\s*<\/Id>/.exec(xml);
  if (!id) throw new Error("manifest.xml has no <Id>.");
  return id[1];
}

/** Emits a small generated file (well-known allow list). */
class EmitFilePlugin {
  constructor(name, content) {
    this.name = name;
    this.content = content;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("EmitFilePlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "EmitFilePlugin", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => compilation.emitAsset(this.name, new webpack.sources.RawSource(this.content))
      );
    });
  }
}

/** The manifest for this build: the environment's URLs, Id and name, the admin's send mode. */
function manifestFor(settings) {
  return (content) => manifestForBuild(content.toString(), settings, DEV_ORIGIN);
}

const tsRule = (compilerOptions = {}) => ({
  test: /\.tsx?$/,
  exclude: /node_modules/,
  use: [{ loader: "ts-loader", options: { transpileOnly: true, compilerOptions } }],
});

function paneConfig(mode, settings, outDir, serve) {
  const csp = contentSecurityPolicy(settings);
  const pages = [
    new HtmlWebpackPlugin({
      filename: "taskpane.html",
      template: "src/pages/taskpane.html",
      chunks: ["taskpane"],
      officeScript: OFFICE_JS_CDN,
      csp,
      // Readable output; a page this small gains nothing from minification.
      minify: false,
    }),
    // The Office dialog's sign-in page, where nested app authentication is unavailable.
    new HtmlWebpackPlugin({
      filename: "auth-dialog.html",
      template: "src/pages/auth-dialog.html",
      chunks: ["auth-dialog"],
      officeScript: OFFICE_JS_CDN,
      csp,
      minify: false,
    }),
  ];
  if (settings.playground) {
    // The same task pane, with the simulator standing in for office.js.
    pages.push(
      new HtmlWebpackPlugin({
        filename: "playground-taskpane.html",
        template: "src/pages/taskpane.html",
        chunks: ["taskpane"],
        officeScript: "office-sim.js",
        csp,
        minify: false,
      }),
      new HtmlWebpackPlugin({
        filename: "playground.html",
        template: "dev/playground/playground.html",
        chunks: ["playground"],
        csp,
      }),
      // A bare sign-in page for the browser tests of MSAL through the simulated bridge.
      new HtmlWebpackPlugin({
        filename: "auth-probe.html",
        template: "src/pages/taskpane.html",
        chunks: ["auth-probe"],
        officeScript: "office-sim.js",
        csp,
        minify: false,
      })
    );
  }
  const griffelTs = tsRule();
  griffelTs.use.unshift({ loader: "@griffel/webpack-loader" });
  return {
    name: "pane",
    mode,
    // No eval-based source maps: the pages' CSP forbids eval, in development too.
    devtool: mode === "development" ? "cheap-module-source-map" : "source-map",
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      "auth-dialog": "./src/taskpane/auth-dialog.ts",
      ...(settings.playground && {
        playground: "./dev/playground/index.tsx",
        "auth-probe": "./dev/playground/auth-probe.ts",
        "office-sim": { import: "./dev/playground/office-sim.ts", filename: "office-sim.js" },
      }),
    },
    output: {
      path: outDir,
      filename: "[name].[contenthash:8].js",
      chunkFilename: "[name].[contenthash:8].js",
      // Relative URLs: dist/ works from any folder of any static host.
      publicPath: "",
      // The events compilation writes into the same folder; its files are not stale.
      clean: { keep: /^(launchevent\.js|commands\.html|playground-commands\.html|\.well-known)/ },
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.(js|mjs|ts|tsx)$/,
          include: [
            path.resolve(__dirname, "src"),
            path.resolve(__dirname, "dev"),
            /[\\/]node_modules[\\/]@fluentui[\\/]/,
          ],
          use: { loader: GriffelCSSExtractionPlugin.loader },
        },
        griffelTs,
        { test: /\.css$/, use: [MiniCssExtractPlugin.loader, "css-loader"] },
      ],
    },
    plugins: [
      new webpack.DefinePlugin({
        __SEND_FROM_BUILD__: JSON.stringify({
          directoryUrl: settings.directoryUrl,
          directoryOrigins: settings.directoryOrigins,
          clientId: settings.clientId,
          directoryAccess: settings.directoryAccess,
          apiScope: settings.apiScope,
          authority: settings.authority,
          graphUrl: settings.graphUrl,
          // The <Id> the manifest of this build carries (manifest-build.cjs manifestForBuild):
          // Outlook names the add-in's custom properties by it (src/office/compose.ts).
          addinId: settings.manifestId || manifestIdOf(MANIFEST_XML),
        }),
      }),
      new MiniCssExtractPlugin({ filename: "[name].[contenthash:8].css", ignoreOrder: true }),
      new GriffelCSSExtractionPlugin(),
      ...pages,
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/pages/support.html", to: "support.html" },
          { from: "manifest.xml", to: "manifest.xml", transform: manifestFor(settings) },
        ],
      }),
    ],
    performance: { hints: false },
    // Keep the HTML pages as written (quoted attributes, readable CSP): webpack 5.11x minifies
    // HTML assets by default, and they are too small for it to matter.
    optimization: {
      minimizeOptions: { html: false },
      // MSAL, loaded on the first send: one named chunk, easy to recognise in the bundle report.
      splitChunks: {
        cacheGroups: { msal: { test: /[\\/]@azure[\\/]msal-/, name: "msal", chunks: "async" } },
      },
    },
    devServer: serve,
  };
}

function eventsConfig(mode, settings, outDir) {
  const csp = contentSecurityPolicy(settings);
  const pages = [
    new HtmlWebpackPlugin({
      filename: "commands.html",
      template: "src/pages/commands.html",
      officeScript: OFFICE_JS_CDN,
      csp,
      minify: false,
    }),
  ];
  if (settings.playground) {
    pages.push(
      new HtmlWebpackPlugin({
        filename: "playground-commands.html",
        template: "src/pages/commands.html",
        officeScript: "office-sim.js",
        csp,
        minify: false,
      })
    );
  }
  return {
    name: "events",
    dependencies: ["pane"],
    mode,
    devtool: false,
    // ES2017 and one file: the JavaScript-only runtime has no module loader.
    target: ["web", "es2017"],
    entry: { launchevent: "./src/events/index.ts" },
    output: { path: outDir, filename: EVENTS_FILE, publicPath: "", clean: false, iife: true },
    resolve: { extensions: [".ts", ".js"] },
    module: { rules: [tsRule({ target: "es2017" })] },
    optimization: {
      splitChunks: false,
      runtimeChunk: false,
      minimizeOptions: { html: false },
    },
    plugins: [
      new webpack.DefinePlugin({
        __SEND_FROM_EVENTS__: JSON.stringify({
          directoryUrl: settings.eventsDirectoryUrl,
          directoryAccess: settings.directoryAccess,
          failClosed: settings.failClosed,
        }),
      }),
      // Dynamic import() would need a chunk loader the JavaScript-only runtime lacks.
      new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
      ...pages,
      // Lets classic Outlook on Windows' JavaScript runtime fetch from this origin (CORS).
      new EmitFilePlugin(
        ".well-known/microsoft-officeaddins-allowed.json",
        `${JSON.stringify({ allowed: [`${settings.addinOrigin}/${EVENTS_FILE}`] }, null, 2)}\n`
      ),
    ],
    performance: { hints: false },
  };
}

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode || "production";
  const settings = readSettings(process.env, mode, { playground: !!env.playground });
  if (mode === "production") {
    const problem = releaseProblem(
      require("fs").readFileSync(path.join(__dirname, "manifest.xml"), "utf8")
    );
    if (problem) throw new Error(problem);
    // Loud, not fatal: public mode is an organisation's informed choice (README "Configuration").
    printAccessWarnings(settings);
  }
  const outDir = path.resolve(__dirname, settings.outDir);
  return [
    paneConfig(mode, settings, outDir, await devServerFor(env, settings)),
    eventsConfig(mode, settings, outDir),
  ];
};

async function devServerFor(env, settings) {
  if (!env.WEBPACK_SERVE) return undefined;
  const { devServer, httpsOptions } = require("./scripts/dev-server.cjs");
  const config = devServer(settings);
  config.server.options = await httpsOptions();
  return config;
}
