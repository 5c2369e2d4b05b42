import { sql, type Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { opinionsWithOutcome as opinionsWithDisposition, supportCount } from "./fragments.ts";
import { IDEMPOTENCY_HOURS } from "./idempotency.ts";

/**
 * Opinions with where they were given (consultation, bill, reading, provision) and how they
 * were handled: what a citizen sees of their own opinions, by account or by receipt.
 */
export function opinionsWithOutcome(db: Kysely<Database>) {
  return db
    .selectFrom("opinions as op")
    .innerJoin("consultations as c", "c.id", "op.consultation_id")
    .innerJoin("versions as v", "v.id", "op.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "op.version_id").onRef("p.pid", "=", "op.provision_pid"),
    )
    .leftJoin("dispositions as d", "d.opinion_id", "op.id")
    .select([
      "op.id",
      "op.body",
      "op.proposed_text",
      "op.quote_text",
      "op.status",
      "op.receipt",
      "op.created_at",
      "op.scope",
      "op.provision_pid",
      "c.id as consultationId",
      "c.title as consultationTitle",
      "b.title as billTitle",
      "v.label as versionLabel",
      "p.label as provisionLabel",
      "p.text as provisionText",
      "d.code as dispositionCode",
      "d.reason as dispositionReason",
    ]);
}

/** A user's own opinions, newest first, with where they were given and how they were handled. */
export async function listOpinionsByAuthor(db: Kysely<Database>, userId: string, limit = 100) {
  return opinionsWithOutcome(db)
    .where("op.author_user_id", "=", userId)
    .orderBy("op.created_at", "desc")
    .limit(limit)
    .execute();
}

/** Opinions waiting for a moderator, oldest first. */
export async function listPendingOpinions(db: Kysely<Database>, limit = 50) {
  return (
    db
      .selectFrom("opinions as op")
      .innerJoin("consultations as c", "c.id", "op.consultation_id")
      .leftJoin("provisions as p", (join) =>
        join.onRef("p.version_id", "=", "op.version_id").onRef("p.pid", "=", "op.provision_pid"),
      )
      .select([
        "op.id",
        "op.body",
        "op.created_at",
        "op.channel",
        "c.title as consultationTitle",
        "p.label as provisionLabel",
      ])
      .where("op.status", "=", "pending")
      // contact points: a report's opinions wait for its submission, not for a moderator
      .where("op.contact_point_id", "is", null)
      .orderBy("op.created_at")
      .limit(limit)
      .execute()
  );
}

/** How many opinions a contact point has recorded, per consultation. */
export async function countContactPointOpinions(db: Kysely<Database>, contactPointId: string) {
  const rows = await db
    .selectFrom("opinions")
    .select(["consultation_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("contact_point_id", "=", contactPointId)
    .groupBy("consultation_id")
    .execute();
  return new Map(rows.map((r) => [r.consultation_id, Number(r.n)]));
}

/**
 * What a submission needs from the database, read in ONE query (speed, bench/opinions.ts): the
 * answer kept for its key, and the consultation with the provision the body names.
 */
export interface Prepared {
  kept: { request_hash: string; status: number; body: Record<string, unknown> } | null;
  consultation:
    | {
        id: string;
        version_id: string;
        opens_at: Date;
        closes_at: Date;
        moderation: "post" | "pre";
        allow_anonymous: boolean;
        /** Whether the consultation takes opinions online (its channels include online). */
        acceptsOnline: boolean;
        provisionKind: string | null;
        provisionText: string | null;
      }
    | undefined;
}

/** Reads a submission's kept answer, consultation and provision in one query (see Prepared). */
export async function prepareSubmission(
  db: Kysely<Database>,
  consultationId: string,
  key: string,
  body: unknown,
): Promise<Prepared> {
  const pid =
    body &&
    typeof body === "object" &&
    typeof (body as { provisionPid?: unknown }).provisionPid === "string"
      ? (body as { provisionPid: string }).provisionPid
      : "";
  const id = /^[0-9a-f-]{36}$/i.test(consultationId) ? consultationId : "";
  const { rows } = await sql<{
    request_hash: string | null;
    status: number | null;
    kept_body: Record<string, unknown> | null;
    id: string | null;
    version_id: string;
    opens_at: Date;
    closes_at: Date;
    moderation: "post" | "pre";
    allow_anonymous: boolean;
    accepts_online: boolean;
    provision_kind: string | null;
    provision_text: string | null;
  }>`
    SELECT k.request_hash, k.status, k.body AS kept_body, c.id, c.version_id, c.opens_at,
      c.closes_at, c.moderation, c.allow_anonymous,
      'online' = ANY (c.channels) AS accepts_online, p.kind AS provision_kind,
      p.text AS provision_text
    FROM (VALUES (1)) AS one (x)
    LEFT JOIN idempotency_keys k ON k.scope = ${`opinion:${consultationId}`} AND k.key = ${key}
      AND k.created_at > ${new Date(Date.now() - IDEMPOTENCY_HOURS * 3_600_000)}
    LEFT JOIN consultations c ON c.id = ${id}
    LEFT JOIN provisions p ON p.version_id = c.version_id AND p.pid = ${pid}
  `.execute(db);
  const row = rows[0]!;
  return {
    kept:
      row.request_hash !== null
        ? { request_hash: row.request_hash, status: row.status!, body: row.kept_body! }
        : null,
    consultation: row.id
      ? {
          id: row.id,
          version_id: row.version_id,
          opens_at: row.opens_at,
          closes_at: row.closes_at,
          moderation: row.moderation,
          allow_anonymous: row.allow_anonymous,
          acceptsOnline: row.accepts_online,
          provisionKind: row.provision_kind,
          provisionText: row.provision_text,
        }
      : undefined,
  };
}

/** One page of a consultation's published opinions, newest first, for the JSON API. */
export async function listPublishedOpinionsPage(
  db: Kysely<Database>,
  consultationId: string,
  options: { provisionPid?: string; after?: { createdAt: Date; id: string }; limit: number },
) {
  let q = opinionsWithDisposition(db)
    .select((eb) => [
      "o.id",
      "o.provision_pid",
      "o.body",
      "o.proposed_text",
      "o.channel",
      "o.contact_point_id",
      "o.author_name",
      "o.author_region",
      "o.respondent_type",
      "o.created_at",
      "d.code",
      "d.reason",
      supportCount(eb),
    ])
    .where("o.consultation_id", "=", consultationId)
    .where("o.status", "=", "published");
  if (options.provisionPid) q = q.where("o.provision_pid", "=", options.provisionPid);
  const after = options.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb("o.created_at", "<", after.createdAt),
        eb.and([eb("o.created_at", "=", after.createdAt), eb("o.id", "<", after.id)]),
      ]),
    );
  }
  return q.orderBy("o.created_at", "desc").orderBy("o.id", "desc").limit(options.limit).execute();
}

/** One provision of a consultation's reading, by pid (undefined when it has none). */
export async function findConsultationProvision(
  db: Kysely<Database>,
  consultationId: string,
  pid: string,
) {
  return db
    .selectFrom("provisions as p")
    .innerJoin("consultations as c", "c.version_id", "p.version_id")
    .select(["p.pid", "p.kind", "p.label", "p.text", "p.heading_path"])
    .where("c.id", "=", consultationId)
    .where("p.pid", "=", pid)
    .executeTakeFirst();
}

/** A published opinion with the label of its provision, as the report form shows it. */
export async function findPublishedOpinion(db: Kysely<Database>, id: string) {
  return db
    .selectFrom("opinions as op")
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "op.version_id").onRef("p.pid", "=", "op.provision_pid"),
    )
    .select(["op.id", "op.body", "op.consultation_id", "p.label as provisionLabel"])
    .where("op.id", "=", id)
    .where("op.status", "=", "published")
    .executeTakeFirst();
}

/** Whether a signed-in user has already reported an opinion. */
export async function hasReportedOpinion(
  db: Kysely<Database>,
  opinionId: string,
  userId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("opinion_reports")
    .select("id")
    .where("opinion_id", "=", opinionId)
    .where("reporter_user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}
