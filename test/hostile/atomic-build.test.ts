/**
 * The build links a complete site into place in one step, or leaves the previous one whole: killed, failed, or run
 * beside another build (which waits for the lock, changes nothing while the holder is paused with SIGSTOP, and gives
 * up at its limit). One build runs whole, three in part; the lock's handing over is tested in-process.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireBuildLock, recoverInterruptedBuild, siblingPrefixes, swapInto } from '../../src/integrations/atomic-build.ts';
import { tempDir } from '../support/temp.ts';
import { waitUntil } from '../support/wait.ts';
import { hashTree, listFiles } from './support/site-files.ts';
import { buildSite, fixtureSite, startBuild } from './support/site-copy.ts';

/** What builds keep beside `dist` (staging folders, links, set-aside sites, the lock), but the site `dist` links to. */
function leftovers(dir: string): string[] {
  const live = existsSync(path.join(dir, 'dist')) && lstatSync(path.join(dir, 'dist')).isSymbolicLink() ? readlinkSync(path.join(dir, 'dist')) : '';
  return readdirSync(dir).filter((name) => name.startsWith('.dist.') && name !== live);
}

/**
 * Lays a previous site in place as an earlier build leaves it (dist/ a relative link to a site folder beside it, named
 * for a process that is gone): what the builds below must leave whole or replace. Laid rather than built, since any
 * site will do and a build of it cost as much as the one whole build below.
 */
function layPreviousSite(copy: string): void {
  const site = `${siblingPrefixes(path.join(copy, 'dist')).site}${2 ** 22 + 12345}-before`; // beyond pid_max on Linux
  mkdirSync(path.join(site, 'sections'), { recursive: true });
  writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>The previous site</title><p>Built before.</p>\n');
  writeFileSync(path.join(site, 'sections', 'index.html'), '<!doctype html><title>Sections</title>\n');
  symlinkSync(path.basename(site), path.join(copy, 'dist'));
}

describe('a build of the site', () => {
  let copy: string;
  let dist: string;
  /** The digest of what dist/ holds before the next build: the laid site, then the one the build below makes. */
  let previousHash: string;

  beforeAll(async () => {
    // A small site: what is tested is how a build puts its output in place, whatever the site holds.
    copy = await fixtureSite({ prefix: 'policy-atomic-build-' });
    dist = path.join(copy, 'dist');
    layPreviousSite(copy);
    previousHash = hashTree(dist);
  }, 180_000);

  it('killed midway (SIGKILL once the staging folder fills) leaves the previous dist/ whole, and the next build cleans up', async () => {
    const build = startBuild(copy);
    const staged = () => leftovers(copy).filter((name) => name.startsWith('.dist.site-'));
    // Midway: Astro has begun to write the new site into the staging folder.
    expect(await waitUntil(() => staged().some((name) => readdirSync(path.join(copy, name)).length > 0), 120), 'the staging folder fills').toBe(true);
    process.kill(-build.pid, 'SIGKILL');
    const killed = await build.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(hashTree(dist)).toBe(previousHash);
    expect(staged()).toHaveLength(1); // the half-written site is there, beside dist/, never in it
    // The next builds clean up (tested below, where two of them race).
  }, 240_000);

  it('beside another: the second waits for the lock, changes nothing while the holder is paused (SIGSTOP), and gives up at its limit; dist/ is a whole site throughout', async () => {
    const lock = path.join(copy, '.dist.lock', 'owner');
    const lockOwner = () => {
      try {
        return Number(readFileSync(lock, 'utf8').trim());
      } catch {
        return undefined;
      }
    };
    const held = startBuild(copy);
    // Watch dist/ the whole time: it must never be missing or without its front page, not even during the swap.
    let missing = 0;
    let looks = 0;
    const watch = setInterval(() => {
      looks++;
      if (!existsSync(path.join(dist, 'index.html'))) missing++;
    }, 2);
    try {
      // The build killed above left its lock behind: wait until this build has taken it over, then pause it there.
      expect(await waitUntil(() => lockOwner() === held.pid, 120), 'the first build takes the lock').toBe(true);
      process.kill(-held.pid, 'SIGSTOP');
      // A second build waits for the paused one as long as POLICY_BUILD_LOCK_WAIT allows, then fails before it writes
      // anything: a waiting build that then builds is a build like the first (the handing over of the lock is tested
      // below, in-process), so this one gives up rather than pay for a second whole build.
      const waiting = await startBuild(copy, { POLICY_BUILD_LOCK_WAIT: '3' }).done;
      expect(waiting.code).not.toBe(0);
      expect(waiting.output).toContain(`waiting for the build in process ${held.pid} to finish with dist/`);
      expect(waiting.output).toContain(`another build (process ${held.pid}) has been building dist/ for over 3 s`);
      expect(hashTree(dist)).toBe(previousHash); // the waiting build wrote nothing, removed nothing
      expect(leftovers(copy).filter((name) => name.startsWith('.dist.site-')).length).toBeLessThanOrEqual(2);
      process.kill(-held.pid, 'SIGCONT');
      const built = await held.done;
      expect(built.code, built.output).toBe(0);
      expect(built.output).toContain('left by an interrupted build'); // the killed build's staging folder
    } finally {
      clearInterval(watch);
    }
    expect(looks).toBeGreaterThan(100);
    expect(missing).toBe(0);
    expect(hashTree(dist)).not.toBe(previousHash);
    previousHash = hashTree(dist);
  }, 480_000);

  it('writes the finished site to dist/, a link to it, and leaves nothing else beside it (the previous site removed)', () => {
    expect(lstatSync(dist).isSymbolicLink()).toBe(true);
    expect(readlinkSync(dist)).toMatch(/^\.dist\.site-\d+-\w{6}$/); // relative, so the folder can move
    expect(listFiles(dist)).toContain('index.html');
    expect(listFiles(dist).some((file) => file.startsWith('pagefind/'))).toBe(true); // Pagefind ran before the swap
    expect(leftovers(copy)).toEqual([]);
  });

  it('that fails leaves the previous dist/ whole and removes its staging folder', async () => {
    const section = path.join(copy, 'content', 'policy', 'zz-broken.md');
    writeFileSync(section, '---\nid: ../zz-broken\ntitle: Broken\norder: 99999\n---\n\nText.\n');
    try {
      const failed = await buildSite(copy);
      expect(failed.code).not.toBe(0);
      expect(failed.output).toMatch(/must be a lowercase slug/);
      // The file, the line and the fix; no frames of this project's code under them.
      expect(failed.output).not.toMatch(/Stack trace|\n\s+at \S+ \(/);
      expect(hashTree(dist)).toBe(previousHash);
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

  it('is handed to a waiting build as soon as its holder releases it', async () => {
    const target = path.join(tempDir(), 'dist');
    const held = await acquireBuildLock(target);
    let taken = false;
    const waiting = acquireBuildLock(target, { waitSeconds: 30 }).then((lock) => ((taken = true), lock));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(taken).toBe(false);
    held.release();
    const lock = await waiting;
    expect(readFileSync(path.join(siblingPrefixes(target).lock, 'owner'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(existsSync(siblingPrefixes(target).lock)).toBe(false);
  });
});
