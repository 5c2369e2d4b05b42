/** Bad input from the person at the terminal: a one-line reason, exit code 1. */
export class InputError extends Error {
  readonly exitCode = 1;
}

/** The command was called wrongly: usage is printed, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}
