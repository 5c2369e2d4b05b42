import type { HandlingCursor, HandlingOpinion } from "../db/queries/handling.ts";
import { clusterTexts } from "./clusters.ts";

// The handling view's shape. A page of opinions (in the order they arrived) is grouped by the
// article (or chapter) they are on, in the text's order, each group headed by its chapter when
// the chapter changes, the whole-draft opinions first in a group of their own. Near-identical
// opinions of the page form one row (a cluster), which sits in the group of its first member in
// text order; the copies of one wording across the whole consultation are a scope of their own
// (the database finds them by fingerprint), so a page of 50 is all this clusters.
// The navigation beside it counts the opinions per chapter and per article from one grouped
// query, rolled up here through the provision tree.

interface ProvisionRow {
  pid: string;
  kind: string;
  label: string;
  heading_path: unknown;
  parent_pid: string | null;
  title?: string | null;
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

const headingPath = (p: ProvisionRow): string[] =>
  Array.isArray(p.heading_path) ? (p.heading_path as string[]) : [];

/** Groups a page of opinions by provision in text order and clusters the near-identical. */
export function groupForHandling(
  opinions: HandlingOpinion[],
  provisions: ProvisionRow[],
): { groups: HandlingGroup[]; clusters: number } {
  const byPid = new Map(provisions.map((p) => [p.pid, p]));
  const position = new Map(provisions.map((p, i) => [p.pid, i]));
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
  const order = (pid: string | null) => (pid ? (position.get(pid) ?? -1) : -1);
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
  // Rows are placed in text order, so a cluster sits with its member nearest the text's start.
  const byText = opinions
    .map((o, i) => ({ o, i }))
    .sort((a, b) => order(groupPid(a.o.provision_pid)) - order(groupPid(b.o.provision_pid)));
  const placed = new Set<number>();
  for (const { o, i } of byText) {
    if (placed.has(i)) continue;
    const memberIdx = clusterOf.get(i) ?? [i];
    for (const m of memberIdx) placed.add(m);
    const members = [i, ...memberIdx.filter((m) => m !== i)].map((m) => opinions[m]!);
    const g = ensure(groupPid(o.provision_pid));
    const people = members.reduce((sum, m) => sum + m.headcount, 0);
    g.rows.push({ key: members.map((m) => m.id).join(","), members, people });
  }
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
    const heading = headingPath(p).join(" · ");
    if (heading && heading !== lastHeading) g.heading = heading;
    lastHeading = heading;
  }
  return { groups: sorted, clusters: clusters.length };
}

/** The provision and every provision under it (an article's paragraphs, a chapter's articles). */
export function provisionSubtree(provisions: ProvisionRow[], pid: string): string[] {
  const children = new Map<string, string[]>();
  for (const p of provisions)
    if (p.parent_pid) children.set(p.parent_pid, [...(children.get(p.parent_pid) ?? []), p.pid]);
  const out: string[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const next = stack.pop()!;
    out.push(next);
    stack.push(...(children.get(next) ?? []));
  }
  return out;
}

export interface OutlineEntry {
  pid: string;
  kind: string;
  label: string;
  title: string | null;
  count: number;
  open: number;
}

/**
 * The navigation: the top-level chapters (or articles, in a bill without chapters) with the
 * opinions on everything under them, and the articles of the chapter holding `selected`.
 */
export function handlingOutline(
  provisions: ProvisionRow[],
  counts: { pid: string | null; count: number; open: number }[],
  selected: string | null,
): {
  wholeDraft: { count: number; open: number };
  top: OutlineEntry[];
  chapterPid: string | null;
  articles: OutlineEntry[];
} {
  const byPid = new Map(provisions.map((p) => [p.pid, p]));
  const own = new Map(counts.map((c) => [c.pid ?? "", c]));
  const rolled = new Map<string, { count: number; open: number }>();
  // Each provision's count is added to it and every ancestor: one walk up per counted pid.
  for (const c of counts) {
    let p = c.pid ? byPid.get(c.pid) : undefined;
    while (p) {
      const r = rolled.get(p.pid) ?? { count: 0, open: 0 };
      r.count += c.count;
      r.open += c.open;
      rolled.set(p.pid, r);
      p = p.parent_pid ? byPid.get(p.parent_pid) : undefined;
    }
  }
  const entry = (p: ProvisionRow): OutlineEntry => ({
    pid: p.pid,
    kind: p.kind,
    label: p.label,
    title: p.title ?? null,
    ...(rolled.get(p.pid) ?? { count: 0, open: 0 }),
  });
  const top = provisions
    .filter((p) => !p.parent_pid && ["chapter", "section", "article"].includes(p.kind))
    .map(entry);
  let chapter = selected ? byPid.get(selected) : undefined;
  while (chapter?.parent_pid) chapter = byPid.get(chapter.parent_pid);
  const chapterPid = chapter && chapter.kind !== "article" ? chapter.pid : null;
  const inChapter = chapterPid ? new Set(provisionSubtree(provisions, chapterPid)) : null;
  const articles = inChapter
    ? provisions.filter((p) => p.kind === "article" && inChapter.has(p.pid)).map(entry)
    : [];
  return { wholeDraft: own.get("") ?? { count: 0, open: 0 }, top, chapterPid, articles };
}

/** The opinions and people of a scope made of provisions alone, from the counts per provision. */
export function sumOfProvisions(
  counts: { pid: string | null; count: number; people: number }[],
  scope: { provisionPids?: string[]; wholeDraft?: boolean },
): { count: number; people: number } {
  const pids = scope.provisionPids ? new Set(scope.provisionPids) : null;
  const inScope = (pid: string | null) =>
    pid === null
      ? !!scope.wholeDraft || (!pids && !scope.wholeDraft)
      : pids
        ? pids.has(pid)
        : !scope.wholeDraft;
  return counts
    .filter((c) => inScope(c.pid))
    .reduce((sum, c) => ({ count: sum.count + c.count, people: sum.people + c.people }), {
      count: 0,
      people: 0,
    });
}

/** A cursor as it travels in a link: the time in microseconds and the id. */
export function encodeCursor(c: HandlingCursor): string {
  return `${c.time}_${c.id}`;
}

/** Reads a cursor from a link, or undefined when it is not one. */
export function decodeCursor(value: string | undefined): HandlingCursor | undefined {
  const match = value ? /^(\d{1,20})_([0-9A-Za-z-]{1,64})$/.exec(value) : null;
  return match ? { time: match[1]!, id: match[2]! } : undefined;
}
