import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit } from "../db/queries/audit.ts";
import { consultationStatus } from "../db/queries/consultations.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { zonedLocalToUtc } from "./consultations.ts";
import { conflict, invalidInput, notFound } from "./errors.ts";
import { textLine, textLines } from "./input.ts";
import { queueMails } from "./notifications.ts";

// 论证会 and 书面咨询 (issue 17 item 4), the drafters' side. The drafters of a consultation's
// legislature create a review of its reading and invite experts of their registry; each
// invitation gets a private link whose random token (32 bytes) is shown once to the drafter and
// e-mailed to the expert when the registry has an address — only its SHA-256 is stored, so the
// database alone opens no form. They may revoke a link, give a new one (the old one dies), and
// close the review. The expert's side (opening a link, saving, submitting, declining, and the
// answers becoming opinions of the consultation) is services/expert-answers.ts.

/** How long after a meeting its experts may still send their written answers. */
const MEETING_GRACE_MS = 14 * 86_400_000;
/** How long after a written consultation's due date a late answer is still taken. */
const WRITTEN_GRACE_MS = 7 * 86_400_000;

const localTime = z.string().trim().max(20).optional().default("");

/** The review form; times are wall-clock times of the deployment's zone. */
export const ExpertReviewInput = z.object({
  kind: z.enum(["meeting", "written"], { message: "experts.error.kind" }),
  title: textLine().trim().min(1, "experts.error.title").max(200, "experts.error.title"),
  brief: textLines().trim().max(5000, "experts.error.tooLong").optional().default(""),
  heldAt: localTime,
  dueAt: localTime,
  place: textLine().trim().max(200, "experts.error.tooLong").optional().default(""),
});
export type ExpertReviewValues = z.infer<typeof ExpertReviewInput>;

interface Drafter {
  userId: string;
  /** The legislatures the actor drafts for (drafter or admin there). */
  organizationIds: string[];
  ip: string | null;
}

/** The e-mail inviting an expert, rendered by the caller in the expert's language. */
export type RenderInvitation = (invitation: {
  expertName: string;
  reviewTitle: string;
  billTitle: string;
  kind: "meeting" | "written";
  link: string;
  expiresAt: Date;
}) => { subject: string; text: string };

/** The SHA-256 (hex) of a private link's token: what the database keeps. */
export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A new private link's token: 32 random bytes, URL-safe (43 characters). */
function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Whether a string has the shape of a token (anything else is refused before a lookup). */
export function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** Until when an invitation's link works: the review's date plus its grace. */
function expiryOf(review: {
  kind: string;
  held_at: Date | string | null;
  due_at: Date | string | null;
}) {
  return review.kind === "meeting"
    ? new Date(new Date(review.held_at!).getTime() + MEETING_GRACE_MS)
    : new Date(new Date(review.due_at!).getTime() + WRITTEN_GRACE_MS);
}

/** Creates a review on a consultation's reading; the actor must draft for its legislature. */
export async function createExpertReview(
  db: Kysely<Database>,
  input: {
    consultationId: string;
    values: ExpertReviewValues;
    timeZone: string;
    now?: Date;
  } & Drafter,
): Promise<string> {
  const now = input.now ?? new Date();
  const consultation = await db
    .selectFrom("consultations as c")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .select(["c.id", "c.opens_at", "c.closes_at", "b.organization_id"])
    .where("c.id", "=", input.consultationId)
    .executeTakeFirst();
  if (!consultation || !input.organizationIds.includes(consultation.organization_id))
    throw notFound("consultation.notFound");
  // The answers become opinions of the consultation, which takes none before it opens.
  if (
    consultationStatus(new Date(consultation.opens_at), new Date(consultation.closes_at), now) ===
    "upcoming"
  )
    throw conflict("experts.error.consultationUpcoming");
  const v = input.values;
  const at = zonedLocalToUtc(v.kind === "meeting" ? v.heldAt : v.dueAt, input.timeZone);
  if (!at) {
    const field = v.kind === "meeting" ? "heldAt" : "dueAt";
    throw invalidInput("experts.error.date", { [field]: "experts.error.date" });
  }
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("expert_reviews")
      .values({
        consultation_id: consultation.id,
        kind: v.kind,
        title: v.title,
        brief: v.brief,
        held_at: v.kind === "meeting" ? at : null,
        due_at: v.kind === "written" ? at : null,
        place: v.kind === "meeting" ? v.place : "",
        created_by: input.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "expert_review.create",
      subjectType: "expert_review",
      subjectId: row.id,
      data: { consultationId: consultation.id, kind: v.kind },
      ip: input.ip,
    });
    return row.id;
  });
}

