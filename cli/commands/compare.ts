import fs from "node:fs";
import path from "node:path";
import { readEnv } from "../../config/env.ts";
import { compareFiles } from "../../editor/compare/compare.ts";
import { ImportError } from "../../editor/import/index.ts";
import { compareVersions, serverSegmenter } from "../../services/comparison.ts";
import { z } from "zod";
import { parseCommandLine, twoArguments } from "../args.ts";
import type { Command } from "../command.ts";
import { InputError } from "../errors.ts";

const usage = `Usage: kaimen compare OLD NEW --json

Compares two texts article by article and prints the 修改对照表 as JSON: one row per article
with its kind (unchanged, modified, added, deleted, moved, split, merged), its numbers on each
side, whether it was renumbered or its text changed, and a phrase-level diff.

OLD and NEW are files (.docx, .txt, .md; the database is not opened) or version ids of one bill.`;

const isVersionId = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export const compareCommand: Command = {
  name: "compare",
  summary: "compare two texts (files or version ids) article by article, as JSON",
  usage,
  async run(args) {
    const {
      positionals: [oldArg, newArg],
    } = parseCommandLine(
      args,
      { json: { type: "boolean" } },
      z.object({
        positionals: twoArguments("give exactly two texts, OLD and NEW"),
        json: z.literal(true, {
          error: "--json is required (the comparison is printed as JSON)",
        }),
      }),
    );
    const bothFiles = [oldArg, newArg].every((p) => fs.existsSync(p));
    const bothVersions = [oldArg, newArg].every(isVersionId);
    let result;
    if (bothFiles) {
      const read = (p: string) => {
        if (fs.statSync(p).isDirectory()) throw new InputError(`${p} is a folder, not a file`);
        return new Uint8Array(fs.readFileSync(p));
      };
      try {
        result = await compareFiles(
          read(oldArg),
          path.basename(oldArg),
          read(newArg),
          path.basename(newArg),
          serverSegmenter(),
        );
      } catch (error) {
        if (error instanceof ImportError) throw new InputError(error.message);
        throw error;
      }
      const rows = result.rows;
      const articles = (side: "old" | "new") =>
        rows.reduce((n: number, r) => n + r[side].length, 0);
      if (articles("old") === 0) throw new InputError(`no article (第…条) was found in ${oldArg}`);
      if (articles("new") === 0) throw new InputError(`no article (第…条) was found in ${newArg}`);
    } else if (bothVersions) {
      // Loaded here, not at the top: the file path never opens the database, so it need not load
      // its driver (PGlite, pg) either.
      const { withDatabase } = await import("../database.ts");
      result = await withDatabase(readEnv(), async ({ db }) => {
        const versions = await db
          .selectFrom("versions")
          .select(["id", "bill_id"])
          .where("id", "in", [oldArg, newArg])
          .execute();
        for (const id of [oldArg, newArg])
          if (!versions.some((v) => v.id === id)) throw new InputError(`no version with id ${id}`);
        if (new Set(versions.map((v) => v.bill_id)).size > 1)
          throw new InputError("the two versions belong to different bills");
        return compareVersions(db, oldArg, newArg);
      });
    } else {
      const missing = [oldArg, newArg].find((p) => !fs.existsSync(p) && !isVersionId(p));
      throw new InputError(
        missing
          ? `no such file or version id: ${missing}`
          : "give two files or two version ids, not one of each",
      );
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
    const s = result.summary;
    process.stderr.write(
      `${s.unchanged} unchanged, ${s.modified} modified, ${s.added} added, ${s.deleted} deleted, ${s.moved} moved, ${s.split} split, ${s.merged} merged\n`,
    );
    return 0;
  },
};
