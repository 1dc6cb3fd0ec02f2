import { isGuid } from "../core/object-ids";
import { defaultIssuer, defaultJwksUrl, tokenAudiences, TokenSettings } from "./tokens";

// The directory service's settings, checked the same way whether they come from the CLI flags
// (send-from-admin serve) or from the Azure Functions app settings (functions.ts).

/** A setting the service cannot start with; the message names the flag or app setting. */
export class SettingsError extends Error {}

/** Raw values as given; `name` maps a field to how the admin wrote it (--tenant-id, SEND_FROM_TENANT_ID). */
export interface RawSettings {
  directory?: string;
  tenantId?: string;
  clientId?: string;
  origins?: string[];
  issuer?: string;
  jwksUrl?: string;
}

export type SettingName = keyof RawSettings;

export interface ServiceSettings {
  directory: string;
  /** Exact origins (scheme://host[:port]) allowed by CORS. */
  origins: string[];
  tokens: TokenSettings;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function guid(value: string | undefined, what: string, example: string): string {
  if (value === undefined || value.trim() === "") throw new SettingsError(`${what} is required`);
  const v = value.trim();
  if (!isGuid(v))
    throw new SettingsError(`${what} must be a GUID like ${example} (got "${v.slice(0, 60)}")`);
  return v.toLowerCase();
}

/**
 * An add-in origin as browsers send it in the Origin header: https://host[:port], lower case, no
 * path. http only for localhost (development). "*" and "null" are refused: CORS must name the add-in.
 */
export function checkOrigin(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new SettingsError(
      `${what} must be an origin like https://sendfrom.contoso.com (got "${value.slice(0, 80)}")`
    );
  }
  const bare = value.trim().replace(/\/$/, "");
  if (url.origin === "null" || url.origin.toLowerCase() !== bare.toLowerCase())
    throw new SettingsError(
      `${what} must be an origin like https://sendfrom.contoso.com: scheme, host and port only, no path (got "${value.slice(0, 80)}")`
    );
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname)))
    throw new SettingsError(
      `${what} must use https (http only for localhost) (got "${value.slice(0, 80)}")`
    );
  return url.origin;
}

function checkUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new SettingsError(`${what} must be a URL (got "${value.slice(0, 80)}")`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname)))
    throw new SettingsError(
      `${what} must be an https URL (http only for localhost) (got "${value.slice(0, 80)}")`
    );
  return value.trim();
}

/**
 * Checks raw settings and derives the rest: issuer and key-set URL from the tenant id unless
 * given, the accepted token audiences from the client id and origins (tokens.ts).
 * Throws SettingsError naming the setting (through `name`) and the expected form.
 */
export function resolveSettings(
  raw: RawSettings,
  name: (s: SettingName) => string
): ServiceSettings {
  if (raw.directory === undefined || raw.directory.trim() === "")
    throw new SettingsError(
      `${name("directory")} is required: the folder send-from-admin build wrote`
    );
  const tenantId = guid(raw.tenantId, name("tenantId"), "00000000-0000-0000-0000-000000000000");
  const clientId = guid(raw.clientId, name("clientId"), "00000000-0000-0000-0000-000000000000");
  const origins = [...new Set((raw.origins ?? []).map((o) => checkOrigin(o, name("origins"))))];
  const issuer =
    raw.issuer !== undefined ? checkUrl(raw.issuer, name("issuer")) : defaultIssuer(tenantId);
  const jwksUrl =
    raw.jwksUrl !== undefined ? checkUrl(raw.jwksUrl, name("jwksUrl")) : defaultJwksUrl(tenantId);
  return {
    directory: raw.directory,
    origins,
    tokens: { tenantId, clientId, audiences: tokenAudiences(clientId, origins), issuer, jwksUrl },
  };
}
