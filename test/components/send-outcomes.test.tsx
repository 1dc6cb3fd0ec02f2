// What the pane says after Exchange refuses a send, judged with the directory's evidence (issue 12):
// a right the directory lists and published recently is "wait and try again", not a cmdlet.
import { toSmtpAddress } from "../../src/core/address";
import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Pane } from "../../src/taskpane/Pane";
import type { PaneHost } from "../../src/taskpane/host";
import type { DirectoryState } from "../../src/directory/client";
import { de } from "../../src/core/i18n/de";
import { en } from "../../src/core/i18n/en";
import { enProblems } from "../../src/core/i18n/problems-en";
import { fr } from "../../src/core/i18n/fr";
import { EMPTY_PREFERENCES } from "../../src/core/search";
import { GraphError } from "../../src/graph/http";
import { AuthError } from "../../src/graph/auth/errors";
import { AccountManager } from "../../src/graph/auth/account-manager";
import type { SendService } from "../../src/graph";
import { alexShard } from "../fixtures/northwind";
import type { UserShard } from "../../src/core/model";
import type { OpenAttempt, SentRecord } from "../../src/core/open-attempt";
import { foldRightsSeen } from "../../src/core/rights-seen";
import { DirectoryStorage, memoryStorage } from "../../src/directory/storage";
import { rightsSeenKey } from "../../src/taskpane/useRightsSeen";

