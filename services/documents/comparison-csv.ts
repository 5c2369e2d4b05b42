import { rowTexts, type ComparisonRowView } from "../comparison-view.ts";
import { kindNames } from "./comparison-table.ts";
import { csvFile } from "./csv.ts";

/** The columns of the 修改对照表 as CSV (tests and people's spreadsheets rely on them). */
const HEADER = [
  "类型",
  "原条文序号",
  "修改后条文序号",
  "条序变化",
  "原条文",
  "修改后条文",
  "修改说明",
];

/** Writes the comparison rows as CSV, one row a pair of provisions. */
export function comparisonCsv(rows: ComparisonRowView[]): string {
  return csvFile([
    HEADER,
    ...rows.map((row) => {
      const { before, after } = rowTexts(row);
      return [
        kindNames[row.kind],
        row.old.join("、"),
        row.new.join("、"),
        row.renumbered ? "是" : "否",
        before,
        after,
        row.note,
      ];
    }),
  ]);
}
