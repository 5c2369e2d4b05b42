import { data } from "react-router";
import { versionForExport } from "../../db/queries/versions.ts";
import { isExportFormat } from "../../editor/export/index.ts";
import { versionFile } from "../../services/documents/version-file.ts";
import { versionPdf } from "../../services/documents/version-pdf.ts";
import { requireBill } from "../auth/bills.server.ts";
import { requestTranslator } from "../i18n/index.ts";
import { orRefuse } from "../lib/errors.ts";
import type { Route } from "./+types/version-export";

/**
 * Downloads a published version (public, like the reading page) in one of the export formats,
 * or as a PDF in the official layout (made on the server, with the Chinese fonts embedded).
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const bill = await requireBill(request, context, params.billId);
  const t = requestTranslator(request);
  const format = params.format;
  if (format !== "pdf" && !isExportFormat(format))
    throw data({ message: t("error.notFound") }, { status: 404 });
  const stored = await versionForExport(context.db, params.versionId);
  if (!stored || stored.billId !== bill.id)
    throw data({ message: t("bill.versionNotFound") }, { status: 404 });
  // Without a CJK font the PDF is refused (503) with the font to install; the others still work.
  const file =
    format === "pdf"
      ? await orRefuse(request, () => versionPdf(stored, { font: context.pdfFont }))
      : await versionFile(stored, format);
  return new Response(Buffer.from(file.bytes), {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Disposition": `attachment; filename="version.${file.extension}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      // Versions never change.
      "Cache-Control": "public, max-age=86400, immutable",
    },
  });
}
