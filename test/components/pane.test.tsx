import { toSmtpAddress } from "../../src/core/address";
import { act, cleanup, render, screen, waitFor, within } from "@testing-library/react";
import { adviseFor } from "../../src/core/advice";
import userEvent from "@testing-library/user-event";
import { Pane } from "../../src/taskpane/Pane";
import type { PaneHost } from "../../src/taskpane/host";
import type { DirectoryFailure, DirectoryState } from "../../src/directory/client";
import { de } from "../../src/core/i18n/de";
import { en } from "../../src/core/i18n/en";
import { fr } from "../../src/core/i18n/fr";
import type { Messages } from "../../src/core/i18n";
import { EMPTY_PREFERENCES, Preferences } from "../../src/core/search";
import { alexShard } from "../fixtures/northwind";
import { mailbox } from "../fixtures/shards";

const ALEX = {
  address: toSmtpAddress("alex.wilber@northwind.example"),
  displayName: "Alex Wilber",
};

function fakeHost(
  overrides: Partial<PaneHost> = {},
  state: DirectoryState = {
    status: "ready",
    shard: alexShard(),
    notes: [],
    fetchedAt: "2026-11-22T09:00:00Z",
  }
) {
  const saved: Preferences[] = [];
  const host: PaneHost = {
    user: ALEX,
    readFrom: async () => ALEX,
    preferences: { load: () => EMPTY_PREFERENCES, save: async (p) => void saved.push(p) },
    directory: { cached: async () => null, refresh: async () => state },
    now: () => new Date("2026-11-22T12:00:00Z"),
    ...overrides,
  };
  return { host, saved };
}

/** Renders and lets the first reads (directory, From) settle inside act(). */
async function renderPane(host: PaneHost, messages: Messages = en) {
  await act(async () => {
    render(<Pane host={host} messages={messages} />);
  });
}

