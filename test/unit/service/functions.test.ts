// The Azure Functions app (@azure/functions v4 programming model): the same handler as the Node
// server behind one catch-all HTTP function, configured by app settings.
import * as fs from "node:fs";
import * as path from "node:path";
import type {
  HttpHandler,
  HttpFunctionOptions,
  HttpRequest,
  HttpResponseInit,
} from "@azure/functions";
import { tempDir } from "../../fixtures/admin/tenant";
import {
  claims,
  CLIENT,
  KeyServer,
  oid,
  ORIGIN,
  publish,
  sign,
  signingKey,
  TENANT,
} from "./helpers";

jest.setTimeout(30_000);

const registered: { name: string; options: HttpFunctionOptions }[] = [];
jest.mock("@azure/functions", () => ({
  app: { http: (name: string, options: HttpFunctionOptions) => registered.push({ name, options }) },
}));

const root = path.join(__dirname, "../../..");
const ALEX = {
  user: "alex@contoso.example",
  objectId: oid(1),
  mailboxes: ["support@contoso.example"],
};
const saved = { ...process.env };
let keys: KeyServer;

afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...saved };
  registered.length = 0;
});
afterAll(() => keys?.close());

function load(env: Record<string, string>): void {
  Object.assign(process.env, env);
  jest.spyOn(console, "info").mockImplementation(() => undefined);
  jest.isolateModules(() => {
    require("../../../src/service/functions");
  });
}

function request(url: string, headers: Record<string, string>, method = "GET"): HttpRequest {
  return { method, url, headers: new Headers(headers) } as unknown as HttpRequest;
}

test("the app registers one anonymous catch-all HTTP function that answers GET /me", async () => {
  const dir = path.join(tempDir("send-from-functions-"), "directory");
  await publish(dir, "2026-11-01T06:00:00Z", [ALEX]);
  const key = await signingKey("k");
  keys = await new KeyServer().start();
  keys.keys = [key.publicJwk];
  load({
    SEND_FROM_DIRECTORY: dir,
    SEND_FROM_TENANT_ID: TENANT,
    SEND_FROM_CLIENT_ID: CLIENT,
    SEND_FROM_ORIGINS: `${ORIGIN}, https://localhost:3000`,
    SEND_FROM_JWKS_URL: keys.url,
  });
  expect(registered).toHaveLength(1);
  const { options } = registered[0];
  expect(options.route).toBe("{*path}");
  expect(options.authLevel).toBe("anonymous");
  expect(options.methods).toEqual(expect.arrayContaining(["GET", "HEAD", "OPTIONS", "POST"]));
  const handler = options.handler as HttpHandler;
  const call = (r: HttpRequest) => handler(r, {} as never) as Promise<HttpResponseInit>;

  const token = await sign(key, claims(ALEX.objectId));
  const ok = await call(
    request("https://sendfrom-dir.azurewebsites.net/api/me?x=1", {
      Authorization: `Bearer ${token}`,
      Origin: ORIGIN,
    })
  );
  expect(ok.status).toBe(200);
  expect(Buffer.from(ok.body as Uint8Array).toString()).toContain('"user":"alex@contoso.example"');
  expect((ok.headers as Record<string, string>)["Access-Control-Allow-Origin"]).toBe(ORIGIN);
  expect((ok.headers as Record<string, string>)["Cache-Control"]).toBe("private, no-cache");

  const unauthorised = await call(request("https://sendfrom-dir.azurewebsites.net/me", {}));
  expect(unauthorised.status).toBe(401);
  expect((unauthorised.headers as Record<string, string>)["WWW-Authenticate"]).toBe(
    'Bearer error="invalid_token"'
  );
  const preflight = await call(
    request("https://x/me", { Origin: "https://localhost:3000" }, "OPTIONS")
  );
  expect(preflight.status).toBe(204);
  expect(preflight.body).toBeUndefined();
  expect(
    (await call(request("https://x/users/abc.json", { Authorization: `Bearer ${token}` }))).status
  ).toBe(404);
});

test("a missing or malformed app setting stops the app with the setting's name", () => {
  expect(() => load({ SEND_FROM_DIRECTORY: "d", SEND_FROM_CLIENT_ID: CLIENT })).toThrow(
    "SEND_FROM_TENANT_ID is required"
  );
  expect(() =>
    load({ SEND_FROM_TENANT_ID: TENANT, SEND_FROM_CLIENT_ID: CLIENT, SEND_FROM_ORIGINS: "*" })
  ).toThrow(/SEND_FROM_ORIGINS must be an origin/);
});

test("the deployable layout: host.json without a route prefix, package.json main is the compiled entry", () => {
  const template = path.join(root, "src/service/azure-functions");
  const host = JSON.parse(fs.readFileSync(path.join(template, "host.json"), "utf8"));
  expect(host.version).toBe("2.0");
  expect(host.extensions.http.routePrefix).toBe("");
  const pkg = JSON.parse(fs.readFileSync(path.join(template, "package.json"), "utf8"));
  expect(pkg.main).toBe("lib/service/functions.js");
  // tsconfig.admin.json compiles src/ into lib/ with the same layout.
  const tsconfig = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.admin.json"), "utf8"));
  expect(tsconfig.compilerOptions).toMatchObject({ rootDir: "src", outDir: "lib" });
  expect(tsconfig.include).toContain("src/service");
  expect(fs.existsSync(path.join(root, "src/service/functions.ts"))).toBe(true);
  const own = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  for (const dep of Object.keys(pkg.dependencies)) expect(own.dependencies[dep]).toBeDefined();
});
