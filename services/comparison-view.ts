import type { Kysely } from "kysely";
import { listComparisonNotes } from "../db/queries/comparisons.ts";
import type { Database } from "../db/schema.ts";
import type { CompareRow } from "../editor/compare/compare.ts";
import { compareVersions, rowKey, versionRows, type CompareFunction } from "./comparison.ts";

/** One side of a comparison row as a reader sees it: label, heading and the pids to link to. */
export interface RowSide {
  pid: string;
  label: string;
  chapter: string;
}

/** A comparison row ready for the page and the exports. */
export interface ComparisonRowView extends CompareRow {
  key: string;
  oldSide: RowSide[];
  newSide: RowSide[];
  chapter: string;
  note: string;
}

/** Counts per chapter (of the new text; of the old one for deleted articles). */
export interface ChapterSummary {
  chapter: string;
  modified: number;
  added: number;
  deleted: number;
  moved: number;
}

/** Everything the 修改对照表 shows for two versions: rows with labels, notes and chapter counts. */
export async function comparisonView(
  db: Kysely<Database>,
  fromVersionId: string,
  toVersionId: string,
  compute?: CompareFunction,
) {
  const [result, before, after, notes] = await Promise.all([
    compareVersions(db, fromVersionId, toVersionId, compute),
    versionRows(db, fromVersionId),
    versionRows(db, toVersionId),
    listComparisonNotes(db, fromVersionId, toVersionId),
  ]);
  const side = (rows: typeof before) => {
    const byPid = new Map(rows.filter((r) => r.kind === "article").map((r) => [r.pid, r]));
    return (pid: string): RowSide => {
      const row = byPid.get(pid);
      return { pid, label: row?.label ?? "", chapter: row?.headingPath[0] ?? "" };
    };
  };
  const oldSide = side(before);
  const newSide = side(after);
  const rows: ComparisonRowView[] = result.rows.map((row) => {
    const olds = row.oldPids.map(oldSide);
    const news = row.newPids.map(newSide);
    const key = rowKey(row);
    return {
      ...row,
      key,
      oldSide: olds,
      newSide: news,
      chapter: (news[0] ?? olds[0])?.chapter ?? "",
      note: notes.get(key) ?? "",
    };
  });
  const chapters: ChapterSummary[] = [];
  for (const row of rows) {
    let entry = chapters.find((c) => c.chapter === row.chapter);
    if (!entry)
      chapters.push(
        (entry = { chapter: row.chapter, modified: 0, added: 0, deleted: 0, moved: 0 }),
      );
    if (row.kind === "modified" || row.kind === "split" || row.kind === "merged") entry.modified++;
    else if (row.kind === "added") entry.added++;
    else if (row.kind === "deleted") entry.deleted++;
    else if (row.kind === "moved") entry.moved++;
  }
  return { rows, summary: result.summary, chapters };
}

/** The old text of a row (equal and deleted runs) and the new one (equal and inserted runs). */
export function rowTexts(row: Pick<CompareRow, "ops">): { before: string; after: string } {
  return {
    before: row.ops
      .filter((op) => op.op !== "insert")
      .map((op) => op.text)
      .join(""),
    after: row.ops
      .filter((op) => op.op !== "delete")
      .map((op) => op.text)
      .join(""),
  };
}
