/** `policy release <version> --summary "…" [--date YYYY-MM-DD]`: cuts a release of the policy. */
import { cutRelease } from '../../src/lib/history/cut-release.ts';
import { formatReleasePlan, type ReleasePlan } from '../../src/lib/history/release-plan.ts';
import { println, userPath, type Command } from './command.ts';
import { parseOptions, usageError } from './options.ts';
import { repositoryRoot } from './repository.ts';

const USAGE = `usage: policy release <version> --summary "what changed" [--date YYYY-MM-DD] [--repo DIR]

Sets version and date in content/policy.yaml, adds "-   **v<version> <date>:** <summary>" on top of
the Change History (when the policy has one), commits them with a Signed-off-by and tags
policy-v<version>.
Before it commits, prints what the release will carry: the commits to the policy since the last
release and the sections they change. The release is that commit: anything committed after it is
an unreleased change until the next release.
Refuses a dirty working tree, a version that does not increase and a policy that fails lint.
--date defaults to today (UTC). --repo defaults to the repository around the current folder.
Exit status: 0 released, 2 bad input or refused (nothing changed).`;

export const release: Command = {
  async run(args, io) {
    const { values, positionals } = parseOptions('release', args, { summary: { type: 'string', short: 's' }, date: { type: 'string' }, repo: { type: 'string' } }, USAGE);
    const [version, ...extra] = positionals;
    if (!version || extra.length) throw usageError('release', `give exactly one version (got ${positionals.length})`);
    if (values.summary === undefined) throw usageError('release', 'give --summary "what changed"');
    const name = version.replace(/^v/, '');
    const repo = await repositoryRoot(values.repo === undefined ? io.cwd : userPath(io, values.repo));
    const onPlan = (plan: ReleasePlan) => {
      println(io.stdout, formatReleasePlan(plan, name));
      // A release dated before the text it carries was committed says it was in effect before it was written.
      const newest = plan.commits.map((commit) => commit.committed.slice(0, 10)).sort().at(-1);
      if (values.date && newest && values.date < newest) println(io.stderr, `policy release: --date ${values.date} is before ${newest}, when the newest change it carries was committed; the site will say version ${name} is in effect since ${values.date}`);
    };
    const result = await cutRelease(repo, { version, summary: values.summary, ...(values.date ? { date: values.date } : {}) }, { onPlan });
    println(io.stdout, `released v${version.replace(/^v/, '')} (was v${result.previousVersion}): commit ${result.commit.slice(0, 12)}, tag ${result.tag}`);
    if (result.files.length === 1) println(io.stdout, 'the policy has no Change History section: the summary is in the commit message and the tag only');
    println(io.stdout, `publish it with: git push && git push origin ${result.tag}`);
    return 0;
  },
};
