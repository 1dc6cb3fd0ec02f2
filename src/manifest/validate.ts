// Offline checks of an add-in only (XML) manifest for a MailApp: what the Microsoft 365 admin
// center and Outlook would reject, or accept and then fail on a day later. Every problem names
// the element, its line and the fix. No official XSD is available offline, so the element order
// rules below follow the documented schema order (learn.microsoft.com/office/dev/add-ins/develop/
// manifest-element-ordering) for the elements this add-in uses.
import { DOMParser, type Document, type Element } from "@xmldom/xmldom";
import { pngSize } from "./png";

export interface ManifestProblem {
  /** The element (or attribute) at fault, e.g. "<IconUrl>". */
  element: string;
  line?: number;
  problem: string;
  fix: string;
}

export interface ManifestContext {
  /** Bytes of the file an https URL in the manifest points at, or null when there is none. */
  readAsset(url: string): Uint8Array | null;
  /** The FunctionNames the handler bundle associates (Office.actions.associate), or null if unknown. */
  associatedFunctions: readonly string[] | null;
  /** Size of the manifest file in bytes. */
  sizeBytes: number;
}

export const MAX_MANIFEST_BYTES = 256 * 1024;
export const MAX_RESID = 32;

type El = Element;

const children = (el: Element): El[] =>
  Array.from({ length: el.childNodes.length }, (_, i) => el.childNodes[i]).filter(
    (n): n is El => n.nodeType === 1
  );
const elementsOf = (el: Element | Document): El[] => {
  const list = el.getElementsByTagName("*");
  return Array.from({ length: list.length }, (_, i) => list[i]);
};
const name = (el: Element) => el.localName ?? el.nodeName;
const tag = (el: Element) => `<${el.nodeName}>`;

/** Documented order of the children this add-in uses, per parent element. */
const ORDER: Record<string, string[]> = {
  OfficeApp: [
    "Id",
    "AlternateId",
    "Version",
    "ProviderName",
    "DefaultLocale",
    "DisplayName",
    "Description",
    "IconUrl",
    "HighResolutionIconUrl",
    "SupportUrl",
    "AppDomains",
    "Hosts",
    "Requirements",
    "FormSettings",
    "Permissions",
    "Rule",
    "DisableEntityHighlighting",
    "VersionOverrides",
  ],
  VersionOverrides: [
    "Description",
    "Requirements",
    "Hosts",
    "Resources",
    "EquivalentAddins",
    "VersionOverrides",
  ],
  Host: ["Runtimes", "DesktopFormFactor", "MobileFormFactor"],
  DesktopFormFactor: ["SupportsSharedFolders", "FunctionFile", "ExtensionPoint"],
  Resources: ["Images", "Urls", "ShortStrings", "LongStrings"],
  Control: ["Label", "Supertip", "Icon", "Action"],
  Supertip: ["Title", "Description"],
};

const REQUIRED: Record<string, string[]> = {
  OfficeApp: [
    "Id",
    "Version",
    "ProviderName",
    "DefaultLocale",
    "DisplayName",
    "Description",
    "IconUrl",
    "HighResolutionIconUrl",
    "SupportUrl",
    "FormSettings",
    "Permissions",
    "Rule",
  ],
};

const PERMISSION_RANK = ["Restricted", "ReadItem", "ReadWriteItem", "ReadWriteMailbox"];
const ALLOWED_PERMISSION = "ReadWriteItem";

