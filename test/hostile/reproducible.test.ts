/** Two builds of the same source in different folders, time zones, locales and days give the same bytes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileDigests, hashTree, listFiles } from './support/site-files.ts';
import { buildSite, siteCopy } from './support/site-copy.ts';

const shiftClock = pathToFileURL(path.join(import.meta.dirname, 'support', 'shift-clock.mjs')).href;

/** The files whose bytes differ between two trees, or that only one of them has. */
function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((file) => a.get(file) !== b.get(file)).sort();
}

describe('a reproducible build', () => {
  it('is byte for byte the same from two folders, on two days, in two zones and locales', async () => {
    const first = siteCopy({ prefix: 'policy-repro-a-' });
    const second = siteCopy({ prefix: 'policy-repro-second-copy-' });
    const a = await buildSite(first, { TZ: 'UTC', LANG: 'C.UTF-8', SOURCE_DATE_EPOCH: '946684800' });
    expect(a.code, a.output).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a later wall-clock second as well as another day
    const b = await buildSite(second, {
      TZ: 'Pacific/Kiritimati',
      LANG: 'de_DE.UTF-8',
      SOURCE_DATE_EPOCH: '1893456000',
      CLOCK_SHIFT_DAYS: '400',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${shiftClock}`.trim(),
    });
    expect(b.code, b.output).toBe(0);

    const distA = path.join(first, 'dist');
    const distB = path.join(second, 'dist');
    expect(differences(fileDigests(distA), fileDigests(distB))).toEqual([]);
    expect(hashTree(distA)).toBe(hashTree(distB));

    // No absolute path of either build folder (nor of the machine's temp folder) is written into the site.
    for (const file of listFiles(distB)) {
      const text = readFileSync(path.join(distB, file)).toString('latin1');
      for (const folder of [first, second, path.dirname(first)]) expect(text.includes(folder), `${file} contains ${folder}`).toBe(false);
    }
  }, 300_000);
});
