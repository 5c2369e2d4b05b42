// The Meilisearch engine (MEILI_URL set), written against the documented API with the official
// client. The index settings live here and are applied at start (prepare); documents go in
// batches; every task is awaited and a failed task throws with Meilisearch's own message, so the
// indexer keeps the outbox rows and retries. Query phrases are sent quoted (Meilisearch's phrase
// search), filters and facets map one to one onto filterable attributes, and snippets are cut
// by the same highlighter as the embedded engine, so pages never render engine HTML.
//
// Never run against a server here (none can be installed on these machines): the contract suite
// runs against it whenever MEILI_URL is set.

import { Meilisearch, type Settings } from "meilisearch";
import { makeSnippet } from "./highlight.ts";
import { parseQuery } from "./terms.ts";
import {
  facetFields,
  facetNames,
  type SearchDocument,
  type SearchEngine,
  type SearchFilters,
  type SearchResult,
} from "./types.ts";

const BATCH = 1000;
const TASK_TIMEOUT_MS = 60_000;
/** Per HTTP request; a document batch is accepted (enqueued) well within it. */
const REQUEST_TIMEOUT_MS = 10_000;

/** The index settings, applied on every start (Meilisearch ignores a no-op update). */
export const meiliSettings: Settings = {
  searchableAttributes: ["title", "text", "label", "region"],
  filterableAttributes: [
    "kind",
    "billId",
    "versionId",
    "consultationId",
    "organizationId",
    "published",
    "reading",
    "channel",
    "contactPointId",
    "respondentType",
    "disposition",
  ],
  sortableAttributes: ["createdAtMs", "number"],
  rankingRules: [
    "words",
    "typo",
    "proximity",
    "attribute",
    "sort",
    "exactness",
    "createdAtMs:desc",
  ],
  displayedAttributes: ["*"],
  localizedAttributes: [
    { attributePatterns: ["title", "text", "label", "region"], locales: ["zho"] },
  ],
  pagination: { maxTotalHits: 5000 },
  faceting: { maxValuesPerFacet: 200 },
};

interface TaskLike {
  status: string;
  error: { message: string; code?: string } | null;
  uid?: number;
}

function checked(task: TaskLike, what: string) {
  if (task.status !== "succeeded")
    throw new Error(
      `Meilisearch ${what} ${task.status}: ${task.error?.message ?? "no reason given"}`,
    );
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function filterOf(f: SearchFilters): string[] {
  const out: string[] = [];
  if (f.kinds?.length) out.push(`kind IN [${f.kinds.map(quote).join(", ")}]`);
  const eq: [string | undefined, string][] = [
    [f.billId, "billId"],
    [f.versionId, "versionId"],
    [f.consultationId, "consultationId"],
    [f.reading, "reading"],
    [f.channel, "channel"],
    [f.contactPointId, "contactPointId"],
    [f.respondentType, "respondentType"],
    [f.disposition, "disposition"],
  ];
  for (const [value, field] of eq) if (value !== undefined) out.push(`${field} = ${quote(value)}`);
  out.push(
    f.organizations.length
      ? `(published = true OR organizationId IN [${f.organizations.map(quote).join(", ")}])`
      : "published = true",
  );
  return out;
}

/** The engine on a Meilisearch server; `indexUid` lets tests use their own index. */
export function meilisearchEngine(options: {
  url: string;
  key?: string;
  indexUid?: string;
}): SearchEngine {
  // A server that accepts connections but never answers (a half-open link, a stuck process)
  // must fail a request, not hang it: search then answers 503 and the indexer retries.
  const client = new Meilisearch({
    host: options.url,
    apiKey: options.key,
    timeout: REQUEST_TIMEOUT_MS,
  });
  const uid = options.indexUid ?? "kaimen";
  const index = client.index<SearchDocument & { createdAtMs: number }>(uid);
  // Settings must be in place before documents go in; when the server was down at start, the
  // first write after it comes back applies them.
  let prepared: Promise<void> | undefined;
  const ready = () => {
    prepared ??= engine.prepare().catch((error: unknown) => {
      prepared = undefined;
      throw error;
    });
    return prepared;
  };
  const engine: SearchEngine = {
    name: "meilisearch",
    async prepare() {
      const exists = await client.getIndex(uid).then(
        () => true,
        () => false,
      );
      if (!exists)
        checked(
          await client
            .createIndex(uid, { primaryKey: "id" })
            .waitTask({ timeout: TASK_TIMEOUT_MS }),
          "index creation",
        );
      checked(
        await index.updateSettings(meiliSettings).waitTask({ timeout: TASK_TIMEOUT_MS }),
        "settings update",
      );
    },
    async upsert(documents) {
      await ready();
      const rows = documents.map((d) => ({ ...d, createdAtMs: Date.parse(d.createdAt) }));
      for (let i = 0; i < rows.length; i += BATCH) {
        const task = await index
          .addDocuments(rows.slice(i, i + BATCH), { primaryKey: "id" })
          .waitTask({ timeout: TASK_TIMEOUT_MS });
        checked(task, "document batch");
      }
    },
    async remove(ids) {
      for (let i = 0; i < ids.length; i += BATCH)
        checked(
          await index
            .deleteDocuments(ids.slice(i, i + BATCH))
            .waitTask({ timeout: TASK_TIMEOUT_MS }),
          "deletion",
        );
    },
    async clear() {
      checked(await index.deleteAllDocuments().waitTask({ timeout: TASK_TIMEOUT_MS }), "clear");
    },
    async search(query) {
      const parsed = parseQuery(query.q);
      const facets = Object.fromEntries(facetNames.map((n) => [n, {}])) as SearchResult["facets"];
      if (!parsed.phrases.length) return { hits: [], total: 0, totalIsEstimate: false, facets };
      const response = await index.search(parsed.phrases.map(quote).join(" "), {
        filter: filterOf(query.filters),
        offset: query.offset,
        limit: query.limit,
        facets: facetNames.map((n) => facetFields[n]),
      });
      for (const name of facetNames)
        facets[name] = { ...(response.facetDistribution?.[facetFields[name]] ?? {}) };
      const total = response.estimatedTotalHits ?? response.hits.length;
      return {
        hits: response.hits.map((hit) => {
          const { createdAtMs: _ms, ...document } = hit as SearchDocument & { createdAtMs: number };
          return { document, ...makeSnippet(document.text, parsed.phrases) };
        }),
        total,
        totalIsEstimate: total >= 1000,
        facets,
      };
    },
  };
  return engine;
}
