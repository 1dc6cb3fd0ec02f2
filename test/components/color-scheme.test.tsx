// The pane follows a theme change while it is open (issue 14): Outlook's OfficeThemeChanged
// event, or the operating system's colour scheme where Office gives no theme.
import { toSmtpAddress } from "../../src/core/address";
import { act, render, screen, waitFor } from "@testing-library/react";
import { webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { en } from "../../src/core/i18n/en";
import { EMPTY_PREFERENCES } from "../../src/core/search";
import { ColorScheme, followColorScheme } from "../../src/taskpane/color-scheme";
import type { PaneHost } from "../../src/taskpane/host";
import { Pane } from "../../src/taskpane/Pane";
import { alexShard } from "../fixtures/northwind";

const ALEX = {
  address: toSmtpAddress("alex.wilber@northwind.example"),
  displayName: "Alex Wilber",
};

const host: PaneHost = {
  user: ALEX,
  readFrom: async () => ALEX,
  preferences: { load: () => EMPTY_PREFERENCES, save: async () => undefined },
  directory: {
    cached: async () => null,
    refresh: async () => ({
      status: "ready",
      shard: alexShard(),
      notes: [],
      fetchedAt: "2026-11-22T09:00:00Z",
    }),
  },
  now: () => new Date("2026-11-22T12:00:00Z"),
};

/** The pane's background as its Fluent theme sets it (the provider's CSS variable). */
function paneBackground(): string | undefined {
  const provider = document.querySelector(".fui-FluentProvider");
  const id = Array.from(provider?.classList ?? []).find((c) => /^fui-FluentProviderr/.test(c));
  let value: string | undefined;
  for (const sheet of Array.from(document.styleSheets))
    for (const rule of Array.from(sheet.cssRules))
      if (rule.cssText.startsWith(`.${id} {`))
        value = /--colorNeutralBackground1:\s*([^;]+);/.exec(rule.cssText)?.[1] ?? value;
  return value?.trim().toLowerCase();
}

const LIGHT = webLightTheme.colorNeutralBackground1.toLowerCase();
const DARK = webDarkTheme.colorNeutralBackground1.toLowerCase();

/** Outlook's side: a theme and its OfficeThemeChanged event, as the pane registers for it. */
function fakeOffice(dark: boolean | undefined) {
  let handler: ((dark: boolean | undefined) => void) | undefined;
  return {
    source: {
      isDark: () => dark,
      onChange: (l: (d: boolean | undefined) => void) => (handler = l),
    },
    change: (next: boolean | undefined) => handler?.(next),
  };
}

/** matchMedia("(prefers-color-scheme: dark)") whose answer the OS changes. */
function fakeMedia(matches: boolean) {
  const listeners = new Set<() => void>();
  const media = {
    matches,
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
  };
  return {
    media: media as unknown as MediaQueryList,
    change(next: boolean) {
      media.matches = next;
      listeners.forEach((l) => l());
    },
  };
}

describe("the pane's colour scheme", () => {
  it("turns dark and back to light when Outlook's theme changes while it is open", async () => {
    const office = fakeOffice(false);
    const scheme = followColorScheme(office.source, fakeMedia(false).media);
    const loadDark = jest.fn(async () => webDarkTheme);
    await act(async () => {
      render(<Pane host={host} messages={en} colorScheme={scheme} loadDarkTheme={loadDark} />);
    });
    await screen.findByRole("listbox");
    expect(paneBackground()).toBe(LIGHT);

    await act(async () => office.change(true));
    await waitFor(() => expect(paneBackground()).toBe(DARK));
    // Still the same pane: what the person was doing stays on screen.
    expect(screen.getByRole("listbox")).toBeTruthy();

    await act(async () => office.change(false));
    await waitFor(() => expect(paneBackground()).toBe(LIGHT));
  });

  it("gives the whole page the theme's background and scheme, without the browser's white margin (rev14b finding 2)", async () => {
    const office = fakeOffice(true);
    const scheme = followColorScheme(office.source, fakeMedia(false).media);
    await act(async () => {
      render(
        <Pane
          host={host}
          messages={en}
          theme={webDarkTheme}
          colorScheme={scheme}
          loadDarkTheme={async () => webDarkTheme}
        />
      );
    });
    await screen.findByRole("listbox");
    const page = () => ({
      html: getComputedStyle(document.documentElement).backgroundColor,
      body: getComputedStyle(document.body).backgroundColor,
      scheme: document.documentElement.style.colorScheme,
      margin: getComputedStyle(document.body).margin,
    });
    const rgb = (hex: string) =>
      `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
    expect(page()).toEqual({ html: rgb(DARK), body: rgb(DARK), scheme: "dark", margin: "0px" });
    // Switched while open: the page follows, not only the pane's own box.
    await act(async () => office.change(false));
    await waitFor(() => expect(paneBackground()).toBe(LIGHT));
    expect(page()).toEqual({ html: rgb(LIGHT), body: rgb(LIGHT), scheme: "light", margin: "0px" });
  });

  it("follows the operating system while Office gives no theme", async () => {
    const os = fakeMedia(false);
    const scheme = followColorScheme(fakeOffice(undefined).source, os.media);
    await act(async () => {
      render(
        <Pane
          host={host}
          messages={en}
          colorScheme={scheme}
          loadDarkTheme={async () => webDarkTheme}
        />
      );
    });
    expect(paneBackground()).toBe(LIGHT);
    await act(async () => os.change(true));
    await waitFor(() => expect(paneBackground()).toBe(DARK));
  });

  it("stays light when the dark theme cannot load", async () => {
    const office = fakeOffice(false);
    const scheme = followColorScheme(office.source, undefined);
    await act(async () => {
      render(
        <Pane
          host={host}
          messages={en}
          colorScheme={scheme}
          loadDarkTheme={async () => undefined}
        />
      );
    });
    await act(async () => office.change(true));
    expect(paneBackground()).toBe(LIGHT);
    expect(await screen.findByRole("listbox")).toBeTruthy();
  });
});

describe("followColorScheme", () => {
  function watch(scheme: ColorScheme) {
    const seen: boolean[] = [];
    scheme.subscribe(() => seen.push(scheme.isDark()));
    return seen;
  }

  it("prefers Office's theme to the OS's: web and new Outlook report the OS there (office-js #6912)", () => {
    const os = fakeMedia(true);
    const office = fakeOffice(false);
    const scheme = followColorScheme(office.source, os.media);
    const seen = watch(scheme);
    expect(scheme.isDark()).toBe(false);
    os.change(false);
    os.change(true);
    expect(seen).toEqual([false, false]);
    office.change(true);
    expect(seen).toEqual([false, false, true]);
  });

  it("keeps the theme the event carried, whatever Office.context.officeTheme still says (office-js #6348)", () => {
    const office = fakeOffice(false);
    const scheme = followColorScheme(office.source, undefined);
    office.change(true);
    // office.source.isDark still answers false, as a stale Office.context.officeTheme would.
    expect(scheme.isDark()).toBe(true);
  });

  it("falls back to the OS when an event carries no readable theme, and to light without either", () => {
    const office = fakeOffice(true);
    const os = fakeMedia(false);
    const scheme = followColorScheme(office.source, os.media);
    expect(scheme.isDark()).toBe(true);
    office.change(undefined);
    expect(scheme.isDark()).toBe(false);
    os.change(true);
    expect(scheme.isDark()).toBe(true);
    expect(followColorScheme(fakeOffice(undefined).source, undefined).isDark()).toBe(false);
  });
});
