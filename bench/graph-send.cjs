#!/usr/bin/env node
// Graph requests and bytes per send, and the memory the send takes, against the Graph emulator.
// Each send runs in its own process (the emulator in another), so the numbers are the send's
// alone: peak resident memory above the process's resident memory just before sending.
// Messages: a plain one, one with 3 inline images, one with a 25 MB attachment; both modes.
// Targets: a plain message in at most 3 requests once a token is cached; the 25 MB case streams
// (peak memory under 2x the attachment). Prints numbers only.
const path = require("path");
const { fork, spawnSync } = require("child_process");
const crypto = require("crypto");

const root = path.resolve(__dirname, "..");
const tools = path.join(root, ".build", "tools");
const ALEX = "alex.wilber@northwind.example";
const MB = 1024 * 1024;
const SUPPORT = {
  address: "support@northwind.example",
  displayName: "Customer Support",
  kind: "shared",
  rights: ["SendAs", "FullAccess"],
  sentItemsCopy: { sendAs: false, sendOnBehalf: false },
};

function child(role, args = []) {
  const proc = fork(__filename, [role, ...args], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    execArgv: ["--expose-gc"],
  });
  return { proc, message: new Promise((resolve) => proc.once("message", resolve)) };
}

async function runEmulator() {
  const { startGraphEmulator } = require(path.join(tools, "dev", "graph-emulator"));
  const people = require(path.join(root, "samples", "northwind", "people.json"));
  // Never outlive the bench, whatever happens to it.
  process.on("disconnect", () => process.exit(0));
  const emu = await startGraphEmulator(
    {
      users: [
        ...people.map((p) => ({ ...p, kind: "user" })),
        { address: SUPPORT.address, displayName: SUPPORT.displayName, kind: "shared" },
      ],
      permissions: [{ mailbox: SUPPORT.address, delegate: ALEX, rights: ["SendAs", "FullAccess"] }],
      maxMessageSizeBytes: 150 * MB,
      sendsPerMinute: 1000,
    },
    { port: 0 }
  );
  process.send(emu.url);
}

async function runSend(url, draftId, mode) {
  const { createSendService } = require(path.join(tools, "src", "graph", "index.js"));
  const { issueTestToken } = require(path.join(tools, "dev", "graph-emulator"));
  const token = issueTestToken({ preferred_username: ALEX });
  let requests = 0;
  let bytesOut = 0;
  let bytesIn = 0;
  const service = createSendService({
    graphUrl: `${url}/v1.0`,
    compose: { saveDraft: async () => draftId, close: async () => undefined },
    tokens: { getToken: async () => token },
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      bytesIn += Number(response.headers.get("content-length") || 0);
      return response;
    },
    onRequest: (_r, out) => {
      requests++;
      bytesOut += out;
    },
  });
  // Warm up: the first fetch loads Node's HTTP client, which is not the send's memory.
  await fetch(`${url}/_emulator/`).then((r) => r.text());
  global.gc?.();
  const before = process.memoryUsage().rss;
  const outcome = await service.send(SUPPORT, mode, () => undefined);
  const peak = process.resourceUsage().maxRSS * 1024 - before;
  process.send({
    requests,
    bytesOut,
    bytesIn,
    peak,
    ok: outcome.ok,
    error: outcome.ok ? null : outcome.error.code,
  });
}

async function main() {
  spawnSync(
    process.execPath,
    [
      path.join(root, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      path.join(root, "tsconfig.tools.json"),
    ],
    { stdio: "inherit" }
  );
  const emulator = child("--emulator");
  const url = await emulator.message;
  const png = (n) => ({
    "@odata.type": "#microsoft.graph.fileAttachment",
    name: `image${n}.png`,
    contentType: "image/png",
    contentBytes: crypto.randomBytes(60 * 1024).toString("base64"),
    isInline: true,
    contentId: `image${n}`,
  });
  const cases = [
    { name: "plain message", attachments: () => [], body: "<p>Hello</p>" },
    {
      name: "3 inline images",
      attachments: () => [png(1), png(2), png(3)],
      body: '<p><img src="cid:image1"><img src="cid:image2"><img src="cid:image3"></p>',
    },
    {
      name: "25 MB attachment",
      attachments: () => [
        {
          "@odata.type": "#microsoft.graph.fileAttachment",
          name: "video.mp4",
          contentType: "video/mp4",
          contentBytes: crypto.randomBytes(25 * MB).toString("base64"),
        },
      ],
      body: "<p>See attached</p>",
    },
  ];
  const size = (n) => (n >= 10240 ? `${(n / 1024).toFixed(0)} KB` : `${n} B`).padStart(10);
  console.log(
    "mode                      message             requests   bytes out    bytes in  peak memory"
  );
  const peaks = {};
  for (const mode of ["mine", "mailbox"]) {
    for (const c of cases) {
      const draft = await fetch(`${url}/_emulator/drafts`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          owner: ALEX,
          message: {
            subject: c.name,
            body: { contentType: "html", content: c.body },
            toRecipients: [{ emailAddress: { address: "megan.bowen@northwind.example" } }],
          },
          attachments: c.attachments(),
        }),
      }).then((r) => r.json());
      const run = child("--send", [url, draft.id, mode]);
      const r = await run.message;
      run.proc.kill();
      peaks[`${mode}:${c.name}`] = Math.max(0, r.peak);
      const label = mode === "mine" ? "Copy in my Sent Items" : "Copy in mailbox's";
      console.log(
        `${label.padEnd(25)} ${c.name.padEnd(18)} ${String(r.requests).padStart(8)} ${size(r.bytesOut)}  ${size(r.bytesIn)} ${((r.peak > 0 ? r.peak : 0) / MB).toFixed(1).padStart(7)} MB${r.ok ? "" : `  (failed: ${r.error})`}`
      );
    }
  }
  console.log(
    "peak memory: resident memory above the process's own just before the send; the plain message shows what loading the code costs."
  );
  const extra = (peaks["mailbox:25 MB attachment"] - peaks["mailbox:plain message"]) / MB;
  console.log(
    `the 25 MB attachment through the mailbox adds ${extra.toFixed(1)} MB over a plain message sent the same way`
  );
  console.log(
    "targets: a plain message in at most 3 requests with a cached token; the 25 MB case under 50 MB (2x the attachment)"
  );
  emulator.proc.kill();
}

const [role, ...args] = process.argv.slice(2);
if (role === "--emulator") runEmulator();
else if (role === "--send") runSend(...args);
else
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
