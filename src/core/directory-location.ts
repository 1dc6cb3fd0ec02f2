/** Where the task pane and the handlers read the directory from. */
export interface DirectoryLocation {
  /** Base URL B of the published directory, ending in "/". */
  baseUrl: string;
  /** Set when the page's `directory` query parameter was refused (the default is used instead). */
  rejected?: { value: string; reason: "notAUrl" | "notAllowed" };
}

export interface DirectoryLocationInput {
  /** The page's own URL (location.href). */
  pageUrl: string;
  /** SEND_FROM_DIRECTORY_URL from the build; empty means "directory/ next to the page". */
  defaultUrl?: string;
  /** SEND_FROM_DIRECTORY_ORIGINS from the build: other https origins a `directory` parameter may name. */
  allowedOrigins?: readonly string[];
}

function withSlash(url: URL): string {
  const u = new URL(url.href);
  u.hash = "";
  if (!u.pathname.endsWith("/")) u.pathname += "/";
  return u.href;
}

function originOf(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * Resolves the directory base URL. An admin can point one deployment at another directory with
 * `?directory=` in the manifest's SourceLocation; that value is honoured only on the add-in's own
 * origin or an https origin listed at build time, so a crafted link cannot feed the pane a
 * directory of someone else's choosing.
 */
export function resolveDirectoryLocation(input: DirectoryLocationInput): DirectoryLocation {
  const page = new URL(input.pageUrl);
  const fallback = withSlash(new URL(input.defaultUrl || "directory/", page));
  const requested = page.searchParams.get("directory");
  if (requested === null || requested.trim() === "") return { baseUrl: fallback };

  let url: URL;
  try {
    url = new URL(requested, page);
  } catch {
    return { baseUrl: fallback, rejected: { value: requested, reason: "notAUrl" } };
  }
  const allowed = new Set(
    [
      ...(input.allowedOrigins ?? []),
      input.defaultUrl ? originOf(new URL(input.defaultUrl, page).href) : null,
    ].filter((o): o is string => !!o && o.startsWith("https:"))
  );
  const sameOrigin = url.origin === page.origin;
  if (sameOrigin || (url.protocol === "https:" && allowed.has(url.origin))) {
    return { baseUrl: withSlash(url) };
  }
  return { baseUrl: fallback, rejected: { value: requested, reason: "notAllowed" } };
}
