import type { Kysely } from "kysely";
import { z } from "zod";
import { respondentTypes } from "../db/codes.ts";
import { recordAudit } from "../db/queries/audit.ts";
import { findIdempotentAnswer, storeIdempotentAnswer } from "../db/queries/idempotency.ts";
import { getProposalCall } from "../db/queries/proposals.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { ServiceError, conflict, invalidInput, notFound } from "./errors.ts";
import { textLine, textLines } from "./input.ts";
import { findSensitiveWords, getSensitiveWords, type ModerationAction } from "./moderation.ts";
import { hashLookupCode, randomCode } from "./opinions.ts";

// 立法项目建议 (issue 17 item 1): a person proposes a subject for next year's plan while a call
// is open. Like an opinion (services/opinions.ts) the submission carries an idempotency key and
// a repeat gets the first answer again; it is published at once unless it holds a word of the
// moderators' sensitive-word list, which sends it to the queue; the proposer's name and contact
// are kept for the drafters only. A contact point's coordinator may file a proposal for the
// point's area, with where it was gathered (provenance).

/** The fields of a proposal (the form and any future API take the same). */
export const ProposalBody = z.object({
  title: textLine()
    .max(200, "proposal.error.titleTooLong")
    .refine((s) => s.trim() !== "", "proposal.error.titleRequired"),
  reasons: textLines()
    .max(5000, "error.tooLong5000")
    .refine((s) => s.trim() !== "", "proposal.error.reasonsRequired"),
  problem: textLines().max(5000, "error.tooLong5000").optional(),
  relatedRules: textLines().max(2000, "proposal.error.rulesTooLong").optional(),
  respondentType: z.enum(respondentTypes, "error.invalidInput").optional(),
  author: z
    .object({
      name: textLine().max(50, "error.tooLong50").optional(),
      contact: textLine().max(100, "proposal.error.contactTooLong").optional(),
    })
    .optional(),
  provenance: textLines().max(500, "proposal.error.provenanceTooLong").optional(),
});
export type ProposalInput = z.infer<typeof ProposalBody>;

/** What the proposer is given: the receipt, its lookup code, and whether it awaits review. */
export interface ProposalReceipt {
  id: string;
  receipt: string;
  lookupCode: string;
  pending: boolean;
}

/** A proposal's receipt number: JY (建议), the UTC date of submission, six random letters. */
export function newProposalReceipt(at: Date): string {
  return `JY${at.toISOString().slice(0, 10).replace(/-/g, "")}${randomCode(6)}`;
}

const scopeOf = (callId: string) => `proposal:${callId}`;

/**
 * Files a proposal on an open call, once per idempotency key: a repeat with the same request
 * gets the first receipt again (before any other check), a different request under a used key
 * is refused (422). The proposal, its audit entry and the kept answer commit together.
 */
export async function submitProposal(
  db: Kysely<Database>,
  input: {
    callId: string;
    key: string;
    hash: string;
    body: unknown;
    userId: string | null;
    /** Set when a coordinator files for the contact point's area. */
    contactPointId?: string | null;
    ip?: string | null;
    now?: Date;
  },
): Promise<ProposalReceipt> {
  const now = input.now ?? new Date();
  const scope = scopeOf(input.callId);
  const kept = await findIdempotentAnswer(db, scope, input.key);
  if (kept) {
    if (kept.request_hash !== input.hash)
      throw new ServiceError("idempotency_conflict", "api.idempotencyConflict");
    return kept.body as unknown as ProposalReceipt;
  }
  const call = await getProposalCall(db, input.callId, now);
  if (!call) throw notFound("proposal.callNotFound");
  if (call.status !== "open") throw conflict("proposal.callNotOpen");
  const parsed = ProposalBody.safeParse(input.body);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const name = issue.path.join(".") || "_form";
      fields[name] ??= issue.message;
    }
    throw invalidInput(Object.values(fields)[0] ?? "error.invalidInput", fields);
  }
  const p = parsed.data;
  const blank = (v: string | undefined) => (v && v.trim() !== "" ? v.trim() : null);
  const held = findSensitiveWords(
    await getSensitiveWords(db),
    p.title,
    p.reasons,
    p.problem,
    p.relatedRules,
  );
  const receipt = newProposalReceipt(now);
  const lookupCode = randomCode(8);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("proposals")
      .values({
        call_id: call.id,
        title: p.title.trim(),
        reasons: p.reasons.trim(),
        problem: blank(p.problem) ?? "",
        related_rules: blank(p.relatedRules) ?? "",
        author_user_id: input.userId,
        author_name: blank(p.author?.name),
        author_contact: blank(p.author?.contact),
        respondent_type: p.respondentType ?? "individual",
        contact_point_id: input.contactPointId ?? null,
        provenance: input.contactPointId ? blank(p.provenance) : null,
        status: held.length ? "pending" : "published",
        held_words: held.length ? held.slice(0, 50) : null,
        receipt,
        lookup_code_hash: hashLookupCode(lookupCode),
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const answer: ProposalReceipt = { id: row.id, receipt, lookupCode, pending: held.length > 0 };
    const stored = await storeIdempotentAnswer(trx, {
      scope,
      key: input.key,
      requestHash: input.hash,
      status: 201,
      body: answer,
    });
    // A concurrent repeat stored its answer first: this one rolls back and the caller retries.
    if (!stored) throw new ServiceError("conflict", "api.idempotencyConflict");
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "proposal.submit",
      subjectType: "proposal",
      subjectId: row.id,
      data: { call: call.id, contactPoint: input.contactPointId ?? null, held },
      ip: input.ip ?? null,
    });
    return answer;
  });
}

