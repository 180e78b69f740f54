/** A policy kept as one Markdown file, read at git revisions: `policy redline HEAD~1:SECURITY.md HEAD:SECURITY.md`. */
import { describe, expect, it } from 'vitest';
import { loadPolicySource } from '../../src/lib/load/source.ts';
import { computeRedline } from '../../src/lib/redline/index.ts';
import { commitFiles, tempRepo } from '../support/temp.ts';

const V1 = '# Security Policy\n\n## Supported versions\n\nOnly the latest release.\n\n## Reporting\n\nMail security@example.org.\n';

describe('a Markdown file at a git revision', () => {
  it('loads REV:path with git, labelled by what the user named, and compares two revisions of it', async () => {
    const repo = tempRepo();
    commitFiles(repo, { 'docs/SECURITY.md': V1 }, 'Policy');
    commitFiles(repo, { 'docs/SECURITY.md': V1.replace('Mail security@', 'Write to security@') }, 'Reword');
    const [before, after] = await Promise.all([loadPolicySource('HEAD~1:docs/SECURITY.md', repo), loadPolicySource('HEAD:./docs/SECURITY.md', repo)]);
    expect(before.metadata).toMatchObject({ title: 'Security Policy', version: 'HEAD~1:docs/SECURITY.md' });
    expect(before.sections.map((section) => section.id)).toEqual(['supported-versions', 'reporting']);
    const redline = computeRedline(before, after);
    expect(redline.changes.map((change) => [change.kind, change.sectionId, change.oldText, change.newText])).toEqual([['replacement', 'reporting', 'Mail ', 'Write to ']]);
    // The labels name the revisions; they are not a change of the policy.
    expect(redline.metadataChanges).toEqual([]);
  });

  it('says what is wrong with an unknown revision, a missing file or bytes that are not UTF-8', async () => {
    const repo = tempRepo();
    commitFiles(repo, { 'SECURITY.md': V1, 'latin1.md': Buffer.from('## Scope\n\nCaf\xe9.\n', 'latin1') as unknown as string }, 'Policy');
    await expect(loadPolicySource('nosuch:SECURITY.md', repo)).rejects.toThrow(/unknown revision "nosuch"/);
    await expect(loadPolicySource('HEAD:POLICY.md', repo)).rejects.toThrow(/"POLICY.md" is not a file at HEAD; list what is there with "git ls-tree -r --name-only HEAD"/);
    await expect(loadPolicySource('HEAD:latin1.md', repo)).rejects.toThrow(/HEAD:latin1\.md encoding is not valid UTF-8/);
  });
});