describe("the pane", () => {
  it("shows the cached copy at once, then the server's answer", async () => {
    let resolveRefresh!: (s: DirectoryState) => void;
    const cached: DirectoryState = {
      status: "cached",
      shard: alexShard({
        mailboxes: [mailbox({ address: "old@northwind.example", displayName: "Old Box" })],
      }),
      notes: [],
      fetchedAt: "2026-11-21T09:00:00Z",
    };
    const { host } = fakeHost({
      directory: {
        cached: async () => cached,
        refresh: () => new Promise((r) => (resolveRefresh = r)),
      },
    });
    await renderPane(host);
    expect(await screen.findByRole("option", { name: /Old Box/ })).toBeTruthy();
    expect(screen.getByText(en.directory.checking)).toBeTruthy();
    await act(async () =>
      resolveRefresh({
        status: "ready",
        shard: alexShard(),
        notes: [],
        fetchedAt: "2026-11-22T09:00:00Z",
      })
    );
    expect(await screen.findByRole("option", { name: /Customer Support/ })).toBeTruthy();
    expect(screen.queryByRole("option", { name: /Old Box/ })).toBeNull();
  });

  it("says what it is doing while nothing is known yet", async () => {
    const { host } = fakeHost({
      directory: { cached: async () => null, refresh: () => new Promise(() => undefined) },
    });
    await renderPane(host);
    expect(screen.getByRole("status").textContent).toBe(en.pane.loading);
  });

  it("notes a chosen mailbox as recently used and toggles favourites in roaming settings", async () => {
    const user = userEvent.setup();
    const { host, saved } = fakeHost();
    await renderPane(host);
    await user.click(await screen.findByRole("option", { name: /Press Office/ }));
    expect(saved.at(-1)).toEqual({ favourites: [], recent: ["press@northwind.example"] });
    await user.click(screen.getByRole("button", { name: en.pane.addFavourite }));
    expect(saved.at(-1)).toEqual({
      favourites: ["press@northwind.example"],
      recent: ["press@northwind.example"],
    });
    // Its name says what it does now, with no "pressed" state beside it to contradict it.
    const remove = screen.getByRole("button", { name: en.pane.removeFavourite });
    expect(remove.getAttribute("aria-pressed")).toBeNull();
    await user.click(remove);
    expect(saved.at(-1)).toEqual({ favourites: [], recent: ["press@northwind.example"] });
    expect(screen.getByRole("button", { name: en.pane.addFavourite })).toBeTruthy();
    // The list does not jump while the user works in it: order is the one the pane opened with.
    const names = screen.getAllByRole("option").map((o) => o.getAttribute("data-address"));
    expect(names[0]).toBe("all-staff@northwind.example");
  });

  it("keeps working when roaming settings cannot be saved", async () => {
    const user = userEvent.setup();
    const { host } = fakeHost({
      preferences: {
        load: () => EMPTY_PREFERENCES,
        save: async () => Promise.reject(new Error("9057")),
      },
    });
    await renderPane(host);
    await user.click(await screen.findByRole("option", { name: /Billing/ }));
    expect(await screen.findByRole("heading", { name: "Sending from Billing" })).toBeTruthy();
  });

  it("reads Outlook's From again while open, because the task pane gets no event when it changes", async () => {
    jest.useFakeTimers();
    try {
      let from = ALEX;
      const { host } = fakeHost({ readFrom: async () => from });
      await renderPane(host);
      await act(async () => undefined);
      expect(screen.getByTestId("outlook-from").getAttribute("data-from-status")).toBe("own");
      from = { address: toSmtpAddress("hr@northwind.example"), displayName: "Alex Wilber" };
      await act(async () => void jest.advanceTimersByTime(2100));
      expect(screen.getByTestId("outlook-from").getAttribute("data-from-status")).toBe(
        "notPermitted"
      );
      expect(within(screen.getByTestId("outlook-from")).getByText("Human Resources")).toBeTruthy();
    } finally {
      jest.useRealTimers();
    }
  });

  it.each([
    ["finance@northwind.example", "unknown", en.pane.outlookFromNotInDirectory],
    ["alex@northwind.example", "own", en.pane.outlookFromYou],
    ["support@northwind.example", "permitted", en.pane.outlookFromPermitted],
  ])("labels Outlook's From %s as %s", async (address, status, label) => {
    const { host } = fakeHost({
      readFrom: async () => ({
        address: toSmtpAddress(address),
        displayName: "whatever Outlook says",
      }),
    });
    await renderPane(host);
    await waitFor(() =>
      expect(screen.getByTestId("outlook-from").getAttribute("data-from-status")).toBe(status)
    );
    expect(screen.getByTestId("outlook-from").textContent).toContain(label);
    expect(screen.getByTestId("outlook-from").textContent).not.toContain("whatever Outlook says");
  });

  // rev12f #7: Megan (UPN not her mail address), nothing stored, public mode: her own address was
  // said to be "Not in your directory" until the directory answered.
  it("says nothing about Outlook's From until the directory answers, then what it says", async () => {
    let answer!: (state: DirectoryState) => void;
    const { host } = fakeHost({
      user: { address: toSmtpAddress("meganb@northwindtraders.onmicrosoft.com"), displayName: "" },
      readFrom: async () => ({
        address: toSmtpAddress("finance@northwind.example"),
        displayName: "whatever Outlook says",
      }),
      directory: {
        cached: async () => null,
        refresh: () => new Promise<DirectoryState>((r) => (answer = r)),
      },
    });
    await renderPane(host);
    const from = screen.getByTestId("outlook-from");
    expect(from.getAttribute("data-from-status")).toBe("unchecked");
    expect(from.textContent).toContain("finance@northwind.example");
    expect(from.textContent).not.toContain(en.pane.outlookFromNotInDirectory);
    await act(async () =>
      answer({ status: "ready", shard: alexShard(), notes: [], fetchedAt: "2026-11-22T09:00:00Z" })
    );
    expect(screen.getByTestId("outlook-from").textContent).toContain(
      en.pane.outlookFromNotInDirectory
    );
  });

  it("says so when Outlook can't tell the From address", async () => {
    const { host } = fakeHost({ readFrom: async () => null });
    await renderPane(host);
    expect(await screen.findByText(en.pane.outlookFromUnknown)).toBeTruthy();
  });
});

