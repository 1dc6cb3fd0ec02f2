// The simulated Outlook's Reply, Reply all and Forward (dev/playground/outlook-reply.ts): what
// Outlook fills in, and the thread the draft carries.
import type { StoredMessage } from "../../../dev/graph-emulator/types";
import { composeResponse } from "../../../dev/playground/outlook-reply";

const SUPPORT = { address: "support@northwind.example", displayName: "Customer Support" };
const ALEX = { address: "alex.wilber@northwind.example", displayName: "Alex Wilber" };
const who = (address: string, name?: string) => ({
  emailAddress: name ? { address, name } : { address },
});

function original(extra: Partial<StoredMessage> = {}): StoredMessage {
  return {
    id: "AAMk-1",
    ewsId: "AAMk/1",
    owner: SUPPORT.address,
    folder: "inbox",
    isDraft: false,
    subject: "Order 4711",
    body: { contentType: "text", content: "When <soon>?" },
    importance: "normal",
    from: who("jordan@contoso.example", "Jordan <Contoso>"),
    sender: who("jordan@contoso.example"),
    toRecipients: [who(SUPPORT.address), who("kim@contoso.example")],
    ccRecipients: [who("procurement@contoso.example"), who(ALEX.address)],
    bccRecipients: [],
    replyTo: [],
    attachments: [],
    internetMessageId: "<q-2@contoso.example>",
    conversationId: "AAQkADconv1",
    conversationIndex: Buffer.from([1, ...Array(21).fill(7)]).toString("base64"),
    inReplyTo: "<q-1@contoso.example>",
    references: "<q-1@contoso.example>",
    createdDateTime: "2026-11-30T10:00:00Z",
    lastModifiedDateTime: "2026-11-30T10:00:00Z",
    sentDateTime: "2026-11-30T10:00:00Z",
    ...extra,
  };
}

describe("Outlook's response to a received message", () => {
  it("reply: to the sender only, RE: once, the thread extended by the original's id", () => {
    const r = composeResponse({ kind: "reply", folder: SUPPORT, original: original() }, ALEX);
    expect(r).toMatchObject({
      subject: "RE: Order 4711",
      to: ["jordan@contoso.example"],
      cc: [],
      thread: {
        inReplyTo: "<q-2@contoso.example>",
        references: "<q-1@contoso.example> <q-2@contoso.example>",
        conversationId: "AAQkADconv1",
      },
      attachments: [],
    });
    // Outlook's Thread-Index: the original's and a 5-byte child block; the thread's topic.
    const index = Buffer.from(r.thread.conversationIndex!, "base64");
    const parent = Buffer.from(original().conversationIndex, "base64");
    expect(index).toHaveLength(parent.length + 5);
    expect(index.subarray(0, parent.length)).toEqual(parent);
    expect(r.thread.conversationTopic).toBe("Order 4711");
    expect(
      composeResponse(
        { kind: "reply", folder: SUPPORT, original: original({ subject: "RE: Order 4711" }) },
        ALEX
      ).subject
    ).toBe("RE: Order 4711");
  });

  it("reply all: everyone else, never the mailbox replying nor the user", () => {
    const r = composeResponse({ kind: "replyAll", folder: SUPPORT, original: original() }, ALEX);
    expect(r.to).toEqual(["jordan@contoso.example", "kim@contoso.example"]);
    expect(r.cc).toEqual(["procurement@contoso.example"]);
  });

  it("forward: no recipients, FW:, the attachments along, still in the thread", () => {
    const file = { name: "order.txt", contentType: "text/plain", contentBytes: "b3JkZXI=" };
    const r = composeResponse(
      {
        kind: "forward",
        folder: SUPPORT,
        original: original({ references: null }),
        attachments: [file],
      },
      ALEX
    );
    expect(r).toMatchObject({
      subject: "FW: Order 4711",
      to: [],
      cc: [],
      attachments: [file],
      thread: { inReplyTo: "<q-2@contoso.example>", references: "<q-2@contoso.example>" },
    });
  });

  it("quotes the original as text, never as markup from outside", () => {
    const r = composeResponse({ kind: "reply", folder: SUPPORT, original: original() }, ALEX);
    expect(r.quote).toContain("Jordan &lt;Contoso&gt;");
    expect(r.quote).toContain("When &lt;soon&gt;?");
    expect(r.quote).not.toContain("<soon>");
  });
});
