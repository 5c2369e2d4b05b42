import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit } from "../db/queries/audit.ts";
import { findInvitationByTokenHash, invitationState } from "../db/queries/experts.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { conflict, invalidInput, notFound } from "./errors.ts";
import { hashInvitationToken, isTokenShaped } from "./expert-reviews.ts";
import { recordOtherChannelOpinion, today } from "./handling.ts";
import { textLines } from "./input.ts";

// The invited expert's side of a review (论证 and 咨询, services/expert-reviews.ts), by private
// link and without an account: open the link, save draft answers per article or on the whole
// draft with a declaration of conflicts, submit once, or decline. Submitting records each answer
// as an opinion of the review's consultation through the drafters' own path for opinions of
// other channels (services/handling.ts recordOtherChannelOpinion: channel expert_meeting,
// respondent type expert, provenance naming the review and the expert's affiliation), so they
// reach the handling view, the statistics and the report like any recorded opinion.
// An unknown, expired or revoked link is refused with one and the same answer, so the refusal
// does not tell whether a token ever existed.

/**
 * The invitation a link opens, or the one refusal for a token that is unknown, expired or
 * revoked (`experts.link.invalid`, 404) — the same whether or not it ever existed.
 */
export async function invitationForToken(db: Kysely<Database>, token: string, now = new Date()) {
  const invitation = isTokenShaped(token)
    ? await findInvitationByTokenHash(db, hashInvitationToken(token))
    : undefined;
  if (!invitation) throw notFound("experts.link.invalid");
  const state = invitationState(invitation, now);
  // An answered invitation's link dies with its time too: the answers are the drafters' now.
  if (state === "revoked" || new Date(invitation.expires_at) <= now)
    throw notFound("experts.link.invalid");
  return { ...invitation, state };
}

/** Notes the first time an expert opened their link (the drafters see it as 已查看). */
export async function markInvitationOpened(
  db: Kysely<Database>,
  invitationId: string,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable("expert_invitations")
    .set({ opened_at: now })
    .where("id", "=", invitationId)
    .where("opened_at", "is", null)
    .execute();
}

/** One answer of the expert's form: on an article (pid) or on the whole draft (pid null). */
export interface ExpertAnswerInput {
  pid: string | null;
  body: string;
  proposedText: string;
}

const answerText = textLines().trim().max(5000, "experts.error.answerTooLong");

/** The expert's form: the conflicts declaration and the answers. */
export const ExpertAnswersInput = z.object({
  conflicts: textLines().trim().max(2000, "experts.error.tooLong"),
  answers: z
    .array(
      z.object({
        pid: z.string().max(64).nullable(),
        body: answerText,
        proposedText: answerText,
      }),
    )
    .max(2000),
});
export type ExpertAnswersValues = z.infer<typeof ExpertAnswersInput>;

/** The invitation, locked, when it still takes answers; else the refusal the expert sees. */
async function answerableInvitation(trx: Kysely<Database>, token: string, now: Date) {
  const invitation = await invitationForToken(trx, token, now);
  await trx
    .selectFrom("expert_invitations")
    .select("id")
    .where("id", "=", invitation.id)
    .forUpdate()
    .execute();
  // Read again under the lock: a submit or decline in another tab may have just committed.
  const fresh = await invitationForToken(trx, token, now);
  if (fresh.state === "submitted") throw conflict("experts.error.alreadySubmitted");
  if (fresh.state === "declined") throw conflict("experts.error.alreadyDeclined");
  if (fresh.status !== "open") throw conflict("experts.error.reviewClosed");
  return fresh;
}

/** Replaces the invitation's saved answers with these (blank ones dropped). */
async function storeAnswers(
  trx: Kysely<Database>,
  invitation: { id: string; versionId: string },
  values: ExpertAnswersValues,
  now: Date,
) {
  const answers = values.answers.filter((a) => a.body !== "");
  const orphaned = values.answers.find((a) => a.body === "" && a.proposedText !== "");
  if (orphaned)
    throw invalidInput("experts.error.proposalWithoutAnswer", {
      [`answer:${orphaned.pid ?? "draft"}`]: "experts.error.proposalWithoutAnswer",
    });
  const pids = answers.map((a) => a.pid).filter((p): p is string => p !== null);
  if (new Set(answers.map((a) => a.pid ?? "")).size !== answers.length)
    throw invalidInput("error.invalidInput");
  if (pids.length > 0) {
    const known = await trx
      .selectFrom("provisions")
      .select("pid")
      .where("version_id", "=", invitation.versionId)
      .where("pid", "in", pids)
      .execute();
    if (known.length !== pids.length) throw invalidInput("experts.error.unknownArticle");
  }
  await trx.deleteFrom("expert_answers").where("invitation_id", "=", invitation.id).execute();
  if (answers.length > 0)
    await trx
      .insertInto("expert_answers")
      .values(
        answers.map((a) => ({
          invitation_id: invitation.id,
          provision_pid: a.pid,
          body: a.body,
          proposed_text: a.proposedText || null,
          updated_at: now,
        })),
      )
      .execute();
  await trx
    .updateTable("expert_invitations")
    .set({ conflicts_declared: values.conflicts || null })
    .where("id", "=", invitation.id)
    .execute();
  return answers.length;
}

