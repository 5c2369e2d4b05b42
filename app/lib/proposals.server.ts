import { data, redirect } from "react-router";
import { z } from "zod";
import { hitRateLimit } from "../../db/queries/rate-limits.ts";
import { supportProposal } from "../../services/proposals.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import type { AppContext } from "../context.ts";

// The public writes of 立法项目建议征集 shared by its pages: the submission limit and 附议.

/** Proposals (and supports) per address and per account in a window, like opinions. */
export const PROPOSAL_LIMIT = { hits: 20, windowSeconds: 600 } as const;

/** Counts one write; the seconds to wait when over the limit, else null. */
export async function proposalRateLimit(
  ctx: AppContext,
  userId: string | null,
): Promise<number | null> {
  if (!ctx.rateLimit) return null;
  const keys = [`proposal:ip:${ctx.clientIp}`, ...(userId ? [`proposal:user:${userId}`] : [])];
  for (const key of keys) {
    const hit = await hitRateLimit(ctx.db, key, PROPOSAL_LIMIT.hits, PROPOSAL_LIMIT.windowSeconds);
    if (!hit.allowed) return hit.retryAfter;
  }
  return null;
}

const SupportForm = z.object({ proposalId: z.string().uuid() });

/**
 * The 附议 form post of the list and the detail page: CSRF-checked, signed in (else off to sign
 * in and back), rate-limited; answers the outcome for the page to show.
 */
export async function supportFromForm(request: Request, context: AppContext) {
  const form = await requireCsrf(request, context);
  const user = await getCurrentUser(request, context);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const parsed = SupportForm.safeParse({ proposalId: form.get("proposalId") });
  if (!parsed.success)
    return data({ outcome: "notFound" as const, proposalId: "" }, { status: 404 });
  const wait = await proposalRateLimit(context, user.id);
  if (wait !== null)
    return data(
      { outcome: "rateLimited" as const, proposalId: parsed.data.proposalId },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  const result = await supportProposal(context.db, {
    proposalId: parsed.data.proposalId,
    userId: user.id,
    ip: context.clientIp,
  });
  return data(
    { outcome: result.outcome, proposalId: parsed.data.proposalId },
    { status: result.outcome === "notFound" ? 404 : 200 },
  );
}
