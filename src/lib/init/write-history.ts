/** Writes imported revisions as commits (original author, date and message) and release tags, in one `git fast-import`. */
import { git } from '../git.ts';
import type { SourceFile } from '../load/parse.ts';
import { releaseTag } from '../history/releases.ts';

/** One commit to write: the policy files it holds (the whole policy: files not listed are gone) and who made it. */
export interface ImportCommit {
  files: SourceFile[];
  author: string;
  committer: string;
  message: string;
  /** The version this commit releases, tagged `policy-v<version>`. */
  release?: string;
}

/** Writes `commits` on `branch` of the empty repository `repo`, oldest first, and tags the releases; returns the commit ids. */
export async function writeHistory(repo: string, branch: string, commits: ImportCommit[]): Promise<string[]> {
  const chunks: Buffer[] = [];
  const data = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    chunks.push(Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from('\n'));
  };
  commits.forEach((commit, index) => {
    chunks.push(Buffer.from(`commit refs/heads/${branch}\nmark :${index + 1}\nauthor ${commit.author}\ncommitter ${commit.committer}\n`));
    data(commit.message);
    if (index > 0) chunks.push(Buffer.from(`from :${index}\n`));
    // The whole policy each time: a section that is gone from a revision is gone from its commit.
    chunks.push(Buffer.from('deleteall\n'));
    for (const file of commit.files) {
      chunks.push(Buffer.from(`M 100644 inline ${file.path}\n`));
      data(file.text);
    }
    chunks.push(Buffer.from('\n'));
  });
  commits.forEach((commit, index) => {
    if (commit.release) chunks.push(Buffer.from(`reset refs/tags/${releaseTag(commit.release)}\nfrom :${index + 1}\n\n`));
  });
  chunks.push(Buffer.from('done\n'));
  await git(['fast-import', '--quiet', '--done'], { cwd: repo, input: Buffer.concat(chunks) });
  const { stdout } = await git(['rev-list', '--reverse', `refs/heads/${branch}`], { cwd: repo });
  const ids = stdout.toString('utf8').split('\n').filter(Boolean);
  if (ids.length !== commits.length) throw new Error(`git fast-import wrote ${ids.length} commits, not ${commits.length}`);
  return ids;
}
