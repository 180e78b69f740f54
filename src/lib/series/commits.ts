/** The commits a series is made of: those on the branch since its base, oldest first, as git lists them. */
import { gitText } from '../git.ts';
import { PolicyError } from '../errors.ts';

/** One commit of the series. */
export interface SeriesCommit {
  id: string;
  /** The first seven characters, for messages. */
  short: string;
  parents: string[];
  /** `Name <email>` of the author. */
  author: string;
  authorEmail: string;
  subject: string;
  /** The whole commit message. */
  message: string;
  /** Its Signed-off-by trailers (`Name <email>`), as git's trailer parser reads them. */
  signOffs: string[];
}

/** How a commit is named in messages: `commit 1a2b3c4 ("Edit the scope")`. */
export function commitLabel(commit: SeriesCommit): string {
  return `commit ${commit.short} ("${commit.subject}")`;
}

/** Lists `base..tip` oldest first; refuses merges, since a patch series is a straight line of commits. */
export async function listSeriesCommits(repo: string, base: string, tip: string): Promise<SeriesCommit[]> {
  // The sign-offs come with the rest (git's own trailer parser, as interpret-trailers --parse): no process per commit.
  const format = '%H%x01%P%x01%an%x01%ae%x01%s%x01%(trailers:key=Signed-off-by,valueonly,separator=%x02)%x01%B';
  const output = await gitText(['log', '-z', '--reverse', '--topo-order', `--format=${format}`, `${base}..${tip}`], { cwd: repo });
  const commits = output
    .split('\0')
    .filter(Boolean)
    .map((record): SeriesCommit => {
      const [id = '', parents = '', name = '', email = '', subject = '', signOffs = '', ...message] = record.split('\x01');
      return {
        id,
        short: id.slice(0, 7),
        parents: parents.split(' ').filter(Boolean),
        author: `${name} <${email}>`,
        authorEmail: email,
        subject,
        message: message.join('\x01'),
        signOffs: signOffs.split('\x02').map((value) => value.trim()).filter(Boolean),
      };
    });
  const merges = commits.filter((commit) => commit.parents.length > 1);
  if (merges.length) {
    throw new PolicyError(
      merges.map((commit) => ({ file: commit.short, rule: 'series-merge', message: `${commitLabel(commit)} is a merge; a patch series is a line of commits, so rebase the branch onto its base` })),
      1,
    );
  }
  return commits;
}
