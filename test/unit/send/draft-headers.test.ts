// "Copy in <mailbox>'s Sent Items" and the draft's internet headers as Graph shows them in the
// field: not in a draft's internetMessageHeaders (microsoft-graph-docs#3066, office-js-docs-pr
// #5057), only in its MIME (GET …/$value), where the label's msip_labels header is too
// (rev12b findings 1 and 2).
import { randomBytes } from "crypto";
import { toSmtpAddress } from "../../../src/core/address";
import { explainGraphFailure } from "../../../src/core/send-errors";
import type { Mailbox, SendMode } from "../../../src/core/model";
import { createSendService, SendOutcome } from "../../../src/graph";
import {
  issueTestToken,
  RunningGraphEmulator,
  startGraphEmulator,
} from "../../../dev/graph-emulator";
import { ALEX_MAILBOXES } from "../../fixtures/northwind";
import { northwindTenant } from "../../fixtures/northwind-tenant";

const ALEX = toSmtpAddress("alex.wilber@northwind.example");
const SUPPORT = "support@northwind.example";
const LABEL = "9f2a6c1e-4b7d-4e8a-b0c3-5d1f7a2e6b94";
const support = ALEX_MAILBOXES.find((m) => m.address === SUPPORT) as Mailbox;

let emu: RunningGraphEmulator;
beforeAll(async () => {
  emu = await startGraphEmulator(northwindTenant(), { port: 0 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset(northwindTenant()));

/** What the add-in set with item.internetHeaders.setAsync: Outlook keeps them on the draft. */
const ADDIN_HEADERS = [
  { name: "x-customer-ticket", value: "4711" },
  // Long enough for Exchange to fold it in the MIME (RFC 5322 2.2.3).
  {
    name: "X-Classification",
    value: "internal; reviewed-by=compliance; retention=seven-years; source=crm export 2026-11",
  },
];

interface Options {
  headers?: { name: string; value: string }[];
  label?: string;
  /** What Office says about the label: true/false, null (cannot tell), or "throws". */
  office?: boolean | null | "throws";
  attachments?: Parameters<RunningGraphEmulator["createDraft"]>[2];
}

function harness(o: Options = {}) {
  let draft: string | null = null;
  const requests: string[] = [];
  const service = createSendService({
    graphUrl: `${emu.url}/v1.0`,
    tokens: { getToken: async () => issueTestToken({ preferred_username: ALEX }) },
    compose: {
      async saveDraft() {
        draft ??= emu.createDraft(
          ALEX,
          {
            subject: "Order 42",
            body: { contentType: "text", content: "Your order has shipped." },
            toRecipients: [{ emailAddress: { address: "jordan@contoso.example" } }],
          },
          o.attachments ?? [],
          { sensitivityLabel: o.label, internetHeaders: o.headers }
        ).id;
        return draft;
      },
      labelled: async () => {
        if (o.office === "throws") throw new Error("sensitivityLabel.getAsync failed");
        return o.office === undefined ? !!o.label : o.office;
      },
      close: async () => undefined,
    },
    onRequest: (r) => requests.push(`${r.method} ${r.path}`),
    sleep: async () => undefined,
  });
  return {
    send: (mode: SendMode): Promise<SendOutcome> => service.send(support, mode, () => undefined),
    draftId: () => draft!,
    requests,
  };
}

const token = () => issueTestToken({ preferred_username: ALEX });
const graph = (path: string) =>
  fetch(`${emu.url}/v1.0${path}`, { headers: { Authorization: `Bearer ${token()}` } });

describe("the emulator shows a draft's headers as Graph does in the field", () => {
  it("not in internetMessageHeaders of a draft; in its MIME, folded, with msip_labels", async () => {
    const { id } = emu.createDraft(ALEX, { subject: "Order 42" }, [], {
      internetHeaders: ADDIN_HEADERS,
      sensitivityLabel: LABEL,
    });
    const json = await (
      await graph(`/me/messages/${encodeURIComponent(id)}?$select=subject,internetMessageHeaders`)
    ).json();
    expect(json.subject).toBe("Order 42");
    expect(json).not.toHaveProperty("internetMessageHeaders");
    const mime = await (await graph(`/me/messages/${encodeURIComponent(id)}/$value`)).text();
    const head = mime.slice(0, mime.indexOf("\r\n\r\n"));
    expect(head).toContain("x-customer-ticket: 4711");
    // Folded: the long value spans lines that start with white space.
    expect(head).toMatch(/X-Classification: [^\r\n]+\r\n [^\r\n]+/);
    expect(head).toContain(`msip_labels: MSIP_Label_${LABEL}_Enabled=True;`);
    // The named property Graph also shows (singleValueExtendedProperties).
    const prop = "String {00020386-0000-0000-C000-000000000046} Name msip_labels";
    const ext = await (
      await graph(
        `/me/messages/${encodeURIComponent(id)}?$expand=singleValueExtendedProperties($filter=id eq '${prop}')`
      )
    ).json();
    expect(ext.singleValueExtendedProperties).toEqual([
      { id: prop, value: expect.stringContaining(`MSIP_Label_${LABEL}_Enabled=True`) },
    ]);
  });
});

describe("x- headers through the mailbox", () => {
  it("are carried from the draft's MIME although Graph returns no internetMessageHeaders for the draft", async () => {
    const h = harness({ headers: ADDIN_HEADERS });
    const outcome = await h.send("mailbox");
    expect(outcome).toEqual({ ok: true, copies: ["mailbox"], confirmedLate: false });
    const [d] = emu.deliveries();
    expect(d.endpoint.mailbox).toBe(SUPPORT);
    // Exactly the add-in's headers, unfolded; none of Exchange's own rendering headers
    // (X-MS-Has-Attach, X-MS-TNEF-Correlator) copied in as custom ones.
    expect(d.internetMessageHeaders).toEqual(ADDIN_HEADERS);
    // One request for the header block.
    expect(h.requests.filter((r) => r.endsWith("/$value"))).toEqual([
      `GET /me/messages/${encodeURIComponent(h.draftId())}/$value`,
    ]);
  });

  it.each([
    ["a 500 on every try", { kind: "status", status: 500, code: "generalException" }],
    ["a dropped connection", { kind: "drop" }],
  ] as const)(
    "the MIME cannot be read (%s): not sent, not recreated, a true and retryable reason with 'mine' offered",
    async (_, fault) => {
      emu.setFaults([{ match: "GET */messages/*/$value", times: "always", ...fault }]);
      const h = harness({ headers: ADDIN_HEADERS });
      const outcome = await h.send("mailbox");
      expect(outcome).toMatchObject({
        ok: false,
        draftIntact: true,
        failedAt: "reading",
        error: { code: "draftHeadersUnreadable" },
      });
      expect(emu.deliveries()).toEqual([]);
      expect(emu.drafts(SUPPORT)).toEqual([]);
      expect(emu.drafts(ALEX)).toHaveLength(1);
      if (outcome.ok || !("failedAt" in outcome)) throw new Error("unexpected outcome");
      const problem = explainGraphFailure(outcome.error, {
        mailbox: support,
        user: ALEX,
        throughMailbox: true,
        failedAt: outcome.failedAt,
      });
      expect(problem).toMatchObject({
        code: "draftHeadersUnreadable",
        retryable: true,
        offerMode: "mine",
      });
      expect(problem.adminFix).toBeUndefined();
      // The offered way sends the draft itself, headers and all.
      emu.setFaults([]);
      expect((await h.send("mine")).ok).toBe(true);
      expect(emu.deliveries()[0].internetMessageHeaders).toEqual(ADDIN_HEADERS);
    }
  );

  it("the header block is read, not the 30 MB of attachments after it: the download is cancelled", async () => {
    const big = randomBytes(30 * 1024 * 1024);
    const h = harness({
      headers: ADDIN_HEADERS,
      // Office cannot tell; the MIME shows the label, so nothing more is needed from it.
      label: LABEL,
      office: null,
      attachments: [
        {
          "@odata.type": "#microsoft.graph.fileAttachment",
          name: "archive.bin",
          contentType: "application/octet-stream",
          bytes: big,
        },
      ],
    });
    expect(await h.send("mailbox")).toMatchObject({
      ok: false,
      cannotCarry: [{ why: "sensitivityLabel" }],
    });
    const mimeEntry = () =>
      emu.requestLog().filter((e) => /\/messages\/[^/]+\/\$value$/.test(e.path))[0];
    // The emulator learns of the cancel when the socket closes, which may come after the answer.
    for (let i = 0; i < 500 && !mimeEntry().cancelled; i++)
      await new Promise((r) => setTimeout(r, 20));
    const entry = mimeEntry();
    expect(entry).toMatchObject({ status: 200, cancelled: true });
    // base64 makes the attachment 40 MB of MIME; what was written before the client left is what
    // the socket buffers held, far from the whole.
    expect(entry.bytesOut).toBeLessThan(big.length / 2);
  });
});

describe("a sensitivity label Office cannot tell about", () => {
  it.each([null, "throws", false] as const)(
    "Office says %s, the draft's MIME carries msip_labels: refused before anything is created, 'mine' delivers it with its label",
    async (office) => {
      const h = harness({ label: LABEL, office });
      expect(await h.send("mailbox")).toMatchObject({
        ok: false,
        draftIntact: true,
        cannotCarry: [{ name: "", why: "sensitivityLabel" }],
      });
      expect(emu.deliveries()).toEqual([]);
      expect(emu.drafts(SUPPORT)).toEqual([]);
      expect(emu.drafts(ALEX)).toHaveLength(1);
      expect((await h.send("mine")).ok).toBe(true);
      expect(emu.deliveries()[0].sensitivityLabel).toBe(LABEL);
    }
  );

  it("Office cannot tell and the draft has no label: sent through the mailbox, headers carried", async () => {
    const h = harness({ headers: ADDIN_HEADERS, office: null });
    expect((await h.send("mailbox")).ok).toBe(true);
    const [d] = emu.deliveries();
    expect(d.sensitivityLabel).toBeNull();
    expect(d.internetMessageHeaders).toEqual(ADDIN_HEADERS);
  });
});

describe("more than five x- headers through the mailbox (Graph takes five: Microsoft Q&A 762243)", () => {
  const seven = Array.from({ length: 7 }, (_, i) => ({
    name: `x-routing-${i + 1}`,
    value: `hop ${i + 1}`,
  }));

  it("refused before anything is created in the mailbox, naming the headers; 'mine' delivers all seven", async () => {
    const h = harness({ headers: seven });
    const outcome = await h.send("mailbox");
    expect(outcome).toMatchObject({ ok: false, draftIntact: true });
    if (outcome.ok || !("cannotCarry" in outcome)) throw new Error("unexpected outcome");
    expect(outcome.cannotCarry).toEqual(seven.map((x) => ({ name: x.name, why: "customHeader" })));
    // Nothing was written into the mailbox: no create, no leftover, nothing delivered.
    expect(h.requests.filter((r) => /^(POST|PATCH|PUT) /.test(r))).toEqual([]);
    expect(emu.drafts(SUPPORT)).toEqual([]);
    expect(emu.deliveries()).toEqual([]);
    expect((await h.send("mine")).ok).toBe(true);
    expect(emu.deliveries()[0].internetMessageHeaders).toEqual(seven);
  });

  it("exactly five: recreated in the mailbox with all of them", async () => {
    const five = seven.slice(0, 5);
    const h = harness({ headers: five });
    expect(await h.send("mailbox")).toEqual({
      ok: true,
      copies: ["mailbox"],
      confirmedLate: false,
    });
    expect(emu.deliveries()[0].internetMessageHeaders).toEqual(five);
    expect(emu.deliveries()[0].endpoint.mailbox).toBe(SUPPORT);
  });
});
