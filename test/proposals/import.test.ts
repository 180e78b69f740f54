/** `policy import`: a good series is stored; every unsafe, incomplete or inapplicable one is refused and the repository stays as it was. */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { commitFiles, gitSync, tempDir } from '../support/temp.ts';
import { makeSeries, policyRepo, replaceIn, repoSnapshot, runImport, type Edit, type SeriesOptions } from './support.ts';

const spelling = replaceIn('content/policy/introduction.md', 'controverial', 'controversial', 'Fix spelling of controversial');

/** Writes the mbox into a folder outside the repository and imports it; returns the result and whether the repository changed. */
async function importRefused(repo: string, mbox: string | Buffer, args: string[] = []) {
  const file = path.join(tempDir('policy-mbox-'), 'series.mbox');
  writeFileSync(file, mbox);
  const before = repoSnapshot(repo);
  const result = await runImport(repo, [file, ...args]);
  return { ...result, unchanged: repoSnapshot(repo) === before };
}

function edit(subject: string, apply: (dir: string) => void): Edit {
  return { subject, apply };
}

describe('policy import of a good series', () => {
  it('stores the mbox as received and the metadata, and changes nothing else', async () => {
    const { repo, base } = policyRepo();
    const mbox = makeSeries(repo, base, [spelling, replaceIn('content/policy/process.md', 'We fix it.', 'We fix it quickly.', 'Say how fast')], { cover: 'Fix spelling mistakes' });
    const file = path.join(tempDir(), 'v1.mbox');
    writeFileSync(file, mbox);
    const before = repoSnapshot(repo);
    const result = await runImport(repo, [file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('imported v1 of "Fix spelling mistakes" (2 patches');
    const folder = path.join(repo, 'content/proposals/fix-spelling-mistakes');
    expect(readFileSync(path.join(folder, 'v1.mbox'), 'utf8')).toBe(mbox);
    const metadata = parse(readFileSync(path.join(folder, 'proposal.yaml'), 'utf8'));
    expect(metadata).toMatchObject({ title: 'Fix spelling mistakes', status: 'open', versions: [{ version: 1, file: 'v1.mbox', subject: '[PATCH v1 0/2] Fix spelling mistakes', author: 'Test Author', email: 'author@example.org', baseCommit: base, patches: 2 }] });
    expect(metadata.versions[0].messageId).toMatch(/^cover\./);
    expect(metadata.versions[0].discussion).toBe(`https://lore.kernel.org/r/${metadata.versions[0].messageId}`);
    // Nothing else: with the proposal's two files gone, the repository (HEAD, index, refs, worktrees, objects, files) is as before.
    expect(readdirSync(path.join(repo, 'content/proposals'))).toEqual(['fix-spelling-mistakes']);
    expect(readdirSync(folder).sort()).toEqual(['proposal.yaml', 'v1.mbox']);
    rmSync(path.join(repo, 'content/proposals'), { recursive: true });
    expect(repoSnapshot(repo)).toBe(before);
  });

  it('adds v2 to the same proposal, and refuses the same version twice', async () => {
    const { repo, base } = policyRepo();
    const folder = tempDir();
    writeFileSync(path.join(folder, 'v1.mbox'), makeSeries(repo, base, [spelling], { cover: 'Fix spelling' }));
    writeFileSync(path.join(folder, 'v2.mbox'), makeSeries(repo, base, [spelling, replaceIn('content/policy/process.md', 'Report', 'Please report')], { cover: 'Fix spelling', version: 2 }));
    expect((await runImport(repo, [path.join(folder, 'v1.mbox'), '--proposal', 'typos'])).code).toBe(0);
    expect((await runImport(repo, [path.join(folder, 'v2.mbox'), '--proposal', 'typos'])).code).toBe(0);
    const metadata = parse(readFileSync(path.join(repo, 'content/proposals/typos/proposal.yaml'), 'utf8'));
    expect(metadata.versions.map((version: { version: number; patches: number }) => [version.version, version.patches])).toEqual([[1, 1], [2, 2]]);
    const again = await importRefused(repo, readFileSync(path.join(folder, 'v2.mbox'), 'utf8'), ['--proposal', 'typos']);
    expect(again.code).toBe(2);
    // The same round again: said so, not "send the next round".
    expect(again.stderr).toMatch(/is v2 of proposal "typos" as it was imported already \(the same mail <[^>]+>\); a stored version is kept as it was received, so replies sent since are not added/);
    expect(again.unchanged).toBe(true);
    // Another round numbered v2: that one is to be sent as v3.
    // (its own Message-Ids: git format-patch names a cover letter by the second it was made in, as it did the first v2)
    const otherV2 = makeSeries(repo, base, [replaceIn('content/policy/process.md', 'Report', 'Always report')], { cover: 'Fix spelling', version: 2 }).replaceAll('<cover.', '<cover-other.');
    writeFileSync(path.join(folder, 'other-v2.mbox'), otherV2);
    const other = await importRefused(repo, readFileSync(path.join(folder, 'other-v2.mbox'), 'utf8'), ['--proposal', 'typos']);
    expect(other.stderr).toContain('which already has a different v2; send the next round as v3');
    expect(other.unchanged).toBe(true);
  });

  it('applies at --base when the series names no base', async () => {
    const { repo, base } = policyRepo();
    const mbox = makeSeries(repo, base, [spelling], { base: false });
    const file = path.join(tempDir(), 's.mbox');
    writeFileSync(file, mbox);
    const result = await runImport(repo, [file, '--base', 'main', '--proposal', 'typo']);
    expect(result.stderr).toBe('');
    expect(parse(readFileSync(path.join(repo, 'content/proposals/typo/proposal.yaml'), 'utf8')).versions[0].baseCommit).toBe(base);
  });
});

describe('policy import of a series that deletes a section', () => {
  it('stores it: removing a section is a proposal like any other, as long as the result is a valid policy', async () => {
    const { repo, base } = policyRepo();
    const mbox = makeSeries(repo, base, [edit('Drop the process section', (dir) => rmSync(path.join(dir, 'content/policy/process.md')))], { cover: 'Drop the process' });
    const file = path.join(tempDir(), 'drop.mbox');
    writeFileSync(file, mbox);
    const result = await runImport(repo, [file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(parse(readFileSync(path.join(repo, 'content/proposals/drop-the-process/proposal.yaml'), 'utf8')).versions[0].patches).toBe(1);
    expect(readFileSync(path.join(repo, 'content/policy/process.md'), 'utf8')).toContain('We fix it.'); // the working tree keeps the section
  });
});

describe('policy import refuses, naming the patch and the file, and leaves the repository as it was', () => {
  const cases: { name: string; edits: Edit[]; expected: RegExp[]; options?: SeriesOptions }[] = [
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
      expected: [/patch 1\/1 "Add CI": \.github\/workflows\/x\.yml is outside the policy content/],
    },
    {
      name: 'a symbolic link among the policy files',
      edits: [edit('Link a section', (dir) => symlinkSync('/etc/passwd', path.join(dir, 'content/policy/passwd.md')))],
      expected: [/patch 1\/1 "Link a section": content\/policy\/passwd\.md would create a symbolic link/],
    },
    {
      name: 'a file mode change',
      edits: [edit('Make it executable', (dir) => chmodSync(path.join(dir, 'content/policy/process.md'), 0o755))],
      expected: [/patch 1\/1 "Make it executable": content\/policy\/process\.md changes the file mode 100644 => 100755/],
    },
    {
      name: 'a binary patch',
      edits: [edit('Add a picture', (dir) => writeFileSync(path.join(dir, 'content/policy/picture.md'), Buffer.from([0, 1, 2, 255, 0])))],
      expected: [/patch 1\/1 "Add a picture": content\/policy\/picture\.md is a binary patch/],
    },
    {
      name: 'a series with no base-commit',
      edits: [spelling],
      options: { base: false },
      expected: [/series\.mbox import-base has no base-commit line/, /--base REV/],
    },
    {
      name: 'a rename out of the policy into scripts/ (written as a rename)',
      edits: [spelling, edit('Move the process', (dir) => renameSync(path.join(dir, 'content/policy/process.md'), path.join(dir, 'scripts/process.md')))],
      options: { formatArgs: ['-M'] },
      expected: [/patch 2\/2 "Move the process": scripts\/process\.md is outside the policy content/],
    },
    {
      name: 'a copy of a policy file into scripts/ (written as a copy)',
      edits: [edit('Copy the process', (dir) => copyFileSync(path.join(dir, 'content/policy/process.md'), path.join(dir, 'scripts/process.md')))],
      options: { formatArgs: ['-C', '--find-copies-harder'] },
      expected: [/patch 1\/1 "Copy the process": scripts\/process\.md is outside the policy content/],
    },
    {
      name: 'the deletion of the policy metadata file',
      edits: [spelling, edit('Drop the metadata', (dir) => rmSync(path.join(dir, 'content/policy.yaml')))],
      expected: [/content\/policy\.yaml missing-file is missing; a policy needs its metadata file .*\(after applying patch 2\/2 "Drop the metadata" of .*series\.mbox\)/],
    },
  ];
  for (const { name, edits, expected, options } of cases) {
    it(`refuses ${name}`, async () => {
      const { repo, base } = policyRepo();
      const result = await importRefused(repo, makeSeries(repo, base, edits, options));
      for (const pattern of expected) expect(result.stderr).toMatch(pattern);
      expect(result.code).toBe(2);
      expect(result.unchanged).toBe(true);
      expect(existsSync(path.join(repo, 'content/proposals'))).toBe(false);
    });
  }

  it('refuses a "../" path, which git format-patch cannot make, from a hand-written patch mail', async () => {
    const { repo, base } = policyRepo();
    const good = makeSeries(repo, base, [spelling]);
    const evil = good.replaceAll('a/content/policy/introduction.md', 'a/../outside.md').replaceAll('b/content/policy/introduction.md', 'b/../outside.md');
    const result = await importRefused(repo, evil);
    expect(result.stderr).toMatch(/patch 1\/1 "Fix spelling of controversial": \.\.\/outside\.md leaves the repository/);
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true);
  });

  it('refuses a patch that creates content/policy/../../x, naming the patch and the path', async () => {
    const { repo, base } = policyRepo();
    const good = makeSeries(repo, base, [spelling, edit('Add a section', (dir) => writeFileSync(path.join(dir, 'content/policy/x.md'), '---\nid: x\ntitle: X\norder: 30\n---\n\nX.\n'))]);
    const result = await importRefused(repo, good.replaceAll('content/policy/x.md', 'content/policy/../../x'));
    expect(result.stderr).toMatch(/patch 2\/2 "Add a section": content\/policy\/\.\.\/\.\.\/x leaves the repository/);
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true);
    expect(existsSync(path.join(path.dirname(repo), 'x'))).toBe(false);
  });

  it('refuses a path inside .git', async () => {
    const { repo, base } = policyRepo();
    const evil = makeSeries(repo, base, [spelling]).replaceAll('content/policy/introduction.md', '.git/hooks/pre-commit');
    const result = await importRefused(repo, evil);
    expect(result.stderr).toMatch(/patch 1\/1 "Fix spelling of controversial": \.git\/hooks\/pre-commit is inside \.git/);
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true);
  });

  it('refuses a base this repository does not have, and offers --base', async () => {
    const { repo, base } = policyRepo();
    const other = policyRepo();
    commitFiles(other.repo, { 'content/policy/process.md': '---\nid: process\ntitle: process\norder: 20\n---\n\n1.  Report the problem.\n2.  We fix it.\n3.  We tell.\n' }, 'Another history');
    const foreignBase = gitSync(other.repo, ['rev-parse', 'HEAD']);
    const result = await importRefused(repo, makeSeries(other.repo, foreignBase, [spelling]));
    expect(result.stderr).toContain(`is based on commit ${foreignBase}, which is not in this repository`);
    expect(result.stderr).toContain('--base REV');
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true);
    expect(base).not.toBe(foreignBase);
  });

  it('says in words that the mbox named is missing, a folder, or no mail at all', async () => {
    const { repo } = policyRepo();
    const folder = tempDir('policy-mbox-');
    const text = path.join(folder, 'notes.txt');
    writeFileSync(text, 'Some notes,\nnot a mail.\n');
    const missing = await runImport(repo, [path.join(folder, 'nope.mbox')]);
    expect([missing.code, missing.stderr]).toEqual([2, `policy import: no such file ${path.join(folder, 'nope.mbox')}; give the mbox of the series (as "git format-patch" or "policy series" wrote it, or as your mail client saved it)\n`]);
    expect((await runImport(repo, [folder])).stderr).toBe(`policy import: ${folder} is a folder; give the mbox file of the series\n`);
    const notMail = await importRefused(repo, 'Some notes,\nnot a mail.\n');
    expect(notMail.stderr).toMatch(/:1 import-headers message 1 is not a mail: it has no From or Subject header; give the mbox that "git format-patch" or "policy series" wrote/);
    expect([notMail.code, notMail.unchanged]).toEqual([2, true]);
  });

  it('says git cannot read the base when its commit is damaged, not that the repository lacks it', async () => {
    const { repo, base } = policyRepo();
    const mbox = makeSeries(repo, base, [spelling]);
    const object = path.join(repo, '.git', 'objects', base.slice(0, 2), base.slice(2));
    chmodSync(object, 0o644);
    writeFileSync(object, 'not a zlib stream');
    const result = await importRefused(repo, mbox);
    expect(result.stderr).toContain(`loose object ${base}`);
    expect(result.stderr).toContain('is corrupt');
    expect(result.stderr).not.toContain('which is not in this repository');
    expect(result.code).not.toBe(0);
    expect(result.unchanged).toBe(true);
  });

  it('refuses a series that does not apply, naming the patch, file and hunk', async () => {
    const { repo, base } = policyRepo();
    const mbox = makeSeries(repo, base, [spelling, replaceIn('content/policy/process.md', 'We fix it.', 'We fix it soon.', 'Promise a fix')]);
    // The maintainer's tree moved on: the second patch's context is gone.
    commitFiles(repo, { 'content/policy/process.md': '---\nid: process\ntitle: process\norder: 20\n---\n\n1.  Tell us.\n2.  We repair it.\n' }, 'Reword the process');
    const result = await importRefused(repo, mbox, ['--base', 'HEAD']);
    expect(result.stderr).toMatch(/patch 2\/2 "Promise a fix" does not apply at [0-9a-f]{12}: the hunk at line \d+ of content\/policy\/process\.md does not apply/);
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true); // .git byte for byte: nothing registered, no object written
  });

  it('refuses an incomplete series and one with a patch twice', async () => {
    const { repo, base } = policyRepo();
    const mbox = makeSeries(repo, base, [spelling, replaceIn('content/policy/process.md', 'Report', 'Please report', 'Ask nicely'), replaceIn('content/policy/process.md', 'We fix', 'We mend', 'Mend')]);
    const mails = mbox.split(/(?=^From [0-9a-f]{40} )/m);
    expect(mails).toHaveLength(4);
    const missing = await importRefused(repo, [mails[0], mails[1], mails[3]].join(''));
    expect(missing.stderr).toContain('is incomplete: patch 2/3 is missing');
    expect(missing.code).toBe(2);
    expect(missing.unchanged).toBe(true);
    const twice = await importRefused(repo, [mails[0], mails[1], mails[2], mails[2], mails[3]].join(''));
    expect(twice.stderr).toMatch(/series\.mbox:\d+ import-thread message 4 "\[PATCH v1 2\/3\] Ask nicely" is message 3 \(line \d+\) again, the same mail twice; remove one copy/);
    expect(twice.unchanged).toBe(true);
  });

  it('says so when git reads the mails of an mbox as one, their "From " lines being in a form git does not read', async () => {
    const { repo, base } = policyRepo();
    // As a delivery script writing `date`'s own form makes them: git mailsplit takes the whole file for one mail.
    const mbox = makeSeries(repo, base, [spelling, replaceIn('content/policy/process.md', 'Report', 'Please report', 'Ask nicely')]).replace(/^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001$/gm, 'From sender@localhost Sun Dec  6 16:18:35 UTC 2026');
    const refused = await importRefused(repo, mbox);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/series\.mbox:1 import-series holds 3 mails by their "From " lines, but git reads it as one: their form is not the one git reads \("From sender@localhost Sun Dec {2}6 16:18:35 UTC 2026"; git reads/);
    expect(refused.unchanged).toBe(true);
  });

  it('refuses a cover letter that still has git\'s placeholder subject', async () => {
    const { repo, base } = policyRepo();
    const result = await importRefused(repo, makeSeries(repo, base, [spelling], { cover: '*** SUBJECT HERE ***' }));
    expect(result.stderr).toContain('placeholder "*** SUBJECT HERE ***"');
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true);
  });

  it('refuses a series whose result is not a valid policy, naming the patch that broke it', async () => {
    const { repo, base } = policyRepo();
    const result = await importRefused(repo, makeSeries(repo, base, [spelling, replaceIn('content/policy/process.md', 'order: 20', 'order: twenty', 'Break the order'), replaceIn('content/policy/introduction.md', 'The policy', 'This policy', 'Reword')]));
    expect(result.stderr).toMatch(/content\/policy\/process\.md:\d+:\d+ schema .*\(after applying patch 2\/3 "Break the order" of .*series\.mbox\)/);
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true);
  });
});

