// Browser tests: Debian's Chromium driven by playwright-core, against the built add-in served
// from a local static server, with the office.js CDN request answered by the Office simulator.
import { AxeBuilder } from "@axe-core/playwright";
import { createHash } from "crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { AddressInfo } from "net";
import { extname, join, normalize, resolve } from "path";
import { Browser, BrowserContext, chromium, Page } from "playwright-core";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import type { Scenario } from "../../dev/playground/simulator";
import { LocalSignIn, startLocalSignIn } from "../../dev/sign-in/local-sign-in";
import { publishDirectory } from "../../src/admin/publish";
import type { UserShard } from "../../src/core/model";
import { shardFileName } from "../../src/core/shard-name";
import { createService, nodeListener } from "../../src/service/server";
import { resolveSettings } from "../../src/service/settings";

export const ROOT = resolve(__dirname, "../..");
export const DIST = join(ROOT, "dist");
export const PLAYGROUND = join(ROOT, ".build", "playground");
export const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".xml": "application/xml",
  ".map": "application/json",
};

export type Handler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface StaticServer {
  url: string;
  /** Replace how one path prefix is answered (e.g. make the directory fail) until reset. */
  override(prefix: string, handler: Handler | null): void;
  requests: string[];
  close(): Promise<void>;
}

/** Serves folders under URL prefixes, with ETag/If-None-Match like any decent static host. */
export async function serve(mounts: Record<string, string>): Promise<StaticServer> {
  const overrides = new Map<string, Handler>();
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push(`${req.method} ${path}`);
    for (const [prefix, handler] of overrides) {
      if (path.startsWith(prefix) && (await handler(req, res))) return;
    }
    const prefix = Object.keys(mounts)
      .filter((p) => path.startsWith(p))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix === undefined) return void res.writeHead(404).end();
    const base = mounts[prefix];
    const file = normalize(join(base, path.slice(prefix.length)));
    if (!file.startsWith(base) || !existsSync(file) || statSync(file).isDirectory())
      return void res.writeHead(404).end("not found");
    const body = readFileSync(file);
    const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
    if (req.headers["if-none-match"] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      etag,
      "cache-control": "no-cache",
    });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    override: (prefix, handler) =>
      handler ? overrides.set(prefix, handler) : overrides.delete(prefix),
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface PaneOptions {
  sim?: Scenario;
  /** Query string for taskpane.html, e.g. "?directory=/other/". */
  query?: string;
  context?: BrowserContext;
}

export interface OpenPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and page errors seen so far (CSP violations land here). */
  errors: string[];
}

/**
 * Opens a page in a fresh context where the office.js CDN URL is answered by the simulator and
 * every other request off this machine is refused.
 */
export async function openPage(
  browser: Browser,
  url: string,
  options: PaneOptions = {}
): Promise<OpenPage> {
  const context = options.context ?? (await browser.newContext());
  const officeSim = readFileSync(join(PLAYGROUND, "office-sim.js"), "utf8");
  await context.route("**/*", (route) => {
    const requestUrl = route.request().url();
    if (requestUrl === OFFICE_JS_CDN)
      return route.fulfill({ status: 200, contentType: "text/javascript", body: officeSim });
    if (/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(requestUrl)) return route.continue();
    return route.abort("blockedbyclient");
  });
  if (options.sim)
    await context.addInitScript(
      (scenario) => ((window as unknown as { __sendFromSim: unknown }).__sendFromSim = scenario),
      options.sim
    );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  return { page, context, errors };
}

/**
 * The person closes the task pane and opens it again while the compose window stays open, on a
 * pane page opened on its own (openPage on playground-taskpane.html): the page loads afresh, and
 * Outlook keeps the compose item, its saved draft id and the add-in's sessionData (office-sim.ts
 * keepComposeItem; Mailbox 1.11, learn.microsoft.com/javascript/api/outlook/office.sessiondata).
 * In the playground page the same is its "Close and reopen the task pane" button (reopen-pane).
 * Throws when the compose window is gone (sent or closed): there is no pane to reopen on it.
 */
export async function closeAndReopenPane(page: Page): Promise<void> {
  const open = await page.evaluate(() => {
    const sim = window.sendFromSimulator;
    return !!sim && !sim.sent && !sim.closed;
  });
  if (!open) throw new Error("The compose window is gone (sent or closed): no pane to reopen.");
  await page.reload();
}

/**
 * Exchange Online's upload-session host for worldwide tenants: Graph hands out attachment upload
 * URLs there, not on graph.microsoft.com (field-reports.md, "Upload sessions return an upload URL
 * on an Outlook host"). A test's Graph emulator hands its upload URLs out on this host
 * (`uploadOrigin: EXCHANGE_UPLOAD_HOST`) and `routeExchangeUploads` answers it, so the page's real
 * Content-Security-Policy decides whether the pane may reach it, as in the field.
 */
export const EXCHANGE_UPLOAD_HOST = "https://outlook.office.com";

/**
 * Answers requests from `page` to Exchange's upload host with the local server at `serverUrl`
 * (where the emulator is mounted), as the network would, CORS preflight included (Exchange's
 * upload URLs carry their own token, so the page sends no Authorization header). Without this,
 * openPage refuses every request off this machine and each upload fails as a lost connection.
 */
