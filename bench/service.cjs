#!/usr/bin/env node
// Directory service benchmark (issue 10): `send-from-admin serve` on loopback with a synthetic
// 100,000-user directory, GET /me with valid tokens of many users at 50 connections (autocannon).
// Prints requests/s, p50/p99 latency and the server's memory; targets (>= 3,000 req/s, p99 < 20 ms)
// are printed as met or missed, never asserted.
//   node bench/service.cjs [--users N] [--seconds N] [--connections N] [--keep]
const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");
const { spawn, spawnSync } = require("child_process");
const autocannon = require("autocannon");
// jose is ES modules only; Node >= 20.19 requires it as CommonJS.
const { exportJWK, generateKeyPair, SignJWT } = require("jose");

const root = path.join(__dirname, "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const USERS = arg("--users", 100000);
const SECONDS = arg("--seconds", 10);
const CONNECTIONS = arg("--connections", 50);
const TOKENS = 2000;
const TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
const CLIENT = "c0ffee00-1234-4abc-8def-0123456789ab";
const GENERATED = "2026-11-01T06:00:00Z";

// The benchmark measures the compiled CLI; compile it when lib/ is missing.
if (!fs.existsSync(path.join(root, "lib", "service", "server.js"))) {
  const tsc = spawnSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.admin.json"],
    {
      cwd: root,
      stdio: "inherit",
    }
  );
  if (tsc.status !== 0) process.exit(1);
}
const { publishDirectory } = require(path.join(root, "lib", "admin", "publish.js"));
const { shardFileName } = require(path.join(root, "lib", "core", "shard-name.js"));

const oid = (n) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const user = (n) => `user${n}@contoso.example`;

/** A synthetic build: every user has 1-5 mailboxes, about 600 bytes of shard on average. */
function syntheticBuild() {
  return {
    indexText: `${JSON.stringify({ format: "send-from-directory", version: 1, generatedAt: GENERATED, tenant: "contoso.example" })}\n`,
    *shards() {
      for (let n = 1; n <= USERS; n++) {
        const mailboxes = [];
        for (let m = 0; m < 1 + (n % 5); m++) {
          const address = `shared${(n * 7 + m) % 5000}@contoso.example`;
          mailboxes.push({
            address,
            displayName: `Shared mailbox ${(n * 7 + m) % 5000}`,
            kind: "shared",
            rights: m % 2 ? ["SendAs", "FullAccess"] : ["SendOnBehalf"],
            sentItemsCopy: { sendAs: true, sendOnBehalf: false },
          });
        }
        const text = `${JSON.stringify({ format: "send-from-directory/user", version: 1, generatedAt: GENERATED, user: user(n), mailboxes })}\n`;
        yield { user: user(n), fileName: shardFileName(user(n)), text, objectId: oid(n) };
      }
    },
  };
}

function rssOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)[1]);
    return { rssMB: kb("VmRSS") / 1024, peakMB: kb("VmHWM") / 1024 };
  } catch {
    return null; // not Linux
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "send-from-service-bench-"));
  const dir = path.join(work, "directory");
  let server = null;
  let bare = null;
  let keys = null;
  try {
    let t = Date.now();
    await publishDirectory(dir, syntheticBuild());
    console.log(
      `directory: ${USERS.toLocaleString("en-US")} users written in ${((Date.now() - t) / 1000).toFixed(1)} s`
    );
    console.log(`machine: ${os.cpus().length} CPU(s), Node ${process.version}`);

    // The tenant's keys on loopback, as https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys.
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "bench", use: "sig", alg: "RS256" };
    let keyFetches = 0;
    keys = http.createServer((req, res) => {
      keyFetches++;
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise((r) => keys.listen(0, "127.0.0.1", r));
    const jwksUrl = `http://127.0.0.1:${keys.address().port}/keys`;

    t = Date.now();
    server = spawn(
      process.execPath,
      [
        path.join(root, "bin", "send-from-admin.js"),
        "serve",
        "--directory",
        dir,
        "--tenant-id",
        TENANT,
        "--client-id",
        CLIENT,
        "--port",
        "0",
        "--jwks-url",
        jwksUrl,
      ],
      { stdio: ["ignore", "ignore", "pipe"] }
    );
    let log = "";
    const port = await new Promise((resolve, reject) => {
      server.stderr.on("data", (chunk) => {
        log += chunk;
        const m = /listening on http:\/\/localhost:(\d+)/.exec(log);
        if (m) resolve(Number(m[1]));
      });
      server.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${log}`)));
    });
    const loadMs = Date.now() - t;
    const loaded = rssOf(server.pid);

    const now = Math.floor(Date.now() / 1000);
    const tokens = [];
    for (let i = 0; i < TOKENS; i++) {
      const n = 1 + Math.floor((i * USERS) / TOKENS);
      tokens.push(
        await new SignJWT({
          aud: CLIENT,
          iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
          tid: TENANT,
          oid: oid(n),
          scp: "access_as_user",
          ver: "2.0",
        })
          .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "bench" })
          .setIssuedAt(now)
          .setNotBefore(now)
          .setExpirationTime(now + 3600)
          .sign(privateKey)
      );
    }
    let next = 0;
    const load = (url) =>
      autocannon({
        url,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: [
          {
            method: "GET",
            setupRequest: (req) => ({
              ...req,
              headers: { ...req.headers, authorization: `Bearer ${tokens[next++ % TOKENS]}` },
            }),
          },
        ],
      });
    // First use of each token: the signature is checked (RSA) once per token, then remembered.
    const cold = await autocannon({
      url: `http://127.0.0.1:${port}/me`,
      connections: CONNECTIONS,
      amount: TOKENS,
      requests: [
        {
          method: "GET",
          setupRequest: (req) => ({
            ...req,
            headers: { ...req.headers, authorization: `Bearer ${tokens[next++ % TOKENS]}` },
          }),
        },
      ],
    });
    // Then the steady state: each user's Outlook reuses its token for up to an hour.
    const result = await load(`http://127.0.0.1:${port}/me`);
    const after = rssOf(server.pid);
    // The same load on a bare Node http server answering a fixed shard: what this machine allows
    // right now (it is shared), so the service's numbers can be read against it.
    bare = spawn(
      process.execPath,
      [
        "-e",
        `const body = Buffer.from(${JSON.stringify(JSON.stringify({ user: "x", mailboxes: "y".repeat(560) }))});
         require("http").createServer((q, r) => { r.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "private, no-cache", ETag: '"x"' }); r.end(body); })
           .listen(0, "127.0.0.1", function () { console.log(this.address().port); });`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] }
    );
    const barePort = await new Promise((resolve) =>
      bare.stdout.once("data", (d) => resolve(Number(String(d).trim())))
    );
    const baseline = await load(`http://127.0.0.1:${barePort}/me`);
    const ok = result["2xx"];
    const rps = result.requests.average;
    const p99 = result.latency.p99;
    console.log(
      `serve      : started in ${(loadMs / 1000).toFixed(1)} s (directory read and checked)` +
        (loaded ? `, RSS ${loaded.rssMB.toFixed(0)} MB after loading` : "")
    );
    console.log(
      `first use  : ${TOKENS} new tokens in ${cold.duration.toFixed(1)} s, ${(TOKENS / cold.duration).toFixed(0)} requests/s, ` +
        `latency p50 ${cold.latency.p50} ms, p99 ${cold.latency.p99} ms (${cold["2xx"]} 2xx)`
    );
    console.log(
      `GET /me    : ${rps.toFixed(0)} requests/s (mean over ${SECONDS} s, ${CONNECTIONS} connections, ${TOKENS} users' tokens), ` +
        `latency p50 ${result.latency.p50} ms, p99 ${p99} ms, max ${result.latency.max} ms`
    );
    console.log(
      `responses  : ${ok.toLocaleString("en-US")} 2xx, ${result.non2xx} other, ${result.errors} errors, ${result.timeouts} timeouts; key set fetched ${keyFetches} time(s)`
    );
    if (after)
      console.log(
        `memory     : server RSS ${after.rssMB.toFixed(0)} MB at the end, peak ${after.peakMB.toFixed(0)} MB`
      );
    console.log(
      `baseline   : a bare Node http server under the same load now: ${baseline.requests.average.toFixed(0)} requests/s, ` +
        `p50 ${baseline.latency.p50} ms, p99 ${baseline.latency.p99} ms (the service reaches ${((100 * rps) / baseline.requests.average).toFixed(0)}% of it); load average ${os.loadavg()[0].toFixed(1)}`
    );
    console.log(
      `targets    : >= 3,000 req/s ${rps >= 3000 ? "met" : "MISSED"}, p99 < 20 ms ${p99 < 20 ? "met" : "MISSED"}`
    );
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    }
    if (bare) bare.kill();
    if (keys) keys.close();
    if (process.argv.includes("--keep")) console.log(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