const ALEX = {
  address: toSmtpAddress("alex.wilber@northwind.example"),
  displayName: "Alex Wilber",
};
const NOW = new Date("2026-11-30T12:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

/** Exchange refuses every send with ErrorSendAsDenied; counts the sends. */
function refusingService() {
  const calls: string[] = [];
  const service: SendService = {
    send: async (mailbox) => {
      calls.push(mailbox.address);
      return {
        ok: false,
        draftIntact: true,
        failedAt: "sending",
        error: new GraphError(403, "ErrorSendAsDenied", "Cannot submit message."),
      };
    },
    check: async () => {
      throw new Error("no send is waiting for a check");
    },
  };
  return { service, calls };
}

function host(generatedAt: string, service: SendService): PaneHost {
  const ready: DirectoryState = {
    status: "ready",
    shard: alexShard({ generatedAt }),
    notes: [],
    fetchedAt: NOW.toISOString(),
  };
  return {
    user: ALEX,
    readFrom: async () => ALEX,
    preferences: { load: () => EMPTY_PREFERENCES, save: async () => undefined },
    directory: { cached: async () => null, refresh: async () => ready },
    now: () => NOW,
    about: () => ({ outlook: "Outlook on the web" }),
    loadSendService: async () => service,
  };
}

async function sendFromBilling(
  h: PaneHost,
  messages = en,
  /** Resolves once the pane is ready to be used (default: at once). */
  ready: () => Promise<void> = async () => undefined
) {
  const user = userEvent.setup();
  await act(async () => {
    render(<Pane host={h} messages={messages} />);
  });
  await ready();
  await user.click(await screen.findByRole("option", { name: /Billing/ }));
  await user.click(screen.getByTestId("send-button"));
  const result = await screen.findByTestId("send-result");
  return { user, result };
}

jest.setTimeout(30_000);

describe("a right granted recently", () => {
  it("granted 90 minutes ago by the directory's time: wait and try again, with Try again, no cmdlet", async () => {
    const { service, calls } = refusingService();
    const { user, result } = await sendFromBilling(host(minutesAgo(90), service));
    expect(result.getAttribute("data-problem")).toBe("rightNotActiveYet");
    // The wait is until the right surely applies: two hours after the directory listed it.
    expect(result.textContent).toContain(
      enProblems.rightNotActiveYet({ mailbox: "Billing", seconds: 30 * 60 })
    );
    expect(result.textContent).toContain("in 30 minutes");
    expect(within(result).queryByTestId("admin-fix")).toBeNull();
    await user.click(within(result).getByRole("button", { name: en.send.retry }));
    await screen.findByTestId("send-result");
    expect(calls).toHaveLength(2);
  });

  it("a directory older than two hours: the right really is missing, the admin's cmdlet, no Try again", async () => {
    const { service } = refusingService();
    const { result } = await sendFromBilling(host(minutesAgo(121), service));
    expect(result.getAttribute("data-problem")).toBe("sendAsDenied");
    expect(within(result).getByTestId("admin-fix").textContent).toMatch(
      /^Add-RecipientPermission -Identity "billing@northwind\.example"/
    );
    expect(within(result).queryByRole("button", { name: en.send.retry })).toBeNull();
  });

  it("the wait runs out in the same pane: Try again after the two hours gives the admin's cmdlet", async () => {
    const { service, calls } = refusingService();
    let now = NOW;
    const h = { ...host(minutesAgo(90), service), now: () => now };
    const { user, result } = await sendFromBilling(h);
    expect(result.getAttribute("data-problem")).toBe("rightNotActiveYet");
    // 31 minutes later the directory's right is more than two hours old: really missing.
    now = new Date(NOW.getTime() + 31 * 60_000);
    await user.click(within(result).getByRole("button", { name: en.send.retry }));
    await waitFor(() => expect(calls).toHaveLength(2));
    const after = await screen.findByTestId("send-result");
    await waitFor(() => expect(after.getAttribute("data-problem")).toBe("sendAsDenied"));
    expect(within(after).getByTestId("admin-fix").textContent).toMatch(/^Add-RecipientPermission /);
    expect(within(after).queryByRole("button", { name: en.send.retry })).toBeNull();
  });

  it.each([
    ["de", de, "in 30 Minuten"],
    ["fr", fr, "dans 30 minutes"],
  ])("is said in %s", async (_lang, messages, inThirty) => {
    const { service } = refusingService();
    const { result } = await sendFromBilling(host(minutesAgo(90), service), messages);
    expect(result.textContent).toContain(inThirty);
    expect(within(result).getByRole("button", { name: messages.send.retry })).toBeTruthy();
  });
});

describe("a directory rebuilt every hour (rights first seen, rev12 finding 13)", () => {
  /** The pane's storage holding the record of an earlier pane that saw `earlier`. */
  async function storageAfter(earlier: UserShard) {
    const storage = memoryStorage();
    const record = foldRightsSeen(null, earlier, new Date(earlier.generatedAt));
    await storage.set(rightsSeenKey(ALEX.address), JSON.stringify(record));
    return storage;
  }
  /** Waits until the pane has folded the shard of `generatedAt` into the stored record. */
  const folded = (storage: DirectoryStorage, generatedAt: string) => () =>
    waitFor(async () => {
      const stored = JSON.parse((await storage.get(rightsSeenKey(ALEX.address)))!);
      expect(stored.last).toBe(generatedAt);
    });

  it("a right listed for five hours, in a shard rebuilt 10 minutes ago: refused for real, the cmdlet", async () => {
    const { service } = refusingService();
    const paneStorage = await storageAfter(alexShard({ generatedAt: minutesAgo(300) }));
    const { result } = await sendFromBilling(
      { ...host(minutesAgo(10), service), paneStorage },
      en,
      folded(paneStorage, minutesAgo(10))
    );
    expect(result.getAttribute("data-problem")).toBe("sendAsDenied");
    expect(within(result).getByTestId("admin-fix").textContent).toMatch(
      /^Add-RecipientPermission /
    );
  });

  it("a right new in the shard rebuilt 10 minutes ago: wait (110 minutes), with Try again", async () => {
    const { service } = refusingService();
    const withoutBilling = alexShard({
      generatedAt: minutesAgo(300),
      mailboxes: alexShard().mailboxes.filter((m) => m.address !== "billing@northwind.example"),
    });
    const paneStorage = await storageAfter(withoutBilling);
    const { result } = await sendFromBilling(
      { ...host(minutesAgo(10), service), paneStorage },
      en,
      folded(paneStorage, minutesAgo(10))
    );
    expect(result.getAttribute("data-problem")).toBe("rightNotActiveYet");
    expect(result.textContent).toContain(
      enProblems.rightNotActiveYet({ mailbox: "Billing", seconds: 110 * 60 })
    );
  });
});

describe("what 'Copy in <mailbox>'s Sent Items' would drop, said before Send", () => {
  const attachments = [
    { name: "chart.png", size: 3_200_000, isInline: true, kind: "file" as const },
    { name: "Plan.docx", size: 0, isInline: false, kind: "cloud" as const },
    { name: "logo.png", size: 2_000, isInline: true, kind: "file" as const },
    { name: "figures.bin", size: 3_500_000, isInline: false, kind: "file" as const },
  ];

  async function chooseSupport(
    readAttachments?: PaneHost["readAttachments"],
    readSensitivityLabel?: PaneHost["readSensitivityLabel"],
    onAttachmentsChanged?: PaneHost["onAttachmentsChanged"]
  ) {
    const { service, calls } = refusingService();
    const user = userEvent.setup();
    await act(async () => {
      render(
        <Pane
          host={{
            ...host(minutesAgo(600), service),
            readAttachments,
            readSensitivityLabel,
            onAttachmentsChanged,
          }}
          messages={en}
        />
      );
    });
    await user.click(await screen.findByRole("option", { name: /Customer Support/ }));
    return { user, calls };
  }

  it("names the large inline image and the cloud file, offers the mode that carries them, and sends nothing", async () => {
    const { user, calls } = await chooseSupport(async () => attachments);
    // "Copy in my Sent Items" (the default) carries everything: nothing to warn about.
    expect(screen.queryByTestId("fidelity-warning")).toBeNull();
    await user.click(screen.getByRole("radio", { name: "Copy in Customer Support's Sent Items" }));
    const warning = await screen.findByTestId("fidelity-warning");
    expect(warning.textContent).toContain(
      en.send.fidelityWarning({ mailbox: "Customer Support", parts: ["chart.png", "Plan.docx"] })
    );
    // The Send button is described by the warning, for screen readers.
    expect(screen.getByTestId("send-button").getAttribute("aria-describedby")).toBe(
      warning.querySelector("[id]")?.id
    );
    await user.click(within(warning).getByRole("button", { name: en.send.useMine }));
    expect(
      (screen.getByRole("radio", { name: en.send.modeMine }) as HTMLInputElement).checked
    ).toBe(true);
    expect(screen.queryByTestId("fidelity-warning")).toBeNull();
    expect(calls).toEqual([]);
  });

  it("an attachment added while the pane is open is named at once, without the pane losing the focus (AttachmentsChanged)", async () => {
    let list: typeof attachments = [];
    const listeners = new Set<() => void>();
    const { user } = await chooseSupport(
      async () => list,
      undefined,
      (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      }
    );
    await user.click(screen.getByRole("radio", { name: "Copy in Customer Support's Sent Items" }));
    await screen.findByTestId("send-button");
    await act(async () => undefined);
    expect(screen.queryByTestId("fidelity-warning")).toBeNull();
    // The person attaches a cloud file in the message; Outlook fires AttachmentsChanged.
    list = attachments.filter((a) => a.name === "Plan.docx");
    await act(async () => listeners.forEach((l) => l()));
    const warning = await screen.findByTestId("fidelity-warning");
    expect(warning.textContent).toContain(
      en.send.fidelityWarning({ mailbox: "Customer Support", parts: ["Plan.docx"] })
    );
    // Back to "Copy in my Sent Items": the handler is removed with the mode.
    await user.click(screen.getByRole("radio", { name: en.send.modeMine }));
    expect(listeners.size).toBe(0);
  });

  it("says nothing when every part travels, or when Outlook cannot list the attachments", async () => {
    for (const read of [
      async () => attachments.filter((a) => a.name === "logo.png" || a.name === "figures.bin"),
      async () => null,
      async () => Promise.reject(new Error("Office call failed")),
      undefined,
    ]) {
      const { user } = await chooseSupport(read);
      await user.click(
        screen.getByRole("radio", { name: "Copy in Customer Support's Sent Items" })
      );
      await screen.findByTestId("send-button");
      await act(async () => undefined);
      expect(screen.queryByTestId("fidelity-warning")).toBeNull();
      cleanup();
    }
  });

  it("a sensitivity label: said before Send in mailbox mode (x- headers only travel), offering 'mine'", async () => {
    // Graph's internetMessageHeaders takes x- names only: the recreated message loses the label.
    const { user, calls } = await chooseSupport(
      async () => [],
      async () => true
    );
    expect(screen.queryByTestId("fidelity-warning")).toBeNull();
    await user.click(screen.getByRole("radio", { name: "Copy in Customer Support's Sent Items" }));
    const warning = await screen.findByTestId("fidelity-warning");
    expect(warning.textContent).toContain(
      en.send.fidelityWarning({ mailbox: "Customer Support", parts: [], label: true })
    );
    expect(warning.textContent).toContain("its sensitivity label");
    await user.click(within(warning).getByRole("button", { name: en.send.useMine }));
    expect(
      (screen.getByRole("radio", { name: en.send.modeMine }) as HTMLInputElement).checked
    ).toBe(true);
    expect(screen.queryByTestId("fidelity-warning")).toBeNull();
    expect(calls).toEqual([]);
    cleanup();
    // With a large inline image too, both are named; without a label (or unknown), nothing.
    const both = await chooseSupport(
      async () => attachments.slice(0, 1),
      async () => true
    );
    await both.user.click(
      screen.getByRole("radio", { name: "Copy in Customer Support's Sent Items" })
    );
    expect((await screen.findByTestId("fidelity-warning")).textContent).toMatch(
      /chart\.png, its sensitivity label/
    );
    cleanup();
    // No label: nothing said (a host that cannot read labels at all says nothing either).
    for (const label of [async () => false, undefined]) {
      const none = await chooseSupport(async () => [], label);
      await none.user.click(
        screen.getByRole("radio", { name: "Copy in Customer Support's Sent Items" })
      );
      await act(async () => undefined);
      expect(screen.queryByTestId("fidelity-warning")).toBeNull();
      cleanup();
    }
  });

  it("Office cannot tell whether there is a label (below Mailbox 1.13, or getAsync fails): said before Send as 'if it has one', offering 'mine'", async () => {
    for (const label of [async () => null, async () => Promise.reject(new Error("failed"))]) {
      const { user, calls } = await chooseSupport(async () => [], label);
      await user.click(
        screen.getByRole("radio", { name: "Copy in Customer Support's Sent Items" })
      );
      const warning = await screen.findByTestId("fidelity-warning");
      expect(warning.textContent).toContain(
        en.send.fidelityWarning({ mailbox: "Customer Support", parts: [], label: "unknown" })
      );
      expect(warning.textContent).toContain("its sensitivity label, if it has one");
      await user.click(within(warning).getByRole("button", { name: en.send.useMine }));
      expect(
        (screen.getByRole("radio", { name: en.send.modeMine }) as HTMLInputElement).checked
      ).toBe(true);
      expect(calls).toEqual([]);
      cleanup();
    }
  });

  it("reads the attachments again when the pane gets the focus back", async () => {
    let list = attachments.filter((a) => a.name === "logo.png");
    const { user } = await chooseSupport(async () => list);
    await user.click(screen.getByRole("radio", { name: "Copy in Customer Support's Sent Items" }));
    await act(async () => undefined);
    expect(screen.queryByTestId("fidelity-warning")).toBeNull();
    // The person adds a cloud file in the message, then comes back to the pane.
    list = attachments;
    await act(async () => void window.dispatchEvent(new Event("focus")));
    expect((await screen.findByTestId("fidelity-warning")).textContent).toContain("Plan.docx");
  });
});

describe("a send that may have gone (issue 12, honest outcomes)", () => {
  /** The first send's answer is lost; checks find nothing until Exchange finishes (`finish`). */
  function inFlightService() {
    const calls = { send: 0, check: 0 };
    let finished = false;
    const lost = new GraphError(0, "network", "Failed to fetch");
    const service: SendService = {
      send: async () => {
        calls.send++;
        // The real Sender answers every later send with a look only (src/graph/send.ts).
        return { ok: false, error: lost, unknown: true };
      },
      check: async () => {
        calls.check++;
        return finished
          ? { ok: true, copies: ["mine"], confirmedLate: true }
          : { ok: false, error: lost, unknown: true };
      },
    };
    return { service, calls, finish: () => (finished = true) };
  }

  it("says 'may have been sent' (never 'Not sent'), disables Send even in another mailbox, and Check finds it once Exchange finished", async () => {
    const { service, calls, finish } = inFlightService();
    const { user, result } = await sendFromBilling(host(minutesAgo(300), service));
    expect(result.getAttribute("data-result")).toBe("unknown");
    expect(result.textContent).toContain(en.send.unknownTitle);
    expect(result.textContent).toContain(en.send.problem.unknownOutcome({ mailbox: "Billing" }));
    expect(result.textContent).not.toContain(en.send.failedTitle);
    expect(result.textContent).not.toContain(en.send.draftSafe);
    expect(within(result).queryByRole("button", { name: en.send.retry })).toBeNull();
    expect((screen.getByTestId("send-button") as HTMLButtonElement).disabled).toBe(true);

    // Another mailbox does not make the first message unsent: still said, Send still disabled.
    await user.click(screen.getByRole("option", { name: /Sales Europe/ }));
    const still = await screen.findByTestId("send-result");
    expect(still.getAttribute("data-result")).toBe("unknown");
    expect(still.textContent).toContain(en.send.problem.unknownOutcome({ mailbox: "Billing" }));
    expect((screen.getByTestId("send-button") as HTMLButtonElement).disabled).toBe(true);

    // Check while Exchange is still at it: still "may have been sent", nothing sent.
    await user.click(within(still).getByRole("button", { name: en.send.check }));
    await waitFor(() => expect(calls.check).toBe(1));
    const again = await screen.findByTestId("send-result");
    expect(again.getAttribute("data-result")).toBe("unknown");
    expect(calls).toEqual({ send: 1, check: 1 });

    // Exchange finishes: the next check finds it sent.
    finish();
    await user.click(within(again).getByRole("button", { name: en.send.check }));
    await waitFor(() =>
      expect(screen.getByTestId("send-result").getAttribute("data-result")).toBe("sent")
    );
    expect(screen.getByTestId("send-result").textContent).toContain(en.send.confirmedLate);
    // It went from Billing, whatever mailbox is chosen now.
    expect(screen.getByTestId("send-result").textContent).toContain(en.send.sentTitle("Billing"));
    expect(screen.getByTestId("send-result").textContent).not.toContain("Sales Europe");
    expect(calls).toEqual({ send: 1, check: 2 });
  });

  /** What an earlier pane left for this compose item (office/open-attempt-store.ts). */
  const leftByEarlierPane: OpenAttempt = {
    v: 1,
    root: "/users/billing%40northwind.example",
    internetMessageId: "<a1@northwind.example>",
    copies: ["mailbox"],
    error: { status: 0, code: "network", message: "Failed to fetch" },
    mailbox: "Billing",
    at: minutesAgo(2),
  };

  async function reopen(service: SendService) {
    const user = userEvent.setup();
    await act(async () => {
      render(
        <Pane
          host={{ ...host(minutesAgo(300), service), openAttempt: async () => leftByEarlierPane }}
          messages={en}
        />
      );
    });
    await user.click(await screen.findByRole("option", { name: /Sales Europe/ }));
    return user;
  }

  it("reopened after 'may have been sent': starts there with Send disabled; Check that proves it unsent enables Send", async () => {
    const calls = { send: 0, check: 0 };
    const service: SendService = {
      send: async () => (calls.send++, { ok: true, copies: ["mine"], confirmedLate: false }),
      check: async () => (
        calls.check++,
        {
          ok: false,
          draftIntact: true,
          failedAt: "sending",
          error: new GraphError(0, "provenUnsent", "Still a draft 60 s after the lost answer."),
        }
      ),
    };
    const user = await reopen(service);
    const result = await screen.findByTestId("send-result");
    expect(result.getAttribute("data-result")).toBe("unknown");
    // It went (or not) from Billing, whatever is chosen now.
    expect(result.textContent).toContain(en.send.problem.unknownOutcome({ mailbox: "Billing" }));
    expect((screen.getByTestId("send-button") as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(result).getByRole("button", { name: en.send.check }));
    await waitFor(() =>
      expect(screen.getByTestId("send-result").getAttribute("data-problem")).toBe("provenUnsent")
    );
    expect(screen.getByTestId("send-result").textContent).toContain("Not sent");
    expect((screen.getByTestId("send-button") as HTMLButtonElement).disabled).toBe(false);
    expect(calls).toEqual({ send: 0, check: 1 });
    await user.click(screen.getByTestId("send-button"));
    await waitFor(() =>
      expect(screen.getByTestId("send-result").getAttribute("data-result")).toBe("sent")
    );
    expect(calls).toEqual({ send: 1, check: 1 });
  });

  it("reopened, and the Sender finds no attempt to check (not found again after Outlook's re-save): still 'may have been sent', never 'Not sent' with Try again (rev12h finding 2)", async () => {
    const calls = { send: 0, check: 0 };
    const service: SendService = {
      send: async () => (calls.send++, { ok: true, copies: ["mine"], confirmedLate: false }),
      check: async () => (
        calls.check++,
        {
          ok: false,
          draftIntact: true,
          error: new GraphError(0, "unknownOutcome", "No send is waiting for a check."),
        }
      ),
    };
    const user = await reopen(service);
    const result = await screen.findByTestId("send-result");
    await user.click(within(result).getByRole("button", { name: en.send.check }));
    await waitFor(() => expect(calls.check).toBe(1));
    const after = await screen.findByTestId("send-result");
    await waitFor(() => expect(after.getAttribute("data-result")).toBe("unknown"));
    expect(after.textContent).toContain(en.send.problem.unknownOutcome({ mailbox: "Billing" }));
    expect(after.textContent).not.toContain("Not sent");
    expect(within(after).queryByRole("button", { name: en.send.retry })).toBeNull();
    expect((screen.getByTestId("send-button") as HTMLButtonElement).disabled).toBe(true);
    expect(calls.send).toBe(0);
  });

  it("reopened, and Check finds it sent: 'Sent from Billing', nothing sent again", async () => {
    const calls = { send: 0, check: 0 };
    const service: SendService = {
      send: async () => (calls.send++, { ok: true, copies: ["mine"], confirmedLate: false }),
      check: async () => (calls.check++, { ok: true, copies: ["mailbox"], confirmedLate: true }),
    };
    const user = await reopen(service);
    const result = await screen.findByTestId("send-result");
    await user.click(within(result).getByRole("button", { name: en.send.check }));
    await waitFor(() =>
      expect(screen.getByTestId("send-result").getAttribute("data-result")).toBe("sent")
    );
    expect(screen.getByTestId("send-result").textContent).toContain(en.send.sentTitle("Billing"));
    expect(calls).toEqual({ send: 0, check: 1 });
  });
});

describe("a reopened pane before it has read what the earlier pane left (rev12g #1)", () => {
  /** A store whose read answers only when `answer` is called, as a slow item.sessionData. */
  function slowRead() {
    let answer!: (a: OpenAttempt | null) => void;
    const read = new Promise<OpenAttempt | null>((r) => (answer = r));
    return { openAttempt: () => read, answer };
  }
  const recordOf = (): OpenAttempt => ({
    v: 1,
    root: "/me",
    internetMessageId: "<a2@northwind.example>",
    copies: ["mine"],
    error: { status: 0, code: "paneClosedMidSend", message: "No answer was seen." },
    mailbox: "Billing",
    at: minutesAgo(1),
  });

  it.each([
    ["a send in flight when the earlier pane closed", recordOf(), "unknown"],
    ["nothing", null, null],
  ])("Send stays disabled until the read answers; then %s: %s", async (_, left, expected) => {
    const calls = { send: 0 };
    const service: SendService = {
      send: async () => (calls.send++, { ok: true, copies: ["mine"], confirmedLate: false }),
      check: async () => ({ ok: false, error: new GraphError(0, "x", "x"), unknown: true }),
    };
    const store = slowRead();
    const user = userEvent.setup();
    await act(async () => {
      render(
        <Pane
          host={{ ...host(minutesAgo(300), service), openAttempt: store.openAttempt }}
          messages={en}
        />
      );
    });
    await user.click(await screen.findByRole("option", { name: /Billing/ }));
    const button = screen.getByTestId("send-button") as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await user.click(button);
    expect(calls.send).toBe(0);
    await act(async () => store.answer(left));
    if (expected) {
      const result = await screen.findByTestId("send-result");
      expect(result.getAttribute("data-result")).toBe(expected);
      expect(result.textContent).toContain("May have been sent");
      expect((screen.getByTestId("send-button") as HTMLButtonElement).disabled).toBe(true);
    } else {
      await waitFor(() =>
        expect((screen.getByTestId("send-button") as HTMLButtonElement).disabled).toBe(false)
      );
      expect(screen.queryByTestId("send-result")).toBeNull();
    }
    expect(calls.send).toBe(0);
  });
});

describe("the Sender refuses a labelled draft through the mailbox (cannotCarry)", () => {
  it("names the sensitivity label as what would be lost, never an empty list", async () => {
    const service: SendService = {
      send: async () => ({
        ok: false,
        draftIntact: true,
        error: new GraphError(
          0,
          "cannotCarry",
          "Recreating the message would lose:  (sensitivityLabel)"
        ),
        cannotCarry: [{ name: "", why: "sensitivityLabel" }],
      }),
      check: async () => {
        throw new Error("no send is waiting for a check");
      },
    };
    const { result } = await sendFromBilling(host(minutesAgo(600), service));
    expect(result.getAttribute("data-problem")).toBe("modeCannotCarry");
    expect(result.textContent).toContain(
      enProblems.modeCannotCarry({ mailbox: "Billing", parts: [], label: true })
    );
    expect(result.textContent).toContain("would lose part of this message: its sensitivity label.");
  });
});

describe("sent, and Outlook could not close the window (rev14b finding 1)", () => {
  /** Every send goes, and Outlook's closeAsync fails (office-js #5568): the window stays open. */
  function sentNotClosedService() {
    const calls = { send: 0 };
    const service: SendService = {
      send: async () => (
        calls.send++,
        { ok: true, copies: ["mine"], confirmedLate: false, notClosed: true }
      ),
      check: async () => {
        throw new Error("no send is waiting for a check");
      },
    };
    return { service, calls };
  }

  /** Where the compose item keeps the record across panes (as item.sessionData would). */
  function keptRecord() {
    const kept: { record: SentRecord | null } = { record: null };
    return {
      kept,
      store: {
        load: async () => kept.record,
        save: async (r: SentRecord) => void (kept.record = r),
      },
    };
  }

  function expectSendRefused() {
    const button = screen.getByRole("button", { name: /^Send from / });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    // The reason is said next to the button and read with it.
    expect(screen.getByTestId("already-sent").textContent).toBe(en.send.alreadySent);
    expect(button.getAttribute("aria-describedby")).toBe(screen.getByTestId("already-sent").id);
    // The way of sending is settled too: the modes are disabled, for the same reason.
    const modes = screen.getByRole("radiogroup", { name: en.send.modeLabel });
    expect(modes.getAttribute("aria-describedby")).toBe(screen.getByTestId("already-sent").id);
    const radios = within(modes).getAllByRole("radio") as HTMLInputElement[];
    expect(radios.map((r) => r.disabled)).toEqual([true, true]);
  }

  it("Send stays disabled with the reason, also in another mailbox, and a reopened pane starts at 'sent'", async () => {
    const { service, calls } = sentNotClosedService();
    const { store, kept } = keptRecord();
    const { user, result } = await sendFromBilling({
      ...host(minutesAgo(300), service),
      sentRecord: store,
    });
    expect(result.getAttribute("data-result")).toBe("sent");
    expect(within(result).getByTestId("sent-not-closed")).toBeTruthy();
    expectSendRefused();
    // A second press does nothing.
    await user.click(screen.getByTestId("send-button"));
    expect(calls.send).toBe(1);

    // Another mailbox: the message went from Billing; Send from Sales Europe does not send it again.
    await user.click(screen.getByRole("option", { name: /Sales Europe/ }));
    await screen.findByRole("button", { name: "Send from Sales Europe" });
    expect(screen.getByTestId("send-result").textContent).toContain(en.send.sentTitle("Billing"));
    expectSendRefused();
    expect(calls.send).toBe(1);
    expect(kept.record).toMatchObject({ v: 1, mailbox: "Billing", where: "mine" });

    // The pane closed and opened again on the same compose window.
    cleanup();
    await act(async () => {
      render(
        <Pane host={{ ...host(minutesAgo(300), service), sentRecord: store }} messages={en} />
      );
    });
    await user.click(await screen.findByRole("option", { name: /Billing/ }));
    const reopened = await screen.findByTestId("send-result");
    expect(reopened.getAttribute("data-result")).toBe("sent");
    expect(reopened.textContent).toContain(en.send.sentTitle("Billing"));
    expect(reopened.textContent).toContain(en.send.notClosed);
    expectSendRefused();
    expect(calls.send).toBe(1);
  });

  it("says 'sent' only once the record is kept: the window closed the moment the person reads it keeps it (CI run of stop 28)", async () => {
    const { service } = sentNotClosedService();
    const kept: { record: SentRecord | null } = { record: null };
    let finishSave: (() => void) | null = null;
    const store = {
      load: async () => null,
      save: (r: SentRecord) =>
        new Promise<void>((resolve) => {
          finishSave = () => ((kept.record = r), resolve());
        }),
    };
    const user = userEvent.setup();
    await act(async () => {
      render(
        <Pane host={{ ...host(minutesAgo(300), service), sentRecord: store }} messages={en} />
      );
    });
    await user.click(await screen.findByRole("option", { name: /Billing/ }));
    await user.click(screen.getByTestId("send-button"));
    // The send went; the record is being written: nothing says "sent" yet.
    await waitFor(() => expect(finishSave).not.toBeNull());
    await act(async () => new Promise((r) => setTimeout(r, 50)));
    expect(screen.queryByTestId("sent-not-closed")).toBeNull();
    act(() => finishSave?.());
    const result = await screen.findByTestId("send-result");
    await waitFor(() => expect(result.getAttribute("data-result")).toBe("sent"));
    expect(within(result).getByTestId("sent-not-closed")).toBeTruthy();
    expect(kept.record).toMatchObject({ v: 1, mailbox: "Billing", where: "mine" });
  });

  it("a send whose window closed keeps no record (nothing is left to lock)", async () => {
    const calls = { send: 0 };
    const service: SendService = {
      send: async () => (calls.send++, { ok: true, copies: ["mine"], confirmedLate: false }),
      check: async () => {
        throw new Error("no send is waiting for a check");
      },
    };
    const { store, kept } = keptRecord();
    const { result } = await sendFromBilling({
      ...host(minutesAgo(300), service),
      sentRecord: store,
    });
    expect(result.getAttribute("data-result")).toBe("sent");
    expectSendRefused();
    expect(kept.record).toBeNull();
  });
});

describe("more custom x- headers than a recreated message can carry (Microsoft Q&A 762243)", () => {
  /** "mailbox" is refused by the Sender as seven headers; "mine" sends. Records the modes. */
  function headersService() {
    const modes: string[] = [];
    const service: SendService = {
      send: async (_mailbox, mode) => {
        modes.push(mode);
        if (mode === "mine") return { ok: true, copies: ["mine"], confirmedLate: false };
        const cannotCarry = Array.from({ length: 7 }, (_, i) => ({
          name: `x-routing-${i + 1}`,
          why: "customHeader" as const,
        }));
        return {
          ok: false,
          draftIntact: true,
          error: new GraphError(0, "cannotCarry", "Recreating the message would lose: headers"),
          cannotCarry,
        };
      },
      check: async () => {
        throw new Error("no send is waiting for a check");
      },
    };
    return { service, modes };
  }

  it.each([
    ["en", en, "its 7 custom x- headers", "at most 5 custom x- headers"],
    ["de", de, "ihre 7 eigenen x-Kopfzeilen", "höchstens 5 eigene x-Kopfzeilen"],
    ["fr", fr, "ses 7 en-têtes x- personnalisés", "au plus 5 en-têtes x- personnalisés"],
  ])(
    "(%s) says the headers would be lost, never 'Sent', and sends the whole message with 'mine'",
    async (_lang, messages, lost, limit) => {
      const { service, modes } = headersService();
      const user = userEvent.setup();
      await act(async () => {
        render(<Pane host={host(minutesAgo(600), service)} messages={messages} />);
      });
      await user.click(await screen.findByRole("option", { name: /Customer Support/ }));
      await user.click(
        screen.getByRole("radio", { name: messages.send.modeMailbox("Customer Support") })
      );
      await user.click(screen.getByTestId("send-button"));
      const result = await screen.findByTestId("send-result");
      expect(result.getAttribute("data-problem")).toBe("modeCannotCarry");
      expect(result.textContent).toContain(lost);
      expect(result.textContent).toContain(limit);
      // No header name is listed as an attachment, and nothing says it was sent.
      expect(result.textContent).not.toContain("x-routing-1");
      expect(result.textContent).not.toContain(messages.send.sentTitle("Customer Support"));
      await user.click(within(result).getByRole("button", { name: messages.send.sendMine }));
      await waitFor(() =>
        expect(screen.getByTestId("send-result").getAttribute("data-result")).toBe("sent")
      );
      expect(modes).toEqual(["mailbox", "mine"]);
    }
  );
});

describe("Full Access listed 30 minutes ago, not working yet (rev12i #2, rev12j E)", () => {
  it("says writing into the mailbox failed, offers 'Copy in my Sent Items' beside Try again in one actions area, and it sends once", async () => {
    const modes: string[] = [];
    const service: SendService = {
      send: async (_mailbox, mode) => {
        modes.push(mode);
        return mode === "mailbox"
          ? {
              ok: false,
              draftIntact: true,
              failedAt: "writing",
              error: new GraphError(403, "ErrorAccessDenied", "Access is denied."),
              tokenScopes: [
                "Mail.Send",
                "Mail.Send.Shared",
                "Mail.ReadWrite",
                "Mail.ReadWrite.Shared",
              ],
            }
          : { ok: true, copies: ["mine"], confirmedLate: false };
      },
      check: async () => {
        throw new Error("no send is waiting for a check");
      },
    };
    const user = userEvent.setup();
    await act(async () => {
      render(<Pane host={host(minutesAgo(30), service)} messages={en} />);
    });
    await user.click(await screen.findByRole("option", { name: /Customer Support/ }));
    await user.click(screen.getByRole("radio", { name: en.send.modeMailbox("Customer Support") }));
    await user.click(screen.getByTestId("send-button"));
    const result = await screen.findByTestId("send-result");
    expect(result.getAttribute("data-problem")).toBe("rightNotActiveYet");
    expect(result.textContent).toContain(
      "Exchange doesn't let you write into Customer Support yet"
    );
    expect(result.textContent).toContain('"Copy in my Sent Items" does not need Full Access');
    const mine = within(result).getByRole("button", { name: en.send.sendMine });
    const retry = within(result).getByRole("button", { name: en.send.retry });
    // One actions area: two would overlap, the second covering the first.
    expect(mine.parentElement).toBe(retry.parentElement);
    await user.click(mine);
    await waitFor(() =>
      expect(screen.getByTestId("send-result").getAttribute("data-result")).toBe("sent")
    );
    expect(modes).toEqual(["mailbox", "mine"]);
  });
});

describe("403 while writing into the mailbox, judged by the token's scopes", () => {
  it.each([
    ["en", en, "Ask your admin to grant consent for Mail.ReadWrite.Shared"],
    ["de", de, "die Berechtigung Mail.ReadWrite.Shared zu erteilen"],
    ["fr", fr, "d’accorder l’autorisation Mail.ReadWrite.Shared"],
  ])(
    "(%s) the token lacks Mail.ReadWrite.Shared: says which permission to ask the admin for; no cmdlet, no Try again",
    async (_lang, messages, ask) => {
      const service: SendService = {
        send: async () => ({
          ok: false,
          draftIntact: true,
          failedAt: "writing",
          error: new GraphError(403, "ErrorAccessDenied", "Access is denied."),
          tokenScopes: ["Mail.Send", "Mail.Send.Shared", "Mail.ReadWrite", "User.Read"],
        }),
        check: async () => {
          throw new Error("no send is waiting for a check");
        },
      };
      const user = userEvent.setup();
      await act(async () => {
        render(<Pane host={host(minutesAgo(600), service)} messages={messages} />);
      });
      await user.click(await screen.findByRole("option", { name: /Customer Support/ }));
      await user.click(
        screen.getByRole("radio", { name: messages.send.modeMailbox("Customer Support") })
      );
      await user.click(screen.getByTestId("send-button"));
      const result = await screen.findByTestId("send-result");
      expect(result.getAttribute("data-problem")).toBe("consentRequired");
      expect(result.textContent).toContain(ask);
      // Screen readers hear the same permission named.
      expect(screen.getByTestId("send-announcement").textContent).toContain(ask);
      expect(within(result).queryByTestId("admin-fix")).toBeNull();
      expect(within(result).queryByRole("button", { name: messages.send.retry })).toBeNull();
    }
  );
});

describe("a send with Outlook's Delay delivery", () => {
  const AT = "2026-12-01T12:00:00.000Z";
  it.each([
    ["en", en],
    ["de", de],
    ["fr", fr],
  ])(
    "(%s) says it is scheduled for the time, Intl-formatted, and never that it was sent now",
    async (_lang, messages) => {
      const service: SendService = {
        send: async () => ({ ok: true, copies: ["mine"], confirmedLate: false, deferredUntil: AT }),
        check: async () => {
          throw new Error("no send is waiting for a check");
        },
      };
      const { result } = await sendFromBilling(host(minutesAgo(600), service), messages);
      expect(result.getAttribute("data-result")).toBe("sent");
      const time = messages.formatTime(AT);
      expect(time).not.toBe(AT);
      expect(result.textContent).toContain(messages.send.scheduledTitle("Billing", time));
      expect(within(result).getByTestId("sent-scheduled").textContent).toBe(
        messages.send.scheduled(time)
      );
      expect(result.textContent).not.toContain(messages.send.sentTitle("Billing"));
      expect(screen.getByTestId("send-announcement").textContent).toBe(
        messages.send.scheduledTitle("Billing", time)
      );
    }
  );
});

describe("the sign-in refused the account it was given (graph/auth wrongAccount)", () => {
  /** A send whose sign-in refused `error`'s account: nothing went. */
  function refusedSignIn(error: AuthError): SendService {
    return {
      send: async () => {
        throw error;
      },
      check: async () => {
        throw new Error("no send is waiting for a check");
      },
    };
  }
  const UPN = "AlexW@northwindtraders.onmicrosoft.com";

  it("another person's account: names it and says to pick his own", async () => {
    const other = new AuthError(
      "wrongAccount",
      `Signed in as megan.bowen@northwind.example, not as Outlook's user ${ALEX.address}.`,
      "wrongAccount",
      "megan.bowen@northwind.example"
    );
    const { result } = await sendFromBilling(host(minutesAgo(600), refusedSignIn(other)));
    expect(result.getAttribute("data-problem")).toBe("wrongAccount");
    expect(result.textContent).toContain(
      "The sign-in gave megan.bowen@northwind.example, not Outlook's account"
    );
    expect(result.textContent).not.toContain("optional claim");
  });

  // Office gave no account (the hint is Alex's mail address), and a second account on the host
  // answers (MSAL #7356): Megan's token, whose ID token names her own address. The real sign-in
  // refuses it as another person's, and the pane says "pick your own", not "no email" (rev12d #3).
  it("another person's token whose ID token names their own address: the pane names it and says to pick his own, not that the sign-in gives no email", async () => {
    const megan = {
      homeAccountId: "m.t",
      username: "MeganB@northwindtraders.onmicrosoft.com",
      localAccountId: "6a1e0c5b-0000-4000-8000-00000000abcd",
      idTokenClaims: { email: "megan.bowen@northwind.example" },
    };
    let active: unknown = null;
    const pca = {
      acquireTokenSilent: async () => ({ accessToken: "megan-silent", account: megan }),
      acquireTokenPopup: async () => ({ accessToken: "megan-popup", account: megan }),
      getActiveAccount: () => active,
      getAllAccounts: () => (active ? [active] : []),
      setActiveAccount: (a: unknown) => (active = a),
    };
    const signIn = new AccountManager({
      app: { clientId: "client", authority: "https://login.microsoftonline.com/tenant" },
      nestedAppAuthSupported: () => true,
      createNestablePca: async () => pca as never,
      openDialog: async () => {
        throw new Error("no dialog here");
      },
      baseUrl: "https://sendfrom.example.org/app/",
      loginHint: toSmtpAddress(ALEX.address),
      hintIsAddress: true,
    });
    const refused = await signIn.getToken().then(
      () => null,
      (e: unknown) => e
    );
    expect(refused).toBeInstanceOf(AuthError);
    const { result } = await sendFromBilling(
      host(minutesAgo(600), refusedSignIn(refused as AuthError))
    );
    expect(result.getAttribute("data-problem")).toBe("wrongAccount");
    expect(result.textContent).toContain(
      en.send.problem.wrongAccount({ mailbox: "Billing", account: megan.username })
    );
    expect(result.textContent).toContain(
      "The sign-in gave MeganB@northwindtraders.onmicrosoft.com, not Outlook's account"
    );
    expect(result.textContent).not.toContain("optional claim");
  });

  it.each([
    ["en", en, 'ask your admin to add the "email" optional claim'],
    ["de", de, "den optionalen Anspruch „email“"],
    ["fr", fr, "la revendication facultative «\u202femail\u202f»"],
  ])(
    "%s: his own account, not confirmed for want of an email claim: says what is going on and the way out, not only 'pick your own'",
    async (_, messages, wayOut) => {
      const unconfirmed = new AuthError(
        "wrongAccount",
        `Signed in as ${UPN}; Send From could not confirm that this account is Outlook's user ${ALEX.address}.`,
        "accountUnconfirmed",
        UPN
      );
      const { result } = await sendFromBilling(
        host(minutesAgo(600), refusedSignIn(unconfirmed)),
        messages
      );
      expect(result.getAttribute("data-problem")).toBe("wrongAccount");
      expect(result.textContent).toContain(
        messages.send.problem.wrongAccount({ mailbox: "Billing", account: UPN, unconfirmed: true })
      );
      expect(result.textContent).toContain(UPN);
      expect(result.textContent).toContain(wayOut);
    }
  );
});
