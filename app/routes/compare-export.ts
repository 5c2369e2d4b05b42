import { data } from "react-router";
import { versionLabelNames } from "../../db/codes.ts";
import { listVersions } from "../../db/queries/versions.ts";
import { comparisonView } from "../../services/comparison-view.ts";
import { comparisonCsv } from "../../services/documents/comparison-csv.ts";
import { comparisonDocx } from "../../services/documents/comparison-docx.ts";
import { comparisonPdf } from "../../services/documents/comparison-pdf.ts";
import { requireBill } from "../auth/bills.server.ts";
import { z } from "zod";
import { requestTranslator } from "../i18n/index.ts";
import { orRefuse } from "../lib/errors.ts";
import { parseQuery } from "../lib/forms.ts";
import type { Route } from "./+types/compare-export";

const ExportQuery = z.object({ from: z.string(), to: z.string() });

/** Downloads the 修改对照表 of two versions as DOCX, CSV or JSON (the API's rows with notes). */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const bill = await requireBill(request, context, params.billId);
  const t = requestTranslator(request);
  const query = parseQuery(ExportQuery, request);
  const versions = query.ok ? await listVersions(context.db, bill.id) : [];
  const fromVersion = versions.find((v) => query.ok && v.id === query.data.from);
  const toVersion = versions.find((v) => query.ok && v.id === query.data.to);
  if (!fromVersion || !toVersion || fromVersion.id === toVersion.id)
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
    // Without a CJK font the PDF is refused (503) and the page says which font to install.
    const bytes = await orRefuse(request, () =>
      comparisonPdf({
        title: bill.title,
        fromLabel: versionLabelNames[fromVersion.label] ?? "",
        toLabel: versionLabelNames[toVersion.label] ?? "",
        rows: view.rows,
        font: context.pdfFont,
      }),
    );
    return new Response(Buffer.from(bytes), {
      headers: { "Content-Type": "application/pdf", "Content-Disposition": disposition("pdf") },
    });
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
