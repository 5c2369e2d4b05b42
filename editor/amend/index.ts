// The amendment decision (修改决定), pure: no database, no files. `writeDecision` writes it from
// two texts; `applyDecision` carries a decision (whoever wrote it) out on the old text. Both
// take texts in the `kaimen import FILE --json` shape; `importJsonOf` makes that shape from a
// stored version's document.

import type { LegalDocJSON } from "../document-json.ts";
import { toImportJson } from "../import/contract.ts";
import type { ImportJson } from "../import/contract.ts";

export { applyDecision, applyPlan } from "./apply.ts";
export type { DecisionPlan } from "./clauses.ts";
export { clauseText, itemText } from "./clauses.ts";
export type { Clause, Ref } from "./clauses.ts";
export { AmendRefusal, writeDecision } from "./decision.ts";
export type { AmendOptions, Decision, DecisionItem } from "./decision.ts";
export { ApplyError } from "./errors.ts";
export { parseDecision } from "./parse.ts";

/** A stored document in the import JSON shape (articles numbered as printed, pids kept). */
export function importJsonOf(doc: LegalDocJSON, title: string | null): ImportJson {
  return toImportJson({ doc, title, unplaced: [] });
}