/** The review, when the actor drafts for its legislature (404 otherwise, as for no review). */
async function reviewOf(db: Kysely<Database>, reviewId: string, actor: Drafter) {
  const review = /^[0-9a-f-]{36}$/i.test(reviewId)
    ? await db
        .selectFrom("expert_reviews as r")
        .innerJoin("consultations as c", "c.id", "r.consultation_id")
        .innerJoin("versions as v", "v.id", "c.version_id")
        .innerJoin("bills as b", "b.id", "v.bill_id")
        .select([
          "r.id",
          "r.kind",
          "r.title",
          "r.held_at",
          "r.due_at",
          "r.status",
          "b.title as billTitle",
          "b.organization_id",
        ])
        .where("r.id", "=", reviewId)
        .executeTakeFirst()
    : undefined;
  if (!review || !actor.organizationIds.includes(review.organization_id))
    throw notFound("experts.error.reviewNotFound");
  return review;
}

/** A link given out by an invitation or a resend: shown once, never stored. */
export interface IssuedLink {
  invitationId: string;
  expertName: string;
  link: string;
  mailed: boolean;
}

/**
 * Invites experts of the review's legislature (active ones, not yet invited) and gives each a
 * private link, e-mailed through the mail outbox in the same transaction when the registry has
 * an address. Returns the links, which nobody can read again.
 */
export async function inviteExperts(
  db: Kysely<Database>,
  input: {
    reviewId: string;
    expertIds: string[];
    /** The site's origin, for the links (https://example.org). */
    origin: string;
    render: RenderInvitation;
    now?: Date;
  } & Drafter,
): Promise<IssuedLink[]> {
  const now = input.now ?? new Date();
  const review = await reviewOf(db, input.reviewId, input);
  if (review.status !== "open") throw conflict("experts.error.reviewClosed");
  const expiresAt = expiryOf(review);
  if (expiresAt <= now) throw conflict("experts.error.reviewPast");
  const ids = [...new Set(input.expertIds)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.length === 0)
    throw invalidInput("experts.error.noneChosen", { expertIds: "experts.error.noneChosen" });
  const experts = await db
    .selectFrom("experts")
    .select(["id", "name", "email", "organization_id", "active"])
    .where("id", "in", ids)
    .execute();
  if (
    experts.length !== ids.length ||
    experts.some((e) => e.organization_id !== review.organization_id || !e.active)
  )
    throw invalidInput("experts.error.notInRegistry", { expertIds: "experts.error.notInRegistry" });
  return inTransaction(db, async (trx) => {
    const issued: IssuedLink[] = [];
    for (const expert of experts) {
      const token = newToken();
      const row = await trx
        .insertInto("expert_invitations")
        .values({
          review_id: review.id,
          expert_id: expert.id,
          token_hash: hashInvitationToken(token),
          expires_at: expiresAt,
          sent_at: expert.email ? now : null,
          created_by: input.userId,
        })
        .onConflict((oc) => oc.columns(["review_id", "expert_id"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      // Already invited: their link stands (a resend replaces it).
      if (!row) continue;
      const link = `${input.origin}/expert/${token}`;
      if (expert.email)
        await queueMails(trx, [
          {
            to: expert.email,
            ...input.render({
              expertName: expert.name,
              reviewTitle: review.title,
              billTitle: review.billTitle,
              kind: review.kind,
              link,
              expiresAt,
            }),
          },
        ]);
      await recordAudit(trx, {
        actorUserId: input.userId,
        action: "expert_review.invite",
        subjectType: "expert_review",
        subjectId: review.id,
        data: { invitationId: row.id, expertId: expert.id, mailed: !!expert.email },
        ip: input.ip,
      });
      issued.push({ invitationId: row.id, expertName: expert.name, link, mailed: !!expert.email });
    }
    return issued;
  });
}

/** An invitation of a review the actor drafts for, with its expert and review. */
async function invitationOf(db: Kysely<Database>, invitationId: string, actor: Drafter) {
  const invitation = /^[0-9a-f-]{36}$/i.test(invitationId)
    ? await db
        .selectFrom("expert_invitations as i")
        .innerJoin("experts as e", "e.id", "i.expert_id")
        .select([
          "i.id",
          "i.review_id",
          "i.expires_at",
          "i.opened_at",
          "i.declined_at",
          "i.submitted_at",
          "i.revoked_at",
          "e.name",
          "e.email",
        ])
        .where("i.id", "=", invitationId)
        .executeTakeFirst()
    : undefined;
  if (!invitation) throw notFound("experts.error.invitationNotFound");
  const review = await reviewOf(db, invitation.review_id, actor);
  return { invitation, review };
}

/** Revokes an invitation's link (an answered or declined one stays as it is). */
export async function revokeInvitation(
  db: Kysely<Database>,
  input: { invitationId: string; now?: Date } & Drafter,
): Promise<void> {
  const { invitation, review } = await invitationOf(db, input.invitationId, input);
  if (invitation.submitted_at || invitation.declined_at)
    throw conflict("experts.error.alreadyAnswered");
  if (invitation.revoked_at) return;
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable("expert_invitations")
      .set({ revoked_at: input.now ?? new Date() })
      .where("id", "=", invitation.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "expert_review.revoke",
      subjectType: "expert_review",
      subjectId: review.id,
      data: { invitationId: invitation.id },
      ip: input.ip,
    });
  });
}

