/**
 * An interrupted `policy import` leaves nothing behind that counts: its scratch repository and mbox folder are removed on SIGINT and
 * SIGTERM, and a stale scratch folder left by SIGKILL is removed by the next run; nothing is ever registered in the repository; killed
 * at any step of storing, the proposals read as before or as complete, and the next run leaves the repository byte for byte as it
 * was or as complete.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCRATCH_PREFIX } from '../../src/lib/scratch-repository.ts';
import { listStoredProposals, STORE_STEPS, type StoreStep } from '../../src/lib/proposals/store.ts';
import { copyRepo, GIT_TEST_ENV, tempDir } from '../support/temp.ts';
import { longSeries } from '../hostile/support/import-repo.ts';
import { CLI, makeSeries, NODE, policyRepo, replaceIn, repoSnapshot, ROOT, runImport } from './support.ts';

/** Waits (up to 60 s) until no process works in `dir` (Linux: its /proc/<pid>/cwd). */
async function orphansGone(dir: string): Promise<void> {
  const inside = () =>
    readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .some((pid) => {
        try {
          const cwd = readlinkSync(`/proc/${pid}/cwd`);
          return cwd === dir || cwd.startsWith(`${dir}/`);
        } catch {
          return false; // gone, or not ours to read
        }
      });
  const deadline = Date.now() + 60_000;
  while (inside() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** The scratch folders in `tmp`. */
function scratchFolders(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith(SCRATCH_PREFIX));
}

/** Starts an import with its own temporary folder, waits until its scratch repository has checked out the policy, then sends `signal`. */
async function interruptImport(repo: string, mbox: Buffer, signal: NodeJS.Signals): Promise<{ exit: { code: number | null; signal: NodeJS.Signals | null }; scratchSeen: string; tmp: string }> {
  const tmp = tempDir('policy-tmp-');
  const file = path.join(tempDir(), 'long.mbox');
  writeFileSync(file, mbox);
  const child = spawn(NODE, [CLI, 'import', file], { cwd: repo, env: { ...process.env, ...GIT_TEST_ENV, TMPDIR: tmp }, stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
  let scratchSeen = '';
  const deadline = Date.now() + 30_000;
  while (!scratchSeen && Date.now() < deadline) {
    // The mails to apply are written once the checkout is done: git am is about to start, or at work.
    const candidate = scratchFolders(tmp)[0];
    if (candidate && existsSync(path.join(tmp, candidate, 'spare', '0001'))) scratchSeen = candidate;
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill(signal);
  return { exit: await exited, scratchSeen, tmp };
}

describe.concurrent('interrupting policy import while it applies the series', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`removes its scratch repository on ${signal}, and ends by that signal`, async () => {
      const { repo, base } = policyRepo();
      const before = repoSnapshot(repo);
      // 40 patches, so that git am is still at work when the signal comes.
      const { exit, scratchSeen, tmp } = await interruptImport(repo, longSeries(repo, base, 40), signal);
      expect(scratchSeen).not.toBe('');
      expect(exit).toEqual({ code: null, signal });
      expect(readdirSync(tmp)).toEqual([]);
      expect(repoSnapshot(repo)).toBe(before);
    });
  }

  it('leaves a scratch folder on SIGKILL, registered nowhere, which the next run removes', async () => {
    const { repo, base } = policyRepo();
    const before = repoSnapshot(repo);
    const mbox = longSeries(repo, base, 40);
    const { exit, scratchSeen, tmp } = await interruptImport(repo, mbox, 'SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    // SIGKILL cannot be caught: the scratch folder is still there, but the repository knows nothing of it...
    expect(readdirSync(tmp)).toContain(scratchSeen);
    expect(repoSnapshot(repo)).toBe(before);
    // The killed import's `git am` is not killed with it: orphaned, it goes on writing in the scratch folder, which the
    // next run's sweep leaves alone while a process works in it. Wait for it, so the sweep has something to remove.
    await orphansGone(path.join(tmp, scratchSeen));
    // ...until the next run, even one that is refused before applying anything, finds it stale and removes it.
    const refused = path.join(tempDir(), 'empty.mbox');
    writeFileSync(refused, 'not a mail\n');
    const next = await runImport(repo, [refused], { TMPDIR: tmp });
    expect(next.code).toBe(2);
    expect(scratchFolders(tmp)).toEqual([]);
    expect(repoSnapshot(repo)).toBe(before);
  });
});

/** An mbox of `count` one-line mails. */
function manyMails(count: number): string {
  return Array.from({ length: count }, (_, index) => `From 0 Mon Sep 17 00:00:00 2001\nFrom: Ana <ana@example.org>\nDate: Tue, 2 Jan 2024 00:00:00 +0000\nSubject: [PATCH ${index + 1}/${count}] Step ${index + 1}\n\nStep.\n---\ndiff --git a/content/policy/process.md b/content/policy/process.md\n--- a/content/policy/process.md\n+++ b/content/policy/process.md\n@@ -1 +1,2 @@\n x\n+y\n`).join('\n');
}

/**
 * A folder holding a `git` that runs the real one, and pauses after `git mailsplit` (5 s at most): the import is then
 * certain to be at work in its mbox folder, the split mails there, when the signal comes.
 */
function slowMailsplitGit(): string {
  const real = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  const bin = tempDir('policy-slow-git-');
  writeFileSync(path.join(bin, 'git'), `#!/bin/sh\n${JSON.stringify(real)} "$@"\nstatus=$?\nif [ "$1" = mailsplit ]; then sleep 5; fi\nexit $status\n`, { mode: 0o755 });
  return bin;
}

describe.concurrent('interrupting policy import while it reads the mbox', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`removes its mbox folder on ${signal}, and ends by that signal`, async () => {
      const { repo } = policyRepo();
      const before = repoSnapshot(repo);
      const tmp = tempDir('policy-tmp-');
      const file = path.join(tempDir(), 'many.mbox');
      writeFileSync(file, manyMails(3));
      const env = { ...process.env, ...GIT_TEST_ENV, TMPDIR: tmp, PATH: `${slowMailsplitGit()}${path.delimiter}${process.env.PATH}` };
      const child = spawn(NODE, [CLI, 'import', file], { cwd: repo, env, stdio: 'ignore' });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
      // Interrupted once git has split the mbox: the folder holds the mails.
      let seen = '';
      const deadline = Date.now() + 30_000;
      while (!seen && Date.now() < deadline) {
        const folder = readdirSync(tmp).find((name) => name.startsWith('policy-mbox-'));
        if (folder && existsSync(path.join(tmp, folder, 'split')) && readdirSync(path.join(tmp, folder, 'split')).length > 0) seen = folder;
        else await new Promise((resolve) => setTimeout(resolve, 5));
      }
      child.kill(signal);
      expect(await exited).toEqual({ code: null, signal });
      expect(seen).not.toBe('');
      expect(readdirSync(tmp)).toEqual([]);
      expect(repoSnapshot(repo)).toBe(before);
    });
  }
});

