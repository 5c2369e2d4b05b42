import zlib from "node:zlib";

// Builds zip archives for the upload tests and bench/uploads.ts without a zip library: nothing
// on disk (DEFLATE of repetitive XML packs about 1000:1), built in memory, and able to lie about
// an entry's unpacked size the way a crafted bomb does.

export interface ZipInput {
  name: string;
  /** The entry's content: bytes, or a unit repeated up to `bytes` (without building it whole). */
  data: Uint8Array | string | { head?: string; repeat: string; bytes: number; tail?: string };
  /** The unpacked size the directory claims (defaults to the truth). */
  declaredSize?: number;
}

function deflate(data: ZipInput["data"]): { packed: Buffer; size: number; crc: number } {
  if (typeof data === "string" || data instanceof Uint8Array) {
    const raw = Buffer.from(data);
    return { packed: zlib.deflateRawSync(raw), size: raw.length, crc: zlib.crc32(raw) };
  }
  // Buffer.alloc fills with the repeated unit natively; deflate packs it about 1000:1.
  const unit = Buffer.from(data.repeat);
  const body = Buffer.alloc(data.bytes - (data.bytes % unit.length), unit);
  const raw = Buffer.concat([Buffer.from(data.head ?? ""), body, Buffer.from(data.tail ?? "")]);
  return { packed: zlib.deflateRawSync(raw, { level: 9 }), size: raw.length, crc: zlib.crc32(raw) };
}

/** A zip archive of the entries, all DEFLATE-compressed. */
export function makeZip(entries: ZipInput[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const { packed, size, crc } = deflate(entry.data);
    const name = Buffer.from(entry.name);
    const declared = entry.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const CONTENT_TYPES_DOCX =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS_DOCX =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

/** A .docx whose document.xml unpacks to `bytes` of paragraphs (declared truthfully unless told). */
export function docxBomb(bytes: number, declaredSize?: number): Uint8Array {
  return makeZip([
    { name: "[Content_Types].xml", data: CONTENT_TYPES_DOCX },
    { name: "_rels/.rels", data: RELS_DOCX },
    {
      name: "word/document.xml",
      data: {
        head: '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
        repeat: "<w:p><w:r><w:t>第一条　炸弹。</w:t></w:r></w:p>",
        bytes,
        tail: "</w:body></w:document>",
      },
      declaredSize,
    },
  ]);
}

/** An .xlsx whose first sheet has `rows` rows (and declares `declaredRows` in its dimension). */
export function xlsxWithRows(
  rows: number,
  options: { declaredRows?: number | null; declaredSize?: number; cell?: string } = {},
): Uint8Array {
  const dimension =
    options.declaredRows === null ? "" : `<dimension ref="A1:B${options.declaredRows ?? rows}"/>`;
  const cell = options.cell ?? "意见";
  return makeZip([
    {
      name: "[Content_Types].xml",
      data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    },
    {
      name: "_rels/.rels",
      data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    },
    {
      name: "xl/workbook.xml",
      data: '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="意见" sheetId="1" r:id="rId1"/></sheets></workbook>',
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    },
    {
      name: "xl/worksheets/sheet1.xml",
      data: {
        head: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${dimension}<sheetData>`,
        // Row numbers are left out (allowed by the format), so one unit repeats.
        repeat: `<row><c t="inlineStr"><is><t>第一条</t></is></c><c t="inlineStr"><is><t>${cell}</t></is></c></row>`,
        bytes:
          rows *
          Buffer.byteLength(
            `<row><c t="inlineStr"><is><t>第一条</t></is></c><c t="inlineStr"><is><t>${cell}</t></is></c></row>`,
          ),
        tail: "</sheetData></worksheet>",
      },
      declaredSize: options.declaredSize,
    },
  ]);
}
