import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyError, UsageError } from '../../src/lib/errors.ts';
import { loadMarkdownFile, parseMarkdownPolicy } from '../../src/lib/load/markdown-file.ts';
import { loadPolicySource } from '../../src/lib/load/source.ts';
import { commitFiles, policyFiles, tempDir, tempRepo, writeFiles } from '../support/temp.ts';

describe('a policy from one Markdown file', () => {
  it('takes ## headings as sections, ### under them as subsections, front matter as metadata', () => {
    const policy = parseMarkdownPolicy(
      '---\ntitle: Security policy\nversion: "3.23"\ndate: 2019-08-08\nlayout: single\n---\n\nIntro text.\n\n## Scope\n\nIn scope.\n\n```\n## not a heading\n```\n\n## Pre-disclosure list\n\nList.\n\n### Members\n\n-   A\n',
      'policy.md',
    );
    expect(policy.metadata).toMatchObject({ title: 'Security policy', version: '3.23', date: '2019-08-08', lead: 'Intro text.\n' });
    expect(policy.sections.map(({ id, title, parent, body }) => ({ id, title, parent, body }))).toEqual([
      { id: 'scope', title: 'Scope', parent: undefined, body: 'In scope.\n\n```\n## not a heading\n```\n' },
      { id: 'pre-disclosure-list', title: 'Pre-disclosure list', parent: undefined, body: 'List.\n' },
      { id: 'members', title: 'Members', parent: 'pre-disclosure-list', body: '-   A\n' },
    ]);
  });

  it('refuses a file without sections, and one that is not UTF-8, naming the file', async () => {
    expect(() => parseMarkdownPolicy('# Title\n\nJust text.\n', 'plain.md')).toThrow(/plain\.md:1 not-a-policy has no "## " headings/);
    const file = path.join(tempDir(), 'bad.md');
    writeFileSync(file, Buffer.from([0x23, 0x23, 0x20, 0xff, 0x0a]));
    await expect(loadMarkdownFile(file)).rejects.toThrow(/bad\.md encoding is not valid UTF-8/);
  });
});

describe('a policy from whatever the user names', () => {
  it('loads a folder, a Markdown file or a git revision, and says which name it cannot use', async () => {
    const repo = tempRepo();
    commitFiles(repo, policyFiles('1.0', { scope: 'One.\n' }), 'v1');
    commitFiles(repo, policyFiles('2.0', { scope: 'Two.\n' }), 'v2');
    writeFiles(repo, { 'single.md': '## Scope\n\nThree.\n', 'notes.txt': 'x\n' });
    expect((await loadPolicySource(repo)).metadata.version).toBe('2.0');
    expect((await loadPolicySource(path.join(repo, 'single.md'), repo)).sections[0]!.body).toBe('Three.\n');
    expect((await loadPolicySource('HEAD~1', repo)).metadata.version).toBe('1.0');
    await expect(loadPolicySource('no-such-branch', repo)).rejects.toThrow(UsageError);
    await expect(loadPolicySource(path.join(repo, 'notes.txt'), repo)).rejects.toThrow(/is a file but not Markdown/);
    await expect(loadPolicySource(path.join(repo, 'gone.md'), repo)).rejects.toThrow(/does not exist/);
    await expect(loadPolicySource(tempDir(), repo)).rejects.toThrow(PolicyError);
  });
});
