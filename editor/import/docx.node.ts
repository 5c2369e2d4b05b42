// Word files are read as raw text (one line per paragraph) and then parsed like any text, so
// a .docx and a .txt of the same law import alike. mammoth takes a Node Buffer, hence .node.ts.

import mammoth from "mammoth";
import { ImportError } from "./errors.ts";
import { parseLegalText } from "./parse.ts";
import type { ParseResult } from "./parse.ts";
import { DOCX_LIMITS, verifyZip, ZipRefused } from "./zip-guard.node.ts";

/**
 * Imports a .docx file's bytes; list numbering Word adds itself is not part of the raw text.
 * The archive is checked first (zip-guard): mammoth unpacks everything into memory at once.
 */
export async function importDocx(bytes: Uint8Array): Promise<ParseResult> {
  try {
    verifyZip(bytes, DOCX_LIMITS);
  } catch (error) {
    if (!(error instanceof ZipRefused)) throw error;
    throw new ImportError(
      error.reason === "malformed" ? "unsupported_format" : "too_large",
      error.reason === "malformed"
        ? `this .docx file cannot be read (${error.message})`
        : `this .docx file unpacks to too much (${error.message}); it is refused unread`,
    );
  }
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  return parseLegalText(value, { markupComments: false });
}
