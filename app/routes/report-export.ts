import { data } from "react-router";
import { z } from "zod";
import { getConsultation } from "../../db/queries/consultations.ts";
import { exportOpinionPages, opinionsForExport } from "../../services/adoption-report.ts";
import { requireBill, requireBillDrafter } from "../auth/bills.server.ts";
import { hasRole } from "../auth/permissions.server.ts";
import { getCurrentUser } from "../auth/session.server.ts";
import { requestTranslator } from "../i18n/index.ts";
import { readQuery } from "../lib/forms.ts";
import { opinionsCsv } from "../../services/documents/opinions-csv.ts";
import { opinionsSummaryDocx } from "../../services/documents/opinions-docx.ts";
import { opinionsXlsx } from "../../services/documents/opinions-xlsx.ts";
import type { OpinionFileOptions } from "../../services/documents/opinion-columns.ts";
import type { Route } from "./+types/report-export";
import { pulledStream } from "../lib/pulled-stream.server.ts";

const files = ["opinions.csv", "opinions.xlsx", "summary.docx"] as const;
// ?all=1: every opinion whatever its status (the drafters' own export).
const ExportQuery = z.object({
  all: z
    .string()
    .optional()
    .transform((v) => v === "1"),
});

/**
 * Downloads a consultation's opinions (CSV, XLSX) or its opinion summary (意见汇总表, DOCX).
 * Anyone gets the counted (published) opinions, names masked; the handling columns appear once
 * the report is published, and the summary only then. The bill's drafters get the handling at
 * any time, and with ?all=1 every opinion whatever its status.
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const t = requestTranslator(request);
  const consultation = await getConsultation(context.db, params.id);
  if (!consultation) throw data({ message: t("consultation.notFound") }, { status: 404 });
  const file = files.find((f) => f === params.file);
  if (!file) throw data({ message: t("error.notFound") }, { status: 404 });
  const { all } = readQuery(ExportQuery, request);
  const bill = all
    ? (await requireBillDrafter(request, context, consultation.billId)).bill
    : await requireBill(request, context, consultation.billId);
  const user = await getCurrentUser(request, context);
  const drafter = hasRole(user, ["drafter", "admin"], bill.organization_id);
  const published = consultation.reportPublishedAt !== null;
  if (file === "summary.docx" && !published && !drafter)
    throw data({ message: t("report.notPublished") }, { status: 404 });

  const options: OpinionFileOptions = {
    t,
    timeZone: context.timeZone,
    withOutcome: published || drafter,
    all,
  };
  const base =
    file === "summary.docx" ? t("report.export.title", { bill: bill.title }) : bill.title;
  const ext = file.split(".")[1]!;
  const headers = {
    "Content-Disposition": `attachment; filename="${file}"; filename*=UTF-8''${encodeURIComponent(`${base}.${ext}`)}`,
    "Cache-Control": all || !published ? "private, no-store" : "public, max-age=60",
  };
  // The opinion files stream: read a page of opinions at a time and written as they come, so
  // 120,000 opinions take no more memory than 1,000 (bench/scale.ts measures it).
  const stream = pulledStream;
  const pages = () => exportOpinionPages(context.db, consultation.id, { all });
  if (file === "opinions.csv")
    return new Response(stream(opinionsCsv(pages(), options)), {
      headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" },
    });
  if (file === "opinions.xlsx")
    return new Response(stream(opinionsXlsx(pages(), options)), {
      headers: {
        ...headers,
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      },
    });
  // The summary (意见汇总表) is a document of the opinions' text laid out in a table; docx
  // builds it whole.
  const rows = await opinionsForExport(context.db, consultation.id, { all });
  const subtitle = t("report.export.subtitle", {
    consultation: consultation.title,
    version: t(`version.${consultation.versionLabel}`),
    count: rows.length,
  });
  return new Response(
    Buffer.from(await opinionsSummaryDocx(rows, { billTitle: bill.title, subtitle }, options)),
    {
      headers: {
        ...headers,
        "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      },
    },
  );
}
