import { getBill, listVersions } from "../../db/queries/versions.ts";
import { compareVersions } from "../../services/comparison.ts";
import { requestTranslator, type MessageKey } from "../i18n/index.ts";
import type { Route } from "./+types/api.compare";

function apiError(
  request: Request,
  status: number,
  code: string,
  key: MessageKey,
  fields?: Record<string, string>,
) {
  const t = requestTranslator(request);
  return Response.json(
    { error: { code, message: t(key), ...(fields ? { fields } : {}) } },
    { status },
  );
}

/** GET /api/v1/bills/:billId/compare?from=&to= — the compare rows of CONTRACTS.md. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const bill = await getBill(context.db, params.billId);
  if (!bill) return apiError(request, 404, "not_found", "bill.notFound");
  const url = new URL(request.url);
  const from = url.searchParams.get("from");
  const to = url.searchParams.get("to");
  const t = requestTranslator(request);
  if (!from || !to) {
    const fields: Record<string, string> = {};
    if (!from) fields.from = t("error.required");
    if (!to) fields.to = t("error.required");
    return apiError(request, 400, "bad_request", "compare.badVersions", fields);
  }
  const versions = await listVersions(context.db, bill.id);
  if (!versions.some((v) => v.id === from) || !versions.some((v) => v.id === to)) {
    return apiError(request, 404, "not_found", "bill.versionNotFound");
  }
  if (from === to) return apiError(request, 400, "bad_request", "compare.badVersions");
  const result = await compareVersions(context.db, from, to, context.compare);
  return Response.json(result, { headers: { "Cache-Control": "public, max-age=3600" } });
}
