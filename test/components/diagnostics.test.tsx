// "Copy diagnostics" in the pane's help area, and the pane's catch sites that feed it.
import { toSmtpAddress } from "../../src/core/address";
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Pane } from "../../src/taskpane/Pane";
import type { PaneHost } from "../../src/taskpane/host";
import { copyText } from "../../src/taskpane/clipboard";
import type { DirectoryState } from "../../src/directory/client";
import { diagnostics } from "../../src/core/diagnostics";
import { de } from "../../src/core/i18n/de";
import { en } from "../../src/core/i18n/en";
import { fr } from "../../src/core/i18n/fr";
import { EMPTY_PREFERENCES } from "../../src/core/search";
import { GraphError } from "../../src/graph/http";
import type { SendService } from "../../src/graph";
import { alexShard } from "../fixtures/northwind";

const ALEX = {
  address: toSmtpAddress("alex.wilber@northwind.example"),
  displayName: "Alex Wilber",
};
const JWT =
  "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ1cG4iOiJhbGV4QG5vcnRod2luZC5leGFtcGxlIn0.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu";
const READY: DirectoryState = {
  status: "ready",
  shard: alexShard(),
  notes: [],
  fetchedAt: "2026-11-22T09:00:00Z",
};

function fakeHost(overrides: Partial<PaneHost> = {}) {
  const copied: string[] = [];
  const host: PaneHost = {
    user: ALEX,
    readFrom: async () => ALEX,
    preferences: { load: () => EMPTY_PREFERENCES, save: async () => undefined },
    directory: { cached: async () => null, refresh: async () => READY },
    now: () => new Date("2026-11-22T12:00:00Z"),
    copyText: async (text) => void copied.push(text),
    about: () => ({ outlook: "Outlook PC 16.0.17726.20000" }),
    ...overrides,
  };
  return { host, copied };
}

async function renderPane(host: PaneHost, messages = en) {
  await act(async () => {
    render(<Pane host={host} messages={messages} />);
  });
}

// Rendering Fluent UI in jsdom takes seconds on a loaded machine; the waits here are event-driven.
jest.setTimeout(30_000);

beforeEach(() => diagnostics.clear());

