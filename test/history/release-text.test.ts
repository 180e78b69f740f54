/** Release text as the pages say it: a summary from its commit, one full stop after it, and the releases a section's chart shows. */
import { describe, expect, it } from 'vitest';
import { asSentence, summaryOfSubject } from '../../src/lib/history/history.ts';
import { releasesOfSection } from '../../src/lib/history/timeline.ts';

describe('a release summary taken from its commit', () => {
  it('leaves out the version the subject starts with, as policy release and maintainers write it', () => {
    expect(summaryOfSubject('Policy v2.3: Response within two working days', '2.3')).toBe('Response within two working days');
    expect(summaryOfSubject('Policy 2.1: reporting first', '2.1')).toBe('reporting first');
    expect(summaryOfSubject('v1.0: First published version', '1.0')).toBe('First published version');
    // Another version, or no version, is the subject's own text.
    expect(summaryOfSubject('Policy v2.2: older', '2.3')).toBe('Policy v2.2: older');
    expect(summaryOfSubject('Reword the scope', '2.3')).toBe('Reword the scope');
  });

  it('ends a summary with one full stop, whether or not it had one', () => {
    expect(asSentence('Added DornerWorks Ltd')).toBe('Added DornerWorks Ltd.');
    expect(asSentence('Embargo is fourteen working days.')).toBe('Embargo is fourteen working days.');
    expect(asSentence('Is it "final?"')).toBe('Is it "final?"');
  });
});

describe('the releases a section\'s chart shows', () => {
  it('begins at the release that first has the section; the policy\'s chart shows them all', () => {
    const release = (version: string, ids: string[]) => ({ version, document: { metadata: { title: 'P', version, date: '2024-01-01' }, sections: ids.map((id, order) => ({ id, title: id, order, body: '' })) } });
    const releases = [release('1.0', ['scope']), release('1.1', ['scope']), release('2.0', ['scope', 'encryption']), release('2.1', ['scope', 'encryption'])];
    expect(releasesOfSection(releases, 'encryption').map((entry) => entry.version)).toEqual(['2.0', '2.1']);
    expect(releasesOfSection(releases, undefined)).toHaveLength(4);
  });
});
