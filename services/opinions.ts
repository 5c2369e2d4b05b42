import { createHash, randomInt, randomUUID } from "node:crypto";
import { batcher, perHandle } from "../db/batch.ts";
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import { respondentTypes } from "../db/codes.ts";
import { consultationStatus } from "../db/queries/consultations.ts";
import {
  deleteExpiredIdempotentAnswer,
  findIdempotentAnswer,
  storeIdempotentAnswer,
} from "../db/queries/idempotency.ts";
import { prepareSubmission, type Prepared } from "../db/queries/opinions.ts";
import type { Database, NewOpinion } from "../db/schema.ts";
import { ServiceError, errorStatus, isServiceError, type ErrorCode } from "./errors.ts";
import { textLine, textLines } from "./input.ts";
import { heldWordsFor } from "./moderation.ts";

// Submitting an opinion through the public API (CONTRACTS.md): every submission carries an
// idempotency key; the first answer for a key is kept and a repeat gets it again, before any
// other check; the opinion, its search outbox row and the kept answer commit together, so a
// concurrent repeat stores one opinion. A refusal is a ServiceError; it is kept too (as its
// status and body, with the catalogue key in place of the message), so a repeat gets the same
// refusal, in the repeat's own language.

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

/** What the submitter of a new opinion is given (the 201 body). */
export interface OpinionReceipt {
  id: string;
  receipt: string;
  lookupCode: string;
}

/**
 * An answer as kept under its idempotency key: the receipt with status 201, or a refusal's
 * status with `{error: {code, messageKey, fields?}}`.
 */
interface KeptAnswer {
  status: number;
  body: unknown;
}

/** The kept form of a refusal. */
function keptRefusal(error: ServiceError): { status: number; body: object } {
  return {
    status: error.status,
    body: {
      error: {
        code: error.code,
        messageKey: error.messageKey,
        ...(error.fields ? { fields: error.fields } : {}),
      },
    },
  };
}

