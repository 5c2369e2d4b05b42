import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from "kysely";
import {
  channels,
  dispositionCodes,
  respondentTypes,
  type Channel,
  type DispositionCode,
  type ProvisionKind,
  type RespondentType,
} from "../db/codes.ts";
import { countedSubmissionIds } from "../db/queries/submissions.ts";
import type { Database } from "../db/schema.ts";

// One place that computes a consultation's figures, for the statistics API, the drafters'
// statistics page, the public adoption report and its charts.
//
// The counting rule (CONTRACTS.md): an opinion counts when it is published, and — for an opinion
// gathered by a contact point — once the point's report (submission) holding it is submitted or
// received; a submitted report that a later submitted correction replaces no longer counts (its
// correction does). Every other opinion (online, or recorded by the drafters) counts at once.
// Each figure is one GROUP BY over the opinions, never a scan of them in JavaScript.

type CountedScope = ExpressionBuilder<Database & { o: Database["opinions"] }, "o">;

/** The counting rule as a WHERE condition over `opinions as o`. */
export function isCounted(eb: CountedScope): Expression<SqlBool> {
  return eb.and([
    eb("o.status", "=", "published"),
    eb.or([
      eb("o.contact_point_id", "is", null),
      eb("o.submission_id", "in", countedSubmissionIds()),
    ]),
  ]);
}

/** The counted opinions of a consultation (`o`), to select from. */
export function countedOpinions(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom("opinions as o")
    .where("o.consultation_id", "=", consultationId)
    .where((eb) => isCounted(eb as unknown as CountedScope));
}

export interface ProvisionCount {
  pid: string;
  kind: ProvisionKind;
  number: number;
  label: string;
  count: number;
  handled: number;
  adopted: number;
}

export interface ArticleCell {
  pid: string;
  number: number;
  label: string;
  /** The chapter heading the article sits under, if any. */
  chapter: string | null;
  /** Opinions on the article and on its paragraphs and items. */
  count: number;
  handled: number;
  adopted: number;
}

export interface ConsultationStats {
  total: number;
  /** People represented: the sum of the opinions' headcounts (1 for an online opinion). */
  headcount: number;
  byChannel: Record<Channel, number>;
  /** Provisions with at least one counted opinion, in text order. */
  byProvision: ProvisionCount[];
  /** Every article of the text in order, with the opinions on it (the heat map). */
  articles: ArticleCell[];
  /** Opinions on the whole draft (no provision). */
  wholeDraft: number;
  /** Of those, the ones with a disposition, and those adopted or partly adopted. */
  wholeDraftHandled: number;
  wholeDraftAdopted: number;
  byContactPoint: { id: string; name: string; opinions: number; headcount: number }[];
  byRespondentType: Record<RespondentType, number>;
  /** By the author's region, or the contact point's district; most opinions first. */
  byRegion: { region: string | null; count: number }[];
  byDisposition: Record<DispositionCode, number>;
  /** Opinions with a disposition, and those adopted or partly adopted. */
  handled: number;
  adopted: number;
  /** Opinions per calendar day in the deployment's time zone, every day from first to last. */
  perDay: { date: string; count: number }[];
}

const zeros = <K extends string>(codes: readonly K[]) =>
  Object.fromEntries(codes.map((c) => [c, 0])) as Record<K, number>;

const n = (value: unknown) => Number(value ?? 0);

/** Every day from `from` to `to` (YYYY-MM-DD), inclusive. */
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && out.length < 3660; t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

// Figures at Civil Code scale: each figure is a GROUP BY over every opinion of the
// consultation, about a second of database work for 120,000 opinions (bench/scale.ts), and the
// report, the statistics page and the API ask for them on every view. So they are kept, per
// database and consultation, under a stamp of the data they count: the last value of the search
// outbox's sequence, which every write that changes an opinion or its disposition moves (the
// outbox triggers of migration 0006, including a report's submission publishing its opinions).
// A new opinion therefore counts at once (CONTRACTS.md), while views of an unchanged
// consultation cost one sequence read. A sequence is not transactional: a write that took its
// outbox number before the stamp was read but committed after the figures were computed would
// leave them stale, so no kept answer is older than MEMO_MAX_AGE_MS. Concurrent views share one
// computation.
const MEMO_MAX_AGE_MS = 15_000;
const MEMO_ENTRIES = 64;
const memo = new WeakMap<
  Kysely<Database>,
  Map<string, { stamp: string; at: number; value: Promise<unknown> }>
>();

/** The stamp of what the figures count: moves with every change to opinions and dispositions. */
async function dataStamp(db: Kysely<Database>): Promise<string> {
  const row = await sql<{ stamp: string }>`
    SELECT last_value::text || ':' || is_called::text AS stamp FROM search_outbox_id_seq
  `.execute(db);
  return row.rows[0]!.stamp;
}

