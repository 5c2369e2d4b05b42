import { z } from "zod";
import { listPublishedProposals } from "../../db/queries/proposals.ts";
import { answerApi } from "../lib/errors.ts";
import { readQuery } from "../lib/forms.ts";
import { Limit, TimeCursor, cursorAfter } from "../lib/proposal-cursor.ts";
import type { Route } from "./+types/api.proposals";

const ListQuery = z.object({
  limit: Limit,
  call: z.string().uuid("error.invalidInput").optional(),
  next: TimeCursor.optional(),
});

/**
 * GET /api/v1/proposals — published project proposals, newest first (CONTRACTS.md). Public data
 * only: never the proposer's name or contact; a decision only once the plan of its year is
 * published.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  return answerApi(request, async () => {
    const query = readQuery(ListQuery, request, { api: true });
    const rows = await listPublishedProposals(context.db, {
      ...(query.call ? { callId: query.call } : {}),
      ...(query.next ? { after: query.next } : {}),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return Response.json({
      items: page.map((p) => ({
        id: p.id,
        callId: p.callId,
        year: p.year,
        title: p.title,
        reasons: p.reasons,
        problem: p.problem,
        relatedRules: p.relatedRules,
        respondentType: p.respondentType,
        contactPointId: p.contactPointId,
        createdAt: new Date(p.created_at).toISOString(),
        supports: p.supports,
        ...(p.decision
          ? {
              decision: {
                code: p.decision,
                reason: p.decisionReason ?? "",
                projectId: p.projectId,
                billId: p.billId,
              },
            }
          : {}),
      })),
      next:
        rows.length > query.limit && last ? cursorAfter(new Date(last.created_at), last.id) : null,
    });
  });
}
