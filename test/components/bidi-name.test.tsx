// rev11d finding 25: a display name with a direction override (U+202E) or a zero-width
// character reaches users as text only: the override is dropped where the shard is read, and
// the name sits in <bdi>, so it cannot reorder the text around it.
import { act, render, screen } from "@testing-library/react";
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
