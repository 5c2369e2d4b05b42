import { z } from "zod";
import { SearchParamsSchema, siteSearch } from "../../services/search.ts";
import { SEARCH_RETRY_AFTER_SECONDS, SearchUnavailableError } from "../../search/engine.ts";
import { documentKinds } from "../../search/types.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { ServiceError } from "../../services/errors.ts";
import { apiErrorResponse } from "../lib/errors.ts";
import { readQuery, SearchQuery } from "../lib/forms.ts";
import type { Route } from "./+types/api.search";

/**
 * The API's query string: a search (required), its filters (an unknown kind is refused, other
 * unknown filter values are dropped), a page size, and the opaque cursor of the next page.
 */
const ApiSearchQuery = SearchParamsSchema.extend({
  q: z.preprocess((q) => q ?? "", SearchQuery.min(1, "search.emptyQuery")),
  kind: z.enum(documentKinds, "search.badKind").optional(),
  limit: z.coerce
    .number()
    .catch(20)
    .transform((n) => Math.min(100, Math.max(1, n || 20))),
  next: z
    .string()
    .optional()
    .transform((next, ctx) => {
      if (!next) return 0;
      const offset = Number(Buffer.from(next, "base64url").toString());
      if (Number.isInteger(offset) && offset >= 0 && offset <= 100_000) return offset;
      ctx.addIssue({ code: "custom", message: "error.invalidInput" });
      return z.NEVER;
    }),
});

/**
 * GET /api/v1/search?q=&kind=&bill=&version=&limit=&next= — bills, articles and opinions the
 * caller may see, ranked, with snippets and facets (CONTRACTS.md).
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { limit, next: offset, ...params } = readQuery(ApiSearchQuery, request, { api: true });
  const user = await getCurrentUser(request, context);
  let result;
  try {
    ({ result } = await siteSearch(context, user, params, { offset, limit }));
  } catch (error) {
    if (!(error instanceof SearchUnavailableError)) throw error;
    return apiErrorResponse(request, new ServiceError("search_unavailable", "search.unavailable"), {
      "Retry-After": String(SEARCH_RETRY_AFTER_SECONDS),
      "Cache-Control": "no-store",
    });
  }
  const more = offset + result.hits.length < result.total && result.hits.length === limit;
  return Response.json(
    {
      hits: result.hits.map(({ document: d, snippet, highlights }) => ({
        kind: d.kind,
        id: d.kind === "provision" ? `${d.versionId}/${d.pid}` : d.entityId,
        billId: d.billId,
        ...(d.versionId ? { versionId: d.versionId } : {}),
        ...(d.pid ? { pid: d.pid } : {}),
        ...(d.number !== null ? { number: d.number } : {}),
        text: d.text,
        snippet,
        highlights,
      })),
      total: result.total,
      totalIsEstimate: result.totalIsEstimate,
      facets: result.facets,
      next: more ? Buffer.from(String(offset + limit)).toString("base64url") : null,
    },
    { headers: { "Cache-Control": user ? "private, no-store" : "no-store" } },
  );
}