/** Runs importSeries in a child process that kills itself with SIGKILL right after storing step `step`. */
function importKilledAt(repo: string, mbox: string, step: StoreStep, proposal: string): NodeJS.Signals | null {
  const module = pathToFileURL(path.join(ROOT, 'src/lib/proposals/import.ts')).href;
  const driver = `
    const { importSeries } = await import(${JSON.stringify(module)});
    const [repo, mbox, step, proposal] = process.argv.slice(1);
    await importSeries(repo, mbox, { proposal, onStep: (done) => { if (done === step) process.kill(process.pid, 'SIGKILL'); } });`;
  // Node's compile cache (the one the policy command keeps) spares each driver compiling the import's modules again.
  const env = { ...process.env, ...GIT_TEST_ENV, NODE_COMPILE_CACHE: path.join(ROOT, 'node_modules', '.cache', 'policy-start', 'compile') };
  const result = spawnSync(NODE, ['--input-type=module', '-e', driver, repo, mbox, step, proposal], { cwd: repo, env, encoding: 'utf8' });
  if (result.signal === null) throw new Error(`the import was not killed at ${step}: exit ${result.status} ${result.stderr}`);
  return result.signal;
}

/** A repository to interrupt imports in, with the series to import, made once and copied for each case. */
interface Template {
  repo: string;
  mbox: string;
  /** The snapshots of a copy of `repo` before and after an uninterrupted import of `mbox`, with the copy written as REPO. */
  before: string;
  complete: string;
}

const REPO = '<repo>';

/**
 * The steps a kill is tested at, each leaving a different state for the next run to clean up: the lock alone; a hidden
 * staging folder (new proposal) or hidden temporary files (new version), whole; the mbox linked into place but not
 * listed; the version listed with its temporary link still beside it. The other steps leave one of these states:
 * "mbox-written" the same hidden folder or files with one file fewer, "done" of a new version the lock alone as
 * "committed" of a new proposal does (its staging folder was renamed into place).
 */
const KILL_STEPS: Record<'a new proposal' | 'a new version of a proposal', StoreStep[]> = {
  'a new proposal': ['locked', 'metadata-written', 'committed'],
  'a new version of a proposal': ['locked', 'metadata-written', 'mbox-linked', 'committed'],
};

