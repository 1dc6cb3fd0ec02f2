// Issue 13: an address that could pass for another is left out where the directory is read,
// and the pane says so, with the hidden characters shown as <U+XXXX>.
import { act, render, screen } from "@testing-library/react";
import { Pane } from "../../src/taskpane/Pane";
import type { PaneHost } from "../../src/taskpane/host";
import { parseShard } from "../../src/core/shard";
import { en } from "../../src/core/i18n/en";
import { EMPTY_PREFERENCES } from "../../src/core/search";
import { mailbox, shard, shardText, USER } from "../fixtures/shards";

it("the pane leaves out a look-alike address and says which, readably", async () => {
  const parsed = parseShard(
    shardText(
      shard([
        mailbox({ address: "support@n\u043Erthwind.example", displayName: "Customer Support" }),
        mailbox({ address: "sales@northwind.example", displayName: "Sales" }),
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
  await act(async () => {
    render(<Pane host={host} messages={en} />);
  });
  expect(await screen.findByRole("option", { name: /Sales/ })).toBeTruthy();
  expect(screen.queryByRole("option", { name: /Customer Support/ })).toBeNull();
  expect(
    screen.getByText((text) => text.includes("support@n<U+043E>rthwind.example"))
  ).toBeTruthy();
});
