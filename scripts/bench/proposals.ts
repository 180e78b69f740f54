/**
 * Bench: proposals, from the maintainer's import to the site's build.
 *
 * 1. `policy import` as a process, in a clone of this repository: the shipped 3-patch spelling series (v2), then
 *    a made 30-patch series (one git am of its 30 patches in a scratch repository), beside `git am` of the same patches, then
 *    a 500-mail thread: that series and 469 replies with review trailers.
 * 2. Loading a version for the site: applied cold (scratch repository, git am, load every step) and from the build cache.
 * Targets (2-core machine): 3-patch import ≤ 3 s, 30-patch import ≤ 10 s, 500-mail thread ≤ 5 s, cold load ≤ 2 s,
 * cached load ≤ 0.05 s.
 * Wall times grow with the machine's load; the imports' CPU seconds (the command's and its git processes') do not.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JsonCache } from '../../src/lib/history/cache.ts';
import { applyProposalVersion, loadProposalVersion } from '../../src/lib/proposals/load.ts';
import { readProposalMetadata } from '../../src/lib/proposals/metadata.ts';
import { BENCH_GIT_ENV, timeProcess } from './support/process-time.ts';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(projectRoot, 'scripts', 'policy.mjs');

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...BENCH_GIT_ENV }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim();
}

/** Wall and CPU seconds (its own and its git processes', from /usr/bin/time) of one `policy import` in `cwd`. */
function timeImport(cwd: string, args: string[]): { wall: number; cpu: number } {
  return timeProcess(cwd, [process.execPath, cli, 'import', ...args]);
}

/** "2.10 s wall, 1.80 s CPU". */
function describe(run: { wall: number; cpu: number }): string {
  return `${run.wall.toFixed(2)} s wall, ${run.cpu.toFixed(2)} s CPU`;
}

/** Runs the bench and prints its figures. */
export default async function proposalsBench(): Promise<void> {
  console.log('proposals: policy import and loading a version for the site');
  const parent = mkdtempSync(path.join(tmpdir(), 'bench-proposals-'));
  try {
    const root = path.join(parent, 'clone');
    execFileSync('git', ['clone', '--quiet', projectRoot, root]);
    const shipped = path.join(projectRoot, 'content/proposals/fix-spelling-mistakes');
    const metadata = (await readProposalMetadata(path.join(shipped, 'proposal.yaml')))!;
    const v2 = metadata.versions.find((version) => version.version === 2)!;
    const small = timeImport(root, [path.join(shipped, v2.file), '--proposal', 'bench-spelling']);

    // 30 one-line patches on one section, made with git format-patch from a throwaway branch of the clone.
    const base = v2.baseCommit;
    git(root, ['switch', '--quiet', '--detach', base]);
    const file = path.join(root, 'content/policy/introduction.md');
    for (let i = 1; i <= 30; i++) {
      writeFileSync(file, `${readFileSync(file, 'utf8')}\nBench sentence ${i}.\n`);
      git(root, ['commit', '--quiet', '--signoff', '--all', '-m', `Bench: sentence ${i}`]);
    }
    const mbox = git(root, ['format-patch', '--stdout', '--thread', '--cover-letter', `--base=${base}`, `${base}..HEAD`]).replace('*** SUBJECT HERE ***', 'Bench series');
    git(root, ['switch', '--quiet', '--detach', base]);
    const mboxFile = path.join(parent, 'bench-30.mbox');
    writeFileSync(mboxFile, `${mbox}\n`);
    const large = timeImport(root, [mboxFile, '--proposal', 'bench-thirty']);
    // What git alone does with the same 30 patches: git am at the base, in a worktree.
    git(root, ['worktree', 'add', '--quiet', '--detach', path.join(parent, 'am'), base]);
    const am = timeProcess(path.join(parent, 'am'), ['git', 'am', '--quiet', '--empty=drop', mboxFile]);

    // A thread of 500 mails: the series and 469 replies, each answering a patch, every third with a trailer.
    const ids = [...mbox.matchAll(/^Message-ID: <([^>]+)>/gim)].map((match) => match[1]!);
    const replies = Array.from({ length: 500 - ids.length }, (_, i) => {
      const to = ids[1 + (i % (ids.length - 1))]!;
      return [
        'From mboxrd@z Thu Jan  1 00:00:00 1970',
        `From: Reviewer ${i} <reviewer${i}@example.org>`,
        'Date: Mon, 23 Nov 2026 10:00:00 +0000',
        `Subject: Re: [PATCH ${1 + (i % (ids.length - 1))}/30] Bench`,
        `Message-ID: <reply-${i}@example.org>`,
        `In-Reply-To: <${to}>`,
        `References: <${ids[0]}> <${to}>`,
        'Content-Type: text/plain; charset=UTF-8',
        '',
        `> Bench sentence.\n\nLooks right to me.${i % 3 === 0 ? `\n\nAcked-by: Reviewer ${i} <reviewer${i}@example.org>` : ''}`,
        '',
      ].join('\n');
    });
    const threadFile = path.join(parent, 'bench-thread.mbox');
    writeFileSync(threadFile, `${mbox}\n${replies.join('')}`);
    const thread = timeImport(root, [threadFile, '--proposal', 'bench-thread']);

    const bytes = readFileSync(path.join(shipped, v2.file));
    let started = performance.now();
    await applyProposalVersion(projectRoot, bytes, base, v2.file);
    const cold = (performance.now() - started) / 1000;
    const cacheDir = path.join(parent, 'cache');
    await loadProposalVersion(projectRoot, bytes, base, v2.file, new JsonCache(cacheDir), 'bench');
    started = performance.now();
    await loadProposalVersion(projectRoot, bytes, base, v2.file, new JsonCache(cacheDir), 'bench');
    const cached = (performance.now() - started) / 1000;

    console.log(`  policy import, 3 patches (one process):  ${describe(small)}  (target ≤ 3 s wall)`);
    console.log(`  policy import, 30 patches (one process): ${describe(large)}  (target ≤ 10 s wall)`);
    console.log(`  git am of the same 30 patches:           ${describe(am)}`);
    console.log(`  policy import, thread of 500 mails:      ${describe(thread)}  (target ≤ 5 s wall)`);
    console.log(`  load a version for the site, cold:       ${cold.toFixed(2)} s  (target ≤ 2)`);
    console.log(`  load a version for the site, cached:     ${cached.toFixed(3)} s  (target ≤ 0.05)`);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
