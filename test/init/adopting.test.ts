/** `policy init` on the policies a newcomer brings: version lines, numbered headings, a renamed file, the package it writes. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyHistory } from '../../src/lib/history/history.ts';
import { initPolicySite } from '../../src/lib/init/index.ts';
import { computeRedline, LEAD_SECTION_ID } from '../../src/lib/redline/compute.ts';
import { loadPolicyFolder } from '../../src/lib/load/folder.ts';
import { gitSync, tempDir } from '../support/temp.ts';
import { replayHistory, type ReplayedRevision } from './support.ts';

/** A revision of SECURITY.md with `preamble` before its two sections. */
function revision(preamble: string, scope: string, date: string): ReplayedRevision {
  const text = `# Security policy\n\n${preamble}\n\n## Scope\n\n${scope}\n\n## Reporting\n\nMail security@example.org.\n`;
  return { path: 'SECURITY.md', text, author: 'Policy Author <one@example.org>', date, message: `Policy: ${scope}\n` };
}

describe('policy init: the lines it reads the version and date from', () => {
  it('takes a version line and a date line out of the lead of every revision, and says so', async () => {
    const source = replayHistory([
      revision('How we handle reports.\n\nVersion: 1.1\nEffective date: July 2, 2019\n\nRead it all.', 'Everything we ship.', '2019-07-02T10:00:00+0000'),
      revision('How we handle reports.\n\nVersion: 1.2\nEffective date: 2020-01-05\n\nRead it all.', 'Everything we ship and host.', '2020-01-05T10:00:00+0000'),
    ]);
    const dir = path.join(tempDir(), 'site');
    const report = await initPolicySite({ dir, from: 'SECURITY.md', git: source });
    expect(report.revisions.map(({ version, date, release }) => [version, date, release])).toEqual([['1.1', '2019-07-02', true], ['1.2', '2020-01-05', true]]);
    expect(report.leadLines).toEqual([
      { field: 'version', line: 'Version: 1.2', revisions: 2 },
      { field: 'date', line: 'Effective date: 2020-01-05', revisions: 2 },
    ]);
    for (const commit of ['HEAD~1', 'HEAD~2']) {
      expect(gitSync(dir, ['show', `${commit}:content/policy.yaml`])).toMatch(/^lead: \|-?\n {2}How we handle reports\.\n\n {2}Read it all\.$/m);
    }
    expect((await loadPolicyFolder(dir)).metadata).toMatchObject({ version: '1.2', date: '2020-01-05', lead: 'How we handle reports.\n\nRead it all.' });
    // The release's redline is the policy's change, not the version's.
    const [newest, older] = (await loadPolicyHistory(dir)).releases;
    const changes = computeRedline(older!.document, newest!.document).changes;
    expect(changes.map((change) => change.sectionId)).not.toContain(LEAD_SECTION_ID);
    expect(changes.map((change) => change.sectionId)).toContain('scope');
  });
});
