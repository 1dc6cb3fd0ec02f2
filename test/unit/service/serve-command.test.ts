// `send-from-admin serve`: its flags exactly as issue 10 names them, clear errors for bad values,
// and the running service over real HTTP on loopback.
import { generateKeyPairSync } from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import * as net from "node:net";
import * as path from "node:path";
import { main } from "../../../src/admin/cli";
import { serveCommand } from "../../../src/service/serve-command";
import { tempDir } from "../../fixtures/admin/tenant";
import {
  claims,
  CLIENT,
  KeyServer,
  oid,
  ORIGIN,
  publish,
  sign,
  SigningKey,
  signingKey,
  TENANT,
} from "./helpers";

jest.setTimeout(30_000);

const ALEX = {
  user: "alex@contoso.example",
  objectId: oid(1),
  mailboxes: ["support@contoso.example"],
};
let dir: string;
let keys: KeyServer;
let key: SigningKey;

beforeAll(async () => {
  dir = path.join(tempDir("send-from-serve-"), "directory");
  await publish(dir, "2026-11-01T06:00:00Z", [ALEX]);
  key = await signingKey("k");
  keys = await new KeyServer().start();
  keys.keys = [key.publicJwk];
});
afterAll(() => keys.close());

function capture() {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
    },
  };
}

const base = () => ["--directory", dir, "--tenant-id", TENANT, "--client-id", CLIENT];

test("send-from-admin lists serve, and serve --help shows every flag", async () => {
  const help = capture();
  expect(await main(["--help"], help.io)).toBe(0);
  expect(help.out.stdout).toMatch(/serve\s+Run the directory service/);
  const serve = capture();
  expect(await main(["serve", "--help"], serve.io)).toBe(0);
  for (const flag of [
    "--directory",
    "--tenant-id",
    "--client-id",
    "--port",
    "--origin",
    "--cert",
    "--key",
    "--issuer",
    "--jwks-url",
  ])
    expect(serve.out.stdout).toContain(flag);
});

test.each([
  [[], /--directory is required/],
  [["--directory", "x", "--client-id", CLIENT], /--tenant-id is required/],
  [["--directory", "x", "--tenant-id", TENANT], /--client-id is required/],
  [
    ["--directory", "x", "--tenant-id", "contoso.com", "--client-id", CLIENT],
    /--tenant-id must be a GUID/,
  ],
  [
    ["--directory", "x", "--tenant-id", TENANT, "--client-id", "{" + CLIENT + "}"],
    /--client-id must be a GUID/,
  ],
  [["--port", "http"], /--port must be a whole number from 0 to 65535/],
  [["--port", "70000"], /--port must be a whole number/],
  [["--port", "-1"], /--port/],
  [["--origin", "*"], /--origin must be an origin/],
  [
    ["--origin", "https://sendfrom.contoso.com/taskpane.html"],
    /--origin must be an origin.*no path/,
  ],
  [["--origin", "http://sendfrom.contoso.com"], /--origin must use https/],
  [["--origin", "null"], /--origin must be an origin/],
  [["--issuer", "not a url"], /--issuer must be a URL/],
  [["--jwks-url", "http://keys.example/keys"], /--jwks-url must be an https URL/],
  [["--cert", "cert.pem"], /--cert and --key go together/],
  [["--key", "key.pem"], /--cert and --key go together/],
  [
    ["--cert", "/nonexistent/cert.pem", "--key", "/nonexistent/key.pem"],
    /--cert: \/nonexistent\/cert.pem is not a readable file/,
  ],
  [["--tenant", "x"], /Unknown option '--tenant'/],
  [["extra"], /positional/],
])("usage error for %j", async (args, message) => {
  const argv = args.length === 0 || args[0] === "--directory" ? args : [...base(), ...args];
  const { io, out } = capture();
  expect(await main(["serve", ...(argv as string[])], io)).toBe(2);
  expect(out.stderr).toMatch(message);
  expect(out.stderr).toContain("Usage: send-from-admin serve");
});

test("a folder that is not a built directory is a usage error; one without object-ids.json cannot start", async () => {
  const missing = capture();
  expect(
    await main(
      ["serve", "--directory", "/nonexistent/dir", "--tenant-id", TENANT, "--client-id", CLIENT],
      missing.io
    )
  ).toBe(2);
  expect(missing.out.stderr).toMatch(/--directory: \/nonexistent\/dir is not a folder/);
  const old = path.join(tempDir("send-from-serve-old-"), "directory");
  await publish(old, "2026-11-01T06:00:00Z", [ALEX]);
  fs.rmSync(path.join(old, "object-ids.json"));
  const r = capture();
  expect(
    await main(
      ["serve", "--directory", old, "--tenant-id", TENANT, "--client-id", CLIENT, "--port", "0"],
      r.io
    )
  ).toBe(1);
  expect(r.out.stderr).toMatch(
    /object-ids\.json is missing: build the directory.*could not start/s
  );
});

