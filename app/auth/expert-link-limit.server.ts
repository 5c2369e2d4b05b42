import { data } from "react-router";
import { hitRateLimit, refundRateLimit } from "../../db/queries/rate-limits.ts";
import type { AppContext } from "../context.ts";
import { requestTranslator } from "../i18n/index.ts";

/** Failed openings of an expert's private link per address in a window: 20 in 10 minutes. */
export const EXPERT_LINK_LIMIT = { hits: 20, windowSeconds: 600 } as const;

const keyOf = (ctx: AppContext) => `expert-link:ip:${ctx.clientIp}`;

/**
 * Counts an attempt on a private link before the token is looked up, and refuses with 429 once
 * the address is over the limit, whatever the token: an address guessing tokens learns nothing
 * more after its limit, even of a right one. Call `forgive` when the token opened an
 * invitation, so an expert at work on their answers never runs into the limit.
 */
export async function countLinkAttempt(
  request: Request,
  ctx: AppContext,
): Promise<{ forgive: () => Promise<void> }> {
  if (!ctx.rateLimit) return { forgive: async () => {} };
  const { hits, windowSeconds } = EXPERT_LINK_LIMIT;
  const result = await hitRateLimit(ctx.db, keyOf(ctx), hits, windowSeconds);
  if (!result.allowed) {
    const t = requestTranslator(request);
    throw data(
      { message: t("error.rateLimited", { seconds: result.retryAfter }) },
      { status: 429, headers: { "Retry-After": String(result.retryAfter) } },
    );
  }
  return { forgive: () => refundRateLimit(ctx.db, keyOf(ctx), windowSeconds) };
}
