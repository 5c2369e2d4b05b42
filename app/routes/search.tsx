import { data, Form, Link, useSearchParams } from "react-router";
import { z } from "zod";
import { SearchParamsSchema, siteSearch, type SearchParams } from "../../services/search.ts";
import { SEARCH_RETRY_AFTER_SECONDS, SearchUnavailableError } from "../../search/engine.ts";
import { facetNames, type FacetName, type SearchDocument } from "../../search/types.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { Highlighted } from "../components/highlighted.tsx";
import { isMessageKey, requestTranslator } from "../i18n/index.ts";
import { readQuery, SearchQuery } from "../lib/forms.ts";
import { useI18n } from "../lib/use-i18n.ts";
import type { Route } from "./+types/search";
import "../styles/search.css";

const PAGE = 20;

/** The URL parameter of each facet. */
const facetParam: Record<FacetName, keyof SearchParams> = {
  kind: "kind",
  bill: "bill",
  reading: "reading",
  channel: "channel",
  contactPoint: "contactPoint",
  respondentType: "respondentType",
  disposition: "disposition",
};

/** The page's query string: the search, its filters (unknown values dropped) and the page. */
const SearchPageQuery = SearchParamsSchema.extend({
  q: z.preprocess((q) => q ?? "", SearchQuery),
  page: z.coerce
    .number()
    .catch(1)
    .transform((n) => Math.min(250, Math.max(1, Math.trunc(n) || 1))),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  // Public page: the permission check is the engine filter (unpublished only for drafters).
  const { page, ...params } = readQuery(SearchPageQuery, request);
  const t = requestTranslator(request);
  const pageTitle = `${params.q || t("search.title")} · ${t("app.name")}`;
  if (!params.q) return { params, page, search: null, unavailable: false, pageTitle };
  const user = await getCurrentUser(request, context);
  try {
    const search = await siteSearch(context, user, params, {
      offset: (page - 1) * PAGE,
      limit: PAGE,
    });
    return { params, page, search, unavailable: false, pageTitle };
  } catch (error) {
    if (!(error instanceof SearchUnavailableError)) throw error;
    // The page itself still renders (site chrome and search box, to try again): only the
    // results are missing, and the status says so to clients and monitors.
    return data(
      { params, page, search: null, unavailable: true, pageTitle },
      {
        status: 503,
        headers: {
          "Retry-After": String(SEARCH_RETRY_AFTER_SECONDS),
          "Cache-Control": "no-store",
        },
      },
    );
  }
}

/** The loader's Retry-After (search unavailable) reaches the document response. */
export function headers({ loaderHeaders }: Route.HeadersArgs): Record<string, string> {
  const retryAfter = loaderHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter, "Cache-Control": "no-store" } : {};
}

function hitLink(d: SearchDocument, q: string): string {
  if (d.kind === "bill") return `/bills/${d.billId}`;
  if (d.kind === "provision") return `/bills/${d.billId}/versions/${d.versionId}#p-${d.pid}`;
  if (!d.published) return `/consultations/${d.consultationId}/handling?q=${encodeURIComponent(q)}`;
  if (d.pid) return `/bills/${d.billId}/provisions/${d.pid}`;
  return `/consultations/${d.consultationId}`;
}

