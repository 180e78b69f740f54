/**
 * The fingerprint of the code whose results are cached: the entry modules and every module they import,
 * transitively, and nothing else. A change to code that computes no cached value (lint rules, the series
 * command) then leaves the cache of a build valid, while any change to the loader, the renderer or the redline
 * engine starts a fresh one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contentHash } from './cache.ts';

// Static and dynamic imports and re-exports of relative modules; `import type` too, which can only add to the set.
const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** The files of `sources` that `entries` import, directly or not, the entries included; sorted. */
export function importClosure(sources: Record<string, string>, entries: string[]): string[] {
  const seen = new Set<string>();
  const pending = entries.map((entry) => path.posix.normalize(entry));
  while (pending.length > 0) {
    const file = pending.pop()!;
    const text = sources[file];
    if (seen.has(file) || text === undefined) continue;
    seen.add(file);
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const target = path.posix.join(path.posix.dirname(file), match[1]!);
      if (!seen.has(target)) pending.push(target);
    }
  }
  return [...seen].sort();
}

/**
 * A short fingerprint of `entries` and what they import among `sources` (path → text, as import.meta.glob gives
 * them). `also` adds inputs that are not modules, such as the lockfile of the packages the code calls.
 */
export function codeFingerprint(sources: Record<string, string>, entries: string[], also: string[] = []): string {
  const missing = entries.filter((entry) => sources[path.posix.normalize(entry)] === undefined);
  if (missing.length) throw new Error(`code fingerprint: no source for ${missing.join(', ')}`);
  return contentHash(...importClosure(sources, entries).flatMap((file) => [file, sources[file]!]), ...also).slice(0, 16);
}

/** The package lockfile of the project in `root` (where Astro runs), or '' when there is none: new package versions render differently. */
export function lockfileText(root = process.cwd()): string {
  try {
    return readFileSync(path.join(root, 'package-lock.json'), 'utf8');
  } catch {
    return '';
  }
}
