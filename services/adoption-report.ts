import { sql, type Kysely } from "kysely";
import { visibleToDrafters } from "../db/queries/handling.ts";
import type { Database } from "../db/schema.ts";
import { countedOpinions, isCounted } from "./consultation-stats.ts";

// What the adoption report (采纳情况反馈) and the exports show of single opinions: the
// representative opinions per provision, and every opinion in text order for the files.

/**
 * Up to `perProvision` counted opinions per provision (and for the whole draft), in text order:
 * handled ones first, then the most supported, then those voiced by the most people.
 */
export async function representativeOpinions(
  db: Kysely<Database>,
  consultationId: string,
  perProvision = 3,
) {
  const ranked = countedOpinions(db, consultationId)
    .leftJoin("dispositions as d", "d.opinion_id", "o.id")
    .select((eb) => [
      "o.id",
      "o.provision_pid",
      "o.version_id",
      "o.body",
      "o.proposed_text",
      "o.channel",
      "o.contact_point_id",
      "o.author_name",
      "o.author_region",
      "o.respondent_type",
      "o.headcount",
      "o.created_at",
      "d.code",
      "d.reason",
      "d.changed_version_id",
      "d.changed_pid",
      eb
        .selectFrom("supports as su")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("su.opinion_id", "=", "o.id")
        .as("supports"),
    ]);
  const rows = await db
    .selectFrom(
      db
        .selectFrom(ranked.as("r"))
        .selectAll("r")
        .select(
          sql<number>`row_number() over (partition by coalesce(r.provision_pid, '') order by (r.code is not null) desc, r.supports desc, r.headcount desc, r.created_at, r.id)`.as(
            "rank",
          ),
        )
        .as("x"),
    )
    .leftJoin("provisions as p", (j) =>
      j.onRef("p.version_id", "=", "x.version_id").onRef("p.pid", "=", "x.provision_pid"),
    )
    .leftJoin("provisions as cp", (j) =>
      j.onRef("cp.version_id", "=", "x.changed_version_id").onRef("cp.pid", "=", "x.changed_pid"),
    )
    .leftJoin("contact_points as pt", "pt.id", "x.contact_point_id")
    .selectAll("x")
    .select([
      "p.label as provisionLabel",
      "p.ordinal",
      "cp.label as changedLabel",
      "pt.name as contactPointName",
    ])
    .where("x.rank", "<=", perProvision)
    .orderBy(sql`coalesce(p.ordinal, -1)`)
    .orderBy("x.rank")
    .execute();
  return rows.map((r) => ({ ...r, supports: Number(r.supports ?? 0) }));
}

export type RepresentativeOpinion = Awaited<ReturnType<typeof representativeOpinions>>[number];

/**
 * A consultation's opinions for a file, in text order (the whole draft first): the counted ones,
 * or with `all` every opinion the drafters see whatever its status (a contact point's only once
 * its report is submitted, as in the handling view).
 */
export async function opinionsForExport(
  db: Kysely<Database>,
  consultationId: string,
  options: { all: boolean },
) {
  let q = db
    .selectFrom("opinions as o")
    .leftJoin("dispositions as d", "d.opinion_id", "o.id")
    .leftJoin("provisions as p", (j) =>
      j.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
    )
    .leftJoin("contact_points as pt", "pt.id", "o.contact_point_id")
    .select((eb) => [
      "o.id",
      "o.receipt",
      "o.body",
      "o.proposed_text",
      "o.channel",
      "o.status",
      "o.author_name",
      "o.author_region",
      "o.respondent_type",
      "o.headcount",
      "o.provenance",
      "o.received_on",
      "o.created_at",
      "p.label as provisionLabel",
      "pt.name as contactPointName",
      "d.code",
      "d.reason",
      sql<boolean>`${isCounted(eb as never)}`.as("counted"),
      eb
        .selectFrom("supports as su")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("su.opinion_id", "=", "o.id")
        .as("supports"),
    ])
    .where("o.consultation_id", "=", consultationId);
  q = q.where((eb) => (options.all ? visibleToDrafters(eb as never) : isCounted(eb as never)));
  const rows = await q
    .orderBy(sql`coalesce(p.ordinal, -1)`)
    .orderBy("o.created_at")
    .orderBy("o.id")
    .execute();
  return rows.map((r) => ({
    ...r,
    supports: Number(r.supports ?? 0),
    counted: Boolean(r.counted),
  }));
}

export type ExportOpinion = Awaited<ReturnType<typeof opinionsForExport>>[number];
