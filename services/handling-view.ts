import type { HandlingOpinion } from "../db/queries/handling.ts";
import { clusterTexts } from "./clusters.ts";

// The handling view's shape: opinions grouped by the article (or chapter) they are on, in the
// text's order, each group headed by its chapter when the chapter changes, the whole-draft
// opinions first in a group of their own. Near-identical opinions form one row (a cluster),
// which sits in the group of its first member in text order.

interface ProvisionRow {
  pid: string;
  kind: string;
  label: string;
  heading_path: string[];
  parent_pid: string | null;
}

export interface HandlingRow {
  key: string;
  members: HandlingOpinion[];
  people: number;
}

export interface HandlingGroup {
  key: string;
  pid: string | null;
  label: string | null;
  /** The chapter (and section) heading to show above this group, when it differs from the last. */
  heading: string | null;
  rows: HandlingRow[];
  count: number;
  people: number;
}

/** Groups the (already filtered, text-ordered) opinions by provision and clusters them. */
export function groupForHandling(
  opinions: HandlingOpinion[],
  provisions: ProvisionRow[],
): { groups: HandlingGroup[]; clusters: number } {
  const byPid = new Map(provisions.map((p) => [p.pid, p]));
  // An opinion on a paragraph or item is read with its article.
  const groupPid = (pid: string | null): string | null => {
    let p = pid ? byPid.get(pid) : undefined;
    while (p && !["article", "chapter", "section"].includes(p.kind) && p.parent_pid)
      p = byPid.get(p.parent_pid);
    return p?.pid ?? pid;
  };
  const clusters = clusterTexts(opinions, (o) => o.body);
  const clusterOf = new Map<number, number[]>();
  for (const c of clusters) for (const i of c) clusterOf.set(i, c);

  const groups = new Map<string, HandlingGroup>();
  const order = (pid: string | null) => (pid ? provisions.findIndex((p) => p.pid === pid) : -1);
  const ensure = (pid: string | null): HandlingGroup => {
    const key = pid ?? "draft";
    let g = groups.get(key);
    if (!g) {
      const p = pid ? byPid.get(pid) : undefined;
      g = { key, pid, label: p?.label ?? null, heading: null, rows: [], count: 0, people: 0 };
      groups.set(key, g);
    }
    return g;
  };
  const placed = new Set<number>();
  opinions.forEach((o, i) => {
    if (placed.has(i)) return;
    const memberIdx = clusterOf.get(i) ?? [i];
    for (const m of memberIdx) placed.add(m);
    const members = memberIdx.map((m) => opinions[m]!);
    const g = ensure(groupPid(o.provision_pid));
    const people = members.reduce((sum, m) => sum + m.headcount, 0);
    g.rows.push({ key: members.map((m) => m.id).join(","), members, people });
  });
  // Counts per group are of the opinions on it, wherever their cluster's row sits.
  for (const o of opinions) {
    const g = ensure(groupPid(o.provision_pid));
    g.count += 1;
    g.people += o.headcount;
  }
  const sorted = [...groups.values()]
    .filter((g) => g.count > 0)
    .sort((a, b) => order(a.pid) - order(b.pid));
  let lastHeading = "";
  for (const g of sorted) {
    const p = g.pid ? byPid.get(g.pid) : undefined;
    if (!p || p.kind !== "article") continue;
    const heading = p.heading_path.join(" · ");
    if (heading && heading !== lastHeading) g.heading = heading;
    lastHeading = heading;
  }
  return { groups: sorted, clusters: clusters.length };
}
