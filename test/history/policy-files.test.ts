import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPolicyFilesAtCommits } from '../../src/lib/history/policy-files.ts';
import { readPolicyFilesAt } from '../../src/lib/load/git-revision.ts';
import { commitFiles, gitSync, policyFiles, tempRepo } from '../support/temp.ts';

/** A history with sections added, changed and removed, files the loader skips, a code commit and a merge. */
function busyRepo(): { repo: string; commits: string[] } {
  const repo = tempRepo();
  const commits: string[] = [];
  commits.push(commitFiles(repo, { 'README.md': 'code only\n' }, 'Start with code'));
  commits.push(commitFiles(repo, policyFiles('1.0', { scope: 'One.\n', terms: 'Terms.\n' }), 'Policy v1.0'));
  commits.push(commitFiles(repo, { 'content/policy/notes.txt': 'not a section\n', 'content/policy/drafts/later.md': 'nested, not read\n' }, 'Files the loader skips'));
  rmSync(path.join(repo, 'content/policy/terms.md'));
  commits.push(commitFiles(repo, policyFiles('1.1', { scope: 'One, changed.\n', zeta: 'Added.\n' }), 'Policy v1.1: terms removed, zeta added'));
  commits.push(commitFiles(repo, { 'src/app.ts': 'code\n' }, 'Code'));
  gitSync(repo, ['checkout', '-q', '-b', 'side']);
  commits.push(commitFiles(repo, policyFiles('1.2', { scope: 'One, from a branch.\n', zeta: 'Added.\n' }), 'Policy v1.2 on a branch'));
  gitSync(repo, ['checkout', '-q', 'main']);
  commitFiles(repo, { 'src/app.ts': 'more code\n' }, 'Code on main');
  gitSync(repo, ['merge', '-q', '--no-ff', '-m', 'Merge the branch', 'side']);
  commits.push(gitSync(repo, ['rev-parse', 'HEAD']));
  return { repo, commits };
}

describe('reading the policy at many commits at once', () => {
  it('gives at each first-parent commit exactly what reading that commit alone gives', async () => {
    const { repo, commits } = busyRepo();
    const head = commits.at(-1)!;
    const firstParent = gitSync(repo, ['rev-list', '--first-parent', head]).split('\n');
    const wanted = commits.filter((commit) => firstParent.includes(commit));
    const together = await readPolicyFilesAtCommits(repo, head, wanted);
    for (const commit of wanted) {
      const alone = await readPolicyFilesAt(repo, commit);
      const files = together.get(commit) ?? { sectionFiles: [] };
      expect({ commit, ...files }).toEqual({ commit, ...(alone.metadataFile ? { metadataFile: alone.metadataFile } : {}), sectionFiles: alone.sectionFiles });
    }
    // The merge brings the branch's text, and terms.md stays removed.
    expect(together.get(head)!.sectionFiles.map((file) => file.path)).toEqual(['content/policy/scope.md', 'content/policy/zeta.md']);
    expect(together.get(head)!.sectionFiles[0]!.text).toContain('One, from a branch.');
  });

  it('leaves out a commit that is not on the first-parent history', async () => {
    const { repo, commits } = busyRepo();
    const branchOnly = commits.at(-2)!;
    const result = await readPolicyFilesAtCommits(repo, commits.at(-1)!, [branchOnly]);
    expect(result.has(branchOnly)).toBe(false);
  });
});