/** Saves the expert's declaration and answers as a draft; returns how many answers it holds. */
export async function saveExpertAnswers(
  db: Kysely<Database>,
  input: { token: string; values: ExpertAnswersValues; now?: Date },
): Promise<number> {
  const now = input.now ?? new Date();
  return inTransaction(db, async (trx) => {
    const invitation = await answerableInvitation(trx, input.token, now);
    return storeAnswers(trx, invitation, input.values, now);
  });
}

/**
 * Submits the expert's answers: saves them, then records each as an opinion of the review's
 * consultation (published at once, as the drafters' recorded opinions are), all in one
 * transaction. A declaration of conflicts (“无” when none) and at least one answer are required.
 */
export async function submitExpertAnswers(
  db: Kysely<Database>,
  input: {
    token: string;
    values: ExpertAnswersValues;
    timeZone: string;
    ip: string | null;
    now?: Date;
  },
): Promise<number> {
  const now = input.now ?? new Date();
  if (input.values.conflicts === "")
    throw invalidInput("experts.error.conflictsRequired", {
      conflicts: "experts.error.conflictsRequired",
    });
  return inTransaction(db, async (trx) => {
    const invitation = await answerableInvitation(trx, input.token, now);
    const count = await storeAnswers(trx, invitation, input.values, now);
    if (count === 0) throw invalidInput("experts.error.noAnswers");
    const answers = await trx
      .selectFrom("expert_answers")
      .select(["id", "provision_pid", "body", "proposed_text"])
      .where("invitation_id", "=", invitation.id)
      .execute();
    const kindName = invitation.kind === "meeting" ? "论证会" : "书面咨询";
    // The provenance is part of the official record, kept in the legislature's language like
    // every recorded opinion's: which review, and who the expert speaks for.
    const provenance = [
      `${invitation.title}（${kindName}）`,
      [invitation.expertName, invitation.affiliation, invitation.expertTitle]
        .filter(Boolean)
        .join("，"),
    ]
      .join("；")
      .slice(0, 500);
    for (const answer of answers) {
      const opinion = await recordOtherChannelOpinion(trx, {
        consultationId: invitation.consultationId,
        values: {
          channel: "expert_meeting",
          provenance,
          receivedOn: today(input.timeZone, now),
          target: answer.provision_pid ?? "",
          body: answer.body,
          proposedText: answer.proposed_text ?? "",
          authorName: invitation.expertName,
          respondentType: "expert",
          headcount: 1,
        },
        recordedBy: null,
        ip: input.ip,
        timeZone: input.timeZone,
        formKey: `expert-answer-${answer.id}`,
        now,
      });
      await trx
        .updateTable("expert_answers")
        .set({ opinion_id: opinion.id })
        .where("id", "=", answer.id)
        .execute();
    }
    await trx
      .updateTable("expert_invitations")
      .set({ submitted_at: now })
      .where("id", "=", invitation.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: null,
      action: "expert_review.submit",
      subjectType: "expert_review",
      subjectId: invitation.reviewId,
      data: { invitationId: invitation.id, answers: answers.length },
      ip: input.ip,
    });
    return answers.length;
  });
}

/** The expert declines the invitation, with an optional reason; saved drafts are dropped. */
export async function declineInvitation(
  db: Kysely<Database>,
  input: { token: string; reason: string; ip: string | null; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  const reason = input.reason.trim();
  if (reason.length > 500)
    throw invalidInput("experts.error.tooLong", { reason: "experts.error.tooLong" });
  await inTransaction(db, async (trx) => {
    const invitation = await answerableInvitation(trx, input.token, now);
    await trx.deleteFrom("expert_answers").where("invitation_id", "=", invitation.id).execute();
    await trx
      .updateTable("expert_invitations")
      .set({ declined_at: now, decline_reason: reason || null })
      .where("id", "=", invitation.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: null,
      action: "expert_review.decline",
      subjectType: "expert_review",
      subjectId: invitation.reviewId,
      data: { invitationId: invitation.id },
      ip: input.ip,
    });
  });
}