/**
 * Gives an invitation a new link (the old one stops working) valid until the review's date plus
 * its grace, e-mailed again when the expert has an address; a revoked invitation comes back.
 */
export async function resendInvitation(
  db: Kysely<Database>,
  input: { invitationId: string; origin: string; render: RenderInvitation; now?: Date } & Drafter,
): Promise<IssuedLink> {
  const now = input.now ?? new Date();
  const { invitation, review } = await invitationOf(db, input.invitationId, input);
  if (invitation.submitted_at || invitation.declined_at)
    throw conflict("experts.error.alreadyAnswered");
  if (review.status !== "open") throw conflict("experts.error.reviewClosed");
  const expiresAt = expiryOf(review);
  if (expiresAt <= now) throw conflict("experts.error.reviewPast");
  const token = newToken();
  const link = `${input.origin}/expert/${token}`;
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable("expert_invitations")
      .set({
        token_hash: hashInvitationToken(token),
        expires_at: expiresAt,
        revoked_at: null,
        sent_at: invitation.email ? now : null,
      })
      .where("id", "=", invitation.id)
      .execute();
    if (invitation.email)
      await queueMails(trx, [
        {
          to: invitation.email,
          ...input.render({
            expertName: invitation.name,
            reviewTitle: review.title,
            billTitle: review.billTitle,
            kind: review.kind,
            link,
            expiresAt,
          }),
        },
      ]);
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "expert_review.resend",
      subjectType: "expert_review",
      subjectId: review.id,
      data: { invitationId: invitation.id, mailed: !!invitation.email },
      ip: input.ip,
    });
  });
  return {
    invitationId: invitation.id,
    expertName: invitation.name,
    link,
    mailed: !!invitation.email,
  };
}

/** Closes a review: its links take no more answers (submitted ones stay opinions). */
export async function closeExpertReview(
  db: Kysely<Database>,
  input: { reviewId: string } & Drafter,
): Promise<void> {
  const review = await reviewOf(db, input.reviewId, input);
  if (review.status === "closed") return;
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable("expert_reviews")
      .set({ status: "closed" })
      .where("id", "=", review.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "expert_review.close",
      subjectType: "expert_review",
      subjectId: review.id,
      ip: input.ip,
    });
  });
}
