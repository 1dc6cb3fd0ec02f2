// Classic Outlook in cached mode saving a draft that is already on the server: Graph keeps serving
// the older copy until Outlook uploads the save (office-js #2118: saveAsync returns before the
// item is synced; #6077: 1-2 minutes; #210: poll, or wait for a custom property on the server
// copy). And the named property's string name is matched with case in $expand's filter
// (learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get).
import type { RunningGraphEmulator } from "../../../dev/graph-emulator";
import { ADELE, TENANT, client, plainMessage, withEmulator } from "./helpers";

let emu: RunningGraphEmulator;
let call: ReturnType<typeof client>;
let clock = 0;

beforeAll(async () => {
  emu = await withEmulator();
  call = client(emu);
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset(TENANT);
  clock = 0;
  // The emulator's clock (Date.now), moved by the test instead of waited for.
  const real = Date.now.bind(Date);
  jest.spyOn(Date, "now").mockImplementation(() => real() + clock);
});
afterEach(() => jest.restoreAllMocks());

const CUSTOM = "String {00020329-0000-0000-C000-000000000046} Name cecp-6d8ecaa1";
const file = (name: string) => ({
  "@odata.type": "#microsoft.graph.fileAttachment",
  name,
  contentType: "text/plain",
  contentBytes: Buffer.from(name).toString("base64"),
});

describe("a cached-mode save of a draft already on the server", () => {
  it("Graph serves the older copy (body, recipients, attachments, custom properties) until the upload, then the new one", async () => {
    const { id } = emu.createDraft(
      ADELE,
      plainMessage({ body: { contentType: "text", content: "old" } }),
      [file("old.txt")]
    );
    emu.saveLocalDraft(
      id,
      {
        body: { contentType: "text", content: "new" },
        toRecipients: [{ emailAddress: { address: "lee@contoso.example" } }],
        singleValueExtendedProperties: [{ id: CUSTOM, value: '{"rev":"2"}' }],
      },
      { syncDelayMs: 60_000, attachments: [file("old.txt"), file("new.txt")] }
    );
    const read = async () => {
      const m = await call(
        "GET",
        `/v1.0/me/messages/${id}?$select=body,toRecipients&$expand=singleValueExtendedProperties($filter=id eq '${CUSTOM}')`
      );
      const list = await call("GET", `/v1.0/me/messages/${id}/attachments`);
      return {
        body: m.json.body.content,
        to: m.json.toRecipients.map(
          (r: { emailAddress: { address: string } }) => r.emailAddress.address
        ),
        custom: m.json.singleValueExtendedProperties,
        attachments: list.json.value.map((a: { name: string }) => a.name),
      };
    };
    expect(await read()).toEqual({
      body: "old",
      to: ["megan@n.example"],
      custom: [],
      attachments: ["old.txt"],
    });
    clock = 59_000;
    expect((await read()).body).toBe("old");
    clock = 60_000;
    expect(await read()).toEqual({
      body: "new",
      to: ["lee@contoso.example"],
      custom: [{ id: CUSTOM, value: '{"rev":"2"}' }],
      attachments: ["old.txt", "new.txt"],
    });
  });

  it("a second save before the upload goes up with it, at the time first due", async () => {
    const { id } = emu.createDraft(ADELE, plainMessage({ subject: "v1" }));
    emu.saveLocalDraft(id, { subject: "v2" }, { syncDelayMs: 10_000 });
    clock = 5_000;
    emu.saveLocalDraft(id, { subject: "v3" }, { syncDelayMs: 10_000 });
    expect((await call("GET", `/v1.0/me/messages/${id}`)).json.subject).toBe("v1");
    clock = 10_000;
    expect((await call("GET", `/v1.0/me/messages/${id}`)).json.subject).toBe("v3");
  });

  it("the draft sent meanwhile goes as the server copy was; the late upload changes nothing", async () => {
    const { id } = emu.createDraft(ADELE, plainMessage({ subject: "v1" }));
    emu.saveLocalDraft(id, { subject: "v2" }, { syncDelayMs: 10_000 });
    expect((await call("POST", `/v1.0/me/messages/${id}/send`)).status).toBe(202);
    clock = 10_000;
    expect(emu.deliveries().map((d) => d.subject)).toEqual(["v1"]);
    expect(emu.drafts(ADELE)).toEqual([]);
  });

  it("without a sync delay (online), the server copy changes at once", async () => {
    const { id } = emu.createDraft(ADELE, plainMessage({ subject: "v1" }));
    emu.saveLocalDraft(id, { subject: "v2" });
    expect((await call("GET", `/v1.0/me/messages/${id}`)).json.subject).toBe("v2");
  });
});

describe("$expand=singleValueExtendedProperties($filter=id eq '…')", () => {
  it("matches type and GUID without case, the string name with case", async () => {
    const { id } = emu.createDraft(
      ADELE,
      plainMessage({ singleValueExtendedProperties: [{ id: CUSTOM, value: "{}" }] })
    );
    const expand = async (asked: string) =>
      (
        await call(
          "GET",
          `/v1.0/me/messages/${id}?$select=id&$expand=singleValueExtendedProperties($filter=id eq '${asked}')`
        )
      ).json.singleValueExtendedProperties;
    expect(
      await expand(
        CUSTOM.replace("String {00020329-0000-0000-C000", "string {00020329-0000-0000-c000")
      )
    ).toEqual([{ id: CUSTOM, value: "{}" }]);
    expect(await expand(CUSTOM.replace("cecp-", "CECP-"))).toEqual([]);
  });
});
