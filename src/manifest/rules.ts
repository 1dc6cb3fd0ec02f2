// The offline manifest checks, one named rule each. Every rule reads the parsed, indexed manifest
// (./model) and returns its problems; none walks the XML itself. The list order is the order in
// which `npm run validate` prints problems.
//
// Sources: element order follows learn.microsoft.com/office/dev/add-ins/develop/
// manifest-element-ordering (no official XSD is available offline); sizes and lengths follow the
// add-in only manifest reference (learn.microsoft.com/javascript/api/manifest) and Outlook's limits.
import type { Element } from "@xmldom/xmldom";
import {
  localName as name,
  tag,
  type ManifestContext,
  type ManifestModel,
  type ManifestProblem,
} from "./model";
import { pngSize } from "./png";

/** A named check: what it checks is its name; check returns [] when the manifest passes it. */
export interface ManifestRule<C = ManifestModel> {
  name: string;
  check(context: C): ManifestProblem[];
}

export const MAX_MANIFEST_BYTES = 256 * 1024;
export const MAX_RESID = 32;

const problem = (
  el: Element | null,
  text: string,
  fix: string,
  element = el ? tag(el) : "<OfficeApp>"
): ManifestProblem => ({ element, line: el?.lineNumber, problem: text, fix });

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
    // Office single sign-on for the event handlers (protected directory access).
    "WebApplicationInfo",
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

/** Which <Resources> group an element's resid must name. */
const RESOURCE_GROUP: Record<string, string> = {
  Image: "Images",
  SourceLocation: "Urls",
  FunctionFile: "Urls",
  Runtime: "Urls",
  Override: "Urls",
  Label: "ShortStrings",
  Title: "ShortStrings",
  Description: "LongStrings",
};

const URL_ELEMENTS = [
  "IconUrl",
  "HighResolutionIconUrl",
  "SupportUrl",
  "SourceLocation",
  "Image",
  "Url",
];

const text = (el: Element) => el.textContent?.trim() ?? "";

/** Outlook refuses manifests over 256 KB. Runs before parsing: it needs only the file size. */
export const manifestSize: ManifestRule<ManifestContext> = {
  name: "manifest-size",
  check: ({ sizeBytes }) =>
    sizeBytes > MAX_MANIFEST_BYTES
      ? [
          problem(
            null,
            `the manifest is ${Math.ceil(sizeBytes / 1024)} KB; Outlook accepts at most 256 KB`,
            "remove unused resources and overrides"
          ),
        ]
      : [],
};

/** Send From is a mail add-in: <OfficeApp xsi:type="MailApp">. */
export const mailAppType: ManifestRule = {
  name: "mail-app-type",
  check: ({ root }) =>
    root.getAttribute("xsi:type") === "MailApp"
      ? []
      : [
          problem(
            root,
            `xsi:type is "${root.getAttribute("xsi:type")}", not MailApp`,
            'set xsi:type="MailApp" on <OfficeApp>'
          ),
        ],
};

/** Children in the documented schema order; the first one out of place is reported per parent. */
export const elementOrder: ManifestRule = {
  name: "element-order",
  check: (m) => {
    const problems: ManifestProblem[] = [];
    for (const el of m.elements) {
      const order = ORDER[name(el)];
      if (!order) continue;
      let last = -1;
      let lastName = "";
      for (const c of m.childrenOf(el)) {
        const at = order.indexOf(name(c));
        if (at === -1) continue;
        if (at < last) {
          // The first element out of place is the one to move; later ones usually follow it.
          problems.push(
            problem(
              c,
              `comes after <${lastName}>, but the schema requires it before`,
              `move ${tag(c)} before <${lastName}> inside ${tag(el)}`
            )
          );
          break;
        }
        last = at;
        lastName = name(c);
      }
    }
    return problems;
  },
};

/** The children the schema (and the admin center) require. */
export const requiredElements: ManifestRule = {
  name: "required-elements",
  check: (m) =>
    m.elements.flatMap((el) =>
      (REQUIRED[name(el)] ?? [])
        .filter((required) => !m.first(required, el))
        .map((required) =>
          problem(
            el,
            `is missing <${required}>`,
            `add <${required}> to ${tag(el)} (in schema order)`,
            required === "SupportUrl" ? "<SupportUrl>" : tag(el)
          )
        )
    ),
};

