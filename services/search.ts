// Search for pages and the API: who may see what (the public sees published documents; a
// drafter or administrator also sees the unpublished opinions of their own legislature), the
// filters a request may set, and the names (bill titles, contact points) that hits and facets
// show. The engine comes from the request context; when it cannot answer, the query fails with
// SearchUnavailableError, which pages and the API turn into 503 with Retry-After.

import { z } from "zod";
import { channels, dispositionCodes, respondentTypes, versionLabels } from "../db/codes.ts";
import { billTitles, contactPointNames } from "../db/queries/search.ts";
import type { UserWithRoles } from "../db/queries/users.ts";
import { engineOf, SearchUnavailableError } from "../search/engine.ts";
import type { ServiceContext } from "./context.ts";
import {
  documentKinds,
  type SearchEngine,
  type SearchFilters,
  type SearchQuery,
  type SearchResult,
} from "../search/types.ts";

/**
 * Runs one query on the engine; any failure of the engine (refused, timed out, an error answer,
 * or the embedded engine's database failing) becomes SearchUnavailableError, logged once here
 * with the engine's own message, which the client never sees.
 */
async function query(engine: SearchEngine, q: SearchQuery): Promise<SearchResult> {
  try {
    return await engine.search(q);
  } catch (error) {
    console.warn(
      JSON.stringify({
        level: "warn",
        event: "search_unavailable",
        engine: engine.name,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    throw new SearchUnavailableError(engine.name, error);
  }
}

/** The organizations whose unpublished documents this user may find. */
export function visibleOrganizations(user: UserWithRoles | null): string[] {
  if (!user) return [];
  return [
    ...new Set(
      user.memberships
        .filter((m) => m.role === "drafter" || m.role === "admin")
        .map((m) => m.organizationId),
    ),
  ];
}

const optionalId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/)
  .optional()
  .catch(undefined);

/** The query string a search page or the API accepts; unknown facet values are dropped. */
export const SearchParamsSchema = z.object({
  q: z.string().trim().max(200).default(""),
  kind: z.enum(documentKinds).optional().catch(undefined),
  bill: optionalId,
  version: optionalId,
  reading: z.enum(versionLabels).optional().catch(undefined),
  channel: z.enum(channels).optional().catch(undefined),
  contactPoint: optionalId,
  respondentType: z.enum(respondentTypes).optional().catch(undefined),
  disposition: z.enum(dispositionCodes).optional().catch(undefined),
});
export type SearchParams = z.infer<typeof SearchParamsSchema>;

/** Reads the search parameters of a URL. */
export function readSearchParams(url: URL): SearchParams {
  return SearchParamsSchema.parse(Object.fromEntries(url.searchParams));
}

/** The engine filters of a request. */
export function filtersOf(params: SearchParams, user: UserWithRoles | null): SearchFilters {
  return {
    kinds: params.kind ? [params.kind] : undefined,
    billId: params.bill,
    versionId: params.version,
    reading: params.reading,
    channel: params.channel,
    contactPointId: params.contactPoint,
    respondentType: params.respondentType,
    disposition: params.disposition,
    organizations: visibleOrganizations(user),
  };
}

/** Runs a site search for this user, with the names its hits and facets need. */
export async function siteSearch(
  ctx: Pick<ServiceContext, "db" | "search">,
  user: UserWithRoles | null,
  params: SearchParams,
  page: { offset: number; limit: number },
): Promise<{
  result: SearchResult;
  billTitles: Record<string, string>;
  contactPointNames: Record<string, string>;
}> {
  const result = await query(engineOf(ctx), {
    q: params.q,
    filters: filtersOf(params, user),
    offset: page.offset,
    limit: page.limit,
  });
  const billIds = new Set([
    ...result.hits.map((h) => h.document.billId),
    ...Object.keys(result.facets.bill),
  ]);
  const pointIds = new Set([
    ...result.hits.flatMap((h) => (h.document.contactPointId ? [h.document.contactPointId] : [])),
    ...Object.keys(result.facets.contactPoint),
  ]);
  return {
    result,
    billTitles: await billTitles(ctx.db, [...billIds]),
    contactPointNames: await contactPointNames(ctx.db, [...pointIds]),
  };
}
