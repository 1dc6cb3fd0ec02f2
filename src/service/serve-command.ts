import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { OBJECT_IDS_FILE } from "../core/object-ids";
import { readTls, RunningService, startService } from "./server";
import { resolveSettings, SettingName, SettingsError } from "./settings";

// `send-from-admin serve`: the directory service on plain Node (src/admin/cli.ts dispatches here).

export const SERVE_USAGE = `Usage: send-from-admin serve --directory <built directory> --tenant-id <guid> --client-id <guid>
                             [--port <n>] [--origin <add-in origin>]... [--cert <pem> --key <pem>]
                             [--issuer <url>] [--jwks-url <url>]

Serves GET <base>/me: the caller's own shard, chosen by the oid of their Microsoft Entra token.
The service answers under any base path ending in /me (/me, /api/me, /send-from/me, ...).

  --directory <folder>   the folder send-from-admin build wrote (kept private: not in the web root);
                         a newly published build is picked up within 5 seconds
  --tenant-id <guid>     your Entra tenant id; tokens of other tenants get 403
  --client-id <guid>     the add-in's Entra app (client) id: the token audience
  --port <n>             port to listen on (default: $PORT, else 8080; 0 picks a free one)
  --origin <origin>      the add-in's origin, e.g. https://sendfrom.contoso.com, allowed by CORS;
                         repeat for several (exact match, never *)
  --cert <pem> --key <pem>
                         serve https with this certificate and key (default: http, for a host
                         or proxy that terminates TLS)
  --issuer <url>         expected token issuer (default https://login.microsoftonline.com/<tenant id>/v2.0)
  --jwks-url <url>       where the signing keys are (default
                         https://login.microsoftonline.com/<tenant id>/discovery/v2.0/keys);
                         a national cloud gives both on its own sign-in host
                         (login.microsoftonline.us, login.chinacloudapi.cn)
  -h, --help             this text

Runs until stopped (Ctrl+C, SIGTERM). Exit codes: 0 stopped, 1 could not start, 2 usage error.
`;

const FLAG: Record<SettingName, string> = {
  directory: "--directory",
  tenantId: "--tenant-id",
  clientId: "--client-id",
  origins: "--origin",
  issuer: "--issuer",
  jwksUrl: "--jwks-url",
};

interface Output {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

class UsageError extends Error {}

function parsePort(value: string | undefined): number {
  const raw = value ?? process.env.PORT ?? "8080";
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535)
    throw new UsageError(
      `--port must be a whole number from 0 to 65535 (got "${raw.slice(0, 20)}")`
    );
  return Number(raw);
}

function readableFile(value: string, flag: string): string {
  try {
    if (fs.statSync(value).isFile()) return value;
  } catch {
    // Reported below.
  }
  throw new UsageError(`${flag}: ${value} is not a readable file`);
}

/**
 * Parses the flags and starts the service. Resolves with the exit code once `until` settles
 * (default: SIGINT or SIGTERM), or at once with 1 or 2 when it cannot start.
 */
export async function serveCommand(
  argv: string[],
  io: Output,
  until?: Promise<unknown>
): Promise<number> {
  let running: RunningService;
  try {
    let values: Record<string, string | string[] | boolean | undefined>;
    try {
      values = parseArgs({
        args: argv,
        options: {
          directory: { type: "string" },
          "tenant-id": { type: "string" },
          "client-id": { type: "string" },
          port: { type: "string" },
          origin: { type: "string", multiple: true },
          cert: { type: "string" },
          key: { type: "string" },
          issuer: { type: "string" },
          "jwks-url": { type: "string" },
          help: { type: "boolean", short: "h" },
        },
        strict: true,
        allowPositionals: false,
      }).values;
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    if (values.help) {
      io.stdout.write(SERVE_USAGE);
      return 0;
    }
    const str = (name: string) => values[name] as string | undefined;
    let settings;
    try {
      settings = resolveSettings(
        {
          directory: str("directory"),
          tenantId: str("tenant-id"),
          clientId: str("client-id"),
          origins: values.origin as string[] | undefined,
          issuer: str("issuer"),
          jwksUrl: str("jwks-url"),
        },
        (s) => FLAG[s]
      );
    } catch (e) {
      if (e instanceof SettingsError) throw new UsageError(e.message);
      throw e;
    }
    const port = parsePort(str("port"));
    const cert = str("cert");
    const key = str("key");
    if ((cert === undefined) !== (key === undefined))
      throw new UsageError("--cert and --key go together: give both for https, or neither");
    if (!fs.existsSync(settings.directory) || !fs.statSync(settings.directory).isDirectory())
      throw new UsageError(`--directory: ${settings.directory} is not a folder`);
    if (!fs.existsSync(path.join(settings.directory, "index.json")))
      throw new UsageError(
        `--directory: ${settings.directory} has no index.json; pass the folder send-from-admin build wrote (its --out)`
      );
    let tls;
    if (cert !== undefined && key !== undefined) {
      const [certFile, keyFile] = [readableFile(cert, "--cert"), readableFile(key, "--key")];
      try {
        tls = readTls(certFile, keyFile);
      } catch (e) {
        // A bad certificate is "could not start" (exit 1), as docs/admin-pipeline.md's table says.
        io.stderr.write(
          `send-from-admin serve: could not start: ${e instanceof Error ? e.message : String(e)}\n`
        );
        return 1;
      }
    }
    if (settings.origins.length === 0)
      io.stderr.write(
        "send-from-admin serve: warning: no --origin, so browsers on other origins (the add-in) cannot call the service\n"
      );
    try {
      running = await startService({
        settings,
        port,
        tls,
        log: (level, message) =>
          io.stderr.write(
            `send-from-admin serve: ${level === "error" ? "error: " : ""}${message}\n`
          ),
      });
    } catch (e) {
      io.stderr.write(
        `send-from-admin serve: could not start: ${e instanceof Error ? e.message : String(e)}` +
          (fs.existsSync(path.join(settings.directory, OBJECT_IDS_FILE))
            ? "\n"
            : `\n  (rebuild the directory with send-from-admin build: it writes ${OBJECT_IDS_FILE})\n`)
      );
      return 1;
    }
    io.stderr.write(
      // Listens on every interface (a container host needs it); localhost is the address to try here.
      `send-from-admin serve: listening on ${tls ? "https" : "http"}://localhost:${running.port} on all interfaces ` +
        `(GET <any base path>/me; tenant ${settings.tokens.tenantId}, client ${settings.tokens.clientId}, ` +
        `origins ${settings.origins.join(" ") || "none"})\n`
    );
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`send-from-admin: ${e.message}\n\n${SERVE_USAGE}`);
      return 2;
    }
    throw e;
  }
  await (until ??
    new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    }));
  await running.close();
  io.stderr.write("send-from-admin serve: stopped\n");
  return 0;
}
