// The comparison of two texts as CONTRACTS.md fixes it (`kaimen compare OLD NEW --json`, and the
// API's compare rows): align the articles (align.ts), then diff each row's text (diff.ts).
// Files, stored versions and documents all come down to provision rows, so they take one path.

import type { LegalDocJSON } from "../document-json.ts";
import { importFile } from "../import/index.ts";
import type { ProvisionRow } from "../provisions.ts";
import { deriveProvisions } from "../provisions.ts";
import type { AlignedRow, AlignOptions, CompareSummary } from "./align.ts";
import { alignProvisions, summarize } from "./align.ts";
import type { DiffOp, DiffOptions } from "./diff.ts";
import { diffTexts } from "./diff.ts";
import type { Segmenter } from "./segment.ts";

/** One row of a comparison: an aligned row with the diff of its text. */
export interface CompareRow extends AlignedRow {
  ops: DiffOp[];
}

/** The whole comparison, exactly the `kaimen compare --json` object. */
export interface CompareResult {
  rows: CompareRow[];
  summary: CompareSummary;
}

/** Alignment thresholds and diff bounds together. */
export type CompareOptions = AlignOptions & DiffOptions;

function rowOps(
  row: AlignedRow,
  oldText: string,
  newText: string,
  segment: Segmenter,
  options: DiffOptions,
): DiffOp[] {
  const only = (op: DiffOp["op"], text: string): DiffOp[] => (text === "" ? [] : [{ op, text }]);
  if (row.kind === "added") return only("insert", newText);
  if (row.kind === "deleted") return only("delete", oldText);
  // Unchanged after normalisation: a change of punctuation width or spacing is no change.
  if (!row.textChanged) return only("equal", newText);
  return diffTexts(oldText, newText, segment, options);
}

/** Compares two provision lists: aligned rows in the new list's order, each with its diff. */
export function compareRows(
  oldRows: readonly ProvisionRow[],
  newRows: readonly ProvisionRow[],
  segment: Segmenter,
  options: CompareOptions = {},
): CompareResult {
  const aligned = alignProvisions(oldRows, newRows, options);
  const oldText = new Map(oldRows.map((row) => [row.pid, row.text]));
  const newText = new Map(newRows.map((row) => [row.pid, row.text]));
  // Split and merged rows diff the concatenation of their articles, one per line.
  const textOf = (pids: string[], texts: Map<string, string>) =>
    pids.map((pid) => texts.get(pid) ?? "").join("\n");
  const rows = aligned.map((row): CompareRow => ({
    kind: row.kind,
    old: row.old,
    new: row.new,
    oldPids: row.oldPids,
    newPids: row.newPids,
    renumbered: row.renumbered,
    textChanged: row.textChanged,
    ops: rowOps(row, textOf(row.oldPids, oldText), textOf(row.newPids, newText), segment, options),
  }));
  return { rows, summary: summarize(rows) };
}

/** Compares two documents through their derived provision rows. */
export function compareDocuments(
  oldDoc: LegalDocJSON,
  newDoc: LegalDocJSON,
  segment: Segmenter,
  options: CompareOptions = {},
): CompareResult {
  return compareRows(deriveProvisions(oldDoc), deriveProvisions(newDoc), segment, options);
}

/** Imports two files (.txt, .md, .docx; any supported encoding) and compares them. */
export async function compareFiles(
  oldBytes: Uint8Array,
  oldName: string,
  newBytes: Uint8Array,
  newName: string,
  segment: Segmenter,
  options: CompareOptions = {},
): Promise<CompareResult> {
  const [before, after] = await Promise.all([
    importFile(oldBytes, oldName),
    importFile(newBytes, newName),
  ]);
  return compareDocuments(before.doc, after.doc, segment, options);
}
