import { data } from "react-router";
import { hitRateLimit, type RateLimitResult } from "../../db/queries/rate-limits.ts";
import type { AppContext } from "../context.ts";
import { requestTranslator } from "../i18n/index.ts";

/** Public limits per client address: [hits, window in seconds]. Sign-in has its own, per account and per address (sign-in-limits.server.ts). */
export const limits = {
  signUp: [5, 3600],
  // The lookup form and the lookup API share one counter: a receipt's code is guessed as well
  // through either.
  lookup: [30, 600],
} as const satisfies Record<string, readonly [number, number]>;

/** Counts a hit for this address; the result, or null when limits are off. */
function countHit(ctx: AppContext, name: keyof typeof limits): Promise<RateLimitResult> | null {
  if (!ctx.rateLimit) return null;
  const [limit, windowSeconds] = limits[name];
  return hitRateLimit(ctx.db, `${name}:ip:${ctx.clientIp}`, limit, windowSeconds);
}

/** Counts a hit for this address and throws 429 with Retry-After when over the limit. */
export async function enforceRateLimit(
  request: Request,
  ctx: AppContext,
  name: keyof typeof limits,
): Promise<void> {
  const result = await countHit(ctx, name);
  if (!result || result.allowed) return;
  const t = requestTranslator(request);
  throw data(
    { message: t("error.rateLimited", { seconds: result.retryAfter }) },
    { status: 429, headers: { "Retry-After": String(result.retryAfter) } },
  );
}

/**
 * The API's side of the same limits: counts a hit and gives the 429 answer in the API's error
 * shape (with Retry-After), or null within the limit.
 */
export async function apiRateLimit(
  request: Request,
  ctx: AppContext,
  name: keyof typeof limits,
): Promise<Response | null> {
  const result = await countHit(ctx, name);
  if (!result || result.allowed) return null;
  const t = requestTranslator(request);
  return Response.json(
    {
      error: {
        code: "rate_limited",
        message: t("error.rateLimited", { seconds: result.retryAfter }),
      },
    },
    { status: 429, headers: { "Retry-After": String(result.retryAfter) } },
  );
}
