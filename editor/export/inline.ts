// Inline content split into plain text and cross-references, each reference rendered from the
// target's current number. Formats that can link (Akoma Ntoso) need the split; the others join
// the pieces. The rules are renderInlineText's (xref.ts), so every export cites a provision by
// the same words the derived rows use.

import type { TextJSON } from "../document-json.ts";
import type { Locale, ProvisionNumber } from "../numbering.ts";
import { referenceText } from "../xref.ts";

/** A piece of inline text: plain (`target` null) or a reference to the provision `target`. */
export interface InlineSegment {
  text: string;
  target: string | null;
}

/** What rendering a reference needs: every provision's number and each article's paragraph count. */
export interface ReferenceContext {
  numbers: ReadonlyMap<string, ProvisionNumber>;
  paragraphCounts: ReadonlyMap<string, number>;
  locale: Locale;
}

/**
 * Splits runs into segments; a reference whose target is gone becomes plain text holding its
 * last rendering, since there is nothing left to link to.
 */
export function inlineSegments(
  runs: readonly TextJSON[] | undefined,
  context: ReferenceContext,
): InlineSegment[] {
  const segments: InlineSegment[] = [];
  const push = (text: string, target: string | null) => {
    const last = segments[segments.length - 1];
    if (last && last.target === null && target === null) last.text += text;
    else if (text !== "") segments.push({ text, target });
  };
  let previousTarget: string | null = null;
  for (const run of runs ?? []) {
    const target = run.marks?.find((mark) => mark.type === "xref")?.attrs.pid ?? null;
    if (target === null) {
      push(run.text, null);
    } else if (!context.numbers.has(target)) {
      push(run.text, null);
    } else if (target !== previousTarget) {
      // Adjacent runs of one reference (split by other marks) render once.
      const rendered = referenceText(
        target,
        context.numbers,
        context.paragraphCounts,
        context.locale,
      );
      push(rendered ?? run.text, rendered === null ? null : target);
    }
    previousTarget = target;
  }
  return segments;
}

/** The plain text of runs, references rendered from current numbers. */
export function inlinePlainText(
  runs: readonly TextJSON[] | undefined,
  context: ReferenceContext,
): string {
  return inlineSegments(runs, context)
    .map((segment) => segment.text)
    .join("");
}
