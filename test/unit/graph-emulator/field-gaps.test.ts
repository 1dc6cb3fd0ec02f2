// The emulator as Graph behaves in the field for what "Copy in <mailbox>'s Sent Items" recreates
// (issue 12): at most five custom headers on a message (Microsoft Q&A 762243).
import type { RunningGraphEmulator } from "../../../dev/graph-emulator";
import { ADELE, TENANT, client, plainMessage, withEmulator } from "./helpers";

let emu: RunningGraphEmulator;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  emu = await withEmulator();
  call = client(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset(TENANT));

const headers = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `x-custom-${i + 1}`, value: `v${i + 1}` }));

describe("more than five custom headers (Microsoft Q&A 762243)", () => {
  const refused = {
    status: 400,
    json: {
      error: {
        code: "InvalidInternetMessageHeaderCollection",
        message: "Maximum number of headers in one message should be less than or equal to 5.",
      },
    },
  };

  it("create with six: 400 InvalidInternetMessageHeaderCollection, nothing created; five are taken", async () => {
    const six = await call("POST", "/v1.0/me/messages", {
      body: plainMessage({ internetMessageHeaders: headers(6) }),
    });
    expect(six).toMatchObject(refused);
    expect(emu.drafts(ADELE)).toEqual([]);
    const five = await call("POST", "/v1.0/me/messages", {
      body: plainMessage({ internetMessageHeaders: headers(5) }),
    });
    expect(five.status).toBe(201);
    expect(await call("POST", `/v1.0/me/messages/${five.json.id}/send`)).toMatchObject({
      status: 202,
    });
    expect(emu.deliveries()[0].internetMessageHeaders).toEqual(headers(5));
  });

  it("update with six and sendMail with six: refused the same way, nothing sent", async () => {
    const created = await call("POST", "/v1.0/me/messages", { body: plainMessage() });
    const patched = await call("PATCH", `/v1.0/me/messages/${created.json.id}`, {
      body: { internetMessageHeaders: headers(6) },
    });
    expect(patched).toMatchObject(refused);
    const mail = await call("POST", "/v1.0/me/sendMail", {
      body: { message: plainMessage({ internetMessageHeaders: headers(6) }) },
    });
    expect(mail).toMatchObject(refused);
    expect(emu.deliveries()).toEqual([]);
  });

  it("Outlook's own draft may hold more (Office.js internetHeaders has no such limit), and sends them all", async () => {
    const { id } = emu.createDraft(ADELE, plainMessage(), [], { internetHeaders: headers(7) });
    expect(await call("POST", `/v1.0/me/messages/${id}/send`)).toMatchObject({ status: 202 });
    expect(emu.deliveries()[0].internetMessageHeaders).toEqual(headers(7));
  });
});

describe("delay delivery: PidTagDeferredSendTime, SystemTime 0x3FEF (MS-OXPROPS)", () => {
  const withDelay = (value: string) =>
    plainMessage({ singleValueExtendedProperties: [{ id: "SystemTime 0x3FEF", value }] });

  it("a time ahead: the delivery is recorded as deferred until then", async () => {
    const at = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const created = await call("POST", "/v1.0/me/messages", { body: withDelay(at) });
    expect(created.status).toBe(201);
    expect((await call("POST", `/v1.0/me/messages/${created.json.id}/send`)).status).toBe(202);
    const [d] = emu.deliveries();
    expect(d).toMatchObject({ deferredUntil: at, deliveredAt: at });
  });

  it("a time past, or none: delivered at once", async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    expect(
      (await call("POST", "/v1.0/me/sendMail", { body: { message: withDelay(past) } })).status
    ).toBe(202);
    expect(
      (await call("POST", "/v1.0/me/sendMail", { body: { message: plainMessage() } })).status
    ).toBe(202);
    expect(emu.deliveries().map((d) => d.deferredUntil)).toEqual([null, null]);
  });

  it("a value that is not a date and time: 400, nothing sent", async () => {
    const r = await call("POST", "/v1.0/me/sendMail", { body: { message: withDelay("tomorrow") } });
    expect(r.status).toBe(400);
    expect(emu.deliveries()).toEqual([]);
  });
});
