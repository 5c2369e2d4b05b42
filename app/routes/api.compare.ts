import { getBill, listVersions } from "../../db/queries/versions.ts";
import { compareVersions } from "../../services/comparison.ts";
import { z } from "zod";
import { apiError } from "../lib/errors.ts";
import { parseQuery } from "../lib/forms.ts";
import type { Route } from "./+types/api.compare";

const CompareQuery = z.object({
  from: z.string("error.required").min(1, "error.required"),
  to: z.string("error.required").min(1, "error.required"),
});

/** GET /api/v1/bills/:billId/compare?from=&to= — the compare rows of CONTRACTS.md. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const bill = await getBill(context.db, params.billId);
  if (!bill) return apiError(request, "not_found", "bill.notFound");
  const query = parseQuery(CompareQuery, request);
  if (!query.ok) {
    const fields = Object.fromEntries(
      Object.entries(query.errors).flatMap(([field, key]) => (key ? [[field, key]] : [])),
    );
    return apiError(request, "bad_request", "compare.badVersions", fields);
  }
  const { from, to } = query.data;
  const versions = await listVersions(context.db, bill.id);
  if (!versions.some((v) => v.id === from) || !versions.some((v) => v.id === to)) {
    return apiError(request, "not_found", "bill.versionNotFound");
  }
  if (from === to) return apiError(request, "bad_request", "compare.badVersions");
  const result = await compareVersions(context.db, from, to, context.compare);
  return Response.json(result, { headers: { "Cache-Control": "public, max-age=3600" } });
}
