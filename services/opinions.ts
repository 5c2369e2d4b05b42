import { createHash, randomInt, randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import { respondentTypes } from "../db/codes.ts";
import { consultationStatus } from "../db/queries/consultations.ts";
import {
  IDEMPOTENCY_HOURS,
  deleteExpiredIdempotentAnswer,
  findIdempotentAnswer,
  storeIdempotentAnswer,
} from "../db/queries/idempotency.ts";
import type { Database, NewOpinion } from "../db/schema.ts";
import { textLine, textLines } from "./input.ts";
import { heldWordsFor } from "./moderation.ts";

// Submitting an opinion through the public API (CONTRACTS.md): every submission carries an
// idempotency key; the first answer for a key is kept and a repeat gets it again, before any
// other check; the opinion, its search outbox row and the kept answer commit together, so a
// concurrent repeat stores one opinion.

/** The request body of POST /api/v1/consultations/:id/opinions. */
export const OpinionBody = z
  .object({
    provisionPid: textLine().min(1).max(64).optional(),
    scope: z.enum(["article", "chapter", "draft"]).optional(),
    body: textLines()
      .max(5000, "error.tooLong5000")
      .refine((s) => s.trim() !== "", "error.required"),
    proposedText: textLines().max(5000, "error.tooLong5000").optional(),
    quote: z
      .object({
        text: textLines().min(1).max(2000),
        start: z.number().int().min(0),
        end: z.number().int().min(1),
      })
      .refine((q) => q.end > q.start, "error.invalidInput")
      .optional(),
    author: z
      .object({
        name: textLine().max(50, "error.tooLong50").optional(),
        region: textLine().max(50, "error.tooLong50").optional(),
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
/** A random code of receipt letters (no 0/O, 1/I); `pick(n)` draws 0..n-1 (crypto by default). */
export function randomCode(length: number, pick: (n: number) => number = randomInt): string {
  let out = "";
  for (let i = 0; i < length; i++) out += RECEIPT_ALPHABET[pick(RECEIPT_ALPHABET.length)];
  return out;
}

/** A receipt number: KM, the UTC date of submission, six random letters. */
export function newReceipt(at: Date, pick?: (n: number) => number): string {
  return `KM${at.toISOString().slice(0, 10).replace(/-/g, "")}${randomCode(6, pick)}`;
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

/** The kept answer of a prepared submission: the replay, a conflict (422), or nothing yet. */
export function replayOf(prepared: Prepared, hash: string): Answer | "new" {
  if (!prepared.kept) return "new";
  if (prepared.kept.request_hash !== hash)
    return errorAnswer(422, "idempotency_conflict", "api.idempotencyConflict");
  return { status: prepared.kept.status, body: prepared.kept.body };
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
    /** Read by the caller just before (the route reads it to answer a repeat first). */
    prepared?: Prepared;
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
  // Speed (bench/opinions.ts): the opinion and its kept answer go in ONE statement (the opinions
  // trigger adds the search outbox row in it) — atomic without a transaction held open across round trips. A key already kept
  // (a repeat, or a concurrent repeat that committed first) makes the statement fail on the
  // unique key and store nothing; the kept answer is then given.
  for (let attempt = 0; attempt < 2; attempt++) {
    const stored = await storeOpinion(db, scope, input, answer.opinion, now);
    if (stored) return { status: 201, body: stored };
    const replay = await replayFor(db, input.consultationId, input.key, input.hash);
    if (replay !== "new") return replay;
    // The key's kept answer has expired: it may be used again.
    await deleteExpiredIdempotentAnswer(db, scope, input.key);
  }
  return errorAnswer(409, "conflict", "error.generic");
}

/**
 * Inserts the opinion and its kept answer in one statement (its search outbox row comes from the
 * opinions trigger, migration 0006); null when the key is taken.
 */
async function storeOpinion(
  db: Kysely<Database>,
  scope: string,
  input: { key: string; hash: string },
  opinion: OpinionValues,
  now: Date,
): Promise<{ id: string; receipt: string; lookupCode: string } | null> {
  const lookupCode = randomCode(8);
  const receipt = newReceipt(now);
  const id = randomUUID();
  const body = { id, receipt, lookupCode };
  const values: NewOpinion = {
    ...opinion,
    id,
    receipt,
    lookup_code_hash: hashLookupCode(lookupCode),
    idempotency_key: input.key,
    request_hash: input.hash,
  };
  const columns = Object.keys(values) as (keyof NewOpinion)[];
  try {
    await sql`
      WITH kept AS (
        INSERT INTO idempotency_keys (scope, key, request_hash, status, body)
        VALUES (${scope}, ${input.key}, ${input.hash}, 201, ${JSON.stringify(body)})
      )
      INSERT INTO opinions (${sql.join(columns.map((c) => sql.ref(c)))})
      VALUES (${sql.join(columns.map((c) => values[c]))})
    `.execute(db);
    return body;
  } catch (error) {
    if ((error as { code?: string }).code === "23505") return null;
    throw error;
  }
}

type OpinionValues = Omit<
  NewOpinion,
  "receipt" | "lookup_code_hash" | "idempotency_key" | "request_hash"
>;
type Decision = Answer | (Answer & { opinion: OpinionValues });

async function decide(
  db: Kysely<Database>,
  input: {
    consultationId: string;
    key: string;
    body: unknown;
    userId: string | null;
    prepared?: Prepared;
  },
  now: Date,
): Promise<Decision> {
  const parsed = OpinionBody.safeParse(input.body);
  const consultation = (
    input.prepared ?? (await prepareSubmission(db, input.consultationId, input.key, input.body))
  ).consultation;
  if (!consultation) return errorAnswer(404, "not_found", "consultation.notFound");
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
  // A consultation that gathers opinions only offline (letters, meetings…) takes none online.
  if (!consultation.acceptsOnline)
    return errorAnswer(409, "online_not_accepted", "api.onlineNotAccepted");
  if (!input.userId && !consultation.allow_anonymous)
    return errorAnswer(403, "account_required", "api.accountRequired");
  if (body.provisionPid) {
    const provision = consultation.provisionKind
      ? { kind: consultation.provisionKind, text: consultation.provisionText ?? "" }
      : undefined;
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
