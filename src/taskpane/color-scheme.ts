import type { Theme } from "@fluentui/react-components";
import { webLightTheme } from "@fluentui/react-components";
import { useEffect, useLayoutEffect, useState } from "react";

/** Whether the pane should be dark, now and after each change while it is open. */
export interface ColorScheme {
  isDark(): boolean;
  /** Calls `listener` after each change; returns the function that stops it. */
  subscribe(listener: () => void): () => void;
}

/** What Office says about its theme (src/office/mailbox.ts): undefined when it says nothing. */
export interface OfficeThemeSource {
  isDark(): boolean | undefined;
  /** Registers for Outlook's theme-change event (OfficeThemeChanged, Mailbox 1.14), if any. */
  onChange(listener: (dark: boolean | undefined) => void): void;
}

/**
 * The pane's colour scheme: Office's theme where Office gives one, else the operating system's
 * (prefers-color-scheme), both followed while the pane is open. Office's wins when both exist:
 * in Outlook on the web and the new Outlook for Windows, prefers-color-scheme tracks the
 * operating system, not Outlook's own appearance setting (office-js #6912). `media` is
 * matchMedia("(prefers-color-scheme: dark)"), absent where the browser has none.
 */
export function followColorScheme(
  office: OfficeThemeSource,
  media: MediaQueryList | undefined
): ColorScheme {
  // Kept from the event: Office.context.officeTheme may still be the old theme (office-js #6348).
  let officeDark = office.isDark();
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  office.onChange((dark) => {
    officeDark = dark;
    notify();
  });
  // The OS's change matters only while Office gives no theme; notify anyway, isDark decides.
  media?.addEventListener?.("change", notify);
  return {
    isDark: () => officeDark ?? media?.matches ?? false,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * The Fluent theme that follows `scheme`: `initial` first (index.tsx loads the dark theme before
 * the first paint when the pane opens dark), then light or the dark theme from `loadDark` after
 * each change. `loadDark` resolves to undefined when the dark theme's chunk cannot load (then
 * light). Without a scheme, `initial` stays.
 */
export function useColorScheme(
  initial: Theme,
  scheme?: ColorScheme,
  loadDark?: () => Promise<Theme | undefined>
): Theme {
  const [theme, setTheme] = useState(initial);
  useEffect(() => {
    if (!scheme) return;
    let latest = 0;
    const apply = () => {
      const turn = ++latest;
      if (!scheme.isDark() || !loadDark) {
        setTheme(webLightTheme);
        return;
      }
      // A quick light-dark-light must end light: only the latest change applies.
      void loadDark().then((dark) => turn === latest && setTheme(dark ?? webLightTheme));
    };
    // A change between the pane's start and this effect counts too.
    apply();
    const stop = scheme.subscribe(apply);
    return () => {
      latest = -1;
      stop();
    };
  }, [scheme, loadDark]);
  return theme;
}

/** Whether a "#rrggbb" colour is dark (relative luminance below one half); false if unreadable. */
function isDarkColor(color: string): boolean {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (!hex) return false;
  const [r, g, b] = hex.slice(1).map((h) => parseInt(h, 16));
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5;
}

/**
 * Gives the whole page `theme`'s background, text colour and `color-scheme`, and takes away the
 * browser's 8 px body margin, whenever the theme changes: the Fluent provider alone paints only
 * its own box, so a dark pane otherwise sits in a white frame with white below short content
 * (rev14b finding 2), and the scroll bars and form controls stay light. The body fills the
 * viewport's height. Forced colors (Windows high contrast) override these colours by themselves.
 */
export function usePageTheme(theme: Theme): void {
  // Before paint: a theme change never shows a frame of the old colour.
  useLayoutEffect(() => {
    const root = document.documentElement;
    const body = document.body;
    root.style.backgroundColor = theme.colorNeutralBackground1;
    root.style.color = theme.colorNeutralForeground1;
    root.style.colorScheme = isDarkColor(theme.colorNeutralBackground1) ? "dark" : "light";
    root.style.minHeight = "100%";
    body.style.margin = "0";
    body.style.minHeight = "100vh";
    body.style.backgroundColor = theme.colorNeutralBackground1;
  }, [theme]);
}
