// Files come as UTF-8 (with or without BOM), UTF-16 or GB18030 (CONTRACTS.md). A BOM settles
// it. Without one, valid UTF-8 with no NUL byte is UTF-8: Chinese text in GB18030 or UTF-16 is
// practically never valid UTF-8, while UTF-16 text of Chinese may be (第 is 2C 7B) but always
// carries NULs from its newlines and ASCII. Otherwise the UTF-16 byte orders and GB18030 are
// each decoded and the one that reads most like Chinese or Latin text wins.

import iconv from "iconv-lite";

/** An encoding decodeText can detect. */
export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "gb18030";

const BOMS: { bytes: number[]; encoding: TextEncodingName }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: "utf-8" },
  { bytes: [0xff, 0xfe], encoding: "utf-16le" },
  { bytes: [0xfe, 0xff], encoding: "utf-16be" },
  { bytes: [0x84, 0x31, 0x95, 0x33], encoding: "gb18030" },
];

// Characters a legal text is made of: ASCII, CJK punctuation and ideographs, full-width forms,
// general punctuation (quotes, dashes) and Latin-1.
const PLAUSIBLE =
  /[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, at) => bytes[at] === byte);
}

function decodeStrict(bytes: Uint8Array, encoding: "utf-8" | "utf-16le"): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function swapBytePairs(bytes: Uint8Array): Uint8Array {
  // TextDecoder's utf-16be needs full ICU in some runtimes; swapping to LE works everywhere.
  const swapped = new Uint8Array(bytes.length - (bytes.length % 2));
  for (let at = 0; at + 1 < bytes.length; at += 2) {
    swapped[at] = bytes[at + 1]!;
    swapped[at + 1] = bytes[at]!;
  }
  return swapped;
}

function decodeAs(bytes: Uint8Array, encoding: TextEncodingName): string | null {
  switch (encoding) {
    case "utf-8":
      return decodeStrict(bytes, "utf-8");
    case "utf-16le":
      return bytes.length % 2 === 0 ? decodeStrict(bytes, "utf-16le") : null;
    case "utf-16be":
      return bytes.length % 2 === 0 ? decodeStrict(swapBytePairs(bytes), "utf-16le") : null;
    case "gb18030":
      return iconv.decode(bytes, "gb18030", { stripBOM: false });
  }
}

function plausibility(text: string): number {
  let plausible = 0;
  let total = 0;
  for (const char of text) {
    total++;
    if (PLAUSIBLE.test(char)) plausible++;
  }
  return total === 0 ? 1 : plausible / total;
}

/** Names the encoding of a text file's bytes and the length of its byte order mark. */
export function detectEncoding(bytes: Uint8Array): {
  encoding: TextEncodingName;
  bomLength: number;
} {
  for (const bom of BOMS) {
    if (startsWith(bytes, bom.bytes))
      return { encoding: bom.encoding, bomLength: bom.bytes.length };
  }
  if (!bytes.includes(0) && decodeStrict(bytes, "utf-8") !== null)
    return { encoding: "utf-8", bomLength: 0 };
  let best: { encoding: TextEncodingName; score: number } = { encoding: "gb18030", score: -1 };
  for (const encoding of ["utf-16le", "utf-16be", "gb18030"] as const) {
    const text = decodeAs(bytes, encoding);
    const score = text === null ? -1 : plausibility(text);
    if (score > best.score) best = { encoding, score };
  }
  return { encoding: best.encoding, bomLength: 0 };
}

/** Decodes a text file's bytes (UTF-8, UTF-16 LE/BE or GB18030, detected) without its BOM. */
export function decodeText(bytes: Uint8Array): string {
  const { encoding, bomLength } = detectEncoding(bytes);
  const body = bytes.subarray(bomLength);
  // Detection proved the strict decoders succeed, except after a BOM, where the file's own
  // word is taken and bad bytes become U+FFFD rather than failing the import.
  const text =
    decodeAs(body, encoding) ??
    (encoding === "utf-16be"
      ? new TextDecoder("utf-16le").decode(swapBytePairs(body))
      : new TextDecoder(encoding === "gb18030" ? "utf-8" : encoding).decode(body));
  return text.replace(/^\ufeff/, "");
}
