/** The two small readers under import: a subject's [PATCH vN k/n] prefix, and which paths a series may change. */
import { describe, expect, it } from 'vitest';
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
