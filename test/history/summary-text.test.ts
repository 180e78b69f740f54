/** A release's summary as the pages say it: the commit's subject without the version before it, one full stop after. */
import { describe, expect, it } from 'vitest';
import { asSentence, summaryOfSubject } from '../../src/lib/history/history.ts';

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
