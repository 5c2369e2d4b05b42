// Number labels as widget decorations: 第一条 before an article's first paragraph, 第一章 before
// a heading, （一） before an item, 1. before a sub-item. Labels are never stored in the text
// (DESIGN.md decision 2), so they are drawn here from the computed numbers.

import type { Node as PMNode } from "prosemirror-model";
import type { Mapping } from "prosemirror-transform";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { EditorView } from "prosemirror-view";
import type { NumberedKind } from "../document-json.ts";
import { provisionLabel, walkProvisionsInNode } from "../numbering.ts";
import type { Locale, ProvisionNumber } from "../numbering.ts";

/** What a label decoration's spec carries, for tests and for the outline. */
export interface LabelSpec {
  kind: NumberedKind;
  label: string;
  pid: string;
}

/** The numbers of a document and the label decorations drawn from them. */
export interface Numbering {
  numbers: ReadonlyMap<string, ProvisionNumber>;
  labels: DecorationSet;
}

// How far into a provision its first text begins: article > paragraph > para_text, and
// division > heading, item > item_text, subitem > subitem_text.
const TEXT_OFFSET: Partial<Record<NumberedKind, number>> = {
  article: 3,
  part: 2,
  chapter: 2,
  section: 2,
  item: 2,
  subitem: 2,
};

function labelElement(kind: NumberedKind, label: string) {
  return (view: EditorView): HTMLElement => {
    // The view's own document, so this module never touches a global DOM.
    const element = view.dom.ownerDocument.createElement("span");
    element.className = `kaimen-label kaimen-label-${kind}`;
    element.textContent = label;
    element.setAttribute("contenteditable", "false");
    return element;
  };
}

interface WantedLabel extends LabelSpec {
  pos: number;
}

// One walk: every provision's number, and every label with the position it belongs at.
function computeLabels(doc: PMNode, locale: Locale) {
  const numbers = new Map<string, ProvisionNumber>();
  const wanted: WantedLabel[] = [];
  walkProvisionsInNode(doc, ({ node, pos, kind, number, suffix, parentPid }) => {
    const pid = node.attrs.pid as string;
    numbers.set(pid, { kind, number, parentPid, ...(suffix > 0 ? { suffix } : {}) });
    const offset = TEXT_OFFSET[kind];
    if (offset !== undefined) {
      const label = provisionLabel(kind, number, locale, suffix);
      wanted.push({ pos: pos + offset, kind, label, pid });
    }
  });
  return { numbers, wanted };
}

function labelWidget({ pos, kind, label, pid }: WantedLabel): Decoration {
  return Decoration.widget(pos, labelElement(kind, label), {
    kind,
    label,
    pid,
    // The view reuses a widget whose key is unchanged, so only changed labels are redrawn.
    key: `label:${kind}:${label}`,
    // Before the cursor, so typing at the start of the text goes after the label.
    side: -1,
    marks: [],
    ignoreSelection: true,
  });
}

function sameLabel(decoration: Decoration, wanted: WantedLabel): boolean {
  const spec = decoration.spec as LabelSpec;
  return (
    decoration.from === wanted.pos &&
    spec.label === wanted.label &&
    spec.kind === wanted.kind &&
    spec.pid === wanted.pid
  );
}

/** Computes every provision's number and its label decoration in one walk of the document. */
export function buildNumbering(doc: PMNode, locale: Locale): Numbering {
  const { numbers, wanted } = computeLabels(doc, locale);
  return { numbers, labels: DecorationSet.create(doc, wanted.map(labelWidget)) };
}

// Numbers are recomputed (one walk, about 1.5 ms for 1,260 articles); label decorations are
// mapped and only those whose text, kind, pid or place changed are replaced. Enter in a
// paragraph or Tab on an item changes a handful of labels, so this avoids rebuilding some
// 2,000 widgets (DecorationSet.create is most of a full build). Measured on 1,260 articles,
// replacing even half the labels (an article inserted mid-way) beats a rebuild; past one
// change per label (an article inserted at the top) a fresh build is as cheap, so it is
// built afresh.
/** The numbering after a structural change, reusing the label decorations that still hold. */
export function updateNumbering(
  previous: Numbering,
  mapping: Mapping,
  doc: PMNode,
  locale: Locale,
): Numbering {
  const { numbers, wanted } = computeLabels(doc, locale);
  const mapped = previous.labels.map(mapping, doc);
  const existing = mapped.find().sort((left, right) => left.from - right.from);
  const stale: Decoration[] = [];
  const fresh: Decoration[] = [];
  let next = 0;
  // Both lists are in document order: walk them side by side.
  for (const label of wanted) {
    while (next < existing.length && existing[next]!.from < label.pos)
      stale.push(existing[next++]!);
    const candidate = existing[next];
    if (candidate && sameLabel(candidate, label)) {
      next++;
      continue;
    }
    if (candidate && candidate.from === label.pos) stale.push(existing[next++]!);
    fresh.push(labelWidget(label));
  }
  stale.push(...existing.slice(next));
  if (stale.length + fresh.length > wanted.length) {
    return { numbers, labels: DecorationSet.create(doc, wanted.map(labelWidget)) };
  }
  return { numbers, labels: mapped.remove(stale).add(doc, fresh) };
}

/** The label specs of a decoration set in document order (what a reader sees, in order). */
export function labelsInOrder(labels: DecorationSet): LabelSpec[] {
  return labels
    .find()
    .sort((left, right) => left.from - right.from)
    .map((decoration) => decoration.spec as LabelSpec);
}
