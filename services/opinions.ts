import { createHash, randomInt } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import { respondentTypes } from "../db/codes.ts";
import { consultationStatus } from "../db/queries/consultations.ts";
import { findIdempotentAnswer, storeIdempotentAnswer } from "../db/queries/idempotency.ts";
import type { Database, NewOpinion } from "../db/schema.ts";
import { heldWordsFor } from "./moderation.ts";

// Submitting an opinion through the public API (CONTRACTS.md): every submission carries an
// idempotency key; the first answer for a key is kept and a repeat gets it again, before any
// other check; the opinion, its search outbox row and the kept answer commit together, so a
// concurrent repeat stores one opinion.

/** The request body of POST /api/v1/consultations/:id/opinions. */
export const OpinionBody = z
  .object({
    provisionPid: z.string().min(1).max(64).optional(),
    scope: z.enum(["article", "chapter", "draft"]).optional(),
    body: z
      .string()
      .max(5000, "error.tooLong5000")
      .refine((s) => s.trim() !== "", "error.required"),
    proposedText: z.string().max(5000, "error.tooLong5000").optional(),
    quote: z
      .object({
        text: z.string().min(1).max(2000),
        start: z.number().int().min(0),
        end: z.number().int().min(1),
      })
      .refine((q) => q.end > q.start, "error.invalidInput")
      .optional(),
    author: z
      .object({
        name: z.string().max(50, "error.tooLong50").optional(),
        region: z.string().max(50, "error.tooLong50").optional(),
        respondentType: z.enum(respondentTypes).optional(),
      })
      .optional(),
  })
  .strict();

/** An answer of the API: status and JSON body (an error body names a catalogue key). */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** An error answer whose message the route fills in the request's language. */
export function errorAnswer(
  status: number,
  code: string,
  messageKey: string,
  fields?: Record<string, string>,
): Answer {
  return { status, body: { error: { code, messageKey, ...(fields ? { fields } : {}) } } };
}

const RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
function randomCode(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return out;
}

/** The hash of a lookup code as stored (the code itself is given to the citizen only). */
export function hashLookupCode(code: string): string {
  return createHash("sha256").update(code.trim().toUpperCase()).digest("hex");
}

/** A stable hash of a request body, for telling a repeat from a different request. */
export function requestHash(body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === "object"
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
          )
        : value;
  return createHash("sha256")
    .update(JSON.stringify(canonical(body)))
    .digest("hex");
}

/** Looks up the kept answer for a key: the replay, a conflict (422), or nothing yet. */
export async function replayFor(
  db: Kysely<Database>,
  consultationId: string,
  key: string,
  hash: string,
): Promise<Answer | "new"> {
  const kept = await findIdempotentAnswer(db, `opinion:${consultationId}`, key);
  if (!kept) return "new";
  if (kept.request_hash !== hash)
    return errorAnswer(422, "idempotency_conflict", "api.idempotencyConflict");
  return { status: kept.status, body: kept.body as Record<string, unknown> };
}

const ARTICLE_KINDS = new Set(["article", "paragraph", "item", "subitem"]);
const CHAPTER_KINDS = new Set(["chapter", "section"]);

/**
 * Checks and stores one opinion, keeping the answer under the idempotency key. Returns the
 * answer to give (201 with receipt and lookup code, or an error).
 */
export async function submitOpinion(
  db: Kysely<Database>,
  input: {
    consultationId: string;
    key: string;
    hash: string;
    body: unknown;
    userId: string | null;
    now?: Date;
  },
): Promise<Answer> {
  const now = input.now ?? new Date();
  const answer = await decide(db, input, now);
  const scope = `opinion:${input.consultationId}`;
  if (answer.status !== 201 || !("opinion" in answer)) {
    // Refusals are kept too: a repeat gets the same refusal, whatever changed since.
    await storeIdempotentAnswer(db, {
      scope,
      key: input.key,
      requestHash: input.hash,
      status: answer.status,
      body: answer.body,
    });
    return answer;
  }
  const lookupCode = randomCode(8);
  const receipt = `KM${now.toISOString().slice(0, 10).replace(/-/g, "")}${randomCode(6)}`;
  const stored = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("opinions")
      .values({
        ...answer.opinion,
        receipt,
        lookup_code_hash: hashLookupCode(lookupCode),
        idempotency_key: input.key,
        request_hash: input.hash,
      })
      .onConflict((oc) =>
        oc
          .columns(["consultation_id", "idempotency_key"])
          .where("idempotency_key", "is not", null)
          .doNothing(),
      )
      .returning("id")
      .executeTakeFirst();
    if (!row) return null;
    const body = { id: row.id, receipt, lookupCode };
    if (
      !(await storeIdempotentAnswer(trx, {
        scope,
        key: input.key,
        requestHash: input.hash,
        status: 201,
        body,
      }))
    )
      return null;
    await trx
      .insertInto("search_outbox")
      .values({ entity: "opinion", entity_id: row.id, op: "upsert" })
      .execute();
    return body;
  });
  if (stored) return { status: 201, body: stored };
  // A concurrent repeat committed first: answer as it was answered.
  const replay = await replayFor(db, input.consultationId, input.key, input.hash);
  return replay === "new" ? errorAnswer(409, "conflict", "error.generic") : replay;
}

