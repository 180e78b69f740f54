/**
 * Astro integration: the build writes into a staging folder beside the output and swaps it into place only once
 * every other integration (sitemap, Pagefind) has finished, so a build that fails or is killed leaves the
 * previous site whole. Leftovers of an interrupted build are cleaned up by the next one.
 */
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const NAME = 'policy-atomic-build';

/** The names of the staging folder (`.dist.partial-XXXXXX`) and the set-aside old site (`.dist.previous-XXXXXX`). */
export function siblingPrefixes(target: string): { partial: string; previous: string } {
  const base = path.join(path.dirname(target), `.${path.basename(target)}`);
  return { partial: `${base}.partial-`, previous: `${base}.previous-` };
}

/** Builds into a staging folder and renames it to the configured `outDir` at the end of `astro build`. */
export function atomicBuild(): AstroIntegration {
  let target: string | undefined;
  let staging: string | undefined;
  let swapped = false;
  return {
    name: NAME,
    hooks: {
      'astro:config:setup': async ({ config, command, updateConfig, logger }) => {
        if (command !== 'build') return;
        target = path.resolve(fileURLToPath(config.outDir));
        await recoverInterruptedBuild(target, logger);
        staging = await mkdtemp(siblingPrefixes(target).partial);
        await chmod(staging, 0o755); // mkdtemp makes it private; the site is for everyone to read, like a folder from mkdir.
        // A build that throws never reaches build:done; do not leave its half-written folder behind.
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
        logger.info(`swapped the new site into ${path.basename(target)}/`);
      },
    },
  };
}

/** Replaces `target` by `staging` with two renames; the old site is removed only once the new one is in place. */
export async function swapInto(staging: string, target: string): Promise<void> {
  const previous = `${siblingPrefixes(target).previous}${path.basename(staging).slice(-6)}`;
  const hadTarget = await exists(target);
  if (hadTarget) await rename(target, previous);
  await rename(staging, target);
  if (hadTarget) await rm(previous, { recursive: true, force: true });
}

/** Puts back a site set aside by a swap that was cut short, then removes every staging and set-aside folder. */
export async function recoverInterruptedBuild(target: string, logger?: AstroIntegrationLogger): Promise<void> {
  const { partial, previous } = siblingPrefixes(target);
  const parent = path.dirname(target);
  const siblings = (await readdir(parent).catch(() => [] as string[])).map((name) => path.join(parent, name));
  const setAside = siblings.filter((file) => file.startsWith(previous));
  if (!(await exists(target)) && setAside.length === 1) {
    await rename(setAside[0]!, target);
    logger?.warn(`restored ${path.basename(target)}/ set aside by an interrupted build`);
  }
  for (const leftover of siblings.filter((file) => file.startsWith(partial) || file.startsWith(previous))) {
    if (!(await exists(leftover))) continue;
    await rm(leftover, { recursive: true, force: true });
    logger?.info(`removed ${path.basename(leftover)}, left by an interrupted build`);
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
