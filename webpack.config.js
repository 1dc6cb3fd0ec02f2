// Builds the add-in into dist/ (or SEND_FROM_OUT). Settings are environment variables, read once
// here and documented in README "Configuration".
const path = require("path");
const webpack = require("webpack");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const MiniCssExtractPlugin = require("mini-css-extract-plugin");
const { GriffelCSSExtractionPlugin } = require("@griffel/webpack-extraction-plugin");
const {
  readSettings,
  contentSecurityPolicy,
  DEV_ORIGIN,
  OFFICE_JS_CDN,
} = require("./scripts/settings.cjs");

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode || "production";
  const settings = readSettings(process.env, mode, { playground: !!env.playground });
  const playground = settings.playground;
  const outDir = path.resolve(__dirname, settings.outDir);

  const pages = [
    new HtmlWebpackPlugin({
      filename: "taskpane.html",
      template: "src/pages/taskpane.html",
      chunks: ["taskpane"],
      officeScript: OFFICE_JS_CDN,
      csp: contentSecurityPolicy(settings),
      // Readable output; a page this small gains nothing from minification.
      minify: false,
    }),
  ];
  if (playground) {
    // The same task pane, with the simulator standing in for office.js.
    pages.push(
      new HtmlWebpackPlugin({
        filename: "playground-taskpane.html",
        template: "src/pages/taskpane.html",
        chunks: ["taskpane"],
        officeScript: "office-sim.js",
        csp: contentSecurityPolicy(settings),
        minify: false,
      }),
      new HtmlWebpackPlugin({
        filename: "playground.html",
        template: "src/playground/playground.html",
        chunks: ["playground"],
        csp: contentSecurityPolicy(settings),
      })
    );
  }

  return {
    mode,
    // No eval-based source maps: the pages' CSP forbids eval, in development too.
    devtool: mode === "development" ? "cheap-module-source-map" : "source-map",
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      ...(playground && { playground: "./src/playground/index.tsx" }),
      ...(playground && {
        "office-sim": { import: "./src/playground/office-sim.ts", filename: "office-sim.js" },
      }),
    },
    output: {
      path: outDir,
      filename: "[name].[contenthash:8].js",
      chunkFilename: "[name].[contenthash:8].js",
      // Relative URLs: dist/ works from any folder of any static host.
      publicPath: "",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.(js|mjs|ts|tsx)$/,
          include: [path.resolve(__dirname, "src"), /[\\/]node_modules[\\/]@fluentui[\\/]/],
          use: { loader: GriffelCSSExtractionPlugin.loader },
        },
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: [
            { loader: "@griffel/webpack-loader" },
            { loader: "ts-loader", options: { transpileOnly: true } },
          ],
        },
        { test: /\.css$/, use: [MiniCssExtractPlugin.loader, "css-loader"] },
      ],
    },
    plugins: [
      new webpack.DefinePlugin({
        __SEND_FROM_BUILD__: JSON.stringify({
          directoryUrl: settings.directoryUrl,
          directoryOrigins: settings.directoryOrigins,
        }),
      }),
      new MiniCssExtractPlugin({ filename: "[name].[contenthash:8].css", ignoreOrder: true }),
      new GriffelCSSExtractionPlugin(),
      ...pages,
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/pages/support.html", to: "support.html" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => content.toString().split(DEV_ORIGIN).join(settings.addinOrigin),
          },
        ],
      }),
    ],
    performance: { hints: false },
    // Keep the HTML pages as written (quoted attributes, readable CSP): webpack 5.11x minifies
    // HTML assets by default, and they are too small for it to matter.
    optimization: { minimizeOptions: { html: false } },
    devServer: await devServerFor(env, settings),
  };
};

async function devServerFor(env, settings) {
  if (!env.WEBPACK_SERVE) return undefined;
  const { devServer, httpsOptions } = require("./scripts/dev-server.cjs");
  const config = devServer(settings);
  config.server.options = await httpsOptions();
  return config;
}
