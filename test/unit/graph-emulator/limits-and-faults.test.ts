// Tenant limits (message size, sends per minute) and every injectable fault.
import type { RunningGraphEmulator } from "../../../dev/graph-emulator";
import {
  ADELE,
  MEGAN,
  TENANT,
  client,
  fromAddress,
  pattern,
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

const MiB = 1024 * 1024;
const send = (subject = "s", path = "me") =>
  call("POST", `/v1.0/${path}/sendMail`, { body: { message: plainMessage({ subject }) } });

describe("message size", () => {
  it("refuses a message over the tenant's limit with ErrorMessageSizeExceeded and keeps the draft", async () => {
    emu.reset({ ...TENANT, maxMessageSizeBytes: 5 * MiB });
    const { id } = emu.createDraft(ADELE, plainMessage(), [
      { "@odata.type": "#microsoft.graph.fileAttachment", name: "a", bytes: pattern(3 * MiB) },
      { "@odata.type": "#microsoft.graph.fileAttachment", name: "b", bytes: pattern(2 * MiB) },
    ]);
    const r = await call("POST", `/v1.0/me/messages/${id}/send`);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({
      code: "ErrorMessageSizeExceeded",
      message: "The message exceeds the maximum supported size.",
    });
    expect(emu.deliveries()).toEqual([]);
    expect(emu.drafts(ADELE).map((m) => m.id)).toEqual([id]);
  });

  it("defaults to 35 MB", async () => {
    const make = (size: number) =>
      emu.createDraft(
        ADELE,
        { ...plainMessage(), subject: "", body: { contentType: "text", content: "" } },
        [
          {
            "@odata.type": "#microsoft.graph.fileAttachment",
            name: "f",
            bytes: new Uint8Array(size),
          },
        ]
      ).id;
    const over = await call("POST", `/v1.0/me/messages/${make(35 * MiB + 1)}/send`);
    expect(over.json.error.code).toBe("ErrorMessageSizeExceeded");
    expect((await call("POST", `/v1.0/me/messages/${make(35 * MiB)}/send`)).status).toBe(202);
  });
});

describe("sends per minute", () => {
  it("answers 429 with Retry-After past the limit, per mailbox", async () => {
    emu.reset({ ...TENANT, sendsPerMinute: 3 });
    for (const s of ["1", "2", "3"]) expect((await send(s)).status).toBe(202);
    const r = await send("4");
    expect(r.status).toBe(429);
    expect(r.json.error.code).toBe("TooManyRequests");
    const wait = Number(r.headers.get("retry-after"));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(emu.deliveries()).toHaveLength(3);
    // Another mailbox has its own budget.
    expect((await send("5", "users/support@n.example")).status).toBe(202);
  });

  it("defaults to 30 a minute", async () => {
    for (let i = 0; i < 30; i++) expect((await send(String(i))).status).toBe(202);
    expect((await send("31")).status).toBe(429);
  });
});

describe("faults", () => {
  it("status 429 with Retry-After, once by default", async () => {
    emu.setFaults([{ match: "POST */sendMail", kind: "status", status: 429, retryAfter: 7 }]);
    const r = await send();
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("7");
    expect(r.json.error).toMatchObject({
      code: "TooManyRequests",
      message: "Please retry again later.",
    });
    expect(r.json.error.innerError.code).toBe("429");
    expect(emu.deliveries()).toEqual([]);
    expect((await send()).status).toBe(202);
  });

  it("status 429 without Retry-After", async () => {
    emu.setFaults([{ match: "POST */sendMail", kind: "status", status: 429 }]);
    const r = await send();
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBeNull();
  });

  it("503 and 500, each as many times as asked", async () => {
    emu.setFaults([
      { match: "POST */send", kind: "status", status: 503, times: 2 },
      { match: "POST */send", kind: "status", status: 500 },
    ]);
    const { id } = emu.createDraft(ADELE, plainMessage());
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await call("POST", `/v1.0/me/messages/${id}/send`)).status);
    expect(statuses).toEqual([503, 503, 500, 202]);
    expect(emu.deliveries()).toHaveLength(1);
  });

  it("matches method and pattern only", async () => {
    emu.setFaults([{ match: "GET */send", kind: "status", status: 500, times: "always" }]);
    expect((await send()).status).toBe(202);
    expect(emu.faults()).toEqual([expect.objectContaining({ times: "always" })]);
    expect(() => emu.setFaults([{ match: "nonsense", kind: "drop" }])).toThrow(/METHOD pattern/);
  });

  it("latency delays the answer", async () => {
    emu.setFaults([{ match: "GET /v1.0/me", kind: "latency", ms: 300 }]);
    const started = Date.now();
    const r = await call("GET", "/v1.0/me");
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it("drop: the connection closes before anything happens", async () => {
    emu.setFaults([{ match: "POST */sendMail", kind: "drop" }]);
    await expect(send()).rejects.toThrow();
    expect(emu.deliveries()).toEqual([]);
    expect(emu.requestLog()[0]).toMatchObject({ status: 0, fault: "drop" });
    expect((await send()).status).toBe(202);
  });

  it("applyThenDrop: the send happens, the answer never comes, and the draft id then 404s", async () => {
    emu.setFaults([{ match: "POST */send", kind: "applyThenDrop" }]);
    const { id } = emu.createDraft(ADELE, plainMessage({ from: fromAddress("support@n.example") }));
    await expect(call("POST", `/v1.0/me/messages/${id}/send`)).rejects.toThrow();
    expect(emu.deliveries()).toHaveLength(1);
    // What a careful client checks before retrying:
    const check = await call("GET", `/v1.0/me/messages/${id}`);
    expect(check.json.error.code).toBe("ErrorItemNotFound");
    const retry = await call("POST", `/v1.0/me/messages/${id}/send`);
    expect(retry.status).toBe(404);
    expect(emu.deliveries()).toHaveLength(1);
  });

  it("applyThenStatus: a create lands, yet the answer is a 503 (Microsoft Q&A 5629476)", async () => {
    emu.setFaults([{ match: "POST /v1.0/me/messages", kind: "applyThenStatus" }]);
    const r = await call("POST", "/v1.0/me/messages", plainMessage());
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe("ServiceUnavailable");
    expect(emu.drafts(ADELE)).toHaveLength(1);
  });

  it("applyThenStatus: a send goes, yet the answer is a 500", async () => {
    emu.setFaults([{ match: "POST */send", kind: "applyThenStatus", status: 500 }]);
    const { id } = emu.createDraft(ADELE, plainMessage({ from: fromAddress("support@n.example") }));
    expect((await call("POST", `/v1.0/me/messages/${id}/send`)).status).toBe(500);
    expect(emu.deliveries()).toHaveLength(1);
    expect(() =>
      emu.setFaults([{ match: "POST */send", kind: "applyThenStatus", status: 404 }])
    ).toThrow(/5xx/);
  });

  it("dropThenApply: the answer is lost at once and Exchange sends the message afterwards", async () => {
    emu.setFaults([{ match: "POST */send", kind: "dropThenApply", ms: 300 }]);
    const { id } = emu.createDraft(ADELE, plainMessage({ from: fromAddress("support@n.example") }));
    await expect(call("POST", `/v1.0/me/messages/${id}/send`)).rejects.toThrow();
    // Right after the drop the draft is still a draft: a look now would wrongly say "not sent".
    expect(emu.deliveries()).toHaveLength(0);
    expect((await call("GET", `/v1.0/me/messages/${id}`)).json.isDraft).toBe(true);
    await new Promise((r) => setTimeout(r, 600));
    expect(emu.deliveries()).toHaveLength(1);
  });

  it('dropThenApply {ms: "held"}: Exchange finishes whenever the test says, however late; a reset drops it', async () => {
    emu.setFaults([{ match: "POST */send", kind: "dropThenApply", ms: "held" }]);
    const { id } = emu.createDraft(ADELE, plainMessage({ from: fromAddress("support@n.example") }));
    await expect(call("POST", `/v1.0/me/messages/${id}/send`)).rejects.toThrow();
    expect((await call("GET", `/v1.0/me/messages/${id}`)).json.isDraft).toBe(true);
    expect(emu.deliveries()).toHaveLength(0);
    expect(await emu.releaseHeld()).toBe(1);
    expect(emu.deliveries()).toHaveLength(1);
    expect(await emu.releaseHeld()).toBe(0);

    emu.setFaults([{ match: "POST */send", kind: "dropThenApply", ms: "held" }]);
    const second = emu.createDraft(ADELE, plainMessage({ from: fromAddress("support@n.example") }));
    await expect(call("POST", `/v1.0/me/messages/${second.id}/send`)).rejects.toThrow();
    emu.reset();
    expect(await emu.releaseHeld()).toBe(0);
    expect(emu.deliveries()).toHaveLength(0);
  });

  it("drop on an upload chunk leaves the session where it was", async () => {
    const file = pattern(5 * MiB);
    const { id } = emu.createDraft(ADELE, plainMessage());
    const s = await call("POST", `/v1.0/me/messages/${id}/attachments/createUploadSession`, {
      body: { AttachmentItem: { attachmentType: "file", name: "f", size: file.length } },
    });
    emu.setFaults([{ match: "PUT upload", kind: "drop" }]);
    const put = (start: number, end: number) =>
      fetch(s.json.uploadUrl, {
        method: "PUT",
        headers: { "Content-Range": `bytes ${start}-${end - 1}/${file.length}` },
        body: file.subarray(start, end) as BodyInit,
      });
    await expect(put(0, 4 * MiB)).rejects.toThrow();
    expect((await put(0, 4 * MiB)).status).toBe(200);
    expect((await put(4 * MiB, file.length)).status).toBe(201);
  });

  it("claims challenge: 401 with insufficient_claims until a token carries the claims", async () => {
    emu.setFaults([{ match: "POST */sendMail", kind: "claims" }]);
    const first = await send();
    expect(first.status).toBe(401);
    const header = first.headers.get("www-authenticate") ?? "";
    expect(header).toContain('error="insufficient_claims"');
    expect(header).toContain(
      'authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"'
    );
    const claims = /claims="([^"]+)"/.exec(header)?.[1] ?? "";
    expect(JSON.parse(Buffer.from(claims, "base64").toString())).toEqual({
      access_token: { acrs: { essential: true, value: "c1" } },
    });
    expect((await send()).status).toBe(401);
    const stepped = await call("POST", "/v1.0/me/sendMail", {
      body: { message: plainMessage() },
      auth: token({ acrs: ["c1"], xms_cc: ["cp1"] }),
    });
    expect(stepped.status).toBe(202);
    expect((await send()).status).toBe(202);
    expect(emu.deliveries()).toHaveLength(2);
  });

  it("logs method, path, status and bytes of every Graph request", async () => {
    emu.setFaults([{ match: "GET /v1.0/me", kind: "status", status: 503 }]);
    await call("GET", "/v1.0/me");
    await send();
    const log = emu.requestLog();
    expect(log.map((e) => [e.method, e.path, e.status, e.fault])).toEqual([
      ["GET", "/v1.0/me", 503, "status"],
      ["POST", "/v1.0/me/sendMail", 202, undefined],
    ]);
    expect(log[1].bytesIn).toBe(JSON.stringify({ message: plainMessage({ subject: "s" }) }).length);
    expect(log[0].bytesOut).toBeGreaterThan(0);
    expect(log[1].bytesOut).toBe(0);
    expect(emu.deliveries()[0].toRecipients[0].emailAddress.address).toBe(MEGAN);
  });
});
