// A reply written inside a shared mailbox's Inbox: Outlook saved the draft in that mailbox
// (office-js #1116, #6701; PaneHost.itemOwner) and the pipeline sends it where it lives, so
// before Send the pane says the copy goes to the mailbox's Sent Items in either mode, and warns of
// nothing a recreated message would drop (nothing is recreated).
import { toSmtpAddress } from "../../src/core/address";
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Pane } from "../../src/taskpane/Pane";
import { CHECK_PARTS_MS } from "../../src/taskpane/useSend";
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
/** A large inline image: "Copy in <mailbox>'s Sent Items" would drop it from a recreated copy. */
const attachments = async () => [
  { name: "chart.png", size: 3_200_000, isInline: true, kind: "file" as const },
];

function host(itemOwner: string | null, readAttachments = jest.fn(attachments)): PaneHost {
  const ready: DirectoryState = {
    status: "ready",
    shard: alexShard({ generatedAt: "2026-11-29T12:00:00Z" }),
    notes: [],
    fetchedAt: NOW.toISOString(),
  };
  return {
    user: ALEX,
    readFrom: async () => ALEX,
    preferences: { load: () => EMPTY_PREFERENCES, save: async () => undefined },
    directory: { cached: async () => null, refresh: async () => ready },
    now: () => NOW,
    readAttachments,
    // Nothing is sent here: only what the pane says before Send.
    loadSendService: async () => {
      throw new Error("not sent in these tests");
    },
    itemOwner: itemOwner === null ? null : toSmtpAddress(itemOwner),
  };
}

async function choose(h: PaneHost, name: RegExp) {
  const user = userEvent.setup();
  await act(async () => {
    render(<Pane host={h} messages={en} />);
  });
  await user.click(await screen.findByRole("option", { name }));
  return user;
}

const explanation = () => screen.getByTestId("send-explanation").textContent;

afterEach(cleanup);
jest.setTimeout(30_000);

describe("a draft Outlook saved in a shared mailbox, said before Send", () => {
  it("in the chosen mailbox: the copy goes to its Sent Items, in either mode, and nothing is said to be dropped", async () => {
    const read = jest.fn(attachments);
    const user = await choose(host("support@northwind.example", read), /Customer Support/);
    expect(explanation()).toContain("The copy goes to Customer Support's Sent Items, not yours.");
    expect(explanation()).not.toContain("your Sent Items,");
    await user.click(screen.getByRole("radio", { name: en.send.modeMailbox("Customer Support") }));
    expect(explanation()).toContain("The copy goes to Customer Support's Sent Items, not yours.");
    // Nothing is recreated, so nothing is looked for to warn about.
    expect(read).not.toHaveBeenCalled();
    expect(screen.queryByTestId("fidelity-warning")).toBeNull();
  });

  it("in the person's own mailbox: each mode says what it does", async () => {
    for (const owner of [null, "alex.wilber@northwind.example"]) {
      const user = await choose(host(owner), /Customer Support/);
      expect(explanation()).toContain(
        "The copy goes to your Sent Items, and Customer Support keeps one in its Sent Items too."
      );
      await user.click(
        screen.getByRole("radio", { name: en.send.modeMailbox("Customer Support") })
      );
      expect(explanation()).toContain("The copy goes to Customer Support's Sent Items, not yours.");
      expect(await screen.findByTestId("fidelity-warning")).toBeTruthy();
      cleanup();
    }
  });
});

