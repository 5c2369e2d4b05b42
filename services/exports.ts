import type { Kysely } from "kysely";
import { versionLabelNames } from "../db/codes.ts";
import type { Database } from "../db/schema.ts";
import { exportDocument, type ExportFormat, type ExportedFile } from "../editor/export/index.ts";

/** A stored version exported in a format, with the file name it should be saved under. */
export async function exportVersion(
  db: Kysely<Database>,
  versionId: string,
  format: ExportFormat,
): Promise<(ExportedFile & { filename: string }) | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(versionId)) return undefined;
  const version = await db
    .selectFrom("versions as v")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .innerJoin("organizations as o", "o.id", "b.organization_id")
    .select([
      "v.id",
      "v.label",
      "v.title",
      "v.document",
      "v.published_at",
      "b.id as billId",
      "o.name as organizationName",
    ])
    .where("v.id", "=", versionId)
    .executeTakeFirst();
  if (!version) return undefined;
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
