// Readings of one bill form one lineage: a provision keeps its pid from reading to reading, so
// opinions, dispositions and comparisons follow it. A reading imported from a file inherits pids
// through the comparison's alignment (inheritPidsByAlignment), which pairs moved and rewritten
// articles by similarity; inside a paired article, and for chapters and sections, pids go by
// position (the k-th paragraph takes the pid of the k-th paragraph, and so on).

import type { LegalDocJSON } from "./document-json.ts";
import { walkProvisions, type ProvisionVisit } from "./numbering.ts";
import { deriveProvisions, ensureUniquePids, type ProvisionRow } from "./provisions.ts";

function positionKey(visit: ProvisionVisit): string {
  // Articles are numbered through the whole document, so their number alone identifies them;
  // everything inside an article is keyed under it, everything above by its own chain.
  const chain = [...visit.ancestors, visit];
  const fromArticle = chain.findIndex((v) => v.kind === "article");
  const relevant = fromArticle === -1 ? chain : chain.slice(fromArticle);
  return relevant.map((v) => `${v.kind}:${v.number}`).join("/");
}

/** Maps each provision's position key to its pid. */
function pidsByPosition(doc: LegalDocJSON): Map<string, string> {
  const pids = new Map<string, string>();
  walkProvisions(doc, (visit) => {
    if (visit.node.attrs.pid) pids.set(positionKey(visit), visit.node.attrs.pid);
  });
  return pids;
}

/**
 * Returns a copy of `next` whose articles take the pids of the articles of `previous` that the
 * comparison pairs them with (unchanged, modified, moved; the first part of a split, the merge
 * of several takes the first one's), and whose paragraphs, items and sub-items take the pids at
 * the same position inside the paired article. Chapters and sections inherit by position.
 * Articles with no counterpart keep their own pids.
 */
export function inheritPidsByAlignment(
  next: LegalDocJSON,
  previous: LegalDocJSON,
  align: (
    previousRows: ProvisionRow[],
    nextRows: ProvisionRow[],
  ) => { oldPids: string[]; newPids: string[] }[],
): LegalDocJSON {
  const previousRows = deriveProvisions(previous);
  const nextRows = deriveProvisions(next);
  const articlePid = new Map<string, string>();
  for (const row of align(previousRows, nextRows)) {
    const [first] = row.newPids;
    if (first && row.oldPids[0]) articlePid.set(first, row.oldPids[0]);
  }
  // Inside an article, position keys are relative to the article: article:N/paragraph:k.
  const previousByArticle = new Map<string, Map<string, string>>();
  walkProvisions(previous, (visit) => {
    const article = [...visit.ancestors, visit].find((v) => v.kind === "article");
    if (!article || article === visit) return;
    const inner = positionKey(visit).replace(/^article:\d+\//, "");
    const map = previousByArticle.get(article.node.attrs.pid) ?? new Map<string, string>();
    map.set(inner, visit.node.attrs.pid);
    previousByArticle.set(article.node.attrs.pid, map);
  });
  const headings = pidsByPosition(previous);
  const copy = structuredClone(next);
  const used = new Set<string>();
  const take = (pid: string | undefined) =>
    pid && !used.has(pid) ? (used.add(pid), pid) : undefined;
  // The new article's own pid (before inheritance) names its pairing; remember it per node.
  const originalPid = new Map<object, string>();
  walkProvisions(copy, (visit) => originalPid.set(visit.node, visit.node.attrs.pid));
  walkProvisions(copy, (visit) => {
    const own = originalPid.get(visit.node)!;
    if (visit.kind === "article") {
      visit.node.attrs.pid = take(articlePid.get(own)) ?? own;
      return;
    }
    const article = visit.ancestors.find((v) => v.kind === "article");
    if (!article) {
      visit.node.attrs.pid = take(headings.get(positionKey(visit))) ?? own;
      return;
    }
    const pairedWith = articlePid.get(originalPid.get(article.node)!);
    const inner = positionKey(visit).replace(/^article:\d+\//, "");
    visit.node.attrs.pid =
      take(pairedWith ? previousByArticle.get(pairedWith)?.get(inner) : undefined) ?? own;
  });
  return ensureUniquePids(copy);
}