/** `compute()`, or its answer kept under the current data stamp (see above). */
export async function memoized<T>(
  db: Kysely<Database>,
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  let entries = memo.get(db);
  if (!entries) memo.set(db, (entries = new Map()));
  const stamp = await dataStamp(db);
  const kept = entries.get(key);
  if (kept && kept.stamp === stamp && Date.now() - kept.at < MEMO_MAX_AGE_MS)
    return kept.value as Promise<T>;
  const value = compute();
  entries.delete(key);
  entries.set(key, { stamp, at: Date.now(), value });
  // A failure is not kept: the next view tries again.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  for (const oldest of entries.keys()) {
    if (entries.size <= MEMO_ENTRIES) break;
    entries.delete(oldest);
  }
  return value;
}

/** Computes a consultation's figures under the counting rule (see above); kept while unchanged. */
export function consultationStats(
  db: Kysely<Database>,
  consultationId: string,
  timeZone: string,
): Promise<ConsultationStats> {
  return memoized(db, `stats:${consultationId}:${timeZone}`, () =>
    computeStats(db, consultationId, timeZone),
  );
}

async function computeStats(
  db: Kysely<Database>,
  consultationId: string,
  timeZone: string,
): Promise<ConsultationStats> {
  const consultation = await db
    .selectFrom("consultations")
    .select("version_id")
    .where("id", "=", consultationId)
    .executeTakeFirstOrThrow();
  const counted = () => countedOpinions(db, consultationId);
  const adoptedSql = sql<number>`count(*) filter (where d.code in ('adopted', 'partly_adopted'))`;

  const [channelRows, provisionRows, provisions, pointRows, typeRows, regionRows, dispRows, days] =
    await Promise.all([
      counted()
        .select(["o.channel", sql<number>`count(*)`.as("n"), sql<number>`sum(o.headcount)`.as("h")])
        .groupBy("o.channel")
        .execute(),
      counted()
        .innerJoin("provisions as p", (j) =>
          j.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
        )
        .leftJoin("dispositions as d", "d.opinion_id", "o.id")
        .select([
          "p.pid",
          "p.kind",
          "p.number",
          "p.label",
          "p.ordinal",
          sql<number>`count(*)`.as("n"),
          sql<number>`count(d.code)`.as("handled"),
          adoptedSql.as("adopted"),
        ])
        .groupBy(["p.pid", "p.kind", "p.number", "p.label", "p.ordinal"])
        .orderBy("p.ordinal")
        .execute(),
      db
        .selectFrom("provisions")
        .select(["pid", "kind", "number", "label", "parent_pid", "heading_path"])
        .where("version_id", "=", consultation.version_id)
        .orderBy("ordinal")
        .execute(),
      counted()
        .innerJoin("contact_points as cp", "cp.id", "o.contact_point_id")
        .select([
          "cp.id",
          "cp.name",
          sql<number>`count(*)`.as("n"),
          sql<number>`sum(o.headcount)`.as("h"),
        ])
        .groupBy(["cp.id", "cp.name"])
        .orderBy(sql`count(*)`, "desc")
        .orderBy("cp.name")
        .execute(),
      counted()
        .select(["o.respondent_type", sql<number>`count(*)`.as("n")])
        .groupBy("o.respondent_type")
        .execute(),
      counted()
        .leftJoin("contact_points as cp", "cp.id", "o.contact_point_id")
        .select(
          sql<string | null>`coalesce(nullif(btrim(o.author_region), ''), cp.district)`.as(
            "region",
          ),
        )
        .select(sql<number>`count(*)`.as("n"))
        .groupBy(sql`1`)
        .orderBy(sql`count(*)`, "desc")
        .orderBy(sql`1`)
        .execute(),
      counted()
        .leftJoin("dispositions as d", "d.opinion_id", "o.id")
        .select(["d.code", sql<number>`count(*)`.as("n")])
        .groupBy("d.code")
        .execute(),
      counted()
        .select(
          sql<string>`to_char(coalesce(o.received_on, (o.created_at at time zone ${timeZone})::date), 'YYYY-MM-DD')`.as(
            "day",
          ),
        )
        .select(sql<number>`count(*)`.as("n"))
        .groupBy(sql`1`)
        .orderBy(sql`1`)
        .execute(),
    ]);

  const byChannel = zeros(channels);
  let total = 0;
  let headcount = 0;
  for (const r of channelRows) {
    byChannel[r.channel] = n(r.n);
    total += n(r.n);
    headcount += n(r.h);
  }

  const byProvision = provisionRows.map((r) => ({
    pid: r.pid,
    kind: r.kind,
    number: r.number,
    label: r.label,
    count: n(r.n),
    handled: n(r.handled),
    adopted: n(r.adopted),
  }));

  // Roll opinions on paragraphs and items up to their article, for the heat map.
  const parentOf = new Map(provisions.map((p) => [p.pid, p.parent_pid]));
  const kindOf = new Map(provisions.map((p) => [p.pid, p.kind]));
  const articleOf = (pid: string): string | undefined => {
    let at: string | null | undefined = pid;
    for (let i = 0; at && i < 10; i += 1) {
      if (kindOf.get(at) === "article") return at;
      at = parentOf.get(at);
    }
    return undefined;
  };
  const articles: ArticleCell[] = provisions
    .filter((p) => p.kind === "article")
    .map((p) => {
      const path = (p.heading_path ?? []) as string[];
      return {
        pid: p.pid,
        number: p.number,
        label: p.label,
        chapter: path[0] ?? null,
        count: 0,
        handled: 0,
        adopted: 0,
      };
    });
  const cellByPid = new Map(articles.map((a) => [a.pid, a]));
  for (const r of byProvision) {
    const cell = cellByPid.get(articleOf(r.pid) ?? "");
    if (!cell) continue;
    cell.count += r.count;
    cell.handled += r.handled;
    cell.adopted += r.adopted;
  }
  const onProvisions = byProvision.reduce((sum, r) => sum + r.count, 0);

  const byRespondentType = zeros(respondentTypes);
  for (const r of typeRows) byRespondentType[r.respondent_type] = n(r.n);

  const byDisposition = zeros(dispositionCodes);
  for (const r of dispRows) if (r.code) byDisposition[r.code] = n(r.n);
  const handled = Object.values(byDisposition).reduce((a, b) => a + b, 0);
  const adopted = byDisposition.adopted + byDisposition.partly_adopted;
  // What the provisions do not account for is on the whole draft, as `wholeDraft` is counted.
  const handledOnProvisions = byProvision.reduce((sum, r) => sum + r.handled, 0);
  const adoptedOnProvisions = byProvision.reduce((sum, r) => sum + r.adopted, 0);

  const dayCounts = new Map(days.map((d) => [d.day, n(d.n)]));
  const perDay =
    days.length > 0
      ? daysBetween(days[0]!.day, days[days.length - 1]!.day).map((date) => ({
          date,
          count: dayCounts.get(date) ?? 0,
        }))
      : [];

  return {
    total,
    headcount,
    byChannel,
    byProvision,
    articles,
    wholeDraft: total - onProvisions,
    wholeDraftHandled: handled - handledOnProvisions,
    wholeDraftAdopted: adopted - adoptedOnProvisions,
    byContactPoint: pointRows.map((r) => ({
      id: r.id,
      name: r.name,
      opinions: n(r.n),
      headcount: n(r.h),
    })),
    byRespondentType,
    byRegion: regionRows.map((r) => ({ region: r.region, count: n(r.n) })),
    byDisposition,
    handled,
    adopted,
    perDay,
  };
}

