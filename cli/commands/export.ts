import fs from "node:fs";
import path from "node:path";
import { readEnv } from "../../config/env.ts";
import { versionForExport } from "../../db/queries/versions.ts";
import { EXPORT_FORMATS } from "../../editor/export/index.ts";
import { versionFile } from "../../services/documents/version-file.ts";
import { versionPdf } from "../../services/documents/version-pdf.ts";
import { isServiceError } from "../../services/errors.ts";
import { z } from "zod";
import { oneArgument, parseCommandLine } from "../args.ts";
import type { Command } from "../command.ts";
import { withDatabase } from "../database.ts";
import { InputError } from "../errors.ts";

// The PDF is made here, not by the editor's exporters: it needs the system's Chinese fonts.
const FORMATS = [...EXPORT_FORMATS, "pdf"] as const;

const usage = `Usage: kaimen export VERSION_ID --format ${FORMATS.join("|")} [--out FILE]

Writes a stored version as plain text, Markdown, JSON, Word (.docx) or PDF laid out like an
official draft (the PDF embeds the Noto CJK fonts, or KAIMEN_PDF_FONT), or Akoma Ntoso 3.0 XML.
Without --out, text formats go to standard output and binary ones to a file named after the
version in the current folder.`;

export const exportCommand: Command = {
  name: "export",
  summary: "export a version as txt, md, json, docx, pdf or Akoma Ntoso",
  usage,
  async run(args) {
    const {
      positionals: [versionId],
      format,
      out,
    } = parseCommandLine(
      args,
      { format: { type: "string" }, out: { type: "string" } },
      z.object({
        // Checked first: without a version nothing else matters.
        positionals: oneArgument("give exactly one VERSION_ID"),
        format: z.enum(FORMATS, {
          error: `--format must be one of ${FORMATS.join(", ")}`,
        }),
        out: z.string().min(1).optional(),
      }),
    );
    const env = readEnv();
    return withDatabase(env, async ({ db }) => {
      const version = await versionForExport(db, versionId);
      if (!version) throw new InputError(`no version with id ${versionId}`);
      const file =
        format === "pdf"
          ? await versionPdf(version, { font: env.pdfFont }).catch((error: unknown) => {
              if (isServiceError(error))
                throw new InputError(
                  "no Chinese font for the PDF: install fonts-noto-cjk or set KAIMEN_PDF_FONT",
                );
              throw error;
            })
          : await versionFile(version, format);
      const binary = format === "docx" || format === "pdf";
      if (!out && !binary) {
        process.stdout.write(Buffer.from(file.bytes));
        return 0;
      }
      const target = path.resolve(out ?? file.filename.replace(/[\\/:*?"<>|]/g, "_"));
      fs.writeFileSync(target, file.bytes);
      process.stderr.write(`Wrote ${target} (${file.bytes.length} bytes).\n`);
      return 0;
    });
  },
};
