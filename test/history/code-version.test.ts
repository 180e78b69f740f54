import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFingerprint, importClosure } from '../../src/lib/history/code-version.ts';

const sources = {
  '../lib/a/entry.ts': "import { b } from './b.ts';\nimport type { T } from '../t/types.ts';\nexport * from './c.ts';\nconst lazy = () => import('../d/lazy.ts');\nimport 'node:fs';\nimport { x } from 'unified';\n",
  '../lib/a/b.ts': "import { shared } from '../shared.ts';\nexport const b = shared;\n",
  '../lib/a/c.ts': 'export const c = 1;\n',
  '../lib/t/types.ts': 'export type T = string;\n',
  '../lib/d/lazy.ts': "export { b } from '../a/b.ts';\n",
  '../lib/shared.ts': 'export const shared = 1;\n',
  '../lib/lint/rules.ts': "import { shared } from '../shared.ts';\nexport const rule = shared;\n",
};

describe('the fingerprint of the code behind the cache', () => {
  it('covers the entry and everything it imports (static, type, re-export, dynamic), and nothing else', () => {
    expect(importClosure(sources, ['../lib/a/entry.ts'])).toEqual(['../lib/a/b.ts', '../lib/a/c.ts', '../lib/a/entry.ts', '../lib/d/lazy.ts', '../lib/shared.ts', '../lib/t/types.ts']);
  });

  it('changes when an imported module changes, and not when unrelated code or its own file order does', () => {
    const before = codeFingerprint(sources, ['../lib/a/entry.ts']);
    expect(codeFingerprint({ ...sources, '../lib/shared.ts': 'export const shared = 2;\n' }, ['../lib/a/entry.ts'])).not.toBe(before);
    expect(codeFingerprint({ ...sources, '../lib/lint/rules.ts': 'export const rule = 3;\n' }, ['../lib/a/entry.ts'])).toBe(before);
    expect(codeFingerprint(Object.fromEntries(Object.entries(sources).reverse()), ['../lib/a/entry.ts'])).toBe(before);
    expect(codeFingerprint(sources, ['../lib/a/entry.ts'], ['lockfile v2'])).not.toBe(codeFingerprint(sources, ['../lib/a/entry.ts'], ['lockfile v1']));
  });

  it('refuses an entry it has no source for, rather than fingerprinting nothing', () => {
    expect(() => codeFingerprint(sources, ['../lib/a/renamed.ts'])).toThrow(/no source for \.\.\/lib\/a\/renamed\.ts/);
  });

  it('for the site, covers the loader, the renderer and the redline engine, and not the lint rules', () => {
    const lib = path.join(import.meta.dirname, '..', '..', 'src', 'lib');
    const real = Object.fromEntries((readdirSync(lib, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts')).map((file) => [`../lib/${file.split(path.sep).join('/')}`, readFileSync(path.join(lib, file), 'utf8')]));
    const closure = importClosure(real, ['../lib/history/history.ts', '../lib/history/documents.ts', '../lib/history/release-changes.ts']);
    expect(closure).toEqual(expect.arrayContaining(['../lib/load/parse.ts', '../lib/markdown/policy-html.ts', '../lib/redline/index.ts', '../lib/history/policy-files.ts']));
    expect(closure.filter((file) => file.startsWith('../lib/lint/'))).toEqual([]);
  });
});