describe("advice, the line most needed first (rev14b finding 5)", () => {
  /** The advice codes in the order shown, and which of them is visible before "Show more". */
  async function adviceFor(name: RegExp) {
    const user = userEvent.setup();
    const { host } = fakeHost();
    await renderPane(host);
    await user.click(await screen.findByRole("option", { name }));
    const items = Array.from(
      (await screen.findByTestId("advice")).querySelectorAll<HTMLLIElement>("[data-advice-code]")
    );
    return {
      codes: items.map((li) => li.dataset.adviceCode!),
      visible: items.filter((li) => !li.hidden).map((li) => li.dataset.adviceCode!),
    };
  }

  it("a no-reply mailbox: 'nobody reads replies' is the visible line, before how recipients see it", async () => {
    const { codes, visible } = await adviceFor(/No Reply/);
    expect(visible).toEqual(["mailbox.noReply"]);
    expect(codes.indexOf("recipients.sendAs")).toBeLessThan(codes.indexOf("sentItems.yoursOnly"));
    expect(codes.indexOf("sentItems.yoursOnly")).toBeLessThan(codes.indexOf("fullAccess.missing"));
  });

  it("without Full Access: how recipients see the message comes first, Full Access after the copy", async () => {
    for (const name of [/Boardroom/, /Press Office/]) {
      const { codes, visible } = await adviceFor(name);
      expect(visible[0]).toMatch(/^recipients\./);
      const copy = codes.findIndex((c) => c.startsWith("sentItems."));
      expect(copy).toBeGreaterThan(0);
      expect(codes.indexOf("fullAccess.missing")).toBeGreaterThan(copy);
      cleanup();
    }
  });

  it("loses no advice: every code adviseFor gives is in the list", async () => {
    const { codes } = await adviceFor(/Legal/);
    const legal = alexShard().mailboxes.find((m) => m.displayName === "Legal")!;
    const given = adviseFor(legal, {
      user: ALEX.address,
      generatedAt: alexShard().generatedAt,
      now: new Date("2026-11-22T12:00:00Z"),
      outlookFrom: ALEX.address,
    }).map((a) => a.code);
    expect([...codes].sort()).toEqual([...given].sort());
    // Hidden from address lists changes what Outlook for the desktop can do: before the rest.
    expect(codes[0]).toBe("mailbox.hidden");
  });
});

