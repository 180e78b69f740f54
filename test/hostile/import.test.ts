/**
 * `policy import` on hostile series: each is refused with its exit code and a message naming the problem, leaving
 * the repository byte for byte unchanged (HEAD, index, working tree, refs, worktrees), or imported with nothing but
 * content/proposals/ changed — within its stated time. (Killing an import with SIGKILL, and the next run cleaning up,
 * is tested in test/proposals/interrupt.test.ts.)
 */
import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoSnapshot } from '../proposals/support.ts';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/temp.ts';
import { CORPUS_DIR } from './support/corpus.ts';
import { caseMbox, importRepo, longSeries } from './support/import-repo.ts';

interface ImportCase {
  name: string;
  file?: string;
  generate?: keyof typeof generators;
  /** Options after the mbox. */
  args?: string[];
  expect: 'refused' | 'imported';
  exitCode?: number;
  message?: string;
  seconds: number;
}

/** Series too large to commit: made when the test runs. */
const generators = {
  /** A thousand patches as git format-patch writes them (more mails than the limit). */
  'thousand-patches': (file: string, repo: string, base: string) => writeFileSync(file, longSeries(repo, base, 1000)),
  /** As many patches as policy import takes: imported. */
  'two-hundred-patches': (file: string, repo: string, base: string) => writeFileSync(file, longSeries(repo, base, 200)),
  /** 100,000 minimal patch mails, about 9 MB: under the size limit, far over the mail limit. */
  'hundred-thousand-patches': (file: string) =>
    writeFileSync(file, Array.from({ length: 100_000 }, (_, index) => `From 0 Mon Sep 17 00:00:00 2001\nSubject: [PATCH ${index + 1}/100000] x\n\n+x\n`).join('')),
  /** A series numbered [PATCH 1/1000000000]: one mail that claims a billion patches. */
  'billion-numbered': (file: string, repo: string, base: string) => writeFileSync(file, longSeries(repo, base, 1).toString('utf8').replaceAll('/1]', '/1000000000]')),
  /** A 1 GiB file (sparse, so it costs no disk): refused from its size before it is read. */
  gigabyte: (file: string) => (writeFileSync(file, 'From 0 Mon Sep 17 00:00:00 2001\n'), truncateSync(file, 1024 ** 3)),
};

const cases = (JSON.parse(readFileSync(path.join(CORPUS_DIR, 'mbox', 'cases.json'), 'utf8')) as { cases: ImportCase[] }).cases;

/** Runs `policy import <mbox>` in `repo` (in-process) with its own TMPDIR. */
async function runImport(repo: string, mbox: string, tmp: string, args: string[] = []): Promise<{ code: number; output: string; seconds: number }> {
  const start = performance.now();
  const result = await runCli(['import', mbox, ...args], { cwd: repo, env: { TMPDIR: tmp, POLICY_ARCHIVE_URL: '' } });
  return { code: result.code, output: `${result.stdout}\n${result.stderr}`, seconds: (performance.now() - start) / 1000 };
}

describe('policy import of hostile series', () => {
  for (const hostile of cases) {
    it(`${hostile.name}: ${hostile.expect === 'refused' ? `refused with exit ${hostile.exitCode} and "${hostile.message}"` : 'imported'}, the repository otherwise unchanged, within ${hostile.seconds} s`, async () => {
      const { repo, base } = importRepo();
      const mbox = path.join(tempDir(), `${hostile.name}.mbox`);
      if (hostile.generate) generators[hostile.generate](mbox, repo, base);
      else writeFileSync(mbox, caseMbox(hostile.file!, base));
      const tmp = tempDir('policy-hostile-tmp-');
      const before = repoSnapshot(repo); // .git's files with the object store: a refused series writes no object either
      const result = await runImport(repo, mbox, tmp, hostile.args);
      expect(result.seconds).toBeLessThan(hostile.seconds);
      if (hostile.expect === 'refused') {
        expect(result.code, result.output).toBe(hostile.exitCode);
        expect(result.output).toContain(hostile.message);
        expect(result.output).not.toMatch(/\n\s+at [^\n]+:\d+:\d+\)?\n/); // a sentence, not a stack trace
        expect(result.output).not.toContain(tmp); // the user's file is named, never a temporary one
      } else {
        expect(result.code, result.output).toBe(0);
        // The base repository has no content/proposals/: everything in it is the import's.
        const proposals = path.join(repo, 'content', 'proposals');
        const [slug, ...others] = readdirSync(proposals);
        expect(others).toEqual([]);
        expect(readdirSync(path.join(proposals, slug!)).sort()).toEqual(['proposal.yaml', 'v1.mbox']); // the mbox as received, and its metadata
        const metadata = readFileSync(path.join(proposals, slug!, 'proposal.yaml'), 'utf8');
        expect(metadata).not.toMatch(/discussion: (?!https:)/); // a discussion link is a web address, whatever the Message-Id
        rmSync(proposals, { recursive: true });
      }
      expect(repoSnapshot(repo)).toBe(before);
      expect(readdirSync(tmp)).toEqual([]); // no scratch repository or mbox folder left behind
    }, hostile.seconds * 1000 + 60_000);
  }
});
