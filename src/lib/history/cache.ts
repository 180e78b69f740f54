/** A folder of JSON values keyed by strings: what is computed from commits is kept here, since a commit never changes. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicallySync } from '../write-atomically.ts';

/** Bump when the shape of a cached value changes, so old entries are ignored rather than misread. */
const FORMAT = 1;

/** Where the cache lives by default: under node_modules/.cache, which every tool already ignores. */
export function defaultCacheDir(repo: string): string {
  return process.env.POLICY_CACHE_DIR ?? path.join(repo, 'node_modules', '.cache', 'policy-site');
}

/** A hex SHA-256 of text, for keys made of content rather than commit ids. */
export function contentHash(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** Counts of lookups, so tests and the bench can see what was reused. */
export interface CacheStats {
  hits: number;
  misses: number;
}

/** A JSON cache on disk (or only in memory when `dir` is undefined), with a memory layer in front. */
export class JsonCache {
  readonly dir: string | undefined;
  readonly stats: CacheStats = { hits: 0, misses: 0 };
  private readonly memory = new Map<string, unknown>();

  constructor(dir: string | undefined) {
    this.dir = dir;
  }

  /** The value stored under `namespace`/`key`, or what `compute` returns (then stored). */
  async get<T>(namespace: string, key: string, compute: () => T | Promise<T>): Promise<T> {
    const stored = this.peek<T>(namespace, key);
    if (stored !== undefined) return stored;
    const value = await compute();
    this.put(namespace, key, value);
    return value;
  }

  /** The value stored under `namespace`/`key`, or undefined (counted as a miss). */
  peek<T>(namespace: string, key: string): T | undefined {
    const id = `${namespace}/${key}`;
    if (this.memory.has(id)) {
      this.stats.hits++;
      return this.memory.get(id) as T;
    }
    const file = this.file(namespace, key);
    if (file) {
      try {
        const stored = JSON.parse(readFileSync(file, 'utf8')) as { format: number; value: T };
        if (stored.format === FORMAT) {
          this.stats.hits++;
          this.memory.set(id, stored.value);
          return stored.value;
        }
      } catch {
        // Missing or unreadable entry: the caller computes it again.
      }
    }
    this.stats.misses++;
    return undefined;
  }

  /** Stores `value` (JSON-serialisable, not undefined) under `namespace`/`key`. */
  put(namespace: string, key: string, value: unknown): void {
    this.memory.set(`${namespace}/${key}`, value);
    const file = this.file(namespace, key);
    if (file) writeAtomically(file, JSON.stringify({ format: FORMAT, value }));
  }

  private file(namespace: string, key: string): string | undefined {
    if (!this.dir) return undefined;
    const safeKey = /^[\w.-]{1,100}$/.test(key) ? key : contentHash(key);
    return path.join(this.dir, namespace, `${safeKey}.json`);
  }
}

/**
 * Writes through a temporary file and a rename, so a reader never sees half an entry. The folder is made only when
 * the write finds it missing: a cold build writes an entry for each of hundreds of commits into a few folders.
 */
function writeAtomically(file: string, text: string): void {
  try {
    try {
      writeFileAtomicallySync(file, text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileAtomicallySync(file, text);
    }
  } catch {
    // A cache that cannot be written only costs time; the build goes on.
  }
}
