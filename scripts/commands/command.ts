/** The shape of a subcommand of `policy`, what it runs with, and its entry in the registry. */
import { userPath as fromFolder } from '../../src/lib/user-path.ts';

/** Where a command's text goes: a process stream, or a test's buffer. */
export interface Output {
  /** Writes `text`; `done` is called once it is handed over (a pipe may take a while for a large redline). */
  write(text: string, done?: (error?: Error | null) => void): unknown;
  /** True for a terminal (colour on). */
  isTTY?: boolean;
}

/** What a command runs in: the process's own for the command line, a test's own when it runs the command in-process. */
export interface CommandIo {
  /** The folder relative paths are read from ('.' is the process's current folder). */
  cwd: string;
  /** The environment the command reads its settings from (NO_COLOR, POLICY_ARCHIVE_URL, ...). */
  env: NodeJS.ProcessEnv;
  stdout: Output;
  stderr: Output;
}

export interface Command {
  /** Runs with the arguments after the subcommand's name; resolves to the exit code. */
  run(args: string[], io: CommandIo): Promise<number>;
}

/** A registry entry: the summary for `policy --help`, and the module, loaded only when the command runs. */
export interface CommandEntry {
  /** One line for `policy --help`. */
  summary: string;
  load(): Promise<Command>;
}

/** The streams given their EPIPE listener once: a process that runs many commands (the tests) adds no more. */
const guarded = new WeakSet<NodeJS.WriteStream>();

/**
 * The command line's own: this process's folder, environment and streams. Output to a reader that has gone (`policy
 * import … | head -1`) is dropped and the command goes on to finish its work, rather than stopping half-way with
 * Node's EPIPE trace.
 */
export function processIo(): CommandIo {
  for (const stream of [process.stdout, process.stderr]) {
    if (guarded.has(stream)) continue;
    guarded.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
  return { cwd: '.', env: process.env, stdout: process.stdout, stderr: process.stderr };
}

/** Writes one line to `output`. */
export function println(output: Output, line = ''): void {
  output.write(`${line}\n`);
}

/** A path the user gave, taken from `io.cwd` when relative (kept as written for the command line's own folder). */
export function userPath(io: CommandIo, file: string): string {
  return fromFolder(io.cwd, file);
}
