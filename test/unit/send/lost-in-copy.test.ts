import { INLINE_LIMIT, lostInCopy, type AttachmentInfo } from "../../../src/graph/attachments";

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
