/** A temporary worktree never outlives `policy import`: removed on SIGINT, and a stale one left by SIGKILL is pruned by the next run. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitSync, GIT_TEST_ENV, tempDir } from '../support/temp.ts';
import { CLI, makeSeries, NODE, policyRepo, repoSnapshot, runImport, type Edit } from './support.ts';

/** A long series (many one-line patches), so `git am` runs long enough to be interrupted. */
function longSeries(repo: string, base: string, count: number): string {
  const edits: Edit[] = Array.from({ length: count }, (_, index) => ({
    subject: `Add line ${index + 1}`,
    apply: (dir) => writeFileSync(path.join(dir, 'content/policy/process.md'), `---\nid: process\ntitle: process\norder: 20\n---\n\n${Array.from({ length: index + 1 }, (_, line) => `${line + 1}.  Step ${line + 1}.`).join('\n')}\n`),
  }));
  return makeSeries(repo, base, edits);
}

/** Whether git lists the worktree; false while `git worktree add` is still writing it (git cannot read it yet). */
function registered(repo: string, name: string): boolean {
  try {
    return gitSync(repo, ['worktree', 'list', '--porcelain']).includes(name);
  } catch {
    return false;
  }
}

/** Starts an import with its own temporary folder, waits until its worktree is registered, then sends `signal`. */
async function interruptImport(repo: string, mbox: string, signal: NodeJS.Signals): Promise<{ exit: { code: number | null; signal: NodeJS.Signals | null }; worktreeSeen: string; tmp: string }> {
  const tmp = tempDir('policy-tmp-');
  const file = path.join(tempDir(), 'long.mbox');
  writeFileSync(file, mbox);
  const child = spawn(NODE, [CLI, 'import', file], { cwd: repo, env: { ...process.env, ...GIT_TEST_ENV, TMPDIR: tmp }, stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
  let worktreeSeen = '';
  const deadline = Date.now() + 30_000;
  while (!worktreeSeen && Date.now() < deadline) {
    const candidate = readdirSync(tmp).find((name) => name.startsWith('policy-worktree-'));
    if (candidate && existsSync(path.join(tmp, candidate, 'content')) && registered(repo, candidate)) worktreeSeen = candidate;
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill(signal);
  return { exit: await exited, worktreeSeen, tmp };
}

describe('interrupting policy import', () => {
  it('removes the worktree when interrupted with SIGINT (Ctrl-C)', async () => {
    const { repo, base } = policyRepo();
    const before = repoSnapshot(repo);
    const { exit, worktreeSeen, tmp } = await interruptImport(repo, longSeries(repo, base, 40), 'SIGINT');
    expect(worktreeSeen).not.toBe('');
    expect(exit.signal).toBe('SIGINT');
    expect(readdirSync(tmp).filter((name) => name.startsWith('policy-worktree-'))).toEqual([]);
    expect(gitSync(repo, ['worktree', 'list', '--porcelain'])).not.toContain('policy-worktree-');
    expect(repoSnapshot(repo)).toBe(before);
  });

  it('prunes a worktree left by SIGKILL on the next run', async () => {
    const { repo, base } = policyRepo();
    const before = repoSnapshot(repo);
    const mbox = longSeries(repo, base, 40);
    const { exit, worktreeSeen, tmp } = await interruptImport(repo, mbox, 'SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    // SIGKILL cannot be caught: the worktree is still there...
    expect(readdirSync(tmp)).toContain(worktreeSeen);
    expect(gitSync(repo, ['worktree', 'list', '--porcelain'])).toContain(worktreeSeen);
    // ...until the next run, even one that is refused, finds it stale and removes it.
    const refused = path.join(tempDir(), 'empty.mbox');
    writeFileSync(refused, 'not a mail\n');
    const next = runImport(repo, [refused], { TMPDIR: tmp });
    expect(next.code).toBe(2);
    expect(readdirSync(tmp).filter((name) => name.startsWith('policy-worktree-'))).toEqual([]);
    expect(gitSync(repo, ['worktree', 'list', '--porcelain'])).not.toContain('policy-worktree-');
    expect(repoSnapshot(repo)).toBe(before);
  });
});
