// Shared by the directory service tests: a tenant's signing keys served on loopback (as Entra's
// discovery keys endpoint serves them), tokens shaped like Entra v2.0 access tokens, and built
// directories published the way send-from-admin build publishes them.
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, JWK, JWTPayload, SignJWT } from "jose";
import { BuiltDirectory, ShardFile } from "../../../src/admin/build";
import { publishDirectory } from "../../../src/admin/publish";
import { toSmtpAddress } from "../../../src/core/address";
import { shardFileName } from "../../../src/core/shard-name";
import { defaultIssuer, tokenAudiences, TokenSettings } from "../../../src/service/tokens";

export const TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
export const OTHER_TENANT = "11111111-2222-4333-8444-555555555555";
export const CLIENT = "c0ffee00-1234-4abc-8def-0123456789ab";
export const ORIGIN = "https://sendfrom.contoso.example";

export type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

export interface SigningKey {
  kid: string;
  privateKey: PrivateKey;
  publicJwk: JWK;
}

export async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" };
  return { kid, privateKey, publicJwk };
}

/** The tenant's key set on http://127.0.0.1:<random port>/discovery/v2.0/keys, counting fetches. */
export class KeyServer {
  fetches = 0;
  keys: JWK[] = [];
  /** When set, the server answers this status instead of the key set. */
  failWith: number | null = null;
  private server = http.createServer((req, res) => {
    this.fetches++;
    if (this.failWith !== null) {
      res.writeHead(this.failWith);
      res.end();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ keys: this.keys }));
  });

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/${TENANT}/discovery/v2.0/keys`;
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }
}

export function settingsFor(keys: KeyServer, origins: string[] = [ORIGIN]): TokenSettings {
  return {
    tenantId: TENANT,
    clientId: CLIENT,
    audiences: tokenAudiences(CLIENT, origins),
    issuer: defaultIssuer(TENANT),
    jwksUrl: keys.url,
  };
}

/** The claims of an Entra v2.0 access token for the add-in's API, valid now for `oid`. */
export function claims(oid: string, extra: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: CLIENT,
    iss: defaultIssuer(TENANT),
    iat: now - 10,
    nbf: now - 10,
    exp: now + 3600,
    tid: TENANT,
    oid,
    scp: "access_as_user",
    ver: "2.0",
    ...extra,
  };
}

/** Signs claims RS256 with the key (its kid in the header), as Entra does. */
export function sign(key: SigningKey, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid })
    .sign(key.privateKey);
}

export const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export interface DirectoryUser {
  user: string;
  /** Exported ExternalDirectoryObjectId; "" for none. */
  objectId: string;
  /** Addresses of the mailboxes the user may Send As. */
  mailboxes: string[];
}

export function shardText(generatedAt: string, u: DirectoryUser): string {
  return `${JSON.stringify({
    format: "send-from-directory/user",
    version: 1,
    generatedAt,
    user: u.user,
    mailboxes: u.mailboxes.map((address) => ({
      address,
      displayName: address.split("@")[0],
      kind: "shared",
      rights: ["SendAs"],
      sentItemsCopy: { sendAs: false, sendOnBehalf: false },
    })),
  })}\n`;
}

/** A build's result as send-from-admin build hands it to publishDirectory. */
export function builtDirectory(generatedAt: string, users: DirectoryUser[]): BuiltDirectory {
  return {
    indexText: `${JSON.stringify({ format: "send-from-directory", version: 1, generatedAt, tenant: "contoso.example" })}\n`,
    shards: (): ShardFile[] =>
      users.map((u) => ({
        user: u.user,
        fileName: shardFileName(toSmtpAddress(u.user)),
        text: shardText(generatedAt, u),
        objectId: u.objectId,
      })),
  };
}

/** Publishes a directory into `out` exactly as send-from-admin build does (temporary folder, then rename). */
export function publish(out: string, generatedAt: string, users: DirectoryUser[]) {
  return publishDirectory(out, builtDirectory(generatedAt, users), false);
}

export const oid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
