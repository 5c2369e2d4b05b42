import {
  AlignmentType,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";

// The 意见汇总表 a contact point sends to the drafters: a landscape table, one row an opinion
// (条文 | 意见 | 建议修改为 | 来源活动 | 人数), with the drafters' handling once recorded.

const BODY = { name: "FangSong", eastAsia: "仿宋_GB2312" };
const HEAD = { name: "SimHei", eastAsia: "黑体" };
const size = 22;

export interface ReportRow {
  target: string;
  body: string;
  proposed: string;
  activity: string;
  headcount: number;
  handling?: string;
}

function cell(text: string, width: number, bold = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    children: text.split("\n").map(
      (line) =>
        new Paragraph({
          alignment: bold ? AlignmentType.CENTER : AlignmentType.LEFT,
          children: [new TextRun({ text: line, bold, size, font: bold ? HEAD : BODY })],
        }),
    ),
  });
}

/** Writes a contact point's report as a .docx 意见汇总表. */
export async function reportDocx(input: {
  billTitle: string;
  pointName: string;
  statusLine: string;
  activities: string[];
  rows: ReportRow[];
}): Promise<Uint8Array> {
  const withHandling = input.rows.some((r) => r.handling);
  const widths = withHandling ? [5, 11, 28, 20, 14, 6, 16] : [5, 12, 34, 24, 17, 8];
  const headers = ["序号", "条文", "意见", "建议修改为", "来源活动", "人数"];
  if (withHandling) headers.push("处理情况");
  const header = new TableRow({
    tableHeader: true,
    children: headers.map((h, i) => cell(h, widths[i]!, true)),
  });
  const rows = input.rows.map(
    (r, n) =>
      new TableRow({
        children: [
          String(n + 1),
          r.target,
          r.body,
          r.proposed,
          r.activity,
          String(r.headcount),
          ...(withHandling ? [r.handling ?? ""] : []),
        ].map((text, i) => cell(text, widths[i]!)),
      }),
  );
  const para = (text: string, opts: { bold?: boolean; size?: number; center?: boolean } = {}) =>
    new Paragraph({
      alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT,
      spacing: { after: 120 },
      children: [
        new TextRun({
          text,
          bold: opts.bold,
          size: opts.size ?? size,
          font: opts.bold ? { name: "SimHei", eastAsia: "方正小标宋简体" } : BODY,
        }),
      ],
    });
  const document = new Document({
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          para(`${input.billTitle}意见汇总表`, { bold: true, size: 36, center: true }),
          para(`报送单位：${input.pointName}`),
          para(input.statusLine),
          ...input.activities.map((a) => para(a)),
          new Table({ rows: [header, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
