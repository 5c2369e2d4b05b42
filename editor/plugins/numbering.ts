// Keeps the computed numbers of the document being edited and draws their labels. Numbers are
// recomputed only when a transaction changes structure; typing inside a text maps the label
// decorations instead (see text-changes.ts), which is what keeps a 1,260-article document
// responsive.

import { Plugin, PluginKey } from "prosemirror-state";
import type { EditorState } from "prosemirror-state";
import { numberProvisionsInNode } from "../numbering.ts";
import type { Locale, ProvisionNumber } from "../numbering.ts";
import { buildNumbering, updateNumbering } from "./labels.ts";
import type { Numbering } from "./labels.ts";
import { changesOnlyText, rewrapsContent } from "./text-changes.ts";

/** The numbering plugin's state: numbers by pid and the label decorations. */
export type NumberingState = Numbering;

/** Options of the numbering plugin. */
export interface NumberingOptions {
  /** The language of the labels: 第一条 (zh, the default) or Article 1 (en). */
  locale?: Locale;
}

/** The key of the numbering plugin, for reading its state. */
export const numberingKey = new PluginKey<NumberingState>("kaimenNumbering");

/** A plugin that keeps provision numbers current and renders them as labels. */
export function numberingPlugin(options: NumberingOptions = {}): Plugin<NumberingState> {
  const locale = options.locale ?? "zh";
  return new Plugin<NumberingState>({
    key: numberingKey,
    state: {
      init: (_config, state) => buildNumbering(state.doc, locale),
      apply(tr, previous, _oldState, newState) {
        if (!tr.docChanged) return previous;
        if (changesOnlyText(tr)) {
          return { numbers: previous.numbers, labels: previous.labels.map(tr.mapping, tr.doc) };
        }
        if (rewrapsContent(tr)) return buildNumbering(newState.doc, locale);
        return updateNumbering(previous, tr.mapping, newState.doc, locale);
      },
    },
    props: {
      decorations: (state) => numberingKey.getState(state)?.labels ?? null,
    },
  });
}

/**
 * The current number of every provision, by pid: from the numbering plugin when the state has
 * it (free), otherwise computed.
 */
export function provisionNumbers(state: EditorState): ReadonlyMap<string, ProvisionNumber> {
  return numberingKey.getState(state)?.numbers ?? numberProvisionsInNode(state.doc);
}
