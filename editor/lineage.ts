// Readings of one bill form one lineage: a provision keeps its pid from reading to reading, so
// opinions, dispositions and comparisons follow it. Until the comparison's alignment exists
// (which pairs moved and rewritten articles by similarity), a reading imported from a file
// inherits pids by position: article N takes the pid of article N of the previous reading, its
// k-th paragraph that of the k-th paragraph, and so on; chapters and sections likewise.

import type { LegalDocJSON } from "./document-json.ts";
import { walkProvisions, type ProvisionVisit } from "./numbering.ts";

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
 * Returns a copy of `next` whose provisions take the pids of the provisions at the same
 * position in `previous` (each pid used once); provisions with no counterpart keep their own.
 */
export function inheritPidsByPosition(next: LegalDocJSON, previous: LegalDocJSON): LegalDocJSON {
  const inherited = pidsByPosition(previous);
  const copy = structuredClone(next);
  const used = new Set<string>();
  const ownPids = new Set<string>();
  walkProvisions(copy, (visit) => ownPids.add(visit.node.attrs.pid));
  walkProvisions(copy, (visit) => {
    const pid = inherited.get(positionKey(visit));
    // A pid the new text already uses elsewhere would be duplicated; skip it.
    if (pid && !used.has(pid) && (!ownPids.has(pid) || pid === visit.node.attrs.pid)) {
      visit.node.attrs.pid = pid;
      used.add(pid);
    }
  });
  return copy;
}
