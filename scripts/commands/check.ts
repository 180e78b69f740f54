/** `policy check [DIR | --rev REV]`: loads the policy and reports every schema problem. */
import { formatProblem } from '../../src/lib/errors.ts';
import { checkPolicyFolder } from '../../src/lib/load/folder.ts';
import { checkPolicyAtCommit } from '../../src/lib/load/git-revision.ts';
import { println, userPath, type Command, type CommandIo } from './command.ts';
import { parseOptions, usageError } from './options.ts';
import { policyFolder, repositoryRoot } from './repository.ts';

const HELP = `usage: policy check [DIR] [--rev REV]

Loads content/policy.yaml and content/policy/*.md (from DIR, default the current folder or the top of
its git repository when run further down, or from git revision REV: a release such as 3.23, a branch,
a tag or a commit id) and prints each problem as file:line:column rule message.
Exit status: 0 no problems, 1 problems, 2 bad usage.`;

export const check: Command = {
  async run(args, io) {
    const { values, positionals } = parseOptions('check', args, { rev: { type: 'string' } }, HELP);
    if (positionals.length > 1) throw usageError('check', `takes one folder, not ${positionals.length}`);
    const result = values.rev ? await checkRevision(io, positionals[0], values.rev) : await checkPolicyFolder(await policyFolder(io, positionals[0]));
    for (const problem of result.problems) println(io.stderr, formatProblem(problem));
    if (result.document) println(io.stdout, `${result.document.metadata.title} v${result.document.metadata.version}: ${result.document.sections.length} sections, no problems`);
    return result.problems.length ? 1 : 0;
  },
};

/** The policy at `rev` (a release name or any revision, as redline takes them) of the repository at DIR, else of the one around the current folder. */
async function checkRevision(io: CommandIo, given: string | undefined, rev: string) {
  const repo = await repositoryRoot(given === undefined ? io.cwd : userPath(io, given));
  // (loaded only here: a release name reads the history, which a check of the working tree never needs)
  const { resolvePolicyRevision } = await import('../../src/lib/history/release-names.ts');
  return checkPolicyAtCommit(repo, (await resolvePolicyRevision(repo, rev)).commit);
}
