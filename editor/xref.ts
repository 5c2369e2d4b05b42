// Cross-references (依照本条例第十条) are xref marks pointing to a pid. The marked text in the
// stored document is only the last rendering; the current text is always rebuilt from the
// target's current number, so renumbering never leaves a stale reference behind.

import type { TextJSON } from "./document-json.ts";
import { provisionLabel, provisionOrdinalName } from "./numbering.ts";
import type { Locale, ProvisionNumber } from "./numbering.ts";

/**
 * The citation of a provision from its current numbers: 第十条, 第十条第二款, 第十条第二款第一项
 * (an item is cited 第一项, not （一）); the 款 is left out when the article has only one.
 */
export function referenceText(
  pid: string,
  numbers: ReadonlyMap<string, ProvisionNumber>,
  paragraphCounts: ReadonlyMap<string, number>,
  locale: Locale = "zh",
): string | null {
  const target = numbers.get(pid);
  if (!target) return null;
  const chain: { pid: string; info: ProvisionNumber }[] = [];
  for (let at: string | null = pid; at !== null;) {
    const info = numbers.get(at);
    if (!info) break;
    chain.unshift({ pid: at, info });
    at = info.parentPid;
  }
  if (target.kind === "part" || target.kind === "chapter" || target.kind === "section") {
    return provisionLabel(target.kind, target.number, locale);
  }
  // From the article down: 第十条 + 第二款 + 第一项 + 第一目.
  const fromArticle = chain.slice(chain.findIndex((link) => link.info.kind === "article"));
  const article = fromArticle[0];
  if (!article || article.info.kind !== "article") return null;
  const parts = [provisionLabel("article", article.info.number, locale, article.info.suffix)];
  for (const link of fromArticle.slice(1)) {
    const onlyParagraph = link.info.kind === "paragraph" && paragraphCounts.get(article.pid) === 1;
    if (onlyParagraph && link.pid !== pid) continue;
    parts.push(provisionOrdinalName(link.info.kind, link.info.number, locale));
  }
  return locale === "en" ? parts.join(", ") : parts.join("");
}

/** How many paragraphs each article has, by article pid (the input referenceText needs). */
export function countParagraphs(
  numbers: ReadonlyMap<string, ProvisionNumber>,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const info of numbers.values()) {
    if (info.kind === "paragraph" && info.parentPid !== null) {
      counts.set(info.parentPid, (counts.get(info.parentPid) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * The plain text of a run of inline content with each reference rendered from current
 * numbers; a reference whose target no longer exists keeps its last rendering.
 */
export function renderInlineText(
  runs: readonly TextJSON[] | undefined,
  numbers: ReadonlyMap<string, ProvisionNumber>,
  paragraphCounts: ReadonlyMap<string, number>,
  locale: Locale = "zh",
): string {
  let out = "";
  let previousTarget: string | null = null;
  for (const run of runs ?? []) {
    const target = run.marks?.find((mark) => mark.type === "xref")?.attrs.pid ?? null;
    if (target === null) {
      out += run.text;
    } else if (target !== previousTarget) {
      // Adjacent runs of one reference (split by other marks) render once.
      out += referenceText(target, numbers, paragraphCounts, locale) ?? run.text;
    } else if (!numbers.has(target)) {
      out += run.text;
    }
    previousTarget = target;
  }
  return out;
}