/** A kept answer given again: the receipt it held, or its refusal thrown once more. */
function answerAgain(kept: KeptAnswer): OpinionReceipt {
  const error = (
    kept.body as { error?: { code: string; messageKey: string; fields?: Record<string, string> } }
  ).error;
  if (!error) return kept.body as OpinionReceipt;
  const code: ErrorCode = error.code in errorStatus ? (error.code as ErrorCode) : "conflict";
  throw new ServiceError(code, error.messageKey, error.fields);
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
 * The kept answer of a prepared submission: its receipt again, "new" when nothing is kept yet;
 * a kept refusal, or a different request under the same key (422), is thrown as a ServiceError.
 */
export function replayOf(prepared: Prepared, hash: string): OpinionReceipt | "new" {
  if (!prepared.kept) return "new";
  if (prepared.kept.request_hash !== hash)
    throw new ServiceError("idempotency_conflict", "api.idempotencyConflict");
  return answerAgain(prepared.kept);
}

/** Looks up the kept answer for a key, as replayOf does for a prepared submission. */
async function replayFor(
  db: Kysely<Database>,
  consultationId: string,
  key: string,
  hash: string,
): Promise<OpinionReceipt | "new"> {
  const kept = await findIdempotentAnswer(db, `opinion:${consultationId}`, key);
  if (!kept) return "new";
  if (kept.request_hash !== hash)
    throw new ServiceError("idempotency_conflict", "api.idempotencyConflict");
  return answerAgain(kept);
}

const ARTICLE_KINDS = new Set(["article", "paragraph", "item", "subitem"]);
const CHAPTER_KINDS = new Set(["chapter", "section"]);

// Told of each opinion stored, by either path: the server counts them for /metrics (a service
// does not import the server, so the server registers here). The listener is kept on globalThis,
// not in this module: the server build bundles its own copy of this module, apart from the one
// the server itself imports, and both must reach the one listener.
const STORED = Symbol.for("kaimen.opinionStored");
type StoredHolder = { [STORED]?: () => void };

/** Registers the one listener told of each opinion stored (the server's metrics). */
export function onOpinionStored(listener: () => void): void {
  (globalThis as StoredHolder)[STORED] = listener;
}

/**
 * Checks and stores one opinion, keeping the answer under the idempotency key. Returns the
 * receipt (201); a refusal is kept, then thrown as a ServiceError.
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
): Promise<OpinionReceipt> {
  const now = input.now ?? new Date();
  const scope = `opinion:${input.consultationId}`;
  let opinion: OpinionValues;
  try {
    opinion = await decide(db, input, now);
  } catch (error) {
    if (!isServiceError(error)) throw error;
    // Refusals are kept too: a repeat gets the same refusal, whatever changed since.
    await storeIdempotentAnswer(db, {
      scope,
      key: input.key,
      requestHash: input.hash,
      ...keptRefusal(error),
    });
    throw error;
  }
  // Speed (bench/opinions.ts): the opinion and its kept answer go in ONE statement (the opinions
  // trigger adds the search outbox row in it) — atomic without a transaction held open across
  // round trips. A key already kept (a repeat, or a concurrent repeat that committed first)
  // makes the statement fail on the unique key and store nothing; the kept answer is then given.
  for (let attempt = 0; attempt < 2; attempt++) {
    const stored = await storeOpinion(db, scope, input, opinion, now);
    if (stored) return stored;
    const replay = await replayFor(db, input.consultationId, input.key, input.hash);
    if (replay !== "new") return replay;
    // The key's kept answer has expired: it may be used again.
    await deleteExpiredIdempotentAnswer(db, scope, input.key);
  }
  throw new ServiceError("conflict", "error.generic");
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
): Promise<OpinionReceipt | null> {
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
    (globalThis as StoredHolder)[STORED]?.();
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
): Promise<OpinionValues> {
  const parsed = OpinionBody.safeParse(input.body);
  const consultation = (
    input.prepared ?? (await prepareSubmission(db, input.consultationId, input.key, input.body))
  ).consultation;
  if (!consultation) throw new ServiceError("not_found", "consultation.notFound");
  rememberFacts(db, input.consultationId, pidOf(input.body), consultation);
  return checkOpinion(db, consultation, parsed, input.userId, now);
}

type Consultation = NonNullable<Prepared["consultation"]>;

/** The checks of a submission on its consultation (and provision); its row, or a refusal. */
async function checkOpinion(
  db: Kysely<Database>,
  consultation: Consultation,
  parsed: ReturnType<typeof OpinionBody.safeParse>,
  userId: string | null,
  now: Date,
): Promise<OpinionValues> {
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const message = issue.message.includes(".") ? issue.message : "error.invalidInput";
      // An unknown property is the fault of that property, not of the field beside it; a body
      // that is not an object at all is the request body's.
      const names =
        issue.code === "unrecognized_keys"
          ? issue.keys.map((key) => [...issue.path, key].join("."))
          : [issue.path.join(".") || "body"];
      for (const field of names) fields[field] ??= message;
    }
    throw new ServiceError("invalid", "error.invalidInput", fields);
  }
  const body = parsed.data;
  const scope = body.scope ?? (body.provisionPid ? "article" : "draft");
  if ((scope === "draft") !== !body.provisionPid) {
    throw new ServiceError("invalid", "error.invalidInput", { scope: "api.scopeMismatch" });
  }
  const status = consultationStatus(
    new Date(consultation.opens_at),
    new Date(consultation.closes_at),
    now,
  );
  if (status !== "open")
    throw new ServiceError(
      `consultation_${status}`,
      status === "closed" ? "api.consultationClosed" : "api.consultationUpcoming",
    );
  // A consultation that gathers opinions only offline (letters, meetings…) takes none online.
  if (!consultation.acceptsOnline)
    throw new ServiceError("online_not_accepted", "api.onlineNotAccepted");
  if (!userId && !consultation.allow_anonymous)
    throw new ServiceError("account_required", "api.accountRequired");
  if (body.provisionPid) {
    const provision = consultation.provisionKind
      ? { kind: consultation.provisionKind, text: consultation.provisionText ?? "" }
      : undefined;
    if (!provision) throw new ServiceError("provision_not_found", "api.provisionNotFound");
    const fits =
      scope === "article" ? ARTICLE_KINDS.has(provision.kind) : CHAPTER_KINDS.has(provision.kind);
    if (!fits)
      throw new ServiceError("invalid", "error.invalidInput", { scope: "api.scopeMismatch" });
    // participation: the quote must be exactly that span of the provision's text.
    if (
      body.quote &&
      (body.quote.end > provision.text.length ||
        provision.text.slice(body.quote.start, body.quote.end) !== body.quote.text)
    ) {
      throw new ServiceError("invalid", "error.invalidInput", { quote: "api.quoteMismatch" });
    }
  } else if (body.quote) {
    // participation: a quote needs a provision to quote from.
    throw new ServiceError("invalid", "error.invalidInput", { quote: "api.quoteMismatch" });
  }
  // Moderation hook (services/moderation.ts): a sensitive word sends the opinion to the queue.
  const heldWords = await heldWordsFor(db, body.body, body.proposedText);
  return {
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
    author_user_id: userId,
    author_name: body.author?.name?.trim() || null,
    author_region: body.author?.region?.trim() || null,
    respondent_type: body.author?.respondentType ?? "individual",
    status:
      consultation.moderation === "pre" || heldWords
        ? ("pending" as const)
        : ("published" as const),
    held_words: heldWords,
  };
}

