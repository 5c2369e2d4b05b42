import { data } from "react-router";
import {
  getSurveyForResults,
  listResultQuestions,
  responsesForExport,
} from "../../db/queries/survey-results.ts";
import {
  surveyResponsesCsv,
  surveyResponsesXlsx,
} from "../../services/documents/survey-results-files.ts";
import { ResultFilterQuery, resultFilter } from "../../services/survey-results.ts";
import { requireRole } from "../auth/permissions.server.ts";
import { requestTranslator } from "../i18n/index.ts";
import { readQuery } from "../lib/forms.ts";
import type { Route } from "./+types/survey-results-export";

const files = ["export.csv", "export.xlsx"] as const;

/**
 * Downloads a survey's responses (CSV or XLSX), one row per counted response and one column per
 * question, for the drafters (and admins) of its legislature alone, whether or not the results
 * are published: the written answers and paper provenance are internal. The page's filter
 * (channel, contact point, respondent type) applies.
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const file = files.find((f) => f === params.file);
  if (!file) throw data({ message: t("error.notFound") }, { status: 404 });
  const survey = await getSurveyForResults(context.db, params.surveyId);
  if (!survey) throw data({ message: t("surveyResults.notFound") }, { status: 404 });
  await requireRole(request, context, ["drafter", "admin"], survey.organizationId);
  const filter = resultFilter(readQuery(ResultFilterQuery, request));
  const questions = await listResultQuestions(context.db, survey.id);
  const pages = responsesForExport(context.db, survey.id, filter);
  const options = { t, timeZone: context.timeZone };
  const ext = file.split(".")[1]!;
  const headers = {
    "Content-Disposition": `attachment; filename="survey-responses.${ext}"; filename*=UTF-8''${encodeURIComponent(`${survey.title}.${ext}`)}`,
    "Cache-Control": "private, no-store",
  };
  if (file === "export.csv")
    return new Response(await surveyResponsesCsv(pages, questions, options), {
      headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" },
    });
  return new Response(new Uint8Array(await surveyResponsesXlsx(pages, questions, options)), {
    headers: {
      ...headers,
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    },
  });
}