/** <Id> is a GUID. */
export const idIsGuid: ManifestRule = {
  name: "id-is-guid",
  check: (m) => {
    const id = m.first("Id");
    return id && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text(id))
      ? [problem(id, `"${id.textContent}" is not a GUID`, "use a GUID, one per environment")]
      : [];
  },
};

/** <Version> is up to four dotted numbers. */
export const versionFormat: ManifestRule = {
  name: "version-format",
  check: (m) => {
    const version = m.first("Version");
    return version && !/^\d{1,5}(\.\d{1,5}){0,3}$/.test(text(version))
      ? [
          problem(
            version,
            `"${version.textContent}" is not a version like 1.0.0.0`,
            "use up to four numbers separated by dots"
          ),
        ]
      : [];
  },
};

/** <Permissions> is a known level, no broader than ReadWriteItem (least privilege). */
export const leastPermission: ManifestRule = {
  name: "least-permission",
  check: (m) => {
    const permissions = m.first("Permissions");
    if (!permissions) return [];
    const granted = text(permissions);
    if (PERMISSION_RANK.indexOf(granted) > PERMISSION_RANK.indexOf(ALLOWED_PERMISSION))
      return [
        problem(
          permissions,
          `asks for ${granted}, more than Send From needs`,
          `use <Permissions>${ALLOWED_PERMISSION}</Permissions>`
        ),
      ];
    if (!PERMISSION_RANK.includes(granted))
      return [
        problem(
          permissions,
          `"${granted}" is not a permission level`,
          `use <Permissions>${ALLOWED_PERMISSION}</Permissions>`
        ),
      ];
    return [];
  },
};

/** <SupportUrl> has a DefaultValue (AppSource and the admin center require a help page). */
export const supportUrlValue: ManifestRule = {
  name: "support-url-value",
  check: (m) => {
    const supportUrl = m.first("SupportUrl");
    return supportUrl && !supportUrl.getAttribute("DefaultValue")
      ? [
          problem(
            supportUrl,
            "has no DefaultValue",
            "set DefaultValue to your help page's https URL"
          ),
        ]
      : [];
  },
};

/** The ids defined in <Resources> of one <VersionOverrides>, with the group each is in. */
function resourceIds(
  m: ManifestModel,
  overrides: Element
): Map<string, { group: string; item: Element }> {
  const ids = new Map<string, { group: string; item: Element }>();
  const resources = m.first("Resources", overrides);
  for (const group of resources ? m.childrenOf(resources) : [])
    for (const item of m.childrenOf(group))
      ids.set(item.getAttribute("id") ?? "", { group: name(group), item });
  return ids;
}

/** Resource ids in <Resources> are at most 32 characters. */
export const resourceIdLength: ManifestRule = {
  name: "resource-id-length",
  check: (m) =>
    m.named("VersionOverrides").flatMap((vo) =>
      [...resourceIds(m, vo).values()]
        .map(({ item }) => ({ item, rid: item.getAttribute("id") ?? "" }))
        .filter(({ rid }) => rid.length > MAX_RESID)
        .map(({ item, rid }) =>
          problem(
            item,
            `id "${rid}" is ${rid.length} characters; at most ${MAX_RESID} are allowed`,
            `shorten the id (and every resid that names it)`
          )
        )
    ),
};

/**
 * Every resid is at most 32 characters and names an entry of the right group in the <Resources>
 * of its own (closest) <VersionOverrides>.
 */
