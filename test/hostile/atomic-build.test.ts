/**
 * The build links a complete site into place in one step, or leaves the previous one whole: killed, failed, or run
 * beside another build (which waits for the lock; one of them paused with SIGSTOP changes nothing).
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireBuildLock, recoverInterruptedBuild, siblingPrefixes, swapInto } from '../../src/integrations/atomic-build.ts';
import { tempDir } from '../support/temp.ts';
import { hashTree, listFiles } from './support/site-files.ts';
import { buildSite, fixtureSite, startBuild } from './support/site-copy.ts';

/** What builds keep beside `dist` (staging folders, links, set-aside sites, the lock), but the site `dist` links to. */
function leftovers(dir: string): string[] {
  const live = existsSync(path.join(dir, 'dist')) && lstatSync(path.join(dir, 'dist')).isSymbolicLink() ? readlinkSync(path.join(dir, 'dist')) : '';
  return readdirSync(dir).filter((name) => name.startsWith('.dist.') && name !== live);
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
    // A small site: what is tested is how a build puts its output in place, whatever the site holds.
    copy = await fixtureSite({ prefix: 'policy-atomic-build-' });
    dist = path.join(copy, 'dist');
    const first = await buildSite(copy);
    expect(first.code, first.output).toBe(0);
    firstHash = hashTree(dist);
  }, 180_000);

  it('writes the finished site to dist/, a link to it, and leaves nothing else beside it', () => {
    expect(lstatSync(dist).isSymbolicLink()).toBe(true);
    expect(readlinkSync(dist)).toMatch(/^\.dist\.site-\d+-\w{6}$/); // relative, so the folder can move
    expect(listFiles(dist)).toContain('index.html');
    expect(listFiles(dist).some((file) => file.startsWith('pagefind/'))).toBe(true); // Pagefind ran before the swap
    expect(leftovers(copy)).toEqual([]);
  });

  it('killed midway (SIGKILL once the staging folder fills) leaves the previous dist/ whole, and the next build cleans up', async () => {
    const build = startBuild(copy);
    const staged = () => leftovers(copy).filter((name) => name.startsWith('.dist.site-'));
    // Midway: Astro has begun to write the new site into the staging folder.
    await waitFor(() => staged().some((name) => readdirSync(path.join(copy, name)).length > 0), 120);
    process.kill(-build.pid, 'SIGKILL');
    const killed = await build.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(hashTree(dist)).toBe(firstHash);
    expect(staged()).toHaveLength(1); // the half-written site is there, beside dist/, never in it

    expect(staged()).toHaveLength(1);
    // The next builds clean up (tested below, where two of them race).
  }, 240_000);

  it('beside another: one waits for the lock; paused with SIGSTOP, the other changes nothing; dist/ is a whole site throughout', async () => {
    const lock = path.join(copy, '.dist.lock', 'owner');
    const builds = [startBuild(copy), startBuild(copy)];
    // Watch dist/ the whole time: it must never be missing or without its front page, not even during a swap.
    let missing = 0;
    let looks = 0;
    const watch = setInterval(() => {
      looks++;
      if (!existsSync(path.join(dist, 'index.html'))) missing++;
    }, 2);
    try {
      // The build killed above left its lock behind: wait until one of these builds has taken it over.
      const lockOwner = () => {
        try {
          return Number(readFileSync(lock, 'utf8').trim());
        } catch {
          return undefined;
        }
      };
      await waitFor(() => builds.some((build) => build.pid === lockOwner()), 120);
      const holder = Number(readFileSync(lock, 'utf8'));
      const held = builds.find((build) => build.pid === holder);
      expect(held, `the lock names process ${holder}, neither build`).toBeDefined();
      const waiting = builds.find((build) => build !== held)!;
      process.kill(-held!.pid, 'SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      expect(hashTree(dist)).toBe(firstHash); // the waiting build wrote nothing, removed nothing
      expect(leftovers(copy).filter((name) => name.startsWith('.dist.site-')).length).toBeLessThanOrEqual(2);
      process.kill(-held!.pid, 'SIGCONT');
      const [first, second] = await Promise.all(builds.map((build) => build.done));
      expect(first!.code, first!.output).toBe(0);
      expect(second!.code, second!.output).toBe(0);
      const waited = first === (await waiting.done) ? first! : second!;
      expect(waited.output).toMatch(/waiting for the build in process \d+ to finish with dist\//);
      expect(`${first!.output}${second!.output}`).toContain('left by an interrupted build'); // the killed build's staging folder
    } finally {
      clearInterval(watch);
    }
    expect(looks).toBeGreaterThan(100);
    expect(missing).toBe(0);
    expect(leftovers(copy)).toEqual([]);
    expect(hashTree(dist)).toBe(firstHash);
  }, 480_000);

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
  it('replaces a link to the old site by a link to the new one with one rename, and removes the old site', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'dist');
    const old = `${siblingPrefixes(target).site}111-oldone`;
    mkdirSync(old);
    writeFileSync(path.join(old, 'old.html'), 'old');
    symlinkSync(path.basename(old), target);
    const staging = `${siblingPrefixes(target).site}${process.pid}-abc123`;
    mkdirSync(staging);
    writeFileSync(path.join(staging, 'new.html'), 'new');
    await swapInto(staging, target);
    expect(listFiles(target)).toEqual(['new.html']);
    expect(readlinkSync(target)).toBe(path.basename(staging));
    expect(readdirSync(dir).sort()).toEqual([path.basename(staging), 'dist']);
  });

  it('moves a real dist/ folder (from an older version) aside once, and links the new site in its place', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'dist');
    mkdirSync(target);
    writeFileSync(path.join(target, 'old.html'), 'old');
    const staging = `${siblingPrefixes(target).site}${process.pid}-abc123`;
    mkdirSync(staging);
    writeFileSync(path.join(staging, 'new.html'), 'new');
    await swapInto(staging, target);
    expect(lstatSync(target).isSymbolicLink()).toBe(true);
    expect(listFiles(target)).toEqual(['new.html']);
    expect(readdirSync(dir).sort()).toEqual([path.basename(staging), 'dist']);
  });

  it('puts back a site set aside by a swap cut short, and removes only what dead builds left', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'dist');
    const dead = 2 ** 22 + 12345; // beyond pid_max on Linux: no such process
    const setAside = `${siblingPrefixes(target).previous}${dead}-abc123`;
    mkdirSync(setAside);
    writeFileSync(path.join(setAside, 'index.html'), 'the previous site');
    mkdirSync(`${siblingPrefixes(target).site}${dead}-def456`);
    const live = `${siblingPrefixes(target).site}${process.pid}-ghi789`; // a build still at work
    mkdirSync(live);
    await recoverInterruptedBuild(target);
    expect(readdirSync(dir).sort()).toEqual([path.basename(live), 'dist']);
    expect(listFiles(target)).toEqual(['index.html']);
  });
});

describe('the build lock', () => {
  it('is taken by one process, waited for by the next, and taken over from a process that is gone', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'dist');
    const held = await acquireBuildLock(target);
    const said: string[] = [];
    await expect(acquireBuildLock(target, { waitSeconds: 0.5, log: (message) => said.push(message) })).rejects.toThrow(/another build \(process \d+\) has been building dist\/ for over 0.5 s/);
    expect(said).toEqual([`waiting for the build in process ${process.pid} to finish with dist/ (.dist.lock)`]);
    held.release();
    expect(existsSync(siblingPrefixes(target).lock)).toBe(false);
    mkdirSync(siblingPrefixes(target).lock);
    writeFileSync(path.join(siblingPrefixes(target).lock, 'owner'), `${2 ** 22 + 12345}\n`);
    const taken = await acquireBuildLock(target, { waitSeconds: 5 });
    expect(readFileSync(path.join(siblingPrefixes(target).lock, 'owner'), 'utf8').trim()).toBe(String(process.pid));
    taken.release();
  });
});
