// Send As vs Send on Behalf, the Full Access rule, and where the Sent Items copy lands.
import type { RunningGraphEmulator } from "../../../dev/graph-emulator";
import {
  ADELE,
  MEGAN,
  client,
  fromAddress,
  plainMessage,
  token,
  withEmulator,
  type Reply,
} from "./helpers";

let emu: RunningGraphEmulator;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  emu = await withEmulator();
  call = client(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const sendMail = (
  path: string,
  message: Record<string, unknown>,
  extra: Record<string, unknown> = {}
) => call("POST", `/v1.0/${path}/sendMail`, { body: { message, ...extra } });

const addressesOf = (owner: string) => emu.sentItems(owner).map((m) => m.subject);

function expectGraphError(reply: Reply, status: number, code: string, message: string) {
  expect(reply.status).toBe(status);
  expect(reply.json.error.code).toBe(code);
  expect(reply.json.error.message).toBe(message);
}

describe("who recipients see", () => {
  it("Send As: sender and from are both the mailbox", async () => {
    const r = await sendMail("me", plainMessage({ from: fromAddress("support@n.example") }));
    expect(r.status).toBe(202);
    const [d] = emu.deliveries();
    expect(d.from.emailAddress).toEqual({ name: "Customer Support", address: "support@n.example" });
    expect(d.sender).toEqual(d.from);
    expect(d.rightUsed).toBe("SendAs");
  });

  it("Send on Behalf: sender is the user, from the mailbox", async () => {
    expect(
      (await sendMail("me", plainMessage({ from: fromAddress("sales@n.example") }))).status
    ).toBe(202);
    const [d] = emu.deliveries();
    expect(d.from.emailAddress.address).toBe("sales@n.example");
    expect(d.sender.emailAddress).toEqual({ name: "Adele Vance", address: ADELE });
    expect(d.rightUsed).toBe("SendOnBehalf");
  });

  it("Send As wins when both rights are granted", async () => {
    await sendMail("me", plainMessage({ from: fromAddress("both@n.example") }));
    const [d] = emu.deliveries();
    expect(d.rightUsed).toBe("SendAs");
    expect(d.sender.emailAddress.address).toBe("both@n.example");
  });

  it("the user's own alias needs no right and is sent as the user", async () => {
    expect((await sendMail("me", plainMessage({ from: fromAddress("av@n.example") }))).status).toBe(
      202
    );
    const [d] = emu.deliveries();
    expect(d.rightUsed).toBe("none");
    expect(d.from.emailAddress.address).toBe("av@n.example");
    expect(d.sender).toEqual(d.from);
  });

  it("without from, the message is from the signed-in user", async () => {
    await sendMail("me", plainMessage());
    const [d] = emu.deliveries();
    expect(d.from.emailAddress.address).toBe(ADELE);
    expect(d.sender.emailAddress.address).toBe(ADELE);
  });

  it("groups can be sent from with a right on the group", async () => {
    await sendMail("me", plainMessage({ from: fromAddress("all-staff@n.example") }));
    await sendMail("me", plainMessage({ from: fromAddress("falcon@n.example") }));
    const [dl, m365] = emu.deliveries();
    expect([dl.rightUsed, dl.sender.emailAddress.address]).toEqual([
      "SendAs",
      "all-staff@n.example",
    ]);
    expect([m365.rightUsed, m365.sender.emailAddress.address]).toEqual(["SendOnBehalf", ADELE]);
  });

  it("records what recipients get: recipients, body, importance, reply-to", async () => {
    await sendMail("me", {
      subject: "Fidelity",
      body: { contentType: "HTML", content: "<p>Bonjour <b>Megan</b></p>" },
      importance: "High",
      toRecipients: [{ emailAddress: { address: MEGAN, name: "Megan" } }],
      ccRecipients: [{ emailAddress: { address: "cc@outside.example" } }],
      bccRecipients: [{ emailAddress: { address: "bcc@outside.example" } }],
      replyTo: [{ emailAddress: { address: "support@n.example" } }],
    });
    const [d] = emu.deliveries();
    expect(d.body).toEqual({ contentType: "html", content: "<p>Bonjour <b>Megan</b></p>" });
    expect(d.importance).toBe("high");
    expect(d.toRecipients).toEqual([{ emailAddress: { address: MEGAN, name: "Megan" } }]);
    expect(d.ccRecipients[0].emailAddress.address).toBe("cc@outside.example");
    expect(d.bccRecipients[0].emailAddress.address).toBe("bcc@outside.example");
    expect(d.replyTo[0].emailAddress.address).toBe("support@n.example");
    expect(d.internetMessageId).toMatch(/^<.+@.+>$/);
    expect(d.endpoint).toEqual({
      method: "POST",
      path: "/v1.0/me/sendMail",
      via: "sendMail",
      mailbox: ADELE,
    });
  });
});

describe("ErrorSendAsDenied", () => {
  it("answers with exactly the documented body when the user has no send right", async () => {
    const r = await sendMail("me", plainMessage({ from: fromAddress("legal@n.example") }));
    expect(r.status).toBe(403);
    expect(Object.keys(r.json)).toEqual(["error"]);
    expect(Object.keys(r.json.error)).toEqual(["code", "message", "innerError"]);
    expect(Object.keys(r.json.error.innerError)).toEqual(["request-id", "date"]);
    expect(r.json.error.code).toBe("ErrorSendAsDenied");
    expect(r.json.error.message).toBe(
      "The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account. Cannot submit message."
    );
    expect(r.json.error.innerError["request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.json.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(r.headers.get("request-id")).toBe(r.json.error.innerError["request-id"]);
    expect(emu.deliveries()).toEqual([]);
    expect(emu.sentItems(ADELE)).toEqual([]);
  });

  it("denies unknown addresses and groups without a right", async () => {
    for (const from of ["stranger@outside.example", "finance@n.example"]) {
      const r = await sendMail("me", plainMessage({ from: fromAddress(from) }));
      expect([r.status, r.json.error.code]).toEqual([403, "ErrorSendAsDenied"]);
    }
  });

  it("echoes client-request-id when the client sends one", async () => {
    const r = await call("POST", "/v1.0/me/sendMail", {
      body: { message: plainMessage({ from: fromAddress("legal@n.example") }) },
      headers: { "client-request-id": "abc-123" },
    });
    expect(r.json.error.innerError["client-request-id"]).toBe("abc-123");
    expect(r.headers.get("client-request-id")).toBe("abc-123");
  });
});

describe("/users/{mailbox}", () => {
  it("needs Full Access even with Send As", async () => {
    const r = await sendMail("users/hr@n.example", plainMessage());
    expectGraphError(
      r,
      403,
      "ErrorAccessDenied",
      "Access is denied. Check credentials and try again."
    );
    expect(emu.deliveries()).toEqual([]);
  });

  it("Full Access alone does not allow sending", async () => {
    const r = await sendMail("users/legal@n.example", plainMessage());
    expect([r.status, r.json.error.code]).toEqual([403, "ErrorSendAsDenied"]);
  });

  it("needs the .Shared scopes", async () => {
    const narrow = token({ scopes: ["Mail.Send", "Mail.ReadWrite"] });
    const r = await call("POST", "/v1.0/users/support@n.example/sendMail", {
      body: { message: plainMessage() },
      auth: narrow,
    });
    expect([r.status, r.json.error.code]).toEqual([403, "ErrorAccessDenied"]);
    const viaMe = await call("POST", "/v1.0/me/sendMail", {
      body: { message: plainMessage({ from: fromAddress("support@n.example") }) },
      auth: narrow,
    });
    expect([viaMe.status, viaMe.json.error.code]).toEqual([403, "ErrorAccessDenied"]);
  });

  it("groups have no mailbox: Request_ResourceNotFound", async () => {
    const r = await sendMail("users/all-staff@n.example", plainMessage());
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe("Request_ResourceNotFound");
    expect(r.json.error.message).toContain("all-staff@n.example");
  });

  it("a mailbox not enabled for REST answers MailboxNotEnabledForRESTAPI", async () => {
    const r = await sendMail("users/onprem@n.example", plainMessage());
    expectGraphError(
      r,
      404,
      "MailboxNotEnabledForRESTAPI",
      "The mailbox is either inactive, soft-deleted, or is hosted on-premise."
    );
  });

  it("accepts the directory id, the address and an alias for the signed-in user", async () => {
    const me = await call("GET", "/v1.0/me");
    expect(me.json.mail).toBe(ADELE);
    for (const id of [me.json.id, ADELE, "av@n.example"]) {
      expect((await sendMail(`users/${id}`, plainMessage({ subject: id }))).status).toBe(202);
    }
    expect(addressesOf(ADELE)).toHaveLength(3);
  });

  it("room mailboxes work like shared ones", async () => {
    expect((await sendMail("users/boardroom@n.example", plainMessage())).status).toBe(202);
    expect(emu.sentItems("boardroom@n.example")).toHaveLength(1);
  });
});

describe("Sent Items placement", () => {
  it("/me: the copy goes to the user's Sent Items only", async () => {
    await sendMail("me", plainMessage({ subject: "s1", from: fromAddress("support@n.example") }));
    expect(addressesOf(ADELE)).toEqual(["s1"]);
    expect(emu.sentItems("support@n.example")).toEqual([]);
    const [copy] = emu.sentItems(ADELE);
    expect(copy.isDraft).toBe(false);
    expect(copy.from?.emailAddress.address).toBe("support@n.example");
    expect(copy.internetMessageId).toBe(emu.deliveries()[0].internetMessageId);
  });

  it("/users/{mailbox}: the copy goes to the mailbox's Sent Items, not the user's", async () => {
    await sendMail("users/support@n.example", plainMessage({ subject: "s2" }));
    expect(addressesOf("support@n.example")).toEqual(["s2"]);
    expect(emu.sentItems(ADELE)).toEqual([]);
    const [d] = emu.deliveries();
    expect(d.from.emailAddress.address).toBe("support@n.example");
    expect(d.sentItemsCopies).toEqual(["support@n.example"]);
  });

  it("saveToSentItems false: no copy at all (also as the documented string)", async () => {
    await sendMail("me", plainMessage({ from: fromAddress("support@n.example") }), {
      saveToSentItems: false,
    });
    await sendMail("users/support@n.example", plainMessage(), { saveToSentItems: "false" });
    expect(emu.deliveries()).toHaveLength(2);
    expect(emu.sentItems(ADELE)).toEqual([]);
    expect(emu.sentItems("support@n.example")).toEqual([]);
  });

  it("MessageCopyForSentAsEnabled: the mailbox gets a copy too, even with saveToSentItems false", async () => {
    await sendMail("me", plainMessage({ subject: "a", from: fromAddress("billing@n.example") }));
    expect(addressesOf(ADELE)).toEqual(["a"]);
    expect(addressesOf("billing@n.example")).toEqual(["a"]);
    await sendMail("me", plainMessage({ subject: "b", from: fromAddress("billing@n.example") }), {
      saveToSentItems: false,
    });
    expect(addressesOf(ADELE)).toEqual(["a"]);
    expect(addressesOf("billing@n.example")).toEqual(["b", "a"]);
    expect(emu.deliveries()[1].sentItemsCopies).toEqual(["billing@n.example"]);
  });

  it("MessageCopyForSendOnBehalfEnabled: copy for Send on Behalf", async () => {
    await sendMail("me", plainMessage({ subject: "p", from: fromAddress("press@n.example") }));
    expect(addressesOf(ADELE)).toEqual(["p"]);
    expect(addressesOf("press@n.example")).toEqual(["p"]);
  });

  it("a flag for the other right does not copy", async () => {
    // quiet@ copies Send As only; Adele has Send on Behalf there.
    await sendMail("me", plainMessage({ from: fromAddress("quiet@n.example") }));
    expect(emu.sentItems("quiet@n.example")).toEqual([]);
    expect(emu.sentItems(ADELE)).toHaveLength(1);
  });

  it("never two copies in one folder", async () => {
    await sendMail("users/billing@n.example", plainMessage({ subject: "once" }));
    expect(addressesOf("billing@n.example")).toEqual(["once"]);
    expect(emu.deliveries()[0].sentItemsCopies).toEqual(["billing@n.example"]);
  });

  it("groups and lists have no Sent Items", async () => {
    await sendMail("me", plainMessage({ subject: "dl", from: fromAddress("all-staff@n.example") }));
    expect(addressesOf(ADELE)).toEqual(["dl"]);
    expect(emu.sentItems("all-staff@n.example")).toEqual([]);
    expect(emu.deliveries()[0].sentItemsCopies).toEqual([ADELE]);
  });

  it("GET mailFolders/sentitems/messages lists the copies, newest first, $top and $select honoured", async () => {
    for (const subject of ["one", "two", "three"]) {
      await sendMail("users/support@n.example", plainMessage({ subject }));
    }
    const r = await call(
      "GET",
      "/v1.0/users/support@n.example/mailFolders/SentItems/messages?$top=2&$select=subject,from"
    );
    expect(r.status).toBe(200);
    expect(r.json.value.map((m: { subject: string }) => m.subject)).toEqual(["three", "two"]);
    expect(Object.keys(r.json.value[0]).sort()).toEqual(["from", "id", "subject"]);
    const mine = await call("GET", "/v1.0/me/mailFolders/sentitems/messages");
    expect(mine.json.value).toEqual([]);
  });

  it("reading another mailbox's folders needs Full Access", async () => {
    const r = await call("GET", "/v1.0/users/hr@n.example/mailFolders/sentitems/messages");
    expect([r.status, r.json.error.code]).toEqual([403, "ErrorAccessDenied"]);
  });
});

describe("drafts", () => {
  const create = (path: string, message: Record<string, unknown>) =>
    call("POST", `/v1.0/${path}/messages`, { body: message });

  it("create, patch, read, send: the draft leaves Drafts and its id stops resolving", async () => {
    const created = await create("me", { subject: "draft", toRecipients: [] });
    expect(created.status).toBe(201);
    expect(created.json.isDraft).toBe(true);
    const id = created.json.id as string;
    expect(emu.drafts(ADELE).map((m) => m.id)).toEqual([id]);

    const patched = await call("PATCH", `/v1.0/me/messages/${encodeURIComponent(id)}`, {
      body: {
        from: fromAddress("sales@n.example"),
        toRecipients: [{ emailAddress: { address: MEGAN } }],
        body: { contentType: "html", content: "<p>x</p>" },
        importance: "low",
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.from.emailAddress.address).toBe("sales@n.example");
    const read = await call("GET", `/v1.0/me/messages/${id}?$select=subject,importance`);
    expect([read.json.subject, read.json.importance]).toEqual(["draft", "low"]);

    const sent = await call("POST", `/v1.0/me/messages/${id}/send`);
    expect(sent.status).toBe(202);
    expect(emu.drafts(ADELE)).toEqual([]);
    const [copy] = emu.sentItems(ADELE);
    expect(copy.id).not.toBe(id);
    const gone = await call("GET", `/v1.0/me/messages/${id}`);
    expectGraphError(
      gone,
      404,
      "ErrorItemNotFound",
      "The specified object was not found in the store."
    );
    const again = await call("POST", `/v1.0/me/messages/${id}/send`);
    expect(again.status).toBe(404);
    expect(emu.deliveries()).toHaveLength(1);
    const [d] = emu.deliveries();
    expect([d.rightUsed, d.endpoint.via, d.sender.emailAddress.address]).toEqual([
      "SendOnBehalf",
      "send",
      ADELE,
    ]);
  });

  it("a draft in the shared mailbox, sent through /users, files its copy there", async () => {
    const created = await create("users/support@n.example", plainMessage({ subject: "shared" }));
    expect(created.status).toBe(201);
    expect(emu.drafts("support@n.example")).toHaveLength(1);
    const sent = await call(
      "POST",
      `/v1.0/users/support@n.example/messages/${created.json.id}/send`
    );
    expect(sent.status).toBe(202);
    expect(addressesOf("support@n.example")).toEqual(["shared"]);
    expect(emu.sentItems(ADELE)).toEqual([]);
    expect(emu.deliveries()[0].from.emailAddress.address).toBe("support@n.example");
  });

  it("a failed send keeps the draft", async () => {
    const { id } = emu.createDraft(ADELE, plainMessage({ from: fromAddress("legal@n.example") }));
    const r = await call("POST", `/v1.0/me/messages/${id}/send`);
    expect(r.json.error.code).toBe("ErrorSendAsDenied");
    expect(emu.drafts(ADELE).map((m) => m.id)).toEqual([id]);
  });

  it("createDraft returns the REST id Graph takes and the EWS id Outlook reports", async () => {
    const { id, ewsId } = emu.createDraft(ADELE, plainMessage());
    expect(id).toBe(ewsId.replace(/\//g, "-").replace(/\+/g, "_"));
    expect(id).not.toBe(ewsId);
    expect((await call("GET", `/v1.0/me/messages/${id}`)).status).toBe(200);
  });

  it("a shared mailbox's item id under /me is ErrorInvalidMailboxItemId", async () => {
    const { id } = emu.createDraft("support@n.example", plainMessage());
    const r = await call("GET", `/v1.0/me/messages/${id}`);
    expect([r.status, r.json.error.code]).toEqual([400, "ErrorInvalidMailboxItemId"]);
  });

  it("drafts in another mailbox need Full Access to be touched", async () => {
    const { id } = emu.createDraft("hr@n.example", plainMessage());
    const r = await call("GET", `/v1.0/users/hr@n.example/messages/${id}`);
    expect([r.status, r.json.error.code]).toEqual([403, "ErrorAccessDenied"]);
    const c = await create("users/hr@n.example", plainMessage());
    expect(c.status).toBe(403);
  });

  it("DELETE removes a draft", async () => {
    const { id } = emu.createDraft(ADELE, plainMessage());
    expect((await call("DELETE", `/v1.0/me/messages/${id}`)).status).toBe(204);
    expect(emu.drafts(ADELE)).toEqual([]);
  });

  it("sending with no recipients is refused and keeps the draft", async () => {
    const { id } = emu.createDraft(ADELE, { subject: "nobody" });
    const r = await call("POST", `/v1.0/me/messages/${id}/send`);
    expect([r.status, r.json.error.code]).toEqual([400, "ErrorInvalidRecipients"]);
    expect(emu.drafts(ADELE)).toHaveLength(1);
  });
});
