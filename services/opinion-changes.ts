import type { Kysely } from "kysely";
import type { CompareResult } from "../editor/compare/compare.ts";
import { diffTexts, type DiffOp } from "../editor/compare/diff.ts";
import { getStoredComparison } from "../db/queries/comparisons.ts";
import { listOpinionChangeTargets } from "../db/queries/opinion-changes.ts";
import type { Database } from "../db/schema.ts";
import { COMPARISON_ALGORITHM, serverSegmenter } from "./comparison.ts";

/** What an adopted opinion changed: the later reading's provision and the diff to it. */
export interface OpinionChange {
  billId: string;
  versionId: string;
  versionLabel: string;
  pid: string;
  label: string;
  ops: DiffOp[];
}

/**
 * What each listed opinion changed, by opinion id (issue 18, item 2): only opinions whose
 * published disposition is adopted or partly adopted and whose provision has a later reading.
 * The diff is the kept comparison's row for the pair of provisions when that comparison was
 * computed (the comparison page shows the same words), else the lineage page's word diff of the
 * two texts — one short diff per opinion shown, never a whole comparison on a reader's request.
 */
export async function opinionChanges(
  db: Kysely<Database>,
  opinionIds: string[],
): Promise<Map<string, OpinionChange>> {
  const targets = await listOpinionChangeTargets(db, opinionIds);
  const stored = new Map<string, CompareResult | undefined>();
  const changes = new Map<string, OpinionChange>();
  for (const t of targets) {
    const pair = `${t.fromVersionId}:${t.toVersionId}`;
    if (!stored.has(pair))
      stored.set(
        pair,
        (await getStoredComparison(db, t.fromVersionId, t.toVersionId, COMPARISON_ALGORITHM)) as
          CompareResult | undefined,
      );
    const row = stored
      .get(pair)
      ?.rows.find(
        (r) => r.oldPids.includes(t.fromPid) && r.newPids.includes(t.toPid) && r.ops.length > 0,
      );
    // A split or merged row holds more than this pair's words; the pair's own diff says it better.
    const ops =
      row && row.oldPids.length === 1 && row.newPids.length === 1
        ? row.ops
        : diffTexts(t.fromText, t.toText, serverSegmenter());
    changes.set(t.opinionId, {
      billId: t.billId,
      versionId: t.toVersionId,
      versionLabel: t.toVersionLabel,
      pid: t.toPid,
      label: t.toLabel,
      ops,
    });
  }
  return changes;
}