export const residResolves: ManifestRule = {
  name: "resid-resolves",
  check: (m) => {
    const problems: ManifestProblem[] = [];
    const idsOf = new Map<Element, ReturnType<typeof resourceIds>>();
    for (const el of m.elements) {
      const resid = el.getAttribute("resid");
      const vo = m.overridesOf(el);
      if (resid === null || !vo) continue;
      if (!idsOf.has(vo)) idsOf.set(vo, resourceIds(m, vo));
      if (resid.length > MAX_RESID)
        problems.push(
          problem(
            el,
            `resid "${resid}" is ${resid.length} characters; at most ${MAX_RESID} are allowed`,
            "use a shorter resource id"
          )
        );
      const found = idsOf.get(vo)!.get(resid);
      const expected = RESOURCE_GROUP[name(el)];
      if (!found) {
        problems.push(
          problem(
            el,
            `resid "${resid}" is not defined in <Resources>`,
            `add an element with id="${resid}" to the right group of <Resources>, or fix the resid`
          )
        );
      } else if (expected && expected !== found.group) {
        problems.push(
          problem(
            el,
            `resid "${resid}" names a ${found.group} entry, but ${tag(el)} needs one of ${expected}`,
            `point it at a bt:${expected.replace(/s$/, "")} resource`
          )
        );
      }
    }
    return problems;
  },
};

/** <AppDomain> entries are https origins. */
export const appDomainsHttps: ManifestRule = {
  name: "app-domains-https",
  check: (m) =>
    m
      .named("AppDomain")
      .filter((d) => !/^https:\/\//.test(text(d)))
      .map((d) =>
        problem(d, `"${d.textContent}" is not an https origin`, "list https origins only")
      ),
};

/** Every URL in the manifest (icons, support page, source, resources) with the element holding it. */
function manifestUrls(m: ManifestModel): { el: Element; url: string }[] {
  const urls: { el: Element; url: string }[] = [];
  for (const el of m.elements) {
    const parent = m.parentOf(el);
    const holdsUrl =
      URL_ELEMENTS.includes(name(el)) ||
      (name(el) === "Override" && parent !== null && URL_ELEMENTS.includes(name(parent)));
    if (!holdsUrl) continue;
    const value = el.getAttribute("DefaultValue") ?? el.getAttribute("Value");
    if (value) urls.push({ el, url: value });
  }
  return urls;
}

/**
 * URLs are absolute https URLs on the add-in's origin (that of the first <SourceLocation>), or on
 * an origin listed in <AppDomains>.
 */
export const urlsHttpsOneOrigin: ManifestRule = {
  name: "urls-https-one-origin",
  check: (m) => {
    const problems: ManifestProblem[] = [];
    const urls = manifestUrls(m);
    const appDomains = m.named("AppDomain").map(text);
    const origin = (() => {
      const source = urls.find((u) => name(u.el) === "SourceLocation") ?? urls[0];
      try {
        return source ? new URL(source.url).origin : null;
      } catch {
        // Reported below as "not a URL".
        return null;
      }
    })();
    for (const { el, url } of urls) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        problems.push(problem(el, `"${url}" is not a URL`, "use an absolute https URL"));
        continue;
      }
      if (parsed.protocol !== "https:") {
        problems.push(
          problem(el, `"${url}" is not https`, "serve the add-in over https and use https URLs")
        );
      } else if (
        origin &&
        parsed.origin !== origin &&
        !appDomains.some((d) => d.replace(/\/$/, "") === parsed.origin)
      ) {
        problems.push(
          problem(
            el,
            `"${url}" is on ${parsed.origin}, not on the add-in's origin ${origin}`,
            `host it on ${origin}, or list ${parsed.origin} in <AppDomains>`
          )
        );
      }
    }
    return problems;
  },
};

/** The icon at `url` exists, is a PNG and is size×size. */
function iconProblem(
  env: ManifestContext,
  el: Element,
  url: string | null,
  size: number
): ManifestProblem | null {
  if (!url) return null;
  const bytes = env.readAsset(url);
  if (!bytes)
    return problem(
      el,
      `the icon ${url} was not found`,
      `put a ${size}×${size} PNG at that URL (assets/icon-${size}.png)`
    );
  const dims = pngSize(bytes);
  if (!dims) return problem(el, `the icon ${url} is not a PNG`, `use a ${size}×${size} PNG`);
  if (dims.width !== size || dims.height !== size)
    return problem(
      el,
      `the icon ${url} is ${dims.width}×${dims.height}; Outlook needs ${size}×${size}`,
      `use a ${size}×${size} PNG`
    );
  return null;
}

