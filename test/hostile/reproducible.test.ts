/** Two builds of the same source in different folders, time zones, locales and days give the same bytes. */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileDigests, hashTree, listFiles } from './support/site-files.ts';
import { builtSite } from '../support/site.ts';
import { buildSite, repoRoot, siteCopy } from './support/site-copy.ts';

const shiftClock = pathToFileURL(path.join(import.meta.dirname, 'support', 'shift-clock.mjs')).href;

/** The files whose bytes differ between two trees, or that only one of them has. */
function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((file) => a.get(file) !== b.get(file)).sort();
}

describe('a reproducible build', () => {
  it('is byte for byte the same from two folders, on two days, in two zones and locales', async () => {
    // The shared test build (test/support/build-site.ts) is made in the repository itself, in UTC, in the C locale,
    // with a fixed epoch, today; this one in a copy elsewhere, in another zone and locale, 400 days later.
    const copy = siteCopy({ prefix: 'policy-repro-second-copy-' });
    const build = await buildSite(copy, {
      TZ: 'Pacific/Kiritimati',
      LANG: 'de_DE.UTF-8',
      SOURCE_DATE_EPOCH: '1893456000',
      CLOCK_SHIFT_DAYS: '400',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${shiftClock}`.trim(),
    });
    expect(build.code, build.output).toBe(0);
    const shared = await builtSite();

    const dist = path.join(copy, 'dist');
    expect(differences(fileDigests(shared), fileDigests(dist))).toEqual([]);
    expect(hashTree(shared)).toBe(hashTree(dist));

    // No absolute path of either build folder (nor of the machine's temp folder) is written into the site.
    for (const file of listFiles(dist)) {
      const text = readFileSync(path.join(dist, file)).toString('latin1');
      for (const folder of [repoRoot, copy, tmpdir()]) expect(text.includes(folder), `${file} contains ${folder}`).toBe(false);
    }
  }, 300_000);
});
