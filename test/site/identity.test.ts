/** site.yaml: the one place for the site's identity, validated with file:line errors, used by lint, series and import. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPolicy } from '../../src/lib/lint/index.ts';
import { loadSiteIdentity, optionalSiteIdentity, parseSiteIdentity } from '../../src/lib/site/identity.ts';
import { policyFiles, tempDir, writeFiles } from '../support/temp.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('site.yaml', () => {
  it('holds the shipped site identity', () => {
    expect(loadSiteIdentity(root, {})).toEqual({
      name: 'Xen Project Security policy',
      organisation: 'Xen Project',
      url: 'https://security-policy.example.org',
      base: '/',
      licence: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
      list: 'xen-devel@lists.xenproject.org',
      archive: 'https://lore.kernel.org/r/{messageId}',
    });
  });

  it('takes the deployment address from SITE_URL and BASE_PATH', () => {
    expect(loadSiteIdentity(root, { SITE_URL: 'https://example.github.io', BASE_PATH: '/policy/' })).toMatchObject({ url: 'https://example.github.io', base: '/policy/' });
  });

  it('names the line, the field and the fix of each problem', () => {
    const { problems } = parseSiteIdentity('name: Example policy\nurl: example.org\nbase: policy\nlist: not an address\narchive: https://lists.example.org/\ncolour: blue\n');
    expect(problems.map((problem) => `${problem.file}:${problem.line} ${problem.message}`)).toEqual([
      'site.yaml:2 field "url" in the site identity must be an http(s) URL, e.g. "https://example.org/security/"',
      'site.yaml:3 field "base" in the site identity must be a path that starts and ends with "/", e.g. "/" or "/security-policy/"',
      'site.yaml:4 field "list" in the site identity must be a mail address, e.g. "policy-discuss@example.org"',
      'site.yaml:5 field "archive" in the site identity must be an http(s) URL holding "{messageId}", e.g. "https://lore.kernel.org/r/{messageId}"',
      'site.yaml:6 unknown field "colour" in the site identity; remove it or check its spelling',
    ]);
  });

  it('is a lint finding (PL009) when wrong, and no finding when a policy folder has none', async () => {
    const dir = tempDir();
    writeFiles(dir, policyFiles('1.0', { scope: 'Text.\n' }));
    expect((await lintPolicy(dir)).results).toEqual([]);
    expect(optionalSiteIdentity(dir)).toBeUndefined();
    writeFileSync(path.join(dir, 'site.yaml'), 'name: Example\nurl: https://example.org\nlist: nobody\n');
    const results = (await lintPolicy(dir)).results;
    expect(results.map((result) => `${result.fileName}:${result.lineNumber} ${result.ruleNames.join('/')}`)).toEqual(['site.yaml:3 PL009/site-identity']);
    expect(() => optionalSiteIdentity(dir)).toThrow(/site\.yaml:3:7 schema field "list"/);
  });
});
