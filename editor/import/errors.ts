/** A file the importer cannot read; `message` says why in words a user can act on. */
export class ImportError extends Error {
  override name = "ImportError";
  constructor(
    /** unsupported_format: not a text or Word file; too_large: over the size or work bounds. */
    readonly code: "unsupported_format" | "too_large",
    message: string,
  ) {
    super(message);
  }
}
