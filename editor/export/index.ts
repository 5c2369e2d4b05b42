// One entry for every export format, as `kaimen export --format` and the app's download links
// name them: the format chooses the writer and fixes the media type and file extension.

import type { LegalDocJSON } from "../document-json.ts";
import type { Locale } from "../numbering.ts";
import { exportAkomaNtoso } from "./akoma-ntoso.ts";
import type { AknMeta } from "./akoma-ntoso.ts";
import { exportJson } from "./json.ts";
import type { JsonExportMeta } from "./json.ts";
import { exportMarkdown } from "./markdown.ts";
import { exportText } from "./text.ts";

export type { AknMeta } from "./akoma-ntoso.ts";
export type { JsonExportMeta } from "./json.ts";

/** The export formats, as the command line and the API name them. */
export const EXPORT_FORMATS = ["txt", "md", "json", "docx", "akn"] as const;

/** One export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Options for every format; each writer reads the ones that concern it. */
export interface ExportOptions {
  /** Label language for txt, md and docx (default zh); json rows and akn are always Chinese. */
  locale?: Locale;
  /** A line under the DOCX title, e.g. （征求意见稿）. */
  subtitle?: string;
  /** FRBR identification for akn. */
  akn?: AknMeta;
  /** Facts about the version recorded in json (bill, label, date…). */
  meta?: JsonExportMeta;
}

/** An exported file: its bytes and what to call and serve it as. */
export interface ExportedFile {
  bytes: Uint8Array;
  mediaType: string;
  extension: string;
}

/** A request the exporter cannot serve; `message` says what would work. */
export class ExportError extends Error {
  override name = "ExportError";
  constructor(
    readonly code: "unsupported_format",
    message: string,
  ) {
    super(message);
  }
}

/** Whether a string names an export format. */
export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Exports a document in `format` (txt, md, json, docx or akn). */
export async function exportDocument(
  doc: LegalDocJSON,
  format: ExportFormat,
  options: ExportOptions = {},
): Promise<ExportedFile> {
  switch (format) {
    case "txt":
      return {
        bytes: utf8(exportText(doc, options.locale)),
        mediaType: "text/plain; charset=utf-8",
        extension: "txt",
      };
    case "md":
      return {
        bytes: utf8(exportMarkdown(doc, { locale: options.locale })),
        mediaType: "text/markdown; charset=utf-8",
        extension: "md",
      };
    case "json":
      return {
        bytes: utf8(exportJson(doc, options.meta)),
        mediaType: "application/json",
        extension: "json",
      };
    case "docx": {
      // Loaded on demand: the docx writer is large, and text exports must not pull it in.
      const { exportDocx } = await import("./docx.node.ts");
      return {
        bytes: await exportDocx(doc, { locale: options.locale, subtitle: options.subtitle }),
        mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        extension: "docx",
      };
    }
    case "akn":
      return {
        bytes: utf8(exportAkomaNtoso(doc, options.akn)),
        mediaType: "application/akn+xml",
        extension: "xml",
      };
    default: {
      // Formats arrive as strings from the command line and the API, whatever the type says.
      const unknown: string = format;
      throw new ExportError(
        "unsupported_format",
        `Unknown export format "${unknown}"; use one of ${EXPORT_FORMATS.join(", ")}.`,
      );
    }
  }
}
