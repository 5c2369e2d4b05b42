// Numbers are a rendering of position (DESIGN.md decision 2). Articles count on across the
// whole document; chapters count within their part (or the document); sections within their
// chapter; paragraphs, items and sub-items within their parent. One walk computes them all,
// so the editor, the derived rows and the import contract can never disagree.
// Two numbers are carried by the text itself, because laws print them so: an article inserted
// by an amendment (第十条之一) keeps its suffix and the number of the article before it, so
// what follows is not renumbered; and an item list that goes on after an intervening
// paragraph (`continues`) counts on from the article's previous list.

import type { Node as PMNode } from "prosemirror-model";
import type { LegalDocJSON, NumberedKind, ProvisionNodeJSON } from "./document-json.ts";
import { isProvisionType } from "./document-json.ts";
import { formatLabelSuffix } from "./labels.ts";
import { toChineseNumeral } from "./numerals.ts";

export { parseChineseNumeral, toChineseNumeral } from "./numerals.ts";

/** A UI language for labels. */
export type Locale = "zh" | "en";

/** The computed number of one provision and where it sits. */
export interface ProvisionNumber {
  kind: NumberedKind;
  number: number;
  parentPid: string | null;
  /** For an article inserted as 之N (第十条之一 → 1); absent or 0 for every other provision. */
  suffix?: number;
}

/** One provision met by walkProvisions, with its number and enclosing provisions. */
export interface ProvisionVisit {
  node: ProvisionNodeJSON;
  kind: NumberedKind;
  number: number;
  /** 之N of an inserted article (1 for 第十条之一); 0 otherwise. */
  suffix: number;
  /** Enclosing provisions, outermost first. */
  ancestors: ProvisionVisit[];
}

function lettersFor(n: number): string {
  // Bijective base 26, as in (a) … (z), (aa).
  let out = "";
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    out = String.fromCharCode(97 + ((rest - 1) % 26)) + out;
  }
  return out;
}

/**
 * The label printed before a provision: 第一章, （一）, 1.; "" for a paragraph (款 carry none).
 * `suffix` names an inserted article: (article, 10, zh, 1) → 第十条之一, in English Article 10A
 * (as the official English translations print 第一百三十三条之一: Article 133A).
 */
export function provisionLabel(
  kind: NumberedKind,
  n: number,
  locale: Locale = "zh",
  suffix = 0,
): string {
  if (locale === "en") {
    switch (kind) {
      case "part":
        return `Part ${n}`;
      case "chapter":
        return `Chapter ${n}`;
      case "section":
        return `Section ${n}`;
      case "article":
        return `Article ${n}${suffix > 0 ? lettersFor(suffix).toUpperCase() : ""}`;
      case "paragraph":
        return "";
      case "item":
        return `(${lettersFor(n)})`;
      case "subitem":
        return `${n}.`;
    }
  }
  switch (kind) {
    case "part":
      return `第${toChineseNumeral(n)}编`;
    case "chapter":
      return `第${toChineseNumeral(n)}章`;
    case "section":
      return `第${toChineseNumeral(n)}节`;
    case "article":
      return `第${toChineseNumeral(n)}条${formatLabelSuffix(suffix)}`;
    case "paragraph":
      return "";
    case "item":
      return `（${toChineseNumeral(n)}）`;
    case "subitem":
      return `${n}.`;
  }
}

/**
 * How a provision is named when cited: 第二款, 第三项, 第一目 (an item is printed （三） but
 * cited 第三项); in English Paragraph 2, Item (c), Sub-item 1.
 */
export function provisionOrdinalName(
  kind: NumberedKind,
  n: number,
  locale: Locale = "zh",
  suffix = 0,
): string {
  if (locale === "en") {
    if (kind === "paragraph") return `Paragraph ${n}`;
    if (kind === "item") return `Item (${lettersFor(n)})`;
    if (kind === "subitem") return `Sub-item ${n}`;
    return provisionLabel(kind, n, locale, suffix);
  }
  if (kind === "paragraph") return `第${toChineseNumeral(n)}款`;
  if (kind === "item") return `第${toChineseNumeral(n)}项`;
  if (kind === "subitem") return `第${toChineseNumeral(n)}目`;
  return provisionLabel(kind, n, locale, suffix);
}

/** The label of a numbered provision from its computed number: 第十条之一, （四）. */
export function labelOf(
  info: { kind: NumberedKind; number: number; suffix?: number },
  locale: Locale = "zh",
): string {
  return provisionLabel(info.kind, info.number, locale, info.suffix ?? 0);
}

interface PositionVisit<N> {
  node: N;
  kind: NumberedKind;
  number: number;
  suffix: number;
  ancestors: PositionVisit<N>[];
}

type AttrsOf<N> = (node: N) => { suffix?: unknown; continues?: unknown } | undefined;

