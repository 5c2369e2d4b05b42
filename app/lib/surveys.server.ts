import { hitRateLimit, refundRateLimit } from "../../db/queries/rate-limits.ts";
import type { AppContext } from "../context.ts";

// What the survey pages' form posts share: the public answer limit, and reading a form's
// answers (fields named q-<question id>, a checkbox group posting one value per box).

/** Answers per address and per account in a window, like opinions and proposals. */
export const SURVEY_LIMIT = { hits: 20, windowSeconds: 600 } as const;

const keysOf = (ctx: AppContext, userId: string | null) => [
  `survey:ip:${ctx.clientIp}`,
  ...(userId ? [`survey:user:${userId}`] : []),
];

/** Counts one answer; the seconds to wait when over the limit, else null. */
export async function surveyRateLimit(
  ctx: AppContext,
  userId: string | null,
): Promise<number | null> {
  if (!ctx.rateLimit) return null;
  for (const key of keysOf(ctx, userId)) {
    const hit = await hitRateLimit(ctx.db, key, SURVEY_LIMIT.hits, SURVEY_LIMIT.windowSeconds);
    if (!hit.allowed) return hit.retryAfter;
  }
  return null;
}

/** Takes back the count of a repeat (a replay under the same key does not count). */
export async function refundSurveyRateLimit(ctx: AppContext, userId: string | null) {
  if (!ctx.rateLimit) return;
  for (const key of keysOf(ctx, userId))
    await refundRateLimit(ctx.db, key, SURVEY_LIMIT.windowSeconds);
}

/** The answers of a form post, by question id (every q-<id> field, all its values). */
export function answersFromForm(form: FormData): Record<string, string[]> {
  const answers: Record<string, string[]> = {};
  for (const [name, value] of form) {
    if (!name.startsWith("q-") || typeof value !== "string") continue;
    const id = name.slice(2);
    if (!/^[0-9a-f-]{36}$/i.test(id)) continue;
    (answers[id] ??= []).push(value);
  }
  return answers;
}