describe("a draft Outlook saved in another mailbox, which the chosen one cannot read (rev12g #3)", () => {
  it.each([
    ["a distribution list (no Sent Items of its own)", /All Staff/, "All Staff"],
    ["Send As without Full Access", /Billing/, "Billing"],
  ])(
    "%s: the note says Send From cannot send it from there, Send is disabled, and no way of sending is explained",
    async (_, option, name) => {
      const h = host("support@northwind.example");
      h.draftMailbox = () => toSmtpAddress("support@northwind.example");
      await choose(h, option);
      const note = screen.getByTestId("draft-elsewhere").textContent;
      expect(note).toBe(
        `Outlook saved this message in support@northwind.example's Drafts, so Send From can't send it from ${name}. Use Outlook's own Send button, or choose a mailbox you have Full Access to.`
      );
      expect(screen.queryByTestId("send-explanation")).toBeNull();
      const send = screen.getByTestId("send-button");
      expect((send as HTMLButtonElement).disabled).toBe(true);
      expect(send.getAttribute("aria-describedby")).toBe(screen.getByTestId("draft-elsewhere").id);
    }
  );

  it("a mailbox with Full Access: the way that can send it is chosen, and Send is enabled once the parts are checked", async () => {
    const h = host(
      "support@northwind.example",
      jest.fn(async () => [])
    );
    h.draftMailbox = () => toSmtpAddress("support@northwind.example");
    await choose(h, /Legal/);
    expect(screen.getByTestId("draft-elsewhere").textContent).toBe(
      `Outlook saved this message in support@northwind.example's Drafts: only "Copy in Legal's Sent Items" can send it from there.`
    );
    expect(explanation()).toContain("Sends through Legal itself");
    await waitFor(() =>
      expect((screen.getByTestId("send-button") as HTMLButtonElement).disabled).toBe(false)
    );
    expect(screen.queryByTestId("fidelity-warning")).toBeNull();
  });

  it("...and a part recreating would drop (rev12i #1): neither way can, Send disabled, no mode offered that cannot send it", async () => {
    const h = host("support@northwind.example");
    h.draftMailbox = () => toSmtpAddress("support@northwind.example");
    await choose(h, /Legal/);
    const warning = await screen.findByTestId("fidelity-warning");
    expect(warning.textContent).toBe(
      "Outlook saved this message in support@northwind.example's Drafts, so Send From can send it from Legal only by recreating it there, which would drop part of it: chart.png. Send it from support@northwind.example, where it lives, or with Outlook's own Send button."
    );
    expect(screen.queryByRole("button", { name: en.send.useMine })).toBeNull();
    const send = screen.getByTestId("send-button") as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    expect(document.getElementById(send.getAttribute("aria-describedby")!)?.textContent).toBe(
      warning.textContent
    );
  });
});

describe("a label Office cannot tell about is no part known lost (rev12j A)", () => {
  it("draft in Support, sent from Legal, Office cannot tell the label: said, but Send stays enabled", async () => {
    const h = {
      ...host(
        "support@northwind.example",
        jest.fn(async () => [])
      ),
      readSensitivityLabel: async () => null,
    };
    h.draftMailbox = () => toSmtpAddress("support@northwind.example");
    await choose(h, /Legal/);
    expect((await screen.findByTestId("fidelity-warning")).textContent).toContain(
      "its sensitivity label, if it has one (this Outlook cannot tell)"
    );
    await waitFor(() =>
      expect((screen.getByTestId("send-button") as HTMLButtonElement).disabled).toBe(false)
    );
  });
});

