import type { Kysely } from "kysely";
import type { BillKind, ProvisionKind, VersionLabel } from "../codes.ts";
import type { Database } from "../schema.ts";
import { inTransaction } from "../transaction.ts";

/** One derived provision row, as editor/ computes it from a document. */
export interface ProvisionRowInput {
  pid: string;
  kind: ProvisionKind;
  ordinal: number;
  number: number;
  label: string;
  headingPath: string[];
  text: string;
  parentPid: string | null;
}

/** Creates a bill with its working draft. */
export async function insertBill(
  db: Kysely<Database>,
  input: {
    organizationId: string;
    title: string;
    kind: BillKind;
    summary?: string;
    createdBy?: string | null;
    document: object;
  },
): Promise<string> {
  return inTransaction(db, async (trx) => {
    const bill = await trx
      .insertInto("bills")
      .values({
        organization_id: input.organizationId,
        title: input.title,
        kind: input.kind,
        summary: input.summary ?? "",
        created_by: input.createdBy ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("drafts")
      .values({
        bill_id: bill.id,
        document: JSON.stringify(input.document),
        updated_by: input.createdBy ?? null,
      })
      .execute();
    return bill.id;
  });
}

/**
 * Stores an immutable version of a bill with its derived provision rows, in one transaction,
 * and queues the new provisions for the search index.
 */
export async function insertVersion(
  db: Kysely<Database>,
  input: {
    billId: string;
    label: VersionLabel;
    title: string;
    document: object;
    note?: string;
    publishedBy?: string | null;
    publishedAt?: Date;
    provisions: ProvisionRowInput[];
  },
): Promise<string> {
  return inTransaction(db, async (trx) => {
    const last = await trx
      .selectFrom("versions")
      .select((eb) => eb.fn.max("seq").as("seq"))
      .where("bill_id", "=", input.billId)
      .executeTakeFirst();
    const version = await trx
      .insertInto("versions")
      .values({
        bill_id: input.billId,
        seq: (last?.seq ?? 0) + 1,
        label: input.label,
        title: input.title,
        document: JSON.stringify(input.document),
        note: input.note ?? "",
        published_by: input.publishedBy ?? null,
        published_at: input.publishedAt ?? new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (let i = 0; i < input.provisions.length; i += 500) {
      const chunk = input.provisions.slice(i, i + 500);
      await trx
        .insertInto("provisions")
        .values(
          chunk.map((p) => ({
            version_id: version.id,
            pid: p.pid,
            kind: p.kind,
            ordinal: p.ordinal,
            number: p.number,
            label: p.label,
            heading_path: JSON.stringify(p.headingPath),
            text: p.text,
            parent_pid: p.parentPid,
          })),
        )
        .execute();
    }
    // The search outbox rows come from the bills and provisions triggers (migration 0006).
    await trx
      .updateTable("bills")
      .set({ updated_at: new Date() })
      .where("id", "=", input.billId)
      .execute();
    return version.id;
  });
}

/** Lists bills of an organization with their newest version, for the drafter's workspace. */
export async function listBills(db: Kysely<Database>, organizationIds: string[]) {
  if (organizationIds.length === 0) return [];
  return db
    .selectFrom("bills as b")
    .innerJoin("organizations as o", "o.id", "b.organization_id")
    .leftJoin("drafts as d", "d.bill_id", "b.id")
    .select((eb) => [
      "b.id",
      "b.title",
      "b.kind",
      "b.updated_at",
      "o.name as organizationName",
      "d.revision",
      eb
        .selectFrom("versions as v")
        .select("v.label")
        .whereRef("v.bill_id", "=", "b.id")
        .orderBy("v.seq", "desc")
        .limit(1)
        .as("latestLabel"),
      eb
        .selectFrom("versions as v")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("v.bill_id", "=", "b.id")
        .as("versionCount"),
    ])
    .where("b.organization_id", "in", organizationIds)
    .orderBy("b.updated_at", "desc")
    .execute();
}

/** Lists a version's provisions in document order. */
export async function listProvisions(db: Kysely<Database>, versionId: string) {
  return db
    .selectFrom("provisions")
    .select(["pid", "kind", "ordinal", "number", "label", "heading_path", "text", "parent_pid"])
    .where("version_id", "=", versionId)
    .orderBy("ordinal")
    .execute();
}
