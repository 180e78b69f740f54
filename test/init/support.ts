/** Real policy histories replayed as git repositories, for `policy init` (see test/fixtures/real/README.md). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { commitFiles, GIT_TEST_ENV, gitSync, tempRepo, writeFiles } from '../support/temp.ts';

const REAL = path.join(import.meta.dirname, '..', 'fixtures', 'real');

/** One revision to replay: the file's path and text, who committed it and when. */
export interface ReplayedRevision {
  path: string;
  text: string;
  author: string;
  date: string;
  message: string;
  tag?: string;
}

/** A repository whose history of one file is `revisions` (a changed path is a rename), other files beside it. */
export function replayHistory(revisions: ReplayedRevision[]): string {
  const repo = tempRepo();
  commitFiles(repo, { 'README.md': 'Policies of an organisation.\n' }, 'Start the policies repository');
  let previous: string | undefined;
  for (const revision of revisions) {
    if (previous && previous !== revision.path) {
      // (git mv does not make the folder it moves into)
      mkdirSync(path.dirname(path.join(repo, revision.path)), { recursive: true });
      gitSync(repo, ['mv', previous, revision.path]);
    }
    writeFiles(repo, { [revision.path]: revision.text });
    gitSync(repo, ['add', '-A']);
    // The revision's own author and dates, as the original commit had them.
    execFileSync('git', ['commit', '-q', '--author', revision.author, '--date', revision.date, '-m', revision.message], { cwd: repo, env: { ...process.env, ...GIT_TEST_ENV, GIT_COMMITTER_DATE: revision.date } });
    if (revision.tag) gitSync(repo, ['tag', revision.tag]);
    previous = revision.path;
  }
  // A later commit elsewhere: history that is not the policy's stays out.
  commitFiles(repo, { 'README.md': 'Policies of an organisation, published as they change.\n' }, 'README: say how the policies are published');
  return repo;
}

/** GitHub's "Bug Bounty Program Legal Safe Harbor": three real revisions, renamed at the third; tags as given. */
export function bugBountyHistory(tags: (string | undefined)[] = []): string {
  const text = (name: string) => readFileSync(path.join(REAL, 'bug-bounty-safe-harbor', name), 'utf8');
  const revisions: ReplayedRevision[] = [
    { path: 'Policies/bug-bounty-safe-harbor.md', text: text('r1.md'), author: 'Policy Author <one@example.org>', date: '2017-03-01T10:00:00+0100', message: 'Add the bug bounty safe harbor\n\nFirst published version.\n' },
    { path: 'Policies/bug-bounty-safe-harbor.md', text: text('r2.md'), author: 'Policy Editor <two@example.org>', date: '2018-06-12T15:30:00-0700', message: 'Safe harbor: summary as a subsection, "and protected"\n' },
    { path: 'Policies/github-bug-bounty-program-legal-safe-harbor.md', text: text('r3.md'), author: 'Docs Team <three@example.org>', date: '2020-11-02T09:00:00+0000', message: 'Move the safe harbor to the docs layout; fix "intiating"\n' },
  ];
  return replayHistory(revisions.map((revision, index) => (tags[index] ? { ...revision, tag: tags[index] } : revision)));
}

/** The Xen Project's security policy v3.23 as its website repository stores it (CC BY 4.0). */
export const XEN_POLICY_FILE = path.join(REAL, 'xen-security-policy-v3.23.md');
