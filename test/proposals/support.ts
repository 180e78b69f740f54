/** Fixtures for the proposal tests: a policy repository, series made from it with git format-patch, and repository snapshots. */
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, type CliRun } from '../support/cli.ts';
import { commitFiles, gitSync, GIT_TEST_ENV, policyFiles, repoTemplate, tempDir, tempRepo } from '../support/temp.ts';

/** Project root, where the CLI lives. */
export const ROOT = path.resolve(import.meta.dirname, '../..');
/** The Node that runs the project's TypeScript (Node 26 from the `node` dev dependency). */
export const NODE = path.join(ROOT, 'node_modules/.bin/node');
export const CLI = path.join(ROOT, 'scripts/policy.ts');

/** A repository with a small valid policy committed on main; returns it and the base commit. Made once per test file, a copy for each call. */
export const policyRepo = repoTemplate((): { repo: string; base: string } => {
  const repo = tempRepo();
  const base = commitFiles(
    repo,
    {
      ...policyFiles('1.0', {
        introduction: 'The policy says what we do.\n\nIt has a controverial word.\n',
        process: '1.  Report the problem.\n2.  We fix it.\n',
      }),
      'scripts/build.ts': 'export {};\n',
      'README.md': '# Test\n',
    },
    'Policy v1.0',
  );
  return { repo, base };
});

/** One commit of a series: a function that edits the clone, and the commit subject. */
export interface Edit {
  subject: string;
  apply: (dir: string) => void;
  /** What the edit does, in full, when it can be said as text: a series of such edits is made once per base (makeSeries). */
  key?: string;
}

/** Options of a made series. */
export interface SeriesOptions {
  version?: number;
  /** Write a base-commit line (default true). */
  base?: boolean;
  cover?: string;
  /** Extra `git format-patch` options, e.g. `-M` to write renames as such. */
  formatArgs?: string[];
}

/** Series already made, by base commit, edits and options: a commit id names the whole tree, so the series fits any repository that has it. */
const madeSeries = new Map<string, string>();

/**
 * Makes a series from `edits` on top of `base` in a clone of `repo` (the repository itself is untouched); returns the
 * mbox text. A series whose edits all have a key is made once (cp, checkout, two processes per commit and format-patch)
 * and given again to the tests that ask for the same one.
 */
export function makeSeries(repo: string, base: string, edits: Edit[], options: SeriesOptions = {}): string {
  if (edits.every((edit) => edit.key !== undefined)) {
    const key = JSON.stringify([base, edits.map((edit) => [edit.key, edit.subject]), options]);
    let mbox = madeSeries.get(key);
    if (mbox === undefined) madeSeries.set(key, (mbox = makeSeriesNow(repo, base, edits, options)));
    return mbox;
  }
  return makeSeriesNow(repo, base, edits, options);
}

/** What makeSeries does for a series not made before. */
function makeSeriesNow(repo: string, base: string, edits: Edit[], options: SeriesOptions): string {
  // A copy of the repository's .git checked out at the base is as good as a clone for format-patch, and costs one git
  // process where a clone costs four.
  const clone = path.join(tempDir('policy-series-'), 'clone');
  cpSync(path.join(repo, '.git'), path.join(clone, '.git'), { recursive: true });
  gitSync(clone, ['checkout', '-q', '-f', '--detach', base]);
  for (const edit of edits) {
    edit.apply(clone);
    gitSync(clone, ['add', '-A']);
    gitSync(clone, ['commit', '-q', '-s', '-m', edit.subject]);
  }
  const version = options.version ?? 1;
  const args = ['format-patch', '--stdout', '--thread', '--cover-letter', `--subject-prefix=PATCH v${version}`];
  if (options.base !== false) args.push(`--base=${base}`);
  args.push(...(options.formatArgs ?? []));
  const mbox = gitSync(clone, [...args, `${base}..HEAD`]) + '\n';
  const title = options.cover ?? 'Fix a word';
  return mbox.replace('*** SUBJECT HERE ***', title).replace('*** BLURB HERE ***', `This series: ${title}.`);
}

/** An edit that replaces `from` with `to` in one file of the clone. */
export function replaceIn(file: string, from: string, to: string, subject = `Change ${file}`): Edit {
  return {
    subject,
    key: JSON.stringify(['replace', file, from, to]),
    apply(dir) {
      const full = path.join(dir, file);
      const text = readFileSync(full, 'utf8');
      if (!text.includes(from)) throw new Error(`${file} does not contain "${from}"`);
      writeFileSync(full, text.replace(from, to));
    },
  };
}

/** Runs `policy import` in `cwd` (in-process); returns exit code and output. */
export function runImport(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(['import', ...args], { cwd, env: { ...GIT_TEST_ENV, ...env } });
}

/** Every entry under `dir` as a line: folders with their mode, symlinks by target, files with their mode and a hash of their bytes. */
function treeBytes(dir: string, prefix = ''): string[] {
  const lines: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = path.join(prefix, entry.name);
    const full = path.join(dir, relative);
    const stat = lstatSync(full);
    if (entry.isDirectory()) lines.push(`${relative}/ ${stat.mode}`, ...treeBytes(dir, relative));
    else if (entry.isSymbolicLink()) lines.push(`${relative} -> ${readlinkSync(full)}`);
    else lines.push(`${relative} ${stat.mode} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`);
  }
  return lines;
}

/**
 * Everything an import must not change, as text, read from the files without starting a process (each git process
 * costs a test ~10 ms of fork before git runs): every file of the working tree, ignored ones included, and every
 * file of .git, so HEAD, the index with its stat data, refs (loose and packed), reflogs, worktree registrations,
 * configuration and the object store (loose objects and packs) are compared byte for byte. This proves what
 * `git status --ignored`, `for-each-ref`, `worktree list` and `count-objects` would show, and more: equal HEAD, index
 * and files give equal status.
 */
export function repoSnapshot(repo: string): string {
  return treeBytes(repo).join('\n');
}
