import type { CompareKind } from "../../editor/compare/align.ts";
import type { ComparisonRowView } from "../comparison-view.ts";

// What the 修改对照表 files (Word, PDF, CSV) share: their input and the names of the row kinds.

/** What a comparison document is made of: the bill's title, the two readings and the rows. */
export interface ComparisonDocumentInput {
  title: string;
  fromLabel: string;
  toLabel: string;
  rows: ComparisonRowView[];
}

/** The kinds of a 修改对照表 row as the tables print them. */
export const kindNames: Record<CompareKind, string> = {
  unchanged: "未修改",
  modified: "修改",
  added: "新增",
  deleted: "删除",
  moved: "移动",
  split: "拆分",
  merged: "合并",
};
