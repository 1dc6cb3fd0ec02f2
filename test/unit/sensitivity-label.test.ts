import { droppedThroughMailbox } from "../../src/core/fidelity";
import { LABEL_READ_MS, readSensitivityLabel } from "../../src/office/compose";

describe("sensitivity label before Send", () => {
  afterEach(() => {
    delete (globalThis as unknown as { Office?: unknown }).Office;
  });
  const install = (version: string, item: unknown) =>
    ((globalThis as unknown as { Office: unknown }).Office = {
      AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
      context: {
        requirements: { isSetSupported: (_: string, v: string) => v <= version },
        mailbox: { item },
      },
    });
  const labelled = (answer: unknown) => ({
    sensitivityLabel: { getAsync: (cb: (r: unknown) => void) => cb(answer) },
  });

  it("readSensitivityLabel: true for a label's GUID, false for none, null where Outlook cannot tell", async () => {
    install(
      "1.13",
      labelled({ status: "succeeded", value: "a1b2c3d4-0000-4000-8000-000000000001" })
    );
    await expect(readSensitivityLabel()).resolves.toBe(true);
    install("1.13", labelled({ status: "succeeded", value: "" }));
    await expect(readSensitivityLabel()).resolves.toBe(false);
    // Below Mailbox 1.13, without the API, or when the call fails (labels not enabled): unknown.
    install("1.12", labelled({ status: "succeeded", value: "a1b2" }));
    await expect(readSensitivityLabel()).resolves.toBeNull();
    install("1.13", {});
    await expect(readSensitivityLabel()).resolves.toBeNull();
    install("1.13", labelled({ status: "failed", error: { code: 9999, message: "no labels" } }));
    await expect(readSensitivityLabel()).resolves.toBeNull();
  });

  it("an Office that never answers is 'cannot tell' after LABEL_READ_MS, never a send held for good (rev12j D)", async () => {
    jest.useFakeTimers();
    try {
      install("1.13", { sensitivityLabel: { getAsync: () => undefined } });
      let answer: boolean | null | undefined;
      void readSensitivityLabel().then((a) => (answer = a));
      await jest.advanceTimersByTimeAsync(LABEL_READ_MS - 1);
      expect(answer).toBeUndefined();
      await jest.advanceTimersByTimeAsync(1);
      expect(answer).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it("droppedThroughMailbox names the label after the attachments it loses", () => {
    const image = { name: "chart.png", size: 3_200_000, isInline: true, kind: "file" as const };
    expect(droppedThroughMailbox([image], true)).toEqual([
      { name: "chart.png", why: "largeInlineImage" },
      { name: "", why: "sensitivityLabel" },
    ]);
    expect(droppedThroughMailbox([], false)).toEqual([]);
  });
});