describe("Copy diagnostics", () => {
  it("copies the recorded failures with no token and no message content, and says so", async () => {
    const user = userEvent.setup();
    const { host, copied } = fakeHost({
      // A storage failure the user never sees: roaming settings refuse the save.
      preferences: {
        load: () => EMPTY_PREFERENCES,
        save: () => Promise.reject(new Error(`save failed, token=${JWT}`)),
      },
      directory: {
        cached: async () => null,
        refresh: async () => ({
          status: "failed",
          failure: {
            kind: "unreachable",
            detail: `Failed to fetch https://cdn.example/dir/u/ab.json?sig=${JWT}`,
          },
        }),
      },
    });
    await renderPane(host);
    // Keyboard reachable: the action is a real button with its name.
    const button = screen.getByRole("button", { name: en.support.copyDiagnostics });
    button.focus();
    await user.keyboard("{Enter}");

    expect(copied).toHaveLength(1);
    const text = copied[0];
    expect(text).toContain("outlook: Outlook PC 16.0.17726.20000");
    expect(text).toContain("pane.directoryRefresh DirectoryFailure [unreachable]");
    expect(text).toContain("https://cdn.example/dir/u/ab.json?[query]");
    expect(text).not.toContain(JWT);
    expect(text).not.toContain("eyJ");
    expect(text).not.toContain("alex.wilber");
    const status = screen.getByTestId("diagnostics-status");
    expect(status.textContent).toBe(en.support.copied);
    expect(status.getAttribute("aria-live")).toBe("polite");
    // The focus stays on the action, so the keyboard user can go on from there.
    expect(document.activeElement).toBe(button);
  });

  it("records the pane's storage failure that is not shown", async () => {
    const user = userEvent.setup();
    const { host, copied } = fakeHost({
      preferences: {
        load: () => EMPTY_PREFERENCES,
        save: () =>
          Promise.reject(
            Object.assign(new Error("quota"), { name: "OfficeCallError", code: 9057 })
          ),
      },
    });
    await renderPane(host);
    await user.click(await screen.findByRole("option", { name: /Billing/ }));
    await user.click(screen.getByRole("button", { name: en.support.copyDiagnostics }));
    expect(copied[0]).toContain("pane.preferencesSave OfficeCallError [9057]: quota");
  });

  it("records a refused send next to the failure the user sees", async () => {
    const user = userEvent.setup();
    const service: SendService = {
      send: async () => ({
        ok: false,
        draftIntact: true,
        error: new GraphError(
          403,
          "ErrorSendAsDenied",
          "The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.",
          null,
          "3f0c8d2e-9a41-4b6e-8a51-0d6f4c2b7e19"
        ),
      }),
      check: async () => {
        throw new Error("no send is waiting for a check");
      },
    };
    const { host, copied } = fakeHost({ loadSendService: async () => service });
    await renderPane(host);
    await user.click(await screen.findByRole("option", { name: /Billing/ }));
    await user.click(screen.getByTestId("send-button"));
    expect(await screen.findByText(en.send.failedTitle)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: en.support.copyDiagnostics }));
    expect(copied[0]).toContain(
      "send.sendRefused GraphError [ErrorSendAsDenied] HTTP 403 request-id 3f0c8d2e-9a41-4b6e-8a51-0d6f4c2b7e19"
    );
  });

  it("shows the text to copy by hand when the clipboard refuses", async () => {
    const user = userEvent.setup();
    diagnostics.record("directory", "cacheWrite", new DOMException("full", "QuotaExceededError"));
    const { host } = fakeHost({ copyText: () => Promise.reject(new Error("NotAllowedError")) });
    await renderPane(host);
    await user.click(screen.getByRole("button", { name: en.support.copyDiagnostics }));
    expect(await screen.findByText(en.support.copyFailed)).toBeTruthy();
    const area = (await screen.findByRole("textbox", {
      name: en.support.textLabel,
    })) as HTMLTextAreaElement;
    expect(area.readOnly).toBe(true);
    expect(area.value).toContain("directory.cacheWrite QuotaExceededError [22]: full");
  });

  it("speaks the user's language", async () => {
    for (const messages of [de, fr]) {
      const { host } = fakeHost();
      const { unmount } = await (async () => {
        let result!: ReturnType<typeof render>;
        await act(async () => {
          result = render(<Pane host={host} messages={messages} />);
        });
        return result;
      })();
      expect(screen.getByRole("region", { name: messages.support.heading })).toBeTruthy();
      expect(screen.getByRole("button", { name: messages.support.copyDiagnostics })).toBeTruthy();
      unmount();
    }
  });

  it("is not offered where the host cannot copy", async () => {
    const { host } = fakeHost({ copyText: undefined });
    await renderPane(host);
    expect(screen.queryByRole("button", { name: en.support.copyDiagnostics })).toBeNull();
  });
});

describe("copyText", () => {
  const clipboard = Object.getOwnPropertyDescriptor(window.navigator, "clipboard");
  afterEach(() => {
    if (clipboard) Object.defineProperty(window.navigator, "clipboard", clipboard);
    else delete (window.navigator as { clipboard?: unknown }).clipboard;
    delete (document as { execCommand?: unknown }).execCommand;
  });

  function withClipboard(writeText: (text: string) => Promise<void>) {
    Object.defineProperty(window.navigator, "clipboard", {
      value: { writeText },
      configurable: true,
    });
  }

  it("uses the Clipboard API where it works", async () => {
    const written: string[] = [];
    withClipboard(async (t) => void written.push(t));
    await copyText("diagnostics");
    expect(written).toEqual(["diagnostics"]);
  });

  it("falls back to the copy command when the Clipboard API is refused, and gives the focus back", async () => {
    withClipboard(() => Promise.reject(new DOMException("denied", "NotAllowedError")));
    const selected: string[] = [];
    (document as { execCommand?: unknown }).execCommand = (command: string) => {
      const active = document.activeElement as HTMLTextAreaElement | null;
      selected.push(`${command}:${document.querySelector("textarea")?.value}`);
      return active !== null;
    };
    const button = document.createElement("button");
    document.body.appendChild(button);
    button.focus();
    await copyText("diagnostics");
    expect(selected).toEqual(["copy:diagnostics"]);
    expect(document.querySelector("textarea")).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(diagnostics.entries().map((e) => `${e.area}.${e.event} ${e.name}`)).toEqual([
      "pane.clipboardApi NotAllowedError",
    ]);
    button.remove();
  });

  it("rejects when neither way can copy", async () => {
    withClipboard(() => Promise.reject(new Error("denied")));
    (document as { execCommand?: unknown }).execCommand = () => false;
    await expect(copyText("diagnostics")).rejects.toThrow("refused");
    expect(document.querySelector("textarea")).toBeNull();
  });
});
