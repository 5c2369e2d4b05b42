// The embedded engine: documents live in the search_documents table of the app's own database
// (PostgreSQL or PGlite), indexed under their terms (see terms.ts) in a GIN index over a
// tsvector. A query is answered in one statement:
//   1. candidates: documents holding every term of every phrase (GIN), that the reader may see
//      and that pass the filters, confirmed by finding each phrase in the normalised text;
//      at most `cap` of them, so a word in every second document costs the same as a rare one;
//   2. ranking of those candidates: occurrences of the phrases relative to the text's length,
//      a match in the title, a whole jieba word, and bills before articles before opinions;
//   3. the page, the count and the facet counts, all from the candidates.
// Past the cap the total is the planner's estimate of the GIN matches (totalIsEstimate).

import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { makeSnippet } from "./highlight.ts";
import { documentTerms, normalizeText, parseQuery, toTsquery } from "./terms.ts";
import {
  facetFields,
  facetNames,
  type FacetName,
  type SearchDocument,
  type SearchEngine,
  type SearchFilters,
  type SearchQuery,
  type SearchResult,
} from "./types.ts";

/** Candidates ranked and counted exactly; past this many, totals and facets are estimates. */
export const EMBEDDED_COUNT_CAP = 2000;
const BATCH = 200;

const columnOf: Record<(typeof facetFields)[FacetName], string> = {
  kind: "kind",
  billId: "bill_id",
  reading: "reading",
  channel: "channel",
  contactPointId: "contact_point_id",
  respondentType: "respondent_type",
  disposition: "disposition",
};

interface Row {
  id: string;
  kind: SearchDocument["kind"];
  entity_id: string;
  bill_id: string;
  organization_id: string;
  version_id: string | null;
  consultation_id: string | null;
  pid: string | null;
  number: number | null;
  label: string | null;
  title: string;
  body: string;
  reading: string | null;
  stage: string | null;
  channel: string | null;
  contact_point_id: string | null;
  region: string | null;
  respondent_type: string | null;
  disposition: string | null;
  published: boolean;
  created_at: Date | string;
}

