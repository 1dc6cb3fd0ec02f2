// Tokens, the control API over HTTP, CORS, and mounting inside another server.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createGraphEmulator,
  decodeTestToken,
  directoryIdFor,
  issueTestToken,
  type RunningGraphEmulator,
} from "../../../dev/graph-emulator";
import {
  ADELE,
  MEGAN,
  TENANT,
  client,
  fromAddress,
  plainMessage,
  token,
  withEmulator,
} from "./helpers";

let emu: RunningGraphEmulator;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  emu = await withEmulator();
  call = client(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset(TENANT));

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

describe("test tokens", () => {
  it("are unsigned JWTs carrying the documented claims", () => {
    const t = issueTestToken({
      preferred_username: ADELE,
      name: "Adele Vance",
      scopes: ["Mail.Send"],
    });
    const [header, payload, signature] = t.split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({
      alg: "none",
      typ: "JWT",
    });
    expect(signature).toBe("");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    expect(claims).toMatchObject({
      preferred_username: ADELE,
      name: "Adele Vance",
      aud: "https://graph.microsoft.com",
      scp: "Mail.Send",
      oid: directoryIdFor(ADELE),
    });
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
    expect(decodeTestToken(t)).toEqual(claims);
    expect(decodeTestToken("not-a-token")).toBeNull();
  });

  it("GET /me answers with the token's user and the same id as the token's oid", async () => {
    const r = await call("GET", "/v1.0/me");
    expect(r.json).toMatchObject({
      displayName: "Adele Vance",
      mail: ADELE,
      userPrincipalName: ADELE,
    });
    expect(r.json.id).toBe(decodeTestToken(token())?.oid);
  });

  it("refuses missing, garbled, expired, foreign-audience and unknown-user tokens with 401", async () => {
    const expired = token({ exp: Math.floor(Date.now() / 1000) - 10 });
    const cases: [string | null, string][] = [
      [null, "Access token is empty."],
      ["garbage", "JWT is not well formed."],
      [`${b64url({ alg: "none" })}.${b64url(["x"])}.`, "JWT is not well formed."],
      [expired, "Lifetime validation failed, the token is expired."],
      [
        token({ aud: "api://something-else" }),
        "Access token validation failure. Invalid audience.",
      ],
      [
        issueTestToken({ preferred_username: "ghost@n.example" }),
        "The signed-in user is not in this tenant.",
      ],
    ];
    for (const [auth, message] of cases) {
      const r = await call("POST", "/v1.0/me/sendMail", {
        body: { message: plainMessage() },
        auth,
      });
      expect([r.status, r.json.error.code, r.json.error.message]).toEqual([
        401,
        "InvalidAuthenticationToken",
        message,
      ]);
      expect(r.headers.get("www-authenticate")).toContain("authorization_uri=");
    }
    expect(emu.deliveries()).toEqual([]);
  });

  it("refuses a token without the operation's scope with 403 ErrorAccessDenied", async () => {
    const readOnly = token({ scopes: ["Mail.Read"] });
    const r = await call("POST", "/v1.0/me/sendMail", {
      body: { message: plainMessage() },
      auth: readOnly,
    });
    expect([r.status, r.json.error.code]).toEqual([403, "ErrorAccessDenied"]);
    const draft = await call("POST", "/v1.0/me/messages", { body: plainMessage(), auth: readOnly });
    expect(draft.status).toBe(403);
    const me = await call("GET", "/v1.0/me", { auth: token({ scopes: ["Mail.Send"] }) });
    expect(me.status).toBe(403);
  });

  it("answers malformed JSON and empty payloads as Graph does", async () => {
    const bad = await call("POST", "/v1.0/me/sendMail", {
      raw: "{nope",
      headers: { "Content-Type": "application/json" },
    });
    expect([bad.status, bad.json.error.code]).toEqual([400, "BadRequest"]);
    const empty = await call("POST", "/v1.0/me/messages", { raw: "" });
    expect(empty.json.error.message).toBe("Empty Payload. JSON content expected.");
  });
});

