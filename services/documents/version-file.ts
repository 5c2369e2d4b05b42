import { versionLabelNames } from "../../db/codes.ts";
import type { VersionForExport } from "../../db/queries/versions.ts";
import { exportDocument, type ExportFormat, type ExportedFile } from "../../editor/export/index.ts";

// A stored reading as a file (txt, md, json, docx laid out like an official draft, Akoma Ntoso),
// for the download on its page and `kaimen export`. The editor's exporters write the text; this
// adds what only the stored version knows: its label under the title, its FRBR identity and the
// file name.

/** A stored version (db/queries versionForExport) in a format, with the name to save it under. */
export async function versionFile(
  version: VersionForExport,
  format: ExportFormat,
): Promise<ExportedFile & { filename: string }> {
  const date = new Date(version.published_at).toISOString().slice(0, 10);
  const labelName = versionLabelNames[version.label];
  const file = await exportDocument(version.document, format, {
    subtitle:
      version.label === "promulgated" || version.label === "current_law"
        ? undefined
        : `（${labelName}）`,
    akn: {
      frbrUri: `/akn/cn/act/${date}/${version.billId}`,
      date,
      language: "zho",
      author: version.organizationName,
    },
    meta: {
      versionId: version.id,
      billId: version.billId,
      label: version.label,
      publishedAt: date,
    },
  });
  return { ...file, filename: `${version.title}-${labelName}.${file.extension}` };
}
