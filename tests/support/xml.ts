import JSZip from "jszip";
import { SaxesParser } from "saxes";

/** The first well-formedness error of an XML document (XML 1.0, strict), or null. */
export function xmlError(xml: string): string | null {
  const parser = new SaxesParser({ xmlns: true });
  let error: string | null = null;
  parser.on("error", (e) => {
    error ??= e.message;
  });
  parser.write(xml).close();
  return error;
}

/** Every XML part of an Office file (XLSX, DOCX) that is not well-formed, with its error. */
export async function malformedParts(bytes: Uint8Array | ArrayBuffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = Object.values(zip.files).filter((f) => !f.dir && /\.(xml|rels)$/.test(f.name));
  if (parts.length === 0) throw new Error("No XML parts: not an Office file");
  const errors: string[] = [];
  for (const part of parts) {
    const error = xmlError(await part.async("string"));
    if (error) errors.push(`${part.name}: ${error}`);
  }
  return errors;
}