/**
 * Icon files exist and are PNGs of the size they are used at: <IconUrl> 64, <HighResolutionIconUrl>
 * 128, each <bt:Image> resource at every size a control uses it (each image and size once).
 */
export const iconFiles: ManifestRule = {
  name: "icon-files",
  check: (m) => {
    const problems: (ManifestProblem | null)[] = [];
    for (const [local, size] of [
      ["IconUrl", 64],
      ["HighResolutionIconUrl", 128],
    ] as const) {
      const el = m.first(local);
      if (el) problems.push(iconProblem(m.env, el, el.getAttribute("DefaultValue"), size));
    }
    const checked = new Map<Element, Set<number>>();
    const imagesOf = new Map<Element, Map<string, Element>>();
    for (const use of m.named("Image")) {
      const resid = use.getAttribute("resid");
      const size = Number(use.getAttribute("size"));
      const vo = m.overridesOf(use);
      if (!resid || !size || !vo) continue;
      if (!imagesOf.has(vo)) {
        const images = new Map<string, Element>();
        for (const [id, { group, item }] of resourceIds(m, vo))
          if (group === "Images" && name(item) === "Image" && id) images.set(id, item);
        imagesOf.set(vo, images);
      }
      const img = imagesOf.get(vo)!.get(resid);
      if (!img) continue; // an undefined resid is resid-resolves' to report
      // Controls share images: each image is checked once per size it is used at.
      const sizes = checked.get(img) ?? new Set<number>();
      if (sizes.has(size)) continue;
      checked.set(img, sizes.add(size));
      problems.push(iconProblem(m.env, img, img.getAttribute("DefaultValue"), size));
    }
    return problems.filter((p): p is ManifestProblem => p !== null);
  },
};

/** Every <Icon> of a control has 16, 32 and 80 px images. */
export const iconSizesComplete: ManifestRule = {
  name: "icon-sizes-complete",
  check: (m) =>
    m.named("Icon").flatMap((icon) => {
      const sizes = m.childrenOf(icon).map((c) => c.getAttribute("size"));
      return ["16", "32", "80"]
        .filter((needed) => !sizes.includes(needed))
        .map((needed) =>
          problem(
            icon,
            `has no ${needed}px image`,
            `add <bt:Image size="${needed}" resid="…"/> (16, 32 and 80 are required)`
          )
        );
    }),
};

const isV11 = (el: Element | null) => el?.getAttribute("xsi:type") === "VersionOverridesV1_1";

/**
 * A VersionOverridesV1_1 exists and declares <SupportsSharedFolders>true</SupportsSharedFolders>:
 * without it the launch events are missing, and delegates get no add-in in shared mailboxes and
 * folders (needed on Mac and for delegate scenarios).
 */
export const sharedFoldersSupported: ManifestRule = {
  name: "shared-folders-supported",
  check: (m) => {
    const v11 = m.named("VersionOverrides").find(isV11);
    if (!v11)
      return [
        problem(
          m.root,
          "there is no VersionOverridesV1_1, so the launch events and shared mailbox support are missing",
          'nest a <VersionOverrides xsi:type="VersionOverridesV1_1"> in the 1.0 overrides'
        ),
      ];
    const shared = m.descendantsOf(v11).find((el) => name(el) === "SupportsSharedFolders");
    return !shared || text(shared) !== "true"
      ? [
          problem(
            shared ?? v11,
            "SupportsSharedFolders is not true",
            "add <SupportsSharedFolders>true</SupportsSharedFolders> first in the 1.1 <DesktopFormFactor>",
            "<SupportsSharedFolders>"
          ),
        ]
      : [];
  },
};

/** <SupportsSharedFolders> only inside VersionOverridesV1_1 (the 1.0 schema rejects it). */
export const sharedFoldersPlacement: ManifestRule = {
  name: "shared-folders-placement",
  check: (m) =>
    m
      .named("SupportsSharedFolders")
      .filter((el) => {
        const vo = m.overridesOf(el);
        return vo !== null && !isV11(vo);
      })
      .map((el) =>
        problem(el, "is only valid in VersionOverridesV1_1", "move it into the 1.1 overrides")
      ),
};

