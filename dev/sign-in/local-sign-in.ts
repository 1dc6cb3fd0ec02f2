// A local stand-in for Microsoft Entra's token service, for the playground (`npm start`) and the
// browser tests: it signs access tokens for the add-in's own API with a local RS256 key (jose),
// shaped like Entra v2.0 access tokens (learn.microsoft.com/entra/identity-platform/
// access-token-claims-reference: aud = the API's client id, iss, tid, oid, scp, nbf, exp), and
// publishes its key set on a loopback http server, as login.microsoftonline.com publishes the
// tenant's discovery keys. The directory service double validates them with exactly the
// production code path (src/service): only its issuer and key-set URL differ, by setting.
//
// The simulated host's nested-app-auth bridge (dev/playground/naa-bridge.ts) asks it for tokens
// over POST <page origin>/dev/sign-in/token; the user's oid is their ExternalDirectoryObjectId
// from the published object-ids.json, as Entra's oid is the Exchange export's object id.
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { join } from "node:path";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { OBJECT_IDS_FILE, parseObjectIdMap } from "../../src/core/object-ids";

/** The sample tenant's id in tokens (the Graph emulator's tenant: one tenant for the whole playground). */
export const LOCAL_TENANT_ID = "7f4e2c1a-0d5b-4c3e-9a8f-2b6d1e0c9a55";
/** Where the bridge asks for tokens, relative to the page's origin. */
export const TOKEN_PATH = "/dev/sign-in/token";

export interface LocalSignIn {
  tenantId: string;
  clientId: string;
  /** The `iss` of its tokens: http://127.0.0.1:<port>/<tenant>/v2.0 (the service's --issuer). */
  issuer: string;
  /** Its key set (the service's --jwks-url). */
  jwksUrl: string;
  /** A signed access token for `user`'s own API scope; `extra` overrides claims (tests). */
  token(user: string, extra?: Record<string, unknown>): Promise<string>;
  /**
   * Answers POST TOKEN_PATH {user, upn?, scope} (user: the primary SMTP address that finds the oid;
   * upn: the sign-in name for preferred_username) with {access_token, expires_in}; false for
   * other paths.
   */
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean>;
  close(): Promise<void>;
}

/** A stable made-up object id for a user the directory does not map (nothing published for them). */
function unmappedObjectId(user: string): string {
  const h = createHash("sha256").update(`unmapped:${user}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function readBody(req: http.IncomingMessage, limit = 16 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString("utf8");
      if (body.length > limit) reject(new Error("too large"));
    });
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

/**
 * Starts the local sign-in: a fresh RS256 key (never written anywhere), its key set on loopback.
 * `directory`: the built directory whose object-ids.json maps users to object ids (re-read on each
 * token, so a new `send-from-admin build` counts at once).
 */
export async function startLocalSignIn(options: {
  directory: string;
  clientId: string;
  tenantId?: string;
  lifetimeSeconds?: number;
}): Promise<LocalSignIn> {
  const tenantId = options.tenantId ?? LOCAL_TENANT_ID;
  const kid = randomUUID();
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" };
  const keys = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => keys.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(keys.address() as AddressInfo).port}/${tenantId}`;
  const issuer = `${base}/v2.0`;

  const objectIdOf = (user: string): string => {
    try {
      const parsed = parseObjectIdMap(
        readFileSync(join(options.directory, OBJECT_IDS_FILE), "utf8")
      );
      if (parsed.ok) {
        const wanted = user.toLowerCase();
        for (const [oid, address] of Object.entries(parsed.value.users))
          if (address === wanted) return oid;
      }
    } catch {
      // No directory published yet: the user gets an unmapped id, and the service says NotPublished.
    }
    return unmappedObjectId(user.toLowerCase());
  };

  const token = (user: string, extra: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const oid = objectIdOf(user);
    return new SignJWT({
      aud: options.clientId,
      iss: issuer,
      tid: tenantId,
      oid,
      sub: oid,
      scp: "access_as_user",
      ver: "2.0",
      preferred_username: user,
      iat: now,
      nbf: now,
      exp: now + (options.lifetimeSeconds ?? 3600),
      ...extra,
    })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid })
      .sign(privateKey);
  };

  return {
    tenantId,
    clientId: options.clientId,
    issuer,
    jwksUrl: `${base}/discovery/v2.0/keys`,
    token,
    handle: async (req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (path !== TOKEN_PATH) return false;
      if (req.method !== "POST") {
        res.writeHead(405).end();
        return true;
      }
      let asked: { user?: unknown; upn?: unknown; scope?: unknown };
      try {
        asked = JSON.parse(await readBody(req)) as typeof asked;
      } catch {
        res.writeHead(400).end();
        return true;
      }
      // No scope: Office single sign-on, for the app the manifest names. Else Entra issues a
      // token for the API named in the scope, and this one serves this app's API only.
      const scope = asked.scope === undefined ? null : String(asked.scope);
      if (
        typeof asked.user !== "string" ||
        (scope !== null && !scope.endsWith(`/${options.clientId}/access_as_user`))
      ) {
        res.writeHead(400, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: "invalid_scope" }));
        return true;
      }
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      res.end(
        JSON.stringify({
          // Entra's preferred_username is the UPN, which need not be the mail address.
          access_token: await token(
            asked.user,
            typeof asked.upn === "string" && asked.upn ? { preferred_username: asked.upn } : {}
          ),
          expires_in: options.lifetimeSeconds ?? 3600,
        })
      );
      return true;
    },
    close: () =>
      new Promise((r) => {
        keys.close(() => r());
        keys.closeAllConnections();
      }),
  };
}
