import path from "node:path";
import { readEnv } from "../../config/env.ts";
import { versionLabels } from "../../db/codes.ts";
import { importFile, ImportError } from "../../editor/import/index.ts";
import { toImportJson } from "../../editor/import/contract.ts";
import { isServiceError } from "../../services/errors.ts";
import { addReadingFromFile } from "../../services/readings.ts";
import { z } from "zod";
import { oneArgument, parseCommandLine } from "../args.ts";
import type { Command } from "../command.ts";
import { InputError, readInputFile } from "../errors.ts";

const usage = `Usage: kaimen import FILE --json
       kaimen import FILE --bill BILL_ID --label LABEL [--note TEXT]

FILE is a .docx, .txt or .md file (UTF-8, UTF-16 or GB18030; the encoding is detected).

--json     print the parsed document as JSON (title, chapters, articles, unplaced lines);
           the database is not opened
--bill     add FILE to the bill as a new version; it inherits the pids of the bill's latest
           version, so readings form one lineage
--label    the version's label: ${versionLabels.join(", ")}
--note     the explanatory note (起草说明)`;

const labelMessage = `--label must be one of ${versionLabels.join(", ")}`;

// Either --json (print the parse), or --bill with --label (store it as a reading).
const ImportLine = z
  .object({
    positionals: oneArgument("give exactly one FILE"),
    json: z.boolean().default(false),
    bill: z.string().optional(),
    label: z.enum(versionLabels, { error: labelMessage }).optional(),
    note: z.string().optional(),
  })
  .refine((line) => line.json !== (line.bill !== undefined), {
    message: "give either --json or --bill (with --label)",
  })
  .refine((line) => line.json || line.label !== undefined, { message: labelMessage })
  .transform(({ positionals: [file], json, bill, label, note }) =>
    json || bill === undefined || label === undefined
      ? { json: true as const, file }
      : { json: false as const, file, billId: bill, label, note },
  );

export const importCommand: Command = {
  name: "import",
  summary: "parse a law from .docx/.txt/.md (--json), or add it to a bill as a reading",
  usage,
  async run(args) {
    const line = parseCommandLine(
      args,
      {
        json: { type: "boolean" },
        bill: { type: "string" },
        label: { type: "string" },
        note: { type: "string" },
      },
      ImportLine,
    );
    const { file } = line;

    if (line.json) {
      const bytes = readInputFile(file);
      try {
        const result = await importFile(bytes, path.basename(file));
        const json = toImportJson(result);
        if (json.articles.length === 0)
          throw new InputError(`no article (第…条) was found in ${file}`);
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        process.stderr.write(
          `${json.articles.length} articles, ${json.chapters.length} chapters, ${json.unplaced.length} unplaced lines\n`,
        );
        return 0;
      } catch (error) {
        if (error instanceof ImportError) throw new InputError(error.message);
        throw error;
      }
    }

    const bytes = readInputFile(file);
    const { billId, label, note } = line;
    // Loaded here, not at the top: the file path never opens the database, so it need not load
    // its driver (PGlite, pg) either.
    const { withDatabase } = await import("../database.ts");
    return withDatabase(readEnv(), async ({ db }) => {
      const bill = /^[0-9a-f-]{36}$/i.test(billId)
        ? await db.selectFrom("bills").select("title").where("id", "=", billId).executeTakeFirst()
        : undefined;
      if (!bill) throw new InputError(`no bill with id ${billId}`);
      try {
        const result = await addReadingFromFile(db, {
          billId,
          bytes,
          filename: path.basename(file),
          label,
          note,
        });
        for (const line of result.unplaced)
          process.stderr.write(`unplaced line ${line.line}: ${line.text}\n`);
        process.stderr.write(
          `Added ${label} to “${bill.title}” as version ${result.versionId}: ${result.articles} articles` +
            (result.draftReplaced
              ? "; the working draft now starts from it.\n"
              : "; the working draft (with unpublished edits) was kept.\n"),
        );
        process.stdout.write(
          `${JSON.stringify({ versionId: result.versionId, articles: result.articles, unplaced: result.unplaced })}\n`,
        );
        return 0;
      } catch (error) {
        if (isServiceError(error))
          throw new InputError(String(error.params.reason ?? error.message));
        throw error;
      }
    });
  },
};
