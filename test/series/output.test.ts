import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFolderAtomically } from '../../src/lib/series/output.ts';
import { tempDir, writeFiles } from '../support/temp.ts';

describe('writing the output folder at once', () => {
  it('puts a complete folder in place, replacing an earlier one, with the usual permissions', async () => {
    const root = tempDir();
    const target = path.join(root, 'outgoing', 'branch', 'v1');
    await writeFolderAtomically(target, async (dir) => writeFileSync(path.join(dir, 'a.patch'), 'one'));
    await writeFolderAtomically(target, async (dir) => writeFileSync(path.join(dir, 'b.patch'), 'two'));
    expect(readdirSync(target)).toEqual(['b.patch']);
    expect(readdirSync(path.dirname(target))).toEqual(['v1']);
    mkdirSync(path.join(root, 'plain'));
    expect(statSync(target).mode & 0o777).toBe(statSync(path.join(root, 'plain')).mode & 0o777);
  });

  it('leaves nothing behind, and the earlier folder untouched, when filling fails', async () => {
    const root = tempDir();
    await expect(writeFolderAtomically(path.join(root, 'new', 'v1'), async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(readdirSync(root)).toEqual([]);
    writeFiles(root, { 'kept/v1/a.patch': 'one' });
    await expect(
      writeFolderAtomically(path.join(root, 'kept', 'v1'), async (dir) => {
        writeFileSync(path.join(dir, 'half.patch'), 'half');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readdirSync(path.join(root, 'kept'))).toEqual(['v1']);
    expect(readFileSync(path.join(root, 'kept', 'v1', 'a.patch'), 'utf8')).toBe('one');
    expect(existsSync(path.join(root, 'kept', 'v1', 'half.patch'))).toBe(false);
  });
});
