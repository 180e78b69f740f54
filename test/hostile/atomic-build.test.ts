/** The build swaps a complete site into place, or leaves the previous one whole: killed, failed or interrupted mid-swap. */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { recoverInterruptedBuild, siblingPrefixes, swapInto } from '../../src/integrations/atomic-build.ts';
import { tempDir } from '../support/temp.ts';
import { hashTree, listFiles } from './support/site-files.ts';
import { buildSite, siteCopy, startBuild } from './support/site-copy.ts';

/** Folders beside `dist` left by a build (staging or set-aside). */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('.dist.'));
}

/** Resolves once `predicate` holds, checking every 10 ms; rejects after `seconds`. */
async function waitFor(predicate: () => boolean, seconds: number): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`gave up waiting after ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a build of the site', () => {
  let copy: string;
  let dist: string;
  let firstHash: string;

  beforeAll(async () => {
    copy = siteCopy();
    dist = path.join(copy, 'dist');
    const first = await buildSite(copy);
    expect(first.code, first.output).toBe(0);
    firstHash = hashTree(dist);
  }, 180_000);

  it('writes the finished site to dist/ and leaves nothing beside it', () => {
    expect(listFiles(dist)).toContain('index.html');
    expect(listFiles(dist).some((file) => file.startsWith('pagefind/'))).toBe(true); // Pagefind ran before the swap
    expect(leftovers(copy)).toEqual([]);
  });

  it('killed midway (SIGKILL once the staging folder fills) leaves the previous dist/ whole, and the next build cleans up', async () => {
    const build = startBuild(copy);
    const staged = () => leftovers(copy).filter((name) => name.startsWith('.dist.partial-'));
    // Midway: Astro has begun to write the new site into the staging folder.
    await waitFor(() => staged().some((name) => readdirSync(path.join(copy, name)).length > 0), 120);
    process.kill(-build.pid, 'SIGKILL');
    const killed = await build.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(hashTree(dist)).toBe(firstHash);
    expect(staged()).toHaveLength(1); // the half-written site is there, beside dist/, never in it

    const next = await buildSite(copy);
    expect(next.code, next.output).toBe(0);
    expect(next.output).toContain('left by an interrupted build');
    expect(leftovers(copy)).toEqual([]);
    expect(hashTree(dist)).toBe(firstHash);
  }, 240_000);

  it('that fails leaves the previous dist/ whole and removes its staging folder', async () => {
    const section = path.join(copy, 'content', 'policy', 'zz-broken.md');
    writeFileSync(section, '---\nid: ../zz-broken\ntitle: Broken\norder: 99999\n---\n\nText.\n');
    try {
      const failed = await buildSite(copy);
      expect(failed.code).not.toBe(0);
      expect(failed.output).toMatch(/must be a lowercase slug/);
      expect(hashTree(dist)).toBe(firstHash);
      expect(leftovers(copy)).toEqual([]);
    } finally {
      rmSync(section);
    }
  }, 180_000);
});

describe('swapping and recovering', () => {
  it('replaces the old site by the new one', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'dist');
    mkdirSync(target);
    writeFileSync(path.join(target, 'old.html'), 'old');
    const staging = `${siblingPrefixes(target).partial}abc123`;
    mkdirSync(staging);
    writeFileSync(path.join(staging, 'new.html'), 'new');
    await swapInto(staging, target);
    expect(listFiles(target)).toEqual(['new.html']);
    expect(readdirSync(dir)).toEqual(['dist']);
  });

  it('puts back a site set aside by a swap cut short between its two renames', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'dist');
    const setAside = `${siblingPrefixes(target).previous}abc123`;
    mkdirSync(setAside);
    writeFileSync(path.join(setAside, 'index.html'), 'the previous site');
    mkdirSync(`${siblingPrefixes(target).partial}abc123`);
    await recoverInterruptedBuild(target);
    expect(readdirSync(dir)).toEqual(['dist']);
    expect(listFiles(target)).toEqual(['index.html']);
  });
});
