/**
 * Astro integration: builds are safe to run at the same time as each other and as a web server reading the output.
 *
 * - One build at a time per output folder: a lock folder beside it (`.dist.lock`) names the process that holds it. A
 *   second build waits, saying for whom, and gives up with an error after POLICY_BUILD_LOCK_WAIT seconds (default
 *   900); a lock whose process is gone is taken over.
 * - The build writes into a staging folder beside the output (`.dist.site-<pid>-XXXXXX`), and the output itself is a
 *   symbolic link to the finished site. Once every other integration (sitemap, Pagefind) has written its part, a new
 *   link is made and renamed over the old one: one rename(2), so a web server serving `dist/` sees the old site or
 *   the new one, never a missing or half-written folder. Only the first build over an output that is a real folder
 *   (from an older version) moves it aside first.
 * - A build that fails or is killed leaves the previous site in place. What it left beside the output is removed by
 *   the next build, and only once the process that made it is gone.
 */
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, lstat, mkdtemp, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { processAlive } from '../lib/process-alive.ts';

const NAME = 'policy-atomic-build';

/** Seconds a build waits for another build of the same output before it gives up (POLICY_BUILD_LOCK_WAIT). */
export const DEFAULT_LOCK_WAIT_SECONDS = 900;

/** The names of what a build keeps beside the output `target` (`dist`): each is followed by the owner's process id. */
export function siblingPrefixes(target: string): { site: string; link: string; previous: string; lock: string } {
  const base = path.join(path.dirname(target), `.${path.basename(target)}`);
  return { site: `${base}.site-`, link: `${base}.link-`, previous: `${base}.previous-`, lock: `${base}.lock` };
}


