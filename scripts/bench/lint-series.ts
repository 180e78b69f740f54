/**
 * Bench: the contributor's commands on the shipped policy.
 *
 * 1. `policy lint` as a process (what `npm run lint` pays), beside markdownlint-cli2 alone on the same files with the
 *    same config (what the policy rules and the schema checks add), and warm, in process (module loading excluded).
 * 2. `policy series` in a clone of this repository: v1 of 3 commits editing two sections, beside what git alone
 *    does with the same commits (`git format-patch --cover-letter` and `git am` at the base, as processes); then v2
 *    with one commit changed and one added (range-diff, reply threading), then a series of 30 commits.
 * Wall times grow with the machine's load; CPU seconds (the command's and its git processes') do not.
 * Targets (2-core machine, idle): lint process ≤ 0.5 s, warm ≤ 0.3 s; a 3-patch series ≤ 1.5 s, 30 patches ≤ 20 s.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintPolicy } from '../../src/lib/lint/index.ts';
import { gitCounter, gitRuns } from './support/git-counter.ts';
import { BENCH_GIT_ENV, timeProcess, type Run } from './support/process-time.ts';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(projectRoot, 'scripts', 'policy.mjs');

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...BENCH_GIT_ENV }, encoding: 'utf8' }).trim();
}

/** Runs one `policy` command in `cwd` under /usr/bin/time; throws with its output when it fails. */
function timeCommand(cwd: string, args: string[]): Run {
  return timeProcess(cwd, [process.execPath, cli, ...args]);
}

/** "2.10 s wall, 1.80 s CPU". */
function show(run: Run): string {
  return `${run.wall.toFixed(2)} s wall, ${run.cpu.toFixed(2)} s CPU`;
}

/** "3.1 × wall, 2.8 × CPU": `run` against the reference run in the same bench. */
function ratio(run: Run, reference: Run): string {
  // A reference too quick for GNU time's hundredths has no processor time to divide by.
  const cpu = reference.cpu > 0 ? `${(run.cpu / reference.cpu).toFixed(1)} × CPU` : 'CPU: the reference took under 0.01 s';
  return `${(run.wall / reference.wall).toFixed(1)} × wall, ${cpu}`;
}

/** Appends a sentence to a section and commits it, signed off. */
function edit(root: string, id: string, sentence: string, subject: string): void {
  const file = path.join(root, 'content', 'policy', `${id}.md`);
  writeFileSync(file, `${readFileSync(file, 'utf8').replace(/\n*$/, '\n')}\n${sentence}\n`);
  git(root, ['commit', '--quiet', '--signoff', '--all', '-m', subject]);
}

