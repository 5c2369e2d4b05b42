import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";
import type { TimelineEntry } from "./timeline-types.ts";

// Reads of 论证 and 咨询 (migration 0026). Three kinds of reader, kept apart by what they select:
// the legislature's drafters (the registry with contact details, reviews, invitations and
// submitted answers), the invited expert through their private link (their own invitation and
// answers, never anyone else's), and the public (that a review took place, how many experts
// answered and how many opinions came of it: no names, no contact).

const isUuid = (s: string) => /^[0-9a-f-]{36}$/i.test(s);

/** The registry of the given legislatures, by field then name; with contact (drafters only). */
export async function listExperts(
  db: Kysely<Database>,
  input: { organizationIds: string[]; field?: string; activeOnly?: boolean },
) {
  if (input.organizationIds.length === 0) return [];
  let q = db
    .selectFrom("experts as e")
    .innerJoin("organizations as o", "o.id", "e.organization_id")
    .select([
      "e.id",
      "e.organization_id",
      "o.name as organizationName",
      "e.name",
      "e.field",
      "e.affiliation",
      "e.title",
      "e.email",
      "e.phone",
      "e.conflicts",
      "e.active",
    ])
    .where("e.organization_id", "in", input.organizationIds)
    .orderBy("e.active", "desc")
    .orderBy("e.field")
    .orderBy("e.name")
    .limit(1000);
  const field = input.field?.trim();
  if (field) {
    const like = `%${field.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb("e.field", "ilike", like), eb("e.name", "ilike", like)]));
  }
  if (input.activeOnly) q = q.where("e.active", "=", true);
  return q.execute();
}

/** One expert of the registry (with contact: drafters only), or undefined. */
export async function getExpert(db: Kysely<Database>, expertId: string) {
  if (!isUuid(expertId)) return undefined;
  return db.selectFrom("experts").selectAll().where("id", "=", expertId).executeTakeFirst();
}

/** A review with its consultation, reading and bill, or undefined. */
export async function getExpertReview(db: Kysely<Database>, reviewId: string) {
  if (!isUuid(reviewId)) return undefined;
  return db
    .selectFrom("expert_reviews as r")
    .innerJoin("consultations as c", "c.id", "r.consultation_id")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .select([
      "r.id",
      "r.kind",
      "r.title",
      "r.brief",
      "r.held_at",
      "r.due_at",
      "r.place",
      "r.status",
      "r.created_at",
      "c.id as consultationId",
      "c.title as consultationTitle",
      "c.version_id as versionId",
      "v.label as versionLabel",
      "b.id as billId",
      "b.title as billTitle",
      "b.organization_id as organizationId",
    ])
    .where("r.id", "=", reviewId)
    .executeTakeFirst();
}

/** A consultation's reviews, newest first, with their invitation and submission counts. */
export async function listExpertReviewsOfConsultation(
  db: Kysely<Database>,
  consultationId: string,
) {
  const rows = await db
    .selectFrom("expert_reviews as r")
    .leftJoin("expert_invitations as i", "i.review_id", "r.id")
    .select([
      "r.id",
      "r.kind",
      "r.title",
      "r.held_at",
      "r.due_at",
      "r.status",
      sql<number>`count(i.id)`.as("invited"),
      sql<number>`count(i.submitted_at)`.as("submitted"),
    ])
    .where("r.consultation_id", "=", consultationId)
    .groupBy("r.id")
    .orderBy("r.created_at", "desc")
    .execute();
  return rows.map((r) => ({
    ...r,
    invited: Number(r.invited),
    submitted: Number(r.submitted),
  }));
}

/** Where an invitation stands, from its stored times. */
export type InvitationState = "revoked" | "declined" | "submitted" | "expired" | "opened" | "sent";

/** The state an invitation shows its drafters and its expert. */
export function invitationState(
  i: {
    revoked_at: Date | string | null;
    declined_at: Date | string | null;
    submitted_at: Date | string | null;
    expires_at: Date | string;
    opened_at: Date | string | null;
  },
  now: Date,
): InvitationState {
  if (i.submitted_at) return "submitted";
  if (i.declined_at) return "declined";
  if (i.revoked_at) return "revoked";
  if (new Date(i.expires_at) <= now) return "expired";
  return i.opened_at ? "opened" : "sent";
}

/** A review's invitations with their expert (contact included: drafters only). */
export async function listInvitationsOfReview(
  db: Kysely<Database>,
  reviewId: string,
  now: Date = new Date(),
) {
  const rows = await db
    .selectFrom("expert_invitations as i")
    .innerJoin("experts as e", "e.id", "i.expert_id")
    .select((eb) => [
      "i.id",
      "i.expert_id as expertId",
      "e.name",
      "e.field",
      "e.affiliation",
      "e.title",
      "e.email",
      "i.expires_at",
      "i.sent_at",
      "i.opened_at",
      "i.declined_at",
      "i.decline_reason",
      "i.submitted_at",
      "i.revoked_at",
      "i.conflicts_declared",
      eb
        .selectFrom("expert_answers as a")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("a.invitation_id", "=", "i.id")
        .as("answers"),
    ])
    .where("i.review_id", "=", reviewId)
    .orderBy("e.field")
    .orderBy("e.name")
    .execute();
  return rows.map((r) => ({ ...r, answers: Number(r.answers), state: invitationState(r, now) }));
}

/**
 * A review's submitted answers, in the reading's order (whole-draft answers first), with the
 * provision's label and the expert's name and affiliation. Unsubmitted drafts stay the expert's.
 */
export async function listSubmittedAnswersOfReview(db: Kysely<Database>, reviewId: string) {
  return db
    .selectFrom("expert_answers as a")
    .innerJoin("expert_invitations as i", "i.id", "a.invitation_id")
    .innerJoin("experts as e", "e.id", "i.expert_id")
    .innerJoin("expert_reviews as r", "r.id", "i.review_id")
    .innerJoin("consultations as c", "c.id", "r.consultation_id")
    .leftJoin("provisions as p", (j) =>
      j.onRef("p.version_id", "=", "c.version_id").onRef("p.pid", "=", "a.provision_pid"),
    )
    .select([
      "a.id",
      "a.provision_pid",
      "p.label as provisionLabel",
      "a.body",
      "a.proposed_text",
      "a.opinion_id",
      "e.name as expertName",
      "e.affiliation",
    ])
    .where("i.review_id", "=", reviewId)
    .where("i.submitted_at", "is not", null)
    .orderBy(sql`p.ordinal NULLS FIRST`)
    .orderBy("e.name")
    .execute();
}

/**
 * The invitation a private link's token hash opens, with what the expert's page shows: the
 * review, the reading it asks about and the expert's own name (never the contact details).
 */
export async function findInvitationByTokenHash(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom("expert_invitations as i")
    .innerJoin("experts as e", "e.id", "i.expert_id")
    .innerJoin("expert_reviews as r", "r.id", "i.review_id")
    .innerJoin("consultations as c", "c.id", "r.consultation_id")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .innerJoin("organizations as o", "o.id", "b.organization_id")
    .select([
      "i.id",
      "i.expires_at",
      "i.opened_at",
      "i.declined_at",
      "i.submitted_at",
      "i.revoked_at",
      "i.conflicts_declared",
      "e.name as expertName",
      "e.affiliation",
      "e.title as expertTitle",
      "r.id as reviewId",
      "r.kind",
      "r.title",
      "r.brief",
      "r.held_at",
      "r.due_at",
      "r.place",
      "r.status",
      "c.id as consultationId",
      "c.version_id as versionId",
      "v.label as versionLabel",
      "b.title as billTitle",
      "o.name as organizationName",
    ])
    .where("i.token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/** An invitation's answers (drafts or submitted), keyed by provision pid ("" for the draft). */
export async function listInvitationAnswers(db: Kysely<Database>, invitationId: string) {
  return db
    .selectFrom("expert_answers")
    .select(["id", "provision_pid", "body", "proposed_text", "opinion_id"])
    .where("invitation_id", "=", invitationId)
    .execute();
}

/**
 * A bill's expert reviews for the public timeline: a review is public once an expert has
 * submitted or the drafters closed it, and says only when it was, how many experts answered and
 * how many opinions came of it — no expert's name or contact. The entry links to the
 * consultation whose handling received the opinions.
 */
export async function listExpertReviewTimelineEntries(
  db: Kysely<Database>,
  billId: string,
  now: Date = new Date(),
): Promise<TimelineEntry[]> {
  if (!isUuid(billId)) return [];
  const rows = await db
    .selectFrom("expert_reviews as r")
    .innerJoin("consultations as c", "c.id", "r.consultation_id")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .leftJoin("expert_invitations as i", "i.review_id", "r.id")
    .leftJoin("expert_answers as a", "a.invitation_id", "i.id")
    // Opinions the public can read: a moderator may have hidden one since.
    .leftJoin("opinions as o", (j) =>
      j.onRef("o.id", "=", "a.opinion_id").on("o.status", "=", "published"),
    )
    .select([
      "r.id",
      "r.kind",
      "r.title",
      "r.held_at",
      "r.due_at",
      "r.status",
      "r.created_at",
      "c.id as consultationId",
      "c.version_id as versionId",
      sql<number>`count(DISTINCT i.id) FILTER (WHERE i.submitted_at IS NOT NULL)`.as("experts"),
      sql<number>`count(o.id)`.as("opinions"),
    ])
    .where("v.bill_id", "=", billId)
    .groupBy(["r.id", "c.id"])
    .execute();
  return rows
    .filter((r) => r.status === "closed" || Number(r.experts) > 0)
    .map((r) => {
      const date = new Date(r.held_at ?? r.due_at ?? r.created_at);
      return {
        stage: "expert_review" as const,
        date,
        closesAt: null,
        // The public takes no part in a review: it is ahead, under way, or it took place.
        // A written consultation runs until its due date; a meeting is ahead until it is held.
        status:
          r.status === "closed" || date <= now
            ? ("done" as const)
            : r.kind === "written"
              ? ("open" as const)
              : ("upcoming" as const),
        title: r.title,
        href: `/consultations/${r.consultationId}`,
        outcome: {
          key: `experts.timeline.outcome.${r.kind}`,
          values: { experts: Number(r.experts), opinions: Number(r.opinions) },
        },
        outcomeHref: null,
        // Under the reading it reviewed, on the bill's timeline.
        versionId: r.versionId,
      };
    })
    .sort((a, b) => a.date.getTime() - b.date.getTime());
}
