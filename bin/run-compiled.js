// Runs a command compiled from TypeScript into lib/ (by `npm run build:admin`, which `npm ci` and
// `npm install` run through the prepare script): its main(argv) resolves to the exit code.
const path = require("path");
const fs = require("fs");

module.exports = function runCompiled(relativeEntry, what) {
  const entry = path.join(__dirname, "..", "lib", relativeEntry);
  if (!fs.existsSync(entry)) {
    console.error(
      `${what} is not built yet. Run \`npm run build:admin\` in the send-from folder, then try again.`
    );
    process.exit(2);
  }
  require(entry)
    .main(process.argv.slice(2))
    .then(
      (code) => process.exit(code),
      (err) => {
        console.error(err && err.stack ? err.stack : String(err));
        process.exit(2);
      }
    );
};