/** The mbox with the first `header:` line of patch mail `index` (1-based, after the cover letter) replaced by `bytes`. */
function withHeader(mbox: string, index: number, header: string, bytes: Buffer): Buffer {
  const mails = mbox.split(/(?=^From [0-9a-f]{40} )/m);
  const mail = mails[index]!;
  const at = mail.search(new RegExp(`^${header}: `, 'm'));
  const end = mail.indexOf('\n', at);
  return Buffer.concat([Buffer.from(mails.slice(0, index).join('') + mail.slice(0, at)), Buffer.from(`${header}: `), bytes, Buffer.from(mail.slice(end) + mails.slice(index + 1).join(''))]);
}

/** The 1-based line of the mbox where patch mail `index` starts. */
function mailLine(mbox: string, index: number): number {
  return mbox.split(/(?=^From [0-9a-f]{40} )/m).slice(0, index).join('').split('\n').length;
}

describe('policy import refuses a mail it cannot decode, naming the patch and its mbox line', () => {
  // Every case starts from a copy of the same repository (policyRepo), so one series serves them all.
  let twoFixes: { base: string; mbox: string } | undefined;
  const two = (repo: string, base: string) => {
    if (twoFixes?.base !== base) twoFixes = { base, mbox: makeSeries(repo, base, [spelling, replaceIn('content/policy/process.md', 'We fix it.', 'We fix it soon.', 'Promise a fix')], { cover: 'Two fixes' }) };
    return twoFixes.mbox;
  };
  const cases: { name: string; header: string; bytes: Buffer; expected: RegExp }[] = [
    { name: 'an unknown charset in the subject', header: 'Subject', bytes: Buffer.from('[PATCH v1 2/2] =?x-klingon?Q?=FF?= fix'), expected: /"\[PATCH v1 2\/2\] =\?x-klingon\?Q\?=FF\?= fix" has headers that cannot be decoded \(cannot convert from x-klingon to UTF-8\)/ },
    { name: 'an unterminated encoded-word in the subject', header: 'Subject', bytes: Buffer.from('[PATCH v1 2/2] =?utf-8?B?'), expected: /has headers that cannot be decoded/ },
    { name: 'raw Latin-1 bytes in the subject', header: 'Subject', bytes: Buffer.from('[PATCH v1 2/2] caf\xe9', 'latin1'), expected: /"\[PATCH v1 2\/2\] caf\\xe9": its Subject header is not valid UTF-8 once decoded/ },
    { name: 'an encoded-word whose bytes are not UTF-8', header: 'Subject', bytes: Buffer.from('[PATCH v1 2/2] =?utf-8?Q?=FF=FE?='), expected: /its Subject header is not valid UTF-8 once decoded/ },
    { name: 'raw Latin-1 bytes in the From header', header: 'From', bytes: Buffer.from('Jos\xe9 <jose@example.org>', 'latin1'), expected: /\(patch 2\/2\) "\[PATCH v1 2\/2\] Promise a fix": its From header is not valid UTF-8 once decoded/ },
    { name: 'an unknown charset in the From header', header: 'From', bytes: Buffer.from('=?x-klingon?Q?Jos=E9?= <jose@example.org>'), expected: /\(patch 2\/2\) "\[PATCH v1 2\/2\] Promise a fix" has headers that cannot be decoded \(cannot convert from x-klingon to UTF-8\)/ },
  ];
  for (const { name, header, bytes, expected } of cases) {
    it(`refuses ${name}`, async () => {
      const { repo, base } = policyRepo();
      const mbox = two(repo, base);
      const result = await importRefused(repo, withHeader(mbox, 2, header, bytes));
      expect(result.stderr).toMatch(expected);
      expect(result.stderr).toMatch(new RegExp(`series\\.mbox:${mailLine(mbox, 2)} import-headers message 3 `));
      expect(result.stderr).toContain('send the series again with git format-patch');
      expect(result.stderr).not.toMatch(/git mailinfo|\.msg|\n\s+at /); // a sentence, not git's command line or a stack trace
      expect(result.code).toBe(2);
      expect(result.unchanged).toBe(true);
    });
  }

  it('refuses a cover letter whose Date cannot be read, naming it', async () => {
    const { repo, base } = policyRepo();
    const result = await importRefused(repo, withHeader(two(repo, base), 0, 'Date', Buffer.from('the day after tomorrow')));
    expect(result.stderr).toMatch(/message 1 "\[PATCH v1 0\/2\] Two fixes" has an unreadable Date header "the day after tomorrow"/);
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true);
  });

  it('refuses a message that is not UTF-8, and still imports one whose Latin-1 header is declared', async () => {
    const { repo, base } = policyRepo();
    const mbox = two(repo, base);
    const [before, after] = [mbox.slice(0, mbox.lastIndexOf('Promise a fix\n\n') + 15), mbox.slice(mbox.lastIndexOf('Promise a fix\n\n') + 15)];
    const undeclared = await importRefused(repo, Buffer.concat([Buffer.from(before), Buffer.from('Caf\xe9.\n\n', 'latin1'), Buffer.from(after)]));
    expect(undeclared.stderr).toMatch(/message 3 \(patch 2\/2\) "\[PATCH v1 2\/2\] Promise a fix": its message is not valid UTF-8/);
    expect(undeclared.unchanged).toBe(true);
    const declared = withHeader(mbox, 2, 'Subject', Buffer.from('[PATCH v1 2/2] Promise a fix =?iso-8859-1?Q?caf=E9?='));
    const file = path.join(tempDir(), 'declared.mbox');
    writeFileSync(file, declared);
    const result = await runImport(repo, [file, '--proposal', 'declared']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('policy import refuses a diff that is not UTF-8', () => {
  it('names the patch, the file and the hunk', async () => {
    const { repo, base } = policyRepo();
    const mbox = makeSeries(repo, base, [spelling, replaceIn('content/policy/process.md', 'We fix it.', 'We fix it, caf\u00e9.', 'Promise a fix')]);
    // The added line's "é" (UTF-8 c3 a9) as the Latin-1 byte e9, as a mail client that re-encodes the body would send it.
    const utf8 = Buffer.from(mbox);
    const at = utf8.indexOf('caf\u00e9.', utf8.indexOf('+2.  We fix it'));
    const bytes = Buffer.concat([utf8.subarray(0, at + 3), Buffer.from([0xe9]), utf8.subarray(at + 5)]);
    const result = await importRefused(repo, bytes);
    expect(result.stderr).toMatch(/import-encoding message 3 \(patch 2\/2\) "\[PATCH v1 2\/2\] Promise a fix": the hunk @@ -\d+,\d+ \+\d+,\d+ @@ of content\/policy\/process\.md is not valid UTF-8/);
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true);
  });
});

describe('policy import refuses an mbox beyond its limits before reading it whole', () => {
  it('refuses a file over 16 MiB from its size', async () => {
    const { repo } = policyRepo();
    const file = path.join(tempDir(), 'huge.mbox');
    writeFileSync(file, 'From 0 Mon Sep 17 00:00:00 2001\n');
    truncateSync(file, 17 * 1024 * 1024);
    const before = repoSnapshot(repo);
    const result = await runImport(repo, [file]);
    expect(result.stderr).toMatch(/huge\.mbox import-limit is 17\.0 MiB; policy import reads at most 16 MiB/);
    expect(result.code).toBe(2);
    expect(repoSnapshot(repo)).toBe(before);
  });

  it('refuses an endless stream, reading no more than the limit', async () => {
    const { repo } = policyRepo();
    const result = await runImport(repo, ['/dev/zero']);
    expect(result.stderr).toContain('/dev/zero import-limit is larger than 16 MiB');
    expect(result.code).toBe(2);
  });

  it('refuses a series numbered beyond 200 patches, naming the mail', async () => {
    const { repo, base } = policyRepo();
    const mbox = makeSeries(repo, base, [spelling]).replaceAll('1/1]', '1/201]').replaceAll('0/1]', '0/201]');
    const result = await importRefused(repo, mbox);
    expect(result.stderr).toMatch(/series\.mbox:1 import-limit message 1 \(patch 0\/201\) "\[PATCH v1 0\/201\] Fix a word" numbers a series of 201 patches; policy import takes at most 200/);
    expect(result.code).toBe(2);
    expect(result.unchanged).toBe(true);
  });
});