/** The process id a sibling's name carries (`.dist.site-1234-AbC123`), or undefined. */
function ownerOf(name: string): number | undefined {
  const match = /\.(?:site|link|previous)-(\d+)-/.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** The lock of an output folder, held by this process from `acquireBuildLock` until it exits or calls `release`. */
export interface BuildLock {
  release(): void;
}

/**
 * Takes the lock of `target` for this process: waits while a live process holds it (telling `log` once whom it waits
 * for), takes over a lock whose holder is gone, and throws after `waitSeconds`.
 */
export async function acquireBuildLock(target: string, options: { waitSeconds?: number; log?: (message: string) => void } = {}): Promise<BuildLock> {
  const lock = siblingPrefixes(target).lock;
  const waitSeconds = options.waitSeconds ?? DEFAULT_LOCK_WAIT_SECONDS;
  const deadline = Date.now() + waitSeconds * 1000;
  mkdirSync(path.dirname(target), { recursive: true });
  let told = false;
  for (;;) {
    try {
      // mkdir is atomic: exactly one process makes the folder. The owner file follows; until it is there the lock is new, not stale.
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'owner'), `${process.pid}\n`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = lockHolder(lock);
    if (holder !== undefined && !processAlive(holder)) {
      // The holder was killed: take its lock over. Renaming first makes sure only one waiting build does.
      const stale = `${lock}-stale-${process.pid}`;
      try {
        renameSync(lock, stale);
        rmSync(stale, { recursive: true, force: true });
      } catch {
        // Another build took it over first.
      }
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`another build (process ${holder ?? 'starting'}) has been building ${path.basename(target)}/ for over ${waitSeconds} s; wait for it to end, or stop it, then build again (POLICY_BUILD_LOCK_WAIT sets the wait)`);
    }
    if (!told) {
      options.log?.(`waiting for the build in process ${holder ?? '(starting)'} to finish with ${path.basename(target)}/ (${path.basename(lock)})`);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    if (lockHolder(lock) === process.pid) rmSync(lock, { recursive: true, force: true });
  };
  process.on('exit', release);
  return { release };
}

/** The process id in a lock's owner file; undefined while it is being written. */
function lockHolder(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(lock, 'owner'), 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    // No owner file: the lock is being made this very moment, or its maker died in between (then it has no mtime to trust
    // either way; a lock folder without an owner for more than a few seconds is stale).
    try {
      return Date.now() - lstatSync(lock).mtimeMs > 10_000 ? 0 : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Builds into a staging folder and links it into place as the configured `outDir` at the end of `astro build`. */
export function atomicBuild(): AstroIntegration {
  let target: string | undefined;
  let staging: string | undefined;
  let lock: BuildLock | undefined;
  let swapped = false;
  return {
    name: NAME,
    hooks: {
      'astro:config:setup': async ({ config, command, updateConfig, logger }) => {
        if (command !== 'build') return;
        target = path.resolve(fileURLToPath(config.outDir));
        const wait = Number(process.env.POLICY_BUILD_LOCK_WAIT ?? DEFAULT_LOCK_WAIT_SECONDS);
        lock = await acquireBuildLock(target, { waitSeconds: Number.isFinite(wait) ? wait : DEFAULT_LOCK_WAIT_SECONDS, log: (message) => logger.warn(message) });
        await recoverInterruptedBuild(target, logger);
        staging = await mkdtemp(`${siblingPrefixes(target).site}${process.pid}-`);
        await chmod(staging, 0o755); // mkdtemp makes it private; the site is for everyone to read, like a folder from mkdir.
        // A build that throws never reaches build:done; do not leave its half-written folder behind. (The lock goes by its own exit hook.)
        process.once('exit', () => {
          if (!swapped && staging) rmSync(staging, { recursive: true, force: true });
        });
        updateConfig({ outDir: pathToFileURL(`${staging}${path.sep}`) });
      },
      'astro:config:done': ({ config }) => {
        // Hooks run in the order integrations are listed: the swap must come after every integration that writes output.
        const names = config.integrations.map((integration) => integration.name);
        const later = config.integrations.slice(names.indexOf(NAME) + 1).filter((integration) => integration.hooks['astro:build:done']);
        if (later.length) throw new Error(`${NAME} must be the last integration that writes output; move it after ${later.map((i) => i.name).join(', ')}`);
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (!target || !staging || path.resolve(fileURLToPath(dir)) !== staging) return;
        await swapInto(staging, target);
        swapped = true;
        lock?.release();
        logger.info(`swapped the new site into ${path.basename(target)}/ (a link to ${path.basename(staging)})`);
      },
    },
  };
}

/** What `target` is now: a link to a site folder (its name), a real folder, or nothing. */
async function targetKind(target: string): Promise<{ kind: 'link'; site: string } | { kind: 'folder' } | { kind: 'none' }> {
  const stat = await lstat(target).catch(() => undefined);
  if (!stat) return { kind: 'none' };
  if (stat.isSymbolicLink()) return { kind: 'link', site: await readlink(target) };
  return { kind: 'folder' };
}

/**
 * Makes `target` a link to the finished `staging` folder with one rename of a new link over the old one, then removes
 * the site the old link pointed to. A real folder at `target` (made by an older version) is moved aside first.
 */
export async function swapInto(staging: string, target: string): Promise<void> {
  const prefixes = siblingPrefixes(target);
  const before = await targetKind(target);
  const link = `${prefixes.link}${process.pid}-${path.basename(staging).slice(-6)}`;
  await rm(link, { force: true });
  // Relative, so the output and its sites can be moved or served from a container together.
  await symlink(path.basename(staging), link);
  let previous: string | undefined;
  if (before.kind === 'folder') {
    previous = `${prefixes.previous}${process.pid}-${path.basename(staging).slice(-6)}`;
    await rename(target, previous);
  }
  await rename(link, target);
  if (previous) await rm(previous, { recursive: true, force: true });
  if (before.kind === 'link' && before.site !== path.basename(staging)) {
    const old = path.resolve(path.dirname(target), before.site);
    if (old.startsWith(prefixes.site)) await rm(old, { recursive: true, force: true });
  }
}

/**
 * Run under the lock: puts back a site set aside by a swap cut short, then removes what builds whose process is gone
 * left beside the output (staging folders, links, set-aside sites), never the site the output links to.
 */
export async function recoverInterruptedBuild(target: string, logger?: AstroIntegrationLogger): Promise<void> {
  const prefixes = siblingPrefixes(target);
  const parent = path.dirname(target);
  const siblings = (await readdir(parent).catch(() => [] as string[])).map((name) => path.join(parent, name));
  const stale = (file: string) => {
    const owner = ownerOf(path.basename(file));
    return owner === undefined || !processAlive(owner);
  };
  const setAside = siblings.filter((file) => file.startsWith(prefixes.previous) && stale(file));
  if ((await targetKind(target)).kind === 'none' && setAside.length === 1) {
    await rename(setAside[0]!, target);
    logger?.warn(`restored ${path.basename(target)}/ set aside by an interrupted build`);
  }
  const current = await targetKind(target);
  const live = current.kind === 'link' ? path.resolve(parent, current.site) : undefined;
  for (const leftover of siblings) {
    if (![prefixes.site, prefixes.link, prefixes.previous].some((prefix) => leftover.startsWith(prefix))) continue;
    if (leftover === live || !stale(leftover) || !(await lstat(leftover).catch(() => undefined))) continue;
    await rm(leftover, { recursive: true, force: true });
    logger?.info(`removed ${path.basename(leftover)}, left by an interrupted build`);
  }
}

