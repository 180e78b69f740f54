/** `policy import`: a good series is stored; every unsafe, incomplete or inapplicable one is refused and the repository stays as it was. */
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { commitFiles, gitSync, tempDir } from '../support/temp.ts';
import { makeSeries, policyRepo, replaceIn, repoSnapshot, runImport, type Edit } from './support.ts';

const spelling = replaceIn('content/policy/introduction.md', 'controverial', 'controversial', 'Fix spelling of controversial');

/** Writes the mbox into a folder outside the repository and imports it; returns the result and whether the repository changed. */
function importRefused(repo: string, mbox: string, args: string[] = []) {
  const file = path.join(tempDir('policy-mbox-'), 'series.mbox');
  writeFileSync(file, mbox);
  const before = repoSnapshot(repo);
  const result = runImport(repo, [file, ...args]);
  return { ...result, unchanged: repoSnapshot(repo) === before };
}

function edit(subject: string, apply: (dir: string) => void): Edit {
  return { subject, apply };
}

describe('policy import of a good series', () => {
  it('stores the mbox as received and the metadata, and changes nothing else', () => {
    const { repo, base } = policyRepo();
    const mbox = makeSeries(repo, base, [spelling, replaceIn('content/policy/process.md', 'We fix it.', 'We fix it quickly.', 'Say how fast')], { cover: 'Fix spelling mistakes' });
    const file = path.join(tempDir(), 'v1.mbox');
    writeFileSync(file, mbox);
    const head = gitSync(repo, ['rev-parse', 'HEAD']);
    const index = readFileSync(path.join(repo, '.git/index'));
    const refs = gitSync(repo, ['for-each-ref']);
    const result = runImport(repo, [file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('imported v1 of "Fix spelling mistakes" (2 patches');
    const folder = path.join(repo, 'content/proposals/fix-spelling-mistakes');
    expect(readFileSync(path.join(folder, 'v1.mbox'), 'utf8')).toBe(mbox);
    const metadata = parse(readFileSync(path.join(folder, 'proposal.yaml'), 'utf8'));
    expect(metadata).toMatchObject({ title: 'Fix spelling mistakes', status: 'open', versions: [{ version: 1, file: 'v1.mbox', subject: '[PATCH v1 0/2] Fix spelling mistakes', author: 'Test Author', email: 'author@example.org', baseCommit: base, patches: 2 }] });
    expect(metadata.versions[0].messageId).toMatch(/^cover\./);
    expect(metadata.versions[0].discussion).toBe(`https://lore.kernel.org/r/${metadata.versions[0].messageId}`);
    expect(gitSync(repo, ['rev-parse', 'HEAD'])).toBe(head);
    expect(readFileSync(path.join(repo, '.git/index'))).toEqual(index);
    expect(gitSync(repo, ['for-each-ref'])).toBe(refs);
    expect(gitSync(repo, ['status', '--porcelain', '-uall'])).toBe('?? content/proposals/fix-spelling-mistakes/proposal.yaml\n?? content/proposals/fix-spelling-mistakes/v1.mbox');
    expect(gitSync(repo, ['worktree', 'list'])).not.toContain('policy-worktree-');
  });

  it('adds v2 to the same proposal, and refuses the same version twice', () => {
    const { repo, base } = policyRepo();
    const folder = tempDir();
    writeFileSync(path.join(folder, 'v1.mbox'), makeSeries(repo, base, [spelling], { cover: 'Fix spelling' }));
    writeFileSync(path.join(folder, 'v2.mbox'), makeSeries(repo, base, [spelling, replaceIn('content/policy/process.md', 'Report', 'Please report')], { cover: 'Fix spelling', version: 2 }));
    expect(runImport(repo, [path.join(folder, 'v1.mbox'), '--proposal', 'typos']).code).toBe(0);
    expect(runImport(repo, [path.join(folder, 'v2.mbox'), '--proposal', 'typos']).code).toBe(0);
    const metadata = parse(readFileSync(path.join(repo, 'content/proposals/typos/proposal.yaml'), 'utf8'));
    expect(metadata.versions.map((version: { version: number; patches: number }) => [version.version, version.patches])).toEqual([[1, 1], [2, 2]]);
    const again = importRefused(repo, readFileSync(path.join(folder, 'v2.mbox'), 'utf8'), ['--proposal', 'typos']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already has a v2');
    expect(again.unchanged).toBe(true);
  });

  it('applies at --base when the series names no base', () => {
    const { repo, base } = policyRepo();
    const mbox = makeSeries(repo, base, [spelling], { base: false });
    const file = path.join(tempDir(), 's.mbox');
    writeFileSync(file, mbox);
    const result = runImport(repo, [file, '--base', 'main', '--proposal', 'typo']);
    expect(result.stderr).toBe('');
    expect(parse(readFileSync(path.join(repo, 'content/proposals/typo/proposal.yaml'), 'utf8')).versions[0].baseCommit).toBe(base);
  });
});

describe('policy import refuses, naming the patch and the file, and leaves the repository as it was', () => {
  const cases: { name: string; edits: Edit[]; expected: RegExp[]; options?: { base?: boolean } }[] = [
    {
      name: 'a series that edits scripts/',
      edits: [spelling, edit('Sneak in a build step', (dir) => writeFileSync(path.join(dir, 'scripts/build.ts'), 'process.exit(1);\n'))],
      expected: [/patch 2\/2 "Sneak in a build step": scripts\/build\.ts is outside the policy content/],
    },
    {
      name: 'a series that edits astro.config.mjs',
      edits: [edit('Configure the site', (dir) => writeFileSync(path.join(dir, 'astro.config.mjs'), 'export default {};\n'))],
      expected: [/patch 1\/1 "Configure the site": astro\.config\.mjs is outside the policy content/],
    },
    {
      name: 'a series that adds a workflow under .github/',
      edits: [edit('Add CI', (dir) => (mkdirSync(path.join(dir, '.github/workflows'), { recursive: true }), writeFileSync(path.join(dir, '.github/workflows/x.yml'), 'on: push\n')))],
      expected: [/\.github\/workflows\/x\.yml is outside the policy content/],
    },
    {
      name: 'a symbolic link among the policy files',
      edits: [edit('Link a section', (dir) => symlinkSync('/etc/passwd', path.join(dir, 'content/policy/passwd.md')))],
      expected: [/patch 1\/1 "Link a section": content\/policy\/passwd\.md would create a symbolic link/],
    },
    {
      name: 'a file mode change',
      edits: [edit('Make it executable', (dir) => chmodSync(path.join(dir, 'content/policy/process.md'), 0o755))],
      expected: [/content\/policy\/process\.md changes the file mode 100644 => 100755/],
    },
    {
      name: 'a binary patch',
      edits: [edit('Add a picture', (dir) => writeFileSync(path.join(dir, 'content/policy/picture.md'), Buffer.from([0, 1, 2, 255, 0])))],
      expected: [/content\/policy\/picture\.md is a binary patch/],
    },
    {
      name: 'a series with no base-commit',
      edits: [spelling],
      options: { base: false },
      expected: [/has no base-commit line/, /--base REV/],
    },
  ];
  for (const { name, edits, expected, options } of cases) {
    it(`refuses ${name}`, () => {
      const { repo, base } = policyRepo();
      const result = importRefused(repo, makeSeries(repo, base, edits, options));
      for (const pattern of expected) expect(result.stderr).toMatch(pattern);
      expect(result.code).toBe(2);
      expect(result.unchanged).toBe(true);
      expect(existsSync(path.join(repo, 'content/proposals'))).toBe(false);
    });
  }

  it('refuses a "../" path, which git format-patch cannot make, from a hand-written patch mail', () => {
    const { repo, base } = policyRepo();
    const good = makeSeries(repo, base, [spelling]);
    const evil = good.replaceAll('a/content/policy/introduction.md', 'a/../outside.md').replaceAll('b/content/policy/introduction.md', 'b/../outside.md');
    const result = importRefused(repo, evil);
    expect(result.stderr).toMatch(/patch 1\/1 "Fix spelling of controversial": \.\.\/outside\.md leaves the repository/);
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true);
  });

  it('refuses a path inside .git', () => {
    const { repo, base } = policyRepo();
    const evil = makeSeries(repo, base, [spelling]).replaceAll('content/policy/introduction.md', '.git/hooks/pre-commit');
    const result = importRefused(repo, evil);
    expect(result.stderr).toMatch(/\.git\/hooks\/pre-commit is inside \.git/);
    expect(result.unchanged).toBe(true);
  });

  it('refuses a base this repository does not have, and offers --base', () => {
    const { repo, base } = policyRepo();
    const other = policyRepo();
    commitFiles(other.repo, { 'content/policy/process.md': '---\nid: process\ntitle: process\norder: 20\n---\n\n1.  Report the problem.\n2.  We fix it.\n3.  We tell.\n' }, 'Another history');
    const foreignBase = gitSync(other.repo, ['rev-parse', 'HEAD']);
    const result = importRefused(repo, makeSeries(other.repo, foreignBase, [spelling]));
    expect(result.stderr).toContain(`is based on commit ${foreignBase}, which is not in this repository`);
    expect(result.stderr).toContain('--base REV');
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true);
    expect(base).not.toBe(foreignBase);
  });

  it('refuses a series that does not apply, naming the patch, file and hunk', () => {
    const { repo, base } = policyRepo();
    const mbox = makeSeries(repo, base, [spelling, replaceIn('content/policy/process.md', 'We fix it.', 'We fix it soon.', 'Promise a fix')]);
    // The maintainer's tree moved on: the second patch's context is gone.
    commitFiles(repo, { 'content/policy/process.md': '---\nid: process\ntitle: process\norder: 20\n---\n\n1.  Tell us.\n2.  We repair it.\n' }, 'Reword the process');
    const result = importRefused(repo, mbox, ['--base', 'HEAD']);
    expect(result.stderr).toMatch(/patch 2\/2 "Promise a fix" does not apply at [0-9a-f]{12}: the hunk at line \d+ of content\/policy\/process\.md does not apply/);
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true);
    expect(gitSync(repo, ['worktree', 'list'])).not.toContain('policy-worktree-');
  });

  it('refuses an incomplete series and one with a patch twice', () => {
    const { repo, base } = policyRepo();
    const mbox = makeSeries(repo, base, [spelling, replaceIn('content/policy/process.md', 'Report', 'Please report', 'Ask nicely'), replaceIn('content/policy/process.md', 'We fix', 'We mend', 'Mend')]);
    const mails = mbox.split(/(?=^From [0-9a-f]{40} )/m);
    expect(mails).toHaveLength(4);
    const missing = importRefused(repo, [mails[0], mails[1], mails[3]].join(''));
    expect(missing.stderr).toContain('is incomplete: patch 2/3 is missing');
    expect(missing.code).toBe(2);
    expect(missing.unchanged).toBe(true);
    const twice = importRefused(repo, [mails[0], mails[1], mails[2], mails[2], mails[3]].join(''));
    expect(twice.stderr).toContain('has patch 2/3 2 times');
    expect(twice.unchanged).toBe(true);
  });

  it('refuses a cover letter that still has git\'s placeholder subject', () => {
    const { repo, base } = policyRepo();
    const result = importRefused(repo, makeSeries(repo, base, [spelling], { cover: '*** SUBJECT HERE ***' }));
    expect(result.stderr).toContain('placeholder "*** SUBJECT HERE ***"');
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true);
  });

  it('refuses a series whose result is not a valid policy', () => {
    const { repo, base } = policyRepo();
    const result = importRefused(repo, makeSeries(repo, base, [replaceIn('content/policy/process.md', 'order: 20', 'order: twenty', 'Break the order')]));
    expect(result.stderr).toMatch(/content\/policy\/process\.md:\d+:\d+ schema .*after applying the series/);
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true);
  });
});
