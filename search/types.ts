// The one interface of search: what a document is, what a query asks and what comes back. Both
// engines (embedded in PostgreSQL/PGlite, and Meilisearch) implement SearchEngine and pass the
// same contract suite (tests/search-contract).

export const documentKinds = ["bill", "provision", "opinion"] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** The facets every engine counts, by the document field they group. */
export const facetFields = {
  kind: "kind",
  bill: "billId",
  reading: "reading",
  channel: "channel",
  contactPoint: "contactPointId",
  respondentType: "respondentType",
  disposition: "disposition",
} as const;
export type FacetName = keyof typeof facetFields;
export const facetNames = Object.keys(facetFields) as FacetName[];

/** One searchable thing: a bill, an article of a published version, or an opinion. */
export interface SearchDocument {
  /** Stable id, safe for every engine: letters, digits, - and _. */
  id: string;
  kind: DocumentKind;
  /** The bill id, `versionId/pid` of a provision, or the opinion id. */
  entityId: string;
  billId: string;
  organizationId: string;
  versionId: string | null;
  consultationId: string | null;
  pid: string | null;
  number: number | null;
  label: string | null;
  /** The bill's title for a bill; the article's label for a provision; empty for an opinion. */
  title: string;
  /** The text searched and shown: bill title and summary, article text, opinion and wording. */
  text: string;
  /** The version label of the reading (provisions and opinions). */
  reading: string | null;
  /** The bill's stage: the label of its latest reading. */
  stage: string | null;
  channel: string | null;
  contactPointId: string | null;
  region: string | null;
  respondentType: string | null;
  disposition: string | null;
  /** Visible to everyone; unpublished opinions only to the drafters of their organization. */
  published: boolean;
  /** ISO 8601. */
  createdAt: string;
}

export interface SearchFilters {
  kinds?: DocumentKind[];
  billId?: string;
  versionId?: string;
  consultationId?: string;
  reading?: string;
  channel?: string;
  contactPointId?: string;
  respondentType?: string;
  disposition?: string;
  /**
   * Unpublished documents are returned only for these organizations (the drafter's); an empty
   * list (the public) sees published documents only.
   */
  organizations: string[];
}

export interface SearchQuery {
  q: string;
  filters: SearchFilters;
  offset: number;
  limit: number;
}

export interface SearchHit {
  document: SearchDocument;
  /** A window of the text around the first match. */
  snippet: string;
  /** [start, end) offsets of the matches inside `snippet`. */
  highlights: [number, number][];
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  /** True when the engine stopped counting (past a few thousand matches). */
  totalIsEstimate: boolean;
  /** Counts per facet value among the matches (estimates when the total is). */
  facets: Record<FacetName, Record<string, number>>;
}

/** What any search engine does; the indexer writes through it, pages read through it. */
export interface SearchEngine {
  readonly name: "embedded" | "meilisearch";
  /** Applies the index settings (idempotent); called at start. */
  prepare(): Promise<void>;
  /** Adds or replaces documents (in batches). */
  upsert(documents: SearchDocument[]): Promise<void>;
  /** Removes documents by id; unknown ids are ignored. */
  remove(ids: string[]): Promise<void>;
  /** Removes every document (before a full reindex). */
  clear(): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
}
