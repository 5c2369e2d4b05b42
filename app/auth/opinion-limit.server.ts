import { hitRateLimit, refundRateLimit } from "../../db/queries/rate-limits.ts";
import type { AppContext } from "../context.ts";

/** Opinions per address (and per account) in a window: 20 in 10 minutes. */
export const OPINION_LIMIT = { hits: 20, windowSeconds: 600 } as const;

const keysOf = (ctx: AppContext, userId: string | null) => [
  `opinion:ip:${ctx.clientIp}`,
  ...(userId ? [`opinion:user:${userId}`] : []),
];

/** Counts one opinion submission; returns the seconds to wait when over the limit, else null. */
export async function opinionRateLimit(
  ctx: AppContext,
  userId: string | null,
): Promise<number | null> {
  if (!ctx.rateLimit) return null;
  for (const key of keysOf(ctx, userId)) {
    const hit = await hitRateLimit(ctx.db, key, OPINION_LIMIT.hits, OPINION_LIMIT.windowSeconds);
    if (!hit.allowed) return hit.retryAfter;
  }
  return null;
}

/**
 * Takes back the count of opinionRateLimit for a submission that did not count after all (the
 * API's one-statement path counts before it learns that a request repeats a kept one).
 */
export async function refundOpinionRateLimit(ctx: AppContext, userId: string | null) {
  if (!ctx.rateLimit) return;
  for (const key of keysOf(ctx, userId))
    await refundRateLimit(ctx.db, key, OPINION_LIMIT.windowSeconds);
}