export async function routeExchangeUploads(page: Page, serverUrl: string): Promise<void> {
  await page.route(`${EXCHANGE_UPLOAD_HOST}/**`, async (route) => {
    const request = route.request();
    if (request.method() === "OPTIONS")
      return route.fulfill({
        status: 204,
        headers: {
          "Access-Control-Allow-Origin": "*",
          "Access-Control-Allow-Methods": "GET, PUT, DELETE",
          "Access-Control-Allow-Headers": "Content-Type, Content-Range",
        },
      });
    try {
      const response = await route.fetch({
        url: request.url().replace(EXCHANGE_UPLOAD_HOST, serverUrl),
      });
      await route.fulfill({ response });
    } catch {
      // The page went away mid-upload (a test that holds an upload ends and closes its context):
      // to the page, if still there, that is a lost connection, as on the network; never a
      // rejection left unhandled after its test.
      await route.abort("connectionfailed").catch(() => undefined);
    }
  });
}

/** Serious and critical axe violations, ignoring Tabster's focus-trap dummies (a known Fluent false positive). */
export async function accessibilityViolations(page: Page, disableRules: string[] = []) {
  // Colour contrast is judged on the colours in view: wait for Fluent's fade-ins and colour
  // transitions to end first, or axe measures a bar half faded in (it failed now and then).
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        // A spinner runs for ever: only animations that end are waited for.
        .filter(
          (a) => a.playState === "running" && a.effect?.getComputedTiming().endTime !== Infinity
        )
        .map((a) => a.finished)
    ).catch(() => undefined)
  );
  // All result types: limiting them to violations (resultTypes) made axe report colour
  // contrast it could not judge as violations on every page (tried in stop 26).
  const results = await new AxeBuilder({ page })
    .exclude("[data-tabster-dummy]")
    .disableRules(disableRules)
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

export function requireBuilds(): void {
  for (const file of [
    join(DIST, "taskpane.html"),
    join(PLAYGROUND, "office-sim.js"),
    join(PLAYGROUND, "playground.html"),
  ]) {
    if (!existsSync(file))
      throw new Error(
        `${file} is missing: run \`npm run build && npm run build:playground\` first.`
      );
  }
}

/** The playground's stand-in Entra app (scripts/settings.cjs PLAYGROUND_CLIENT_ID). */
export const PLAYGROUND_CLIENT_ID = "00000000-0000-4000-8000-00000000f0ff";

export interface ServiceDouble {
  signIn: LocalSignIn;
  /** Makes B/me answer 503 (the service down) until called with false. */
  down(isDown: boolean): void;
  /**
   * Answers B/me with `handler` while set (a held, failing or odd answer: the service's failures
   * as the pane meets them); null gives B/me back to the service.
   */
  answer(handler: Handler | null): void;
  /**
   * Claims that override those of every token the local sign-in issues from now on (say another
   * tenant's `tid`), until called with null; the service then judges them as in production.
   */
  tokenClaims(claims: Record<string, unknown> | null): void;
  close(): Promise<void>;
}

/**
 * Publishes `shards` as send-from-admin build does (object-ids.json included) and serves the
 * directory service's real handler at `<prefix>me` on `server`, validating tokens from the local
 * sign-in (dev/sign-in/local-sign-in.ts), which answers the simulated bridge at /dev/sign-in/.
 * Only the issuer and key-set URL differ from production, as the service's settings allow.
 * The shards' files are not served as static files: protected mode has no public users/ folder.
 */
export async function serveDirectoryService(
  server: StaticServer,
  shards: UserShard[],
  { prefix = "/directory/", clientId = PLAYGROUND_CLIENT_ID } = {}
): Promise<ServiceDouble> {
  const directory = join(mkdtempSync(join(tmpdir(), "send-from-service-")), "directory");
  const oidOf = (user: string) => {
    const h = createHash("sha256").update(user).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  await publishDirectory(
    directory,
    {
      indexText: `${JSON.stringify({ format: "send-from-directory", version: 1, generatedAt: shards[0]?.generatedAt ?? "2026-11-20T06:00:00Z", tenant: "northwind.example" })}\n`,
      shards: () =>
        shards.map((s) => ({
          user: s.user,
          fileName: shardFileName(s.user),
          text: JSON.stringify(s),
          objectId: oidOf(s.user),
        })),
    },
    false
  );
  const signIn = await startLocalSignIn({ directory, clientId });
  const settings = resolveSettings(
    {
      directory,
      tenantId: signIn.tenantId,
      clientId,
      origins: [server.url],
      issuer: signIn.issuer,
      jwksUrl: signIn.jwksUrl,
    },
    (s) => s
  );
  const { store, handler } = createService(settings);
  if (!(await store.check()))
    throw new Error("the directory service double could not load its directory");
  const listener = nodeListener(handler);
  let isDown = false;
  let answer: Handler | null = null;
  let claims: Record<string, unknown> | null = null;
  server.override(`${prefix}me`, async (req, res) => {
    if (answer && (await answer(req, res))) return true;
    if (isDown) res.writeHead(503).end();
    else listener(req, res);
    return true;
  });
  server.override("/dev/sign-in/", async (req, res) => {
    if (!claims || req.method !== "POST") return signIn.handle(req, res);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const { user } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { user: string };
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify({ access_token: await signIn.token(user, claims), expires_in: 3600 }));
    return true;
  });
  return {
    signIn,
    down: (d) => void (isDown = d),
    answer: (h) => void (answer = h),
    tokenClaims: (c) => void (claims = c),
    close: async () => {
      server.override(`${prefix}me`, null);
      server.override("/dev/sign-in/", null);
      store.stop();
      await signIn.close();
    },
  };
}

/** The shards of a folder written by test/fixtures/directory.ts writeDirectory. */
export function shardsIn(folder: string): UserShard[] {
  const users = join(folder, "users");
  return readdirSync(users).map(
    (f) => JSON.parse(readFileSync(join(users, f), "utf8")) as UserShard
  );
}
