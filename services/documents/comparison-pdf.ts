import fs from "node:fs";
import PDFDocument from "pdfkit";
import type { ComparisonRowView } from "../comparison-view.ts";
import { ServiceError } from "../errors.ts";
import { kindNames, type ComparisonDocumentInput } from "./comparison-table.ts";

// The 修改对照表 as a PDF: a landscape A4 three-column table (原条文 | 修改后条文 | 修改说明).
// Chinese needs a CJK font: the one the settings name (KAIMEN_PDF_FONT), else the Noto CJK
// fonts (Debian's fonts-noto-cjk) where the system keeps them.

export const FONT_CANDIDATES = [
  "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
];

/**
 * The font to draw Chinese with. With none installed the PDF cannot be made: a refusal (503,
 * "install fonts-noto-cjk or set KAIMEN_PDF_FONT"), while the Word and CSV tables still work.
 */
export function cjkFont(preferred: string | undefined): { path: string; family?: string } {
  const found = [preferred, ...FONT_CANDIDATES].find((p) => p !== undefined && fs.existsSync(p));
  if (!found) throw new ServiceError("unavailable", "compare.pdfFont");
  // A collection (.ttc) holds several fonts: take the Simplified Chinese one.
  return found.endsWith(".ttc")
    ? {
        path: found,
        family: found.includes("Serif") ? "NotoSerifCJKsc-Regular" : "NotoSansCJKsc-Regular",
      }
    : { path: found };
}

/** Writes the comparison as a PDF table. */
export async function comparisonPdf(
  input: ComparisonDocumentInput & {
    /** A font file to try first (KAIMEN_PDF_FONT, passed from the settings). */
    font?: string;
  },
): Promise<Uint8Array> {
  const font = cjkFont(input.font);
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 36,
    info: { Title: `${input.title}修改对照表` },
  });
  doc.registerFont("cjk", font.path, font.family);
  doc.font("cjk");
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));

  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const columns = [width * 0.38, width * 0.38, width * 0.24];
  const pad = 4;
  const fontSize = 9;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  doc.fontSize(16).text(`${input.title}修改对照表`, { align: "center" });
  doc.moveDown(0.5);

  const header = [`原条文（${input.fromLabel}）`, `修改后条文（${input.toLabel}）`, "修改说明"];
  const drawHeader = () => {
    const y = doc.y;
    doc.fontSize(fontSize + 1);
    const height =
      Math.max(...header.map((h, i) => doc.heightOfString(h, { width: columns[i]! - 2 * pad }))) +
      2 * pad;
    let x = left;
    header.forEach((h, i) => {
      doc.rect(x, y, columns[i]!, height).fillAndStroke("#f2f2f2", "#999999");
      doc
        .fillColor("#000000")
        .text(h, x + pad, y + pad, { width: columns[i]! - 2 * pad, align: "center" });
      x += columns[i]!;
    });
    doc.y = y + height;
  };

  // Cells are plain text: pdfkit cannot wrap a paragraph of differently styled Chinese runs
  // inside a column, so the PDF marks changes the way printed tables do, in brackets:
  // 〔删：…〕 in the original, 〔增：…〕 in the amended text. The Word table styles them.
  const cellTexts = (row: ComparisonRowView): string[] => {
    const labels = (sides: { label: string }[]) => {
      const text = sides.map((s) => s.label).join("、");
      return text ? `${text}\u3000` : "";
    };
    let old = labels(row.oldSide);
    let now = labels(row.newSide);
    const marked =
      row.kind === "modified" ||
      row.kind === "moved" ||
      row.kind === "split" ||
      row.kind === "merged";
    for (const op of row.ops) {
      if (op.op === "equal") {
        old += op.text;
        now += op.text;
      } else if (op.op === "delete") old += marked ? `〔删：${op.text}〕` : op.text;
      else now += marked ? `〔增：${op.text}〕` : op.text;
    }
    return [old || " ", now || " ", `［${kindNames[row.kind]}］${row.note ? ` ${row.note}` : ""}`];
  };

  drawHeader();
  doc.fontSize(fontSize);
  for (const row of input.rows) {
    const cells = cellTexts(row);
    const height =
      Math.max(
        ...cells.map((text, i) => doc.heightOfString(text, { width: columns[i]! - 2 * pad })),
      ) +
      2 * pad;
    if (doc.y + height > bottom()) {
      doc.addPage();
      drawHeader();
      doc.fontSize(fontSize);
    }
    const y = doc.y;
    let x = left;
    cells.forEach((text, i) => {
      doc.rect(x, y, columns[i]!, height).stroke("#999999");
      doc.fillColor("#000000").text(text, x + pad, y + pad, { width: columns[i]! - 2 * pad });
      x += columns[i]!;
    });
    doc.x = left;
    doc.y = y + height;
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
