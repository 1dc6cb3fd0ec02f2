import * as path from "node:path";
import { app, HttpMethod, HttpRequest, HttpResponseInit } from "@azure/functions";
import { createService } from "./server";
import { resolveSettings, SettingName } from "./settings";

// The directory service as an Azure Functions app (Node, @azure/functions v4 programming model):
// the entry named by "main" in the app's package.json (src/service/azure-functions/). One HTTP
// function with a catch-all route hands every request to the same handler as `send-from-admin
// serve`. host.json sets routePrefix to "", so the paths are the service's own (GET /me, or under
// whatever base path a proxy or the admin adds). Settings are app settings (environment):
//   SEND_FROM_DIRECTORY   built directory; relative paths are relative to the app root (default "directory")
//   SEND_FROM_TENANT_ID   tenant id (GUID)          SEND_FROM_CLIENT_ID  the add-in's client id (GUID)
//   SEND_FROM_ORIGINS     add-in origins, separated by commas or spaces
//   SEND_FROM_ISSUER, SEND_FROM_JWKS_URL  optional overrides, as --issuer and --jwks-url
// Source: https://learn.microsoft.com/azure/azure-functions/functions-reference-node (v4 model).

const ENV: Record<SettingName, string> = {
  directory: "SEND_FROM_DIRECTORY",
  tenantId: "SEND_FROM_TENANT_ID",
  clientId: "SEND_FROM_CLIENT_ID",
  origins: "SEND_FROM_ORIGINS",
  issuer: "SEND_FROM_ISSUER",
  jwksUrl: "SEND_FROM_JWKS_URL",
};

/** lib/service/functions.js -> the app root (where host.json is). */
const APP_ROOT = path.resolve(__dirname, "..", "..");

const env = process.env;
const settings = resolveSettings(
  {
    directory: path.resolve(APP_ROOT, env.SEND_FROM_DIRECTORY || "directory"),
    tenantId: env.SEND_FROM_TENANT_ID,
    clientId: env.SEND_FROM_CLIENT_ID,
    origins: (env.SEND_FROM_ORIGINS ?? "").split(/[\s,]+/).filter((o) => o !== ""),
    issuer: env.SEND_FROM_ISSUER || undefined,
    jwksUrl: env.SEND_FROM_JWKS_URL || undefined,
  },
  (s) => ENV[s]
);

// Function logs go to Application Insights; the store logs loads and refused builds, never tokens.
const { store, handler } = createService(settings, {
  log: (level, message) =>
    (level === "error" ? console.error : console.info)(`send-from directory: ${message}`),
});
const firstLoad = store.check();
store.start();

const METHODS: HttpMethod[] = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];

app.http("directory", {
  route: "{*path}",
  methods: METHODS,
  // The service checks the Entra token itself; a function key would only get in the way of the add-in.
  authLevel: "anonymous",
  handler: async (request: HttpRequest): Promise<HttpResponseInit> => {
    await firstLoad;
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    const answer = await handler({
      method: request.method,
      url: url.pathname + url.search,
      headers,
    });
    return { status: answer.status, headers: answer.headers, body: answer.body ?? undefined };
  },
});