describe("Send waits for Office's list of the message's parts before a recreating send (rev12i #3)", () => {
  /** A host whose list of parts answers when the test says, and whose sends are counted. */
  function slowHost() {
    let answer: (list: Awaited<ReturnType<typeof attachments>>) => void = () => undefined;
    const slow = jest.fn(
      () => new Promise<Awaited<ReturnType<typeof attachments>>>((r) => (answer = r))
    );
    const loadSendService = jest.fn(async () => {
      throw new Error("send service asked for");
    });
    const h = { ...host(null, slow), loadSendService };
    return {
      h,
      loadSendService,
      answer: (list: Awaited<ReturnType<typeof attachments>>) => answer(list),
    };
  }

  it("a slow host: Send stays in reach with a note; pressed meanwhile, it waits, and parts it would drop are said with nothing sent", async () => {
    const { h, loadSendService, answer } = slowHost();
    const user = await choose(h, /Customer Support/);
    await user.click(screen.getByRole("radio", { name: en.send.modeMailbox("Customer Support") }));
    const send = screen.getByTestId("send-button") as HTMLButtonElement;
    // Enabled and in the Tab order: a disabled Send drops out of it while the list is coming.
    expect(send.disabled).toBe(false);
    expect(screen.getByTestId("checking-parts").textContent).toBe(en.send.checkingParts);
    expect(document.getElementById(send.getAttribute("aria-describedby")!)?.textContent).toBe(
      en.send.checkingParts
    );
    await user.click(send);
    expect(loadSendService).not.toHaveBeenCalled();
    await act(async () => answer(await attachments()));
    expect(await screen.findByTestId("fidelity-warning")).toBeTruthy();
    expect(screen.queryByTestId("checking-parts")).toBeNull();
    expect(loadSendService).not.toHaveBeenCalled();
    expect(screen.queryByTestId("send-result")).toBeNull();
  });

  it("a slow host whose message this way carries whole: Send pressed meanwhile goes once the list answers", async () => {
    const { h, loadSendService, answer } = slowHost();
    const user = await choose(h, /Customer Support/);
    await user.click(screen.getByRole("radio", { name: en.send.modeMailbox("Customer Support") }));
    await user.click(screen.getByTestId("send-button"));
    expect(loadSendService).not.toHaveBeenCalled();
    await act(async () => answer([]));
    await waitFor(() => expect(loadSendService).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId("fidelity-warning")).toBeNull();
  });

  it("a Send pressed while checking is forgotten when the person chooses another way", async () => {
    const { h, loadSendService, answer } = slowHost();
    const user = await choose(h, /Customer Support/);
    await user.click(screen.getByRole("radio", { name: en.send.modeMailbox("Customer Support") }));
    await user.click(screen.getByTestId("send-button"));
    await user.click(screen.getByRole("radio", { name: en.send.modeMine }));
    await act(async () => answer([]));
    await act(async () => undefined);
    expect(loadSendService).not.toHaveBeenCalled();
  });

  /** A send service whose sends stay in flight, counted. */
  function inFlightService() {
    const sends = jest.fn(() => new Promise<never>(() => undefined));
    const service = {
      send: sends,
      check: async () => {
        throw new Error("no check here");
      },
    } as unknown as SendService;
    return { sends, loadSendService: async () => service };
  }

  it("Send pressed twice before the pane redraws starts one send, not two (rev12k 1)", async () => {
    const { sends, loadSendService } = inFlightService();
    const user = await choose(
      {
        ...host(
          null,
          jest.fn(async () => [])
        ),
        loadSendService,
      },
      /Customer Support/
    );
    await user.click(screen.getByRole("radio", { name: en.send.modeMailbox("Customer Support") }));
    await waitFor(() => expect(screen.queryByTestId("checking-parts")).toBeNull());
    const send = screen.getByTestId("send-button");
    await act(async () => {
      send.click();
      send.click();
    });
    await waitFor(() => expect(sends).toHaveBeenCalledTimes(1));
    await act(async () => undefined);
    expect(sends).toHaveBeenCalledTimes(1);
  });

  it("a Send pressed during the check, then again as it ends, starts one send (rev12k 1)", async () => {
    const { sends, loadSendService } = inFlightService();
    const { h, answer } = slowHost();
    const user = await choose({ ...h, loadSendService }, /Customer Support/);
    await user.click(screen.getByRole("radio", { name: en.send.modeMailbox("Customer Support") }));
    const send = screen.getByTestId("send-button");
    await user.click(send);
    await act(async () => {
      answer([]);
      await Promise.resolve();
      send.click();
    });
    await waitFor(() => expect(sends).toHaveBeenCalledTimes(1));
    await act(async () => undefined);
    expect(sends).toHaveBeenCalledTimes(1);
  });

  it("a label Office cannot tell about does not drop a Send pressed during the check (rev12k 2)", async () => {
    const { sends, loadSendService } = inFlightService();
    const { h, answer } = slowHost();
    const user = await choose(
      { ...h, loadSendService, readSensitivityLabel: async () => null },
      /Customer Support/
    );
    await user.click(screen.getByRole("radio", { name: en.send.modeMailbox("Customer Support") }));
    await user.click(screen.getByTestId("send-button"));
    expect(sends).not.toHaveBeenCalled();
    await act(async () => answer([]));
    await waitFor(() => expect(sends).toHaveBeenCalledTimes(1));
  });

  it("a host that never answers holds a pressed Send at most CHECK_PARTS_MS", async () => {
    jest.useFakeTimers({ doNotFake: ["queueMicrotask", "nextTick", "setImmediate"] });
    try {
      const never = jest.fn(
        () => new Promise<Awaited<ReturnType<typeof attachments>>>(() => undefined)
      );
      const loadSendService = jest.fn(async () => {
        throw new Error("send service asked for");
      });
      const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
      await act(async () => {
        render(<Pane host={{ ...host(null, never), loadSendService }} messages={en} />);
      });
      await user.click(await screen.findByRole("option", { name: /Customer Support/ }));
      await user.click(
        screen.getByRole("radio", { name: en.send.modeMailbox("Customer Support") })
      );
      await user.click(screen.getByTestId("send-button"));
      expect(loadSendService).not.toHaveBeenCalled();
      await act(async () => {
        jest.advanceTimersByTime(CHECK_PARTS_MS);
      });
      expect(screen.queryByTestId("checking-parts")).toBeNull();
      expect(loadSendService).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe("a draft saved in the chosen mailbox without Full Access in the directory (rev12i #4)", () => {
  it("Billing (Send As, Send on Behalf, no Full Access): said before Send, Send disabled", async () => {
    await choose(host("billing@northwind.example"), /Billing/);
    const note = screen.getByTestId("draft-elsewhere");
    expect(note.textContent).toBe(en.send.draftInMailboxNoFullAccess("Billing"));
    expect(screen.queryByTestId("send-explanation")).toBeNull();
    const send = screen.getByTestId("send-button") as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    expect(send.getAttribute("aria-describedby")).toBe(note.id);
  });
});
