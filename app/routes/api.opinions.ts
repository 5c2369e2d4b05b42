import { sql } from "kysely";
import {
  prepareSubmission,
  replayOf,
  requestHash,
  submitOpinion,
} from "../../services/opinions.ts";
import { hasBadCharacterInLine, jsonProblem } from "../../services/input.ts";
import { CSRF_HEADER } from "../auth/csrf.server.ts";
import { opinionRateLimit } from "../auth/opinion-limit.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { maskName } from "../lib/forms.ts";
import { apiError, sendAnswer } from "../lib/api.server.ts";
import type { Route } from "./+types/api.opinions";

/** GET /api/v1/consultations/:id/opinions?provision=:pid — published opinions, newest first. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const limit = Math.min(100, Math.max(1, Number(url.searchParams.get("limit") ?? 50) || 50));
  const provision = url.searchParams.get("provision");
  const cursor = url.searchParams.get("next");
  if (!/^[0-9a-f-]{36}$/i.test(params.id))
    return apiError(request, 404, "not_found", "consultation.notFound");
  // A pid is short plain text; anything else cannot name a provision (and NUL broke the query).
  if (provision !== null && (provision.length > 64 || hasBadCharacterInLine(provision)))
    return apiError(request, 400, "bad_request", "error.invalidInput", {
      provision: "error.invalidInput",
    });
  const consultation = await context.db
    .selectFrom("consultations")
    .select("id")
    .where("id", "=", params.id)
    .executeTakeFirst();
  if (!consultation) return apiError(request, 404, "not_found", "consultation.notFound");
  let q = context.db
    .selectFrom("opinions as o")
    .leftJoin("dispositions as d", "d.opinion_id", "o.id")
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
      eb
        .selectFrom("supports as s")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("s.opinion_id", "=", "o.id")
        .as("supports"),
    ])
    .where("o.consultation_id", "=", consultation.id)
    .where("o.status", "=", "published");
  if (provision) q = q.where("o.provision_pid", "=", provision);
  if (cursor) {
    const [time, id] = Buffer.from(cursor, "base64url").toString().split("|");
    if (
      !time ||
      !id ||
      !/^\d{4}-\d\d-\d\dT/.test(time) ||
      Number.isNaN(Date.parse(time)) ||
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
    )
      return apiError(request, 400, "bad_request", "error.invalidInput", {
        next: "error.invalidInput",
      });
    q = q.where((eb) =>
      eb.or([
        eb("o.created_at", "<", new Date(time)),
        eb.and([eb("o.created_at", "=", new Date(time)), eb("o.id", "<", id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy("o.created_at", "desc")
    .orderBy("o.id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return Response.json({
    opinions: page.map((o) => ({
      id: o.id,
      provisionPid: o.provision_pid,
      body: o.body,
      proposedText: o.proposed_text,
      channel: o.channel,
      contactPointId: o.contact_point_id,
      author: {
        name: maskName(o.author_name),
        region: o.author_region,
        respondentType: o.respondent_type,
      },
      createdAt: new Date(o.created_at).toISOString(),
      supports: Number(o.supports ?? 0),
      ...(o.code ? { disposition: { code: o.code, reason: o.reason } } : {}),
    })),
    next:
      rows.length > limit && last
        ? Buffer.from(`${new Date(last.created_at).toISOString()}|${last.id}`).toString("base64url")
        : null,
  });
}

/** POST /api/v1/consultations/:id/opinions — one opinion, with an Idempotency-Key. */
export async function action({ request, params, context }: Route.ActionArgs) {
  if (request.method !== "POST")
    return apiError(request, 405, "method_not_allowed", "error.invalidInput");
  const key = request.headers.get("Idempotency-Key")?.trim();
  if (!key) return apiError(request, 400, "idempotency_key_required", "api.idempotencyKeyRequired");
  if (key.length > 200 || hasBadCharacterInLine(key))
    return apiError(request, 400, "invalid_idempotency_key", "api.idempotencyKeyInvalid");
  const raw = await request.text();
  // Before the hash, which recurses over the value: too deep a nesting overflowed the stack, and a
  // NUL in a field reached the database. (The server refuses both before the route too.)
  const problem = jsonProblem(raw);
  if (problem === "too_deep") return apiError(request, 400, "too_deep", "api.tooDeep");
  if (problem === "bad_character")
    return apiError(request, 400, "bad_characters", "error.badCharacters");
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined;
  }
  const hash = requestHash(body === undefined ? { raw } : body);
  // A repeat gets the first answer, before any other check (and does not count as a request).
  // (One query reads the kept answer with the consultation and provision submitOpinion needs.)
  const prepared = await prepareSubmission(context.db, params.id, key, body);
  const replay = replayOf(prepared, hash);
  if (replay !== "new") return sendAnswer(request, replay);
  if (body === undefined) return apiError(request, 400, "invalid_json", "api.invalidJson");

  // With the session cookie the request is the signed-in user's, and must carry the CSRF token.
  let userId: string | null = null;
  if (/(?:^|;\s*)kaimen_session=/.test(request.headers.get("Cookie") ?? "")) {
    if (request.headers.get(CSRF_HEADER) !== context.csrfToken)
      return apiError(request, 403, "csrf", "error.csrf");
    userId = (await getCurrentUser(request, context))?.id ?? null;
  }
  const wait = await opinionRateLimit(context, userId);
  if (wait !== null) {
    return apiError(request, 429, "rate_limited", "api.rateLimited", undefined, {
      "Retry-After": String(wait),
    });
  }
  return sendAnswer(
    request,
    await submitOpinion(context.db, {
      consultationId: params.id,
      key,
      hash,
      body,
      userId,
      prepared,
    }),
  );
}
