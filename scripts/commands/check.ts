/** `policy check [DIR | --rev REV]`: loads the policy and reports every schema problem. */
import { formatProblem } from '../../src/lib/errors.ts';
import { checkPolicyFolder } from '../../src/lib/load/folder.ts';
import { checkPolicyAtRevision } from '../../src/lib/load/git-revision.ts';
import { println, userPath, type Command } from './command.ts';
import { parseOptions, requireFolder, usageError } from './options.ts';

const HELP = `usage: policy check [DIR] [--rev REV]

Loads content/policy.yaml and content/policy/*.md (from DIR, default ".", or from git revision REV)
and prints each problem as file:line:column rule message.
Exit status: 0 no problems, 1 problems, 2 bad usage.`;

export const check: Command = {
  async run(args, io) {
    const { values, positionals } = parseOptions('check', args, { rev: { type: 'string' } }, HELP);
    if (positionals.length > 1) throw usageError('check', `takes one folder, not ${positionals.length}`);
    const root = userPath(io, positionals[0] ?? '.');
    await requireFolder(root);
    const result = values.rev ? await checkPolicyAtRevision(root, values.rev) : await checkPolicyFolder(root);
    for (const problem of result.problems) println(io.stderr, formatProblem(problem));
    if (result.document) println(io.stdout, `${result.document.metadata.title} v${result.document.metadata.version}: ${result.document.sections.length} sections, no problems`);
    return result.problems.length ? 1 : 0;
  },
};