export function validateManifest(xml: string, ctx: ManifestContext): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const add = (
    el: El | null,
    problem: string,
    fix: string,
    element = el ? tag(el) : "<OfficeApp>"
  ) => problems.push({ element, line: el?.lineNumber, problem, fix });

  if (ctx.sizeBytes > MAX_MANIFEST_BYTES) {
    add(
      null,
      `the manifest is ${Math.ceil(ctx.sizeBytes / 1024)} KB; Outlook accepts at most 256 KB`,
      "remove unused resources and overrides"
    );
  }

  let doc: Document;
  const parseErrors: ManifestProblem[] = [];
  try {
    doc = new DOMParser({
      onError: (level: string, message: string) => {
        if (level !== "warning")
          parseErrors.push({
            element: "XML",
            problem: message.split("\n")[0],
            fix: "make the file well-formed XML",
          });
      },
    }).parseFromString(xml, "text/xml");
  } catch (e) {
    const err = e as Error & { locator?: { lineNumber?: number } };
    return [
      ...problems,
      {
        element: "XML",
        line: err.locator?.lineNumber,
        problem: `not well-formed: ${err.message.split("\n")[0]}`,
        fix: "make the file well-formed XML (every tag closed, attributes quoted)",
      },
    ];
  }
  if (parseErrors.length) return [...problems, ...parseErrors];

  const root = doc.documentElement as El | null;
  if (!root || name(root) !== "OfficeApp") {
    return [
      ...problems,
      {
        element: root ? tag(root) : "XML",
        problem: "the root element is not <OfficeApp>",
        fix: 'start the manifest with <OfficeApp xsi:type="MailApp" …>',
      },
    ];
  }
  if (root.getAttribute("xsi:type") !== "MailApp")
    add(
      root,
      `xsi:type is "${root.getAttribute("xsi:type")}", not MailApp`,
      'set xsi:type="MailApp" on <OfficeApp>'
    );

  const all = (local: string) => elementsOf(doc).filter((e) => name(e) === local);
  const first = (local: string, parent: Element = root) =>
    children(parent).find((c) => name(c) === local) ?? null;

  // Element order and required elements.
  const walk = (el: El) => {
    const order = ORDER[name(el)];
    if (order) {
      let last = -1;
      let lastName = "";
      for (const c of children(el)) {
        const at = order.indexOf(name(c));
        if (at === -1) continue;
        if (at < last) {
          // The first element out of place is the one to move; later ones usually follow it.
          add(
            c,
            `comes after <${lastName}>, but the schema requires it before`,
            `move ${tag(c)} before <${lastName}> inside ${tag(el)}`
          );
          break;
        }
        last = at;
        lastName = name(c);
      }
    }
    for (const required of REQUIRED[name(el)] ?? []) {
      if (!first(required, el))
        add(
          el,
          `is missing <${required}>`,
          `add <${required}> to ${tag(el)} (in schema order)`,
          required === "SupportUrl" ? "<SupportUrl>" : tag(el)
        );
    }
    children(el).forEach(walk);
  };
  walk(root);

  // Identity.
  const id = first("Id");
  if (
    id &&
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(
      id.textContent?.trim() ?? ""
    )
  ) {
    add(id, `"${id.textContent}" is not a GUID`, "use a GUID, one per environment");
  }
  const version = first("Version");
  if (version && !/^\d{1,5}(\.\d{1,5}){0,3}$/.test(version.textContent?.trim() ?? "")) {
    add(
      version,
      `"${version.textContent}" is not a version like 1.0.0.0`,
      "use up to four numbers separated by dots"
    );
  }

  // Permissions: no broader than the add-in needs.
  const permissions = first("Permissions");
  const granted = permissions?.textContent?.trim() ?? "";
  if (
    permissions &&
    PERMISSION_RANK.indexOf(granted) > PERMISSION_RANK.indexOf(ALLOWED_PERMISSION)
  ) {
    add(
      permissions,
      `asks for ${granted}, more than Send From needs`,
      `use <Permissions>${ALLOWED_PERMISSION}</Permissions>`
    );
  } else if (permissions && !PERMISSION_RANK.includes(granted)) {
    add(
      permissions,
      `"${granted}" is not a permission level`,
      `use <Permissions>${ALLOWED_PERMISSION}</Permissions>`
    );
  }

  // SupportUrl present and non-empty.
  const supportUrl = first("SupportUrl");
  if (supportUrl && !supportUrl.getAttribute("DefaultValue"))
    add(supportUrl, "has no DefaultValue", "set DefaultValue to your help page's https URL");

  // Resource ids.
  for (const vo of all("VersionOverrides")) {
    const resources = first("Resources", vo);
    const ids = new Map<string, string>();
    if (resources) {
      for (const group of children(resources)) {
        for (const item of children(group)) {
          const rid = item.getAttribute("id") ?? "";
          ids.set(rid, name(group));
          if (rid.length > MAX_RESID)
            add(
              item,
              `id "${rid}" is ${rid.length} characters; at most ${MAX_RESID} are allowed`,
              `shorten the id (and every resid that names it)`
            );
        }
      }
    }
    const expected: Record<string, string> = {
      Image: "Images",
      SourceLocation: "Urls",
      FunctionFile: "Urls",
      Runtime: "Urls",
      Override: "Urls",
      Label: "ShortStrings",
      Title: "ShortStrings",
      Description: "LongStrings",
    };
    const inThis = (e: Element) => {
      // a resid belongs to the closest VersionOverrides above it
      let p = e.parentNode as Element | null;
      while (p && name(p) !== "VersionOverrides") p = p.parentNode as Element | null;
      return p === vo;
    };
    for (const el of elementsOf(vo)) {
      const resid = el.getAttribute("resid");
      if (resid === null || !inThis(el)) continue;
      if (resid.length > MAX_RESID)
        add(
          el,
          `resid "${resid}" is ${resid.length} characters; at most ${MAX_RESID} are allowed`,
          "use a shorter resource id"
        );
      const kind = ids.get(resid);
      if (kind === undefined) {
        add(
          el,
          `resid "${resid}" is not defined in <Resources>`,
          `add an element with id="${resid}" to the right group of <Resources>, or fix the resid`
        );
      } else if (expected[name(el)] && expected[name(el)] !== kind) {
        add(
          el,
          `resid "${resid}" names a ${kind} entry, but ${tag(el)} needs one of ${expected[name(el)]}`,
          `point it at a bt:${expected[name(el)].replace(/s$/, "")} resource`
        );
      }
    }
  }

  // URLs: https, one origin (plus AppDomains).
  const urlElements = [
    "IconUrl",
    "HighResolutionIconUrl",
    "SupportUrl",
    "SourceLocation",
    "Image",
    "Url",
  ];
  const urls: { el: El; url: string }[] = [];
  for (const el of elementsOf(doc)) {
    const local = name(el);
    if (
      !urlElements.includes(local) &&
      !(
        local === "Override" &&
        el.parentNode &&
        urlElements.includes(name(el.parentNode as Element))
      )
    )
      continue;
    const value = el.getAttribute("DefaultValue") ?? el.getAttribute("Value");
    if (value) urls.push({ el, url: value });
  }
  const appDomains = all("AppDomain").map((e) => e.textContent?.trim() ?? "");
  for (const d of all("AppDomain")) {
    if (!/^https:\/\//.test(d.textContent?.trim() ?? ""))
      add(d, `"${d.textContent}" is not an https origin`, "list https origins only");
  }
  const origin = (() => {
    const source = urls.find((u) => name(u.el) === "SourceLocation") ?? urls[0];
    try {
      return source ? new URL(source.url).origin : null;
    } catch {
      return null;
    }
  })();
  for (const { el, url } of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      add(el, `"${url}" is not a URL`, "use an absolute https URL");
      continue;
    }
    if (parsed.protocol !== "https:") {
      add(el, `"${url}" is not https`, "serve the add-in over https and use https URLs");
    } else if (
      origin &&
      parsed.origin !== origin &&
      !appDomains.some((d) => d.replace(/\/$/, "") === parsed.origin)
    ) {
      add(
        el,
        `"${url}" is on ${parsed.origin}, not on the add-in's origin ${origin}`,
        `host it on ${origin}, or list ${parsed.origin} in <AppDomains>`
      );
    }
  }

  // Icons: present, PNG, right size.
  const checkIcon = (el: El, url: string | null, size: number) => {
    if (!url) return;
    const bytes = ctx.readAsset(url);
    if (!bytes)
      return add(
        el,
        `the icon ${url} was not found`,
        `put a ${size}×${size} PNG at that URL (assets/icon-${size}.png)`
      );
    const dims = pngSize(bytes);
    if (!dims) return add(el, `the icon ${url} is not a PNG`, `use a ${size}×${size} PNG`);
    if (dims.width !== size || dims.height !== size) {
      add(
        el,
        `the icon ${url} is ${dims.width}×${dims.height}; Outlook needs ${size}×${size}`,
        `use a ${size}×${size} PNG`
      );
    }
  };
  const iconUrl = first("IconUrl");
  if (iconUrl) checkIcon(iconUrl, iconUrl.getAttribute("DefaultValue"), 64);
  const highRes = first("HighResolutionIconUrl");
  if (highRes) checkIcon(highRes, highRes.getAttribute("DefaultValue"), 128);
  for (const vo of all("VersionOverrides")) {
    const images = new Map<string, El>();
    for (const img of elementsOf(vo)) {
      if (
        name(img) === "Image" &&
        img.getAttribute("id") &&
        name(img.parentNode as Element) === "Images"
      )
        images.set(img.getAttribute("id")!, img);
    }
    for (const use of elementsOf(vo)) {
      if (name(use) !== "Image" || !use.getAttribute("resid")) continue;
      const size = Number(use.getAttribute("size"));
      const img = images.get(use.getAttribute("resid")!);
      if (img && size) checkIcon(img, img.getAttribute("DefaultValue"), size);
    }
    const icons = elementsOf(vo).filter((e) => name(e) === "Icon");
    for (const icon of icons) {
      const sizes = children(icon).map((c) => c.getAttribute("size"));
      for (const needed of ["16", "32", "80"]) {
        if (!sizes.includes(needed))
          add(
            icon,
            `has no ${needed}px image`,
            `add <bt:Image size="${needed}" resid="…"/> (16, 32 and 80 are required)`
          );
      }
    }
  }

  // Shared mailboxes and folders (needed on Mac, and for delegate scenarios).
  const v11 = all("VersionOverrides").find(
    (v) => v.getAttribute("xsi:type") === "VersionOverridesV1_1"
  );
  if (v11) {
    const shared = elementsOf(v11).find((e) => name(e) === "SupportsSharedFolders");
    if (!shared || shared.textContent?.trim() !== "true") {
      add(
        shared ?? v11,
        "SupportsSharedFolders is not true",
        "add <SupportsSharedFolders>true</SupportsSharedFolders> first in the 1.1 <DesktopFormFactor>",
        "<SupportsSharedFolders>"
      );
    }
  } else {
    add(
      root,
      "there is no VersionOverridesV1_1, so the launch events and shared mailbox support are missing",
      'nest a <VersionOverrides xsi:type="VersionOverridesV1_1"> in the 1.0 overrides'
    );
  }
  for (const el of all("SupportsSharedFolders")) {
    let p = el.parentNode as Element | null;
    while (p && name(p) !== "VersionOverrides") p = p.parentNode as Element | null;
    if (p && p.getAttribute("xsi:type") !== "VersionOverridesV1_1") {
      add(el, "is only valid in VersionOverridesV1_1", "move it into the 1.1 overrides");
    }
  }

  // Launch events: every FunctionName must be associated by the handler bundle.
  if (ctx.associatedFunctions) {
    for (const ev of all("LaunchEvent")) {
      const fn = ev.getAttribute("FunctionName") ?? "";
      if (!ctx.associatedFunctions.includes(fn)) {
        add(
          ev,
          `FunctionName "${fn}" is not associated in the handler bundle`,
          `call Office.actions.associate("${fn}", handler) in src/events, or fix the name`
        );
      }
      const mode = ev.getAttribute("SendMode");
      if (mode !== null && !["PromptUser", "SoftBlock", "Block"].includes(mode)) {
        add(
          ev,
          `SendMode "${mode}" is not PromptUser, SoftBlock or Block`,
          "use SoftBlock (or PromptUser)"
        );
      }
    }
  }

  // Text lengths the schema allows (DisplayName and short strings 125, Description and long strings 250).
  const limits: [string, number][] = [
    ["DisplayName", 125],
    ["Description", 250],
  ];
  for (const [local, max] of limits) {
    const el = first(local);
    if (!el) continue;
    for (const node of [el, ...children(el).filter((c) => name(c) === "Override")]) {
      const value = node.getAttribute("DefaultValue") ?? node.getAttribute("Value") ?? "";
      if (value.length > max)
        add(
          node,
          `is ${value.length} characters; at most ${max} are allowed`,
          `shorten the text of ${tag(el)}`
        );
    }
  }
  for (const group of [...all("ShortStrings"), ...all("LongStrings")]) {
    const max = name(group) === "ShortStrings" ? 125 : 250;
    for (const str of elementsOf(group)) {
      const value = str.getAttribute("DefaultValue") ?? str.getAttribute("Value");
      if (value !== null && value.length > max)
        add(
          str,
          `is ${value.length} characters; at most ${max} are allowed in ${tag(group)}`,
          "shorten the string"
        );
    }
  }

  // Localized overrides use full culture tags.
  for (const el of all("Override")) {
    const locale = el.getAttribute("Locale");
    if (locale !== null && !/^[a-z]{2,3}-[a-z]{2,4}$/i.test(locale)) {
      add(el, `Locale "${locale}" is not a full culture tag`, 'use a tag like "de-de" or "fr-fr"');
    }
  }
  return problems;
}

export function formatProblem(file: string, p: ManifestProblem): string {
  return `${file}${p.line ? `:${p.line}` : ""} ${p.element}: ${p.problem}. Fix: ${p.fix}.`;
}
