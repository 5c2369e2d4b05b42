// The assignment page's view of a reading: its chapters, sections and articles in order, each
// with the opinions on it and everything under it, the handler assigned to it directly and the
// one it inherits from the nearest assigned ancestor (an article's own assignment beats its
// chapter's, as the database resolves it: kaimen_provision_assignees, migration 0018).

interface OutlineRow {
  pid: string;
  kind: string;
  label: string;
  parent_pid: string | null;
  title?: string | null;
}

export interface Assigned {
  handlerId: string;
  handlerName: string;
  dueOn: string | null;
}

export interface AssignmentLine {
  pid: string;
  kind: string;
  label: string;
  title: string | null;
  depth: number;
  count: number;
  own: Assigned | null;
  inherited: Assigned | null;
}

/** The lines of the outline (no paragraphs or items), with counts rolled up and assignees. */
export function assignmentLines(
  provisions: OutlineRow[],
  counts: { pid: string | null; count: number }[],
  byPid: Map<string, Assigned>,
): AssignmentLine[] {
  const rows = new Map(provisions.map((p) => [p.pid, p]));
  const rolled = new Map<string, number>();
  for (const c of counts) {
    let p = c.pid ? rows.get(c.pid) : undefined;
    while (p) {
      rolled.set(p.pid, (rolled.get(p.pid) ?? 0) + c.count);
      p = p.parent_pid ? rows.get(p.parent_pid) : undefined;
    }
  }
  const depthOf = (p: OutlineRow): number => {
    let depth = 0;
    for (let q = p.parent_pid ? rows.get(p.parent_pid) : undefined; q;) {
      depth += 1;
      q = q.parent_pid ? rows.get(q.parent_pid) : undefined;
    }
    return depth;
  };
  const inheritedOf = (p: OutlineRow): Assigned | null => {
    for (let q = p.parent_pid ? rows.get(p.parent_pid) : undefined; q;) {
      const found = byPid.get(q.pid);
      if (found) return found;
      q = q.parent_pid ? rows.get(q.parent_pid) : undefined;
    }
    return null;
  };
  return provisions
    .filter((p) => ["chapter", "section", "article"].includes(p.kind))
    .map((p) => ({
      pid: p.pid,
      kind: p.kind,
      label: p.label,
      title: p.title ?? null,
      depth: depthOf(p),
      count: rolled.get(p.pid) ?? 0,
      own: byPid.get(p.pid) ?? null,
      inherited: inheritedOf(p),
    }));
}

/** The handler of an opinion on `pid`: its own provision's assignment or the nearest above. */
export function provisionAssignee(
  provisions: OutlineRow[],
  byPid: Map<string, Assigned>,
  pid: string | null,
): Assigned | null {
  const rows = new Map(provisions.map((p) => [p.pid, p]));
  for (let p = pid ? rows.get(pid) : undefined; p;) {
    const found = byPid.get(p.pid);
    if (found) return found;
    p = p.parent_pid ? rows.get(p.parent_pid) : undefined;
  }
  return null;
}
