/** `policy init` on real policies: a real history with a rename replayed in git, and the Xen text as published. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lib/errors.ts';
import { loadPolicyHistory } from '../../src/lib/history/history.ts';
import { computeReleaseChanges } from '../../src/lib/history/release-changes.ts';
import { initPolicySite } from '../../src/lib/init/index.ts';
import { lintPolicy } from '../../src/lib/lint/index.ts';
import { computeRedline } from '../../src/lib/redline/compute.ts';
import { loadPolicyFolder } from '../../src/lib/load/folder.ts';
import { loadSiteIdentity } from '../../src/lib/site/identity.ts';
import { gitSync, tempDir } from '../support/temp.ts';
import { bugBountyHistory, XEN_POLICY_FILE } from './support.ts';

describe('policy init --git: a real history with a rename', () => {
  it('replays each revision as a commit with its author, date and message, and makes each change a release named by its date', async () => {
    const source = bugBountyHistory();
    const dir = path.join(tempDir(), 'safe-harbor');
    // The file as a shell completes it from here, a path of the repository's working tree (the bare test below gives it from the root).
    const report = await initPolicySite({ dir, from: path.join(source, 'Policies/github-bug-bounty-program-legal-safe-harbor.md'), git: source });

    expect(report.mode).toBe('dates');
    expect(report.revisions.map(({ version, release }) => [version, release])).toEqual([['2017.03.01', true], ['2018.06.12', true], ['2020.11.02', true]]);
    expect(report.lint).toEqual([]);
    // The docs site's own front matter is said to be left out, not silently dropped.
    expect(report.unusedFrontMatter).toEqual(['productVersions', 'redirect_from']);
    const log = gitSync(dir, ['log', '--reverse', '--format=%an <%ae>|%aI|%s']).split('\n');
    expect(log).toEqual([
      'Policy Author <one@example.org>|2017-03-01T10:00:00+01:00|Add the bug bounty safe harbor',
      'Policy Editor <two@example.org>|2018-06-12T15:30:00-07:00|Safe harbor: summary as a subsection, "and protected"',
      'Docs Team <three@example.org>|2020-11-02T09:00:00+00:00|Move the safe harbor to the docs layout; fix "intiating"',
      expect.stringMatching(/\|Site: publish the policy with policy-site$/),
    ]);
    expect(gitSync(dir, ['log', '-1', '--format=%B', 'HEAD~3'])).toBe('Add the bug bounty safe harbor\n\nFirst published version.');
    expect(gitSync(dir, ['tag', '--list', 'policy-v*']).split('\n')).toEqual(['policy-v2017.03.01', 'policy-v2018.06.12', 'policy-v2020.11.02']);
    expect(gitSync(dir, ['status', '--porcelain'])).toBe('');

    // The newest text, its title from the front matter, sections from the ### outline.
    const policy = await loadPolicyFolder(dir);
    expect(policy.metadata).toMatchObject({ title: 'GitHub Bug Bounty Program Legal Safe Harbor', version: '2020.11.02', date: '2020-11-02' });
    expect(policy.sections.map((section) => section.id)).toEqual(['summary', 'safe-harbor-terms', 'third-party-safe-harbor', 'limited-waiver-of-other-site-polices']);
    expect((await lintPolicy(dir)).results).toEqual([]);
    expect(loadSiteIdentity(dir, {})).toMatchObject({ name: 'GitHub Bug Bounty Program Legal Safe Harbor', base: '/' });

    // What the site shows: three releases, each redline the real change.
    const history = await loadPolicyHistory(dir);
    expect(history.releases.map((release) => release.version)).toEqual(['2020.11.02', '2018.06.12', '2017.03.01']);
    expect(history.warnings).toEqual([]);
    const [newest, middle, oldest] = history.releases;
    const typo = computeRedline(middle!.document, newest!.document);
    expect(typo.changes.map(({ sectionId, oldText, newText }) => [sectionId, oldText, newText])).toEqual([['third-party-safe-harbor', 'intiating', 'initiating']]);
    const wording = computeRedline(oldest!.document, middle!.document);
    expect(wording.changes.filter((change) => change.kind === 'insertion').map(({ sectionId, newText }) => [sectionId, newText.trim()])).toContainEqual(['third-party-safe-harbor', 'and']);
    // And the page shows it: the release's redline as the site renders it.
    expect(computeReleaseChanges(middle!.document, newest!.document, '/releases/').inline).toMatch(/<del[^>]*>intiating<\/del>/);
  });

  it('reads a bare repository, and honours version tags: a release per tagged version, the rest changes to it', async () => {
    const source = bugBountyHistory(['v1.0', undefined, 'v1.1']);
    const bare = path.join(tempDir(), 'policies.git');
    gitSync(path.dirname(bare), ['clone', '--quiet', '--bare', source, bare]);
    const dir = path.join(tempDir(), 'site');
    const report = await initPolicySite({ dir, from: 'Policies/github-bug-bounty-program-legal-safe-harbor.md', git: bare });
    expect(report.mode).toBe('versions');
    expect(report.revisions.map(({ version, release, versionFrom }) => [version, release, versionFrom])).toEqual([
      ['1.0', true, 'tag v1.0'],
      ['1.0', false, 'unchanged since 1.0'],
      ['1.1', true, 'tag v1.1'],
    ]);
    expect(gitSync(dir, ['tag', '--list', 'policy-v*']).split('\n')).toEqual(['policy-v1.0', 'policy-v1.1']);
    expect(gitSync(dir, ['rev-parse', 'policy-v1.0'])).toBe(gitSync(dir, ['rev-parse', 'HEAD~3']));
    const history = await loadPolicyHistory(dir);
    expect(history.releases.map((release) => release.version)).toEqual(['1.1', '1.0']);
  });
});

describe('policy init --from: one file', () => {
  it('takes the Xen policy as published (Hugo front matter, shortcodes): version and date from its Change History, lint clean', async () => {
    const dir = path.join(tempDir(), 'xen');
    const report = await initPolicySite({ dir, from: XEN_POLICY_FILE });
    expect(report.revisions).toEqual([expect.objectContaining({ version: '3.23', date: '2019-08-08', release: true, versionFrom: 'the newest entry of "Change History"' })]);
    expect(report.lint).toEqual([]);
    // The policy's Change History rule stays on: the metadata agrees with the newest entry.
    expect(report.rulesOff.map((rule) => rule.rule)).not.toContain('change-history');
    const policy = await loadPolicyFolder(dir);
    expect(policy.metadata.title).toBe('Security policy');
    // The Hugo shortcode lines that wrap the page's text are gone, not published as "{{}}".
    expect(report.shortcodeLines).toEqual({ lines: ['{{<section md="true" class="content-markdown">}}', '{{</section>}}'], revisions: 1 });
    expect([policy.metadata.lead ?? '', ...policy.sections.map((section) => section.body)].join('\n')).not.toContain('{{');
    expect(policy.sections.map((section) => section.id)).toContain('predisclosure-list-membership-application-process');
    expect(gitSync(dir, ['tag', '--list'])).toBe('policy-v3.23');
    expect(existsSync(path.join(dir, 'test'))).toBe(false);
    expect(existsSync(path.join(dir, 'content', 'proposals'))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts).not.toHaveProperty('test');
    expect(readFileSync(path.join(dir, '.markdownlint-cli2.jsonc'), 'utf8')).toMatch(/Off at import: the policy breaks it \d+ times \(first at content\/policy\/[a-z-]+\.md:\d+\)/);
  });

  it('refuses a folder that is not empty, and leaves nothing behind when the file is no policy', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'keep.txt'), 'mine\n');
    await expect(initPolicySite({ dir, from: XEN_POLICY_FILE })).rejects.toThrow(UsageError);
    expect(readFileSync(path.join(dir, 'keep.txt'), 'utf8')).toBe('mine\n');

    const notes = path.join(tempDir(), 'notes.md');
    writeFileSync(notes, 'Just a paragraph, no headings.\n');
    const target = path.join(tempDir(), 'new');
    await expect(initPolicySite({ dir: target, from: notes })).rejects.toThrow(/has no "## " headings/);
    expect(existsSync(target)).toBe(false);
    await expect(initPolicySite({ dir: target, from: path.join(tempDir(), 'missing.md') })).rejects.toThrow(/does not exist/);
  });
});
