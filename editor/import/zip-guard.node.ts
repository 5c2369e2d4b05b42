// A .docx or .xlsx is a zip, and a zip can be a bomb: 872 KB of DEFLATE once unpacked into
// 300 MB of XML and took the server down with it. Before any library unpacks an upload, its
// central directory (the zip's table of contents, at its end) is read here: entry count, each
// entry's declared unpacked size and compression ratio, and their total. That costs a few
// microseconds per entry and unpacks nothing. Declared sizes can lie, so verifyZip then
// inflates each entry with zlib's maxOutputLength set to what was declared: a liar is stopped
// at the first byte beyond its word instead of after gigabytes.

import zlib from "node:zlib";

/** Why an upload was refused before being read. */
export type ZipRefusalReason = "malformed" | "too_many_entries" | "too_large" | "ratio";

/** An archive refused by the guard; `reason` picks the user's message, `message` is for logs and the CLI. */
export class ZipRefused extends Error {
  override name = "ZipRefused";
  constructor(
    readonly reason: ZipRefusalReason,
    message: string,
  ) {
    super(message);
  }
}

/** What a zip may hold before it is unpacked. */
export interface ZipLimits {
  maxEntries: number;
  /** Largest declared unpacked size of one entry, in bytes. */
  maxEntryBytes: number;
  /** Largest sum of the declared unpacked sizes, in bytes. */
  maxTotalBytes: number;
  /** Largest unpacked/packed ratio of an entry over 1 MB (XML packs about 10:1; bombs 1000:1). */
  maxRatio: number;
}

/** Generous for a law of a thousand articles with pictures; far below what hurts a server. */
export const DOCX_LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxEntryBytes: 48 * 1024 * 1024,
  maxTotalBytes: 96 * 1024 * 1024,
  maxRatio: 100,
};

/** One file of the archive as the central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const RATIO_FLOOR = 1024 * 1024;

function malformed(why: string): never {
  throw new ZipRefused("malformed", `not a readable zip archive (${why})`);
}

/** True when the bytes start like a zip archive (PK\x03\x04, or PK\x05\x06 for an empty one). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/** Reads the central directory only; nothing is unpacked. */
export function readCentralDirectory(bytes: Uint8Array, maxEntries = Infinity): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is the last 22 bytes plus a comment of at most 65,535.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd === -1) malformed("no end of central directory");
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  // ZIP64 markers: no office file of the sizes accepted here needs them.
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff)
    throw new ZipRefused("too_large", "ZIP64 archive");
  if (count > maxEntries)
    throw new ZipRefused("too_many_entries", `${count} entries (at most ${maxEntries})`);
  if (offset + size > eocd) malformed("central directory out of bounds");
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL) malformed("bad directory entry");
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const entry: ZipEntry = {
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    };
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff)
      throw new ZipRefused("too_large", `ZIP64 entry ${entry.name}`);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Refuses an archive whose directory exceeds the limits; answers its entries otherwise. */
export function checkZip(bytes: Uint8Array, limits: ZipLimits): ZipEntry[] {
  const entries = readCentralDirectory(bytes, limits.maxEntries);
  let total = 0;
  for (const entry of entries) {
    if (entry.uncompressedSize > limits.maxEntryBytes)
      throw new ZipRefused(
        "too_large",
        `${entry.name} unpacks to ${entry.uncompressedSize} bytes (at most ${limits.maxEntryBytes})`,
      );
    if (
      entry.uncompressedSize > RATIO_FLOOR &&
      entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)
    )
      throw new ZipRefused(
        "ratio",
        `${entry.name} is packed ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}:1`,
      );
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes)
      throw new ZipRefused(
        "too_large",
        `the archive unpacks to more than ${limits.maxTotalBytes} bytes`,
      );
  }
  return entries;
}

function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL)
    malformed(`bad local header of ${entry.name}`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.length) malformed(`${entry.name} is cut short`);
  return bytes.subarray(start, start + entry.compressedSize);
}

/**
 * Unpacks one entry, refusing to produce more than `maxBytes` (its declared size by default).
 * zlib stops at the limit, so a lying entry costs at most that much memory.
 */
export function inflateEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  maxBytes = entry.uncompressedSize,
): Buffer {
  const data = entryData(bytes, entry);
  if (entry.method === 0) {
    if (data.length > maxBytes) throw new ZipRefused("too_large", `${entry.name} is too large`);
    return Buffer.from(data);
  }
  if (entry.method !== 8) malformed(`${entry.name} uses compression method ${entry.method}`);
  try {
    // maxOutputLength must be at least 1; an empty entry inflates to nothing either way.
    return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      throw new ZipRefused("too_large", `${entry.name} unpacks to more than it declares`);
    malformed(`${entry.name}: ${(error as Error).message}`);
  }
}

/**
 * Unpacks the first bytes of an entry (at most `maxBytes` out of a few KB in), enough to read
 * a worksheet's declared <dimension> without unpacking the sheet.
 */
export function inflateHead(bytes: Uint8Array, entry: ZipEntry, maxBytes = 64 * 1024): string {
  const data = entryData(bytes, entry);
  if (entry.method === 0) return new TextDecoder().decode(data.subarray(0, maxBytes));
  if (entry.method !== 8) return "";
  try {
    // A truncated stream flushed with SYNC_FLUSH yields what it holds, without an error; 4 KB
    // packed is at most ~4 MB unpacked, even for a bomb.
    const head = zlib.inflateRawSync(data.subarray(0, 4096), {
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
    });
    return new TextDecoder().decode(head.subarray(0, maxBytes));
  } catch {
    return "";
  }
}

/** Checks the directory, then unpacks each entry against its declared size (and the limits). */
export function verifyZip(bytes: Uint8Array, limits: ZipLimits): ZipEntry[] {
  const entries = checkZip(bytes, limits);
  for (const entry of entries) inflateEntry(bytes, entry);
  return entries;
}