describe("control API over HTTP", () => {
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emu.url}/_emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };

  it("resets with a tenant, creates drafts, lists deliveries, folders, faults and requests", async () => {
    const tenant = {
      users: [
        { address: "zoe@t.example", displayName: "Zoe", kind: "user" },
        {
          address: "desk@t.example",
          displayName: "Desk",
          kind: "shared",
          messageCopyForSentAs: true,
        },
      ],
      groups: [],
      permissions: [{ mailbox: "desk@t.example", delegate: "zoe@t.example", rights: ["SendAs"] }],
    };
    expect((await control("POST", "reset", { tenant })).status).toBe(204);
    expect((await control("GET", "tenant")).json.users).toHaveLength(2);

    const minted = await control("POST", "tokens", { preferred_username: "zoe@t.example" });
    const zoe = minted.json.token as string;
    const draft = await control("POST", "drafts", {
      owner: "zoe@t.example",
      message: plainMessage({ from: fromAddress("desk@t.example") }),
      attachments: [
        {
          "@odata.type": "#microsoft.graph.fileAttachment",
          name: "n.txt",
          contentBytes: Buffer.from("hi").toString("base64"),
        },
      ],
    });
    expect(draft.status).toBe(201);
    expect(draft.json).toEqual({ id: expect.any(String), ewsId: expect.any(String) });
    expect((await control("GET", "mailboxes/zoe@t.example/drafts")).json).toHaveLength(1);

    expect(
      (await control("PUT", "faults", [{ match: "POST */send", kind: "status", status: 503 }]))
        .status
    ).toBe(204);
    expect((await control("GET", "faults")).json).toEqual([
      { match: "POST */send", kind: "status", status: 503, times: 1 },
    ]);
    const failed = await call("POST", `/v1.0/me/messages/${draft.json.id}/send`, { auth: zoe });
    expect(failed.status).toBe(503);
    expect((await control("GET", "faults")).json).toEqual([]);
    expect(
      (await call("POST", `/v1.0/me/messages/${draft.json.id}/send`, { auth: zoe })).status
    ).toBe(202);

    const deliveries = (await control("GET", "deliveries")).json;
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      rightUsed: "SendAs",
      sentItemsCopies: ["zoe@t.example", "desk@t.example"],
    });
    expect(deliveries[0].attachments[0]).toMatchObject({ name: "n.txt", size: 2 });
    expect((await control("GET", "mailboxes/desk@t.example/sentitems")).json).toHaveLength(1);
    expect((await control("GET", "mailboxes/zoe@t.example/drafts")).json).toEqual([]);

    const requests = (await control("GET", "requests")).json;
    expect(requests.map((e: { status: number }) => e.status)).toEqual([503, 202]);
    expect((await control("DELETE", "requests")).status).toBe(204);
    expect((await control("GET", "requests")).json).toEqual([]);
  });

  it("reports caller mistakes as 400 and unknown routes as 404", async () => {
    expect((await control("GET", "mailboxes/nobody@n.example/sentitems")).status).toBe(400);
    expect((await control("PUT", "faults", [{ match: "POST", kind: "drop" }])).status).toBe(400);
    expect(
      (await control("POST", "drafts", { owner: "all-staff@n.example", message: {} })).status
    ).toBe(400);
    expect((await control("GET", "nothing-here")).status).toBe(404);
  });
});

describe("CORS", () => {
  it("answers preflights for Graph and upload URLs", async () => {
    const res = await fetch(`${emu.url}/v1.0/me/sendMail`, {
      method: "OPTIONS",
      headers: {
        Origin: "https://localhost:3000",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const allowed = res.headers.get("access-control-allow-headers") ?? "";
    for (const h of [
      "Authorization",
      "Content-Type",
      "Content-Range",
      "Prefer",
      "client-request-id",
    ]) {
      expect(allowed).toContain(h);
    }
    expect(res.headers.get("access-control-allow-methods")).toContain("PATCH");
    const upload = await fetch(
      `${emu.url}/api/v2.0/Users('a@b')/Messages('AAMk')/AttachmentSessions('AAMkS')?authtoken=x`,
      { method: "OPTIONS", headers: { "Access-Control-Request-Method": "PUT" } }
    );
    expect(upload.status).toBe(204);
    expect(upload.headers.get("access-control-allow-methods")).toContain("PUT");
  });

  it("exposes the headers a browser client needs", async () => {
    emu.setFaults([{ match: "POST */sendMail", kind: "status", status: 429, retryAfter: 2 }]);
    const r = await call("POST", "/v1.0/me/sendMail", { body: { message: plainMessage() } });
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    const exposed = r.headers.get("access-control-expose-headers") ?? "";
    for (const h of ["Retry-After", "WWW-Authenticate", "Location", "request-id"])
      expect(exposed).toContain(h);
  });
});

describe("mounted under a base path in another server", () => {
  let server: Server;
  let origin: string;
  const mounted = createGraphEmulator(TENANT, {
    basePath: "/graph",
    publicOrigin: "https://localhost:3000",
  });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      if (await mounted.handle(req, res)) return;
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("the host's own page");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("serves its routes under the prefix and leaves the rest to the host", async () => {
    const host = await fetch(`${origin}/v1.0/me`);
    expect(await host.text()).toBe("the host's own page");
    const me = await fetch(`${origin}/graph/v1.0/me`, {
      headers: { Authorization: `Bearer ${token()}` },
    });
    expect((await me.json()).mail).toBe(ADELE);
    const sent = await fetch(`${origin}/graph/v1.0/me/sendMail`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token()}`, "Content-Type": "application/json" },
      body: JSON.stringify({ message: plainMessage() }),
    });
    expect(sent.status).toBe(202);
    expect(mounted.deliveries()[0].toRecipients[0].emailAddress.address).toBe(MEGAN);
    const control = await fetch(`${origin}/graph/_emulator/deliveries`);
    expect(await control.json()).toHaveLength(1);
  });

  it("hands out upload URLs on another origin than Graph's (an Outlook host), under its prefix", async () => {
    const { id } = mounted.createDraft(ADELE, plainMessage());
    const r = await fetch(
      `${origin}/graph/v1.0/me/messages/${id}/attachments/createUploadSession`,
      {
        method: "POST",
        headers: { Authorization: `Bearer ${token()}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          AttachmentItem: { attachmentType: "file", name: "x", size: 3_500_000 },
        }),
      }
    );
    const { uploadUrl } = await r.json();
    expect(uploadUrl.startsWith("https://127.0.0.1:3000/graph/api/v2.0/Users('")).toBe(true);
    const local = uploadUrl.replace("https://127.0.0.1:3000", origin);
    const put = await fetch(local, {
      method: "PUT",
      headers: { "Content-Range": "bytes 0-3499999/3500000" },
      body: new Uint8Array(3_500_000),
    });
    expect(put.status).toBe(201);
    expect(put.headers.get("location")).toMatch(
      /^https:\/\/localhost:3000\/graph\/api\/v2\.0\/Users\('.+'\)\/Messages\('.+'\)\/Attachments\('.+'\)$/
    );
  });
});