/** The statistics API's answer (CONTRACTS.md), exactly its fields. */
export function statsJson(stats: ConsultationStats) {
  return {
    total: stats.total,
    byChannel: stats.byChannel,
    byProvision: stats.byProvision.map((p) => ({ pid: p.pid, number: p.number, count: p.count })),
    byContactPoint: stats.byContactPoint,
    byRespondentType: stats.byRespondentType,
    byDisposition: stats.byDisposition,
  };
}

/** Opinions of a consultation that do not count (yet): waiting, hidden, or in an unsent report. */
export function uncountedOpinions(db: Kysely<Database>, consultationId: string) {
  return memoized(db, `uncounted:${consultationId}`, () => countUncounted(db, consultationId));
}

async function countUncounted(db: Kysely<Database>, consultationId: string) {
  const rows = await db
    .selectFrom("opinions as o")
    .select((eb) => [
      // A contact point's opinion is pending while its report is a draft: not yet submitted.
      sql<string>`CASE WHEN o.contact_point_id IS NOT NULL AND o.status = 'pending'
        THEN 'unsubmitted' ELSE o.status END`.as("status"),
      sql<boolean>`${isCounted(eb as unknown as CountedScope)}`.as("counted"),
      sql<number>`count(*)`.as("n"),
    ])
    .where("o.consultation_id", "=", consultationId)
    .groupBy(sql`1, 2`)
    .execute();
  const out = { pending: 0, hidden: 0, unsubmitted: 0 };
  for (const r of rows) {
    if (r.counted) continue;
    if (r.status === "pending") out.pending += n(r.n);
    else if (r.status === "hidden") out.hidden += n(r.n);
    else out.unsubmitted += n(r.n);
  }
  return out;
}
