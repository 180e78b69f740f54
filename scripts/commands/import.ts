/** `policy import <mbox> [--proposal SLUG] [--base REV]`: checks a received series and stores it as a proposal. */
import { UsageError } from '../../src/lib/errors.ts';
import { DEFAULT_ARCHIVE_URL, importSeries } from '../../src/lib/proposals/import.ts';
import { optionalSiteIdentity } from '../../src/lib/site/identity.ts';
import { MBOX_LIMITS } from '../../src/lib/proposals/mbox.ts';
import type { Command } from './command.ts';
import { parseOptions } from './options.ts';

const HELP = `usage: policy import <mbox> [--proposal SLUG] [--base REV] [--archive-url PATTERN] [--example]

Reads a patch series (cover letter and patches, as "policy series" or "git format-patch --cover-letter
--base=..." writes them) with git mailsplit and mailinfo, checks it, applies it with git am at its
base-commit in a temporary worktree, and on success stores the mbox as received in
content/proposals/<slug>/v<N>.mbox beside content/proposals/<slug>/proposal.yaml.

It refuses (exit 2), naming the patch and the file or hunk, a series that touches anything but
content/policy/*.md and content/policy.yaml (or changes file modes, symlinks, binary files), one with no
base-commit or one this repository does not have, one that is incomplete, one that does not apply, one
whose result is not a valid policy, a mail whose headers git cannot decode to UTF-8, and an mbox over
${MBOX_LIMITS.bytes / 1024 / 1024} MiB, with more than ${MBOX_LIMITS.mails} mails or numbered beyond ${MBOX_LIMITS.patches} patches.
Nothing else in the repository changes: not the working tree, the index, HEAD or any branch. The two
files are stored all or nothing; what an import killed mid-way leaves, the next one removes.

options:
  --proposal SLUG        the proposal to add this version to (default: slug of the cover letter's title)
  --base REV             apply at REV instead of the series' base-commit
  --archive-url PATTERN  discussion link, {messageId} replaced (default: "archive" in site.yaml, else
                         ${DEFAULT_ARCHIVE_URL}; also from the environment variable
                         POLICY_ARCHIVE_URL; "" for none)
  --example              mark the proposal as an example of the workflow`;

export const importCommand: Command = {
  async run(args) {
    const { values, positionals } = parseOptions('import', args, {
      proposal: { type: 'string' },
      base: { type: 'string' },
      'archive-url': { type: 'string' },
      example: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`give exactly one mbox file\n\n${HELP}`);
    const result = await importSeries(process.cwd(), positionals[0]!, {
      ...(values.proposal !== undefined ? { proposal: values.proposal } : {}),
      ...(values.base !== undefined ? { base: values.base } : {}),
      archiveUrl: values['archive-url'] ?? process.env['POLICY_ARCHIVE_URL'] ?? optionalSiteIdentity('.')?.archive ?? DEFAULT_ARCHIVE_URL,
      ...(values.example ? { example: true } : {}),
    });
    const { version } = result;
    console.log(
      `imported v${version.version} of "${result.title}" (${version.patches} patch${version.patches === 1 ? '' : 'es'}, base ${version.baseCommit.slice(0, 12)}) as proposal "${result.slug}":\n${result.written.map((file) => `  ${file}`).join('\n')}`,
    );
    return 0;
  },
};
