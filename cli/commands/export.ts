import fs from "node:fs";
import path from "node:path";
import { readEnv } from "../../config/env.ts";
import { versionForExport } from "../../db/queries/versions.ts";
import { EXPORT_FORMATS } from "../../editor/export/index.ts";
import { versionFile } from "../../services/documents/version-file.ts";
import { z } from "zod";
import { oneArgument, parseCommandLine } from "../args.ts";
import type { Command } from "../command.ts";
import { withDatabase } from "../database.ts";
import { InputError } from "../errors.ts";

const usage = `Usage: kaimen export VERSION_ID --format ${EXPORT_FORMATS.join("|")} [--out FILE]

Writes a stored version as plain text, Markdown, JSON, Word (.docx) laid out like an official
draft, or Akoma Ntoso 3.0 XML. Without --out, text formats go to standard output and binary
ones to a file named after the version in the current folder.`;

export const exportCommand: Command = {
  name: "export",
  summary: "export a version as txt, md, json, docx or Akoma Ntoso",
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
        format: z.enum(EXPORT_FORMATS, {
          error: `--format must be one of ${EXPORT_FORMATS.join(", ")}`,
        }),
        out: z.string().min(1).optional(),
      }),
    );
    return withDatabase(readEnv(), async ({ db }) => {
      const version = await versionForExport(db, versionId);
      if (!version) throw new InputError(`no version with id ${versionId}`);
      const file = await versionFile(version, format);
      const binary = format === "docx";
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
