import { z } from "zod";
import { listPlanProjects, listPublishedPlans } from "../../db/queries/proposals.ts";
import { answerApi } from "../lib/errors.ts";
import { readQuery } from "../lib/forms.ts";
import { Limit, YearCursor, cursorAfter } from "../lib/proposal-cursor.ts";
import type { Route } from "./+types/api.legislative-plans";

const ListQuery = z.object({ limit: Limit, next: YearCursor.optional() });

/**
 * GET /api/v1/legislative-plans — published annual plans (年度立法计划), newest year first, each
 * with its projects, the bill drafting each, and the published proposals it came from.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  return answerApi(request, async () => {
    const query = readQuery(ListQuery, request, { api: true });
    const rows = await listPublishedPlans(context.db, {
      ...(query.next ? { after: query.next } : {}),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const items = await Promise.all(
      page.map(async (plan) => ({
        id: plan.id,
        organizationId: plan.organization_id,
        year: plan.year,
        title: plan.title,
        note: plan.note,
        publishedAt: new Date(plan.published_at!).toISOString(),
        projects: (await listPlanProjects(context.db, plan.id)).map((pj) => ({
          id: pj.id,
          title: pj.title,
          category: pj.category,
          sponsor: pj.sponsor,
          billId: pj.billId,
          proposalIds: pj.proposals.map((p) => p.id),
        })),
      })),
    );
    return Response.json({
      items,
      next: rows.length > query.limit && last ? cursorAfter(last.year, last.id) : null,
    });
  });
}
