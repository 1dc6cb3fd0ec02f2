import { droppedThroughMailbox, REQUEST_LIMIT } from "../../../src/core/fidelity";
import {
  INLINE_LIMIT,
  JSON_PART_LIMIT,
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
      file("photo.jpg", { isInline: true, contentId: "photo", size: JSON_PART_LIMIT + 1 }),
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

  it("one over the measured one-request maximum cannot be carried, told from the list before anything is created; one at it can", () => {
    expect(
      uncarried([
        item("Fwd: big", JSON_PART_LIMIT + 1),
        item("Fwd: at the limit", JSON_PART_LIMIT),
        item("Fwd: small", 20_000),
      ])
    ).toEqual([{ name: "Fwd: big", why: "attachedMessage" }]);
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

describe("one threshold before Send and in the pipeline: Graph's measured one-request maximum (rev12o F4)", () => {
  it("an inline image of 2.9 MiB (4.05 MB in base64, under the 4 MiB request Graph takes) is carried: not named before Send, not refused by the pipeline", () => {
    const size = Math.round(2.9 * 1024 * 1024);
    expect(
      droppedThroughMailbox([{ name: "chart.png", size, isInline: true, kind: "file" }])
    ).toEqual([]);
    expect(uncarried([file("chart.png", { isInline: true, contentId: "chart", size })])).toEqual(
      []
    );
  });

  it.each([
    [JSON_PART_LIMIT, []],
    [JSON_PART_LIMIT + 1, ["largeInlineImage"]],
  ])("an inline image of %i bytes: %j, before Send and in the pipeline alike", (size, why) => {
    expect(
      droppedThroughMailbox([{ name: "chart.png", size, isInline: true, kind: "file" }]).map(
        (d) => d.why
      )
    ).toEqual(why);
    expect(
      uncarried([file("chart.png", { isInline: true, contentId: "chart", size })]).map((u) => u.why)
    ).toEqual(why);
  });

  it("an attached message of the measured maximum is looked into (Office's .eml), one byte more is refused by its size", () => {
    expect(
      droppedThroughMailbox([
        {
          name: "Fwd: a",
          size: JSON_PART_LIMIT,
          isInline: false,
          kind: "item",
          hasOwnAttachments: false,
        },
        { name: "Fwd: b", size: JSON_PART_LIMIT + 1, isInline: false, kind: "item" },
      ])
    ).toEqual([{ name: "Fwd: b", why: "attachedMessage" }]);
  });

  it("the thresholds against the 4 MiB request: the measured maximum's base64 fits with its 156 bytes of other fields; a session's start fits too", () => {
    expect(REQUEST_LIMIT).toBe(4_194_304);
    expect(Math.ceil(JSON_PART_LIMIT / 3) * 4 + 156).toBeLessThanOrEqual(REQUEST_LIMIT);
    expect(Math.ceil((JSON_PART_LIMIT + 3) / 3) * 4 + 156).toBeGreaterThan(REQUEST_LIMIT);
    expect(Math.ceil(INLINE_LIMIT / 3) * 4).toBeLessThan(REQUEST_LIMIT);
  });
});
