/** One `kaimen` sub-command. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Runs the command; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}
