// Messages that arrive in an Inbox and the replies to them: how Exchange files a message into a
// conversation (store.ts conversationOf): by its Thread-Index (PidTagConversationIndex, MS-OXOMSG
// 2.2.1.2) while its topic is the thread's (ecederstrand/exchangelib#1223), else by a parent its
// In-Reply-To / References name in the same mailbox; a message created through Graph from
// References alone elsewhere starts its own (Softeria/ms-365-mcp-server#652).
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

/** Outlook's Thread-Index on a reply to `original`: its index and a 5-byte child block. */
const replyIndex = (original: { conversationIndex: string }) => ({
  id: "Binary 0x0071",
  value: Buffer.concat([
    Buffer.from(original.conversationIndex, "base64"),
    Buffer.from([1, 2, 3, 4, 5]),
  ]).toString("base64"),
});

/** Adele creates a reply in her Drafts naming `extended`, and sends it from support@. */
async function sendReply(extended?: { id: string; value: string }[], subject = "RE: Order 42") {
  const created = await call("POST", "/v1.0/me/messages", {
    body: plainMessage({
      subject,
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

  it("a reply carrying the original's Thread-Index joins its conversation, from another mailbox too; one naming nothing starts its own", async () => {
    const original = emu.receive(SUPPORT, customer({ internetMessageId: "<q-1@contoso.example>" }));
    const reply = await sendReply([
      ...thread("<q-1@contoso.example>", "<q-1@contoso.example>"),
      replyIndex(original),
    ]);
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
    const reply = await sendReply([
      ...thread("<q-2@contoso.example>", "<q-1@contoso.example> <q-2@contoso.example>"),
      replyIndex(second),
    ]);
    expect(reply.conversationId).toBe(second.conversationId);
    // Another customer's thread stays apart.
    const other = emu.receive(SUPPORT, customer({ internetMessageId: "<z-9@fabrikam.example>" }));
    expect(other.conversationId).not.toBe(first.conversationId);
  });

  it("References alone, in a mailbox that does not hold the original: a conversation of its own (a message created through Graph loses its thread, Softeria/ms-365-mcp-server#652)", async () => {
    const original = emu.receive(SUPPORT, customer({ internetMessageId: "<q-1@contoso.example>" }));
    // Adele's draft names the original, which only support@ holds.
    const reply = await sendReply(thread("<q-1@contoso.example>", "<q-1@contoso.example>"));
    expect(reply.conversationId).not.toBe(original.conversationId);
    expect(reply.inReplyTo).toBe("<q-1@contoso.example>");
  });

  it("References in the mailbox that holds the original, same topic: joins; another topic: a conversation of its own, even with its Thread-Index (ecederstrand/exchangelib#1223)", async () => {
    const original = emu.receive(SUPPORT, customer({ internetMessageId: "<q-1@contoso.example>" }));
    const inSupport = (extended: { id: string; value: string }[], subject: string) =>
      call("POST", `/v1.0/users/${SUPPORT}/messages`, {
        body: plainMessage({
          subject,
          toRecipients: to("jordan@contoso.example"),
          singleValueExtendedProperties: extended,
        }),
      });
    const joined = await inSupport(
      thread("<q-1@contoso.example>", "<q-1@contoso.example>"),
      "RE: Order 42"
    );
    expect(joined.json.conversationId).toBe(original.conversationId);
    // The parent's index and a child block: Thread-Index grows by five bytes.
    expect(Buffer.from(joined.json.conversationIndex, "base64")).toHaveLength(
      Buffer.from(original.conversationIndex, "base64").length + 5
    );
    const renamed = await inSupport(
      [...thread("<q-1@contoso.example>", "<q-1@contoso.example>"), replyIndex(original)],
      "RE: [Orders] Order 42"
    );
    expect(renamed.json.conversationId).not.toBe(original.conversationId);
    // Unrelated messages of the same subject stay apart: Exchange does not thread by subject.
    const same = emu.receive(SUPPORT, customer({ internetMessageId: "<z-1@contoso.example>" }));
    expect(same.conversationId).not.toBe(original.conversationId);
  });
});