function toDocument(r: Row): SearchDocument {
  return {
    id: r.id,
    kind: r.kind,
    entityId: r.entity_id,
    billId: r.bill_id,
    organizationId: r.organization_id,
    versionId: r.version_id,
    consultationId: r.consultation_id,
    pid: r.pid,
    number: r.number,
    label: r.label,
    title: r.title,
    text: r.body,
    reading: r.reading,
    stage: r.stage,
    channel: r.channel,
    contactPointId: r.contact_point_id,
    region: r.region,
    respondentType: r.respondent_type,
    disposition: r.disposition,
    published: r.published,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

function filterSql(f: SearchFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (f.kinds?.length) parts.push(sql`d.kind = ANY(${f.kinds}::text[])`);
  const eq: [string | undefined, string][] = [
    [f.billId, "bill_id"],
    [f.versionId, "version_id"],
    [f.consultationId, "consultation_id"],
    [f.reading, "reading"],
    [f.channel, "channel"],
    [f.contactPointId, "contact_point_id"],
    [f.respondentType, "respondent_type"],
    [f.disposition, "disposition"],
  ];
  for (const [value, column] of eq)
    if (value !== undefined) parts.push(sql`d.${sql.ref(column)} = ${value}`);
  parts.push(
    f.organizations.length
      ? sql`(d.published OR d.organization_id = ANY(${f.organizations}::text[]))`
      : sql`d.published`,
  );
  return sql.join(parts, sql` AND `);
}

// Filter values are indexed as lexemes too ("#channel=online"; text terms never hold "#" or
// "="), so a filter joins the text terms inside the GIN lookup instead of being checked row by
// row after it: "规定" among opinions from a symposium reads two posting lists, not every
// opinion that says 规定.
const filterLexemes: [keyof SearchDocument, string][] = [
  ["kind", "kind"],
  ["billId", "bill"],
  ["versionId", "version"],
  ["consultationId", "consultation"],
  ["reading", "reading"],
  ["channel", "channel"],
  ["contactPointId", "cp"],
  ["respondentType", "respondent"],
  ["disposition", "disposition"],
];
const lexeme = (name: string, value: string) => `#${name}=${value}`;

function documentLexemes(d: SearchDocument): string[] {
  const out: string[] = [];
  for (const [field, name] of filterLexemes) {
    const value = d[field];
    if (typeof value === "string" && value) out.push(lexeme(name, value));
  }
  return out;
}

/**
 * The facet filters as a tsquery (ANDed with the text terms). Visibility stays a plain column
 * check: nearly every document is published, and reading that posting list on every query
 * would cost more than it saves.
 */
function filterTsquery(f: SearchFilters): string {
  const q = (l: string) => `'${l.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
  const parts: string[] = [];
  if (f.kinds?.length) parts.push(`(${f.kinds.map((k) => q(lexeme("kind", k))).join(" | ")})`);
  const eq: [string | undefined, string][] = [
    [f.billId, "bill"],
    [f.versionId, "version"],
    [f.consultationId, "consultation"],
    [f.reading, "reading"],
    [f.channel, "channel"],
    [f.contactPointId, "cp"],
    [f.respondentType, "respondent"],
    [f.disposition, "disposition"],
  ];
  for (const [value, name] of eq) if (value !== undefined) parts.push(q(lexeme(name, value)));
  return parts.join(" & ");
}

function emptyFacets(): SearchResult["facets"] {
  return Object.fromEntries(facetNames.map((n) => [n, {}])) as SearchResult["facets"];
}

/** The engine inside the app's database (the default). */
export function embeddedEngine(db: Kysely<Database>): SearchEngine {
  return {
    name: "embedded",
    async prepare() {
      // The table and its indexes come with migration 0006.
    },
    async upsert(documents) {
      for (let i = 0; i < documents.length; i += BATCH) {
        const rows = documents.slice(i, i + BATCH).map((d) => ({
          id: d.id,
          kind: d.kind,
          entity_id: d.entityId,
          bill_id: d.billId,
          organization_id: d.organizationId,
          version_id: d.versionId,
          consultation_id: d.consultationId,
          pid: d.pid,
          number: d.number,
          label: d.label,
          title: d.title,
          body: d.text,
          norm: normalizeText(`${d.title}\n${d.text}`),
          reading: d.reading,
          stage: d.stage,
          channel: d.channel,
          contact_point_id: d.contactPointId,
          region: d.region,
          respondent_type: d.respondentType,
          disposition: d.disposition,
          published: d.published,
          created_at: d.createdAt,
          terms: sql<string>`array_to_tsvector(${[...documentTerms(`${d.title}\n${d.text}`), ...documentLexemes(d)]}::text[])`,
        }));
        await db
          .insertInto("search_documents")
          .values(rows)
          .onConflict((oc) =>
            oc.column("id").doUpdateSet((eb) => ({
              kind: eb.ref("excluded.kind"),
              entity_id: eb.ref("excluded.entity_id"),
              bill_id: eb.ref("excluded.bill_id"),
              organization_id: eb.ref("excluded.organization_id"),
              version_id: eb.ref("excluded.version_id"),
              consultation_id: eb.ref("excluded.consultation_id"),
              pid: eb.ref("excluded.pid"),
              number: eb.ref("excluded.number"),
              label: eb.ref("excluded.label"),
              title: eb.ref("excluded.title"),
              body: eb.ref("excluded.body"),
              norm: eb.ref("excluded.norm"),
              reading: eb.ref("excluded.reading"),
              stage: eb.ref("excluded.stage"),
              channel: eb.ref("excluded.channel"),
              contact_point_id: eb.ref("excluded.contact_point_id"),
              region: eb.ref("excluded.region"),
              respondent_type: eb.ref("excluded.respondent_type"),
              disposition: eb.ref("excluded.disposition"),
              published: eb.ref("excluded.published"),
              created_at: eb.ref("excluded.created_at"),
              terms: eb.ref("excluded.terms"),
            })),
          )
          .execute();
      }
    },
    async remove(ids) {
      for (let i = 0; i < ids.length; i += 1000)
        await db
          .deleteFrom("search_documents")
          .where("id", "in", ids.slice(i, i + 1000))
          .execute();
    },
    async clear() {
      await sql`TRUNCATE search_documents`.execute(db);
    },
    async search(query: SearchQuery): Promise<SearchResult> {
      const parsed = parseQuery(query.q);
      if (!parsed.phrases.length)
        return { hits: [], total: 0, totalIsEstimate: false, facets: emptyFacets() };
      const filterTerms = filterTsquery(query.filters);
      const tsquery = toTsquery(parsed.terms.flat()) + (filterTerms ? ` & ${filterTerms}` : "");
      const cap = Math.max(EMBEDDED_COUNT_CAP, query.offset + query.limit + 1);
      const where = filterSql(query.filters);
      // A phrase of one or two characters (or one Latin word) is a single indexed term: the GIN
      // match is already exact. Longer ones are confirmed in the text.
      const toConfirm = parsed.phrases.filter((p, i) => parsed.terms[i]!.length > 1);
      const confirm = toConfirm.length
        ? sql.join(
            toConfirm.map((p) => sql`strpos(d.norm, ${p}) > 0`),
            sql` AND `,
          )
        : sql`true`;
      const occurrences = sql.join(
        parsed.phrases.map(
          (p) =>
            sql`(length(d.norm) - length(replace(d.norm, ${p}, '')))::float8 / ${Array.from(p).length}`,
        ),
        sql` + `,
      );
      const titleBoost = sql.join(
        parsed.phrases.map(
          (p) =>
            sql`(CASE WHEN d.title <> '' AND strpos(lower(d.title), ${p}) > 0 THEN 3 ELSE 0 END)`,
        ),
        sql` + `,
      );
      const facetUnion = sql.join(
        facetNames.map(
          (name) =>
            sql`SELECT ${name}::text AS f, ${sql.ref(columnOf[facetFields[name]])}::text AS v FROM m`,
        ),
        sql` UNION ALL `,
      );
      const result = await sql<{
        total: number;
        hits: Row[] | null;
        facets: [string, string, number][] | null;
      }>`
        WITH m AS MATERIALIZED (
          SELECT d.id, d.seq, d.kind, d.bill_id, d.reading, d.channel, d.contact_point_id,
            d.respondent_type, d.disposition,
            (${occurrences}) / ln(length(d.norm) + 30) + ${titleBoost}
              + CASE d.kind WHEN 'bill' THEN 2 WHEN 'provision' THEN 0.5 ELSE 0 END AS score
          FROM search_documents d
          WHERE d.terms @@ ${tsquery}::tsquery AND ${where} AND ${confirm}
          LIMIT ${cap}
        ),
        top AS (
          SELECT id, seq, score FROM m
          ORDER BY score DESC, seq DESC OFFSET ${query.offset} LIMIT ${query.limit}
        ),
        page AS (
          SELECT d.id, d.kind, d.entity_id, d.bill_id, d.organization_id, d.version_id,
            d.consultation_id, d.pid, d.number, d.label, d.title, d.body, d.reading, d.stage,
            d.channel, d.contact_point_id, d.region, d.respondent_type, d.disposition,
            d.published, d.created_at, top.score, top.seq
          FROM top JOIN search_documents d ON d.id = top.id
        )
        SELECT (SELECT count(*) FROM m)::int AS total,
          (SELECT json_agg(page ORDER BY score DESC, seq DESC) FROM page) AS hits,
          (SELECT json_agg(json_build_array(f, v, n)) FROM (
             SELECT f, v, count(*)::int AS n FROM (${facetUnion}) u WHERE v IS NOT NULL GROUP BY f, v
           ) g) AS facets
      `.execute(db);
      const row = result.rows[0]!;
      let total = Number(row.total);
      let totalIsEstimate = false;
      if (total >= cap) {
        totalIsEstimate = true;
        const plan = await sql<{ "QUERY PLAN": unknown }>`
          EXPLAIN (FORMAT JSON) SELECT 1 FROM search_documents d
          WHERE d.terms @@ ${tsquery}::tsquery AND ${where}
        `.execute(db);
        const json = plan.rows[0]!["QUERY PLAN"];
        const parsedPlan = (typeof json === "string" ? JSON.parse(json) : json) as {
          Plan: { "Plan Rows": number };
        }[];
        total = Math.max(total, Math.round(parsedPlan[0]?.Plan["Plan Rows"] ?? 0));
      }
      const facets = emptyFacets();
      for (const [f, v, n] of row.facets ?? []) facets[f as FacetName][v] = n;
      return {
        hits: (row.hits ?? []).map((r) => {
          const document = toDocument(r);
          return { document, ...makeSnippet(document.text, parsed.phrases) };
        }),
        total,
        totalIsEstimate,
        facets,
      };
    },
  };
}