describe("directory states", () => {
  const failure = async (state: DirectoryState) => {
    const { host } = fakeHost({}, state);
    await renderPane(host);
  };

  it("stale: names the time of the copy and offers to retry", async () => {
    await failure({
      status: "stale",
      shard: alexShard(),
      notes: [],
      fetchedAt: "2026-11-21T08:30:00Z",
      failure: { kind: "unreachable", detail: "HTTP 503", status: 503 },
    });
    const bar = await screen.findByTestId("stale");
    expect(bar.textContent).toContain(en.directory.asOf(en.formatTime("2026-11-21T08:30:00Z")));
    expect(within(bar).getByRole("button", { name: en.directory.retry })).toBeTruthy();
    expect((await screen.findAllByRole("option")).length).toBeGreaterThan(0);
  });

  it.each([
    ["en", en, /could not be reached/g, /answered with an error/g, /connection/],
    ["de", de, /nicht erreichbar/g, /einen Fehler gemeldet/g, /Verbindung/],
    ["fr", fr, /pas pu être joint/g, /a répondu par une erreur/g, /connexion/],
  ] as const)(
    "stale (%s): says what went wrong once, with its detail, then how old the list is (rev14b #6)",
    async (_, messages, unreachable, answered, connection) => {
      const stale = (failure: DirectoryFailure): DirectoryState => ({
        status: "stale",
        shard: alexShard(),
        notes: [],
        fetchedAt: "2026-11-21T08:30:00Z",
        failure,
      });
      // The service answered 503 (Service Unavailable): it was reached, the connection is fine.
      const { host: answering } = fakeHost(
        {},
        stale({ kind: "unreachable", detail: "HTTP 503", status: 503 })
      );
      await renderPane(answering, messages);
      const text = (await screen.findByTestId("stale")).textContent ?? "";
      cleanup();
      expect(text.match(answered)).toHaveLength(1);
      expect(text).not.toMatch(connection);
      expect(text).toContain("(HTTP 503)");
      expect(text).toContain(messages.directory.asOf(messages.formatTime("2026-11-21T08:30:00Z")));

      // No answer at all: the connection may be the cause, and the text says so.
      const { host } = fakeHost({}, stale({ kind: "unreachable", detail: "Failed to fetch" }));
      await renderPane(host, messages);
      const lost = (await screen.findByTestId("stale")).textContent ?? "";
      expect(lost.match(unreachable)).toHaveLength(1);
      expect(lost).toMatch(connection);
      expect(lost).toContain("(Failed to fetch)");
    }
  );

  it("failed: a missing directory says to tell the admin", async () => {
    await failure({
      status: "failed",
      failure: { kind: "missing", url: "https://x.example/directory/" },
    });
    expect((await screen.findByTestId("failed")).textContent).toContain("Tell your admin");
  });

  it("malformed: explains the problem in words", async () => {
    await failure({
      status: "failed",
      failure: {
        kind: "malformed",
        problem: { code: "tooLarge", bytes: 6 * 1048576, limit: 5 * 1048576 },
      },
    });
    expect((await screen.findByTestId("failed")).textContent).toContain("6.0 MB");
  });

  it.each([en, de, fr])(
    "another person's list (wrongUser): says it is for another person, not that the directory is malformed",
    async (messages) => {
      const { host } = fakeHost(
        {},
        {
          status: "failed",
          failure: {
            kind: "malformed",
            problem: {
              code: "wrongUser",
              expected: "alex.wilber@northwind.example",
              found: "megan.bowen@northwind.example",
            },
          },
        }
      );
      await renderPane(host, messages);
      const text = (await screen.findByTestId("failed")).textContent ?? "";
      expect(text).toContain(
        messages.directory.otherPerson({
          expected: "alex.wilber@northwind.example",
          found: "megan.bowen@northwind.example",
        })
      );
      expect(text).not.toContain(messages.directory.malformed(""));
    }
  );

  it("not published: the user can send only as themselves", async () => {
    await failure({ status: "notPublished" });
    expect((await screen.findByTestId("not-published")).textContent).toContain(
      en.directory.notPublished
    );
    expect(screen.queryByRole("listbox")).toBeNull();
  });

  // Protected mode (issue 10): the directory service's answers the pane must put in words.
  it("protected, sign-in needed with nothing cached: says so, offers to retry, lists nothing", async () => {
    await failure({ status: "failed", failure: { kind: "signInNeeded", detail: "HTTP 401" } });
    const bar = await screen.findByTestId("failed");
    expect(bar.getAttribute("data-failure")).toBe("signInNeeded");
    expect(bar.textContent).toContain(en.directory.failedTitle);
    expect(bar.textContent).toContain(en.directory.signInNeeded);
    expect(within(bar).getByRole("button", { name: en.directory.retry })).toBeTruthy();
    expect(screen.queryAllByRole("option")).toEqual([]);
  });

  it("protected, sign-in needed with a last good copy: the copy stays listed, the bar says why it is old", async () => {
    await failure({
      status: "stale",
      shard: alexShard(),
      notes: [],
      fetchedAt: "2026-11-21T08:30:00Z",
      failure: { kind: "signInNeeded", detail: "interaction required" },
    });
    const bar = await screen.findByTestId("stale");
    expect(bar.getAttribute("data-failure")).toBe("signInNeeded");
    expect(bar.textContent).toContain(en.directory.asOf(en.formatTime("2026-11-21T08:30:00Z")));
    expect(bar.textContent).toContain(en.directory.signInNeeded);
    // The token's error detail is not shown (it may quote the sign-in service).
    expect(bar.textContent).not.toContain("interaction required");
    expect(await screen.findByRole("option", { name: /Customer Support/ })).toBeTruthy();
  });

  it("protected, the sign-in gave another person's account: names it, says to pick his own, with Try again", async () => {
    await failure({
      status: "failed",
      failure: {
        kind: "wrongAccount",
        detail: "Signed in as megan.bowen@northwind.example, not as Outlook's user",
        account: "megan.bowen@northwind.example",
      },
    });
    const bar = await screen.findByTestId("failed");
    expect(bar.getAttribute("data-failure")).toBe("wrongAccount");
    expect(bar.textContent).toContain(
      "The sign-in gave megan.bowen@northwind.example, not Outlook's account"
    );
    expect(bar.textContent).not.toContain(en.directory.signInNeeded);
    expect(within(bar).getByRole("button", { name: en.directory.retry })).toBeTruthy();
  });

  it("protected, his own account not confirmed (no email claim): says why and the way out, keeps the last good copy", async () => {
    const upn = "AlexW@northwindtraders.onmicrosoft.com";
    await failure({
      status: "stale",
      shard: alexShard(),
      notes: [],
      fetchedAt: "2026-11-21T08:30:00Z",
      failure: {
        kind: "wrongAccount",
        detail: "could not confirm",
        account: upn,
        unconfirmed: true,
      },
    });
    const bar = await screen.findByTestId("stale");
    expect(bar.textContent).toContain(
      en.send.problem.wrongAccount({ mailbox: "", account: upn, unconfirmed: true })
    );
    expect(bar.textContent).toContain('add the "email" optional claim');
    expect(await screen.findByRole("option", { name: /Customer Support/ })).toBeTruthy();
  });

  it("protected, not allowed (403): tells the user to ask the admin, lists nothing", async () => {
    await failure({ status: "failed", failure: { kind: "notAllowed", detail: "HTTP 403" } });
    const bar = await screen.findByTestId("failed");
    expect(bar.getAttribute("data-failure")).toBe("notAllowed");
    expect(bar.textContent).toContain(en.directory.notAllowed);
    expect(bar.textContent).toContain("Tell your admin");
    expect(screen.queryAllByRole("option")).toEqual([]);
  });

  it("protected, nothing published (the service's NotPublished) replaces a cached list at once", async () => {
    const cached: DirectoryState = {
      status: "cached",
      shard: alexShard(),
      notes: [],
      fetchedAt: "2026-11-21T09:00:00Z",
    };
    const { host } = fakeHost({
      directory: {
        cached: async () => cached,
        refresh: async () => ({ status: "notPublished", fetchedAt: "2026-11-22T09:00:00Z" }),
      },
    });
    await renderPane(host);
    expect((await screen.findByTestId("not-published")).textContent).toContain(
      en.directory.notPublishedTitle
    );
    // The admin took the rights away: the old copy's mailboxes are not offered any more.
    expect(screen.queryAllByRole("option")).toEqual([]);
    expect(screen.queryByText(/Customer Support/)).toBeNull();
  });

  it("protected, retry after sign-in needed asks again and lists", async () => {
    const refresh = jest
      .fn<Promise<DirectoryState>, []>()
      .mockResolvedValueOnce({
        status: "failed",
        failure: { kind: "signInNeeded", detail: "user_cancelled" },
      })
      .mockResolvedValueOnce({
        status: "ready",
        shard: alexShard(),
        notes: [],
        fetchedAt: "2026-11-22T09:00:00Z",
      });
    const { host } = fakeHost({ directory: { cached: async () => null, refresh } });
    await renderPane(host);
    await userEvent.click(
      within(await screen.findByTestId("failed")).getByRole("button", { name: en.directory.retry })
    );
    expect(await screen.findByRole("option", { name: /Customer Support/ })).toBeTruthy();
    expect(screen.queryByTestId("failed")).toBeNull();
  });

  it("retry asks the directory again", async () => {
    const refresh = jest
      .fn<Promise<DirectoryState>, []>()
      .mockResolvedValueOnce({
        status: "failed",
        failure: { kind: "unreachable", detail: "timed out" },
      })
      .mockResolvedValueOnce({
        status: "ready",
        shard: alexShard(),
        notes: [],
        fetchedAt: "2026-11-22T09:00:00Z",
      });
    const { host } = fakeHost({ directory: { cached: async () => null, refresh } });
    await renderPane(host);
    await userEvent.click(
      within(await screen.findByTestId("failed")).getByRole("button", { name: en.directory.retry })
    );
    expect(await screen.findByRole("option", { name: /Customer Support/ })).toBeTruthy();
    expect(refresh).toHaveBeenCalledTimes(2);
  });
});

