import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

/** A comparison computed earlier for this pair of versions and algorithm, if any. */
export async function getStoredComparison(
  db: Kysely<Database>,
  fromVersionId: string,
  toVersionId: string,
  algorithm: string,
) {
  const row = await db
    .selectFrom("comparisons")
    .select("result")
    .where("from_version_id", "=", fromVersionId)
    .where("to_version_id", "=", toVersionId)
    .where("algorithm", "=", algorithm)
    .executeTakeFirst();
  return row?.result;
}

/** Keeps a computed comparison (versions never change, so it never goes stale). */
export async function storeComparison(
  db: Kysely<Database>,
  input: { fromVersionId: string; toVersionId: string; algorithm: string; result: object },
): Promise<void> {
  await db
    .insertInto("comparisons")
    .values({
      from_version_id: input.fromVersionId,
      to_version_id: input.toVersionId,
      algorithm: input.algorithm,
      result: JSON.stringify(input.result),
    })
    .onConflict((oc) => oc.columns(["from_version_id", "to_version_id", "algorithm"]).doNothing())
    .execute();
}

/** The drafters' explanations (修改说明) of a comparison, by row key. */
export async function listComparisonNotes(
  db: Kysely<Database>,
  fromVersionId: string,
  toVersionId: string,
) {
  const rows = await db
    .selectFrom("comparison_notes")
    .select(["row_key", "note"])
    .where("from_version_id", "=", fromVersionId)
    .where("to_version_id", "=", toVersionId)
    .execute();
  return new Map(rows.map((r) => [r.row_key, r.note]));
}

/** Saves (or clears, when blank) the explanation of one row. */
export async function saveComparisonNote(
  db: Kysely<Database>,
  input: {
    fromVersionId: string;
    toVersionId: string;
    rowKey: string;
    note: string;
    userId: string;
  },
): Promise<void> {
  if (input.note.trim() === "") {
    await db
      .deleteFrom("comparison_notes")
      .where("from_version_id", "=", input.fromVersionId)
      .where("to_version_id", "=", input.toVersionId)
      .where("row_key", "=", input.rowKey)
      .execute();
    return;
  }
  await db
    .insertInto("comparison_notes")
    .values({
      from_version_id: input.fromVersionId,
      to_version_id: input.toVersionId,
      row_key: input.rowKey,
      note: input.note,
      updated_by: input.userId,
    })
    .onConflict((oc) =>
      oc
        .columns(["from_version_id", "to_version_id", "row_key"])
        .doUpdateSet({ note: input.note, updated_by: input.userId, updated_at: new Date() }),
    )
    .execute();
}
