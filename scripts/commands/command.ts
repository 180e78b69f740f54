/** The shape of a subcommand of `policy`. */

export interface Command {
  /** One line for `policy --help`. */
  summary: string;
  /** Runs with the arguments after the subcommand's name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}
