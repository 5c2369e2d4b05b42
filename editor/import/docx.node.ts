// Word files are read as raw text (one line per paragraph) and then parsed like any text, so
// a .docx and a .txt of the same law import alike. mammoth takes a Node Buffer, hence .node.ts.

import mammoth from "mammoth";
import { parseLegalText } from "./parse.ts";
import type { ParseResult } from "./parse.ts";

/** Imports a .docx file's bytes; list numbering Word adds itself is not part of the raw text. */
export async function importDocx(bytes: Uint8Array): Promise<ParseResult> {
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  return parseLegalText(value);
}
