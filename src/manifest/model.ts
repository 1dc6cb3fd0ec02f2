// The parsed manifest the rules read: the XML is parsed once and walked once, and every index a
// rule needs (elements by local name, children, the closest <VersionOverrides> of each element) is
// built in that single walk. Rules never walk the DOM themselves.
import { DOMParser, type Document, type Element, type Node } from "@xmldom/xmldom";

/** One problem found in a manifest; formatProblem in ./validate turns it into a line. */
export interface ManifestProblem {
  /** The element (or attribute) at fault, e.g. "<IconUrl>". */
  element: string;
  /** 1-based line of the element in the manifest, when known. */
  line?: number;
  problem: string;
  fix: string;
}

/** What the checks need to know besides the XML text. */
export interface ManifestContext {
  /** Bytes of the file an https URL in the manifest points at, or null when there is none. */
  readAsset(url: string): Uint8Array | null;
  /** The FunctionNames the handler bundle associates (Office.actions.associate), or null if unknown. */
  associatedFunctions: readonly string[] | null;
  /** Size of the manifest file in bytes. */
  sizeBytes: number;
}

/** A parsed, indexed manifest whose root is <OfficeApp>. */
export interface ManifestModel {
  readonly env: ManifestContext;
  readonly root: Element;
  /** Every element in document order (root first). */
  readonly elements: readonly Element[];
  /** Every element with this local name (prefix ignored: "Image" finds <bt:Image>), in document order. */
  named(local: string): readonly Element[];
  /** The element children of `el`, in order. */
  childrenOf(el: Element): readonly Element[];
  /** The first child of `parent` (default: the root) with this local name, or null. */
  first(local: string, parent?: Element): Element | null;
  /** Every element below `el` (not `el` itself), in document order. */
  descendantsOf(el: Element): readonly Element[];
  /** The closest <VersionOverrides> above `el` (not `el` itself), or null. */
  overridesOf(el: Element): Element | null;
  /** The parent element of `el`, or null for the root. */
  parentOf(el: Element): Element | null;
}

/** Local name of an element: "Image" for <bt:Image>. */
export const localName = (el: Element): string => el.localName ?? el.nodeName;
/** The element as written, for messages: "<bt:Image>". */
export const tag = (el: Element): string => `<${el.nodeName}>`;

/**
 * Parses the manifest text. Returns the model, or the problems that stop every other check: XML
 * that is not well-formed (with its line) or a root other than <OfficeApp>.
 */
export function parseManifest(
  xml: string,
  env: ManifestContext
): { model: ManifestModel } | { problems: ManifestProblem[] } {
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
    return {
      problems: [
        {
          element: "XML",
          line: err.locator?.lineNumber,
          problem: `not well-formed: ${err.message.split("\n")[0]}`,
          fix: "make the file well-formed XML (every tag closed, attributes quoted)",
        },
      ],
    };
  }
  if (parseErrors.length) return { problems: parseErrors };

  const root = doc.documentElement as Element | null;
  if (!root || localName(root) !== "OfficeApp") {
    return {
      problems: [
        {
          element: root ? tag(root) : "XML",
          problem: "the root element is not <OfficeApp>",
          fix: 'start the manifest with <OfficeApp xsi:type="MailApp" …>',
        },
      ],
    };
  }
  return { model: indexManifest(root, env) };
}

/** The single walk: document order, with children, parents, names and closest overrides. */
function indexManifest(root: Element, env: ManifestContext): ManifestModel {
  const elements: Element[] = [];
  const byName = new Map<string, Element[]>();
  const children = new Map<Element, Element[]>();
  const parents = new Map<Element, Element | null>();
  const overrides = new Map<Element, Element | null>();
  // Document order is pre-order, so an element's descendants are the run of elements after it.
  const spans = new Map<Element, { start: number; end: number }>();

  const visit = (el: Element, parent: Element | null, closestOverrides: Element | null) => {
    const start = elements.push(el);
    parents.set(el, parent);
    overrides.set(el, closestOverrides);
    const local = localName(el);
    const same = byName.get(local);
    if (same) same.push(el);
    else byName.set(local, [el]);
    const kids: Element[] = [];
    children.set(el, kids);
    const below = local === "VersionOverrides" ? el : closestOverrides;
    for (let i = 0; i < el.childNodes.length; i++) {
      const node: Node = el.childNodes[i];
      if (node.nodeType !== 1) continue;
      kids.push(node as Element);
      visit(node as Element, el, below);
    }
    spans.set(el, { start, end: elements.length });
  };
  visit(root, null, null);

  return {
    env,
    root,
    elements,
    named: (local) => byName.get(local) ?? [],
    childrenOf: (el) => children.get(el) ?? [],
    first: (local, parent = root) =>
      (children.get(parent) ?? []).find((c) => localName(c) === local) ?? null,
    descendantsOf: (el) => {
      const span = spans.get(el);
      return span ? elements.slice(span.start, span.end) : [];
    },
    overridesOf: (el) => overrides.get(el) ?? null,
    parentOf: (el) => parents.get(el) ?? null,
  };
}
