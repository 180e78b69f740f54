/**
 * The command line's one way to read a subcommand's arguments: node:util parseArgs with `--help`/`-h` added to every
 * command, its errors said in one sentence that points at the help, and the checks of a folder argument.
 */
import { stat } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../../src/lib/errors.ts';
import { didYouMean } from './suggest.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The option every command takes. */
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** Asked for with `--help`: the entry prints `text` on standard output and exits 0. */
export class HelpRequest extends Error {
  readonly text: string;

  constructor(text: string) {
    super('help requested');
    this.text = text;
    this.name = 'HelpRequest';
  }
}

/** A bad-usage error (exit 2) for `policy <command>`, ending with the way to its help. */
export function usageError(command: string, message: string): UsageError {
  return new UsageError(`${message}; see policy ${command} --help`);
}

/**
 * Parses `args` for `policy <command>` (which also takes `--help`/`-h`: a HelpRequest carrying `help`); an unknown
 * option or a missing value is a UsageError (exit 2) naming it and the help.
 */
export function parseOptions<T extends Options>(command: string, args: string[], options: T, help: string) {
  const parsed = parseStrictly(command, args, { ...options, ...HELP_OPTION });
  if ((parsed.values as { help?: boolean }).help) throw new HelpRequest(help);
  return parsed;
}

/** parseArgs in strict mode, its errors turned into usage errors. */
function parseStrictly<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw usageError(command, describe(error as Error & { code?: string }, options));
  }
}

/** One sentence for a parseArgs error: node's own are long and suggest "--" tricks. */
function describe(error: Error & { code?: string }, options: Options): string {
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'(-{1,2}[^'\s=]+)/.exec(error.message)?.[1] ?? '';
    // Only a long option is matched: a single letter is too short to say which option it was meant for.
    const near = given.startsWith('--') ? didYouMean(given.slice(2), Object.keys(options), (name) => `--${name}`) : '';
    return `unknown option ${given}${near}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const long = /--([\w-]+)/.exec(error.message)?.[1];
    const short = /'-(\w)\b/.exec(error.message)?.[1];
    const name = long ?? Object.entries(options).find(([, config]) => config.short === short)?.[0] ?? short ?? '';
    return options[name]?.type === 'boolean' ? `option --${name} takes no value` : `option --${name} needs a value`;
  }
  return error.message.split('\n')[0]!.replace(/\.$/, '');
}

/** A policy folder argument that is not there is bad input (exit 2), not a policy with every file missing. */
export async function requireFolder(root: string): Promise<void> {
  const found = await stat(root).catch(() => undefined);
  if (!found) throw new UsageError(`no such folder "${root}"; give the folder that holds content/policy.yaml (default: the current folder)`);
  if (!found.isDirectory()) throw new UsageError(`"${root}" is a file, not a folder; give the folder that holds content/policy.yaml`);
}