// The one-statement path (issue 13, bench/opinions.ts). The checks above need the consultation
// and the provision, which the full path reads in one query before it stores in another; under a
// crowd that is two statements per opinion, each a round trip that costs the server more CPU than
// the opinion itself. Here the consultation's facts come from a short-lived copy (the provision's
// never change: versions are immutable), the opinion is checked against them, and it is stored
// with its kept answer in a statement shared with the other submissions of the moment
// (db/batch.ts). That statement checks the consultation again as it is in the database — open at
// `now`, online, anonymous allowed, on the same version — and a new key, so a stale copy or a
// repeat stores nothing; such a submission, and any the copy refuses, takes the full path above,
// which answers exactly as before (the repeat's kept answer first).

const FACTS_MS = 60_000;
const FACTS_MAX = 10_000;
const factsOf = perHandle(
  (_db: Kysely<Database>) => new Map<string, { consultation: Consultation; at: number }>(),
);

/** The provision a raw body names, as prepareSubmission reads it. */
function pidOf(body: unknown): string {
  const pid = (body as { provisionPid?: unknown } | null)?.provisionPid;
  return typeof pid === "string" ? pid : "";
}

function rememberFacts(
  db: Kysely<Database>,
  consultationId: string,
  pid: string,
  consultation: Consultation,
) {
  const facts = factsOf(db);
  if (facts.size >= FACTS_MAX) facts.clear();
  facts.set(`${consultationId} ${pid}`, { consultation, at: Date.now() });
}

/** A submission checked on the one-statement path, ready to store. */
export interface QuickOpinion {
  values: OpinionValues;
  now: Date;
}

/**
 * Checks an anonymous submission against the remembered facts of its consultation: its row, or
 * null when they are not remembered or they refuse it (the full path then decides, in order).
 */
export async function checkQuickOpinion(
  db: Kysely<Database>,
  input: { consultationId: string; body: unknown; now?: Date },
): Promise<QuickOpinion | null> {
  const now = input.now ?? new Date();
  const facts = factsOf(db).get(`${input.consultationId} ${pidOf(input.body)}`);
  if (!facts || Date.now() - facts.at > FACTS_MS) return null;
  try {
    const parsed = OpinionBody.safeParse(input.body);
    return { values: await checkOpinion(db, facts.consultation, parsed, null, now), now };
  } catch (error) {
    if (isServiceError(error)) return null;
    throw error;
  }
}

interface QuickRow {
  opinion: NewOpinion;
  scope: string;
  answer: OpinionReceipt;
  now: Date;
}