/**
 * Every <LaunchEvent FunctionName> is associated by the handler bundle (Office.actions.associate);
 * otherwise Outlook fires the event and nothing answers. Skipped when the bundle is unknown.
 */
export const launchEventsAssociated: ManifestRule = {
  name: "launch-events-associated",
  check: (m) => {
    const associated = m.env.associatedFunctions;
    if (!associated) return [];
    return m.named("LaunchEvent").flatMap((ev) => {
      const fn = ev.getAttribute("FunctionName") ?? "";
      return associated.includes(fn)
        ? []
        : [
            problem(
              ev,
              `FunctionName "${fn}" is not associated in the handler bundle`,
              `call Office.actions.associate("${fn}", handler) in src/events, or fix the name`
            ),
          ];
    });
  },
};

/** A <LaunchEvent SendMode> is one of PromptUser, SoftBlock, Block. */
export const launchEventSendMode: ManifestRule = {
  name: "launch-event-send-mode",
  check: (m) =>
    m.named("LaunchEvent").flatMap((ev) => {
      const mode = ev.getAttribute("SendMode");
      return mode !== null && !["PromptUser", "SoftBlock", "Block"].includes(mode)
        ? [
            problem(
              ev,
              `SendMode "${mode}" is not PromptUser, SoftBlock or Block`,
              "use SoftBlock (or PromptUser)"
            ),
          ]
        : [];
    }),
};

/** <DisplayName> at most 125 characters, <Description> at most 250, their overrides too. */
export const textLengths: ManifestRule = {
  name: "text-lengths",
  check: (m) => {
    const problems: ManifestProblem[] = [];
    for (const [local, max] of [
      ["DisplayName", 125],
      ["Description", 250],
    ] as const) {
      const el = m.first(local);
      if (!el) continue;
      for (const node of [el, ...m.childrenOf(el).filter((c) => name(c) === "Override")]) {
        const value = node.getAttribute("DefaultValue") ?? node.getAttribute("Value") ?? "";
        if (value.length > max)
          problems.push(
            problem(
              node,
              `is ${value.length} characters; at most ${max} are allowed`,
              `shorten the text of ${tag(el)}`
            )
          );
      }
    }
    return problems;
  },
};

/** Resource strings: <bt:ShortStrings> at most 125 characters, <bt:LongStrings> at most 250. */
export const resourceStringLengths: ManifestRule = {
  name: "resource-string-lengths",
  check: (m) => {
    const problems: ManifestProblem[] = [];
    for (const group of [...m.named("ShortStrings"), ...m.named("LongStrings")]) {
      const max = name(group) === "ShortStrings" ? 125 : 250;
      for (const str of m.descendantsOf(group)) {
        const value = str.getAttribute("DefaultValue") ?? str.getAttribute("Value");
        if (value !== null && value.length > max)
          problems.push(
            problem(
              str,
              `is ${value.length} characters; at most ${max} are allowed in ${tag(group)}`,
              "shorten the string"
            )
          );
      }
    }
    return problems;
  },
};

/** Localized <Override Locale> values are full culture tags ("de-de"), not bare languages. */
export const overrideLocales: ManifestRule = {
  name: "override-locales",
  check: (m) =>
    m.named("Override").flatMap((el) => {
      const locale = el.getAttribute("Locale");
      return locale !== null && !/^[a-z]{2,3}-[a-z]{2,4}$/i.test(locale)
        ? [
            problem(
              el,
              `Locale "${locale}" is not a full culture tag`,
              'use a tag like "de-de" or "fr-fr"'
            ),
          ]
        : [];
    }),
};

/** The rules run on a parsed manifest, in the order their problems are printed. */
export const MANIFEST_RULES: readonly ManifestRule[] = [
  mailAppType,
  elementOrder,
  requiredElements,
  idIsGuid,
  versionFormat,
  leastPermission,
  supportUrlValue,
  resourceIdLength,
  residResolves,
  appDomainsHttps,
  urlsHttpsOneOrigin,
  iconFiles,
  iconSizesComplete,
  sharedFoldersSupported,
  sharedFoldersPlacement,
  launchEventsAssociated,
  launchEventSendMode,
  textLengths,
  resourceStringLengths,
  overrideLocales,
];