test("serve runs the service over HTTP until stopped", async () => {
  const { io, out } = capture();
  let stop!: () => void;
  const until = new Promise<void>((r) => (stop = r));
  const running = serveCommand(
    [
      ...base(),
      "--port",
      "0",
      "--origin",
      ORIGIN,
      "--origin",
      "https://localhost:3000",
      "--jwks-url",
      keys.url,
    ],
    io,
    until
  );
  while (!/listening on/.test(out.stderr)) {
    if (/could not start/.test(out.stderr)) throw new Error(out.stderr);
    await new Promise((r) => setTimeout(r, 10));
  }
  const port = Number(/localhost:(\d+)/.exec(out.stderr)![1]);
  const url = `http://127.0.0.1:${port}`;
  try {
    const token = await sign(key, claims(ALEX.objectId));
    const ok = await fetch(`${url}/api/me`, {
      headers: { authorization: `Bearer ${token}`, origin: ORIGIN },
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe(
      fs.readFileSync(path.join(dir, "users", fs.readdirSync(path.join(dir, "users"))[0]), "utf8")
    );
    expect(ok.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(ok.headers.get("cache-control")).toBe("private, no-cache");
    const etag = ok.headers.get("etag")!;
    const again = await fetch(`${url}/api/me`, {
      headers: { authorization: `Bearer ${token}`, "if-none-match": etag },
    });
    expect(again.status).toBe(304);

    const none = await fetch(`${url}/me`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    // Larger than Node's 16 KB default header limit: still the service's 401, not 431.
    const huge = await fetch(`${url}/me`, {
      headers: { authorization: `Bearer ${"a".repeat(20_000)}.b.c` },
    });
    expect(huge.status).toBe(401);
    // Over the service's own 64 KB head limit: Node refuses it before the handler; the caller
    // still gets a 431 with the service's JSON error, not a bare status line.
    const tooLarge = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () =>
        socket.write(
          `GET /me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${"a".repeat(70_000)}\r\n\r\n`
        )
      );
      let answer = "";
      socket.on("data", (chunk) => (answer += chunk));
      socket.on("end", () => resolve(answer));
      socket.on("error", reject);
    });
    expect(tooLarge.split("\r\n")[0]).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    expect(tooLarge).toContain('{"error":{"code":"RequestHeaderFieldsTooLarge"}}');
    expect(ok.headers.get("strict-transport-security")).toBe("max-age=31536000");
    const preflight = await fetch(`${url}/me`, {
      method: "OPTIONS",
      headers: {
        origin: "https://localhost:3000",
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://localhost:3000");
    expect(
      (await fetch(`${url}/users/x.json`, { headers: { authorization: `Bearer ${token}` } })).status
    ).toBe(404);
    expect((await fetch(`${url}/me`, { method: "POST" })).status).toBe(405);
    // Two Authorization headers, each a valid token: ambiguous, refused (Node alone keeps the first).
    const twice = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () =>
        socket.write(
          `GET /me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
            `Authorization: Bearer ${token}\r\nConnection: close\r\n\r\n`
        )
      );
      let answer = "";
      socket.on("data", (chunk) => (answer += chunk));
      socket.on("end", () => resolve(answer.split("\r\n")[0]));
      socket.on("error", reject);
    });
    expect(twice).toBe("HTTP/1.1 401 Unauthorized");
  } finally {
    stop();
  }
  expect(await running).toBe(0);
  expect(out.stderr).toContain("stopped");
});

test("with --cert and --key it serves https", async () => {
  // A CA and a localhost certificate made for this test (office-addin-dev-certs, into a temp folder).

  const { generateCertificates } = require("office-addin-dev-certs/lib/generate");
  const certs = tempDir("send-from-serve-certs-");
  const [ca, cert, certKey] = ["ca.crt", "localhost.crt", "localhost.key"].map((f) =>
    path.join(certs, f)
  );
  jest.spyOn(console, "log").mockImplementation(() => undefined);
  await generateCertificates(ca, cert, certKey, 2);
  const { io, out } = capture();
  let stop!: () => void;
  const until = new Promise<void>((r) => (stop = r));
  const running = serveCommand(
    [...base(), "--port", "0", "--cert", cert, "--key", certKey, "--jwks-url", keys.url],
    io,
    until
  );
  while (!/listening on/.test(out.stderr)) {
    if (/could not start/.test(out.stderr)) throw new Error(out.stderr);
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(out.stderr).toMatch(/listening on https:\/\/localhost:\d+/);
  expect(out.stderr).toContain("on all interfaces");
  const port = Number(/localhost:(\d+)/.exec(out.stderr)![1]);
  const token = await sign(key, claims(ALEX.objectId));
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const req = https.get(
        {
          host: "localhost",
          port,
          path: "/me",
          ca: fs.readFileSync(ca),
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }
      );
      req.on("error", reject);
    });
    expect(status).toBe(200);
  } finally {
    stop();
  }
  expect(await running).toBe(0);

  // A file that is not what its flag needs is named before anything listens.
  const notPem = path.join(certs, "localhost.cer");
  fs.writeFileSync(notPem, Buffer.from([0x30, 0x82, 0x01, 0x0a]));
  const wrongKey = path.join(certs, "other.key");
  fs.writeFileSync(
    wrongKey,
    generateKeyPairSync("ec", { namedCurve: "P-256" })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString()
  );
  for (const [flags, said] of [
    [["--cert", notPem, "--key", certKey], `--cert ${notPem} is not a PEM certificate`],
    [["--cert", cert, "--key", cert], `--key ${cert} is not an unencrypted PEM private key`],
    [["--cert", cert, "--key", wrongKey], `--key ${wrongKey} does not belong to the certificate`],
  ] as const) {
    const bad = capture();
    expect(await serveCommand([...base(), "--port", "0", ...flags], bad.io)).toBe(1);
    expect(bad.out.stderr).toContain(`could not start: ${said}`);
    expect(bad.out.stderr).not.toContain("listening on");
  }
}, 120_000); // making the certificates takes seconds of pure-JS RSA
