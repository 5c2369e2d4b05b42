import fs from "node:fs";

/** Bad input from the person at the terminal: a one-line reason, exit code 1. */
export class InputError extends Error {
  readonly exitCode = 1;
}

/** The command was called wrongly: usage is printed, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** A file named on the command line, read whole; a missing or unreadable one is bad input. */
export function readInputFile(file: string): Uint8Array {
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === "ENOENT"
        ? `no such file: ${file}`
        : code === "EISDIR"
          ? `${file} is a folder, not a file`
          : `cannot read ${file}: ${code}`,
    );
  }
}
