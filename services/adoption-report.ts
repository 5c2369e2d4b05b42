import { sql, type ExpressionBuilder, type Kysely } from "kysely";
import { visibleToDrafters } from "../db/queries/handling.ts";
import { supportCount } from "../db/queries/fragments.ts";
import type { Database } from "../db/schema.ts";
import { countedOpinions, isCounted, memoized } from "./consultation-stats.ts";

// What the adoption report (采纳情况反馈) and the exports show of single opinions: the
// representative opinions per provision, and every opinion in text order for the files.

/**
 * Up to `perProvision` counted opinions per provision (and for the whole draft), in text order:
 * handled ones first, then the most supported, then those voiced by the most people.
 */
export function representativeOpinions(
  db: Kysely<Database>,
  consultationId: string,
  perProvision = 3,
) {
  // One window over every counted opinion: kept while the consultation is unchanged, as its
  // figures are (consultation-stats.ts).
  return memoized(db, `representative:${consultationId}:${perProvision}`, () =>
    rankRepresentatives(db, consultationId, perProvision),
  );
}

async function rankRepresentatives(
  db: Kysely<Database>,
  consultationId: string,
  perProvision: number,
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
      supportCount(eb),
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
 * The representative opinions grouped by provision (the whole draft first, then text order),
 * `perPage` provisions to a page: at Civil Code scale the groups of 1,260 articles would make a
 * page of megabytes.
 */
export function representativePage<T extends { provision_pid: string | null }>(
  opinions: readonly T[],
  page: number,
  perPage: number,
): { opinions: T[]; page: number; pages: number } {
  const starts: number[] = [];
  opinions.forEach((o, i) => {
    if (i === 0 || opinions[i - 1]!.provision_pid !== o.provision_pid) starts.push(i);
  });
  const pages = Math.max(1, Math.ceil(starts.length / perPage));
  const at = Math.min(Math.max(1, page), pages);
  const from = starts[(at - 1) * perPage] ?? opinions.length;
  const to = starts[at * perPage] ?? opinions.length;
  return { opinions: opinions.slice(from, to), page: at, pages };
}

/** The opinions a file holds: the counted ones, or with `all` every one the drafters see. */
function exportFilter(options: { all: boolean }) {
  return (eb: ExpressionBuilder<Database & { o: Database["opinions"] }, "o">) =>
    options.all ? visibleToDrafters(eb as never) : isCounted(eb as never);
}

/** The columns of one exported opinion, for `opinions as o` joined as below. */
function exportRows(db: Kysely<Database>, consultationId: string, options: { all: boolean }) {
  return db
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
      // The exact time, for the keyset of the next page (a Date keeps only milliseconds).
      sql<string>`o.created_at::text`.as("createdAtKey"),
      "p.label as provisionLabel",
      "pt.name as contactPointName",
      "d.code",
      "d.reason",
      sql<boolean>`${isCounted(eb as never)}`.as("counted"),
      supportCount(eb),
    ])
    .where("o.consultation_id", "=", consultationId)
    .where(exportFilter(options));
}

/** Opinions read per query by the export's pages. */
export const EXPORT_BATCH = 1000;

/**
 * A consultation's opinions for a file, in text order (the whole draft first, then by article,
 * each article's oldest first), in pages of at most `batch`: the counted ones, or with `all`
 * every opinion the drafters see whatever its status (a contact point's only once its report is
 * submitted, as in the handling view).
 *
 * Why pages and not one query: a consultation at Civil Code scale has 120,000 opinions, which
 * as rows and then as a file would take hundreds of megabytes; read page by page and written as
 * they come, the files stream in constant memory. The pages follow provisions, not an offset:
 * one grouped count tells how many opinions each provision has, provisions are gathered into
 * pages of at most `batch` opinions, and a provision with more is read by keyset on
 * (created_at, id), which the index opinions_handling_provision (migration 0013) serves. No connection is held
 * between pages, so a slow download never blocks the database (PGlite has one connection).
 */
export async function* exportOpinionPages(
  db: Kysely<Database>,
  consultationId: string,
  options: { all: boolean },
  batch = EXPORT_BATCH,
): AsyncGenerator<ExportOpinion[]> {
  const counts = await db
    .selectFrom("opinions as o")
    .leftJoin("provisions as p", (j) =>
      j.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
    )
    .select(["o.provision_pid as pid", sql<number>`count(*)`.as("n")])
    .select(sql<number>`coalesce(min(p.ordinal), -1)`.as("ordinal"))
    .where("o.consultation_id", "=", consultationId)
    .where(exportFilter(options))
    .groupBy("o.provision_pid")
    .orderBy(sql`3`)
    .execute();
  // Pages of whole provisions, none over `batch` opinions unless one provision alone is.
  const groups: { pids: (string | null)[]; n: number }[] = [];
  for (const c of counts) {
    const n = Number(c.n);
    const last = groups[groups.length - 1];
    if (last && last.n + n <= batch) {
      last.pids.push(c.pid);
      last.n += n;
    } else groups.push({ pids: [c.pid], n });
  }
  for (const group of groups) {
    let after: { time: string; id: string } | null = null;
    for (;;) {
      let q = exportRows(db, consultationId, options).where((eb) => {
        const pids = group.pids.filter((p): p is string => p !== null);
        const parts = [];
        if (pids.length) parts.push(eb("o.provision_pid", "in", pids));
        if (pids.length < group.pids.length) parts.push(eb("o.provision_pid", "is", null));
        return eb.or(parts);
      });
      if (after) {
        const { time, id } = after;
        q = q.where(sql<boolean>`(o.created_at, o.id) > (${time}::timestamptz, ${id})`);
      }
      const ordered = q
        .orderBy(sql`coalesce(p.ordinal, -1)`)
        .orderBy("o.created_at")
        .orderBy("o.id");
      // A page of several provisions is read whole (opinions that came since the count only
      // make it a little longer); a single provision's is read `batch` at a time.
      const single = group.pids.length === 1;
      const rows = await (single ? ordered.limit(batch) : ordered).execute();
      if (rows.length)
        yield rows.map(({ createdAtKey: _, ...r }) => ({
          ...r,
          supports: Number(r.supports ?? 0),
          counted: Boolean(r.counted),
        }));
      if (!single || rows.length < batch) break;
      const last = rows[rows.length - 1]!;
      after = { time: last.createdAtKey, id: last.id };
    }
  }
}

/** Every opinion of a file at once, for the documents built whole (the DOCX summary). */
export async function opinionsForExport(
  db: Kysely<Database>,
  consultationId: string,
  options: { all: boolean },
): Promise<ExportOpinion[]> {
  const out: ExportOpinion[] = [];
  for await (const page of exportOpinionPages(db, consultationId, options)) out.push(...page);
  return out;
}

type ExportRow = Awaited<ReturnType<ReturnType<typeof exportRows>["execute"]>>[number];

export type ExportOpinion = Omit<ExportRow, "createdAtKey" | "supports" | "counted"> & {
  supports: number;
  counted: boolean;
};
