import { data } from "react-router";
import { versionLabelNames } from "../../db/codes.ts";
import { listVersions } from "../../db/queries/versions.ts";
import { comparisonCsv, comparisonDocx } from "../../services/comparison-export.ts";
import { comparisonPdf, PdfFontMissingError } from "../../services/comparison-pdf.ts";
import { comparisonView } from "../../services/comparison-view.ts";
import { requireBill } from "../auth/bills.server.ts";
import { requestTranslator } from "../i18n/index.ts";
import type { Route } from "./+types/compare-export";

/** Downloads the 修改对照表 of two versions as DOCX, CSV or JSON (the API's rows with notes). */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const bill = await requireBill(request, context, params.billId);
  const t = requestTranslator(request);
  const url = new URL(request.url);
  const from = url.searchParams.get("from");
  const to = url.searchParams.get("to");
  const versions = await listVersions(context.db, bill.id);
  const fromVersion = versions.find((v) => v.id === from);
  const toVersion = versions.find((v) => v.id === to);
  if (!fromVersion || !toVersion || from === to)
    throw data({ message: t("compare.badVersions") }, { status: 400 });
  const view = await comparisonView(context.db, fromVersion.id, toVersion.id, context.compare);
  const name = `${bill.title}修改对照表（${versionLabelNames[fromVersion.label]}—${versionLabelNames[toVersion.label]}）`;
  const disposition = (ext: string) =>
    `attachment; filename="comparison.${ext}"; filename*=UTF-8''${encodeURIComponent(`${name}.${ext}`)}`;
  if (params.format === "docx") {
    const bytes = await comparisonDocx({
      title: bill.title,
      fromLabel: versionLabelNames[fromVersion.label] ?? "",
      toLabel: versionLabelNames[toVersion.label] ?? "",
      rows: view.rows,
    });
    return new Response(Buffer.from(bytes), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Content-Disposition": disposition("docx"),
      },
    });
  }
  if (params.format === "pdf") {
    try {
      const bytes = await comparisonPdf({
        title: bill.title,
        fromLabel: versionLabelNames[fromVersion.label] ?? "",
        toLabel: versionLabelNames[toVersion.label] ?? "",
        rows: view.rows,
        font: context.pdfFont,
      });
      return new Response(Buffer.from(bytes), {
        headers: { "Content-Type": "application/pdf", "Content-Disposition": disposition("pdf") },
      });
    } catch (error) {
      if (error instanceof PdfFontMissingError)
        throw data({ message: t("compare.pdfFont") }, { status: 503 });
      throw error;
    }
  }
  if (params.format === "csv") {
    return new Response(comparisonCsv(view.rows), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": disposition("csv"),
      },
    });
  }
  if (params.format === "json") {
    const rows = view.rows.map(
      ({ kind, old, new: now, oldPids, newPids, renumbered, textChanged, ops, note }) => ({
        kind,
        old,
        new: now,
        oldPids,
        newPids,
        renumbered,
        textChanged,
        ops,
        note,
      }),
    );
    return new Response(JSON.stringify({ rows, summary: view.summary }), {
      headers: { "Content-Type": "application/json", "Content-Disposition": disposition("json") },
    });
  }
  throw data({ message: t("error.notFound") }, { status: 404 });
}
