import { data } from "react-router";
import { hitRateLimit } from "../../db/queries/rate-limits.ts";
import type { AppContext } from "../context.ts";
import { requestTranslator } from "../i18n/index.ts";

/** Public write limits: [hits, window in seconds]. */
export const limits = {
  signIn: [10, 300],
  signUp: [5, 3600],
} as const satisfies Record<string, readonly [number, number]>;

/** Counts a hit for this address and throws 429 with Retry-After when over the limit. */
export async function enforceRateLimit(
  request: Request,
  ctx: AppContext,
  name: keyof typeof limits,
): Promise<void> {
  if (!ctx.rateLimit) return;
  const [limit, windowSeconds] = limits[name];
  const result = await hitRateLimit(ctx.db, `${name}:ip:${ctx.clientIp}`, limit, windowSeconds);
  if (result.allowed) return;
  const t = requestTranslator(request);
  throw data(
    { message: t("error.rateLimited", { seconds: result.retryAfter }) },
    { status: 429, headers: { "Retry-After": String(result.retryAfter) } },
  );
}
