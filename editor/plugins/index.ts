// The whole plugin list of the legislative editor. Order matters in one place: numbering
// comes before the cross-references, whose state reads the numbers it has just computed.

import { dropCursor } from "prosemirror-dropcursor";
import { gapCursor } from "prosemirror-gapcursor";
import { history } from "prosemirror-history";
import { keymap } from "prosemirror-keymap";
import type { Plugin } from "prosemirror-state";
import { buildKeymap } from "../commands/keymap.ts";
import type { Locale } from "../numbering.ts";
import { numberingPlugin } from "./numbering.ts";
import { pidPlugin } from "./pid.ts";
import { xrefPlugin } from "./xref.ts";

export { numberingKey, numberingPlugin, provisionNumbers } from "./numbering.ts";
export type { NumberingOptions, NumberingState } from "./numbering.ts";
export { labelsInOrder } from "./labels.ts";
export type { LabelSpec } from "./labels.ts";
export { pidKey, pidPlugin, repairPids } from "./pid.ts";
export { xrefKey, xrefPlugin } from "./xref.ts";
export type { CrossReferenceOptions, CrossReferenceState } from "./xref.ts";
export { findCrossReferences } from "./xref-ranges.ts";
export type { CrossReferenceRange } from "./xref-ranges.ts";

/** Options of the editor's plugin list. */
export interface EditorPluginOptions {
  /** The language of number labels and warnings (zh by default). */
  locale?: Locale;
}

/** Every plugin the legislative editor needs: keys, history, numbers, pids, references, cursors. */
export function editorPlugins(options: EditorPluginOptions = {}): Plugin[] {
  const locale = options.locale ?? "zh";
  return [
    keymap(buildKeymap()),
    history(),
    numberingPlugin({ locale }),
    xrefPlugin({ locale }),
    pidPlugin(),
    dropCursor(),
    gapCursor(),
  ];
}
