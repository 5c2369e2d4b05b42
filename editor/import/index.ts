// One entry for every file type: the extension chooses the reader, and every reader ends in
// parseLegalText, so every format yields the same ParseResult.

import { decodeText } from "./decode.ts";
import { ImportError } from "./errors.ts";
import { parseLegalText } from "./parse.ts";
import type { ParseResult } from "./parse.ts";

export type { ParseResult, UnplacedLine } from "./parse.ts";
export { ImportError } from "./errors.ts";

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf(".");
  return dot === -1 ? "" : filename.slice(dot + 1).toLowerCase();
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, at) => bytes[at] === byte);
}

/** Imports a .docx, .txt or .md file (anything else is read as text) into a document. */
export async function importFile(bytes: Uint8Array, filename: string): Promise<ParseResult> {
  const extension = extensionOf(filename);
  if (extension === "docx") {
    // Loaded on demand: mammoth is Node-only, and text imports must not pull it in.
    const { importDocx } = await import("./docx.node.ts");
    return importDocx(bytes);
  }
  // Reading these as text would produce pages of garbage instead of a clear refusal.
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) {
    throw new ImportError(
      "unsupported_format",
      `${filename} is a PDF; copy its text into a .txt file and import that.`,
    );
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new ImportError(
      "unsupported_format",
      `${filename} is an old Word (.doc) file; save it as .docx and import that.`,
    );
  }
  // HTML comments are markup only in markdown; in a .txt "<!--" is text of the law.
  return parseLegalText(decodeText(bytes), {
    markupComments: extension === "md" || extension === "markdown",
  });
}