/** Stores a batch of checked opinions in one statement; answers whether each was stored. */
async function storeQuickRows(db: Kysely<Database>, rows: QuickRow[]): Promise<boolean[]> {
  // One key twice in a batch: the first goes; the second takes the full path (a repeat).
  const keys = new Set<string>();
  const sent = rows.filter((r) => {
    const id = `${r.scope} ${r.opinion.idempotency_key}`;
    if (keys.has(id)) return false;
    keys.add(id);
    return true;
  });
  const records = sent.map((r) => ({
    ...r.opinion,
    kept_scope: r.scope,
    answer: r.answer,
    at: r.now.toISOString(),
  }));
  const stored = new Set(
    (
      await sql<{ id: string }>`
        WITH r AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS r (
            id text, consultation_id text, version_id text, provision_pid text, scope text,
            body text, proposed_text text, quote_text text, quote_start int, quote_end int,
            author_name text, author_region text, respondent_type text, held_words text[],
            receipt text, lookup_code_hash text, idempotency_key text, request_hash text,
            kept_scope text, answer jsonb, at timestamptz)
        ),
        open AS (
          SELECT r.*, c.moderation FROM r
          JOIN consultations c ON c.id = r.consultation_id AND c.version_id = r.version_id
          WHERE c.opens_at <= r.at AND c.closes_at > r.at AND 'online' = ANY (c.channels)
            AND c.allow_anonymous
        ),
        kept AS (
          INSERT INTO idempotency_keys (scope, key, request_hash, status, body)
          SELECT kept_scope, idempotency_key, request_hash, 201, answer FROM open
          ON CONFLICT (scope, key) DO NOTHING
          RETURNING scope, key
        )
        INSERT INTO opinions (id, consultation_id, version_id, provision_pid, scope, body,
          proposed_text, quote_text, quote_start, quote_end, channel, author_name, author_region,
          respondent_type, status, held_words, receipt, lookup_code_hash, idempotency_key,
          request_hash)
        SELECT o.id, o.consultation_id, o.version_id, o.provision_pid, o.scope, o.body,
          o.proposed_text, o.quote_text, o.quote_start, o.quote_end, 'online', o.author_name,
          o.author_region, o.respondent_type,
          CASE WHEN o.moderation = 'pre' OR o.held_words IS NOT NULL THEN 'pending'
            ELSE 'published' END,
          o.held_words, o.receipt, o.lookup_code_hash, o.idempotency_key, o.request_hash
        FROM open o JOIN kept k ON k.scope = o.kept_scope AND k.key = o.idempotency_key
        RETURNING id
      `.execute(db)
    ).rows.map((r) => r.id),
  );
  return rows.map((r) => stored.has(r.opinion.id!));
}

const quickStore = perHandle((db: Kysely<Database>) =>
  batcher<QuickRow, boolean>((rows) => storeQuickRows(db, rows)),
);

/**
 * Stores a checked anonymous opinion with its kept answer; the receipt once committed, or null
 * when nothing was stored (the key is taken, or the consultation changed): the caller then takes
 * the full path. A failed statement (the database, or another opinion of the batch) gives null
 * too, so each of its opinions is tried again on its own.
 */
export async function storeQuickOpinion(
  db: Kysely<Database>,
  quick: QuickOpinion,
  input: { consultationId: string; key: string; hash: string },
): Promise<OpinionReceipt | null> {
  const lookupCode = randomCode(8);
  const answer: OpinionReceipt = { id: randomUUID(), receipt: newReceipt(quick.now), lookupCode };
  const opinion: NewOpinion = {
    ...quick.values,
    id: answer.id,
    receipt: answer.receipt,
    lookup_code_hash: hashLookupCode(lookupCode),
    idempotency_key: input.key,
    request_hash: input.hash,
  };
  const kept = await quickStore(db)({
    opinion,
    scope: `opinion:${input.consultationId}`,
    answer,
    now: quick.now,
  }).catch(() => false);
  if (!kept) return null;
  (globalThis as StoredHolder)[STORED]?.();
  return answer;
}
