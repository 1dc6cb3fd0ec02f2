import { droppedThroughMailbox } from "../../../src/core/fidelity";
import {
  INLINE_LIMIT,
  lostInCopy,
  uncarried,
  type AttachmentInfo,
} from "../../../src/graph/attachments";

const file = (name: string, extra: Partial<AttachmentInfo> = {}): AttachmentInfo => ({
  id: name,
  "@odata.type": "#microsoft.graph.fileAttachment",
  name,
  size: 1000,
  ...extra,
});

describe("what the copy lost, with the true reason", () => {
  it("a lost plain file or a small inline image that lost its Content-ID is not called a large inline image", () => {
    const source = [
      file("report.pdf"),
      file("logo.png", { isInline: true, contentId: "logo" }),
      file("photo.jpg", { isInline: true, contentId: "photo", size: INLINE_LIMIT + 1 }),
      file("kept.txt"),
    ];
    const copy = [file("logo.png", { isInline: false, contentId: null }), file("kept.txt")];
    expect(lostInCopy(source, copy)).toEqual([
      { name: "report.pdf", why: "attachment" },
      { name: "logo.png", why: "inlineImage" },
      { name: "photo.jpg", why: "largeInlineImage" },
    ]);
  });
});

describe("attached messages (item attachments) in 'Copy in <mailbox>'s Sent Items'", () => {
  const item = (name: string, size: number): AttachmentInfo => ({
    id: name,
    "@odata.type": "#microsoft.graph.itemAttachment",
    name,
    size,
  });

  it("one of 3 MB or more cannot be carried, told from the list before anything is created", () => {
    expect(uncarried([item("Fwd: big", INLINE_LIMIT), item("Fwd: small", 20_000)])).toEqual([
      { name: "Fwd: big", why: "attachedMessage" },
    ]);
  });

  it("one missing from the copy is named as an attached message", () => {
    expect(lostInCopy([item("Fwd: contract", 20_000)], [])).toEqual([
      { name: "Fwd: contract", why: "attachedMessage" },
    ]);
  });

  it("the pane says it before Send from Office's list (attachmentType 'item')", () => {
    expect(
      droppedThroughMailbox([
        { name: "Fwd: big", size: 4_500_000, isInline: false, kind: "item" },
        { name: "Fwd: small", size: 20_000, isInline: false, kind: "item" },
        { name: "report.pdf", size: 4_500_000, isInline: false, kind: "file" },
      ])
    ).toEqual([{ name: "Fwd: big", why: "attachedMessage" }]);
  });
});

describe("one threshold before Send and in the pipeline: where the encoded request passes 4 MB", () => {
  it("an inline image of 2.9 MiB (4.05 MB in base64, so an upload session, which drops its Content-ID) is named before Send and refused by the pipeline", () => {
    const size = Math.round(2.9 * 1024 * 1024);
    expect(
      droppedThroughMailbox([{ name: "chart.png", size, isInline: true, kind: "file" }])
    ).toEqual([{ name: "chart.png", why: "largeInlineImage" }]);
    expect(uncarried([file("chart.png", { isInline: true, contentId: "chart", size })])).toEqual([
      { name: "chart.png", why: "largeInlineImage" },
    ]);
  });

  it("the threshold is the file whose base64 no longer fits Graph's 4 MB request", () => {
    expect(Math.ceil(INLINE_LIMIT / 3) * 4).toBeGreaterThanOrEqual(4_000_000);
    expect(Math.ceil((INLINE_LIMIT - 1000) / 3) * 4).toBeLessThan(4_000_000);
  });
});
