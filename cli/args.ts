import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";
import { InputError, UsageError } from "./errors.ts";

// A command line is read in two steps, like every other input: node:util's parseArgs splits it
// into options and positionals (an unknown option is misuse), then the command's zod schema
// gives them their meaning. A schema failure is misuse (exit 2, the usage is printed) — a
// missing FILE, an unknown --format; a value that is well placed but wrong (a malformed e-mail,
// a short password) is bad input, checked with `parseInput` (exit 1, one line).

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The first issue's message, on one line: what the person at the terminal reads. */
function oneLine(error: z.ZodError): string {
  const issue = error.issues[0];
  return (issue?.message ?? "invalid arguments").replace(/\s*\n\s*/g, " ");
}

/** Splits a command's arguments strictly; unknown options are a usage error, not a crash. */
function split<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Parses a command line: its options (node:util), then their meaning by `schema`, which reads
 * `{ ...options, positionals }`. Any failure is a UsageError (exit 2) with the issue's message.
 */
export function parseCommandLine<T extends Options, S extends z.ZodType>(
  args: string[],
  options: T,
  schema: S,
): z.output<S> {
  const { values, positionals } = split(args, options);
  const parsed = schema.safeParse({ ...values, positionals });
  if (!parsed.success) throw new UsageError(oneLine(parsed.error));
  return parsed.data;
}

/** A command that takes no options and no positionals. */
export function parseNoArguments(args: string[]): void {
  parseCommandLine(
    args,
    {},
    z.object({ positionals: z.array(z.string()).max(0, "takes no arguments") }),
  );
}

/** Checks a well-placed value by `schema`; a failure is bad input (exit 1, one line). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InputError(oneLine(parsed.error));
  return parsed.data;
}

/** Exactly one positional (a FILE, a VERSION_ID), with the usage error's message when not. */
export function oneArgument(message: string) {
  return z.tuple([z.string().min(1, message)], { error: message });
}

/** Exactly two positionals (OLD and NEW), with the usage error's message when not. */
export function twoArguments(message: string) {
  return z.tuple([z.string().min(1, message), z.string().min(1, message)], { error: message });
}