// The one numbering rule, over any tree shape: JSON for rows and imports, ProseMirror nodes
// for the editor (which must not serialise the document on every keystroke).
function walkByPosition<N>(
  roots: readonly N[],
  typeOf: (node: N) => string,
  childrenOf: (node: N) => readonly N[],
  attrsOf: AttrsOf<N>,
  visit: (provision: PositionVisit<N>) => void,
): void {
  let articleCount = 0;
  // The last item number of the article being walked, for a list that continues.
  const article = { lastItem: 0 };
  const walkChildren = (children: readonly N[], ancestors: PositionVisit<N>[]) => {
    // Everything but articles counts among its siblings of the same kind.
    const siblingCounts = new Map<NumberedKind, number>();
    for (const child of children) {
      const type = typeOf(child);
      if (!isProvisionType(type)) continue;
      // Node type names and provision kinds are the same words.
      const kind: NumberedKind = type;
      let number: number;
      let suffix = 0;
      if (kind === "article") {
        const own = attrsOf(child)?.suffix;
        // An inserted article before any other has no number to hang from: it counts as 1.
        suffix = typeof own === "number" && own > 0 && articleCount > 0 ? own : 0;
        number = suffix > 0 ? articleCount : ++articleCount;
        article.lastItem = 0;
      } else if (kind === "item") {
        const first = !siblingCounts.has("item");
        const continues = first && attrsOf(child)?.continues === true;
        number = continues ? article.lastItem + 1 : (siblingCounts.get(kind) ?? 0) + 1;
        siblingCounts.set(kind, number);
        article.lastItem = number;
      } else {
        number = (siblingCounts.get(kind) ?? 0) + 1;
        siblingCounts.set(kind, number);
      }
      const current: PositionVisit<N> = { node: child, kind, number, suffix, ancestors };
      visit(current);
      walkChildren(childrenOf(child), [...ancestors, current]);
    }
  };
  walkChildren(roots, []);
}

/** Visits every provision of a document in document order with its computed number. */
export function walkProvisions(
  doc: LegalDocJSON,
  visit: (provision: ProvisionVisit) => void,
): void {
  type AnyJSON = { type: string; attrs?: object; content?: AnyJSON[] };
  walkByPosition<AnyJSON>(
    doc.content,
    (node) => node.type,
    (node) => node.content ?? [],
    (node) => node.attrs as ReturnType<AttrsOf<AnyJSON>>,
    (provision) => visit(provision as unknown as ProvisionVisit),
  );
}

/** The computed number of every provision of a JSON document, by pid. */
export function numberProvisions(doc: LegalDocJSON): Map<string, ProvisionNumber> {
  const numbers = new Map<string, ProvisionNumber>();
  walkProvisions(doc, ({ node, kind, number, suffix, ancestors }) => {
    const parent = ancestors[ancestors.length - 1];
    const parentPid = parent ? parent.node.attrs.pid : null;
    numbers.set(node.attrs.pid, { kind, number, parentPid, ...(suffix > 0 ? { suffix } : {}) });
  });
  return numbers;
}

function childNodes(node: PMNode): PMNode[] {
  const children: PMNode[] = [];
  node.forEach((child) => children.push(child));
  return children;
}

/** The computed number of every provision of a ProseMirror document, by pid. */
export function numberProvisionsInNode(doc: PMNode): Map<string, ProvisionNumber> {
  const numbers = new Map<string, ProvisionNumber>();
  walkByPosition<PMNode>(
    childNodes(doc),
    (node) => node.type.name,
    childNodes,
    (node) => node.attrs,
    (provision) => {
      const parent = provision.ancestors[provision.ancestors.length - 1];
      numbers.set(provision.node.attrs.pid as string, {
        kind: provision.kind,
        number: provision.number,
        parentPid: parent ? (parent.node.attrs.pid as string) : null,
        ...(provision.suffix > 0 ? { suffix: provision.suffix } : {}),
      });
    },
  );
  return numbers;
}

/** One provision of a ProseMirror document met by walkProvisionsInNode, with its position. */
export interface NodeProvisionVisit {
  node: PMNode;
  /** The position just before the node in the document. */
  pos: number;
  kind: NumberedKind;
  number: number;
  /** 之N of an inserted article; 0 otherwise. */
  suffix: number;
  /** The pid of the nearest enclosing provision, or null at the top. */
  parentPid: string | null;
}

/**
 * Visits every provision of a ProseMirror document in document order with its number and
 * position, so the editor can place labels without relying on pids being unique yet.
 */
export function walkProvisionsInNode(
  doc: PMNode,
  visit: (provision: NodeProvisionVisit) => void,
): void {
  interface Located {
    node: PMNode;
    pos: number;
  }
  const childrenAt = (parent: PMNode, contentStart: number): Located[] => {
    const children: Located[] = [];
    parent.forEach((child, offset) => children.push({ node: child, pos: contentStart + offset }));
    return children;
  };
  walkByPosition<Located>(
    childrenAt(doc, 0),
    (entry) => entry.node.type.name,
    (entry) => childrenAt(entry.node, entry.pos + 1),
    (entry) => entry.node.attrs,
    (provision) => {
      const parent = provision.ancestors[provision.ancestors.length - 1];
      visit({
        node: provision.node.node,
        pos: provision.node.pos,
        kind: provision.kind,
        number: provision.number,
        suffix: provision.suffix,
        parentPid: parent ? (parent.node.node.attrs.pid as string) : null,
      });
    },
  );
}
