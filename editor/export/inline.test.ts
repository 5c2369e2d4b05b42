// Exports split inline text into plain runs and references; joined back, the pieces must read
// exactly as the derived rows do (renderInlineText), or an export would cite differently.

import { describe, expect, it } from "vitest";
import type { TextJSON } from "../document-json.ts";
import { numberProvisions } from "../numbering.ts";
import { countParagraphs, renderInlineText } from "../xref.ts";
import { inlinePlainText, inlineSegments } from "./inline.ts";
import { sampleRegulation } from "./test-support.ts";

const { doc, duties, review } = sampleRegulation();
const numbers = numberProvisions(doc);
const paragraphCounts = countParagraphs(numbers);

function ref(text: string, pid: string): TextJSON {
  return { type: "text", text, marks: [{ type: "xref", attrs: { pid } }] };
}

describe("inlineSegments", () => {
  const runs: TextJSON[] = [
    { type: "text", text: "依照" },
    // One reference split into two runs renders once.
    ref("第九", duties.attrs.pid),
    ref("条", duties.attrs.pid),
    { type: "text", text: "和" },
    ref("第一项", review.attrs.pid),
    { type: "text", text: "，参照" },
    // A deleted target keeps its last rendering, as plain text.
    ref("第二十条", "gone"),
    { type: "text", text: "。" },
  ];

  it("renders references from current numbers and keeps stale ones as plain text", () => {
    expect(inlineSegments(runs, { numbers, paragraphCounts, locale: "zh" })).toEqual([
      { text: "依照", target: null },
      { text: "第三条", target: duties.attrs.pid },
      { text: "和", target: null },
      { text: "第三条第二项", target: review.attrs.pid },
      { text: "，参照第二十条。", target: null },
    ]);
  });

  it("reads, joined, exactly as the derived rows render it, in both languages", () => {
    for (const locale of ["zh", "en"] as const) {
      expect(inlinePlainText(runs, { numbers, paragraphCounts, locale })).toBe(
        renderInlineText(runs, numbers, paragraphCounts, locale),
      );
    }
  });
});
