/** Input checks shared by every subcommand: options (node:util parseArgs, its errors said the CLI's way) and folders. */
import { stat } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../../src/lib/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `args` for `policy <command>`; an unknown option or a missing value is a UsageError (exit 2) naming it and the help. */
export function parseOptions<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(`${describe(error as Error & { code?: string }, options)}; run "policy ${command} --help" for its options`);
  }
}

/** One sentence for a parseArgs error: node's own are long and suggest "--" tricks. */
function describe(error: Error & { code?: string }, options: Options): string {
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'(-{1,2}[^'\s=]+)/.exec(error.message)?.[1] ?? '';
    const stem = given.replace(/^-+/, '').slice(0, 3);
    const near = stem.length === 3 ? Object.keys(options).find((name) => name.startsWith(stem)) : undefined;
    return `unknown option "${given}"${near ? ` (did you mean --${near}?)` : ''}`;
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
