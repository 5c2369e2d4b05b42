import type { Kysely } from "kysely";
import { recordAudit } from "../db/queries/audit.ts";
import {
  getStoredComparison,
  saveComparisonNote,
  storeComparison,
} from "../db/queries/comparisons.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { compareRows, type CompareResult, type CompareRow } from "../editor/compare/compare.ts";
import { jiebaSegmenter } from "../editor/compare/segment-jieba.node.ts";
import type { Segmenter } from "../editor/compare/segment.ts";
import type { ProvisionRow } from "../editor/provisions.ts";

// Versions never change, so the comparison of two versions is computed once and kept. The
// algorithm's name is part of the key: improving the alignment recomputes, never mixes.
export const COMPARISON_ALGORITHM = "align-v2";

let segmenter: Segmenter | undefined;
/** The Chinese word segmenter (jieba), loaded once per process. */
export function serverSegmenter(): Segmenter {
  segmenter ??= jiebaSegmenter();
  return segmenter;
}

/** The key of a comparison row, by the pids it pairs: explanations are stored under it. */
export function rowKey(row: Pick<CompareRow, "oldPids" | "newPids">): string {
  return `${row.oldPids.join(",")}>${row.newPids.join(",")}`;
}

/** A version's provision rows in document order, in the shape the comparison takes. */
export async function versionRows(
  db: Kysely<Database>,
  versionId: string,
): Promise<ProvisionRow[]> {
  const rows = await db
    .selectFrom("provisions")
    .select(["pid", "kind", "ordinal", "number", "label", "heading_path", "text", "parent_pid"])
    .where("version_id", "=", versionId)
    .orderBy("ordinal")
    .execute();
  return rows.map((r) => ({
    pid: r.pid,
    kind: r.kind,
    ordinal: r.ordinal,
    number: r.number,
    label: r.label,
    headingPath: r.heading_path,
    text: r.text,
    parentPid: r.parent_pid,
  }));
}

/** Where the comparison runs: in this thread by default, in a worker thread in the server. */
export type CompareFunction = (
  oldRows: ProvisionRow[],
  newRows: ProvisionRow[],
) => Promise<CompareResult> | CompareResult;

const compareHere: CompareFunction = (oldRows, newRows) =>
  compareRows(oldRows, newRows, serverSegmenter());

/** Compares two stored versions (from the kept result when there is one). */
export async function compareVersions(
  db: Kysely<Database>,
  fromVersionId: string,
  toVersionId: string,
  compute: CompareFunction = compareHere,
): Promise<CompareResult> {
  const stored = await getStoredComparison(db, fromVersionId, toVersionId, COMPARISON_ALGORITHM);
  if (stored) return stored as unknown as CompareResult;
  const [before, after] = await Promise.all([
    versionRows(db, fromVersionId),
    versionRows(db, toVersionId),
  ]);
  const result = await compute(before, after);
  await storeComparison(db, {
    fromVersionId,
    toVersionId,
    algorithm: COMPARISON_ALGORITHM,
    result,
  });
  return result;
}

/** Saves (or clears, when blank) the explanation of one comparison row, with its audit row. */
export async function explainComparisonRow(
  db: Kysely<Database>,
  input: {
    billId: string;
    fromVersionId: string;
    toVersionId: string;
    rowKey: string;
    note: string;
    userId: string;
    ip?: string | null;
  },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await saveComparisonNote(trx, input);
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "comparison.note",
      subjectType: "bill",
      subjectId: input.billId,
      data: { from: input.fromVersionId, to: input.toVersionId, rowKey: input.rowKey },
      ip: input.ip ?? null,
    });
  });
}
