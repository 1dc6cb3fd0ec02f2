// Before Send: whether an attached message has attachments of its own, read from Office's .eml
// of it (getAttachmentContentAsync), which "Copy in <mailbox>'s Sent Items" would lose.
import { droppedThroughMailbox } from "../../../src/core/fidelity";
import { readAttachments } from "../../../src/office/compose-attachments";

type Answer = { status: "succeeded"; value: unknown } | { status: "failed"; error: unknown };

function install(list: unknown[], contents: Record<string, Answer>) {
  (globalThis as unknown as { Office: unknown }).Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    context: {
      // Mailbox 1.13: every version up to it (compared as numbers, 1.8 < 1.13).
      requirements: {
        isSetSupported: (_: string, v: string) => Number(v.split(".")[1]) <= 13,
      },
      mailbox: {
        item: {
          getAttachmentsAsync: (cb: (r: Answer) => void) =>
            cb({ status: "succeeded", value: list }),
          getAttachmentContentAsync: (id: string, cb: (r: Answer) => void) => cb(contents[id]),
        },
      },
    },
  };
}
afterEach(() => {
  delete (globalThis as unknown as { Office?: unknown }).Office;
});

const eml = (...parts: string[]) =>
  `Subject: Contract\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n` +
  parts.map((p) => `--b\r\n${p}\r\n`).join("") +
  "--b--\r\n";
const item = (id: string, size = 30_000) => ({
  id,
  name: id,
  size,
  isInline: false,
  attachmentType: "item",
});
const content = (text: string): Answer => ({
  status: "succeeded",
  value: { format: "eml", content: text },
});

describe("attached messages before Send", () => {
  it("one whose .eml has a file, or an image referred to by Content-ID, has attachments of its own; a body part marked inline does not", async () => {
    install([item("with-file"), item("with-image"), item("plain"), item("text-inline")], {
      "with-file": content(
        eml(
          "Content-Type: text/plain\r\n\r\nSigned copy attached.",
          'Content-Type: application/pdf\r\nContent-Disposition: attachment;\r\n filename="contract.pdf"\r\n\r\nJVBERi0='
        )
      ),
      "with-image": content(
        eml(
          'Content-Type: text/html\r\n\r\n<img src="cid:logo">',
          "Content-Type: image/png\r\nContent-ID: <logo>\r\n\r\niVBO"
        )
      ),
      plain: content(eml("Content-Type: text/plain\r\n\r\nHello")),
      "text-inline": content(
        eml("Content-Type: text/plain\r\nContent-Disposition: inline\r\n\r\nHello")
      ),
    });
    const list = await readAttachments();
    expect(list?.map((a) => [a.name, a.hasOwnAttachments])).toEqual([
      ["with-file", true],
      ["with-image", true],
      ["plain", false],
      ["text-inline", false],
    ]);
    expect(droppedThroughMailbox(list!)).toEqual([
      { name: "with-file", why: "attachedMessage" },
      { name: "with-image", why: "attachedMessage" },
    ]);
  });

  it("one attached by drag-and-drop in Outlook on the web (the call fails): unknown, nothing said before Send", async () => {
    install([item("dragged")], {
      dragged: { status: "failed", error: { code: 9002, message: "Internal error" } },
    });
    const list = await readAttachments();
    expect(list?.[0].hasOwnAttachments).toBeNull();
    expect(droppedThroughMailbox(list!)).toEqual([]);
  });

  it("a large one is named by its size without reading it", async () => {
    install([item("big", 4_500_000)], {});
    const list = await readAttachments();
    expect(list?.[0].hasOwnAttachments).toBeUndefined();
    expect(droppedThroughMailbox(list!)).toEqual([{ name: "big", why: "attachedMessage" }]);
  });
});