/** What became of a support request. */
export type ProposalSupportOutcome = "added" | "already" | "own" | "closed" | "notFound";

/**
 * 附议: a signed-in person supports a published proposal of an open call, once (the table's key
 * is proposal + user); pressing again changes nothing; one's own proposal cannot be supported.
 */
export async function supportProposal(
  db: Kysely<Database>,
  input: { proposalId: string; userId: string; ip?: string | null; now?: Date },
): Promise<{ outcome: ProposalSupportOutcome; supports: number }> {
  const now = input.now ?? new Date();
  return inTransaction(db, async (trx) => {
    const proposal = await trx
      .selectFrom("proposals as p")
      .innerJoin("proposal_calls as pc", "pc.id", "p.call_id")
      .select(["p.id", "p.status", "p.author_user_id", "pc.opens_at", "pc.closes_at"])
      .where("p.id", "=", input.proposalId)
      .executeTakeFirst();
    if (!proposal || proposal.status !== "published") return { outcome: "notFound", supports: 0 };
    const count = async () => {
      const r = await trx
        .selectFrom("proposal_supports")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("proposal_id", "=", proposal.id)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    };
    const done = async (outcome: ProposalSupportOutcome) => ({ outcome, supports: await count() });
    if (now < new Date(proposal.opens_at) || now >= new Date(proposal.closes_at))
      return done("closed");
    if (proposal.author_user_id === input.userId) return done("own");
    const inserted = await trx
      .insertInto("proposal_supports")
      .values({ proposal_id: proposal.id, user_id: input.userId })
      .onConflict((oc) => oc.doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!inserted) return done("already");
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "proposal.support",
      subjectType: "proposal",
      subjectId: proposal.id,
      ip: input.ip ?? null,
    });
    return done("added");
  });
}

const allowedFrom: Record<Exclude<ModerationAction, "dismiss">, string[]> = {
  approve: ["pending"],
  hide: ["pending", "published"],
  restore: ["hidden"],
};

/**
 * A moderator's decision on a proposal, with the same rules as on an opinion
 * (services/moderation.ts): approve (pending → published), hide with a reason (pending or
 * published → hidden), restore (hidden → published); from any other state it is stale (409).
 */
export async function moderateProposal(
  db: Kysely<Database>,
  input: {
    proposalId: string;
    action: Exclude<ModerationAction, "dismiss">;
    reason?: string;
    actorUserId: string;
    ip: string | null;
  },
): Promise<{ status: "pending" | "published" | "hidden" }> {
  return inTransaction(db, async (trx) => {
    const proposal = await trx
      .selectFrom("proposals")
      .select(["id", "status"])
      .where("id", "=", input.proposalId)
      .forUpdate()
      .executeTakeFirst();
    if (!proposal) throw notFound("proposal.notFound");
    if (!allowedFrom[input.action].includes(proposal.status))
      throw new ServiceError("stale", "moderation.error.stale");
    const reason = (input.reason ?? "").trim();
    if (input.action === "hide" && reason === "")
      throw invalidInput("proposal.error.hideReason", { reason: "proposal.error.hideReason" });
    const to = input.action === "hide" ? "hidden" : "published";
    await trx
      .updateTable("proposals")
      .set({ status: to, hidden_reason: to === "hidden" ? reason.slice(0, 500) : null })
      .where("id", "=", proposal.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.actorUserId,
      action: `proposal.${input.action}`,
      subjectType: "proposal",
      subjectId: proposal.id,
      data: { from: proposal.status, to, ...(to === "hidden" ? { reason } : {}) },
      ip: input.ip,
    });
    return { status: to };
  });
}
