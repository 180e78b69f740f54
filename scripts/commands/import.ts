/** `policy import <mbox> [--proposal SLUG] [--base REV]`: checks a received series and stores it as a proposal. */
import path from 'node:path';
import { DEFAULT_ARCHIVE_URL, importSeries } from '../../src/lib/proposals/import.ts';
import { optionalSiteIdentity } from '../../src/lib/site/identity.ts';
import { MBOX_LIMITS } from '../../src/lib/proposals/mbox.ts';
import { println, type Command } from './command.ts';
import { parseOptions, usageError } from './options.ts';
import { repositoryRoot } from './repository.ts';

const HELP = `usage: policy import <mbox> [--proposal SLUG] [--version N] [--base REV] [--archive-url PATTERN] [--example]

Reads a patch series (cover letter and patches, as "policy series" or "git format-patch --cover-letter
--base=..." writes them) with git mailsplit and mailinfo, checks it, applies it with git am at its
base-commit in a scratch repository, and on success stores the mbox as received in
content/proposals/<slug>/v<N>.mbox beside content/proposals/<slug>/proposal.yaml.

It refuses (exit 2), naming the patch and the file or hunk, a series that touches anything but
content/policy/*.md and content/policy.yaml (or changes file modes, symlinks, binary files), one with no
base-commit or one this repository does not have, one that is incomplete, one that does not apply, one
whose result is not a valid policy, a mail whose headers git cannot decode to UTF-8, and an mbox over
${MBOX_LIMITS.bytes / 1024 / 1024} MiB, with more than ${MBOX_LIMITS.mails} mails or numbered beyond ${MBOX_LIMITS.patches} patches.
The mbox may be a whole thread, as "b4 mbox" or a list archive writes it: every version of the
series it holds is imported, oldest first (or only --version N), each stored with the replies to
it, whose Acked-by, Reviewed-by, Tested-by and Nacked-by trailers are kept for the patch they
answer (for every patch when they answer the cover letter), with each reply's author, date, first
lines and archive link. A reply that answers no mail of the series is refused.
Nothing else in the repository changes: not the working tree, the index, HEAD or any branch. The two
files are stored all or nothing; what an import killed mid-way leaves, the next one removes.

options:
  --proposal SLUG        the proposal to add this version to (default: slug of the cover letter's title)
  --version N            of a thread holding several versions, import only vN
  --base REV             apply at REV instead of the series' base-commit
  --archive-url PATTERN  discussion link, {messageId} replaced (default: "archive" in site.yaml, else
                         ${DEFAULT_ARCHIVE_URL}; also from the environment variable
                         POLICY_ARCHIVE_URL; "" for none)
  --example              mark the proposal as an example of the workflow

Exit status: 0 imported, 2 bad usage or refused (nothing changed).`;

export const importCommand: Command = {
  async run(args, io) {
    const { values, positionals } = parseOptions('import', args, {
      proposal: { type: 'string' },
      base: { type: 'string' },
      version: { type: 'string' },
      'archive-url': { type: 'string' },
      example: { type: 'boolean' },
    }, HELP);
    if (positionals.length !== 1) throw usageError('import', `give exactly one mbox file (got ${positionals.length})`);
    const version = values.version === undefined ? undefined : Number(values.version);
    if (version !== undefined && !(Number.isInteger(version) && version > 0)) throw usageError('import', `--version takes a version number (1, 2, ...), not "${values.version}"`);
    const repo = await repositoryRoot(io.cwd);
    const result = await importSeries(io.cwd, positionals[0]!, {
      // (absolute: repositoryRoot gives the top as typed, '.' from the command line, and the import works in other folders)
      repo: path.resolve(repo),
      ...(values.proposal !== undefined ? { proposal: values.proposal } : {}),
      ...(values.base !== undefined ? { base: values.base } : {}),
      ...(version !== undefined ? { version } : {}),
      archiveUrl: values['archive-url'] ?? io.env['POLICY_ARCHIVE_URL'] ?? optionalSiteIdentity(repo)?.archive ?? DEFAULT_ARCHIVE_URL,
      ...(values.example ? { example: true } : {}),
    });
    for (const stored of result.versions) {
      const replies = stored.review?.replies.length ?? 0;
      const trailers = stored.review?.trailers.length ?? 0;
      const review = replies ? `, ${replies} repl${replies === 1 ? 'y' : 'ies'}, ${trailers} review trailer${trailers === 1 ? '' : 's'}` : '';
      println(io.stdout, `imported v${stored.version} of "${result.title}" (${stored.patches} patch${stored.patches === 1 ? '' : 'es'}, base ${stored.baseCommit.slice(0, 12)}${review}) as proposal "${result.slug}"`);
    }
    println(io.stdout, result.written.map((file) => `  ${file}`).join('\n'));
    return 0;
  },
};