/** Runs the bench and prints its figures. */
export default async function lintSeriesBench(): Promise<void> {
  console.log('lint and series: the contributor commands on the shipped policy');
  const best = (runs: Run[]) => runs.reduce((fastest, run) => (run.wall < fastest.wall ? run : fastest));
  // Taken in turns, so a burst of load on the machine does not favour one side.
  // The first run of a command builds its bundle (scripts/policy.ts): what is timed is every run after it.
  timeCommand(projectRoot, ['lint', '--help']);
  const lintRuns: Run[] = [];
  const markdownlintRuns: Run[] = [];
  for (let i = 0; i < 3; i++) {
    lintRuns.push(timeCommand(projectRoot, ['lint']));
    markdownlintRuns.push(timeProcess(projectRoot, [process.execPath, path.join(projectRoot, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs')]));
  }
  const lintProcess = best(lintRuns);
  const markdownlintProcess = best(markdownlintRuns);
  await lintPolicy(projectRoot); // loads the modules once
  const warmRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await lintPolicy(projectRoot);
    warmRuns.push((performance.now() - started) / 1000);
  }
  console.log(`  policy lint, one process (best of 3):    ${show(lintProcess)}  (target ≤ 0.5 s wall)`);
  console.log(`    beside markdownlint-cli2 alone:        ${show(markdownlintProcess)}  (policy lint = ${ratio(lintProcess, markdownlintProcess)})`);
  console.log(`  lintPolicy warm, in process (mean of 5): ${(warmRuns.reduce((a, b) => a + b) / warmRuns.length).toFixed(2)} s  (target ≤ 0.3)`);

  const parent = mkdtempSync(path.join(tmpdir(), 'bench-series-'));
  try {
    const root = path.join(parent, 'clone');
    execFileSync('git', ['clone', '--quiet', projectRoot, root]);
    symlinkSync(path.join(projectRoot, 'node_modules'), path.join(root, 'node_modules'));
    git(root, ['switch', '--quiet', '-c', 'bench-proposal']);
    // The commit the branch starts from, named to series and to git alike, so both handle the same three commits.
    const base = git(root, ['rev-parse', 'HEAD']);
    git(root, ['config', 'branch.bench-proposal.description', 'Bench proposal\n\nThree commits on two sections.']);
    edit(root, 'introduction', 'First added sentence.', 'Introduction: first');
    edit(root, 'scope-of-this-process', 'Second added sentence.', 'Scope: second');
    edit(root, 'introduction', 'Third added sentence.', 'Introduction: third');
    // The first run of a command builds its bundle (scripts/policy.ts): what is timed is every run after it.
    timeCommand(root, ['series', '--help']);
    // Taken in turns with what git alone does with the same three commits: write the patches, then apply them at the
    // base. Made again at the same tip, the series is v1 again.
    const v1Runs: Run[] = [];
    const formatPatchRuns: Run[] = [];
    const amRuns: Run[] = [];
    for (let i = 0; i < 3; i++) {
      v1Runs.push(timeCommand(root, ['series', '--base', base]));
      rmSync(path.join(parent, 'git-only'), { recursive: true, force: true });
      formatPatchRuns.push(timeProcess(root, ['git', 'format-patch', '--quiet', '--cover-letter', `--base=${base}`, '-o', path.join(parent, 'git-only'), `${base}..HEAD`]));
      const patches = readdirSync(path.join(parent, 'git-only')).filter((name) => !name.startsWith('0000')).sort().map((name) => path.join(parent, 'git-only', name));
      const am = path.join(parent, `am-${i}`);
      git(root, ['worktree', 'add', '--quiet', '--detach', am, base]);
      amRuns.push(timeProcess(am, ['git', 'am', '--quiet', ...patches]));
    }
    const [v1, formatPatch, am] = [best(v1Runs), best(formatPatchRuns), best(amRuns)];
    // Once more, not timed, with a git that counts its runs first on the PATH.
    const counterLog = path.join(parent, 'git-runs');
    const counter = gitCounter(counterLog);
    try {
      const counted = spawnSync(process.execPath, [cli, 'series', '--base', base], { cwd: root, env: { ...process.env, ...BENCH_GIT_ENV, PATH: `${counter}${path.delimiter}${process.env.PATH ?? ''}` } });
      if (counted.status !== 0) throw new Error(`policy series failed with the counting git:\n${counted.stderr}`);
    } finally {
      rmSync(counter, { recursive: true, force: true });
    }
    const v1GitRuns = gitRuns(counterLog);
    git(root, ['reset', '--quiet', '--hard', 'HEAD~2']);
    edit(root, 'scope-of-this-process', 'Second added sentence, reworded.', 'Scope: second');
    edit(root, 'introduction', 'Third added sentence.', 'Introduction: third');
    edit(root, 'pre-disclosure-list', 'Fourth added sentence.', 'Pre-disclosure list: fourth');
    const v2 = timeCommand(root, ['series', '--in-reply-to']);
    git(root, ['switch', '--quiet', '-c', 'bench-long', base]);
    git(root, ['config', 'branch.bench-long.description', 'Bench long series\n\nThirty commits.']);
    const ids = ['introduction', 'scope-of-this-process', 'specific-process', 'pre-disclosure-list', 'handling-of-embargoed-information'];
    for (let i = 1; i <= 30; i++) edit(root, ids[i % ids.length]!, `Sentence number ${i}.`, `Edit ${i}`);
    const long = timeCommand(root, ['series', '--base', base]);
    console.log(`  policy series v1, 3 patches (best of 3): ${show(v1)}, ${v1GitRuns} git processes  (target ≤ 1.5 s wall)`);
    const gitAlone = { wall: formatPatch.wall + am.wall, cpu: formatPatch.cpu + am.cpu };
    console.log(`    beside git format-patch of them:       ${show(formatPatch)}  (series = ${ratio(v1, formatPatch)})`);
    console.log(`    and git am of them at the base:        ${show(am)}  (together ${show(gitAlone)}; series = ${ratio(v1, gitAlone)})`);
    console.log(`  policy series v2, 4 patches, range-diff: ${show(v2)}  (target ≤ 10 s wall)`);
    console.log(`  policy series, 30 patches:               ${show(long)}  (target ≤ 20 s wall)`);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
