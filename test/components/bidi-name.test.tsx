// rev11d finding 25: a display name with a direction override (U+202E) or a zero-width
// character reaches users as text only: the override is dropped where the shard is read, and
// the name sits in <bdi>, so it cannot reorder the text around it.
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Pane } from "../../src/taskpane/Pane";
import type { PaneHost } from "../../src/taskpane/host";
import { parseShard } from "../../src/core/shard";
import { en } from "../../src/core/i18n/en";
import { EMPTY_PREFERENCES } from "../../src/core/search";
import { mailbox, shard, shardText, USER } from "../fixtures/shards";

it("a display name with a bidi override is shown as text, isolated, without the override", async () => {
  const parsed = parseShard(
    shardText(
      shard([
        mailbox({
          address: "support@northwind.example",
          displayName: "Support \u202Etroppus<b>x</b>\u200B",
        }),
      ])
    ),
    USER
  );
  if (!parsed.ok) throw new Error("the shard should be usable");
  const host: PaneHost = {
    user: { address: USER, displayName: "Alex Wilber" },
    readFrom: async () => ({ address: USER, displayName: "Alex Wilber" }),
    preferences: { load: () => EMPTY_PREFERENCES, save: async () => undefined },
    directory: {
      cached: async () => null,
      refresh: async () => ({
        status: "ready",
        shard: parsed.value,
        notes: parsed.notes,
        fetchedAt: "2026-11-30T09:00:00Z",
      }),
    },
    now: () => new Date("2026-11-30T10:00:00Z"),
  };
  let container: HTMLElement | undefined;
  await act(async () => {
    container = render(<Pane host={host} messages={en} />).container;
  });
  const option = await screen.findByRole("option", { name: /Support/ });
  const name = Array.from(option.querySelectorAll("bdi")).find((b) =>
    b.textContent?.includes("troppus")
  );
  expect(name).toBeTruthy();
  expect(name!.textContent).not.toContain("\u202E");
  // Text, never markup: the angle brackets are characters, no <b> element was made.
  expect(name!.textContent).toContain("<b>x</b>");
  expect(container!.querySelector("b")).toBeNull();
});

it("a right-to-left mailbox name keeps its start in the Send button and the mode label", async () => {
  // Hebrew name with a Latin word: without its own direction, the name's start is laid out at
  // the far end of the English sentence around it and reads as if cut off.
  const name = "\u05EA\u05DE\u05D9\u05DB\u05D4 Support";
  const ready = parseShard(
    shardText(
      shard([
        mailbox({
          address: "tmicha@northwind.example",
          displayName: name,
          rights: ["SendAs", "FullAccess"],
        }),
      ])
    ),
    USER
  );
  if (!ready.ok) throw new Error("the shard should be usable");
  const host: PaneHost = {
    user: { address: USER, displayName: "Alex Wilber" },
    readFrom: async () => ({ address: USER, displayName: "Alex Wilber" }),
    preferences: { load: () => EMPTY_PREFERENCES, save: async () => undefined },
    directory: {
      cached: async () => null,
      refresh: async () => ({
        status: "ready",
        shard: ready.value,
        notes: ready.notes,
        fetchedAt: "2026-11-30T09:00:00Z",
      }),
    },
    now: () => new Date("2026-11-30T10:00:00Z"),
    loadSendService: async () => {
      throw new Error("not sent in this test");
    },
  };
  const user = userEvent.setup();
  await act(async () => {
    render(<Pane host={host} messages={en} />);
  });
  await user.click(await screen.findByRole("option", { name: /Support/ }));
  const button = screen.getByRole("button", { name: en.send.button(name) });
  const mode = screen.getByRole("radio", { name: en.send.modeMailbox(name) });
  for (const label of [button, mode.closest(".fui-Radio")!]) {
    const span = label.querySelector("[data-name]");
    expect(span?.textContent).toBe(name);
    expect(span?.getAttribute("dir")).toBe("auto");
  }
});
