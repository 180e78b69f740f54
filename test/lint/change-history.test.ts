import { describe, expect, it } from 'vitest';
import { compareVersions, parsePolicyDates, readChangeHistory, sameDay } from '../../src/lib/lint/change-history.ts';

describe('reading the Change History', () => {
  it('reads the dates as the policy writes them', () => {
    expect(parsePolicyDates('Aug 8th 2019')).toEqual([{ year: 2019, month: 8, day: 8 }]);
    expect(parsePolicyDates('June 14th 2018')).toEqual([{ year: 2018, month: 6, day: 14 }]);
    expect(parsePolicyDates('Sept 30th 2014')).toEqual([{ year: 2014, month: 9, day: 30 }]);
    expect(parsePolicyDates('Oct 21st 2015')).toEqual([{ year: 2015, month: 10, day: 21 }]);
    expect(parsePolicyDates('Jun 2014')).toEqual([{ year: 2014, month: 6 }]);
    expect(parsePolicyDates('Feb 11th 2015 (published March 2nd 2015)')).toEqual([
      { year: 2015, month: 2, day: 11 },
      { year: 2015, month: 3, day: 2 },
    ]);
    expect(parsePolicyDates('Foo 3rd 2019')).toEqual([]);
  });

  it('compares an ISO date to the precision of the entry', () => {
    expect(sameDay('2019-08-08', { year: 2019, month: 8, day: 8 })).toBe(true);
    expect(sameDay('2019-08-09', { year: 2019, month: 8, day: 8 })).toBe(false);
    expect(sameDay('2014-06-30', { year: 2014, month: 6 })).toBe(true);
  });

  it('reads version, dates and position of each entry of the shipped history', async () => {
    const { readFile } = await import('node:fs/promises');
    const entries = readChangeHistory((await readFile('content/policy/change-history.md', 'utf8')).split('---\n').slice(2).join('---\n'));
    expect(entries[0]).toMatchObject({ version: '3.23', dates: [{ year: 2019, month: 8, day: 8 }], label: 'v3.23 Aug 8th 2019:', column: 5 });
    expect(entries.map((entry) => entry.version)).toContain('3.0');
    expect(entries.at(-1)).toMatchObject({ version: '1.0', dates: [{ year: 2011, month: 12 }] });
    for (let i = 1; i < entries.length; i++) expect(compareVersions(entries[i]!.version, entries[i - 1]!.version)).toBeLessThan(0);
  });
});
