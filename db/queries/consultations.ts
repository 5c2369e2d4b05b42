import { sql, type Kysely } from "kysely";
import type { Channel, ModerationMode } from "../codes.ts";
import type { Database } from "../schema.ts";

export type ConsultationStatus = "upcoming" | "open" | "closed";

/** A consultation's status follows from its stored times; nothing else decides it. */
export function consultationStatus(
  opensAt: Date,
  closesAt: Date,
  now: Date = new Date(),
): ConsultationStatus {
  if (now < opensAt) return "upcoming";
  if (now >= closesAt) return "closed";
  return "open";
}

/** Opens a comment period on a published version. */
export async function insertConsultation(
  db: Kysely<Database>,
  input: {
    versionId: string;
    title: string;
    description?: string;
    opensAt: Date;
    closesAt: Date;
    channels?: Channel[];
    moderation?: ModerationMode;
    allowAnonymous?: boolean;
    createdBy?: string | null;
  },
): Promise<string> {
  const row = await db
    .insertInto("consultations")
    .values({
      version_id: input.versionId,
      title: input.title,
      description: input.description ?? "",
      opens_at: input.opensAt,
      closes_at: input.closesAt,
      channels: input.channels ?? ["online"],
      moderation: input.moderation ?? "post",
      allow_anonymous: input.allowAnonymous ?? true,
      created_by: input.createdBy ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

function consultationSummaries(db: Kysely<Database>) {
  return db
    .selectFrom("consultations as c")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .innerJoin("organizations as o", "o.id", "b.organization_id")
    .select((eb) => [
      "c.id",
      "c.title",
      "c.report_published_at as reportPublishedAt",
      "c.channels",
      "c.description",
      "c.opens_at",
      "c.closes_at",
      "c.allow_anonymous",
      "c.moderation",
      "c.version_id as versionId",
      "v.label as versionLabel",
      "b.id as billId",
      "b.title as billTitle",
      "o.name as organizationName",
      eb
        .selectFrom("opinions as op")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("op.consultation_id", "=", "c.id")
        .where("op.status", "=", "published")
        .as("opinionCount"),
      eb
        .selectFrom("provisions as p")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("p.version_id", "=", "c.version_id")
        .where("p.kind", "=", "article")
        .as("articleCount"),
    ]);
}

export type ConsultationSummary = Awaited<ReturnType<typeof listConsultations>>[number];

/** Lists consultations with their derived status; open ones by nearest deadline first. */
export async function listConsultations(
  db: Kysely<Database>,
  options: { now?: Date; status?: ConsultationStatus; limit?: number } = {},
) {
  const now = options.now ?? new Date();
  let q = consultationSummaries(db);
  if (options.status === "open")
    q = q
      .where("c.opens_at", "<=", now)
      .where("c.closes_at", ">", now)
      .orderBy("c.closes_at", "asc");
  else if (options.status === "closed")
    q = q.where("c.closes_at", "<=", now).orderBy("c.closes_at", "desc");
  else if (options.status === "upcoming")
    q = q.where("c.opens_at", ">", now).orderBy("c.opens_at", "asc");
  else q = q.orderBy("c.closes_at", "desc");
  const rows = await q
    .orderBy("c.id")
    .limit(options.limit ?? 50)
    .execute();
  return rows.map((r) => ({
    ...r,
    status: consultationStatus(new Date(r.opens_at), new Date(r.closes_at), now),
    opinionCount: Number(r.opinionCount ?? 0),
    articleCount: Number(r.articleCount ?? 0),
  }));
}

/** Loads one consultation with its derived status, or undefined. */
export async function getConsultation(db: Kysely<Database>, id: string, now: Date = new Date()) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const row = await consultationSummaries(db).where("c.id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row,
    status: consultationStatus(new Date(row.opens_at), new Date(row.closes_at), now),
    opinionCount: Number(row.opinionCount ?? 0),
    articleCount: Number(row.articleCount ?? 0),
  };
}

/** Counts opinions waiting for moderation, per consultation. */
export async function countPendingOpinions(db: Kysely<Database>) {
  return (
    db
      .selectFrom("opinions as op")
      .innerJoin("consultations as c", "c.id", "op.consultation_id")
      .select(["c.id", "c.title", sql<number>`count(*)`.as("pending")])
      .where("op.status", "=", "pending")
      // contact points: a report's opinions wait for its submission, not for a moderator
      .where("op.contact_point_id", "is", null)
      .groupBy(["c.id", "c.title"])
      .orderBy("c.title")
      .execute()
  );
}

/** Whether a consultation with this id exists. */
export async function consultationExists(db: Kysely<Database>, id: string): Promise<boolean> {
  const row = await db
    .selectFrom("consultations")
    .select("id")
    .where("id", "=", id)
    .executeTakeFirst();
  return row !== undefined;
}