describe("the mailbox list", () => {
  it("renders only the rows in view, even for 50,000 mailboxes", async () => {
    const many = Array.from({ length: 50_000 }, (_, i) =>
      mailbox({
        address: `m${String(i).padStart(5, "0")}@northwind.example`,
        displayName: `Mailbox ${String(i).padStart(5, "0")}`,
      })
    );
    const { host } = fakeHost(
      {},
      {
        status: "ready",
        shard: alexShard({ mailboxes: many }),
        notes: [],
        fetchedAt: "2026-11-22T09:00:00Z",
      }
    );
    await renderPane(host);
    // The index is built in slices between tasks: wait for it, however slow the machine.
    await screen.findAllByRole("option", {}, { timeout: 60_000 });
    expect(screen.getAllByRole("option").length).toBeLessThan(30);
    expect(screen.getAllByRole("option")[0].getAttribute("aria-setsize")).toBe("50000");
    expect(screen.getByTestId("result-count").textContent).toBe("50,000 mailboxes");
  }, 90_000);

  it("moves with arrow keys and pages, and Enter chooses", async () => {
    const user = userEvent.setup();
    const { host } = fakeHost();
    await renderPane(host);
    const search = await screen.findByRole("combobox", { name: en.pane.searchLabel });
    await user.click(search);
    await user.keyboard("{ArrowDown}{ArrowDown}{ArrowUp}{Enter}");
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("Sending from Billing");
    await user.keyboard("{PageDown}{Enter}");
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe(
      "Sending from Human Resources"
    );
    expect(search.getAttribute("aria-activedescendant")).toBe(
      screen.getByRole("option", { name: /Human Resources/ }).id
    );
  });

  it("says when nothing matches the search", async () => {
    const user = userEvent.setup();
    const { host } = fakeHost();
    await renderPane(host);
    await user.type(await screen.findByRole("combobox"), "zzz");
    expect(screen.getByTestId("result-count").textContent).toBe(en.pane.noMatches("zzz"));
  });
});
