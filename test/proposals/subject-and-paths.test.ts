/** The small readers under import: a subject's [PATCH vN k/n] prefix, which paths a series may change, and where a mail sits in its mbox. */
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../src/lib/errors.ts';
import { firstNonUtf8, readMbox } from '../../src/lib/proposals/mbox.ts';
import { refusePath } from '../../src/lib/proposals/paths.ts';
import { parseSubject } from '../../src/lib/proposals/subject.ts';

describe('parseSubject', () => {
  it.each([
    ['[PATCH v2 0/3] Fix spelling mistakes', { version: 2, index: 0, total: 3, title: 'Fix spelling mistakes', isPatch: true }],
    ['[PATCH 2/5] Fix a word', { version: 1, index: 2, total: 5, title: 'Fix a word', isPatch: true }],
    ['[PATCH] One fix', { version: 1, index: 1, total: 1, title: 'One fix', isPatch: true }],
    ['[RFC PATCH v3 1/2] Idea', { version: 3, index: 1, total: 2, title: 'Idea', isPatch: true }],
    ['[Xen-devel] [PATCH v10 12/12] Last', { version: 10, index: 12, total: 12, title: 'Last', isPatch: true }],
    ['Re: [PATCH v2 1/3] Fix', { version: 1, index: 1, total: 1, title: 'Re: [PATCH v2 1/3] Fix', isPatch: false }],
  ])('reads %s', (subject, expected) => {
    expect(parseSubject(subject)).toEqual(expected);
  });
});

describe('refusePath', () => {
  it.each(['content/policy.yaml', 'content/policy/introduction.md', 'content/policy/new-section.md'])('lets a series change %s', (file) => {
    expect(refusePath(file)).toBeUndefined();
  });

  it.each([
    ['scripts/build.ts', /outside the policy content/],
    ['astro.config.mjs', /outside the policy content/],
    ['package.json', /outside the policy content/],
    ['.github/workflows/ci.yml', /outside the policy content/],
    ['content/policy/sub/deep.md', /outside the policy content/],
    ['content/policy/notes.txt', /outside the policy content/],
    ['content/proposals/x/proposal.yaml', /outside the policy content/],
    ['../outside.md', /leaves the repository/],
    ['content/policy/../../scripts/x.md', /leaves the repository/],
    ['/etc/passwd', /leaves the repository/],
    ['content/.git/config', /inside \.git/],
    ['content/policy/.GIT/x.md', /inside \.git/],
  ])('refuses %s', (file, reason) => {
    expect(refusePath(file)).toMatch(reason);
  });
});

describe('readMbox', () => {
  const mail = (subject: string, from = 'A <a@example.org>') => `From 0 Mon Sep 17 00:00:00 2001\nFrom: ${from}\nSubject: ${subject}\n\nText.\n`;

  it('names the mbox line of a mail it cannot decode, also when every mail has the same "From " line', async () => {
    const mbox = Buffer.from([mail('[PATCH 1/3] a'), mail('[PATCH 2/3] b'), mail('[PATCH 3/3] =?x-klingon?Q?c?=')].join('\n'));
    const error = await readMbox(mbox, 'series.mbox').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).problems).toEqual([
      expect.objectContaining({ file: 'series.mbox', line: 13, rule: 'import-headers', message: expect.stringContaining('message 3 (patch 3/3) "[PATCH 3/3] =?x-klingon?Q?c?=" has headers that cannot be decoded') }),
    ]);
  });

  it('reads a mail whose headers are encoded properly', async () => {
    const [message] = await readMbox(Buffer.from(mail('[PATCH 1/1] =?utf-8?Q?caf=C3=A9?=', '=?iso-8859-1?Q?Jos=E9?= <jose@example.org>')));
    expect(message).toMatchObject({ subject: '[PATCH 1/1] café', author: 'José', email: 'jose@example.org' });
  });
});

describe('firstNonUtf8', () => {
  it('finds the file and hunk of the first byte that is not UTF-8', () => {
    const patch = Buffer.concat([Buffer.from('diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@ title\n-caf\xc3\xa9\n', 'latin1'), Buffer.from('+caf\xe9\n', 'latin1')]);
    expect(firstNonUtf8(patch)).toEqual({ file: 'x.md', hunk: '@@ -1,2 +1,2 @@' });
    expect(firstNonUtf8(Buffer.from('+++ b/x.md\n@@ -1 +1 @@\n+café\n'))).toBeUndefined();
  });
});
