// Just enough XML writing for the Akoma Ntoso export: escaping and attribute lists. Written by
// hand rather than with a DOM, because editor/ must run where no DOM exists (server, CLI).

// XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/U+FFFF even as references,
// so they cannot be escaped, only left out; text pasted from Word does carry them, and so do
// opinions stored before input was checked. (Matching control characters is this pattern's
// purpose, which the lint rule against them in patterns cannot know.)
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Drops the characters XML 1.0 cannot hold (C0 controls but tab, LF and CR; U+FFFE, U+FFFF;
 * lone surrogates). Every writer of an XML-based file (Akoma Ntoso, DOCX, XLSX) passes its
 * text through this, since the docx and exceljs libraries escape markup but not these.
 */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML_CHAR, "");
}

/** Escapes text for XML content or a double-quoted attribute, dropping characters XML cannot hold. */
export function escapeXml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** An attribute list such as ` eId="art_1" GUID="…"`; undefined values are left out. */
export function xmlAttributes(attrs: Record<string, string | undefined>): string {
  return Object.entries(attrs)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join("");
}
