import { z } from "zod";
import { consultationExists } from "../../db/queries/consultations.ts";
import { listPublishedOpinionsPage, prepareSubmission } from "../../db/queries/opinions.ts";
import { ServiceError } from "../../services/errors.ts";
import { hasBadCharacterInLine, jsonProblem } from "../../services/input.ts";
import {
  checkQuickOpinion,
  type OpinionReceipt,
  replayOf,
  requestHash,
  storeQuickOpinion,
  submitOpinion,
} from "../../services/opinions.ts";
import { CSRF_HEADER } from "../auth/csrf.server.ts";
import { opinionRateLimit, refundOpinionRateLimit } from "../auth/opinion-limit.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { answerApi, apiErrorResponse } from "../lib/errors.ts";
import { maskName, readQuery, textLine } from "../lib/forms.ts";
import type { Route } from "./+types/api.opinions";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page cursor: base64url of "createdAt|id" of the last opinion of the page before. */
const Cursor = z.string().transform((value, ctx) => {
  const [time, id] = Buffer.from(value, "base64url").toString().split("|");
  if (
    !time ||
    !id ||
    !/^\d{4}-\d\d-\d\dT/.test(time) ||
    Number.isNaN(Date.parse(time)) ||
    !UUID.test(id)
  ) {
    ctx.addIssue({ code: "custom", message: "error.invalidInput" });
    return z.NEVER;
  }
  return { createdAt: new Date(time), id };
});

const ListQuery = z.object({
  // Lenient as it always was: anything not a number is the default, and it is kept in 1..100.
  limit: z
    .string()
    .optional()
    .transform((v) => Math.min(100, Math.max(1, Number(v ?? 50) || 50))),
  // A pid is short plain text; anything else cannot name a provision (and NUL broke the query).
  provision: textLine().max(64, "error.invalidInput").optional(),
  next: Cursor.optional(),
});

/** GET /api/v1/consultations/:id/opinions?provision=:pid — published opinions, newest first. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  return answerApi(request, async () => {
    if (!UUID.test(params.id)) throw new ServiceError("not_found", "consultation.notFound");
    const query = readQuery(ListQuery, request, { api: true });
    if (!(await consultationExists(context.db, params.id)))
      throw new ServiceError("not_found", "consultation.notFound");
    const rows = await listPublishedOpinionsPage(context.db, params.id, {
      ...(query.provision ? { provisionPid: query.provision } : {}),
      ...(query.next ? { after: query.next } : {}),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
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
        rows.length > query.limit && last
          ? Buffer.from(`${new Date(last.created_at).toISOString()}|${last.id}`).toString(
              "base64url",
            )
          : null,
    });
  });
}

/** What the one-statement path reads of a request (the server gives it without a web Request). */
interface QuickRequest {
  consultationId: string;
  key: string | null | undefined;
  /** The body as text. */
  raw: string;
  cookie: string | null | undefined;
}

const SESSION_COOKIE = /(?:^|;\s*)kaimen_session=/;

/**
 * The common case in one shared statement (services/opinions.ts, "the one-statement path"): an
 * anonymous opinion under a usable key that the remembered facts of its consultation accept,
 * within the limit, under a key not used before. Its receipt once stored, or null: the action's
 * full path then answers, in the contract's order. A count taken here for a request that is not
 * stored (a repeat is found only when its key is taken) is given back before null, so the full
 * path counts a request once, and a repeat not at all.
 */
async function quickOpinion(
  input: QuickRequest,
  context: Route.ActionArgs["context"],
): Promise<OpinionReceipt | null> {
  const key = input.key?.trim();
  if (!key || key.length > 200 || hasBadCharacterInLine(key)) return null;
  if (SESSION_COOKIE.test(input.cookie ?? "") || jsonProblem(input.raw)) return null;
  let body: unknown;
  try {
    body = JSON.parse(input.raw);
  } catch {
    return null;
  }
  const quick = await checkQuickOpinion(context.db, { consultationId: input.consultationId, body });
  if (!quick) return null;
  if ((await opinionRateLimit(context, null)) === null) {
    const receipt = await storeQuickOpinion(context.db, quick, {
      consultationId: input.consultationId,
      key,
      hash: requestHash(body),
    });
    if (receipt) return receipt;
  }
  await refundOpinionRateLimit(context, null);
  return null;
}

/** POST /api/v1/consultations/:id/opinions — one opinion, with an Idempotency-Key. */
async function postOpinion(args: Route.ActionArgs) {
  const { request, params, context } = args;
  return answerApi(request, async () => {
    if (request.method !== "POST") return submit(args);
    const raw = await request.text();
    const quick = await quickOpinion(
      {
        consultationId: params.id,
        key: request.headers.get("Idempotency-Key"),
        raw,
        cookie: request.headers.get("Cookie"),
      },
      context,
    );
    if (quick) return Response.json(quick, { status: 201 });
    return submit(args, raw);
  });
}

/**
 * The action, carrying its two halves for the server's direct route (server/server.ts): `quick`
 * takes what it needs from Express's request without a web Request, and `afterQuick` is the
 * full path alone, for when `quick` declined. They ride on the action rather than being exports
 * of their own, because React Router keeps a route module's other exports in the client bundle,
 * and strips the action (with all it alone uses) from it.
 */
export const action = Object.assign(postOpinion, {
  quick: quickOpinion,
  afterQuick: (args: Route.ActionArgs) => answerApi(args.request, () => submit(args)),
});

/** The full path: every check in the contract's order, the kept answer first. */
async function submit({ request, params, context }: Route.ActionArgs, text?: string) {
  if (request.method !== "POST") throw new ServiceError("method_not_allowed", "error.invalidInput");
  const key = request.headers.get("Idempotency-Key")?.trim();
  if (!key) throw new ServiceError("idempotency_key_required", "api.idempotencyKeyRequired");
  if (key.length > 200 || hasBadCharacterInLine(key))
    throw new ServiceError("invalid_idempotency_key", "api.idempotencyKeyInvalid");
  const raw = text ?? (await request.text());
  // Before the hash, which recurses over the value: too deep a nesting overflowed the stack,
  // and a NUL in a field reached the database. (The server refuses both before the route too.)
  const problem = jsonProblem(raw);
  if (problem === "too_deep") throw new ServiceError("too_deep", "api.tooDeep");
  if (problem === "bad_character") throw new ServiceError("bad_characters", "error.badCharacters");
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
  if (replay !== "new") return Response.json(replay, { status: 201 });
  if (body === undefined) throw new ServiceError("invalid_json", "api.invalidJson");

  // With the session cookie the request is the signed-in user's, and must carry the CSRF token.
  let userId: string | null = null;
  if (SESSION_COOKIE.test(request.headers.get("Cookie") ?? "")) {
    if (request.headers.get(CSRF_HEADER) !== context.csrfToken)
      throw new ServiceError("csrf", "error.csrf");
    userId = (await getCurrentUser(request, context))?.id ?? null;
  }
  const wait = await opinionRateLimit(context, userId);
  if (wait !== null) {
    return apiErrorResponse(request, new ServiceError("rate_limited", "api.rateLimited"), {
      "Retry-After": String(wait),
    });
  }
  const receipt = await submitOpinion(context.db, {
    consultationId: params.id,
    key,
    hash,
    body,
    userId,
    prepared,
  });
  return Response.json(receipt, { status: 201 });
}
