import { getBill, listVersions } from "../../db/queries/versions.ts";
import { compareVersions } from "../../services/comparison.ts";
import { apiError } from "../lib/api.server.ts";
import type { Route } from "./+types/api.compare";

/** GET /api/v1/bills/:billId/compare?from=&to= — the compare rows of CONTRACTS.md. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const bill = await getBill(context.db, params.billId);
  if (!bill) return apiError(request, 404, "not_found", "bill.notFound");
  const url = new URL(request.url);
  const from = url.searchParams.get("from");
  const to = url.searchParams.get("to");
  if (!from || !to) {
    const fields: Record<string, string> = {};
    if (!from) fields.from = "error.required";
    if (!to) fields.to = "error.required";
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
