/** `policy redline <old> <new>`: the redline between two versions of the policy, for the terminal, a browser or a program. */
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../src/lib/errors.ts';
import { loadPolicySource } from '../../src/lib/load/source.ts';
import { computeRedline } from '../../src/lib/redline/compute.ts';
import { summaryLine } from '../../src/lib/redline/summary.ts';
import { println, userPath, type Command } from './command.ts';
import { parseOptions, usageError } from './options.ts';
import { repositoryRoot } from './repository.ts';

const HELP = `usage: policy redline <old> <new> [--format html|ansi|json] [--view inline|side-by-side] [-o FILE] [--exit-code]

<old> and <new> each name a policy: a folder (content/policy.yaml + content/policy/*.md, or content/ itself),
a single .md file (## headings are sections), a release (3.23, v3.23 or policy-v3.23: the release as the site
shows it, no tag needed), a git revision of this repository (HEAD~2, a tag, a commit id), or a .md file at a
revision (HEAD~2:SECURITY.md), read with git. Example: policy redline 3.22 3.23; policy redline 3.23 HEAD.

  --format    ansi (default on a terminal), html (default with -o FILE.html), json
  --view      inline (default) or side-by-side, for html
  -o FILE     write to FILE (atomically) instead of standard output
  --exit-code exit 1 when there are changes (to the text or to details such as the version), 0 when there are none
              (like git diff)

Colour follows the terminal: none when output is not a terminal or NO_COLOR is set.
Exit status: 0 done (1 with --exit-code and changes), 2 bad input.`;

export const redline: Command = {
  async run(args, io) {
    const { values, positionals } = parseOptions('redline', args, {
      format: { type: 'string' },
      view: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'exit-code': { type: 'boolean' },
    }, HELP);
    if (positionals.length !== 2) throw usageError('redline', `give two policies to compare (got ${positionals.length})`);
    const output = values.output === undefined ? undefined : userPath(io, values.output);
    // ANSI for a terminal or a pipe; a file's extension chooses HTML or JSON.
    const format = values.format ?? (output && /\.html?$/i.test(output) ? 'html' : output && /\.json$/i.test(output) ? 'json' : 'ansi');
    if (!['html', 'ansi', 'json'].includes(format)) throw usageError('redline', `unknown format "${format}"; use html, ansi or json`);
    const view = values.view ?? 'inline';
    if (view !== 'inline' && view !== 'side-by-side') throw usageError('redline', `unknown view "${view}"; use inline or side-by-side`);

    // Files and folders are read from where the command was typed; releases and revisions from the repository around it,
    // looked for only when one is named (two files compare outside any repository).
    let repo: Promise<string> | undefined;
    const repository = () => (repo ??= repositoryRoot(io.cwd));
    const [oldDoc, newDoc] = await Promise.all([loadPolicySource(positionals[0]!, io.cwd, repository), loadPolicySource(positionals[1]!, io.cwd, repository)]);
    const result = computeRedline(oldDoc, newDoc);
    const color = !output && !!io.stdout.isTTY && !io.env.NO_COLOR;
    // Each output loads only its own renderer: the terminal and JSON need no HTML serialiser.
    const text =
      format === 'json'
        ? `${JSON.stringify((await import('../../src/lib/redline/json.ts')).redlineToJson(result), null, 2)}\n`
        : format === 'html'
          ? (await import('../../src/lib/redline/standalone.ts')).renderRedlineStandalone(result, { view })
          : (await import('../../src/lib/redline/ansi.ts')).renderRedlineAnsi(result, { color });
    if (output) {
      await writeAtomically(output, text);
      // As git format-patch names the files it writes: the file, and what it holds.
      println(io.stdout, `wrote ${values.output}: ${summaryLine(result)}`);
    }
    else await new Promise<void>((resolve, reject) => io.stdout.write(text, (error) => (error ? reject(error) : resolve())));
    return values['exit-code'] && (result.changes.length > 0 || result.metadataChanges.length > 0) ? 1 : 0;
  },
};

/** Writes a file whole or not at all: a temporary file beside it, then a rename. */
async function writeAtomically(file: string, text: string): Promise<void> {
  // (node:crypto only here: loading it costs every run, and only -o needs it)
  const { randomBytes } = await import('node:crypto');
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write "${file}" (${code ?? (error as Error).message}); check that its folder exists and is writable`);
  }
}