export default function SearchPage({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const [urlParams] = useSearchParams();
  const { params, page, search, unavailable } = loaderData;

  const withParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(urlParams);
    next.delete("page");
    if (value === null) next.delete(name);
    else next.set(name, value);
    return `/search?${next.toString()}`;
  };
  // A facet value the catalogue does not name (an engine's stale value) shows as it is.
  const named = (key: string, value: string) => (isMessageKey(key) ? t(key) : value);
  const facetLabel = (facet: FacetName, value: string): string => {
    if (!search) return value;
    switch (facet) {
      case "kind":
        return named(`search.kind.${value}`, value);
      case "bill":
        return search.billTitles[value] ?? value;
      case "reading":
        return named(`version.${value}`, value);
      case "channel":
        return named(`channel.${value}`, value);
      case "contactPoint":
        return search.contactPointNames[value] ?? value;
      case "respondentType":
        return named(`respondent.${value}`, value);
      case "disposition":
        return named(`disposition.${value}`, value);
    }
  };
  const active = facetNames.filter((f) => params[facetParam[f]]);

  return (
    <div className="page search-page">
      <h1>{t("search.title")}</h1>
      <Form method="get" action="/search" role="search" className="search-form">
        <label htmlFor="search-q" className="visually-hidden">
          {t("search.label")}
        </label>
        <input
          id="search-q"
          type="search"
          name="q"
          defaultValue={params.q}
          placeholder={t("search.placeholder")}
          maxLength={200}
        />
        {active.map((f) => (
          <input key={f} type="hidden" name={facetParam[f]} value={String(params[facetParam[f]])} />
        ))}
        {params.version ? <input type="hidden" name="version" value={params.version} /> : null}
        <button type="submit" className="button primary">
          {t("search.submit")}
        </button>
      </Form>
      {unavailable ? (
        <div className="form-error" role="alert">
          <p>{t("search.unavailable")}</p>
        </div>
      ) : null}
      {search ? (
        // The results come first in the page, the facets after them: on a phone, one column,
        // the first result is on the first screen (it was 1,300 px down below the facets); on a
        // wide screen the grid puts the facets in the left column (search.css).
        <div className="search-layout">
          <section className="search-results" aria-labelledby="results-heading">
            <h2 id="results-heading" role="status">
              {search.result.total === 0
                ? t("search.none", { q: params.q })
                : t(search.result.totalIsEstimate ? "search.resultsEstimate" : "search.results", {
                    count: search.result.total,
                  })}
            </h2>
            {active.length || params.version ? (
              <ul className="search-active" aria-label={t("search.facets")}>
                {params.version ? (
                  <li>
                    <Link
                      to={withParam("version", null)}
                      aria-label={t("search.removeFilter", { name: t("search.inVersion") })}
                    >
                      {t("search.inVersion")} ×
                    </Link>
                  </li>
                ) : null}
                {active.map((f) => {
                  const name = facetLabel(f, String(params[facetParam[f]]));
                  return (
                    <li key={f}>
                      <Link
                        to={withParam(facetParam[f], null)}
                        aria-label={t("search.removeFilter", { name })}
                      >
                        {name} ×
                      </Link>
                    </li>
                  );
                })}
              </ul>
            ) : null}
            {search.result.total > 0 ? (
              <p className="search-to-facets">
                <a href="#facets-heading">{t("search.toFacets")}</a>
              </p>
            ) : null}
            <ol className="search-hits">
              {search.result.hits.map(({ document: d, snippet, highlights }) => {
                const bill = search.billTitles[d.billId] ?? "";
                return (
                  <li key={d.id} className="card search-hit">
                    <p className="card-tags">
                      <span className="tag">{t(`search.kind.${d.kind}`)}</span>
                      {d.reading ? (
                        <span className="tag">{named(`version.${d.reading}`, d.reading)}</span>
                      ) : null}
                      {d.channel ? (
                        <span className="tag">{named(`channel.${d.channel}`, d.channel)}</span>
                      ) : null}
                      {d.disposition ? (
                        <span className="tag">
                          {named(`disposition.${d.disposition}`, d.disposition)}
                        </span>
                      ) : null}
                      {!d.published ? (
                        <span className="tag warn">{t("search.unpublished")}</span>
                      ) : null}
                    </p>
                    <h3>
                      <Link to={hitLink(d, params.q)}>
                        {d.kind === "bill"
                          ? d.title
                          : `${bill} · ${d.label ?? t("search.wholeDraft")}`}
                      </Link>
                    </h3>
                    <p className="search-snippet">
                      <Highlighted text={snippet} ranges={highlights} />
                    </p>
                  </li>
                );
              })}
            </ol>
            <nav className="search-pages" aria-label={t("search.title")}>
              {page > 1 ? (
                <Link to={withParam("page", String(page - 1))}>{t("search.previous")}</Link>
              ) : null}
              {page * PAGE < search.result.total && search.result.hits.length === PAGE ? (
                <Link to={withParam("page", String(page + 1))}>{t("search.next")}</Link>
              ) : null}
            </nav>
          </section>
          <aside className="search-facets" aria-labelledby="facets-heading">
            <h2 id="facets-heading">{t("search.facets")}</h2>
            {facetNames.map((f) => {
              const entries = Object.entries(search.result.facets[f]).sort((a, b) => b[1] - a[1]);
              if (!entries.length || params[facetParam[f]]) return null;
              return (
                <section key={f} className="search-facet">
                  <h3>{t(`search.facet.${f}`)}</h3>
                  <ul>
                    {entries.slice(0, 12).map(([value, count]) => (
                      <li key={value}>
                        <Link to={withParam(facetParam[f], value)}>
                          {facetLabel(f, value)} <span className="muted">({count})</span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })}
          </aside>
        </div>
      ) : null}
    </div>
  );
}

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data?.pageTitle ?? "开门立法" }];
}
