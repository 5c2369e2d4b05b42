// exportDocument: one call per format, with the bytes, media type and extension a download or
// `kaimen export --out` needs, and a clear refusal of a format it does not know.

import { describe, expect, it } from "vitest";
import { importFile } from "../import/index.ts";
import { exportAkomaNtoso } from "./akoma-ntoso.ts";
import { EXPORT_FORMATS, ExportError, exportDocument, isExportFormat } from "./index.ts";
import type { ExportFormat } from "./index.ts";
import { exportJson } from "./json.ts";
import { exportMarkdown } from "./markdown.ts";
import { comparableImport, sampleRegulation } from "./test-support.ts";
import { exportText } from "./text.ts";

const { doc } = sampleRegulation();
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("exportDocument", () => {
  it("gives each format its writer's UTF-8 bytes, media type and extension", async () => {
    const files = Object.fromEntries(
      await Promise.all(
        EXPORT_FORMATS.map(
          async (format) =>
            [
              format,
              await exportDocument(doc, format, {
                akn: { date: "2024-12-01" },
                meta: { version: "draft" },
              }),
            ] as const,
        ),
      ),
    );
    expect(decode(files.txt!.bytes)).toBe(exportText(doc));
    expect(decode(files.md!.bytes)).toBe(exportMarkdown(doc));
    expect(decode(files.json!.bytes)).toBe(exportJson(doc, { version: "draft" }));
    expect(decode(files.akn!.bytes)).toBe(exportAkomaNtoso(doc, { date: "2024-12-01" }));
    expect(
      Object.fromEntries(
        Object.entries(files).map(([format, file]) => [format, [file.mediaType, file.extension]]),
      ),
    ).toEqual({
      txt: ["text/plain; charset=utf-8", "txt"],
      md: ["text/markdown; charset=utf-8", "md"],
      json: ["application/json", "json"],
      docx: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"],
      akn: ["application/akn+xml", "xml"],
    });
  });

  it("writes a .docx the importer reads back to the same articles", async () => {
    const file = await exportDocument(doc, "docx", { subtitle: "（草案）" });
    const back = await importFile(file.bytes, `draft.${file.extension}`);
    const plain = await importFile(new TextEncoder().encode(exportText(doc)), "draft.txt");
    expect(comparableImport(back).articles).toEqual(comparableImport(plain).articles);
  });

  it("passes the locale to the formats with labels", async () => {
    const file = await exportDocument(doc, "txt", { locale: "en" });
    expect(decode(file.bytes)).toContain("Article 1 为了规范示例活动");
  });

  it("refuses an unknown format with a message naming the ones it knows", async () => {
    const format = "pdf" as ExportFormat;
    await expect(exportDocument(doc, format)).rejects.toThrow(ExportError);
    await expect(exportDocument(doc, format)).rejects.toThrow(
      'Unknown export format "pdf"; use one of txt, md, json, docx, akn.',
    );
    expect(isExportFormat("akn")).toBe(true);
    expect(isExportFormat("pdf")).toBe(false);
  });
});
