// The export for machines: the title, the derived provision rows (the same rows opinions and
// search use) and the document itself. The same document always gives the same bytes: keys
// are written in one fixed order, whatever order the stored jsonb handed them back in.

import type { LegalDocJSON } from "../document-json.ts";
import { deriveProvisions, documentTitle } from "../provisions.ts";
import type { ProvisionRow } from "../provisions.ts";

/** Facts about the exported version that the document does not hold (bill, label, date…). */
export type JsonExportMeta = Record<string, string | number | boolean | null>;

/** The exported object; `format` names the shape so readers can check what they got. */
export interface JsonExport {
  format: "kaimen.document";
  formatVersion: 1;
  title: string | null;
  meta: JsonExportMeta;
  provisions: ProvisionRow[];
  document: LegalDocJSON;
}

/** Builds the exported object of a document. */
export function buildJsonExport(doc: LegalDocJSON, meta: JsonExportMeta = {}): JsonExport {
  return {
    format: "kaimen.document",
    formatVersion: 1,
    title: documentTitle(doc),
    meta,
    provisions: deriveProvisions(doc),
    document: doc,
  };
}

// ProseMirror's own order first, so the document reads as toJSON() writes it; other keys
// (attrs, meta) alphabetically. Rows need nothing: deriveProvisions builds them in one order.
const KEY_ORDER = ["type", "attrs", "content", "text", "marks"];

function keyRank(key: string): number {
  const rank = KEY_ORDER.indexOf(key);
  return rank === -1 ? KEY_ORDER.length : rank;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, entry]) => entry !== undefined,
  );
  entries.sort(([a], [b]) => keyRank(a) - keyRank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, entry]) => [key, canonical(entry)]));
}

/** The document as stable, indented JSON: `{format, title, meta, provisions, document}`. */
export function exportJson(doc: LegalDocJSON, meta: JsonExportMeta = {}): string {
  const exported = buildJsonExport(doc, meta);
  const stable = {
    ...exported,
    meta: canonical(exported.meta),
    document: canonical(exported.document),
  };
  return JSON.stringify(stable, null, 2) + "\n";
}
