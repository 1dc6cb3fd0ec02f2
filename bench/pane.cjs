// The task pane's time to list (first mailbox on screen), in Chromium through playwright-core:
// - protected mode, a cached shard (the last good copy painted at once; the sign-in library and
//   B/me load after it), and first open with no cache (token from the simulated bridge, signed by
//   the local sign-in, then B/me from the directory service's real handler);
// - public mode (today's static users/<hash>.json), when dist/ was built with
//   SEND_FROM_DIRECTORY_ACCESS=public: the target is protected first open within 1.5x of it.
// Prints medians; asserts nothing. Needs `npm run build:playground`, `npm run build:admin` and
// `npx tsc -p tsconfig.tools.json` (npm start does the last two).
const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const PLAYGROUND = path.join(root, ".build", "playground");
const DIST = path.join(root, "dist");
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const CLIENT_ID = "00000000-0000-4000-8000-00000000f0ff";
const RUNS = Number(process.env.BENCH_RUNS || 7);
const TYPES = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
};

function need(file, how) {
  if (!fs.existsSync(file)) {
    console.log(`skipped: ${path.relative(root, file)} is missing (${how})`);
    process.exit(0);
  }
}

function staticServer(mounts, routes) {
  const server = http.createServer(async (req, res) => {
    const p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    for (const [prefix, handle] of routes)
      if (p.startsWith(prefix) && (await handle(req, res))) return;
    const prefix = Object.keys(mounts)
      .filter((m) => p.startsWith(m))
      .sort((a, b) => b.length - a.length)[0];
    const file = prefix !== undefined && path.join(mounts[prefix], p.slice(prefix.length));
    if (!file || !fs.existsSync(file) || fs.statSync(file).isDirectory())
      return void res.writeHead(404).end();
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)] || "application/octet-stream",
      "cache-control": "no-cache",
    });
    res.end(fs.readFileSync(file));
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r(server)));
}

async function main() {
  need(path.join(PLAYGROUND, "playground-taskpane.html"), "npm run build:playground");
  need(path.join(root, "lib", "service", "server.js"), "npm run build:admin");
  const tools = path.join(root, ".build", "tools", "dev", "sign-in", "local-sign-in.js");
  need(tools, "npx tsc -p tsconfig.tools.json");
  const { chromium } = require("playwright-core");
  const { createService, nodeListener } = require(path.join(root, "lib", "service", "server"));
  const { resolveSettings } = require(path.join(root, "lib", "service", "settings"));
  const { publishDirectory } = require(path.join(root, "lib", "admin", "publish"));
  const { shardFileName } = require(path.join(root, "lib", "core", "shard-name"));
  const { startLocalSignIn } = require(tools);

  // Alex of the sample tenant with 500 mailboxes.
  const user = "alex.wilber@northwind.example";
  const shard = {
    format: "send-from-directory/user",
    version: 1,
    generatedAt: "2026-11-20T06:00:00Z",
    user,
    mailboxes: Array.from({ length: 500 }, (_, i) => ({
      address: `shared${i}@northwind.example`,
      displayName: `Shared mailbox ${i}`,
      kind: "shared",
      rights: ["SendAs"],
      sentItemsCopy: { sendAs: false, sendOnBehalf: false },
    })),
  };
  const directory = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), "send-from-bench-pane-")),
    "directory"
  );
  await publishDirectory(
    directory,
    {
      indexText: `${JSON.stringify({ format: "send-from-directory", version: 1, generatedAt: shard.generatedAt, tenant: "northwind.example" })}\n`,
      shards: () => [
        {
          user,
          fileName: shardFileName(user),
          text: JSON.stringify(shard),
          objectId: "0a1b2c3d-0000-4000-8000-000000000001",
        },
      ],
    },
    false
  );
  const signIn = await startLocalSignIn({ directory, clientId: CLIENT_ID });
  const routes = [["/dev/sign-in/", (req, res) => signIn.handle(req, res)]];
  const server = await staticServer(
    { "/": PLAYGROUND, "/public/": DIST, "/public/directory/": directory },
    routes
  );
  const origin = `http://127.0.0.1:${server.address().port}`;
  const service = createService(
    resolveSettings(
      {
        directory,
        tenantId: signIn.tenantId,
        clientId: CLIENT_ID,
        origins: [origin],
        issuer: signIn.issuer,
        jwksUrl: signIn.jwksUrl,
      },
      (s) => s
    )
  );
  await service.store.check();
  const listener = nodeListener(service.handler);
  routes.push(["/directory/me", (req, res) => (listener(req, res), true)]);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  const officeSim = fs.readFileSync(path.join(PLAYGROUND, "office-sim.js"), "utf8");
  /** ms from navigation to the first mailbox on screen; `seed` runs once before, on a warm-up open. */
  async function timeToList(url, warm) {
    const context = await browser.newContext();
    await context.route("**/*", (route) =>
      route.request().url() === OFFICE_JS
        ? route.fulfill({ status: 200, contentType: "text/javascript", body: officeSim })
        : route.continue()
    );
    const page = await context.newPage();
    if (warm) {
      await page.goto(url);
      await page.locator('[role="option"]').first().waitFor({ timeout: 60_000 });
      await page.waitForTimeout(500); // the revalidation lands in the cache
    }
    const start = Date.now();
    await page.goto(url);
    await page.locator('[role="option"]').first().waitFor({ timeout: 60_000 });
    const ms = Date.now() - start;
    await context.close();
    return ms;
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  async function measure(label, url, warm) {
    const times = [];
    for (let i = 0; i < RUNS; i++) times.push(await timeToList(url, warm));
    console.log(`${label.padEnd(52)} median ${median([...times])} ms  (${times.join(", ")})`);
    return median(times);
  }

  const page = `${origin}/playground-taskpane.html`;
  await measure("protected, cached shard (time to list)", page, true);
  const first = await measure("protected, first open, no cache (token + B/me)", page, false);
  const distJs = fs.existsSync(DIST)
    ? fs.readdirSync(DIST).filter((f) => /^taskpane\..*\.js$/.test(f))
    : [];
  const isPublic = distJs.some((f) =>
    fs.readFileSync(path.join(DIST, f), "utf8").includes('directoryAccess:"public"')
  );
  if (isPublic) {
    const cached = await measure(
      "public (today), cached shard",
      `${origin}/public/taskpane.html`,
      true
    );
    const today = await measure(
      "public (today), first open, no cache",
      `${origin}/public/taskpane.html`,
      false
    );
    console.log(
      `protected first open / public first open: ${(first / today).toFixed(2)}x (target <= 1.5x); public cached ${cached} ms`
    );
  } else {
    console.log(
      "public baseline skipped: build dist/ with SEND_FROM_DIRECTORY_ACCESS=public to compare"
    );
  }
  await browser.close();
  server.close();
  service.store.stop();
  await signIn.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
