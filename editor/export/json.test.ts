// The JSON export carries the derived rows and the document, and the same document gives the
// same bytes however its keys came back from the database.

import { describe, expect, it } from "vitest";
import type { LegalDocJSON } from "../document-json.ts";
import { deriveProvisions } from "../provisions.ts";
import { legalSchema } from "../schema.ts";
import { exportJson } from "./json.ts";
import type { JsonExport } from "./json.ts";
import { sampleRegulation } from "./test-support.ts";

// Postgres jsonb hands objects back with keys sorted by length, then bytes.
function reorderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorderKeys);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(
    ([a], [b]) => a.length - b.length || (a < b ? -1 : 1),
  );
  return Object.fromEntries(entries.map(([key, entry]) => [key, reorderKeys(entry)]));
}

describe("exportJson", () => {
  const { doc } = sampleRegulation();

  it("holds the title, the meta given, the derived rows and the document", () => {
    const exported = JSON.parse(
      exportJson(doc, { version: "first_reading", bill: 7 }),
    ) as JsonExport;
    expect(exported.format).toBe("kaimen.document");
    expect(exported.formatVersion).toBe(1);
    expect(exported.title).toBe("示例市公众参与立法条例");
    expect(exported.meta).toEqual({ bill: 7, version: "first_reading" });
    expect(exported.provisions).toEqual(deriveProvisions(doc));
    expect(exported.document).toEqual(doc);
    expect(legalSchema.nodeFromJSON(exported.document).toJSON()).toEqual(doc);
    const citing = exported.provisions.find((row) => row.label === "第四条");
    expect(citing?.text).toBe("违反本条例第三条、第二条第二款或者第三条第二项规定的，依法处理。");
  });

  it("writes the same bytes whatever order the document's keys arrive in", () => {
    const shuffled = reorderKeys(doc) as LegalDocJSON;
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(doc));
    expect(exportJson(shuffled, { b: 1, a: 2 })).toBe(exportJson(doc, { a: 2, b: 1 }));
    expect(exportJson(doc)).toMatch(/^\{\n {2}"format": "kaimen.document",\n/);
    expect(exportJson(doc)).toMatch(/"type": "doc",\n {4}"content": \[/);
  });
});
