import ExcelJS from "exceljs";
import { xmlSafe } from "../../editor/export/xml.ts";

// The spreadsheet a contact point fills with its opinions (one row an opinion) and uploads
// (services/contact-point-import.ts reads it back): the opinion sheet, the list of the point's
// activities to pick from, and how to fill it in.

/** The header row of the opinion sheet. */
export const TEMPLATE_HEADERS = ["条文（第N条或N）", "意见内容", "建议修改为", "活动", "人数"];

const KIND_NAMES: Record<string, string> = {
  symposium: "座谈会",
  visit: "走访调研",
  questionnaire: "问卷",
  letter: "来信来函",
  other: "其他",
};

/**
 * How an activity is named in the spreadsheet: its number, date, kind and place (without
 * characters XML cannot hold, so the template stays readable and the import matches it).
 */
export function activityLabel(
  index: number,
  a: { held_on: string; kind: string; place: string },
): string {
  return xmlSafe(
    `${index + 1}. ${a.held_on} ${KIND_NAMES[a.kind] ?? a.kind}${a.place ? ` ${a.place}` : ""}`,
  );
}

/** The XLSX template: the opinion sheet (with a list of the point's activities to pick from). */
export async function opinionTemplateXlsx(
  activities: { held_on: string; kind: string; place: string }[],
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "开门立法";
  const sheet = wb.addWorksheet("意见");
  sheet.addRow(TEMPLATE_HEADERS);
  sheet.getRow(1).font = { bold: true };
  sheet.columns = [{ width: 18 }, { width: 50 }, { width: 40 }, { width: 36 }, { width: 8 }];
  const list = wb.addWorksheet("活动列表");
  list.addRow(["活动（填入“活动”列，或只填序号）"]);
  activities.forEach((a, i) => list.addRow([activityLabel(i, a)]));
  list.getColumn(1).width = 48;
  if (activities.length > 0) {
    for (let r = 2; r <= 501; r++) {
      sheet.getCell(`D${r}`).dataValidation = {
        type: "list",
        allowBlank: true,
        formulae: [`'活动列表'!$A$2:$A$${activities.length + 1}`],
      };
    }
  }
  const help = wb.addWorksheet("填写说明");
  for (const line of [
    "每行一条意见。",
    "条文：填“第十条”“第10条”或“10”；对章的意见填“第二章”；对草案整体的意见填“整体”。",
    "意见内容：必填。建议修改为：可不填。",
    "活动：从下拉列表选择，或填活动序号；不填时归入导入页面选择的活动。",
    "人数：提出这条意见的人数，正整数，不填为 1，不能超过该活动的参加人数。",
    "导入时先检查所有行；有任何一行有误则一行也不导入，并列出每一行的问题。",
  ])
    help.addRow([line]);
  help.getColumn(1).width = 90;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
