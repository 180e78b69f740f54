/** The shape of a subcommand of `policy`, and of its entry in the registry. */

export interface Command {
  /** Runs with the arguments after the subcommand's name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

/** A registry entry: the summary for `policy --help`, and the module, loaded only when the command runs. */
export interface CommandEntry {
  /** One line for `policy --help`. */
  summary: string;
  load(): Promise<Command>;
}