describe('killing policy import at each step of storing (SIGKILL)', () => {
  const spelling = replaceIn('content/policy/introduction.md', 'controverial', 'controversial', 'Fix spelling of controversial');
  const process2 = replaceIn('content/policy/process.md', 'We fix it.', 'We fix it soon.', 'Promise a fix');
  // Each case starts from a copy of one of two templates: a repository without the proposal, importing v1, and one
  // holding v1, importing v2. What a complete import makes of it is the same for every case, so it is found once.
  const templates = new Map<string, Template>();
  beforeAll(async () => {
    const { repo, base } = policyRepo();
    const folder = tempDir();
    const v1 = path.join(folder, 'v1.mbox');
    const v2 = path.join(folder, 'v2.mbox');
    writeFileSync(v1, makeSeries(repo, base, [spelling], { cover: 'Fix spelling' }));
    writeFileSync(v2, makeSeries(repo, base, [spelling, process2], { cover: 'Fix spelling', version: 2 }));
    const withV1 = copyRepo(repo);
    expect((await runImport(withV1, [v1, '--proposal', 'typos'])).code).toBe(0);
    for (const [name, template] of [['a new proposal', { repo, mbox: v1 }], ['a new version of a proposal', { repo: withV1, mbox: v2 }]] as const) {
      const copy = copyRepo(template.repo);
      const before = repoSnapshot(copy).replaceAll(copy, REPO);
      const result = await runImport(copy, [template.mbox, '--proposal', 'typos']);
      if (result.code !== 0) throw new Error(result.stderr);
      templates.set(name, { ...template, before, complete: repoSnapshot(copy).replaceAll(copy, REPO) });
    }
  }, 120_000);

  it('kills at every step that leaves its own state (a new step of storing needs a case in KILL_STEPS)', () => {
    expect(STORE_STEPS).toEqual(['locked', 'mbox-written', 'metadata-written', 'mbox-linked', 'committed', 'done']);
  });

  for (const [name, steps] of Object.entries(KILL_STEPS) as [keyof typeof KILL_STEPS, StoreStep[]][]) {
    for (const step of steps) {
      it(`${name}, killed after "${step}": seen as before or complete, and the next run leaves it byte for byte so`, async () => {
        const template = templates.get(name)!;
        const repo = copyRepo(template.repo);
        const { mbox } = template;
        const before = template.before.replaceAll(REPO, repo);
        const proposalsBefore = await listStoredProposals(repo);
        const complete = template.complete.replaceAll(REPO, repo);
        const committed = STORE_STEPS.indexOf(step) >= STORE_STEPS.indexOf('committed');

        expect(importKilledAt(repo, mbox, step, 'typos')).toBe('SIGKILL');
        // What a reader (the site) sees right after the kill: the proposals as they were, or with the new version whole.
        const seen = await listStoredProposals(repo);
        if (committed) expect(seen.find((proposal) => proposal.slug === 'typos')?.versions.at(-1)?.file).toBe(path.basename(mbox));
        else expect(seen).toEqual(proposalsBefore);

        // The next run, even one that is refused, removes what the killed one left.
        const refused = path.join(tempDir(), 'empty.mbox');
        writeFileSync(refused, 'not a mail\n');
        expect((await runImport(repo, [refused])).code).toBe(2);
        expect(repoSnapshot(repo)).toBe(committed ? complete : before);
        // And the import can simply be run again when it had not finished.
        const again = await runImport(repo, [mbox, '--proposal', 'typos']);
        if (committed) expect(again.stderr).toContain('as it was imported already');
        else expect(again.stderr).toBe('');
        expect(repoSnapshot(repo)).toBe(complete);
      }, 60_000);
    }
  }

  it('lets one import write at a time: a lock held by a running import refuses the second, and a stale one is taken over', async () => {
    const { repo, base } = policyRepo();
    const mbox = path.join(tempDir(), 'v1.mbox');
    writeFileSync(mbox, makeSeries(repo, base, [spelling], { cover: 'Fix spelling' }));
    const proposals = path.join(repo, 'content/proposals');
    // A running process (this test's) holds the lock.
    mkdirSync(proposals, { recursive: true });
    writeFileSync(path.join(proposals, '.import.lock'), `${process.pid}\n`);
    const before = repoSnapshot(repo);
    const held = await runImport(repo, [mbox]);
    expect(held.stderr).toContain(`another policy import (process ${process.pid}) is writing content/proposals`);
    expect(held.code).toBe(2);
    expect(repoSnapshot(repo)).toBe(before);
    // A process that has ended held it: the next import takes it over, and releases it.
    const ended = spawnSync('true').pid;
    writeFileSync(path.join(proposals, '.import.lock'), `${ended}\n`);
    const taken = await runImport(repo, [mbox]);
    expect(taken.stderr).toBe('');
    expect(readdirSync(proposals)).toEqual(['fix-spelling']);
  });

  it('never removes an mbox put there by hand: it is refused by name', async () => {
    const { repo, base } = policyRepo();
    const folder = tempDir();
    writeFileSync(path.join(folder, 'v1.mbox'), makeSeries(repo, base, [spelling], { cover: 'Fix spelling' }));
    writeFileSync(path.join(folder, 'v2.mbox'), makeSeries(repo, base, [spelling, process2], { cover: 'Fix spelling', version: 2 }));
    expect((await runImport(repo, [path.join(folder, 'v1.mbox')])).code).toBe(0);
    writeFileSync(path.join(repo, 'content/proposals/fix-spelling/v2.mbox'), 'kept by hand\n');
    const before = repoSnapshot(repo);
    const result = await runImport(repo, [path.join(folder, 'v2.mbox')]);
    expect(result.stderr).toContain('content/proposals/fix-spelling/v2.mbox import-version already exists but proposal.yaml does not list it');
    expect(result.code).toBe(2);
    expect(repoSnapshot(repo)).toBe(before);
  });
});
