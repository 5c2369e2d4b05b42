// Cross-references always show their target's current number, and a reference whose target
// was deleted is flagged.
//
// Chosen: decorations, not rewriting the stored text. The marked text in the document is the
// last rendering (xref.ts); what the drafter sees is drawn from current numbers. Rewriting the
// text in an appendTransaction would turn every renumbering into edits of every reference
// after it, and in a shared draft each client would make those same edits at once and collide
// when the server rebases them. So a reference whose stored text is current is left alone; a
// stale one has its stored text hidden (class kaimen-xref-stale) and the current label drawn
// in a widget (class kaimen-xref kaimen-xref-rendered); a broken one keeps its text and gets
// class kaimen-xref-broken with a title. The refreshCrossReferences command writes current
// labels into the text when a drafter or a publish step wants the stored text up to date.

import type { Node as PMNode } from "prosemirror-model";
import { Plugin, PluginKey } from "prosemirror-state";
import type { EditorState } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { EditorView } from "prosemirror-view";
import { numberProvisionsInNode } from "../numbering.ts";
import type { Locale } from "../numbering.ts";
import { numberingKey } from "./numbering.ts";
import { changedTextblocks, changesOnlyText, rewrapsContent } from "./text-changes.ts";
import type { TextblockRange } from "./text-changes.ts";
import {
  citationsFrom,
  crossReferencesIn,
  findCrossReferences,
  renderReference,
} from "./xref-ranges.ts";
import type { CitationOf, RenderedCrossReference } from "./xref-ranges.ts";

/** The xref plugin's state: what it rendered from, and its decorations. */
export interface CrossReferenceState {
  citationOf: CitationOf;
  /** The citation drawn for every pid referenced in the document, to spot renumbering. */
  citations: ReadonlyMap<string, string | null>;
  decorations: DecorationSet;
}

/** Options of the xref plugin. */
export interface CrossReferenceOptions {
  /** The language of the broken-reference warning; references themselves stay Chinese. */
  locale?: Locale;
}

/** The key of the xref plugin, for reading its state. */
export const xrefKey = new PluginKey<CrossReferenceState>("kaimenCrossReferences");

const BROKEN_TITLE: Record<Locale, string> = {
  zh: "所引用的条款已被删除",
  en: "The provision referred to has been deleted",
};

function renderedLabel(label: string) {
  return (view: EditorView): HTMLElement => {
    const element = view.dom.ownerDocument.createElement("span");
    element.className = "kaimen-xref kaimen-xref-rendered";
    element.textContent = label;
    element.setAttribute("contenteditable", "false");
    return element;
  };
}

function decorationsFor(reference: RenderedCrossReference, locale: Locale): Decoration[] {
  const { from, to, pid, current } = reference;
  if (current === null) {
    const attrs = { class: "kaimen-xref-broken", title: BROKEN_TITLE[locale] };
    return [Decoration.inline(from, to, attrs, { pid, broken: true })];
  }
  if (current === reference.text) return [];
  return [
    Decoration.inline(from, to, { class: "kaimen-xref-stale", style: "display: none" }, { pid }),
    // After the cursor at `from`, so typing just before a reference stays before its label.
    Decoration.widget(from, renderedLabel(current), {
      pid,
      label: current,
      key: `xref:${current}`,
      side: 1,
      marks: [],
    }),
  ];
}

interface Redraw {
  decorations: DecorationSet;
  citations: ReadonlyMap<string, string | null>;
}

// Replaces the decorations of the given textblocks with fresh ones, noting new citations.
function redrawTextblocks(
  doc: PMNode,
  blocks: readonly TextblockRange[],
  previous: Redraw,
  citationOf: CitationOf,
  locale: Locale,
): Redraw {
  let { decorations, citations } = previous;
  for (const block of blocks) {
    decorations = decorations.remove(decorations.find(block.from, block.to));
    const textblock = doc.resolve(block.from).parent;
    const fresh: Decoration[] = [];
    for (const range of crossReferencesIn(textblock, block.from)) {
      const reference = renderReference(range, citationOf);
      if (!citations.has(range.pid)) {
        // A copy, so the previous state's map stays as it was.
        citations = new Map(citations).set(range.pid, reference.current);
      }
      fresh.push(...decorationsFor(reference, locale));
    }
    decorations = decorations.add(doc, fresh);
  }
  return { decorations, citations };
}

/** A plugin that draws each cross-reference from its target's current number (see above). */
export function xrefPlugin(options: CrossReferenceOptions = {}): Plugin<CrossReferenceState> {
  const locale = options.locale ?? "zh";
  const build = (doc: PMNode, citationOf: CitationOf): CrossReferenceState => {
    const citations = new Map<string, string | null>();
    const decorations = findCrossReferences(doc).flatMap((range) => {
      const reference = renderReference(range, citationOf);
      citations.set(range.pid, reference.current);
      return decorationsFor(reference, locale);
    });
    return { citationOf, citations, decorations: DecorationSet.create(doc, decorations) };
  };
  // The numbering plugin, placed before this one, has already numbered the state.
  const numbersOf = (state: EditorState) =>
    numberingKey.getState(state)?.numbers ?? numberProvisionsInNode(state.doc);
  return new Plugin<CrossReferenceState>({
    key: xrefKey,
    state: {
      init: (_config, state) => build(state.doc, citationsFrom(numbersOf(state))),
      apply(tr, previous, _oldState, newState) {
        if (!tr.docChanged) return previous;
        let { citationOf } = previous;
        // Mapped decorations would be filed under ranges that are no longer nodes.
        if (rewrapsContent(tr)) return build(newState.doc, citationsFrom(numbersOf(newState)));
        if (!changesOnlyText(tr)) {
          // A renumbering that changes any citation in use redraws every reference; other
          // structural edits (Enter, Tab, a moved article) redraw only the texts they touched.
          citationOf = citationsFrom(numbersOf(newState));
          for (const [pid, citation] of previous.citations) {
            if (citationOf(pid) !== citation) return build(newState.doc, citationOf);
          }
        }
        const mapped = { ...previous, decorations: previous.decorations.map(tr.mapping, tr.doc) };
        const blocks = changedTextblocks(tr);
        return { citationOf, ...redrawTextblocks(tr.doc, blocks, mapped, citationOf, locale) };
      },
    },
    props: {
      decorations: (state) => xrefKey.getState(state)?.decorations ?? null,
    },
  });
}
