import { z } from "zod";
import { listPublicSurveys } from "../../db/queries/surveys.ts";
import { answerApi } from "../lib/errors.ts";
import { readQuery } from "../lib/forms.ts";
import { Limit, TimeCursor, cursorAfter } from "../lib/proposal-cursor.ts";
import type { Route } from "./+types/api.surveys";

const ListQuery = z.object({
  limit: Limit,
  status: z.enum(["open", "closed", "upcoming"], "error.invalidInput").optional(),
  bill: z.string().uuid("error.invalidInput").optional(),
  next: TimeCursor.optional(),
});

/**
 * GET /api/v1/surveys — published surveys (调研 and 评估 questionnaires), latest deadline first
 * (CONTRACTS.md). Public data only: the survey's terms and its question count, never a
 * respondent or an answer.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  return answerApi(request, async () => {
    const query = readQuery(ListQuery, request, { api: true });
    const rows = await listPublicSurveys(context.db, {
      ...(query.status ? { status: query.status } : {}),
      ...(query.bill ? { billId: query.bill } : {}),
      ...(query.next ? { after: query.next } : {}),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return Response.json({
      items: page.map((s) => ({
        id: s.id,
        title: s.title,
        description: s.description,
        purpose: s.purpose,
        billId: s.billId,
        projectId: s.projectId,
        versionId: s.versionId,
        organizationName: s.organizationName,
        audience: s.audience,
        onePerPerson: s.onePerPerson,
        opensAt: s.opensAt.toISOString(),
        closesAt: s.closesAt.toISOString(),
        publishedAt: s.publishedAt.toISOString(),
        resultsPublishedAt: s.resultsPublishedAt ? s.resultsPublishedAt.toISOString() : null,
        status: s.status,
        questions: s.questions,
      })),
      next: rows.length > query.limit && last ? cursorAfter(last.closesAt, last.id) : null,
    });
  });
}
