import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { readEnv } from "../../config/env.ts";
import { AmendRefusal, importJsonOf, writeDecision } from "../../editor/amend/index.ts";
import type { ImportJson } from "../../editor/import/contract.ts";
import { toImportJson } from "../../editor/import/contract.ts";
import { importFile, ImportError } from "../../editor/import/index.ts";
import type { LegalDocJSON } from "../../editor/document-json.ts";
import { serverSegmenter } from "../../services/comparison.ts";
import { parseCommandLine, twoArguments } from "../args.ts";
import type { Command } from "../command.ts";
import { InputError, readInputFile } from "../errors.ts";

const usage = `Usage: kaimen amend OLD NEW [--json] [--effective DATE]

Writes the amendment decision (修改决定, 关于修改《…》的决定) that turns OLD into NEW: items
一、二、… in the order of the text, in the standard phrasing (将第九条第二款中的“……”修改为“……”;
在第十条中增加一款，作为第二款：“……”; 增加一条，作为第十二条：“……”; 删去第十五条; …),
citing OLD's numbers, ending with 条文顺序作相应调整 when the numbering shifted. The decision is
checked by applying it to OLD before it is printed. A full revision (修订) is refused: it is
enacted as a whole new text.

OLD and NEW are files (.docx, .txt, .md; the database is not opened) or version ids of one bill.

--json        print the decision as data (title, items with their clauses, closing lines, text)
--effective   the date the decision takes effect, printed as 本决定自DATE起施行
              (e.g. 2023年3月15日, or 公布之日)
--title       the law's name, when the old text carries none`;

const isVersionId = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** Reads a file argument as a parsed text; unreadable files are one line of bad input. */
export async function readText(file: string): Promise<ImportJson> {
  const bytes = readInputFile(file);
  try {
    const json = toImportJson(await importFile(bytes, path.basename(file)));
    if (json.articles.length === 0) throw new InputError(`no article (第…条) was found in ${file}`);
    return json;
  } catch (error) {
    if (error instanceof ImportError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
}

/** Loads two versions of one bill from the database as parsed texts. */
async function readVersions(oldId: string, newId: string): Promise<[ImportJson, ImportJson]> {
  // Loaded here, not at the top: the file path never opens the database.
  const { withDatabase } = await import("../database.ts");
  return withDatabase(readEnv(), async ({ db }) => {
    const versions = await db
      .selectFrom("versions as v")
      .innerJoin("bills as b", "b.id", "v.bill_id")
      .select(["v.id", "v.bill_id", "v.document", "b.title as billTitle"])
      .where("v.id", "in", [oldId, newId])
      .execute();
    const find = (id: string) => {
      const found = versions.find((v) => v.id === id);
      if (!found) throw new InputError(`no version with id ${id}`);
      return importJsonOf(found.document as unknown as LegalDocJSON, found.billTitle);
    };
    if (new Set(versions.map((v) => v.bill_id)).size > 1)
      throw new InputError("the two versions belong to different bills");
    return [find(oldId), find(newId)];
  });
}

/** OLD and NEW as parsed texts: two files or two version ids. */
export async function readPair(oldArg: string, newArg: string): Promise<[ImportJson, ImportJson]> {
  const bothFiles = [oldArg, newArg].every((p) => fs.existsSync(p));
  if (bothFiles) return [await readText(oldArg), await readText(newArg)];
  if ([oldArg, newArg].every(isVersionId)) return readVersions(oldArg, newArg);
  const missing = [oldArg, newArg].find((p) => !fs.existsSync(p) && !isVersionId(p));
  throw new InputError(
    missing
      ? `no such file or version id: ${missing}`
      : "give two files or two version ids, not one of each",
  );
}

export const amendCommand: Command = {
  name: "amend",
  summary: "write the amendment decision (修改决定) that turns OLD into NEW",
  usage,
  async run(args) {
    const {
      positionals: [oldArg, newArg],
      json,
      effective,
      title,
    } = parseCommandLine(
      args,
      { json: { type: "boolean" }, effective: { type: "string" }, title: { type: "string" } },
      z.object({
        positionals: twoArguments("give exactly two texts, OLD and NEW"),
        json: z.boolean().default(false),
        effective: z.string().min(1, "--effective needs a date").optional(),
        title: z.string().min(1, "--title needs the law's name").optional(),
      }),
    );
    const [before, after] = await readPair(oldArg, newArg);
    let decision;
    try {
      decision = writeDecision(before, after, {
        segment: serverSegmenter(),
        ...(effective ? { effective } : {}),
        ...(title ? { title } : {}),
      });
    } catch (error) {
      if (error instanceof AmendRefusal) throw new InputError(error.message);
      throw error;
    }
    process.stdout.write(json ? `${JSON.stringify(decision, null, 2)}\n` : `${decision.text}\n`);
    process.stderr.write(
      `${decision.items.length} items${decision.renumber ? ", numbering adjusted" : ""}\n`,
    );
    return 0;
  },
};
