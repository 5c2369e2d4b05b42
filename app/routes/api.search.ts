import { readSearchParams, siteSearch } from "../../services/search.ts";
import { SEARCH_RETRY_AFTER_SECONDS, SearchUnavailableError } from "../../search/engine.ts";
import { documentKinds } from "../../search/types.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { apiError } from "../lib/api.server.ts";
import { SearchQuery } from "../lib/forms.ts";
import type { Route } from "./+types/api.search";

/**
 * GET /api/v1/search?q=&kind=&bill=&version=&limit=&next= — bills, articles and opinions the
 * caller may see, ranked, with snippets and facets (CONTRACTS.md).
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const q = SearchQuery.safeParse(url.searchParams.get("q") ?? "");
  if (!q.success) {
    const key = q.error.issues[0]!.message as "search.queryTooLong" | "error.badCharacters";
    return apiError(request, 400, "bad_request", key, { q: key });
  }
  const params = readSearchParams(url);
  if (!params.q)
    return apiError(request, 400, "bad_request", "search.emptyQuery", { q: "search.emptyQuery" });
  const kind = url.searchParams.get("kind");
  if (kind && !(documentKinds as readonly string[]).includes(kind))
    return apiError(request, 400, "bad_request", "search.badKind", { kind: "search.badKind" });
  const limit = Math.min(100, Math.max(1, Number(url.searchParams.get("limit") ?? 20) || 20));
  let offset = 0;
  const next = url.searchParams.get("next");
  if (next) {
    offset = Number(Buffer.from(next, "base64url").toString());
    if (!Number.isInteger(offset) || offset < 0 || offset > 100_000)
      return apiError(request, 400, "bad_request", "error.invalidInput", {
        next: "error.invalidInput",
      });
  }
  const user = await getCurrentUser(request, context);
  let result;
  try {
    ({ result } = await siteSearch(context, user, params, { offset, limit }));
  } catch (error) {
    if (!(error instanceof SearchUnavailableError)) throw error;
    return apiError(request, 503, "search_unavailable", "search.unavailable", undefined, {
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
