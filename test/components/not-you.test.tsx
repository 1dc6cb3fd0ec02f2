// "Not you? Sign in with another account" starts the pane again (a reload): pressed while a send
// runs, the send's outcome would be left to a reopened pane (rev12g #1), so it is disabled until
// the send has ended.
import { toSmtpAddress } from "../../src/core/address";
import { act, cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Pane } from "../../src/taskpane/Pane";
import type { PaneHost } from "../../src/taskpane/host";
import type { SendService } from "../../src/graph";
import type { DirectoryState } from "../../src/directory/client";
import { en } from "../../src/core/i18n/en";
import { EMPTY_PREFERENCES } from "../../src/core/search";
import { alexShard } from "../fixtures/northwind";

const ALEX = {
  address: toSmtpAddress("alex.wilber@northwind.example"),
  displayName: "Alex Wilber",
};
const NOW = new Date("2026-11-30T12:00:00Z");

afterEach(cleanup);
jest.setTimeout(30_000);

it("'Not you?' is disabled while a send runs, and enabled again once it has ended", async () => {
  const ready: DirectoryState = {
    status: "ready",
    shard: alexShard({ generatedAt: "2026-11-29T12:00:00Z" }),
    notes: [],
    fetchedAt: NOW.toISOString(),
  };
  let finish!: () => void;
  const notYou = jest.fn();
  const host: PaneHost = {
    user: ALEX,
    readFrom: async () => ALEX,
    preferences: { load: () => EMPTY_PREFERENCES, save: async () => undefined },
    directory: { cached: async () => null, refresh: async () => ready },
    now: () => NOW,
    notYou,
    // The send is under way until `finish`; then Exchange refuses it for sure.
    loadSendService: async () =>
      ({
        send: () =>
          new Promise((resolve) => {
            finish = () =>
              resolve({
                ok: false,
                error: Object.assign(new Error("denied"), {
                  status: 400,
                  code: "ErrorInvalidRecipients",
                }),
                draftIntact: true,
                failedAt: "sending",
              } as never);
          }),
        check: async () => {
          throw new Error("no check here");
        },
      }) as unknown as SendService,
  };
  const user = userEvent.setup();
  await act(async () => {
    render(<Pane host={host} messages={en} />);
  });
  await user.click(await screen.findByRole("option", { name: /Customer Support/ }));
  const button = () => screen.getByRole("button", { name: en.pane.notYou }) as HTMLButtonElement;
  expect(button().disabled).toBe(false);
  await user.click(screen.getByTestId("send-button"));
  await screen.findByTestId("send-progress");
  expect(button().disabled).toBe(true);
  await act(async () => finish());
  await screen.findByTestId("send-result");
  expect(button().disabled).toBe(false);
  expect(notYou).not.toHaveBeenCalled();
});