type OpinionValues = Omit<
  NewOpinion,
  "receipt" | "lookup_code_hash" | "idempotency_key" | "request_hash"
>;
type Decision = Answer | (Answer & { opinion: OpinionValues });

async function decide(
  db: Kysely<Database>,
  input: { consultationId: string; body: unknown; userId: string | null },
  now: Date,
): Promise<Decision> {
  const consultation = /^[0-9a-f-]{36}$/i.test(input.consultationId)
    ? await db
        .selectFrom("consultations")
        .select(["id", "version_id", "opens_at", "closes_at", "moderation", "allow_anonymous"])
        .where("id", "=", input.consultationId)
        .executeTakeFirst()
    : undefined;
  if (!consultation) return errorAnswer(404, "not_found", "consultation.notFound");
  const parsed = OpinionBody.safeParse(input.body);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path.join(".") || "body";
      fields[field] ??= issue.message.includes(".") ? issue.message : "error.invalidInput";
    }
    return errorAnswer(400, "invalid", "error.invalidInput", fields);
  }
  const body = parsed.data;
  const scope = body.scope ?? (body.provisionPid ? "article" : "draft");
  if ((scope === "draft") !== !body.provisionPid) {
    return errorAnswer(400, "invalid", "error.invalidInput", { scope: "api.scopeMismatch" });
  }
  const status = consultationStatus(
    new Date(consultation.opens_at),
    new Date(consultation.closes_at),
    now,
  );
  if (status !== "open")
    return errorAnswer(
      409,
      `consultation_${status}`,
      status === "closed" ? "api.consultationClosed" : "api.consultationUpcoming",
    );
  if (!input.userId && !consultation.allow_anonymous)
    return errorAnswer(403, "account_required", "api.accountRequired");
  if (body.provisionPid) {
    const provision = await db
      .selectFrom("provisions")
      .select(["kind", "text"])
      .where("version_id", "=", consultation.version_id)
      .where("pid", "=", body.provisionPid)
      .executeTakeFirst();
    if (!provision) return errorAnswer(404, "provision_not_found", "api.provisionNotFound");
    const fits =
      scope === "article" ? ARTICLE_KINDS.has(provision.kind) : CHAPTER_KINDS.has(provision.kind);
    if (!fits)
      return errorAnswer(400, "invalid", "error.invalidInput", { scope: "api.scopeMismatch" });
    // participation: the quote must be exactly that span of the provision's text.
    if (
      body.quote &&
      (body.quote.end > provision.text.length ||
        provision.text.slice(body.quote.start, body.quote.end) !== body.quote.text)
    ) {
      return errorAnswer(400, "invalid", "error.invalidInput", { quote: "api.quoteMismatch" });
    }
  } else if (body.quote) {
    // participation: a quote needs a provision to quote from.
    return errorAnswer(400, "invalid", "error.invalidInput", { quote: "api.quoteMismatch" });
  }
  // Moderation hook (services/moderation.ts): a sensitive word sends the opinion to the queue.
  const heldWords = await heldWordsFor(db, body.body, body.proposedText);
  return {
    status: 201,
    body: {},
    opinion: {
      consultation_id: consultation.id,
      version_id: consultation.version_id,
      provision_pid: body.provisionPid ?? null,
      scope: scope as OpinionValues["scope"],
      body: body.body.trim(),
      proposed_text: body.proposedText?.trim() || null,
      quote_text: body.quote?.text ?? null,
      quote_start: body.quote?.start ?? null,
      quote_end: body.quote?.end ?? null,
      channel: "online" as const,
      author_user_id: input.userId,
      author_name: body.author?.name?.trim() || null,
      author_region: body.author?.region?.trim() || null,
      respondent_type: body.author?.respondentType ?? "individual",
      status:
        consultation.moderation === "pre" || heldWords
          ? ("pending" as const)
          : ("published" as const),
      held_words: heldWords,
    },
  };
}
