import path from "node:path";
import { z } from "zod";
import { applyDecision, ApplyError } from "../../editor/amend/index.ts";
import type { ImportJson } from "../../editor/import/contract.ts";
import { decodeText } from "../../editor/import/decode.ts";
import { toChineseNumeral } from "../../editor/numerals.ts";
import { parseCommandLine, twoArguments } from "../args.ts";
import type { Command } from "../command.ts";
import { InputError, readInputFile } from "../errors.ts";
import { readText } from "./amend.ts";

const usage = `Usage: kaimen apply OLD DECISION [--json]

Applies an amendment decision (修改决定) to OLD and prints the amended text. DECISION is the
decision as plain text (.txt, .md or .docx), in the standard phrasing whoever wrote it: items
一、二、… such as 将第九条第二款中的“……”修改为“……”, 删去第十五条, 在第十条中增加一款，作为第二款：
“……”, 增加一条，作为第十二条：“……”, 在第九条中的“……”后增加“……”, 增加一项, 第十条之一; “” or
"" quotes, full- or half-width punctuation. An item that cannot be applied is named, with why.

OLD is a file (.docx, .txt, .md); the database is not opened.

--json   print the amended text in exactly the shape of \`kaimen import FILE --json\``;

async function readDecision(file: string): Promise<string> {
  const bytes = readInputFile(file);
  if (path.extname(file).toLowerCase() === ".docx") {
    const mammoth = await import("mammoth");
    try {
      const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
      return value;
    } catch {
      throw new InputError(`${file} is not a readable .docx file`);
    }
  }
  return decodeText(bytes);
}

/** The amended text as a reader sees it: the title, then each article with its label. */
function plainText(json: ImportJson): string {
  const lines: string[] = json.title ? [json.title, ""] : [];
  let chapter: number | null = null;
  for (const article of json.articles) {
    if (article.chapter !== null && article.chapter !== chapter) {
      chapter = article.chapter;
      const heading = json.chapters.find((c) => c.number === chapter);
      if (heading) lines.push(`第${toChineseNumeral(heading.number)}章　${heading.title}`);
    }
    const [first = "", ...rest] = article.text.split("\n");
    lines.push(`${article.label}　${first}`, ...rest);
  }
  return lines.join("\n");
}

export const applyCommand: Command = {
  name: "apply",
  summary: "apply an amendment decision (修改决定) to a text and print the amended text",
  usage,
  async run(args) {
    const {
      positionals: [oldArg, decisionArg],
      json,
    } = parseCommandLine(
      args,
      { json: { type: "boolean" } },
      z.object({
        positionals: twoArguments("give exactly two files, OLD and DECISION"),
        json: z.boolean().default(false),
      }),
    );
    const before = await readText(oldArg);
    const decision = await readDecision(decisionArg);
    let after: ImportJson;
    try {
      after = applyDecision(before, decision);
    } catch (error) {
      if (error instanceof ApplyError) throw new InputError(error.message);
      throw error;
    }
    process.stdout.write(json ? `${JSON.stringify(after, null, 2)}\n` : `${plainText(after)}\n`);
    process.stderr.write(`${after.articles.length} articles\n`);
    return 0;
  },
};
