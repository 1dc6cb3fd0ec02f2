// Messages that arrive in an Inbox and the replies to them: the thread a reply joins is the
// original's conversation only through In-Reply-To / References (PidTagInReplyToId,
// PidTagInternetReferences), as Exchange threads (Softeria/ms-365-mcp-server#652).
import type { RunningGraphEmulator } from "../../../dev/graph-emulator";
import { ADELE, TENANT, client, fromAddress, plainMessage, to, withEmulator } from "./helpers";

let emu: RunningGraphEmulator;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  emu = await withEmulator();
  call = client(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset(TENANT));

const SUPPORT = "support@n.example";
const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${emu.url}/_emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
};
const customer = (extra: Record<string, unknown> = {}) => ({
  from: { emailAddress: { address: "jordan@contoso.example", name: "Jordan" } },
  toRecipients: to(SUPPORT),
  subject: "Order 42",
  body: { contentType: "text", content: "When?" },
  ...extra,
});
const thread = (inReplyTo: string, references: string) => [
  { id: "String 0x1042", value: inReplyTo },
  { id: "String 0x1039", value: references },
];

/** Adele creates a reply in her Drafts naming `extended`, and sends it from support@. */
async function sendReply(extended?: { id: string; value: string }[]) {
  const created = await call("POST", "/v1.0/me/messages", {
    body: plainMessage({
      subject: "RE: Order 42",
      toRecipients: to("jordan@contoso.example"),
      from: fromAddress(SUPPORT),
      ...(extended ? { singleValueExtendedProperties: extended } : {}),
    }),
  });
  expect(created.status).toBe(201);
  const sent = await call("POST", `/v1.0/me/messages/${created.json.id}/send`);
  expect(sent.status).toBe(202);
  return emu.deliveries().at(-1)!;
}

describe("the Inbox and the thread a reply joins", () => {
  it("control POST mailboxes/{address}/inbox: 201 with the message as stored; listed in the Inbox, through Graph too", async () => {
    const made = await control("POST", `mailboxes/${SUPPORT}/inbox`, {
      message: customer({ internetMessageId: "<q-1@contoso.example>" }),
    });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({
      owner: SUPPORT,
      folder: "inbox",
      isDraft: false,
      subject: "Order 42",
      internetMessageId: "<q-1@contoso.example>",
      inReplyTo: null,
      references: null,
      from: { emailAddress: { address: "jordan@contoso.example" } },
    });
    expect(made.json.conversationId).toEqual(expect.any(String));
    const listed = await control("GET", `mailboxes/${SUPPORT}/inbox`);
    expect(listed.json.map((m: { id: string }) => m.id)).toEqual([made.json.id]);
    // Adele has Full Access to support@: she sees it in its Inbox through Graph.
    const graph = await call("GET", `/v1.0/users/${SUPPORT}/mailFolders/inbox/messages`);
    expect(graph.json.value.map((m: { conversationId: string }) => m.conversationId)).toEqual([
      made.json.conversationId,
    ]);
    expect(emu.drafts(SUPPORT)).toEqual([]);
  });

  it("refuses a message without from, and a group (no Inbox)", async () => {
    const noFrom: Record<string, unknown> = customer();
    delete noFrom.from;
    expect((await control("POST", `mailboxes/${SUPPORT}/inbox`, { message: noFrom })).status).toBe(
      400
    );
    expect(
      (await control("POST", "mailboxes/all-staff@n.example/inbox", { message: customer() })).status
    ).toBe(400);
    expect((await control("POST", `mailboxes/${SUPPORT}/inbox`, {})).status).toBe(400);
  });

  it("a reply naming the original joins its conversation; one naming nothing starts its own", async () => {
    const original = emu.receive(SUPPORT, customer({ internetMessageId: "<q-1@contoso.example>" }));
    const reply = await sendReply(thread("<q-1@contoso.example>", "<q-1@contoso.example>"));
    expect(reply.conversationId).toBe(original.conversationId);
    expect(emu.sentItems(ADELE)[0]).toMatchObject({
      conversationId: original.conversationId,
      inReplyTo: "<q-1@contoso.example>",
      references: "<q-1@contoso.example>",
    });
    const loose = await sendReply();
    expect(loose.conversationId).not.toBe(original.conversationId);
  });

  it("an original that is itself a reply: the conversation is the thread's first message's", async () => {
    const first = emu.receive(SUPPORT, customer({ internetMessageId: "<q-1@contoso.example>" }));
    const second = emu.receive(
      SUPPORT,
      customer({
        internetMessageId: "<q-2@contoso.example>",
        singleValueExtendedProperties: thread("<q-1@contoso.example>", "<q-1@contoso.example>"),
      })
    );
    expect(second.conversationId).toBe(first.conversationId);
    const reply = await sendReply(
      thread("<q-2@contoso.example>", "<q-1@contoso.example> <q-2@contoso.example>")
    );
    expect(reply.conversationId).toBe(second.conversationId);
    // Another customer's thread stays apart.
    const other = emu.receive(SUPPORT, customer({ internetMessageId: "<z-9@fabrikam.example>" }));
    expect(other.conversationId).not.toBe(first.conversationId);
  });
});
