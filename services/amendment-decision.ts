import type { Kysely } from "kysely";
import { getVersion, listVersions } from "../db/queries/versions.ts";
import type { Database } from "../db/schema.ts";
import type { LegalDocJSON } from "../editor/document-json.ts";
import type { ImportJson } from "../editor/import/contract.ts";
import {
  AmendRefusal,
  applyDecision,
  ApplyError,
  importJsonOf,
  writeDecision,
} from "../editor/amend/index.ts";
import { serverSegmenter } from "./comparison.ts";

// The amendment decision (修改决定) of a reading against the law in force (现行文本, the bill's
// version labelled current_law): written from the two stored texts for the drafter to edit,
// and the edited text checked by applying it to the law in force. Nothing is stored: the
// drafter's text travels in the form that downloads it.

export type DecisionDraft =
  | { state: "ready"; lawVersionId: string; lawTitle: string; text: string; items: number }
  /** The bill has no 现行文本 to amend. */
  | { state: "noLaw" }
  /** The reading is the law in force itself. */
  | { state: "isLaw" }
  /** A full revision, or nothing changed: no decision is written. */
  | {
      state: "refused";
      lawVersionId: string;
      reason: AmendRefusal["code"];
      kept: number;
      total: number;
    };

async function texts(db: Kysely<Database>, billId: string, versionId: string) {
  const versions = await listVersions(db, billId);
  const version = versions.find((v) => v.id === versionId);
  if (!version) return null;
  // The latest 现行文本 of the bill, other than this reading.
  const law = [...versions].reverse().find((v) => v.label === "current_law" && v.id !== versionId);
  return { version, law, isLaw: version.label === "current_law" };
}

async function importJson(db: Kysely<Database>, billId: string, versionId: string) {
  const stored = await getVersion(db, billId, versionId);
  if (!stored) throw new Error(`version ${versionId} vanished`);
  return importJsonOf(stored.document as unknown as LegalDocJSON, stored.title);
}

/** The decision for a reading of a bill, or why there is none; null when no such reading. */
export async function draftDecision(
  db: Kysely<Database>,
  billId: string,
  versionId: string,
): Promise<DecisionDraft | null> {
  const found = await texts(db, billId, versionId);
  if (!found) return null;
  if (found.isLaw) return { state: "isLaw" };
  if (!found.law) return { state: "noLaw" };
  const [before, after] = await Promise.all([
    importJson(db, billId, found.law.id),
    importJson(db, billId, versionId),
  ]);
  try {
    const decision = writeDecision(before, after, {
      segment: serverSegmenter(),
      title: found.law.title,
    });
    return {
      state: "ready",
      lawVersionId: found.law.id,
      lawTitle: found.law.title,
      text: decision.text,
      items: decision.items.length,
    };
  } catch (error) {
    if (!(error instanceof AmendRefusal)) throw error;
    return {
      state: "refused",
      lawVersionId: found.law.id,
      reason: error.code,
      kept: error.counts.kept,
      total: error.counts.total,
    };
  }
}

export type DecisionCheck =
  | { ok: true; articles: number }
  /** An item cannot be applied: which, and why (in Chinese, as the decision is). */
  | { ok: false; kind: "item"; item: number; reason: string }
  /** It applies, but the result differs from the reading at these articles (its labels). */
  | { ok: false; kind: "differs"; labels: string[] };

function differences(result: ImportJson, reading: ImportJson): string[] {
  const out: string[] = [];
  const n = Math.max(result.articles.length, reading.articles.length);
  for (let i = 0; i < n; i++) {
    const a = result.articles[i];
    const b = reading.articles[i];
    if (!a || !b || a.label !== b.label || a.text !== b.text) out.push((b ?? a)!.label);
  }
  return out;
}

/** Applies an edited decision to the law in force and says whether it gives the reading. */
export async function checkDecision(
  db: Kysely<Database>,
  billId: string,
  versionId: string,
  text: string,
): Promise<DecisionCheck | null> {
  const found = await texts(db, billId, versionId);
  if (!found?.law) return null;
  const [before, after] = await Promise.all([
    importJson(db, billId, found.law.id),
    importJson(db, billId, versionId),
  ]);
  try {
    const result = applyDecision(before, text);
    const labels = differences(result, after);
    return labels.length === 0
      ? { ok: true, articles: result.articles.length }
      : { ok: false, kind: "differs", labels };
  } catch (error) {
    if (error instanceof ApplyError)
      return { ok: false, kind: "item", item: error.item, reason: error.reason };
    throw error;
  }
}
